"""Card reader (2540R, 3505, 1442, 2501) and card punch (2540P, 3525).

Decks are host files, as in Hercules: EBCDIC (80-byte records, no delimiters) or
ASCII text (one card per line, translated with code page 037).  The reader's
device-statement arguments are file names followed by options (Hercules 3.13):
``eof`` (unit exception at end of deck) / ``intrq`` (default: unit check,
intervention required), ``multifile``, ``ascii`` / ``ebcdic`` (otherwise
auto-detected), ``trunc``, ``autopad``.  ``*`` as the file name means an empty
hopper.  The punch takes a file name and ``ascii``, ``crlf``, ``noclear``.
"""

from __future__ import annotations

import os
import sys

from ..ebcdic import BLANK as EBCDIC_BLANK, encode as ascii_to_ebcdic, printable as ebcdic_to_ascii
from .hostfile import DeviceConfigError, HostOutputFile
from .base import (Device, Result, UNIT_CE, UNIT_DE, UNIT_UX,
                   SENSE_DATACK, SENSE_INTREQ, SENSE_EQUIPCK)

CARD_SIZE = 80

# --- commands ----------------------------------------------------------------------
CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_SENSE_ID = 0xE4
READ_MASK, READ_CODE = 0x3F, 0x02        # SS00 0010: read, feed, stacker SS
CARD_IMAGE_BIT = 0x20                    # SS10 0010: column-binary read (not supported)
FEED_MASK, FEED_CODE = 0x3F, 0x23        # SS10 0011: feed, select stacker
PUNCH_MASK, PUNCH_CODE = 0x3F, 0x01      # SS00 0001: punch, feed, stacker SS


def _looks_ascii(sample: bytes) -> bool:
    if not sample:
        return True
    return all(0x20 <= b < 0x7F or b in (0x09, 0x0A, 0x0D, 0x0C) for b in sample)


class CardReader(Device):
    """A card reader whose hopper holds the cards of one or more host files."""

    def __init__(self, devnum: int = 0x00C, devtype: int = 0x3505, files=(), *, eof: bool = False,
                 multifile: bool = False, mode: str | None = None, trunc: bool = False,
                 autopad: bool = False):
        super().__init__(devnum, devtype, 1)
        self.sense = bytearray(1)
        self.files = list(files)
        self.eof = eof
        self.multifile = multifile
        self.mode = mode            # "ascii", "ebcdic" or None = detect
        self.trunc = trunc
        self.autopad = autopad
        self._cards: list[bytes] | None = None
        self._next = 0
        self.cards_read = 0
        self.error = ""

    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None):
        files, opts = [], {}
        for a in args:
            low = a.lower()
            if low in ("eof", "intrq"):
                opts["eof"] = low == "eof"
            elif low in ("ascii", "ebcdic"):
                opts["mode"] = low
            elif low in ("multifile", "trunc", "autopad"):
                opts[low] = True
            elif low == "sockdev":
                raise DeviceConfigError("sockdev readers are not supported")
            elif a == "*":
                continue
            else:
                files.append(a)
        for f in files:
            if not os.path.isfile(f):
                raise DeviceConfigError(f"card file {f} not found")
        return cls(devnum, _devtype_number(devtype, 0x3505), files, **opts)

    # --- deck handling -------------------------------------------------------------------
    def load(self, files, **opts) -> None:
        """devinit: new deck(s); the reader becomes ready (unsolicited device end)."""
        for k, v in opts.items():
            setattr(self, k, v)
        self.files = list(files)
        self._cards = None
        self._next = 0
        if self.files:
            self.attention(UNIT_DE)

    def _open_next(self) -> bool:
        """Read the next file into the hopper; False when no file is left."""
        while self.files:
            path = self.files.pop(0)
            try:
                with open(path, "rb") as f:
                    raw = f.read()
            except OSError as e:
                self.error = f"{self.devnum:04X}: cannot read {path}: {e.strerror}"
                print("S370CD001E " + self.error, file=sys.stderr)
                continue
            self._cards = self._split(raw)
            self._next = 0
            return True
        return False

    def _split(self, raw: bytes) -> list:
        mode = self.mode or ("ascii" if _looks_ascii(raw[:4096]) else "ebcdic")
        cards = []
        if mode == "ebcdic":
            for i in range(0, len(raw), CARD_SIZE):
                card = raw[i:i + CARD_SIZE]
                if len(card) < CARD_SIZE:
                    if not self.autopad:
                        cards.append(None)     # data check when read
                        break
                    card = card + bytes([0] * (CARD_SIZE - len(card)))
                cards.append(card)
            return cards
        text = raw.decode("latin-1")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for line in lines:
            line = line.rstrip("\r").expandtabs(8)
            if len(line) > CARD_SIZE:
                if not self.trunc:
                    cards.append(None)
                    continue
                line = line[:CARD_SIZE]
            cards.append(ascii_to_ebcdic(line.ljust(CARD_SIZE)))
        return cards

    def ready(self) -> bool:
        return (self._cards is not None and self._next < len(self._cards)) or bool(self.files)

    def _end_of_deck(self, count: int) -> Result:
        if self.eof:
            return Result(UNIT_CE | UNIT_DE | UNIT_UX, residual=count)
        r = self.unit_check(SENSE_INTREQ)
        r.residual = count
        return r

    def _feed(self):
        """The next card, or None at an end of file / empty hopper (end-of-deck status)."""
        while True:
            if self._cards is not None:
                if self._next < len(self._cards):
                    card = self._cards[self._next]
                    self._next += 1
                    return card, None
                self._cards = None
                if not (self.multifile and self.files):
                    return None, "eof"
            if not self._open_next():
                return None, "empty"

    # --- the commands ------------------------------------------------------------------------
    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_NOP:
            return Result(residual=count)
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id()[:7])
        is_read = (cmd & 0x0F) == 0x02 and (cmd & 0xC0) != 0xC0
        is_feed = (cmd & 0x3F) == FEED_CODE and (cmd & 0xC0) != 0xC0
        if not (is_read and not cmd & 0x30) and not is_feed:
            r = self.command_reject()
            r.residual = count
            return r
        card, why = self._feed()
        if card is None and why is not None:
            if why == "empty":
                r = self.unit_check(SENSE_INTREQ)
                r.residual = count
                return r
            return self._end_of_deck(count)
        self.cards_read += 1
        if card is None:
            return self.unit_check(SENSE_DATACK)
        if is_feed:
            return Result(residual=count)
        return Result(data=card)

    def reset(self) -> None:
        super().reset()

    def describe(self) -> str:
        left = 0 if self._cards is None else len(self._cards) - self._next
        files = " ".join(self.files)
        state = f"{left} cards" + (f" +{files}" if files else "")
        return (f"{self.devnum:04X} {self.devtype:04X} {state}"
                f"{' eof' if self.eof else ' intrq'}{' multifile' if self.multifile else ''}")


class CardPunch(HostOutputFile, Device):
    """A card punch writing each card to a host file."""

    def __init__(self, devnum: int = 0x00D, devtype: int = 0x3525, path: str | None = None, *,
                 ascii: bool = False, crlf: bool = False, noclear: bool = False):
        super().__init__(devnum, devtype, 1)
        self.sense = bytearray(1)
        self.ascii = ascii
        self.crlf = crlf
        self.noclear = noclear
        self.path = path
        self._file = None
        self.cards_punched = 0
        self.error = ""
        if path:
            self._open(path)

    @classmethod
    def from_config(cls, devnum: int, devtype: str, args: list[str], host=None):
        path, opts = None, {}
        for a in args:
            low = a.lower()
            if low in ("ascii", "crlf", "noclear"):
                opts[low] = True
            elif low == "ebcdic":
                opts["ascii"] = False
            elif path is None:
                path = a
            else:
                raise DeviceConfigError(f"unknown punch option {a}")
        dev = cls(devnum, _devtype_number(devtype, 0x3525), None, **opts)
        if path:
            dev._open(path, strict=True)
        return dev

    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_NOP:
            return Result(residual=count)
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id()[:7])
        if (cmd & PUNCH_MASK) != PUNCH_CODE or (cmd & 0xC0) == 0xC0:
            r = self.command_reject()
            r.residual = count
            return r
        if self._file is None:
            r = self.unit_check(SENSE_INTREQ)
            r.residual = count
            return r
        data = bytes(data or b"")
        card = data[:CARD_SIZE]
        short = CARD_SIZE - len(card)
        try:
            if self.ascii:
                line = ebcdic_to_ascii(card).rstrip(" ")
                self._file.write(line.encode("latin-1") + (b"\r\n" if self.crlf else b"\n"))
            else:
                self._file.write(card + bytes([EBCDIC_BLANK]) * short if short else card)
            self._file.flush()
        except OSError:
            return self.unit_check(SENSE_EQUIPCK)
        self.cards_punched += 1
        r = Result(residual=len(data) - len(card))
        if short:
            r.residual = -short          # the device wanted a whole card: incorrect length
        return r

    def describe(self) -> str:
        return (f"{self.devnum:04X} {self.devtype:04X} {self.path or '*'}"
                f"{' ascii' if self.ascii else ' ebcdic'}{' crlf' if self.crlf else ''}")


def _devtype_number(devtype: str, default: int) -> int:
    digits = "".join(ch for ch in devtype[:4] if ch.isdigit())
    try:
        return int(digits, 16) if len(digits) == 4 else default
    except ValueError:
        return default
