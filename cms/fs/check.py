"""Consistency of a CMS disk: MFD fields, allocation map against the blocks the
directory references, FST fields against the chains, overlaps."""

from __future__ import annotations

from . import records as recs
from .errors import CMSFSError
from .layout import (FIXED_BLOCKS, MAX_BLOCKS, UNIT_TYPES, check_name, data_blocks_for,
                     ext_blocks_for)


def check_disk(disk) -> list[str]:
    """Every inconsistency found, one line each; [] for a clean disk."""
    problems: list[str] = []
    mfd, amap, n = disk.mfd, disk.map, disk.blocks
    cap = min(disk.dev.capacity, MAX_BLOCKS)
    if mfd.adtcyl < 1 or mfd.adtcyl > disk.dev.n_cyls:
        problems.append(f"MFD: ADTCYL {mfd.adtcyl} not within the minidisk's "
                        f"{disk.dev.n_cyls} cylinders")
    elif mfd.adtnum != min(mfd.adtcyl * disk.dev.blocks_per_cyl, cap):
        problems.append(f"MFD: ADTNUM {mfd.adtnum} does not match ADTCYL {mfd.adtcyl} "
                        f"({mfd.adtcyl * disk.dev.blocks_per_cyl} blocks)")
    devtype = disk.dev.image.geometry.devtype
    if mfd.unit != UNIT_TYPES[devtype]:
        problems.append(f"MFD: unit type (byte 599) is X'{mfd.unit:02X}', not "
                        f"X'{UNIT_TYPES[devtype]:02X}' for a {devtype:04X}")
    if len(mfd.ext_blocks) != ext_blocks_for(n):
        problems.append(f"MFD: {len(mfd.ext_blocks)} allocation-map extension blocks; "
                        f"{n} blocks need {ext_blocks_for(n)}")
    used = amap.used()
    if mfd.adtused != used:
        problems.append(f"MFD: ADTUSED {mfd.adtused} but {used} blocks marked in the map")
    if mfd.adtleft != n - mfd.adtused:
        problems.append(f"MFD: ADTLEFT {mfd.adtleft} is not ADTNUM {n} - ADTUSED {mfd.adtused}")
    # bits beyond ADTNUM, within the bytes the map holds
    for i in range(n, len(amap.bits) * 8):
        if amap.bits[i >> 3] & (0x80 >> (i & 7)):
            problems.append(f"allocation map marks block {i + 1} beyond ADTNUM {n}")
            break

    owner: dict[int, str] = {}

    def claim(block: int, who: str) -> None:
        if block in owner:
            problems.append(f"block {block} belongs to both {owner[block]} and {who}")
        else:
            owner[block] = who

    for b in FIXED_BLOCKS:
        claim(b, "the fixed blocks 1-4")
    for b in mfd.ext_blocks:
        claim(b, "the allocation map")
    for b in mfd.fst_blocks:
        claim(b, "the directory (FST block)")

    names: set[tuple[str, str]] = set()
    for bi, si, f in disk._entries():
        who = f"{f.fname} {f.ftype}"
        where = f"FST block {mfd.fst_blocks[bi]} entry {si + 1} ({who})"
        try:
            check_name(f.fname)
            check_name(f.ftype, "filetype")
        except CMSFSError as e:
            problems.append(f"{where}: {e}")
        if (f.fname, f.ftype) in names:
            problems.append(f"{where}: a second file with this name")
        names.add((f.fname, f.ftype))
        if f.recfm not in ("F", "V"):
            problems.append(f"{where}: RECFM {f.recfm!r} is neither F nor V")
            continue
        if f.recfm == "F" and f.lrecl == 0 and f.recct:
            problems.append(f"{where}: RECFM F with LRECL 0")
            continue
        try:
            links, data = disk.file_blocks(f)
        except CMSFSError as e:
            problems.append(f"{where}: {e}")
            continue
        for b in links:
            claim(b, f"{who} (chain link)")
        for b in data:
            claim(b, f"{who} (data)")
        try:
            stream = b"".join(disk.dev.read_block(b) for b in data)
            length = recs.stream_length(stream, f.recfm, f.lrecl, f.recct)
        except CMSFSError as e:
            problems.append(f"{where}: {e}")
            continue
        if data_blocks_for(length) > f.blkct:
            problems.append(f"{where}: records need {data_blocks_for(length)} blocks, "
                            f"FSTBLKCT says {f.blkct}")

    for b, who in sorted(owner.items()):
        if not 1 <= b <= n:
            problems.append(f"block {b} of {who} is beyond ADTNUM {n}")
        elif b not in amap:
            problems.append(f"block {b} of {who} is free in the allocation map")
    for b in amap.in_use():
        if b not in owner:
            problems.append(f"block {b} is marked in use but nothing references it (lost)")
    if not disk.label:
        problems.append("label block 3: 'CMS=' with a blank label")
    return problems
