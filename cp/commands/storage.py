"""Looking at and changing the machine: DISPLAY, STORE, DUMP (GC20-1820).

    DISPLAY [L|T|K]hexloc1[-hexloc2|:hexloc2|.bytecount|-END]   storage, T with EBCDIC,
                                                                  K the storage keys
    DISPLAY G|Y|X[reg1[-reg2|.count]]     general, floating-point, control registers
    DISPLAY PSW | CAW | CSW
    STORE [L]hexloc hexdata...  |  STORE G|Y|Xreg hexdata...  |  STORE PSW [word1] word2
    STORE CAW word  |  STORE CSW [word1] word2  |  STORE STATUS
    DUMP   as DISPLAY, to the virtual printer

Several requests may follow one another on a line (``D G PSW 0-1F``).  Storage is the
machine's real storage: addresses below 4K and in the prefix page are swapped as the
prefix register says.  Storage hexlocs are rounded down to a fullword (T: to 16 bytes).

Output layout (unverified against an R6 listing; the help text gives syntax only):
``hhhhhh  wwwwwwww wwwwwwww wwwwwwww wwwwwwww  *cccccccccccccccc*`` (16 bytes a line,
the EBCDIC part only for T), runs of lines equal to the one before are replaced by
``hhhhhh TO hhhhhh SUPPRESSED LINE(S) SAME AS ABOVE``; registers four to a line
``GPR  0 = ...``, ``PSW = wwwwwwww wwwwwwww``, ``CAW = wwwwwwww``, ``CSW = ... ...``.
"""

from __future__ import annotations

from s370 import ebcdic
from s370.cpu import layout as L

from .common import emsg, parse_hex
from .table import Command

INVALID_OPERAND = 2
INVALID_HEXLOC = 4
INVALID_HEXDATA = 5
INVALID_RANGE = 9
INVALID_REGISTER = 10
OPERAND_MISSING = 26
HEXLOC_MISSING = 33
HEXDATA_MISSING = 34
DEV_NOT_EXIST = 40
HEXLOC_EXCEEDS = 160

CSW_LOCATION = 0x40
CAW_LOCATION = 0x48
LINE_BYTES = 16
BLOCK = 2048                   # one storage key per 2K block

# STORE STATUS save areas (PoO, System/370: absolute locations)
STATUS_CPU_TIMER = 0xD8
STATUS_CLOCK_COMPARATOR = 0xE0
STATUS_PSW = 0x100
STATUS_FPR = 0x160
STATUS_GPR = 0x180
STATUS_CR = 0x1C0


class Refused(Exception):
    """A request that ends the command with a DMK message."""

    def __init__(self, number, **fields):
        super().__init__(number)
        self.number = number
        self.fields = fields


# ------------------------------------------------------------------ storage access
def absolute(vm, addr: int) -> int:
    """Real address -> absolute (prefixing: page 0 and the prefix page swap)."""
    prefix = int(vm.sd.S[L.PREFIX])
    if prefix:
        if addr < 4096:
            return addr + prefix
        if prefix <= addr < prefix + 4096:
            return addr - prefix
    return addr


def read_real(vm, addr: int, length: int) -> bytes:
    out = bytearray()
    while length > 0:
        n = min(length, 4096 - (addr & 4095))
        a = absolute(vm, addr)
        out += vm.sd.mem[a:a + n].tobytes()
        addr += n
        length -= n
    return bytes(out)


def write_real(vm, addr: int, data: bytes) -> None:
    import numpy as np
    pos = 0
    while pos < len(data):
        n = min(len(data) - pos, 4096 - ((addr + pos) & 4095))
        a = absolute(vm, addr + pos)
        vm.sd.mem[a:a + n] = np.frombuffer(bytes(data[pos:pos + n]), np.uint8)
        pos += n


# ------------------------------------------------------------------ parsing
def _hexloc(text: str, what: str) -> int:
    v = parse_hex(text, 6)
    if v is None:
        raise Refused(INVALID_HEXLOC, hexloc=what)
    return v


def parse_range(spec: str, size: int, original: str) -> tuple[int, int]:
    """'100', '100-1FF', '100:1FF', '100.40', '-1FF', '100-', '100-END', '' -> (first, last)."""
    if spec == "":
        return 0, size - 1
    for sep in ("-", ":", "."):
        if sep in spec:
            a, _, b = spec.partition(sep)
            first = _hexloc(a, original) if a else 0
            if b in ("", "END"):
                last = size - 1
            elif sep == ".":
                n = parse_hex(b, 6)
                if n is None or n == 0:
                    raise Refused(INVALID_RANGE, range=original)
                last = first + n - 1
            else:
                last = _hexloc(b, original)
            if last < first:
                raise Refused(INVALID_RANGE, range=original)
            return first, last
    first = _hexloc(spec, original)
    return first, first


def _check_storage(vm, first, last, original):
    if first >= vm.storage:
        raise Refused(HEXLOC_EXCEEDS, hexloc=f"{first:06X}")
    return min(last, vm.storage - 1)


# ------------------------------------------------------------------ DISPLAY
def _line(addr: int, data: bytes, translate: bool) -> str:
    words = " ".join(data[i:i + 4].hex().upper() for i in range(0, len(data), 4))
    line = f"{addr:06X}  {words}"
    if translate:
        line = f"{line:<43}  *{ebcdic.printable(data):<{LINE_BYTES}}*"
    return line


def storage_lines(vm, first: int, last: int, translate: bool) -> list[str]:
    """Lines of hex (and EBCDIC) from ``first`` to ``last``, runs of lines equal to the one
    before replaced by one SUPPRESSED line.  Whole lines are compared a page at a time
    with numpy, so displaying all of a 16M machine is quick."""
    import numpy as np
    lines: list[str] = []
    run: list[int] | None = None            # [first, last] address of a suppressed run
    prev: bytes | None = None

    def flush():
        nonlocal run
        if run is not None:
            lines.append(f"{run[0]:06X} TO {run[1]:06X} SUPPRESSED LINE(S) SAME AS ABOVE")
            run = None

    def extend(a, b):
        nonlocal run
        if run is None:
            run = [a, b]
        else:
            run[1] = b

    addr = first
    while addr <= last:
        if addr % LINE_BYTES or last - addr < LINE_BYTES - 1:     # a partial line
            end = min(last + 1, addr - addr % LINE_BYTES + LINE_BYTES)
            flush()
            lines.append(_line(addr, read_real(vm, addr, end - addr), translate))
            prev = None
            addr = end
            continue
        chunk_end = min((last + 1) // LINE_BYTES * LINE_BYTES, (addr // 4096 + 1) * 4096)
        raw = read_real(vm, addr, chunk_end - addr)
        rows = np.frombuffer(raw, np.uint8).reshape(-1, LINE_BYTES)
        same = np.zeros(len(rows), bool)
        same[0] = prev is not None and raw[:LINE_BYTES] == prev
        same[1:] = (rows[1:] == rows[:-1]).all(axis=1)
        pos = 0
        for i in np.flatnonzero(~same):
            i = int(i)
            if i > pos:
                extend(addr + pos * LINE_BYTES, addr + i * LINE_BYTES - 1)
            flush()
            lines.append(_line(addr + i * LINE_BYTES, raw[i * LINE_BYTES:(i + 1) * LINE_BYTES],
                               translate))
            pos = i + 1
        if pos < len(rows):
            extend(addr + pos * LINE_BYTES, chunk_end - 1)
        prev = raw[-LINE_BYTES:]
        addr = chunk_end
    flush()
    return lines


def key_lines(vm, first: int, last: int) -> list[str]:
    """Storage keys by 2K block, runs of equal keys on one line."""
    keys = vm.sd.keys
    lines = []
    blk = first // BLOCK
    end_blk = last // BLOCK
    while blk <= end_blk:
        k = int(keys[absolute(vm, blk * BLOCK) // BLOCK])
        run = blk
        while run + 1 <= end_blk and int(keys[absolute(vm, (run + 1) * BLOCK) // BLOCK]) == k:
            run += 1
        lines.append(f"{blk * BLOCK:06X} TO {(run + 1) * BLOCK - 1:06X} KEY = {k:02X}")
        blk = run + 1
    return lines


REGISTER_KINDS = {
    "G": ("GPR", 16, lambda sd, r: f"{sd.get_gpr(r) & 0xFFFFFFFF:08X}"),
    "X": ("CR ", 16, lambda sd, r: f"{sd.get_cr(r) & 0xFFFFFFFF:08X}"),
    "Y": ("FPR", 4, lambda sd, r: f"{sd.get_fpr(2 * r):016X}"),
}


def register_lines(vm, kind: str, spec: str, original: str) -> list[str]:
    label, count, fmt = REGISTER_KINDS[kind]
    if spec == "":
        first, last = 0, count - 1
    else:
        try:
            first, last = _reg_range(spec, kind, count)
        except ValueError:
            raise Refused(INVALID_REGISTER, register=original) from None
    sd = vm.sd
    per_line = 4 if kind != "Y" else 2
    lines = []
    r = first
    while r <= last:
        upto = min(last, (r // per_line + 1) * per_line - 1)
        num = r * 2 if kind == "Y" else r
        lines.append(f"{label} {num:>2X} = " + " ".join(fmt(sd, i) for i in range(r, upto + 1)))
        r = upto + 1
    return lines


def _reg_range(spec: str, kind: str, count: int) -> tuple[int, int]:
    def reg(t):
        v = parse_hex(t, 1) if len(t) == 1 else (int(t) if t.isdigit() else None)
        if v is None:
            raise ValueError
        if kind == "Y":                  # floating-point registers are 0, 2, 4, 6
            if v % 2 or v > 6:
                raise ValueError
            v //= 2
        if v >= count:
            raise ValueError
        return v
    for sep in ("-", ":"):
        if sep in spec:
            a, _, b = spec.partition(sep)
            first = reg(a) if a else 0
            last = count - 1 if b in ("", "END") else reg(b)
            if last < first:
                raise ValueError
            return first, last
    if "." in spec:
        a, _, b = spec.partition(".")
        first = reg(a) if a else 0
        n = parse_hex(b, 2)
        if n is None:
            raise ValueError
        if kind == "Y":
            n = (n + 1) // 2
        if n == 0 or first + n > count:
            raise ValueError
        return first, first + n - 1
    r = reg(spec)
    return r, r


def psw_line(vm) -> str:
    p = vm.sd.psw
    return f"PSW = {p[:4].hex().upper()} {p[4:].hex().upper()}"


def display_request(vm, word: str) -> list[str]:
    """The lines one DISPLAY operand asks for (Refused for a bad one)."""
    w = word.upper()
    if w in ("PSW", "P", "PS"):
        return [psw_line(vm)]
    if w == "CAW":
        return [f"CAW = {read_real(vm, CAW_LOCATION, 4).hex().upper()}"]
    if w == "CSW":
        c = read_real(vm, CSW_LOCATION, 8)
        return [f"CSW = {c[:4].hex().upper()} {c[4:].hex().upper()}"]
    if w[0] in REGISTER_KINDS and (len(w) == 1 or w[1] in "0123456789ABCDEF-:."):
        return register_lines(vm, w[0], w[1:], w)
    mode = "L"
    spec = w
    if w[0] in "LTK":
        mode, spec = w[0], w[1:]
    first, last = parse_range(spec, vm.storage, w)
    if mode == "T":
        first -= first % LINE_BYTES
    else:
        first -= first % 4
    if mode == "K":
        first -= first % BLOCK
    last = _check_storage(vm, first, last | (15 if mode == "T" else 3), w)   # whole words/lines
    if mode == "K":
        return key_lines(vm, first, last)
    return storage_lines(vm, first, last, translate=mode == "T")


def _requests(user, args, out, sink) -> int:
    vm = user.vm
    words = list(args) if args else ["L"]      # DISPLAY alone: all of storage (R6 help)
    for word in words:
        try:
            for line in display_request(vm, word):
                sink(line)
        except Refused as r:
            return emsg(user, out, r.number, **r.fields)
    return 0


def cmd_display(user, args, out) -> int:
    return _requests(user, args, out, out)


# ------------------------------------------------------------------ DUMP
def _printer(user):
    from . import vdevinfo
    for vaddr, dev in sorted(user.vm.devices.items()):
        if vdevinfo.kind(dev) == "PRT":
            return vaddr, dev
    return None, None


def cmd_dump(user, args, out) -> int:
    """DUMP: DISPLAY's lines into a file on the virtual printer (the spool part's
    ``print_line(text)``, then ``close_file()`` so the dump is a spool file of its own)."""
    vaddr, prt = _printer(user)
    if prt is None or not callable(getattr(prt, "print_line", None)):
        return emsg(user, out, DEV_NOT_EXIST, vaddr="00E")
    from .common import stamp
    prt.print_line(f"VM/370 DUMP OF {user.userid} AT {stamp(user.system)}")
    rc = _requests(user, args or type(args)("G X Y PSW CAW CSW L"), out, prt.print_line)
    close = getattr(prt, "close_file", None)
    if callable(close):
        close()
    if rc == 0:
        out("COMMAND COMPLETE")
    return rc


# ------------------------------------------------------------------ STORE
def _word_bytes(text: str, width: int = 4) -> bytes:
    """1..2*width hex digits, right-justified with zeros in a field of ``width`` bytes."""
    v = parse_hex(text, width * 2)
    if v is None:
        raise Refused(INVALID_HEXDATA, hexdata=text.upper())
    return v.to_bytes(width, "big")


def _store_storage(vm, loc_text: str, data_words: list[str]) -> None:
    loc = _hexloc(loc_text, loc_text.upper())
    loc -= loc % 4
    if not data_words:
        raise Refused(HEXDATA_MISSING)
    data = b"".join(_word_bytes(w) for w in data_words)
    if loc >= vm.storage:
        raise Refused(HEXLOC_EXCEEDS, hexloc=f"{loc:06X}")
    if loc + len(data) > vm.storage:
        raise Refused(HEXLOC_EXCEEDS, hexloc=f"{vm.storage:06X}")
    write_real(vm, loc, data)


def _store_registers(vm, kind: str, reg_text: str, data_words: list[str], original: str) -> None:
    label, count, _ = REGISTER_KINDS[kind]
    try:
        first, _last = _reg_range(reg_text or "0", kind, count)
    except ValueError:
        raise Refused(INVALID_REGISTER, register=original) from None
    if not data_words:
        raise Refused(HEXDATA_MISSING)
    if first + len(data_words) > count:
        raise Refused(INVALID_REGISTER, register=original)
    sd = vm.sd
    for i, w in enumerate(data_words):
        r = first + i
        if kind == "G":
            sd.set_gpr(r, int.from_bytes(_word_bytes(w), "big"))
        elif kind == "X":
            sd.set_cr(r, int.from_bytes(_word_bytes(w), "big"))
        else:
            sd.set_fpr(2 * r, int.from_bytes(_word_bytes(w, 8), "big"))


def _store_psw(vm, words: list[str]) -> None:
    if not 1 <= len(words) <= 2:
        raise Refused(HEXDATA_MISSING)
    cur = vm.sd.psw
    new = (_word_bytes(words[0]) + _word_bytes(words[1])) if len(words) == 2 \
        else cur[:4] + _word_bytes(words[0])
    vm.sd.set_psw(new)


def _store_status(vm) -> None:
    """STORE STATUS: the machine's status into its save areas at X'D8'-X'1FF' (absolute)."""
    sd = vm.sd
    import numpy as np

    def put(addr, data):
        sd.mem[addr:addr + len(data)] = np.frombuffer(bytes(data), np.uint8)
    put(STATUS_CPU_TIMER, (int(sd.S[L.CPUTIMER]) & (2 ** 64 - 1)).to_bytes(8, "big"))
    put(STATUS_CLOCK_COMPARATOR, (int(sd.S[L.CKC]) & (2 ** 64 - 1)).to_bytes(8, "big"))
    put(STATUS_PSW, sd.psw)
    put(STATUS_FPR, b"".join(sd.get_fpr(r).to_bytes(8, "big") for r in (0, 2, 4, 6)))
    put(STATUS_GPR, b"".join((sd.get_gpr(r) & 0xFFFFFFFF).to_bytes(4, "big") for r in range(16)))
    put(STATUS_CR, b"".join((sd.get_cr(r) & 0xFFFFFFFF).to_bytes(4, "big") for r in range(16)))


def cmd_store(user, args, out) -> int:
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    vm = user.vm
    first = args.upper(0)
    data = [a.upper() for a in args[1:]]
    try:
        if first == "PSW":
            _store_psw(vm, data)
        elif first == "CAW":
            if len(data) != 1:
                raise Refused(HEXDATA_MISSING)
            write_real(vm, CAW_LOCATION, _word_bytes(data[0]))
        elif first == "CSW":
            if not 1 <= len(data) <= 2:
                raise Refused(HEXDATA_MISSING)
            words = b"".join(_word_bytes(w) for w in data)
            write_real(vm, CSW_LOCATION + 8 - len(words), words)
        elif first in ("STATUS", "STAT"):
            _store_status(vm)
        elif first[0] in REGISTER_KINDS and len(first) <= 3 and \
                all(c in "0123456789ABCDEF" for c in first[1:]):
            _store_registers(vm, first[0], first[1:], data, first)
        else:
            loc = first[1:] if first[0] == "L" else first
            _store_storage(vm, loc, data)
    except Refused as r:
        return emsg(user, out, r.number, **r.fields)
    return 0


COMMANDS = [
    Command("DISPLAY", 1, "G", cmd_display, "storage"),
    Command("STORE", 2, "G", cmd_store, "storage"),
    Command("DUMP", 2, "G", cmd_dump, "storage"),
]
