"""The open points of issue 8 about intercepts: an early specification exception
(an invalid PSW made current) goes to CP when CP asked for specification
exceptions; in trap-and-emulate the external interruptions the core presents are
counted as the exits VM/370 had for them; several posted external interruption
codes are all presented, in the order posted, without waiting for another exit.
"""

import pytest

from s370.cpu import layout as L

from cpu_harness import NEW_IA, dw
from sie import Intercept, StateDescription, post_external, reflect_program, run_guest
from test_sie_intercepts import guest

MODES = ["interpretive", "trap"]
INVALID_EC_PSW = bytes.fromhex("0808000000003000")      # EC mode with bit 4 on


@pytest.mark.parametrize("mode", MODES)
def test_early_specification_exception_is_intercepted_when_asked(mode):
    sd, s = guest("""
         LPSW  BAD
         DS    0D
BAD      DC    X'08080000',A(X'3000')
""", ec=True, mode=mode)
    sd.program_intercepts = {L.PIC_SPECIFICATION}
    assert run_guest(sd, 100) == Intercept.PROGRAM
    assert sd.intercept_program_code == L.PIC_SPECIFICATION
    assert dw(sd, L.LOC_PGM_OLD) == 0                   # not taken yet
    assert sd.psw == INVALID_EC_PSW                      # the invalid PSW is current
    reflect_program(sd, sd.intercept_program_code)       # CP passes it on
    assert sd.ia == NEW_IA[L.LOC_PGM_NEW]
    assert dw(sd, L.LOC_PGM_OLD) == int.from_bytes(INVALID_EC_PSW, "big")
    assert sd.read(L.LOC_PGM_ILC, 3) == bytes([0, 0, L.PIC_SPECIFICATION])   # ILC 0


@pytest.mark.parametrize("mode", MODES)
def test_early_specification_exception_taken_by_the_guest_when_not_asked(mode):
    sd = StateDescription(1 << 16, clock="deterministic", mode=mode)
    sd.load(L.LOC_PGM_NEW, bytes.fromhex("000A00000000A0A0"))
    assert not sd.set_psw(INVALID_EC_PSW)
    assert run_guest(sd, 100) == Intercept.DISABLED_WAIT
    assert sd.ia == 0xA0A0 and dw(sd, L.LOC_PGM_OLD) == int.from_bytes(INVALID_EC_PSW, "big")


def test_a_loop_of_invalid_new_psws_ends_with_the_budget_in_trap_mode():
    sd = StateDescription(1 << 16, clock="deterministic", mode="trap")
    sd.load(L.LOC_PGM_NEW, INVALID_EC_PSW)              # the program new PSW is invalid too
    assert not sd.set_psw(INVALID_EC_PSW)
    assert run_guest(sd, 50) == Intercept.TIMESLICE
    assert sd.counters["reflect"] >= 49


EXT_PROGRAM = """
         STOSM SAVE,X'01'           enable external
         LA    2,2
         DIAG  0,0,0
SAVE     DC    X'00'
"""
EXT_HANDLER = """
HANDLER  DS    0H
         LH    3,134                 the code
         STH   3,0(4)
         LA    4,2(4)
         LPSW  24                    back (old PSW)
"""


def ext_guest(mode):
    """EC guest whose external handler appends each interruption code at X'3000'."""
    sd, s = guest(EXT_PROGRAM + EXT_HANDLER, ec=True, mode=mode)
    sd.load(L.LOC_EXT_NEW, (0x0008000000000000 | s["HANDLER"]).to_bytes(8, "big"))
    sd.set_gpr(4, 0x3000)
    sd.set_cr(0, 0)
    return sd, s


@pytest.mark.parametrize("mode", MODES)
def test_posted_external_codes_presented_in_order(mode):
    sd, s = ext_guest(mode)
    for code in (0x4001, 0x1201, 0x0040):
        post_external(sd, code, subclass_mask=0)
    assert run_guest(sd, 1000) == Intercept.DIAGNOSE     # all three before the DIAGNOSE
    assert sd.read(0x3000, 6) == bytes.fromhex("4001 1201 0040")
    assert sd.get_gpr(4) == 0x3006 and sd.get_gpr(2) == 2
    assert not sd.ext_queue and sd.S[L.EXT_POSTED] == 0


def test_trap_mode_counts_external_interruptions_as_exits():
    counts = {}
    for mode in MODES:
        sd, s = ext_guest(mode)
        for code in (0x4001, 0x4001):
            post_external(sd, code, subclass_mask=0)
        assert run_guest(sd, 1000) == Intercept.DIAGNOSE
        assert sd.read(0x3000, 4) == bytes.fromhex("4001 4001")
        counts[mode] = sd.counters["reflect-external"]
    assert counts == {"interpretive": 0, "trap": 2}
