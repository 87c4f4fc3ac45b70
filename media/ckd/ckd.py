"""Uncompressed CKD image files ("CKD_P370"), Hercules layout.

File = 512-byte device header + one fixed-size slot per track.  A volume may
be split over several files (name_1.ckd, name_2.ckd, ...): each header then
carries its sequence number and its highest cylinder (0 in the last file).
A track write replaces the track's whole slot with one pwrite.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass

from . import geometry as geo
from .errors import DasdError
from .track import parse_track

DEVHDR_SIZE = 512
ID_CKD = b"CKD_P370"
ID_CCKD = b"CKD_C370"
ID_SHADOW = b"CKD_S370"
_DEVHDR = struct.Struct("<8sIIBBH")      # devid, heads, trksize, devtype, fileseq, highcyl


@dataclass
class DevHeader:
    devid: bytes
    heads: int
    trksize: int
    devtype: int       # low byte of the device type
    fileseq: int
    highcyl: int

    def pack(self) -> bytes:
        b = _DEVHDR.pack(self.devid, self.heads, self.trksize, self.devtype,
                         self.fileseq, self.highcyl)
        return b + bytes(DEVHDR_SIZE - len(b))


def read_devhdr(path: str, data: bytes) -> DevHeader:
    if len(data) < DEVHDR_SIZE:
        raise DasdError(f"{path}: not a CKD image (file shorter than the 512-byte header)")
    h = DevHeader(*_DEVHDR.unpack_from(data, 0))
    if h.devid not in (ID_CKD, ID_CCKD, ID_SHADOW):
        raise DasdError(f"{path}: not a CKD image (identifier {h.devid!r})")
    if not 1 <= h.heads <= 255 or not 512 <= h.trksize <= 0x20000 or h.trksize % 512:
        raise DasdError(f"{path}: corrupt CKD header (heads {h.heads}, track size {h.trksize})")
    return h


def _next_name(path: str, seq: int) -> str:
    """Name of file number seq of a split volume: the digit before '.ext' becomes seq."""
    d, base = os.path.split(path)
    m = re.match(r"^(.*_)(\d)(\.[^.]*)?$", base)
    if not m:
        raise DasdError(f"{path}: first file of a split volume must be named like name_1.ckd")
    return os.path.join(d, f"{m.group(1)}{seq}{m.group(3) or ''}")


class CKDImage:
    """A CKD volume stored as one or more uncompressed image files."""

    kind = "ckd"

    def __init__(self, path: str, readonly: bool = False, durable: bool = False):
        self.path = path
        self.readonly = readonly
        self.durable = durable
        self._segs: list[tuple[int, int, int]] = []     # (first cyl, last cyl, fd)
        try:
            self._open_all()
        except BaseException:
            self.close()
            raise

    def _open_all(self) -> None:
        flags = os.O_RDONLY if self.readonly else os.O_RDWR
        path, seq, first_cyl = self.path, 0, 0
        while True:
            try:
                fd = os.open(path, flags)
            except OSError as e:
                raise DasdError(f"{path}: cannot open: {e.strerror}") from None
            self._segs.append((first_cyl, -1, fd))
            hdr = read_devhdr(path, os.pread(fd, DEVHDR_SIZE, 0))
            if hdr.devid != ID_CKD:
                raise DasdError(f"{path}: not an uncompressed CKD image")
            if seq == 0:
                self.header = hdr
            elif (hdr.heads, hdr.trksize, hdr.devtype) != (self.header.heads, self.header.trksize,
                                                          self.header.devtype):
                raise DasdError(f"{path}: header does not match the first file of the volume")
            size = os.fstat(fd).st_size
            body = size - DEVHDR_SIZE
            trkcyl = hdr.trksize * hdr.heads
            if body <= 0 or body % trkcyl:
                raise DasdError(f"{path}: truncated or padded image ({size} bytes is not the "
                                f"512-byte header plus whole cylinders of {trkcyl} bytes)")
            last = first_cyl + body // trkcyl - 1
            if hdr.highcyl and hdr.highcyl != last:
                raise DasdError(f"{path}: header says last cylinder {hdr.highcyl}, file holds {last}")
            self._segs[-1] = (first_cyl, last, fd)
            if hdr.fileseq == 0 or hdr.highcyl == 0:
                break
            seq += 1
            if seq > 8:
                raise DasdError(f"{self.path}: too many files in a split volume")
            path = _next_name(self.path, hdr.fileseq + 1)
            first_cyl = last + 1
        self.heads = self.header.heads
        self.trksize = self.header.trksize
        self.cyls = self._segs[-1][1] + 1
        self.geometry = geo.for_image(self.header.devtype, self.heads, self.trksize)
        self.geometry = geo.for_devtype(self.geometry.devtype, self.cyls)

    @property
    def tracks(self) -> int:
        return self.cyls * self.heads

    def _locate(self, trk: int) -> tuple[int, int]:
        if not 0 <= trk < self.tracks:
            raise DasdError(f"{self.path}: track {trk} outside the volume")
        cyl = trk // self.heads
        for first, last, fd in self._segs:
            if first <= cyl <= last:
                return fd, DEVHDR_SIZE + (trk - first * self.heads) * self.trksize
        raise DasdError(f"{self.path}: track {trk} not in any file of the volume")

    def read_track(self, trk: int) -> bytes:
        fd, off = self._locate(trk)
        buf = os.pread(fd, self.trksize, off)
        if len(buf) != self.trksize:
            raise DasdError(f"{self.path}: short read at track {trk}")
        end = _track_end(buf, trk, self.path)
        return buf[:end]

    def write_track(self, trk: int, image: bytes) -> None:
        if self.readonly:
            raise DasdError(f"{self.path}: image is read-only")
        if len(image) > self.trksize:
            raise DasdError(f"{self.path}: track {trk} image of {len(image)} bytes exceeds "
                            f"the track size {self.trksize}")
        fd, off = self._locate(trk)
        slot = bytes([0]) + bytes(image[1:]) + bytes(self.trksize - len(image))
        n = os.pwrite(fd, slot, off)
        if n != len(slot):
            raise DasdError(f"{self.path}: short write at track {trk}")
        if self.durable:
            os.fdatasync(fd)

    def flush(self) -> None:
        if not self.readonly:
            for _, _, fd in self._segs:
                os.fsync(fd)

    def close(self) -> None:
        for _, _, fd in self._segs:
            try:
                os.close(fd)
            except OSError:
                pass
        self._segs = []


def _track_end(buf: bytes, trk: int, path: str) -> int:
    """Offset just past the end-of-track marker (validates the record chain)."""
    try:
        pos = geo.TRKHDR_SIZE
        n = len(buf)
        while True:
            if pos + 8 > n:
                raise DasdError(f"{path}: track {trk}: no end-of-track marker")
            if buf[pos:pos + 8] == geo.EOT_MARKER:
                return pos + 8
            kl = buf[pos + 5]
            dl = (buf[pos + 6] << 8) | buf[pos + 7]
            pos += 8 + kl + dl
    except IndexError:
        raise DasdError(f"{path}: track {trk}: invalid track format") from None


__all__ = ["CKDImage", "DevHeader", "read_devhdr", "DEVHDR_SIZE", "ID_CKD", "ID_CCKD",
           "ID_SHADOW", "parse_track"]
