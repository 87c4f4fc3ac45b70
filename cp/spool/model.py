"""A spool file's attributes and records, and the record and page formats (see the package text)."""

from __future__ import annotations

import datetime
import struct
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

QUEUES = ("RDR", "PRT", "PUN")          # a user's reader, the printer queue, the punch queue
DEVTYPES = ("PRT", "PUN", "CON", "RDR")  # the originating device (RDR: a real reader's deck)
HOLD_STATES = ("NONE", "USER", "SYS", "USYS")   # QUERY's HOLD column: no / user / system / both
MAX_SPOOLID = 9900
PAGE_SIZE = 4096
PAGE_HEADER = 16
CCW_IMAGE = 8
RECORD_HEAD = struct.Struct(">BH")      # on disk: op, length


class SpoolError(Exception):
    """A spool request that cannot be done (no spoolid left, file gone, disk error)."""


class Record(NamedTuple):
    op: int         # the CCW command code that wrote it
    data: bytes     # b"" for a control CCW


@dataclass
class SpoolFile:
    spoolid: int
    owner: str                      # whose queue holds the file
    origin: str                     # the user who created it
    devtype: str                    # PRT, PUN or CON
    queue: str                      # RDR, PRT or PUN
    spool_class: str = "A"
    form: str = ""
    records: int = 0                # records with data (QUERY's RECDS)
    copies: int = 1
    user_hold: bool = False
    system_hold: bool = False
    created: str = ""               # ISO date and time
    name: str = ""
    type: str = ""
    dist: str = ""
    tag: str = ""
    seq: int = 0                    # queue order
    _path: str | None = field(default=None, repr=False, compare=False)
    in_use: object = field(default=None, repr=False, compare=False)   # the reader reading it

    # ------------------------------------------------------------------ attributes
    @property
    def hold(self) -> str:
        return HOLD_STATES[self.user_hold + 2 * self.system_hold]

    @property
    def held(self) -> bool:
        return self.user_hold or self.system_hold

    @property
    def created_at(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.created)

    def to_meta(self) -> dict:
        d = asdict(self)
        d.pop("_path")
        d.pop("in_use")
        return d

    @classmethod
    def from_meta(cls, d: dict) -> "SpoolFile":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__ and not k.startswith("_")}
        known.pop("in_use", None)
        return cls(**known)

    # ------------------------------------------------------------------ records
    def read_records(self) -> list[Record]:
        """Every record of the (closed) file, control records included."""
        if self._path is None:
            return []
        try:
            with open(self._path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise SpoolError(f"spool file {self.spoolid:04d} unreadable: {e.strerror}") from None
        return decode_records(raw)

    def data_records(self) -> list[Record]:
        return [r for r in self.read_records() if r.data]

    def record(self, n: int) -> Record | None:
        recs = self.read_records()
        return recs[n] if 0 <= n < len(recs) else None

    def pages(self) -> list[bytes]:
        return pack_pages(self.spoolid, self.read_records())


def encode_record(op: int, data: bytes) -> bytes:
    return RECORD_HEAD.pack(op & 0xFF, len(data)) + data


def decode_records(raw: bytes) -> list[Record]:
    out, i, n = [], 0, len(raw)
    while i + RECORD_HEAD.size <= n:
        op, length = RECORD_HEAD.unpack_from(raw, i)
        i += RECORD_HEAD.size
        if i + length > n:
            break                       # a torn tail (cannot happen for a closed file)
        out.append(Record(op, raw[i:i + length]))
        i += length
    return out


def pack_pages(spoolid: int, records: list[Record]) -> list[bytes]:
    """The records as 4K spool buffers (layout in the package text)."""
    bodies: list[list[bytes]] = [[]]
    room = PAGE_SIZE - PAGE_HEADER
    for op, data in records:
        data = data[:PAGE_SIZE - PAGE_HEADER - CCW_IMAGE]
        item = bytes([op, 0, 0, 0, 0, 0]) + len(data).to_bytes(2, "big") + data
        if len(item) > room:
            bodies.append([])
            room = PAGE_SIZE - PAGE_HEADER
        bodies[-1].append(item)
        room -= len(item)
    pages = []
    total = len(bodies)
    for i, items in enumerate(bodies, 1):
        nxt = i + 1 if i < total else 0
        head = struct.pack(">IIII", nxt, i - 1, len(items), spoolid)
        page = head + b"".join(items)
        pages.append(page + bytes(PAGE_SIZE - len(page)))
    return pages
