"""A channel-attached local non-SNA 3270 display (3274 control unit, 3278 display).

The device keeps a host-side image of the screen (``s370.tn3270.datastream.Screen``):
every write goes both into the image and, translated to the remote command
code, to the TN3270 client; every inbound record from the client (an AID key)
is applied to the image and raises attention.  Read Buffer and Read Modified
are then answered from the image without a round trip to the client.

No client connected -> unit check, intervention required (except Sense and
Sense ID).  A connecting client gets a connect screen naming the device
(as Hercules shows its logo) and the program gets an unsolicited device end
(not ready -> ready).
"""

from __future__ import annotations

import logging
import threading

from .. import ebcdic
from .base import (Device, Result, SENSE_INTREQ, UNIT_ATTENTION, UNIT_CE, UNIT_DE)
from ..tn3270 import datastream as ds

log = logging.getLogger("s370.devices.display")

SENSE_OPCHECK = 0x01          # operation check: invalid data stream
CU_TYPE, CU_MODEL = 0x3274, 0x1D
DEVICE_TYPE = 0x3278

WRITE_COMMANDS = {ds.CMD_WRITE: (False, False), ds.CMD_ERASE_WRITE: (True, False),
                  ds.CMD_ERASE_WRITE_ALT: (True, True)}
VALID_COMMANDS = frozenset([*WRITE_COMMANDS, ds.CMD_ERASE_ALL_UNPROT, ds.CMD_READ_BUFFER,
                            ds.CMD_READ_MODIFIED, ds.CMD_NOP, ds.CMD_SENSE, ds.CMD_SENSE_ID,
                            *ds.SELECT_COMMANDS])
IGNORED_AIDS = frozenset([ds.AID_NONE, ds.AID_STRUCTURED_FIELD])   # replies, not keys


class Display3270(Device):
    terminal_kind = "3270"

    def __init__(self, devnum: int, *, group: str | None = None, host=None):
        super().__init__(devnum=devnum, devtype=0x3270, model=2)
        self.group = group
        self.host = host
        self.session = None
        self.screen = ds.Screen(2)
        self._lock = threading.RLock()

    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None) -> "Display3270":
        """Hercules: ``devnum 3270 [groupname] [ipaddr [mask]]`` (only the group is used)."""
        group = None
        if args and not _looks_like_ip(args[0]):
            group = args[0]
        return cls(devnum, group=group, host=host)

    # --- terminal side (called by the TerminalHub) ------------------------------------------
    def connect(self, session) -> bool:
        with self._lock:
            if self.session is not None:
                return False
            self.session = session
            self.model = getattr(session, "model", 2)
            rows, cols = getattr(session, "rows", 24), getattr(session, "cols", 80)
            self.screen = ds.Screen(self.model, alternate=(rows, cols))
            self._write(ds.CMD_ERASE_WRITE, self.connect_screen(session))
        self.attention(UNIT_DE)              # not ready -> ready
        return True

    def disconnect(self) -> None:
        with self._lock:
            self.session = None

    def inbound(self, record: bytes) -> None:
        """One record from the terminal: apply it to the image, raise attention for AID keys."""
        if not record or record[0] in IGNORED_AIDS:
            return
        with self._lock:
            if self.session is None:
                return
            try:
                self.screen.apply_inbound(record)
            except ds.DataStreamError as exc:
                log.info("3270 %04X: inbound record dropped: %s", self.devnum, exc)
                return
        self.attention(UNIT_ATTENTION)

    def attention_key(self) -> None:
        """TN3270E ATTN / telnet BREAK: a 3270 has no such key; treat it as PA1."""
        self.inbound(bytes([ds.AID_PA1]))

    def connect_screen(self, session) -> bytes:
        """WCC + orders of the screen shown until the program writes its own."""
        peer = getattr(session, "peer", "")
        lines = [
            "S/370 emulator - local 3270 display",
            "",
            f"Connected to device {self.devnum:04X} (3270 model {self.model})"
            + (f" from {peer}" if peer else ""),
            "Waiting for the program to write to this terminal.",
        ]
        out = bytearray([0xC0 | ds.WCC_KEYBOARD_RESTORE | ds.WCC_RESET_MDT])
        for i, text in enumerate(lines):
            out.append(ds.ORDER_SBA)
            out += ds.encode_address((i + 2) * 80 + 1)
            out.append(ds.ORDER_SF)
            out += ds.encode_attribute(ds.FA_PROTECTED | (ds.FA_INTENSIFIED if i == 0 else 0))
            out += ebcdic.encode(text)
        return bytes(out)

    # --- channel side ---------------------------------------------------------------------------
    def execute(self, cmd: int, data: bytes | None, count: int) -> Result:
        if cmd not in VALID_COMMANDS:
            return self.command_reject()
        if cmd == ds.CMD_SENSE:
            return self.basic_sense(count)
        if cmd == ds.CMD_SENSE_ID:
            return Result(UNIT_CE | UNIT_DE, data=self.sense_id())
        with self._lock:
            if self.session is None:
                return self.unit_check(SENSE_INTREQ)
            if cmd == ds.CMD_NOP or cmd in ds.SELECT_COMMANDS:
                return Result()
            if cmd in WRITE_COMMANDS:
                return self._write(cmd, data or b"")
            if cmd == ds.CMD_ERASE_ALL_UNPROT:
                self.screen.erase_all_unprotected()
                self._send(cmd, b"")
                return Result()
            if cmd == ds.CMD_READ_BUFFER:
                return Result(data=self.screen.read_buffer())
            return Result(data=self.screen.read_modified())     # Read Modified

    def _write(self, cmd: int, data: bytes) -> Result:
        erase, alternate = WRITE_COMMANDS[cmd]
        error = None
        try:
            self.screen.write(data, erase=erase, alternate=alternate)
        except ds.DataStreamError as exc:
            error = exc
        self._send(cmd, data)
        if error is not None:
            return self.unit_check(SENSE_OPCHECK)
        return Result()

    def _send(self, cmd: int, data: bytes) -> None:
        session = self.session
        if session is not None:
            session.send_record(bytes([ds.LOCAL_TO_REMOTE[cmd]]) + data)

    def sense_id(self) -> bytes:
        return bytes([0xFF, CU_TYPE >> 8, CU_TYPE & 0xFF, CU_MODEL,
                      DEVICE_TYPE >> 8, DEVICE_TYPE & 0xFF, self.model or 2])

    def ready(self) -> bool:
        return self.session is not None

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.screen.aid = ds.AID_NONE

    def close(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.close()

    def describe(self) -> str:
        where = getattr(self.session, "peer", None)
        return (f"{self.devnum:04X} 3270 " + (f"GROUP={self.group} " if self.group else "")
                + (f"connected {where}" if where else "not connected"))


def _looks_like_ip(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(p.isdigit() for p in parts)
