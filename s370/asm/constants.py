"""DC/DS constants: parsing an operand, its length and alignment, its bytes.

Rules from the Assembler Language reference: an operand is
``[duplication]type[Ln][Sn][En]nominal``; without an explicit length the
types F/A/V (fullword), H/Y/S (halfword), E (fullword), D/L (doubleword)
are aligned on their natural boundary; C is padded on the right with
blanks and truncated on the right, X/B/P/Z/F/H/A are padded on the left
and truncated on the left.  Duplication 0 only aligns.
"""

from fractions import Fraction

from .expr import AsmError, quoted_end, EBCDIC
from .source import is_attribute_quote

IMPLICIT_LENGTH = {"F": 4, "H": 2, "A": 4, "Y": 2, "S": 2, "V": 4, "E": 4, "D": 8, "L": 16}
ALIGNMENT = {"F": 4, "H": 2, "A": 4, "Y": 2, "S": 2, "V": 4, "E": 4, "D": 8, "L": 8}
ADDRESS_TYPES = frozenset("AYSV")
TYPES = frozenset("CXBFHAYSVPZEDL")
MAX_LENGTH = {"C": 256, "X": 256, "B": 256, "P": 16, "Z": 16, "F": 8, "H": 8,
              "A": 4, "Y": 2, "S": 2, "V": 4, "E": 8, "D": 8, "L": 16}
FLOAT_FRACTION_BITS = {4: 24, 8: 56, 16: 112}


class Const:
    """One DC/DS operand after parsing."""
    __slots__ = ("type", "dup", "length", "explicit", "values", "scale", "exponent",
                 "lengths", "text")

    def __init__(self):
        self.type = ""
        self.dup = 1
        self.length = None
        self.explicit = False
        self.values = []       # nominal values (strings); expressions for A/Y/S/V
        self.scale = 0
        self.exponent = 0
        self.lengths = []      # length of each nominal value
        self.text = ""

    @property
    def alignment(self):
        if self.explicit:
            return 1
        return ALIGNMENT.get(self.type, 1)

    @property
    def unit(self):
        """Bytes generated for one repetition."""
        return sum(self.lengths)

    @property
    def size(self):
        return self.dup * self.unit

    @property
    def first_length(self):
        return self.lengths[0] if self.lengths else (self.length or 1)


def _modifier_value(s, i, evaluate_abs):
    """Read a modifier value: decimal digits (optionally signed) or (expr)."""
    if i < len(s) and s[i] == "(":
        depth = 0
        j = i
        while j < len(s):
            if s[j] == "(":
                depth += 1
            elif s[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        return evaluate_abs(s[i + 1:j]), j + 1
    j = i
    if j < len(s) and s[j] in "+-":
        j += 1
    while j < len(s) and s[j].isdigit():
        j += 1
    if j == i or s[i:j] in ("+", "-"):
        raise AsmError("invalid modifier in constant")
    return int(s[i:j]), j


def _split_values(body):
    return [v.strip() for v in body.split(",")]


def _split_exprs(body):
    out = []
    depth = 0
    cur = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "'" and i > 0 and body[i - 1].upper() in "XBC" and (i < 2 or not body[i - 2].isalnum()):
            j = quoted_end(body, i)
            cur.append(body[i:j])
            i = j
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
    return out


def parse_const(s, evaluate_abs, is_ds=False, i=0):
    """Parse one DC/DS operand at s[i:]; returns (Const, index after it)."""
    c = Const()
    start = i
    n = len(s)
    if i < n and s[i] == "(":
        c.dup, i = _modifier_value(s, i, evaluate_abs)
    elif i < n and s[i].isdigit():
        j = i
        while j < n and s[j].isdigit():
            j += 1
        c.dup = int(s[i:j])
        i = j
    if c.dup < 0:
        raise AsmError("negative duplication factor")
    if i >= n or s[i].upper() not in TYPES:
        raise AsmError(f"invalid constant type in '{s[start:]}'")
    c.type = s[i].upper()
    i += 1
    while i < n and s[i].upper() in "LSE":
        m = s[i].upper()
        if m == "L" and i + 1 < n and s[i + 1] == ".":
            raise AsmError("bit-length modifiers are not supported")
        if i + 1 >= n or not (s[i + 1].isdigit() or s[i + 1] in "(+-"):
            break
        v, i = _modifier_value(s, i + 1, evaluate_abs)
        if m == "L":
            if v <= 0 or v > MAX_LENGTH[c.type]:
                raise AsmError(f"invalid length modifier {v} for type {c.type}")
            c.length = v
            c.explicit = True
        elif m == "S":
            c.scale = v
        else:
            c.exponent = v
    if i < n and s[i] == "'":
        if c.type in ADDRESS_TYPES:
            raise AsmError(f"{c.type}-type constant needs a parenthesized operand")
        j = quoted_end(s, i)
        body = s[i + 1:j - 1]
        i = j
        c.values = [body] if c.type == "C" else _split_values(body)
    elif i < n and s[i] == "(":
        if c.type not in ADDRESS_TYPES:
            raise AsmError(f"{c.type}-type constant needs a quoted operand")
        depth = 0
        j = i
        while j < n:
            if s[j] == "'" and is_attribute_quote(s, j):
                j += 1
                continue
            if s[j] == "'":
                j = quoted_end(s, j)
                continue
            if s[j] == "(":
                depth += 1
            elif s[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= n:
            raise AsmError("unbalanced parentheses in constant")
        c.values = _split_exprs(s[i + 1:j])
        i = j + 1
    elif not is_ds and c.dup != 0:
        raise AsmError(f"missing nominal value in constant '{s[start:]}'")
    c.text = s[start:i]
    _set_lengths(c)
    return c, i


def _char_text(body):
    return body.replace("''", "'").replace("&&", "&")


def _implicit_length(t, v):
    if t == "C":
        return max(1, len(_char_text(v)))
    if t == "X":
        return max(1, (len(v.replace(" ", "")) + 1) // 2)
    if t == "B":
        return max(1, (len(v.replace(" ", "")) + 7) // 8)
    if t in "PZ":
        digits = sum(ch.isdigit() for ch in v)
        return max(1, (digits + 2) // 2) if t == "P" else max(1, digits)
    return IMPLICIT_LENGTH[t]


def _set_lengths(c):
    if not c.values:
        c.lengths = [c.length or IMPLICIT_LENGTH.get(c.type, 1)]
        return
    if c.explicit:
        c.lengths = [c.length] * len(c.values)
    else:
        c.lengths = [_implicit_length(c.type, v) for v in c.values]


def parse_operands(operands, evaluate_abs, is_ds=False):
    """Parse all comma-separated operands of a DC/DS statement."""
    out = []
    i = 0
    s = operands
    while True:
        c, i = parse_const(s, evaluate_abs, is_ds, i)
        out.append(c)
        if i >= len(s):
            return out
        if s[i] != ",":
            raise AsmError(f"invalid constant operand near '{s[i:]}'")
        i += 1


# ---------------------------------------------------------------- generation

def _fit(value, length, signed=True):
    lo = -(1 << (8 * length - 1)) if signed else 0
    hi = (1 << (8 * length)) - 1
    if not lo <= value <= hi:
        raise AsmError(f"value {value} too large for a {length}-byte field", 4)
    return (value & ((1 << (8 * length)) - 1)).to_bytes(length, "big")


def _decimal_number(text, exponent=0, scale=0):
    """Parse a signed decimal number with optional fraction and exponent."""
    t = text.strip().upper()
    if not t:
        raise AsmError("empty numeric constant")
    try:
        if "E" in t:
            mant, exp = t.split("E", 1)
            f = Fraction(mant) * Fraction(10) ** int(exp)
        else:
            f = Fraction(t)
    except (ValueError, ZeroDivisionError):
        raise AsmError(f"invalid numeric constant '{text}'") from None
    return f * Fraction(10) ** exponent * Fraction(2) ** scale


def _fixed(text, length, c):
    f = _decimal_number(text, c.exponent, c.scale)
    v = int(f + Fraction(1, 2)) if f >= 0 else -int(-f + Fraction(1, 2))
    return _fit(v, length)


def hex_float(f: Fraction, length: int) -> bytes:
    """Decimal value -> normalized System/370 hexadecimal floating point (rounded)."""
    if f == 0:
        return bytes(length)
    sign = 0x80 if f < 0 else 0
    f = abs(f)
    bits = FLOAT_FRACTION_BITS[length]
    e = 0
    while f >= 1:
        f /= 16
        e += 1
    while f < Fraction(1, 16):
        f *= 16
        e -= 1
    frac = int(f * (1 << bits) + Fraction(1, 2))
    if frac >= 1 << bits:
        frac >>= 4
        e += 1
    char = e + 64
    if not 0 <= char <= 127:
        raise AsmError("floating-point constant out of range")
    if length == 16:
        hi = frac >> 56
        lo = frac & ((1 << 56) - 1)
        low_char = (char - 14) & 0x7F
        return (bytes([sign | char]) + hi.to_bytes(7, "big")
                + bytes([sign | low_char]) + lo.to_bytes(7, "big"))
    return bytes([sign | char]) + frac.to_bytes(length - 1, "big")


def _float(text, length, c):
    f = _decimal_number(text, c.exponent)
    full = 16 if length > 8 else (8 if length > 4 else 4)
    return hex_float(f, full)[:length] if length <= full else hex_float(f, full)


def _packed(text, length):
    t = text.strip()
    neg = t.startswith("-")
    digits = "".join(ch for ch in t if ch.isdigit())
    if not digits or any(not (ch.isdigit() or ch in "+-.") for ch in t):
        raise AsmError(f"invalid packed constant '{text}'")
    nib = [int(d) for d in digits] + [0xD if neg else 0xC]
    if len(nib) % 2:
        nib.insert(0, 0)
    out = bytes((nib[k] << 4) | nib[k + 1] for k in range(0, len(nib), 2))
    return out[-length:] if len(out) >= length else bytes(length - len(out)) + out


def _zoned(text, length):
    t = text.strip()
    neg = t.startswith("-")
    digits = "".join(ch for ch in t if ch.isdigit())
    if not digits or any(not (ch.isdigit() or ch in "+-.") for ch in t):
        raise AsmError(f"invalid zoned constant '{text}'")
    out = bytearray(0xF0 | int(d) for d in digits)
    out[-1] = ((0xD0 if neg else 0xC0) | (out[-1] & 0x0F))
    out = bytes(out)
    return out[-length:] if len(out) >= length else b"\xf0" * (length - len(out)) + out


def nominal_bytes(c, k, length):
    """Bytes of nominal value k of a non-address constant."""
    v = c.values[k]
    t = c.type
    if t == "C":
        data = _char_text(v).encode(EBCDIC, errors="replace")
        return data[:length].ljust(length, b"\x40")
    if t in "XB":
        digits = v.replace(" ", "")
        base = 16 if t == "X" else 2
        valid = "01" if base == 2 else "0123456789ABCDEFabcdef"
        if not digits or any(ch not in valid for ch in digits):
            raise AsmError(f"invalid {t} constant '{v}'")
        n = int(digits, base)
        return (n & ((1 << (8 * length)) - 1)).to_bytes(length, "big")
    if t in "FH":
        return _fixed(v, length, c)
    if t in "EDL":
        return _float(v, length, c)
    if t == "P":
        return _packed(v, length)
    if t == "Z":
        return _zoned(v, length)
    raise AsmError(f"unsupported constant type {t}")


def generate(c, address_value):
    """Bytes of a DC operand (all duplications) and the relocations it needs.

    ``address_value(type, expr_text, length, offset)`` returns (bytes, relocs)
    for an A/Y/S/V nominal value; relocs are (offset, length, Value|name, vcon).
    """
    relocs = []
    if c.type in ADDRESS_TYPES:
        out = bytearray()
        for d in range(c.dup):
            for k, length in enumerate(c.lengths):
                data, rl = address_value(c.type, c.values[k], length, len(out))
                relocs.extend(rl)
                out += data
        return bytes(out), relocs
    one = bytearray()
    for k, length in enumerate(c.lengths):
        one += nominal_bytes(c, k, length)
    return bytes(one) * c.dup, relocs
