"""Virtual time: guest TOD = host TOD + epoch; CPU timer and interval timer run only
while the guest runs.

At each dispatch the guest's clock is re-based on the host clock plus its epoch
difference *without* charging the time it spent undispatched to its CPU timer or
its interval timer (location 80): the core advances those only for the time it
spends running the guest.  (A bare CPU's ``run`` charges the gap: a real CPU's
timer runs in the wait state too.)  In deterministic mode the guest's clock is
its own instruction count, so epochs just offset it.
"""

import time

from s370.cpu import layout as L
from s370.cpu.entrypoints import host_cycles
from s370.cpu.processor import _EPOCH_1970, host_tod

M64 = (1 << 64) - 1


def _i64(v: int) -> int:
    v &= M64
    return v - (1 << 64) if v >> 63 else v


def dispatch(sd, S=None) -> None:
    """Make the guest's clock current before it runs (real clock only).

    On every intercept round trip, so it does what ``CPU._rebase`` does with
    plain ints (host_tod inlined) rather than numpy scalar conversions.  ``S``: the
    guest's S vector or a memoryview of it."""
    if S is None:
        S = sd.S
    if S[L.CLOCK_MODE] == 0 and S[L.TSC_HZ] > 0 and S[L.TOD_STATE] <= 1:
        tod = (time.time_ns() * 4096 // 1000 + _EPOCH_1970 + sd.epoch) & M64
        if tod >> 63:
            tod -= 1 << 64
        S[L.TOD] = tod
        S[L.TOD_BASE] = tod
        S[L.TSC_BASE] = host_cycles()


def guest_tod(sd) -> int:
    """The guest's TOD clock now (what STCK would store, less uniqueness bits)."""
    if sd.S[L.CLOCK_MODE] == 0 and sd.S[L.TSC_HZ] > 0:
        return (host_tod() + sd.epoch) & M64
    return int(sd.S[L.TOD]) & M64


def set_guest_tod(sd, value: int) -> None:
    """SET CLOCK for a guest: only its epoch difference changes, never the host clock."""
    value &= M64
    S = sd.S
    if S[L.CLOCK_MODE] == 0 and S[L.TSC_HZ] > 0:
        sd.epoch = value - host_tod()
        sd._rebase(_i64(value))
    else:
        S[L.TOD] = _i64(value)
    S[L.TOD_UNIQUE] = _i64(value)
    S[L.TOD_STATE] = 0
