"""The format table (s370/isa.py) drives the assembler, the disassembler and the
benchmark encoder: generated from the table, every mnemonic round-trips text -> bytes ->
text -> bytes, and the field layout agrees with the Principles of Operation's formats.
Also the Assembler H / HLASM language rules found by running third-party programs:
an omitted first operand written as a comma, and alignment bytes assembled as zeros."""

import random

import pytest

from s370 import isa
from s370.asm import assemble
from s370.asm.objdeck import read_deck
from s370.bench.encode import encode
from s370.disasm import disassemble


def _operand_text(fmt, values):
    """Explicit assembler text for the operands of a format, from field values."""
    out = []
    for shape in fmt.operands:
        if len(shape) == 1:
            out.append(str(values[shape[0]]))
        else:
            inner = ",".join(str(values[f]) for f in shape[1:])
            out.append(f"{values[shape[0]]}({inner})")
    return ",".join(out)


def _random_values(fmt, r):
    vals = {}
    for f in fmt.fields:
        lo = max(f.low, 0)
        vals[f.name] = r.choice((lo, f.high, r.randint(lo, f.high)))
    return vals


def _cases():
    r = random.Random(370)
    out = []
    for ins in isa.INSTRUCTIONS:
        for _ in range(3):
            out.append((ins.mnemonic, _random_values(ins.format, r)))
    return out


@pytest.mark.parametrize("mnemonic,values", _cases())
def test_every_mnemonic_round_trips(mnemonic, values):
    ins = isa.BY_MNEMONIC[mnemonic]
    expected = ins.encode(values)
    text = f"{mnemonic} {_operand_text(ins.format, values)}".strip()
    a = assemble(f"         {text}\n         END\n")
    assert a.errors == [] and a.image == expected, (text, a.errors)
    dis, n = disassemble(a.image)
    assert n == ins.length
    b = assemble(f"         {dis}\n         END\n")
    assert b.errors == [] and b.image == expected, (dis, b.errors)
    assert ins.format.decode(expected) == values
    flat = [values[f] for f in ins.format.operand_fields]
    assert encode(mnemonic, *flat) == expected


def test_format_table_layouts_follow_the_principles_of_operation():
    # PoO GA22-7000 instruction formats: L 1,10(2,3) is 58 12 300A; MVC 0(4,1),8(2) is
    # D2 03 1000 2008; AP 0(3,1),0(2,2) is FA 21 1000 2000; SRP 0(3,1),5(0),9 is F0 29 ...
    assert isa.BY_MNEMONIC["L"].encode(dict(R1=1, X2=2, B2=3, D2=10)) == bytes.fromhex("5812300A")
    assert isa.BY_MNEMONIC["MVC"].encode(dict(D1=0, L=4, B1=1, D2=8, B2=2)).hex().upper() == \
        "D20310002008"
    assert isa.BY_MNEMONIC["AP"].encode(dict(D1=0, L1=3, B1=1, D2=0, L2=2, B2=2)).hex().upper() \
        == "FA2110002000"
    assert isa.BY_MNEMONIC["SRP"].encode(dict(D1=0, L1=3, B1=1, D2=5, B2=0, I3=9)).hex().upper() \
        == "F02910000005"
    assert isa.BY_MNEMONIC["LPSW"].encode(dict(D2=8, B2=1)) == bytes.fromhex("82001008")
    assert isa.BY_MNEMONIC["PTLB"].encode({}) == bytes.fromhex("B20D0000")
    assert isa.BY_MNEMONIC["SLL"].encode(dict(R1=4, D2=3, B2=0)) == bytes.fromhex("89400003")
    assert isa.BY_MNEMONIC["MVI"].encode(dict(D1=1, B1=2, I2=-1)) == bytes.fromhex("92FF2001")
    assert {f.poo for f in isa.FORMATS.values()} == {"RR", "RX", "RS", "SI", "S", "SS"}
    assert all(ins.format.length == ins.length for ins in isa.INSTRUCTIONS)
    assert isa.by_name("BNE") == (isa.BY_MNEMONIC["BC"], {"M1": 7})
    with pytest.raises(ValueError, match="L 257 out of range 1..256"):
        isa.BY_MNEMONIC["MVC"].encode(dict(D1=0, L=257, B1=1, D2=8, B2=2))


def test_extended_branches_round_trip_through_the_table():
    for name, (base, mask) in isa.EXTENDED_BRANCHES.items():
        ops = "14" if base == "BCR" else "8(6,9)"
        a = assemble(f"         {name} {ops}\n         END\n")
        assert a.errors == [] and a.image[1] >> 4 == mask, name
        text, _ = disassemble(a.image, extended=True)
        assert assemble(f"         {text}\n         END\n").image == a.image, text


def test_end_and_org_with_a_comma_for_the_omitted_operand():
    # HLASM Programmer's Guide, ASMA085I: to assemble a statement with no operand,
    # write a comma.  END , has no entry point; ORG , sets the location counter to the
    # next available location (the highest reached in the section).
    a = assemble("T        CSECT\n         DC    XL8'11'\n         ORG   T+2\n"
                 "         DC    X'22'\n         ORG   ,\nX        DC    X'33'\n         END   ,\n")
    assert a.rc == 0, a.errors
    assert a.entry is None or a.entry == a.origin
    assert a.image == bytes.fromhex("0000220000000011") + b"\x33"
    assert a.symbols["X"] == a.origin + 8
    bad = assemble("T        CSECT\n         ORG   T,8\n         END\n")
    assert bad.rc >= 8 and "not supported" in bad.errors[0]


def _txt(a):
    return [(addr, data) for _, addr, data in read_deck(a.object_deck())["txt"]]


def test_alignment_bytes_are_zeros_in_the_text_records():
    # Assembler H / HLASM: bytes skipped to align an instruction (halfword), a CCW
    # (doubleword) or a DC constant are assembled as zeros; a DS reserves storage and,
    # unlike DC, assembles nothing into the bytes it skips (HLASM Language Reference,
    # DS instruction, "Bytes skipped for alignment").
    a = assemble("T        CSECT\n         DC    C'A'\n         BR    14\n"
                 "         DC    C'B'\n         CCW   1,0,0,1\n         DC    C'C'\n"
                 "         DC    F'1'\n         DC    C'D'\n         DS    F\n"
                 "         DC    C'E'\n         DS    0F\n         DC    C'F'\n         END\n")
    assert a.rc == 0, a.errors
    assert _txt(a) == [
        (0, bytes.fromhex("C10007FE C2000000 01000000 00000001 C3000000 00000001 C4")),
        (32, bytes.fromhex("C5")), (36, bytes.fromhex("C6"))]


def test_dsect_alignment_assembles_nothing():
    a = assemble("D        DSECT\n         DC    C'A'\n         DC    F'1'\n"
                 "T        CSECT\n         DC    C'B'\n         END\n")
    assert a.rc == 0 and _txt(a) == [(0, bytes.fromhex("C2"))]
