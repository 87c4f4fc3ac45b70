"""DIAG X'58' full-screen read waits as a virtual I/O wait does: with one dispatcher worker,
a guest waiting for its user's ENTER does not hold the worker, so another user's guest runs
on; when the ENTER comes, the DIAGNOSE completes with CC 0, the inbound record in the
guest's buffer and the CSW at X'40' (channel end + device end, residual count)."""


import pytest

from cp.dispatcher import Dispatcher
from cp.terminal.manager import TerminalManager
from s370.asm import assemble
from s370.cpu import layout as L

from cp_e2e_support import wait_until
from test_cp_terminal_support import connect, install_commands, logon, make_system

DONE_PSW = bytes.fromhex("000200000000C0DE")
FAIL_PSW = bytes.fromhex("0002000000000BAD")

# writes a full screen (Erase/Write) and reads the answer in one command-chained DIAGNOSE
READER = f"""
R        START X'1000'
         BALR  12,0
         USING *,12
         LA    2,CCWS
         LA    4,X'009'
         DIAG  2,4,X'0058'
         BC    8,GOOD
         LPSW  FAILPSW
GOOD     LPSW  DONEPSW
         DS    0D
DONEPSW  DC    X'{DONE_PSW.hex().upper()}'
FAILPSW  DC    X'{FAIL_PSW.hex().upper()}'
SCREEN   DC    X'C3114040',C'FULL SCREEN FROM THE GUEST'
SCREENL  EQU   *-SCREEN
         DS    0D
* CCW 29 full-screen write, control 80 (Erase/Write), chained to CCW 2A read modified
CCWS     DC    X'29',AL3(SCREEN),X'60',X'80',AL2(SCREENL)
         DC    X'2A',AL3(BUF),X'20',X'80',H'100'
         ORG   R+X'1000'
BUF      DC    XL100'00'
         END
"""

# counts for ever, storing the count at X'800'
COUNTER = """
C        START X'1000'
         BALR  12,0
         USING *,12
         SR    5,5
LOOP     LA    5,1(5)
         ST    5,X'800'
         B     LOOP
         END
"""


def load(user, src):
    a = assemble(src, origin=0x1000)
    assert a.rc == 0, a.errors
    user.vm.sd.load(0x1000, a.image)
    user.vm.sd.set_psw(bytes.fromhex("0000000000001000"))
    return a


def count(user):
    return int.from_bytes(bytes(user.vm.sd.mem[0x800:0x804]), "big")


@pytest.fixture
def two_users(monkeypatch):
    system = make_system()
    install_commands(monkeypatch)
    d = Dispatcher(system, workers=1)
    system.dispatcher = d
    d.start()
    manager = TerminalManager(system, more_delay=None, threaded=False)
    sa, sb = connect(manager), connect(manager)
    alice, bob = logon(sa, "ALICE", "SECRET"), logon(sb, "BOB", "PW2")
    yield system, d, (sa, alice), (sb, bob)
    d.stop()
    for u in list(system.users.values()):
        system.logoff(u)


def test_fullscreen_read_frees_the_worker_and_completes_on_enter(two_users):
    system, d, (sa, alice), (sb, bob) = two_users
    a = load(alice, READER)
    load(bob, COUNTER)
    sa.enter("begin")
    wait_until(lambda: sa.has("FULL SCREEN FROM THE GUEST"))
    wait_until(lambda: d.stats(alice)["state"] == "stopped")   # off the worker, not runnable

    sb.enter("begin")
    wait_until(lambda: count(bob) > 0)
    c0 = count(bob)
    wait_until(lambda: count(bob) > c0 + 100_000)           # the one worker runs BOB
    assert d.stats(alice)["state"] == "stopped"
    assert alice.vm.sd.psw[5:] != DONE_PSW[5:]             # ALICE still in its read
    # the user answers: the record goes to the waiting DIAGNOSE, which completes
    record = bytes([0x7D, 0x40, 0x40, 0x11, 0x40, 0x40]) + "YES".encode("cp037")
    sa.screen.apply_inbound(record)
    sa.owner.inbound(record)
    wait_until(lambda: alice.vm.sd.psw[5:] in (DONE_PSW[5:], FAIL_PSW[5:]))
    assert alice.vm.sd.psw[5:] == DONE_PSW[5:]              # CC 0
    buf = a.symbols["BUF"]
    assert bytes(alice.vm.sd.mem[buf:buf + len(record) + 1]) == record + b"\x00"
    csw = bytes(alice.vm.sd.mem[L.LOC_CSW:L.LOC_CSW + 8])
    ccws = a.symbols["CCWS"]
    assert int.from_bytes(csw[1:4], "big") == ccws + 16     # after the read CCW
    assert csw[4] == 0x0C                                   # channel end, device end
    assert int.from_bytes(csw[6:8], "big") == 100 - len(record)
    c1 = count(bob)
    wait_until(lambda: count(bob) > c1)                     # BOB runs on


def test_fullscreen_read_ended_by_pa1_gives_cc1_after_begin(two_users):
    """CP takes the screen back (PA1) during the wait: the VM stops in CP READ; BEGIN
    performs the read again, which finds no input for it: CC 1 (an I/O error)."""
    system, d, (sa, alice), _ = two_users
    load(alice, READER)
    sa.enter("begin")
    wait_until(lambda: sa.has("FULL SCREEN FROM THE GUEST"))
    wait_until(lambda: d.stats(alice)["state"] == "stopped")
    sa.key(0x6C)                                            # PA1: CP mode
    assert alice.cp_mode
    sa.enter("begin")
    wait_until(lambda: alice.vm.sd.psw[5:] in (DONE_PSW[5:], FAIL_PSW[5:]))
    assert alice.vm.sd.psw[5:] == FAIL_PSW[5:]


def test_fullscreen_read_when_the_line_drops_gives_cc1(two_users):
    """The terminal goes away during the wait: the user is disconnected, the VM runs
    again and the read ends with CC 1 (nothing read), rather than waiting for ever."""
    system, d, (sa, alice), _ = two_users
    load(alice, READER)
    sa.enter("begin")
    wait_until(lambda: sa.has("FULL SCREEN FROM THE GUEST"))
    wait_until(lambda: d.stats(alice)["state"] == "stopped")
    sa.owner.disconnect()                                    # the hub lost the session
    wait_until(lambda: alice.vm.sd.psw[5:] in (DONE_PSW[5:], FAIL_PSW[5:]))
    assert alice.vm.sd.psw[5:] == FAIL_PSW[5:]
    assert alice.terminal is None and system.find("ALICE") is alice
