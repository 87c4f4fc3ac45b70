"""Conditional-assembly expressions: SETA arithmetic, SETB logic, SETC strings.

Values are Python ints (arithmetic and binary) and strs (character).
Terms: variable symbols (&X, &X(n), &SYSLIST(n,m)), decimal and X/B/C
self-defining terms, quoted character strings with substitution,
substrings 'ABC'(2,1), duplication (3)'AB', concatenation 'A'.'B',
attribute references L' T' K' N' D' I' S' O', previously defined absolute
ordinary symbols.  Operators: + - * / and the words NOT AND OR XOR EQ NE
LT LE GT GE.  Character comparison follows the HLASM rule that a shorter
string compares low.
"""

from .directives import builtin_kind
from .expr import AsmError, SYMBOL_CHARS, SYMBOL_FIRST, self_defining, quoted_end
from .source import split_operands, sublist

RELOPS = frozenset(("EQ", "NE", "LT", "LE", "GT", "GE"))
WORD_OPS = RELOPS | {"AND", "OR", "NOT", "XOR"}


def matching_paren(s, i):
    """Index of the ')' matching the '(' at s[i] (quotes respected)."""
    depth = 0
    n = len(s)
    j = i
    while j < n:
        c = s[j]
        if c == "'":
            # an attribute apostrophe (L'X) is not a string
            if j > 0 and s[j - 1].upper() in "LTKNDISO" and (j < 2 or not s[j - 2].isalnum()) \
                    and j + 1 < n and (s[j + 1] in SYMBOL_FIRST or s[j + 1] in "&*"):
                j += 1
                continue
            try:
                j = quoted_end(s, j)
            except AsmError:
                raise AsmError("unterminated string in expression") from None
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise AsmError("unbalanced parentheses")


def to_int(v):
    if isinstance(v, int):
        return v
    t = v.strip()
    if not t:
        return 0
    try:
        if t.lstrip("+-").isdigit():
            return int(t)
        if len(t) >= 3 and t[1] == "'" and t[-1] == "'":
            return self_defining(t[0], t[2:-1])
    except AsmError:
        pass
    raise AsmError(f"character value '{v}' used as a number")


class Evaluator:
    def __init__(self, proc, scope):
        self.proc = proc
        self.scope = scope
        self.s = ""
        self.i = 0

    def evaluate(self, text):
        self.s = text.strip()
        self.i = 0
        if not self.s:
            raise AsmError("missing expression")
        v = self.or_expr()
        self.skip()
        if self.i != len(self.s):
            raise AsmError(f"invalid expression near '{self.s[self.i:]}'")
        return v

    # -------------------------------------------------------------- lexing
    def skip(self):
        s = self.s
        while self.i < len(s) and s[self.i] == " ":
            self.i += 1

    def peek_word(self):
        self.skip()
        s = self.s
        j = self.i
        while j < len(s) and s[j].isalpha():
            j += 1
        w = s[self.i:j].upper()
        if w in WORD_OPS and (j >= len(s) or s[j] not in SYMBOL_CHARS and s[j] != "'"):
            return w, j
        return None, self.i

    # -------------------------------------------------------------- grammar
    def or_expr(self):
        v = self.and_expr()
        while True:
            w, j = self.peek_word()
            if w == "OR":
                self.i = j
                nw, nj = self.peek_word()
                if nw == "NOT":
                    self.i = nj
                    r = 0 if to_int(self.and_expr()) else 1
                else:
                    r = to_int(self.and_expr())
                v = 1 if (to_int(v) or r) else 0
            elif w == "XOR":
                self.i = j
                r = to_int(self.and_expr())
                v = 1 if (bool(to_int(v)) != bool(r)) else 0
            else:
                return v

    def and_expr(self):
        v = self.not_expr()
        while True:
            w, j = self.peek_word()
            if w != "AND":
                return v
            self.i = j
            nw, nj = self.peek_word()
            if nw == "NOT":
                self.i = nj
                r = 0 if to_int(self.not_expr()) else 1
            else:
                r = to_int(self.not_expr())
            v = 1 if (to_int(v) and r) else 0

    def not_expr(self):
        w, j = self.peek_word()
        if w == "NOT":
            self.i = j
            return 0 if to_int(self.not_expr()) else 1
        return self.rel_expr()

    def rel_expr(self):
        a = self.add_expr()
        w, j = self.peek_word()
        if w not in RELOPS:
            return a
        self.i = j
        b = self.add_expr()
        if isinstance(a, str) and isinstance(b, str):
            ka, kb = (len(a), a), (len(b), b)
        else:
            ka, kb = to_int(a), to_int(b)
        return int({"EQ": ka == kb, "NE": ka != kb, "LT": ka < kb, "LE": ka <= kb,
                    "GT": ka > kb, "GE": ka >= kb}[w])

    def add_expr(self):
        v = self.mul_expr()
        while True:
            self.skip()
            c = self.s[self.i] if self.i < len(self.s) else ""
            if c not in ("+", "-"):
                return v
            self.i += 1
            w = to_int(self.mul_expr())
            v = to_int(v) + w if c == "+" else to_int(v) - w

    def mul_expr(self):
        v = self.unary()
        while True:
            self.skip()
            c = self.s[self.i] if self.i < len(self.s) else ""
            if c not in ("*", "/"):
                return v
            self.i += 1
            w = to_int(self.unary())
            if c == "*":
                v = to_int(v) * w
            else:
                a = to_int(v)
                v = 0 if w == 0 else int(a / w)

    def unary(self):
        self.skip()
        c = self.s[self.i] if self.i < len(self.s) else ""
        if c == "+":
            self.i += 1
            return to_int(self.unary())
        if c == "-":
            self.i += 1
            return -to_int(self.unary())
        return self.concat()

    def concat(self):
        v = self.primary()
        while isinstance(v, str) and self.i < len(self.s) and self.s[self.i] == "." \
                and self.i + 1 < len(self.s) and self.s[self.i + 1] in "'&":
            self.i += 1
            w = self.primary()
            v = v + (w if isinstance(w, str) else str(w))
        return v

    def primary(self):
        self.skip()
        s = self.s
        i = self.i
        if i >= len(s):
            raise AsmError("missing term in expression")
        c = s[i]
        if c == "(":
            k = matching_paren(s, i)
            inner = Evaluator(self.proc, self.scope).evaluate(s[i + 1:k])
            self.i = k + 1
            if self.i < len(s) and s[self.i] == "'":
                n = to_int(inner)
                text = self.string()
                return text * max(n, 0)
            return inner
        if c == "'":
            return self.string()
        if c == "&":
            return self.var_ref()
        if c.isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            self.i = j
            return int(s[i:j])
        if c in SYMBOL_FIRST:
            nxt = s[i + 1] if i + 1 < len(s) else ""
            u = c.upper()
            if nxt == "'":
                if u in "XBC" and not (i + 2 < len(s) and s[i + 2] == "&" and u == "C" and False):
                    j = quoted_end(s, i + 1)
                    body = self.proc.substitute(s[i + 2:j - 1], self.scope)
                    self.i = j
                    return self_defining(u, body)
                if u in "LTKNDISO":
                    self.i = i + 2
                    return self.attribute(u)
            j = i
            while j < len(s) and s[j] in SYMBOL_CHARS:
                j += 1
            name = s[i:j].upper()
            self.i = j
            sym = self.proc.asm.symbols.get(name)
            if sym is not None and sym.sect is None:
                return sym.value
            raise AsmError(f"symbol {name} is not a previously defined absolute symbol")
        raise AsmError(f"invalid term near '{s[i:]}'")

    def string(self):
        s = self.s
        j = quoted_end(s, self.i)
        raw = s[self.i + 1:j - 1]
        self.i = j
        text = self.proc.substitute(raw, self.scope).replace("''", "'")
        if self.i < len(s) and s[self.i] == "(":
            k = matching_paren(s, self.i)
            parts = split_operands(s[self.i + 1:k])
            if len(parts) != 2:
                raise AsmError("substring needs (start,length)")
            start = to_int(Evaluator(self.proc, self.scope).evaluate(parts[0]))
            if parts[1].strip() == "*":
                length = len(text) - start + 1
            else:
                length = to_int(Evaluator(self.proc, self.scope).evaluate(parts[1]))
            self.i = k + 1
            if start < 1 or length < 0:
                if length == 0:
                    return ""
                raise AsmError(f"invalid substring ({start},{length})")
            text = text[start - 1:start - 1 + length]
        return text

    def var_name(self):
        s = self.s
        if self.i >= len(s) or s[self.i] != "&":
            raise AsmError("variable symbol expected")
        j = self.i + 1
        while j < len(s) and s[j] in SYMBOL_CHARS:
            j += 1
        name = s[self.i + 1:j].upper()
        if not name:
            raise AsmError("invalid variable symbol")
        self.i = j
        subs = None
        if j < len(s) and s[j] == "(":
            k = matching_paren(s, j)
            subs = [to_int(Evaluator(self.proc, self.scope).evaluate(p)) for p in split_operands(s[j + 1:k])]
            self.i = k + 1
        return name, subs

    def var_ref(self):
        name, subs = self.var_name()
        v = self.proc.value_of(self.scope, name, subs)
        if self.i < len(self.s) and self.s[self.i] == "'" and isinstance(v, str):
            pass
        return v

    def attribute(self, a):
        s = self.s
        if self.i < len(s) and s[self.i] == "&":
            save = self.i
            name, subs = self.var_name()
            var = self.proc.lookup(self.scope, name)
            if a == "N":
                if var == "SYSLIST" and not subs:
                    return len(self.scope.syslist) - 1
                if var is None:
                    raise AsmError(f"undefined variable symbol &{name}")
                if hasattr(var, "array") and getattr(var, "array", False) and not subs:
                    return max(var.value.keys(), default=0)
                return len(_sublist(self.proc.value_of(self.scope, name, subs)))
            val = self.proc.value_of(self.scope, name, subs)
            if a == "K":
                return len(self.proc.as_text(val))
            if a == "D":
                return 1 if self.proc.asm.symbols.get(str(val).upper()) else 0
            if a == "T":
                if not isinstance(val, str):
                    return "N"
                return self.proc.type_of_operand(val)
            if a == "L":
                return self.proc.symbol_length(str(val).upper())
            if a == "O":
                return self.opcode_attr(str(val).upper())
            if a in "IS":
                sym = self.proc.asm.symbols.get(str(val).upper())
                if sym is None:
                    return 0
                return sym.integer if a == "I" else sym.scale
            self.i = save
            raise AsmError(f"invalid attribute {a}'")
        j = self.i
        while j < len(s) and s[j] in SYMBOL_CHARS:
            j += 1
        name = s[self.i:j].upper()
        self.i = j
        if not name:
            raise AsmError(f"invalid attribute reference {a}'")
        if a == "T":
            return self.proc.symbol_type(name)
        if a == "L":
            return self.proc.symbol_length(name)
        if a == "D":
            return 1 if name in self.proc.asm.symbols else 0
        if a == "O":
            return self.opcode_attr(name)
        if a in "IS":
            sym = self.proc.asm.symbols.get(name)
            if sym is None:
                return 0
            return sym.integer if a == "I" else sym.scale
        if a == "K":
            return len(name)
        raise AsmError(f"invalid attribute reference {a}'{name}")

    def opcode_attr(self, name):
        """O' : M macro, O machine instruction, E extended mnemonic, A assembler
        instruction, S macro in the library, U undefined."""
        if name in self.proc.macros:
            return "M"
        kind = builtin_kind(name)
        if kind is not None:
            return kind
        if self.proc.is_known_op(name):          # an OPSYN name
            return "A"
        if self.proc.find_member(name) if self.proc.libpath else None:
            return "S"
        return "U"


def _sublist(v):
    if isinstance(v, int):
        return [v]
    return sublist(v)
