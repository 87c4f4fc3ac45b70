"""run_guest: one virtual machine on the compiled core until an intercept.

    intercept = run_guest(sd, budget)

runs the guest's instructions -- privileged ones included, against its own
state -- for at most ``budget`` instructions and returns an ``Intercept``.  The
core leaves its loop for a few things that are not CP's business, which are
done here and the guest resumed without returning (each is counted in
``sd.counters`` under its own name): presenting a posted I/O interruption
("io-present"), picking up newly posted interruptions ("posted"), and, in
trap-and-emulate mode, emulating a trapped instruction ("trap"), reflecting
a program interruption ("reflect") and -- counted, though the core presents
them in its loop -- the external interruptions VM/370 reflected ("reflect-external").
"""

from __future__ import annotations

from s370.isa import EXTENDED_FIRST_BYTES
from s370.cpu import layout as L
from s370.cpu.core import run as _core_run
from s370.cpu.entrypoints import table_walk as _table_walk

from . import present, vtime
from .emulate import emulate_one
from .intercepts import Intercept

_BY_EXIT = {
    L.EXIT_BUDGET: Intercept.TIMESLICE,
    L.EXIT_IO: Intercept.IO_INSTRUCTION,
    L.EXIT_DIAG: Intercept.DIAGNOSE,
    L.EXIT_WAIT: Intercept.ENABLED_WAIT,
    L.EXIT_DISABLED_WAIT: Intercept.DISABLED_WAIT,
    L.EXIT_CHECKSTOP: Intercept.CHECKSTOP,
    L.EXIT_TRACE: Intercept.TRACE,
    L.EXIT_BREAK: Intercept.TRACE,
    L.EXIT_PROGRAM: Intercept.PROGRAM,
}
_SIGP = 0xAE


def validity(sd, budget: int) -> int:
    """0, or the VALIDITY_REASONS code of the first inconsistency in the state description.

    The arrays and the slots checked rarely change between two dispatches: the last
    state found valid is remembered (the array objects and the three slots) and a
    dispatch that matches it skips the checks."""
    S = sd.S
    last = sd.__dict__.get("_valid_state")
    if budget > 0 and last is not None and last[0] is S and last[1] is sd.mem \
            and last[2] is sd.keys and last[3] is sd.tlb:
        V = last[4]                         # a memoryview of S: slots read as plain ints
        if V[L.MEMSIZE] == last[5] and V[L.PREFIX] == last[6] and V[L.CPU_ADDR] == last[7]:
            return 0
    reason = _check(sd, budget)
    sd.__dict__.pop("_valid_state", None)
    if reason == 0 and S.flags.c_contiguous:
        V = memoryview(S)
        sd._valid_state = (S, sd.mem, sd.keys, sd.tlb, V,
                           V[L.MEMSIZE], V[L.PREFIX], V[L.CPU_ADDR])
    return reason


def _check(sd, budget: int) -> int:
    S = sd.S
    size = int(S[L.MEMSIZE])
    if len(S) != L.STATE_SIZE:
        return 8
    if size < 4096 or size > 1 << 24 or size & 4095:
        return 1
    if sd.mem.shape[0] != size:
        return 2
    if sd.keys.shape[0] != size >> L.BLOCK_SHIFT:
        return 3
    if sd.tlb.shape[0] != L.TLB_SIZE:
        return 4
    prefix = int(S[L.PREFIX])
    if prefix & 4095 or prefix + 4096 > size:
        return 5
    if not 0 <= S[L.CPU_ADDR] <= 0xFFFF:
        return 6
    if budget <= 0:
        return 7
    return 0


def run_guest(sd, budget: int) -> Intercept:
    """Run the guest until an intercept; at most ``budget`` instructions."""
    reason = validity(sd, budget)
    if reason:
        sd.validity_reason = reason
        sd.counters[Intercept.VALIDITY] += 1
        return Intercept.VALIDITY
    S = sd.S
    V = sd._valid_state[4] if "_valid_state" in sd.__dict__ else S   # fast slot access
    counters = sd.counters
    if not sd.exit_requested:
        V[L.STOP_REQUEST] = 0
    present.make_pending(sd, V)
    vtime.dispatch(sd, V)
    if sd.opcode_intercepts or sd.single_step:
        return _run_stepped(sd, budget)
    end = int(V[L.INSTCOUNT]) + budget
    if sd.mode != "trap":
        return _run_loop(sd, S, end, counters)
    # Trap-and-emulate: on VM/370 every external interruption reached CP first and was
    # reflected to the guest (DMKEXT); the core presents them under the guest's masks
    # without leaving, so each one taken is counted here as the exit it would have been.
    # (I/O interruptions leave the loop in both modes and are counted as "io-present".)
    ext0 = int(S[L.EXT_COUNT])
    try:
        return _run_loop(sd, S, end, counters)
    finally:
        n = int(S[L.EXT_COUNT]) - ext0
        if n > 0:
            counters["reflect-external"] += n


def _run_loop(sd, S, end: int, counters) -> Intercept:
    """The compiled loop and the exits handled without returning (run_guest's body)."""
    mem, keys, tlb = sd.mem, sd.keys, sd.tlb
    while True:
        r = int(_core_run(S, mem, keys, tlb, end - int(S[L.INSTCOUNT])))
        if r == L.EXIT_TRAP:
            counters["trap"] += 1
            r = emulate_one(sd)
            if r == L.EXIT_TRACE and not S[L.TRACE]:
                if S[L.INSTCOUNT] >= end:
                    r = L.EXIT_BUDGET
                else:
                    continue
        if r == L.EXIT_PROGRAM and sd.mode == "trap" \
                and int(S[L.EXIT_PIC]) not in sd.program_intercepts:
            counters["reflect"] += 1
            sd.program_interrupt(int(S[L.EXIT_PIC]))
            continue
        if r == L.EXIT_IOINT:
            counters["io-present"] += 1
            present.present_io(sd)
            continue
        if r == L.EXIT_STOP:
            if sd.exit_requested or not (sd.io_queue or sd.ext_queue or (
                    sd.io_source is not None and sd.io_source.pending_mask())):
                # CP's request, or a stop the guest's own SIGP asked for
                sd.exit_requested = False
                counters[Intercept.REQUEST] += 1
                return Intercept.REQUEST
            counters["posted"] += 1
            present.make_pending(sd)
            continue
        if r == L.EXIT_INSTRUCTION:
            code = Intercept.SIGP if S[L.EXIT_OPCODE] == _SIGP else Intercept.SCK
        else:
            code = _BY_EXIT.get(r)
            if code is None:
                raise RuntimeError(f"core exit {r} in a guest")  # never: all exits mapped
        if code == Intercept.TIMESLICE and S[L.INSTCOUNT] < end:
            continue
        counters[code] += 1
        return code


def _peek_opcode(sd) -> int:
    """The opcode at the guest's PSW (0x83, 0xB2xx, ...), or -1 if it cannot be fetched."""
    S = sd.S
    ia = int(S[L.PSW_IA])
    a = ia
    if S[L.PSW_EC] and S[L.PSW_SYSMASK] & L.SM_DAT:
        code, a = _table_walk(S, sd.mem, ia)
        if code != 0:
            return -1
    prefix = int(S[L.PREFIX])
    if a < 4096:
        a += prefix
    elif prefix <= a < prefix + 4096:
        a -= prefix
    if a + 2 > sd.memsize:
        return -1
    b0, b1 = int(sd.mem[a]), int(sd.mem[a + 1])
    return (b0 << 8) | b1 if b0 in EXTENDED_FIRST_BYTES else b0


def _run_stepped(sd, budget: int) -> Intercept:
    """Instruction by instruction, for opcode interception and single stepping (slow by design)."""
    S = sd.S
    for _ in range(budget):
        if sd.opcode_intercepts and not sd.pass_opcode_once and not S[L.EARLY_PENDING]:
            op = _peek_opcode(sd)
            if op in sd.opcode_intercepts:
                sd.pass_opcode_once = True          # resuming executes it
                S[L.EXIT_OPCODE] = op
                S[L.EXIT_INST_ADDR] = S[L.PSW_IA]
                sd.counters[Intercept.INSTRUCTION] += 1
                return Intercept.INSTRUCTION
        sd.pass_opcode_once = False
        saved, sd.opcode_intercepts, step = sd.opcode_intercepts, set(), sd.single_step
        sd.single_step = False
        S[L.TRACE] = 1
        try:
            code = run_guest(sd, 1)
        finally:
            S[L.TRACE] = 0
            sd.opcode_intercepts, sd.single_step = saved, step
        if code == Intercept.TRACE:
            sd.counters[Intercept.TRACE] -= 1
            if step:
                sd.counters[Intercept.TRACE] += 1
                return code
            continue
        if code == Intercept.TIMESLICE:
            sd.counters[Intercept.TIMESLICE] -= 1
            continue
        return code
    sd.counters[Intercept.TIMESLICE] += 1
    return Intercept.TIMESLICE
