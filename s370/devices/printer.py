"""Line printers 1403 and 3211 (1443, 3203 behave as 1403) writing ASCII files.

As in Hercules 3.13: each printed line is translated (code page 037), trailing
blanks are removed, and paper motion becomes newlines (``crlf``: CR LF); a skip to
channel 1 (top of form) becomes a form feed.  Writing without spacing ends the line
with a bare CR so the next line overprints.  The carriage tape / FCB maps channels
1-12 to lines; the default is Hercules' ``fcb=1,7,13,19,25,31,37,43,63,49,55,61``
on a 66-line form.  Options: ``crlf``, ``noclear``, ``fcbcheck`` (default: skip to
an unpunched channel is a unit check) / ``nofcbcheck``, ``fcb=...``, ``lpp=nn``,
``browse``/``print``, ``index=nn``, ``lpi=6|8`` (accepted).

Spacing that reaches the channel-12 line ends the command with unit exception
(forms overflow).  The channel-9 unit check of a real 1403 is not modelled.
"""

from __future__ import annotations

from .base import (Device, Result, UNIT_CE, UNIT_DE, UNIT_UX,
                   SENSE_CMDREJ, SENSE_INTREQ, SENSE_EQUIPCK)
from ..ebcdic import printable as ebcdic_to_ascii
from .card import _devtype_number
from .hostfile import DeviceConfigError, HostOutputFile

LINE_WIDTH = 132
DEFAULT_LPP = 66
DEFAULT_FCB = (1, 7, 13, 19, 25, 31, 37, 43, 63, 49, 55, 61)   # channels 1..12
SENSE_LOAD_CHECK = 0x02
SENSE_CHANNEL9 = 0x01

CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_SENSE_ID = 0xE4
CMD_LOAD_FCB = 0x63
CMD_FOLD = 0x43
CMD_UNFOLD = 0x23
CMD_RAISE_COVER = 0x6B
CMD_BLOCK_DATA_CHECK = 0x73
CMD_ALLOW_DATA_CHECK = 0x7B
CMD_UCS_GATE_LOAD = 0xEB
CMD_LOAD_UCS_FOLD = 0xF3
CMD_LOAD_UCS = 0xFB
FCB_END_OF_FORM = 0x10
FCB_INDEX_FLAG = 0x80


def parse_fcb_option(text: str) -> dict[int, int]:
    """``fcb=1,7,...`` (12 line numbers) or ``fcb=1:1,7:2,...`` (line:channel) -> {channel: line}."""
    out = {}
    parts = [p for p in text.split(",") if p]
    try:
        if any(":" in p for p in parts):
            for p in parts:
                line, ch = p.split(":")
                if int(line):
                    out[int(ch)] = int(line)
        else:
            if len(parts) > 12:
                raise ValueError
            for ch, line in enumerate(parts, 1):
                if int(line):
                    out[ch] = int(line)
    except ValueError:
        raise DeviceConfigError(f"invalid fcb={text}") from None
    if any(not 1 <= ch <= 12 for ch in out):
        raise DeviceConfigError(f"invalid fcb={text}")
    return out


class Printer(HostOutputFile, Device):
    """A 1403 or 3211 printing to an ASCII file."""

    def __init__(self, devnum: int = 0x00E, devtype: int = 0x1403, path: str | None = None, *,
                 crlf: bool = False, noclear: bool = False, fcbcheck: bool = True,
                 fcb: dict | None = None, lpp: int = DEFAULT_LPP):
        super().__init__(devnum, devtype, 1)
        self.sense = bytearray(6 if devtype == 0x3211 else 1)
        self.crlf = crlf
        self.noclear = noclear
        self.fcbcheck = fcbcheck
        self.lpp = lpp
        self.channels = dict(fcb) if fcb is not None else {
            ch: line for ch, line in enumerate(DEFAULT_FCB, 1)}
        self.line = 1
        self._overprint = False
        self.path = path
        self._file = None
        self.lines_printed = 0
        self.error = ""
        if path:
            self._open(path)

    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None):
        path, opts = None, {}
        for a in args:
            low = a.lower()
            if low in ("crlf", "noclear"):
                opts[low] = True
            elif low in ("fcbcheck", "nofcbcheck"):
                opts["fcbcheck"] = low == "fcbcheck"
            elif low.startswith("fcb="):
                opts["fcb"] = parse_fcb_option(a[4:])
            elif low.startswith("lpp="):
                try:
                    opts["lpp"] = int(a[4:])
                except ValueError:
                    raise DeviceConfigError(f"invalid {a}") from None
            elif low in ("browse", "print") or low.startswith(("index=", "lpi=")):
                continue
            elif low in ("sockdev", "rawcc"):
                raise DeviceConfigError(f"printer option {a} is not supported")
            elif path is None:
                path = a
            else:
                raise DeviceConfigError(f"unknown printer option {a}")
        dev = cls(devnum, _devtype_number(devtype, 0x1403), None, **opts)
        if path:
            dev._open(path, strict=True)
        return dev

    # --- the output file ------------------------------------------------------------------
    def _loaded(self) -> None:
        self.line = 1

    def _put(self, text: str) -> None:
        self._file.write(text.encode("latin-1", errors="replace"))

    @property
    def _nl(self) -> str:
        return "\r\n" if self.crlf else "\n"

    # --- paper motion ------------------------------------------------------------------------
    def _space(self, n: int) -> int:
        """Advance n lines; returns UNIT_UX if the channel-12 line was reached."""
        status = 0
        ch12 = self.channels.get(12)
        for _ in range(n):
            self.line += 1
            if self.line > self.lpp:
                self.line = 1
            if self.line == ch12:
                status = UNIT_UX
        self._put(self._nl * n)
        self._overprint = False
        return status

    def _skip(self, channel: int, moved_write: bool) -> Result | None:
        target = self.channels.get(channel)
        if target is None or target > self.lpp:
            if self.fcbcheck:
                return self.unit_check(SENSE_CMDREJ)
            self._space(1)
            return None
        if target == self.line and not moved_write and not self._overprint:
            return None
        if target == 1:
            self._put("\f")
        elif target > self.line:
            self._put(self._nl * (target - self.line))
        else:
            self._put("\f" + self._nl * (target - 1))
        self.line = target
        self._overprint = False
        return None

    def _load_fcb(self, data: bytes) -> Result:
        if self.devtype != 0x3211:
            return self.command_reject()
        image = bytes(data)
        if image and image[0] & FCB_INDEX_FLAG:
            image = image[1:]
        channels = {}
        lines = 0
        for i, b in enumerate(image):
            if b & 0x20 or b & 0x0F > 12:
                return self.unit_check(SENSE_LOAD_CHECK)
            lines = i + 1
            if b & 0x0F:
                channels.setdefault(b & 0x0F, i + 1)
            if b & FCB_END_OF_FORM and i > 0:
                break
        else:
            return self.unit_check(SENSE_LOAD_CHECK)    # no end-of-form mark
        self.channels = channels
        self.lpp = lines
        self.line = 1
        return Result(residual=len(data) - lines - (len(data) - len(image)))

    # --- commands -------------------------------------------------------------------------------
    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id()[:7])
        if cmd == CMD_NOP:
            return Result(residual=count)
        if self._file is None and cmd & 0x03 in (0x01, 0x03):
            r = self.unit_check(SENSE_INTREQ)
            r.residual = count
            return r
        try:
            if cmd & 0x07 == 0x01:
                return self._write(cmd, bytes(data or b""))
            if cmd & 0x03 == 0x03:
                return self._control(cmd, bytes(data or b""), count)
        except OSError:
            return self.unit_check(SENSE_EQUIPCK)
        r = self.command_reject()
        r.residual = count
        return r

    def _write(self, cmd: int, data: bytes) -> Result:
        if cmd & 0x80:
            channel = (cmd >> 3) & 0x0F
            if not 1 <= channel <= 12:
                return self.command_reject()
        elif cmd not in (0x01, 0x09, 0x11, 0x19):
            return self.command_reject()
        text = ebcdic_to_ascii(data[:LINE_WIDTH]).rstrip(" ")
        self._put(text)
        self.lines_printed += 1
        residual = max(0, len(data) - LINE_WIDTH)
        status = UNIT_CE | UNIT_DE
        if cmd & 0x80:
            r = self._skip((cmd >> 3) & 0x0F, moved_write=True)
            if r is not None:
                return r
        elif cmd == 0x01:
            self._put("\r")
            self._overprint = True
        else:
            status |= self._space((cmd >> 3) & 0x03)
        self._file.flush()
        return Result(status, residual=residual)

    def _control(self, cmd: int, data: bytes, count: int) -> Result:
        if cmd in (0x0B, 0x13, 0x1B):
            status = UNIT_CE | UNIT_DE | self._space((cmd >> 3) & 0x03)
            self._file.flush()
            return Result(status, residual=count)
        if cmd & 0x87 == 0x83 and 1 <= (cmd >> 3) & 0x0F <= 12:
            r = self._skip((cmd >> 3) & 0x0F, moved_write=False)
            self._file.flush()
            return r if r is not None else Result(residual=count)
        if cmd == CMD_LOAD_FCB:
            return self._load_fcb(data)
        if cmd in (CMD_BLOCK_DATA_CHECK, CMD_ALLOW_DATA_CHECK, CMD_UCS_GATE_LOAD):
            return Result(residual=count)
        if cmd in (CMD_LOAD_UCS, CMD_LOAD_UCS_FOLD):
            return Result(residual=0)
        if self.devtype == 0x3211 and cmd in (CMD_FOLD, CMD_UNFOLD, CMD_RAISE_COVER):
            return Result(residual=count)
        r = self.command_reject()
        r.residual = count
        return r

    def describe(self) -> str:
        return (f"{self.devnum:04X} {self.devtype:04X} {self.path or '*'}"
                f"{' crlf' if self.crlf else ''} line {self.line}/{self.lpp}")
