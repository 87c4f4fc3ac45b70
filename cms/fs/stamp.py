"""FST date and time stamps: packed-decimal MMDD and HHMM, and a 2-digit EBCDIC year."""

from __future__ import annotations

import datetime as dt

from s370.ebcdic import CODEPAGE


def _bcd(n: int) -> int:
    return (n // 10) << 4 | n % 10


def _unbcd(b: int) -> int:
    hi, lo = b >> 4, b & 0xF
    if hi > 9 or lo > 9:
        raise ValueError("not packed decimal")
    return hi * 10 + lo


def encode(when: dt.datetime) -> tuple[bytes, bytes, bytes]:
    """(FSTDATEW, FSTTIMEW, FSTYEARW) for a moment."""
    return (bytes([_bcd(when.month), _bcd(when.day)]),
            bytes([_bcd(when.hour), _bcd(when.minute)]),
            f"{when.year % 100:02d}".encode(CODEPAGE))


def decode(datew: bytes, timew: bytes, yearw: bytes) -> dt.datetime | None:
    """The moment an FST records, or None if the fields are not a valid stamp.

    Two-digit years: 70-99 are 19xx, 00-69 are 20xx (CE disks say '22' for 2022).
    """
    try:
        yy = int(yearw.decode(CODEPAGE))
        year = 1900 + yy if yy >= 70 else 2000 + yy
        return dt.datetime(year, _unbcd(datew[0]), _unbcd(datew[1]),
                           _unbcd(timew[0]), _unbcd(timew[1]))
    except ValueError:
        return None
