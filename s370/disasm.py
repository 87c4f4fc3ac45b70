"""Disassembler: instruction bytes -> assembler text (for the CPU trace, the panel and
the assembler's tests).

Neutral like the instruction table it reads (``s370.isa``): the CPU may import it
without importing the assembler.  Operands are printed in the assembler's explicit
form (``L     1,4(2,3)``), field by field as the format table lays them out, so the
text reassembles to the same bytes; unknown opcodes become ``DC    X'....'`` over the
length given by the first two opcode bits.
"""

from . import isa

# Extended mnemonic shown for a branch mask, preferring the names used after compares
# (BE rather than BZ); BC/BCR with any other mask keep their M1 operand.
_PREFERRED_BRANCHES = ("B", "NOP", "BH", "BL", "BE", "BNH", "BNL", "BNE", "BO", "BNO")
EXTENDED_NAMES = {}
for _name, (_base, _mask) in isa.EXTENDED_BRANCHES.items():
    EXTENDED_NAMES.setdefault((_base, _mask), _name)
for _name in _PREFERRED_BRANCHES:
    for _rr in ("", "R"):
        _full = _name + _rr
        EXTENDED_NAMES[isa.EXTENDED_BRANCHES[_full]] = _full


def format_operand(shape, values) -> str:
    """One operand as written: a register/mask/immediate, or an address D(X,B), D(B),
    D(L,B) with zero index and base fields left out where the syntax allows."""
    if len(shape) == 1:
        return str(values[shape[0]])
    d = values[shape[0]]
    if len(shape) == 2:                       # D(B)
        b = values[shape[1]]
        return f"{d}({b})" if b else f"{d}"
    mid, b = values[shape[1]], values[shape[2]]
    if shape[1][0] == "L":                    # D(L,B): the length is always written
        return f"{d}({mid},{b})"
    if mid and b:                             # D(X,B)
        return f"{d}({mid},{b})"
    if mid:
        return f"{d}({mid})"
    return f"{d}(,{b})" if b else f"{d}"


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
    fmt = ins.format
    values = fmt.decode(data)
    name, shapes = ins.mnemonic, fmt.operands
    if extended and shapes:
        implied = shapes[0][0]                # BC's M1: the extended name carries it
        short = EXTENDED_NAMES.get((ins.mnemonic, values[implied])) if implied[0] == "M" else None
        if short is not None:
            name, shapes = short, shapes[1:]
    ops = ",".join(format_operand(s, values) for s in shapes)
    return f"{name:<5} {ops}".rstrip(), ilen


def disassemble_range(data: bytes, addr: int = 0, extended: bool = True):
    """Disassemble a whole buffer; yields (address, hex, text)."""
    i = 0
    while i < len(data):
        text, n = disassemble(data[i:i + 6], addr + i, extended)
        if n == 0:
            break
        yield addr + i, bytes(data[i:i + n]).hex().upper(), text
        i += n
