"""DIAGNOSE X'0C': the pseudo timer (GC20-1807 pp. 216-217).

Rx = doubleword-aligned real address of a 32-byte area; CP stores

    +0  8  date 'mm/dd/yy' (EBCDIC)
    +8  8  time 'hh:mm:ss' (EBCDIC)
    +16 8  virtual CPU time used, microseconds (unsigned doubleword)
    +24 8  total CPU time (virtual + CP's work for the user), microseconds

cc unchanged.  The date and time are the system's clock (``system.now()``); the
CPU times are the host CPU seconds spent running the guest (``vm.cpu_seconds``,
which include CP's handling of its intercepts) plus ``vm.cp_seconds`` when the
dispatcher keeps CP's own share separately.
"""

from __future__ import annotations

import datetime

from .call import DiagCall, ebcdic_field

TIMER_LENGTH = 32


def _now(user) -> datetime.datetime:
    system = getattr(user, "system", None)
    if system is not None and hasattr(system, "now"):
        return system.now()
    return datetime.datetime.now()


def timer_block(user) -> bytes:
    now = _now(user)
    vm = user.vm
    virtual = int(getattr(vm, "cpu_seconds", 0.0) * 1_000_000)
    total = virtual + int(getattr(vm, "cp_seconds", 0.0) * 1_000_000)
    return (ebcdic_field(now.strftime("%m/%d/%y"), 8) + ebcdic_field(now.strftime("%H:%M:%S"), 8)
            + virtual.to_bytes(8, "big") + total.to_bytes(8, "big"))


def diag_0c(call: DiagCall) -> None:
    addr = call.gpr(call.rx)
    call.check(addr, TIMER_LENGTH, align=8)
    call.store(addr, timer_block(call.user))
