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
import shutil
import time
from pathlib import Path

import numba


def _core_cache_dir() -> str:
    h = hashlib.sha256(numba.__version__.encode())
    for src in sorted(Path(__file__).parent.glob("*.py")):
        text = src.read_bytes()
        if b"njit" in text:           # only compiled code decides what the cache holds
            h.update(src.name.encode())
            h.update(text)
    root = os.environ.get("VM370_NUMBA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "vm370")
    return os.path.join(root, "numba-" + h.hexdigest()[:16])


def _prune_old_caches(current: str, days: float = 7) -> None:
    """Remove caches of core versions not used for ``days`` (one per source edit)."""
    root = Path(current).parent
    cutoff = time.time() - days * 86400
    try:
        for d in root.glob("numba-*"):
            if str(d) != current and d.stat().st_mtime < cutoff:
                shutil.rmtree(d, ignore_errors=True)
    except OSError:
        pass


if not os.environ.get("NUMBA_CACHE_DIR"):
    numba.config.CACHE_DIR = _core_cache_dir()
    try:
        os.makedirs(numba.config.CACHE_DIR, exist_ok=True)
        os.utime(numba.config.CACHE_DIR)
        _prune_old_caches(numba.config.CACHE_DIR)
    except OSError:
        pass                     # no writable cache: numba compiles without caching

from .processor import CPU  # noqa: E402  (after the cache directory is chosen)

__all__ = ["CPU"]
