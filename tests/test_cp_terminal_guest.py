"""A real guest program on its virtual console, through the user's 3270 line-mode console:
the guest writes, waits for the attention the user's ENTER gives it, reads the line the
user types (VM READ) and writes it back.  The guest runs under sie (vm.run_slice) on a
thread of its own, as the dispatcher would run it."""

import threading

import pytest

from cp.terminal.manager import TerminalManager
from s370.asm import assemble
from sie import Intercept

import cp_e2e_support
from test_cp_terminal_support import connect, install_commands, logon, make_system

DONE_PSW = bytes.fromhex("000200000000C0DE")
FAIL_PSW = bytes.fromhex("0002000000000BAD")

PROGRAM = f"""
GUEST    START X'1000'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW          I/O new PSW -> IOINT, disabled
         LA    1,CCWHI                 HELLO FROM GUEST
         BAL   14,DOIO
         LA    15,ATCHK                wait for the attention
         ST    15,NEXT
AWAIT    LPSW  WAITPSW
ATCHK    TM    X'44',X'80'
         BNO   AWAIT
         LA    1,CCWRD                 read a line
         BAL   14,DOIO
         LH    3,X'46'                 residual count
         LA    4,80
         SR    4,3                     bytes read
         STH   4,CCWEC+6
         LA    1,CCWEC                 write it back
         BAL   14,DOIO
         LPSW  DONEPSW
* start the CCW at R1 on 009 and wait for its device end
DOIO     ST    1,X'48'
         SIO   X'009'
         BC    7,FAIL
         LA    15,DOCHK
         ST    15,NEXT
DOWAIT   LPSW  WAITPSW
DOCHK    TM    X'44',X'04'
         BNO   DOWAIT
         BR    14
IOINT    L     15,NEXT
         BR    15
FAIL     LPSW  FAILPSW
         DS    0D
IONEW    DC    X'0000000000',AL3(IOINT)
WAITPSW  DC    X'FE02000000000000'
DONEPSW  DC    X'{DONE_PSW.hex().upper()}'
FAILPSW  DC    X'{FAIL_PSW.hex().upper()}'
CCWHI    CCW   X'09',HI,X'20',L'HI
CCWRD    CCW   X'0A',BUF,X'20',80
CCWEC    CCW   X'09',BUF,X'20',0
NEXT     DC    F'0'
HI       DC    C'HELLO FROM GUEST'
BUF      DS    CL80
         END
"""


def run_until_stopped(vm, stop):
    """What the dispatcher does for one VM: slices while it may run, naps while it waits."""
    wake = threading.Event()
    vm.on_wake = wake.set
    while not stop.is_set():
        if vm.stopped:
            wake.wait(0.02)
            wake.clear()
            continue
        code = vm.run_slice(100_000)
        if code == Intercept.DISABLED_WAIT:
            return
        if code == Intercept.ENABLED_WAIT:
            wake.wait(0.02)
            wake.clear()


def wait_until(pred, timeout=20.0):
    cp_e2e_support.wait_until(pred, timeout)


@pytest.fixture
def session(monkeypatch):
    system = make_system()
    install_commands(monkeypatch)
    s = connect(TerminalManager(system, more_delay=None, threaded=False))
    yield s, logon(s)
    for u in list(system.users.values()):
        system.logoff(u)


def test_guest_console_write_attention_read(session):
    s, user = session
    a = assemble(PROGRAM, origin=0x1000)
    assert a.rc == 0, a.errors
    vm = user.vm
    vm.sd.load(0x1000, a.image)
    vm.sd.set_psw(bytes.fromhex("0000000000001000"))
    stop = threading.Event()
    t = threading.Thread(target=run_until_stopped, args=(vm, stop), daemon=True)
    t.start()
    try:
        s.enter("begin")
        wait_until(lambda: s.has("HELLO FROM GUEST"))
        wait_until(lambda: s.status() == "RUNNING")
        s.enter("")                                  # ENTER while RUNNING: attention
        wait_until(lambda: s.status() == "VM READ")
        s.enter("Hi There")
        t.join(20)
        assert not t.is_alive()
    finally:
        stop.set()
    psw = vm.sd.psw
    assert psw[:4] == DONE_PSW[:4] and psw[5:] == DONE_PSW[5:]
    rows = [r.rstrip() for r in s.text()]
    assert rows.count("Hi There") == 2               # the echo of the input, the guest's write
    assert s.status() == "RUNNING"
