"""1052 / 3215 operator console (printer-keyboard) in line mode.

Two ways to reach it, as in Hercules 3.13:

* ``3215`` / ``1052``: a telnet client on CNSLPORT (the terminal hub calls
  ``connect`` / ``input_line`` / ``disconnect``; ``terminal_kind = "line"``).
  Options: ``noprompt`` (no "Enter input" prompt when a read is waiting), then an
  optional terminal group name, IP address and mask (accepted, kept for the hub).
* ``3215-C`` / ``1052-C``: the integrated console: output goes to the operator
  panel, and a panel line starting with the command prefix (default ``/``) is
  console input (``/logon`` sends "logon").

Commands: 01 write (no carrier return), 09 write + carrier return, 0A read
inquiry, 0B audible alarm, 03 NOP, 04 sense, E4 sense ID.  A read with no line
typed yet is *pending*: the channel lets the CPU go on and finishes the CCW when
the operator enters a line.  A line typed while no read is waiting is kept and
the console presents attention (the REQUEST key), so the system issues a read.
Without a connected terminal every command ends with unit check, intervention
required.
"""

from __future__ import annotations

import collections
import threading

from .base import Device, Result, UNIT_ATTENTION, SENSE_INTREQ
from ..ebcdic import encode as ascii_to_ebcdic, printable as ebcdic_to_ascii

CMD_WRITE_NOCR = 0x01
CMD_WRITE_CR = 0x09
CMD_READ = 0x0A
CMD_ALARM = 0x0B
CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_SENSE_ID = 0xE4
PROMPT = "HHCTE006A Enter input for console device {devnum:04X}"
HISTORY = 500


class Console3215(Device):
    terminal_kind = "line"

    def __init__(self, devnum: int = 0x009, devtype: int = 0x3215, *, integrated: bool = False,
                 prefix: str = "/", noprompt: bool = False, group: str | None = None):
        super().__init__(devnum, devtype, 1)
        self.sense = bytearray(1)
        self.integrated = integrated
        self.prefix = prefix
        self.noprompt = noprompt
        self.group = group
        self.session = None
        self.listeners: list = []            # callables(text) fed every output line
        self.output = collections.deque(maxlen=HISTORY)
        self._input = collections.deque()
        self._reading = False
        self._partial = ""
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None):
        kind = devtype.upper()
        integrated = kind.endswith("-C")
        number = 0x1052 if kind.startswith("1052") else 0x3215
        if integrated:
            prefix = args[0] if args else "/"
            return cls(devnum, number, integrated=True, prefix=prefix)
        noprompt = bool(args) and args[0].lower() == "noprompt"
        rest = args[1:] if noprompt else args
        group = rest[0] if rest and rest[0] != "*" else None
        return cls(devnum, number, noprompt=noprompt, group=group)

    # --- terminal side (hub thread or panel) --------------------------------------------------
    def connect(self, session) -> bool:
        with self._lock:
            if self.integrated or self.session is not None:
                return False
            self.session = session
            reading = self._reading
        if reading and not self.noprompt:
            session.write_line(PROMPT.format(devnum=self.devnum))
        return True

    def disconnect(self) -> None:
        with self._lock:
            self.session = None
            reading, self._reading = self._reading, False
        if reading:
            r = self.unit_check(SENSE_INTREQ)
            self.complete(r)

    def input_line(self, text: str) -> None:
        """A line entered by the operator (END / Enter)."""
        with self._lock:
            reading, self._reading = self._reading, False
            if not reading:
                self._input.append(text)
        self._emit(text, echo=True)
        if reading:
            self.complete(Result(data=ascii_to_ebcdic(text)))
        else:
            self.attention(UNIT_ATTENTION)

    def connected(self) -> bool:
        return self.integrated or self.session is not None

    def ready(self) -> bool:
        return self.connected()

    def _emit(self, line: str, echo: bool = False) -> None:
        self.output.append(line)
        for fn in list(self.listeners):
            try:
                fn(line)
            except Exception:
                pass
        s = self.session
        if s is not None and not echo:
            try:
                s.write_line(line)
            except Exception:
                pass

    # --- channel side -----------------------------------------------------------------------
    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id()[:7])
        if cmd == CMD_NOP:
            return Result(residual=count)
        if cmd not in (CMD_WRITE_NOCR, CMD_WRITE_CR, CMD_READ, CMD_ALARM):
            r = self.command_reject()
            r.residual = count
            return r
        if not self.connected():
            r = self.unit_check(SENSE_INTREQ)
            r.residual = count
            return r
        if cmd == CMD_ALARM:
            return Result(residual=count)
        if cmd == CMD_WRITE_NOCR:
            self._partial += ebcdic_to_ascii(bytes(data or b""))
            return Result(residual=0)
        if cmd == CMD_WRITE_CR:
            line, self._partial = self._partial + ebcdic_to_ascii(bytes(data or b"")), ""
            self._emit(line)            # trailing blanks too, as a 3215 (and Hercules) types them
            return Result(residual=0)
        # read inquiry
        if self._partial:
            self._emit(self._partial)
            self._partial = ""
        with self._lock:
            if self._input:
                return Result(data=ascii_to_ebcdic(self._input.popleft()))
            self._reading = True
            session = self.session
        if session is not None and not self.noprompt:
            try:
                session.write_line(PROMPT.format(devnum=self.devnum))
            except Exception:
                pass
        return Result(pending=True)

    def reading(self) -> bool:
        return self._reading

    def halt(self) -> None:
        with self._lock:
            self._reading = False

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self._reading = False
            self._input.clear()
            self._partial = ""

    def describe(self) -> str:
        if self.integrated:
            state = f"integrated, prefix {self.prefix}"
        else:
            state = "connected" if self.session is not None else "not connected"
        return f"{self.devnum:04X} {self.devtype:04X} {state}"
