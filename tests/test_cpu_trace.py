"""Instruction trace and single step (s370/cpu/trace.py, the panel's t+ and s+)."""

from s370.asm import assemble
from s370.cpu import layout as L
from s370.cpu import CPU
from s370.cpu.trace import Tracer

PROGRAM = """
T        START X'1000'
         BALR  12,0
         USING *,12
         LA    1,5
         LTR   1,1
         AR    1,1
         LPSW  DONE
         DS    0D
DONE     DC    X'0002000000000000'
         END
"""


def _cpu():
    a = assemble(PROGRAM, origin=0x1000)
    assert not a.errors
    cpu = CPU(memsize=1 << 16)
    cpu.load(0x1000, a.image)
    cpu.set_psw(0x1000)
    assert cpu.step() == L.EXIT_TRACE            # BALR 12,0: base register
    return cpu


def test_trace_shows_psw_instruction_and_changed_registers():
    cpu = _cpu()
    t = Tracer(cpu)
    reason, lines = t.step()
    assert reason == L.EXIT_TRACE
    assert lines[0].startswith("PSW=00000000 00001002 INST=41100005")
    assert "LA" in lines[0]
    assert "R1=00000005" in lines[1]
    reason, lines = t.step()                     # LTR 1,1: CC 2 (positive)
    assert "INST=1211" in lines[0] and "LTR" in lines[0]
    assert "CC=2" in lines[1]
    reason, lines = t.step()                     # AR 1,1 -> 10
    assert "R1=0000000A" in lines[1]
    reason, lines = t.step()                     # LPSW of a disabled-wait PSW
    assert reason == L.EXIT_DISABLED_WAIT
    assert any("disabled-wait" in line for line in lines)


def test_single_step_executes_exactly_one_instruction():
    cpu = _cpu()
    assert cpu.step() == L.EXIT_TRACE
    assert cpu.instcount == 2 and cpu.ia == 0x1006 and cpu.get_gpr(1) == 5
    assert cpu.step() == L.EXIT_TRACE
    assert cpu.instcount == 3 and cpu.ia == 0x1008


def test_breakpoint_stops_before_the_instruction_and_resumes():
    cpu = _cpu()
    cpu.S[L.BREAK_ADDR] = 0x1008
    assert cpu.run(100) == L.EXIT_BREAK
    assert cpu.ia == 0x1008 and cpu.get_gpr(1) == 5
    cpu.S[L.BREAK_ADDR] = -1
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.get_gpr(1) == 10
