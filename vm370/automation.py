"""Automation: type a command on a session of a running system and wait for its answer.

    from vm370.automation import send
    reply = send("QUERY NAMES", user="OPERATOR", expect=r"OPERATOR", timeout=10,
                 state_dir="vm370-system")
    reply.ok, reply.lines, reply.match

``send`` connects to the system's control socket (vm370.control, in the state
directory), types ``command`` on ``user``'s session as a terminal would, and
collects the lines the session shows until one matches ``expect`` (a regular
expression, ``re.search``) or ``timeout`` seconds pass; without ``expect`` it
returns once the session has been quiet for ``settle`` seconds.  ``Session``
keeps one connection for several commands.  A system that is not running raises
``AutomationError`` with one line saying so.

The command line: ``vm370 send [--dir D] [--user U] [--expect RE] [--timeout S] COMMAND``
prints the lines and exits 0 when the pattern matched (or none was asked for),
1 when it did not, 2 when the system could not be reached.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field

from .control import DEFAULT_SETTLE, DEFAULT_TIMEOUT, SOCKET_NAME

DEFAULT_STATE_DIR = "vm370-system"


class AutomationError(Exception):
    """The system cannot be reached or gave no answer (one line)."""


@dataclass
class Reply:
    ok: bool                               # the pattern matched (or none was asked for)
    lines: list[str] = field(default_factory=list)   # everything the session showed
    match: str | None = None               # the line that matched
    error: str | None = None               # why not ok


class Session:
    """One connection to a running system's control socket."""

    def __init__(self, state_dir: str = DEFAULT_STATE_DIR):
        path = os.path.join(os.path.abspath(state_dir), SOCKET_NAME)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.sock.connect(path)
        except OSError as err:
            self.sock.close()
            raise AutomationError(f"no running system at {state_dir} ({err.strerror or err})") from None
        self.file = self.sock.makefile("rwb")

    def send(self, command: str | None, user: str = "OPERATOR", expect: str | None = None,
             timeout: float = DEFAULT_TIMEOUT, settle: float = DEFAULT_SETTLE) -> Reply:
        request = {"user": user, "line": command, "expect": expect, "timeout": timeout,
                   "settle": settle}
        try:
            self.file.write(json.dumps(request).encode() + b"\n")
            self.file.flush()
            self.sock.settimeout(timeout + 30)
            raw = self.file.readline()
        except OSError as err:
            raise AutomationError(f"control socket: {err}") from None
        if not raw:
            raise AutomationError("the system closed the control connection (shut down?)")
        answer = json.loads(raw)
        return Reply(answer["ok"], answer["lines"], answer.get("match"), answer.get("error"))

    def wait_for(self, expect: str, user: str = "OPERATOR", timeout: float = DEFAULT_TIMEOUT) -> Reply:
        """Type nothing; wait for a line matching ``expect`` on the session."""
        return self.send(None, user=user, expect=expect, timeout=timeout)

    def close(self) -> None:
        try:
            self.file.close()
        finally:
            self.sock.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def send(command: str | None, user: str = "OPERATOR", expect: str | None = None,
         timeout: float = DEFAULT_TIMEOUT, state_dir: str = DEFAULT_STATE_DIR,
         settle: float = DEFAULT_SETTLE) -> Reply:
    """One command on one session (see the module text)."""
    with Session(state_dir) as session:
        return session.send(command, user=user, expect=expect, timeout=timeout, settle=settle)
