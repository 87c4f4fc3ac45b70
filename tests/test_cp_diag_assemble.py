"""DIAGNOSE X'0100' (installation code: CMS ASSEMBLE through the host assembler) from a
guest program: START, SOURCE and MACLIB records, RUN, then the object deck and the
listing record by record; its errors (no START, bad subfunction, bad length)."""

from s370 import ebcdic
from s370.asm import assemble
from s370.cpu import layout as L

from cp.diag.assemble import macro_members
from cp_diag_harness import make_user, run, ended, program_check, cc_in, gpr, mem

E = ebcdic.encode

# The guest sends a one-macro library (unless left out) and a 3-line source, runs the
# assembler and fetches two TEXT cards and one listing line; R6/R7 keep the return
# code and the card count, R8 the condition code of the listing call.
MACLIB_CALLS = """
         LA    4,8
         LA    5,80
         LA    2,MAC1
         DIAG  2,4,X'0100'
         LA    2,MAC2
         DIAG  2,4,X'0100'
         LA    2,MAC3
         DIAG  2,4,X'0100'
         LA    2,MAC4
         DIAG  2,4,X'0100'
"""

GUEST = """
         LA    2,NAME
         LA    4,0
         DIAG  2,4,X'0100'
{maclib}
         LA    5,80
         LA    4,4
         LA    2,SRC1
         DIAG  2,4,X'0100'
         LA    2,SRC2
         DIAG  2,4,X'0100'
         LA    2,SRC3
         DIAG  2,4,X'0100'
         LA    4,12
         DIAG  2,4,X'0100'
         LR    6,4
         LR    7,5
         LA    2,CARD1
         LA    4,16
         DIAG  2,4,X'0100'
         LA    2,CARD2
         LA    4,16
         DIAG  2,4,X'0100'
         LA    2,LINE
         LA    4,20
         LA    5,121
         DIAG  2,4,X'0100'
         BALR  8,0
DATA
NAME     DC    CL8'TINY'
MAC1     DC    CL80'         MACRO'
MAC2     DC    CL80'         TWO'
MAC3     DC    CL80'         DC    H''2'''
MAC4     DC    CL80'         MEND'
SRC1     DC    CL80'TINY     CSECT'
SRC2     DC    CL80'         TWO'
SRC3     DC    CL80'         END'
CARD1    DS    CL80
CARD2    DS    CL80
LINE     DS    CL121
"""


def test_source_and_maclib_in_deck_and_listing_out():
    user, sym = make_user(GUEST.format(maclib=MACLIB_CALLS))
    run(user)
    assert ended(user)
    host = assemble("TINY     CSECT\n         DC    H'2'\n         END\n")
    deck = host.object_deck()
    assert gpr(user, 6) == 0 and gpr(user, 7) == len(deck) // 80
    assert mem(user, sym["CARD1"], 80)[:72] == deck[:72]
    assert mem(user, sym["CARD2"], 80)[:72] == deck[80:152]
    assert cc_in(user, 8) == 0
    line = ebcdic.decode(mem(user, sym["LINE"], 121))
    assert line.startswith(" ") and len(line) == 121


def test_without_the_macro_the_assembly_fails():
    user, sym = make_user(GUEST.format(maclib=""))
    run(user)
    assert ended(user)
    assert gpr(user, 6) >= 8                      # TWO is not a known operation


def test_no_session_is_cc2_and_bad_calls_are_specification_exceptions():
    user, _ = make_user("""
         LA    4,12
         DIAG  2,4,X'0100'
         BALR  8,0
         LA    4,24
         DIAG  2,4,X'0100'
""")
    run(user)
    assert cc_in(user, 8) == 2
    assert program_check(user)[0] == L.PIC_SPECIFICATION


def test_macro_members_split_a_library():
    lines = ["* A COMMENT", "         MACRO", "&L       ONE &A", "         MACRO",
             "         INNER", "         MEND", "         MEND", "         MACRO",
             "         TWO", ".* NOTE", "         MEND"]
    members = macro_members(lines)
    assert set(members) == {"ONE", "TWO"}
    assert members["ONE"][-1].split() == ["MEND"] and len(members["ONE"]) == 6


def test_a_library_name_that_is_not_a_symbol_is_ignored():
    lines = ["         MACRO", "         ../../ESCAPE", "         MEND",
             "         MACRO", "         GOOD$1", "         MEND"]
    assert set(macro_members(lines)) == {"GOOD$1"}
