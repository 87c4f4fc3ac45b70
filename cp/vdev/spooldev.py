"""Virtual unit-record devices: the reader, punch and printer CP gives a virtual machine.

They answer the guest's CCWs as the real 2540/3505 reader, 2540/3525 punch and
1403/3211 printer do (``s370.devices.card`` / ``printer``: command codes, stacker
and carriage-control bits, command reject, forms-overflow unit exception at the
channel-12 line), but the cards and lines go to and come from the spool
(``cp.spool``, ``user.system.spool``) instead of host files:

* a punch or printer opens a spool file with its first write and appends each
  CCW (command code and data) as one record; CLOSE (``close_file``), LOGOFF
  (``close_user_files`` or the device's ``close()``) close it and send it to the
  destination SPOOL set: TO userid (their reader), FOR userid, or the system queue;
* a reader reads the data records of the first file of its class in the user's
  reader queue, 80-byte cards, and after the last card gives unit exception
  (EOF) or unit check / intervention required (NOEOF), as the END OF FILE key of
  a real reader does (GC20-1820 SPOOL); CONT reads the files back to back;
  NOHOLD purges a file once read, HOLD keeps it;
* a file arriving in a user's reader while a reader of that class has no active
  file and no interruption pending gives that reader an unsolicited device end
  (DMKSPL in SY20-0886), as a real reader made ready does.

The SPOOL settings (class, CONT, HOLD, COPY, TO/FOR, EOF) live on the device
objects; SPOOL and QUERY VIRTUAL read and set them there.
"""

from __future__ import annotations

import threading

from s370.devices.base import (Device, Result, UNIT_CE, UNIT_DE, UNIT_UX, SENSE_INTREQ)
from s370.devices.card import (CARD_SIZE, CMD_NOP, CMD_SENSE, CMD_SENSE_ID, FEED_CODE, PUNCH_CODE,
                               PUNCH_MASK)
from s370.devices.printer import LINE_WIDTH, Printer
from s370.ebcdic import BLANK as EBCDIC_BLANK, encode as ebcdic

from cp.spool import OutputOptions, SpoolError

READ_CODE = 0x02                 # SS00 0010: read, feed, select stacker SS
STACKER_BITS = 0xC0
CONSOLE_WRITE = 0x09             # console lines are spooled as print lines, write and space 1
CONSOLE_NEW_PAGE = 0x89          # ... and every 60th line skips to channel 1 (DMKVSP, SY20-0886)
CONSOLE_PAGE_LINES = 60


def spool_of(user):
    """The system's spool, or None (CP started without one: the devices are not ready)."""
    return getattr(getattr(user, "system", None), "spool", None)


def _imsg(user) -> bool:
    settings = getattr(user, "settings", None)
    return getattr(settings, "imsg", True)


def _recs(n: int) -> str:
    return f"{n:04d}" if n <= 9999 else f"{min(n // 1000, 999):03d}K"


def closed_response(sf) -> str:
    """What the closing user is told (R6 CLOSE response: 'PUN FILE 0002  TO  CMSUSER  COPY 01 NOHOLD')."""
    typ = "PUN" if sf.devtype == "PUN" else "PRT"
    return f"{typ} FILE {sf.spoolid:04d}  TO  {sf.owner:<8} COPY {sf.copies:02d} {'HOLD' if sf.user_hold else 'NOHOLD'}"


def arrival_notice(sf) -> str:
    """What the receiving user is told when a file joins their reader.

    This is the later VM text (VM/SP, z/VM: 'RDR FILE 0244 SENT FROM MIKEMAC  CON WAS 0244
    RECS 0018 CPY  001 T NOHOLD NOKEEP'); R6's own wording is unverified."""
    return (f"RDR FILE {sf.spoolid:04d} SENT FROM {sf.origin:<8} {sf.devtype} WAS {sf.spoolid:04d} "
            f"RECS {_recs(sf.records)} CPY  {sf.copies:03d} {sf.spool_class} "
            f"{'HOLD' if sf.user_hold else 'NOHOLD'} NOKEEP")


def file_arrived(system, sf) -> None:
    """``spool.on_arrival``: tell the owner and wake an idle reader with a device end."""
    user = system.find(sf.owner) if system is not None else None
    if user is None:
        return
    if _imsg(user):
        user.say(arrival_notice(sf))
    if sf.held:
        return
    vm = getattr(user, "vm", None)
    for dev in (vm.devices.values() if vm is not None else ()):
        if isinstance(dev, VirtualReader) and dev.becomes_ready_with(sf):
            dev.attention(UNIT_DE)


def install(system, spool) -> None:
    """Give a CPSystem its spool: ``system.spool`` and the arrival hook."""
    system.spool = spool
    spool.on_arrival = lambda sf: file_arrived(system, sf)


# ---------------------------------------------------------------------- output devices
class _SpoolOutput:
    """What the virtual punch and printer share: the open file and the SPOOL settings."""

    kind = "PRT"

    def _init_spool(self, user, spool_class: str | None) -> None:
        self.user = user
        self.spool_class = spool_class or "A"
        self.cont = False
        self.hold = False
        self.copies = 1
        self.to: str | None = None          # SPOOL ... TO userid
        self.for_user: str | None = None    # SPOOL ... FOR userid
        entry = getattr(user, "entry", None)
        self.dist = (getattr(entry, "distcode", None) or getattr(user, "userid", "") or "")[:8]
        self.writer = None
        self.file_lock = threading.RLock()  # the channel's thread writes, a command's thread closes

    @property
    def userid(self) -> str:
        return getattr(self.user, "userid", "")

    def options(self) -> OutputOptions:
        return OutputOptions(spool_class=self.spool_class, copies=self.copies, hold=self.hold,
                             to=self.to, for_user=self.for_user, dist=self.dist)

    def _record(self, op: int, data: bytes) -> bool:
        """Append a record, opening the spool file first if needed; False: no spool."""
        with self.file_lock:
            return self._record_locked(op, data)

    def _record_locked(self, op: int, data: bytes) -> bool:
        if self.writer is None:
            spool = spool_of(self.user)
            if spool is None:
                return False
            try:
                self.writer = spool.open_output(self.userid, self.kind, self.options())
            except (SpoolError, OSError):
                return False
        try:
            self.writer.write(op, data)
        except (SpoolError, OSError):
            return False
        return True

    @property
    def open_spoolid(self) -> int | None:
        return self.writer.spoolid if self.writer is not None else None

    def close_file(self, *, hold: bool | None = None, purge: bool = False, name: str | None = None,
                   type: str | None = None, dist: str | None = None, force: bool = False, say=None):
        """CLOSE: the open file goes to its destination; the SpoolFile, or None (nothing open,
        purged, or CONT in effect, which makes CLOSE wait for NOCONT unless ``force``)."""
        with self.file_lock:
            w = self.writer
            if w is None or (self.cont and not force and not purge):
                return None
            self.writer = None
            w.options = self.options()
        try:            # outside the lock: the arrival may interrupt a reader on our own channels
            sf = w.close(hold=hold, purge=purge, name=name, type=type, dist=dist)
        except (SpoolError, OSError):
            return None
        if sf is not None and _imsg(self.user):
            (say or getattr(self.user, "say", lambda t: None))(closed_response(sf))
        return sf

    def close(self) -> None:
        """LOGOFF / DETACH: close the open file as it is (CONT does not hold it back)."""
        self.close_file(force=True)

    def query_line(self, vaddr: int) -> list[str]:
        """QUERY VIRTUAL lines for this device (R6 layout unverified)."""
        name = "PUN" if self.kind == "PUN" else "PRT"
        dest = f"TO {self.to}" if self.to else (f"FOR {self.for_user}" if self.for_user else "OFF")
        return [f"{name} {vaddr:03X} CL {self.spool_class} {'CONT' if self.cont else 'NOCONT'} "
                f"{'HOLD' if self.hold else 'NOHOLD'} COPY {self.copies:02d} READY",
                f"    {vaddr:03X} {dest} DIST {self.dist}"]


class VirtualPunch(_SpoolOutput, Device):
    """A virtual 2540/3525 punch: each punched card is one spool record."""

    kind = "PUN"

    def __init__(self, user, vaddr: int = 0x00D, devtype: int = 0x2540, spool_class: str | None = None):
        Device.__init__(self, vaddr, devtype, 1)
        self.sense = bytearray(1)
        self._init_spool(user, spool_class)

    @classmethod
    def from_directory(cls, user, stmt):
        return cls(user, stmt.vaddr, stmt.devtype or 0x2540, stmt.spool_class)

    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_NOP:
            return Result(residual=count)
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id()[:7])
        if (cmd & PUNCH_MASK) != PUNCH_CODE or (cmd & STACKER_BITS) == STACKER_BITS:
            r = self.command_reject()
            r.residual = count
            return r
        data = bytes(data or b"")
        card = data[:CARD_SIZE]
        short = CARD_SIZE - len(card)
        if not self._record(cmd, card + bytes([EBCDIC_BLANK]) * short):
            r = self.unit_check(SENSE_INTREQ)
            r.residual = count
            return r
        return Result(residual=-short if short else len(data) - len(card))


class _RecordingSink:
    """The real printer model's host file, replaced: the spool keeps the lines."""

    def write(self, data) -> int:
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


class VirtualPrinter(_SpoolOutput, Printer):
    """A virtual 1403/3211: the real printer's CCW rules (s370.devices.printer), each write
    or control CCW one spool record (command code = carriage control)."""

    kind = "PRT"

    def __init__(self, user, vaddr: int = 0x00E, devtype: int = 0x1403, spool_class: str | None = None):
        Printer.__init__(self, vaddr, devtype, None)
        self._file = _RecordingSink()
        self._init_spool(user, spool_class)

    @classmethod
    def from_directory(cls, user, stmt):
        return cls(user, stmt.vaddr, stmt.devtype or 0x1403, stmt.spool_class)

    def ready(self) -> bool:
        return spool_of(self.user) is not None

    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd in (CMD_SENSE, CMD_SENSE_ID, CMD_NOP):
            return super().execute(cmd, data, count)
        res = super().execute(cmd, data, count)
        if res.status & 0x02:                       # unit check: nothing was printed
            return res
        line = bytes(data or b"")[:LINE_WIDTH] if cmd & 0x07 == 0x01 else b""
        if not self._record(cmd, line):
            r = self.unit_check(SENSE_INTREQ)
            r.residual = count
            return r
        return res

    def close(self) -> None:
        _SpoolOutput.close(self)


# ---------------------------------------------------------------------- the reader
class VirtualReader(Device):
    """A virtual 2540/3505 reader reading the user's reader spool files."""

    def __init__(self, user, vaddr: int = 0x00C, devtype: int = 0x2540, spool_class: str | None = None):
        super().__init__(vaddr, devtype, 1)
        self.sense = bytearray(1)
        self.user = user
        self.spool_class = spool_class or "*"
        self.cont = False
        self.hold = False
        self.eof = True
        self.active = None          # the SpoolFile being read
        self._cards: list[bytes] = []
        self._next = 0
        self._ended = "empty"       # why the last read found no card: 'eof' or 'empty'
        self._pages: list[bytes] | None = None   # DIAG X'14' view of the active file
        self._de_pending = False    # an arrival's device end not yet cleared by the guest
        self.file_lock = threading.RLock()  # the channel's thread reads, a command's thread closes
        self._page = 0

    @classmethod
    def from_directory(cls, user, stmt):
        return cls(user, stmt.vaddr, stmt.devtype or 0x2540, stmt.spool_class)

    @property
    def userid(self) -> str:
        return getattr(self.user, "userid", "")

    def accepts(self, sf) -> bool:
        return self.spool_class == "*" or sf.spool_class == self.spool_class

    def becomes_ready_with(self, sf) -> bool:
        """True if a file arriving now earns this reader a device end: the reader accepts its
        class, has no active file and no interruption pending (DMKSPL, SY20-0886)."""
        return self.active is None and not self._de_pending and self.accepts(sf)

    def attention(self, status: int = UNIT_DE) -> None:
        self._de_pending = True
        super().attention(status)

    def chain_begin(self) -> None:
        self._de_pending = False        # the guest could start I/O: nothing was pending any more

    def reset(self) -> None:
        super().reset()
        self._de_pending = False

    def ready(self) -> bool:
        spool = spool_of(self.user)
        return self.active is not None or (spool is not None and
                                           spool.reader_next(self.userid, self.spool_class) is not None)

    # --- files ----------------------------------------------------------------------------
    def _start_next(self) -> bool:
        spool = spool_of(self.user)
        if spool is None:
            return False
        with spool.lock:                 # two readers of one user never take the same file
            sf = spool.reader_next(self.userid, self.spool_class)
            if sf is None:
                return False
            sf.in_use = self
        try:
            self._cards = [r.data for r in sf.data_records()]
        except SpoolError:
            sf.in_use = None
            return False
        self.active, self._next = sf, 0
        self._pages, self._page = None, 0
        return True

    def close_file(self, *, hold: bool | None = None, **_ignored):
        """The active file is finished (read to its end, or CLOSE): purged unless HOLD."""
        with self.file_lock:
            return self._close_locked(hold)

    def _close_locked(self, hold):
        sf, self.active = self.active, None
        self._cards, self._next = [], 0
        self._pages, self._page = None, 0
        if sf is None:
            return None
        sf.in_use = None
        spool = spool_of(self.user)
        keep = self.hold if hold is None else hold
        if spool is not None:
            try:
                if not keep:
                    spool.purge(sf.spoolid)
                elif self.cont:
                    spool.change(sf.spoolid, user_hold=True)   # CONT HOLD: saved in user hold
            except (SpoolError, OSError):
                pass
        return sf

    # --- DIAGNOSE X'14' (h-diag): the same active file, read a 4K spool buffer at a time -------
    def next_page(self) -> bytes | None:
        """Subcode X'0000': the next 4096-byte buffer of the active file (the first file of
        the reader's class is made active if none is).  None: no file (``active`` stays None,
        cc 2) or end of file (cc 1).  At the end NOCONT keeps the file active until CLOSE
        (``close_file``) finishes it; CONT closes it and goes on with the next file
        (GC20-1807 DIAGNOSE X'14', SY20-0886 DMKDRD)."""
        with self.file_lock:
            return self._next_page_locked()

    def _next_page_locked(self) -> bytes | None:
        while True:
            if self.active is None and not self._start_next():
                return None
            if self._pages is None:
                self._pages = self.active.pages() if self.active.records else []
            if self._page < len(self._pages):
                self._page += 1
                return self._pages[self._page - 1]
            if not self.cont:
                return None
            self.close_file()
            if spool_of(self.user) is None or spool_of(self.user).reader_next(self.userid, self.spool_class) is None:
                return None

    def restart_file(self) -> bool:
        """Subcode X'0014': read the active file again from its start; False if none is active."""
        if self.active is None:
            return False
        self._next, self._page = 0, 0
        return True

    def close(self) -> None:
        """LOGOFF / DETACH: a file not read to its end stays in the reader."""
        if self.active is not None:
            self.active.in_use = None
        self.active, self._cards, self._next = None, [], 0

    # --- the commands ---------------------------------------------------------------------
    def execute(self, cmd: int, data, count: int) -> Result:
        if cmd == CMD_NOP:
            return Result(residual=count)
        if cmd == CMD_SENSE:
            return self.basic_sense(count)
        if cmd == CMD_SENSE_ID:
            return Result(data=self.sense_id()[:7])
        is_read = (cmd & 0x3F) == READ_CODE
        is_feed = (cmd & 0x3F) == FEED_CODE
        if not (is_read or is_feed) or (cmd & STACKER_BITS) == STACKER_BITS:
            r = self.command_reject()
            r.residual = count
            return r
        with self.file_lock:
            card = self._feed()
        if card is None:
            return self._end_of_file(count)
        if is_feed:
            return Result(residual=count)
        return Result(data=card)

    def _feed(self) -> bytes | None:
        """The next card; None at an end of file (the file is then finished)."""
        if self.active is None and not self._start_next():
            self._ended = "empty"
            return None
        while True:
            if self._next < len(self._cards):
                card = self._cards[self._next]
                self._next += 1
                return card
            self.close_file()
            if not (self.cont and self._start_next()):
                self._ended = "eof"
                return None

    def _end_of_file(self, count: int) -> Result:
        if self._ended == "eof" and self.eof:
            return Result(UNIT_CE | UNIT_DE | UNIT_UX, residual=count)
        r = self.unit_check(SENSE_INTREQ)            # empty hopper / NOEOF: not ready
        r.residual = count
        return r

    def query_line(self, vaddr: int) -> list[str]:
        return [f"RDR {vaddr:03X} CL {self.spool_class} {'CONT' if self.cont else 'NOCONT'} "
                f"{'HOLD' if self.hold else 'NOHOLD'} {'EOF' if self.eof else 'NOEOF'} READY"]


# ---------------------------------------------------------------------- the console spool
class ConsoleSpool:
    """SPOOL CONSOLE settings and the open console file of one user (class T, GC20-1820)."""

    def __init__(self, userid: str):
        self.userid = userid
        self.spool_class = "T"
        self.cont = False
        self.hold = False
        self.copies = 1
        self.to: str | None = None
        self.for_user: str | None = None
        self.dist = userid[:8]
        self.started = False
        self.term = True
        self.writer = None
        self.lines = 0              # lines in the open console file

    def options(self) -> OutputOptions:
        return OutputOptions(spool_class=self.spool_class, copies=self.copies, hold=self.hold,
                             to=self.to, for_user=self.for_user, dist=self.dist)


def console_state(user) -> ConsoleSpool | None:
    """The user's console spool state (kept in the spool, keyed by userid), or None without a spool."""
    spool = spool_of(user)
    if spool is None:
        return None
    consoles = spool.consoles
    cs = consoles.get(user.userid)
    if cs is None:
        cs = consoles[user.userid] = ConsoleSpool(user.userid)
    return cs


def console_spool_of(user):
    """The user's SPOOL CONSOLE state, or None (no spool, or never spooled)."""
    spool = spool_of(user)
    consoles = getattr(spool, "consoles", None) if spool is not None else None
    return consoles.get(user.userid) if consoles else None


def console_spool_line(user, text: str) -> bool:
    """A console line (CP's or the guest's) for the console spool file, if SPOOL CONSOLE START.

    Returns whether the line should still be shown on the terminal (False only
    while the console is spooled with NOTERM).  Lines longer than a print line
    are split into 132-byte records."""
    cs = console_spool_of(user)
    if cs is None or not cs.started:
        return True
    try:
        if cs.writer is None:
            cs.writer = spool_of(user).open_output(user.userid, "CON", cs.options())
        raw = ebcdic(text)
        for i in range(0, max(len(raw), 1), LINE_WIDTH):
            cs.lines += 1
            op = CONSOLE_NEW_PAGE if cs.lines % CONSOLE_PAGE_LINES == 0 else CONSOLE_WRITE
            cs.writer.write(op, raw[i:i + LINE_WIDTH] or bytes([EBCDIC_BLANK]))
    except (SpoolError, OSError):
        return True
    return cs.term


def close_console(user, *, hold: bool | None = None, purge: bool = False, name=None, type=None,
                  dist=None, say=None):
    """SPOOL CONSOLE CLOSE / CLOSE CONSOLE / LOGOFF: the console file is closed (a printer file)."""
    cs = console_spool_of(user)
    if cs is None or cs.writer is None:
        return None
    w, cs.writer = cs.writer, None
    cs.lines = 0
    w.options = cs.options()
    try:
        sf = w.close(hold=hold, purge=purge, name=name, type=type, dist=dist)
    except (SpoolError, OSError):
        return None
    if sf is not None and _imsg(user):
        (say or user.say)(closed_response(sf))
    return sf


def close_user_files(user) -> None:
    """LOGOFF: close every open output file of the user (devices and console); a reader's
    partly read file stays in the reader.  Safe to call twice."""
    vm = getattr(user, "vm", None)
    for dev in (vm.devices.values() if vm is not None else ()):
        if isinstance(dev, (_SpoolOutput, VirtualReader)):
            dev.close()
    close_console(user)
    spool = spool_of(user)
    consoles = getattr(spool, "consoles", None) if spool is not None else None
    if consoles:
        consoles.pop(user.userid, None)
