"""Make a CMS disk IPL-able: the nucleus as a file plus the two IPL records (the S-disk, 190).

    from cms.fs import CMSDisk
    from cms.sdisk import install
    with CMSDisk.format(image, "CMS190") as disk:
        install(disk)                  # then 'IPL 190' boots CMS

The design is cms/build.py's (docstring, "IPL from the 190 S-disk"):

* the nucleus image, cut into 800-byte blocks, is the ordinary file ``DMSNUC NUCLEUS S2``
  (RECFM F, LRECL 800), so the allocation map, LISTFILE and ``cmsfs check`` see its blocks
  as used;
* block 1 (cylinder 0, head 0, record 1: what READ IPL reads) starts with 24 bytes: the
  nucleus's own IPL PSW (-> DMSINS), a READ DATA of the next record (block 2) into the
  bootstrap area above the image, and a TIC to it.  The rest of the block is zero;
* block 2 is the bootstrap channel program.  The nucleus blocks are read in runs of
  consecutive records on one track: SEEK BBCCHH, SEARCH ID EQUAL CCHHR, TIC *-8, READ DATA
  (the searched record), then a READ DATA per further record of the run (each reads the
  next record on the track), all command-chained; the last READ ends the chain and the
  channel ends the IPL, loading the PSW at location 0 -- by then the nucleus's own.
  SEEK/SEARCH arguments (16 bytes a run) follow the CCWs in the same block.

A nucleus written to a fresh disk is contiguous, so a 3350 (19 blocks a track) needs one
run a track: block 2 holds about 70 blocks' worth of runs.  A file too scattered for one
block is refused with a clear error (copy the nucleus to a freshly formatted disk).

Addresses in CCWs are the minidisk's own (virtual) cylinders: CP relocates the seeks.
"""

from __future__ import annotations

import struct

from cms.build import CMS_BLOCK, Nucleus, build_nucleus, nucleus_blocks

from .fs import CMSDisk, CMSFSError

NUCLEUS_FN, NUCLEUS_FT, NUCLEUS_FM = "DMSNUC", "NUCLEUS", "S2"

# channel command codes (CKD, GA26-1592) and CCW flags (PoO)
CMD_SEEK = 0x07
CMD_SEARCH_ID_EQ = 0x31
CMD_TIC = 0x08
CMD_READ_DATA = 0x06
CCW_CC = 0x40
CCW_SLI = 0x20

IPL_RECORD_LEN = 24              # what the IPL's implied READ IPL CCW reads (PSW + 2 CCWs)
RUN_ARGS = 16                    # SEEK BBCCHH (6) + SEARCH CCHHR (5), padded to 8-byte units


def ccw(cmd: int, addr: int, flags: int, count: int) -> bytes:
    """A format-0 CCW."""
    return struct.pack(">B3sBBH", cmd, addr.to_bytes(3, "big"), flags, 0, count)


def block_address(disk: CMSDisk, block: int) -> tuple[int, int, int]:
    """(cylinder, head, record) of a block, relative to the minidisk (its virtual addresses)."""
    if not 1 <= block <= disk.dev.capacity:
        raise CMSFSError(f"block {block} outside the minidisk")
    trk, rec = divmod(block - 1, disk.dev.per_track)
    cyl, head = divmod(trk, disk.dev.heads)
    return cyl, head, rec + 1


def record_id(disk: CMSDisk, block: int) -> tuple[int, int, int]:
    """The (CC, HH, R) a block's count field holds, for SEARCH ID EQUAL: whatever FORMAT
    wrote there (cms.fs writes the volume's cylinder numbers, a user's FORMAT under CP may
    have written the minidisk's; s370.devices.dasd does not translate count fields)."""
    trk, rec = disk.dev.locate(block)
    cyl, head, records = disk.dev._track(trk)
    for r in records:
        if r.rec == rec:
            return r.cyl, r.head, r.rec
    raise CMSFSError(f"block {block}: no record {rec} on track {trk}")


def runs(disk: CMSDisk, blocks: list[int]) -> list[tuple[tuple[int, int, int], int, int]]:
    """[(first record's minidisk (cyl, head, rec), index of the first nucleus block, count)]:
    runs of blocks that are consecutive records of one track."""
    out: list = []
    for i, b in enumerate(blocks):
        c, h, r = block_address(disk, b)
        if out:
            (c0, h0, r0), first, n = out[-1]
            if (c, h) == (c0, h0) and r == r0 + n:
                out[-1] = ((c0, h0, r0), first, n + 1)
                continue
        out.append(((c, h, r), i, 1))
    return out


def bootstrap(disk: CMSDisk, blocks: list[int], origin: int, at: int) -> bytes:
    """Block 2: the channel program that reads ``blocks`` (nucleus block k into origin +
    800k), itself loaded at ``at``."""
    plan = runs(disk, blocks)
    n_ccws = sum(3 + n for _, _, n in plan)
    args_at = at + 8 * n_ccws
    size = 8 * n_ccws + RUN_ARGS * len(plan)
    if size > CMS_BLOCK:
        raise CMSFSError(f"{NUCLEUS_FN} {NUCLEUS_FT}: its {len(blocks)} blocks lie in "
                         f"{len(plan)} runs, too scattered for one bootstrap block "
                         f"({size} bytes of 800); install on a freshly formatted disk")
    prog, args = b"", b""
    for k, ((c, h, r), first, n) in enumerate(plan):
        arg = args_at + RUN_ARGS * k
        search_ccw = at + len(prog) + 8
        prog += ccw(CMD_SEEK, arg, CCW_CC, 6)
        prog += ccw(CMD_SEARCH_ID_EQ, arg + 6, CCW_CC, 5)
        prog += ccw(CMD_TIC, search_ccw, 0, 1)
        for j in range(n):
            last = k == len(plan) - 1 and j == n - 1
            prog += ccw(CMD_READ_DATA, origin + CMS_BLOCK * (first + j),
                        0 if last else CCW_CC, CMS_BLOCK)
        rc, rh, rr = record_id(disk, blocks[first])
        args += struct.pack(">HHHHHB5x", 0, c, h, rc, rh, rr)
    return (prog + args).ljust(CMS_BLOCK, b"\0")


def ipl_record(psw: bytes, chain_at: int) -> bytes:
    """Block 1: the IPL PSW, READ DATA (block 2) into chain_at, TIC to it."""
    head = (psw + ccw(CMD_READ_DATA, chain_at, CCW_CC, CMS_BLOCK)
            + ccw(CMD_TIC, chain_at, 0, 1))
    assert len(head) == IPL_RECORD_LEN
    return head.ljust(CMS_BLOCK, b"\0")


def install(disk: CMSDisk, nucleus: Nucleus | None = None) -> list[int]:
    """Write the nucleus file and IPL blocks 1-2 on an open, writable CMS disk.

    Returns the disk blocks holding the nucleus, in storage order."""
    nucleus = nucleus or build_nucleus()
    if nucleus.origin != 0:
        raise CMSFSError(f"the nucleus must be linked at 0 to IPL (it is at {nucleus.origin:06X})")
    pieces = nucleus_blocks(nucleus)
    disk.write(NUCLEUS_FN, NUCLEUS_FT, pieces, recfm="F", lrecl=CMS_BLOCK, mode=NUCLEUS_FM)
    f = disk._need(NUCLEUS_FN, NUCLEUS_FT)[2]
    _links, data = disk.file_blocks(f)
    chain_at = (len(pieces) * CMS_BLOCK + 7) & ~7      # above everything the chain reads
    disk.dev.write_blocks({1: ipl_record(nucleus.image[0:8], chain_at),
                           2: bootstrap(disk, data, nucleus.origin, chain_at)})
    disk.dev.flush()
    return data
