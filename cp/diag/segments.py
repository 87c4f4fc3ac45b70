"""DIAGNOSE X'64': named saved segments -- LOADSYS, PURGESYS, FINDSYS (GC20-1807 pp. 234-236).

Rx -> an 8-byte segment name (doubleword aligned, EBCDIC, blank padded); Ry = subcode:

    X'00' LOADSYS shared      cc0 loaded above the defined storage, Rx = load address;
    X'04' LOADSYS non-shared  cc1 loaded inside the defined storage, Rx = load address,
                                  Ry = last address of the storage it replaced;
                              cc2 Ry = 44 no such segment
    X'08' PURGESYS            cc0 released (its pages cleared), cc1 not loaded here,
                              cc2 Ry = 44
    X'0C' FINDSYS             cc0 loaded: Rx = load address, Ry = highest address;
                              cc1 exists, not loaded: the same two addresses;
                              cc2 Ry = 44

Another subcode, or a name not doubleword aligned, is a specification exception;
a name outside storage an addressing exception.  LOADSYS first purges any loaded
segment it overlaps.

The segments are CP's table ``system.segments`` (missing = none):

    system.segments = {name: segment}        # name: up to 8 characters, upper case
    segment.address  int   load address (4K aligned)
    segment.pages    int   number of 4K pages
    segment.shared   bool  shared between users (SYSHRSG)
    segment.data     bytes its saved contents (shorter than pages*4K: zero filled)

(``SavedSegment`` below has that shape; SAVESYS, which fills the table, is CP's
saved-system part.)  A segment above the virtual machine's defined storage
extends the machine's storage to its end (``vm.extend_storage(size)`` when the
machine offers it, else the storage arrays are grown here); unlike VM/370 the
gap between the defined storage and the segment is then addressable.  Shared
pages are copied into each user's storage: every guest's storage is its own
array, so sharing saves nothing and the copy cannot be seen to differ.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from s370 import ebcdic

from .call import DiagCall, specification

PAGE = 4096
LOADSYS_SHARED = 0x00
LOADSYS_NONSHARED = 0x04
PURGESYS = 0x08
FINDSYS = 0x0C
RC_NO_SEGMENT = 44              # DMKxxx044E: 'name' DOES NOT EXIST
RC_PAGING_ERROR = 177


@dataclass
class SavedSegment:
    address: int
    pages: int
    shared: bool = True
    data: bytes = b""

    @property
    def end(self) -> int:
        """The highest address of the segment."""
        return self.address + self.pages * PAGE - 1


# per state description (a new one comes with DEFINE STORAGE, which also drops the
# segments): name -> (segment, shared as loaded); the defined storage size
_loaded: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_defined: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def loaded(vm) -> dict:
    return _loaded.setdefault(vm.sd, {})


def defined_storage(vm) -> int:
    """The VM's storage size before any segment extended it (DIAG X'60' answers this)."""
    return _defined.get(vm.sd, vm.sd.memsize)


def shared_ranges(user) -> list[tuple[int, int]]:
    """[start, end) of each shared segment loaded in the user's machine (DIAG X'10' spares them)."""
    return [(seg.address, seg.end + 1) for seg, shared in loaded(user.vm).values() if shared]


def _table(user) -> dict:
    system = getattr(user, "system", None)
    return getattr(system, "segments", None) or {}


def _grow(vm, size: int) -> None:
    """Extend the guest's storage to ``size`` bytes, keeping its contents."""
    extend = getattr(vm, "extend_storage", None)
    if extend is not None:
        extend(size)
        return
    from s370.cpu import layout as L
    sd = vm.sd
    old = sd.memsize
    mem = np.zeros(size, np.uint8)
    keys = np.zeros(size >> L.BLOCK_SHIFT, np.uint8)
    mem[:old] = sd.mem
    keys[:old >> L.BLOCK_SHIFT] = sd.keys
    ch = vm.channels
    with ch.lock:
        sd.mem, sd.keys = mem, keys
        sd.S[L.MEMSIZE] = size
        ch.mem, ch.keys, ch.memsize = mem, keys, size


def _load(call: DiagCall, name: str, seg: SavedSegment, shared: bool) -> None:
    vm = call.vm
    mine = loaded(vm)
    for other, (oseg, _) in list(mine.items()):
        if oseg.address <= seg.end and seg.address <= oseg.end:
            _purge(call, other)
    defined = defined_storage(vm)
    _defined[vm.sd] = defined
    inside = seg.end < defined
    if seg.end >= call.memsize:
        _grow(vm, seg.end + 1)
    image = bytes(seg.data[:seg.pages * PAGE])
    image += bytes(seg.pages * PAGE - len(image))
    call.store(seg.address, image)
    mine[name] = (seg, shared)
    saved = getattr(getattr(call.user, "system", None), "saved", None)
    if saved is not None:               # cp.saved protects the pages of a shared segment
        saved.segment_loaded(call.user)
    call.set_gpr(call.rx, seg.address)
    if inside:
        call.set_gpr(call.ry, seg.end)
        call.set_cc(1)
    else:
        call.set_cc(0)


def _purge(call: DiagCall, name: str) -> None:
    seg, _ = loaded(call.vm).pop(name)
    if seg.address < call.memsize:
        call.store(seg.address, bytes(min(seg.pages * PAGE, call.memsize - seg.address)))


def diag_64(call: DiagCall) -> None:
    addr = call.gpr(call.rx)
    sub = call.gpr(call.ry)
    if sub not in (LOADSYS_SHARED, LOADSYS_NONSHARED, PURGESYS, FINDSYS):
        raise specification("DIAG 64 subcode")
    call.check(addr, 8, align=8)
    name = ebcdic.decode(call.fetch(addr, 8)).strip().upper()
    seg = _table(call.user).get(name)
    if seg is None:
        call.set_gpr(call.ry, RC_NO_SEGMENT)
        call.set_cc(2)
        return
    mine = loaded(call.vm)
    if sub == FINDSYS:
        call.set_gpr(call.rx, seg.address)
        call.set_gpr(call.ry, seg.end)
        call.set_cc(0 if name in mine else 1)
    elif sub == PURGESYS:
        if name not in mine:
            call.set_cc(1)
            return
        _purge(call, name)
        call.set_cc(0)
    else:
        _load(call, name, seg, shared=sub == LOADSYS_SHARED and seg.shared)
