"""Control side of the CPU, from the Principles of Operation (GA22-7000-4/-10).

PSW formats (BC/EC) through LPSW, early and late PSW specification exceptions,
SSM / STNSM / STOSM, SPKA / IPK, the privileged-operation exception for every
privileged instruction, LCTL / STCTL, STIDP, STAP, SPX / STPX and prefixing,
SIGP, MONITOR CALL, and the exits for DIAGNOSE and the I/O instructions.
Every program is assembled with s370.asm and run on s370.cpu.CPU.
"""

import pytest

from s370.cpu import layout as L

from cpu_harness import (ORG, NEW_IA, bc_psw, ec_psw, machine, dw, word, half, psw_int, bc_fields,
                         pgm_bc, pgm_ec)


# ----------------------------------------------------------------------------- PSW and LPSW
def test_lpsw_bc_psw_becomes_current():
    cpu, s = machine("""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'FF34000000'
         DC    AL3(TARGET)
TARGET   DIAG  0,0,0
""")
    cpu.set_cr(2, 0)                          # channels >= 6 masked off: nothing to take
    assert cpu.run(100) == L.EXIT_DIAG
    w = psw_int(cpu)
    # system mask FF, key 3, M on, supervisor; CC 0, PM 0; IA past the DIAGNOSE
    assert w >> 48 == 0xFF34
    assert (w >> 24) & 0x3F == 0
    assert w & 0xFFFFFF == s["TARGET"] + 4


def test_lpsw_bc_loads_cc_and_program_mask_and_ignores_code_and_ilc():
    cpu, s = machine("""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'0000FFFF'
         DC    X'E9'                 ILC 3 (ignored), CC 2, PM 9
         DC    AL3(TARGET)
TARGET   BC    2,OK                  CC 2 from the PSW
         DIAG  1,1,1
OK       DIAG  0,0,0
""")
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.EXIT_R1] == 0
    assert cpu.S[L.PSW_PM] == 9
    code, ilc, cc, pm, ia = bc_fields(psw_int(cpu))
    assert (cc, pm) == (2, 9)


def test_lpsw_ec_psw_image_read_back():
    cpu, s = machine("""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'033C2F0000'         masks 03 key 3 EC M CC 2 PM F
         DC    AL3(TARGET)
TARGET   DIAG  0,0,0
""")
    cpu.set_cr(2, 0)
    cpu.set_cr(0, 0)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.psw == bytes.fromhex("033C2F0000") + (s["TARGET"] + 4).to_bytes(3, "big")
    assert cpu.S[L.PSW_EC] == 1


def test_lpsw_unaligned_operand_is_specification():
    cpu, s = machine("""
         LPSW  NEWPSW+4
         DIAG  0,0,0
         DS    0D
NEWPSW   DC    X'000000000000',AL2(0)
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_bc(cpu)
    assert (code, ilc, ia) == (L.PIC_SPECIFICATION, 2, ORG + 4)


@pytest.mark.parametrize("bad", [0x80_00_0000_0000_0000,     # bit 0
                                 0x10_00_0000_0000_0000,     # bit 3
                                 0x20_00_0000_0000_0000])    # bit 2
def test_lpsw_ec_must_be_zero_system_mask_bits_early_exception(bad):
    target = 0x3000
    invalid = ec_psw(target) | bad
    cpu, s = machine(f"""
         LPSW  NEWPSW
         DIAG  0,0,0
         DS    0D
NEWPSW   DC    X'{invalid:016X}'
""", ec=True)
    cpu.load(target, bytes.fromhex("83000000"))      # would exit with DIAG if executed
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu)
    assert (code, ilc, ia) == (L.PIC_SPECIFICATION, 0, target)
    assert dw(cpu, L.LOC_PGM_OLD) == invalid          # the invalid PSW itself is the old PSW


@pytest.mark.parametrize("bad", [1 << (63 - 17), 1 << (63 - 24), 1 << (63 - 31), 1 << (63 - 39)])
def test_lpsw_ec_must_be_zero_bits_17_24_39_early_exception(bad):
    target = 0x3000
    invalid = ec_psw(target, key=5) | bad
    cpu, s = machine(f"""
         LPSW  NEWPSW
         DIAG  0,0,0
         DS    0D
NEWPSW   DC    X'{invalid:016X}'
""", ec=True)
    cpu.load(target, bytes.fromhex("83000000"))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu)
    assert (code, ilc, ia) == (L.PIC_SPECIFICATION, 0, target)
    assert dw(cpu, L.LOC_PGM_OLD) >> 48 == 0x0058      # key 5, EC


def test_early_exception_even_with_wait_bit():
    """The interruption occurs whether or not the wait state is specified."""
    invalid = ec_psw(0x3000, w=1, sysmask=0x03) | (1 << 63)
    cpu, s = machine(f"""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'{invalid:016X}'
""", ec=True)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_SPECIFICATION, 0, 0x3000)


def test_bc_psw_has_no_must_be_zero_bits():
    cpu, s = machine("""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'0000FFFFC0'         code FFFF and ILC 3: not checked
         DC    AL3(TARGET)
TARGET   DIAG  0,0,0
""")
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.PGM_COUNT] == 0


@pytest.mark.parametrize("ec", [False, True])
def test_odd_instruction_address_is_specification_when_fetched(ec):
    mk = ec_psw if ec else bc_psw
    odd = mk(0x3001)
    cpu, s = machine(f"""
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'{odd:016X}'
""", ec=ec)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu) if ec else pgm_bc(cpu)
    assert code == L.PIC_SPECIFICATION
    # not an early exception: IA is that of the PSW, advanced by the ILC (if any)
    assert ia == 0x3001 + 2 * ilc


# ----------------------------------------------------------------------------- system mask
def test_ssm_sets_system_mask_bc():
    cpu, s = machine("""
         SSM   MASK
         DIAG  0,0,0
MASK     DC    X'FC'
""")
    cpu.set_cr(2, 0)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.psw[0] == 0xFC


def test_ssm_with_ssm_suppression_is_special_operation():
    cpu, s = machine("""
         SSM   MASK
         DIAG  0,0,0
MASK     DC    X'FC'
""", ec=True)
    cpu.set_cr(0, 0x40000000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_SPECIAL_OPERATION, 2, ORG + 4)
    assert cpu.read(L.LOC_PGM_OLD, 1) == b"\x00"        # suppressed: mask unchanged


def test_ssm_privileged_before_special_operation():
    cpu, s = machine("""
         SSM   MASK
MASK     DC    X'FC'
""", psw=bc_psw(ORG, p=1))
    cpu.set_cr(0, 0x40000000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu)[0] == L.PIC_PRIVILEGED


def test_ssm_ec_invalid_mask_gives_specification():
    cpu, s = machine("""
         SSM   MASK
         DIAG  0,0,0
MASK     DC    X'80'
""", ec=True)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu)
    assert code == L.PIC_SPECIFICATION
    assert ia == ORG + 4                       # SSM completed: the new mask is in the PSW
    assert cpu.read(L.LOC_PGM_OLD, 1) == b"\x80"


def test_stnsm_stosm():
    cpu, s = machine("""
         STNSM SAVE1,X'3F'
         STOSM SAVE2,X'01'
         DIAG  0,0,0
SAVE1    DC    X'AA'
SAVE2    DC    X'AA'
""", psw=bc_psw(ORG, sysmask=0xF0))
    cpu.set_cr(0, 0)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.read(s["SAVE1"], 2) == b"\xF0\x30"
    assert cpu.psw[0] == 0x31


def test_stosm_ec_invalid_bit_stores_then_specification():
    cpu, s = machine("""
         STOSM SAVE,X'08'
         DIAG  0,0,0
SAVE     DC    X'AA'
""", ec=True, psw=ec_psw(ORG, sysmask=0x02))
    cpu.set_cr(2, 0)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu)
    assert code == L.PIC_SPECIFICATION and ia == ORG + 4
    assert cpu.read(s["SAVE"], 1) == b"\x02"
    assert cpu.read(L.LOC_PGM_OLD, 1) == b"\x0A"


# ----------------------------------------------------------------------------- PSW key
def test_spka_ipk():
    cpu, s = machine("""
         SPKA  X'A0'(1)              A5+A0=145: key 4
         IPK
         DIAG  0,0,0
""")
    cpu.set_gpr(1, 0xA5)
    cpu.set_gpr(2, 0xAABBCCDD)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.PSW_KEY] == 4
    assert cpu.psw[1] >> 4 == 4
    assert cpu.get_gpr(2) == 0xAABBCC40


# ----------------------------------------------------------------------------- privileged
# The privileged-operation exception for every privileged row of the table: test_isa_table.py


def test_unprivileged_control_instructions_in_problem_state():
    cpu, s = machine("""
         STCK  CLOCK
         MC    X'10',3
         SVC   7
         DS    0D
CLOCK    DC    D'0'
""", psw=bc_psw(ORG, p=1))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == NEW_IA[L.LOC_SVC_NEW]
    assert cpu.S[L.PGM_COUNT] == 0
    code, ilc, _, _, ia = bc_fields(dw(cpu, L.LOC_SVC_OLD))
    assert (code, ilc, ia) == (7, 1, ORG + 10)


# ----------------------------------------------------------------------------- control registers
def test_lctl_stctl_wrap_around():
    cpu, s = machine("""
         LCTL  14,1,VALUES           CR14, CR15, CR0, CR1
         STCTL 15,2,SAVE             CR15, CR0, CR1, CR2
         DIAG  0,0,0
         DS    0F
VALUES   DC    X'11111111',X'22222222',X'00000033',X'44444400'
SAVE     DC    4X'AAAAAAAA'
""")
    cpu.set_cr(2, 0x5555AAAA)
    assert cpu.run(100) == L.EXIT_DIAG
    assert [cpu.get_cr(r) for r in (14, 15, 0, 1, 2)] == [
        0x11111111, 0x22222222, 0x00000033, 0x44444400, 0x5555AAAA]
    assert cpu.read(s["SAVE"], 16) == bytes.fromhex("22222222" "00000033" "44444400" "5555AAAA")


def test_lctl_single_register():
    cpu, s = machine("""
         LCTL  8,8,VALUE
         DIAG  0,0,0
         DS    0F
VALUE    DC    X'0000FFFF'
""")
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_cr(8) == 0x0000FFFF
    assert cpu.get_cr(9) == 0


@pytest.mark.parametrize("mn", ["LCTL", "STCTL"])
def test_lctl_stctl_word_alignment(mn):
    cpu, s = machine(f"""
         {mn} 8,9,DATA+2
         DIAG  0,0,0
         DS    0F
DATA     DC    X'0102030405060708090A0B0C'
""")
    cpu.set_cr(8, 0x12345678)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, ORG + 4)
    assert cpu.get_cr(8) == 0x12345678
    assert cpu.read(s["DATA"], 12) == bytes.fromhex("0102030405060708090A0B0C")


# ----------------------------------------------------------------------------- identification
def test_stidp_layout():
    cpu, s = machine("""
         STIDP ID
         DIAG  0,0,0
         DS    0D
ID       DC    X'AAAAAAAAAAAAAAAA'
""", cpu_serial=0x0ABCDE, cpu_model=0x0158, cpu_version=0x12)
    assert cpu.run(100) == L.EXIT_DIAG
    # version code, 6-digit serial, 4-digit model (bytes 6-7: MCEL length, model dependent)
    assert cpu.read(s["ID"], 6) == bytes.fromhex("120ABCDE0158")


def test_stidp_doubleword_alignment():
    cpu, s = machine("""
         STIDP ID+4
         DIAG  0,0,0
         DS    0D
ID       DC    X'AAAAAAAAAAAAAAAAAAAAAAAA'
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, ORG + 4)
    assert cpu.read(s["ID"], 12) == b"\xAA" * 12


def test_stap_stores_cpu_address():
    cpu, s = machine("""
         STAP  ADDR
         STAP  ADDR+3
         DIAG  0,0,0
         DS    0F
ADDR     DC    X'AAAAAAAAAAAA'
""", cpu_address=5)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.read(s["ADDR"], 6) == bytes.fromhex("0005AAAAAAAA")
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, ORG + 8)


# ----------------------------------------------------------------------------- prefixing
PREFIX = 0x8000


def test_spx_stpx_and_prefixing():
    cpu, s = machine(f"""
         SPX   NEWPFX
         STPX  SAVEPFX
         L     1,=X'11223344'
         ST    1,X'100'              to absolute 8100
         L     2,=X'55667788'
         L     3,=A(X'8200')
         ST    2,0(,3)               to absolute 200
         L     4,X'300'              from absolute 8300
         DIAG  0,0,0
         DS    0F
NEWPFX   DC    X'FF008FFF'           only bits 8-19 are used
SAVEPFX  DC    X'AAAAAAAA'
         LTORG
""")
    cpu.load(PREFIX + 0x300, bytes.fromhex("CAFEBABE"))
    cpu.load(0x300, bytes.fromhex("DEADDEAD"))
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.PREFIX] == PREFIX
    assert word(cpu, s["SAVEPFX"]) == PREFIX
    assert cpu.read(PREFIX + 0x100, 4) == bytes.fromhex("11223344")
    assert cpu.read(0x100, 4) == bytes(4)
    assert cpu.read(0x200, 4) == bytes.fromhex("55667788")
    assert cpu.read(PREFIX + 0x200, 4) == bytes(4)
    assert cpu.get_gpr(4) == 0xCAFEBABE


def test_prefixing_applies_to_interruptions():
    cpu, s = machine("""
         SPX   NEWPFX
         DC    X'0000'               operation exception
         DS    0F
NEWPFX   DC    A(X'8000')
""")
    # program new PSW in the prefix area, another at absolute 104 that must not be used
    cpu.load(PREFIX + 104, bc_psw(0x7070, w=1).to_bytes(8, "big"))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == 0x7070
    code, ilc, _, _, ia = bc_fields(dw(cpu, PREFIX + 40))
    assert (code, ilc, ia) == (L.PIC_OPERATION, 1, ORG + 6)
    assert dw(cpu, 40) == 0


def test_spx_alignment_and_addressing():
    cpu, s = machine("""
         SPX   BIG
         DIAG  0,0,0
         DS    0F
BIG      DC    A(X'FFF000')
""", memsize=1 << 16)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_ADDRESSING, 2, ORG + 4)
    assert cpu.S[L.PREFIX] == 0

    cpu, s = machine("""
         SPX   VAL+2
         DIAG  0,0,0
         DS    0F
VAL      DC    A(X'8000'),A(0)
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, ORG + 4)
    assert cpu.S[L.PREFIX] == 0


# ----------------------------------------------------------------------------- SIGP
def test_sigp_own_and_other_address():
    cpu, s = machine("""
         LA    3,2                   CPU address 2 is this CPU
         SIGP  4,3,1                 sense
         BC    8,OK1
         DIAG  1,1,1
OK1      LA    3,7                   no CPU 7
         SIGP  4,3,1
         BC    1,OK2                 CC 3 not operational
         DIAG  2,2,2
OK2      DIAG  0,0,0
""", cpu_address=2)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.EXIT_R1] == 0


@pytest.mark.parametrize("order,code,crbit", [(2, 0x1202, 0x2000), (3, 0x1201, 0x4000)])
def test_sigp_to_self_external_call_and_emergency_signal(order, code, crbit):
    cpu, s = machine(f"""
         LA    3,1
         SIGP  4,3,{order}
         BC    8,OK
         DIAG  1,1,1
OK       LPSW  ENABLED
         DS    0D
ENABLED  DC    X'0108000000'
         DC    AL3(WAITHERE)
WAITHERE DIAG  2,2,2
""", ec=True, cpu_address=1)
    cpu.set_cr(0, crbit)
    assert cpu.run(200) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == NEW_IA[L.LOC_EXT_NEW]
    assert half(cpu, L.LOC_EXT_CODE) == code
    assert half(cpu, L.LOC_EXT_CPUADDR) == 1            # the signalling CPU's address
    assert dw(cpu, L.LOC_EXT_OLD) & 0xFFFFFF == s["WAITHERE"]


def test_sigp_restart_to_self():
    cpu, s = machine("""
         SIGP  4,0,6                 restart this CPU (address 0)
NEXT     DIAG  0,0,0
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == NEW_IA[L.LOC_IPL_PSW]
    assert dw(cpu, L.LOC_RESTART_OLD) & 0xFFFFFF == s["NEXT"]


# ----------------------------------------------------------------------------- monitor call
def test_monitor_call_enabled_class_ec():
    cpu, s = machine("""
         MC    X'123'(5),6
NEXT     DIAG  0,0,0
""", ec=True)
    cpu.set_gpr(5, 0x00ABC000)
    cpu.set_cr(8, 1 << (15 - 6))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_MONITOR, 2, s["NEXT"])           # completion
    assert cpu.read(148, 2) == b"\x00\x06"
    assert word(cpu, 156) == 0x00ABC123


def test_monitor_call_bc_mode_and_masked_class():
    cpu, s = machine("""
         MC    X'40',3               class 3 masked: no-op
         MC    X'44',4
NEXT     DIAG  0,0,0
""")
    cpu.set_cr(8, 1 << (15 - 4))
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_MONITOR, 2, s["NEXT"])
    assert cpu.read(149, 1) == b"\x04"
    assert word(cpu, 156) == 0x44


def test_monitor_call_class_bits_must_be_zero():
    cpu, s = machine("""
         MC    X'40',X'13'
         DIAG  0,0,0
""")
    cpu.set_cr(8, 0xFFFF)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, ORG + 4)


# ----------------------------------------------------------------------------- DIAGNOSE and I/O exits
IO_OPS = [("SIO", 0x9C00), ("SIOF", 0x9C01), ("TIO", 0x9D00), ("CLRIO", 0x9D01),
          ("HIO", 0x9E00), ("HDV", 0x9E01), ("TCH", 0x9F00), ("STIDC", 0xB203)]


@pytest.mark.parametrize("mn,opcode", IO_OPS, ids=[m for m, _ in IO_OPS])
def test_io_instruction_exits(mn, opcode):
    cpu, s = machine(f"""
         {mn} X'100'(5)
NEXT     BC    4,CC1
         DIAG  1,1,1
CC1      DIAG  0,0,0
""")
    cpu.set_gpr(5, 0xFF000090)              # bits 0-7 of the base are ignored
    assert cpu.run(100) == L.EXIT_IO
    assert cpu.S[L.EXIT_OPCODE] == opcode
    assert cpu.S[L.EXIT_ADDR] == 0x190
    assert cpu.ia == s["NEXT"]
    cpu.S[L.PSW_CC] = 1                    # the channel's answer
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.EXIT_R1] == 0


def test_diagnose_exit_fields():
    cpu, s = machine("""
         DIAG  3,9,X'008'(6)
NEXT     DIAG  0,0,0
""")
    cpu.set_gpr(6, 0x100)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.S[L.EXIT_OPCODE] == 0x83
    assert (cpu.S[L.EXIT_R1], cpu.S[L.EXIT_R3], cpu.S[L.EXIT_ADDR]) == (3, 9, 0x108)
    assert cpu.ia == s["NEXT"]


def test_program_interrupt_after_exit():
    cpu, s = machine("""
         DIAG  0,0,X'FFF'
NEXT     DIAG  0,0,0
""")
    assert cpu.run(100) == L.EXIT_DIAG
    cpu.program_interrupt(L.PIC_SPECIFICATION)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, s["NEXT"])
