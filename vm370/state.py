"""What a system keeps in its state directory between starts, besides its volumes.

``STATE`` (JSON, written atomically: temporary file, fsync, rename, fsync of
the directory) says how the last run ended:

* ``{"status": "running", "pid": ..., "started": ...}`` while a system runs;
* ``{"status": "shutdown", "at": ..., "spool_files": n}`` after SHUTDOWN.

At the next start ``StartKind`` is decided from it: no file = the first start
(or a cold one), ``shutdown`` = a warm start, ``running`` = the last run ended
without SHUTDOWN (killed, host crash): a recovery start.  Either way the spool
files that had been closed are kept (cp.spool writes each closed file durably);
files still open on a virtual device at a crash are lost, and counted.

``ACCOUNT.LOG`` gets one line per session at LOGOFF (``accounting_record``);
``vm370.log`` the system log with a time stamp per line (``SystemLog``).
"""

from __future__ import annotations

import datetime
import json
import os
import threading
from dataclasses import dataclass

STATE_NAME = "STATE"


@dataclass
class StartKind:
    """How this start relates to the last run: ``kind`` 'FIRST', 'COLD', 'WARM' or 'RECOVERY'."""
    kind: str
    previous: dict
    open_files_lost: int = 0


def read_state(state_dir: str) -> dict | None:
    try:
        with open(os.path.join(state_dir, STATE_NAME)) as f:
            data = json.load(f)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def write_state(state_dir: str, **data) -> None:
    atomic_write(os.path.join(state_dir, STATE_NAME), json.dumps(data, sort_keys=True).encode())


def atomic_write(path: str, data: bytes) -> None:
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fd = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_spool_files(spool_dir: str) -> int:
    """Spool files a crash left open (``NNNN.open``: cp.spool discards them at start)."""
    try:
        return sum(1 for n in os.listdir(spool_dir) if n.endswith(".open"))
    except OSError:
        return 0


def start_kind(state_dir: str, spool_dir: str, *, first: bool, cold: bool) -> StartKind:
    previous = read_state(state_dir) or {}
    if first:
        return StartKind("FIRST", previous)
    if cold:
        return StartKind("COLD", previous)
    if previous.get("status") == "running":
        return StartKind("RECOVERY", previous, open_spool_files(spool_dir))
    return StartKind("WARM", previous)


def now_text() -> str:
    return datetime.datetime.now().isoformat(timespec="seconds")


def accounting_record(user, logoff_at: datetime.datetime | None = None) -> str:
    """One session: userid, account, logon and logoff time, connect seconds, virtual and
    total CPU seconds (CP's ACNT card carries the same quantities, GC20-1807)."""
    end = logoff_at or datetime.datetime.now()
    vm = getattr(user, "vm", None)
    virt = float(getattr(vm, "cpu_seconds", 0.0) or 0.0)
    total = virt + float(getattr(user, "cp_seconds", 0.0) or 0.0)
    account = (str(getattr(getattr(user, "entry", None), "account", None) or "").split() or ["-"])[0]
    connect = max(0.0, (end - user.logon_time).total_seconds())
    return (f"{user.userid:<8} {account:<8} "
            f"LOGON={user.logon_time.isoformat(timespec='seconds')} "
            f"LOGOFF={end.isoformat(timespec='seconds')} CONNECT={connect:.0f}s "
            f"VIRTCPU={virt:.3f}s TOTCPU={total:.3f}s")


class AppendFile:
    """A text file lines are appended to, each flushed at once (a crash keeps them)."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._f = open(path, "a", buffering=1)

    def append(self, line: str) -> None:
        with self._lock:
            if self._f is not None:
                self._f.write(line + "\n")
                self._f.flush()

    def close(self) -> None:
        with self._lock:
            f, self._f = self._f, None
        if f is not None:
            f.close()


class SystemLog(AppendFile):
    """The system log: each line time-stamped."""

    def append(self, line: str) -> None:
        super().append(f"{now_text()} {line}")
