"""Helpers for the CP terminal tests: a tiny directory, a CPSystem, a stand-in for CP
commands, a session that keeps a real 3270 buffer, and a guest channel program on
the virtual console.  (No tests here.)"""

from __future__ import annotations

import threading
from types import SimpleNamespace as NS

from s370.isa import OP_SIO
from s370.tn3270.datastream import (CMD_ERASE_WRITE, CMD_ERASE_WRITE_ALT, CMD_ERASE_ALL_UNPROT,
                                    MODEL_SIZES, Screen, encode_address)
from s370.tn3270.server import KIND_3270, KIND_LINE

CONSOLE = 0x009
CCW_AREA = 0x1000
DATA_AREA = 0x2000
CCW_SLI = 0x20


class Directory:
    """Directory.get / check_password over UserEntry-like namespaces (until cp.directory)."""

    def __init__(self, entries):
        self.entries = {e.userid: e for e in entries}

    def get(self, userid):
        return self.entries.get(userid.upper())

    def check_password(self, userid, password):
        e = self.get(userid)
        return e is not None and e.password == password

    def __iter__(self):
        return iter(self.entries.values())


def entry(userid, password, *, ipl=None, nolog=False, console=True):
    return NS(userid=userid, password=password, storage=256 * 1024, max_storage=1 << 20,
              classes="G", priority=50, account="", distcode="", ipl=ipl, ipl_parm=None,
              options=set(), cpuid=None,
              console=(NS(vaddr=CONSOLE, devtype=0x3215, spool_class="A", line=1)
                       if console else None),
              spools=[], mdisks=[], links=[], dedicates=[], specials=[], line=1, nolog=nolog)


def make_system(*extra):
    from cp.system import CPSystem
    entries = [entry("ALICE", "SECRET"), entry("BOB", "PW2"), entry("OPERATOR", "OPPW"),
               entry("NOCONS", "X", console=False), *extra]
    logs = []
    system = CPSystem(Directory(entries), log=logs.append)
    system.logged = logs
    return system


class Commands:
    """Stands in for cp.commands.execute: records each command; a few act on the user."""

    def __init__(self):
        self.seen: list[tuple[str, str]] = []

    def __call__(self, user, line, out=None):
        self.seen.append((user.userid, line))
        verb = line.split()[0].upper() if line.split() else ""
        if verb in ("B", "BEGIN"):
            user.begin()
        elif verb in ("LOGOFF", "LOG"):
            user.logoff()
        elif verb in ("DISC", "DISCONN"):
            user.disconnect()
        elif verb == "IPL":                 # as if the IPL worked: the VM may run
            user.vm.stopped = False
        elif verb == "LINKPW":              # a command that asks for a password
            pw = user.terminal.read_password("ENTER READ PASSWORD:")
            user.say("PASSWORD " + ("OK" if pw == "RPASS" else f"WRONG {pw is None}"))
        elif verb == "SLEEP":
            user.sleeping = True
        elif verb == "SAY":
            for k in range(int(line.split()[1])):
                user.say(f"LINE {k:03d}")
        else:
            user.say(f"DONE {line}")
        return 0

    @property
    def lines(self):
        return [l for _, l in self.seen]


def install_commands(monkeypatch):
    import cp.commands
    cmds = Commands()
    monkeypatch.setattr(cp.commands, "execute", cmds, raising=False)
    return cmds


class FakeSession:
    """A hub session for a 3270 or a line client, applying writes to a real Screen."""

    def __init__(self, kind=KIND_3270, model=2):
        self.kind = kind
        self.model = model
        self.rows, self.cols = MODEL_SIZES[model]
        self.peer = "test"
        self.screen = Screen(model)
        self.commands: list[int] = []
        self.records: list[bytes] = []
        self.lines: list[str] = []
        self.owner = None
        self.closed = False
        self.lock = threading.Lock()

    def write_3270(self, data, command=CMD_ERASE_WRITE):
        with self.lock:
            self.commands.append(command)
            self.records.append(bytes(data))
            if command == CMD_ERASE_ALL_UNPROT:
                self.screen.erase_all_unprotected()
            else:
                erase = command in (CMD_ERASE_WRITE, CMD_ERASE_WRITE_ALT)
                self.screen.write(bytes(data), erase=erase,
                                  alternate=command == CMD_ERASE_WRITE_ALT)

    def write_line(self, text):
        self.lines.append(text)

    def transfer(self, owner):
        if not owner.connect(self):
            return False
        old, self.owner = self.owner, owner
        if old is not None and old is not owner:
            old.disconnect()
        return True

    def close(self):
        self.closed = True

    # --- what a test reads --------------------------------------------------------------
    def text(self):
        return self.screen.text_lines()

    def status(self):
        return self.text()[-1][-20:].strip()

    def has(self, s):
        return any(s in line for line in self.text())

    # --- what a test types ------------------------------------------------------------------
    def enter(self, typed="", aid=0x7D):
        """Type into the input field and press ``aid`` (ENTER by default)."""
        from cp.terminal.graf import GrafConsole
        port = self.owner
        con: GrafConsole = port.console
        rec = bytes([aid]) + encode_address(con.input_start + len(typed), con.size)
        rec += b"\x11" + encode_address(con.input_start, con.size) + typed.encode("cp037")
        self.screen.apply_inbound(rec)
        port.inbound(rec)

    def key(self, aid):
        rec = bytes([aid])
        self.screen.apply_inbound(rec)
        self.owner.inbound(rec)


def connect(manager, kind=KIND_3270, model=2):
    s = FakeSession(kind, model)
    s.owner = manager.route(s)
    return s


def logon(session, userid="ALICE", password="SECRET"):
    if session.kind == KIND_LINE:
        session.owner.input_line(f"logon {userid}")
        session.owner.input_line(password)
    else:
        session.enter(f"logon {userid}")
        session.enter(password)
    return session.owner.user


# --- the guest's side of the virtual console -------------------------------------------------
def _ccw(cmd, addr, flags, count):
    return bytes([cmd]) + addr.to_bytes(3, "big") + bytes([flags, 0]) + count.to_bytes(2, "big")


def start_console(user, cmd, data=b"", count=None):
    """SIO on the guest's console with one CCW; returns the condition code."""
    vm = user.vm
    mem = vm.sd.mem
    if count is None:
        count = len(data)
    mem[DATA_AREA:DATA_AREA + len(data)] = list(data)
    mem[CCW_AREA:CCW_AREA + 8] = list(_ccw(cmd, DATA_AREA, CCW_SLI, count))
    mem[0x48:0x4C] = list(CCW_AREA.to_bytes(4, "big"))
    return vm.channels.io_instruction(OP_SIO, CONSOLE)


def take_csw(user):
    """The next I/O interruption on the guest's channels: (devnum, unit status, count) or None."""
    vm = user.vm
    dev = vm.channels.take_interrupt()
    if dev is None:
        return None
    csw = bytes(vm.sd.mem[0x40:0x48])
    return dev, csw[4], int.from_bytes(csw[6:8], "big")


def guest_bytes(user, n):
    return bytes(user.vm.sd.mem[DATA_AREA:DATA_AREA + n])
