"""The running Control Program: the directory, the logged-on users, the real volumes,
the dispatcher and the operator's log.

The contract other parts use:

* ``logon(userid, password, terminal) -> User`` (raises ``LogonError`` with the
  DMK message number and fields), ``logoff(user, forced=False)``,
  ``disconnect(user)``, ``reconnect(user, terminal)``;
* ``users`` (userid -> User, logged on), ``find(userid)``;
* ``volumes`` (volser -> the real CKD image holding minidisks),
  ``real_devices`` (raddr -> device, for ATTACH/DEDICATE);
* ``log(text)`` (the operator's console and the system log), ``now()``;
* ``dispatcher`` (runs the virtual machines; ``cp.dispatcher``).
"""

from __future__ import annotations

import datetime
import threading
from typing import Callable

from .user import User


class LogonError(Exception):
    """LOGON refused: ``number`` is the DMK message, ``fields`` fill its text."""

    def __init__(self, number: int, **fields):
        super().__init__(number)
        self.number = number
        self.fields = fields


class CPSystem:
    def __init__(self, directory, *, volumes: dict | None = None, real_devices: dict | None = None,
                 clock: str = "real", sysname: str = "VM/370", log: Callable[[str], None] = print):
        self.directory = directory
        self.volumes = dict(volumes or {})
        self.real_devices = dict(real_devices or {})
        self.clock = clock
        self.sysname = sysname
        self.users: dict[str, User] = {}
        self.logmsg: list[str] = []
        self.lock = threading.RLock()
        self._log = log
        self.dispatcher = None

    def log(self, text: str) -> None:
        self._log(text)

    def now(self) -> datetime.datetime:
        return datetime.datetime.now()

    def find(self, userid: str) -> User | None:
        return self.users.get(userid.upper())
