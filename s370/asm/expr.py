"""Ordinary (assembly-time) expressions: absolute and relocatable values.

A value carries an integer and its relocatability: a mapping from the
section (or external symbol) it is relative to, to the number of times
that section's address is counted (+1 for an address, -1 for a
subtracted address).  ``A-B`` of two symbols in one section is absolute
(the mapping empties); ``A+B`` of two addresses is complex-relocatable,
allowed only in address constants.
"""

EBCDIC = "cp037"
SYMBOL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$#@_")
SYMBOL_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$#@_")
ATTRS = frozenset("LTISDO")


class AsmError(Exception):
    """An error in one statement; severity as in HLASM (4 warning, 8 error, 12 severe)."""

    def __init__(self, msg, severity=8):
        super().__init__(msg)
        self.severity = severity


class Undefined(AsmError):
    """A symbol is not (yet) defined."""

    def __init__(self, name):
        super().__init__(f"undefined symbol {name}", 8)
        self.name = name


class Value:
    __slots__ = ("v", "rel")

    def __init__(self, v, rel=None):
        self.v = v
        self.rel = rel or {}

    @property
    def absolute(self):
        return not self.rel

    def simple_section(self):
        """The single section of a simply relocatable value, else None."""
        if len(self.rel) == 1:
            (s, c), = self.rel.items()
            if c == 1:
                return s
        return None

    def __add__(self, o):
        r = dict(self.rel)
        for s, c in o.rel.items():
            n = r.get(s, 0) + c
            if n:
                r[s] = n
            else:
                r.pop(s, None)
        return Value(self.v + o.v, r)

    def __neg__(self):
        return Value(-self.v, {s: -c for s, c in self.rel.items()})

    def __sub__(self, o):
        return self + (-o)

    def __repr__(self):
        return f"Value({self.v:#x}, {self.rel})"


def self_defining(kind, body):
    """Value of a self-defining term X'..', B'..', C'..' (body without quotes)."""
    kind = kind.upper()
    try:
        if kind == "X":
            return int(body, 16) if body else 0
        if kind == "B":
            return int(body, 2) if body else 0
        if kind == "C":
            text = body.replace("''", "'").replace("&&", "&")
            if len(text) > 4:
                raise AsmError(f"character self-defining term too long: C'{body}'")
            return int.from_bytes(text.encode(EBCDIC), "big") if text else 0
    except ValueError:
        raise AsmError(f"invalid self-defining term {kind}'{body}'") from None
    raise AsmError(f"invalid self-defining term {kind}'{body}'")


def quoted_end(s, i):
    """Index just past the closing quote of the string whose opening quote is s[i]."""
    n = len(s)
    j = i + 1
    while j < n:
        if s[j] == "'":
            if j + 1 < n and s[j + 1] == "'":
                j += 2
                continue
            return j + 1
        j += 1
    raise AsmError("unterminated quoted string")


def literal_end(s, i):
    """Index past a literal starting at s[i] == '='."""
    j = i + 1
    n = len(s)
    while j < n and s[j] not in "'(":
        j += 1
    if j >= n:
        raise AsmError("invalid literal")
    if s[j] == "(":
        depth = 0
        while j < n:
            if s[j] == "'":
                j = quoted_end(s, j)
                continue
            if s[j] == "(":
                depth += 1
            elif s[j] == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        raise AsmError("unbalanced parentheses in literal")
    j = quoted_end(s, j)
    # a literal may hold several quoted nominal values only inside one pair of quotes
    return j


class Parser:
    """Recursive-descent evaluator over one operand string.

    ``ctx`` supplies: symbol(name) -> (Value, length); location() -> Value;
    literal(text) -> (Value, length); attribute(letter, name) -> int.
    """

    __slots__ = ("s", "i", "ctx", "first_symbol", "first_length")

    def __init__(self, s, ctx, i=0):
        self.s = s
        self.i = i
        self.ctx = ctx
        self.first_symbol = None
        self.first_length = None

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def expr(self):
        v = self.term_unary()
        while True:
            c = self.peek()
            if c == "+":
                self.i += 1
                v = v + self.term_unary()
            elif c == "-":
                self.i += 1
                v = v - self.term_unary()
            else:
                return v

    def term_unary(self):
        c = self.peek()
        if c == "+":
            self.i += 1
            return self.term_unary()
        if c == "-":
            self.i += 1
            return -self.term_unary()
        v = self.primary()
        while True:
            c = self.peek()
            if c not in ("*", "/"):
                return v
            self.i += 1
            w = self.primary_unary()
            if v.rel or w.rel:
                raise AsmError("relocatable term in multiplication or division")
            if c == "*":
                v = Value(v.v * w.v)
            else:
                v = Value(0 if w.v == 0 else int(v.v / w.v))

    def primary_unary(self):
        c = self.peek()
        if c == "+":
            self.i += 1
            return self.primary_unary()
        if c == "-":
            self.i += 1
            return -self.primary_unary()
        return self.primary()

    def _note(self, name, length):
        if self.first_length is None:
            self.first_symbol = name
            self.first_length = length

    def primary(self):
        s = self.s
        i = self.i
        if i >= len(s):
            raise AsmError("missing term in expression")
        c = s[i]
        if c == "(":
            self.i += 1
            v = self.expr()
            if self.peek() != ")":
                raise AsmError("missing right parenthesis")
            self.i += 1
            return v
        if c == "*":
            self.i += 1
            v, length = self.ctx.location()
            self._note("*", length)
            return v
        if c == "=":
            j = literal_end(s, i)
            v, length = self.ctx.literal(s[i:j])
            self.i = j
            self._note(s[i:j], length)
            return v
        if c.isdigit():
            j = i
            while j < len(s) and s[j].isdigit():
                j += 1
            self.i = j
            self._note(None, 1)
            return Value(int(s[i:j]))
        if c in SYMBOL_FIRST:
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if nxt == "'":
                u = c.upper()
                if u in ("X", "B", "C"):
                    j = quoted_end(s, i + 1)
                    self.i = j
                    self._note(None, 1)
                    return Value(self_defining(u, s[i + 2:j - 1]))
                if u in ATTRS:
                    j = i + 2
                    if j < len(s) and s[j] == "*":
                        name = "*"
                        j += 1
                    elif j < len(s) and s[j] == "=":
                        k = literal_end(s, j)
                        name = s[j:k]
                        j = k
                    else:
                        k = j
                        while k < len(s) and s[k] in SYMBOL_CHARS:
                            k += 1
                        name = s[j:k]
                        j = k
                    if not name:
                        raise AsmError("invalid attribute reference")
                    self.i = j
                    self._note(None, 1)
                    return Value(self.ctx.attribute(u, name.upper()))
            j = i
            while j < len(s) and s[j] in SYMBOL_CHARS:
                j += 1
            name = s[i:j].upper()
            self.i = j
            v, length = self.ctx.symbol(name)
            self._note(name, length)
            return v
        raise AsmError(f"invalid term in expression at '{s[i:]}'")


def evaluate(s, ctx):
    """Evaluate a complete expression string; returns (Value, implicit length)."""
    p = Parser(s.strip(), ctx)
    v = p.expr()
    if p.i != len(p.s):
        raise AsmError(f"invalid expression '{s}'")
    return v, p.first_length


def parse_prefix(s, ctx, i=0):
    """Evaluate an expression at s[i:]; returns (Value, index after, implicit length)."""
    p = Parser(s, ctx, i)
    v = p.expr()
    return v, p.i, p.first_length
