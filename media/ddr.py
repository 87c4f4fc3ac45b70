"""VM/370 DDR (DASD Dump/Restore) volume dumps on tape: the record formats.

A dump (spec tapes-3270.md section A3, from the VM/370 R6 Service Routines Program
Logic's DDR record formats) is, on one tape file:

    VHR   80 bytes   volume header: 'VHR ', BBCCHH, clock, max records, highest
                     cylinder, highest head, volume serial, blanks
    per track:
      THR 4096 bytes 'THR ', record count, block count, short-block length, flag,
                     home address, R0 (count + data), the counts of R1..Rn, then
                     the keys and data of R1..Rn, continued in the blocks after it
      ...            further 4096-byte blocks, the last one possibly short
    EOJ   80 bytes   the VHR again with tag 'EOJ ' and the address of the last track
    tapemark, tapemark

Every tag and the blank padding are EBCDIC, every number big-endian.  This module
turns track images (``media.ckd``: HA + records + end marker) into those blocks and
back, and reads a whole dump from a tape with one-line errors for every way a tape
can be bad (``DdrError``); the dump, restore, copy and print drivers used by the
host tool live in ``media.ddrjob``.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass

from media.ckd import geometry as geo
from media.ckd.geometry import COUNT_SIZE, EOT_MARKER, R0_DATA_LEN, TRKHDR_SIZE
from media.tape.base import EOT, TAPEMARK, TapeError

BLOCK_SIZE = 4096                   # every THR and full track block
HEADER_LEN = 80                     # VHR / EOJ / EOV
TAG_VHR = "VHR ".encode("cp037")
TAG_EOJ = "EOJ ".encode("cp037")
TAG_EOV = "EOV ".encode("cp037")
TAG_THR = "THR ".encode("cp037")
BLANK = 0x40

THR_FIXED = 16                      # tag(4) NDRD(2) NDRT(2) DRL(2) FLAG(1) HADD(5)
THR_R0 = COUNT_SIZE + R0_DATA_LEN   # record 0: count + 8-byte data
THRFLAG_OVERFLOW = 0x01             # the track holds record-overflow segments

_VHR = struct.Struct(">4s6s6sQHHH6s44s")
_THR = struct.Struct(">4sHHHB5s")
_COUNT = struct.Struct(">HHBBH")

TOD_EPOCH_OFFSET = 2208988800       # seconds from 1900-01-01 (TOD epoch) to 1970-01-01


class DdrError(ValueError):
    """A bad dump tape or a bad request: one line, meant for the operator."""


def tod_now() -> int:
    """The S/370 TOD clock value for now (bit 51 = one microsecond)."""
    return (int(time.time() * 1_000_000) + TOD_EPOCH_OFFSET * 1_000_000) << 12


def bbcchh(cyl: int, head: int) -> bytes:
    return struct.pack(">HHH", 0, cyl, head)


def max_records(g: geo.Geometry) -> int:
    """VHRMREC: the most records one track of this device holds (keyless, 1 data byte)."""
    return g.records_per_track(0, 1)


@dataclass
class VolumeHeader:
    """The VHR (and its copies EOJ and EOV)."""
    tag: bytes
    cyl: int                        # VHRCYLNO's CC and HH
    head: int
    clock: int                      # VHRCLOCK: TOD at dump time
    max_records: int                # VHRMREC
    high_cyl: int                   # VHRCYLA: highest cylinder of the dumped device
    high_head: int                  # VHRMTCK: highest head
    volser: str

    def pack(self) -> bytes:
        return _VHR.pack(self.tag, bbcchh(self.cyl, self.head), bytes(6), self.clock,
                         self.max_records, self.high_cyl, self.high_head,
                         self.volser.ljust(6)[:6].encode("cp037"), bytes([BLANK]) * 44)

    @classmethod
    def unpack(cls, block: bytes) -> "VolumeHeader":
        tag, addr, _unused, clock, mrec, cyla, mtck, vol, _pad = _VHR.unpack_from(block)
        _bb, cyl, head = struct.unpack(">HHH", addr)
        return cls(tag, cyl, head, clock, mrec, cyla, mtck, vol.decode("cp037").rstrip())

    @property
    def heads(self) -> int:
        return self.high_head + 1

    @property
    def cyls(self) -> int:
        return self.high_cyl + 1

    @property
    def dumped_at(self) -> str:
        secs = (self.clock >> 12) / 1_000_000 - TOD_EPOCH_OFFSET
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(max(secs, 0)))

    def recognised_type(self) -> int | None:
        """The device type our own dumps name unambiguously (heads and VHRMREC), or None
        (a tape from elsewhere whose VHRMREC follows another rule)."""
        types = {g.devtype for g in geo.BY_NAME.values()
                 if g.heads == self.heads and max_records(g) == self.max_records}
        return types.pop() if len(types) == 1 else None

    def geometry(self, devtype: str | None = None) -> geo.Geometry:
        """The device type the dump came from: given, or the one whose heads and records
        per track match (VHR has no device-type field; 3380/3390 and 3340/3375 share a
        head count and differ in VHRMREC)."""
        if devtype:
            return geo.lookup(devtype)
        same = [g for g in geo.BY_NAME.values() if g.heads == self.heads]
        exact = [g for g in same if max_records(g) == self.max_records]
        for pool in (exact, same):
            if pool:
                sized = [g for g in pool if self.cyls in (g.cyls, g.cyls + g.alt_cyls)]
                return (sized or pool)[0]
        raise DdrError(f"the dump's geometry ({self.heads} heads, {self.cyls} cylinders) "
                       "matches no known device type; give the device type")


def volume_header(g: geo.Geometry, cyls: int, volser: str, first: tuple[int, int],
                  clock: int | None = None, tag: bytes = TAG_VHR) -> VolumeHeader:
    return VolumeHeader(tag, first[0], first[1], tod_now() if clock is None else clock,
                        max_records(g), cyls - 1, g.heads - 1, volser)


# --- tracks ----------------------------------------------------------------------------
def encode_track(image: bytes, trk: int | None = None) -> list[bytes]:
    """The tape blocks (THR first) that hold one track image (HA .. end marker)."""
    mv = memoryview(image)
    end = len(image)
    if end < TRKHDR_SIZE + THR_R0 + len(EOT_MARKER):
        raise DdrError(f"track {trk}: image too short to hold a home address and R0")
    hadd = bytes(mv[0:TRKHDR_SIZE])
    c, h, r, kl, dl = _COUNT.unpack_from(image, TRKHDR_SIZE)
    if r != 0 or kl != 0 or dl != R0_DATA_LEN:
        raise DdrError(f"track {trk}: first record is not a standard R0 "
                       f"(record {r}, key {kl}, data {dl})")
    r0 = bytes(mv[TRKHDR_SIZE:TRKHDR_SIZE + THR_R0])
    pos = TRKHDR_SIZE + THR_R0
    counts, payload = [], []
    while True:
        if pos + COUNT_SIZE > end:
            raise DdrError(f"track {trk}: no end-of-track marker")
        cnt = mv[pos:pos + COUNT_SIZE]
        if cnt == EOT_MARKER:
            break
        _c, _h, _r, kl, dl = _COUNT.unpack_from(image, pos)
        pos += COUNT_SIZE
        if pos + kl + dl > end:
            raise DdrError(f"track {trk}: record runs past the end of the track image")
        counts.append(cnt)
        payload.append(mv[pos:pos + kl + dl])
        pos += kl + dl
    stream = b"".join([bytes(THR_FIXED), r0, *counts, *payload])
    total = len(stream)
    if total <= BLOCK_SIZE:
        full, short = 1, 0
        stream += bytes(BLOCK_SIZE - total)
    else:
        full, short = divmod(total, BLOCK_SIZE)
    if len(counts) > 0xFFFF or full > 0xFFFF:
        raise DdrError(f"track {trk}: too many records for a DDR track header")
    head = _THR.pack(TAG_THR, len(counts), full, short, 0, hadd)
    stream = head + stream[THR_FIXED:]
    return [stream[i:i + BLOCK_SIZE] for i in range(0, len(stream), BLOCK_SIZE)]


@dataclass
class TrackHeader:
    records: int        # THRNDRD
    full_blocks: int    # THRNDRT
    short_len: int      # THRDRL
    flag: int
    hadd: bytes

    @property
    def cyl(self) -> int:
        return int.from_bytes(self.hadd[1:3], "big")

    @property
    def head(self) -> int:
        return int.from_bytes(self.hadd[3:5], "big")

    @property
    def more_blocks(self) -> int:
        """Blocks after the THR: THRNDRT more if a short one ends it, else THRNDRT - 1."""
        return self.full_blocks if self.short_len else self.full_blocks - 1


def track_header(block: bytes) -> TrackHeader:
    tag, ndrd, ndrt, drl, flag, hadd = _THR.unpack_from(block)
    return TrackHeader(ndrd, ndrt, drl, flag, hadd)


def decode_track(blocks: list[bytes], where: str = "") -> bytes:
    """One track image from its THR and the blocks after it (checked against the THR)."""
    thr = track_header(blocks[0])
    data = b"".join(blocks)
    need = THR_FIXED + THR_R0 + COUNT_SIZE * thr.records
    if len(data) < need:
        raise DdrError(f"{where}: track header's {thr.records} count fields run past its blocks")
    counts_at = THR_FIXED + THR_R0
    parts = [thr.hadd, data[THR_FIXED:counts_at]]
    pos = need
    for i in range(thr.records):
        cnt = data[counts_at + COUNT_SIZE * i:counts_at + COUNT_SIZE * (i + 1)]
        kl, dl = cnt[5], int.from_bytes(cnt[6:8], "big")
        if pos + kl + dl > len(data):
            raise DdrError(f"{where}: record {cnt[4]} runs past the track's blocks")
        parts.append(cnt)
        parts.append(data[pos:pos + kl + dl])
        pos += kl + dl
    parts.append(EOT_MARKER)
    return b"".join(parts)


def relocate_track(image: bytes, cyl: int, head: int) -> bytes:
    """The same track moved to (cyl, head): home address and every count field rewritten
    (DDR's REORDER; CP and CMS search by the count's CCHH, which must match the place)."""
    buf = bytearray(image)
    struct.pack_into(">HH", buf, 1, cyl, head)
    pos = TRKHDR_SIZE
    while buf[pos:pos + COUNT_SIZE] != EOT_MARKER:
        struct.pack_into(">HH", buf, pos, cyl, head)
        kl, dl = buf[pos + 5], int.from_bytes(buf[pos + 6:pos + 8], "big")
        pos += COUNT_SIZE + kl + dl
    return bytes(buf)


# --- reading a dump from tape ----------------------------------------------------------
def _tag_text(block: bytes) -> str:
    try:
        text = block[:4].decode("cp037")
    except UnicodeDecodeError:
        text = ""
    return f"X'{block[:4].hex().upper()}'" + (f" ({text.strip()!r})" if text.isprintable() and text.strip() else "")


class DumpReader:
    """Reads one DDR dump from a tape positioned at its VHR.

        reader = DumpReader(tape, name, next_reel)
        reader.header                       # the VHR
        for cyl, head, image in reader.tracks(): ...
        reader.trailer                      # the EOJ after the last track

    A dump larger than a reel ends the reel with an EOV trailer; the next reel starts
    with the volume's VHR again.  ``next_reel()`` returns (tape, name) for it, or None
    when there is none (then the EOV is a clear error, not a silent half restore).

    Every departure from the format is a DdrError naming the block: no VHR, a block that
    is neither THR nor EOJ/EOV, a tapemark or the end of the image inside the dump, a
    track's blocks of the wrong size, a next reel of another volume.
    """

    def __init__(self, tape, name: str = "tape", next_reel=None):
        self.next_reel = next_reel
        self.nbytes = 0                     # bytes of the dump read so far
        self.reels = 0
        self.last: tuple[int, int] | None = None     # the last track read
        self.trailer: VolumeHeader | None = None
        self.header = self._open_reel(tape, name)

    def _open_reel(self, tape, name: str) -> VolumeHeader:
        self.tape, self.name, self.block_no = tape, name, 0
        self.reels += 1
        first = self._next("the volume header (VHR)")
        if len(first) != HEADER_LEN or first[:4] != TAG_VHR:
            if first[:4] in (TAG_THR, TAG_EOJ, TAG_EOV):
                raise DdrError(f"{name}: DMKDDR709E WRONG INPUT TAPE MOUNTED: block 1 is "
                               f"{_tag_text(first)}, not a volume header (tape not at the "
                               "start of a dump?)")
            raise DdrError(f"{name}: DMKDDR709E WRONG INPUT TAPE MOUNTED: block 1 is "
                           f"{_tag_text(first)}, {len(first)} bytes, not a DDR volume header")
        return VolumeHeader.unpack(first)

    def _continue_on_next_reel(self, eov: VolumeHeader) -> None:
        nxt = self.next_reel() if self.next_reel is not None else None
        if nxt is None:
            last = f"track {self.last[0]}/{self.last[1]}" if self.last else "its volume header"
            raise DdrError(f"{self.name}: block {self.block_no} is an EOV trailer: the dump "
                           f"continues on another reel after {last}; give the next reel")
        vhr = self._open_reel(*nxt)
        if vhr.volser != self.header.volser or vhr.heads != self.header.heads:
            raise DdrError(f"{self.name}: DMKDDR709E WRONG INPUT TAPE MOUNTED: reel "
                           f"{self.reels} is a dump of {vhr.volser or '(no label)'}, not the "
                           f"next reel of {self.header.volser or '(no label)'}")

    def _next(self, expecting: str) -> bytes:
        try:
            block = self.tape.read_forward()
        except TapeError as e:
            text = str(e).removeprefix(f"{self.name}: ")     # the image names itself
            raise DdrError(f"{self.name}: block {self.block_no + 1}: {text}") from None
        self.block_no += 1
        self.nbytes += len(block) if block else 0
        if block is TAPEMARK:
            raise DdrError(f"{self.name}: unexpected tapemark at block {self.block_no} "
                           f"where {expecting} should be")
        if block is EOT and self.block_no == 1:
            raise DdrError(f"{self.name}: no dump here: the recorded tape ends at this position")
        if block is EOT:
            raise DdrError(f"{self.name}: tape ends at block {self.block_no} where "
                           f"{expecting} should be (truncated dump)")
        return block

    def tracks(self):
        """Yield (cyl, head, track image) until the EOJ trailer, which is kept; an EOV
        trailer goes on with the next reel."""
        while True:
            block = self._next("a track header (THR) or the EOJ trailer")
            tag = block[:4]
            if tag == TAG_EOV and len(block) == HEADER_LEN:
                self._continue_on_next_reel(VolumeHeader.unpack(block))
                continue
            if tag == TAG_EOJ and len(block) == HEADER_LEN:
                self.trailer = VolumeHeader.unpack(block)
                return
            if tag != TAG_THR or len(block) != BLOCK_SIZE:
                raise DdrError(f"{self.name}: block {self.block_no} is {_tag_text(block)}, "
                               f"{len(block)} bytes: expected a 4096-byte track header (THR) "
                               "or the EOJ trailer")
            thr = track_header(block)
            where = f"{self.name}: track {thr.cyl}/{thr.head} (block {self.block_no})"
            if thr.full_blocks < 1 or thr.short_len >= BLOCK_SIZE:
                raise DdrError(f"{where}: bad track header (blocks {thr.full_blocks}, "
                               f"last block {thr.short_len} bytes)")
            blocks = [block]
            for i in range(thr.more_blocks):
                nxt = self._next(f"data block {i + 2} of track {thr.cyl}/{thr.head}")
                want = thr.short_len if (thr.short_len and i == thr.more_blocks - 1) else BLOCK_SIZE
                if len(nxt) != want:
                    raise DdrError(f"{self.name}: block {self.block_no} is {len(nxt)} bytes: "
                                   f"track {thr.cyl}/{thr.head} needs {want}")
                blocks.append(nxt)
            self.last = (thr.cyl, thr.head)
            yield thr.cyl, thr.head, decode_track(blocks, where)
