"""open_tape(): the factory that picks a tape image format by name or file suffix.

The formats are one table, ``FORMATS``; each class offers the interface described in
``media.tape.base`` (read_forward, write, rewind, ...), so the 3420 device model and the
tools never care which format is mounted.  The vocabulary (TAPEMARK, EOT, TapeError,
...) lives in ``media.tape.base`` and is re-exported here for the callers that import it
from ``media.tape.image``.
"""

from __future__ import annotations

import os

from media.tape.aws import AWSTape
from media.tape.base import (DEFAULT_EOTMARGIN, EOT, LOADPOINT, TAPEMARK, Position,  # noqa: F401
                        TapeDataError, TapeError, TapeFull, TapeWriteProtected)
from media.tape.het import HETTape

# kind: (image class, options it does not take and silently ignores)
FORMATS = {
    "aws": (AWSTape, ("compress", "method", "level")),      # AWS has no compression
    "het": (HETTape, ()),
}


def image_kind(path: str) -> str:
    """'het' for names ending in .het (the Hercules rule), otherwise 'aws'."""
    return "het" if str(path).lower().endswith(".het") else "aws"


def open_tape(path: str, *, kind: str | None = None, **options):
    """Open an AWS or HET image; the kind follows the file name unless given."""
    kind = kind or image_kind(os.fspath(path))
    if kind not in FORMATS:
        raise TapeError(f"unknown tape image kind {kind!r} (expected aws or het)")
    cls, ignored = FORMATS[kind]
    for name in ignored:
        options.pop(name, None)
    return cls(path, **options)


def position_at_end(tape) -> None:
    """Where a new tape file goes: after the recorded data, over the second of two
    closing tapemarks if the tape ends with them (DDR's and VMFPLC2's append)."""
    while tape.forward_space_file() is not EOT:
        pass
    n = tape.block_count
    if n >= 2 and tape.is_tapemark(n - 1) and tape.is_tapemark(n - 2):
        tape.seek_block(n - 1)
    else:
        tape.seek_block(n)
