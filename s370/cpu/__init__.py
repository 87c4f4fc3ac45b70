"""The System/370 CPU: a numba-compiled core over numpy state (see layout.py).

Numba's on-disk cache checks only the source file of each function, not the
functions it calls in other modules, so a cached run loop would keep stale
copies of the decimal or floating-point code after those files change.  The
cache therefore lives in a directory named after a hash of all the core's
sources (``VM370_NUMBA_CACHE`` or ~/.cache/vm370), chosen here before any
compiled function is defined.
"""

import hashlib
import os
from pathlib import Path

import numba


def _core_cache_dir() -> str:
    h = hashlib.sha256(numba.__version__.encode())
    for src in sorted(Path(__file__).parent.glob("*.py")):
        h.update(src.name.encode())
        h.update(src.read_bytes())
    root = os.environ.get("VM370_NUMBA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "vm370")
    return os.path.join(root, "numba-" + h.hexdigest()[:16])


if not os.environ.get("NUMBA_CACHE_DIR"):
    numba.config.CACHE_DIR = _core_cache_dir()
