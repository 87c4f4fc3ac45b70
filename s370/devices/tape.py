"""3420 magnetic tape drive (3803 control unit) on AWS/HET images; also 3410/3411/3480.

Commands and status follow devices.md section 6 (GX20-1850 tape panel) and Hercules
3.13 (tapeccws.c: the 3420 command-validity table, build_sense_3410_3420).  Sense is 24
bytes: byte 0 the common unit-check reasons, byte 1 the drive state (TU status A/B, load
point, file protected), byte 4 X'40' tape indicate (past the reflective EOT marker, as
Hercules sets it for the 3420), bytes 5, 6, 13-20 the fixed model bytes Hercules fills.

Deliberate differences from Hercules, both architecturally cleaner for our channel:
rewind-unload ends CE+DE (Hercules 3420: UC+DE+CUE with intervention required), and a
command that needs a tape when none is mounted always ends CE+DE+UC.
"""

from __future__ import annotations

import logging
import os

from s370.devices.base import (SENSE_CMDREJ, SENSE_DATACK, SENSE_EQUIPCK, SENSE_INTREQ,
                               UNIT_CE, UNIT_DE, UNIT_UC, UNIT_UX, Device, Result)
from media.tape.image import (EOT, LOADPOINT, TAPEMARK, TapeDataError,
                         TapeError, TapeFull, TapeWriteProtected, open_tape)

log = logging.getLogger("s370.tape")

# --- command codes (GX20-1850 "Magnetic Tape") ------------------------------------------
CMD_WRITE = 0x01
CMD_READ = 0x02
CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_REWIND = 0x07
CMD_READ_BACKWARD = 0x0C
CMD_REWIND_UNLOAD = 0x0F
CMD_ERASE_GAP = 0x17
CMD_REQUEST_TRACK_IN_ERROR = 0x1B
CMD_WRITE_TAPEMARK = 0x1F
CMD_BACKSPACE_BLOCK = 0x27
CMD_BACKSPACE_FILE = 0x2F
CMD_FORWARD_SPACE_BLOCK = 0x37
CMD_FORWARD_SPACE_FILE = 0x3F
CMD_DATA_SECURITY_ERASE = 0x97
CMD_SENSE_ID = 0xE4
# Mode sets (7-track density/parity/translate, 9-track 800/1600/6250 bpi) and the
# other commands Hercules' 3420 table treats as no-ops for an emulated tape.
MODE_SET_NOPS = frozenset({0x13, 0x23, 0x2B, 0x33, 0x3B, 0x53, 0x63, 0x6B, 0x73, 0x7B,
                           0x93, 0xA3, 0xAB, 0xB3, 0xBB, 0xC3, 0xCB, 0xD3, 0xD4, 0xEB,
                           0xF4})

# --- sense bytes (devices.md 6.2) -----------------------------------------------------------
SENSE_BYTES = 24
SENSE_BYTES_3410 = 9           # the 3410/3411 presents 9 sense bytes
SENSE1_NOISE = 0x80
SENSE1_TU_STATUS_A = 0x40      # selected and ready
SENSE1_TU_STATUS_B = 0x20      # not ready
SENSE1_7TRACK = 0x10
SENSE1_LOAD_POINT = 0x08
SENSE1_WRITE_STATUS = 0x04
SENSE1_FILE_PROTECTED = 0x02
SENSE1_NOT_CAPABLE = 0x01
SENSE3_VRC = 0x80
SENSE3_LRC = 0x40              # with VRC: multitrack error (Hercules read failure: C0)
SENSE3_SKEW = 0x20
SENSE4_TAPE_UNIT_REJECT = 0x80
SENSE4_TAPE_INDICATE = 0x40    # reflective EOT marker passed (Hercules 3420 value)
SENSE4_CMDREJ_DETAIL = 0x01    # Hercules sets it with command reject
SENSE7_END_OF_TAPE = 0x60      # Hercules: tape ran off the reel / no more data

SUPPORTED_TYPES = {"3420": 0x3420, "3410": 0x3410, "3411": 0x3411, "3480": 0x3480}

# Commands that need a mounted tape (everything but sense, sense ID and the no-ops).
NEEDS_TAPE = frozenset({CMD_WRITE, CMD_READ, CMD_NOP, CMD_REWIND, CMD_READ_BACKWARD,
                        CMD_REWIND_UNLOAD, CMD_ERASE_GAP, CMD_REQUEST_TRACK_IN_ERROR,
                        CMD_WRITE_TAPEMARK, CMD_BACKSPACE_BLOCK, CMD_BACKSPACE_FILE,
                        CMD_FORWARD_SPACE_BLOCK, CMD_FORWARD_SPACE_FILE,
                        CMD_DATA_SECURITY_ERASE})

CE_DE = UNIT_CE | UNIT_DE


def parse_size(text: str) -> int:
    """'1000', '64K', '170M' -> bytes."""
    t = text.strip().upper()
    mult = 1
    if t.endswith("K"):
        mult, t = 1024, t[:-1]
    elif t.endswith("M"):
        mult, t = 1024 * 1024, t[:-1]
    elif t.endswith("G"):
        mult, t = 1024 ** 3, t[:-1]
    value = int(t, 0)
    if value < 0:
        raise ValueError("negative size")
    return value * mult


def parse_options(args: list[str]) -> tuple[dict, list[str]]:
    """Hercules tape options -> (open_tape keyword arguments, unknown options)."""
    opts: dict = {}
    unknown: list[str] = []
    for arg in args:
        key, _, val = arg.partition("=")
        k = key.lower()
        try:
            if k in ("ro", "noring"):
                opts["readonly"] = True
            elif k in ("rw", "ring"):
                opts["readonly"] = False
            elif k == "readonly":
                opts["readonly"] = val.strip() not in ("0", "")
            elif k in ("compress", "idrc"):
                opts["compress"] = val.strip() != "0"
            elif k == "method":
                opts["method"] = {"1": "zlib", "2": "bzip2"}.get(val.strip(), val.strip())
            elif k == "level":
                opts["level"] = int(val)
            elif k == "chunksize":
                opts["chunksize"] = int(val)
            elif k == "maxsize":
                opts["maxsize"] = parse_size(val)
            elif k == "maxsizek":
                opts["maxsize"] = int(val) * 1024
            elif k == "maxsizem":
                opts["maxsize"] = int(val) * 1024 * 1024
            elif k == "eotmargin":
                opts["eotmargin"] = parse_size(val)
            elif k == "awstape":
                opts["kind"] = "aws"
            elif k in ("deonirq", "noautomount", "strictsize", "--no-erg", "--blkid-22",
                       "--blkid-32"):
                pass                       # accepted; no meaning for an emulated 3420
            else:
                unknown.append(arg)
        except ValueError:
            unknown.append(arg)
    return opts, unknown


class TapeDevice(Device):
    """One tape drive.  ``image`` is the mounted AWS/HET image or None (not ready)."""

    def __init__(self, devnum: int, devtype: int = 0x3420, model: int = 0):
        super().__init__(devnum=devnum, devtype=devtype, model=model,
                         sense=bytearray(SENSE_BYTES))
        self.image = None
        self.filename: str | None = None
        self.sense_pending = False
        self._prev_cmd: int | None = None     # previous command in this channel program
        self.messages: list[str] = []         # operator messages (also logged)

    # --- configuration -----------------------------------------------------------------------
    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None):
        """Hercules device statement: ``0580 3420 file.aws [ro] [maxsize=...] ...``;
        file name ``*`` (or none) = no tape mounted."""
        dtype = SUPPORTED_TYPES.get(str(devtype).upper(), 0x3420)
        dev = cls(devnum, dtype)
        dev.host = host
        if args and args[0] != "*":
            dev.load(args[0], args[1:])
        elif len(args) > 1:
            dev._note_unknown(parse_options(args[1:])[1])
        return dev

    def _say(self, text: str) -> None:
        """One operator message with an id, through the machine's log (HHC style)."""
        self.messages.append(text)
        host = getattr(self, "host", None)
        if host is not None:
            host.log(f"HHCTA001E {self.devnum:04X}: {text}")
        else:
            log.warning("HHCTA001E %04X: %s", self.devnum, text)

    def _note_unknown(self, unknown: list[str]) -> None:
        if unknown:
            self._say("ignoring unknown tape option(s): " + " ".join(unknown))

    def load(self, path: str, options: list[str] | dict | None = None) -> bool:
        """Mount an image (devinit).  Returns False (drive stays empty) on failure; the
        reason is in ``messages``.  A drive that becomes ready presents device end."""
        if isinstance(options, dict):
            opts, unknown = dict(options), []
        else:
            opts, unknown = parse_options(list(options or []))
        self._note_unknown(unknown)
        was_ready = self.image is not None
        self.unload(quiet=True)
        if os.path.isdir(path):
            self._say(f"{path}: is a directory, not a tape image")
            return False
        try:
            self.image = open_tape(path, **opts)
        except TapeError as exc:
            self._say(str(exc))
            return False
        self.filename = path
        if self.image.damage:                 # already logged once by media.tape.aws
            self.messages.append(self.image.damage)
        if not was_ready:
            self.attention(UNIT_DE)
        return True

    def unload(self, quiet: bool = False) -> None:
        if self.image is not None:
            self.image.close()
        self.image = None
        self.filename = None

    def close(self) -> None:
        self.unload(quiet=True)

    def ready(self) -> bool:
        return self.image is not None

    def describe(self) -> str:
        if self.image is None:
            return f"{self.devnum:04X} {self.devtype:04X} * (no tape)"
        pos = self.image.position()
        ro = " ro" if self.image.readonly else ""
        return (f"{self.devnum:04X} {self.devtype:04X} {self.filename}{ro} "
                f"[file {pos.file} block {pos.block}]")

    # --- channel interface ---------------------------------------------------------------------
    def chain_begin(self) -> None:
        self._prev_cmd = None

    def chain_end(self) -> None:
        self._prev_cmd = None

    def reset(self) -> None:
        self.sense = bytearray(SENSE_BYTES)
        self.sense_pending = False
        self._prev_cmd = None

    def execute(self, cmd: int, data: bytes | None, count: int) -> Result:
        result = self._execute(cmd, data, count)
        # Control orders transfer no data (immediate: residual = count, no incorrect
        # length); a write that failed took none of its data either.
        if data is not None and (cmd & 0x03 == 0x03 or result.status & UNIT_UC):
            result.residual = len(data)
        return result

    def _execute(self, cmd: int, data: bytes | None, count: int) -> Result:
        prev, self._prev_cmd = self._prev_cmd, cmd
        if cmd == CMD_SENSE:
            return self._sense()
        self.sense_pending = False
        if cmd in MODE_SET_NOPS:
            return Result(CE_DE)
        if cmd == CMD_SENSE_ID:
            if self.devtype in (0x3410, 0x3411, 0x3420):
                return self._check(SENSE_CMDREJ, byte4=SENSE4_CMDREJ_DETAIL)
            return Result(CE_DE, data=self.sense_id())
        if cmd not in NEEDS_TAPE:
            return self._check(SENSE_CMDREJ, byte4=SENSE4_CMDREJ_DETAIL)
        if self.image is None:
            return self._check(SENSE_INTREQ, byte1=SENSE1_TU_STATUS_B)
        try:
            return self._run(cmd, data, prev)
        except TapeWriteProtected:
            return self._check(SENSE_CMDREJ)
        except TapeFull as exc:
            self._say(str(exc))
            return self._check(SENSE_EQUIPCK, byte1=SENSE1_TU_STATUS_B,
                               byte7=SENSE7_END_OF_TAPE)
        except TapeDataError as exc:
            self._say(str(exc))
            return self._check(SENSE_DATACK, byte3=SENSE3_VRC | SENSE3_LRC)
        except TapeError as exc:
            self._say(str(exc))
            return self._check(SENSE_EQUIPCK, byte1=SENSE1_TU_STATUS_B)

    def _run(self, cmd: int, data: bytes | None, prev: int | None) -> Result:
        img = self.image
        if cmd == CMD_READ:
            block = img.read_forward()
            if block is TAPEMARK:
                return Result(CE_DE | UNIT_UX)
            if block is EOT:
                return self._end_of_data()
            return Result(CE_DE, data=block)
        if cmd == CMD_READ_BACKWARD:
            block = img.read_backward()
            if block is TAPEMARK:
                return Result(CE_DE | UNIT_UX)
            if block is LOADPOINT:
                return self._check(0)
            return Result(CE_DE, data=block[::-1])
        if cmd == CMD_WRITE:
            img.write(data or b"")
            return self._after_write()
        if cmd == CMD_WRITE_TAPEMARK:
            img.write_tapemark()
            return self._after_write()
        if cmd == CMD_ERASE_GAP:
            img.erase_gap()
            return self._after_write()
        if cmd == CMD_DATA_SECURITY_ERASE:
            if prev != CMD_ERASE_GAP:         # must be command-chained from erase gap
                return self._check(SENSE_CMDREJ, byte4=SENSE4_CMDREJ_DETAIL)
            img.data_security_erase()
            return Result(CE_DE)
        if cmd in (CMD_NOP, CMD_REQUEST_TRACK_IN_ERROR):
            return Result(CE_DE)
        if cmd == CMD_REWIND:
            img.rewind()
            return Result(CE_DE)
        if cmd == CMD_REWIND_UNLOAD:
            img.rewind()
            self.unload()
            return Result(CE_DE)
        if cmd == CMD_BACKSPACE_BLOCK:
            r = img.backspace_block()
            if r is LOADPOINT:
                return self._check(0)
            return Result(CE_DE | (UNIT_UX if r is TAPEMARK else 0))
        if cmd == CMD_BACKSPACE_FILE:
            if img.backspace_file() is LOADPOINT:
                return self._check(0)
            return Result(CE_DE)
        if cmd == CMD_FORWARD_SPACE_BLOCK:
            r = img.forward_space_block()
            if r is EOT:
                return self._end_of_data()
            return Result(CE_DE | (UNIT_UX if r is TAPEMARK else 0))
        if cmd == CMD_FORWARD_SPACE_FILE:
            if img.forward_space_file() is EOT:
                return self._end_of_data()
            return Result(CE_DE)
        return self._check(SENSE_CMDREJ, byte4=SENSE4_CMDREJ_DETAIL)

    def _after_write(self) -> Result:
        """Writes past the reflective marker still succeed but add unit exception."""
        return Result(CE_DE | (UNIT_UX if self.image.passed_eot else 0))

    def _end_of_data(self) -> Result:
        """Reading past the last recorded block: Hercules' 'empty tape' unit check."""
        return self._check(SENSE_EQUIPCK, byte1=SENSE1_TU_STATUS_B, byte7=SENSE7_END_OF_TAPE)

    # --- sense ------------------------------------------------------------------------------------
    def _status_sense(self) -> bytearray:
        """Sense bytes with the drive-state bits (byte 1, byte 4) and the model bytes."""
        s = bytearray(SENSE_BYTES)
        img = self.image
        if img is None:
            s[0] = SENSE_INTREQ
            s[1] = SENSE1_TU_STATUS_B | SENSE1_FILE_PROTECTED
        else:
            s[1] = SENSE1_TU_STATUS_A
            if img.at_load_point:
                s[1] |= SENSE1_LOAD_POINT
            if img.readonly:
                s[1] |= SENSE1_FILE_PROTECTED
            if img.passed_eot:
                s[4] |= SENSE4_TAPE_INDICATE
        if self.devtype in (0x3410, 0x3411):
            s[5] = 0x40
            s[6] = 0x22                       # dual density 3410/3411 model 2
        else:
            s[5] |= 0xC0
            s[6] |= 0x03
            s[13], s[14], s[16], s[19], s[20] = 0x80, 0x01, 0x01, 0xFF, 0xFF
        return s

    def _check(self, sense0: int, byte1: int = 0, byte3: int = 0, byte4: int = 0,
               byte7: int = 0) -> Result:
        """Unit check: remember sense for the SENSE command that follows."""
        s = self._status_sense()
        s[0] |= sense0
        if byte1 & SENSE1_TU_STATUS_B:
            s[1] = (s[1] & ~SENSE1_TU_STATUS_A) | SENSE1_TU_STATUS_B
        s[1] |= byte1
        s[3] |= byte3
        s[4] |= byte4
        s[7] |= byte7
        self.sense = s
        self.sense_pending = True
        return Result(CE_DE | UNIT_UC)

    def _sense(self) -> Result:
        data = bytes(self.sense) if self.sense_pending else bytes(self._status_sense())
        if self.devtype in (0x3410, 0x3411):
            data = data[:SENSE_BYTES_3410]
        self.sense = bytearray(SENSE_BYTES)
        self.sense_pending = False
        return Result(CE_DE, data=data)

    def sense_id(self) -> bytes:
        """3480 SENSE ID: FF, control unit 3480-01, device 3480-01 (Hercules values)."""
        return bytes([0xFF, 0x34, 0x80, 0x01, 0x34, 0x80, 0x01])
