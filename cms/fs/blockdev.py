"""800-byte CMS blocks over a CKD volume or a minidisk (a cylinder range of one).

Block n (from 1) is record (n-1) % R + 1 of track (n-1) // R of the minidisk, R the
800-byte records per track of the device type.  Writes are grouped per track: one
read-modify-write of the track image for all blocks on it.
"""

from __future__ import annotations

import os

from media.ckd import DasdError, open_image
from media.ckd.track import Record, build_track, parse_track, r0

from .errors import CMSFSError
from .layout import BLOCK_SIZE, RECORDS_PER_TRACK


class BlockDevice:
    """Block I/O on the cylinders [first_cyl, first_cyl + n_cyls) of a CKD image."""

    def __init__(self, image, extent: tuple[int, int] | None = None, owns_image: bool = False):
        self.image = image
        self.owns_image = owns_image
        g = image.geometry
        self.heads = image.heads
        self.per_track = RECORDS_PER_TRACK.get(g.devtype)
        if self.per_track is None:
            raise CMSFSError(f"CMS 800-byte format is not supported on a {g.devtype:04X} "
                             f"(3330, 3340 and 3350 only)")
        first, n = extent if extent is not None else (0, image.cyls)
        if first < 0 or n < 1 or first + n > image.cyls:
            raise CMSFSError(f"extent {first}:{n} (first cylinder:cylinders) is outside the "
                             f"volume's {image.cyls} cylinders")
        self.first_cyl, self.n_cyls = first, n
        self._cache: tuple[int, list] | None = None      # last track read: (track, records)

    @classmethod
    def open(cls, image, extent=None, readonly: bool = False) -> "BlockDevice":
        """image: a path to a CKD/CCKD file, or an already open media.ckd image."""
        if isinstance(image, (str, os.PathLike)):
            try:
                im = open_image(os.fspath(image), readonly=readonly)
            except DasdError as e:
                raise CMSFSError(str(e)) from None
            try:
                return cls(im, extent, owns_image=True)
            except BaseException:
                im.close()
                raise
        return cls(image, extent)

    @property
    def blocks_per_cyl(self) -> int:
        return self.heads * self.per_track

    @property
    def capacity(self) -> int:
        """800-byte records the minidisk holds when every track is formatted."""
        return self.n_cyls * self.blocks_per_cyl

    def locate(self, block: int) -> tuple[int, int]:
        """(absolute track, record number) of a block."""
        if not 1 <= block <= self.capacity:
            raise CMSFSError(f"block {block} outside the minidisk ({self.capacity} blocks)")
        trk, rec = divmod(block - 1, self.per_track)
        return self.first_cyl * self.heads + trk, rec + 1

    def _track(self, trk: int):
        try:
            return parse_track(self.image.read_track(trk), trk)
        except DasdError as e:
            raise CMSFSError(str(e)) from None

    def _records(self, trk: int) -> dict:
        """{record number: Record} of a track; the last track read is kept (sequential
        reads of a file take every block of a track in turn)."""
        if self._cache is None or self._cache[0] != trk:
            self._cache = (trk, {r.rec: r for r in self._track(trk)[2]})
        return self._cache[1]

    def read_block(self, block: int) -> bytes:
        trk, rec = self.locate(block)
        r = self._records(trk).get(rec)
        if r is not None and r.kl == 0 and r.dl == BLOCK_SIZE:
            return r.data
        raise CMSFSError(f"block {block} (track {trk} record {rec}) is not an 800-byte "
                         f"CMS record: the minidisk is not CMS-formatted there")

    def write_blocks(self, blocks: dict[int, bytes]) -> None:
        """Write whole blocks, track by track in the order the blocks are given."""
        by_track: dict[int, dict[int, bytes]] = {}
        for block, data in blocks.items():
            if len(data) != BLOCK_SIZE:
                raise CMSFSError(f"block {block}: {len(data)} bytes, not {BLOCK_SIZE}")
            trk, rec = self.locate(block)
            by_track.setdefault(trk, {})[rec] = bytes(data)
        for trk, recs in by_track.items():
            cyl, head, old = self._track(trk)
            found = {r.rec for r in old if r.kl == 0 and r.dl == BLOCK_SIZE}
            missing = set(recs) - found
            if missing:
                raise CMSFSError(f"track {trk}: record {min(missing)} is not an 800-byte CMS "
                                 f"record: the minidisk is not CMS-formatted there")
            new = [Record(r.cyl, r.head, r.rec, r.key, recs.get(r.rec, r.data)) for r in old]
            self._put(trk, build_track(cyl, head, new))

    def format_tracks(self, first_block_track: int, n_tracks: int) -> None:
        """Write the CMS record format (R0, then R1..Rn of 800 zero bytes, no key) on
        minidisk-relative tracks [first, first + n).  The count fields of R1..Rn carry
        the minidisk's own cylinder numbers (0 = its first cylinder), as CMS FORMAT
        writes them through CP, which relocates seeks but not record contents; the home
        address and R0 keep the volume's (GC20-1801 notes that on a volume holding
        minidisks the count fields of R0 and R1 disagree; s370.devices.dasd)."""
        for rel in range(first_block_track, first_block_track + n_tracks):
            trk = self.first_cyl * self.heads + rel
            cyl, head = divmod(trk, self.heads)
            vcyl = cyl - self.first_cyl          # the count fields a FORMAT in the VM writes
            recs = [r0(cyl, head)] + [Record(vcyl, head, r, b"", bytes(BLOCK_SIZE))
                                      for r in range(1, self.per_track + 1)]
            self._put(trk, build_track(cyl, head, recs))

    def _put(self, trk: int, image: bytes) -> None:
        self._cache = None
        try:
            self.image.write_track(trk, image)
        except DasdError as e:
            raise CMSFSError(str(e)) from None

    def flush(self) -> None:
        try:
            self.image.flush()
        except DasdError as e:
            raise CMSFSError(str(e)) from None

    def close(self) -> None:
        if self.owns_image and self.image is not None:
            try:
                self.image.flush()
            finally:
                self.image.close()
        self.image = None
