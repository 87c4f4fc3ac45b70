"""One CKD track as the image stores it: home address, records, end marker.

Image layout (Hercules CKD): HA = bin(1) CC(2) HH(2); each record = count
(CC HH R KL DL, big-endian) + key + data; then eight X'FF'.  The bin byte is
the compression method inside CCKD files and zero everywhere else.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .errors import DasdError
from .geometry import COUNT_SIZE, EOT_MARKER, R0_DATA_LEN, TRKHDR_SIZE

_COUNT = struct.Struct(">HHBBH")

NULLFMT_EOF = 0      # HA, R0, end-of-file R1, end marker
NULLFMT_EMPTY = 1    # HA, R0, end marker (dasdinit's default)
NULLFMT_LINUX = 2    # HA, R0, twelve 4096-byte records (3390 only)


@dataclass
class Record:
    cyl: int
    head: int
    rec: int
    key: bytes
    data: bytes

    @property
    def count(self) -> bytes:
        return _COUNT.pack(self.cyl, self.head, self.rec, len(self.key), len(self.data))

    @property
    def kl(self) -> int:
        return len(self.key)

    @property
    def dl(self) -> int:
        return len(self.data)

    def image(self) -> bytes:
        return self.count + self.key + self.data


def pack_count(cyl: int, head: int, rec: int, kl: int, dl: int) -> bytes:
    return _COUNT.pack(cyl, head, rec, kl, dl)


def parse_track(buf: bytes, trk: int | None = None) -> tuple[int, int, list[Record]]:
    """Split an uncompressed track image into (cyl, head, records).  The bin byte is ignored."""
    if len(buf) < TRKHDR_SIZE + len(EOT_MARKER):
        raise DasdError(f"track {trk}: image too short ({len(buf)} bytes)")
    cyl, head = struct.unpack_from(">HH", buf, 1)
    pos = TRKHDR_SIZE
    recs: list[Record] = []
    end = len(buf)
    while True:
        if pos + COUNT_SIZE > end:
            raise DasdError(f"track {trk}: no end-of-track marker")
        if buf[pos:pos + 8] == EOT_MARKER:
            return cyl, head, recs
        c, h, r, kl, dl = _COUNT.unpack_from(buf, pos)
        pos += COUNT_SIZE
        if pos + kl + dl > end:
            raise DasdError(f"track {trk}: record {r} runs past the end of the track image")
        recs.append(Record(c, h, r, bytes(buf[pos:pos + kl]), bytes(buf[pos + kl:pos + kl + dl])))
        pos += kl + dl


def build_track(cyl: int, head: int, records, bin_byte: int = 0) -> bytes:
    """Serialize a track: HA, the records, end marker."""
    parts = [struct.pack(">BHH", bin_byte, cyl, head)]
    parts += [r.image() for r in records]
    parts.append(EOT_MARKER)
    return b"".join(parts)


def r0(cyl: int, head: int) -> Record:
    return Record(cyl, head, 0, b"", bytes(R0_DATA_LEN))


def null_track(cyl: int, head: int, fmt: int = NULLFMT_EMPTY) -> bytes:
    """An empty track in one of Hercules' null-track formats."""
    recs = [r0(cyl, head)]
    if fmt == NULLFMT_EOF:
        recs.append(Record(cyl, head, 1, b"", b""))
    elif fmt == NULLFMT_LINUX:
        recs += [Record(cyl, head, r, b"", bytes(4096)) for r in range(1, 13)]
    return build_track(cyl, head, recs)
