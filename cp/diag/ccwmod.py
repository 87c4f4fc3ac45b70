"""DIAGNOSE X'28': channel program modification (GC20-1807 pp. 225-226).

For a guest (OS ISAM) that changes a TIC or NOP of a channel program after
starting it.  Rx -> the modified CCW, Ry bits 16-31 = the device address.

    cc0 R15 = 0   done
    cc1 R15 = 1   Rx and Ry are the same register;  2  no such device;
              3   Rx address outside storage;  4  not doubleword aligned;
              6   the CCW is neither a TIC nor a NOP;
              7   the new TIC address is outside storage;  8  not doubleword aligned
    cc2           too late: the channel program has ended (restart it)

VM/370 had to copy the change into its translated CCWs.  Here the guest's channel
program runs from the guest's own storage, so the change is already in effect:
nothing needs doing once the checks pass and the program is still running.
"""

from __future__ import annotations

from .call import DiagCall

CMD_NOP = 0x03


def _answer(call: DiagCall, cc: int, r15: int | None) -> None:
    if r15 is not None:
        call.set_gpr(15, r15)
    call.set_cc(cc)


def diag_28(call: DiagCall) -> None:
    if call.rx == call.ry:
        return _answer(call, 1, 1)
    addr = call.gpr(call.rx) & 0xFFFFFF
    vaddr = call.gpr(call.ry) & 0xFFFF
    if call.vm.device(vaddr) is None:
        return _answer(call, 1, 2)
    if not call.inside(addr, 8):
        return _answer(call, 1, 3)
    if addr % 8:
        return _answer(call, 1, 4)
    raw = call.fetch(addr, 8)
    cmd = raw[0]
    if cmd & 0x0F == 0x08:
        target = int.from_bytes(raw[1:4], "big")
        if not call.inside(target, 8):
            return _answer(call, 1, 7)
        if target % 8:
            return _answer(call, 1, 8)
    elif cmd != CMD_NOP:
        return _answer(call, 1, 6)
    if not call.vm.channels.program_active(vaddr):
        return _answer(call, 2, None)
    _answer(call, 0, 0)
