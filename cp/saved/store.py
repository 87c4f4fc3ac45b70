"""Saved page images on the host: one file per saved system, written atomically.

VM/370 kept a saved system on a CP-owned volume as an information page (the PSW, the
registers, the storage keys) followed by the saved pages (spec cp.md section 8).  A file
here has the same parts:

    page 0   the information page: b'VM370NSS', format version (4 bytes), number of pages
             (4), then at offset 16 the PSW (8), 16 GPRs (64), 4 FPRs (32), 16 control
             registers (64) -- the 168 bytes of VM/370's page in its order -- then the
             save time (8, seconds since 1970) and the IPL device (2, X'FFFF' none)
    map      the page numbers (2 bytes each), then one storage key per 2K block (2 a
             page), padded to a whole page
    pages    the saved 4K pages, in page-number order

A new image goes to a temporary file in the same directory, is flushed to disk, and then
replaces the old one under its name (``os.replace``): a crash leaves the old image or the
new one, never half of either.  Loaded images are kept in memory, one copy for all users.
"""

from __future__ import annotations

import os
import struct
import tempfile
import threading
import time
from dataclasses import dataclass

PAGE = 4096
MAGIC = b"VM370NSS"
VERSION = 1
SUFFIX = ".nss"
_HEAD = struct.Struct(">8sII")                  # magic, version, page count
_REGS = struct.Struct(">8s16I4Q16I")            # PSW, GPRs, FPRs, CRs (168 bytes)
_TAIL = struct.Struct(">QH")                    # saved at, IPL device
NO_DEVICE = 0xFFFF


class StoreError(Exception):
    """A saved image could not be written or read (one line, with the file name)."""


@dataclass
class SavedImage:
    name: str
    page_numbers: list[int]
    pages: bytes                    # len(page_numbers) * 4096 bytes
    keys: bytes                     # one storage key per 2K block of those pages
    psw: bytes
    gprs: list[int]
    fprs: list[int]                 # FPR 0, 2, 4, 6 as 64-bit images
    crs: list[int]
    saved_at: float = 0.0
    ipl_device: int | None = None

    def page(self, number: int) -> bytes:
        i = self.page_numbers.index(number)
        return self.pages[i * PAGE:(i + 1) * PAGE]


def _pad(data: bytes) -> bytes:
    return data + bytes(-len(data) % PAGE)


def encode(img: SavedImage) -> bytes:
    n = len(img.page_numbers)
    info = (_HEAD.pack(MAGIC, VERSION, n)
            + _REGS.pack(img.psw, *img.gprs, *img.fprs, *img.crs)
            + _TAIL.pack(int(img.saved_at),
                         NO_DEVICE if img.ipl_device is None else img.ipl_device))
    pmap = b"".join(p.to_bytes(2, "big") for p in img.page_numbers) + img.keys
    return _pad(info) + _pad(pmap) + img.pages


def decode(name: str, raw: bytes, where: str) -> SavedImage:
    if len(raw) < PAGE or raw[:8] != MAGIC:
        raise StoreError(f"{where}: not a saved system image")
    _, version, n = _HEAD.unpack_from(raw, 0)
    if version != VERSION:
        raise StoreError(f"{where}: format version {version}, this CP reads {VERSION}")
    regs = _REGS.unpack_from(raw, _HEAD.size)
    saved_at, dev = _TAIL.unpack_from(raw, _HEAD.size + _REGS.size)
    map_len = len(_pad(bytes(4 * n)))
    if len(raw) != PAGE + map_len + n * PAGE:
        raise StoreError(f"{where}: {len(raw)} bytes, {PAGE + map_len + n * PAGE} expected "
                         f"for {n} pages (truncated?)")
    pmap = raw[PAGE:PAGE + 4 * n]
    numbers = [int.from_bytes(pmap[2 * k:2 * k + 2], "big") for k in range(n)]
    return SavedImage(name, numbers, raw[PAGE + map_len:], pmap[2 * n:4 * n], regs[0],
                      list(regs[1:17]), list(regs[17:21]), list(regs[21:37]), float(saved_at),
                      None if dev == NO_DEVICE else dev)


class PageStore:
    """The saved images in a directory: ``put(image)``, ``get(name)``, ``names()``, ``purge``."""

    def __init__(self, directory: str):
        self.directory = os.fspath(directory)
        os.makedirs(self.directory, exist_ok=True)
        self._cache: dict[str, SavedImage] = {}
        self._lock = threading.Lock()

    def path(self, name: str) -> str:
        return os.path.join(self.directory, name.upper() + SUFFIX)

    def names(self) -> list[str]:
        return sorted(f[:-len(SUFFIX)] for f in os.listdir(self.directory)
                      if f.endswith(SUFFIX) and not f.startswith("."))

    def put(self, img: SavedImage) -> None:
        """Write atomically: a temporary file, fsync, rename over the old one, fsync the dir."""
        img.saved_at = img.saved_at or time.time()
        data = encode(img)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path(img.name))
        except OSError as e:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise StoreError(f"{self.path(img.name)}: cannot write: {e.strerror}") from None
        _fsync_dir(self.directory)
        with self._lock:
            self._cache[img.name.upper()] = img

    def get(self, name: str) -> SavedImage | None:
        """The saved image of ``name`` (read once, then shared), None if never saved."""
        key = name.upper()
        with self._lock:
            img = self._cache.get(key)
            if img is not None:
                return img
        path = self.path(key)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StoreError(f"{path}: cannot read: {e.strerror}") from None
        img = decode(key, raw, path)
        with self._lock:
            self._cache[key] = img
        return img

    def forget(self, name: str) -> None:
        """Drop the in-memory copy (the file stays)."""
        with self._lock:
            self._cache.pop(name.upper(), None)

    def purge(self, name: str) -> bool:
        key = name.upper()
        with self._lock:
            self._cache.pop(key, None)
        try:
            os.unlink(self.path(key))
        except FileNotFoundError:
            return False
        _fsync_dir(self.directory)
        return True


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
