"""End to end: an S/370 program drives a channel-attached 3270 that a real s3270 is using.

The program (assembled with s370.asm, run on s370.machine) writes a formatted
screen with SIO + Erase/Write, waits in an enabled wait for the attention
interruption, reads with Read Modified, and answers with a Write that echoes
the typed name.  s3270 reads the screen, types, presses Enter and sees the answer.
"""

import time

import pytest

from s370.asm import assemble
from s370.devices.display import Display3270
from s370.machine import Machine
from s370.tn3270.clients import S3270
from s370.tn3270.datastream import encode_address

DEVNUM = 0x0C0
DONE_PSW = bytes.fromhex("000200000000C0DE")      # BC-mode disabled wait: program finished
FAIL_PSW = bytes.fromhex("0002000000000BAD")
INPUT = 80 + 20                                   # row 2, column 21


def sba(addr: int) -> str:
    return "11" + encode_address(addr).hex().upper()


PROGRAM = f"""
E2E      START X'1000'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW          I/O new PSW -> IOINT, disabled
         LA    1,CCWEW
         ST    1,X'48'                 CAW
SIOEW    SIO   X'{DEVNUM:03X}'
         BC    4,SIOEW                 cc1: old status (connect DE) stored, retry
         BC    3,FAIL
         LA    15,PH1
         ST    15,NEXT
WAIT     LPSW  WAITPSW
IOINT    L     15,NEXT
         BR    15
* phase 1: wait for attention (ignore CE/DE of the write)
PH1      TM    X'44',X'80'
         BNO   WAIT
         LA    1,CCWRM
         ST    1,X'48'
SIORM    SIO   X'{DEVNUM:03X}'
         BC    4,SIORM
         BC    3,FAIL
         LA    15,PH2
         ST    15,NEXT
         B     WAIT
* phase 2: Read Modified ended; build the answer from the typed name
PH2      TM    X'44',X'08'             channel end?
         BNO   WAIT
         LA    3,L'RMBUF
         LH    4,X'46'                 residual count
         SR    3,4                     bytes read
         ST    3,RMLEN
         S     3,=F'6'                 AID, cursor, SBA + address
         BNP   FAIL
         BCTR  3,0
         EX    3,MOVENAME
         LA    3,ANSFIXL+1(3)
         STH   3,CCWWR+6
         LA    1,CCWWR
         ST    1,X'48'
SIOWR    SIO   X'{DEVNUM:03X}'
         BC    4,SIOWR
         BC    3,FAIL
         LA    15,PH3
         ST    15,NEXT
         B     WAIT
PH3      TM    X'44',X'04'             device end of the answer
         BNO   WAIT
         LPSW  DONEPSW
FAIL     LPSW  FAILPSW
MOVENAME MVC   ANSNAME(0),RMBUF+6
         DS    0D
IONEW    DC    X'0000000000',AL3(IOINT)
WAITPSW  DC    X'FE02000000000000'      enabled wait, all channels
DONEPSW  DC    X'{DONE_PSW.hex().upper()}'
FAILPSW  DC    X'{FAIL_PSW.hex().upper()}'
CCWEW    CCW   X'05',SCREEN,X'20',SCREENL
CCWRM    CCW   X'06',RMBUF,X'20',L'RMBUF
CCWWR    CCW   X'01',ANSWER,X'20',0
NEXT     DC    F'0'
RMLEN    DC    F'0'
SCREEN   DC    X'C3{sba(0)}1DE8',C'S/370 END-TO-END TEST'
         DC    X'{sba(80)}1D60',C'ENTER YOUR NAME:'
         DC    X'{sba(INPUT - 1)}1D4013{sba(INPUT + 20)}1D60'
SCREENL  EQU   *-SCREEN
ANSWER   DC    X'C3{sba(4 * 80)}',C'HELLO, '
ANSFIXL  EQU   *-ANSWER
ANSNAME  DC    CL20' '
RMBUF    DS    CL256
         LTORG
         END
"""


@pytest.fixture
def machine():
    logs = []
    m = Machine(memsize=1 << 20, clock="real", log=logs.append)
    m.attach(DEVNUM, Display3270(DEVNUM, host=m.host))
    m.start_hub(port=0, host="127.0.0.1")
    yield m
    m.shutdown()


def test_program_screen_attention_read_modified_answer(machine):
    m = machine
    a = assemble(PROGRAM, origin=0x1000)
    assert a.rc == 0, a.errors
    with S3270("3279-2") as c:
        c.do(f"Connect(127.0.0.1:{m.hub.port})")
        c.wait_for_text(f"Connected to device {DEVNUM:04X}")
        m.cpu.load(0x1000, a.image)
        m.cpu.set_psw(bytes.fromhex("0000000000001000"))
        m.start()
        text = c.wait_for_text("ENTER YOUR NAME:")
        assert text[0].startswith(" S/370 END-TO-END TEST")
        c.do("Wait(10,InputField)")
        c.do('String("ALICE")')
        c.do("Enter")
        text = c.wait_for_text("HELLO")
        assert text[4].startswith("HELLO, ALICE")
        deadline = time.monotonic() + 10
        while m.running and time.monotonic() < deadline:
            time.sleep(0.02)
    assert not m.running
    psw = m.cpu.psw                              # (byte 4 holds the ILC, not compared)
    assert psw[:4] == DONE_PSW[:4] and psw[5:] == DONE_PSW[5:]
    # what the program's Read Modified put into storage: AID, cursor, SBA, field address, name
    rmlen = int.from_bytes(m.cpu.read(a.symbols["RMLEN"], 4), "big")
    got = m.cpu.read(a.symbols["RMBUF"], rmlen)
    assert got == (b"\x7D" + encode_address(INPUT + 5) + b"\x11" + encode_address(INPUT)
                   + "ALICE".encode("cp037"))
