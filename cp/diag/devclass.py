"""VM/370's device class and type codes (the RDEVBLOK/VDEVBLOK bytes DIAGNOSE X'24'
returns), one table keyed by the device type number.

Values as VM's RDEVBLOK equates, mirrored in Hercules 3.13 ``vm.c``.  Not confirmed
for R6: the 2540 reader/punch type bytes; the 3211 is put with UR output (Hercules
lists it as UR input, which contradicts the device).
"""

from __future__ import annotations

CLASS_TERMINAL = 0x80
CLASS_GRAPHICS = 0x40
CLASS_UR_INPUT = 0x20
CLASS_UR_OUTPUT = 0x10
CLASS_TAPE = 0x08
CLASS_DASD = 0x04
CLASS_SPECIAL = 0x02
CLASS_FBA = 0x01
TYPE_UNKNOWN = 0x01

DEVICE_CODES: dict[int, tuple[int, int]] = {
    0x1052: (CLASS_TERMINAL, 0x00),
    0x3215: (CLASS_TERMINAL, 0x00),
    0x2703: (CLASS_TERMINAL, 0x40),
    0x3270: (CLASS_GRAPHICS, 0x04),
    0x3277: (CLASS_GRAPHICS, 0x04),
    0x3278: (CLASS_GRAPHICS, 0x04),
    0x3287: (CLASS_GRAPHICS, 0x02),
    0x2501: (CLASS_UR_INPUT, 0x81),
    0x2540: (CLASS_UR_INPUT, 0x82),      # reader side (unverified type byte)
    0x3505: (CLASS_UR_INPUT, 0x84),
    0x1442: (CLASS_UR_INPUT, 0x88),
    0x1403: (CLASS_UR_OUTPUT, 0x41),
    0x3211: (CLASS_UR_OUTPUT, 0x42),
    0x3525: (CLASS_UR_OUTPUT, 0x84),
    0x3410: (CLASS_TAPE, 0x08),
    0x3420: (CLASS_TAPE, 0x10),
    0x3480: (CLASS_TAPE, 0x01),
    0x2305: (CLASS_DASD, 0x02),
    0x2311: (CLASS_DASD, 0x80),
    0x2314: (CLASS_DASD, 0x40),
    0x2319: (CLASS_DASD, 0x40),
    0x3330: (CLASS_DASD, 0x10),
    0x3340: (CLASS_DASD, 0x01),
    0x3350: (CLASS_DASD, 0x08),
    0x3375: (CLASS_DASD, 0x04),
    0x3380: (CLASS_DASD, 0x20),
    0x3088: (CLASS_SPECIAL, 0x80),       # CTCA
    0x3705: (CLASS_SPECIAL, 0x40),
    0x3310: (CLASS_FBA, 0x01),
    0x3370: (CLASS_FBA, 0x02),
}
PUNCH_2540 = (CLASS_UR_OUTPUT, 0x82)     # the 2540's punch side (unverified type byte)


def class_and_type(devtype: int, *, output: bool = False) -> tuple[int, int]:
    """(class, type) for a device type number; an unknown type is special/unknown."""
    if devtype == 0x2540 and output:
        return PUNCH_2540
    return DEVICE_CODES.get(devtype, (CLASS_SPECIAL, TYPE_UNKNOWN))
