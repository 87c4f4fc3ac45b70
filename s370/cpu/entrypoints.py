"""Cached entry points for calls from Python into the compiled core.

The core's internal functions are compiled afresh inside whichever cached
entry point uses them (see compile_options.py); Python code calls them through these
thin wrappers so that each call site is cached once and no internal function
ever gets a cache entry of its own.
"""

from numba import njit

from .compile_options import CACHED_ENTRY
from . import decimal, hfp, interrupts, psw
from . import storage, timers


@njit(**CACHED_ENTRY)
def io_interrupt(S, mem, keys, devaddr, ia, cc):
    return interrupts.io_interrupt(S, mem, keys, devaddr, ia, cc)


@njit(**CACHED_ENTRY)
def program_interrupt(S, mem, keys, code, ilc, ia, cc):
    return interrupts.program_interrupt(S, mem, keys, code, ilc, ia, cc)


@njit(**CACHED_ENTRY)
def io_enabled_mask(S):
    return interrupts.io_enabled_mask(S)


@njit(**CACHED_ENTRY)
def load_psw(S, w):
    return psw.load_psw(S, w)


@njit(**CACHED_ENTRY)
def psw_image(S, ia, cc):
    return psw.psw_image(S, ia, cc)


@njit(**CACHED_ENTRY)
def tlb_purge(tlb):
    storage.tlb_purge(tlb)


@njit(**CACHED_ENTRY)
def table_walk(S, mem, vaddr):
    return storage.table_walk(S, mem, vaddr)


@njit(**CACHED_ENTRY)
def real_to_abs(S, r):
    return storage.real_to_abs(S, r)


@njit(**CACHED_ENTRY)
def host_cycles():
    return timers.host_cycles()


@njit(**CACHED_ENTRY)
def real_tod(S):
    return timers.real_tod(S)


@njit(**CACHED_ENTRY)
def update_timers(S, mem, keys, instructions):
    timers.update_timers(S, mem, keys, instructions)


@njit(**CACHED_ENTRY)
def next_timer_event(S, mem):
    return timers.next_timer_event(S, mem)


@njit(**CACHED_ENTRY)
def advance_clock(S, mem, keys, delta):
    timers.advance_clock(S, mem, keys, delta)


# --- the decimal and floating-point instruction sets on their own (unit tests, tools) ---
@njit(**CACHED_ENTRY)
def hfp_rr(S, op, r1, r2):
    return hfp.hfp_rr(S, op, r1, r2)


@njit(**CACHED_ENTRY)
def hfp_rx(S, mem, keys, tlb, op, r1, ea):
    return hfp.hfp_rx(S, mem, keys, tlb, op, r1, ea)


@njit(**CACHED_ENTRY)
def decimal_ss(S, mem, keys, tlb, op, ea1, l1, ea2, l2):
    return decimal.decimal_ss(S, mem, keys, tlb, op, ea1, l1, ea2, l2)


@njit(**CACHED_ENTRY)
def cvb(S, mem, keys, tlb, r1, ea2):
    return decimal.cvb(S, mem, keys, tlb, r1, ea2)


@njit(**CACHED_ENTRY)
def cvd(S, mem, keys, tlb, r1, ea2):
    return decimal.cvd(S, mem, keys, tlb, r1, ea2)
