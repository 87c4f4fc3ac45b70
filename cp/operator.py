"""The system operator's console: the process's own terminal (stdin/stdout).

VM/370 logs the primary system operator on at the system console when CP comes
up, without a password; here that console is the terminal the program was
started from.  Lines typed there go through CP's line editing to the OPERATOR
user like any terminal's (``editing.deliver``): CP commands in CP mode, input to
the virtual machine's console read otherwise.  System messages (``system.log``)
appear there too.  prompt_toolkit gives an editable input line with output
printed above it when stdin is a terminal; otherwise plain line reads (tests,
pipes).
"""

from __future__ import annotations

import sys
import threading

from .terminal.editing import deliver
from .user import system_timestamp

OPERATOR_USERID = "OPERATOR"
CONSOLE_NAME = "CONSOLE"


class OperatorConsole:
    """The Terminal object of the operator's user on the process's stdin/stdout."""

    def __init__(self, system, userid: str = OPERATOR_USERID, *, stdin=None, stdout=None,
                 interactive: bool | None = None):
        self.system = system
        self.userid = userid.upper()
        self.stdin = stdin if stdin is not None else sys.stdin
        self.stdout = stdout if stdout is not None else sys.stdout
        if interactive is None:
            interactive = stdin is None and _isatty(self.stdin) and _isatty(self.stdout)
        self.interactive = interactive
        self.name = CONSOLE_NAME
        self.state = "CP READ"
        self.user = None
        self._out_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ the Terminal contract
    def write_line(self, text: str) -> None:
        with self._out_lock:
            if self.interactive:
                # sys.stdout as it is now: prompt_toolkit's patch_stdout proxy while the
                # prompt is up, which prints above the line being typed
                print(text, file=sys.stdout, flush=True)
            else:
                self.stdout.write(text + "\n")
                self.stdout.flush()

    def set_state(self, state: str) -> None:
        self.state = state

    def close(self) -> None:
        """The operator logged off or disconnected: the console stays, without a user."""
        user, self.user = self.user, None
        if user is not None:
            gone = self.system.find(user.userid) is not user
            self.log(f"{self.name} {'LOGOFF AS' if gone else 'DSCONNECT AS'} {user.userid:<8} "
                     f"USERS = {len(self.system.users):03d}")

    def alarm(self) -> None:
        self.write_line("\a")

    def read_password(self, prompt: str, timeout: float | None = None) -> str | None:
        """A command asks for a password (LINK): read on this thread, which is the
        console's reader (the command runs inside ``feed``), without echo on a terminal."""
        if self.interactive:
            from prompt_toolkit import prompt as ask
            try:
                return ask(prompt + " ", is_password=True)
            except (EOFError, KeyboardInterrupt):
                return None
        self.write_line(prompt)
        line = self.stdin.readline()
        return line.rstrip("\r\n") if line else None

    # ------------------------------------------------------------------ start
    def log(self, text: str) -> None:
        """system.log's output (pass ``console.log`` as CPSystem's ``log``)."""
        self.write_line(text)

    def attach_log(self) -> None:
        """Send the system's messages here from now on."""
        if hasattr(self.system, "set_log"):
            self.system.set_log(self.log)
        else:
            self.system._log = self.log

    def logon(self):
        """Log the operator on, no password asked (VM/370's system console)."""
        entry = self.system.directory.get(self.userid)
        if entry is None:
            raise LookupError(f"{self.userid} is not in the directory: no operator console")
        user = self.system.logon(self.userid, entry.password, self)
        user.terminal = self
        self.user = user
        user.say(f"LOGON AT {system_timestamp(self.system)}")
        user.refresh_status()
        return user

    # ------------------------------------------------------------------ input
    def feed(self, text: str) -> bool:
        """One physical line typed by the operator."""
        user = self.user
        if user is None:
            self.write_line("VM/370 ONLINE")
            return False
        return deliver(user, text)

    def run(self) -> None:
        """Read lines until end of input."""
        if self.interactive:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.patch_stdout import patch_stdout
            session = PromptSession()
            with patch_stdout():
                while True:
                    try:
                        line = session.prompt("")
                    except KeyboardInterrupt:
                        if self.user is not None and not self.user.cp_mode:
                            self.user.attention()
                        continue
                    except EOFError:
                        return
                    self.feed(line)
        else:
            for line in self.stdin:
                self.feed(line.rstrip("\r\n"))

    def start(self) -> threading.Thread:
        """Read on a daemon thread (the process's main thread stays free)."""
        t = threading.Thread(target=self.run, name="operator-console", daemon=True)
        self._thread = t
        t.start()
        return t


def _isatty(f) -> bool:
    try:
        return f.isatty()
    except (AttributeError, ValueError):
        return False
