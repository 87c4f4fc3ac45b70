"""DIAGNOSE X'14': input spool file manipulation (GC20-1807 pp. 217-220; DMKDRD).

Ry = the virtual reader's address (for X'0FFF': a spoolid), Ry+1 = subcode,
Rx = the subcode's operand:

    X'0000'  read the next 4K spool page of the active file into the page at Rx
             cc0 read, cc1 end of file, cc2 no file
    X'0004'  read the next printer file's block (SFBLOK) into Rx   cc1 none
    X'0008'  read the next punch file's block into Rx                cc1 none
    X'000C'  select spoolid Rx: it becomes the next file read       cc2 not found
    X'0010'  the active file is to be read Rx more times (1-255)    cc2 no active file
    X'0014'  restart the active file at its beginning               cc2 no active file
    X'0018'  back up one page and read it as X'0000' does
    X'0FFF'  the descriptor (SFBLOK + first record) of the file after spoolid Ry
             (0 = the first) into the 252 bytes at Rx  cc1 none, cc2 not yours
    cc3 with Ry+1: 4 invalid device address, 8 not a reader, 12 a real device

A buffer not on its boundary (page; doubleword for blocks) or a copy count not
1-255 is a specification exception, a buffer outside storage an addressing
exception; the monitor subcodes (X'001C', X'0020') and any other subcode are
specification exceptions (no monitor spool here).

The spool (``system.spool``, cp.spool) answers through the ``Diag14Spool``
protocol below -- the layout of its pages and blocks is the spool's business.
Without a spool every file request answers cc2 (no file).
"""

from __future__ import annotations

from typing import Protocol

from .call import DiagCall, specification
from .devclass import CLASS_UR_INPUT, class_and_type

READ_PAGE = 0x0000
PRINT_BLOCK = 0x0004
PUNCH_BLOCK = 0x0008
SELECT = 0x000C
REPEAT = 0x0010
RESTART = 0x0014
BACKSPACE = 0x0018
DESCRIPTOR = 0x0FFF
PAGE = 4096
BLOCK_LENGTH = 13 * 8            # SFBLOK as returned (13 doublewords; logic manual: 12)
DESCRIPTOR_LENGTH = 252
MAX_COPIES = 255
BAD_ADDRESS, BAD_TYPE, REAL_DEVICE = 4, 8, 12
NO_FILE = 2


class Diag14Spool(Protocol):
    """What DIAG X'14' needs from ``system.spool``.  Each returns a condition code
    (0 done, 1 end / none, 2 not found / no active file) and the bytes to store."""

    def read_page(self, user, vaddr: int, backspace: bool = False) -> tuple[int, bytes]:
        """The next (backspace: the previous) 4K page of the reader's active file,
        opening the next eligible file when none is active."""

    def next_block(self, user, kind: str) -> tuple[int, bytes]:
        """kind 'PRT' | 'PUN': the next such file's SFBLOK (up to BLOCK_LENGTH bytes)."""

    def select(self, user, vaddr: int, spoolid: int) -> int:
        """Make ``spoolid`` the next file the reader reads."""

    def repeat(self, user, vaddr: int, copies: int) -> int:
        """Read the active file ``copies`` more times."""

    def restart(self, user, vaddr: int) -> int:
        """Start the active file again at its first record."""

    def descriptor(self, user, after_spoolid: int) -> tuple[int, bytes]:
        """SFBLOK + first (TAG) record of the user's file after ``after_spoolid``."""


class _NoSpool:
    def read_page(self, user, vaddr, backspace=False):
        return NO_FILE, b""

    def next_block(self, user, kind):
        return NO_FILE, b""

    def select(self, user, vaddr, spoolid):
        return NO_FILE

    def repeat(self, user, vaddr, copies):
        return NO_FILE

    def restart(self, user, vaddr):
        return NO_FILE

    def descriptor(self, user, after_spoolid):
        return NO_FILE, b""


def _spool(user) -> Diag14Spool:
    spool = getattr(getattr(user, "system", None), "spool", None)
    return spool if spool is not None else _NoSpool()


def _reader_problem(call: DiagCall, vaddr: int) -> int:
    dev = call.vm.device(vaddr) if vaddr <= 0xFFFF else None
    if dev is None:
        return BAD_ADDRESS
    if class_and_type(dev.devtype)[0] != CLASS_UR_INPUT:
        return BAD_TYPE
    if getattr(dev, "dedicated", False):
        return REAL_DEVICE
    return 0


def diag_14(call: DiagCall) -> None:
    sub = call.gpr(call.ry1)
    operand = call.gpr(call.rx)
    ry_value = call.gpr(call.ry)
    spool = _spool(call.user)
    if sub == DESCRIPTOR:
        call.check(operand, DESCRIPTOR_LENGTH, align=8)
        cc, data = spool.descriptor(call.user, ry_value)
        if cc == 0:
            call.store(operand, bytes(data[:DESCRIPTOR_LENGTH]))
        call.set_cc(cc)
        return
    if sub not in (READ_PAGE, PRINT_BLOCK, PUNCH_BLOCK, SELECT, REPEAT, RESTART, BACKSPACE):
        raise specification(f"DIAG 14 subcode {sub:04X}")
    if sub in (READ_PAGE, BACKSPACE):
        call.check(operand, PAGE, align=PAGE)
    elif sub in (PRINT_BLOCK, PUNCH_BLOCK):
        call.check(operand, BLOCK_LENGTH, align=8)
    elif sub == REPEAT and not 1 <= operand <= MAX_COPIES:
        raise specification("DIAG 14 copy count")
    vaddr = ry_value & 0xFFFF if ry_value <= 0xFFFF else ry_value
    problem = _reader_problem(call, vaddr)
    if problem:
        call.set_gpr(call.ry1, problem)
        call.set_cc(3)
        return
    if sub in (READ_PAGE, BACKSPACE):
        cc, data = spool.read_page(call.user, vaddr, backspace=sub == BACKSPACE)
        if cc == 0:
            call.store(operand, bytes(data[:PAGE]).ljust(PAGE, b"\0"))
    elif sub in (PRINT_BLOCK, PUNCH_BLOCK):
        cc, data = spool.next_block(call.user, "PRT" if sub == PRINT_BLOCK else "PUN")
        if cc == 0:
            call.store(operand, bytes(data[:BLOCK_LENGTH]))
    elif sub == SELECT:
        cc = spool.select(call.user, vaddr, operand)
    elif sub == REPEAT:
        cc = spool.repeat(call.user, vaddr, operand)
    else:
        cc = spool.restart(call.user, vaddr)
    call.set_cc(cc)
