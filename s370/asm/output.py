"""Results of an assembly: the flat image, symbols, messages, listing, object deck."""

from . import objdeck
from .expr import AsmError, evaluate

SEVERITY_WORD = {0: "NOTE", 1: "NOTE", 2: "NOTE", 3: "NOTE", 4: "WARNING", 8: "ERROR",
                 12: "SEVERE", 16: "TERMINAL"}


def _sev_word(sev):
    for k in sorted(SEVERITY_WORD, reverse=True):
        if sev >= k:
            return SEVERITY_WORD[k]
    return "NOTE"


class Assembly:
    """What ``assemble`` returns."""

    def __init__(self, asm):
        self._asm = asm
        self.origin = asm.first_section.base if asm.first_section else asm.origin
        self.entry = self.origin
        self.image = b""
        self.symbols = {}
        self.errors = []
        self.messages = []      # (file, line, severity, text)
        self.rc = 0

    def listing(self):
        return make_listing(self._asm, self)

    def object_deck(self):
        return make_deck(self._asm, self)

    def __repr__(self):
        return (f"<Assembly origin={self.origin:#x} size={len(self.image)} entry={self.entry:#x}"
                f" rc={self.rc} errors={len(self.errors)}>")


def section_bytes(sect):
    """Generated text of a section: (bytearray, written-mask)."""
    size = sect.high
    for off, data in sect.chunks:
        size = max(size, off + len(data))
    buf = bytearray(size)
    mask = bytearray(size)
    for off, data in sect.chunks:
        buf[off:off + len(data)] = data
        mask[off:off + len(data)] = b"\x01" * len(data)
    return buf, mask


def build_assembly(asm):
    a = Assembly(asm)
    # entry point
    if asm.entry_expr:
        rec = asm.entry_rec
        try:
            v, _ = evaluate(asm.entry_expr, asm.ctx_here(rec, True))
            if v.rel and v.simple_section() is None:
                raise AsmError("complex relocatable END operand")
            a.entry = v.v
            asm.entry_section = v.simple_section()
        except AsmError as e:
            asm.error(rec.stmt, str(e), e.severity, rec)
            asm.entry_section = None
    else:
        asm.entry_section = None
    # image
    code = [s for s in asm.sections if s.kind in ("SD", "PC")]
    if code:
        end = max(s.base + max(s.high, max((o + len(d) for o, d in s.chunks), default=0))
                  for s in code)
        img = bytearray(max(0, end - a.origin))
        for s in code:
            for off, data in s.chunks:
                p = s.base + off - a.origin
                if p < 0:
                    asm.error(None, f"section {s.name or '(private)'} lies below the origin", 12)
                    continue
                img[p:p + len(data)] = data
        a.image = bytes(img)
    for name, sym in asm.symbols.items():
        a.symbols[name] = asm.symbol_value(sym).v if sym.sect is None or \
            sym.sect.kind not in ("ER", "WX") else 0
    msgs = sorted(asm.errors, key=lambda e: (e[0] != asm.filename, e[0], e[1]))
    a.messages = msgs
    a.errors = [f"{f}:{ln}: {m}" for f, ln, sev, m in msgs if sev > 0]
    a.rc = max((sev for _, _, sev, _ in msgs), default=0)
    return a


# ------------------------------------------------------------------ object deck
def make_deck(asm, a):
    items = []
    for s in asm.sections:
        if s.kind in ("SD", "PC"):
            items.append((s.name, s.kind, s.esdid, s.base, s.high))
        elif s.kind in ("ER", "WX"):
            items.append((s.name, s.kind, s.esdid, 0, 0))
    for rec in asm.recs:
        if rec.kind == "entry":
            for name in rec.info:
                sym = asm.symbols.get(name)
                if sym is not None and sym.sect is not None and sym.sect.relocatable_code:
                    items.append((name, "LD", None, sym.sect.base + sym.value, sym.sect.esdid))
    texts = []
    for s in asm.sections:
        if s.kind not in ("SD", "PC"):
            continue
        buf, mask = section_bytes(s)
        k = 0
        n = len(buf)
        while k < n:
            if not mask[k]:
                k += 1
                continue
            j = k
            while j < n and mask[j]:
                j += 1
            texts.append((s.esdid, s.base + k, bytes(buf[k:j])))
            k = j
    rlds = []
    for psect, off, ln, target, sign, vcon in asm.relocs:
        if target.kind == "DSECT":
            continue
        flags = (objdeck.RLD_VCON if vcon else 0) | ((ln - 1) << 2) | \
            (objdeck.RLD_MINUS if sign < 0 else 0)
        rlds.append((target.esdid, psect.esdid, flags, psect.base + off))
    entry = None
    es = getattr(asm, "entry_section", None)
    if asm.entry_expr and es is not None and es.kind in ("SD", "PC", "ER"):
        entry = (es.esdid, a.entry)
    name = asm.deck_name or next((s.name for s in asm.sections if s.kind == "SD"), "")
    return objdeck.write_deck(items, texts, rlds, entry, deck_id=name)


# ------------------------------------------------------------------ listing
def _hex_groups(data, instr):
    if instr:
        h = data.hex().upper()
        return " ".join(h[k:k + 4] for k in range(0, len(h), 4))
    h = data[:8].hex().upper()
    return h[:8] + (" " + h[8:] if len(h) > 8 else "")


def make_listing(asm, a):
    out = []
    title = asm.title
    out.append(f"{'':1}{title:<60} S/370 ASSEMBLER".rstrip())
    out.append("")
    out.append("  Loc  Object Code    Addr1 Addr2  Stmt   Source Statement")
    stmtno = 0
    print_on = True
    print_gen = True
    print_data = False
    flagged = 0
    print_stack = []
    for rec in asm.recs:
        st = rec.stmt
        kind = rec.kind
        if kind == "print":
            for o in rec.info:
                if o in ("ON", "OFF"):
                    print_on = o == "ON"
                elif o in ("GEN", "NOGEN"):
                    print_gen = o == "GEN"
                elif o in ("DATA", "NODATA"):
                    print_data = o == "DATA"
        elif kind == "push" and "PRINT" in rec.info:
            print_stack.append((print_on, print_gen, print_data))
        elif kind == "pop" and "PRINT" in rec.info and print_stack:
            print_on, print_gen, print_data = print_stack.pop()
        if kind == "mcomment":
            continue
        if kind != "mnote":
            stmtno += 1
        show = (print_on and (print_gen or not st.generated)) or rec.errors
        if kind == "eject" and show:
            out.append("\f")
            continue
        if kind == "space" and show:
            try:
                n = int(st.operands.strip() or "1")
            except ValueError:
                n = 1
            out.extend([""] * min(n, 10))
            continue
        if not show:
            continue
        if kind == "mnote":
            sev = int(st.name or "0")
            text = st.operands
            if sev:
                out.append(f"{'':34}+** MNOTE {sev}: {text}")
            else:
                out.append(f"{'':34}+{text}")
            continue
        loc = ""
        if rec.sect is not None and kind in ("instr", "dc", "ds", "ccw", "cnop", "ltorg",
                                              "section", "org", "using", "end"):
            loc = f"{(rec.sect.base + rec.offset) & 0xFFFFFF:06X}"
        if kind == "equ" and rec.addr2 is not None:
            loc = f"{rec.addr2 & 0xFFFFFFFF:08X}"[-8:]
        obj = ""
        data = rec.data
        if kind == "instr":
            obj = _hex_groups(data, True)
        elif data and kind not in ("ltorg", "end"):
            obj = _hex_groups(data, False)
        a1 = f"{rec.addr1 & 0xFFFFFF:05X}" if isinstance(rec.addr1, int) else ""
        a2 = f"{rec.addr2 & 0xFFFFFF:05X}" if isinstance(rec.addr2, int) and kind != "equ" else ""
        src = st.cards[0] if st.cards else ""
        mark = "+" if st.generated else " "
        out.append(f"{loc:<6} {obj:<14} {a1:>5} {a2:>5} {stmtno:>5} {mark}{src[:80]}".rstrip())
        for extra in st.cards[1:]:
            out.append(f"{'':41}{mark}{extra[:80]}".rstrip())
        if print_data and kind == "dc" and len(data) > 8:
            base = rec.sect.base + rec.offset
            for k in range(8, len(data), 8):
                out.append(f"{base + k:06X} {_hex_groups(data[k:k + 8], False)}")
        if kind in ("ltorg", "end") and rec.info:
            for lit in rec.info:
                addr = lit.sect.base + lit.offset
                out.append(f"{addr:06X} {_hex_groups(lit_data(rec, lit), False):<14} "
                           f"{'':>5} {'':>5} {'':>5}  {lit.text}".rstrip())
        for sev, msg in rec.errors:
            flagged += 1
            out.append(f"** {_sev_word(sev)} ({sev}): {msg}")
    # messages with no statement (e.g. missing END)
    for f, ln, sev, msg in asm.errors:
        if ln == 0:
            out.append(f"** {_sev_word(sev)} ({sev}): {msg}")
    out.append("")
    out.append("\fSymbol Cross Reference")
    out.append("")
    out.append("Symbol                             Length  Value     Id   R Type  Defn  References")
    for name in sorted(asm.symbols):
        sym = asm.symbols[name]
        s = sym.sect
        rel = "R" if s is not None else "A"
        sid = f"{s.esdid:04X}" if s is not None and s.esdid else ("" if s is None else "DSCT")
        value = a.symbols.get(name, 0)
        refs = " ".join(str(r) for r in sorted(set(sym.refs)))
        out.append(f"{name:<34} {sym.length:>6}  {value & 0xFFFFFFFF:08X}  {sid:<4} {rel} "
                   f"{sym.type:<4} {sym.line:>5}  {refs}".rstrip())
    out.append("")
    out.append("External Symbol Dictionary")
    out.append("")
    out.append("Symbol    Type  Id    Address  Length")
    for s in asm.sections:
        if s.kind in ("SD", "PC", "ER", "WX"):
            ln = f"{s.high:06X}" if s.kind in ("SD", "PC") else ""
            ad = f"{s.base:06X}" if s.kind in ("SD", "PC") else ""
            out.append(f"{s.name or '(PC)':<9} {s.kind:<5} {s.esdid:04X}  {ad:<8} {ln}".rstrip())
    out.append("")
    hi = a.rc
    out.append(f"Assembler done: {len(a.errors)} message(s), {flagged} statement(s) flagged, "
               f"highest severity {hi}, return code {hi}")
    return "\n".join(out) + "\n"


def lit_data(rec, lit):
    off = lit.offset
    for o, d in lit.sect.chunks:
        if o == off:
            return d
    return b""
