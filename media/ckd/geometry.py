"""CKD device geometry: the facts of each drive type (cylinders, heads, track
capacity, sectors, capacity formula) as given in the IBM device manuals and in
Hercules' device table, plus the image track size rule Hercules uses.

The capacity formula decides whether one more record fits on a real track
(used by WRITE CKD); the image track size only decides how many bytes the
image file reserves per track.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DasdError

# Sizes of the pieces of a track image (Hercules CKD image layout).
TRKHDR_SIZE = 5          # home address: bin(1) CC(2) HH(2)
COUNT_SIZE = 8           # count field CC HH R KL DL(2)
R0_DATA_LEN = 8          # standard record zero data length
EOT_MARKER = b"\xff" * 8 # end of track marker in the image


@dataclass(frozen=True)
class ControlUnit:
    name: str
    cutype: int
    cumodel: int
    sense_len: int


CONTROL_UNITS = {
    "2841": ControlUnit("2841", 0x2841, 0x00, 6),
    "2314": ControlUnit("2314", 0x2314, 0x00, 6),
    "3830": ControlUnit("3830", 0x3830, 0x02, 24),
    "3880": ControlUnit("3880", 0x3880, 0x05, 24),
    "3990": ControlUnit("3990", 0x3990, 0xC2, 32),
}


@dataclass(frozen=True)
class Geometry:
    """One row of the device table."""
    name: str            # e.g. "3330-11"
    devtype: int         # 0x3330
    model: int           # device model byte (sense ID)
    cyls: int            # primary cylinders
    alt_cyls: int        # alternate cylinders
    heads: int           # tracks per cylinder
    r1_max: int          # largest R1 data length without key on one track
    track_len: int       # track capacity in the formula's units
    sectors: int         # sectors per track (0 = no rotational position sensing)
    formula: int         # -2: 2311/2314, -1: 3330/3340/3350, 1: 3375/3380, 2: 3390
    f: tuple             # formula factors f1..f6
    cu: str              # control unit

    @property
    def image_track_size(self) -> int:
        """Bytes reserved per track in a CKD image (Hercules rule, multiple of 512)."""
        n = TRKHDR_SIZE + COUNT_SIZE + R0_DATA_LEN + COUNT_SIZE + self.r1_max + len(EOT_MARKER)
        return (n + 511) // 512 * 512

    @property
    def control_unit(self) -> ControlUnit:
        return CONTROL_UNITS[self.cu]

    @property
    def sense_len(self) -> int:
        return self.control_unit.sense_len

    def record_space(self, kl: int, dl: int) -> tuple[int, int]:
        """(bytes used if last on the track, bytes used if not last) for one record."""
        f = self.f
        if self.formula == -2:
            c, x, d1, d2 = f[0], f[1], f[2], f[3]
            b1 = kl + dl + (c if kl else 0)
            b2 = (kl + dl) * d1 // d2 + (c if kl else 0) + x
            return b1, b2
        if self.formula == -1:
            b = kl + dl + (f[0] if kl else 0) + f[1]
            return b, b
        if self.formula == 1:
            f1, f2, f3 = f[0], f[1], f[2]
            a = -(-(dl + f2) // f1) * f1
            k = -(-(kl + f3) // f1) * f1 if kl else 0
            return a + k, a + k
        if self.formula == 2:
            f1, f2, f3, f4, f5, f6 = f
            i1 = (dl + f6 + f5 * 2 - 1) // (f5 * 2)
            i2 = (kl + f6 + f5 * 2 - 1) // (f5 * 2)
            a = f1 * f2 + dl + f6 + f4 * i1
            k = (f1 * f3 + kl + f6 + f4 * i2) if kl else 0
            a = -(-a // f1) * f1
            k = -(-k // f1) * f1
            return a + k, a + k
        raise ValueError(self.formula)

    def records_fit(self, sizes) -> bool:
        """Whether user records (R1..Rn) with these (KL, DL) fit on one track."""
        used = 0
        for kl, dl in sizes:
            b1, b2 = self.record_space(kl, dl)
            if used + b1 > self.track_len:
                return False
            used += b2
        return True

    def records_per_track(self, kl: int, dl: int) -> int:
        b1, b2 = self.record_space(kl, dl)
        if b1 > self.track_len:
            return 0
        return (self.track_len - b1) // b2 + 1


def _g(name, devtype, model, cyls, alt, heads, r1, tlen, sec, formula, f, cu):
    return Geometry(name, devtype, model, cyls, alt, heads, r1, tlen, sec, formula, tuple(f), cu)


_F2311 = (20, 61, 537, 512, 0, 0)
_F2314 = (45, 101, 2137, 2048, 0, 0)
_F3330 = (56, 135, 0, 0, 0, 0)
_F3340 = (75, 167, 0, 0, 0, 0)
_F3350 = (82, 185, 0, 0, 0, 0)
_F3375 = (32, 384, 160, 0, 0, 0)
_F3380 = (32, 492, 236, 0, 0, 0)
_F3390 = (34, 19, 9, 6, 116, 6)

_TABLE = [
    _g("2311", 0x2311, 0x00, 200, 3, 10, 3625, 3625, 0, -2, _F2311, "2841"),
    _g("2314", 0x2314, 0x00, 200, 3, 20, 7294, 7294, 0, -2, _F2314, "2314"),
    _g("3330", 0x3330, 0x01, 404, 7, 19, 13030, 13165, 128, -1, _F3330, "3830"),
    _g("3330-1", 0x3330, 0x01, 404, 7, 19, 13030, 13165, 128, -1, _F3330, "3830"),
    _g("3330-2", 0x3330, 0x11, 808, 7, 19, 13030, 13165, 128, -1, _F3330, "3830"),
    _g("3330-11", 0x3330, 0x11, 808, 7, 19, 13030, 13165, 128, -1, _F3330, "3830"),
    _g("3340", 0x3340, 0x01, 348, 1, 12, 8368, 8535, 64, -1, _F3340, "3830"),
    _g("3340-1", 0x3340, 0x01, 348, 1, 12, 8368, 8535, 64, -1, _F3340, "3830"),
    _g("3340-35", 0x3340, 0x01, 348, 1, 12, 8368, 8535, 64, -1, _F3340, "3830"),
    _g("3340-2", 0x3340, 0x02, 696, 2, 12, 8368, 8535, 64, -1, _F3340, "3830"),
    _g("3340-70", 0x3340, 0x02, 696, 2, 12, 8368, 8535, 64, -1, _F3340, "3830"),
    _g("3350", 0x3350, 0x00, 555, 5, 30, 19069, 19254, 128, -1, _F3350, "3830"),
    _g("3350-1", 0x3350, 0x00, 555, 5, 30, 19069, 19254, 128, -1, _F3350, "3830"),
    _g("3375", 0x3375, 0x02, 959, 3, 12, 35616, 36000, 196, 1, _F3375, "3880"),
    _g("3375-1", 0x3375, 0x02, 959, 3, 12, 35616, 36000, 196, 1, _F3375, "3880"),
    _g("3380", 0x3380, 0x02, 885, 1, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-1", 0x3380, 0x02, 885, 1, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-A", 0x3380, 0x02, 885, 1, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-B", 0x3380, 0x02, 885, 1, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-D", 0x3380, 0x06, 885, 1, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-J", 0x3380, 0x16, 885, 1, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-2", 0x3380, 0x0A, 1770, 2, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-E", 0x3380, 0x0A, 1770, 2, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-3", 0x3380, 0x1E, 2655, 3, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3380-K", 0x3380, 0x1E, 2655, 3, 15, 47476, 47968, 222, 1, _F3380, "3880"),
    _g("3390", 0x3390, 0x02, 1113, 1, 15, 56664, 58786, 224, 2, _F3390, "3990"),
    _g("3390-1", 0x3390, 0x02, 1113, 1, 15, 56664, 58786, 224, 2, _F3390, "3990"),
    _g("3390-2", 0x3390, 0x06, 2226, 1, 15, 56664, 58786, 224, 2, _F3390, "3990"),
    _g("3390-3", 0x3390, 0x0A, 3339, 1, 15, 56664, 58786, 224, 2, _F3390, "3990"),
    _g("3390-9", 0x3390, 0x0C, 10017, 3, 15, 56664, 58786, 224, 2, _F3390, "3990"),
]

BY_NAME = {g.name: g for g in _TABLE}


def lookup(name: str) -> Geometry:
    """Geometry for 'devtype[-model]' (e.g. '3330', '3330-11', '3380-K')."""
    g = BY_NAME.get(name.upper())
    if g is None:
        raise DasdError(f"unknown CKD device type {name!r} "
                        f"(known: {', '.join(sorted(BY_NAME))})")
    return g


def for_image(devtype_low: int, heads: int, track_size: int) -> Geometry:
    """Geometry matching an image header's device-type byte (low byte of the type)."""
    for g in _TABLE:
        if (g.devtype & 0xFF) == devtype_low and g.heads == heads:
            return g
    raise DasdError(f"image header names an unknown device type X'{devtype_low:02X}' "
                    f"with {heads} heads")


def for_devtype(devtype: int, cyls: int | None = None) -> Geometry:
    """The base geometry of a device type, or the model whose primary size matches cyls."""
    base = None
    for g in _TABLE:
        if g.devtype == devtype:
            if base is None:
                base = g
            if cyls is not None and cyls in (g.cyls, g.cyls + g.alt_cyls):
                return g
    if base is None:
        raise DasdError(f"unknown CKD device type {devtype:04X}")
    return base
