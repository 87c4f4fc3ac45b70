"""The spool's answers to DIAGNOSE X'14' (the ``Diag14Spool`` protocol of cp.diag.spoolfile).

Condition codes as GC20-1807 gives them: 0 done, 1 end of file / no such file, 2 no
file / not found.  Reading goes through the user's ``VirtualReader`` so that the
DIAGNOSE and the reader's CCWs share one active file (package text of cp.spool).

The file block returned by subcodes X'0004' / X'0008' / X'0FFF' is the spool's
own layout (VM/370's SFBLOK field order is not verified here), big-endian,
``BLOCK_LENGTH`` (104) bytes:

    0   spoolid (4)          4  records (4)          8  copies (2)   10 class (1)
    11  device type (3, EBCDIC PRT/PUN/CON/RDR)       14 hold (1: 0 none, 1 user,
    2 system, 3 both)       15 reserved             16 owner (8)      24 origin (8)
    32  distribution (8)     40 file name (24)       64 file type (8)
    72  date mm/dd/yy (8)    80 time hh:mm:ss (8)    88 tag (16, first 16 bytes)

Subcode X'0FFF' adds the first record of the file (up to 148 bytes) after the block.
"""

from __future__ import annotations

import struct

from .model import HOLD_STATES

BLOCK_LENGTH = 104
DESCRIPTOR_LENGTH = 252
CC_DONE, CC_END, CC_NONE = 0, 1, 2


def _e(text: str, n: int) -> bytes:
    return text.upper()[:n].ljust(n).encode("cp037")


def file_block(sf) -> bytes:
    """The 104-byte block describing ``sf`` (layout in the module text)."""
    t = sf.created_at
    head = struct.pack(">IIHB", sf.spoolid, sf.records, sf.copies, _e(sf.spool_class, 1)[0])
    body = (head + _e(sf.devtype, 3) + bytes([HOLD_STATES.index(sf.hold), 0]) + _e(sf.owner, 8)
            + _e(sf.origin, 8) + _e(sf.dist, 8) + _e(sf.name, 24) + _e(sf.type, 8)
            + _e(t.strftime("%m/%d/%y"), 8) + _e(t.strftime("%H:%M:%S"), 8) + _e(sf.tag, 16))
    assert len(body) == BLOCK_LENGTH
    return body


class Diag14Mixin:
    """Mixed into ``Spool``: what cp.diag.spoolfile calls."""

    def _reader(self, user, vaddr):
        from cp.vdev.spooldev import VirtualReader
        vm = getattr(user, "vm", None)
        dev = vm.device(vaddr) if vm is not None else None
        return dev if isinstance(dev, VirtualReader) else None

    def read_page(self, user, vaddr: int, backspace: bool = False):
        reader = self._reader(user, vaddr)
        if reader is None:
            return CC_NONE, b""
        with reader.file_lock:
            if backspace and reader.active is not None:
                reader._page = max(0, reader._page - 1)
            page = reader.next_page()
            if page is None:
                return (CC_NONE if reader.active is None else CC_END), b""
            return CC_DONE, page

    def next_block(self, user, kind: str):
        """The user's next printer (PRT) or punch (PUN) file after the last one asked for."""
        last = getattr(user, "_diag14_last", {}).get(kind, 0)
        files = [f for f in self.list(user.userid, kind) if f.spoolid > last] or []
        if not files:
            return CC_END, b""
        sf = min(files, key=lambda f: f.spoolid)
        if not hasattr(user, "_diag14_last"):
            user._diag14_last = {}
        user._diag14_last[kind] = sf.spoolid
        return CC_DONE, file_block(sf)

    def select(self, user, vaddr: int, spoolid: int) -> int:
        sf = self.get(spoolid)
        if sf is None or sf.owner != user.userid or sf.queue != "RDR" or sf.in_use is not None:
            return CC_NONE
        self.order([spoolid])
        return CC_DONE

    def repeat(self, user, vaddr: int, copies: int) -> int:
        reader = self._reader(user, vaddr)
        if reader is None or reader.active is None:
            return CC_NONE
        self.change(reader.active.spoolid, copies=min(99, reader.active.copies + copies))
        return CC_DONE

    def restart(self, user, vaddr: int) -> int:
        reader = self._reader(user, vaddr)
        return CC_DONE if reader is not None and reader.restart_file() else CC_NONE

    def descriptor(self, user, after_spoolid: int):
        files = sorted((f for f in self.list(user.userid, "RDR") if f.spoolid > after_spoolid),
                       key=lambda f: f.spoolid)
        if not files:
            if after_spoolid and self.get(after_spoolid) is not None \
                    and self.get(after_spoolid).owner != user.userid:
                return CC_NONE, b""
            return CC_END, b""
        sf = files[0]
        first = next(iter(sf.data_records()), None)
        data = file_block(sf) + (first.data[:DESCRIPTOR_LENGTH - BLOCK_LENGTH] if first else b"")
        return CC_DONE, data.ljust(DESCRIPTOR_LENGTH, b"\0")
