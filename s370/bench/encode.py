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

from s370.isa import by_name


class EncodeError(ValueError):
    pass


def encode(mn: str, *ops) -> bytes:
    """Encode one instruction from numeric operands: the fields of its format (s370.isa)
    in the order they are written, e.g. RX r1,d2,x2,b2 | RS r1,r3,d2,b2 | SI d1,b1,i2 |
    S d2,b2 | SS-L d1,l,b1,d2,b2 | SS-LL d1,l1,b1,d2,l2,b2 | SS-LI d1,l1,b1,d2,b2,i3.
    Lengths are true lengths (1..256 / 1..16); trailing index and base fields may be
    left out (0); an extended branch (BE, BR...) leaves out its mask."""
    ins, implied = by_name(mn.upper())
    if ins is None:
        raise EncodeError(f"unknown mnemonic {mn}")
    names = [f for f in ins.format.operand_fields if f not in implied]
    if len(ops) > len(names):
        raise EncodeError(f"{mn}: {len(ops)} operands, format {ins.fmt} has {len(names)}")
    values = dict(implied)
    for k, name in enumerate(names):
        if k < len(ops):
            values[name] = ops[k]
        elif name[0] in "XB":
            values[name] = 0
        else:
            raise EncodeError(f"{mn}: operand {name} missing")
    try:
        return ins.encode(values)
    except (TypeError, ValueError) as e:
        raise EncodeError(f"{mn}: {e}") from None


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
        """Emit an instruction.  A str operand where the format has an address is a
        label: it stands for D and B (the address's X or L, if any, follows it: ``"L", 1,
        "VAL"`` or ``"MVC", "A", 8, "B"``); numeric operands are the fields as for encode."""
        ins, implied = by_name(mn.upper())
        if ins is None:
            raise EncodeError(f"unknown mnemonic {mn}")
        shapes = [s for s in ins.format.operands if s[0] not in implied]
        encode(mn, *self._expand(shapes, ops, lambda label: (0, 0)))    # check the operands now
        self._items.append(lambda: encode(mn, *self._expand(shapes, ops, self._addr)))
        self._pc += ins.length

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

    @staticmethod
    def _expand(shapes, ops, addr):
        """Replace label operands by the numeric fields of their address operand."""
        out, k = [], 0
        for shape in shapes:
            if len(shape) > 1 and k < len(ops) and isinstance(ops[k], str):
                d, b = addr(ops[k])
                k += 1
                if len(shape) == 3:               # D(X,B) / D(L,B): X or L follows the label
                    out += [d, ops[k] if k < len(ops) else 0, b]
                    k += 1
                else:
                    out += [d, b]
            else:
                out += ops[k:k + len(shape)]
                k += len(shape)
        return out + list(ops[k:])

    def assemble(self) -> bytes:
        return b"".join(it() if callable(it) else it for it in self._items)
