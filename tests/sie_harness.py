"""Run the CPU tests' programs in a virtual machine: a CPU-shaped guest for the harnesses.

``guest_cpu_class(mode)`` is a drop-in for s370.cpu.CPU whose ``run`` goes through
sie.run_guest and reports the core's exit codes, so the programs and assertions of
tests/test_cpu_*.py check a guest under interpretive execution or trap-and-emulate
against the bare machine's expected values (Popek-Goldberg equivalence).  It plays a
CP that lets SIGP and SCK act as on the bare uniprocessor, and keeps the bare STIDP
version code; the VM differences themselves are tested in test_sie_intercepts.py.
"""

from s370.cpu import layout as L

from sie import Intercept, StateDescription, run_guest

TO_EXIT = {
    Intercept.TIMESLICE: L.EXIT_BUDGET,
    Intercept.IO_INSTRUCTION: L.EXIT_IO,
    Intercept.DIAGNOSE: L.EXIT_DIAG,
    Intercept.ENABLED_WAIT: L.EXIT_WAIT,
    Intercept.DISABLED_WAIT: L.EXIT_DISABLED_WAIT,
    Intercept.REQUEST: L.EXIT_STOP,
    Intercept.TRACE: L.EXIT_TRACE,
    Intercept.CHECKSTOP: L.EXIT_CHECKSTOP,
}


def guest_cpu_class(mode: str):
    class GuestCPU(StateDescription):
        def __init__(self, memsize=1 << 20, clock="deterministic", cpu_version=0, **kw):
            super().__init__(memsize=memsize, clock=clock, mode=mode, **kw)
            self.S[L.CPU_VERSION] = cpu_version
            self.S[L.INTERCEPT_CTL] &= ~(L.IC_SIGP | L.IC_SCK)

        def run(self, max_instructions=None):
            budget = 1 << 40 if max_instructions is None else max_instructions
            code = run_guest(self, max(budget, 1))
            return TO_EXIT[code]

    GuestCPU.__name__ = f"GuestCPU_{mode}"
    return GuestCPU
