"""DIAGNOSE X'20': general I/O -- any CCW chain on a tape or disk, synchronously
(GC20-1807 pp. 222-223; DDR under CMS does its I/O this way).

Rx = virtual device address, Ry -> the CCW chain.  The chain runs to its end on the
guest's own channel subsystem (its channel programs address the guest's storage
directly, so no CCW translation is needed) and no interruption is presented:

    cc0            done
    cc1 R15 = 1    device not attached;   5  busy or an interruption pending
    cc2 R15 = 2    ended with unit exception;   3  wrong length (incorrect length)
    cc3 R15 = 13   I/O error (unit check, channel error) or not a tape/disk device;
                   after a unit check the low two bytes of Ry get sense bytes 0-1

The channel program runs with protection key 0 (R6 CP used the guest's real
storage; VM/SP later took a key from Ry's high byte).
"""

from __future__ import annotations

from s370.devices.base import CHAN_IL, UNIT_UC, UNIT_UX

from .call import DiagCall
from .devclass import CLASS_DASD, CLASS_FBA, CLASS_TAPE, class_and_type

GENERAL_IO_CLASSES = frozenset({CLASS_TAPE, CLASS_DASD, CLASS_FBA})


def _finish(call: DiagCall, cc: int, r15: int | None = None) -> None:
    if r15 is not None:
        call.set_gpr(15, r15)
    call.set_cc(cc)


def diag_20(call: DiagCall) -> None:
    vaddr = call.gpr(call.rx)
    start = call.gpr(call.ry) & 0xFFFFFF
    dev = call.vm.device(vaddr) if vaddr <= 0xFFFF else None
    if dev is None:
        return _finish(call, 1, 1)
    if class_and_type(dev.devtype)[0] not in GENERAL_IO_CLASSES:
        return _finish(call, 3, 13)
    cond = call.vm.channels.run_program(vaddr, start, key=0)
    if cond is None:
        return _finish(call, 1, 5)
    if cond.unit & UNIT_UC or cond.chan & ~CHAN_IL:
        if cond.unit & UNIT_UC:
            sense = bytes(getattr(dev, "sense", b"")[:2]).ljust(2, b"\0")
            ry = call.gpr(call.ry)
            call.set_gpr(call.ry, (ry & 0xFFFF0000) | int.from_bytes(sense, "big"))
        return _finish(call, 3, 13)
    if cond.unit & UNIT_UX:
        return _finish(call, 2, 2)
    if cond.chan & CHAN_IL:
        return _finish(call, 2, 3)
    return _finish(call, 0)
