"""Block compression as HET uses it: zlib (RFC 1950 stream) or bzip2, whole block at once.

Hercules' hetlib calls compress2(level) and BZ2_bzBuffToBuffCompress(blockSize100k =
level, workFactor 0); Python's zlib.compress(data, level) and bz2.compress(data, level)
make the same streams, so our images are byte-identical to Hercules' for the same
settings.
"""

from __future__ import annotations

import bz2
import zlib

from media.tape.base import TapeDataError

METHOD_NONE = 0
METHOD_ZLIB = 1           # HET header flags1 bit X'01'
METHOD_BZIP2 = 2          # HET header flags1 bit X'02'
METHOD_NAMES = {METHOD_NONE: "none", METHOD_ZLIB: "zlib", METHOD_BZIP2: "bzip2"}

DEFAULT_LEVEL = 4         # hetlib HETDFLT_LEVEL
MAX_BLOCKSIZE = 65535 * 32  # 2,097,120 bytes: hetlib HETMAX_BLOCKSIZE (largest block)


def compress(method: int, data: bytes, level: int = DEFAULT_LEVEL) -> bytes:
    if method == METHOD_ZLIB:
        return zlib.compress(data, level)
    if method == METHOD_BZIP2:
        return bz2.compress(data, level)
    return data


def decompress(method: int, data: bytes, where: str = "") -> bytes:
    """Inflate one stored block; a bad stream is a data check with a one-line reason."""
    try:
        if method == METHOD_ZLIB:
            d = zlib.decompressobj()
            out = d.decompress(data, MAX_BLOCKSIZE)
            if d.unconsumed_tail or not d.eof:
                raise ValueError("stream is truncated or inflates beyond 2 MiB")
            return out
        if method == METHOD_BZIP2:
            d = bz2.BZ2Decompressor()
            out = d.decompress(data, MAX_BLOCKSIZE)
            if not d.eof:
                raise ValueError("stream is truncated or inflates beyond 2 MiB")
            return out
    except (zlib.error, OSError, ValueError, EOFError) as exc:
        name = METHOD_NAMES.get(method, str(method))
        raise TapeDataError(f"{where}bad {name} data in block ({exc})") from None
    raise TapeDataError(f"{where}unknown compression method {method}")
