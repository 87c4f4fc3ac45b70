"""Each intercept reason of sie.run_guest, with its parameters; what does not intercept.

Programs are assembled at ORG with base register 12 (tests/cpu_harness.py); the
guest is a sie.StateDescription with the deterministic clock.
"""

import threading

import pytest

from s370.asm import assemble
from s370.cpu import layout as L

from cpu_harness import ORG, NEW_IA, bc_psw, ec_psw, dw, word, pgm_bc
from sie import (Intercept, StateDescription, run_guest, post_io_interrupt, post_external,
                 reflect_program, request_exit, set_guest_tod, VALIDITY_REASONS)


def guest(src, ec=False, mode="interpretive", memsize=1 << 16, psw=None, **kw):
    a = assemble(" USING *,12\n" + src + "\n END", origin=ORG)
    assert not a.errors, a.errors
    sd = StateDescription(memsize=memsize, clock="deterministic", mode=mode, **kw)
    sd.load(ORG, a.image)
    sd.set_gpr(12, ORG)
    mk = ec_psw if ec else bc_psw
    for loc, ia in NEW_IA.items():
        sd.load(loc, mk(ia, w=1).to_bytes(8, "big"))
    sd.load(L.LOC_ITIMER, b"\x7f\xff\xff\xff")
    assert sd.set_psw(psw if psw is not None else mk(ORG))
    return sd, a.symbols


MODES = ["interpretive", "trap"]


@pytest.mark.parametrize("mode", MODES)
def test_diagnose_intercept_parameters(mode):
    sd, s = guest("""
         LA    3,5
DG       DIAG  3,4,X'0008'
         LA    5,1
""", mode=mode)
    assert run_guest(sd, 100) == Intercept.DIAGNOSE
    assert sd.intercept_opcode == 0x83
    assert sd.intercept_address & 0xFFFF == 8
    assert (sd.intercept_r1, sd.intercept_r3) == (3, 4)
    assert sd.intercept_image == bytes.fromhex("83340008")
    assert sd.intercept_instruction_address == s["DG"]
    assert sd.ia == s["DG"] + 4                       # PSW past the DIAGNOSE
    assert sd.counters[Intercept.DIAGNOSE] == 1


@pytest.mark.parametrize("mode", MODES)
def test_io_instruction_intercept_with_image_and_operand(mode):
    sd, s = guest("""
IO       SIO   X'00E'(0)
""", mode=mode)
    assert run_guest(sd, 100) == Intercept.IO_INSTRUCTION
    assert sd.intercept_opcode == 0x9C00
    assert sd.intercept_address == 0x00E
    assert sd.intercept_image == bytes.fromhex("9C00000E")
    assert sd.ia == s["IO"] + 4


@pytest.mark.parametrize("mode", MODES)
def test_sigp_and_sck_intercept(mode):
    sd, s = guest("""
         LA    3,0
SG       SIGP  2,3,X'02'
SC       SCK   CLOCK
         DS    0D
CLOCK    DC    X'8000000000000000'
""", mode=mode)
    assert run_guest(sd, 100) == Intercept.SIGP
    assert sd.intercept_opcode == 0xAE and sd.intercept_address == 2
    assert (sd.intercept_r1, sd.intercept_r3) == (2, 3)
    assert sd.ia == s["SG"] + 4
    assert sd.S[L.EXT_PENDING] == 0                   # the core did not perform it
    assert run_guest(sd, 100) == Intercept.SCK
    assert sd.intercept_opcode == 0xB204 and sd.intercept_address == s["CLOCK"]
    # CP performs SCK on the guest's epoch
    set_guest_tod(sd, dw(sd, s["CLOCK"]))
    assert int(sd.S[L.TOD]) & (2 ** 64 - 1) == 1 << 63


@pytest.mark.parametrize("mode", MODES)
def test_enabled_and_disabled_wait(mode):
    sd, s = guest("""
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'01020000',A(0)      external-enabled wait
""", mode=mode)
    sd.set_cr(0, 0)                                   # no timer subclass enabled
    assert run_guest(sd, 100) == Intercept.ENABLED_WAIT
    sd2, _ = guest("""
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'00020000',A(X'123')   disabled wait, code 123
""", mode=mode)
    assert run_guest(sd2, 100) == Intercept.DISABLED_WAIT
    assert sd2.ia == 0x123


@pytest.mark.parametrize("mode", MODES)
def test_timeslice_ends_after_budget(mode):
    sd, s = guest("""
LOOP     SSM   MASK
         B     LOOP
MASK     DC    X'00'
""", mode=mode)
    assert run_guest(sd, 1000) == Intercept.TIMESLICE
    assert sd.instcount == 1000
    assert run_guest(sd, 500) == Intercept.TIMESLICE
    assert sd.instcount == 1500


def test_privileged_in_supervisor_state_do_not_intercept_but_trap_mode_does():
    src = """
         LA    6,10
LOOP     SSM   MASK
         STOSM SAVE,X'00'
         STNSM SAVE,X'FF'
         LCTL  0,0,CR0
         STCTL 0,0,CR0
         SPKA  0
         IPK
         STIDP ID
         STAP  ADDR
         BCT   6,LOOP
         DIAG  0,0,0
MASK     DC    X'00'
SAVE     DC    X'00'
         DS    0F
CR0      DC    X'000000E0'
ADDR     DC    H'0'
         DS    0D
ID       DC    D'0'
"""
    a, _ = guest(src, mode="interpretive")
    b, _ = guest(src, mode="trap")
    assert run_guest(a, 10_000) == Intercept.DIAGNOSE
    assert run_guest(b, 10_000) == Intercept.DIAGNOSE
    assert a.privileged_in_loop == 90
    assert a.counters["trap"] == 0
    assert b.counters["trap"] == 91                   # each one left the loop, DIAG too
    assert a.gprs == b.gprs and a.read(0, 1 << 16) == b.read(0, 1 << 16)
    assert a.instcount == b.instcount


@pytest.mark.parametrize("mode", MODES)
def test_problem_state_guest_gets_its_own_privileged_operation(mode):
    sd, s = guest("""
PRIV     SSM   MASK
MASK     DC    X'00'
""", mode=mode, psw=bc_psw(ORG, p=1))
    assert run_guest(sd, 100) == Intercept.DISABLED_WAIT
    assert pgm_bc(sd) == (L.PIC_PRIVILEGED, 2, s["PRIV"] + 4)   # the guest's program new PSW
    assert sd.counters[Intercept.PROGRAM] == 0


@pytest.mark.parametrize("mode", MODES)
def test_program_interruption_intercept_only_for_classes_asked(mode):
    src = """
         LA    1,1
         DR    1,1               specification: odd R1
         DC    H'0'              operation exception
"""
    sd, s = guest(src, mode=mode)
    sd.program_intercepts = {L.PIC_OPERATION}
    # specification is not asked for: the guest takes it itself
    assert run_guest(sd, 100) == Intercept.DISABLED_WAIT
    assert pgm_bc(sd)[0] == L.PIC_SPECIFICATION
    sd2, s2 = guest("""
OP       DC    H'0'
""", mode=mode)
    sd2.program_intercepts = {L.PIC_OPERATION}
    assert run_guest(sd2, 100) == Intercept.PROGRAM
    assert sd2.intercept_program_code == L.PIC_OPERATION
    assert sd2.intercept_instruction_address == s2["OP"]
    assert dw(sd2, L.LOC_PGM_OLD) == 0                # not yet taken
    reflect_program(sd2, sd2.intercept_program_code)  # CP traced it; now the guest sees it
    assert pgm_bc(sd2) == (L.PIC_OPERATION, 1, s2["OP"] + 2)


def test_opcode_interception_and_resume_executes_it():
    sd, s = guest("""
         LA    1,7
BR       BALR  14,0
         LA    2,9
         DIAG  0,0,0
""")
    sd.opcode_intercepts = {0x05}
    assert run_guest(sd, 100) == Intercept.INSTRUCTION
    assert sd.ia == s["BR"] and sd.intercept_opcode == 0x05
    assert sd.get_gpr(14) == 0
    assert run_guest(sd, 100) == Intercept.DIAGNOSE       # resumes by executing it
    assert sd.get_gpr(14) & 0xFFFFFF == s["BR"] + 2 and sd.get_gpr(2) == 9


def test_single_step_intercept():
    sd, s = guest("""
         LA    1,7
         LA    2,9
""")
    sd.single_step = True
    assert run_guest(sd, 100) == Intercept.TRACE
    assert sd.get_gpr(1) == 7 and sd.get_gpr(2) == 0


@pytest.mark.parametrize("mode", MODES)
def test_posted_io_interruption_presented_under_guest_masks(mode):
    sd, s = guest("""
         SSM   OFF
         LA    1,1
         SSM   ON                 channel 0 enabled
AFTER    LA    2,2
OFF      DC    X'00'
ON       DC    X'80'
""", mode=mode)
    post_io_interrupt(sd, 0x00E, bytes.fromhex("0000200C00000000"))
    assert run_guest(sd, 100) == Intercept.DISABLED_WAIT
    assert sd.ia == NEW_IA[L.LOC_IO_NEW]
    old = dw(sd, L.LOC_IO_OLD)
    assert (old >> 32) & 0xFFFF == 0x00E                 # BC: device address in the old PSW
    assert sd.read(L.LOC_CSW, 8) == bytes.fromhex("0000200C00000000")
    assert sd.get_gpr(1) == 1 and sd.get_gpr(2) == 0     # taken right after SSM ON
    assert old & 0xFFFFFF == s["AFTER"]


@pytest.mark.parametrize("mode", MODES)
def test_posted_external_vmcf_ec_mode_code_stored(mode):
    sd, s = guest("""
         LA    1,1
         STOSM SAVE,X'01'           enable external
         LA    2,2
SAVE     DC    X'00'
""", ec=True, mode=mode)
    post_external(sd, 0x4001)
    assert run_guest(sd, 100) == Intercept.DISABLED_WAIT
    assert sd.ia == NEW_IA[L.LOC_EXT_NEW]
    assert int.from_bytes(sd.read(L.LOC_EXT_CODE, 2), "big") == 0x4001
    assert sd.get_gpr(1) == 1 and sd.get_gpr(2) == 0


def test_posted_clock_comparator_code_needs_its_subclass_mask():
    sd, s = guest("""
         STOSM SAVE,X'01'
         DIAG  0,0,0
SAVE     DC    X'00'
""", ec=True)
    sd.set_cr(0, 0)                                      # CR0 bit 20 off
    post_external(sd, 0x1004)
    assert run_guest(sd, 100) == Intercept.DIAGNOSE      # masked: still pending
    sd.set_cr(0, L.CR0_CKC)
    assert run_guest(sd, 100) == Intercept.DISABLED_WAIT
    assert sd.ia == NEW_IA[L.LOC_EXT_NEW]
    assert int.from_bytes(sd.read(L.LOC_EXT_CODE, 2), "big") == 0x1004


def test_request_from_another_thread_ends_a_running_guest():
    sd, _ = guest("""
LOOP     B     LOOP
""")
    t = threading.Timer(0.2, request_exit, (sd,))
    t.start()
    assert run_guest(sd, 1 << 40) == Intercept.REQUEST
    t.join()
    assert sd.instcount > 0


def test_validity_intercepts():
    sd, _ = guest(" DIAG 0,0,0\n")
    assert run_guest(sd, 0) == Intercept.VALIDITY and sd.validity_reason == 7
    sd.S[L.PREFIX] = 1 << 20
    assert run_guest(sd, 10) == Intercept.VALIDITY and sd.validity_reason == 5
    sd.S[L.PREFIX] = 0
    sd.S[L.MEMSIZE] = 1 << 17                            # claims more than its array
    assert run_guest(sd, 10) == Intercept.VALIDITY and sd.validity_reason == 2
    assert set(VALIDITY_REASONS) >= {2, 5, 7}
    assert sd.instcount == 0


def test_validity_is_checked_again_after_a_valid_dispatch():
    # run_guest remembers the last state found valid; a change after it must still be seen
    sd, _ = guest(" DIAG 0,0,0\n B *-4\n")
    assert run_guest(sd, 10) == Intercept.DIAGNOSE
    sd.S[L.PREFIX] = 1 << 20
    assert run_guest(sd, 10) == Intercept.VALIDITY and sd.validity_reason == 5
    sd.S[L.PREFIX] = 0
    assert run_guest(sd, 10) == Intercept.DIAGNOSE
    sd.keys = sd.keys[:-1].copy()                         # a new, short storage-key array
    assert run_guest(sd, 10) == Intercept.VALIDITY and sd.validity_reason == 3


def test_stidp_in_a_virtual_machine_has_version_ff_and_directory_cpu_address():
    sd, s = guest("""
         STIDP ID
         STAP  ADDR
         DIAG  0,0,0
         DS    0D
ID       DC    D'0'
ADDR     DC    H'0'
""", cpu_address=3)
    assert run_guest(sd, 100) == Intercept.DIAGNOSE
    assert sd.read(s["ID"], 1) == b"\xff"
    assert sd.read(s["ADDR"], 2) == b"\x00\x03"
