"""DC/DS layouts by the Assembler Language reference rules (types, lengths,
padding/truncation, alignment, duplication, multiple operands)."""

import pytest

from s370.asm import assemble


def dc(operands, origin=0):
    a = assemble(f"T        CSECT\n         DC    {operands}\n         END\n", origin)
    assert a.errors == [], a.errors
    return a.image.hex().upper()


@pytest.mark.parametrize("operand,expected", [
    ("C'AB'", "C1C2"),
    ("CL4'AB'", "C1C24040"),                 # padded right with blanks
    ("CL2'ABCD'", "C1C2"),                   # truncated right
    ("C'A''B'", "C17DC2"),                   # doubled apostrophe
    ("C'A&&B'", "C150C2"),                   # doubled ampersand
    ("3C'A'", "C1C1C1"),
    ("X'1F'", "1F"), ("X'ABC'", "0ABC"),     # odd digit count padded left
    ("XL3'1'", "000001"), ("XL1'1234'", "34"),  # truncated left
    ("X'01,0203'", "010203"),                # several nominal values
    ("B'101'", "05"), ("B'111100001'", "01E1"), ("BL2'1'", "0001"),
    ("F'1'", "00000001"), ("F'-1'", "FFFFFFFF"), ("F'1,-2'", "00000001FFFFFFFE"),
    ("H'-2'", "FFFE"), ("H'32767'", "7FFF"), ("FL3'-1'", "FFFFFF"), ("FL1'5'", "05"),
    ("2H'1'", "00010001"),
    ("P'123'", "123C"), ("P'-123'", "123D"), ("P'+12'", "012C"), ("PL3'-5'", "00005D"),
    ("P'1.25'", "125C"), ("PL1'12345'", "5C"),
    ("Z'123'", "F1F2C3"), ("Z'-12'", "F1D2"), ("ZL4'7'", "F0F0F0C7"),
    ("E'1'", "41100000"), ("E'-1.5'", "C1180000"),
    ("D'1'", "4110000000000000"), ("D'0'", "0000000000000000"),
    ("D'100'", "4264000000000000"), ("E'0.5'", "40800000"),
    ("L'1'", "41100000000000003300000000000000"),
    ("Y(258)", "0102"), ("A(1,2)", "0000000100000002"), ("AL1(255)", "FF"),
    ("AL3(X'123456')", "123456"), ("A(C'AB')", "0000C1C2"),
])
def test_constant_bytes(operand, expected):
    assert dc(operand) == expected


def test_e_point_one_rounded():
    # 0.1 = X'40199999 9...' ; rounded to nearest in the last hex digit -> 4019999A
    assert dc("E'0.1'") == "4019999A"


def test_alignment_and_padding():
    src = """T        CSECT
A        DC    C'X'
B        DC    F'2'
C        DC    C'Y'
D        DC    H'3'
E        DC    C'Z'
F        DC    D'0'
G        DC    C'W'
H        DC    FL4'4'
I        DS    0F
J        DC    C'V'
         DS    0D
K        DC    CL3'K'
         END
"""
    a = assemble(src)
    assert a.errors == []
    s = a.symbols
    assert (s["A"], s["B"], s["C"], s["D"], s["E"], s["F"], s["G"], s["H"]) == \
        (0, 4, 8, 10, 12, 16, 24, 25)
    assert (s["I"], s["J"], s["K"]) == (32, 32, 40)
    # DC alignment bytes are zero
    assert a.image[1:4] == b"\0\0\0"
    assert a.image[4:8] == bytes.fromhex("00000002")


def test_length_and_type_attributes():
    src = """T        CSECT
A        DC    CL80' '
B        DC    3F'1'
C        DS    XL5
D        DS    0CL20
E        DC    P'12345'
F        DC    C'ABC',F'1'
LA       DC    A(L'A,L'B,L'C,L'D,L'E,L'F)
         END
"""
    a = assemble(src)
    assert a.errors == []
    off = a.symbols["LA"]
    vals = [int.from_bytes(a.image[off + 4 * k:off + 4 * k + 4], "big") for k in range(6)]
    assert vals == [80, 4, 5, 20, 3, 3]
    assert a.symbols["E"] - a.symbols["D"] == 0
    assert a.symbols["F"] - a.symbols["E"] == 3


def test_ds_reserves_without_text():
    a = assemble("T        CSECT\n         DC    C'A'\n         DS    CL10\n         DC    C'B'\n"
                 "         DS    2F\n         DC    X'FF'\n         END\n")
    assert a.errors == []
    assert len(a.image) == 21
    assert a.image[0] == 0xC1 and a.image[11] == 0xC2 and a.image[20] == 0xFF
    assert a.image[1:11] == bytes(10)


def test_duplication_expression_and_zero():
    a = assemble("N        EQU   3\nT        CSECT\n         DC    (N*2)X'AA'\nZ        DC    0F'7'\n"
                 "         DC    C'Q'\n         END\n")
    assert a.errors == []
    assert a.image.hex().upper() == "AAAAAAAAAAAA0000D8"
    assert a.symbols["Z"] == 8


def test_address_constants_with_symbols():
    a = assemble("T        CSECT\nX        DC    A(X+8,*)\nY        DC    Y(Y-X)\n"
                 "         DC    S(4(12))\n         END\n", origin=0x2000)
    assert a.errors == []
    assert a.image.hex().upper() == "00002008" "00002004" "0008" "C004"


@pytest.mark.parametrize("operand", ["F'X'", "P'1A'", "X'GG'", "B'2'", "Q'1'", "CL0'A'",
                                     "F", "A'1'", "C'open", "FL9'1'"])
def test_bad_constants_are_messages(operand):
    a = assemble(f"T        CSECT\n         DC    {operand}\n         END\n")
    assert a.rc >= 8 and a.errors and a.errors[0].startswith("<string>:2: ")
