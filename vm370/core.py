"""Getting the numba-compiled CPU core ready before the first user needs it.

The core is compiled on the very first run (about two minutes) and cached on disk
(s370.cpu chooses the cache directory); later starts load it in about a second.
``prepare()`` does either under a progress line, by running a guest that is a
single disabled-wait PSW through sie.run_guest, which needs the whole run loop.
"""

from __future__ import annotations

import glob
import hashlib
import os
import struct

from .progress import Progress

# BC-mode PSW: wait state, all interruptions masked (a disabled wait at once)
DISABLED_WAIT_PSW = struct.pack(">II", 0x00020000, 0)


def is_cached() -> bool:
    """True if the core's run loop is in numba's cache for this source tree (numba keeps
    a cache per source directory, named after its path's SHA-1)."""
    import numba
    import s370.cpu
    where = os.path.dirname(os.path.abspath(s370.cpu.__file__))
    sub = "cpu_" + hashlib.sha1(where.encode()).hexdigest()
    return bool(glob.glob(os.path.join(numba.config.CACHE_DIR, sub, "core.run-*.nbi")))


def prepare() -> None:
    """Compile or load the core, showing progress when that takes a while."""
    import s370.cpu  # noqa: F401  (chooses the cache directory)
    label = ("LOADING THE CPU CORE" if is_cached()
             else "COMPILING THE CPU CORE (FIRST RUN ONLY, ABOUT 2 MINUTES)")
    with Progress(label):
        from sie import StateDescription, run_guest
        sd = StateDescription(memsize=1 << 16, clock="deterministic")
        sd.set_psw(DISABLED_WAIT_PSW)
        run_guest(sd, 100)
