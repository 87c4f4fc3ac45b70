"""SPECIAL devices of the directory (and DEFINE GRAF/TIMER): no spool, no disk.

* ``TIMER`` -- VM/370's pseudo timer (System Programmer's Guide, "Pseudo
  Timer"): a read CCW to it gets 24 bytes, the date ``MM/DD/YY`` and the time
  ``HH:MM:SS`` in EBCDIC, then the virtual and the total CPU time used as
  fullwords in interval-timer units (13 microseconds).  VM/370 gave no I/O
  interruption for it; here the read ends with channel end and device end
  like any other (the guest may ignore the interruption).
* ``3270`` (also GRAF) -- a dialable virtual 3270: a 3278 display with no
  terminal until a user DIALs it (``cp.terminal`` connects a session with
  ``device.connect(session)``); until then it answers intervention required,
  like a real display that is switched off.
"""

from __future__ import annotations

import time

from s370 import ebcdic
from s370.devices.base import Device, Result
from s370.devices.display import Display3270

from .table import VdevError

CMD_SENSE = 0x04
CMD_SENSE_ID = 0xE4
CMD_NOP = 0x03
PSEUDO_TIMER_BYTES = 24
ITIMER_UNIT_US = 1e6 / 76800          # 13.02 microseconds


class PseudoTimer(Device):
    """SPECIAL vaddr TIMER: date, time and CPU times on a read."""

    def __init__(self, vaddr: int, vm=None):
        super().__init__(devnum=vaddr, devtype=0x0000)
        self.vm = vm

    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_NOP:
            return Result()
        if cmd & 0x03 == 0x02:                           # any read
            return Result(data=self.reading())
        return self.command_reject()

    def reading(self) -> bytes:
        now = time.localtime()
        virt = self.vm.cpu_seconds if self.vm is not None else 0.0
        total = virt                 # CP's own time for the guest is not counted apart
        text = time.strftime("%m/%d/%y", now) + time.strftime("%H:%M:%S", now)
        units = [int(t * 1e6 / ITIMER_UNIT_US) & 0xFFFFFFFF for t in (virt, total)]
        return ebcdic.encode(text) + b"".join(u.to_bytes(4, "big") for u in units)

    def describe(self) -> str:
        return f"TIMER {self.devnum:03X}"


class DialableDisplay(Display3270):
    """SPECIAL vaddr 3270 / DEFINE GRAF: a virtual 3270 waiting to be DIALed."""

    dialable = True

    def __init__(self, vaddr: int, owner: str = ""):
        super().__init__(vaddr)
        self.owner = owner

    def describe(self) -> str:
        return f"GRAF {self.devnum:03X} " + ("DIALED" if self.session is not None else "ENABLED")


def make_special(user, stmt) -> Device:
    """The device model for a SPECIAL statement (``stmt.kind`` TIMER, 3270/GRAF)."""
    kind = str(stmt.kind).upper()
    if kind == "TIMER":
        return PseudoTimer(stmt.vaddr, user.vm if user is not None else None)
    if kind in ("3270", "3277", "3278", "GRAF"):
        return DialableDisplay(stmt.vaddr, user.userid if user is not None else "")
    raise VdevError(f"SPECIAL {stmt.vaddr:03X} {kind}: device type not supported")


make_special.from_directory = make_special
