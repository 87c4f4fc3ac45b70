"""AWS tape images (the P/390 "AWSTAPE" format Hercules uses), and the engine HET shares.

File layout (formats.md section 5): no file header; a sequence of chunks, each a 6-byte
header followed by its data.  Header fields, little-endian:

    +0  2  length of this chunk's data
    +2  2  length of the previous chunk's data (0 for the first chunk)
    +4  1  flags1: X'80' start of block, X'40' tape mark, X'20' end of block,
               X'03' compression method (HET only: 1 zlib, 2 bzip2)
    +5  1  flags2: X'80' Bus-Tech zlib (read only)

A block is one chunk (flags A0) or several (80, 00..., 20).  A tape mark is a header
with length 0 and flags 40.

On open the whole chain of headers is checked once and an index of block offsets is
kept, so every motion command is O(1) and a torn or damaged tail is found at once and
reported in one line (the good part of the tape stays readable; reading into the damage
is a data check).  Writes make the image consistent at every instant: the file is first
truncated at the write position (on a real tape a write erases everything after it),
then the new block is appended with one write() call, so a crash leaves either the old
blocks or a torn last block that the next open reports.
"""

from __future__ import annotations

import errno
import logging
import mmap
import os
import struct
from array import array

from media.tape.base import (DEFAULT_EOTMARGIN, EOT, LOADPOINT, TAPEMARK, Position,
                        TapeDataError, TapeError, TapeFull, TapeWriteProtected)
from media.tape.compress import METHOD_NONE, METHOD_ZLIB, MAX_BLOCKSIZE, decompress

log = logging.getLogger("media.tape")

HEADER = struct.Struct("<HHBB")
HEADER_SIZE = 6

FLAG1_BOR = 0x80          # start (beginning) of a block
FLAG1_TAPEMARK = 0x40
FLAG1_EOR = 0x20          # end of a block
FLAG1_COMPRESS = 0x03     # HET compression method bits
FLAG2_BUSTECH_ZLIB = 0x80

MAX_CHUNK = 65535
MIN_CHUNK = 4096          # smallest chunk size Hercules accepts for writing


def pack_header(length: int, prev_length: int, flags1: int, flags2: int = 0) -> bytes:
    """The 6-byte chunk header."""
    return HEADER.pack(length, prev_length, flags1, flags2)


def unpack_header(raw: bytes, offset: int = 0) -> tuple[int, int, int, int]:
    """(length, previous length, flags1, flags2) of the header at ``offset``."""
    return HEADER.unpack_from(raw, offset)


def chunk_block(payload: bytes, method: int, chunksize: int, prev_length: int) -> bytes:
    """Headers and data for one block, split into chunks of at most ``chunksize``."""
    if len(payload) <= chunksize:
        return HEADER.pack(len(payload), prev_length, method | FLAG1_BOR | FLAG1_EOR, 0) + payload
    out = bytearray()
    n = len(payload)
    pos = 0
    first = True
    while True:
        size = min(chunksize, n - pos)
        flags = method | (FLAG1_BOR if first else 0)
        if pos + size >= n:
            flags |= FLAG1_EOR
        out += HEADER.pack(size, prev_length, flags, 0)
        out += payload[pos:pos + size]
        prev_length = size
        pos += size
        first = False
        if pos >= n:
            return bytes(out)


class AWSTape:
    """An AWS image.  Reads also accept HET-compressed blocks; writes are uncompressed."""

    kind = "aws"

    def __init__(self, path, *, readonly: bool = False, maxsize: int = 0,
                 eotmargin: int = DEFAULT_EOTMARGIN, create: bool = True,
                 chunksize: int = MAX_CHUNK):
        self.path = os.fspath(path)
        self.maxsize = max(0, int(maxsize))
        self.eotmargin = max(0, int(eotmargin))
        if not MIN_CHUNK <= chunksize <= MAX_CHUNK:
            raise TapeError(f"chunk size {chunksize} out of range {MIN_CHUNK}-{MAX_CHUNK}")
        self.chunksize = chunksize
        self.readonly = bool(readonly)
        self.damage: str | None = None     # one line describing a damaged tail, if any
        self.fd = self._open(create)
        self._scan()
        self._pos = 0

    # --- opening and checking -----------------------------------------------------------
    def _open(self, create: bool) -> int:
        flags = getattr(os, "O_BINARY", 0)
        if not self.readonly:
            try:
                return os.open(self.path, os.O_RDWR | flags)
            except FileNotFoundError:
                if not create:
                    raise TapeError(f"{self.path}: no such tape image") from None
                try:
                    return os.open(self.path, os.O_RDWR | os.O_CREAT | flags, 0o644)
                except OSError as exc:
                    raise TapeError(f"{self.path}: cannot create ({exc.strerror})") from None
            except PermissionError:
                pass                              # host file is read-only: mount without ring
            except IsADirectoryError:
                raise TapeError(f"{self.path}: is a directory, not a tape image") from None
            except OSError as exc:
                if exc.errno not in (errno.EROFS, errno.EACCES):
                    raise TapeError(f"{self.path}: cannot open ({exc.strerror})") from None
            self.readonly = True
        try:
            return os.open(self.path, os.O_RDONLY | flags)
        except FileNotFoundError:
            raise TapeError(f"{self.path}: no such tape image") from None
        except OSError as exc:
            raise TapeError(f"{self.path}: cannot open ({exc.strerror})") from None

    def _scan(self) -> None:
        """Walk the header chain once; build the block index; find a damaged tail."""
        self._starts = array("q")     # file offset of each block's first header
        self._lastlen = array("H")    # data length of each block's last chunk
        self._tm = bytearray()        # 1 where the block is a tape mark
        size = os.fstat(self.fd).st_size
        self._size = size             # current host file size (kept as we write)
        self._end = 0
        self.damage = None
        if size == 0:
            return
        try:
            mm = mmap.mmap(self.fd, 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise TapeError(f"{self.path}: cannot map image ({exc})") from None
        try:
            self._walk(mm, size)
        finally:
            mm.close()
        if self.damage:
            log.warning("%s", self.damage)

    def _walk(self, mm, size: int) -> None:
        starts, lastlen, tm = self._starts, self._lastlen, self._tm
        unpack = HEADER.unpack_from
        off = 0
        prev = 0
        block_start = -1              # >= 0 while inside a multi-chunk block
        block_flags = 0
        bad_prev = 0
        bad_prev_at = 0
        problem = None
        while off < size:
            if size - off < HEADER_SIZE:
                problem = f"torn block header ({size - off} of 6 bytes) at end of file"
                break
            cur, prv, f1, f2 = unpack(mm, off)
            if prv != prev:
                if not bad_prev:
                    bad_prev_at = off
                bad_prev += 1
            if f1 & FLAG1_TAPEMARK:
                if block_start >= 0:
                    problem = "tape mark inside a block"
                    break
                if cur:
                    problem = f"tape mark header with data length {cur}"
                    break
                starts.append(off)
                lastlen.append(0)
                tm.append(1)
                off += HEADER_SIZE
                prev = 0
                continue
            if off + HEADER_SIZE + cur > size:
                problem = (f"block cut short: header says {cur} bytes, file has "
                           f"{size - off - HEADER_SIZE} (torn write?)")
                break
            if block_start < 0:
                if not f1 & FLAG1_BOR:
                    problem = f"chunk without start-of-block flag (flags {f1:02X})"
                    break
                block_start = off
                block_flags = (f1 & FLAG1_COMPRESS, f2 & FLAG2_BUSTECH_ZLIB)
            elif f1 & FLAG1_BOR:
                problem = "start-of-block flag in the middle of a block"
                break
            elif (f1 & FLAG1_COMPRESS, f2 & FLAG2_BUSTECH_ZLIB) != block_flags:
                problem = "compression flags differ between chunks of one block"
                break
            off += HEADER_SIZE + cur
            prev = cur
            if f1 & FLAG1_EOR:
                starts.append(block_start)
                lastlen.append(cur)
                # A zero-length data block reads as a tape mark in Hercules too.
                tm.append(1 if off - block_start == HEADER_SIZE else 0)
                block_start = -1
        if problem is None and block_start >= 0:
            problem = "last block has no end-of-block chunk (torn write?)"
            off = block_start
        if problem is not None:
            at = block_start if block_start >= 0 else off
            self._end = at
            self.damage = (f"{self.path}: damaged at offset {at} (block {len(starts)}): "
                           f"{problem}; the {len(starts)} block(s) before it are usable")
        else:
            self._end = off
        if bad_prev:
            log.warning("%s: %d chunk header(s) carry a wrong previous-length field "
                        "(first at offset %d); reading is not affected",
                        self.path, bad_prev, bad_prev_at)

    # --- position --------------------------------------------------------------------------
    @property
    def block_count(self) -> int:
        """Blocks and tape marks recorded (in the readable part)."""
        return len(self._starts)

    @property
    def offset(self) -> int:
        return self._starts[self._pos] if self._pos < len(self._starts) else self._end

    @property
    def at_load_point(self) -> bool:
        return self._pos == 0

    @property
    def passed_eot(self) -> bool:
        """Past the reflective marker: Hercules' rule offset + eotmargin > maxsize."""
        off = self.offset
        return bool(self.maxsize and off and off + self.eotmargin > self.maxsize)

    @property
    def block_number(self) -> int:
        return self._pos

    @property
    def file_number(self) -> int:
        return self._tm.count(1, 0, self._pos) + 1

    def position(self) -> Position:
        return Position(self._pos, self.file_number, self.offset, self._pos == 0,
                        self.passed_eot)

    def is_tapemark(self, index: int) -> bool:
        return bool(self._tm[index])

    def stored_length(self, index: int) -> int:
        """Bytes of block data as stored in the file (compressed size for HET)."""
        nxt = self._starts[index + 1] if index + 1 < len(self._starts) else self._end
        raw_total = nxt - self._starts[index]
        return raw_total - HEADER_SIZE * self._chunks_in(index, raw_total)

    def _chunks_in(self, index: int, raw_total: int) -> int:
        first = os.pread(self.fd, HEADER_SIZE, self._starts[index])
        if len(first) == HEADER_SIZE and HEADER.unpack_from(first)[0] + HEADER_SIZE == raw_total:
            return 1
        raw = os.pread(self.fd, raw_total, self._starts[index])
        n = off = 0
        while off < len(raw):
            off += HEADER_SIZE + HEADER.unpack_from(raw, off)[0]
            n += 1
        return n

    # --- reading -----------------------------------------------------------------------------
    def _past_end(self):
        if self.damage:
            raise TapeDataError(self.damage)
        return EOT

    def _read_block(self, index: int) -> bytes:
        start = self._starts[index]
        nxt = self._starts[index + 1] if index + 1 < len(self._starts) else self._end
        raw = os.pread(self.fd, nxt - start, start)
        if len(raw) != nxt - start:
            raise TapeDataError(f"{self.path}: block {index} at offset {start} is short "
                                "(file changed under us?)")
        parts = []
        off = 0
        f1 = f2 = 0
        while off < len(raw):
            cur, _prv, f1, f2 = HEADER.unpack_from(raw, off)
            parts.append(raw[off + HEADER_SIZE:off + HEADER_SIZE + cur])
            off += HEADER_SIZE + cur
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        method = f1 & FLAG1_COMPRESS
        if f2 & FLAG2_BUSTECH_ZLIB and method == METHOD_NONE:
            method = METHOD_ZLIB
        elif f2 & FLAG2_BUSTECH_ZLIB:
            raise TapeDataError(f"{self.path}: block {index}: both HET and Bus-Tech "
                                "compression flags set")
        if len(data) > MAX_BLOCKSIZE:
            raise TapeDataError(f"{self.path}: block {index} is larger than 2 MiB")
        if method != METHOD_NONE:
            data = decompress(method, data, f"{self.path}: block {index}: ")
        return data

    def read_forward(self):
        """The next block (bytes), TAPEMARK, or EOT; a damaged block raises TapeDataError
        and leaves the tape where it was (as Hercules does)."""
        i = self._pos
        if i >= len(self._starts):
            return self._past_end()
        if self._tm[i]:
            self._pos = i + 1
            return TAPEMARK
        data = self._read_block(i)
        self._pos = i + 1
        return data

    def read_backward(self):
        """The previous block in recorded order (the device reverses it), TAPEMARK or
        LOADPOINT; the tape ends up before that block."""
        i = self._pos
        if i == 0:
            return LOADPOINT
        if self._tm[i - 1]:
            self._pos = i - 1
            return TAPEMARK
        data = self._read_block(i - 1)
        self._pos = i - 1
        return data

    # --- motion --------------------------------------------------------------------------------
    def forward_space_block(self):
        i = self._pos
        if i >= len(self._starts):
            return self._past_end()
        self._pos = i + 1
        if self._tm[i]:
            return TAPEMARK
        return self.stored_length(i)

    def backspace_block(self):
        i = self._pos
        if i == 0:
            return LOADPOINT
        self._pos = i - 1
        if self._tm[i - 1]:
            return TAPEMARK
        return self.stored_length(i - 1)

    def forward_space_file(self):
        """Move past the next tape mark; EOT (tape left at end of data) if there is none."""
        j = self._tm.find(1, self._pos)
        if j < 0:
            self._pos = len(self._starts)
            return self._past_end()
        self._pos = j + 1
        return None

    def backspace_file(self):
        """Move back over the previous tape mark (ending before it); LOADPOINT when the
        load point is reached first (Hercules: unit check)."""
        if self._pos == 0:
            return LOADPOINT
        j = self._tm.rfind(1, 0, self._pos)
        if j < 0:
            self._pos = 0
            return LOADPOINT
        self._pos = j
        return None

    def rewind(self) -> None:
        self._pos = 0

    def seek_block(self, block: int) -> None:
        """Position before block number ``block`` (Hercules het_locate semantics)."""
        self._pos = max(0, min(int(block), len(self._starts)))

    # --- writing -------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.readonly:
            raise TapeWriteProtected(f"{self.path}: tape is file protected (no write ring)")

    def _encode(self, block: bytes) -> tuple[bytes, int]:
        """(stored bytes, compression method bits) for one block: AWS stores it as is."""
        return block, METHOD_NONE

    def _append(self, raw: bytes, last_len: int, is_tm: bool) -> None:
        off = self.offset
        if self.maxsize and off + len(raw) > self.maxsize:
            raise TapeFull(f"{self.path}: end of tape (maximum size {self.maxsize} bytes)")
        try:
            if self._size != off:
                os.ftruncate(self.fd, off)
                self._size = off
            self._truncate_index(off)
            written = os.pwrite(self.fd, raw, off)
            self._size = off + written
            if written != len(raw):
                os.ftruncate(self.fd, off)
                self._size = off
                raise OSError(errno.ENOSPC, "short write")
        except OSError as exc:
            self._truncate_index(off)
            if exc.errno == errno.ENOSPC:
                raise TapeFull(f"{self.path}: host disk full") from None
            raise TapeError(f"{self.path}: write failed ({exc.strerror})") from None
        self._starts.append(off)
        self._lastlen.append(last_len)
        self._tm.append(1 if is_tm else 0)
        self._end = off + len(raw)
        self._pos = len(self._starts)

    def _truncate_index(self, off: int) -> None:
        """Forget every block at or after the current position (it is being overwritten)."""
        p = self._pos
        del self._starts[p:]
        del self._lastlen[p:]
        del self._tm[p:]
        self._end = off
        self.damage = None

    def _prev_len(self) -> int:
        return self._lastlen[self._pos - 1] if self._pos > 0 else 0

    def write(self, block: bytes) -> None:
        """Write one block at the current position; everything after it is erased."""
        self._check_writable()
        if not isinstance(block, bytes):
            block = bytes(block)
        if not block:
            raise TapeError("cannot write an empty block (it would read as a tape mark)")
        if len(block) > MAX_BLOCKSIZE:
            raise TapeError(f"block of {len(block)} bytes is larger than 2 MiB")
        payload, method = self._encode(block)
        raw = chunk_block(payload, method, self.chunksize, self._prev_len())
        last = len(payload) % self.chunksize or min(self.chunksize, len(payload))
        self._append(raw, last, False)

    def write_tapemark(self) -> None:
        self._check_writable()
        self._append(HEADER.pack(0, self._prev_len(), FLAG1_TAPEMARK, 0), 0, True)

    def erase_gap(self) -> None:
        """Erase gap: nothing is recorded on an emulated tape; only the ring matters."""
        self._check_writable()

    def data_security_erase(self) -> None:
        """Erase from here to the end of the tape."""
        self._check_writable()
        off = self.offset
        try:
            os.ftruncate(self.fd, off)
            self._size = off
        except OSError as exc:
            raise TapeError(f"{self.path}: erase failed ({exc.strerror})") from None
        self._truncate_index(off)

    # --- life cycle ------------------------------------------------------------------------------
    def sync(self) -> None:
        if self.fd >= 0 and not self.readonly:
            try:
                os.fsync(self.fd)
            except OSError:
                pass

    def close(self) -> None:
        if self.fd >= 0:
            self.sync()
            os.close(self.fd)
            self.fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path} block {self._pos}/{len(self._starts)}>"
