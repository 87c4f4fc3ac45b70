"""Cached entry points for calls from Python into the compiled core.

The core's internal functions are compiled afresh inside whichever cached
entry point uses them (see jit.py); Python code calls them through these
thin wrappers so that each call site is cached once and no internal function
ever gets a cache entry of its own.
"""

from numba import njit

from .jit import ENTRY
from . import decimal as _decimal, hfp as _hfp, interrupts as _int, psw as _psw
from . import storage as _storage, timers as _timers


@njit(**ENTRY)
def io_interrupt(S, mem, keys, devaddr, ia, cc):
    return _int.io_interrupt(S, mem, keys, devaddr, ia, cc)


@njit(**ENTRY)
def program_interrupt(S, mem, keys, code, ilc, ia, cc):
    return _int.program_interrupt(S, mem, keys, code, ilc, ia, cc)


@njit(**ENTRY)
def io_enabled_mask(S):
    return _int.io_enabled_mask(S)


@njit(**ENTRY)
def load_psw(S, w):
    return _psw.load_psw(S, w)


@njit(**ENTRY)
def psw_image(S, ia, cc):
    return _psw.psw_image(S, ia, cc)


@njit(**ENTRY)
def tlb_purge(tlb):
    _storage.tlb_purge(tlb)


@njit(**ENTRY)
def table_walk(S, mem, vaddr):
    return _storage.table_walk(S, mem, vaddr)


@njit(**ENTRY)
def real_to_abs(S, r):
    return _storage.real_to_abs(S, r)


@njit(**ENTRY)
def host_cycles():
    return _timers.host_cycles()


@njit(**ENTRY)
def real_tod(S):
    return _timers.real_tod(S)


@njit(**ENTRY)
def update_timers(S, mem, keys, instructions):
    _timers.update_timers(S, mem, keys, instructions)


@njit(**ENTRY)
def next_timer_event(S, mem):
    return _timers.next_timer_event(S, mem)


@njit(**ENTRY)
def advance_clock(S, mem, keys, delta):
    _timers.advance_clock(S, mem, keys, delta)


# --- the decimal and floating-point instruction sets on their own (unit tests, tools) ---
@njit(**ENTRY)
def hfp_rr(S, op, r1, r2):
    return _hfp.hfp_rr(S, op, r1, r2)


@njit(**ENTRY)
def hfp_rx(S, mem, keys, tlb, op, r1, ea):
    return _hfp.hfp_rx(S, mem, keys, tlb, op, r1, ea)


@njit(**ENTRY)
def decimal_ss(S, mem, keys, tlb, op, ea1, l1, ea2, l2):
    return _decimal.decimal_ss(S, mem, keys, tlb, op, ea1, l1, ea2, l2)


@njit(**ENTRY)
def cvb(S, mem, keys, tlb, r1, ea2):
    return _decimal.cvb(S, mem, keys, tlb, r1, ea2)


@njit(**ENTRY)
def cvd(S, mem, keys, tlb, r1, ea2):
    return _decimal.cvd(S, mem, keys, tlb, r1, ea2)
