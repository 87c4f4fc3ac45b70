"""End to end DIAL: a real s3270 client types ``DIAL BOB`` on the logo screen and reaches
BOB's dialable virtual 3270 (directory ``SPECIAL 0C0 3270``); BOB's guest sees the device
become ready, writes its own screen with SIO (Erase/Write), waits for the attention the
client's ENTER raises, reads the input with Read Modified and writes an answer.
Also DIAL's refusals, on the same client's logo screen."""

import pytest

from s370.tn3270.clients import S3270

from cp_e2e_support import running_system, wait_until

DIRECTORY = """\
USER ALICE SECRET 1M 2M G
USER BOB BOBPW 1M 2M G
 SPECIAL 0C0 3270
USER CAROL CPW 1M 2M G
"""

ORG = 0x1000
# WCC(restore keyboard, reset MDT) SBA(row 1, col 2) text, SBA(row 3) SF(unprotected) IC
GUEST = """
G        START X'1000'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW
         BAL   14,WAITDE               device end: the client is there
         LA    1,CCWSCR                our screen
         BAL   14,DOIO
WAITAT   LA    15,ATCHK                wait for the ENTER (attention)
         ST    15,NEXT
         LPSW  WAITPSW
ATCHK    TM    X'44',X'80'
         BNO   WAITAT
         LA    1,CCWRM                 Read Modified
         BAL   14,DOIO
         LA    1,CCWANS                the answer
         BAL   14,DOIO
         LPSW  DONEPSW
WAITDE   LA    15,DECHK
         ST    15,NEXT
         LPSW  WAITPSW
DECHK    TM    X'44',X'04'
         BNO   WAITDE
         BR    14
DOIO     ST    1,X'48'
         SIO   X'0C0'
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
DONEPSW  DC    X'000200000000C0DE'
FAILPSW  DC    X'0002000000000BAD'
CCWSCR   CCW   X'05',SCR,X'20',SCRL
CCWRM    CCW   X'06',BUF,X'20',100
CCWANS   CCW   X'01',ANS,X'20',ANSL
NEXT     DC    F'0'
SCR      DC    X'C3',X'114050',C'BOB GUEST SCREEN',X'11C1501D40',X'13'
SCRL     EQU   *-SCR
ANS      DC    X'C2',X'11C3F0',C'GUEST GOT YOUR INPUT'
ANSL     EQU   *-ANS
BUF      DC    XL100'00'
         END
"""


@pytest.fixture
def running():
    with running_system(DIRECTORY, workers=1) as r:
        yield r



def start_guest(system, user):
    from s370.asm import assemble
    a = assemble(GUEST, origin=ORG)
    assert a.rc == 0, a.errors
    user.vm.sd.load(ORG, a.image)
    assert user.vm.sd.set_psw(bytes.fromhex("0000000000001000"))
    user.begin()
    return a


def test_dial_reaches_the_guest_3270(running):
    system = running.system
    bob = system.logon("BOB", "BOBPW", None)            # logged on, disconnected, running
    a = start_guest(system, bob)
    wait_until(lambda: bob.vm.waiting)                  # waiting for its 3270 to be ready
    with S3270("3279-2") as c:
        c.do(f"Connect(127.0.0.1:{running.port})")
        c.wait_for_text("VM/370 ONLINE", timeout=30)
        c.enter("dial bob")
        c.wait_for_text("BOB GUEST SCREEN", timeout=30)
        assert any("DIALED TO BOB      DIALED = 001" in l for l in running.lines)
        c.do("Wait(10,InputField)")
        c.do('String("hello from the client")')
        c.do("Enter")
        c.wait_for_text("GUEST GOT YOUR INPUT", timeout=30)
        wait_until(lambda: bob.vm.sd.psw[5:] in (bytes.fromhex("00C0DE"), bytes.fromhex("000BAD")))
        assert bob.vm.sd.psw[5:] == bytes.fromhex("00C0DE")
        buf = a.symbols["BUF"]
        got = bytes(bob.vm.sd.mem[buf:buf + 100])
        assert got[0] == 0x7D                               # ENTER
        assert "hello from the client".encode("cp037") in got
        assert "0C0" in bob.vm.device(0x0C0).describe()


def test_dial_refusals_on_the_logo(running):
    system = running.system
    system.logon("CAROL", "CPW", None)
    bob = system.logon("BOB", "BOBPW", None)
    with S3270("3279-2") as c, S3270("3279-2") as c2:
        c.do(f"Connect(127.0.0.1:{running.port})")
        c.wait_for_text("VM/370 ONLINE", timeout=30)
        c.enter("dial alice")                          # not logged on
        c.wait_for_text("DMKDIA045E ALICE NOT LOGGED ON", timeout=30)
        c.enter("dial carol")                          # no dialable device
        c.wait_for_text("LINE(S) NOT AVAILABLE ON CAROL", timeout=30)
        c.enter("dial bob")                            # takes BOB's 0C0
        wait_until(lambda: getattr(bob.vm.device(0x0C0), "session", None) is not None)
        c2.do(f"Connect(127.0.0.1:{running.port})")
        c2.wait_for_text("VM/370 ONLINE", timeout=30)
        c2.enter("dial bob 0c0")                       # busy
        c2.wait_for_text("LINE(S) NOT AVAILABLE ON BOB", timeout=30)
