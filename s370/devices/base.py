"""The contract between the channel subsystem and a device model.

A device model knows its CCW command codes, its sense bytes and its status;
it knows nothing about CP, the CPU or storage.  The channel (``s370.channel``)
walks the CCW chain, moves data between storage and the device, handles
chaining, skipping, SLI, PCI, TIC, incorrect length and protection, and
builds the CSW.  The device only answers one command at a time:

    result = device.execute(cmd, data, count)

* ``cmd`` is the 8-bit CCW command code.
* For write-type and control-type commands (see ``command_type``) ``data`` is
  the ``bytes`` the channel gathered from storage for this command (all
  data-chained CCWs together, ``count`` bytes in all, fewer only if the
  channel hit an error).  The device consumes what it needs and says how much
  was left over in ``Result.residual``; a negative residual says the device
  wanted more than it was given (a short card for a punch, a short record
  for a DASD write), which the channel reports as incorrect length.
* For read-type, read-backward and sense commands ``data`` is ``None``; the
  device returns the bytes it transfers in ``Result.data`` in the order they
  come off the medium (for read backward, the last byte of the record comes
  first), and the channel stores at most ``count`` of them.
* ``Result.status`` holds the unit-status bits (``UNIT_*``); normally
  ``UNIT_CE | UNIT_DE``.  A device that ends with unit check sets its own
  ``sense`` bytes first, for the SENSE command that follows.
* A device that cannot complete now (a console or display read waiting for
  the operator) returns ``Result(pending=True)`` and later calls
  ``self.complete(result)``; the channel then finishes the CCW and continues
  the chain.  ``self.attention(status)`` presents unsolicited status
  (attention, device end after not-ready -> ready).

The channel calls ``chain_begin()`` before the first CCW of a channel program
and ``chain_end()`` after the last, so that devices whose commands depend on
earlier ones in the same chain (DASD search then read/write, orientation)
can keep and reset that state.  ``halt()`` is called for HIO/HDV/CLRIO.
``reset()`` is the I/O-system reset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

# --- unit status (CSW byte 4) -----------------------------------------------------
UNIT_ATTENTION = 0x80
UNIT_SM = 0x40          # status modifier
UNIT_CUE = 0x20         # control-unit end
UNIT_BUSY = 0x10
UNIT_CE = 0x08          # channel end
UNIT_DE = 0x04          # device end
UNIT_UC = 0x02          # unit check
UNIT_UX = 0x01          # unit exception

# --- channel status (CSW byte 5) -----------------------------------------------------
CHAN_PCI = 0x80
CHAN_IL = 0x40          # incorrect length
CHAN_PGM_CHECK = 0x20
CHAN_PROT_CHECK = 0x10
CHAN_DATA_CHECK = 0x08
CHAN_CTL_CHECK = 0x04
CHAN_INTF_CHECK = 0x02
CHAN_CHAIN_CHECK = 0x01

# --- CCW flags ------------------------------------------------------------------------
CCW_CD = 0x80           # chain data
CCW_CC = 0x40           # chain command
CCW_SLI = 0x20          # suppress length indication
CCW_SKIP = 0x10
CCW_PCI = 0x08

# --- sense byte 0 (common to most devices) ----------------------------------------------
SENSE_CMDREJ = 0x80     # command reject
SENSE_INTREQ = 0x40     # intervention required
SENSE_BUSCK = 0x20      # bus-out check
SENSE_EQUIPCK = 0x10    # equipment check
SENSE_DATACK = 0x08     # data check
SENSE_OVERRUN = 0x04

# --- command types ----------------------------------------------------------------------
CMD_WRITE = "write"
CMD_READ = "read"
CMD_READ_BACKWARD = "read_backward"
CMD_CONTROL = "control"
CMD_SENSE = "sense"
CMD_TIC = "tic"
CMD_INVALID = "invalid"


def command_type(cmd: int) -> str:
    """Classify a CCW command code by its low-order bits (GA22-7000 'Command Code')."""
    low = cmd & 0x0F
    if low == 0x0:
        return CMD_INVALID
    if low == 0x8:
        return CMD_TIC
    if low == 0x4:
        return CMD_SENSE
    if low == 0xC:
        return CMD_READ_BACKWARD
    if cmd & 0x03 == 0x01:
        return CMD_WRITE
    if cmd & 0x03 == 0x02:
        return CMD_READ
    return CMD_CONTROL          # xxxx xx11


@dataclass
class Result:
    status: int = UNIT_CE | UNIT_DE
    data: bytes = b""
    residual: int = 0
    pending: bool = False


@dataclass
class Device:
    """Base of every device model.  Subclasses set ``devtype`` and implement ``execute``."""

    devnum: int                          # channel and unit address, e.g. 0x00C
    devtype: int = 0                     # e.g. 0x3505, 0x3420, 0x3330
    model: int = 0
    sense: bytearray = field(default_factory=lambda: bytearray(1))
    # Set by the channel when the device is attached to it:
    #   on_complete(device, result)   -> a pending CCW finished
    #   on_attention(device, status)  -> unsolicited status
    on_complete: object = None
    on_attention: object = None

    # --- called by the channel ------------------------------------------------------
    def execute(self, cmd: int, data: bytes | None, count: int) -> Result:
        raise NotImplementedError

    def chain_begin(self) -> None:
        pass

    def chain_end(self) -> None:
        pass

    def halt(self) -> None:
        """HIO/HDV/CLRIO: abandon any pending operation."""

    def reset(self) -> None:
        """I/O-system reset: drop pending state, keep the medium."""
        self.sense = bytearray(len(self.sense))

    def ready(self) -> bool:
        return True

    def sense_id(self) -> bytes:
        """Bytes for SENSE ID (X'E4'): FF, control-unit type/model, device type/model."""
        cu = self.devtype
        return bytes([0xFF, cu >> 8, cu & 0xFF, self.model or 1,
                      self.devtype >> 8, self.devtype & 0xFF, self.model or 1, 0])

    def close(self) -> None:
        """Release host resources (files, sockets)."""

    # --- used by the device itself -------------------------------------------------------
    def unit_check(self, sense0: int, *more: int) -> Result:
        """Set sense bytes and end the command with unit check."""
        self.sense = bytearray([sense0, *more]) + bytearray(max(0, len(self.sense) - 1 - len(more)))
        return Result(UNIT_CE | UNIT_DE | UNIT_UC)

    def command_reject(self) -> Result:
        return self.unit_check(SENSE_CMDREJ)

    def basic_sense(self, count: int) -> Result:
        """The SENSE command: transfer the sense bytes, then clear them."""
        data = bytes(self.sense)
        self.sense = bytearray(len(self.sense))
        return Result(UNIT_CE | UNIT_DE, data=data)

    def complete(self, result: Result) -> None:
        if self.on_complete is not None:
            self.on_complete(self, result)

    def attention(self, status: int = UNIT_ATTENTION) -> None:
        if self.on_attention is not None:
            self.on_attention(self, status)

    def describe(self) -> str:
        """One line for DEVLIST."""
        return f"{self.devnum:04X} {self.devtype:04X}"


def _print_line(msg: str) -> None:
    print(msg, flush=True)


@dataclass
class HostServices:
    """What a device model may ask of the machine it is attached to, and no more.

    Devices are handed this instead of the whole Machine (the bare machine and
    each virtual machine under CP build one):

    * ``log(msg)``: an operator message (one line, with its message id);
    * ``clock``: "real" or "deterministic" (devices that time things follow it);
    * ``wake()``: rouse a CPU sleeping in an enabled wait (status arrived);
    * ``hub()``: the TN3270/telnet terminal hub serving this machine, or None.
    """
    log: Callable[[str], None] = _print_line
    clock: str = "real"
    wake: Callable[[], None] = lambda: None
    hub: Callable[[], object] = lambda: None
