"""Compilation options shared by every function of the compiled core.

``_nrt=False`` turns off numba's reference counting: the core never
allocates arrays, and with counting on, every call that passes the state
or storage arrays pays an atomic increment/decrement pair (about 10-30 ns),
which dominates simple instructions.  ``cache=True`` keeps the compiled code
on disk; ``nogil=True`` lets a CPU run on its own thread.
"""

JIT = dict(cache=True, nogil=True, _nrt=False)
