"""Disassembler: instruction bytes -> assembler text (for the CPU trace and panel).

Operands are printed in the assembler's explicit form (``L     1,4(2,3)``),
so the text reassembles to the same bytes; unknown opcodes become
``DC    X'....'`` over the length given by the first two opcode bits.
"""

from .. import isa

_BRANCH_NAMES = {("BC", m): n for n, (b, m) in isa.EXTENDED_BRANCHES.items() if b == "BC"}
_BRANCHR_NAMES = {("BCR", m): n for n, (b, m) in isa.EXTENDED_BRANCHES.items() if b == "BCR"}
# prefer the condition-code names used after compares
for _n, _m in (("B", 15), ("NOP", 0), ("BH", 2), ("BL", 4), ("BE", 8), ("BNH", 13),
               ("BNL", 11), ("BNE", 7), ("BO", 1), ("BNO", 14)):
    _BRANCH_NAMES[("BC", _m)] = _n
    _BRANCHR_NAMES[("BCR", _m)] = _n + "R" if _n != "NOP" else "NOPR"


def _bd(b, d):
    return f"{d}({b})" if b else f"{d}"


def _dxb(d, x, b):
    if x and b:
        return f"{d}({x},{b})"
    if x:
        return f"{d}({x})"
    if b:
        return f"{d}(,{b})"
    return f"{d}"


def disassemble(data: bytes, addr: int = 0, extended: bool = False):
    """Disassemble one instruction at the start of ``data``.

    Returns (text, length).  ``extended`` prints BC/BCR with extended mnemonics."""
    if not data:
        return "", 0
    first = data[0]
    ilen = isa.instruction_length(first)
    if len(data) < ilen:
        return "DC    X'" + bytes(data).hex().upper() + "'", len(data)
    ins = isa.lookup(first, data[1] if len(data) > 1 else 0)
    if ins is None:
        return "DC    X'" + bytes(data[:ilen]).hex().upper() + "'", ilen
    b1 = data[1]
    hi, lo = b1 >> 4, b1 & 15
    fmt = ins.fmt
    mn = ins.mnemonic
    if fmt in ("RR", "RRM"):
        if extended and mn == "BCR" and ("BCR", hi) in _BRANCHR_NAMES:
            name = _BRANCHR_NAMES[("BCR", hi)]
            ops = "0" if name == "NOPR" and lo == 0 else str(lo)
            return f"{name:<5} {ops}", 2
        ops = f"{hi},{lo}"
    elif fmt == "RR1":
        ops = f"{hi}"
    elif fmt == "I":
        ops = f"{b1}"
    else:
        b2 = data[2] >> 4
        d2 = ((data[2] & 15) << 8) | data[3]
        if fmt in ("RX", "RXM"):
            if extended and mn == "BC" and ("BC", hi) in _BRANCH_NAMES:
                name = _BRANCH_NAMES[("BC", hi)]
                return f"{name:<5} {_dxb(d2, lo, b2)}", 4
            ops = f"{hi},{_dxb(d2, lo, b2)}"
        elif fmt in ("RS", "RSM"):
            ops = f"{hi},{lo},{_bd(b2, d2)}"
        elif fmt == "RS2":
            ops = f"{hi},{_bd(b2, d2)}"
        elif fmt == "SI":
            ops = f"{_bd(b2, d2)},{b1}"
        elif fmt == "S":
            ops = _bd(b2, d2)
        elif fmt == "S0":
            ops = ""
        else:
            b4 = data[4] >> 4
            d4 = ((data[4] & 15) << 8) | data[5]
            if fmt == "SS1":
                ops = f"{d2}({b1 + 1},{b2}),{_bd(b4, d4)}"
            elif fmt == "SS2":
                ops = f"{d2}({hi + 1},{b2}),{d4}({lo + 1},{b4})"
            else:   # SSR
                ops = f"{d2}({hi + 1},{b2}),{_bd(b4, d4)},{lo}"
    return (f"{mn:<5} {ops}".rstrip(), ilen)


def disassemble_range(data: bytes, addr: int = 0, extended: bool = True):
    """Disassemble a whole buffer; yields (address, hex, text)."""
    i = 0
    while i < len(data):
        text, n = disassemble(data[i:i + 6], addr + i, extended)
        if n == 0:
            break
        yield addr + i, bytes(data[i:i + n]).hex().upper(), text
        i += n
