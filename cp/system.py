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
from .vdev.table import VdevError, vdev_class
from .vm.machine import VirtualMachine


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

    # ------------------------------------------------------------------ logon and logoff
    def logon(self, userid: str, password: str, terminal=None) -> User:
        """Check the password and create the user's virtual machine from the directory.

        A user already logged on and disconnected is reconnected instead (the caller
        sees ``user.reconnected``); logged on elsewhere: LogonError 54."""
        uid = userid.upper()
        entry = self.directory.get(uid)
        if entry is None or entry.nolog:
            raise LogonError(53, userid=uid)
        if not self.directory.check_password(uid, password):
            raise LogonError(50)
        with self.lock:
            user = self.users.get(uid)
            if user is not None:
                if user.terminal is not None:
                    raise LogonError(54, where=getattr(user.terminal, "name", ""))
                self.reconnect(user, terminal)
                return user
            user = User(self, entry, self.build_vm(entry), terminal)
            user.reconnected = False
            self.users[uid] = user
        self.attach_directory_devices(user)
        if self.dispatcher is not None:
            self.dispatcher.add(user)
        return user

    def build_vm(self, entry) -> VirtualMachine:
        """The virtual machine of a directory entry: its storage, mode and CPU address."""
        return VirtualMachine(entry.userid, entry.storage, ecmode="ECMODE" in entry.options,
                              clock=self.clock)

    def attach_directory_devices(self, user: User) -> list[str]:
        """Build the devices the directory gives the user; the reasons for those that failed."""
        e = user.entry
        stmts = ([("CONSOLE", e.console)] if e.console is not None else []) \
            + [(s.kind, s) for s in e.spools] + [("MDISK", m) for m in e.mdisks] \
            + [("LINK", l) for l in e.links] + [("DEDICATE", d) for d in e.dedicates] \
            + [("SPECIAL", s) for s in e.specials]
        problems = []
        for kind, stmt in stmts:
            try:
                dev = vdev_class(kind).from_directory(user, stmt)
                vaddr = stmt.as_vaddr if kind == "LINK" else stmt.vaddr
                user.vm.attach(vaddr, dev)
            except (VdevError, ValueError, OSError) as err:
                problems.append(str(err))
        for p in problems:
            user.say(p)
        return problems

    def disconnect(self, user: User) -> None:
        """The terminal goes; the virtual machine keeps running."""
        with self.lock:
            t, user.terminal = user.terminal, None
        if t is not None:
            t.close()

    def reconnect(self, user: User, terminal) -> None:
        with self.lock:
            user.terminal = terminal
            user.reconnected = True

    def logoff(self, user: User, forced: bool = False) -> None:
        """End the session: the virtual machine and its devices go, the terminal is freed."""
        with self.lock:
            if self.users.get(user.userid) is not user:
                return
            del self.users[user.userid]
        if self.dispatcher is not None:
            self.dispatcher.remove(user)
        user.vm.close()
