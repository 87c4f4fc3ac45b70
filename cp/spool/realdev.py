"""Real unit-record devices behind the spool: printers and punches that drain the system
queues to host files, and card readers that put decks into users' virtual readers.

The system configuration names them; the start path calls

    cp.spool.realdev.install(system, [(raddr, type, host_path), ...]) -> RealUnitRecords

with ``type`` one of ``REAL_TYPES`` (1403, 3211, 2540P, 3525, 2540R, 3505) and
``host_path`` the printer's or punch's output file (appended to, so output of
earlier runs is kept) or, for a reader, a deck read at START (None: an empty
hopper).  ``system.spool_devices`` is the result (raddr -> device).

Output (GC20-1806 section 5, "Operator Spooling Functions"):
* a started printer or punch takes the first file of its queue whose class is
  one of the device's (START raddr CLASS abcd, up to four; default A), whoever
  owns it, not held; prints or punches every copy, then purges the file.  The
  operator is told ``PRT 00E OUTPUT OF userid FILE nnnn RECDS nnnn COPY nn c typ``
  (``REPEATED`` for later copies), the message of the Operator's Guide.
* Before each file (not between its copies) a separator unless the device was
  started NOSEP: on a printer two pages naming owner, distribution code, file,
  class, name and time, then the userid and distribution code in block letters
  (cp/spool/blockletters.py; our own font); on a punch four cards with the same facts (the R6
  card layout is unverified).
* The host files use the Hercules conventions of ../shared/spec/formats.md
  (s370.devices.printer / card do the conversion): the printer file is ASCII with
  \\n, \\r and \\f for carriage motion; the punch writes 80-byte EBCDIC card
  images (``ascii`` in the type, e.g. ``3525,ascii``, gives text lines).
* Crash rule: a file leaves the spool only after its output has been flushed
  and fsynced to the host file, so a crash can repeat output but never lose it.

Input (GC20-1806 "Spooled Card Input"):
* a deck's first card is the CP ID card ``ID userid [CLASS c] [NAME fn ft]``
  (blank-separated, starting in column 1); the rest becomes a reader file of
  that user (class A unless given), ``RDR 00C INPUT FOR userid FILE nnnn``
  tells the operator.  A missing or bad ID card, or an unknown user, rejects
  the deck with a line on the operator's console.
* A reader's configured host file is read at install and at START, once per
  version of the file (size and time remembered in the spool directory).
* ``DEVINIT raddr hostfile [TO userid] [CLASS c] [NAME fn [ft]] [ASCII|EBCDIC]``
  (class D, Hercules' name for mounting a deck) reads a host file as a deck on
  the real reader: with TO the operator routes it (no ID card expected), without
  TO the ID card does.  Host decks follow formats.md section 7 (EBCDIC card
  images or ASCII lines, auto-detected).

Draining is done by one worker thread (``RealUnitRecords.start_worker``) woken
when output is queued; ``run_pending()`` does the same work synchronously.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from s370.devices.card import CARD_SIZE, CardPunch, CardReader
from s370.devices.printer import Printer
from s370.ebcdic import encode as ebcdic

from .blockletters import block_lines
from .store import OutputOptions, atomic_write

# type word -> (queue / kind, device type number)
REAL_TYPES = {"1403": ("PRT", 0x1403), "3211": ("PRT", 0x3211), "1443": ("PRT", 0x1443),
              "2540P": ("PUN", 0x2540), "3525": ("PUN", 0x3525),
              "2540R": ("RDR", 0x2540), "3505": ("RDR", 0x3505)}
DEFAULT_CLASSES = "A"
MAX_CLASSES = 4
SEPARATOR_CARDS = 4
SEPARATOR_PAGES = 2
PRINT_SKIP_CH1 = 0x8B               # skip to channel 1 immediate
PRINT_WRITE_SPACE1 = 0x09
PUNCH_STACKER1 = 0x41
READER_RECORD_OP = 0x41             # reader files keep the punch op of their cards
ID_WORD = "ID"


class RealDeviceError(Exception):
    """A configuration or operator request the real devices refuse (one-line text)."""


@dataclass
class RealUnitRecord:
    raddr: int
    kind: str                        # PRT, PUN or RDR
    devtype: int
    path: str | None
    classes: str = DEFAULT_CLASSES
    separator: bool = True
    started: bool = True
    draining: bool = False
    active: object = None            # the SpoolFile in progress
    files_done: int = 0
    records_done: int = 0
    model: object = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return {"PRT": "PRT", "PUN": "PUN", "RDR": "RDR"}[self.kind]

    def status_line(self) -> str:
        """QUERY raddr (layout after GC20-1806's examples, exact R6 spacing unverified)."""
        state = "DRAINED" if not self.started else ("DRAINING" if self.draining else "STARTED")
        line = f"{self.name} {self.raddr:03X} {state:<8} SYSTEM"
        if self.kind != "RDR":
            line += f"  CLASS {self.classes:<4} {'SEP' if self.separator else 'NOSEP'}"
        if self.active is not None:
            sf = self.active
            line += f"  {'PRINTING' if self.kind == 'PRT' else 'PUNCHING'} {sf.owner} FILE {sf.spoolid:04d}"
        return line


def _parse_type(text: str) -> tuple[str, int, bool]:
    word, _, opt = text.upper().partition(",")
    if word not in REAL_TYPES:
        raise RealDeviceError(f"unknown unit-record device type {text}")
    kind, number = REAL_TYPES[word]
    return kind, number, opt == "ASCII"


class RealUnitRecords:
    """The system's real spooling devices and their worker."""

    def __init__(self, system, spool):
        self.system = system
        self.spool = spool
        self.devices: dict[int, RealUnitRecord] = {}
        self.lock = threading.RLock()
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None

    # --------------------------------------------------------------- configuration
    def add(self, raddr: int, type_text: str, path: str | None) -> RealUnitRecord:
        kind, number, ascii_mode = _parse_type(type_text)
        if raddr in self.devices:
            raise RealDeviceError(f"device {raddr:03X} defined twice")
        dev = RealUnitRecord(raddr, kind, number, path)
        if kind == "PRT":
            if not path:
                raise RealDeviceError(f"printer {raddr:03X} needs a host file")
            dev.model = Printer(raddr, number, None, noclear=True)
            dev.model._open(path, strict=True)
        elif kind == "PUN":
            if not path:
                raise RealDeviceError(f"punch {raddr:03X} needs a host file")
            dev.model = CardPunch(raddr, number, None, ascii=ascii_mode, noclear=True)
            dev.model._open(path, strict=True)
        self.devices[raddr] = dev
        return dev

    def log(self, text: str) -> None:
        log = getattr(self.system, "log", None)
        if log is not None:
            log(text)

    # --------------------------------------------------------------- operator commands
    def start(self, raddr: int, classes: str | None = None, separator: bool | None = None) -> RealUnitRecord:
        dev = self.need(raddr)
        if classes is not None:
            dev.classes = classes
        if separator is not None:
            dev.separator = separator
        dev.started, dev.draining = True, False
        if dev.kind == "RDR":
            self.read_hopper(dev)
        self.kick()
        return dev

    def read_hopper(self, dev: RealUnitRecord):
        """A reader's configured host file is read once: its size and modification time are
        remembered in the spool directory (``RDRxxx.read``) so that neither a later START nor
        a warm start reads the same deck again; a changed file is a new deck."""
        if not dev.path or not os.path.exists(dev.path):
            return None
        st = os.stat(dev.path)
        signature = f"{st.st_size} {st.st_mtime_ns}"
        marker = os.path.join(self.spool.path, f"RDR{dev.raddr:03X}.read")
        try:
            with open(marker) as f:
                if f.read().strip() == signature:
                    return None
        except OSError:
            pass
        try:
            sf = self.read_deck(dev.raddr, dev.path)
        finally:
            atomic_write(marker, signature.encode())      # a rejected deck is not retried either
        return sf

    def drain(self, raddr: int) -> RealUnitRecord:
        """DRAIN: stop after the file in progress (at once when idle)."""
        dev = self.need(raddr)
        with self.lock:
            if dev.active is None:
                dev.started, dev.draining = False, False
            else:
                dev.draining = True
        return dev

    def need(self, raddr: int) -> RealUnitRecord:
        dev = self.devices.get(raddr)
        if dev is None:
            raise RealDeviceError(f"{raddr:03X}")
        return dev

    # --------------------------------------------------------------- output
    def kick(self, *_ignored) -> None:
        """Output may be waiting (a file was closed, changed or the device started)."""
        self._wake.set()

    def run_pending(self) -> int:
        """Drain every started printer and punch until their queues have nothing for them;
        the number of files finished."""
        done = 0
        progress = True
        while progress:
            progress = False
            for dev in list(self.devices.values()):
                if dev.kind != "RDR" and dev.started and self._one_file(dev):
                    done += 1
                    progress = True
        return done

    def _one_file(self, dev: RealUnitRecord) -> bool:
        spool = self.spool
        with spool.lock:
            sf = spool.next_output(dev.kind, dev.classes)
            if sf is None:
                return False
            sf.in_use = dev
        dev.active = sf
        try:
            records = sf.read_records()
            if dev.separator:
                self._separator(dev, sf)
            for copy in range(sf.copies, 0, -1):
                verb = "OUTPUT OF" if copy == sf.copies else "REPEATED "
                self.log(f"{dev.name} {dev.raddr:03X} {verb} {sf.owner:<8} FILE {sf.spoolid:04d} "
                         f"RECDS {min(sf.records, 9999):04d} COPY {copy:02d} {sf.spool_class} {sf.devtype}")
                for op, data in records:
                    self._out(dev, op, data)
            self._sync(dev)
        except Exception:
            sf.in_use = None
            dev.active = None
            raise
        spool.purge(sf.spoolid)                 # only after the host file holds it
        sf.in_use = None
        dev.active = None
        dev.files_done += 1
        dev.records_done += sf.records * sf.copies
        with self.lock:
            if dev.draining:
                dev.started, dev.draining = False, False
        return True

    def _out(self, dev: RealUnitRecord, op: int, data: bytes) -> None:
        model = dev.model
        if dev.kind == "PRT":
            model.execute(op, data, len(data))
        elif data:
            model.execute(op if op & 0x3F == 0x01 else PUNCH_STACKER1, data, len(data))

    def _sync(self, dev: RealUnitRecord) -> None:
        f = getattr(dev.model, "_file", None)
        if f is not None:
            f.flush()
            os.fsync(f.fileno())

    def _separator(self, dev: RealUnitRecord, sf) -> None:
        facts = [f"USERID   {sf.owner}", f"DIST     {sf.dist or sf.owner}",
                 f"FILE     {sf.spoolid:04d}   CLASS {sf.spool_class}   {sf.devtype}",
                 f"RECDS    {sf.records}   COPIES {sf.copies:02d}",
                 f"NAME     {sf.name} {sf.type}".rstrip(), f"CREATED  {sf.created.replace('T', ' ')}",
                 f"DEVICE   {dev.name} {dev.raddr:03X}"]
        if dev.kind == "PUN":
            text = f"{sf.owner:<8} {(sf.dist or sf.owner):<8} FILE {sf.spoolid:04d} CLASS {sf.spool_class} " \
                   f"{sf.name} {sf.type}"
            for _ in range(SEPARATOR_CARDS):
                self._out(dev, PUNCH_STACKER1, ebcdic(text[:CARD_SIZE].ljust(CARD_SIZE)))
            return
        stars = ebcdic("*" * 132)
        big = block_lines(sf.owner) + [""] + block_lines(sf.dist or sf.owner)
        for _ in range(SEPARATOR_PAGES):
            self._out(dev, PRINT_SKIP_CH1, b"")
            self._out(dev, PRINT_WRITE_SPACE1, stars)
            for line in facts:
                self._out(dev, PRINT_WRITE_SPACE1, ebcdic(line))
            self._out(dev, PRINT_WRITE_SPACE1, stars)
            for line in big:
                self._out(dev, PRINT_WRITE_SPACE1, ebcdic(line or " "))
        self._out(dev, PRINT_SKIP_CH1, b"")

    # --------------------------------------------------------------- input
    def read_deck(self, raddr: int, host_path: str, *, to: str | None = None, spool_class: str | None = None,
                  name: str = "", type: str = "", mode: str | None = None):
        """A host file read on the real reader: a reader file for the ID card's user (or ``to``).
        Returns the SpoolFile; RealDeviceError with the operator's message if refused."""
        dev = self.need(raddr)
        if dev.kind != "RDR":
            raise RealDeviceError(f"{raddr:03X} IS NOT A READER")
        try:
            with open(host_path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise RealDeviceError(f"RDR {raddr:03X} CANNOT READ {host_path}: {e.strerror}") from None
        splitter = CardReader(raddr, dev.devtype, (), mode=mode, trunc=True, autopad=True)
        cards = [c for c in splitter._split(raw) if c is not None]
        if to is None:
            if not cards:
                raise RealDeviceError(f"RDR {raddr:03X} ID CARD MISSING")
            to, id_class, id_name, id_type = _id_card(raddr, cards.pop(0))
            spool_class = spool_class or id_class
            name, type = name or id_name, type or id_type
        to = to.upper()
        directory = getattr(self.system, "directory", None)
        if directory is not None and directory.get(to) is None:
            raise RealDeviceError(f"RDR {raddr:03X} USERID {to} NOT IN DIRECTORY")
        w = self.spool.open_output(to, "RDR", OutputOptions(spool_class=spool_class or "A", to=to))
        for card in cards:
            w.write(READER_RECORD_OP, card)
        sf = w.close(name=name, type=type)
        self.log(f"RDR {raddr:03X} INPUT FOR {to:<8} FILE {sf.spoolid:04d}")
        dev.files_done += 1
        dev.records_done += len(cards)
        return sf

    # --------------------------------------------------------------- worker
    def start_worker(self) -> None:
        if self._thread is not None:
            return
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name="cp-spool-realdev", daemon=True)
        self._thread.start()

    def stop_worker(self) -> None:
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            if self._stop:
                break
            try:
                self.run_pending()
            except Exception as e:                  # a host file error: tell the operator, keep going
                self.log(f"SPOOL OUTPUT ERROR: {e}")


def _id_card(raddr: int, card: bytes):
    """``ID userid [CLASS c] [NAME fn ft]`` -> (userid, class, name, type)."""
    words = card.decode("cp037").split()
    if len(words) < 2 or words[0].upper() != ID_WORD or len(words[1]) > 8:
        raise RealDeviceError(f"RDR {raddr:03X} INVALID ID CARD")
    userid, cls, name, type_ = words[1].upper(), None, "", ""
    i = 2
    while i < len(words):
        w = words[i].upper()
        if w == "CLASS" and i + 1 < len(words) and len(words[i + 1]) == 1 and words[i + 1].isalnum():
            cls = words[i + 1].upper()
            i += 2
        elif w == "NAME" and i + 1 < len(words):
            name = words[i + 1].upper()[:24]
            type_ = words[i + 2].upper()[:8] if i + 2 < len(words) else ""
            i += 3
        else:
            raise RealDeviceError(f"RDR {raddr:03X} INVALID ID CARD")
    return userid, cls, name, type_


def install(system, devices) -> RealUnitRecords:
    """Give ``system`` its real spooling devices: ``devices`` is a list of
    (raddr, type, host_path); the printers and punches start (class A, SEP) and drain
    by a worker thread; readers read their host file (if it exists) as a deck.
    Sets ``system.spool_devices`` and hooks the spool so closed output wakes the worker."""
    spool = system.spool
    units = RealUnitRecords(system, spool)
    for raddr, type_text, path in devices:
        units.add(int(raddr, 16) if isinstance(raddr, str) else raddr, type_text, path)
    system.spool_devices = units
    spool.on_output = units.kick
    units.start_worker()
    for dev in units.devices.values():
        if dev.kind == "RDR":
            try:
                units.read_hopper(dev)
            except RealDeviceError as e:
                units.log(str(e))
    units.kick()
    return units
