"""DIAGNOSE X'18': standard DASD I/O, the way CMS reads and writes its disks
(GC20-1807 pp. 221-222; SY20-0886 DMKDGD).

Rx = virtual device address, Ry -> the CCW chain, R15 = the number of READ/WRITE
CCWs in it (1-15).  The chain has the CMS shape, per record

    SEEK BBCCHH, [SET SECTOR], SEARCH ID EQUAL CCHHR, TIC *-8, READ|WRITE DATA
    [SEEK HEAD BBCCHH when the head changes -- same cylinder]

and runs synchronously: no I/O interruption reaches the guest.  CP checks the
chain before starting it (these checks are what makes X'18' cheaper than SIO for
VM/370; here they give the documented answers):

    cc0            done
    cc1 R15 = 1    device not attached
            2      not a 2314/2319/3330/3340/3350 (CKD disk of those types)
            3      a WRITE to a read-only disk
            4      a SEEK cylinder outside the minidisk
            5      device busy or an interruption pending
    cc2 R15 = 5    CCW address not doubleword aligned
            6      SEEK/SET SECTOR/SEARCH argument outside storage
            7      a data CCW that is neither READ DATA (06) nor WRITE DATA (05)
            8      count zero;  9  count > 2048;  10  data area outside storage
            11     R15 not 1-15 or smaller than the READ/WRITE CCWs in the chain
            12     SEEK HEAD cylinder differs from the first SEEK's
    cc3 R15 = 13   I/O error: the CSW is stored at the guest's X'40'; the sense
                   bytes wait in the device for the guest's SENSE

Cylinder numbers are the minidisk's own: the device is an extent view of the real
volume (``CKDDevice(extent=...)``), which relocates seeks and rejects any beyond
its last cylinder -- VM/370 relocated them by the minidisk's start here.
"""

from __future__ import annotations

from s370.cpu import layout as L
from s370.devices.base import CCW_CC, UNIT_UC, UNIT_UX

from .call import DiagCall

DIAG18_DEVTYPES = frozenset({0x2314, 0x2319, 0x3330, 0x3340, 0x3350})
MAX_DATA_COUNT = 2048            # R6 (VM/SP raised it to 4096)
MAX_RW_CCWS = 15
MAX_CHAIN_CCWS = 8 * MAX_RW_CCWS  # a guard against a chain that never ends

CMD_WRITE_DATA = 0x05
CMD_READ_DATA = 0x06
CMD_SEEK = 0x07
CMD_SEEK_HEAD = 0x1B
CMD_SET_SECTOR = 0x23
CMD_SEARCH_ID = frozenset({0x31, 0x51, 0x71, 0xB1, 0xD1, 0xF1})   # EQ, HI, HE (+multitrack)
ARGUMENT_LENGTH = {CMD_SEEK: 6, CMD_SEEK_HEAD: 6, CMD_SET_SECTOR: 1}
SEARCH_ARGUMENT_LENGTH = 5


class Refused(Exception):
    """The chain is refused before it starts: the condition code and R15."""

    def __init__(self, cc: int, r15: int):
        super().__init__(f"cc{cc} R15={r15}")
        self.cc = cc
        self.r15 = r15


def _ccw(call: DiagCall, addr: int) -> tuple[int, int, int, int]:
    raw = call.fetch(addr, 8)
    return raw[0], int.from_bytes(raw[1:4], "big"), raw[4], int.from_bytes(raw[6:8], "big")


def _read_only(dev) -> bool:
    image = getattr(dev, "image", None)
    return bool(getattr(dev, "read_only", False)
                or (image is not None and getattr(image, "readonly", False)
                    and not getattr(dev, "fakewrite", False)))


def check_chain(call: DiagCall, dev, start: int, rw_allowed: int) -> None:
    """Walk the chain as CP does before starting it; Refused(cc, R15) at the first fault."""
    if not 1 <= rw_allowed <= MAX_RW_CCWS:
        raise Refused(2, 11)
    if start % 8:
        raise Refused(2, 5)
    addr, rw, first_cyl, seen = start, 0, None, 0
    while True:
        seen += 1
        if seen > MAX_CHAIN_CCWS:
            raise Refused(2, 11)
        cmd, data, flags, count = _ccw(call, addr)
        if cmd & 0x0F == 0x08:                            # TIC
            if data % 8:
                raise Refused(2, 5)
            # the search loop (TIC *-8) is the normal case: the chain goes on after it
            addr = data if data > addr else addr + 8
            continue
        if cmd in ARGUMENT_LENGTH or cmd in CMD_SEARCH_ID:
            n = ARGUMENT_LENGTH.get(cmd, SEARCH_ARGUMENT_LENGTH)
            if not call.inside(data, n):
                raise Refused(2, 6)
            if cmd in (CMD_SEEK, CMD_SEEK_HEAD):
                cyl = int.from_bytes(call.fetch(data + 2, 2), "big")
                if cmd == CMD_SEEK:
                    if cyl >= dev.cyls:
                        raise Refused(1, 4)
                    if first_cyl is None:
                        first_cyl = cyl
                elif cyl != first_cyl:
                    raise Refused(2, 12)
        elif cmd in (CMD_READ_DATA, CMD_WRITE_DATA):
            if count == 0:
                raise Refused(2, 8)
            if count > MAX_DATA_COUNT:
                raise Refused(2, 9)
            if not call.inside(data, count):
                raise Refused(2, 10)
            if cmd == CMD_WRITE_DATA and _read_only(dev):
                raise Refused(1, 3)
            rw += 1
            if rw > rw_allowed:
                raise Refused(2, 11)
        else:
            raise Refused(2, 7)
        if not flags & CCW_CC:
            return
        addr += 8


def diag_18(call: DiagCall) -> None:
    vaddr = call.gpr(call.rx)
    start = call.gpr(call.ry) & 0xFFFFFF
    dev = call.vm.device(vaddr) if vaddr <= 0xFFFF else None
    try:
        if dev is None:
            raise Refused(1, 1)
        if dev.devtype not in DIAG18_DEVTYPES or not hasattr(dev, "cyls"):
            raise Refused(1, 2)
        if call.vm.channels.busy(vaddr):
            raise Refused(1, 5)
        check_chain(call, dev, start, call.gpr(15))
        cond = call.vm.channels.run_program(vaddr, start, key=0)
        if cond is None:
            raise Refused(1, 5)
    except Refused as r:
        call.set_gpr(15, r.r15)
        call.set_cc(r.cc)
        return
    if cond.chan or cond.unit & (UNIT_UC | UNIT_UX):
        call.store(L.LOC_CSW, cond.csw())
        call.set_gpr(15, 13)
        call.set_cc(3)
        return
    call.set_cc(0)

