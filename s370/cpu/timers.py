"""Timing facilities: TOD clock, clock comparator, CPU timer, interval timer.

Two clock modes.  Real time: the TOD follows the host's cycle counter,
calibrated against the host clock by cpu.py.  Deterministic: the TOD advances
by ``S[TOD_STEP]`` units per instruction, so runs are reproducible, and a
wait state jumps straight to the next timer event.

TOD units here are those of bit 63 (1/4096 microsecond); bit 51 is one
microsecond.  The interval timer at real location 80 loses one unit in bit
31 every 1/76800 s = 160000/3 TOD units.
"""

import numpy as np
from numba import njit, types

from .compile_options import INTERNAL
from numba.extending import intrinsic
from llvmlite import ir

from .layout import (TOD, TOD_STEP, CLOCK_MODE, CPUTIMER, CKC, ITIMER_ACC,
                     EXT_PENDING, EXTP_ITIMER, TSC_HZ, TSC_BASE, TOD_BASE,
                     LOC_ITIMER, KEY_REF, KEY_CHANGE, BLOCK_SHIFT, CR,
                     CR0_ITIMER, CR0_CKC, CR0_CPUTIMER, PSW_SYSMASK, TOD_STATE)
from .storage import real_to_abs

ITIMER_UNIT_X3 = 160000        # 3 x TOD units per interval-timer unit
SIGN64 = -(1 << 63)
NEVER = 1 << 60                # TOD units (~9 years): a timer event further off never comes


@intrinsic
def cycle_counter(typingctx):
    """The host's cycle counter (LLVM readcyclecounter)."""
    sig = types.int64()

    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.IntType(64), [])
        fn = builder.module.declare_intrinsic("llvm.readcyclecounter", fnty=fnty)
        return builder.call(fn, [])
    return sig, codegen


@njit(**INTERNAL)
def host_cycles():
    return cycle_counter()


@njit(**INTERNAL)
def load_word(mem, a):
    return ((np.int64(mem[a]) << 24) | (np.int64(mem[a + 1]) << 16)
            | (np.int64(mem[a + 2]) << 8) | np.int64(mem[a + 3]))


@njit(**INTERNAL)
def real_tod(S):
    hz = S[TSC_HZ]
    if hz <= 0:
        return S[TOD]
    cycles = cycle_counter() - S[TSC_BASE]
    # cycles * 4096e6 / hz without overflow for ~ an hour between rebases
    return S[TOD_BASE] + (cycles // hz) * 4096000000 + ((cycles % hz) * 4096000) // (hz // 1000)


@njit(**INTERNAL)
def unsigned_gt(a, b):
    return (a ^ SIGN64) > (b ^ SIGN64)


@njit(**INTERNAL)
def advance_clock(S, mem, keys, delta):
    """Move TOD-driven timers forward by ``delta`` TOD units (delta >= 0)."""
    if delta <= 0:
        return
    if S[TOD_STATE] == 0 or S[TOD_STATE] == 1:
        S[TOD] += delta
    S[CPUTIMER] -= delta
    acc = S[ITIMER_ACC] + delta * 3
    units = acc // ITIMER_UNIT_X3
    S[ITIMER_ACC] = acc - units * ITIMER_UNIT_X3
    if units > 0:
        a = real_to_abs(S, LOC_ITIMER)
        old = load_word(mem, a)
        old = old - ((old & 0x80000000) << 1)
        new = old - units
        if old >= 0 and new < 0:
            S[EXT_PENDING] |= EXTP_ITIMER
        new &= 0xFFFFFFFF
        mem[a] = (new >> 24) & 0xFF
        mem[a + 1] = (new >> 16) & 0xFF
        mem[a + 2] = (new >> 8) & 0xFF
        mem[a + 3] = new & 0xFF
        keys[a >> BLOCK_SHIFT] |= KEY_REF | KEY_CHANGE


@njit(**INTERNAL)
def update_timers(S, mem, keys, instructions):
    """Account for ``instructions`` executed since the last update."""
    if S[CLOCK_MODE] == 0:
        now = real_tod(S)
        delta = now - S[TOD]
        if S[TOD_STATE] > 1:      # stopped clock: CPU timer still runs in real time
            S[TOD_BASE] = now
        advance_clock(S, mem, keys, delta)
    else:
        advance_clock(S, mem, keys, instructions * S[TOD_STEP])


@njit(**INTERNAL)
def next_timer_event(S, mem):
    """TOD units until the next enabled timer interruption, or -1 if none."""
    if (S[PSW_SYSMASK] & 1) == 0:
        return -1
    cr0 = S[CR + 0]
    best = -1
    if cr0 & CR0_CKC:
        if unsigned_gt(S[TOD], S[CKC]):
            best = 1
        else:
            d = S[CKC] - S[TOD]           # unsigned difference (wraps past 2**63)
            if 0 <= d < NEVER:
                best = d + 1
    if cr0 & CR0_CPUTIMER:
        d = S[CPUTIMER]
        if d < 0:
            d = 1
        elif d < NEVER:
            d += 1
        else:
            d = -1
        if d > 0 and (best < 0 or d < best):
            best = d
    if cr0 & CR0_ITIMER:
        a = real_to_abs(S, LOC_ITIMER)
        v = load_word(mem, a)
        v = v - ((v & 0x80000000) << 1)
        if v >= 0:
            d = ((v + 1) * ITIMER_UNIT_X3 - S[ITIMER_ACC] + 2) // 3
            if d < 1:
                d = 1
            if best < 0 or d < best:
                best = d
    return best
