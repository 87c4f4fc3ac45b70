"""Chain links: the blocks that say where a file's data blocks are.

The first chain link (block FSTFCLPT) holds 40 halfwords naming the Nth chain links,
then 60 halfwords naming data blocks 1-60; each Nth chain link names 400 more.
"""

from __future__ import annotations

import struct

from .errors import CMSFSError
from .layout import BLOCK_SIZE, FCL_DATA, FCL_NTH, MAX_DATA_BLOCKS, NTH_DATA, chain_links_for

_HALF = struct.Struct(">H")


def _halves(values, length: int) -> bytes:
    raw = bytearray(length)
    for i, v in enumerate(values):
        _HALF.pack_into(raw, 2 * i, v)
    return bytes(raw)


def build(links: list[int], data: list[int]) -> dict[int, bytes]:
    """Block contents of the chain links `links` (first, then Nth ones) for `data`."""
    if len(data) > MAX_DATA_BLOCKS:
        raise CMSFSError(f"file needs {len(data)} data blocks; CMS allows {MAX_DATA_BLOCKS}")
    if len(links) != chain_links_for(len(data)):
        raise ValueError("wrong number of chain-link blocks")
    if not links:
        return {}
    nth = links[1:]
    first = _halves(nth, FCL_NTH * 2) + _halves(data[:FCL_DATA], FCL_DATA * 2)
    out = {links[0]: first + bytes(BLOCK_SIZE - len(first))}
    rest = data[FCL_DATA:]
    for k, blk in enumerate(nth):
        out[blk] = _halves(rest[k * NTH_DATA:(k + 1) * NTH_DATA], BLOCK_SIZE)
    return out


def walk(read_block, fclpt: int, blkct: int, nblocks: int) -> tuple[list[int], list[int]]:
    """(chain-link blocks, data blocks) of a file with FSTFCLPT and FSTBLKCT.

    Raises CMSFSError if a pointer is out of range or the links name fewer data blocks
    than FSTBLKCT says.
    """
    def valid(b: int, what: str) -> int:
        if not 1 <= b <= nblocks:
            raise CMSFSError(f"{what} points at block {b}, outside the disk's {nblocks}")
        return b

    if blkct == 0 and fclpt == 0:
        return [], []
    if blkct > MAX_DATA_BLOCKS:
        raise CMSFSError(f"FSTBLKCT {blkct} exceeds the CMS maximum {MAX_DATA_BLOCKS}")
    first = read_block(valid(fclpt, "FSTFCLPT"))
    nth = [h for (h,) in _HALF.iter_unpack(first[:FCL_NTH * 2])]
    data = [h for (h,) in _HALF.iter_unpack(first[FCL_NTH * 2:(FCL_NTH + FCL_DATA) * 2])]
    data = data[:min(blkct, FCL_DATA)]
    links = [fclpt]
    need = blkct - len(data)
    for k, blk in enumerate(nth):
        if need <= 0:
            break
        if blk == 0:
            break
        links.append(valid(blk, f"Nth chain link {k + 1}"))
        halves = [h for (h,) in _HALF.iter_unpack(read_block(blk))]
        take = halves[:min(need, NTH_DATA)]
        data += take
        need -= len(take)
    if len(data) < blkct or 0 in data:
        got = len([d for d in data if d])
        raise CMSFSError(f"chain links name {got} data blocks; FSTBLKCT says {blkct}")
    for i, d in enumerate(data):
        valid(d, f"data block {i + 1}")
    return links, data
