"""The two-pass assembler: sections, symbols, USING, literals, code generation.

Pass 1 consumes the statements produced by the macro/conditional-assembly
processor (interleaved, so conditional assembly sees the attributes of the
symbols already defined), assigns locations and defines symbols.  Between
the passes the control sections are laid out one after another (each on a
doubleword boundary) from the origin.  Pass 2 replays the statements with
the complete symbol table, resolves implicit addresses through the USING
table and generates the text and the relocation dictionary.
"""

from dataclasses import dataclass, field

from .. import isa
from . import constants
from .directives import DIRECTIVES
from .expr import AsmError, Undefined, Value, evaluate, parse_prefix, literal_end, quoted_end, EBCDIC
from .macro import MacroProcessor
from .output import build_assembly
from .source import Stmt, split_operands, read_statements

NOPR_FILL = b"\x07\x00"
MAX_DISPLACEMENT = 4095
# What the fields of a machine instruction's operands are called in messages.
FIELD_NOUNS = {"R": "register", "M": "mask", "I": "immediate operand", "X": "index register",
               "B": "base register", "D": "displacement", "L": "length"}


@dataclass(eq=False)
class Section:
    name: str
    kind: str              # SD, PC, DSECT, ER, WX
    esdid: int = 0
    loc: int = 0           # current offset
    high: int = 0          # highest offset reached
    base: int = 0          # assembled address of offset 0
    chunks: list = field(default_factory=list)   # (offset, bytes) generated text
    entries: list = field(default_factory=list)

    @property
    def relocatable_code(self):
        return self.kind in ("SD", "PC")


@dataclass(eq=False)
class Symbol:
    name: str
    value: int             # offset in sect, or absolute value
    sect: object = None    # Section or None (absolute)
    length: int = 1
    type: str = "U"
    file: str = ""
    line: int = 0
    scale: int = 0
    integer: int = 0
    refs: list = field(default_factory=list)


@dataclass(eq=False)
class Literal:
    text: str
    const: object
    key: str
    loc_value: object = None    # location counter at the using statement (for =A(*))
    sect: object = None
    offset: int = 0

    @property
    def length(self):
        return self.const.first_length

    @property
    def size(self):
        return self.const.size


@dataclass(eq=False)
class Rec:
    """One statement as pass 1 recorded it, for pass 2 and the listing."""
    stmt: object
    op: str = ""
    sect: object = None
    offset: int = 0
    size: int = 0
    kind: str = ""          # instr, dc, ds, ccw, equ, using, drop, ltorg, ...
    info: object = None
    literals: dict = None
    data: bytes = b""
    addr1: object = None
    addr2: object = None
    errors: list = field(default_factory=list)
    loc_shown: object = None
    fills: list = field(default_factory=list)   # (offset, n): alignment bytes assembled as zeros


class Ctx:
    """Expression context bound to the assembler state at one statement."""
    __slots__ = ("asm", "rec", "loc_value", "loc_length", "pass2")

    def __init__(self, asm, rec, loc_value, loc_length=1, pass2=False):
        self.asm = asm
        self.rec = rec
        self.loc_value = loc_value
        self.loc_length = loc_length
        self.pass2 = pass2

    def symbol(self, name):
        sym = self.asm.symbols.get(name)
        if sym is None:
            raise Undefined(name)
        if self.pass2 and self.rec is not None:
            sym.refs.append(self.rec.stmt.line)
        return self.asm.symbol_value(sym), sym.length

    def location(self):
        return self.loc_value, self.loc_length

    def literal(self, text):
        if not self.pass2:
            c = self.asm.literal_const(text)
            return Value(0), c.first_length
        lit = (self.rec.literals or {}).get(text)
        if lit is None:
            raise AsmError(f"literal {text} not allowed here")
        return Value(lit.sect.base + lit.offset, {lit.sect: 1}), lit.length

    def attribute(self, letter, name):
        return self.asm.ordinary_attribute(letter, name, self)


class Assembler:
    def __init__(self, origin=0, filename="<string>", libpath=(), sysparm=""):
        self.origin = origin
        self.filename = filename
        self.libpath = list(libpath)
        self.sysparm = sysparm
        self.symbols = {}
        self.sections = []          # in order of ESD
        self.sect_by_name = {}
        self.cur = None
        self.first_section = None
        self.recs = []
        self.errors = []            # (file, line, severity, message)
        self.pending_literals = []
        self.pending_by_key = {}
        self.lit_pools = []
        self.entry_expr = None
        self.entry_rec = None
        self.next_esdid = 1
        self.opsyn = {}
        self.usings = []
        self.using_stack = []
        self.print_stack = []
        self.title = ""
        self.ended = False
        self.deck_name = ""
        self.relocs = []            # (pos sect, offset, length, target sect, sign, vcon)
        self.macro = None
        self.deferred = []          # EQUs with forward references

    # ---------------------------------------------------------------- errors
    def error(self, stmt, msg, severity=8, rec=None):
        file = stmt.file if stmt is not None else self.filename
        line = stmt.line if stmt is not None else 0
        self.errors.append((file, line, severity, msg))
        if rec is not None:
            rec.errors.append((severity, msg))
        elif self.recs and stmt is not None and self.recs[-1].stmt is stmt:
            self.recs[-1].errors.append((severity, msg))

    # ---------------------------------------------------------------- symbols
    def symbol_value(self, sym):
        s = sym.sect
        if s is None:
            return Value(sym.value)
        return Value(s.base + sym.value, {s: 1})

    def define(self, name, value, sect, length, typ, stmt, rec=None):
        name = name.upper()
        if name in self.symbols:
            self.error(stmt, f"symbol {name} previously defined", 8, rec)
            return None
        sym = Symbol(name, value, sect, length, typ, stmt.file, stmt.line)
        self.symbols[name] = sym
        return sym

    def ordinary_attribute(self, letter, name, ctx=None):
        if name == "*":
            if letter == "L":
                return ctx.loc_length if ctx else 1
            raise AsmError(f"attribute {letter}'* not supported")
        if name.startswith("="):
            c = self.literal_const(name)
            if letter == "L":
                return c.first_length
            raise AsmError(f"attribute {letter}' of a literal not supported")
        sym = self.symbols.get(name)
        if sym is None:
            if letter == "L":
                raise Undefined(name)
            if letter == "T":
                return ord("U")
            return 0
        if letter == "L":
            return sym.length
        if letter == "S":
            return sym.scale
        if letter == "I":
            return sym.integer
        if letter == "D":
            return 1
        if letter == "T":
            raise AsmError("type attribute is not valid in an ordinary expression")
        raise AsmError(f"attribute {letter}' not supported")

    def type_attribute(self, name):
        sym = self.symbols.get(name.upper())
        return sym.type if sym else "U"

    # ---------------------------------------------------------------- sections
    def new_section(self, name, kind):
        s = Section(name.upper(), kind)
        if kind in ("SD", "PC", "ER", "WX"):
            s.esdid = self.next_esdid
            self.next_esdid += 1
        self.sections.append(s)
        if name:
            self.sect_by_name[name.upper()] = s
        return s

    def ensure_section(self, stmt):
        if self.cur is None:
            s = self.new_section("", "PC")
            s.base = self.origin
            self.first_section = s
            self.cur = s
        return self.cur

    def loc_value(self):
        s = self.cur
        return Value(s.base + s.loc, {s: 1})

    def set_loc(self, off):
        s = self.cur
        s.loc = off
        if off > s.high:
            s.high = off

    def align(self, n, fill_nopr=False):
        s = self.cur
        pad = (-s.loc) % n
        if pad:
            start = s.loc
            self.set_loc(s.loc + pad)
            return start, pad
        return s.loc, 0

    def zero_align(self, rec, n):
        """Align for an instruction, CCW or DC: IBM's assemblers assemble the bytes
        skipped as zeros (in the TXT records too); DS and ORG skip bytes unassembled."""
        start, pad = self.align(n)
        if pad:
            rec.fills.append((start, pad))

    # ---------------------------------------------------------------- literals
    def literal_const(self, text):
        c, end = constants.parse_const(text[1:], self.abs_value_pass1)
        if end != len(text) - 1:
            raise AsmError(f"invalid literal {text}")
        if c.dup == 0:
            raise AsmError("literal with duplication factor 0")
        return c

    def collect_literals(self, operands, rec):
        i = 0
        s = operands
        n = len(s)
        found = {}
        while i < n:
            c = s[i]
            if c == "'":
                if i > 0 and s[i - 1].upper() in "LTISDO" and (i < 2 or not s[i - 2].isalnum()):
                    i += 1
                    continue
                try:
                    i = quoted_end(s, i)
                except AsmError:
                    return found
                continue
            if c == "=":
                try:
                    j = literal_end(s, i)
                except AsmError as e:
                    self.error(rec.stmt, str(e), 8, rec)
                    return found
                text = s[i:j]
                try:
                    found[text] = self.add_literal(text, rec)
                except AsmError as e:
                    self.error(rec.stmt, str(e), e.severity, rec)
                i = j
                continue
            i += 1
        return found

    def add_literal(self, text, rec):
        loc = None
        key = text
        if "*" in text:
            loc = self.loc_value()
            key = f"{text}@{self.cur.esdid}:{self.cur.loc}"
        lit = self.pending_by_key.get(key)
        if lit is None:
            c = self.literal_const(text)
            lit = Literal(text, c, key, loc)
            self.pending_by_key[key] = lit
            self.pending_literals.append(lit)
        return lit

    def place_literals(self, stmt):
        """Lay out the pending literal pool at the current location (LTORG/END)."""
        lits = self.pending_literals
        self.pending_literals = []
        self.pending_by_key = {}
        if not lits:
            return []
        groups = {8: [], 4: [], 2: [], 1: []}
        for lit in lits:
            size = lit.size
            g = 8 if size % 8 == 0 else 4 if size % 4 == 0 else 2 if size % 2 == 0 else 1
            groups[g].append(lit)
        placed = []
        for g in (8, 4, 2, 1):
            for lit in groups[g]:
                lit.sect = self.cur
                lit.offset = self.cur.loc
                self.set_loc(self.cur.loc + lit.size)
                placed.append(lit)
        return placed

    # ---------------------------------------------------------------- evaluation
    def abs_value_pass1(self, text):
        v, _ = evaluate(text, Ctx(self, None, self.loc_value() if self.cur else Value(0)))
        if v.rel:
            raise AsmError(f"expression must be absolute: {text}")
        return v.v

    def ctx_here(self, rec, pass2, length=1):
        s = rec.sect
        lv = Value(s.base + rec.offset, {s: 1}) if s is not None else Value(0)
        return Ctx(self, rec, lv, length, pass2)

    # ---------------------------------------------------------------- pass 1
    def pass1_statement(self, stmt):
        op = stmt.op
        op = self.opsyn.get(op, op)
        rec = Rec(stmt, op)
        self.recs.append(rec)
        if stmt.kind != "stmt":
            rec.kind = stmt.kind
            if stmt.kind == "mnote":
                sev = int(stmt.name or "0")
                if sev:
                    self.errors.append((stmt.file, stmt.line, sev, stmt.operands))
            return
        if self.ended:
            rec.kind = "after-end"
            self.error(stmt, "statement after END ignored", 4, rec)
            return
        name = stmt.name
        if name.startswith("."):
            name = ""          # sequence symbol
        try:
            instr, _ = isa.by_name(op)
            if instr is not None:
                self.p1_instr(rec, name, instr)
            elif op in DIRECTIVES:
                getattr(self, "p1_" + op.lower(), self.p1_ignore)(rec, name)
            elif not op:
                raise AsmError("missing operation code")
            else:
                raise AsmError(f"undefined operation code {op}")
        except AsmError as e:
            self.error(stmt, str(e), e.severity, rec)
        except (ValueError, OverflowError, IndexError, KeyError, ZeroDivisionError, TypeError) as e:
            self.error(stmt, f"invalid statement ({e.__class__.__name__}: {e})", 12, rec)

    def _label(self, rec, name, length, typ):
        if name:
            s = self.cur
            self.define(name, s.loc, s, length, typ, rec.stmt, rec)

    def p1_instr(self, rec, name, instr):
        s = self.ensure_section(rec.stmt)
        self.zero_align(rec, 2)
        length = instr.length
        rec.sect, rec.offset, rec.size, rec.kind, rec.info = s, s.loc, length, "instr", instr
        self._label(rec, name, length, "I")
        if "=" in rec.stmt.operands:
            rec.literals = self.collect_literals(rec.stmt.operands, rec)
        self.set_loc(s.loc + length)

    def p1_ignore(self, rec, name):
        rec.kind = "directive"
        if name:
            self.error(rec.stmt, f"name field ignored on {rec.op}", 4, rec)

    def p1_print(self, rec, name):
        rec.kind = "print"
        rec.info = [o.strip().upper() for o in split_operands(rec.stmt.operands)]

    def p1_title(self, rec, name):
        rec.kind = "title"
        ops = rec.stmt.operands.strip()
        if ops.startswith("'"):
            self.title = ops[1:-1].replace("''", "'").replace("&&", "&")
        if name and not self.deck_name:
            self.deck_name = name.upper()

    def p1_eject(self, rec, name):
        rec.kind = "eject"

    def p1_space(self, rec, name):
        rec.kind = "space"

    def p1_push(self, rec, name):
        rec.kind = "push"
        rec.info = [o.strip().upper() for o in split_operands(rec.stmt.operands)]

    def p1_pop(self, rec, name):
        rec.kind = "pop"
        rec.info = [o.strip().upper() for o in split_operands(rec.stmt.operands)]

    def p1_opsyn(self, rec, name):
        rec.kind = "directive"
        target = rec.stmt.operands.strip().upper()
        if not name:
            raise AsmError("OPSYN needs a name")
        if target:
            self.opsyn[name.upper()] = target
        else:
            self.opsyn[name.upper()] = ""

    def p1_start(self, rec, name):
        if self.sections and any(s.kind in ("SD", "PC") for s in self.sections):
            raise AsmError("START must come before any control section")
        start = self.abs_value_pass1(rec.stmt.operands) if rec.stmt.operands.strip() else 0
        start = (start + 7) & ~7
        s = self.new_section(name, "SD" if name else "PC")
        s.base = self.origin if self.origin else start
        self.first_section = s
        self.cur = s
        rec.kind, rec.sect, rec.offset = "section", s, 0
        if name:
            self.define(name, 0, s, 1, "J", rec.stmt, rec)
        if name and not self.deck_name:
            self.deck_name = name.upper()

    def p1_csect(self, rec, name):
        key = name.upper()
        s = self.sect_by_name.get(key) if name else next(
            (x for x in self.sections if x.kind == "PC"), None)
        if s is not None and s.kind not in ("SD", "PC"):
            raise AsmError(f"{key} is not a control section")
        if s is None:
            s = self.new_section(name, "SD" if name else "PC")
            if self.first_section is None:
                s.base = self.origin
                self.first_section = s
            if name:
                self.define(name, 0, s, 1, "J", rec.stmt, rec)
            if name and not self.deck_name:
                self.deck_name = key
        self.cur = s
        rec.kind, rec.sect, rec.offset = "section", s, s.loc

    p1_com = p1_csect

    def p1_dsect(self, rec, name):
        if not name:
            raise AsmError("DSECT needs a name")
        key = name.upper()
        s = self.sect_by_name.get(key)
        if s is None:
            s = self.new_section(name, "DSECT")
            self.define(name, 0, s, 1, "J", rec.stmt, rec)
        elif s.kind != "DSECT":
            raise AsmError(f"{key} is not a dummy section")
        self.cur = s
        rec.kind, rec.sect, rec.offset = "section", s, s.loc

    def p1_entry(self, rec, name):
        rec.kind = "entry"
        rec.info = [o.strip().upper() for o in split_operands(rec.stmt.operands)]

    def _extrn(self, rec, kind):
        rec.kind = "extrn"
        for o in split_operands(rec.stmt.operands):
            o = o.strip().upper()
            if not o:
                continue
            if o in self.sect_by_name:
                continue
            s = self.new_section(o, kind)
            self.define(o, 0, s, 1, "T" if kind == "ER" else "$", rec.stmt, rec)

    def p1_extrn(self, rec, name):
        self._extrn(rec, "ER")

    def p1_wxtrn(self, rec, name):
        self._extrn(rec, "WX")

    def p1_end(self, rec, name):
        rec.kind = "end"
        if self.cur is None:
            self.ensure_section(rec.stmt)
        # literals not yet placed go at the end of the first control section
        if self.pending_literals:
            saved = self.cur
            first = self.first_section
            self.cur = first
            first.loc = first.high
            self.align(8)
            rec.info = self.place_literals(rec.stmt)
            self.cur = saved
        ops = split_operands(rec.stmt.operands)
        self.entry_expr = ops[0].strip() if ops and ops[0].strip() else None   # END , : no entry
        self.entry_rec = rec
        rec.sect, rec.offset = self.cur, self.cur.loc
        self.ended = True

    def p1_using(self, rec, name):
        rec.kind = "using"
        rec.sect = self.ensure_section(rec.stmt)
        rec.offset = self.cur.loc

    def p1_drop(self, rec, name):
        rec.kind = "drop"
        rec.sect = self.cur

    def p1_equ(self, rec, name):
        rec.kind = "equ"
        rec.sect = self.cur
        rec.offset = self.cur.loc if self.cur else 0
        if not name:
            raise AsmError("EQU needs a name")
        ops = split_operands(rec.stmt.operands)
        if not ops or not ops[0].strip():
            raise AsmError("EQU needs an operand")
        ctx = Ctx(self, rec, self.loc_value() if self.cur else Value(0))
        try:
            v, length = evaluate(ops[0], ctx)
        except Undefined:
            self.deferred.append((rec, name, ops, ctx))
            return
        self._finish_equ(rec, name, ops, v, length)

    def _finish_equ(self, rec, name, ops, v, length):
        if len(ops) > 1 and ops[1].strip():
            length = self.abs_value_pass1(ops[1])
        typ = "U"
        if len(ops) > 2 and ops[2].strip():
            typ = _type_char(self.abs_value_pass1(ops[2]))
        if length is None:
            length = 1
        if v.rel:
            sect = v.simple_section()
            if sect is None:
                raise AsmError("complex relocatable expression in EQU")
            sym = self.define(name, v.v - sect.base, sect, length, typ, rec.stmt, rec)
        else:
            sym = self.define(name, v.v, None, length, typ, rec.stmt, rec)
        rec.info = sym
        rec.addr2 = v.v

    def p1_org(self, rec, name):
        s = self.ensure_section(rec.stmt)
        rec.kind, rec.sect = "org", s
        ops = split_operands(rec.stmt.operands)
        if any(o.strip() for o in ops[1:]):
            raise AsmError("ORG boundary and offset operands are not supported")
        if not ops or not ops[0].strip():
            self.set_loc(s.high)         # ORG or ORG , : the next available location
        else:
            ctx = Ctx(self, rec, self.loc_value())
            v, _ = evaluate(ops[0], ctx)
            if v.rel:
                if v.simple_section() is not s:
                    raise AsmError("ORG operand must be in the current section")
                off = v.v - s.base
            elif s is self.first_section:
                off = v.v - s.base
            else:
                raise AsmError("ORG operand must be relocatable")
            if off < 0:
                raise AsmError("ORG to a location before the start of the section")
            s.loc = off
            if off > s.high:
                s.high = off
        rec.offset = s.loc
        self._label(rec, name, 1, "U")

    def p1_ltorg(self, rec, name):
        self.ensure_section(rec.stmt)
        self.align(8)
        rec.kind, rec.sect, rec.offset = "ltorg", self.cur, self.cur.loc
        self._label(rec, name, 1, "U")
        rec.info = self.place_literals(rec.stmt)
        rec.size = self.cur.loc - rec.offset

    def p1_cnop(self, rec, name):
        s = self.ensure_section(rec.stmt)
        ops = split_operands(rec.stmt.operands)
        if len(ops) != 2:
            raise AsmError("CNOP needs two operands")
        b, w = self.abs_value_pass1(ops[0]), self.abs_value_pass1(ops[1])
        if w not in (4, 8) or b not in range(0, w, 2):
            raise AsmError("invalid CNOP operands")
        self.zero_align(rec, 2)
        start = s.loc
        while s.loc % w != b:
            self.set_loc(s.loc + 2)
        rec.kind, rec.sect, rec.offset, rec.size = "cnop", s, start, s.loc - start
        self._label(rec, name, 1, "I")

    def p1_dc(self, rec, name, is_ds=False):
        s = self.ensure_section(rec.stmt)
        consts = constants.parse_operands(rec.stmt.operands, self.abs_value_pass1, is_ds)
        rec.kind = "ds" if is_ds else "dc"
        placed = []
        first = True
        start = s.loc
        for c in consts:
            if is_ds:
                self.align(c.alignment)
            else:
                self.zero_align(rec, c.alignment)
            if first:
                start = s.loc
                if name:
                    sym = self.define(name, s.loc, s, c.first_length, c.type, rec.stmt, rec)
                    if sym is not None:
                        _scale_attrs(sym, c)
                first = False
            placed.append((s.loc, c))
            self.set_loc(s.loc + c.size)
        rec.sect, rec.offset, rec.size, rec.info = s, start, s.loc - start, placed
        if not is_ds and "=" in rec.stmt.operands and any(c.type in "AYSV" for c in consts):
            rec.literals = self.collect_literals(rec.stmt.operands, rec)

    def p1_ds(self, rec, name):
        self.p1_dc(rec, name, is_ds=True)

    def p1_ccw(self, rec, name):
        s = self.ensure_section(rec.stmt)
        self.zero_align(rec, 8)
        rec.kind, rec.sect, rec.offset, rec.size = "ccw", s, s.loc, 8
        self._label(rec, name, 8, "W")
        self.set_loc(s.loc + 8)

    p1_ccw0 = p1_ccw

    def p1_amode(self, rec, name):
        rec.kind = "directive"

    p1_rmode = p1_ictl = p1_iseq = p1_punch = p1_repro = p1_amode

    def resolve_deferred(self):
        """Define EQU symbols whose operands referred forward (iterate to a fixpoint)."""
        pending = self.deferred
        while pending:
            left = []
            for rec, name, ops, ctx in pending:
                try:
                    v, length = evaluate(ops[0], ctx)
                except Undefined:
                    left.append((rec, name, ops, ctx))
                    continue
                except AsmError as e:
                    self.error(rec.stmt, str(e), e.severity, rec)
                    continue
                try:
                    self._finish_equ(rec, name, ops, v, length)
                except AsmError as e:
                    self.error(rec.stmt, str(e), e.severity, rec)
            if len(left) == len(pending):
                for rec, name, ops, ctx in left:
                    try:
                        evaluate(ops[0], ctx)
                    except AsmError as e:
                        self.error(rec.stmt, str(e), e.severity, rec)
                break
            pending = left
        self.deferred = []

    # ---------------------------------------------------------------- layout
    def layout(self):
        addr = None
        for s in self.sections:
            if s.kind in ("SD", "PC"):
                if s is self.first_section:
                    addr = s.base + s.high
                    continue
                if addr is None:
                    addr = self.origin
                addr = (addr + 7) & ~7
                s.base = addr
                addr += s.high
        # literal-less symbols already relative; nothing else to do

    # ---------------------------------------------------------------- pass 2
    def pass2(self):
        self.usings = []
        self.using_stack = []
        for rec in self.recs:
            if rec.fills and rec.sect is not None and rec.sect.kind != "DSECT":
                rec.sect.chunks.extend((off, bytes(n)) for off, n in rec.fills)
            handler = getattr(self, "p2_" + rec.kind, None) if rec.kind else None
            if handler is None:
                continue
            try:
                handler(rec)
            except AsmError as e:
                self.error(rec.stmt, str(e), e.severity, rec)
            except (ValueError, OverflowError, IndexError, KeyError, ZeroDivisionError,
                    TypeError) as e:
                self.error(rec.stmt, f"invalid statement ({e.__class__.__name__}: {e})", 12, rec)

    def emit(self, rec, data, offset=None):
        off = rec.offset if offset is None else offset
        s = rec.sect
        if s.kind != "DSECT" and data:
            s.chunks.append((off, bytes(data)))
        rec.data = rec.data + bytes(data)

    def p2_push(self, rec):
        if "USING" in rec.info:
            self.using_stack.append(list(self.usings))

    def p2_pop(self, rec):
        if "USING" in rec.info:
            if self.using_stack:
                self.usings = self.using_stack.pop()
            else:
                raise AsmError("POP USING without PUSH", 4)

    def p2_using(self, rec):
        ops = split_operands(rec.stmt.operands)
        if len(ops) < 2:
            raise AsmError("USING needs a base address and a register")
        ctx = self.ctx_here(rec, True)
        base, _ = evaluate(ops[0], ctx)
        if base.rel and base.simple_section() is None:
            raise AsmError("complex relocatable USING base")
        key = base.simple_section()
        regs = []
        for o in ops[1:]:
            r, _ = evaluate(o, ctx)
            if r.rel or not 0 <= r.v <= 15:
                raise AsmError(f"invalid base register {o}")
            regs.append(r.v)
        for k, r in enumerate(regs):
            self.usings = [u for u in self.usings if u[0] != r]
            self.usings.append((r, base.v + 4096 * k, key))
        rec.addr2 = base.v

    def p2_drop(self, rec):
        ops = split_operands(rec.stmt.operands)
        if not ops:
            self.usings = []
            return
        ctx = self.ctx_here(rec, True)
        for o in ops:
            r, _ = evaluate(o, ctx)
            if r.rel or not 0 <= r.v <= 15:
                raise AsmError(f"invalid register {o} in DROP")
            before = len(self.usings)
            self.usings = [u for u in self.usings if u[0] != r.v]
            if len(self.usings) == before:
                self.error(rec.stmt, f"register {r.v} not in the USING table", 4, rec)

    def resolve(self, v):
        """Implicit address -> (base register, displacement) through USING."""
        if v.rel and v.simple_section() is None:
            raise AsmError("complex relocatable address")
        key = v.simple_section()
        best = None
        for r, bv, k in self.usings:
            if k is not key:
                continue
            d = v.v - bv
            if 0 <= d <= MAX_DISPLACEMENT:
                if best is None or d < best[1] or (d == best[1] and r > best[0]):
                    best = (r, d)
        if best is not None:
            return best
        if key is None and 0 <= v.v <= MAX_DISPLACEMENT:
            return 0, v.v
        if key is None:
            raise AsmError(f"displacement {v.v} out of range and no USING applies")
        raise AsmError("addressability error: no USING covers this address")

    def _abs(self, text, ctx, lo, hi, what):
        v, _ = evaluate(text, ctx)
        if v.rel:
            raise AsmError(f"{what} must be absolute: {text}")
        if not lo <= v.v <= hi:
            raise AsmError(f"{what} {v.v} out of range {lo}..{hi}")
        return v.v

    def address(self, text, ctx, paren):
        """Parse D(X,B)-style operands.  paren: 'XB' (RX), 'B' (RS/S/SI), 'LB' (SS).

        Returns (base, displacement, first, effective, implicit length) where first is
        the X or L field (None if absent)."""
        text = text.strip()
        if not text:
            raise AsmError("missing address operand")
        v, i, ilen = parse_prefix(text, ctx)
        first = None
        base = None
        if i < len(text):
            if text[i] != "(" or not text.endswith(")"):
                raise AsmError(f"invalid address operand '{text}'")
            inner = split_operands(text[i + 1:-1])
            if len(inner) == 1 and paren == "B":
                base = inner[0]
            elif len(inner) == 1:
                first = inner[0]
            elif len(inner) == 2 and paren != "B":
                first, base = inner
            else:
                raise AsmError(f"invalid address operand '{text}'")
            if base is not None and not base.strip():
                base = None
                if len(inner) == 1:
                    raise AsmError(f"invalid address operand '{text}'")
            if first is not None and not first.strip():
                first = None
        if base is not None:
            b = self._abs(base, ctx, 0, 15, "base register")
            if v.rel:
                raise AsmError("relocatable displacement with an explicit base register")
            if not 0 <= v.v <= MAX_DISPLACEMENT:
                raise AsmError(f"displacement {v.v} out of range 0..4095")
            d = v.v
            eff = None
        else:
            b, d = self.resolve(v)
            eff = v.v
        return b, d, first, eff, ilen

    def p2_instr(self, rec):
        """Evaluate the operands as the instruction's format (s370.isa) lays them out and
        encode them; an extended mnemonic (BE, BNHR...) brings its mask operand along."""
        instr = rec.info
        fmt = instr.format
        _, implied = isa.by_name(rec.op)
        shapes = [s for s in fmt.operands if s[0] not in implied]
        ops = split_operands(rec.stmt.operands)
        if len(ops) != len(shapes):
            n = len(shapes)
            if not n:
                raise AsmError(f"{rec.op} takes no operands")
            raise AsmError(f"{rec.op} needs {n} operand{'s' if n != 1 else ''}, got {len(ops)}")
        ctx = self.ctx_here(rec, True, instr.length)
        values = dict(implied)
        for shape, text in zip(shapes, ops):
            if len(shape) == 1:
                f = fmt.field(shape[0])
                values[f.name] = self._abs(text, ctx, f.low, f.high, FIELD_NOUNS[f.kind])
            else:
                self.address_operand(rec, text, fmt, shape, ctx, values)
        self.emit(rec, fmt.encode(instr.opcode, values))

    def address_operand(self, rec, text, fmt, shape, ctx, values):
        """An address operand D(X,B), D(B) or D(L,B), explicit or implicit, into ``values``;
        a missing length is the implicit length of the address (its length attribute)."""
        mid = fmt.field(shape[1]) if len(shape) == 3 else None
        paren = "B" if mid is None else "LB" if mid.kind == "L" else "XB"
        b, d, first, eff, ilen = self.address(text, ctx, paren)
        values[shape[0]], values[shape[-1]] = d, b
        if mid is not None and mid.kind == "X":
            values[mid.name] = self._abs(first, ctx, 0, 15, "index register") if first else 0
        elif mid is not None:
            if first is not None:
                ln = self._abs(first, ctx, 0, mid.high, "length")
            else:
                ln = ilen or 1
                if ln > mid.high:
                    raise AsmError(f"implicit length {ln} exceeds {mid.high}")
            values[mid.name] = max(ln, 1)          # an explicit length 0 assembles as 1
        if shape[0] == "D1":
            rec.addr1 = eff
        else:
            rec.addr2 = eff

    def address_constant(self, rec, ctx, typ, text, length, offset, reloc_list):
        text = text.strip()
        if typ == "V":
            name = text.upper()
            if not name or any(ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$#@_" for ch in name):
                raise AsmError(f"invalid V-type constant operand '{text}'")
            target, value = self.vcon_target(name)
            reloc_list.append((offset, length, target, True))
            return value.to_bytes(length, "big") if value < (1 << (8 * length)) else \
                (value & ((1 << (8 * length)) - 1)).to_bytes(length, "big"), []
        if typ == "S":
            v, i, _ = parse_prefix(text, ctx)
            if i < len(text):
                inner = text[i:]
                if not (inner.startswith("(") and inner.endswith(")")):
                    raise AsmError(f"invalid S-type constant '{text}'")
                b = self._abs(inner[1:-1], ctx, 0, 15, "base register")
                if v.rel or not 0 <= v.v <= MAX_DISPLACEMENT:
                    raise AsmError("invalid displacement in S-type constant")
                d = v.v
            else:
                b, d = self.resolve(v)
            return bytes([(b << 4) | (d >> 8), d & 0xFF]), []
        v, _ = evaluate(text, ctx)
        if v.rel:
            if length < 2 and typ == "A" or length < 2:
                raise AsmError("relocatable address constant shorter than 2 bytes")
            for s, c in v.rel.items():
                for _ in range(abs(c)):
                    reloc_list.append((offset, length, s, False, -1 if c < 0 else 1))
        mask = (1 << (8 * length)) - 1
        if not v.rel and not -(1 << (8 * length - 1)) <= v.v <= mask:
            raise AsmError(f"value {v.v} does not fit in {length} bytes", 4)
        return (v.v & mask).to_bytes(length, "big"), []

    def vcon_target(self, name):
        """Section (ESD item) and assembled value for V(name)."""
        s = self.sect_by_name.get(name)
        if s is not None and s.kind in ("SD", "PC"):
            return s, s.base
        sym = self.symbols.get(name)
        if sym is not None and sym.sect is not None and sym.sect.kind in ("SD", "PC") and \
                self.is_entry(name):
            return sym.sect, sym.sect.base + sym.value
        if s is None:
            s = self.new_section(name, "ER")
            self.define_quiet(name, s)
        return s, 0

    def define_quiet(self, name, s):
        if name not in self.symbols:
            self.symbols[name] = Symbol(name, 0, s, 1, "T")

    def is_entry(self, name):
        return any(name in (r.info or []) for r in self.recs if r.kind == "entry")

    def gen_constants(self, rec, placed, ctx_factory):
        """Generate DC operands; the location counter (*) in an address constant is
        the address of that constant (each nominal value, each duplicate)."""
        out_relocs = []
        for off, c in placed:
            if c.dup == 0 or not c.lengths:
                continue

            def addr_value(typ, text, length, o, off=off):
                return self.address_constant(rec, ctx_factory(off + o), typ, text, length, o,
                                             out_relocs_local)
            out_relocs_local = []
            data, _ = constants.generate(c, addr_value)
            for r in out_relocs_local:
                sign = r[4] if len(r) > 4 else 1
                out_relocs.append((off + r[0], r[1], r[2], r[3], sign))
            self.emit(rec, data, off)
        for o, ln, target, vcon, sign in out_relocs:
            if rec.sect.relocatable_code and target.kind != "DSECT":
                self.relocs.append((rec.sect, o, ln, target, sign, vcon))

    def p2_dc(self, rec):
        def ctx_at(off):
            s = rec.sect
            return Ctx(self, rec, Value(s.base + off, {s: 1}), 1, True)
        # the location counter in a constant refers to the constant's own start
        self.gen_constants(rec, rec.info, ctx_at)

    def p2_ds(self, rec):
        # DS reserves storage only; evaluate nothing, generate nothing
        pass

    def p2_cnop(self, rec):
        if rec.size:
            self.emit(rec, NOPR_FILL * (rec.size // 2))

    def p2_ccw(self, rec):
        ops = split_operands(rec.stmt.operands)
        if len(ops) != 4:
            raise AsmError("CCW needs 4 operands: command, address, flags, count")
        ctx = self.ctx_here(rec, True, 8)
        cmd = self._abs(ops[0], ctx, 0, 255, "command code")
        v, _ = evaluate(ops[1], ctx)
        if v.rel and v.simple_section() is None:
            raise AsmError("complex relocatable CCW address")
        if not 0 <= v.v <= 0xFFFFFF:
            raise AsmError("CCW data address out of range")
        flags = self._abs(ops[2], ctx, 0, 255, "flags")
        count = self._abs(ops[3], ctx, 0, 0xFFFF, "count")
        if v.rel and rec.sect.relocatable_code:
            self.relocs.append((rec.sect, rec.offset + 1, 3, v.simple_section(), 1, False))
        data = bytes([cmd]) + v.v.to_bytes(3, "big") + bytes([flags, 0]) + count.to_bytes(2, "big")
        rec.addr2 = v.v
        self.emit(rec, data)

    p2_ccw0 = p2_ccw

    def p2_org(self, rec):
        pass

    def p2_entry(self, rec):
        for name in rec.info:
            sym = self.symbols.get(name)
            if sym is None:
                self.error(rec.stmt, f"ENTRY symbol {name} is undefined", 8, rec)
            elif sym.sect is None or not sym.sect.relocatable_code:
                self.error(rec.stmt, f"ENTRY symbol {name} is not in a control section", 8, rec)

    def _gen_literals(self, rec, lits):
        for lit in lits:
            s = lit.sect
            lv = lit.loc_value or Value(s.base + lit.offset, {s: 1})
            sub = Rec(rec.stmt, sect=s, offset=lit.offset, kind="literal")

            def ctx_at(off, lv=lv, sub=sub):
                return Ctx(self, sub, lv, 1, True)
            try:
                self.gen_constants(sub, [(lit.offset, lit.const)], ctx_at)
            except AsmError as e:
                self.error(rec.stmt, f"in literal {lit.text}: {e}", e.severity, rec)
            rec.data += sub.data

    def p2_ltorg(self, rec):
        self._gen_literals(rec, rec.info or [])

    def p2_end(self, rec):
        self._gen_literals(rec, rec.info or [])

    # ---------------------------------------------------------------- driver
    def run(self, text):
        self.macro = MacroProcessor(self)
        stmts = read_statements(text, self.filename)
        for st in self.macro.generate(stmts):
            self.pass1_statement(st)
        if not self.ended:
            self.error(None, "missing END statement", 4)
            end = Stmt("", "END", "", "", self.filename, 0, [], kind="stmt", generated=True)
            self.pass1_statement(end)
        self.resolve_deferred()
        self.layout()
        self.pass2()
        return build_assembly(self)


def _type_char(code):
    try:
        return bytes([code & 0xFF]).decode(EBCDIC)
    except (UnicodeDecodeError, ValueError):
        return "U"


def _scale_attrs(sym, c):
    if c.type in "PZ" and c.values:
        v = c.values[0]
        frac = v.split(".", 1)[1] if "." in v else ""
        sym.scale = sum(ch.isdigit() for ch in frac)
        digits = 2 * sym.length - 1 if c.type == "P" else sym.length
        sym.integer = digits - sym.scale
    elif c.type in "FH":
        sym.scale = c.scale
        sym.integer = 8 * sym.length - 1 - c.scale
    elif c.type in "EDL":
        sym.scale = c.scale
        sym.integer = 2 * (sym.length - 1) - c.scale
