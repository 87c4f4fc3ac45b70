"""Macro language and conditional assembly."""

import os

from s370.asm import assemble


def asm(src, **kw):
    a = assemble(src, **kw)
    return a


def words(a, n, off=0):
    return [int.from_bytes(a.image[off + 4 * k:off + 4 * k + 4], "big") for k in range(n)]


def test_positional_keyword_defaults_and_label():
    src = """         MACRO
&L       LOADK &R,&V,&BASE=12,&OP=L
&L       &OP   &R,&V.(0,&BASE)
         MEND
T        CSECT
HERE     LOADK 3,8
         LOADK 4,16,BASE=9,OP=LA
         END
"""
    a = asm(src)
    assert a.errors == []
    assert a.image.hex().upper() == "5830C008" "41409010"
    assert a.symbols["HERE"] == 0


def test_nested_macros_sysndx_unique():
    src = """         MACRO
         INNER
LBL&SYSNDX DC  A(&SYSNDX)
         MEND
         MACRO
         OUTER &N
         INNER
         INNER
         MEND
T        CSECT
         OUTER
         OUTER
         INNER
         END
"""
    a = asm(src)
    assert a.errors == []
    # OUTER=1, INNER=2,3, OUTER=4, INNER=5,6, INNER=7
    assert words(a, 5) == [2, 3, 5, 6, 7]
    assert {k for k in a.symbols if k.startswith("LBL")} == \
        {"LBL0002", "LBL0003", "LBL0005", "LBL0006", "LBL0007"}


def test_aif_loop_seta_and_syslist():
    src = """         MACRO
         TABLE
         LCLA  &I
&I       SETA  1
.LOOP    AIF   (&I GT N'&SYSLIST).DONE
         DC    A(&SYSLIST(&I)*&I)
&I       SETA  &I+1
         AGO   .LOOP
.DONE    MEND
T        CSECT
         TABLE 5,6,7,8
         END
"""
    a = asm(src)
    assert a.errors == []
    assert words(a, 4) == [5, 12, 21, 32]


def test_sublists_and_counts():
    src = """         MACRO
         SUB   &P,&Q
&A       SETA  N'&P
&B       SETA  N'&Q
&C       SETA  K'&Q
         DC    A(&A,&B,&C)
         DC    A(&P(2),&P(3))
         MEND
T        CSECT
         SUB   (10,20,30),ABCD
         END
"""
    a = asm(src)
    assert a.errors == []
    assert words(a, 5) == [3, 1, 4, 20, 30]


def test_global_and_local_set_symbols():
    src = """         MACRO
         COUNT
         GBLA  &CNT
         LCLA  &LOC
&CNT     SETA  &CNT+1
&LOC     SETA  &LOC+1
         DC    A(&CNT,&LOC)
         MEND
T        CSECT
         COUNT
         COUNT
         COUNT
         END
"""
    a = asm(src)
    assert a.errors == []
    assert words(a, 6) == [1, 1, 2, 1, 3, 1]


def test_setc_setb_strings_and_open_code_conditional():
    src = """&S       SETC  'HELLO'
&T       SETC  '&S'(2,3).'X'
&U       SETC  (2)'AB'
&B       SETB  ('&S' EQ 'HELLO' AND 3 GT 2)
&N       SETA  K'&T+X'10'
T        CSECT
         AIF   (NOT &B).SKIP
         DC    C'&T&U'
.SKIP    ANOP
         DC    AL1(&N)
         AIF   ('&S' NE 'HELLO').BAD
         DC    C'OK'
         AGO   .END
.BAD     DC    C'BAD'
.END     END
"""
    a = asm(src)
    assert a.errors == []
    assert a.image == "ELLXABAB".encode("cp037") + bytes([4 + 16]) + b"\xd6\xd2"


def test_type_and_length_attributes_in_macros():
    src = """         MACRO
         WHAT  &X
         DC    C'&X:'
         AIF   (T'&X EQ 'F').FULL
         AIF   (T'&X EQ 'N').NUM
         AIF   (T'&X EQ 'O').OMIT
         DC    C'T=U,'
         MEXIT
.FULL    DC    C'F',AL1(L'&X)
         MEXIT
.NUM     DC    C'N'
         MEXIT
.OMIT    DC    C'O'
         MEND
T        CSECT
         WHAT  WORD
         WHAT  12
         WHAT
         WHAT  LATER
WORD     DC    F'0'
         END
"""
    a = asm(src)
    assert a.errors == []
    assert a.image[:11] == "WORD:F".encode("cp037") + bytes([4]) + "12:N".encode("cp037")
    assert a.image[11:23] == ":OLATER:T=U,".encode("cp037")


def test_lookahead_attribute_of_forward_symbol():
    src = """         MACRO
         LEN   &X
         DC    AL1(L'&X)
         DC    C'&X'
         AIF   (T'&X NE 'C').NOTC
         DC    C'C'
.NOTC    MEND
T        CSECT
         LEN   FIELD
FIELD    DC    CL7'A'
         END
"""
    a = asm(src)
    assert a.errors == []
    assert a.image[:7] == bytes([7]) + "FIELDC".encode("cp037")


def test_mnote_severity_sets_rc_and_message():
    src = """         MACRO
         CHECK &X
         AIF   ('&X' NE '').OK
         MNOTE 8,'CHECK: operand missing'
         MEXIT
.OK      MNOTE *,'fine'
         MEND
T        CSECT
         CHECK
         CHECK A
         END
"""
    a = asm(src)
    assert a.rc == 8
    assert a.errors == ["<string>:9: CHECK: operand missing"]
    assert "fine" in a.listing()
    a = asm(src.replace("MNOTE 8,", "MNOTE 4,"))
    assert a.rc == 4


def test_actr_stops_infinite_loop():
    src = """.L       AGO   .L
         END
"""
    a = asm(src)
    assert a.rc >= 8
    assert any("ACTR" in e for e in a.errors)


def test_macro_library_and_copy(tmp_path):
    (tmp_path / "SAVEREGS.mac").write_text(
        "         MACRO\n&L       SAVEREGS\n&L       STM   14,12,12(13)\n         MEND\n")
    (tmp_path / "CONSTS.copy").write_text("ONE      DC    F'1'\nTWO      DC    F'2'\n")
    src = """T        CSECT
         SAVEREGS
         COPY  CONSTS
         END
"""
    a = asm(src, libpath=[str(tmp_path)])
    assert a.errors == []
    assert a.image.hex().upper() == "90ECD00C" "00000001" "00000002"
    a = asm(src)
    assert a.rc >= 8 and len(a.errors) == 2


def test_macro_calls_macro_with_sysect_and_aread():
    src = """         MACRO
         INNER &A
         DC    C'&A'
         MEND
         MACRO
         OUTER
         LCLC  &CARD
&CARD    AREAD
&C4      SETC  '&CARD'(1,4)
         INNER &SYSECT
         DC    C'&C4'
         MEND
PROG     CSECT
         OUTER
ABCDEFGH
         END
"""
    a = asm(src)
    assert a.errors == []
    assert a.image == "PROGABCD".encode("cp037")


def test_unknown_variable_and_bad_macro_are_messages():
    for src in ("         DC    C'&NOPE'\n         END\n",
                "         MACRO\n         BAD\n         AIF   (1 EQ).X\n         MEND\n         BAD\n         END\n",
                "         MACRO\n         NOEND\n",
                "&A       SETA  'ABC'\n         END\n",
                "         AGO   .NOWHERE\n         END\n"):
        a = asm(src)
        assert a.rc >= 8 and a.errors, src
