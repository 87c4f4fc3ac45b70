"""Control instructions (GA22-7000 chapter "Control Instructions"), out of the hot loop.

``control`` is called with the PSW written back to ``S`` (IA already past
the instruction, CC current) and returns 0 or a program-interruption code;
``EARLY`` is or-ed in when the exception is the early specification exception
of a newly loaded PSW (ILC 0, IA from the new PSW).  Privilege is checked by
the caller.
"""

import numpy as np
from numba import njit

from .compile_options import INTERNAL

from .layout import (GPR, CR, PSW_SYSMASK, PSW_KEY, PSW_EC, PSW_CC, MEMSIZE,
                     PREFIX, CPU_ADDR, CPU_SERIAL, CPU_MODEL, CPU_VERSION, TOD,
                     TOD_STATE, TOD_UNIQUE, CKC, CPUTIMER, CLOCK_MODE, TSC_HZ, TSC_BASE,
                     TOD_BASE, EXT_PENDING, EXTP_EXTCALL, EXTP_EMERGENCY, RESTART_PENDING,
                     STOP_REQUEST, BLOCK_SHIFT, CR0_SSM_SUPPRESS, KEY_REF, MON_CLASS, MON_CODE,
                     PIC_SPECIFICATION, PIC_ADDRESSING, PIC_SPECIAL_OPERATION, PIC_MONITOR,
                     PIC_OPERATION)
from .psw import load_psw, sysmask_invalid
from .storage import (fetch_u8, fetch_u32, fetch_u64, store_u8, store_u32, store_n,
                      store_u64, access_range, real_to_abs, table_walk, tlb_purge,
                      ACC_STORE, ACC_FETCH, NONCONTIG)
from .timers import real_tod, cycle_counter
from .memops import load_be32, store_be32

from s370.isa import (OP_SSK, OP_ISK, OP_SSM, OP_LPSW, OP_WRD, OP_RDD, OP_STNSM, OP_STOSM, OP_SIGP,
                      OP_LRA, OP_STCTL, OP_LCTL, OP_STIDP, OP_SCK, OP_STCK,
                      OP_SCKC, OP_STCKC, OP_SPT, OP_STPT, OP_SPKA, OP_IPK,
                      OP_PTLB, OP_SPX, OP_STPX, OP_STAP, OP_RRB)

EARLY = 0x10000

# What the run loop must do around a control instruction, beyond calling ``control``:
# its cached copies of state (PSW key, instruction-fetch block, the timers' last update,
# and the checkpoint that looks at PSW, control registers, prefix and pending
# interruptions) are refreshed only when the instruction can have changed what they copy.
# Instructions that only read state or store it into storage need nothing, so the common
# ones (IPK, STCTL, STPX, STAP, ...) cost no more than a call.
SYNC_TIMERS = 1           # bring the timers up to date first (clock and timer instructions)
REFETCH = 2               # storage keys, the PSW key or the TLB changed: re-read the PSW key
                          # and translate the instruction address afresh
CHECKPOINT = 4            # PSW, CRs, prefix or pending conditions may have changed

CONTROL_EFFECTS = {
    OP_SSK: REFETCH, OP_ISK: 0, OP_SSM: CHECKPOINT, OP_LPSW: CHECKPOINT,
    OP_WRD: 0, OP_RDD: 0, OP_STNSM: CHECKPOINT, OP_STOSM: CHECKPOINT, OP_SIGP: CHECKPOINT,
    OP_LRA: 0, OP_STCTL: 0, OP_LCTL: CHECKPOINT, OP_STIDP: 0,
    OP_SCK: SYNC_TIMERS | CHECKPOINT, OP_STCK: SYNC_TIMERS,
    OP_SCKC: SYNC_TIMERS | CHECKPOINT, OP_STCKC: SYNC_TIMERS,
    OP_SPT: SYNC_TIMERS | CHECKPOINT, OP_STPT: SYNC_TIMERS,
    OP_SPKA: REFETCH, OP_IPK: 0, OP_PTLB: REFETCH, OP_SPX: CHECKPOINT,
    OP_STPX: 0, OP_STAP: 0, OP_RRB: REFETCH,
}


def _effects_arrays():
    """CONTROL_EFFECTS as lookup arrays: by first byte, and by second byte of B2xx;
    anything not listed (MC, an unknown B2xx) gets a checkpoint."""
    first = np.full(256, CHECKPOINT, np.uint8)
    second = np.full(256, CHECKPOINT, np.uint8)
    for opcode, effects in CONTROL_EFFECTS.items():
        if opcode > 0xFF:
            second[opcode & 0xFF] = effects
        else:
            first[opcode] = effects
    return first, second


EFFECTS_FIRST, EFFECTS_B2 = _effects_arrays()

# B2xx second bytes, from the table
B2_STIDP = OP_STIDP & 0xFF
B2_SCK = OP_SCK & 0xFF
B2_STCK = OP_STCK & 0xFF
B2_SCKC = OP_SCKC & 0xFF
B2_STCKC = OP_STCKC & 0xFF
B2_SPT = OP_SPT & 0xFF
B2_STPT = OP_STPT & 0xFF
B2_SPKA = OP_SPKA & 0xFF
B2_IPK = OP_IPK & 0xFF
B2_PTLB = OP_PTLB & 0xFF
B2_SPX = OP_SPX & 0xFF
B2_STPX = OP_STPX & 0xFF
B2_STAP = OP_STAP & 0xFF
B2_RRB = OP_RRB & 0xFF
B2_FIRST_BYTE = OP_STCK >> 8

# SIGP orders
SIGP_SENSE = 0x01
SIGP_EXTERNAL_CALL = 0x02
SIGP_EMERGENCY = 0x03
SIGP_START = 0x04
SIGP_STOP = 0x05
SIGP_RESTART = 0x06


@njit(inline="always", **INTERNAL)
def control_effects(op, b1):
    """The CONTROL_EFFECTS bits of the control instruction op,b1."""
    if op == B2_FIRST_BYTE:
        return EFFECTS_B2[b1]
    return EFFECTS_FIRST[op]


@njit(**INTERNAL)
def current_tod(S):
    if S[CLOCK_MODE] == 0 and S[TSC_HZ] > 0 and S[TOD_STATE] <= 1:
        S[TOD] = real_tod(S)
    return S[TOD]


@njit(**INTERNAL)
def store_clock_value(S):
    """A TOD value for STCK: unique on this CPU (low-order bits advance)."""
    t = current_tod(S)
    if t <= S[TOD_UNIQUE] and (t ^ S[TOD_UNIQUE]) >= 0:
        t = S[TOD_UNIQUE] + 1
    S[TOD_UNIQUE] = t
    return t


@njit(**INTERNAL)
def key_block(S, raddr):
    """Absolute 2K block for a real address given to SSK/ISK/RRB, or -1 beyond storage."""
    a = real_to_abs(S, raddr & 0xFFFFFF)
    if a >= S[MEMSIZE]:
        return -1
    return a >> BLOCK_SHIFT


# --- the short control instructions, inline in the run loop ----------------------------
# These two helpers are the only implementation of the instructions they cover; the run
# loop calls them inline (no call of ``control``, which costs more than these
# instructions do), and ``control`` calls them for any caller that comes its way.

NOT_SHORT = -1


@njit(inline="always", **INTERNAL)
def short_control(S, keys, op, b1, r1, r3, ea):
    """SSK, ISK, RRB, SPKA, IPK (registers, PSW and keys only): 0 or a program-interruption
    code; NOT_SHORT for any other instruction."""
    if op == OP_SSK or op == OP_ISK:
        r2v = S[GPR + r3]
        if r2v & 0x0F:
            return PIC_SPECIFICATION
        blk = key_block(S, r2v)
        if blk < 0:
            return PIC_ADDRESSING
        if op == OP_SSK:
            keys[blk] = S[GPR + r1] & 0xFE
        else:
            k = np.int64(keys[blk])
            k = (k & 0xFE) if S[PSW_EC] else (k & 0xF8)
            S[GPR + r1] = (S[GPR + r1] & 0xFFFFFF00) | k
        return 0
    if op == B2_FIRST_BYTE:
        if b1 == B2_SPKA:
            S[PSW_KEY] = (ea >> 4) & 0xF
            return 0
        if b1 == B2_IPK:
            S[GPR + 2] = (S[GPR + 2] & 0xFFFFFF00) | (S[PSW_KEY] << 4)
            return 0
        if b1 == B2_RRB:
            blk = key_block(S, ea)
            if blk < 0:
                return PIC_ADDRESSING
            k = np.int64(keys[blk])
            S[PSW_CC] = (k >> 1) & 3
            keys[blk] = k & ~KEY_REF
            return 0
    return NOT_SHORT


@njit(inline="always", **INTERNAL)
def stored_value(S, op, b1):
    """STIDP, STAP, STPX: (length, value) the instruction stores at its operand address,
    which must be aligned on that length; (0, 0) for any other instruction."""
    if op == B2_FIRST_BYTE:
        if b1 == B2_STIDP:
            return 8, (((S[CPU_VERSION] & 0xFF) << 56) | ((S[CPU_SERIAL] & 0xFFFFFF) << 32)
                       | ((S[CPU_MODEL] & 0xFFFF) << 16))
        if b1 == B2_STAP:
            return 2, S[CPU_ADDR] & 0xFFFF
        if b1 == B2_STPX:
            return 4, S[PREFIX]
    return 0, np.int64(0)


@njit(**INTERNAL)
def control(S, mem, keys, tlb, op, b1, r1, r3, ea):
    """Execute one control instruction; 0 or a program-interruption code."""
    pic = short_control(S, keys, op, b1, r1, r3, ea)
    if pic != NOT_SHORT:
        return pic
    n, v = stored_value(S, op, b1)
    if n:
        if ea & (n - 1):
            return PIC_SPECIFICATION
        r = store_n(S, mem, keys, tlb, ea, n, v)
        return -r if r < 0 else 0
    if op == OP_SSM:
        if S[CR + 0] & CR0_SSM_SUPPRESS:
            return PIC_SPECIAL_OPERATION
        v = fetch_u8(S, mem, keys, tlb, ea)
        if v < 0:
            return -v
        S[PSW_SYSMASK] = v
        if sysmask_invalid(S):
            return PIC_SPECIFICATION | EARLY
        return 0
    if op == OP_LPSW:
        if ea & 7:
            return PIC_SPECIFICATION
        pic, w = fetch_u64(S, mem, keys, tlb, ea)
        if pic:
            return pic
        if load_psw(S, w):
            return PIC_SPECIFICATION | EARLY
        return 0
    if op == OP_STNSM or op == OP_STOSM:
        r = store_u8(S, mem, keys, tlb, ea, S[PSW_SYSMASK])
        if r < 0:
            return -r
        if op == OP_STNSM:
            S[PSW_SYSMASK] &= b1
        else:
            S[PSW_SYSMASK] |= b1
        if sysmask_invalid(S):
            return PIC_SPECIFICATION | EARLY
        return 0
    if op == OP_WRD:
        return 0                      # no direct-control lines are connected
    if op == OP_RDD:
        r = store_u8(S, mem, keys, tlb, ea, 0)
        if r < 0:
            return -r
        return 0
    if op == OP_SIGP:
        return sigp(S, r1, r3, ea)
    if op == OP_LRA:
        code, value = table_walk(S, mem, ea)
        if code < 0:
            return -code
        if code == 0:
            S[GPR + r1] = value & 0xFFFFFF
            S[PSW_CC] = 0
        else:
            S[GPR + r1] = value & 0xFFFFFF
            S[PSW_CC] = 3 if code >= 3 else code
        return 0
    if op == OP_STCTL or op == OP_LCTL:
        if ea & 3:
            return PIC_SPECIFICATION
        n = ((r3 - r1) & 15) + 1
        a = access_range(S, mem, keys, tlb, ea, 4 * n, ACC_STORE if op == OP_STCTL else ACC_FETCH)
        if a < 0 and a != NONCONTIG:
            return -a
        purge = False
        for i in range(n):
            c = (r1 + i) & 15
            if op == OP_STCTL:
                if a >= 0:                         # contiguous: checked, store directly
                    store_be32(mem, a + 4 * i, S[CR + c])
                else:
                    store_u32(S, mem, keys, tlb, ea + 4 * i, S[CR + c])
            else:
                if a >= 0:
                    S[CR + c] = load_be32(mem, a + 4 * i)
                else:
                    S[CR + c] = fetch_u32(S, mem, keys, tlb, ea + 4 * i)
                if c == 0 or c == 1:
                    purge = True
        if purge:
            tlb_purge(tlb)
        return 0
    if op == B2_FIRST_BYTE:
        return control_b2(S, mem, keys, tlb, b1, ea)
    return PIC_OPERATION


@njit(**INTERNAL)
def sigp(S, r1, r3, ea):
    """SIGNAL PROCESSOR on a uniprocessor: only this CPU's own address answers."""
    if (S[GPR + r3] & 0xFFFF) != S[CPU_ADDR]:
        S[PSW_CC] = 3
        return 0
    order = ea & 0xFF
    if order == SIGP_SENSE:
        S[PSW_CC] = 0
    elif order == SIGP_EXTERNAL_CALL:
        S[EXT_PENDING] |= EXTP_EXTCALL
        S[PSW_CC] = 0
    elif order == SIGP_EMERGENCY:
        S[EXT_PENDING] |= EXTP_EMERGENCY
        S[PSW_CC] = 0
    elif order == SIGP_STOP:
        S[STOP_REQUEST] = 1
        S[PSW_CC] = 0
    elif order == SIGP_RESTART:
        S[RESTART_PENDING] = 1
        S[PSW_CC] = 0
    elif order == SIGP_START:
        S[PSW_CC] = 0
    else:
        # invalid order: status stored in R1, CC 1
        S[GPR + r1] = 0x00000002
        S[PSW_CC] = 1
    return 0


@njit(**INTERNAL)
def control_b2(S, mem, keys, tlb, b2, ea):
    if b2 == B2_SCK or b2 == B2_SCKC or b2 == B2_SPT:
        if ea & 7:
            return PIC_SPECIFICATION
        pic, v = fetch_u64(S, mem, keys, tlb, ea)
        if pic:
            return pic
        if b2 == B2_SCK:
            S[TOD] = v
            S[TOD_UNIQUE] = v
            S[TOD_STATE] = 0
            if S[TSC_HZ] > 0:
                S[TSC_BASE] = cycle_counter()
                S[TOD_BASE] = v
            S[PSW_CC] = 0
        elif b2 == B2_SCKC:
            S[CKC] = v
        else:
            S[CPUTIMER] = v
        return 0
    if b2 == B2_STCK or b2 == B2_STCKC or b2 == B2_STPT:
        if b2 != B2_STCK and (ea & 7):
            return PIC_SPECIFICATION
        if b2 == B2_STCK:
            v = store_clock_value(S)
        elif b2 == B2_STCKC:
            v = S[CKC]
        else:
            current_tod(S)
            v = S[CPUTIMER]
        r = store_u64(S, mem, keys, tlb, ea, v)
        if r < 0:
            return -r
        if b2 == B2_STCK:
            st = S[TOD_STATE]
            S[PSW_CC] = 0 if st == 0 else (1 if st == 1 else 3)
        return 0
    if b2 == B2_PTLB:
        tlb_purge(tlb)
        return 0
    if b2 == B2_SPX:
        if ea & 3:
            return PIC_SPECIFICATION
        v = fetch_u32(S, mem, keys, tlb, ea)
        if v < 0:
            return -v
        p = v & 0x00FFF000
        if p + 4096 > S[MEMSIZE]:
            return PIC_ADDRESSING
        S[PREFIX] = p
        tlb_purge(tlb)
        return 0
    return PIC_OPERATION


@njit(**INTERNAL)
def monitor_call(S, i2, ea):
    """MONITOR CALL: 0, specification, or a monitor event (completion)."""
    if i2 & 0xF0:
        return PIC_SPECIFICATION
    cls = i2 & 0x0F
    if (S[CR + 8] >> (15 - cls)) & 1:
        S[MON_CLASS] = cls
        S[MON_CODE] = ea & 0xFFFFFF
        return PIC_MONITOR
    return 0
