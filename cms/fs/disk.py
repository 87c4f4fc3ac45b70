"""A CMS minidisk: FORMAT, list, read, write, erase, rename.

Crash safety (a host tool may be killed at any moment): new data and chain links go to
free blocks first; the allocation map is then written with the new blocks added (old
ones still marked); then the directory (the FST block, or the MFD when a new FST block
appears) switches to the new file; only then is the map written again without the old
blocks.  A crash at any step leaves every file readable, at worst with blocks still
marked in use that nothing references (check() reports them as lost).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from s370.ebcdic import CODEPAGE

from . import chain, records as recs, stamp
from .blockdev import BlockDevice
from .errors import CMSFSError
from .layout import (BLOCK_SIZE, FIXED_BLOCKS, FST, FST_SIZE, FSTS_PER_BLOCK, LABEL_BLOCK,
                     LABEL_ID, LABEL_LEN, MAX_BLOCKS, MAX_DATA_BLOCKS, MFD_BLOCK, QMSK_LEN,
                     UNIT_TYPES, check_name, chain_links_for, data_blocks_for, ext_blocks_for)
from .mfd import MFD, AllocationMap


@dataclass(frozen=True)
class FileEntry:
    """What LISTFILE (LABEL) shows of one file."""
    fn: str
    ft: str
    fm: str
    recfm: str
    lrecl: int
    records: int
    blocks: int
    written: dt.datetime | None


def _label_block(label: str) -> bytes:
    raw = LABEL_ID + label.ljust(LABEL_LEN).encode(CODEPAGE)
    return raw + bytes(BLOCK_SIZE - len(raw))


def check_label(label: str) -> str:
    lab = label.upper()
    if not 1 <= len(lab) <= LABEL_LEN or not all(33 <= ord(c) < 127 for c in lab):
        raise CMSFSError(f"invalid disk label {label!r} (1-6 printable characters, no blanks)")
    return lab


def _mode_field(mode) -> str:
    """FSTFMODE from a mode number (letter A) or a letter+number like 'B1'."""
    text = str(mode).upper()
    if text.isdigit():
        text = "A" + text
    if len(text) == 1 and text.isalpha():
        text += "1"
    if len(text) != 2 or not text[0].isalpha() or text[1] not in "0123456":
        raise CMSFSError(f"invalid file mode {mode!r} (letter A-Z and number 0-6)")
    return text


class CMSDisk:
    """An open CMS (800-byte format) minidisk."""

    def __init__(self, dev: BlockDevice, readonly: bool = False):
        self.dev = dev
        self.readonly = readonly
        self._load()

    # --- opening, FORMAT -------------------------------------------------------------
    @classmethod
    def open(cls, image, extent: tuple[int, int] | None = None,
             readonly: bool = False) -> "CMSDisk":
        """Open a CMS disk on a CKD image (a path or an open media.ckd image); extent =
        (first_cyl, n_cyls) of a minidisk inside the volume, None = the whole volume."""
        dev = BlockDevice.open(image, extent, readonly=readonly)
        try:
            return cls(dev, readonly)
        except BaseException:
            dev.close()
            raise

    @classmethod
    def format(cls, image, label: str, extent: tuple[int, int] | None = None,
               cyls: int | None = None) -> "CMSDisk":
        """FORMAT: 800-byte records on the first `cyls` cylinders (default all), the
        label in block 3, an empty MFD in block 4 and the allocation map."""
        label = check_label(label)
        dev = BlockDevice.open(image, extent)
        try:
            ncyl = dev.n_cyls if cyls is None else cyls
            if not 1 <= ncyl <= dev.n_cyls:
                raise CMSFSError(f"cannot format {ncyl} cylinders of a {dev.n_cyls}-cylinder "
                                 f"minidisk")
            adtnum = min(ncyl * dev.blocks_per_cyl, MAX_BLOCKS)
            n_ext = ext_blocks_for(adtnum)
            ext = list(range(MFD_BLOCK + 1, MFD_BLOCK + 1 + n_ext))
            if adtnum < MFD_BLOCK + n_ext + 2:
                raise CMSFSError(f"{adtnum} blocks are too few for a CMS disk")
            amap = AllocationMap(adtnum)
            for b in FIXED_BLOCKS + tuple(ext):
                amap.set(b)
            dev.format_tracks(0, ncyl * dev.heads)
            blocks = {LABEL_BLOCK: _label_block(label)}
            blocks.update(_map_blocks(MFD(ext_blocks=ext, adtnum=adtnum, adtcyl=ncyl,
                                           unit=UNIT_TYPES[dev.image.geometry.devtype]), amap))
            dev.write_blocks(blocks)
            dev.flush()
            return cls(dev)
        except BaseException:
            dev.close()
            raise

    def _load(self) -> None:
        raw = self.dev.read_block(LABEL_BLOCK)
        if raw[:len(LABEL_ID)] != LABEL_ID:
            raise CMSFSError("not a CMS disk: block 3 does not begin with the 'CMS=' label")
        self.label = raw[len(LABEL_ID):len(LABEL_ID) + LABEL_LEN].decode(CODEPAGE).rstrip()
        self.mfd = MFD.unpack(self.dev.read_block(MFD_BLOCK))
        if not MFD_BLOCK < self.mfd.adtnum <= min(self.dev.capacity, MAX_BLOCKS):
            raise CMSFSError(f"MFD: ADTNUM {self.mfd.adtnum} does not fit the minidisk "
                             f"({self.dev.capacity} blocks formatted at most)")
        n = self.mfd.adtnum
        for b in self.mfd.fst_blocks + self.mfd.ext_blocks:
            if not MFD_BLOCK < b <= n:
                raise CMSFSError(f"MFD names block {b}, outside blocks 5-{n}")
        bits = self.mfd.qmsk + b"".join(self.dev.read_block(b) for b in self.mfd.ext_blocks)
        self.map = AllocationMap(n, bits)
        self.fst_blocks: list[list[FST | None]] = []
        for b in self.mfd.fst_blocks:
            raw = self.dev.read_block(b)
            self.fst_blocks.append([None if raw[i:i + FST_SIZE] == bytes(FST_SIZE)
                                    else FST.unpack(raw[i:i + FST_SIZE])
                                    for i in range(0, BLOCK_SIZE, FST_SIZE)])

    def close(self) -> None:
        if self.dev is not None:
            self.dev.close()
            self.dev = None

    def __enter__(self) -> "CMSDisk":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- facts ------------------------------------------------------------------------
    @property
    def blocks(self) -> int:
        return self.mfd.adtnum

    @property
    def used(self) -> int:
        return self.map.used()

    @property
    def cylinders(self) -> int:
        return self.mfd.adtcyl

    def _entries(self):
        for bi, slots in enumerate(self.fst_blocks):
            for si, f in enumerate(slots):
                if f is not None:
                    yield bi, si, f

    def _find(self, fn: str, ft: str):
        fn, ft = check_name(fn), check_name(ft, "filetype")
        for bi, si, f in self._entries():
            if f.fname == fn and f.ftype == ft:
                return bi, si, f
        return None

    def _need(self, fn: str, ft: str):
        hit = self._find(fn, ft)
        if hit is None:
            raise CMSFSError(f"file {fn.upper()} {ft.upper()} not found")
        return hit

    @staticmethod
    def _entry(f: FST) -> FileEntry:
        return FileEntry(f.fname, f.ftype, f.fmode, f.recfm, f.lrecl, f.recct, f.blkct,
                         stamp.decode(f.datew, f.timew, f.yearw))

    def list(self) -> list[FileEntry]:
        """Every file, in directory (insertion) order."""
        return [self._entry(f) for _, _, f in self._entries()]

    def stat(self, fn: str, ft: str) -> FileEntry:
        return self._entry(self._need(fn, ft)[2])

    def file_blocks(self, f: FST) -> tuple[list[int], list[int]]:
        """(chain-link blocks, data blocks) of a file."""
        return chain.walk(self.dev.read_block, f.fclpt, f.blkct, self.blocks)

    def fsts(self) -> list[FST]:
        """Every file's FST as it lies on disk, in directory order (for dump tools)."""
        return [f for _, _, f in self._entries()]

    def data_of(self, f: FST) -> bytes:
        """A file's data blocks exactly as stored (blkct * 800 bytes), for dump tools."""
        _links, data = self.file_blocks(f)
        return b"".join(self.dev.read_block(b) for b in data)

    def read(self, fn: str, ft: str) -> list[bytes]:
        f = self._need(fn, ft)[2]
        if f.recfm not in ("F", "V"):
            raise CMSFSError(f"{f.fname} {f.ftype}: invalid RECFM {f.recfm!r}")
        _links, data = self.file_blocks(f)
        stream = b"".join(self.dev.read_block(b) for b in data)
        return recs.decode(stream, f.recfm, f.lrecl, f.recct)

    # --- changing files ---------------------------------------------------------------
    def _writable(self) -> None:
        if self.readonly:
            raise CMSFSError("disk is open read-only")

    def write(self, fn: str, ft: str, records, recfm: str = "F", lrecl: int | None = None,
              mode=1, when: dt.datetime | None = None) -> FileEntry:
        """Create or replace a file.  records: bytes each (EBCDIC as stored)."""
        self._writable()
        fn, ft = check_name(fn), check_name(ft, "filetype")
        fmode = _mode_field(mode)
        stream, nrec, lrecl = recs.encode(records, recfm, lrecl)
        ndata = data_blocks_for(len(stream))
        nlinks = chain_links_for(ndata)
        if ndata > MAX_DATA_BLOCKS:
            raise CMSFSError(f"{fn} {ft} needs {ndata} data blocks; a CMS file holds at most "
                             f"{MAX_DATA_BLOCKS} (FSWRITE RC 19)")
        old = self._find(fn, ft)
        if old is not None:
            bi, si, _ = old
            new_fst_block = False
        else:
            bi, si = self._free_slot()
            new_fst_block = bi == len(self.fst_blocks)
            if new_fst_block and len(self.fst_blocks) >= MFD.room_for_fst_blocks(
                    len(self.mfd.ext_blocks)):
                raise CMSFSError("directory full: the MFD names no more FST blocks")
        need = ndata + nlinks + (1 if new_fst_block else 0)
        free = self.map.free(need)
        if len(free) < need:
            raise CMSFSError(f"disk full: {fn} {ft} needs {need} blocks, "
                             f"{self.blocks - self.used} free")
        links, data, extra = free[:nlinks], free[nlinks:nlinks + ndata], free[nlinks + ndata:]
        old_blocks = self._releasable(old[2]) if old is not None else []
        when = when or dt.datetime.now()
        datew, timew, yearw = stamp.encode(when)
        fst = FST(fn, ft, datew, timew, nrec + 1, 1, fmode, nrec, links[0] if links else 0,
                  recfm, 0, lrecl, ndata, yearw)
        # 1: the data and chain links, in free blocks
        blocks = {b: stream[i * BLOCK_SIZE:(i + 1) * BLOCK_SIZE].ljust(BLOCK_SIZE, b"\0")
                  for i, b in enumerate(data)}
        blocks.update(chain.build(links, data))
        if blocks:
            self.dev.write_blocks(blocks)
        amap = self.map.copy()
        for b in free:
            amap.set(b)
        if new_fst_block:
            # 2+3: the new FST block, then the MFD naming it with the new map: one switch
            slots = [None] * FSTS_PER_BLOCK
            slots[0] = fst
            self.dev.write_blocks({extra[0]: _fst_block(slots)})
            fst_list = self.mfd.fst_blocks + [extra[0]]
            self._write_map(amap, fst_list)
            self.fst_blocks.append(slots)
        else:
            self._write_map(amap)                       # 2: new blocks marked
            slots = list(self.fst_blocks[bi])
            slots[si] = fst
            self.dev.write_blocks({self.mfd.fst_blocks[bi]: _fst_block(slots)})   # 3: switch
            self.fst_blocks[bi] = slots
        if old_blocks:                                  # 4: release the old version
            amap = self.map.copy()
            for b in old_blocks:
                amap.clear(b)
            self._write_map(amap)
        self.dev.flush()
        return self._entry(fst)

    def _releasable(self, f: FST) -> list[int]:
        """The blocks a file's chain names, or none if the chain is damaged: freeing what
        a bad pointer names could free another file's block, so they are left marked
        (check() then reports them as lost, which is safe)."""
        try:
            links, data = self.file_blocks(f)
        except CMSFSError:
            return []
        return links + data

    def _free_slot(self) -> tuple[int, int]:
        for bi, slots in enumerate(self.fst_blocks):
            for si, f in enumerate(slots):
                if f is None:
                    return bi, si
        return len(self.fst_blocks), 0

    def erase(self, fn: str, ft: str) -> None:
        self._writable()
        bi, si, f = self._need(fn, ft)
        blocks = self._releasable(f)
        slots = list(self.fst_blocks[bi])
        slots[si] = None
        self.dev.write_blocks({self.mfd.fst_blocks[bi]: _fst_block(slots)})
        self.fst_blocks[bi] = slots
        amap = self.map.copy()
        for b in blocks:
            amap.clear(b)
        fst_list = None
        if all(s is None for s in slots):               # an empty FST block is released
            amap.clear(self.mfd.fst_blocks[bi])
            fst_list = self.mfd.fst_blocks[:bi] + self.mfd.fst_blocks[bi + 1:]
            del self.fst_blocks[bi]
        self._write_map(amap, fst_list)
        self.dev.flush()

    def rename(self, fn: str, ft: str, new_fn: str, new_ft: str) -> None:
        self._writable()
        bi, si, f = self._need(fn, ft)
        new_fn, new_ft = check_name(new_fn), check_name(new_ft, "filetype")
        if (new_fn, new_ft) != (f.fname, f.ftype) and self._find(new_fn, new_ft) is not None:
            raise CMSFSError(f"file {new_fn} {new_ft} already exists")
        slots = list(self.fst_blocks[bi])
        slots[si] = replace(f, fname=new_fn, ftype=new_ft)
        self.dev.write_blocks({self.mfd.fst_blocks[bi]: _fst_block(slots)})
        self.fst_blocks[bi] = slots
        self.dev.flush()

    # --- FORMAT ... (RECOMP, FORMAT ... (LABEL ------------------------------------------
    def relabel(self, label: str) -> None:
        self._writable()
        label = check_label(label)
        self.dev.write_blocks({LABEL_BLOCK: _label_block(label)})
        self.dev.flush()
        self.label = label

    def recompute(self, cyls: int | None = None) -> int:
        """RECOMP: resize to `cyls` cylinders (default the whole minidisk) keeping the
        files: new cylinders get the 800-byte format; returns the new ADTNUM."""
        self._writable()
        ncyl = self.dev.n_cyls if cyls is None else cyls
        if not 1 <= ncyl <= self.dev.n_cyls:
            raise CMSFSError(f"cannot use {ncyl} cylinders of a {self.dev.n_cyls}-cylinder "
                             f"minidisk")
        adtnum = min(ncyl * self.dev.blocks_per_cyl, MAX_BLOCKS)
        in_use = self.map.in_use()
        if in_use and in_use[-1] > adtnum:
            raise CMSFSError(f"block {in_use[-1]} is in use; {ncyl} cylinders hold only "
                             f"{adtnum} blocks")
        amap = AllocationMap(adtnum, bytes(self.map.bits))
        ext = list(self.mfd.ext_blocks)
        want = ext_blocks_for(adtnum)
        while len(ext) > want:
            amap.clear(ext.pop())
        if len(ext) < want:
            free = amap.free(want - len(ext))
            if len(free) < want - len(ext):
                raise CMSFSError("disk full: no room for the allocation map")
            for b in free:
                amap.set(b)
            ext += free
        if len(self.fst_blocks) > MFD.room_for_fst_blocks(len(ext)):
            raise CMSFSError("directory full: the MFD cannot name the FST blocks and the "
                             "larger allocation map")
        if ncyl > self.mfd.adtcyl:
            heads = self.dev.heads
            self.dev.format_tracks(self.mfd.adtcyl * heads, (ncyl - self.mfd.adtcyl) * heads)
        self.mfd.adtnum, self.mfd.adtcyl, self.mfd.ext_blocks = adtnum, ncyl, ext
        self._write_map(amap)
        self.dev.flush()
        return adtnum

    # --- map and MFD ------------------------------------------------------------------
    def _write_map(self, amap: AllocationMap, fst_list: list[int] | None = None) -> None:
        mfd = replace(self.mfd)
        if fst_list is not None:
            mfd.fst_blocks = list(fst_list)
        blocks = _map_blocks(mfd, amap)
        # extension blocks on other tracks first: the MFD's track is written last
        mfd_track = self.dev.locate(MFD_BLOCK)[0]
        early = {b: blocks.pop(b) for b in list(blocks) if self.dev.locate(b)[0] != mfd_track}
        if early:
            self.dev.write_blocks(early)
        self.dev.write_blocks(blocks)
        self.mfd, self.map = mfd, amap

    def check(self) -> list[str]:
        from .check import check_disk
        return check_disk(self)


def _fst_block(slots) -> bytes:
    return b"".join(bytes(FST_SIZE) if f is None else f.pack() for f in slots)


def _map_blocks(mfd: MFD, amap: AllocationMap) -> dict[int, bytes]:
    """Extension blocks, then the MFD (written last), for an allocation map."""
    used = amap.used()
    mfd.adtused, mfd.adtleft, mfd.adtlast = used, mfd.adtnum - used, amap.last_byte()
    mfd.qmsk = amap.part(0, QMSK_LEN)
    out = {b: amap.part(QMSK_LEN + k * BLOCK_SIZE, BLOCK_SIZE)
           for k, b in enumerate(mfd.ext_blocks)}
    out[MFD_BLOCK] = mfd.pack()
    return out
