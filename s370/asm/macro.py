"""Macro language and conditional assembly (Assembler H style).

The processor walks open code and macro bodies, handles MACRO/MEND
definitions, SET symbols (local and global SETA/SETB/SETC, with arrays),
AIF/AGO/ANOP/ACTR, sequence symbols, MNOTE, MEXIT, AREAD and COPY,
substitutes variable symbols into model statements, and yields the
resulting ordinary statements to the assembler's pass 1 one at a time, so
attribute references see every symbol already defined.
"""

import datetime
import os

from . import condexpr, constants
from .directives import CONDITIONAL_OPS, builtin_kind
from .expr import AsmError, SYMBOL_CHARS, SYMBOL_FIRST
from .source import Stmt, read_statements, split_operands, sublist
from .. import isa

DEFAULT_ACTR = 4096
MAX_NEST = 100
LIB_EXTENSIONS = (".mac", ".MAC", ".macro", ".MACRO", ".asm", ".ASM", ".copy", ".COPY",
                  ".cpy", ".CPY", "")


class MacroDef:
    def __init__(self, name, label_param, positional, keywords, body, file, line):
        self.name = name
        self.label_param = label_param
        self.positional = positional      # list of param names (upper, without &)
        self.keywords = keywords          # dict name -> default
        self.body = body                  # list of Stmt
        self.file = file
        self.line = line
        self.seq = None

    def sequence_map(self):
        if self.seq is None:
            self.seq = seq_map(self.body)
        return self.seq


def seq_map(stmts):
    m = {}
    for k, st in enumerate(stmts):
        if st.name.startswith(".") and not st.name.startswith(".*"):
            m.setdefault(st.name.upper(), k)
    return m


class Var:
    """A SET symbol: type A, B or C; scalar or array (dict index -> value)."""
    __slots__ = ("type", "value", "array")

    def __init__(self, typ, array=False):
        self.type = typ
        self.array = array
        self.value = {} if array else self.default()

    def default(self):
        return "" if self.type == "C" else 0

    def get(self, sub=None):
        if self.array:
            if sub is None:
                raise AsmError("subscript required for a dimensioned SET symbol")
            return self.value.get(sub[0], self.default())
        if sub:
            raise AsmError("subscript on an undimensioned SET symbol")
        return self.value

    def set(self, v, sub=None):
        if self.array:
            if sub is None:
                raise AsmError("subscript required for a dimensioned SET symbol")
            self.value[sub[0]] = v
        else:
            self.value = v


class Param:
    """A macro parameter (or system variable): a character value, maybe a sublist."""
    __slots__ = ("value", "type")

    def __init__(self, value):
        self.value = value
        self.type = "P"


class Scope:
    """Variables visible in one macro expansion (or open code)."""

    def __init__(self, mdef=None, syslist=None, call_name=""):
        self.vars = {}
        self.mdef = mdef
        self.syslist = syslist or []
        self.call_name = call_name


class MacroProcessor:
    def __init__(self, asm):
        self.asm = asm
        self.macros = {}
        self.gvars = {}
        self.sysndx = 0
        self.msgs = []
        self.libpath = asm.libpath
        self.lib_missing = set()
        self.open_stmts = None
        self.open_index = 0
        self.location = None        # open-code statement being processed
        now = datetime.datetime.now()
        self.sysdate = now.strftime("%m/%d/%y")
        self.systime = now.strftime("%H.%M")
        self.depth = 0
        self.open_scope = Scope()

    # ---------------------------------------------------------------- messages
    def msg(self, sev, text):
        self.msgs.append((sev, text))

    def flush(self, at):
        out = []
        for sev, text in self.msgs:
            out.append(Stmt(str(sev), "", text, "", at.file, at.line, [], kind="mnote",
                            generated=True))
        self.msgs = []
        return out

    # ---------------------------------------------------------------- library
    def find_member(self, name):
        for d in self.libpath:
            for ext in LIB_EXTENSIONS:
                for n in (name, name.lower()):
                    p = os.path.join(d, n + ext)
                    if os.path.isfile(p):
                        return p
        return None

    def read_member(self, name):
        p = self.find_member(name)
        if p is None:
            return None, None
        try:
            with open(p, encoding="latin-1") as f:
                return read_statements(f.read(), p), p
        except OSError as e:
            raise AsmError(f"cannot read {p}: {e}")

    def library_macro(self, name):
        if name in self.lib_missing or not self.libpath:
            return None
        stmts, path = self.read_member(name)
        if stmts is None:
            self.lib_missing.add(name)
            return None
        i = 0
        while i < len(stmts):
            st = stmts[i]
            if st.kind == "stmt" and st.op == "MACRO":
                i = self.define_macro(stmts, i + 1)
            else:
                i += 1
        if name not in self.macros:
            self.lib_missing.add(name)
            self.msg(8, f"library member {path} does not define macro {name}")
            return None
        return self.macros[name]

    def is_known_op(self, op):
        return builtin_kind(self.asm.opsyn.get(op, op)) is not None

    # ---------------------------------------------------------------- definitions
    def define_macro(self, stmts, i, copy_depth=0):
        """Define the macro whose prototype is stmts[i]; return index after MEND."""
        # skip comments before the prototype
        while i < len(stmts) and stmts[i].kind != "stmt":
            i += 1
        if i >= len(stmts):
            self.msg(12, "MACRO without prototype")
            return i
        proto = stmts[i]
        i += 1
        body = []
        nest = 0
        while i < len(stmts):
            st = stmts[i]
            i += 1
            if st.kind == "stmt":
                if st.op == "MACRO":
                    nest += 1
                elif st.op == "MEND":
                    if nest == 0:
                        body.append(st)
                        break
                    nest -= 1
                elif st.op == "COPY" and copy_depth < 20:
                    member = st.operands.strip().upper()
                    try:
                        sub, _ = self.read_member(member)
                    except AsmError as e:
                        self.msg(12, str(e))
                        sub = None
                    if sub is None:
                        self.msg(12, f"COPY member {member} not found")
                    else:
                        stmts = stmts[:i] + sub + stmts[i:]
                    continue
            body.append(st)
        else:
            self.msg(12, f"macro {proto.op} has no MEND")
            body.append(Stmt("", "MEND", "", "", proto.file, proto.line))
        name = proto.op.upper()
        label = proto.name[1:].upper() if proto.name.startswith("&") else None
        positional = []
        keywords = {}
        for o in split_operands(proto.operands):
            o = o.strip()
            if not o.startswith("&"):
                self.msg(8, f"invalid prototype operand {o} in macro {name}")
                continue
            if "=" in o:
                k, d = o[1:].split("=", 1)
                keywords[k.upper()] = d
            else:
                positional.append(o[1:].upper())
        if not name or name.startswith("&"):
            self.msg(12, "invalid macro prototype")
            return i
        self.macros[name] = MacroDef(name, label, positional, keywords, body,
                                     proto.file, proto.line)
        return i

    # ---------------------------------------------------------------- variables
    def lookup(self, scope, name):
        v = scope.vars.get(name)
        if v is not None:
            return v
        if name.startswith("SYS"):
            return self.system_var(scope, name)
        return None

    def system_var(self, scope, name):
        if name == "SYSNDX":
            return Param(f"{scope.vars['&NDX'].value:04d}" if "&NDX" in scope.vars else "0000")
        if name == "SYSECT":
            cur = self.asm.cur
            return Param(cur.name if cur is not None else "")
        if name == "SYSLOC":
            cur = self.asm.cur
            return Param(cur.name if cur is not None else "")
        if name == "SYSPARM":
            return Param(self.asm.sysparm)
        if name == "SYSDATE":
            return Param(self.sysdate)
        if name == "SYSTIME":
            return Param(self.systime)
        if name == "SYSNEST":
            return Var_const(self.depth)
        if name == "SYSMAC":
            return Param(scope.mdef.name if scope.mdef else "OPEN CODE")
        if name == "SYSLIST":
            return "SYSLIST"
        return None

    def value_of(self, scope, name, subs):
        """Value (int or str) of &name(subs)."""
        v = self.lookup(scope, name)
        if v is None:
            raise AsmError(f"undefined variable symbol &{name}")
        if v == "SYSLIST":
            if not subs:
                raise AsmError("&SYSLIST needs a subscript")
            lst = scope.syslist
            n = subs[0]
            if n < 0:
                raise AsmError("negative &SYSLIST subscript")
            val = lst[n] if n < len(lst) else ""
            for s in subs[1:]:
                el = sublist(val)
                val = el[s - 1] if 1 <= s <= len(el) else ""
            return val
        if isinstance(v, Param):
            val = v.value
            for s in subs or ():
                el = sublist(val)
                if s < 1:
                    raise AsmError(f"invalid sublist subscript {s}")
                val = el[s - 1] if s <= len(el) else ""
            return val
        if isinstance(v, Var):
            return v.get(subs)
        raise AsmError(f"invalid variable symbol &{name}")

    def as_text(self, val, var=None):
        if isinstance(val, bool):
            return "1" if val else "0"
        if isinstance(val, int):
            return str(abs(val))
        return val

    def substitute(self, text, scope):
        """Replace variable symbols in a model statement field."""
        if "&" not in text:
            return text
        out = []
        i = 0
        n = len(text)
        while i < n:
            c = text[i]
            if c != "&":
                out.append(c)
                i += 1
                continue
            if i + 1 < n and text[i + 1] == "&":
                out.append("&&")
                i += 2
                continue
            j = i + 1
            if j >= n or text[j] not in SYMBOL_FIRST:
                out.append(c)
                i += 1
                continue
            while j < n and text[j] in SYMBOL_CHARS:
                j += 1
            name = text[i + 1:j].upper()
            subs = None
            if j < n and text[j] == "(" and self.lookup(scope, name) is not None:
                k = condexpr.matching_paren(text, j)
                subs = [self.eval_arith(s, scope) for s in split_operands(text[j + 1:k])]
                j = k + 1
            try:
                val = self.value_of(scope, name, subs)
            except AsmError as e:
                self.msg(8, str(e))
                out.append(text[i:j])
                i = j
                continue
            out.append(self.as_text(val))
            if j < n and text[j] == ".":
                j += 1
            i = j
        return "".join(out)

    # ---------------------------------------------------------------- expressions
    def evaluator(self, scope):
        return condexpr.Evaluator(self, scope)

    def eval_arith(self, text, scope):
        v = self.evaluator(scope).evaluate(text)
        return condexpr.to_int(v)

    def type_of_operand(self, val):
        """T' of a macro operand value."""
        if val == "":
            return "O"
        if val[0].isdigit():
            return "N" if val.isdigit() else "U"
        if len(val) > 2 and val[1] == "'" and val[0].upper() in "XBC" and val.endswith("'"):
            return "N"
        if val.startswith("="):
            c = val[1:2].upper()
            return c if c in "CXBFHAYSVPZEDL" else "U"
        if val.startswith("("):
            return "U"
        name = val.split("(")[0].upper()
        return self.symbol_type(name)

    def symbol_type(self, name):
        name = name.upper()
        if name in self.asm.symbols:
            return self.asm.type_attribute(name)
        return self.lookahead(name, "T")

    def symbol_length(self, name):
        name = name.upper()
        sym = self.asm.symbols.get(name)
        if sym is not None:
            return sym.length
        return self.lookahead(name, "L")

    def lookahead(self, name, attr):
        """Attributes of a symbol defined later in open code (DC/DS/EQU/instruction)."""
        stmts = self.open_stmts or []
        for st in stmts[self.open_index:]:
            if st.kind != "stmt" or st.name.upper() != name:
                continue
            op = st.op
            if op in ("DC", "DS"):
                try:
                    c, _ = constants.parse_const(st.operands, lambda t: int(t) if t.isdigit() else 1,
                                             op == "DS")
                except AsmError:
                    return "U" if attr == "T" else 1
                return c.type if attr == "T" else c.first_length
            ins, _ = isa.by_name(op)
            if ins is not None:
                return "I" if attr == "T" else ins.length
            if op in ("CSECT", "DSECT", "START"):
                return "J" if attr == "T" else 1
            if op == "CCW":
                return "W" if attr == "T" else 8
            if op in self.macros:
                return "M" if attr == "T" else 1
            return "U" if attr == "T" else 1
        return "U" if attr == "T" else 1

    # ---------------------------------------------------------------- walking
    def generate(self, stmts):
        """Process open code; yield statements for pass 1."""
        self.open_stmts = list(stmts)
        self.open_index = 0
        yield from self.walk(None, self.open_scope, 0)

    def walk(self, mdef, scope, level, call=None):
        if mdef is None:
            seq = seq_map(self.open_stmts)
        else:
            seq = mdef.sequence_map()
            body = mdef.body
        actr = DEFAULT_ACTR
        i = 0
        while True:
            if mdef is None:
                stmts = self.open_stmts
                i = self.open_index
                if i >= len(stmts):
                    return
                self.open_index = i + 1
            else:
                stmts = body
                if i >= len(stmts):
                    return
            st = stmts[i]
            i += 1
            at = st if mdef is None else call
            if mdef is None:
                self.location = st
            if st.kind != "stmt":
                if mdef is None:
                    yield st
                elif st.kind == "comment":
                    yield st.copy(generated=True, file=at.file, line=at.line, level=level)
                continue
            op = st.op
            if op.startswith("&"):
                op = self.substitute(op, scope).upper()
            try:
                jump = None
                if op == "MACRO":
                    if mdef is None:
                        end = self.define_macro(stmts, i)
                        for k in range(i - 1, min(end, len(stmts))):
                            yield stmts[k].copy(kind="mdef")
                        self.open_index = end
                        seq = seq_map(self.open_stmts)
                    else:
                        end = self.define_macro(stmts, i)
                        i = end
                elif op in ("SETA", "SETB", "SETC"):
                    self.do_set(st, op, scope)
                elif op in ("LCLA", "LCLB", "LCLC", "GBLA", "GBLB", "GBLC"):
                    self.declare(st, op, scope)
                elif op == "AIF":
                    jump = self.do_aif(st, scope)
                elif op == "AGO":
                    jump = self.do_ago(st, scope)
                elif op == "ANOP":
                    pass
                elif op == "ACTR":
                    actr = self.eval_arith(st.operands, scope)
                elif op == "MEXIT":
                    if mdef is None:
                        self.msg(4, "MEXIT in open code ignored")
                    else:
                        yield from self.flush(at)
                        return
                elif op == "MEND":
                    if mdef is None:
                        self.msg(8, "MEND without MACRO")
                    else:
                        yield from self.flush(at)
                        return
                elif op == "MNOTE":
                    yield from self.flush(at)
                    yield self.do_mnote(st, scope, at, level)
                elif op == "AREAD":
                    self.do_aread(st, scope)
                elif op == "COPY":
                    self.do_copy(st, scope, mdef, i)
                    if mdef is None:
                        seq = seq_map(self.open_stmts)
                        yield st.copy(kind="copy")
                else:
                    yield from self.model(st, op, scope, level, at, mdef)
                    if mdef is None:
                        # open-code listing of the statement itself comes from model()
                        pass
                if mdef is None and op in CONDITIONAL_OPS and op not in ("MNOTE", "COPY", "MACRO"):
                    yield st.copy(kind="ca")
                if jump is not None:
                    actr -= 1
                    if actr < 0:
                        self.msg(12, "ACTR limit exceeded: conditional assembly loop stopped")
                        yield from self.flush(at)
                        return
                    tgt = seq.get(jump.upper())
                    if tgt is None:
                        self.msg(12, f"undefined sequence symbol {jump}")
                    elif mdef is None:
                        self.open_index = tgt
                    else:
                        i = tgt
            except AsmError as e:
                self.msg(e.severity, str(e) if mdef is None else f"{mdef.name}: {e}")
            except RecursionError:
                self.msg(12, "macro nesting too deep")
            except (ValueError, IndexError, KeyError, TypeError, ZeroDivisionError) as e:
                self.msg(12, f"invalid statement ({e.__class__.__name__}: {e})")
            yield from self.flush(at)

    def model(self, st, op, scope, level, at, mdef):
        """A model statement: substitute, then expand macro calls or pass on."""
        name = self.substitute(st.name, scope) if "&" in st.name else st.name
        operands = self.substitute(st.operands, scope) if "&" in st.operands else st.operands
        if name.startswith("."):
            name = ""
        op = op.upper()
        m = self.macros.get(op)
        if m is None and not self.is_known_op(op) and op:
            m = self.library_macro(op)
        if mdef is None and st.kind == "stmt" and m is None:
            new = st.copy(name=name, op=op, operands=operands)
            if name != st.name or op != st.op or operands != st.operands:
                new.cards = list(st.cards)
                new.generated = False
            yield new
            return
        if m is None:
            text = _format_card(name, op, operands, st.remarks)
            yield Stmt(name, op, operands, st.remarks, at.file, at.line, [text],
                       generated=True, level=level)
            return
        # macro call: list it, then the expansion
        if mdef is None:
            yield st.copy(kind="mcall")
        else:
            text = _format_card(name, op, operands, st.remarks)
            yield Stmt(name, op, operands, st.remarks, at.file, at.line, [text], kind="mcall",
                       generated=True, level=level)
        yield from self.expand(m, name, operands, level + 1, at)

    def expand(self, m, label, operands, level, at):
        if level > MAX_NEST:
            self.msg(12, f"macro nesting deeper than {MAX_NEST} levels at {m.name}")
            return
        self.sysndx += 1
        scope = Scope(m, call_name=m.name)
        scope.vars["&NDX"] = Var_const(self.sysndx)
        positional = []
        keywords = dict(m.keywords)
        for o in split_operands(operands):
            k = _keyword_name(o)
            if k is not None and k in m.keywords:
                keywords[k] = o[len(k) + 1:]
            elif k is not None and k in m.positional:
                self.msg(4, f"{m.name}: keyword {k} matches a positional parameter")
                positional.append(o)
            else:
                positional.append(o)
        for idx, p in enumerate(m.positional):
            scope.vars[p] = Param(positional[idx] if idx < len(positional) else "")
        for k, v in keywords.items():
            scope.vars[k] = Param(v)
        if m.label_param:
            scope.vars[m.label_param] = Param(label)
        scope.syslist = [label] + positional
        self.depth += 1
        try:
            yield from self.walk(m, scope, level, at)
        finally:
            self.depth -= 1

    # ---------------------------------------------------------------- CA statements
    def _set_target(self, st, scope):
        name = st.name
        if not name.startswith("&"):
            raise AsmError("SET statement needs a variable symbol in the name field")
        body = name[1:]
        sub = None
        if "(" in body:
            k = body.index("(")
            inner = body[k + 1:-1] if body.endswith(")") else body[k + 1:]
            sub = [self.eval_arith(inner, scope)]
            body = body[:k]
        return body.upper(), sub

    def do_set(self, st, op, scope):
        name, sub = self._set_target(st, scope)
        typ = op[3]
        var = scope.vars.get(name)
        if var is None:
            var = Var(typ, array=sub is not None)
            scope.vars[name] = var
        if not isinstance(var, Var) or isinstance(var, Var_const):
            raise AsmError(f"&{name} cannot be set")
        if var.type != typ:
            raise AsmError(f"&{name} is a SET{var.type} symbol, not SET{typ}")
        ops = split_operands(st.operands) if sub is not None else [st.operands]
        ev = self.evaluator(scope)
        start = sub[0] if sub is not None else None
        for k, text in enumerate(ops):
            if not text.strip() and sub is not None:
                continue
            v = ev.evaluate(text)
            if typ == "A":
                v = condexpr.to_int(v)
                v = ((v + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
            elif typ == "B":
                v = 1 if condexpr.to_int(v) else 0
            else:
                v = v if isinstance(v, str) else str(v)
            var.set(v, [start + k] if sub is not None else None)

    def declare(self, st, op, scope):
        typ = op[3]
        glob = op.startswith("G")
        for o in split_operands(st.operands):
            o = o.strip()
            if not o.startswith("&"):
                raise AsmError(f"invalid SET symbol declaration {o}")
            arr = "(" in o
            name = o[1:].split("(")[0].upper()
            if glob:
                v = self.gvars.get(name)
                if v is None:
                    v = self.gvars[name] = Var(typ, arr)
                elif v.type != typ:
                    raise AsmError(f"global &{name} declared with another type")
                scope.vars[name] = v
            else:
                scope.vars[name] = Var(typ, arr)

    def do_aif(self, st, scope):
        ops = st.operands.strip()
        ev = self.evaluator(scope)
        i = 0
        while i < len(ops):
            if ops[i] != "(":
                raise AsmError("AIF operand must be (condition).sequence")
            k = condexpr.matching_paren(ops, i)
            cond = ev.evaluate(ops[i:k + 1])
            j = k + 1
            if j >= len(ops) or ops[j] != ".":
                raise AsmError("AIF needs a sequence symbol")
            e = j + 1
            while e < len(ops) and ops[e] in SYMBOL_CHARS:
                e += 1
            target = ops[j:e]
            if condexpr.to_int(cond):
                return target
            i = e
            if i < len(ops) and ops[i] == ",":
                i += 1
            elif i < len(ops):
                raise AsmError("invalid AIF operand")
        return None

    def do_ago(self, st, scope):
        ops = st.operands.strip()
        if ops.startswith("."):
            return ops.split(",")[0]
        if ops.startswith("("):
            k = condexpr.matching_paren(ops, 0)
            n = self.eval_arith(ops[1:k], scope)
            targets = ops[k + 1:].split(",")
            if 1 <= n <= len(targets):
                return targets[n - 1].strip()
            return None
        raise AsmError("invalid AGO operand")

    def do_mnote(self, st, scope, at, level):
        text = self.substitute(st.operands, scope)
        ops = split_operands(text)
        sev = 0
        msg = text
        if len(ops) >= 2:
            s = ops[0].strip()
            if s == "*":
                sev = 0
            elif s == "":
                sev = 1
            else:
                try:
                    sev = self.eval_arith(s, scope)
                except AsmError:
                    sev = 8
            msg = ",".join(ops[1:])
        msg = msg.strip()
        if msg.startswith("'") and msg.endswith("'") and len(msg) >= 2:
            msg = msg[1:-1].replace("''", "'").replace("&&", "&")
        return Stmt(str(max(0, min(sev, 255))), "MNOTE", msg, "", at.file, at.line,
                    [_format_card("", "MNOTE", text, "")], kind="mnote", generated=level > 0,
                    level=level)

    def do_aread(self, st, scope):
        name, sub = self._set_target(st, scope)
        stmts = self.open_stmts
        if self.open_index < len(stmts):
            card = stmts[self.open_index]
            self.open_index += 1
            text = card.cards[0] if card.cards else ""
            text = text[:80].ljust(80)
        else:
            text = ""
        var = scope.vars.get(name)
        if var is None:
            var = scope.vars[name] = Var("C")
        var.set(text, sub)

    def do_copy(self, st, scope, mdef, i):
        member = self.substitute(st.operands, scope).strip().upper()
        if not member:
            raise AsmError("COPY needs a member name")
        sub, path = self.read_member(member)
        if sub is None:
            raise AsmError(f"COPY member {member} not found in the library path", 12)
        if mdef is None:
            j = self.open_index
            self.open_stmts[j:j] = sub
        else:
            raise AsmError("COPY inside a macro body must be expanded at definition")


class Var_const(Var):
    """A read-only arithmetic system variable."""
    __slots__ = ()

    def __init__(self, v):
        super().__init__("A")
        self.value = v


def _keyword_name(o):
    k = 0
    while k < len(o) and o[k] in SYMBOL_CHARS:
        k += 1
    if 0 < k < len(o) and o[k] == "=" and o[0] in SYMBOL_FIRST:
        return o[:k].upper()
    return None


def _format_card(name, op, operands, remarks):
    line = f"{name:<8} {op:<5} {operands}"
    if remarks:
        line = f"{line} {remarks}"
    return line.rstrip()

