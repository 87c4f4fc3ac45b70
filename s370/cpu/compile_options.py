"""Compilation options shared by every function of the compiled core.

``_nrt=False`` turns off numba's reference counting: the core never
allocates arrays, and with counting on, every call that passes the state
or storage arrays pays an atomic increment/decrement pair (about 10-30 ns),
which dominates simple instructions.  ``nogil=True`` lets a CPU run on its
own thread.

Only the entry points called from Python (``CACHED_ENTRY``: the run loop and the
wrappers in entrypoints.py) are cached on disk.  Internal functions (``INTERNAL``) are
never cached on their own: a run loop compiled against callees loaded from
the cache was measured at half the speed of one compiled with all its
callees in the same process, and which of the two a process got depended on
what other processes had cached first.
"""

INTERNAL = dict(cache=False, nogil=True, _nrt=False)
CACHED_ENTRY = dict(cache=True, nogil=True, _nrt=False)
