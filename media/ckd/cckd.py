"""Compressed CKD image files ("CKD_C370"), Hercules CCKD layout.

    0     512   CKD device header (identifier CKD_C370)
    512   512   CCKD header: counters, cylinders, null format, compression
    1024  4*n   L1 table: file offset of each group's L2 table (256 tracks)
    ...         L2 tables (256 x 8 bytes: offset, length, size), track images,
                free blocks (a chain: each starts with next-offset, length)

Container fields are little-endian (big-endian when option X'02' is set).
A track image keeps its 5-byte header uncompressed; byte 0 says how the rest
is stored (0 none, 1 zlib, 2 bzip2).  An L2 entry with offset 0 is a null
track whose length field is the null format.

Writes are ordered so that a crash can only leak space, never leave a table
pointing at half-written data: space is first taken off the free chain, the
track image is written, then the L2 entry (or a new L2 table, then the L1
entry), and only then is the old image's space given back.
"""

from __future__ import annotations

import bz2
import os
import struct
import zlib

from . import geometry as geo
from .ckd import ID_CCKD, ID_SHADOW, DevHeader, _track_end, read_devhdr
from .errors import DasdError
from .track import NULLFMT_EMPTY, NULLFMT_EOF, NULLFMT_LINUX, null_track

CDEVHDR_POS = 512
CDEVHDR_SIZE = 512
L1_POS = 1024
L2_ENTRIES = 256
L2_SIZE = L2_ENTRIES * 8
VRM = bytes([0, 3, 1])

OPT_NOFUDGE = 0x01       # set by Hercules 3.13 in every header it writes
OPT_BIGENDIAN = 0x02
OPT_SPERRS = 0x20        # space errors detected
OPT_OPENRW = 0x40        # opened read/write since the last check
OPT_OPENED = 0x80        # open now (set while we hold the file for writing)

COMPRESS_NONE = 0
COMPRESS_ZLIB = 1
COMPRESS_BZIP2 = 2
COMPRESSION_NAMES = {"none": COMPRESS_NONE, "zlib": COMPRESS_ZLIB, "bzip2": COMPRESS_BZIP2}

MIN_COMPRESS_LEN = 512   # shorter track images are stored uncompressed
FREEBLK_HDR = 8          # next-offset(4) length(4) at the start of a free block
L1_NONE = 0xFFFFFFFF     # shadow-file "look below" marker; a base file treats it as no table

_CDEV = "3sBiiIIIIIIIIBBh"


def _hdr_struct(big: bool) -> struct.Struct:
    return struct.Struct((">" if big else "<") + _CDEV)


class CCKDHeader:
    """The 512-byte compressed-device header."""

    FIELDS = ("vrm", "opts", "numl1", "numl2", "size", "used", "free", "free_total",
              "free_largest", "free_number", "free_imbed", "cyls", "nullfmt", "algo", "parm")

    def __init__(self, **kw):
        for f in self.FIELDS:
            setattr(self, f, kw.get(f, 0))

    @property
    def big(self) -> bool:
        return bool(self.opts & OPT_BIGENDIAN)

    @classmethod
    def unpack(cls, b: bytes) -> "CCKDHeader":
        big = bool(b[3] & OPT_BIGENDIAN)
        return cls(**dict(zip(cls.FIELDS, _hdr_struct(big).unpack_from(b, 0))))

    def pack(self) -> bytes:
        b = _hdr_struct(self.big).pack(*(getattr(self, f) for f in self.FIELDS))
        return b + bytes(CDEVHDR_SIZE - len(b))


def encode_track(image: bytes, algo: int, parm: int = -1) -> bytes:
    """The stored form of an uncompressed track image (header byte 0 = method)."""
    body = bytes(image[5:])
    if algo != COMPRESS_NONE and len(image) >= MIN_COMPRESS_LEN:
        if algo == COMPRESS_ZLIB:
            comp = zlib.compress(body, parm if 0 <= parm <= 9 else -1)
        elif algo == COMPRESS_BZIP2:
            comp = bz2.compress(body, parm if 1 <= parm <= 9 else 5)
        else:
            raise DasdError(f"unknown compression method {algo}")
        if len(comp) < len(body):
            return bytes([algo]) + bytes(image[1:5]) + comp
    return bytes([COMPRESS_NONE]) + bytes(image[1:5]) + body


def decode_track(stored: bytes, where: str) -> bytes:
    method = stored[0]
    try:
        if method == COMPRESS_NONE:
            body = stored[5:]
        elif method == COMPRESS_ZLIB:
            body = zlib.decompress(stored[5:])
        elif method == COMPRESS_BZIP2:
            body = bz2.decompress(stored[5:])
        else:
            raise DasdError(f"{where}: unknown compression method {method}")
    except (zlib.error, OSError, ValueError, EOFError) as e:
        raise DasdError(f"{where}: compressed track image is damaged ({e})") from None
    return b"\x00" + bytes(stored[1:5]) + body


class CCKDImage:
    """A CKD volume stored in one Hercules compressed image file."""

    kind = "cckd"

    def __init__(self, path: str, readonly: bool = False, durable: bool = False):
        self.path = path
        self.readonly = readonly
        self.durable = durable
        self.fd = -1
        self._l2: dict[int, list] = {}
        self._chain_written: dict[int, tuple[int, int]] = {}
        self._dirty_open = False
        try:
            self.fd = os.open(path, os.O_RDONLY if readonly else os.O_RDWR)
        except OSError as e:
            raise DasdError(f"{path}: cannot open: {e.strerror}") from None
        try:
            self._load()
        except BaseException:
            os.close(self.fd)
            self.fd = -1
            raise

    # --- opening ---------------------------------------------------------------------
    def _load(self) -> None:
        p = self.path
        head = os.pread(self.fd, L1_POS, 0)
        self.header = read_devhdr(p, head)
        if self.header.devid == ID_SHADOW:
            raise DasdError(f"{p}: CCKD shadow files are not supported")
        if self.header.devid != ID_CCKD:
            raise DasdError(f"{p}: not a compressed CKD image")
        if len(head) < L1_POS:
            raise DasdError(f"{p}: truncated image (no compressed-device header)")
        self.cdev = h = CCKDHeader.unpack(head[CDEVHDR_POS:])
        self.heads = self.header.heads
        self.trksize = self.header.trksize
        self.filesize = os.fstat(self.fd).st_size
        if h.numl2 != L2_ENTRIES:
            raise DasdError(f"{p}: corrupt CCKD header ({h.numl2} L2 entries, expected 256)")
        if h.numl1 <= 0 or L1_POS + 4 * h.numl1 > self.filesize:
            raise DasdError(f"{p}: truncated or corrupt image (L1 table of {h.numl1} entries "
                            f"does not fit in {self.filesize} bytes)")
        cyls = h.cyls or (h.numl1 * L2_ENTRIES // self.heads)
        if h.numl1 * L2_ENTRIES < cyls * self.heads:
            raise DasdError(f"{p}: corrupt CCKD header ({cyls} cylinders but only "
                            f"{h.numl1} L1 entries)")
        if h.nullfmt > NULLFMT_LINUX:
            raise DasdError(f"{p}: corrupt CCKD header (null track format {h.nullfmt})")
        self.cyls = cyls
        g = geo.for_image(self.header.devtype, self.heads, self.trksize)
        self.geometry = geo.for_devtype(g.devtype, cyls)
        fmt = ">" if h.big else "<"
        self._l2fmt = struct.Struct(fmt + "IHH")
        self._u32 = struct.Struct(fmt + "I")
        raw = os.pread(self.fd, 4 * h.numl1, L1_POS)
        self.l1 = list(struct.unpack(fmt + f"{h.numl1}I", raw))
        self._data_start = L1_POS + 4 * h.numl1
        for i, v in enumerate(self.l1):
            if v in (0, L1_NONE):
                continue
            if v < self._data_start or v + L2_SIZE > self.filesize:
                raise DasdError(f"{p}: corrupt image: L1 entry {i} points to {v:#x}, "
                                f"outside the file ({self.filesize} bytes)")
        self.free = self._read_free_chain()

    def _read_free_chain(self) -> list[list[int]]:
        h, p = self.cdev, self.path
        blocks: list[list[int]] = []
        pos = h.free
        if pos and os.pread(self.fd, 8, pos) == b"FREE_BLK":
            return []          # Hercules 4 free table: treated as leaked space (cckdcdsk repairs)
        seen = set()
        while pos:
            if pos in seen or pos < self._data_start or pos + FREEBLK_HDR > self.filesize:
                if self.readonly:
                    return []
                raise DasdError(f"{p}: corrupt free-space chain at {pos:#x} "
                                f"(repair with cckdcdsk -1 before writing)")
            seen.add(pos)
            nxt, ln = struct.unpack(("<" if not h.big else ">") + "II",
                                    os.pread(self.fd, 8, pos))
            if ln < FREEBLK_HDR or pos + ln > self.filesize:
                if self.readonly:
                    return []
                raise DasdError(f"{p}: corrupt free block at {pos:#x} (length {ln})")
            blocks.append([pos, ln])
            self._chain_written[pos] = (nxt, ln)
            pos = nxt
        blocks.sort()
        return blocks

    # --- geometry -----------------------------------------------------------------------
    @property
    def tracks(self) -> int:
        return self.cyls * self.heads

    def _check_trk(self, trk: int) -> None:
        if not 0 <= trk < self.tracks:
            raise DasdError(f"{self.path}: track {trk} outside the volume")

    # --- lookup tables ------------------------------------------------------------------
    def _l2_table(self, l1x: int) -> list | None:
        t = self._l2.get(l1x)
        if t is not None:
            return t
        off = self.l1[l1x]
        if off in (0, L1_NONE):
            return None
        raw = os.pread(self.fd, L2_SIZE, off)
        if len(raw) != L2_SIZE:
            raise DasdError(f"{self.path}: truncated image (L2 table {l1x})")
        t = [list(self._l2fmt.unpack_from(raw, 8 * i)) for i in range(L2_ENTRIES)]
        self._l2[l1x] = t
        return t

    def l2_entry(self, trk: int) -> tuple[int, int, int]:
        l1x, l2x = divmod(trk, L2_ENTRIES)
        t = self._l2_table(l1x)
        if t is None:
            n = self.cdev.nullfmt
            return (0, n, n)
        return tuple(t[l2x])

    # --- tracks -------------------------------------------------------------------------
    def read_track(self, trk: int) -> bytes:
        self._check_trk(trk)
        pos, ln, _size = self.l2_entry(trk)
        cyl, head = divmod(trk, self.heads)
        if pos == 0:
            return null_track(cyl, head, ln if ln <= NULLFMT_LINUX else self.cdev.nullfmt)
        where = f"{self.path}: track {trk}"
        if pos < self._data_start or ln < 13 or pos + ln > self.filesize:
            raise DasdError(f"{where}: L2 entry points outside the file "
                            f"(offset {pos:#x}, length {ln}, file {self.filesize} bytes)")
        stored = os.pread(self.fd, ln, pos)
        image = decode_track(stored, where)
        if (image[1] << 8 | image[2], image[3] << 8 | image[4]) != (cyl, head):
            raise DasdError(f"{where}: track header says cylinder "
                            f"{image[1] << 8 | image[2]} head {image[3] << 8 | image[4]}")
        end = _track_end(image, trk, self.path)
        return image[:end]

    def _null_format_of(self, trk: int, image: bytes) -> int | None:
        cyl, head = divmod(trk, self.heads)
        fmts = [NULLFMT_EMPTY, NULLFMT_EOF]
        if self.cdev.nullfmt == NULLFMT_LINUX:
            fmts.append(NULLFMT_LINUX)
        for f in fmts:
            if len(image) == len(null_track(cyl, head, f)) and bytes(image) == null_track(cyl, head, f):
                return f
        return None

    def write_track(self, trk: int, image: bytes) -> None:
        if self.readonly:
            raise DasdError(f"{self.path}: image is read-only")
        self._check_trk(trk)
        if len(image) > self.trksize:
            raise DasdError(f"{self.path}: track {trk} image of {len(image)} bytes exceeds "
                            f"the track size {self.trksize}")
        self._mark_open()
        old = self.l2_entry(trk)
        fmt = self._null_format_of(trk, image)
        if fmt is not None:
            new = (0, fmt, fmt)
        else:
            stored = encode_track(image, self.cdev.algo, self.cdev.parm)
            pos = self._alloc(len(stored))
            self._pwrite(stored, pos)
            self._sync()
            new = (pos, len(stored), len(stored))
        self._set_l2(trk, new)
        self._sync()
        if old[0]:
            self._release(old[0], old[2])
        self._write_header()

    def _set_l2(self, trk: int, entry) -> None:
        l1x, l2x = divmod(trk, L2_ENTRIES)
        t = self._l2_table(l1x)
        if t is None:
            n = self.cdev.nullfmt
            t = [[0, n, n] for _ in range(L2_ENTRIES)]
            t[l2x] = list(entry)
            raw = b"".join(self._l2fmt.pack(*e) for e in t)
            pos = self._alloc(L2_SIZE)
            self._pwrite(raw, pos)
            self._sync()
            self._pwrite(self._u32.pack(pos), L1_POS + 4 * l1x)
            self.l1[l1x] = pos
            self._l2[l1x] = t
        else:
            t[l2x] = list(entry)
            self._pwrite(self._l2fmt.pack(*entry), self.l1[l1x] + 8 * l2x)

    # --- space management ---------------------------------------------------------------
    def _alloc(self, n: int) -> int:
        """Take n bytes off the free chain (committed before use) or from the end of file."""
        for i, (pos, ln) in enumerate(self.free):
            if ln == n or ln >= n + FREEBLK_HDR:
                if ln == n:
                    del self.free[i]
                else:
                    self.free[i] = [pos + n, ln - n]
                self._commit_chain()
                return pos
        pos = self.filesize
        self.filesize += n
        return pos

    def _release(self, pos: int, n: int) -> None:
        if pos + n == self.filesize:
            self.filesize = pos
            while self.free and sum(self.free[-1]) == self.filesize:
                self.filesize = self.free.pop()[0]
            self._commit_chain()
            os.ftruncate(self.fd, self.filesize)
            return
        self.free.append([pos, n])
        self.free.sort()
        merged: list[list[int]] = []
        for b in self.free:
            if merged and merged[-1][0] + merged[-1][1] == b[0]:
                merged[-1][1] += b[1]
            else:
                merged.append(list(b))
        self.free = merged
        self._commit_chain()

    def _commit_chain(self) -> None:
        """Write the free-block headers that changed, then the CCKD header."""
        fmt = (">" if self.cdev.big else "<") + "II"
        live = {}
        for i, (pos, ln) in enumerate(self.free):
            nxt = self.free[i + 1][0] if i + 1 < len(self.free) else 0
            live[pos] = (nxt, ln)
            if self._chain_written.get(pos) != (nxt, ln):
                self._pwrite(struct.pack(fmt, nxt, ln), pos)
        self._chain_written = live
        self._sync()
        self._write_header()

    def _write_header(self) -> None:
        h = self.cdev
        h.size = self.filesize
        h.free = self.free[0][0] if self.free else 0
        h.free_total = sum(b[1] for b in self.free)
        h.free_largest = max((b[1] for b in self.free), default=0)
        h.free_number = len(self.free)
        h.free_imbed = 0
        h.used = h.size - h.free_total
        self._pwrite(h.pack(), CDEVHDR_POS)

    def _mark_open(self) -> None:
        if not self._dirty_open:
            self._dirty_open = True
            self.cdev.opts |= OPT_OPENED | OPT_OPENRW
            self._write_header()
            self._sync()

    # --- low level ----------------------------------------------------------------------
    def _pwrite(self, data: bytes, pos: int) -> None:
        n = os.pwrite(self.fd, data, pos)
        if n != len(data):
            raise DasdError(f"{self.path}: short write at offset {pos:#x}")

    def _sync(self) -> None:
        if self.durable:
            os.fdatasync(self.fd)

    def flush(self) -> None:
        if self.fd >= 0 and not self.readonly:
            os.fsync(self.fd)

    def close(self) -> None:
        if self.fd < 0:
            return
        try:
            if self._dirty_open and not self.readonly:
                os.fsync(self.fd)
                self.cdev.opts &= ~OPT_OPENED
                self._write_header()
                os.fsync(self.fd)
        finally:
            os.close(self.fd)
            self.fd = -1


def build_cckd(path_tmp: str, header: DevHeader, cyls: int, tracks: dict[int, bytes],
               algo: int, nullfmt: int = NULLFMT_EMPTY, parm: int = -1,
               compress_tracks: bool = False) -> None:
    """Write a new CCKD file holding the given track images; every other track is null.

    Like Hercules' dasdinit, the first L2 table follows the L1 table and the tracks
    given here are stored uncompressed unless compress_tracks is set.
    """
    ntrk = cyls * header.heads
    numl1 = (ntrk + L2_ENTRIES - 1) // L2_ENTRIES
    l1 = [0] * numl1
    l2s: dict[int, list] = {}
    body = bytearray()
    start = L1_POS + 4 * numl1
    # L2 tables first (in L1 order, the first one right after the L1 table), then tracks.
    groups = sorted({t // L2_ENTRIES for t in tracks} | {0})
    for g in groups:
        l1[g] = start + len(body)
        l2s[g] = [[0, 0, 0] for _ in range(L2_ENTRIES)]
        body += bytes(L2_SIZE)
    for trk in sorted(tracks):
        image = tracks[trk]
        stored = (encode_track(image, algo, parm) if compress_tracks
                  else bytes([0]) + bytes(image[1:]))
        pos = start + len(body)
        body += stored
        l2s[trk // L2_ENTRIES][trk % L2_ENTRIES] = [pos, len(stored), len(stored)]
    for g, t in l2s.items():
        off = l1[g] - start
        body[off:off + L2_SIZE] = b"".join(struct.pack("<IHH", *e) for e in t)
    size = start + len(body)
    cdev = CCKDHeader(vrm=VRM, opts=OPT_NOFUDGE | OPT_OPENRW, numl1=numl1, numl2=L2_ENTRIES,
                      size=size, used=size, cyls=cyls, nullfmt=nullfmt, algo=algo, parm=parm)
    with open(path_tmp, "wb") as f:
        f.write(header.pack())
        f.write(cdev.pack())
        f.write(struct.pack(f"<{numl1}I", *l1))
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
