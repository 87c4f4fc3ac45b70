"""The common vocabulary of emulated tape images: position markers, errors, positions.

It sits below every format module (``media.tape.aws``, ``media.tape.het``) and the factory
(``media.tape.image.open_tape``), so the formats never import the factory that picks them.

Every image class (``media.tape.aws.AWSTape``, ``media.tape.het.HETTape``) offers the same
interface, so the 3420 device model and the tools never care which format is mounted:

    read_forward()  -> bytes | TAPEMARK | EOT
    read_backward() -> bytes | TAPEMARK | LOADPOINT    (bytes in recorded order)
    write(block), write_tapemark(), erase_gap(), data_security_erase()
    forward_space_block() -> int | TAPEMARK | EOT
    backspace_block()     -> int | TAPEMARK | LOADPOINT
    forward_space_file()  -> None | EOT
    backspace_file()      -> None | LOADPOINT
    rewind(), close(), position(), at_load_point, passed_eot, readonly

``EOT`` from a read means "no more recorded data" (the end of the image file), not the
reflective end-of-tape marker; that one is ``passed_eot`` (Hercules' maxsize/eotmargin).
"""

from __future__ import annotations

from dataclasses import dataclass


class _Marker:
    """A named singleton returned instead of block data."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __bool__(self) -> bool:       # never mistaken for data by `if block:`
        return False


TAPEMARK = _Marker("TAPEMARK")        # a tape mark was read / spaced over
EOT = _Marker("EOT")                  # end of recorded data (end of the image file)
LOADPOINT = _Marker("LOADPOINT")      # backward motion found the tape at load point

DEFAULT_EOTMARGIN = 131072            # Hercules' default (mountnewtape sets 128K)


class TapeError(Exception):
    """A tape problem with a one-line message meant for the operator."""


class TapeDataError(TapeError):
    """The image is damaged here: the device reports a data check."""


class TapeWriteProtected(TapeError):
    """Write-type operation on a read-only (no write ring) image."""


class TapeFull(TapeError):
    """The write would pass the configured maximum size (physical end of tape)."""


@dataclass(frozen=True)
class Position:
    block: int            # blocks (tape marks included) between load point and here
    file: int             # 1 + tape marks passed
    offset: int           # byte offset of the next block header in the image file
    at_load_point: bool
    passed_eot: bool
