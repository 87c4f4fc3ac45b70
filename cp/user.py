"""A logged-on user: the session that ties a terminal, CP's commands and a virtual machine.

Who calls what (the contract between CP's parts):

* the terminal manager (``cp.terminal``) calls ``input_line(text)`` with each
  logical line the user typed (after TERMINAL line editing; ``#CP`` lines come
  as ``cp_command``), ``attention()`` for the attention/ENTER-while-RUNNING key,
  ``enter_cp_mode()`` for PA1, and ``terminal_lost()`` when the connection drops;
* CP commands and CP itself call ``say(text)`` (a CP line to the user) and
  ``msg(number, **fields)`` (a DMK message under the user's SET EMSG);
* the virtual console (``cp.vdev.console``) calls ``vm_write(text)`` for the
  guest's console output and asks for input with ``console_read_pending``;
* the dispatcher runs ``vm`` while ``vm.stopped`` is False.

A disconnected user (``terminal is None``) keeps running; CP output is then
dropped (VM/370 did the same unless the console was spooled).
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field

from . import messages


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

    # ------------------------------------------------------------------ output
    def say(self, text: str) -> None:
        """One line from CP to the user's terminal (dropped while disconnected)."""
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
