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
  SEEK/SEARCH arguments (16 bytes a run) follow the CCWs in the same block;
* when one block cannot hold all the runs (a big nucleus: about 65 blocks fit in block 2
  on a fresh disk; or a scattered file), block 2 ends by reading the next chain block into
  a second buffer and a TIC to it, and so on, the two buffers taking turns (the scheme of
  the card deck).  Those continuation blocks are the last records of the nucleus file, so
  they too are ordinary, allocated blocks.

Addresses in CCWs are the minidisk's own (virtual) cylinders: CP relocates the seeks.
"""

from __future__ import annotations

import glob
import os
import struct

from cms.build import CMS_BLOCK, MACLIB_DIR, Nucleus, build_nucleus, nucleus_blocks

from .fs import CMSDisk, CMSFSError
from .modules import install_modules

NUCLEUS_FN, NUCLEUS_FT, NUCLEUS_FM = "DMSNUC", "NUCLEUS", "S2"
# The system macro library on the S-disk, as on VM/370's 190: what 'GLOBAL MACLIB CMSLIB'
# names before an ASSEMBLE of a program using the CMS macros (TYPLIN, WAITRD, LINEDIT,
# FSxxxx ...).  One F 80 file of the definitions (MACRO ... MEND): what ASSEMBLE passes
# to the assembler (cp/diag/assemble.py takes the definitions out of it).
MACLIB_FN, MACLIB_FT, MACLIB_FM = "CMSLIB", "MACLIB", "S2"
CARD = 80

# channel command codes (CKD, GA26-1592) and CCW flags (PoO)
CMD_SEEK = 0x07
CMD_SEARCH_ID_EQ = 0x31
CMD_TIC = 0x08
CMD_READ_DATA = 0x06
CCW_CC = 0x40
CCW_SLI = 0x20

IPL_RECORD_LEN = 24              # what the IPL's implied READ IPL CCW reads (PSW + 2 CCWs)
RUN_ARGS = 16                    # SEEK BBCCHH (6) + SEARCH CCHHR (5), padded to 8-byte units
PIECE_COST = 3 * 8 + RUN_ARGS    # SEEK, SEARCH, TIC *-8 and their arguments
LINK_COST = PIECE_COST + 16      # + READ the next chain block, TIC to it
MAX_TRIES = 8                    # rewrites of the file while the chain's length settles


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


def _pieces(disk: CMSDisk, blocks: list[int], room: int) -> list[list[tuple]]:
    """The reads, packed into chain blocks: a chain block is a list of pieces
    ((cyl, head, rec), first nucleus block index, count), each piece consecutive records of
    one track (SEEK, SEARCH, TIC, then a READ a record), at most ``room`` bytes a block."""
    chain: list[list] = [[]]
    used = 0
    for i, b in enumerate(blocks):
        c, h, r = block_address(disk, b)
        piece = chain[-1][-1] if chain[-1] else None
        if piece is not None and (c, h) == piece[0][:2] and r == piece[0][2] + piece[2] \
                and used + 8 <= room:
            chain[-1][-1] = (piece[0], piece[1], piece[2] + 1)
            used += 8
            continue
        if used + PIECE_COST + 8 > room:
            chain.append([])
            used = 0
        chain[-1].append(((c, h, r), i, 1))
        used += PIECE_COST + 8
    return chain


def _program(disk: CMSDisk, pieces: list, blocks: list[int], origin: int, at: int,
             link: tuple[int, int] | None) -> bytes:
    """One chain block loaded at ``at``: its pieces, then, if ``link`` = (disk block, buffer)
    is given, the read of the next chain block into that buffer and a TIC to it."""
    steps = [((c, h, r), [origin + CMS_BLOCK * (first + j) for j in range(n)], blocks[first])
             for (c, h, r), first, n in pieces]
    if link is not None:
        block, buffer = link
        steps.append((block_address(disk, block), [buffer], block))
    n_ccws = sum(3 + len(addrs) for _, addrs, _ in steps) + (1 if link is not None else 0)
    args_at = at + 8 * n_ccws
    prog, args = b"", b""
    for k, ((c, h, r), addrs, first_block) in enumerate(steps):
        arg = args_at + RUN_ARGS * k
        search_ccw = at + len(prog) + 8
        prog += ccw(CMD_SEEK, arg, CCW_CC, 6)
        prog += ccw(CMD_SEARCH_ID_EQ, arg + 6, CCW_CC, 5)
        prog += ccw(CMD_TIC, search_ccw, 0, 1)
        for j, addr in enumerate(addrs):
            last = link is None and k == len(steps) - 1 and j == len(addrs) - 1
            prog += ccw(CMD_READ_DATA, addr, 0 if last else CCW_CC, CMS_BLOCK)
        rc, rh, rr = record_id(disk, first_block)
        args += struct.pack(">HHHHHB5x", 0, c, h, rc, rh, rr)
    if link is not None:
        prog += ccw(CMD_TIC, link[1], 0, 1)
    out = prog + args
    assert len(out) <= CMS_BLOCK, len(out)
    return out.ljust(CMS_BLOCK, b"\0")


def bootstrap(disk: CMSDisk, blocks: list[int], origin: int, buffers: tuple[int, int],
              spare: list[int]) -> list[bytes] | int:
    """The bootstrap chain reading ``blocks`` (nucleus block k into origin + 800k): block 2
    (loaded into buffers[0]) and its continuations, which go into the ``spare`` disk blocks
    (loaded alternately into buffers[1], buffers[0], ...).  If ``spare`` is too short: the
    number of continuation blocks needed instead."""
    chain = _pieces(disk, blocks, CMS_BLOCK - LINK_COST)
    if len(chain) - 1 > len(spare):
        return len(chain) - 1
    out = []
    for j, pieces in enumerate(chain):
        link = (spare[j], buffers[(j + 1) % 2]) if j + 1 < len(chain) else None
        out.append(_program(disk, pieces, blocks, origin, buffers[j % 2], link))
    return out


def ipl_record(psw: bytes, chain_at: int) -> bytes:
    """Block 1: the IPL PSW, READ DATA (block 2) into chain_at, TIC to it."""
    head = (psw + ccw(CMD_READ_DATA, chain_at, CCW_CC, CMS_BLOCK)
            + ccw(CMD_TIC, chain_at, 0, 1))
    assert len(head) == IPL_RECORD_LEN
    return head.ljust(CMS_BLOCK, b"\0")


def maclib_records() -> list[bytes]:
    """CMSLIB MACLIB's records: every cms/maclib/*.mac, as 80-byte EBCDIC cards."""
    records = []
    for path in sorted(glob.glob(os.path.join(MACLIB_DIR, "*.mac"))):
        with open(path, encoding="ascii") as f:
            records += [line.rstrip("\n")[:CARD].ljust(CARD).encode("cp037") for line in f]
    return records


def install_maclib(disk: CMSDisk) -> None:
    """Write CMSLIB MACLIB S2 on an open, writable CMS disk (the S-disk at first start)."""
    disk.write(MACLIB_FN, MACLIB_FT, maclib_records(), recfm="F", lrecl=CARD, mode=MACLIB_FM)


def install(disk: CMSDisk, nucleus: Nucleus | None = None, modules=None) -> list[int]:
    """Write the nucleus file and IPL blocks 1-2 on an open, writable CMS disk, then the
    S-disk command modules (cms.modules.SDISK_MODULES, or ``modules``: a list of built
    cms.modules.Module; ``[]`` for none) as ``fn MODULE S2`` files.

    Returns the disk blocks holding the nucleus, in storage order."""
    nucleus = nucleus or build_nucleus()
    if nucleus.origin != 0:
        raise CMSFSError(f"the nucleus must be linked at 0 to IPL (it is at {nucleus.origin:06X})")
    pieces = nucleus_blocks(nucleus)
    n = len(pieces)
    chain_at = (n * CMS_BLOCK + 7) & ~7                # above everything the chain reads
    buffers = (chain_at, chain_at + CMS_BLOCK)
    spare_count = 0
    for _ in range(MAX_TRIES):
        disk.write(NUCLEUS_FN, NUCLEUS_FT, pieces + [bytes(CMS_BLOCK)] * spare_count,
                   recfm="F", lrecl=CMS_BLOCK, mode=NUCLEUS_FM)
        f = disk._need(NUCLEUS_FN, NUCLEUS_FT)[2]
        _links, data = disk.file_blocks(f)
        chain = bootstrap(disk, data[:n], nucleus.origin, buffers, data[n:])
        if not isinstance(chain, int):
            break
        spare_count = chain
    else:
        raise CMSFSError(f"{NUCLEUS_FN} {NUCLEUS_FT}: no stable layout for its bootstrap")
    blocks = {1: ipl_record(nucleus.image[0:8], buffers[0]), 2: chain[0]}
    blocks.update({data[n + j]: prog for j, prog in enumerate(chain[1:])})
    disk.dev.write_blocks(blocks)
    disk.dev.flush()
    install_modules(disk, modules)      # after the nucleus: its blocks stay on cylinder 0
    disk.dev.flush()
    return data[:n]
