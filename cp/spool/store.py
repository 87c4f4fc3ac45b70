"""The spool: spoolids, queues, and the files on disk (format and crash rules in the package text)."""

from __future__ import annotations

import datetime
import json
import os
import threading
from dataclasses import dataclass
from typing import Callable

from .diag14 import Diag14Mixin
from .model import DEVTYPES, MAX_SPOOLID, QUEUES, SpoolError, SpoolFile, encode_record


@dataclass
class OutputOptions:
    """Where and how a virtual printer/punch/console file goes when it is closed."""
    spool_class: str = "A"
    copies: int = 1
    hold: bool = False
    to: str | None = None           # SPOOL ... TO userid: that user's reader
    for_user: str | None = None     # SPOOL ... FOR userid: that user's printer/punch queue
    dist: str = ""
    form: str = ""


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str, data: bytes) -> None:
    """Write a whole file so that a crash leaves the old or the new contents, never a mix."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(os.path.dirname(path) or ".")


class SpoolFileWriter:
    """An open output spool file: records are appended until CLOSE."""

    def __init__(self, spool: "Spool", spoolid: int, origin: str, devtype: str, options: OutputOptions):
        self.spool = spool
        self.spoolid = spoolid
        self.origin = origin
        self.devtype = devtype
        self.options = options
        self.records = 0
        self.created = spool.clock()
        self.path = spool._file(spoolid, "open")
        self._f = open(self.path, "wb")
        self.closed = False

    def write(self, op: int, data: bytes = b"") -> None:
        """Append one record (the CCW command code and the bytes it wrote)."""
        if self.closed:
            raise SpoolError(f"spool file {self.spoolid:04d} is closed")
        self._f.write(encode_record(op, bytes(data)))
        if data:
            self.records += 1

    def close(self, **kw) -> SpoolFile | None:
        return self.spool.close(self, **kw)

    def discard(self) -> None:
        """Abandon the file (CLOSE PURGE, a crash of the virtual device)."""
        self.spool.close(self, purge=True)


class Spool(Diag14Mixin):
    """All spool files of one CP: ``files`` (spoolid -> SpoolFile, closed files), queues by listing."""

    def __init__(self, directory_path: str, *, clock: Callable[[], datetime.datetime] = datetime.datetime.now):
        self.path = os.path.abspath(directory_path)
        self.clock = clock
        self.lock = threading.RLock()
        self.files: dict[int, SpoolFile] = {}
        self.open_files: dict[int, SpoolFileWriter] = {}
        # userid -> cp.vdev.spooldev.ConsoleSpool: SPOOL CONSOLE state of logged-on users (not kept on disk)
        self.consoles: dict[str, object] = {}
        self.next_id = 1
        # on_arrival(file): a closed or transferred file joined a user's reader queue.
        self.on_arrival: Callable[[SpoolFile], None] = lambda f: None
        # on_output(file): a file on the printer or punch queue may now be printable (closed,
        # changed, transferred, ordered): the real devices' worker looks (cp.spool.realdev).
        self.on_output: Callable[[SpoolFile], None] = lambda f: None
        os.makedirs(self.path, exist_ok=True)
        self._warm_start()

    # ------------------------------------------------------------------ disk
    def _file(self, spoolid: int, kind: str) -> str:
        return os.path.join(self.path, f"{spoolid:04d}.{kind}")

    def _warm_start(self) -> None:
        names = os.listdir(self.path)
        metas = {n[:-5] for n in names if n.endswith(".meta")}
        for n in names:
            stem, _, kind = n.partition(".")
            full = os.path.join(self.path, n)
            if kind in ("open", "meta.tmp", "data.tmp", "tmp") or n.endswith(".tmp") \
                    or (kind == "data" and stem not in metas):
                os.remove(full)             # unclosed, or torn before its .meta existed
        for stem in sorted(metas):
            try:
                with open(os.path.join(self.path, stem + ".meta"), "rb") as f:
                    sf = SpoolFile.from_meta(json.loads(f.read()))
            except (OSError, ValueError, TypeError):
                continue
            data = self._file(sf.spoolid, "data")
            if not os.path.exists(data):
                os.remove(os.path.join(self.path, stem + ".meta"))
                continue
            sf._path = data
            self.files[sf.spoolid] = sf
        try:
            with open(os.path.join(self.path, "NEXTID")) as f:
                self.next_id = int(f.read().strip())
        except (OSError, ValueError):
            self.next_id = 1
        if not 1 <= self.next_id <= MAX_SPOOLID:
            self.next_id = 1

    def _save_meta(self, sf: SpoolFile) -> None:
        atomic_write(self._file(sf.spoolid, "meta"), json.dumps(sf.to_meta(), sort_keys=True).encode())

    def _allocate(self) -> int:
        """The next free spoolid, 0001-9900, wrapping round (GC20-1820: spoolids)."""
        for _ in range(MAX_SPOOLID):
            sid = self.next_id
            self.next_id = sid + 1 if sid < MAX_SPOOLID else 1
            if sid not in self.files and sid not in self.open_files:
                atomic_write(os.path.join(self.path, "NEXTID"), str(self.next_id).encode())
                return sid
        raise SpoolError("no spoolid free: the spool is full")

    # ------------------------------------------------------------------ output files
    def open_output(self, origin: str, devtype: str, options: OutputOptions | None = None) -> SpoolFileWriter:
        """A new output file for a virtual printer, punch or console of user ``origin``."""
        if devtype not in DEVTYPES:
            raise SpoolError(f"bad spool device type {devtype}")
        with self.lock:
            sid = self._allocate()
            w = SpoolFileWriter(self, sid, origin.upper(), devtype, options or OutputOptions())
            self.open_files[sid] = w
            return w

    def close(self, writer: SpoolFileWriter, *, hold: bool | None = None, purge: bool = False,
              name: str | None = None, type: str | None = None, dist: str | None = None) -> SpoolFile | None:
        """CLOSE: the file joins its destination queue (None if purged or already closed)."""
        with self.lock:
            if writer.closed:
                return None
            writer.closed = True
            self.open_files.pop(writer.spoolid, None)
            f = writer._f
            try:
                f.flush()
                if not purge:
                    os.fsync(f.fileno())
            finally:
                f.close()
            if purge:
                os.remove(writer.path)
                return None
            o = writer.options
            if o.to:
                owner, queue = o.to.upper(), "RDR"
            else:
                owner = (o.for_user or writer.origin).upper()
                queue = "PUN" if writer.devtype == "PUN" else "PRT"
            sf = SpoolFile(writer.spoolid, owner, writer.origin, writer.devtype, queue,
                           spool_class=o.spool_class, form=o.form, records=writer.records,
                           copies=o.copies, user_hold=o.hold if hold is None else hold,
                           created=writer.created.isoformat(timespec="seconds"),
                           name=(name or "")[:24], type=(type or "")[:8], dist=(dist or o.dist or "")[:8],
                           seq=self._tail_seq())
            data = self._file(sf.spoolid, "data")
            os.replace(writer.path, data)
            _fsync_dir(self.path)
            sf._path = data
            self._save_meta(sf)
            self.files[sf.spoolid] = sf
        if queue == "RDR":
            self.on_arrival(sf)
        else:
            self.on_output(sf)
        return sf

    def _tail_seq(self) -> int:
        return max((f.seq for f in self.files.values()), default=0) + 1

    # ------------------------------------------------------------------ queries
    def get(self, spoolid: int) -> SpoolFile | None:
        return self.files.get(spoolid)

    def list(self, userid: str | None = None, queue: str | None = None) -> list[SpoolFile]:
        """Closed files, in queue order; ``userid`` None = every owner (the system queue)."""
        uid = userid.upper() if userid else None
        with self.lock:
            out = [f for f in self.files.values()
                   if (uid is None or f.owner == uid) and (queue is None or f.queue == queue)]
        return sorted(out, key=lambda f: (f.seq, f.spoolid))

    def reader_next(self, userid: str, spool_class: str = "*") -> SpoolFile | None:
        """The first file a virtual reader of ``spool_class`` ('*' = any) would read now."""
        for f in self.list(userid, "RDR"):
            if not f.held and f.in_use is None and (spool_class == "*" or f.spool_class == spool_class):
                return f
        return None

    def next_output(self, queue: str, classes: str = "*") -> SpoolFile | None:
        """The file a real printer (PRT) or punch (PUN) started for ``classes`` ('*' = any,
        else up to four class letters, as START raddr CLASS abcd) would take next: the first
        file of the system queue, whoever owns it, not held by user or operator."""
        for f in self.list(None, queue):
            if not f.held and f.in_use is None and (classes == "*" or f.spool_class in classes):
                return f
        return None

    # ------------------------------------------------------------------ changes
    def purge(self, spoolid: int) -> bool:
        with self.lock:
            sf = self.files.pop(spoolid, None)
            if sf is None:
                return False
            for kind in ("meta", "data"):           # .meta first: no .meta = no file
                try:
                    os.remove(self._file(spoolid, kind))
                except FileNotFoundError:
                    pass
            _fsync_dir(self.path)
            return True

    def change(self, spoolid: int, **attrs) -> SpoolFile:
        """Set attributes (spool_class, copies, user_hold, system_hold, name, type, dist, tag, form)."""
        allowed = {"spool_class", "copies", "user_hold", "system_hold", "name", "type", "dist", "tag", "form"}
        bad = set(attrs) - allowed
        if bad:
            raise SpoolError(f"cannot change {', '.join(sorted(bad))}")
        with self.lock:
            sf = self._need(spoolid)
            for k, v in attrs.items():
                setattr(sf, k, v)
            self._save_meta(sf)
        if sf.queue != "RDR":
            self.on_output(sf)
        return sf

    def transfer(self, spoolid: int, to_userid: str, queue: str = "RDR") -> SpoolFile:
        """Move a file to another user's queue (RDR: their reader)."""
        if queue not in QUEUES:
            raise SpoolError(f"bad queue {queue}")
        with self.lock:
            sf = self._need(spoolid)
            sf.owner = to_userid.upper()
            sf.queue = queue
            sf.seq = self._tail_seq()
            self._save_meta(sf)
        if queue == "RDR":
            self.on_arrival(sf)
        else:
            self.on_output(sf)
        return sf

    def order(self, spoolids: list[int]) -> list[SpoolFile]:
        """Put the files first in their queues, in the order given (ORDER)."""
        with self.lock:
            files = [self._need(s) for s in spoolids]
            low = min((f.seq for f in self.files.values()), default=0)
            for i, sf in enumerate(files):
                sf.seq = low - len(files) + i
                self._save_meta(sf)
            return files

    def _need(self, spoolid: int) -> SpoolFile:
        sf = self.files.get(spoolid)
        if sf is None:
            raise SpoolError(f"spoolid {spoolid:04d} does not exist")
        return sf
