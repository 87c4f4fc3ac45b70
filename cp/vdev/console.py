"""The virtual machine's console: a 3215 printer-keyboard that CP simulates on the
user's real terminal (a 3270 in line mode, a telnet line, the operator's console).

CCWs (3215, GA24-3488): X'01' write without carrier return, X'09' write with
carrier return, X'0A' read inquiry, X'0B' audible alarm, X'03' no-op, X'04'
sense.  Output goes to ``user.vm_write`` a line at a time (a write without
carrier return is kept until the next carrier return or read, as the typing
element would leave it).  A read with nothing typed is *pending*: the status
area shows VM READ and the CCW ends when the user enters a line; the line is
given as typed (CP does not fold case for the virtual machine; CMS folds its
own commands), in EBCDIC (code page 037), at most ``count`` bytes, residual
count for a shorter line.  A disconnected user's writes are dropped, as VM/370
dropped them unless the console was spooled.
"""

from __future__ import annotations

import threading

from s370.devices.base import UNIT_ATTENTION, Device, Result
from s370.ebcdic import encode, printable

CMD_WRITE_NOCR = 0x01
CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_WRITE_CR = 0x09
CMD_READ_INQUIRY = 0x0A
CMD_ALARM = 0x0B
CONSOLE_DEVTYPE = 0x3215
CONSOLE_TYPES = (0x3215, 0x3210, 0x1052, 0x3270)   # all simulated as the 3215
EBCDIC_NL = 0x15            # new line inside console output


class VirtualConsole(Device):
    """A virtual 3215 owned by ``user`` (see the module text)."""

    def __init__(self, devnum: int, user, devtype: int = CONSOLE_DEVTYPE):
        super().__init__(devnum, devtype, 1)
        self.sense = bytearray(1)
        self.user = user
        self._lock = threading.Lock()
        self._reading = False
        self._count = 0
        self._partial = ""
        self._refused = False           # give() found no read: an attention follows it

    @classmethod
    def from_directory(cls, user, stmt) -> "VirtualConsole":
        """The CONSOLE statement: ``CONSOLE vaddr 3215 [class]``."""
        devtype = getattr(stmt, "devtype", None) or CONSOLE_DEVTYPE
        if isinstance(devtype, str):        # '3215' as written, or the number the model holds
            devtype = int(devtype, 16) if devtype.isalnum() else 0
        if devtype not in CONSOLE_TYPES:
            raise ValueError(f"CONSOLE {stmt.vaddr:03X}: device type {devtype:04X} is not a console")
        dev = cls(stmt.vaddr, user)
        user.console = dev
        return dev

    # ------------------------------------------------------------------ the user's side
    @property
    def reading(self) -> bool:
        return self._reading

    def give(self, text: str) -> bool:
        """A line the user typed: ends the pending read (True), or False if none waits."""
        with self._lock:
            if not self._reading:
                self._refused = True        # the user keeps it as type-ahead (see attention)
                return False
            self._reading = False
            count = self._count
        self.complete(self._read_result(text, count))
        self.user.console_read_ended()
        return True

    @staticmethod
    def _read_result(text: str, count: int) -> Result:
        data = encode(text)
        return Result(data=data, residual=max(0, count - len(data)))

    # ------------------------------------------------------------------ the channel's side
    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_NOP:
            return Result(residual=count)
        if cmd == CMD_ALARM:
            t = self.user.terminal
            if t is not None and hasattr(t, "alarm"):
                t.alarm()
            return Result(residual=count)
        if cmd in (CMD_WRITE_NOCR, CMD_WRITE_CR):
            self._write(bytes(data or b""), carrier_return=cmd == CMD_WRITE_CR)
            return Result()
        if cmd == CMD_READ_INQUIRY:
            return self._read(count)
        r = self.command_reject()
        r.residual = count
        return r

    def _write(self, data: bytes, carrier_return: bool) -> None:
        """Type ``data``: each X'15' (new line) inside it ends a line, as CP split console
        output (DMKQCN); the carrier return of X'09' ends the last one."""
        parts = data.split(bytes([EBCDIC_NL]))
        for part in parts[:-1]:
            line, self._partial = self._partial + printable(part), ""
            self.user.vm_write(line.rstrip())
        self._partial += printable(parts[-1])
        if carrier_return:
            line, self._partial = self._partial, ""
            self.user.vm_write(line.rstrip())

    def _read(self, count: int) -> Result:
        if self._partial:
            line, self._partial = self._partial, ""
            self.user.vm_write(line.rstrip())
        # Taking a type-ahead line and marking the read pending are one step under the
        # console's lock, so a line typed meanwhile either finds the read pending (give())
        # or is kept and then served by attention() below: never left behind.
        with self._lock:
            line = self.user.console_read_started()
            if line is None:
                self._reading = True
                self._count = count
        if line is not None:
            return self._read_result(line, count)
        self.user.console_read_waiting()
        return Result(pending=True)

    def attention(self, status: int = UNIT_ATTENTION) -> None:
        """The user's attention (the user reflects one after keeping a type-ahead line).

        A line typed in the instant between the guest's last write and its read was
        refused by give() (no read yet) and kept as type-ahead; if the read is pending
        by the time the attention that follows the refusal arrives, the kept line ends
        the read instead (the guest is reading: it wants the line, not an attention).
        Any other attention (BREAK, REQUEST) is presented as before."""
        with self._lock:
            refused, self._refused = self._refused, False
            line = self.user.console_read_started() if self._reading and refused else None
            if line is not None:
                self._reading = False
                count = self._count
        if line is None:
            super().attention(status)
            return
        self.complete(self._read_result(line, count))
        self.user.console_read_ended()

    def halt(self) -> None:
        with self._lock:
            was, self._reading = self._reading, False
        if was:
            self.user.console_read_ended()

    def reset(self) -> None:
        super().reset()
        self.halt()
        self._partial = ""

    def describe(self) -> str:
        return f"CONS {self.devnum:03X} ON {self.user.terminal_name}"
