"""The one host loop around the compiled core, for bare and virtual machines.

Why shared: the bare ``Machine`` and CP's virtual machines (later, on the same
numba core) leave the core for the same reasons and must handle them the same
way; one loop here means neither copies the other.  The loop runs the core and
hands every exit to a *handler* object with this protocol (``HostHandler``):

* ``on_io(opcode, addr) -> cc``: an I/O instruction (SIO, SIOF, TIO, CLRIO,
  HIO, HDV, TCH, STIDC); the loop puts the condition code into the PSW;
* ``on_diagnose(code)``: DIAGNOSE, code = low 16 bits of the second-operand
  address (the handler raises a program interruption if it has none);
* ``on_io_interrupt() -> bool``: the core saw an enabled pending I/O
  interruption: store the CSW and swap the PSW (False: nothing to present);
* ``on_wait(until_wait) -> bool``: enabled wait: sleep until an interruption
  can come, or jump the deterministic clock; False ends the run;
* ``on_disabled_wait()``, ``on_break()``, ``on_checkstop()``: report; the run ends;
* ``stop_requested() -> bool``: an operator stop (checked between core runs);
* ``trace_lines(lines)``: the instruction trace of one traced step;
* attributes ``trace`` (log every instruction) and ``stepping`` (stop after
  each), read on every turn so the panel can change them while it runs.

``run_loop(cpu, handler, ...)`` returns the exit that ended the run (layout
EXIT_* codes), as ``Machine.run`` documents.
"""

from __future__ import annotations

from typing import Protocol

from .cpu import layout as L


class HostHandler(Protocol):
    def on_io(self, opcode: int, addr: int) -> int: ...
    def on_diagnose(self, code: int) -> None: ...
    def on_io_interrupt(self) -> bool: ...
    def on_wait(self, until_wait: bool) -> bool: ...
    def on_disabled_wait(self) -> None: ...
    def on_break(self) -> None: ...
    def on_checkstop(self) -> None: ...
    def stop_requested(self) -> bool: ...
    def trace_lines(self, lines: list[str]) -> None: ...
    trace: bool
    stepping: bool


def run_loop(cpu, handler: HostHandler, max_instructions: int | None = None,
             until_wait: bool = True) -> int:
    """Run ``cpu`` in this thread, handing its exits to ``handler``."""
    S = cpu.S
    start = cpu.instcount
    while True:
        if handler.stop_requested():
            rc = L.EXIT_STOP
            break
        left = None if max_instructions is None else max_instructions - (cpu.instcount - start)
        if left is not None and left <= 0:
            rc = L.EXIT_BUDGET
            break
        stepping = handler.stepping
        if handler.trace:
            from .cpu.trace import Tracer
            rc, lines = Tracer(cpu).step()
            handler.trace_lines(lines)
        elif stepping:
            rc = cpu.step()
        else:
            rc = cpu.run(left)
        if rc == L.EXIT_IO:
            S[L.PSW_CC] = handler.on_io(int(S[L.EXIT_OPCODE]), int(S[L.EXIT_ADDR]))
        elif rc == L.EXIT_DIAG:
            handler.on_diagnose(int(S[L.EXIT_ADDR]) & 0xFFFF)
        elif rc == L.EXIT_IOINT:
            handler.on_io_interrupt()
        elif rc == L.EXIT_TRACE:
            if stepping:
                break
        elif rc == L.EXIT_BUDGET:
            continue
        elif rc == L.EXIT_WAIT:
            if not handler.on_wait(until_wait):
                break
        elif rc == L.EXIT_DISABLED_WAIT:
            handler.on_disabled_wait()
            break
        elif rc == L.EXIT_BREAK:
            handler.on_break()
            break
        elif rc == L.EXIT_CHECKSTOP:
            handler.on_checkstop()
            break
        else:                                 # EXIT_STOP and anything unknown
            break
    S[L.TRACE] = 0
    return rc
