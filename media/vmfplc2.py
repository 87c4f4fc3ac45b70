"""VM/370 VMFPLC2 file dumps on tape: the block formats (spec tapes-3270.md section A1).

Each CMS file is one 77-byte header block and its data blocks; the next file's header
follows at once; a tapemark ends a tape file (two, or the end of the image, end the
tape).  Every block starts with X'02' and a 4-character EBCDIC tag:

    header  X'02' 'PLCH' + 72 bytes:
        +0   40  the CMS FST exactly as on disk (fn, ft, date, time, pointers, mode,
                 items, first chain link (meaningless on tape), recfm, flags, lrecl,
                 data blocks, year)
        +40   4  800-byte units in the last data block
        +44   4  full (4000-byte) data blocks before the last one
        +48   4  EDF alternate file origin (0)     +52 4  EDF alternate block count (0)
        +56   4  item count again                  +60 1  pointer levels (0), +61 ptr size (0)
        +62   6  date and time YYMMDDHHMMSS, packed +68 4  reserved (0)
    data    X'02' 'PLCD' + 1..5 units of 800 bytes: the file's CMS data blocks as stored

This module knows the FST only as the 40 bytes it copies, plus the few fields a
listing and a loader need (named after CMS's FSTD fields); turning records into the
data blocks of a CMS file is ``cms.fs``'s business, in the tool above.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass

from media.tape.base import EOT, TAPEMARK, TapeError

UNIT = 800                          # a CMS data block
UNITS_PER_BLOCK = 5                 # so a full data block is 4005 bytes
BLOCK_ID = 0x02
TAG_HEADER = b"\x02" + "PLCH".encode("cp037")
TAG_DATA = b"\x02" + "PLCD".encode("cp037")
TAG_LEN = 5
HEADER_LEN = TAG_LEN + 72           # 77
FST_LEN = 40

# FSTD field offsets (cms.md section 1.4; the same table as cms.fs.layout)
FSTFNAME, FSTFTYPE, FSTDATEW, FSTTIMEW = 0, 8, 16, 18
FSTFMODE, FSTRECCT, FSTRECFM, FSTLRECL, FSTBLKCT, FSTYEARW = 24, 26, 30, 32, 36, 38
_EXTRA = struct.Struct(">IIIIIBB6sI")   # header bytes 40..71 after the FST


class PlcError(ValueError):
    """A bad VMFPLC2 tape or request: one line, meant for the operator."""


def _bcd(n: int) -> int:
    return (n // 10) << 4 | n % 10


def packed_stamp(when: dt.datetime) -> bytes:
    """YYMMDDHHMMSS as six packed bytes (X'220124205400' = 2022-01-24 20:54:00)."""
    return bytes(_bcd(v) for v in (when.year % 100, when.month, when.day, when.hour,
                                   when.minute, when.second))


@dataclass
class PlcFile:
    """One file on a VMFPLC2 tape: its FST and its data units (``blocks`` * 800 bytes)."""
    fst: bytes
    data: bytes
    stamp: bytes = bytes(6)         # header +62, packed YYMMDDHHMMSS

    def _text(self, off: int, n: int) -> str:
        return self.fst[off:off + n].decode("cp037").rstrip()

    @property
    def fn(self) -> str:
        return self._text(FSTFNAME, 8)

    @property
    def ft(self) -> str:
        return self._text(FSTFTYPE, 8)

    @property
    def fm(self) -> str:
        return self._text(FSTFMODE, 2)

    @property
    def recfm(self) -> str:
        return self._text(FSTRECFM, 1)

    @property
    def lrecl(self) -> int:
        return int.from_bytes(self.fst[FSTLRECL:FSTLRECL + 4], "big")

    @property
    def records(self) -> int:
        return int.from_bytes(self.fst[FSTRECCT:FSTRECCT + 2], "big")

    @property
    def blocks(self) -> int:
        return int.from_bytes(self.fst[FSTBLKCT:FSTBLKCT + 2], "big")

    @property
    def date(self) -> str:
        """MM/DD/YY HH:MM from the FST's packed date and time and EBCDIC year."""
        d, t = self.fst[FSTDATEW:FSTDATEW + 2].hex(), self.fst[FSTTIMEW:FSTTIMEW + 2].hex()
        return f"{d[:2]}/{d[2:]}/{self._text(FSTYEARW, 2)} {t[:2]}:{t[2:]}"

    def __str__(self) -> str:
        return f"{self.fn} {self.ft} {self.fm}"


# --- writing ---------------------------------------------------------------------------
def encode_file(f: PlcFile) -> list[bytes]:
    """The header and data blocks of one file (the FST's block count is authoritative)."""
    if len(f.fst) != FST_LEN:
        raise PlcError(f"an FST is {FST_LEN} bytes, not {len(f.fst)}")
    units = f.blocks
    if units == 0:
        raise PlcError(f"{f}: an empty file cannot be dumped (CMS has no empty files)")
    if len(f.data) < units * UNIT:
        raise PlcError(f"{f}: the FST names {units} data blocks; {len(f.data) // UNIT} given")
    full, last = divmod(units - 1, UNITS_PER_BLOCK)
    header = TAG_HEADER + f.fst + _EXTRA.pack(last + 1, full, 0, 0, f.records, 0, 0,
                                              f.stamp, 0)
    blocks = [header]
    size = UNIT * UNITS_PER_BLOCK
    for pos in range(0, units * UNIT, size):
        blocks.append(TAG_DATA + f.data[pos:min(pos + size, units * UNIT)])
    return blocks


def write_files(tape, files, tapemark: bool = True) -> int:
    """Dump files at the tape's position; a tapemark after them ends the tape file."""
    n = 0
    for f in files:
        for b in encode_file(f):
            tape.write(b)
        n += 1
    if tapemark:
        tape.write_tapemark()
    return n


# --- reading ---------------------------------------------------------------------------
def _what(block: bytes) -> str:
    tag = block[:TAG_LEN]
    text = tag[1:].decode("cp037", errors="replace")
    return f"X'{tag.hex().upper()}'" + (f" ({text!r})" if text.isprintable() else "")


class PlcReader:
    """Reads the files of VMFPLC2 tape files from the tape's position.

    ``files()`` yields PlcFile objects up to the tapemark that ends the tape file (it is
    passed) and records ``ended`` = 'tapemark' or 'end of tape'.  Every departure from
    the format is a PlcError naming the block and the file.
    """

    def __init__(self, tape, name: str = "tape"):
        self.tape = tape
        self.name = name
        self.block_no = 0               # blocks (tapemarks too) read so far
        self.ended: str | None = None

    def _read(self):
        try:
            block = self.tape.read_forward()
        except TapeError as e:
            text = str(e).removeprefix(f"{self.name}: ")     # the image names itself
            raise PlcError(f"{self.name}: block {self.block_no + 1}: {text}") from None
        self.block_no += 1
        return block

    def files(self):
        self.ended = None
        while True:
            block = self._read()
            if block is TAPEMARK:
                self.ended = "tapemark"
                return
            if block is EOT:
                self.ended = "end of tape"
                return
            if block[:TAG_LEN] != TAG_HEADER or len(block) != HEADER_LEN:
                raise PlcError(f"{self.name}: block {self.block_no} is {_what(block)}, "
                               f"{len(block)} bytes: expected a VMFPLC2 file header "
                               f"(X'02' PLCH, {HEADER_LEN} bytes)")
            yield self._file(block)

    def _file(self, header: bytes) -> PlcFile:
        fst = header[TAG_LEN:TAG_LEN + FST_LEN]
        last, full, *_rest = _EXTRA.unpack_from(header, TAG_LEN + FST_LEN)
        stamp = header[TAG_LEN + 62:TAG_LEN + 68]
        f = PlcFile(fst, b"", stamp)
        if not 1 <= last <= UNITS_PER_BLOCK:
            raise PlcError(f"{self.name}: block {self.block_no}: header of {f} says its last "
                           f"data block holds {last} units (1-5)")
        parts = []
        for i in range(full + 1):
            block = self._read()
            if block is TAPEMARK or block is EOT:
                what = "unexpected tapemark" if block is TAPEMARK else "tape ends"
                raise PlcError(f"{self.name}: {what} at block {self.block_no}, in the data of "
                               f"{f} (data block {i + 1} of {full + 1}): truncated file")
            want = UNIT * (last if i == full else UNITS_PER_BLOCK)
            if block[:TAG_LEN] != TAG_DATA or len(block) != TAG_LEN + want:
                raise PlcError(f"{self.name}: block {self.block_no} is {_what(block)}, "
                               f"{len(block)} bytes: expected data block {i + 1} of {f} "
                               f"(X'02' PLCD, {TAG_LEN + want} bytes)")
            parts.append(block[TAG_LEN:])
        data = b"".join(parts)
        if len(data) < f.blocks * UNIT:
            raise PlcError(f"{self.name}: {f}: the FST names {f.blocks} data blocks, the tape "
                           f"holds {len(data) // UNIT}")
        f.data = data[:f.blocks * UNIT]      # surplus zero units (VMFPLC2's V quirk) dropped
        return f


def position_at_file(tape, file_no: int, name: str = "tape") -> None:
    """Forward over file_no - 1 tapemarks (VMFPLC2 FSF / TAPE FSF)."""
    for n in range(1, file_no):
        if tape.forward_space_file() is EOT:
            raise PlcError(f"{name}: the tape has no file {file_no} (it ends in file {n})")
