"""A real ``telnet`` client (Debian package telnet, driven through a pty with pexpect)
as the 3215 / 1052 console of the bare machine, the way Hercules users connect
(``telnet localhost 3270``), plus raw-socket clients that never negotiate.

The machine runs a small S/370 program assembled with s370.asm and IPLed from the
card reader: it writes a prompt to the 3215 with SIO (write, carrier return),
reads a line (read inquiry; enabled wait until the I/O interruption), and writes
the line back upper-cased (OC with blanks, EBCDIC) with its length; 'end' stops it
in a disabled wait.  Both sides are checked: what the telnet user sees, and the
EBCDIC the program got in storage.
"""

import logging
import os
import socket
import time

import pexpect
import pytest

from s370.asm import assemble
from s370.asm.ipldeck import ipl_card_deck
from s370.machine import Machine
from s370.tn3270.clients import S3270

ECHO_PROGRAM = r"""
ECHO     START X'400'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW        I/O new PSW -> IOINT
LOOP     LA    1,PROMPT              write the prompt line
         BAL   11,DOIO
         MVC   BUF,BLANKS
         LA    1,READ                read a line
         BAL   11,DOIO
         LH    3,X'46'               residual count from the CSW
         LA    4,L'BUF
         SR    4,3                   R4 = length typed
         BNP   LOOP                  empty line: prompt again
         CLC   BUF(4),=C'end '       'end' ends the program
         BE    FINISH
         BCTR  4,0
         EX    4,UPPER               to upper case
         LA    4,1(4)
         CVD   4,DWORD
         UNPK  OUTLEN,DWORD+6(2)
         OI    OUTLEN+2,X'F0'
         LA    4,OUTMSG-OUTTEXT(4)   prefix + text
         STH   4,OUTCCW+6
         LA    1,OUTCCW
         BAL   11,DOIO
         B     LOOP
FINISH   LA    1,BYE
         BAL   11,DOIO
         LPSW  DONE
* start the channel program at R1 on 009 and wait for its device end
DOIO     ST    1,X'48'               CAW
         LA    5,100                 retry count
RETRY    SIO   X'009'
         BC    8,WAIT                CC0: started
         BC    2,FAIL                CC2: busy should not happen
         BC    1,FAIL                CC3: not operational
         BCT   5,RETRY               CC1: CSW stored
         B     FAIL
WAIT     LPSW  WAITPSW
IOINT    CLC   X'3A'(2),=X'0009'     from 009?
         BNE   WAIT
         TM    X'44',X'02'           unit check?
         BO    FAIL
         TM    X'44',X'04'           device end?
         BZ    WAIT                  attention only
         BR    11
FAIL     LPSW  BAD
UPPER    OC    BUF(0),BLANKS
         DS    0D
IONEW    DC    X'00000000',A(IOINT)
WAITPSW  DC    X'80020000',A(0)      enabled (channel 0) wait
DONE     DC    X'00020000',X'00000D0E'
BAD      DC    X'00020000',X'00000BAD'
DWORD    DS    D
PROMPT   CCW   X'09',PTEXT,X'20',L'PTEXT
READ     CCW   X'0A',BUF,X'20',L'BUF
OUTCCW   CCW   X'09',OUTTEXT,X'20',0
BYE      CCW   X'09',BTEXT,X'20',L'BTEXT
PTEXT    DC    C'Enter a line:'
BTEXT    DC    C'BYE'
OUTTEXT  DC    C'ECHO('
OUTLEN   DC    C'000'
         DC    C'): '
OUTMSG   EQU   *
BUF      DS    CL72
BLANKS   DC    CL72' '
         LTORG
         END   ECHO
"""


@pytest.fixture(scope="module")
def program():
    a = assemble(ECHO_PROGRAM)
    assert a.rc == 0, a.errors
    return a


def _sym(a, name):
    v = a.symbols[name]
    return v.value if hasattr(v, "value") else v


@pytest.fixture(scope="module")
def warm_cpu():
    """Compile (or load from the numba cache) the CPU core before any time-out runs."""
    m = Machine(memsize=1 << 20)
    m.cpu.run(1)
    m.shutdown()


@pytest.fixture
def machine(tmp_path, program, caplog, warm_cpu):
    caplog.set_level(logging.INFO, logger="s370")
    deck = tmp_path / "echo.deck"
    deck.write_bytes(b"".join(ipl_card_deck(program)))
    conf = tmp_path / "echo.conf"
    conf.write_text("ARCHMODE S/370\nMAINSIZE 1\nCNSLPORT 3270\n"
                    f"000C 3505 {deck} ebcdic\n"
                    "0009 3215\n"
                    "001F 1052 noprompt\n"
                    "00C0 3270\n")
    logs = []
    m = Machine.from_config(str(conf), log=logs.append)
    m.logs = logs
    m.start_hub(port=0, host="127.0.0.1")        # CNSLPORT from the file; any free port here
    yield m
    m.shutdown()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


def telnet(port, term="xterm"):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp"}
    if term is not None:
        env["TERM"] = term
    child = pexpect.spawn("telnet", ["127.0.0.1", str(port)], env=env, encoding="latin-1",
                          timeout=15, echo=True)
    return child


def wait_until(pred, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def ipl_and_start(m):
    assert m.ipl(0x00C)
    m.start()


def finished(m):
    stopped = wait_until(lambda: not m.running)
    assert stopped and m.cpu.psw[5:] == bytes.fromhex("000D0E")   # BC: ILC in byte 4, (m.psw_text(), m.logs[-5:])
    return True


# --- the real telnet program -----------------------------------------------------------------------

def test_real_telnet_client_is_the_3215_console(machine, program):
    m = machine
    con = m.devices[0x009]
    t = telnet(m.hub.port)
    try:
        t.expect("S/370 console 0009 \\(3215\\) connected")
        assert wait_until(lambda: con.session is not None)
        ipl_and_start(m)
        t.expect("Enter a line:\r\n")
        t.expect("HHCTE006A Enter input for console device 0009\r\n")   # the read is waiting
        t.sendline("hello, World 42")
        # telnet's own local echo of the typed line, then the program's answer
        t.expect("ECHO\\(015\\): HELLO, WORLD 42\r\n")
        t.expect("Enter a line:")
        # type-ahead: two lines at once; the second arrives before the read (attention path)
        t.send("abc\rxyz 9\r")
        t.expect("ECHO\\(003\\): ABC\r\n")
        t.expect("ECHO\\(005\\): XYZ 9\r\n")
        t.sendline("end")
        t.expect("BYE\r\n")
        assert finished(m)
        # storage holds what the channel moved: 'end' in EBCDIC (e=85 n=95 d=84), blank padded,
        # and the last length the program converted with CVD/UNPK
        assert m.cpu.read(_sym(program, "BUF"), 5) == bytes.fromhex("8595844040")
        assert m.cpu.read(_sym(program, "OUTLEN"), 3) == bytes.fromhex("F0F0F5")
        # the console kept its lines on the machine side (as ASCII, translated from EBCDIC)
        out = list(con.output)
        assert "Enter a line:" in out and "ECHO(015): HELLO, WORLD 42" in out and "BYE" in out
    finally:
        t.close(force=True)
    assert wait_until(lambda: con.session is None)


@pytest.mark.parametrize("term", ["vt100", None])
def test_telnet_with_other_or_no_terminal_type(machine, term):
    m = machine
    t = telnet(m.hub.port, term)
    try:
        t.expect("S/370 console 0009 \\(3215\\) connected")
        ipl_and_start(m)
        t.expect("Enter a line:")
        t.sendline("q")
        t.expect("ECHO\\(001\\): Q\r\n")
        t.sendline("end")
        t.expect("BYE")
        assert finished(m)
    finally:
        t.close(force=True)


def test_second_telnet_gets_the_1052_third_is_refused(machine):
    m = machine
    a = telnet(m.hub.port)
    b = c = None
    try:
        a.expect("S/370 console 0009 \\(3215\\) connected")
        b = telnet(m.hub.port)
        b.expect("S/370 console 001F \\(1052\\) connected")
        assert wait_until(lambda: m.devices[0x01F].session is not None)
        c = telnet(m.hub.port)
        c.expect("No console device is available")
        c.expect(pexpect.EOF)
        # the 1052 works as a console too: a line typed with no read waiting is kept
        b.sendline("request")
        assert wait_until(lambda: list(m.devices[0x01F]._input) == ["request"])
    finally:
        for t in (a, b, c):
            if t is not None:
                t.close(force=True)


# --- clients that do not negotiate at all ----------------------------------------------------------

class RawClient:
    """A TCP client that never answers any telnet option (netcat-like)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.data = b""

    def until(self, text: bytes, timeout=10.0):
        deadline = time.monotonic() + timeout
        while text not in self.data:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                raise AssertionError(f"no {text!r} in {self.data!r}") from None
            if not chunk:
                raise AssertionError(f"closed; no {text!r} in {self.data!r}")
            self.data += chunk
        return self.data

    def close(self):
        self.sock.close()


def test_silent_client_becomes_the_console_after_a_short_time(machine):
    m = machine
    c = RawClient(m.hub.port)
    try:
        t0 = time.monotonic()
        data = c.until(b"S/370 console 0009 (3215) connected\r\n")
        assert data.startswith(bytes([255, 253, 40]))          # the hub offered TN3270E first
        assert time.monotonic() - t0 < 8                        # well before the 15 s time-out
        ipl_and_start(m)
        c.until(b"Enter a line:\r\n")
        c.sock.sendall(b"nc user\r\n")
        c.until(b"ECHO(007): NC USER\r\n")
        c.sock.sendall(b"end\n")                               # a bare LF ends a line too
        c.until(b"BYE\r\n")
        assert finished(m)
    finally:
        c.close()


def test_client_typing_at_once_is_bound_and_keeps_its_line(machine):
    m = machine
    assert m.ipl(0x00C)                 # the IPL resets the console: type ahead after it
    c = RawClient(m.hub.port)
    try:
        c.sock.sendall(b"early bird\r\n")
        c.until(b"S/370 console 0009 (3215) connected\r\n", timeout=1.5)   # not the fallback
        assert wait_until(lambda: list(m.devices[0x009]._input) == ["early bird"])
        m.start()
        c.until(b"ECHO(010): EARLY BIRD\r\n")                   # the read found the typed line
    finally:
        c.close()


def test_3270_client_still_gets_the_3270_when_a_console_is_free(machine):
    m = machine
    with S3270() as s:
        s.do(f"Connect(127.0.0.1:{m.hub.port})")
        s.wait_for_text("00C0")
        assert m.devices[0x0C0].session is not None
        time.sleep(3.5)                                         # past the line-mode fallback
        assert m.devices[0x009].session is None
        assert m.devices[0x0C0].session is not None
