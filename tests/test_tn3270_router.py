"""Session routing (issue 8): a router of the test's own -- a fake CP "logo" owner --
takes terminals from the TN3270 hub, driven by real clients (s3270, a telnet client)."""

import logging
import queue

import pytest

from s370.devices.display import Display3270
from s370.tn3270 import datastream as ds
from s370.tn3270.server import TerminalHub
from test_tn3270_server import TelnetClient, s3270_connect, wait_until

LOGO = "VM/370 ONLINE - TEST LOGO"


def logo_screen() -> bytes:
    """WCC + orders: a protected title on row 1, an unprotected input field on row 3."""
    out = bytearray([0xC0 | ds.WCC_KEYBOARD_RESTORE | ds.WCC_RESET_MDT])
    out += bytes([ds.ORDER_SBA]) + ds.encode_address(0)
    out += bytes([ds.ORDER_SF]) + ds.encode_attribute(ds.FA_PROTECTED)
    out += LOGO.encode("cp037")
    out += bytes([ds.ORDER_SBA]) + ds.encode_address(2 * 80)
    out += bytes([ds.ORDER_SF]) + ds.encode_attribute(0)          # unprotected
    out += bytes([ds.ORDER_IC])
    out += bytes([ds.ORDER_SBA]) + ds.encode_address(2 * 80 + 40)
    out += bytes([ds.ORDER_SF]) + ds.encode_attribute(ds.FA_PROTECTED)
    return bytes(out)


class LogoOwner:
    def __init__(self):
        self.records = queue.Queue()
        self.lines = queue.Queue()
        self.disconnected = 0

    def inbound(self, record):
        self.records.put(record)

    def input_line(self, text):
        self.lines.put(text)

    def disconnect(self):
        self.disconnected += 1


class LogoRouter:
    """Owns every terminal, shows its own screen (as CP's terminal manager will)."""

    def __init__(self):
        self.owner = LogoOwner()
        self.sessions = []

    def route(self, session):
        self.sessions.append(session)
        if session.kind == "3270":
            session.write_3270(logo_screen(), command=ds.CMD_ERASE_WRITE)
        else:
            session.write_line("LOGO LINE MODE")
        return self.owner


@pytest.fixture
def routed(caplog):
    caplog.set_level(logging.INFO, logger="s370")
    router = LogoRouter()
    h = TerminalHub(port=0, negotiation_timeout=2.0, router=router).start()
    yield h, router
    h.stop()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


@pytest.mark.parametrize("target, model, size", [("127.0.0.1", "3279-2", (24, 80)),
                                                 ("N:127.0.0.1", "3278-4", (43, 80))])
def test_router_owns_the_terminal_shows_its_screen_and_gets_aid_and_text(routed, target,
                                                                         model, size):
    h, router = routed
    h.register(Display3270(0x0C0))          # a free device: the router still decides
    with s3270_connect(h, target, model=model) as c:
        c.wait_for_text(LOGO)
        s = router.sessions[0]
        assert s.kind == "3270" and (s.rows, s.cols) == size
        assert s.tn3270e == (not target.startswith("N:"))
        c.do("Wait(10,Unlock)")
        c.do('String("logon maint")')
        c.do("Enter")
        rec = router.owner.records.get(timeout=5)
        assert rec[0] == ds.AID_ENTER
        assert rec[1:3] == ds.encode_address(2 * 80 + 1 + len("logon maint"))   # cursor
        assert rec[3] == ds.ORDER_SBA and rec[4:6] == ds.encode_address(2 * 80 + 1)
        assert rec[6:] == "logon maint".encode("cp037")
        # the router writes again (Write, not erase; WCC C2 unlocks the keyboard)
        s.write_3270(bytes([0xC2, ds.ORDER_SBA]) + ds.encode_address(5 * 80) +
                     "ENTER PASSWORD".encode("cp037"), command=ds.CMD_WRITE)
        c.wait_for_text("ENTER PASSWORD")
        c.do("Wait(10,Unlock)")
        assert any("logon maint" in line for line in c.screen())    # not erased
        c.do("PF(3)")
        assert router.owner.records.get(timeout=5)[0] == ds.AID_PF[2]
        assert h.devices[0x0C0].session is None                  # the device was not used
    assert wait_until(lambda: router.owner.disconnected == 1)


def test_router_can_transfer_the_terminal_to_a_device_like_dial(routed):
    h, router = routed
    d = Display3270(0x0C1)
    with s3270_connect(h) as c:
        c.wait_for_text(LOGO)
        s = router.sessions[0]
        assert s.transfer(d)
        c.wait_for_text("Connected to device 00C1")
        assert router.owner.disconnected == 1 and d.session is s
        c.do("Wait(10,Unlock)")
        c.do("Enter")                                            # now the device gets AIDs
        assert wait_until(lambda: d.screen.aid == ds.AID_ENTER, timeout=10)
        assert router.owner.records.empty()
    assert wait_until(lambda: d.session is None)


def test_router_gets_line_mode_clients_too(routed):
    h, router = routed
    c = TelnetClient(h.port)
    try:
        assert c.pump(lambda: b"LOGO LINE MODE\r\n" in c.text)
        c.sock.sendall(b"logon maint\r\n")
        assert router.owner.lines.get(timeout=5) == "logon maint"
        assert router.sessions[0].kind == "line"
    finally:
        c.close()


def test_router_refusing_a_terminal_gets_a_polite_screen(caplog):
    class Refuser:
        def route(self, session):
            return None
    h = TerminalHub(port=0, router=Refuser()).start()
    try:
        with s3270_connect(h) as c:
            c.wait_for_text("No 3270 device is available")
    finally:
        h.stop()


def test_write_3270_rejects_a_read_command(routed):
    h, router = routed
    with s3270_connect(h) as c:
        c.wait_for_text(LOGO)
        with pytest.raises(ValueError, match="not a 3270 write command"):
            router.sessions[0].write_3270(b"", command=ds.CMD_READ_MODIFIED)
