"""Source statements: 80-column cards -> name/operation/operand/remark fields.

Statements follow the Assembler H rules: columns 1-71 hold the statement,
a non-blank column 72 continues it onto the next card, whose text starts in
column 16, and columns 73-80 are for sequence numbers.  The operand field
ends at the first blank outside a quoted string; an operand field that ends
with a comma before a blank continues on the next card (macro-call style,
with remarks on each card).
"""

from dataclasses import dataclass, field

END_COLUMN = 71          # last statement column (1-based)
CONTINUATION_COLUMN = 72
CONTINUE_START = 15      # continuation text starts in column 16 (0-based 15)

# Letters that may precede an apostrophe as an attribute reference (L'X).
ATTRIBUTE_LETTERS = frozenset("LTISKNDO")
SYMBOL_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$#@_&")


@dataclass
class Stmt:
    """One logical statement (possibly continued over several cards)."""
    name: str
    op: str
    operands: str
    remarks: str
    file: str
    line: int
    cards: list = field(default_factory=list)
    kind: str = "stmt"        # stmt | comment | mcomment | blank
    generated: bool = False   # produced by a macro expansion
    level: int = 0            # macro nesting level (0 = open code)

    def copy(self, **kw):
        d = dict(self.__dict__)
        d.update(kw)
        return Stmt(**d)


def is_attribute_quote(s: str, i: int) -> bool:
    """Is the apostrophe at s[i] the one of an attribute reference like L'SYM?"""
    if i == 0 or s[i - 1].upper() not in ATTRIBUTE_LETTERS:
        return False
    if i >= 2 and (s[i - 2].isalnum() or s[i - 2] in "$#@_&."):
        return False
    return i + 1 < len(s) and (s[i + 1] in SYMBOL_START or s[i + 1] in "*=")


# Conditional-assembly operations whose expressions may hold blanks inside parentheses.
PAREN_BLANK_OPS = frozenset(("AIF", "SETA", "SETB", "SETC", "AGO", "ACTR"))


def scan_field(s: str, i: int, in_quote: bool, parens: bool = False):
    """Scan an operand field from s[i] to the first blank outside quotes
    (and, for conditional-assembly expressions, outside parentheses).

    Returns (end index, in_quote at the end)."""
    n = len(s)
    depth = 0
    while i < n:
        c = s[i]
        if in_quote:
            if c == "'":
                if i + 1 < n and s[i + 1] == "'":
                    i += 2
                    continue
                in_quote = False
        elif c == "'":
            if not is_attribute_quote(s, i):
                in_quote = True
        elif c == " " and depth <= 0:
            return i, in_quote
        elif parens and c == "(":
            depth += 1
        elif parens and c == ")":
            depth -= 1
        i += 1
    return i, in_quote


def _split_first(card: str):
    """Split the first card into name, operation and the operand start index."""
    body = card[:END_COLUMN]
    i = 0
    name = ""
    if body and body[0] != " ":
        while i < len(body) and body[i] != " ":
            i += 1
        name = body[:i]
    while i < len(body) and body[i] == " ":
        i += 1
    j = i
    while j < len(body) and body[j] != " ":
        j += 1
    op = body[i:j]
    while j < len(body) and body[j] == " ":
        j += 1
    return name, op, j


def parse_cards(cards, file, line):
    """Turn the cards of one statement into a Stmt."""
    first = cards[0].rstrip("\n")
    if first.startswith(".*"):
        return Stmt("", "", "", first, file, line, cards, kind="mcomment")
    if first.startswith("*"):
        return Stmt("", "", "", first, file, line, cards, kind="comment")
    if not first[:END_COLUMN].strip():
        return Stmt("", "", "", "", file, line, cards, kind="blank")
    name, op, pos = _split_first(first)
    body = first[:END_COLUMN]
    operands = []
    remarks = []
    in_quote = False
    continuing_operands = True
    for k, card in enumerate(cards):
        card = card.rstrip("\n")
        if k > 0:
            body = card[:END_COLUMN]
            pos = CONTINUE_START
            if not continuing_operands:
                remarks.append(body[pos:].strip())
                continue
        end, in_quote = scan_field(body, pos, in_quote, op.upper() in PAREN_BLANK_OPS)
        text = body[pos:end]
        operands.append(text)
        if end >= len(body):
            continuing_operands = True        # field ran to column 71
        else:
            remarks.append(body[end:].strip())
            continuing_operands = text.endswith(",")
    return Stmt(name, op.upper() if not op.startswith("&") else op, "".join(operands),
                " ".join(r for r in remarks if r), file, line, list(cards))


def read_statements(text: str, file: str):
    """Split source text into Stmt objects (continuations joined)."""
    out = []
    lines = [ln.expandtabs(8) if "\t" in ln else ln for ln in text.splitlines()]
    i = 0
    n = len(lines)
    while i < n:
        start = i
        card = lines[i]
        cards = [card]
        i += 1
        while (len(cards[-1]) >= CONTINUATION_COLUMN
               and cards[-1][CONTINUATION_COLUMN - 1] != " " and i < n):
            cards.append(lines[i])
            i += 1
        out.append(parse_cards(cards, file, start + 1))
    return out


def split_operands(s: str):
    """Split an operand string at top-level commas (outside quotes and parentheses)."""
    out = []
    depth = 0
    cur = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "'" and not is_attribute_quote(s, i):
            j = i + 1
            while j < n:
                if s[j] == "'":
                    if j + 1 < n and s[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    if out == [""]:
        return []
    return out


def sublist(value: str):
    """Elements of a sublist value '(A,B,C)'; a non-sublist is one element."""
    v = value
    if len(v) >= 2 and v[0] == "(" and v[-1] == ")" and _balanced(v[1:-1]):
        return split_operands(v[1:-1]) or [""]
    return [v] if v else []


def _balanced(s: str) -> bool:
    depth = 0
    i = 0
    while i < len(s):
        c = s[i]
        if c == "'":
            j = s.find("'", i + 1)
            if j < 0:
                return True
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0
