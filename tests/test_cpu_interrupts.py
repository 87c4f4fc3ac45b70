"""Interruptions, from the Principles of Operation (GA22-7000-4 ch.4, -10 ch.6).

Old/new PSW locations for program, SVC, external, I/O and restart; the BC way
(code and ILC in the old PSW) against the EC way (codes at 134-143 and 184-187);
masking by the PSW and by the CR0 subclass masks; the program mask; the
priority and grouping of external conditions; wait states and their exits.
"""

import pytest

from s370.cpu import layout as L
from s370.cpu import CPU

from cpu_harness import (ORG, NEW_IA, bc_psw, ec_psw, machine, dw, word, half, bc_fields, pgm_ec)



EXT_TRAP = NEW_IA[L.LOC_EXT_NEW]
IO_TRAP = NEW_IA[L.LOC_IO_NEW]
SVC_TRAP = NEW_IA[L.LOC_SVC_NEW]


# ----------------------------------------------------------------------------- SVC
def test_svc_bc_code_and_ilc_in_old_psw():
    cpu, s = machine("""
         SPM   1
         SVC   X'42'
NEXT     DIAG  0,0,0
""", psw=bc_psw(ORG, key=6, cc=1))
    cpu.set_gpr(1, 0x2A000000)                  # CC 2, program mask A
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == SVC_TRAP
    assert dw(cpu, L.LOC_SVC_OLD) == bc_psw(s["NEXT"], key=6, code=0x42, ilc=1, cc=2, pm=0xA)


def test_svc_ec_code_at_136_and_old_psw_without_code():
    cpu, s = machine("""
         SVC   255
NEXT     DIAG  0,0,0
""", ec=True, psw=ec_psw(ORG, key=6, cc=3, pm=5))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == SVC_TRAP
    assert cpu.read(136, 4) == bytes.fromhex("000200FF")      # ILC 1 in bits 5-6 of 137
    assert dw(cpu, L.LOC_SVC_OLD) == ec_psw(s["NEXT"], key=6, cc=3, pm=5)


def test_svc_under_execute_has_ilc_2():
    cpu, s = machine("""
         LA    1,X'05'
         EX    1,TARGET
NEXT     DIAG  0,0,0
TARGET   SVC   X'10'
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, _, _, ia = bc_fields(dw(cpu, L.LOC_SVC_OLD))
    assert (code, ilc, ia) == (0x15, 2, s["NEXT"])


# ----------------------------------------------------------------------------- program
def test_program_interruption_bc():
    cpu, s = machine("""
         DC    X'B2FF0000'           unassigned: operation exception
""", psw=bc_psw(ORG, key=2, cc=2, pm=3))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert dw(cpu, L.LOC_PGM_OLD) == bc_psw(ORG + 4, key=2, code=1, ilc=2, cc=2, pm=3)


def test_program_interruption_ec():
    cpu, s = machine("""
         DC    X'0000'               operation exception, ILC 1
""", ec=True, psw=ec_psw(ORG, key=2, cc=2, pm=3))
    cpu.load(140, b"\xFF" * 4)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.read(140, 4) == bytes.fromhex("00020001")
    assert dw(cpu, L.LOC_PGM_OLD) == ec_psw(ORG + 2, key=2, cc=2, pm=3)


def test_program_interruption_ilc_3():
    cpu, s = machine("""
         MVC   0(256,0),0(15)        source beyond storage: addressing
NEXT     DIAG  0,0,0
""", ec=True, memsize=1 << 16)
    cpu.set_gpr(15, 0xFF0000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu)[:2] == (L.PIC_ADDRESSING, 3)


@pytest.mark.parametrize("pm,interrupt", [(0, False), (8, True)])
def test_fixed_point_overflow_masked_by_program_mask(pm, interrupt):
    cpu, s = machine("""
         L     1,=X'7FFFFFFF'
         AR    1,1
NEXT     DIAG  0,0,0
         LTORG
""", psw=bc_psw(ORG, pm=pm))
    reason = cpu.run(100)
    assert cpu.get_gpr(1) == 0xFFFFFFFE              # completion: the result is stored
    if interrupt:
        assert reason == L.EXIT_DISABLED_WAIT
        code, ilc, cc, _, ia = bc_fields(dw(cpu, L.LOC_PGM_OLD))
        assert (code, ilc, cc, ia) == (L.PIC_FIXED_OVERFLOW, 1, 3, s["NEXT"])
    else:
        assert reason == L.EXIT_DIAG and cpu.cc == 3 and cpu.S[L.PGM_COUNT] == 0


@pytest.mark.parametrize("pm,interrupt", [(0, False), (4, True)])
def test_decimal_overflow_masked_by_program_mask(pm, interrupt):
    cpu, s = machine("""
         AP    A,B
NEXT     DIAG  0,0,0
A        DC    P'999'
B        DC    P'1'
""", ec=True, psw=ec_psw(ORG, pm=pm))
    reason = cpu.run(100)
    assert cpu.read(s["A"], 2) == bytes.fromhex("000C")
    if interrupt:
        assert reason == L.EXIT_DISABLED_WAIT
        assert pgm_ec(cpu) == (L.PIC_DECIMAL_OVERFLOW, 3, s["NEXT"])
    else:
        assert reason == L.EXIT_DIAG and cpu.cc == 3


# ----------------------------------------------------------------------------- external
@pytest.mark.parametrize("ec", [False, True], ids=["BC", "EC"])
def test_interrupt_key_external_interruption(ec):
    mk = ec_psw if ec else bc_psw
    cpu, s = machine("""
LOOP     BC    15,LOOP
""", ec=ec, psw=mk(ORG, sysmask=0x01, cc=1))
    cpu.interrupt_key()
    cpu.load(134, b"\xFF\xFF")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == EXT_TRAP
    old = dw(cpu, L.LOC_EXT_OLD)
    if ec:
        assert half(cpu, 134) == 0x0040
        assert old == ec_psw(ORG, sysmask=0x01, cc=1)
    else:
        code, _, cc, _, ia = bc_fields(old)
        assert (code, cc, ia) == (0x0040, 1, ORG)
        assert old >> 48 == 0x0100
        assert half(cpu, 134) == 0xFFFF              # BC mode: nothing stored at 134


def test_external_masked_by_psw_then_enabled_by_ssm():
    cpu, s = machine("""
         LA    2,100
LOOP     BCT   2,LOOP
         SSM   ON
NEXT     DIAG  0,0,0
ON       DC    X'01'
""", ec=True)
    cpu.interrupt_key()
    assert cpu.run(1000) == L.EXIT_DISABLED_WAIT
    assert cpu.get_gpr(2) == 0                       # the loop ran to the end first
    assert half(cpu, 134) == 0x0040
    assert dw(cpu, L.LOC_EXT_OLD) & 0xFFFFFF == s["NEXT"]


def test_external_masked_by_cr0_subclass():
    cpu, s = machine("""
         LA    2,100
LOOP     BCT   2,LOOP
         LCTL  0,0,CR0
NEXT     DIAG  0,0,0
         DS    0F
CR0      DC    X'00000040'           interrupt-key mask
""", ec=True, psw=ec_psw(ORG, sysmask=0x01))
    cpu.set_cr(0, 0x000000A0)                        # interval timer, external signal only
    cpu.interrupt_key()
    assert cpu.run(1000) == L.EXIT_DISABLED_WAIT
    assert cpu.get_gpr(2) == 0
    assert half(cpu, 134) == 0x0040
    assert dw(cpu, L.LOC_EXT_OLD) & 0xFFFFFF == s["NEXT"]


def test_external_group_reported_together():
    """Interval timer, interrupt key and external signals: one interruption, codes OR'ed."""
    cpu, s = machine("""
         LA    2,2000                interval timer runs out meanwhile
LOOP     BCT   2,LOOP
         SSM   ON
NEXT     DIAG  0,0,0
ON       DC    X'01'
""", ec=True)
    cpu.load(L.LOC_ITIMER, bytes(4))
    cpu.set_cr(0, 0x000000E0)
    cpu.interrupt_key()
    cpu.external_signal(3)                           # code bit X'0010'
    assert cpu.run(10000) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x0080 | 0x0040 | 0x0010
    assert cpu.S[L.EXT_COUNT] == 1
    # all three conditions were cleared by the one interruption
    assert cpu.set_psw(dw(cpu, L.LOC_EXT_OLD))
    assert cpu.run(50) == L.EXIT_DIAG
    assert cpu.S[L.EXT_COUNT] == 1


def test_emergency_signal_before_external_call():
    cpu, s = machine("""
         SIGP  4,0,2                 external call to self
         SIGP  4,0,3                 emergency signal to self
         SSM   ON
NEXT     DIAG  0,0,0
ON       DC    X'01'
""", ec=True)
    cpu.set_cr(0, 0x00006000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x1201
    assert cpu.set_psw(dw(cpu, L.LOC_EXT_OLD))      # return to the enabled program
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x1202
    assert dw(cpu, L.LOC_EXT_OLD) & 0xFFFFFF == s["NEXT"]
    assert cpu.set_psw(dw(cpu, L.LOC_EXT_OLD))
    assert cpu.run(100) == L.EXIT_DIAG


# ----------------------------------------------------------------------------- I/O
def test_io_interruption_bc_code_in_old_psw():
    cpu, s = machine("""
LOOP     BC    15,LOOP
""", psw=bc_psw(ORG, sysmask=0x80, cc=2))
    cpu.S[L.IO_PENDING] |= 1 << 0
    assert cpu.run(100) == L.EXIT_IOINT
    cpu.io_interrupt(0x00E)
    cpu.S[L.IO_PENDING] = 0
    assert cpu.ia == IO_TRAP
    code, _, cc, _, ia = bc_fields(dw(cpu, L.LOC_IO_OLD))
    assert (code, cc, ia) == (0x000E, 2, ORG)


def test_io_interruption_ec_address_at_184():
    cpu, s = machine("""
LOOP     BC    15,LOOP
""", ec=True, psw=ec_psw(ORG, sysmask=0x02, cc=2))
    cpu.load(184, b"\xFF" * 4)
    cpu.S[L.IO_PENDING] |= 1 << 2
    assert cpu.run(100) == L.EXIT_IOINT
    cpu.io_interrupt(0x234)
    cpu.S[L.IO_PENDING] = 0
    assert cpu.ia == IO_TRAP
    assert word(cpu, 184) == 0x00000234
    assert dw(cpu, L.LOC_IO_OLD) == ec_psw(ORG, sysmask=0x02, cc=2)


def test_io_masks_bc_and_ec():
    cpu = CPU(memsize=1 << 16)
    cpu.set_cr(2, 0x00800000)                         # channel 8 only
    cpu.set_psw(bc_psw(0x1000, sysmask=0x84))         # channels 0 and 5
    assert [c for c in range(16) if cpu.io_enabled(c)] == [0, 5]
    cpu.set_psw(bc_psw(0x1000, sysmask=0x02))         # channels >= 6 under CR2
    assert [c for c in range(32) if cpu.io_enabled(c)] == [8]
    cpu.set_cr(2, 0xC0800000)
    assert [c for c in range(32) if cpu.io_enabled(c)] == [8]   # 0-5 not from CR2 in BC
    cpu.set_psw(ec_psw(0x1000, sysmask=0x02))
    assert [c for c in range(32) if cpu.io_enabled(c)] == [0, 1, 8]
    cpu.set_psw(ec_psw(0x1000, sysmask=0x01))
    assert not any(cpu.io_enabled(c) for c in range(32))


def test_io_pending_on_masked_channel_is_not_taken():
    cpu, s = machine("""
         LA    2,50
LOOP     BCT   2,LOOP
         DIAG  0,0,0
""", psw=bc_psw(ORG, sysmask=0x80))
    cpu.S[L.IO_PENDING] |= 1 << 1                     # channel 1: masked
    assert cpu.run(1000) == L.EXIT_DIAG


# ----------------------------------------------------------------------------- restart
def test_restart_interruption():
    cpu, s = machine("""
         LPSW  STOPPSW
         DS    0D
STOPPSW  DC    X'00020000'            disabled wait
         DC    X'0000ABCD'
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == 0xABCD
    cpu.restart()
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == NEW_IA[L.LOC_IPL_PSW]           # new PSW from location 0
    assert dw(cpu, L.LOC_RESTART_OLD) == bc_psw(0xABCD, w=1)


# ----------------------------------------------------------------------------- wait state
def test_enabled_wait_exit_and_external_interruption_ends_it():
    cpu, s = machine("""
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'010A0000'            EC, external mask, wait
         DC    A(X'4444')
""", ec=True)
    cpu.set_cr(0, 0x00000040)
    assert cpu.run(100) == L.EXIT_WAIT
    assert cpu.wait
    assert cpu.run(100) == L.EXIT_WAIT                # nothing happened: still waiting
    cpu.interrupt_key()
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == EXT_TRAP
    assert dw(cpu, L.LOC_EXT_OLD) == ec_psw(0x4444, sysmask=0x01, w=1)


def test_disabled_wait_exit():
    cpu, s = machine("""
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'00020000'
         DC    A(X'00DEAD')
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.psw == bc_psw(0xDEAD, w=1).to_bytes(8, "big")


def test_io_interruption_ends_wait():
    cpu, s = machine("""
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'80020000'            BC, channel 0 mask, wait
         DC    A(X'5555')
""")
    assert cpu.run(100) == L.EXIT_WAIT
    cpu.S[L.IO_PENDING] |= 1
    assert cpu.run(100) == L.EXIT_IOINT
    cpu.io_interrupt(0x00C)
    cpu.S[L.IO_PENDING] = 0
    code, _, _, _, ia = bc_fields(dw(cpu, L.LOC_IO_OLD))
    assert (code, ia) == (0x000C, 0x5555)
    assert dw(cpu, L.LOC_IO_OLD) >> 48 == 0x8002
    assert cpu.ia == IO_TRAP


# ----------------------------------------------------------------------------- new-PSW errors
def test_invalid_new_psw_early_exception_before_pending_external():
    """An invalid PSW that enables for a pending external: the program interruption wins."""
    invalid = ec_psw(0x3000, sysmask=0x01) | (1 << (63 - 17))
    cpu, s = machine(f"""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'{invalid:016X}'
""", ec=True)
    cpu.set_cr(0, 0x00000040)
    cpu.interrupt_key()
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_SPECIFICATION, 0, 0x3000)
    assert cpu.S[L.EXT_COUNT] == 0                    # still pending (program new PSW disabled)
    assert cpu.S[L.EXT_PENDING] & L.EXTP_INTKEY


def test_invalid_program_new_psw_loops():
    cpu, s = machine("""
         DC    X'0000'
""", ec=True)
    invalid = ec_psw(0x6000) | (1 << 63)
    cpu.load(L.LOC_PGM_NEW, invalid.to_bytes(8, "big"))
    assert cpu.run(50) == L.EXIT_BUDGET
    assert cpu.S[L.PGM_COUNT] >= 10
    assert dw(cpu, L.LOC_PGM_OLD) == invalid
    assert cpu.read(140, 4) == bytes.fromhex("00000006")


def test_odd_address_in_svc_new_psw_is_found_at_fetch():
    cpu, s = machine("""
         SVC   1
""")
    cpu.load(L.LOC_SVC_NEW, bc_psw(0x3333).to_bytes(8, "big"))
    assert cpu.run(10) == L.EXIT_DISABLED_WAIT
    code, ilc, _, _, ia = bc_fields(dw(cpu, L.LOC_PGM_OLD))
    assert code == L.PIC_SPECIFICATION
    assert ia == 0x3333 + 2 * ilc
    assert bc_fields(dw(cpu, L.LOC_SVC_OLD))[0] == 1


def test_interruptions_ignore_storage_keys():
    """Old PSWs are stored and new PSWs fetched without key-controlled protection."""
    cpu, s = machine("""
         SVC   9
""", psw=bc_psw(ORG, key=3))
    cpu.set_key(0, 0x58)                               # low storage: key 5, fetch-protected
    cpu.set_key(ORG, 0x30)
    assert cpu.run(10) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == SVC_TRAP
    assert bc_fields(dw(cpu, L.LOC_SVC_OLD))[0] == 9
    assert cpu.get_key(0) & 0x06 == 0x06                # referenced and changed
