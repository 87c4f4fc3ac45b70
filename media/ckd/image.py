"""Open, create and copy CKD volumes in either image format.

Both formats offer the same small interface: ``geometry``, ``cyls``, ``heads``,
``tracks``, ``read_track(n) -> bytes`` (uncompressed image, HA .. end marker),
``write_track(n, image)``, ``flush()``, ``close()``.
"""

from __future__ import annotations

import os
import tempfile

from . import geometry as geo
from .cckd import COMPRESSION_NAMES, CCKDImage, build_cckd
from .ckd import ID_CCKD, ID_CKD, ID_SHADOW, CKDImage, DevHeader
from .errors import DasdError
from .track import NULLFMT_EMPTY, Record, build_track, null_track, r0

# What Hercules' dasdinit puts in IPL record 1: a disabled-wait PSW and two CCWs.
IPL1_DATA = bytes.fromhex("000600000000000F" "0300000000000001" "0000000000000000")
IPL2_LEN = 144
IPL_KEY_LEN = 4
VOL1_LEN = 80
VOL1_OWNER = "HERCULES"


def ebcdic(text: str) -> bytes:
    return text.encode("cp037")


def open_image(path: str, readonly: bool = False, durable: bool = False):
    """Open a CKD or CCKD image, choosing the class from the header identifier."""
    try:
        with open(path, "rb") as f:
            ident = f.read(8)
    except OSError as e:
        raise DasdError(f"{path}: cannot open: {e.strerror}") from None
    if ident == ID_CKD:
        return CKDImage(path, readonly=readonly, durable=durable)
    if ident == ID_SHADOW:
        raise DasdError(f"{path}: CCKD shadow files are not supported")
    if ident == ID_CCKD:
        return CCKDImage(path, readonly=readonly, durable=durable)
    if len(ident) < 8:
        raise DasdError(f"{path}: not a CKD image (file shorter than the 512-byte header)")
    raise DasdError(f"{path}: not a CKD image (identifier {ident!r})")


def volume_label(volser: str) -> bytes:
    """The 80-byte VOL1 label dasdinit writes (VTOC pointer 0/1/1, owner HERCULES)."""
    lab = bytearray(ebcdic(" " * VOL1_LEN))
    lab[0:4] = ebcdic("VOL1")
    lab[4:10] = ebcdic(volser.ljust(6))
    lab[11:16] = bytes([0, 0, 0, 1, 1])
    lab[41:41 + len(VOL1_OWNER)] = ebcdic(VOL1_OWNER)
    return bytes(lab)


def check_volser(volser: str) -> str:
    v = volser.upper()
    # '-' as well: Hercules' dasdinit takes it, and VM/370 systems use serials like VM50-1
    if not 1 <= len(v) <= 6 or not all(c.isalnum() or c in "@#$-" for c in v):
        raise DasdError(f"invalid volume serial {volser!r} (1-6 letters, digits, @ # $ -)")
    return v


def track0(volser: str | None) -> bytes:
    """Cylinder 0 head 0 as dasdinit writes it: R0, IPL1, IPL2, VOL1 (or just R0 if raw)."""
    recs = [r0(0, 0)]
    if volser is not None:
        recs += [Record(0, 0, 1, ebcdic("IPL1"), IPL1_DATA),
                 Record(0, 0, 2, ebcdic("IPL2"), bytes(IPL2_LEN)),
                 Record(0, 0, 3, ebcdic("VOL1"), volume_label(volser))]
    return build_track(0, 0, recs)


def _tmp_for(path: str) -> str:
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".dasd", dir=d)
    os.close(fd)
    return tmp


def resolve_size(devname: str, cyls: int | None, alt: bool) -> tuple[geo.Geometry, int]:
    g = geo.lookup(devname)
    if cyls is None:
        cyls = g.cyls + (g.alt_cyls if alt else 0)
    if not 1 <= cyls <= 65520:
        raise DasdError(f"invalid number of cylinders {cyls}")
    return g, cyls


def create_image(path: str, devname: str, volser: str | None, cyls: int | None = None,
                 compress: str | None = None, alt: bool = False, raw: bool = False,
                 nullfmt: int = NULLFMT_EMPTY, replace: bool = False) -> tuple[geo.Geometry, int]:
    """Create a volume like Hercules' dasdinit: every track has R0; track 0 also has the
    IPL records and the VOL1 label unless raw.  compress None = CKD, else a CCKD with
    'zlib', 'bzip2' or 'none'.  The file appears complete or not at all."""
    g, cyls = resolve_size(devname, cyls, alt)
    if not raw:
        if volser is None:
            raise DasdError("a volume serial is required unless -r (raw) is given")
        volser = check_volser(volser)
    if os.path.exists(path) and not replace:
        raise DasdError(f"{path}: file exists")
    t0 = track0(None if raw else volser)
    tmp = _tmp_for(path)
    try:
        if compress is None:
            _write_ckd(tmp, g, cyls, t0, nullfmt)
        else:
            algo = _algo(compress)
            hdr = DevHeader(ID_CCKD, g.heads, g.image_track_size, g.devtype & 0xFF, 0, 0)
            build_cckd(tmp, hdr, cyls, {0: t0, 1: null_track(0, 1, NULLFMT_EMPTY)} if
                       g.heads > 1 or cyls > 1 else {0: t0}, algo, nullfmt)
        os.chmod(tmp, 0o640)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    return g, cyls


def _algo(compress: str) -> int:
    try:
        return COMPRESSION_NAMES[compress]
    except KeyError:
        raise DasdError(f"unknown compression {compress!r} (none, zlib, bzip2)") from None


def _write_ckd(tmp: str, g: geo.Geometry, cyls: int, t0: bytes, nullfmt: int,
               tracks=None) -> None:
    size = g.image_track_size
    hdr = DevHeader(ID_CKD, g.heads, size, g.devtype & 0xFF, 0, 0)
    with open(tmp, "wb") as f:
        f.write(hdr.pack())
        for cyl in range(cyls):
            slots = []
            for head in range(g.heads):
                trk = cyl * g.heads + head
                if tracks is not None:
                    img = tracks(trk)
                elif trk == 0:
                    img = t0
                else:
                    img = null_track(cyl, head, nullfmt)
                if len(img) > size:
                    raise DasdError(f"track {trk} image of {len(img)} bytes exceeds the "
                                    f"track size {size}")
                slots.append(b"\x00" + bytes(img[1:]) + bytes(size - len(img)))
            f.write(b"".join(slots))
        f.flush()
        os.fsync(f.fileno())


def _unlink(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def copy_image(src_path: str, dst_path: str, compress: str | None, replace: bool = False,
               cyls: int | None = None) -> int:
    """Copy a volume track by track into a new CKD (compress None) or CCKD file.

    Returns the number of tracks copied.  The destination appears only when complete.
    """
    if os.path.exists(dst_path) and not replace:
        raise DasdError(f"{dst_path}: file exists")
    src = open_image(src_path, readonly=True)
    tmp = None
    try:
        tmp = _tmp_for(dst_path)
        g = src.geometry
        ncyl = cyls or src.cyls
        heads = src.heads

        def track(trk: int) -> bytes:
            if trk < src.tracks:
                return src.read_track(trk)
            c, h = divmod(trk, heads)
            return null_track(c, h, NULLFMT_EMPTY)

        if compress is None:
            _write_ckd(tmp, g, ncyl, b"", NULLFMT_EMPTY, tracks=track)
        else:
            algo = _algo(compress)
            nullfmt = getattr(src, "cdev", None).nullfmt if src.kind == "cckd" else NULLFMT_EMPTY
            hdr = DevHeader(ID_CCKD, heads, src.trksize, g.devtype & 0xFF, 0, 0)
            build_cckd(tmp, hdr, ncyl, {}, algo, nullfmt)
            dst = CCKDImage(tmp)
            try:
                for trk in range(ncyl * heads):
                    dst.write_track(trk, track(trk))
            finally:
                dst.close()
        os.chmod(tmp, 0o640)
        os.replace(tmp, dst_path)
    except BaseException:
        if tmp is not None:
            _unlink(tmp)
        raise
    finally:
        src.close()
    return ncyl * heads
