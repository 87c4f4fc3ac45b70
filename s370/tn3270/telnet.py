"""Telnet byte-level parsing and option constants for TN3270 / TN3270E.

The parser is a state machine over single bytes (RFC 854): replies may come
batched in one segment or split over many, so nothing assumes that one read is
one reply.  Every buffer is bounded, and no input can make it raise.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- commands (RFC 854) ----------------------------------------------------------------
IAC = 255
DONT = 254
DO = 253
WONT = 252
WILL = 251
SB = 250
GA = 249
EL = 248
EC = 247
AYT = 246
AO = 245
IP = 244
BREAK = 243
DM = 242
NOP = 241
SE = 240
EOR = 239            # end of record (RFC 885)

# --- options -----------------------------------------------------------------------------
OPT_BINARY = 0
OPT_ECHO = 1
OPT_SGA = 3
OPT_TIMING_MARK = 6
OPT_TTYPE = 24
OPT_EOR = 25
OPT_NAWS = 31
OPT_TN3270E = 40

TTYPE_IS = 0
TTYPE_SEND = 1

# --- TN3270E (RFC 2355) ---------------------------------------------------------------------
E_ASSOCIATE = 0
E_CONNECT = 1
E_DEVICE_TYPE = 2
E_FUNCTIONS = 3
E_IS = 4
E_REASON = 5
E_REJECT = 6
E_REQUEST = 7
E_SEND = 8

E_REASON_CONN_PARTNER = 0
E_REASON_DEVICE_IN_USE = 1
E_REASON_INV_ASSOCIATE = 2
E_REASON_INV_NAME = 3
E_REASON_INV_DEVICE_TYPE = 4
E_REASON_TYPE_NAME_ERROR = 5
E_REASON_UNKNOWN_ERROR = 6
E_REASON_UNSUPPORTED_REQ = 7

E_FUNC_BIND_IMAGE = 0
E_FUNC_DATA_STREAM_CTL = 1
E_FUNC_RESPONSES = 2
E_FUNC_SCS_CTL_CODES = 3
E_FUNC_SYSREQ = 4

E_DT_3270_DATA = 0
E_DT_SCS_DATA = 1
E_DT_RESPONSE = 2
E_DT_BIND_IMAGE = 3
E_DT_UNBIND = 4
E_DT_NVT_DATA = 5
E_DT_REQUEST = 6
E_DT_SSCP_LU_DATA = 7
E_HEADER_LEN = 5

MAX_SB = 1024            # longest subnegotiation payload kept
MAX_RECORD = 32768       # longest inbound 3270 record kept


def escape_iac(data: bytes) -> bytes:
    """Double every X'FF' data byte."""
    return data.replace(b"\xff", b"\xff\xff")


def command(verb: int, option: int) -> bytes:
    return bytes([IAC, verb, option])


def subneg(option: int, payload: bytes) -> bytes:
    return bytes([IAC, SB, option]) + escape_iac(payload) + bytes([IAC, SE])


@dataclass
class Event:
    """One thing the peer said.

    kind: 'option' (verb = DO/DONT/WILL/WONT, option), 'sb' (option, payload),
    'record' (data up to IAC EOR), 'command' (verb = IP, BREAK, AYT, ...),
    'data' (NVT text outside records, only when ``record_mode`` is off),
    'overflow' (a record or SB longer than the bound was discarded).
    """
    kind: str
    verb: int = 0
    option: int = 0
    payload: bytes = b""


class TelnetParser:
    """Turn raw bytes from the socket into Events."""

    DATA, IAC_SEEN, VERB, SB_OPT, SB_DATA, SB_IAC = range(6)

    def __init__(self) -> None:
        self.state = self.DATA
        self.verb = 0
        self.sb_option = 0
        self.sb = bytearray()
        self.sb_overflow = False
        self.buf = bytearray()
        self.buf_overflow = False
        self.record_mode = False     # data is collected into EOR-terminated records

    def feed(self, chunk: bytes) -> list[Event]:
        events: list[Event] = []
        for b in chunk:
            st = self.state
            if st == self.DATA:
                if b == IAC:
                    self.state = self.IAC_SEEN
                else:
                    self._data(b, events)
            elif st == self.IAC_SEEN:
                if b == IAC:
                    self._data(b, events)
                    self.state = self.DATA
                elif b in (DO, DONT, WILL, WONT):
                    self.verb = b
                    self.state = self.VERB
                elif b == SB:
                    self.state = self.SB_OPT
                elif b == EOR:
                    self._end_record(events)
                    self.state = self.DATA
                else:
                    events.append(Event("command", verb=b))
                    self.state = self.DATA
            elif st == self.VERB:
                events.append(Event("option", verb=self.verb, option=b))
                self.state = self.DATA
            elif st == self.SB_OPT:
                self.sb_option = b
                self.sb = bytearray()
                self.sb_overflow = False
                self.state = self.SB_DATA
            elif st == self.SB_DATA:
                if b == IAC:
                    self.state = self.SB_IAC
                else:
                    self._sb_byte(b)
            else:                                   # SB_IAC
                if b == SE:
                    if self.sb_overflow:
                        events.append(Event("overflow", option=self.sb_option))
                    else:
                        events.append(Event("sb", option=self.sb_option, payload=bytes(self.sb)))
                    self.state = self.DATA
                elif b == IAC:
                    self._sb_byte(b)
                    self.state = self.SB_DATA
                else:                               # IAC x inside SB: malformed, end the SB
                    events.append(Event("overflow", option=self.sb_option))
                    self.state = self.DATA
        if not self.record_mode and self.buf:
            events.append(Event("data", payload=bytes(self.buf)))
            self.buf.clear()
        return events

    def _sb_byte(self, b: int) -> None:
        if len(self.sb) < MAX_SB:
            self.sb.append(b)
        else:
            self.sb_overflow = True

    def _data(self, b: int, events: list[Event]) -> None:
        if len(self.buf) < MAX_RECORD:
            self.buf.append(b)
        else:
            self.buf_overflow = True

    def _end_record(self, events: list[Event]) -> None:
        if self.buf_overflow:
            events.append(Event("overflow"))
        else:
            events.append(Event("record", payload=bytes(self.buf)))
        self.buf.clear()
        self.buf_overflow = False

    def take_data(self) -> bytes:
        """Pending partial data (used when switching out of record mode)."""
        data = bytes(self.buf)
        self.buf.clear()
        return data
