"""The 3270 data stream: a display buffer with fields, and the outbound/inbound formats.

Rules from the 3270 Data Stream Programmer's Reference (GA23-0059): WCC, the
orders SF SFE SBA SA MF IC PT RA EUA GE, 12/14-bit buffer addresses, field
attributes, AIDs and the Read Buffer / Read Modified / Read Modified All
inbound formats (with the short read for PA keys and Clear).

A ``Screen`` is the host-side image of one display: the channel-attached
device applies every outbound write to it and every inbound record from the
terminal, so that Read Buffer and Read Modified can be answered locally.
"""

from __future__ import annotations

# --- command codes ------------------------------------------------------------------------
# Local (channel-attached, non-SNA) CCW command codes.
CMD_WRITE = 0x01
CMD_READ_BUFFER = 0x02
CMD_NOP = 0x03
CMD_SENSE = 0x04
CMD_ERASE_WRITE = 0x05
CMD_READ_MODIFIED = 0x06
CMD_SELECT = 0x0B
CMD_ERASE_WRITE_ALT = 0x0D
CMD_ERASE_ALL_UNPROT = 0x0F
CMD_WRITE_STRUCTURED = 0x11
CMD_SENSE_ID = 0xE4
SELECT_COMMANDS = (0x0B, 0x1B, 0x2B, 0x3B, 0x4B)

# Remote (BSC/SNA) codes: what a TN3270 client expects as the first byte of a record.
RCMD_WRITE = 0xF1
RCMD_READ_BUFFER = 0xF2
RCMD_WRITE_STRUCTURED = 0xF3
RCMD_ERASE_WRITE = 0xF5
RCMD_READ_MODIFIED = 0xF6
RCMD_ERASE_ALL_UNPROT = 0x6F
RCMD_READ_MODIFIED_ALL = 0x6E
RCMD_ERASE_WRITE_ALT = 0x7E
LOCAL_TO_REMOTE = {
    CMD_WRITE: RCMD_WRITE, CMD_ERASE_WRITE: RCMD_ERASE_WRITE,
    CMD_ERASE_WRITE_ALT: RCMD_ERASE_WRITE_ALT, CMD_ERASE_ALL_UNPROT: RCMD_ERASE_ALL_UNPROT,
    CMD_READ_BUFFER: RCMD_READ_BUFFER, CMD_READ_MODIFIED: RCMD_READ_MODIFIED,
    CMD_WRITE_STRUCTURED: RCMD_WRITE_STRUCTURED,
}

# --- Write Control Character ----------------------------------------------------------------
WCC_RESET = 0x40
WCC_START_PRINTER = 0x08
WCC_SOUND_ALARM = 0x04
WCC_KEYBOARD_RESTORE = 0x02
WCC_RESET_MDT = 0x01

# --- orders ---------------------------------------------------------------------------------
ORDER_PT = 0x05          # Program Tab
ORDER_GE = 0x08          # Graphic Escape
ORDER_SBA = 0x11         # Set Buffer Address
ORDER_EUA = 0x12         # Erase Unprotected to Address
ORDER_IC = 0x13          # Insert Cursor
ORDER_SF = 0x1D          # Start Field
ORDER_SA = 0x28          # Set Attribute
ORDER_SFE = 0x29         # Start Field Extended
ORDER_MF = 0x2C          # Modify Field
ORDER_RA = 0x3C          # Repeat to Address

# --- field attribute ------------------------------------------------------------------------
FA_PROTECTED = 0x20
FA_NUMERIC = 0x10
FA_DISPLAY_MASK = 0x0C
FA_INTENSIFIED = 0x08
FA_NONDISPLAY = 0x0C
FA_MDT = 0x01
XA_FIELD_ATTRIBUTE = 0xC0     # SFE/MF type: the basic 3270 field attribute
XA_ALL = 0x00                 # SA type: reset all character attributes

# --- Attention identifiers ------------------------------------------------------------------
AID_NONE = 0x60
AID_ENTER = 0x7D
AID_CLEAR = 0x6D
AID_PA1, AID_PA2, AID_PA3 = 0x6C, 0x6E, 0x6B
AID_SELECTOR_PEN = 0x7E
AID_SYSREQ = 0xF0
AID_STRUCTURED_FIELD = 0x88
AID_PF = (0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0x7A, 0x7B, 0x7C,
          0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x4A, 0x4B, 0x4C)
SHORT_READ_AIDS = frozenset((AID_CLEAR, AID_PA1, AID_PA2, AID_PA3))

NULL = 0x00

# --- screen sizes -----------------------------------------------------------------------------
DEFAULT_SIZE = (24, 80)
MODEL_SIZES = {2: (24, 80), 3: (32, 80), 4: (43, 80), 5: (27, 132)}

# --- buffer addresses ---------------------------------------------------------------------------
# GA23-0059 Figure D-1: the graphic for each 6-bit value (12-bit addresses, WCC, attributes).
CODE_TABLE = bytes([
    0x40, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F,
    0x50, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
    0x60, 0x61, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
])


class DataStreamError(ValueError):
    """An outbound stream the display rejects (operation check)."""


def encode_address(addr: int, buffer_size: int = 1920) -> bytes:
    """Two address bytes: the 12-bit code-table form when the buffer allows it, else 14-bit."""
    if buffer_size <= 4096 and addr < 4096:
        return bytes([CODE_TABLE[(addr >> 6) & 0x3F], CODE_TABLE[addr & 0x3F]])
    return bytes([(addr >> 8) & 0x3F, addr & 0xFF])


def decode_address(b1: int, b2: int) -> int:
    """Either form: bits 0-1 of the first byte 00 = 14-bit binary, otherwise 12-bit."""
    if b1 & 0xC0 == 0:
        return ((b1 & 0x3F) << 8) | b2
    return ((b1 & 0x3F) << 6) | (b2 & 0x3F)


def encode_attribute(value: int) -> bytes:
    """One attribute (or WCC) byte as the graphic of its 6-bit value."""
    return bytes([CODE_TABLE[value & 0x3F]])


def is_short_read(aid: int) -> bool:
    return aid in SHORT_READ_AIDS


def parse_inbound(record: bytes) -> tuple[int, int | None, list[tuple[int, bytes]]]:
    """Split a Read Modified style record into (aid, cursor, [(address, data), ...]).

    A short read (AID only) gives cursor None.  Data before the first SBA (an
    unformatted screen) is returned with address -1.
    """
    if not record:
        raise DataStreamError("empty inbound record")
    aid = record[0]
    if len(record) < 3:
        if aid in SHORT_READ_AIDS:
            return aid, None, []
        raise DataStreamError(f"inbound record for AID X'{aid:02X}' without a cursor address")
    cursor = decode_address(record[1], record[2])
    fields: list[tuple[int, bytes]] = []
    addr, pos = -1, 3
    while True:
        j = record.find(bytes([ORDER_SBA]), pos)
        end = len(record) if j < 0 else j
        chunk = bytes(record[pos:end])
        if addr != -1 or chunk:
            fields.append((addr, chunk))
        if j < 0:
            return aid, cursor, fields
        if j + 2 >= len(record):
            raise DataStreamError("truncated SBA in inbound record")
        addr = decode_address(record[j + 1], record[j + 2])
        pos = j + 3


class Screen:
    """The buffer of one 3270 display: characters, field attributes, cursor, AID."""

    def __init__(self, model: int = 2, alternate: tuple[int, int] | None = None):
        self.model = model
        self.default_size = DEFAULT_SIZE
        self.alternate_size = alternate or MODEL_SIZES.get(model, DEFAULT_SIZE)
        self.rows, self.cols = self.default_size
        self.chars = bytearray(self.size)
        # attr[i] is None for a character position, else the field attribute (6-bit value).
        self.attr: list[int | None] = [None] * self.size
        self.cursor = 0
        self.aid = AID_NONE
        self.keyboard_locked = True
        self.alarm = False
        self.extended: dict[int, dict[int, int]] = {}   # extended attributes of fields / chars

    # --- geometry -------------------------------------------------------------------------
    @property
    def size(self) -> int:
        return self.rows * self.cols

    def set_size(self, rows: int, cols: int) -> None:
        self.rows, self.cols = rows, cols
        self.chars = bytearray(self.size)
        self.attr = [None] * self.size
        self.extended = {}

    def address(self, addr: bytes | tuple[int, int]) -> int:
        a = decode_address(addr[0], addr[1])
        if a >= self.size:
            raise DataStreamError(f"buffer address {a} outside a {self.rows}x{self.cols} buffer")
        return a

    def encode_address(self, addr: int) -> bytes:
        return encode_address(addr, self.size)

    # --- fields ---------------------------------------------------------------------------
    @property
    def formatted(self) -> bool:
        return any(a is not None for a in self.attr)

    def field_attribute_address(self, addr: int) -> int | None:
        """Address of the attribute governing ``addr`` (searching backwards, wrapping)."""
        n = self.size
        for k in range(n):
            p = (addr - k) % n
            if self.attr[p] is not None:
                return p
        return None

    def is_protected(self, addr: int) -> bool:
        fa = self.field_attribute_address(addr)
        if fa is None:
            return False
        return fa == addr or bool(self.attr[fa] & FA_PROTECTED)

    def field_addresses(self) -> list[int]:
        return [p for p, a in enumerate(self.attr) if a is not None]

    def field_data_range(self, fa: int) -> list[int]:
        """Positions of the data of the field whose attribute is at ``fa``."""
        n, out = self.size, []
        p = (fa + 1) % n
        while self.attr[p] is None:
            out.append(p)
            p = (p + 1) % n
        return out

    def reset_mdts(self) -> None:
        for p, a in enumerate(self.attr):
            if a is not None:
                self.attr[p] = a & ~FA_MDT

    # --- outbound -------------------------------------------------------------------------
    def erase(self, alternate: bool = False) -> None:
        """The erase part of Erase/Write (default size) or Erase/Write Alternate."""
        rows, cols = self.alternate_size if alternate else self.default_size
        self.set_size(rows, cols)
        self.cursor = 0

    def write(self, data: bytes, *, erase: bool = False, alternate: bool = False) -> None:
        """Write (starting at the cursor), Erase/Write or Erase/Write Alternate.

        ``data`` is WCC + orders and data.  Raises DataStreamError at the first
        invalid order or address; what came before it stays applied.
        """
        if erase:
            self.erase(alternate)
        if not data:
            return
        wcc = data[0]
        if wcc & WCC_RESET_MDT:
            self.reset_mdts()
        try:
            self._orders(data, 1, 0 if erase else self.cursor)
        finally:
            if wcc & WCC_SOUND_ALARM:
                self.alarm = True
            if wcc & WCC_KEYBOARD_RESTORE:
                self.keyboard_locked = False
                self.aid = AID_NONE

    def _need(self, data: bytes, i: int, n: int, what: str) -> None:
        if i + n > len(data):
            raise DataStreamError(f"{what} order truncated")

    def _put(self, addr: int, ch: int) -> int:
        self.attr[addr] = None
        self.extended.pop(addr, None)
        self.chars[addr] = ch
        return (addr + 1) % self.size

    def _orders(self, data: bytes, i: int, ba: int) -> None:
        n = self.size
        after_data = False
        while i < len(data):
            b = data[i]
            if b == ORDER_SBA:
                self._need(data, i + 1, 2, "SBA")
                ba = self.address(data[i + 1:i + 3])
                i += 3
            elif b == ORDER_SF:
                self._need(data, i + 1, 1, "SF")
                self.attr[ba] = data[i + 1] & 0x3F
                self.chars[ba] = NULL
                self.extended.pop(ba, None)
                ba = (ba + 1) % n
                i += 2
            elif b == ORDER_SFE:
                self._need(data, i + 1, 1, "SFE")
                count = data[i + 1]
                self._need(data, i + 2, 2 * count, "SFE")
                pairs = {data[i + 2 + 2 * k]: data[i + 3 + 2 * k] for k in range(count)}
                self.attr[ba] = pairs.pop(XA_FIELD_ATTRIBUTE, 0) & 0x3F
                self.chars[ba] = NULL
                self.extended[ba] = pairs
                ba = (ba + 1) % n
                i += 2 + 2 * count
            elif b == ORDER_MF:
                self._need(data, i + 1, 1, "MF")
                count = data[i + 1]
                self._need(data, i + 2, 2 * count, "MF")
                if self.attr[ba] is None:
                    raise DataStreamError("MF order at a position that is not a field attribute")
                for k in range(count):
                    t, v = data[i + 2 + 2 * k], data[i + 3 + 2 * k]
                    if t == XA_FIELD_ATTRIBUTE:
                        self.attr[ba] = v & 0x3F
                    else:
                        self.extended.setdefault(ba, {})[t] = v
                ba = (ba + 1) % n
                i += 2 + 2 * count
            elif b == ORDER_SA:
                self._need(data, i + 1, 2, "SA")
                i += 3                      # character attributes: accepted, not displayed here
            elif b == ORDER_IC:
                self.cursor = ba
                i += 1
            elif b == ORDER_PT:
                ba = self._program_tab(ba, null_fill=after_data)
                i += 1
            elif b == ORDER_RA:
                self._need(data, i + 1, 3, "RA")
                stop = self.address(data[i + 1:i + 3])
                ch = data[i + 3]
                i += 4
                if ch == ORDER_GE:
                    self._need(data, i, 1, "RA")
                    ch = data[i]
                    i += 1
                ba = self._repeat(ba, stop, ch)
            elif b == ORDER_EUA:
                self._need(data, i + 1, 2, "EUA")
                stop = self.address(data[i + 1:i + 3])
                ba = self._erase_unprotected(ba, stop)
                i += 3
            elif b == ORDER_GE:
                self._need(data, i + 1, 1, "GE")
                ba = self._put(ba, data[i + 1])
                i += 2
            else:                           # a character (control codes are data too)
                ba = self._put(ba, b)
                i += 1
                after_data = True
                continue
            after_data = False

    def _program_tab(self, ba: int, null_fill: bool) -> int:
        """PT: to the first character of the next unprotected field (GA23-0059 'Program Tab')."""
        n = self.size
        p = ba
        if null_fill:
            while self.attr[p] is None:
                self.chars[p] = NULL
                p = (p + 1) % n
                if p == 0 or p == ba:
                    break
        for q in range(p, n):
            if self.attr[q] is not None and not self.attr[q] & FA_PROTECTED:
                nxt = (q + 1) % n
                if self.attr[nxt] is None:
                    return nxt
        return 0

    def _repeat(self, ba: int, stop: int, ch: int) -> int:
        n = self.size
        p = ba
        while True:
            self._put(p, ch)
            p = (p + 1) % n
            if p == stop:
                return stop

    def _erase_unprotected(self, ba: int, stop: int) -> int:
        n = self.size
        fa = self.field_attribute_address(ba)
        protected = fa is not None and bool(self.attr[fa] & FA_PROTECTED)
        p = ba
        while True:
            a = self.attr[p]
            if a is not None:
                protected = bool(a & FA_PROTECTED)
            elif not protected:
                self.chars[p] = NULL
            p = (p + 1) % n
            if p == stop:
                return stop

    def erase_all_unprotected(self) -> None:
        """EAU: null every unprotected field, reset its MDT, cursor to the first one, unlock."""
        first = None
        if not self.formatted:
            self.chars = bytearray(self.size)
            first = 0
        else:
            for fa in self.field_addresses():
                if self.attr[fa] & FA_PROTECTED:
                    continue
                self.attr[fa] &= ~FA_MDT
                rng = self.field_data_range(fa)
                for p in rng:
                    self.chars[p] = NULL
                if first is None and rng:
                    first = rng[0]
        self.cursor = first if first is not None else 0
        self.keyboard_locked = False
        self.aid = AID_NONE

    # --- inbound --------------------------------------------------------------------------
    def read_buffer(self) -> bytes:
        """Read Buffer: AID, cursor, then every position (attributes as SF + attribute)."""
        out = bytearray([self.aid]) + self.encode_address(self.cursor)
        for p in range(self.size):
            a = self.attr[p]
            if a is None:
                out.append(self.chars[p])
            else:
                out.append(ORDER_SF)
                out += encode_attribute(a)
        return bytes(out)

    def read_modified(self, all_fields: bool = False) -> bytes:
        """Read Modified (or Read Modified All): short read for PA/Clear unless ``all_fields``."""
        if not all_fields and is_short_read(self.aid):
            return bytes([self.aid])
        out = bytearray([self.aid]) + self.encode_address(self.cursor)
        if not self.formatted:
            out += bytes(c for c in self.chars if c != NULL)
            return bytes(out)
        for fa in self.field_addresses():
            if self.attr[fa] & FA_MDT:
                rng = self.field_data_range(fa)
                out.append(ORDER_SBA)
                out += self.encode_address((fa + 1) % self.size)
                out += bytes(self.chars[p] for p in rng if self.chars[p] != NULL)
        return bytes(out)

    def apply_inbound(self, record: bytes) -> int:
        """Apply a terminal's inbound record (AID + cursor + modified fields); returns the AID.

        Each field's data is placed from its first position, the rest nulled
        (the terminal suppressed its nulls), and its MDT is set.  Clear also
        clears the buffer back to the default size.
        """
        aid, cursor, fields = parse_inbound(record)
        if aid == AID_CLEAR:
            self.erase(alternate=False)
        if cursor is not None:
            if cursor >= self.size:
                raise DataStreamError(f"inbound cursor address {cursor} outside the buffer")
            for addr, _ in fields:
                if addr >= self.size:
                    raise DataStreamError(f"inbound field address {addr} outside the buffer")
            self.cursor = cursor
            for addr, data in fields:
                self._apply_field(addr, data)
        self.aid = aid
        self.keyboard_locked = True
        return aid

    def _apply_field(self, addr: int, data: bytes) -> None:
        n = self.size
        if addr < 0:                               # unformatted screen: whole buffer
            self.chars = bytearray(n)
            self.chars[:min(n, len(data))] = data[:n]
            return
        fa = self.field_attribute_address(addr)
        if fa is None:
            positions = [(addr + k) % n for k in range(len(data))]
        else:
            self.attr[fa] |= FA_MDT
            positions = self.field_data_range(fa)
        for k, p in enumerate(positions):
            self.chars[p] = data[k] if k < len(data) else NULL

    # --- display --------------------------------------------------------------------------
    def text_lines(self, codec: str = "cp037") -> list[str]:
        """The screen as a terminal shows it: attributes and nulls as blanks, non-display hidden."""
        out = []
        shown = bytearray(self.size)
        visible = True
        fa0 = self.field_attribute_address(self.size - 1)
        if fa0 is not None:
            visible = self.attr[fa0] & FA_DISPLAY_MASK != FA_NONDISPLAY
        for p in range(self.size):
            a = self.attr[p]
            if a is not None:
                visible = a & FA_DISPLAY_MASK != FA_NONDISPLAY
                shown[p] = 0x40
            else:
                c = self.chars[p]
                shown[p] = c if visible and c >= 0x40 else 0x40
        text = bytes(shown).decode(codec, errors="replace")
        for r in range(self.rows):
            out.append(text[r * self.cols:(r + 1) * self.cols])
        return out
