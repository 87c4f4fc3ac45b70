"""The device types a directory statement may name, as declarative tables.

Facts from the directory chapter of the VM/370 Planning and System Generation
Guide (GC20-1801-10, "Directory Program") unless a comment says otherwise.
"""

from __future__ import annotations

READER, PUNCH, PRINTER = "READER", "PUNCH", "PRINTER"

# MDISK device types: type -> (cylinders of the smallest model, of the largest model).
# The smallest size is what a full-pack minidisk (start 0) covers at least; the largest
# bounds any extent on that type. 3330: 404 (model 1/2) or 808 (model 11); 3340: 348
# (-35) or 696 (-70); 3350: 555; 2314/2319: 200 primary + 3 alternate.
# 2305 sizes (48 for a 2305-1, 96 for a 2305-2) are Unverified against GC20-1801.
MDISK_DEVTYPES: dict[str, tuple[int, int]] = {
    "2305": (48, 96),
    "2311": (200, 203),
    "2314": (200, 203),
    "2319": (200, 203),
    "3330": (404, 808),
    "3340": (348, 696),
    "3350": (555, 555),
}

# DIRECTORY statement: the volume that holds the compiled directory.
DIRECTORY_DEVTYPES = ("2305", "2314", "2319", "3330", "3340", "3350")

# CONSOLE: "the system accepts any of the devtypes indicated regardless of the real
# console or terminal being used".
CONSOLE_DEVTYPES = ("1052", "3210", "3215")

# SPOOL: operand as written -> (device type, kind). A plain 2540 needs a READER or
# PUNCH operand after it; 2540R/2540P name the half directly.
# 2501 and 1443 are from the VM/370 unit-record device list; Unverified for SPOOL.
SPOOL_DEVTYPES: dict[str, tuple[int, str | None]] = {
    "2501": (0x2501, READER),
    "2540": (0x2540, None),
    "2540R": (0x2540, READER),
    "2540P": (0x2540, PUNCH),
    "3505": (0x3505, READER),
    "3525": (0x3525, PUNCH),
    "1403": (0x1403, PRINTER),
    "1443": (0x1443, PRINTER),
    "3203": (0x3203, PRINTER),
    "3211": (0x3211, PRINTER),
}

# SPECIAL: the non-spool, non-disk virtual devices (spec/cp.md section 2).
SPECIAL_KINDS = ("3270", "TIMER", "CTCA", "2701", "2702", "2703")


def devtype_code(text: str) -> int:
    """'3330' -> 0x3330: VM/370 writes device types as four decimal digits, which
    read as hex give the device-type code the channel and sense data use."""
    return int(text[:4], 16)
