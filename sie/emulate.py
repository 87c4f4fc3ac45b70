"""Trap-and-emulate: the historical VM/370 way, beside interpretive execution.

In this mode the guest runs as if in real problem state (INTERCEPT_CTL has
IC_PRIVILEGED | IC_SVC): every privileged instruction and every SVC leaves the
loop before it executes, and every program interruption leaves the loop
untaken, as each would have ended in CP on a real VM/370 (DMKPRV, DMKPRG).
The emulator performs the trapped instruction on the guest's state with the
core itself -- one instruction, trapping off -- so there is no second copy of
any instruction's semantics, and reflects program interruptions with the
core's own interruption code.  Both modes therefore give the same guest
results; the counters show how many more times this one left the loop.
"""

from s370.cpu import layout as L
from s370.cpu.core import run as _core_run

TRAP_BITS = L.IC_PRIVILEGED | L.IC_SVC


def emulate_one(sd) -> int:
    """Perform the trapped instruction at the guest's PSW; the core's exit reason.

    EXIT_TRACE means it completed; DIAGNOSE, I/O, SIGP, SCK, a wait or a
    program interruption come back as the core reports them."""
    S = sd.S
    ctl = int(S[L.INTERCEPT_CTL])
    trace = int(S[L.TRACE])
    S[L.INTERCEPT_CTL] = ctl & ~TRAP_BITS
    S[L.TRACE] = 1
    try:
        return int(_core_run(S, sd.mem, sd.keys, sd.tlb, 1))
    finally:
        S[L.TRACE] = trace
        S[L.INTERCEPT_CTL] = ctl
