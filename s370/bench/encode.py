"""A tiny machine-code builder for generated test and benchmark programs.

Why: differential tests and the benchmark generate thousands of small programs with
random operands; building their bytes directly from the instruction table (isa.py) is
faster and simpler than producing assembler text.  This is not an assembler: operands
are numbers, and symbolic addresses are labels resolved against one explicit base
register (``Builder(origin, base=12)``: label addresses become D(B) with B = base,
D = label - origin; with base=0 D is the absolute address, for code below 4K).

    b = Builder(0x1000, base=12)
    b.i("BALR", 12, 0)          # ... program sets up its base
    b.label("LOOP")
    b.i("L", 1, "VAL")          # RX with a label: D2(0,12)
    b.i("BCT", 3, "LOOP")
    b.fullword("VAL", 42)
    code = b.assemble()
"""

from __future__ import annotations

import struct

from s370.isa import BY_MNEMONIC, EXTENDED_BRANCHES


class EncodeError(ValueError):
    pass


def _chk(v, bits, what):
    if not 0 <= v < (1 << bits):
        raise EncodeError(f"{what} {v} does not fit in {bits} bits")
    return v


def encode(mn: str, *ops) -> bytes:
    """Encode one instruction from numeric operands (field order as written in HLASM:
    RR r1,r2 | RX r1,d2,x2,b2 | RS r1,r3,d2,b2 | RS2 r1,d2,b2 | RSM r1,m3,d2,b2 |
    SI d1,b1,i2 | S d2,b2 | SS1 d1,len,b1,d2,b2 | SS2 d1,l1,b1,d2,l2,b2 |
    SSR d1,l1,b1,d2,b2,i3 (lengths are true lengths, 1..256 / 1..16))."""
    mn = mn.upper()
    if mn in EXTENDED_BRANCHES:
        base, mask = EXTENDED_BRANCHES[mn]
        return encode(base, mask, *ops)
    ins = BY_MNEMONIC.get(mn)
    if ins is None:
        raise EncodeError(f"unknown mnemonic {mn}")
    f, op = ins.fmt, ins.opcode
    try:
        if f in ("RR", "RRM"):
            r1, r2 = ops
            return bytes((op, _chk(r1, 4, "R1") << 4 | _chk(r2, 4, "R2")))
        if f == "RR1":
            (r1,) = ops
            return bytes((op, _chk(r1, 4, "R1") << 4))
        if f == "I":
            (i,) = ops
            return bytes((op, _chk(i, 8, "I")))
        if f in ("RX", "RXM"):
            r1, d2, x2, b2 = (tuple(ops) + (0, 0))[:4]
            return struct.pack(">BBH", op, _chk(r1, 4, "R1") << 4 | _chk(x2, 4, "X2"),
                               _chk(b2, 4, "B2") << 12 | _chk(d2, 12, "D2"))
        if f in ("RS", "RSM"):
            r1, r3, d2, b2 = (tuple(ops) + (0,))[:4]
            return struct.pack(">BBH", op, _chk(r1, 4, "R1") << 4 | _chk(r3, 4, "R3"),
                               _chk(b2, 4, "B2") << 12 | _chk(d2, 12, "D2"))
        if f == "RS2":
            r1, d2, b2 = (tuple(ops) + (0,))[:3]
            return struct.pack(">BBH", op, _chk(r1, 4, "R1") << 4,
                               _chk(b2, 4, "B2") << 12 | _chk(d2, 12, "D2"))
        if f == "SI":
            d1, b1, i2 = ops
            return struct.pack(">BBH", op, _chk(i2, 8, "I2"),
                               _chk(b1, 4, "B1") << 12 | _chk(d1, 12, "D1"))
        if f in ("S", "S0"):
            d2, b2 = (tuple(ops) + (0, 0))[:2]
            op16 = op if op > 0xFF else op << 8      # LPSW, SSM, TS: second byte 0
            return struct.pack(">HH", op16, _chk(b2, 4, "B2") << 12 | _chk(d2, 12, "D2"))
        if f == "SS1":
            d1, ln, b1, d2, b2 = ops
            return struct.pack(">BBHH", op, _chk(ln - 1, 8, "L"),
                               _chk(b1, 4, "B1") << 12 | _chk(d1, 12, "D1"),
                               _chk(b2, 4, "B2") << 12 | _chk(d2, 12, "D2"))
        if f in ("SS2", "SSR"):
            if f == "SS2":
                d1, l1, b1, d2, l2, b2 = ops
                second = _chk(l2 - 1, 4, "L2")
            else:
                d1, l1, b1, d2, b2, i3 = ops
                second = _chk(i3, 4, "I3")
            return struct.pack(">BBHH", op, _chk(l1 - 1, 4, "L1") << 4 | second,
                               _chk(b1, 4, "B1") << 12 | _chk(d1, 12, "D1"),
                               _chk(b2, 4, "B2") << 12 | _chk(d2, 12, "D2"))
    except (TypeError, ValueError) as e:
        raise EncodeError(f"{mn}: {e}") from None
    raise EncodeError(f"{mn}: format {f} not supported")


class Builder:
    """Sequential code/data with labels; label operands become D(base)."""

    def __init__(self, origin: int, base: int = 12):
        self.origin = origin
        self.base = base
        self._items = []          # (offset, bytes | callable)
        self._pc = 0
        self.labels = {}

    @property
    def here(self) -> int:
        return self.origin + self._pc

    def label(self, name: str):
        if name in self.labels:
            raise EncodeError(f"label {name} defined twice")
        self.labels[name] = self.here

    def align(self, n: int):
        pad = (-self._pc) % n
        if pad:
            self.raw(b"\x07\x00" * (pad // 2) + b"\x00" * (pad % 2))

    def raw(self, data: bytes):
        self._items.append(bytes(data))
        self._pc += len(data)

    def space(self, n: int, fill: int = 0):
        self.raw(bytes([fill]) * n)

    def fullword(self, name, value: int):
        self.align(4)
        if name:
            self.label(name)
        self.raw(struct.pack(">I", value & 0xFFFFFFFF))

    def doubleword(self, name, value: int):
        self.align(8)
        if name:
            self.label(name)
        self.raw(struct.pack(">Q", value & (2**64 - 1)))

    def data(self, name, data: bytes, align: int = 1):
        self.align(align)
        if name:
            self.label(name)
        self.raw(data)

    def i(self, mn: str, *ops):
        """Emit an instruction; a str operand is a label: it expands to (disp, base)
        in the D/B positions of its format (for RX also X=0 unless given)."""
        from s370.isa import BY_MNEMONIC as T
        name = mn.upper()
        fmt = T[EXTENDED_BRANCHES[name][0]].fmt if name in EXTENDED_BRANCHES else T[name].fmt
        length = len(encode(mn, *self._dummy(fmt, ops)))
        here = self._pc
        self._items.append(lambda: encode(mn, *self._resolve(fmt, ops, name)))
        self._pc = here + length

    def _dummy(self, fmt, ops):
        return [0 if isinstance(o, str) else o for o in self._expand(fmt, ops, lambda s: (0, 0))]

    def _resolve(self, fmt, ops, name):
        return self._expand(fmt, ops, self._addr)

    def _addr(self, lab):
        off = 0
        if "+" in lab:
            lab, o = lab.split("+")
            off = int(o, 0)
        if lab not in self.labels:
            raise EncodeError(f"undefined label {lab}")
        d = self.labels[lab] + off - (self.origin if self.base else 0)
        if not 0 <= d < 4096:
            raise EncodeError(f"label {lab} out of base range")
        return d, self.base

    def _expand(self, fmt, ops, addr):
        """Replace label operands by the right numeric fields for the format."""
        out = []
        ops = list(ops)
        if fmt in ("RX", "RXM"):        # r1, LABEL [,x]  -> r1, d, x, b
            if len(ops) >= 2 and isinstance(ops[1], str):
                d, b = addr(ops[1])
                x = ops[2] if len(ops) > 2 else 0
                return [ops[0], d, x, b]
            return ops
        if fmt in ("RS", "RSM"):        # r1, r3, LABEL
            if len(ops) == 3 and isinstance(ops[2], str):
                d, b = addr(ops[2])
                return [ops[0], ops[1], d, b]
            return ops
        if fmt == "RS2":
            return ops
        if fmt == "SI":                 # LABEL, i2
            if isinstance(ops[0], str):
                d, b = addr(ops[0])
                return [d, b, ops[1]]
            return ops
        if fmt == "S":
            if ops and isinstance(ops[0], str):
                return list(addr(ops[0]))
            return ops
        if fmt == "SS1":                # LAB1, len, LAB2  (or numeric)
            if isinstance(ops[0], str):
                d1, b1 = addr(ops[0])
                d2, b2 = addr(ops[2]) if isinstance(ops[2], str) else (ops[2], ops[3])
                return [d1, ops[1], b1, d2, b2]
            return ops
        if fmt == "SS2":                # LAB1, l1, LAB2, l2
            if isinstance(ops[0], str):
                d1, b1 = addr(ops[0])
                d2, b2 = addr(ops[2])
                return [d1, ops[1], b1, d2, ops[3], b2]
            return ops
        if fmt == "SSR":                # LAB1, l1, shift, i3  -> shift is a D2 with B2=0
            if isinstance(ops[0], str):
                d1, b1 = addr(ops[0])
                return [d1, ops[1], b1, ops[2] & 0xFFF, 0, ops[3]]
            return ops
        return ops

    def assemble(self) -> bytes:
        return b"".join(it() if callable(it) else it for it in self._items)
