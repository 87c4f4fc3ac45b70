"""Tape image formats (AWS, HET) and tape tools; imports nothing from s370/cp/cms.

    from media.tape import open_tape, TAPEMARK, EOT
    with open_tape("vol.het") as t: block = t.read_forward()
"""

from media.tape.image import (EOT, LOADPOINT, TAPEMARK, TapeDataError, TapeError, TapeFull,
                         TapeWriteProtected, open_tape)

__all__ = ["EOT", "LOADPOINT", "TAPEMARK", "TapeDataError", "TapeError", "TapeFull",
           "TapeWriteProtected", "open_tape"]
