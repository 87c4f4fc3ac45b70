"""A telnet line-mode terminal as CP's console (the 3215 / typewriter conventions).

Lines go out as they come, lines come in when the user presses RETURN; the
telnet BREAK or Interrupt Process key is the attention (REQUEST) key: the first
press is reflected to the virtual machine, a second before it reads (or any with
TERMINAL MODE CP) enters CP mode.  There is no status area: a typewriter user
learns the state from what CP types, as on a 2741 or 3215.
"""

from __future__ import annotations

LOGO_LINE = "VM/370 ONLINE"


class LineConsole:
    """CP's console on one line-mode session; ``port`` as for ``GrafConsole``."""

    def __init__(self, session, name: str, port):
        self.session = session
        self.name = name
        self.port = port
        self.state = LOGO_LINE
        self.fullscreen = False

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
        self.port.return_to_logo()

    def alarm(self) -> None:
        self.session.write_line("\a")

    # the manager's side
    def show_logo(self, lines: list[str]) -> None:
        self.state = LOGO_LINE
        self.write_line(LOGO_LINE)

    def clear_output(self) -> None:
        pass

    def password_mode(self, on: bool) -> None:
        pass                        # a telnet client echoes locally; nothing to mask

    def dropped(self) -> None:
        pass

    # from the hub
    def input_line(self, text: str) -> None:
        if not self.port.typed(text):
            self.write_line("NOT ACCEPTED")

    def attention_key(self) -> None:
        user = self.user
        if user is None:
            self.write_line(LOGO_LINE)
        else:
            user.attention()
