"""A file's records as the byte stream CMS packs across its data blocks.

F: record k at byte (k-1) * LRECL.  V: each record is a halfword length (not counting
itself) followed by the data.  Records straddle blocks freely.
"""

from __future__ import annotations

import struct

from .errors import CMSFSError
from .layout import MAX_LRECL, MAX_RECORDS, V_LENGTH_SIZE

_HALF = struct.Struct(">H")
DEFAULT_LRECL = 80


def encode(records, recfm: str, lrecl: int | None) -> tuple[bytes, int, int]:
    """(stream, record count, FSTLRECL) for records; validates everything first."""
    recs = [bytes(r) for r in records]
    if len(recs) > MAX_RECORDS:
        raise CMSFSError(f"{len(recs)} records: a CMS file holds at most {MAX_RECORDS}")
    if lrecl is not None and not 1 <= lrecl <= MAX_LRECL:
        raise CMSFSError(f"invalid LRECL {lrecl} (1-{MAX_LRECL})")
    if recfm == "F":
        if lrecl is None:
            lrecl = len(recs[0]) if recs else DEFAULT_LRECL
        for k, r in enumerate(recs, 1):
            if len(r) != lrecl:
                raise CMSFSError(f"record {k} is {len(r)} bytes; RECFM F LRECL {lrecl} needs "
                                 f"exactly {lrecl}")
        if lrecl == 0:
            raise CMSFSError("RECFM F records cannot be empty")
        return b"".join(recs), len(recs), lrecl
    if recfm == "V":
        longest = max((len(r) for r in recs), default=0)
        if longest > MAX_LRECL:
            raise CMSFSError(f"a record of {longest} bytes exceeds the V maximum {MAX_LRECL}")
        if lrecl is not None and longest > lrecl:
            raise CMSFSError(f"a record of {longest} bytes exceeds LRECL {lrecl}")
        out = b"".join(_HALF.pack(len(r)) + r for r in recs)
        return out, len(recs), lrecl if lrecl is not None else max(longest, 1)
    raise CMSFSError(f"invalid RECFM {recfm!r} (F or V)")


def stream_length(stream: bytes, recfm: str, lrecl: int, nrec: int) -> int:
    """Bytes the records occupy; raises if the stream does not hold them."""
    if recfm == "F":
        n = nrec * lrecl
        if n > len(stream):
            raise CMSFSError(f"{nrec} records of {lrecl} bytes need {n} bytes; the data "
                             f"blocks hold {len(stream)}")
        return n
    pos = 0
    for k in range(1, nrec + 1):
        if pos + V_LENGTH_SIZE > len(stream):
            raise CMSFSError(f"V record {k} starts past the end of the data blocks")
        n = _HALF.unpack_from(stream, pos)[0]
        if n > lrecl:
            raise CMSFSError(f"V record {k} is {n} bytes, longer than LRECL {lrecl}")
        pos += V_LENGTH_SIZE + n
        if pos > len(stream):
            raise CMSFSError(f"V record {k} runs past the end of the data blocks")
    return pos


def decode(stream: bytes, recfm: str, lrecl: int, nrec: int) -> list[bytes]:
    stream_length(stream, recfm, lrecl, nrec)
    if recfm == "F":
        return [stream[i * lrecl:(i + 1) * lrecl] for i in range(nrec)]
    out, pos = [], 0
    for _ in range(nrec):
        n = _HALF.unpack_from(stream, pos)[0]
        out.append(stream[pos + V_LENGTH_SIZE:pos + V_LENGTH_SIZE + n])
        pos += V_LENGTH_SIZE + n
    return out
