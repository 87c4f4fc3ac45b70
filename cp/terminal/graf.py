"""A 3270 display as CP's line-mode console (VM/370's DMKGRF), and the logo before LOGON.

Screen layout for an R x C screen (24 x 80 on a model 2; the larger models use
Erase/Write Alternate and their alternate size), from the R6 DMKGRF notes
(``../shared/spec/cp.md`` 4.2):

* rows 0 .. R-3: the output area, filled top-down, protected (it belongs to
  the status field, whose attribute governs the buffer up to the next one);
* row R-3, last column: the input field's attribute (X'C1' unprotected with
  MDT on, so ENTER always sends it; X'4D' non-display while a password is
  being typed);
* row R-2 column 0 to row R-1 column C-22: the input area (139 characters on
  a model 2);
* row R-1 column C-21: the status field's attribute; the last 20 columns: the
  status text: VM READ, CP READ, RUNNING, MORE..., HOLDING, NOT ACCEPTED, or
  VM/370 ONLINE before LOGON.

Keys: ENTER with data sends the line (echoed in the output area unless it is a
password); ENTER with nothing is HOLDING during MORE..., a null line to a VM
READ, and the attention key while RUNNING.  PA1 enters CP mode, PA2 clears the
output area (or shows the next page at once), CLEAR clears the screen and
releases MORE.../HOLDING.  PF keys run their SET PFnn text (IMMED: as if typed
and entered; DELAYED: put into the input area), otherwise act as ENTER.

MORE... shows when the output area is full and more output waits; after
``more_delay`` seconds (VM/370's value is unverified; about 60 s is the usual
account, VM/SP made it TERMINAL MORE) the output area is cleared and the next
page shown.  VM/370 held the virtual machine's console write until its line was
shown; here the output is queued (up to ``MAX_QUEUED_ROWS`` rows) and the
virtual machine goes on.

Full-screen passthrough (DIAG X'58'): ``write_fullscreen`` sends the guest's own
data stream; inbound records then go to ``read_fullscreen`` (and an attention
to the virtual machine when nobody is waiting for them); ``await_fullscreen``
lets a DIAGNOSE wait for the next record without holding a thread.  CLEAR, PA1 or any
line-mode output restores CP's console.
"""

from __future__ import annotations

import collections
import queue
import threading

from s370.tn3270.datastream import (AID_CLEAR, AID_ENTER, AID_PA1, AID_PA2, AID_PF,
                                    CMD_ERASE_WRITE, CMD_ERASE_WRITE_ALT, CMD_WRITE,
                                    DEFAULT_SIZE, FA_INTENSIFIED, FA_MDT, FA_NONDISPLAY,
                                    FA_PROTECTED, ORDER_IC, ORDER_RA, ORDER_SBA, ORDER_SF,
                                    WCC_KEYBOARD_RESTORE, WCC_RESET_MDT, WCC_SOUND_ALARM,
                                    DataStreamError, encode_address, encode_attribute,
                                    parse_inbound)


# --- status texts (20-character field) ----------------------------------------------------
STATUS_ONLINE = "VM/370 ONLINE"
STATUS_MORE = "MORE..."
STATUS_HOLDING = "HOLDING"
STATUS_NOT_ACCEPTED = "NOT ACCEPTED"
STATUS_WIDTH = 20

# --- attributes and WCCs as DMKGRF used them -----------------------------------------------
INPUT_ATTR = FA_MDT                                   # X'C1'
PASSWORD_ATTR = FA_NONDISPLAY | FA_MDT                # X'4D'
STATUS_ATTR = FA_PROTECTED                            # X'60'
STATUS_ATTR_BRIGHT = FA_PROTECTED | FA_INTENSIFIED    # X'E8'
WCC_REDRAW = WCC_KEYBOARD_RESTORE | WCC_RESET_MDT     # X'C3'
WCC_UPDATE = WCC_KEYBOARD_RESTORE                     # X'C2': keep what is being typed
WCC_ALARM = WCC_KEYBOARD_RESTORE | WCC_SOUND_ALARM    # X'C6' (NOT ACCEPTED)

PASSWORD_TIMEOUT = 300.0   # seconds a command waits for a password typed at its prompt
MORE_DELAY = 60.0          # seconds before MORE... clears by itself (unverified for R6)
MAX_QUEUED_ROWS = 10000    # output waiting behind MORE.../HOLDING; the oldest go past this

HOLD_MORE = "MORE"
HOLD_HOLDING = "HOLDING"


def to_rows(text: str, width: int) -> list[str]:
    """A line of output as screen rows of ``width`` (long lines wrap, as on DMKGRF)."""
    rows: list[str] = []
    for part in text.replace("\r", "").split("\n"):
        part = part.expandtabs(8)
        if not part:
            rows.append("")
        while part:
            rows.append(part[:width])
            part = part[width:]
    return rows


def screen_bytes(text: str) -> bytes:
    """Text as EBCDIC for the buffer: codes below X'40' (orders) become blanks."""
    return bytes(b if b >= 0x40 else 0x40 for b in text.encode("cp037", errors="replace"))


class GrafConsole:
    """CP's console on one 3270 session (see the module text).

    ``port`` is the terminal manager's port for the session: it receives the typed
    lines (``port.typed(text) -> bool``), tells who the user is (``port.user``) and
    takes the terminal back to the logo (``port.return_to_logo()`` on ``close``)."""

    def __init__(self, session, name: str, port, *, more_delay: float = MORE_DELAY):
        self.session = session
        self.name = name
        self.port = port
        self.more_delay = more_delay
        self.rows, self.cols = session.rows, session.cols
        self.command = CMD_ERASE_WRITE if (self.rows, self.cols) == DEFAULT_SIZE \
            else CMD_ERASE_WRITE_ALT
        self.out_rows = self.rows - 2
        self.size = self.rows * self.cols
        self.input_attr_addr = (self.rows - 2) * self.cols - 1
        self.input_start = self.input_attr_addr + 1
        self.status_attr_addr = self.size - STATUS_WIDTH - 1
        self.input_length = self.status_attr_addr - self.input_start
        self.lock = threading.RLock()
        self.shown: list[str] = []
        self.pending: collections.deque[str] = collections.deque(maxlen=MAX_QUEUED_ROWS)
        self.state = STATUS_ONLINE
        self.hold: str | None = None
        self.not_accepted = False
        self.password = False
        self._batch = 0
        self._timer: threading.Timer | None = None
        self._alarm = False
        self._tail: collections.deque[str] = collections.deque(maxlen=4)   # since the last input
        # full-screen passthrough (DIAG X'58')
        self.fullscreen = False
        self._fs_records: queue.Queue[bytes | None] = queue.Queue()
        self._fs_waiting = 0
        self._fs_callbacks: list = []       # await_fullscreen's waiters (counted in _fs_waiting)
        self._password_waiter: queue.SimpleQueue | None = None

    @property
    def user(self):
        return self.port.user

    # ------------------------------------------------------------------ the Terminal contract
    def write_line(self, text: str) -> None:
        """One line of output (CP's or the virtual machine's) in the output area."""
        with self.lock:
            self._tail.append(text)
            if self.fullscreen:
                self._end_fullscreen()
                self.pending.extend(to_rows(text, self.cols))
                self._take_rows()
                if not self._batch:
                    self._redraw()
                return
            self.pending.extend(to_rows(text, self.cols))
            placed = self._take_rows()
            if not self._batch:
                self._update(placed)

    def set_state(self, state: str) -> None:
        with self.lock:
            if state == self.state:
                return
            self.state = state
            if not self._batch and not self.fullscreen:
                self._update([])

    def close(self) -> None:
        """The user left this terminal (LOGOFF, DISCONN): back to the logo, with the last
        lines written since the user's last input (LOGOFF AT ..., DISCONNECT AT ...) below it."""
        with self.lock:
            tail = list(self._tail)
        self.port.user_left(*tail)

    def alarm(self) -> None:
        with self.lock:
            if self._batch:
                self._alarm = True
            else:
                self.session.write_3270(encode_attribute(WCC_ALARM), CMD_WRITE)

    def display_lines(self, lines: list[str], start: int | None, erase: bool) -> None:
        """DIAG X'58' CCW X'19' (the R6 display write, e.g. CMS EDIT's display mode): the
        lines go straight into the output area from row ``start`` (erased first when
        ``erase``), not through MORE... paging; ``start`` None clears the screen."""
        with self.lock:
            self._end_fullscreen()
            rows = [] if erase or start is None else list(self.shown)
            for k, line in enumerate(lines if start is not None else []):
                index = start + k
                if index >= self.out_rows:
                    break
                rows.extend([""] * (index + 1 - len(rows)))
                rows[index] = line[:self.cols]
            self.shown = rows
            if not self._batch:
                self._redraw()

    def write_fullscreen(self, data: bytes, command: int) -> None:
        """DIAG X'58': the guest's own 3270 write (WCC + orders) with ``command``."""
        with self.lock:
            self._cancel_timer()
            self.fullscreen = True
            if not self._fs_waiting:        # a new exchange: no stale "screen taken back"
                self._drop_stale_ends()
            self.session.write_3270(bytes(data), command)

    def _drop_stale_ends(self) -> None:
        kept = []
        while True:
            try:
                record = self._fs_records.get_nowait()
            except queue.Empty:
                break
            if record is not None:
                kept.append(record)
        for record in kept:
            self._fs_records.put(record)

    def read_fullscreen(self, timeout: float | None = None) -> bytes | None:
        """DIAG X'58': the next inbound record (AID, cursor, fields), None on time-out,
        a dropped line or when CP took the screen back."""
        with self.lock:
            self._fs_waiting += 1
        try:
            return self._fs_records.get(timeout=timeout)
        except queue.Empty:
            return None
        finally:
            with self.lock:
                self._fs_waiting -= 1

    def await_fullscreen(self, callback) -> bool:
        """DIAG X'58' without holding a thread: False if an inbound record is already
        there for ``read_fullscreen``; else True, and ``callback()`` is called once when
        one arrives or CP takes the screen back (CLEAR, PA1, line output, a dropped
        line: ``read_fullscreen`` then answers None).  Until then ENTER and the PF keys
        are the reader's, not an attention for the virtual machine."""
        with self.lock:
            if self._fs_records.qsize():
                return False
            self._fs_waiting += 1
            self._fs_callbacks.append(callback)
            return True

    def _wake_fullscreen_waiter(self, all_of_them: bool = False) -> None:
        """A record (or None) was queued: the oldest await_fullscreen waiter (or all) is
        called (lock held; the callbacks only make a virtual machine runnable)."""
        while self._fs_callbacks:
            callback = self._fs_callbacks.pop(0)
            self._fs_waiting -= 1
            callback()
            if not all_of_them:
                return

    def read_password(self, prompt: str, timeout: float | None = PASSWORD_TIMEOUT) -> str | None:
        """A command asks for a password (LINK): ``prompt``, a non-display input field, and
        the line typed next (None: CLEAR/PA key, time-out or a dropped line).  Called on
        the port's worker thread; the answer comes straight from the hub
        (``take_password``), past the input queue the worker is busy with."""
        waiter: queue.SimpleQueue = queue.SimpleQueue()
        with self.lock:
            self._password_waiter = waiter
            self.password = True
            self.pending.extend(to_rows(prompt, self.cols))
            self._take_rows()
            self._redraw()                  # now, even inside a key's processing
        try:
            return waiter.get(timeout=timeout)
        except queue.Empty:
            return None
        finally:
            with self.lock:
                self._password_waiter = None
                self.password = False

    def take_password(self, record: bytes) -> bool:
        """An inbound record while a password is awaited: True if it answered it."""
        with self.lock:
            waiter = self._password_waiter
            if waiter is None:
                return False
            self._password_waiter = None
        try:
            aid, _cursor, fields = parse_inbound(record)
        except DataStreamError:
            aid, fields = AID_CLEAR, []
        waiter.put(self._input_text(fields).strip() if aid == AID_ENTER else None)
        return True

    # ------------------------------------------------------------------ the manager's side
    def show_logo(self, lines: list[str]) -> None:
        """The logo in the output area, VM/370 ONLINE in the status area."""
        with self.lock:
            self._end_fullscreen()
            self.shown, self.hold, self.not_accepted = [], None, False
            self.pending.clear()
            self._cancel_timer()
            self.state = STATUS_ONLINE
            self.password = False
            for line in lines:
                self.pending.extend(to_rows(line, self.cols))
            self._take_rows()
            if not self._batch:
                self._redraw()

    def clear_output(self) -> None:
        with self.lock:
            self.shown = []
            if not self._batch:
                self._update([], clear=True)

    def password_mode(self, on: bool) -> None:
        with self.lock:
            self.password = on
            if not self._batch:
                self._redraw()

    def dropped(self) -> None:
        """The session ended: stop the MORE... timer, wake a full-screen or password reader."""
        with self.lock:
            self._cancel_timer()
            self._end_fullscreen()
            waiter, self._password_waiter = self._password_waiter, None
        if waiter is not None:
            waiter.put(None)

    # ------------------------------------------------------------------ inbound
    def inbound(self, record: bytes) -> None:
        """One record from the terminal: a key and the input field."""
        try:
            aid, _cursor, fields = parse_inbound(record)
        except DataStreamError:
            return
        if self.fullscreen and self._fullscreen_key(aid, record):
            return
        text = self._input_text(fields)
        preset = None
        with self.lock:
            self._batch += 1
        try:
            preset = self._key(aid, text)
        finally:
            with self.lock:
                self._batch -= 1
                if not self._batch and not self.fullscreen:
                    self._redraw(preset or "")

    def _fullscreen_key(self, aid: int, record: bytes) -> bool:
        """In full-screen mode: True if the record went to the guest."""
        if aid == AID_CLEAR:
            with self.lock:
                self._end_fullscreen()
            return False
        if aid == AID_PA1:
            with self.lock:
                self._end_fullscreen()
            return False
        with self.lock:
            self._fs_records.put(bytes(record))
            waiting = self._fs_waiting
            self._wake_fullscreen_waiter()
        user = self.user
        if not waiting and user is not None and not user.cp_mode:
            user.reflect_attention()
        return True

    def _input_text(self, fields) -> str:
        for addr, data in fields:
            if addr == -1 or self.input_start <= addr < self.status_attr_addr:
                return data.replace(b"\x00", b"").decode("cp037")
        return ""

    def _key(self, aid: int, text: str) -> str | None:
        """Act on a key; returns text to leave in the input area (DELAYED PF key)."""
        user = self.user
        if aid == AID_CLEAR:
            with self.lock:
                self.not_accepted = False
                self._next_page()
            return None
        if aid == AID_PA2:
            with self.lock:
                self._next_page()
            return None
        if aid == AID_PA1:
            if user is not None:
                user.enter_cp_mode()
            return None
        if aid in AID_PF:
            pf = user.settings.pf.get(AID_PF.index(aid) + 1) if user is not None else None
            if pf is not None:
                pf_text, immediate = pf
                if not immediate:
                    return pf_text
                text = pf_text
        elif aid != AID_ENTER:
            return None                         # PA3, SYSREQ, selector pen: nothing for CP
        return self._enter(text, user)

    def _enter(self, text: str, user) -> None:
        if user is not None and user.wake_if_sleeping():
            return None                         # SLEEP ends with the key; the input is dropped
        with self.lock:
            self.not_accepted = False
            if not text:
                if self.hold == HOLD_MORE:
                    self.hold = HOLD_HOLDING
                    self._cancel_timer()
                    return None
                if self.hold == HOLD_HOLDING:
                    return None
            elif not self.pending and len(self.shown) >= self.out_rows:
                self.shown = []                 # a full screen the user has seen
            echo = text and not self.password
        if echo:
            self.write_line(text)
        with self.lock:
            self._tail.clear()
        if not text:
            if user is not None and not user.cp_mode:
                if user.console_read_pending:
                    user.input_line("")
                else:
                    user.attention()
            return None
        if not self.port.typed(text):
            with self.lock:
                self.not_accepted = True
                self._alarm = True
        return None

    # ------------------------------------------------------------------ paging
    def _take_rows(self) -> list[str]:
        placed = []
        while self.pending and len(self.shown) < self.out_rows:
            row = self.pending.popleft()
            self.shown.append(row)
            placed.append(row)
        if self.pending and self.hold is None:
            self.hold = HOLD_MORE
            self._start_timer()
        return placed

    def _next_page(self) -> None:
        self._cancel_timer()
        self.hold = None
        self.shown = []
        self._take_rows()

    def _start_timer(self) -> None:
        self._cancel_timer()
        if self.more_delay is None:
            return
        t = threading.Timer(self.more_delay, self.more_timeout)
        t.daemon = True
        self._timer = t
        t.start()

    def _cancel_timer(self) -> None:
        t, self._timer = self._timer, None
        if t is not None:
            t.cancel()

    def more_timeout(self) -> None:
        """MORE... ran out: clear the output area and show the next page."""
        with self.lock:
            if self.hold != HOLD_MORE:
                return
            self._next_page()
            if not self._batch and not self.fullscreen:
                self._update(list(self.shown), clear=True)

    def _end_fullscreen(self) -> None:
        if self.fullscreen:
            self.fullscreen = False
        while self._fs_waiting and self._fs_records.qsize() < self._fs_waiting:
            self._fs_records.put(None)
        self._wake_fullscreen_waiter(all_of_them=True)

    # ------------------------------------------------------------------ drawing
    @property
    def status_text(self) -> str:
        if self.not_accepted:
            return STATUS_NOT_ACCEPTED
        if self.hold == HOLD_MORE:
            return STATUS_MORE
        if self.hold == HOLD_HOLDING:
            return STATUS_HOLDING
        return self.state

    def _addr(self, addr: int) -> bytes:
        return bytes([ORDER_SBA]) + encode_address(addr, self.size)

    def _row_bytes(self, index: int, row: str) -> bytes:
        # the last output row ends where the input field's attribute sits
        width = self.cols - 1 if index == self.out_rows - 1 else self.cols
        return self._addr(index * self.cols) + screen_bytes(row[:width])

    def _status_bytes(self) -> bytes:
        text = self.status_text
        attr = STATUS_ATTR if text in (self.state, STATUS_ONLINE) else STATUS_ATTR_BRIGHT
        return (self._addr(self.status_attr_addr) + bytes([ORDER_SF]) + encode_attribute(attr)
                + screen_bytes(text.ljust(STATUS_WIDTH)[:STATUS_WIDTH]))

    def _redraw(self, preset: str = "") -> None:
        """The whole screen (Erase/Write): output area, empty input area, status."""
        wcc = WCC_ALARM if self._alarm else WCC_REDRAW
        self._alarm = False
        out = bytearray(encode_attribute(wcc))
        for i, row in enumerate(self.shown):
            if row:
                out += self._row_bytes(i, row)
        out += self._addr(self.input_attr_addr) + bytes([ORDER_SF])
        out += encode_attribute(PASSWORD_ATTR if self.password else INPUT_ATTR)
        preset = preset[:self.input_length]
        out += screen_bytes(preset)
        out += self._status_bytes()
        out += self._addr(self.input_start + len(preset)) + bytes([ORDER_IC])
        self.session.write_3270(bytes(out), self.command)

    def _update(self, placed: list[str], clear: bool = False) -> None:
        """New rows and the status (Write: what is being typed stays)."""
        out = bytearray(encode_attribute(WCC_UPDATE))
        if clear:
            # DMKGRF's clear: Repeat-to-Address nulls over the output area
            out += self._addr(0) + bytes([ORDER_RA]) + encode_address(self.input_attr_addr,
                                                                      self.size) + b"\x00"
        first = len(self.shown) - len(placed)
        for k, row in enumerate(placed):
            if row:
                out += self._row_bytes(first + k, row)
        out += self._status_bytes()
        self.session.write_3270(bytes(out), CMD_WRITE)
