"""DIAGNOSE X'10': release pages (GC20-1807 p. 217).

Rx = real address of the first page, Ry = real address of the last page: both on
4K boundaries, Rx <= Ry, both inside the virtual machine's storage, else a
specification exception.  VM/370 discards the page frames, so the next reference
finds a page of zeros; here the guest's storage is one array, so the pages are
cleared (their storage keys are kept, as VM/370 keeps them in the swap table).
Pages of a loaded *shared* segment are left alone.  No condition code.
"""

from __future__ import annotations

import numpy as np

from s370.cpu import layout as L

from .call import DiagCall, specification
from . import segments

PAGE = 4096


def diag_10(call: DiagCall) -> None:
    first = call.gpr(call.rx)
    last = call.gpr(call.ry)
    if first % PAGE or last % PAGE or first > last or last + PAGE > call.memsize:
        raise specification("release pages: bad range")
    shared = segments.shared_ranges(call.user)
    sd = call.sd
    for page in range(first, last + PAGE, PAGE):
        if any(lo <= page < hi for lo, hi in shared):
            continue
        a = call.absolute(page)
        sd.mem[a:a + PAGE] = 0
        blocks = slice(a >> L.BLOCK_SHIFT, (a + PAGE) >> L.BLOCK_SHIFT)
        sd.keys[blocks] &= np.uint8(0xFF & ~(L.KEY_REF | L.KEY_CHANGE))   # a fresh frame
