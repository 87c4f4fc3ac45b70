"""TerminalHub with real clients (s3270, tnz), a telnet line client, and hostile sockets."""

import logging
import queue
import random
import socket
import struct
import time

import pytest

from s370.devices.display import Display3270
from s370.tn3270 import telnet as T
from s370.tn3270.clients import S3270
from s370.tn3270.server import TerminalHub, parse_terminal_type

IAC, DO, DONT, WILL, WONT, SB, SE, EOR = 255, 253, 254, 251, 252, 250, 240, 239


@pytest.fixture
def hub(caplog):
    caplog.set_level(logging.INFO, logger="s370")
    h = TerminalHub(port=0, negotiation_timeout=1.0, max_clients=4).start()
    yield h
    h.stop()
    # never a traceback: nothing the clients did may surface as an error in the hub
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert "Traceback" not in caplog.text


class FakeConsole:
    """A line device as the 3215 console helper will provide it."""
    terminal_kind = "line"

    def __init__(self, devnum):
        self.devnum = devnum
        self.session = None
        self.lines = queue.Queue()
        self.disconnected = 0

    def connect(self, session):
        if self.session is not None:
            return False
        self.session = session
        session.write_line(f"CONSOLE {self.devnum:04X} READY")
        return True

    def input_line(self, text):
        self.lines.put(text)
        self.session.write_line("ECHO " + text.upper())

    def disconnect(self):
        self.session = None
        self.disconnected += 1


class TelnetClient:
    """A plain telnet client that answers options the way the Linux telnet client does."""

    def __init__(self, port, ttype=b"XTERM"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.ttype = ttype
        self.buf = bytearray()
        self.text = bytearray()
        self.records = []
        self.rec = bytearray()

    def pump(self, until, timeout=5.0):
        deadline = time.monotonic() + timeout
        while not until():
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                raise AssertionError(f"timed out; got text {bytes(self.text)!r}") from None
            if not data:
                return False
            self._parse(data)
        return True

    def _parse(self, data):
        self.buf += data
        i = 0
        b = self.buf
        while i < len(b):
            if b[i] != IAC:
                self.rec.append(b[i])
                self.text.append(b[i])
                i += 1
                continue
            if i + 1 >= len(b):
                break
            verb = b[i + 1]
            if verb in (DO, DONT, WILL, WONT):
                if i + 2 >= len(b):
                    break
                self._option(verb, b[i + 2])
                i += 3
            elif verb == SB:
                end = b.find(bytes([IAC, SE]), i)
                if end < 0:
                    break
                if b[i + 2:i + 4] == bytes([24, 1]):
                    self.sock.sendall(bytes([IAC, SB, 24, 0]) + self.ttype + bytes([IAC, SE]))
                i = end + 2
            elif verb == EOR:
                self.records.append(bytes(self.rec))
                self.rec.clear()
                i += 2
            elif verb == IAC:
                self.rec.append(IAC)
                i += 2
            else:
                i += 2
        del self.buf[:i]

    def _option(self, verb, opt):
        if verb == DO:
            ok = opt in (24, 0, 25) and not (opt in (0, 25) and self.ttype == b"XTERM")
            self.sock.sendall(bytes([IAC, WILL if ok else WONT, opt]))
        elif verb == WILL:
            ok = opt in (0, 25) and self.ttype != b"XTERM"
            self.sock.sendall(bytes([IAC, DO if ok else DONT, opt]))

    def close(self, reset=False):
        if reset:      # abrupt: RST instead of FIN
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


def s3270_connect(hub, target=None, model="3279-2"):
    c = S3270(model)
    c.do(f"Connect({target or '127.0.0.1'}:{hub.port})")
    return c


def wait_until(pred, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# --- terminal types -------------------------------------------------------------------------

def test_terminal_type_names():
    assert parse_terminal_type("IBM-3278-2") == (True, 2, None)
    assert parse_terminal_type("IBM-3279-4-E") == (True, 4, None)
    assert parse_terminal_type("IBM-3278-5-E@0C1") == (True, 5, "0C1")
    assert parse_terminal_type("IBM-DYNAMIC") == (True, 2, None)
    assert parse_terminal_type("IBM-3278-9") == (True, 2, None)
    assert parse_terminal_type("IBM-3287-1")[0] is False
    assert parse_terminal_type("XTERM-256COLOR")[0] is False


# --- real 3270 clients ------------------------------------------------------------------------

def test_s3270_tn3270e_sees_the_connect_screen_and_is_bound(hub):
    d = Display3270(0x0C0)
    hub.register(d)
    with s3270_connect(hub) as c:
        text = c.wait_for_text("Connected to device 00C0")
        assert any("Waiting for the program" in line for line in text)
        assert c.do("Query(LuName)") == ["00C0"]
        assert d.session is not None and d.session.tn3270e and d.session.model == 2
        assert c.status.split()[3].startswith("C(")          # connected
    assert wait_until(lambda: d.session is None)


def test_s3270_classic_tn3270_model_5(hub):
    d = Display3270(0x0C0)
    hub.register(d)
    with s3270_connect(hub, "N:127.0.0.1", model="3278-5") as c:
        c.wait_for_text("00C0")
        assert not d.session.tn3270e
        assert (d.session.model, d.session.rows, d.session.cols) == (5, 27, 132)


def test_device_selected_by_number_or_group(hub):
    for n in (0x0C0, 0x0C1):
        hub.register(Display3270(n))
    g = Display3270(0x0D0, group="TSOGRP")
    hub.register(g)
    with s3270_connect(hub, "00C1@127.0.0.1") as c1, \
            s3270_connect(hub, "N:TSOGRP@127.0.0.1") as c2, s3270_connect(hub) as c3:
        c1.wait_for_text("Connected to device 00C1")
        c2.wait_for_text("Connected to device 00D0")
        c3.wait_for_text("Connected to device 00C0")
        assert g.session is not None


def test_busy_device_gets_a_polite_refusal(hub):
    hub.register(Display3270(0x0C0))
    with s3270_connect(hub) as c1, s3270_connect(hub, "00C0@127.0.0.1") as c2:
        c1.wait_for_text("00C0")
        c2.wait_for_text("No device 00C0 is available")
        c2.do("Wait(5,Disconnect)")
    with s3270_connect(hub) as c1, s3270_connect(hub) as c2:      # no free device at all
        c1.wait_for_text("00C0")
        c2.wait_for_text("No 3270 device is available")


def test_unknown_device_name(hub):
    hub.register(Display3270(0x0C0))
    with s3270_connect(hub, "0999@127.0.0.1") as c:
        c.wait_for_text("No device 0999 is available")


def test_too_many_terminals_are_refused_with_a_message(hub):
    consoles = [FakeConsole(n) for n in range(4)]
    for con in consoles:
        hub.register(con)
    clients = [TelnetClient(hub.port) for _ in range(4)]          # four real line terminals
    try:
        for c in clients:
            assert c.pump(lambda c=c: b"READY" in c.text)
        extra = socket.create_connection(("127.0.0.1", hub.port), timeout=5)
        data = b""
        while chunk := extra.recv(1024):
            data += chunk
        assert b"Too many connections" in data
        extra.close()
    finally:
        for c in clients:
            c.close()
    assert wait_until(lambda: len(hub.sessions) == 0)
    hub.register(Display3270(0x0C0))
    with s3270_connect(hub) as c:                               # and serving again afterwards
        c.wait_for_text("00C0")


def test_idle_raw_sockets_cannot_lock_out_a_real_terminal(caplog):
    """Issue 7: sockets that never negotiate, more than the client limit, held open while
    a real s3270 connects: the oldest negotiating ones are closed to make room."""
    caplog.set_level(logging.INFO, logger="s370")
    h = TerminalHub(port=0, negotiation_timeout=60.0, max_clients=6, max_negotiating=3).start()
    raw = []
    try:
        h.register(Display3270(0x0C0))
        for _ in range(12):
            raw.append(socket.create_connection(("127.0.0.1", h.port), timeout=5))
        assert wait_until(lambda: sum(s.negotiating for s in list(h.sessions)) == 3)
        with s3270_connect(h) as c:
            c.wait_for_text("Connected to device 00C0")
            assert len(h.sessions) <= 6
        evicted = raw[0].recv(4096)
        while chunk := raw[0].recv(4096):
            evicted += chunk
        assert b"too many connections still negotiating" in evicted
        assert "closed while negotiating" in caplog.text
    finally:
        for s in raw:
            s.close()
        h.stop()


def test_negotiation_deadline_closes_a_silent_socket_and_frees_its_place(hub):
    s = socket.create_connection(("127.0.0.1", hub.port), timeout=5)
    assert wait_until(lambda: len(hub.sessions) == 1)
    data = b""
    while chunk := s.recv(1024):
        data += chunk
    assert b"Negotiation timed out" in data
    assert wait_until(lambda: len(hub.sessions) == 0)
    s.close()


def test_idle_line_mode_client_is_disconnected_and_the_console_freed(caplog):
    caplog.set_level(logging.INFO, logger="s370")
    h = TerminalHub(port=0, negotiation_timeout=1.0, line_idle_timeout=0.5).start()
    con = FakeConsole(0x009)
    h.register(con)
    try:
        a = TelnetClient(h.port)
        assert a.pump(lambda: b"READY" in a.text)
        a.pump(lambda: False)                                  # until the hub hangs up
        assert b"Idle time-out; disconnected." in a.text
        assert wait_until(lambda: con.disconnected == 1)
        b = TelnetClient(h.port)                               # the console is free again
        assert b.pump(lambda: b"CONSOLE 0009 READY" in b.text)
        a.close()
        b.close()
    finally:
        h.stop()


def test_silent_client_is_timed_out(hub):
    s = socket.create_connection(("127.0.0.1", hub.port), timeout=5)
    t0 = time.monotonic()
    data = b""
    while chunk := s.recv(1024):
        data += chunk
    assert data.startswith(bytes([IAC, DO, T.OPT_TN3270E]))
    assert b"timed out" in data and time.monotonic() - t0 < 4
    s.close()


# --- line-mode clients --------------------------------------------------------------------------

def test_plain_telnet_client_is_bound_to_a_line_device(hub):
    con = FakeConsole(0x009)
    hub.register(con)
    hub.register(Display3270(0x0C0))
    c = TelnetClient(hub.port)
    try:
        assert c.pump(lambda: b"READY\r\n" in c.text)
        assert b"CONSOLE 0009 READY\r\n" in c.text
        c.sock.sendall(b"ipl 190\r\nquery\xff\xff time\r\n")
        assert con.lines.get(timeout=5) == "ipl 190"
        assert con.lines.get(timeout=5) == "query\xff time"
        assert c.pump(lambda: b"ECHO IPL 190\r\n" in c.text)
        c.sock.sendall(b"ab\x08c\n")                      # backspace edits, bare LF ends a line
        assert con.lines.get(timeout=5) == "ac"
    finally:
        c.close()
    assert wait_until(lambda: con.disconnected == 1)


def test_second_line_client_is_refused_when_the_console_is_taken(hub):
    hub.register(FakeConsole(0x009))
    a, b = TelnetClient(hub.port), TelnetClient(hub.port)
    try:
        assert a.pump(lambda: b"READY" in a.text)
        b.pump(lambda: False)                                # until the server hangs up
        assert b"No console device is available" in b.text
    finally:
        a.close()
        b.close()


# --- hostile input ---------------------------------------------------------------------------------

def test_garbage_and_abrupt_disconnects_leave_the_server_serving(hub):
    hub.register(Display3270(0x0C0))
    hub.register(Display3270(0x0C1))
    rnd = random.Random(3270)
    # 1. pure garbage, including IAC sequences, unterminated SB and oversized data
    for n in range(3):
        s = socket.create_connection(("127.0.0.1", hub.port))
        s.sendall(bytes(rnd.randrange(256) for _ in range(5000)))
        s.sendall(bytes([IAC, SB, 24]) + b"x" * 5000)
        s.close()
    # 2. abrupt reset in the middle of the TN3270E negotiation
    s = socket.create_connection(("127.0.0.1", hub.port))
    s.recv(3)
    s.sendall(bytes([IAC, WILL, T.OPT_TN3270E, IAC, SB, T.OPT_TN3270E, 2, 7]) + b"IBM-32")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    # 3. a negotiated classic client that sends malformed 3270 records, then a good one
    d = Display3270(0x0C2, group="BAD")
    hub.register(d)
    attn = []
    d.on_attention = lambda dev, st: attn.append(st)
    c = TelnetClient(hub.port, ttype=b"IBM-3278-2@BAD")
    c.pump(lambda: len(c.records) >= 1)
    bad = [b"\x7d", b"\x7d\x40", b"\x7d\x40\x40\x11", b"\x7d\x7f\x7f", b"\x7d\x40\x40\x11\x7f\x7f",
           b"", b"\xff\xff\xff", bytes(40000)]
    for rec in bad:
        c.sock.sendall(T.escape_iac(rec) + bytes([IAC, EOR]))
    c.sock.sendall(bytes([IAC, 0x99, IAC, DO, 99, IAC, WILL, 98, IAC, T.AYT]))
    c.sock.sendall(b"\x7d\x40\x40" + bytes([IAC, EOR]))
    assert wait_until(lambda: 0x80 in attn)
    assert attn.count(0x80) == 1
    # 4. a bound client that vanishes while the device writes large screens
    d2 = Display3270(0x0C3, group="MIDW")
    hub.register(d2)
    v = TelnetClient(hub.port, ttype=b"IBM-3278-2@MIDW")
    v.pump(lambda: len(v.records) >= 1)
    v.close(reset=True)
    big = bytes([0xC3]) + b"\xC1" * 1919
    for _ in range(200):
        d2.execute(0x05, big, len(big))        # status may turn to unit check once it is gone
    assert wait_until(lambda: d2.session is None)
    c.close()
    # the server still serves real clients
    with s3270_connect(hub) as good:
        good.wait_for_text("Connected to device 00C0")


def test_hub_start_stop_and_port_in_use():
    a = TerminalHub(port=0).start()
    b = TerminalHub(port=0).start()
    try:
        assert a.port and b.port and a.port != b.port
        with pytest.raises(OSError, match="cannot listen") as err:
            TerminalHub(host="127.0.0.1", port=a.port).start()
        # issue 7: the runner prints e.strerror (it was None): one clear line
        assert err.value.strerror == (
            f"terminal server cannot listen: port {a.port} on 127.0.0.1 is already in use by "
            "another program (another emulator?); stop it or choose another CNSLPORT")
    finally:
        a.stop()
        b.stop()
        a.stop()                                  # idempotent
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", a.port), timeout=1).recv(1)


def test_stop_disconnects_clients():
    h = TerminalHub(port=0).start()
    d = Display3270(0x0C0)
    h.register(d)
    c = s3270_connect(h)
    try:
        c.wait_for_text("00C0")
        h.stop()
        assert d.session is None
        c.do("Wait(5,Disconnect)")
    finally:
        c.close()
