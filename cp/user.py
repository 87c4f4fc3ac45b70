"""A logged-on user: the session that ties a terminal, CP's commands and a virtual machine.

Who calls what (the contract between CP's parts):

* the terminal manager (``cp.terminal``) edits each typed line (TERMINAL LINEND,
  CHARDEL, LINEDEL, ESCAPE; ``cp.terminal.editing.deliver``) and calls
  ``input_line(text) -> bool`` with each logical line (False: NOT ACCEPTED),
  ``cp_command(text)`` for ``#CP`` lines, ``attention()`` for the attention key
  (3215 REQUEST, telnet BREAK, 3270 ENTER while RUNNING), ``enter_cp_mode()`` for
  PA1 and ``terminal_lost()`` when the connection drops;
* CP commands call ``leave_cp_mode()`` (cp.commands' resume(): BEGIN, IPL) or
  ``begin()`` (the same, and the VM may run), and may call ``logoff(forced)`` /
  ``disconnect()``, which write the session-end lines, tell the operator and send
  the terminal back to the logo (``system.logoff``/``disconnect`` alone work too:
  the terminal notices); they set ``sleeping``/``sleep_until`` (SLEEP: the next
  key only wakes the user, ``wake_if_sleeping()``) and ``hold_line``; a command
  that needs a password asks ``terminal.read_password(prompt)``;
* CP commands and CP itself call ``say(text)`` (a CP line to the user) and
  ``msg(number, **fields)`` (a DMK message under the user's SET EMSG);
* the virtual console (``cp.vdev.console``, ``self.console``) calls
  ``vm_write(text)`` for the guest's output and ``console_read_started()`` /
  ``console_read_ended()`` around a read; ``status`` (CP READ / VM READ /
  RUNNING) is what the terminal shows and ``refresh_status()`` pushes it;
* the dispatcher runs ``vm`` while ``vm.stopped`` is False.

Attention: the first press is reflected to the virtual machine as an attention
interruption on its console; a second before the VM reads, or any with TERMINAL
MODE CP, puts the user in CP mode, which stops the VM unless SET RUN ON.  A line
typed while the VM runs without a console read is kept for its next read (one
line; the VM gets an attention so it reads it).

A disconnected user (``terminal is None``) keeps running; CP output is then
dropped (VM/370 did the same unless the console was spooled).
"""

from __future__ import annotations

import collections
import datetime
import threading
from dataclasses import dataclass, field

from s370.devices.base import UNIT_ATTENTION

from . import messages
from .vdev.spooldev import console_spool_line

# What the virtual console presents when the user presses attention (3215 REQUEST,
# 3270 ENTER while RUNNING) or gives the REQUEST command: unit status attention, what
# the 3215's REQUEST key presents (GA24-3488) and what cp.commands' REQUEST test expects.
# (Attention with device end was also suggested; not confirmed in an R6 listing.)
ATTENTION_STATUS = UNIT_ATTENTION
CONSOLE_DEVTYPES = (0x3215, 0x3210, 0x1052)
# Lines typed while the virtual machine runs without a console read outstanding, kept
# for its next read; past this the terminal shows NOT ACCEPTED.
TYPE_AHEAD_LINES = 1

# A disconnected virtual machine reading its console is logged off after this (GC20-1820,
# DISCONN usage note 1: 15 minutes).
DISCONNECTED_LOGOFF_DELAY = 15 * 60.0

STATUS_CP_READ = "CP READ"
STATUS_VM_READ = "VM READ"
STATUS_RUNNING = "RUNNING"


def timestamp(when: datetime.datetime, zone: str | None = None) -> str:
    """``hh:mm:ss ZZZ WEEKDAY mm/dd/yy`` as in LOGON AT / LOGOFF AT.  The zone: ``zone``
    (the system's), else the host's, cut to VM/370's three letters."""
    if not zone:
        aware = when if when.tzinfo is not None else when.astimezone()
        zone = (aware.tzname() or "GMT")[:3].upper()
    return f"{when:%H:%M:%S} {zone} {when:%A}".upper() + f" {when:%m/%d/%y}"


def system_timestamp(system) -> str:
    """The time stamp of CP's session lines, from the system's clock and zone."""
    return timestamp(system.now(), getattr(system, "zone", None))


@dataclass
class Settings:
    """The user's SET and TERMINAL settings (VM/370 R6 defaults)."""
    msg: bool = True
    wng: bool = True
    emsg: str = "ON"
    imsg: bool = True
    smsg: bool = False
    run: bool = False
    linedit: bool = True
    linend: str = "#"
    chardel: str = "@"
    linedel: str = "\u00a2"       # the cent sign
    escape: str = '"'
    terminal_mode: str = "VM"     # TERMINAL MODE VM|CP
    pf: dict[int, tuple[str, bool]] = field(default_factory=dict)   # n -> (text, immediate)


class User:
    def __init__(self, system, entry, vm, terminal=None):
        self.system = system
        self.entry = entry                  # cp.directory.model.UserEntry
        self.userid: str = entry.userid
        self.classes: str = entry.classes
        self.vm = vm                        # cp.vm.machine.VirtualMachine
        self.terminal = terminal            # an object with write_line(text), set_state(s), close()
        self.settings = Settings()
        self.logon_time = datetime.datetime.now()
        self.lock = threading.RLock()
        self.cp_mode = True                 # in console function mode (CP READ)
        self._console = None                # set by cp.vdev.console.VirtualConsole
        self._input_lock = threading.Lock()
        self._typeahead: collections.deque[str] = collections.deque()
        self._attention_pending = False     # reflected, the VM has not read since
        self.forced_off = False             # logged off by FORCE / the system
        self.sleeping = False               # SLEEP (cp.commands): input waits for attention
        self.sleep_until: datetime.datetime | None = None
        self.hold_line = False              # LOGOFF/DISCONN HOLD (every terminal keeps it)
        self.disconnect_timeout: float | None = DISCONNECTED_LOGOFF_DELAY
        self._dsc_timer: threading.Timer | None = None

    # ------------------------------------------------------------------ output
    def say(self, text: str) -> None:
        """One line from CP to the user's terminal (dropped while disconnected), and into
        the console spool file while SPOOL CONSOLE START (NOTERM: only there).  The guest's
        console output comes here too (vm_write)."""
        if not console_spool_line(self, text):
            return
        t = self.terminal
        if t is not None:
            t.write_line(text)

    def msg(self, number: int, **fields) -> int:
        """Show DMK message ``number`` under SET EMSG; returns the number (DIAG 08's rc)."""
        line = messages.render(number, self.settings.emsg, **fields)
        if line is not None:
            self.say(line)
        return number

    def vm_write(self, text: str) -> None:
        """A line the guest wrote to its virtual console."""
        self.say(text)

    def has_class(self, classes: str) -> bool:
        """True if the user holds any of ``classes`` ('' or '*' = any class)."""
        return not classes or classes == "*" or any(c in self.classes for c in classes)

    def __repr__(self) -> str:
        return f"<User {self.userid}>"

    # ------------------------------------------------------------------ the virtual console
    @property
    def console(self):
        """The virtual console: the VirtualConsole built for this user, else the VM's first
        3215/1052-type device (one DEFINEd or attached some other way)."""
        c = self._console
        vm = self.vm
        if c is not None and (vm is None or vm.device(c.devnum) is c):
            return c
        if vm is None:
            return None
        for _, dev in sorted(vm.devices.items()):
            if getattr(dev, "devtype", 0) in CONSOLE_DEVTYPES:
                return dev
        return None

    @console.setter
    def console(self, dev) -> None:
        self._console = dev

    # ------------------------------------------------------------------ what the terminal shows
    @property
    def console_read_pending(self) -> bool:
        c = self.console
        return c is not None and bool(getattr(c, "reading", False))

    @property
    def status(self) -> str:
        """The 3270 status-area text: CP READ, VM READ or RUNNING."""
        if self.cp_mode:
            return STATUS_CP_READ
        return STATUS_VM_READ if self.console_read_pending else STATUS_RUNNING

    def refresh_status(self) -> None:
        t = self.terminal
        if t is not None:
            t.set_state(self.status)

    # ------------------------------------------------------------------ input from the terminal
    def input_line(self, text: str) -> bool:
        """One logical line typed by the user (after line editing).

        In CP mode it is a CP command; otherwise it satisfies the virtual machine's
        console read, or waits for the next one (type-ahead, with an attention so the
        VM reads it).  False: the line could not be taken (the terminal shows NOT
        ACCEPTED)."""
        if self.cp_mode:
            if text.strip():
                self.cp_command(text)
            return True
        console = self.console
        give = getattr(console, "give", None)
        if give is None:
            return False
        if give(text):
            return True
        with self._input_lock:
            if len(self._typeahead) >= TYPE_AHEAD_LINES:
                return False
            self._typeahead.append(text)
        self.reflect_attention()
        return True

    def wake_if_sleeping(self) -> bool:
        """SLEEP: True if the user was asleep and this key woke them (the key does nothing
        else); a sleep whose time has passed just ends."""
        if not self.sleeping:
            return False
        self.sleeping = False
        until, self.sleep_until = self.sleep_until, None
        return until is None or self.system.now() < until

    def cp_command(self, text: str) -> int:
        """A CP command line (typed in CP mode or as #CP): cp.commands.execute."""
        from .commands import execute
        try:
            return execute(self, text)
        except Exception as exc:        # noqa: BLE001 - a failing command must not end the session
            self.system.log(f"CP COMMAND FAILED FOR {self.userid}: {type(exc).__name__}: {exc}")
            self.say(f"CP COMMAND FAILED: {type(exc).__name__}: {exc}")
            return -1

    def attention(self) -> None:
        """The attention key (3215 REQUEST, telnet BREAK, 3270 ENTER while RUNNING).

        Reflected to the virtual machine as an attention interruption on its console;
        pressed again before the VM reads, or with TERMINAL MODE CP, it enters CP mode.
        In CP mode it is the REQUEST command's attention: reflected to the VM (the
        terminals do not call this for a key pressed in CP mode)."""
        if self.cp_mode:
            self.reflect_attention()
            return
        if (self.settings.terminal_mode == "CP" or self._attention_pending
                or self.console is None):
            self.enter_cp_mode()
            return
        self.reflect_attention()

    def reflect_attention(self) -> None:
        console = self.console
        if console is None:
            return
        self._attention_pending = True
        console.attention(ATTENTION_STATUS)

    def enter_cp_mode(self) -> None:
        """CP READ (PA1, attention twice, #CP alone): the VM stops unless SET RUN ON."""
        self.cp_mode = True
        self._attention_pending = False
        if not self.settings.run and self.vm is not None:
            self.vm.stopped = True
            self.vm.request_exit()
        self.refresh_status()

    def leave_cp_mode(self) -> None:
        """Out of CP READ: the status becomes VM READ or RUNNING (cp.commands' resume()
        sets ``vm.stopped`` and kicks the dispatcher itself)."""
        self.cp_mode = False
        self.refresh_status()

    def directory_ipl(self) -> None:
        """The directory's IPL statement, as the IPL command typed after LOGON AT (not
        again once the machine has been loaded, e.g. on reconnect)."""
        ipl = self.entry.ipl
        if not ipl or self.vm.ipl_device is not None:
            return
        parm = self.entry.ipl_parm
        self.cp_command(f"IPL {ipl}" + (f" PARM {parm}" if parm else ""))
        if self.cp_mode and not self.vm.stopped:
            self.begin()

    def begin(self) -> None:
        """Leave CP mode and let the virtual machine run (BEGIN, IPL)."""
        self.cp_mode = False
        if self.vm is not None:
            self.vm.stopped = False
            d = self.system.dispatcher
            if d is not None:
                d.kick(self)
        self.refresh_status()

    # ------------------------------------------------------------------ the virtual console's side
    def console_read_started(self) -> str | None:
        """The VM issued a console read: a type-ahead line for it, or None (it waits)."""
        self._attention_pending = False
        with self._input_lock:
            return self._typeahead.popleft() if self._typeahead else None

    def console_read_waiting(self) -> None:
        """The console read waits for the user (VM READ)."""
        self.refresh_status()
        self._watch_disconnected()

    def console_read_ended(self) -> None:
        self.refresh_status()

    # ------------------------------------------------------------------ disconnected and reading
    def _watch_disconnected(self) -> None:
        """A disconnected VM that reads its console is logged off after
        ``disconnect_timeout`` seconds (15 minutes in VM/370, DISCONN usage notes)."""
        with self._input_lock:
            if (self.terminal is not None or not self.console_read_pending
                    or self._dsc_timer is not None or self.disconnect_timeout is None):
                return
            t = threading.Timer(self.disconnect_timeout, self.disconnected_timeout)
            t.daemon = True
            self._dsc_timer = t
        t.start()

    def cancel_disconnect_timeout(self) -> None:
        """Reconnected: the logoff timer stops."""
        with self._input_lock:
            t, self._dsc_timer = self._dsc_timer, None
        if t is not None:
            t.cancel()

    def disconnected_timeout(self) -> None:
        """The disconnected user's time is up: logged off by the system."""
        with self._input_lock:
            self._dsc_timer = None
        if self.terminal is None and self.system.find(self.userid) is self:
            self.logoff(forced=True)

    # ------------------------------------------------------------------ end of the session
    @property
    def terminal_name(self) -> str:
        t = self.terminal
        return getattr(t, "name", "") if t is not None else "USER DSC"

    def _users_count(self) -> str:
        return f"USERS = {len(self.system.users):03d}"

    def accounting_line(self) -> str:
        from .commands.common import accounting_line
        return accounting_line(self)

    def logoff(self, forced: bool = False) -> None:
        """LOGOFF (or FORCE): the accounting line and LOGOFF AT to the user, the virtual
        machine goes, the operator is told, the terminal returns to the logo."""
        self.cancel_disconnect_timeout()
        self.forced_off = forced
        self.say(self.accounting_line())
        self.say(f"LOGOFF AT {system_timestamp(self.system)}" + (" BY SYSTEM" if forced else ""))
        t = self.terminal
        self.system.logoff(self, forced)
        if t is None:                       # the terminal's close tells the operator otherwise
            self.system.log(f"USER DSC LOGOFF AS {self.userid:<8} {self._users_count()}"
                            + (" FORCED" if forced else ""))
            return
        if self.terminal is t:              # (system.logoff may close it itself)
            self.terminal = None
            t.close()

    def disconnect(self) -> None:
        """DISCONN: DISCONNECT AT to the user, the terminal returns to the logo, the
        virtual machine keeps running."""
        self.say(f"DISCONNECT AT {system_timestamp(self.system)}")
        self.system.disconnect(self)        # closes the terminal, which tells the operator
        self._watch_disconnected()

    def terminal_lost(self) -> None:
        """The connection dropped: the user is disconnected (the VM keeps running)."""
        if self.terminal is None:
            return
        self.system.disconnect(self)        # closes the terminal, which tells the operator
        self._watch_disconnected()

