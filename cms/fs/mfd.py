"""The Master File Directory (block 4): FST-block list, ADT counts and the allocation
map (QMSK), whose bits beyond block 1720 live in extension blocks."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from .errors import CMSFSError
from .layout import (ADTCYL, ADTLAST, ADTLEFT, ADTNUM, ADTUSED, BLOCK_SIZE, MFD_END_OF_FSTS,
                     MFD_END_OF_LIST, ADTUNIT, MFD_LIST_END, QMSK, QMSK_LEN)

_HALF = struct.Struct(">H")
_WORD = struct.Struct(">I")
LIST_SLOTS = MFD_LIST_END // 2      # halfwords available for both lists and terminators


class AllocationMap:
    """One bit per block, block 1 = X'80' of byte 0; 1 = in use."""

    def __init__(self, nblocks: int, bits: bytes | None = None):
        self.nblocks = nblocks
        size = -(-nblocks // 8)
        self.bits = bytearray(bits[:size] if bits is not None else b"")
        self.bits += bytes(size - len(self.bits))

    def copy(self) -> "AllocationMap":
        return AllocationMap(self.nblocks, bytes(self.bits))

    def _pos(self, block: int) -> tuple[int, int]:
        if not 1 <= block <= self.nblocks:
            raise CMSFSError(f"block {block} outside the disk's {self.nblocks} blocks")
        return (block - 1) >> 3, 0x80 >> ((block - 1) & 7)

    def __contains__(self, block: int) -> bool:
        i, m = self._pos(block)
        return bool(self.bits[i] & m)

    def set(self, block: int) -> None:
        i, m = self._pos(block)
        self.bits[i] |= m

    def clear(self, block: int) -> None:
        i, m = self._pos(block)
        self.bits[i] &= ~m

    def used(self) -> int:
        return sum(bin(b).count("1") for b in self.bits)

    def in_use(self) -> list[int]:
        return [n for n in range(1, self.nblocks + 1) if n in self]

    def free(self, count: int) -> list[int]:
        """The lowest `count` free blocks (fewer if the disk has fewer)."""
        out: list[int] = []
        if count <= 0:
            return out
        for i, b in enumerate(self.bits):
            if b == 0xFF:
                continue
            for k in range(8):
                n = i * 8 + k + 1
                if n > self.nblocks:
                    return out
                if not b & (0x80 >> k):
                    out.append(n)
                    if len(out) == count:
                        return out
        return out

    def last_byte(self) -> int:
        """Index of the last map byte with a bit set (what ADTLAST seems to hold)."""
        for i in range(len(self.bits) - 1, -1, -1):
            if self.bits[i]:
                return i
        return 0

    def part(self, start: int, length: int) -> bytes:
        chunk = bytes(self.bits[start:start + length])
        return chunk + bytes(length - len(chunk))


@dataclass
class MFD:
    """The decoded MFD block."""
    fst_blocks: list[int] = field(default_factory=list)
    ext_blocks: list[int] = field(default_factory=list)
    adtnum: int = 0
    adtused: int = 0
    adtleft: int = 0
    adtlast: int = 0
    adtcyl: int = 0
    qmsk: bytes = bytes(QMSK_LEN)
    unit: int = 0

    @classmethod
    def unpack(cls, raw: bytes) -> "MFD":
        halves = [_HALF.unpack_from(raw, i)[0] for i in range(0, MFD_LIST_END, 2)]
        fsts, exts, i = [], [], 0
        while True:
            if i >= len(halves):
                raise CMSFSError("MFD: FST-block list has no end marker")
            h = halves[i]
            i += 1
            if h == MFD_END_OF_LIST:
                break
            if h == MFD_END_OF_FSTS:
                while True:
                    if i >= len(halves):
                        raise CMSFSError("MFD: allocation-map extension list has no end marker")
                    h = halves[i]
                    i += 1
                    if h == 0:
                        break
                    exts.append(h)
                break
            fsts.append(h)
        w = lambda off: _WORD.unpack_from(raw, off)[0]  # noqa: E731
        return cls(fsts, exts, w(ADTNUM), w(ADTUSED), w(ADTLEFT), w(ADTLAST), w(ADTCYL),
                   bytes(raw[QMSK:QMSK + QMSK_LEN]), raw[ADTUNIT])

    def pack(self) -> bytes:
        halves = list(self.fst_blocks)
        if self.ext_blocks:
            halves += [MFD_END_OF_FSTS] + list(self.ext_blocks) + [0]
        else:
            halves.append(MFD_END_OF_LIST)
        if len(halves) > LIST_SLOTS:
            raise CMSFSError("MFD full: no room for another FST block (too many files)")
        raw = bytearray(BLOCK_SIZE)
        for i, h in enumerate(halves):
            _HALF.pack_into(raw, 2 * i, h)
        for off, v in ((ADTNUM, self.adtnum), (ADTUSED, self.adtused), (ADTLEFT, self.adtleft),
                       (ADTLAST, self.adtlast), (ADTCYL, self.adtcyl)):
            _WORD.pack_into(raw, off, v)
        raw[QMSK:QMSK + QMSK_LEN] = self.qmsk
        raw[ADTUNIT] = self.unit
        return bytes(raw)

    @staticmethod
    def room_for_fst_blocks(n_ext: int) -> int:
        """FST blocks the list can name given n_ext extension blocks."""
        return LIST_SLOTS - (n_ext + 2 if n_ext else 1)
