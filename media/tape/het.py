"""HET images (Hercules Emulated Tape): AWS chunks plus per-block compression.

formats.md section 6 and hetlib's het_write: the whole block is compressed first
(zlib by default, level 4), the result is kept only if it is smaller than the block,
and the stored bytes are split into chunks of ``chunksize`` (default 65,535); every
chunk of a block carries the method in flags1 bits X'03'.  An uncompressed HET file is
an AWS file.  Defaults checked against Hercules 3.13: ``hetinit`` writes zlib level 4
(stream header 78 5E) and ``hetupd -b`` writes bzip2 with block size 4 ("BZh4").
"""

from __future__ import annotations

from media.tape.aws import MAX_CHUNK, AWSTape
from media.tape.base import DEFAULT_EOTMARGIN, TapeError
from media.tape.compress import (DEFAULT_LEVEL, METHOD_BZIP2, METHOD_NONE, METHOD_ZLIB,
                            compress)

METHODS = {"zlib": METHOD_ZLIB, "bzip2": METHOD_BZIP2, "bz2": METHOD_BZIP2,
           "1": METHOD_ZLIB, "2": METHOD_BZIP2, "none": METHOD_NONE}


class HETTape(AWSTape):
    """A HET image: reads like AWS, writes compressed blocks (unless compress=False)."""

    kind = "het"

    def __init__(self, path, *, readonly: bool = False, maxsize: int = 0,
                 eotmargin: int = DEFAULT_EOTMARGIN, create: bool = True,
                 chunksize: int = MAX_CHUNK, compress: bool = True,
                 method: int | str = METHOD_ZLIB, level: int = DEFAULT_LEVEL):
        if isinstance(method, str):
            if method.lower() not in METHODS:
                raise TapeError(f"unknown HET compression method {method!r} "
                                "(zlib or bzip2)")
            method = METHODS[method.lower()]
        if method not in (METHOD_NONE, METHOD_ZLIB, METHOD_BZIP2):
            raise TapeError(f"unknown HET compression method {method}")
        if not 1 <= int(level) <= 9:
            raise TapeError(f"HET compression level {level} out of range 1-9")
        self.compress = bool(compress) and method != METHOD_NONE
        self.method = method
        self.level = int(level)
        super().__init__(path, readonly=readonly, maxsize=maxsize, eotmargin=eotmargin,
                         create=create, chunksize=chunksize)

    def _encode(self, block: bytes) -> tuple[bytes, int]:
        if not self.compress:
            return block, METHOD_NONE
        packed = compress(self.method, block, self.level)
        if len(packed) < len(block):
            return packed, self.method
        return block, METHOD_NONE
