"""The core's dispatch checked against the instruction table (s370/isa.py).

Every opcode in the table executes without an operation exception, every
opcode not in it is an operation exception, and the privileged-operation
exception is taken exactly for the table's privileged rows in the problem
state (GA22-7000: privileged instructions are suppressed, PSW unchanged).
Also: EXECUTE and its target count as one instruction (as Hercules counts),
and CPU.step() runs an interruptible MVCL to completion.
"""

import pytest

from s370.cpu import layout as L
from s370.isa import INSTRUCTIONS, EXTENDED_FIRST_BYTES, BY_OPCODE, lookup

from cpu_harness import ORG, PGM_TRAP, machine, bc_psw, ec_psw, dw, pgm_bc, pgm_ec

DATA = 0x800                # operand address of every generated instruction
DATA_IMAGE = bytes.fromhex("0700000000000000")   # BCR 0,0 for EX; a valid BC PSW for LPSW
IO_FIRST_BYTES = sorted(b for b in EXTENDED_FIRST_BYTES if 0x9C <= b <= 0x9F)


def image(b0, b1=0x00):
    """The instruction b0,b1 with every base register 0 and every operand at DATA."""
    length = (2, 4, 4, 6)[b0 >> 6]
    tail = (bytes([DATA >> 8, DATA & 0xFF]) * 2)[:length - 2]
    return bytes([b0, b1]) + tail


def execute(inst, problem=False, cc=1, ec=False):
    cpu, _ = machine("", ec=ec)
    cpu.load(DATA, DATA_IMAGE)
    cpu.load(ORG, inst)
    regs = [0x11111110 * (r + 1) & 0xFFFFFFF0 for r in range(16)] if problem else [0] * 16
    for r, v in enumerate(regs):
        cpu.set_gpr(r, v)
    assert cpu.set_psw((ec_psw if ec else bc_psw)(ORG, p=1 if problem else 0, cc=cc))
    reason = cpu.run(1)
    return cpu, reason, regs


def program_code(cpu):
    """The program-interruption code taken, or None."""
    return pgm_bc(cpu)[0] if cpu.ia == PGM_TRAP else None


def first_two(i):
    return (i.opcode >> 8, i.opcode & 0xFF) if i.extended_opcode else (i.opcode, 0x00)


@pytest.mark.parametrize("ins", INSTRUCTIONS, ids=[i.mnemonic for i in INSTRUCTIONS])
def test_every_table_opcode_executes(ins):
    b0, b1 = first_two(ins)
    cpu, reason, _ = execute(image(b0, b1))
    if ins.klass == "io":
        assert reason == L.EXIT_IO and cpu.S[L.EXIT_OPCODE] == ins.opcode
    elif ins.mnemonic == "DIAG":
        assert reason == L.EXIT_DIAG and cpu.S[L.EXIT_OPCODE] == ins.opcode
    else:
        assert program_code(cpu) != L.PIC_OPERATION


def _one_byte_opcodes_not_in_table():
    return [b for b in range(256) if b not in EXTENDED_FIRST_BYTES and lookup(b) is None]


@pytest.mark.parametrize("b0", _one_byte_opcodes_not_in_table(), ids=lambda b: f"{b:02X}")
def test_opcode_not_in_table_is_operation_exception(b0):
    cpu, _, _ = execute(image(b0))
    code, ilc, ia = pgm_bc(cpu)
    assert (code, ilc, ia) == (L.PIC_OPERATION, (2, 4, 4, 6)[b0 >> 6] // 2,
                               ORG + (2, 4, 4, 6)[b0 >> 6])


def test_b2_second_bytes_not_in_table_are_operation_exceptions():
    for b1 in range(256):
        cpu, reason, _ = execute(image(0xB2, b1))
        if lookup(0xB2, b1) is None:
            assert program_code(cpu) == L.PIC_OPERATION, f"B2{b1:02X}"
        else:
            assert program_code(cpu) != L.PIC_OPERATION, f"B2{b1:02X}"


@pytest.mark.parametrize("b0", IO_FIRST_BYTES, ids=lambda b: f"{b:02X}")
def test_io_second_bytes(b0):
    """9Cxx-9Fxx: bit 15 selects the variant, bits 8-14 are ignored (Hercules 3.13)."""
    for b1 in range(256):
        row = BY_OPCODE.get((b0 << 8) | (b1 & 1))
        cpu, reason, _ = execute(image(b0, b1))
        if row is None:
            assert program_code(cpu) == L.PIC_OPERATION, f"{b0:02X}{b1:02X}"
        else:
            assert reason == L.EXIT_IO and cpu.S[L.EXIT_OPCODE] == row.opcode, f"{b0:02X}{b1:02X}"


PRIVILEGED = [i for i in INSTRUCTIONS if i.privileged]
UNPRIVILEGED = [i for i in INSTRUCTIONS if not i.privileged]


@pytest.mark.parametrize("ec", [False, True], ids=["BC", "EC"])
@pytest.mark.parametrize("ins", PRIVILEGED, ids=[i.mnemonic for i in PRIVILEGED])
def test_privileged_in_problem_state(ins, ec):
    b0, b1 = first_two(ins)
    cpu, reason, regs = execute(image(b0, b1), problem=True, cc=1, ec=ec)
    assert reason == L.EXIT_DISABLED_WAIT or reason == L.EXIT_BUDGET
    code, ilc, ia = pgm_ec(cpu) if ec else pgm_bc(cpu)
    assert (code, ilc, ia) == (L.PIC_PRIVILEGED, ins.length // 2, ORG + ins.length)
    assert cpu.gprs == regs                                        # suppressed
    assert cpu.read(DATA, 8) == DATA_IMAGE
    old = dw(cpu, L.LOC_PGM_OLD)
    assert ((old >> 44) & 3 if ec else (old >> 28) & 3) == 1      # CC unchanged
    assert old & (1 << 48)                                         # still problem state


@pytest.mark.parametrize("ins", UNPRIVILEGED, ids=[i.mnemonic for i in UNPRIVILEGED])
def test_unprivileged_in_problem_state(ins):
    b0, b1 = first_two(ins)
    cpu, _, _ = execute(image(b0, b1), problem=True)
    assert program_code(cpu) not in (L.PIC_OPERATION, L.PIC_PRIVILEGED)


def test_execute_and_target_count_once():
    """A loop of N iterations of EX + BCT counts 2 per iteration, as Hercules counts."""
    n = 50
    cpu, _ = machine(f"""
         LA    3,{n}
LOOP     EX    0,TARGET
         BCT   3,LOOP
         DIAG  0,0,0
TARGET   AR    4,4
""")
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert cpu.instcount == 1 + 2 * n + 1


def test_step_completes_an_interruptible_mvcl():
    """CPU.step() executes the whole MVCL, pieces and all, as run() does."""
    src = """
         MVCL  2,4
         DIAG  0,0,0
"""
    length = 0x20000
    results = []
    for stepping in (False, True):
        cpu, _ = machine(src, memsize=1 << 20)
        cpu.load(0x80000, bytes(range(256)) * (length // 256))
        for r, v in ((2, 0x40000), (3, length), (4, 0x80000), (5, length)):
            cpu.set_gpr(r, v)
        if stepping:
            assert cpu.step() == L.EXIT_TRACE
            assert cpu.ia == ORG + 2 and cpu.instcount == 1
        else:
            assert cpu.run(100_000) == L.EXIT_DIAG
            assert cpu.instcount == 2
        results.append((cpu.gprs, cpu.cc, cpu.read(0x40000, length)))
    assert results[0] == results[1]
    assert results[1][0][2:6] == [0x40000 + length, 0, 0x80000 + length, 0]
