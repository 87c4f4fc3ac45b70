"""A telnet line-mode terminal as CP's console (the 3215 / typewriter conventions).

Lines go out as they come, lines come in when the user presses RETURN; the
telnet BREAK or Interrupt Process key is the attention (REQUEST) key: the first
press is reflected to the virtual machine, a second before it reads (or any with
TERMINAL MODE CP) enters CP mode.  There is no status area: a typewriter user
learns the state from what CP types, as on a 2741 or 3215.
"""

from __future__ import annotations

import queue

LOGO_LINE = "VM/370 ONLINE"


class LineConsole:
    """CP's console on one line-mode session; ``port`` as for ``GrafConsole``."""

    def __init__(self, session, name: str, port):
        self.session = session
        self.name = name
        self.port = port
        self.state = LOGO_LINE
        self.fullscreen = False
        self._password_waiter: queue.SimpleQueue | None = None

    @property
    def user(self):
        return self.port.user

    # the Terminal contract
    def write_line(self, text: str) -> None:
        for part in text.replace("\r", "").split("\n"):
            self.session.write_line(part)

    def set_state(self, state: str) -> None:
        self.state = state

    def close(self) -> None:
        self.port.user_left()

    def alarm(self) -> None:
        self.session.write_line("\a")

    def read_password(self, prompt: str, timeout: float | None = 300.0) -> str | None:
        """A command asks for a password (LINK): the prompt, then the next line typed
        (given straight from the hub by ``take_password``); None on time-out or drop."""
        waiter: queue.SimpleQueue = queue.SimpleQueue()
        self._password_waiter = waiter
        self.write_line(prompt)
        try:
            return waiter.get(timeout=timeout)
        except queue.Empty:
            return None
        finally:
            self._password_waiter = None

    def take_password(self, text: str) -> bool:
        waiter, self._password_waiter = self._password_waiter, None
        if waiter is None:
            return False
        waiter.put(text.strip())
        return True

    # the manager's side
    def show_logo(self, lines: list[str]) -> None:
        self.state = LOGO_LINE
        self.write_line(LOGO_LINE)

    def clear_output(self) -> None:
        pass

    def password_mode(self, on: bool) -> None:
        pass                        # a telnet client echoes locally; nothing to mask

    def dropped(self) -> None:
        waiter, self._password_waiter = self._password_waiter, None
        if waiter is not None:
            waiter.put(None)

    # from the hub
    def input_line(self, text: str) -> None:
        if not self.port.typed(text):
            self.write_line("NOT ACCEPTED")

    def attention_key(self) -> None:
        user = self.user
        if user is None:
            self.write_line(LOGO_LINE)
        elif not user.wake_if_sleeping() and not user.cp_mode:
            user.attention()
