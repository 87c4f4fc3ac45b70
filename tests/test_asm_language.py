"""Assembler language: USING/DROP, literals, LTORG, ORG, CNOP, sections, EQU,
START origin, listing, CLI, and bad source giving messages (never tracebacks)."""

import random
import subprocess
import sys

import pytest

from s370.asm import assemble


def test_using_multiple_base_registers_and_drop():
    src = """T        CSECT
         USING T,11,12
         L     1,NEAR
         L     1,FAR
         DROP  12
         L     1,FAR
         DS    0F
NEAR     DS    F
         DS    5000X
FAR      DS    F
         END
"""
    a = assemble(src)
    near, far = a.symbols["NEAR"], a.symbols["FAR"]
    assert far - 4096 <= 4095
    assert a.image[0:4] == bytes([0x58, 0x10, 0xB0 | near >> 8, near & 0xFF])
    d = far - 4096
    assert a.image[4:8] == bytes([0x58, 0x10, 0xC0 | d >> 8, d & 0xFF])
    assert a.rc == 8 and len(a.errors) == 1 and a.errors[0].startswith("<string>:6: ")


def test_using_picks_smallest_displacement_and_dsect():
    src = """T        CSECT
         USING T,10
         USING T+100,9
         LA    1,T+150
         USING AREA,5
         MVC   FLD2,FLD1
AREA     DSECT
FLD1     DS    CL8
FLD2     DS    CL8
         END
"""
    a = assemble(src)
    assert a.errors == []
    assert a.image.hex().upper() == "41109032" "D2075008" "5000"


def test_literals_pool_order_and_duplicates():
    src = """T        CSECT
         USING T,12
         L     1,=F'1'
         LH    2,=H'2'
         IC    3,=C'A'
         LD    0,=D'1'
         L     4,=F'1'
         LTORG
         END
"""
    a = assemble(src)
    assert a.errors == []
    pool = a.image[24:]
    # doubleword group first, then fullwords, halfwords, bytes; duplicates share storage
    assert pool == bytes.fromhex("4110000000000000" "00000001" "0002" "C1")
    assert a.image[2:4] == bytes([0xC0, 32])          # =F'1' at 24+8
    assert a.image[18:20] == bytes([0xC0, 32])


def test_literals_default_to_end_of_first_section_and_a_literal():
    src = """T        CSECT
         USING T,12
         L     1,=A(X)
X        DC    H'5'
         END
"""
    a = assemble(src, origin=0x500)
    assert a.errors == []
    assert a.image[-4:] == (0x504).to_bytes(4, "big")


def test_org_cnop_equ_and_location_counter():
    src = """T        START X'1000'
A        DC    C'A'
         CNOP  2,4
B        BR    14
         CNOP  0,8
C        EQU   *
LEN      EQU   C-A
         ORG   A+20
D        DC    X'DD'
         ORG
E        DC    AL1(LEN,L'B)
         END   B
"""
    a = assemble(src)
    assert a.errors == []
    s = a.symbols
    assert (s["T"], s["A"], s["B"], s["C"], s["LEN"], s["D"]) == \
        (0x1000, 0x1000, 0x1002, 0x1008, 8, 0x1014)
    assert a.origin == 0x1000 and a.entry == 0x1002
    assert a.image[1:2] == b"\x00" and a.image[2:4] == bytes.fromhex("07FE")
    assert a.image[4:8] == bytes.fromhex("07000700")     # CNOP pads with NOPR 0
    assert s["E"] == 0x1015 and a.image[0x15:0x17] == bytes([8, 2])


def test_multiple_csects_laid_out_on_doublewords():
    src = """A        CSECT
         DC    C'AAA'
B        CSECT
         DC    A(A,B)
A        CSECT
         DC    C'A'
         END
"""
    a = assemble(src, origin=0x100)
    assert a.errors == []
    assert a.symbols["B"] == 0x108
    assert a.image == "AAAA".encode("cp037") + bytes(4) + bytes.fromhex("0000010000000108")


def test_extended_mnemonics_and_ccw():
    src = """T        CSECT
         USING T,15
         BE    T
         BNZR  14
         NOP   0
         NOPR  0
CCW1     CCW   X'02',BUF,X'60',80
BUF      DS    CL80
         END
"""
    a = assemble(src)
    assert a.errors == []
    assert a.image[:16] == bytes.fromhex("4780F000" "077E" "47000000" "0700" "00000000")
    assert a.image[16:24] == bytes.fromhex("02000018" "60000050")


def test_undefined_and_duplicate_symbols_report_file_and_line():
    a = assemble("T        CSECT\nX        DC    F'1'\nX        DC    F'2'\n         L     1,Y\n"
                 "         END\n", filename="prog.asm")
    assert a.rc == 8
    assert a.errors[0].startswith("prog.asm:3: ") and "X" in a.errors[0]
    assert a.errors[1].startswith("prog.asm:4: ")
    lst = a.listing()
    assert "previously defined" in lst and "highest severity 8" in lst


def test_listing_format():
    a = assemble("T        CSECT\n         USING T,12\n         L     1,W\nW        DC    F'7'\n"
                 "         END\n", origin=0x1000)
    lines = a.listing().splitlines()
    row = next(ln for ln in lines if "L     1,W" in ln)
    assert row.startswith("001000 5810 C004            01004")
    assert any(ln.startswith("W ") and "00001004" in ln for ln in lines)


def test_continuation_lines():
    # a string running through column 71 continues in column 16 of the next card
    card1 = ("         DC    C'" + "A" * 60)[:71] + "X"
    card2 = " " * 15 + "BBB',C'Z'"
    # an operand field ending with a comma, remarks, continuation
    card3 = "         DC    X'01',      remark".ljust(71) + "*"
    card4 = " " * 15 + "X'02'      more remarks"
    a = assemble("T        CSECT\n" + "\n".join([card1, card2, card3, card4]) + "\n         END\n")
    assert a.errors == []
    assert a.image == ("A" * 54 + "BBB" + "Z").encode("cp037") + bytes([1, 2])


def test_random_garbage_never_raises():
    rng = random.Random(370)
    alphabet = "ABCLX &'(),=*+-/.0123456789 \n"
    ops = ["DC", "DS", "L", "MVC", "AIF", "SETA", "SETC", "MACRO", "MEND", "USING", "ORG",
           "EQU", "CCW", "AGO", "MNOTE", "LTORG", "CNOP", "END", "COPY", "DROP"]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(1, 8)):
            name = rng.choice(["", "X", "&A", ".S", "Y"])
            ops_text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
            lines.append(f"{name:<8} {rng.choice(ops)} {ops_text}")
        a = assemble("\n".join(lines))
        assert isinstance(a.rc, int)
        a.listing()
        a.object_deck()


def test_cli(tmp_path):
    src = tmp_path / "p.asm"
    src.write_text("P        START X'2000'\n         BR    14\n         END   P\n")
    out, lst, deck, ipl = (tmp_path / n for n in ("p.bin", "p.lst", "p.obj", "p.ipl"))
    r = subprocess.run([sys.executable, "-m", "s370.asm.cli", str(src), "-o", str(out),
                        "--listing", str(lst), "--deck", str(deck), "--ipl", str(ipl)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == bytes.fromhex("07FE")
    assert len(deck.read_bytes()) % 80 == 0 and len(ipl.read_bytes()) % 80 == 0
    assert "BR    14" in lst.read_text()
    bad = tmp_path / "bad.asm"
    bad.write_text("         FOO   1\n         END\n")
    r = subprocess.run([sys.executable, "-m", "s370.asm.cli", str(bad)], capture_output=True, text=True)
    assert r.returncode == 8 and "bad.asm:1: undefined operation code FOO" in r.stderr
    assert "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "s370.asm.cli", str(tmp_path / "none.asm")],
                       capture_output=True, text=True)
    assert r.returncode == 16 and "Traceback" not in r.stderr
