"""The VM/370 Release 6 CMS disk format (800-byte blocks), as constants named after
CMS's own fields (ADT, FST, MFD).  Facts: /work/shared/spec/cms.md section 1, checked
against real VM/370 minidisks; the few that are not confirmed say so.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from s370.ebcdic import CODEPAGE

from .errors import CMSFSError

BLOCK_SIZE = 800                    # every CMS block (and CKD record R1..Rn) is 800 bytes

# 800-byte records per track as CMS FORMAT writes them (verified: 3350 -> 19).
RECORDS_PER_TRACK = {0x3330: 14, 0x3340: 8, 0x3350: 19}

# The MFD's one-byte unit type.  SY20-0887-1 (MFD): X'08' 2314, X'09' 3330; X'0B' is on
# every real 3350 disk decoded (spec 1.3 "byte 599").  These are the OS UCB device-type
# codes, so 3340 = X'0A' follows the same table (Unverified for CMS).
UNIT_TYPES = {0x3330: 0x09, 0x3340: 0x0A, 0x3350: 0x0B}

MAX_BLOCKS = 65531                  # ADTNUM cap: block numbers are halfwords (observed)

# Fixed blocks (block numbers count from 1 across the minidisk).
IPL_BLOCKS = (1, 2)                 # zero on user disks
LABEL_BLOCK = 3                     # 'CMS=' + 6-character label, rest zero
MFD_BLOCK = 4                       # Master File Directory
FIXED_BLOCKS = (1, 2, 3, 4)
LABEL_ID = "CMS=".encode(CODEPAGE)
LABEL_LEN = 6

# MFD (block 4) byte offsets.
MFD_LIST_END = 364                  # FST-block list + extension list live in bytes 0..363
MFD_END_OF_LIST = 0xFFFF            # FST list ends, allocation map fits in the MFD
MFD_END_OF_FSTS = 0xFFFD            # FST list ends, extension block numbers follow (0-ended)
ADTNUM = 364                        # blocks on the disk
ADTUSED = 368                       # blocks in use
ADTLEFT = 372                       # blocks free
ADTLAST = 376                       # last map byte in use (meaning Unverified)
ADTCYL = 380                        # cylinders
QMSK = 384                          # allocation map part 1: one bit per block, X'80' = block 1
QMSK_LEN = 215                      # covers blocks 1..1720
ADTUNIT = 599                       # unit type of the disk (see UNIT_TYPES)
QMSK_BLOCKS = QMSK_LEN * 8          # 1720
QMSK_EXT_BLOCKS = BLOCK_SIZE * 8    # 6400 blocks per allocation-map extension block

# FST blocks: 20 entries of 40 bytes (DSECT FSTD).
FST_SIZE = 40
FSTS_PER_BLOCK = BLOCK_SIZE // FST_SIZE
FSTFNAME, FSTFTYPE, FSTDATEW, FSTTIMEW = 0, 8, 16, 18
FSTWRPNT, FSTRDPNT, FSTFMODE, FSTRECCT = 20, 22, 24, 26
FSTFCLPT, FSTRECFM, FSTFLAGS, FSTLRECL = 28, 30, 31, 32
FSTBLKCT, FSTYEARW = 36, 38
_FSTD = struct.Struct(">8s8s2s2sHH2sHHcBIH2s")

# Chain links.
FCL_NTH = 40                        # first chain link: 40 halfwords -> Nth chain links
FCL_DATA = 60                       # ... then 60 halfwords -> data blocks 1..60
FCL_USED = (FCL_NTH + FCL_DATA) * 2 # 200 bytes; rest of the block zero
NTH_DATA = BLOCK_SIZE // 2          # an Nth chain link: 400 data-block numbers
MAX_DATA_BLOCKS = FCL_DATA + FCL_NTH * NTH_DATA   # 16060 (FSWRITE RC 19 beyond)

V_LENGTH_SIZE = 2                   # V record = halfword length (not counting itself) + data
MAX_LRECL = 65535
MAX_RECORDS = 65534                 # FSTRECCT and FSTWRPNT (= records + 1) are halfwords

FILEID_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$#@+-:_")


def data_blocks_for(nbytes: int) -> int:
    return -(-nbytes // BLOCK_SIZE)


def chain_links_for(ndata: int) -> int:
    """Chain-link blocks a file of ndata data blocks needs (none for an empty file)."""
    if ndata == 0:
        return 0
    return 1 + -(-max(0, ndata - FCL_DATA) // NTH_DATA)


def ext_blocks_for(adtnum: int) -> int:
    """Allocation-map extension blocks needed beyond the MFD's own 1720 bits."""
    return -(-max(0, adtnum - QMSK_BLOCKS) // QMSK_EXT_BLOCKS)


def check_name(name: str, what: str = "filename") -> str:
    """A filename or filetype: 1-8 of CMS's characters, uppercased like CMS does."""
    n = name.upper()
    if not 1 <= len(n) <= 8 or not set(n) <= FILEID_CHARS:
        raise CMSFSError(f"invalid {what} {name!r} (1-8 letters, digits, $ # @ + - : _)")
    return n


@dataclass
class FST:
    """One File Status Table entry as it lies on disk (40 bytes)."""
    fname: str
    ftype: str
    datew: bytes = b"\0\0"          # packed MMDD
    timew: bytes = b"\0\0"          # packed HHMM
    wrpnt: int = 1
    rdpnt: int = 1
    fmode: str = "A1"
    recct: int = 0
    fclpt: int = 0
    recfm: str = "F"
    flags: int = 0
    lrecl: int = 80
    blkct: int = 0
    yearw: bytes = b"\0\0"          # 2 EBCDIC digits

    def pack(self) -> bytes:
        return _FSTD.pack(self.fname.ljust(8).encode(CODEPAGE), self.ftype.ljust(8).encode(CODEPAGE),
                          self.datew, self.timew, self.wrpnt, self.rdpnt,
                          self.fmode.ljust(2).encode(CODEPAGE), self.recct, self.fclpt,
                          self.recfm.encode(CODEPAGE), self.flags, self.lrecl, self.blkct,
                          self.yearw)

    @classmethod
    def unpack(cls, raw: bytes) -> "FST":
        (fn, ft, datew, timew, wrpnt, rdpnt, fmode, recct, fclpt, recfm, flags, lrecl, blkct,
         yearw) = _FSTD.unpack(raw)
        return cls(fn.decode(CODEPAGE).rstrip(), ft.decode(CODEPAGE).rstrip(), datew, timew,
                   wrpnt, rdpnt, fmode.decode(CODEPAGE).rstrip(), recct, fclpt,
                   recfm.decode(CODEPAGE), flags, lrecl, blkct, yearw)


assert _FSTD.size == FST_SIZE
