"""CP's terminal manager: the TN3270 hub's router, the logo, LOGON and DIAL.

Every terminal that reaches the hub is CP's (``TerminalHub(router=TerminalManager(system))``):
``route(session)`` gives it a *port* with a real address (3270s are ``GRAF 0C0``
upwards, line-mode telnet clients ``LINE 020`` upwards, the names CP uses in
messages) and CP's console on it (``graf.GrafConsole`` or ``line.LineConsole``)
showing the logo and VM/370 ONLINE.

Before LOGON a terminal takes ``LOGON userid [password] [MASK] [NOIPL]`` (LOGIN,
and the abbreviations down to L), ``DIAL userid [vaddr]`` (the terminal goes to
the user's dialable virtual 3270 with ``session.transfer``) and nothing else.
LOGON asks ``ENTER PASSWORD:`` with a non-display input field on a 3270; a wrong
password gives DMKLOG050E and the logo again, an unknown user DMKLOG053E (at
once, as VM/370 did).  Then the log message, ``LOGON AT hh:mm:ss ZZZ weekday
mm/dd/yy`` (``RECONNECTED AT`` for a disconnected user, left in CP mode), and
the directory's IPL, which is the IPL command (``cp.commands``) as if typed.

After LOGON the port's lines go through line editing to the user
(``editing.deliver``); LOGOFF and DISCONN (``User.logoff`` / ``User.disconnect``)
close the user's terminal, which brings the port back to the logo: every terminal
behaves as a local 3270 did (VM/370 dropped a switched line unless HOLD was given;
a TN3270 connection is kept, and the client closes it when it likes).  A dropped
connection disconnects the user; the virtual machine keeps running.
"""

from __future__ import annotations

import logging
import queue
import threading
import weakref

from s370.tn3270.server import KIND_3270

from .. import messages
from ..user import Settings, system_timestamp, timestamp
from .editing import deliver, split_lines
from .graf import MORE_DELAY, GrafConsole
from .line import LineConsole

log = logging.getLogger("cp.terminal")

FIRST_GRAF = 0x0C0
FIRST_LINE = 0x020

# Our own logo (not IBM's, not the Community Edition's).
LOGO = [
    "",
    "       V     V   M     M        /   3333   77777   000",
    "       V     V   MM   MM       /   3    3      7  0   0",
    "        V   V    M M M M      /        3      7   0   0",
    "        V   V    M  M  M     /       33      7    0   0",
    "         V V     M     M    /          3    7     0   0",
    "          V      M     M   /     3    3    7      0   0",
    "                          /       3333    7        000",
    "",
    "       Virtual Machine Facility/370 -- a re-creation in Python",
    "",
    "       Type LOGON and your user ID, then press ENTER.",
]

LOGON_WORDS = ("LOGON", "LOGIN")
LOGON_OPTIONS = ("MASK", "NOIPL")
DIAL_WORD, DIAL_MIN = "DIAL", 2

STATE_LOGO = "logo"
STATE_PASSWORD = "password"
STATE_USER = "user"


def abbrev(word: str, full: str, minimum: int = 1) -> bool:
    """``word`` is ``full`` cut to at least ``minimum`` letters."""
    w = word.upper()
    return minimum <= len(w) <= len(full) and full.startswith(w)


def message_line(number: int, **fields) -> str:
    try:
        return messages.render(number, "ON", **fields) or ""
    except KeyError:
        m = messages.MESSAGES[number]
        return f"{m.ident} {m.text}"


class Port:
    """One terminal session as CP sees it (the hub's owner of the session)."""

    def __init__(self, manager: "TerminalManager", session, raddr: int):
        self.manager = manager
        self.system = manager.system
        self.session = session
        self.raddr = raddr
        self.graf = session.kind == KIND_3270
        self.name = f"{'GRAF' if self.graf else 'LINE'} {raddr:03X}"
        if self.graf:
            self.console = GrafConsole(session, self.name, self, more_delay=manager.more_delay)
        else:
            self.console = LineConsole(session, self.name, self)
        self.user = None
        self.state = STATE_LOGO
        self.logon_userid: str | None = None
        self.noipl = False
        self.dialed = False
        self.lock = threading.RLock()
        self._work = None
        self._worker: threading.Thread | None = None

    # ------------------------------------------------------------------ hub callbacks
    # The hub calls these on its event-loop thread.  What they start (a CP command, an IPL,
    # a LOGON building a virtual machine) may take a while, so with ``manager.threaded``
    # each port hands them, in order, to a worker thread of its own: one user's slow
    # command does not stop every other terminal.
    def _run(self, fn, *args) -> None:
        if not self.manager.threaded:
            fn(*args)
            return
        with self.lock:
            if self._worker is None:
                self._work = queue.SimpleQueue()
                self._worker = threading.Thread(target=self._serve, args=(self._work,),
                                                name=f"cp-{self.name}", daemon=True)
                self._worker.start()
            self._work.put((fn, args))

    def _serve(self, work) -> None:
        while True:
            fn, args = work.get()
            if fn is None:
                return
            try:
                fn(*args)
            except Exception as exc:            # noqa: BLE001 - one bad input, not the terminal
                log.error("cp: %s: %s failed: %s: %s", self.name, getattr(fn, "__name__", fn),
                          type(exc).__name__, exc)

    def _stop_worker(self) -> None:
        with self.lock:
            work, self._worker = self._work, None
        if work is not None:
            work.put((None, ()))

    def connect(self, session) -> bool:
        """The session comes back (after DIAL ends): the logo again."""
        self.session = session
        self.dialed = False
        self.return_to_logo()
        return True

    def inbound(self, record: bytes) -> None:
        if self.graf and not self.console.take_password(bytes(record)):
            self._run(self.console.inbound, bytes(record))

    def input_line(self, text: str) -> None:
        if not self.graf and not self.console.take_password(text):
            self._run(self.console.input_line, text)

    def attention_key(self) -> None:
        self._run(self._attention)

    def _attention(self) -> None:
        if self.graf:
            user = self.user
            if user is not None and not user.wake_if_sleeping() and not user.cp_mode:
                user.attention()
        else:
            self.console.attention_key()

    def disconnect(self) -> None:
        """The hub lost the session (or handed it to a dialed device)."""
        if self.dialed:
            return
        self.console.dropped()
        self._run(self._dropped)

    def _dropped(self) -> None:
        user = self.user
        if user is not None and user.terminal is self.console:
            user.terminal_lost()                # -> console.close() -> user_left()
        self.user = None
        self.manager.release(self)
        self._stop_worker()

    # ------------------------------------------------------------------ the consoles' side
    def user_left(self, *tail: str) -> None:
        """The user's terminal was closed (LOGOFF, FORCE, DISCONN, a dropped line): the
        operator is told, the terminal shows the logo with ``tail`` under it.

        Operator lines: "GRAF 0C0 LOGOFF AS userid   USERS = nnn [FORCED]" (FORCE in
        GC20-1806; "GRAF 0C1 LOGON  AS MAINT ..." in a VM/370 CE console log, the userid
        in 8 columns); the DSCONNECT/RECONNECT forms are modelled on them (unverified)."""
        user = self.user
        if user is not None:
            gone = self.system.find(user.userid) is not user
            what = "LOGOFF AS" if gone else "DSCONNECT AS"
            forced = " FORCED" if gone and getattr(user, "forced_off", False) else ""
            self.system.log(f"{self.name} {what} {user.userid:<8} "
                            f"USERS = {len(self.system.users):03d}{forced}")
        self.return_to_logo(*tail)

    def return_to_logo(self, *after: str) -> None:
        with self.lock:
            self.user = None
            self.state = STATE_LOGO
            self.logon_userid = None
        self.console.show_logo(LOGO)
        for line in after:
            self.console.write_line(line)
        if not self.manager.enabled(self.raddr):
            self.session.close()                # DISABLE took effect: the line goes

    def typed(self, text: str) -> bool:
        """A physical input line; False if it could not be taken (NOT ACCEPTED)."""
        if self.state == STATE_PASSWORD:
            return self._password(text)
        user = self.user
        if user is not None:
            if self.system.find(user.userid) is not user or user.terminal is not self.console:
                self.return_to_logo()           # logged off or disconnected behind our back
                return True
            if user.wake_if_sleeping():
                return True                     # the key ended SLEEP; the line is dropped
            ok = deliver(user, text)
            if self.user is user and self.system.find(user.userid) is not user:
                # logged off by a path that did not close the terminal (system.logoff
                # alone): the logo, with the last lines (LOGOFF AT ...) under it
                if user.terminal is self.console:
                    user.terminal = None
                self.console.close()
            return ok
        for line in split_lines(text, Settings()):
            self._logo_command(line.text)
            if self.state != STATE_LOGO:
                break
        return True

    # ------------------------------------------------------------------ before LOGON
    def _logo_command(self, text: str) -> None:
        words = text.split()
        if not words:
            return
        verb = words[0]
        if any(abbrev(verb, w) for w in LOGON_WORDS):
            self._logon(words[1:])
        elif abbrev(verb, DIAL_WORD, DIAL_MIN):
            self._dial(words[1:])
        else:
            self.console.write_line(message_line(1))

    def _logon(self, args: list[str]) -> None:
        if not args or len(args[0]) > 8:
            self.console.write_line(message_line(20))
            return
        userid = args[0].upper()
        rest = args[1:]
        options = [a for a in rest if any(abbrev(a, o) for o in LOGON_OPTIONS)]
        password = next((a for a in rest if a not in options), None)
        self.noipl = any(abbrev(a, "NOIPL") for a in options)
        entry = self.system.directory.get(userid)
        if entry is None or getattr(entry, "nolog", False):
            self.console.write_line(message_line(53, userid=userid))
            return
        if password is not None:
            self._try_logon(userid, password.upper())
            return
        self.state = STATE_PASSWORD
        self.logon_userid = userid
        self.console.clear_output()
        self.console.write_line("ENTER PASSWORD:")
        self.console.password_mode(True)

    def _password(self, text: str) -> bool:
        userid = self.logon_userid
        self.console.password_mode(False)
        self.state = STATE_LOGO
        self.logon_userid = None
        self._try_logon(userid, text.strip().upper())     # VM/370 passwords are upper case
        return True

    def _try_logon(self, userid: str, password: str) -> None:
        from ..system import LogonError
        self.console.clear_output()             # what LOGON says from here on stays
        try:
            user = self.system.logon(userid, password, self.console)
        except LogonError as err:
            self.return_to_logo(message_line(err.number, **err.fields))
            return
        except Exception as err:                # noqa: BLE001 - a broken entry, not a crash
            log.error("cp: %s: LOGON %s failed: %s: %s", self.name, userid,
                      type(err).__name__, err)
            self.return_to_logo(f"LOGON {userid} FAILED: {err}")
            return
        self.user = user
        self.state = STATE_USER
        user.terminal = self.console
        self.manager.logged_on(self, user)
        logmsg = list(getattr(self.system, "logmsg", []) or [])
        if logmsg:
            logmsg_time = getattr(self.system, "logmsg_time", None)
            user.say("LOGMSG - " + (timestamp(logmsg_time, getattr(self.system, "zone", None))
                                    if logmsg_time else system_timestamp(self.system)))
            for line in logmsg:
                user.say(line)
        if getattr(user, "reconnected", False):
            user.cancel_disconnect_timeout()
            user.say(f"RECONNECTED AT {system_timestamp(self.system)}")
            self.system.log(f"{self.name} RECONNECT AS {user.userid:<8} "
                            f"USERS = {len(self.system.users):03d}")
            user.enter_cp_mode()
            return
        user.say(f"LOGON AT {system_timestamp(self.system)}")
        self.system.log(f"{self.name} LOGON  AS {user.userid:<8} "
                        f"USERS = {len(self.system.users):03d}")
        user.refresh_status()
        if not self.noipl:
            user.directory_ipl()

    def _dial(self, args: list[str]) -> None:
        """DIAL userid [vaddr]: the terminal goes to one of the user's dialable 3270s.

        Responses (GC20-1820 DIAL): ``DIALED TO userid vaddr`` to the terminal, and
        ``GRAF raddr DIALED TO userid DIALED = nnn`` to the operator (nnn: the lines now
        dialed).  DMKDIA045E for a user not logged on (the number and text of the
        common NOT LOGGED ON message, issued from DMKDIA); no dialable, free device
        (or the one named is in use): ``LINE(S) NOT AVAILABLE ON userid`` (no R6
        source seen for this text: unverified)."""
        if not args:
            self.console.write_line(message_line(20))
            return
        target = self.system.find(args[0])
        if target is None:
            self.console.write_line(dial_message(45, userid=args[0].upper()))
            return
        want = None
        if len(args) > 1:
            try:
                want = int(args[1], 16)
            except ValueError:
                self.console.write_line(message_line(22))
                return
        devices = sorted(target.vm.devices.items()) if target.vm is not None else []
        free = [(v, d) for v, d in devices if getattr(d, "dialable", False)
                and (want is None or v == want) and getattr(d, "session", None) is None]
        if not free:
            self.console.write_line(f"LINE(S) NOT AVAILABLE ON {target.userid}")
            return
        vaddr, dev = free[0]
        self.console.write_line(f"DIALED TO {target.userid} {vaddr:03X}")
        self.dialed = True
        if not self.session.transfer(dev):
            self.dialed = False
            self.console.write_line(f"LINE(S) NOT AVAILABLE ON {target.userid}")
            return
        self.console.dropped()
        self.system.log(f"{self.name} DIALED TO {target.userid:<8} "
                        f"DIALED = {self.manager.dialed_count():03d}")


def dial_message(number: int, **fields) -> str:
    """A common DMK message as DIAL (DMKDIA) issues it."""
    m, text = messages.message(number, **fields)
    return f"DMKDIA{number:03d}{m.ident[-1]} {text}"


_MANAGERS: "weakref.WeakSet[TerminalManager]" = weakref.WeakSet()


def reclaim(session) -> bool:
    """For a dialable virtual 3270 letting its session go (DROP, reset, LOGOFF of its
    owner): give the session back to the CP terminal manager it came from."""
    return any(m.reclaim(session) for m in list(_MANAGERS))


class TerminalManager:
    """The hub's router: every terminal gets a ``Port`` (see the module text)."""

    def __init__(self, system, *, first_graf: int = FIRST_GRAF, first_line: int = FIRST_LINE,
                 more_delay: float = MORE_DELAY, threaded: bool = True):
        """more_delay: seconds before MORE... clears (None: never, until CLEAR/PA2).
        threaded: each terminal's input is handled on a worker thread of its own (False:
        on the caller's thread, for tests that drive a port directly)."""
        self.system = system
        self.threaded = threaded
        self.first_graf = first_graf
        self.first_line = first_line
        self.more_delay = more_delay
        self.ports: dict[int, Port] = {}          # raddr -> port
        self._by_session: dict[int, Port] = {}    # id(session) -> port
        self._lock = threading.Lock()
        _MANAGERS.add(self)

    def enabled(self, raddr: int) -> bool:
        """ENABLE/DISABLE (cp.commands): ``system.enabled`` and ``system.disabled_lines``."""
        return (getattr(self.system, "enabled", True)
                and raddr not in getattr(self.system, "disabled_lines", ()))

    def route(self, session) -> Port | None:
        with self._lock:
            raddr = self._requested(session)
            if raddr is None:
                raddr = self.first_graf if session.kind == KIND_3270 else self.first_line
                while raddr in self.ports:
                    raddr += 1
            if not self.enabled(raddr):
                return None                     # the hub says no service and hangs up
            port = Port(self, session, raddr)
            self.ports[raddr] = port
            self._by_session[id(session)] = port
        log.info("cp: %s %s", port.name, session.peer)
        port.return_to_logo()
        return port

    def _requested(self, session) -> int | None:
        """A free address the client asked for (TN3270E device name, ``IBM-3278-2@0C5``)."""
        name = getattr(session, "requested_name", None)
        try:
            raddr = int(name, 16) if name else None
        except ValueError:
            return None
        if raddr is None or raddr in self.ports or not 0 <= raddr <= 0xFFF:
            return None
        return raddr

    def release(self, port: Port) -> None:
        with self._lock:
            if self.ports.get(port.raddr) is port:
                del self.ports[port.raddr]
            self._by_session.pop(id(port.session), None)

    def reclaim(self, session) -> bool:
        """A dialed session comes back to CP: the virtual 3270 let it go (the logo again),
        or the line dropped while dialed (the port and its address are freed)."""
        port = self._by_session.get(id(session))
        if port is None:
            return False
        if getattr(session, "closing", False):
            port.dialed = False
            port._run(port._dropped)
            return False
        return session.transfer(port)

    def dialed_count(self) -> int:
        """Terminals now DIALed to a virtual machine (the operator's DIALED = nnn)."""
        with self._lock:
            return sum(1 for p in self.ports.values() if p.dialed)

    def logged_on(self, port: Port, user) -> None:
        """Hook for the logon of ``user`` on ``port`` (nothing more to do today)."""

    def port(self, name: str) -> Port | None:
        """The port named ``GRAF 0C0`` / ``LINE 020`` (or by its address)."""
        n = name.upper().split()[-1]
        try:
            return self.ports.get(int(n, 16))
        except ValueError:
            return None
