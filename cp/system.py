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
* ``dispatcher`` (runs the virtual machines; ``cp.dispatcher``);
* minidisk links: ``link(user, owner, vaddr, as_vaddr, mode, password=None)``,
  ``detach_link(user, vaddr)``, ``links`` (who holds which minidisk);
* real devices: ``attach_real(raddr, user, vaddr)`` / ``detach_real(raddr)``
  (the operator's ATTACH/DETACH), ``dedicated`` (raddr -> (userid, vaddr));
  real tape drives: ``mount_tape(raddr, path, options)`` / ``unmount_tape(raddr)`` (the
  operator's MOUNT/UNMOUNT), a detached tape is rewound and unloaded;
* ``define_device(user, kind, vaddr, ...)`` (DEFINE), ``detach_device(user, vaddr)``
  (DETACH vaddr), ``ipl(user, target, clear=False)``, ``shutdown()``.

Messages go back as ``[(number, fields), ...]`` so the caller shows them with
``user.msg(number, **fields)`` under the user's SET EMSG.
"""

from __future__ import annotations

import contextlib
import datetime
import hmac
import os
import threading
from types import SimpleNamespace
from typing import Callable

from s370.cpu import layout as L
from s370.devices.tape import TapeDevice, parse_options as tape_options
from sie import reflect_program

from .user import User
from .vdev.table import VdevError, vdev_class
from .vm.links import Holding, LinkTable, decide, split_mode
from .vm.machine import VirtualMachine

Messages = list  # [(DMK message number, fields)]

# LINK: which MDISK password a mode needs (the directory's fields) and the message without it
PASSWORD_FIELD = {"R": "read_pw", "RR": "read_pw", "W": "write_pw", "WR": "write_pw",
                  "M": "multi_pw", "MR": "multi_pw", "MW": "multi_pw"}
PASSWORD_KIND = {"read_pw": "READ", "write_pw": "WRITE", "multi_pw": "MULT"}
NO_PASSWORD = {"read_pw": 111, "write_pw": 112, "multi_pw": 113}
PASSWORD_INCORRECT = 114
NOT_IN_DIRECTORY, NOT_MOUNTED, ALREADY_DEFINED = 107, 108, 110

# DEFINE: virtual device kinds and their default device types
DEFINE_SPOOL = {"READER": 0x2540, "RDR": 0x2540, "PUNCH": 0x2540, "PCH": 0x2540,
                "PRINTER": 0x1403, "PRT": 0x1403}
SPOOL_KIND = {"RDR": "READER", "PCH": "PUNCH", "PRT": "PRINTER"}
DEFINE_SPECIAL = {"GRAF": "3270", "3270": "3270", "TIMER": "TIMER"}


def _users(n: int) -> str:
    return "USER" if n == 1 else "USERS"


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
        self.links = LinkTable()
        self.dedicated: dict[int, tuple[str, int]] = {}     # raddr -> (userid, vaddr)
        # hooks of the program that runs the system (vm370): on_logoff(user) as a session
        # ends (the VM still there: accounting), on_shutdown(reipl) after SHUTDOWN
        self.on_logoff: list[Callable] = []
        self.on_shutdown: list[Callable] = []
        self.shut_down = False

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
        user.vm.diagnose = self._diagnose_hook(user)
        self.attach_directory_devices(user)
        if self.dispatcher is not None:
            self.dispatcher.add(user)
        return user

    def build_vm(self, entry) -> VirtualMachine:
        """The virtual machine of a directory entry: storage, ECMODE, CPUID, REALTIMER."""
        options = {o.upper() for o in (entry.options or ())}
        cpuid = getattr(entry, "cpuid", None)
        if isinstance(cpuid, str):
            cpuid = int(cpuid, 16)
        return VirtualMachine(entry.userid, entry.storage, ecmode="ECMODE" in options,
                              clock=self.clock, cpuid=cpuid,
                              timer="REAL" if "REALTIMER" in options else "ON")

    @staticmethod
    def _diagnose_hook(user):
        """vm.diagnose: cp.diag.dispatch(user, code), looked up at the first DIAGNOSE so a
        missing DIAGNOSE package gives the guest a specification exception, not a failure."""
        def diagnose(vm, code: int) -> None:
            try:
                from cp.diag import dispatch
            except ImportError:
                reflect_program(vm.sd, L.PIC_SPECIFICATION)
                return
            dispatch(user, code)
        return diagnose

    def ipl(self, user: User, target: str, clear: bool = False) -> str | None:
        """IPL vaddr|sysname for ``user``: None when the VM was loaded and is running,
        else the one-line reason.  A name is a saved system (cp.saved, ``system.saved``)."""
        name = str(target).strip().upper()
        vaddr = None
        try:
            vaddr = int(name, 16)
        except ValueError:
            pass
        if vaddr is None or user.vm.device(vaddr) is None:
            saved = getattr(self, "saved", None)        # cp.saved.install hangs it here
            if saved is not None and saved.exists(name):
                why = saved.ipl(user, name, clear=clear)
                if why is None and self.dispatcher is not None:
                    self.dispatcher.kick(user)
                return why
            if vaddr is None:
                return f"SYSTEM {name} DOES NOT EXIST"
        why = user.vm.ipl(vaddr, clear=clear)
        if why is None and self.dispatcher is not None:
            self.dispatcher.kick(user)
        return why

    def attach_directory_devices(self, user: User) -> list[str]:
        """Build the devices the directory gives the user; the reasons for those that failed."""
        e = user.entry
        stmts = ([("CONSOLE", e.console)] if e.console is not None else []) \
            + [(s.kind, s) for s in e.spools] + [("MDISK", m) for m in e.mdisks] \
            + [("LINK", l) for l in e.links] + [("DEDICATE", d) for d in e.dedicates] \
            + [("SPECIAL", s) for s in e.specials]
        problems = []
        for kind, stmt in stmts:
            dev = None
            try:
                dev = vdev_class(kind).from_directory(user, stmt)
                vaddr = stmt.as_vaddr if kind == "LINK" else stmt.vaddr
                user.vm.attach(vaddr, dev)
            except (VdevError, ValueError, OSError) as err:
                if dev is not None and not self._release(user, dev):
                    _close(dev)
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
        for hook in list(self.on_logoff):
            hook(user)
        try:
            from .vdev.spooldev import close_user_files
            close_user_files(user)          # open punch/printer/console spool files
        except ImportError:
            pass
        vm = user.vm
        for vaddr in list(vm.devices):
            dev = vm.detach(vaddr)
            if not self._release(user, dev):
                _close(dev)
        vm.close()
        with self.lock:
            t, user.terminal = user.terminal, None
        if t is not None:
            t.close()                       # back to the logo (FORCE, SHUTDOWN, DIAG 08 LOGOFF)

    def shutdown(self, reipl: bool = False) -> None:
        """SHUTDOWN [REIPL]: every user is logged off (forced), the dispatcher stopped,
        then the ``on_shutdown`` hooks (the program saves its state, exits or restarts).
        A second call does nothing."""
        with self.lock:
            if self.shut_down:
                return
            self.shut_down = True
        for user in list(self.users.values()):
            self.logoff(user, forced=True)
        if self.dispatcher is not None:
            self.dispatcher.stop()
        self.log("SYSTEM SHUTDOWN COMPLETE")
        for hook in list(self.on_shutdown):
            hook(reipl)

    # ------------------------------------------------------------------ releasing devices
    def _release(self, user: User, dev) -> bool:
        """Give back what a device holds: a minidisk link leaves the link table, a
        dedicated real device goes back to the real configuration.  True if the device
        was a real one (the caller must not close it)."""
        self.links.remove_device(dev)
        with self.lock:
            for raddr, (uid, _v) in list(self.dedicated.items()):
                if self.real_devices.get(raddr) is dev and uid == user.userid:
                    del self.dedicated[raddr]
                    dev.devnum = raddr
                    try:
                        dev.reset()
                    except Exception:
                        pass
                    if isinstance(dev, TapeDevice):
                        self._unload_detached_tape(raddr, dev, uid)
                    return True
        return False

    def _unload_detached_tape(self, raddr: int, dev: TapeDevice, userid: str) -> None:
        """'Tape devices are automatically rewound and unloaded when detached' (CP Command
        Reference R6, DETACH); the operator learns the drive is free."""
        mounted = dev.filename
        dev.unload()
        self.log(f"TAPE {raddr:03X} DETACHED FROM {userid}"
                 + (f", {mounted} REWOUND AND UNLOADED" if mounted else ""))

    def detach_device(self, user: User, vaddr: int) -> str | None:
        """DETACH vaddr (any virtual device): None, or the one-line reason it failed."""
        try:
            dev = user.vm.detach(vaddr)
        except KeyError:
            return f"DEV {vaddr:03X} DOES NOT EXIST"
        if not self._release(user, dev):
            _close(dev)
        return None

    detach_link = detach_device

    # ------------------------------------------------------------------ minidisk links
    def link(self, user: User, owner_userid: str, vaddr: int, as_vaddr: int, mode: str,
             password: str | None = None):
        """LINK owner vaddr AS as_vaddr mode [password] -> (device | None, messages).

        The device is attached to the user's VM at ``as_vaddr``.  messages: the DMKLNK
        numbers with their fields (101-103 forced read-only with the device; 104-114
        refusals without one).  ``password`` None when the minidisk needs one counts as
        incorrect: ask first with ``link_password_needed``."""
        with self.links.lock:
            dev, msgs = self.grant_link(user, owner_userid, vaddr, as_vaddr, mode,
                                        password=password)
            if dev is None:
                return None, msgs
            try:
                user.vm.attach(as_vaddr, dev)
            except ValueError:
                self.links.remove_device(dev)
                _close(dev)
                return None, [(ALREADY_DEFINED, self._link_fields(owner_userid, vaddr, as_vaddr))]
        return dev, msgs

    def link_password_needed(self, user: User, owner_userid: str, vaddr: int,
                             mode: str) -> str | None:
        """'READ', 'WRITE' or 'MULT' if LINK in ``mode`` must prompt for that password."""
        owner = owner_userid.upper()
        if owner == user.userid:
            return None
        entry = self.directory.get(owner)
        md = entry.mdisk(vaddr) if entry is not None else None
        field = PASSWORD_FIELD.get(split_mode(mode))
        if md is None or field is None:
            return None
        pw = getattr(md, field, None)
        return PASSWORD_KIND[field] if pw and pw.upper() != "ALL" else None

    @staticmethod
    def _link_fields(owner: str, vaddr: int, as_vaddr: int) -> dict:
        return {"userid": owner.upper(), "owner_vaddr": f"{vaddr:03X}",
                "vaddr": f"{as_vaddr:03X}"}

    def grant_link(self, user: User, owner_userid: str, vaddr: int, as_vaddr: int, mode: str,
                   password: str | None = None, *, directory: bool = False):
        """Decide a link and build its device, not attached: (device | None, messages).

        ``directory``: a LINK/MDISK statement at logon (no password asked)."""
        from .vdev.minidisk import build_view
        owner = owner_userid.upper()
        fields = self._link_fields(owner, vaddr, as_vaddr)
        if user.vm.device(as_vaddr) is not None:
            return None, [(ALREADY_DEFINED, fields)]
        entry = self.directory.get(owner)
        md = entry.mdisk(vaddr) if entry is not None else None
        if md is None:
            return None, [(NOT_IN_DIRECTORY, fields)]
        base = split_mode(mode)
        if base not in PASSWORD_FIELD:
            return None, [(2, {"operand": mode})]
        if not directory and owner != user.userid:
            field = PASSWORD_FIELD[base]
            need = getattr(md, field, None)
            if not need:
                return None, [(NO_PASSWORD[field], fields)]
            if need.upper() != "ALL" and (password is None or not hmac.compare_digest(
                    password.upper().encode(), need.upper().encode())):
                return None, [(PASSWORD_INCORRECT, fields)]
        with self.links.lock:
            others = self.links.others(owner, vaddr, user.userid)
            access, number = decide(base, others)
            ro, rw = self.links.counts(owner, vaddr, user.userid)
            fields.update(ro=f"{ro:03d}", ro_users=_users(ro), rw=f"{rw:03d}", rw_users=_users(rw))
            if access is None:
                return None, [(number, fields)]
            try:
                dev = build_view(self, md, as_vaddr, read_only=access == "R", owner=owner)
            except VdevError as e:
                if "NOT MOUNTED" in str(e):
                    return None, [(NOT_MOUNTED, dict(fields, volser=md.volser.upper()))]
                raise
            self.links.add(Holding(owner, vaddr, user.userid, as_vaddr, access, dev))
        return dev, ([(number, fields)] if number else [])

    # ------------------------------------------------------------------ real devices
    def find_volume_device(self, volser: str) -> int | None:
        """The real address of the DASD with volume ``volser`` mounted, or None."""
        v = volser.upper()
        for raddr, dev in self.real_devices.items():
            label = getattr(dev, "volser", None)
            if label is None:
                image = getattr(dev, "image", None)
                label = getattr(image, "volser", None)
            if label and str(label).upper() == v:
                return raddr
        return None

    def reserve_real(self, raddr: int, user: User):
        """Take real device ``raddr`` for ``user`` (ValueError why not); the device model."""
        with self.lock:
            dev = self.real_devices.get(raddr)
            if dev is None:
                raise ValueError(f"DEV {raddr:03X} DOES NOT EXIST")
            if raddr in self.dedicated:
                raise ValueError(f"DEV {raddr:03X} ATTACHED TO {self.dedicated[raddr][0]}")
            self.dedicated[raddr] = (user.userid, raddr)
            return dev

    def attach_real(self, raddr: int, user: User, vaddr: int | None = None) -> str | None:
        """ATTACH raddr TO userid [AS vaddr]: None, or the one-line reason it failed."""
        vaddr = raddr if vaddr is None else vaddr
        if user.vm.device(vaddr) is not None:
            return f"DEV {vaddr:03X} ALREADY DEFINED"
        try:
            dev = self.reserve_real(raddr, user)
        except ValueError as e:
            return str(e)
        try:
            user.vm.attach(vaddr, dev)
        except ValueError as e:
            self._release(user, dev)
            return str(e)
        self.dedicated[raddr] = (user.userid, vaddr)
        return None

    def detach_real(self, raddr: int) -> str | None:
        """DETACH raddr (operator): take it from whoever has it; None or the reason."""
        with self.lock:
            held = self.dedicated.get(raddr)
            if held is None:
                return f"DEV {raddr:03X} NOT ATTACHED"
            user = self.users.get(held[0])
        if user is None:
            self.dedicated.pop(raddr, None)
            return None
        for vaddr, dev in user.vm.devices.items():
            if dev is self.real_devices.get(raddr):
                return self.detach_device(user, vaddr)
        self.dedicated.pop(raddr, None)
        return None

    # ------------------------------------------------------------------ real tape drives
    def tape_drive(self, raddr: int) -> TapeDevice:
        """The real tape drive at raddr (ValueError with the one-line reason if none)."""
        dev = self.real_devices.get(raddr)
        if dev is None:
            raise ValueError(f"DEV {raddr:03X} DOES NOT EXIST")
        if not isinstance(dev, TapeDevice):
            raise ValueError(f"DEV {raddr:03X} IS NOT A TAPE DRIVE")
        return dev

    def mount_tape(self, raddr: int, path: str, options: list[str] | None = None) -> str:
        """The operator's MOUNT: put an AWS/HET image on a real drive (attached or free);
        the response line.  ValueError with the reason if it cannot be mounted.

        A drive that becomes ready presents device end, to the user it is attached to as
        to anyone (the virtual channel carries it): a guest waiting for the tape sees it."""
        dev = self.tape_drive(raddr)
        unknown = tape_options(list(options or []))[1]
        if unknown:
            raise ValueError(f"TAPE {raddr:03X} NOT MOUNTED: UNKNOWN OPTION {' '.join(unknown)}")
        with self.lock, self._channel_lock(raddr):
            new = not os.path.exists(path)
            dev.messages.clear()
            if not dev.load(path, list(options or [])):
                why = dev.messages[-1] if dev.messages else "cannot open the image"
                raise ValueError(f"TAPE {raddr:03X} NOT MOUNTED: {why}")
            ro = " R/O" if dev.image.readonly else ""
            held = self.dedicated.get(raddr)
        line = f"TAPE {raddr:03X} MOUNTED {path}{ro}" + (" (NEW TAPE)" if new else "")
        if dev.image.damage:
            line += f" - WARNING: {dev.image.damage}"
        self.log(line + (f", ATTACHED TO {held[0]} {held[1]:03X}" if held else ""))
        return line

    def _channel_lock(self, raddr: int):
        """The lock of the channel subsystem a dedicated device now lives in (its chains
        run under it), so a mount never swaps the image under a running channel program;
        a free device: no lock needed."""
        held = self.dedicated.get(raddr)
        user = self.users.get(held[0]) if held else None
        lock = getattr(getattr(getattr(user, "vm", None), "channels", None), "lock", None)
        return lock if lock is not None else contextlib.nullcontext()

    def unmount_tape(self, raddr: int) -> str:
        """The operator's UNMOUNT: rewind and unload the image; the response line."""
        dev = self.tape_drive(raddr)
        with self.lock, self._channel_lock(raddr):
            if dev.image is None:
                raise ValueError(f"TAPE {raddr:03X} NO TAPE MOUNTED")
            path = dev.filename
            dev.unload()
        line = f"TAPE {raddr:03X} UNLOADED {path}"
        self.log(line)
        return line

    # ------------------------------------------------------------------ DEFINE
    def define_device(self, user: User, kind: str, vaddr: int, *, cyls: int | None = None,
                      new_vaddr: int | None = None, devtype: int | None = None) -> str | None:
        """DEFINE for a user: None when done, else the one-line reason.

        kind: READER/RDR, PUNCH/PCH, PRINTER/PRT, GRAF/3270, TIMER, T2314/T3330/T3340/
        T3350 (``cyls`` = CYL n), or AS (``vaddr`` renumbered to ``new_vaddr``)."""
        from .vdev.minidisk import TemporaryDisk
        from .vdev.special import make_special
        k = kind.upper()
        vm = user.vm
        if k == "AS":
            return self._renumber(user, vaddr, new_vaddr)
        if vm.device(vaddr) is not None:
            return f"DEV {vaddr:03X} ALREADY DEFINED"
        try:
            if k in DEFINE_SPOOL:
                k = SPOOL_KIND.get(k, k)
                stmt = SimpleNamespace(vaddr=vaddr, devtype=devtype or DEFINE_SPOOL[k], kind=k,
                                       spool_class="*" if k == "READER" else "A", line=0)
                dev = vdev_class(k).from_directory(user, stmt)
            elif k in DEFINE_SPECIAL:
                dev = make_special(user, SimpleNamespace(vaddr=vaddr, kind=DEFINE_SPECIAL[k],
                                                         args=[], line=0))
            elif k in TemporaryDisk.DEVTYPES:
                if cyls is None:
                    return f"DEFINE {k} {vaddr:03X}: CYL n MISSING"
                dev = TemporaryDisk.create(vaddr, k, cyls)
            else:
                return f"INVALID OPERAND - {kind}"
            vm.attach(vaddr, dev)
        except (VdevError, ValueError, OSError) as e:
            return str(e)
        return None

    def _renumber(self, user: User, vaddr: int, new_vaddr: int | None) -> str | None:
        vm = user.vm
        if new_vaddr is None:
            return "VADDR MISSING OR INVALID"
        if vm.device(vaddr) is None:
            return f"DEV {vaddr:03X} DOES NOT EXIST"
        if vm.device(new_vaddr) is not None:
            return f"DEV {new_vaddr:03X} ALREADY DEFINED"
        with vm.lock:
            dev = vm.detach(vaddr)
            vm.attach(new_vaddr, dev)
        held = self.links.find(user.userid, vaddr)
        if held is not None and held.device is dev:
            held.vaddr = new_vaddr
        with self.lock:
            for raddr, (uid, v) in self.dedicated.items():
                if uid == user.userid and v == vaddr:
                    self.dedicated[raddr] = (uid, new_vaddr)
        return None


def _close(dev) -> None:
    try:
        dev.close()
    except Exception:
        pass
