"""Instruction trace and single step: the slow path that costs nothing when off.

The run loop leaves after every instruction when ``S[TRACE]`` is set; the
tracer formats, Hercules-style, the PSW and the instruction about to run and,
after it ran, the general, floating-point and control registers and the CC it
changed, and the exit reason when the step ended in anything but the trace exit.
"""

from __future__ import annotations

from . import layout
from .entrypoints import table_walk, real_to_abs


def _instruction_bytes(cpu, addr: int) -> bytes:
    """The 6 bytes at a logical instruction address, without side effects ('' if unavailable)."""
    S = cpu.S
    out = bytearray()
    for i in range(0, 6, 2):
        v = (addr + i) & 0xFFFFFF
        if S[layout.PSW_EC] and S[layout.PSW_SYSMASK] & layout.SM_DAT:
            code, real = table_walk(S, cpu.mem, v)
            if code != 0:
                break
        else:
            real = v
        a = int(real_to_abs(S, real))
        if a + 2 > cpu.memsize:
            break
        out += cpu.read(a, 2)
    return bytes(out)


def describe_instruction(cpu) -> str:
    """'PSW=xxxxxxxx xxxxxxxx INST=hex  MNEMONIC operands' for the next instruction."""
    from ..disasm import disassemble
    p = cpu.psw.hex().upper()
    if cpu.wait:
        return f"PSW={p[:8]} {p[8:]} (wait state)"
    data = _instruction_bytes(cpu, cpu.ia)
    if len(data) < 2:
        return f"PSW={p[:8]} {p[8:]} INST=????         (instruction not accessible)"
    text, length = disassemble(data, cpu.ia)
    image = data[:length].hex().upper()
    return f"PSW={p[:8]} {p[8:]} INST={image:<12} {text}"


class Tracer:
    """Runs a CPU one instruction at a time and reports what each did."""

    def __init__(self, cpu):
        self.cpu = cpu

    def _snapshot(self):
        c = self.cpu
        return (c.gprs, [c.get_fpr(r) for r in (0, 2, 4, 6)],
                [c.get_cr(r) for r in range(16)], c.cc)

    def step(self) -> tuple[int, list[str]]:
        """Execute one instruction; (exit reason, trace lines)."""
        lines = [describe_instruction(self.cpu)]
        g0, f0, c0, cc0 = self._snapshot()
        reason = self.cpu.step()
        g1, f1, c1, cc1 = self._snapshot()
        changed = [f"R{r}={g1[r]:08X}" for r in range(16) if g1[r] != g0[r]]
        changed += [f"FPR{2 * i}={f1[i]:016X}" for i in range(4) if f1[i] != f0[i]]
        changed += [f"CR{r}={c1[r]:08X}" for r in range(16) if c1[r] != c0[r]]
        if cc1 != cc0:
            changed.append(f"CC={cc1}")
        if changed:
            lines.append("          " + " ".join(changed))
        if reason not in (layout.EXIT_TRACE, layout.EXIT_BUDGET):
            lines.append(f"          exit: {layout.EXIT_NAMES[reason]}")
        return reason, lines
