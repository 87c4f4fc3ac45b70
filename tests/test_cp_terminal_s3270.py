"""CP's terminals with real clients: s3270 (TN3270) and a plain telnet socket, against a
TerminalHub routed by cp.terminal.TerminalManager.  Asserted on the screen text."""

import socket
import time

import pytest

from cp.terminal.manager import TerminalManager
from s370.tn3270.clients import S3270
from s370.tn3270.server import TerminalHub

import cp_e2e_support
from test_cp_terminal_support import (CONSOLE, guest_bytes, install_commands, make_system,
                                      start_console, take_csw)

READ = 0x0A


@pytest.fixture
def cp(monkeypatch):
    system = make_system()
    cmds = install_commands(monkeypatch)
    manager = TerminalManager(system, more_delay=None)
    hub = TerminalHub(port=0, router=manager, line_fallback=0.3).start()
    yield system, manager, hub, cmds
    hub.stop()
    for u in list(system.users.values()):
        system.logoff(u)


@pytest.fixture
def term(cp):
    _, _, hub, _ = cp
    c = S3270("3279-2")
    c.do(f"Connect(127.0.0.1:{hub.port})")
    c.wait_for_text("VM/370 ONLINE")
    yield c
    c.close()


def wait_until(pred, timeout=10.0):
    cp_e2e_support.wait_until(pred, timeout)


def status(c):
    return c.screen()[23][60:].strip()


def wait_status(c, text):
    wait_until(lambda: status(c) == text)


def logon(c, userid="alice", password="secret"):
    c.enter(f"logon {userid}")
    c.wait_for_text("ENTER PASSWORD:")
    c.enter(password)
    c.wait_for_text("LOGON AT")
    wait_status(c, "CP READ")


def test_logo_and_logon(cp, term):
    system, *_ = cp
    screen = term.screen()
    assert screen[23][60:].startswith("VM/370 ONLINE")
    assert any("Virtual Machine Facility/370" in l for l in screen)
    term.enter("logon alice")
    term.wait_for_text("ENTER PASSWORD:")
    term.do("Wait(10,InputField)")
    term.do('String("secret")')
    assert not any("secret" in l for l in term.screen())     # non-display input field
    term.do("Enter")
    term.wait_for_text("LOGON AT")
    wait_status(term, "CP READ")
    assert not any("secret" in l.lower() for l in term.screen())
    assert system.find("ALICE").terminal is not None


def test_wrong_password(cp, term):
    system, *_ = cp
    term.enter("logon alice")
    term.wait_for_text("ENTER PASSWORD:")
    term.enter("nope")
    term.wait_for_text("DMKLOG050E")
    wait_status(term, "VM/370 ONLINE")
    assert system.find("ALICE") is None
    term.enter("logon zed")
    term.wait_for_text("DMKLOG053E ZED NOT IN CP DIRECTORY")


def test_more_and_holding(cp, term):
    logon(term)
    term.enter("say 30")
    wait_status(term, "MORE...")
    assert any("LINE 019" in l for l in term.screen())
    term.enter("")
    wait_status(term, "HOLDING")
    term.do("Clear")
    term.wait_for_text("LINE 029")
    wait_status(term, "CP READ")


def test_pa1_and_vm_read_with_cp_escape(cp, term):
    system, _, _, cmds = cp
    logon(term)
    term.enter("begin")
    wait_status(term, "RUNNING")
    user = system.find("ALICE")
    assert start_console(user, READ, count=80) == 0
    wait_status(term, "VM READ")
    term.enter("abc@d#CP Q T")
    wait_until(lambda: take_csw(user) is not None)
    assert guest_bytes(user, 3) == "abd".encode("cp037")
    wait_until(lambda: "Q T" in cmds.lines)
    term.wait_for_text("DONE Q T")
    term.do("PA(1)")
    wait_status(term, "CP READ")
    assert user.cp_mode and user.vm.stopped


def test_disconnect_and_reconnect(cp, term):
    system, _, hub, _ = cp
    logon(term)
    term.enter("disconn")
    term.wait_for_text("DISCONNECT AT")
    wait_status(term, "VM/370 ONLINE")
    user = system.find("ALICE")
    assert user is not None and user.terminal is None
    term.enter("logon alice secret")
    term.wait_for_text("RECONNECTED AT")
    wait_status(term, "CP READ")
    assert system.find("ALICE") is user and user.terminal is not None


def test_dropped_connection_disconnects_user(cp, term):
    system, manager, _, _ = cp
    logon(term)
    user = system.find("ALICE")
    term.do("Disconnect")
    wait_until(lambda: user.terminal is None)
    assert system.find("ALICE") is user
    wait_until(lambda: not manager.ports)


# ------------------------------------------------------------------ telnet line mode
class LineClient:
    """A plain telnet client: refuses every option, reads text lines."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def _read(self):
        data = self.sock.recv(4096)
        if not data:
            raise ConnectionError("closed")
        out = bytearray()
        i = 0
        while i < len(data):
            b = data[i]
            if b == 255 and i + 1 < len(data):
                verb = data[i + 1]
                if verb in (251, 252, 253, 254) and i + 2 < len(data):
                    opt = data[i + 2]
                    reply = 254 if verb in (251, 252) else 252
                    if verb in (251, 253):
                        self.sock.sendall(bytes([255, reply, opt]))
                    i += 3
                    continue
                if verb == 250:
                    j = data.find(bytes([255, 240]), i)
                    i = len(data) if j < 0 else j + 2
                    continue
                i += 2
                continue
            out.append(b)
            i += 1
        self.buf += bytes(out)

    def expect(self, text, timeout=10.0):
        deadline = time.monotonic() + timeout
        while text.encode() not in self.buf:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not in {self.buf!r}")
            self._read()
        i = self.buf.index(text.encode()) + len(text)
        seen, self.buf = self.buf[:i], self.buf[i:]
        return seen.decode("latin-1")

    def send(self, line):
        self.sock.sendall(line.encode("latin-1") + b"\r\n")

    def brk(self):
        self.sock.sendall(bytes([255, 243]))         # IAC BREAK

    def close(self):
        self.sock.close()


def test_telnet_line_mode_session(cp):
    system, manager, hub, cmds = cp
    c = LineClient(hub.port)
    try:
        c.expect("VM/370 ONLINE")
        c.send("logon bob")
        c.expect("ENTER PASSWORD:")
        c.send("pw2")
        c.expect("LOGON AT")
        user = system.find("BOB")
        assert user.terminal.name == "LINE 020"
        c.send("q x@n#begin")
        c.expect("DONE q n")
        wait_until(lambda: not user.cp_mode)
        assert start_console(user, READ, count=80) == 0
        c.send("hello")
        wait_until(lambda: take_csw(user) is not None)
        assert guest_bytes(user, 5) == "hello".encode("cp037")
        c.brk()                                      # attention reflected to the VM
        wait_until(lambda: (lambda csw: csw is not None and csw[0] == CONSOLE)(take_csw(user)))
        c.brk()                                      # again before a read: CP mode
        wait_until(lambda: user.cp_mode)
        c.send("disconn")
        c.expect("DISCONNECT AT")
        c.expect("VM/370 ONLINE")
        assert user.terminal is None and system.find("BOB") is user
    finally:
        c.close()


def test_model_4_screen_and_pf_keys(cp):
    system, _, hub, cmds = cp
    with S3270("3279-4") as c:
        c.do(f"Connect(127.0.0.1:{hub.port})")
        c.wait_for_text("VM/370 ONLINE")
        screen = c.screen()
        assert len(screen) == 43 and screen[42][60:].startswith("VM/370 ONLINE")
        c.enter("logon alice secret")
        c.wait_for_text("LOGON AT")
        wait_until(lambda: c.screen()[42][60:].strip() == "CP READ")
        user = system.find("ALICE")
        user.settings.pf[5] = ("Q N", True)
        user.settings.pf[6] = ("MSG OP HI", False)
        c.do("Wait(10,InputField)")
        c.do("PF(5)")
        c.wait_for_text("DONE Q N")
        c.do("Wait(10,InputField)")
        c.do("PF(6)")
        wait_until(lambda: c.screen()[41].startswith("MSG OP HI"))
        c.do("Enter")
        c.wait_for_text("DONE MSG OP HI")
        assert cmds.lines[-2:] == ["Q N", "MSG OP HI"]


def test_fullscreen_passthrough_with_s3270(cp, term):
    """DIAG X'58' style: the guest's own screen, its input field read back, then CP's
    line-mode console again when CP writes a line."""
    import threading
    from s370.tn3270.datastream import CMD_ERASE_WRITE, encode_address
    system, manager, _, _ = cp
    logon(term)
    con = system.find("ALICE").terminal
    screen = (bytes([0xC3, 0x11]) + encode_address(0) + b"\x1D\xE8"
              + "FULL SCREEN APP".encode("cp037")
              + b"\x11" + encode_address(160) + b"\x1D\x40\x13"
              + b"\x11" + encode_address(180) + b"\x1D\xE8")
    con.write_fullscreen(screen, CMD_ERASE_WRITE)
    term.wait_for_text("FULL SCREEN APP")
    got = []
    reader = threading.Thread(target=lambda: got.append(con.read_fullscreen(10)))
    reader.start()
    wait_until(lambda: con._fs_waiting)
    term.enter("typed")
    reader.join(10)
    rec = got[0]
    assert rec[0] == 0x7D and rec[3] == 0x11 and rec[6:] == "typed".encode("cp037")
    system.find("ALICE").say("BACK IN LINE MODE")
    term.wait_for_text("BACK IN LINE MODE")
    wait_status(term, "CP READ")
