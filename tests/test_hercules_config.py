"""A realistic Hercules 3.13 configuration for a VM/370 system (in the style of the
community's "sixpack" systems: 3350 CCKD volumes, 3420 tapes, unit record at
00C-00F, local 3270s, CNSLPORT 3270) starts our machine unchanged.

Written here from Hercules' documented statement syntax; the image files it names
are made with our own tools (s370-dasdinit, the tapes package, the IPL deck
builder).  Checked: Machine.from_config and the ``s370 run`` runner accept the file
(one warning per statement we do not implement), DEVLIST shows every device with
its type, a program IPLed from the card reader does I/O on every device type
(VOL1 label from the 3350, tape write / read back, printer line, punched card,
console line), s3270 sees the connect screen of a 3270, and Hercules 3.13 itself
accepts the same file without an error message.
"""

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from s370.asm import assemble
from s370.asm.ipldeck import ipl_card_deck, write_card_deck
from tools.dasd import dasdinit_main
from s370.machine import Machine
from s370.tn3270.clients import S3270
from media.tape.image import open_tape

CONFIG = """\
#------------------------------------------------------------------------------
#  VM/370 Release 6 -- Hercules configuration (S/370 mode)
#
#  Start it from this directory:   hercules -f vm370.conf
#  Operator console: the Hercules panel ("/" prefix); 3270 users and the
#  spare 1052 console connect to port 3270 (c3270 / telnet localhost 3270).
#------------------------------------------------------------------------------

#------------------------------------------------------------------------------
#  System parameters
#------------------------------------------------------------------------------
ARCHMODE    S/370
CPUSERIAL   031415
CPUMODEL    4341
CPUVERID    FD
MAINSIZE    16                  # megabytes, the S/370 limit
XPNDSIZE    0                   # no expanded storage in S/370
NUMCPU      1
MAXCPU      1
LOADPARM    CPSTART
CNSLPORT    3270
OSTAILOR    VM
PANRATE     SLOW
ECPSVM      YES
TODDRAG     1.0
SYSEPOCH    1900
YROFFSET    -28                 # VM/370 predates Y2K: run with an older calendar
TZOFFSET    +0000
HTTPPORT    8081 NOAUTH
DIAG8CMD    ENABLE
SHCMDOPT    NODIAG8
CODEPAGE    819/037
DEVTMAX     4
LEGACYSENSEID OFF
MOUNTED_TAPE_REINIT ALLOW
TIMERINT    DEFAULT
PGMPRDOS    RESTRICTED

DEFSYM      DASD    dasd
DEFSYM      TAPES   tapes

#------------------------------------------------------------------------------
#  Unit record devices
#------------------------------------------------------------------------------
000C    3505    io/ipl.deck  ebcdic  eof        # reader: the IPL deck
000D    3525    io/punch00d.txt  ascii  crlf    # punch
000E    1403    io/print00e.txt  crlf           # printer
000F    1403    io/print00f.txt  crlf  noclear  # second printer

#------------------------------------------------------------------------------
#  Consoles
#------------------------------------------------------------------------------
0009    3215-C  /                               # system console on the panel
001F    3215    noprompt                        # spare telnet console

#------------------------------------------------------------------------------
#  Local 3270 displays
#------------------------------------------------------------------------------
00C0-00CF   3270
0200.4      3270    VMCONS                      # group for the operators

#------------------------------------------------------------------------------
#  9-track tape drives
#------------------------------------------------------------------------------
0480        3420    $(TAPES)/scratch.aws
0481        3420    $(TAPES)/vmsys.het  ro  compress=1  method=1  level=4  chunksize=65535
0482-0483   3420    *

#------------------------------------------------------------------------------
#  DASD: the system packs (3350, compressed CCKD) and two work volumes
#------------------------------------------------------------------------------
0130        3350    $(DASD)/vm50-1.cckd
0131        3350    $(DASD)/vm50-2.cckd
0132        3350    $(DASD)/vm50-3.cckd
0133        3350    $(DASD)/vm50-4.cckd     ro
0134        3330    $(DASD)/work01.3330
0135        3340    $(DASD)/work02.3340
"""

# statements of the file this machine does not implement: one warning each
UNSUPPORTED = ["XPNDSIZE", "OSTAILOR", "PANRATE", "ECPSVM", "TODDRAG", "SYSEPOCH", "YROFFSET",
               "TZOFFSET", "HTTPPORT", "DIAG8CMD", "SHCMDOPT", "CODEPAGE", "DEVTMAX",
               "LEGACYSENSEID", "MOUNTED_TAPE_REINIT", "TIMERINT", "PGMPRDOS"]

EXPECTED_TYPES = {0x00C: "3505", 0x00D: "3525", 0x00E: "1403", 0x00F: "1403",
                  0x009: "3215", 0x01F: "3215", 0x130: "3350", 0x131: "3350", 0x132: "3350",
                  0x133: "3350", 0x134: "3330", 0x135: "3340",
                  **{d: "3420" for d in range(0x480, 0x484)},
                  **{d: "3270" for d in list(range(0x0C0, 0x0D0)) + list(range(0x200, 0x204))}}

TAPE_TEXT = "TAPE BLOCK WRITTEN BY THE IPL PROGRAM"

# The IPL program: I/O to each device type in turn, through one DOIO routine that
# starts the channel program (R1) on the device (R2) and waits for its device end.
# R9 = step number; a failing step ends in a disabled wait with the step in the PSW.
PROGRAM = r"""
TEST     START X'400'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW
         LA    9,1                   1: console line
         LA    2,X'009'
         LA    1,CONCCW
         BAL   11,DOIO
         LA    9,2                   2: VOL1 label of the 3350 at 130
         LA    2,X'130'
         LA    1,DASDCCW
         BAL   11,DOIO
         CLC   VOLBUF(4),=C'VOL1'
         BNE   FAIL
         LA    9,3                   3: tape: write a block + tape mark
         LA    2,X'480'
         LA    1,TAPEW
         BAL   11,DOIO
         LA    9,4                   4: tape: read the block back
         LA    1,TAPER
         BAL   11,DOIO
         CLC   TAPEIN,TAPEOUT
         BNE   FAIL
         LA    9,5                   5: printer line
         LA    2,X'00E'
         LA    1,PRTCCW
         BAL   11,DOIO
         LA    9,6                   6: punched card
         LA    2,X'00D'
         LA    1,PCHCCW
         BAL   11,DOIO
         LA    9,7                   7: report on the console
         MVC   REPVOL,VOLBUF+4
         LA    2,X'009'
         LA    1,REPCCW
         BAL   11,DOIO
         LPSW  DONE
DOIO     ST    1,X'48'               CAW
         LA    5,100
RETRY    SIO   0(2)
         BC    8,WAIT                CC0: started
         BC    4,AGAIN               CC1: CSW stored
         B     FAIL                  CC2 / CC3
AGAIN    BCT   5,RETRY
         B     FAIL
WAIT     LPSW  WAITPSW
IOINT    CH    2,X'3A'               our device?
         BNE   WAIT
         TM    X'44',X'02'           unit check
         BO    FAIL
         CLI   X'45',0               channel status
         BNE   FAIL
         TM    X'44',X'04'           device end
         BZ    WAIT
         BR    11
FAIL     STH   9,BAD+6
         LPSW  BAD
         DS    0D
IONEW    DC    X'00000000',A(IOINT)
WAITPSW  DC    X'FE020000',A(0)      enabled wait, channels 0-6
DONE     DC    X'00020000',X'00000D0E'
BAD      DC    X'00020000',X'00000000'
CONCCW   CCW   X'09',CONTEXT,X'20',L'CONTEXT
DASDCCW  CCW   X'07',SEEKARG,X'40',6           seek 0/0
SEARCH   CCW   X'31',SEEKARG+2,X'40',5         search id equal CCHHR
         CCW   X'08',SEARCH,0,1                TIC
         CCW   X'06',VOLBUF,X'20',80           read data
TAPEW    CCW   X'07',0,X'60',1                 rewind
         CCW   X'01',TAPEOUT,X'40',L'TAPEOUT   write
         CCW   X'1F',0,X'60',1                 write tape mark
         CCW   X'07',0,X'20',1                 rewind
TAPER    CCW   X'02',TAPEIN,X'20',L'TAPEIN     read
PRTCCW   CCW   X'09',PRTTEXT,X'20',L'PRTTEXT
PCHCCW   CCW   X'01',PCHTEXT,X'20',80
REPCCW   CCW   X'09',REPTEXT,X'20',REPEND-REPTEXT
SEEKARG  DC    X'0000',X'0000',X'0000',X'03'   BBCCHH + R3
CONTEXT  DC    C'IPL PROGRAM STARTED ON THE CONSOLE'
PRTTEXT  DC    C'LINE PRINTED BY THE IPL PROGRAM'
PCHTEXT  DC    CL80'CARD PUNCHED BY THE IPL PROGRAM'
TAPEOUT  DC    C'%(tape)s'
TAPEIN   DC    CL(L'TAPEOUT)' '
REPTEXT  DC    C'DASD VOLSER '
REPVOL   DC    CL6' '
         DC    C' TAPE OK'
REPEND   EQU   *
VOLBUF   DC    CL80' '
         LTORG
         END   TEST
""" % {"tape": TAPE_TEXT}


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The configuration file and every image it names, in a fresh directory."""
    root = tmp_path_factory.mktemp("vm370")
    for d in ("dasd", "tapes", "io"):
        (root / d).mkdir()
    for n in range(1, 5):
        assert dasdinit_main(["-z", str(root / f"dasd/vm50-{n}.cckd"), "3350", f"VM50-{n}"]) == 0
    assert dasdinit_main([str(root / "dasd/work01.3330"), "3330", "WORK01", "10"]) == 0
    assert dasdinit_main([str(root / "dasd/work02.3340"), "3340", "WORK02", "10"]) == 0
    t = open_tape(str(root / "tapes/scratch.aws"))
    t.close()
    t = open_tape(str(root / "tapes/vmsys.het"), compress=True)
    t.write(b"VOL1VMSYS ".ljust(80, b" "))
    t.write_tapemark()
    t.write_tapemark()
    t.close()
    a = assemble(PROGRAM)
    assert a.rc == 0, a.errors
    write_card_deck(str(root / "io/ipl.deck"), ipl_card_deck(a))
    (root / "vm370.conf").write_text(CONFIG)
    return root


@pytest.fixture
def in_system(system, monkeypatch):
    monkeypatch.chdir(system)          # the file names are relative, as in the sixpack
    return system


def sym(a, name):
    v = a.symbols[name]
    return v.value if hasattr(v, "value") else v


def test_machine_accepts_the_file_with_one_warning_per_unsupported_statement(in_system):
    logs = []
    m = Machine.from_config("vm370.conf", log=logs.append)
    try:
        warnings = [line for line in logs if line.startswith("S370CF")]
        for kw in UNSUPPORTED:
            assert len([w for w in warnings if re.search(rf"\b{kw}\b", w)]) == 1, (kw, warnings)
        assert len(warnings) == len(UNSUPPORTED), warnings      # nothing else complained
        assert m.cpu.memsize == 16 << 20
        assert m.cnslport == 3270 and m.loadparm == "CPSTART"
        assert sorted(m.devices) == sorted(EXPECTED_TYPES)
        assert m.devices[0x009].integrated and not m.devices[0x01F].integrated
        assert m.devices[0x480].image is not None and m.devices[0x482].image is None
        assert m.devices[0x481].image.readonly
        assert [m.devices[d].group for d in range(0x200, 0x204)] == ["VMCONS"] * 4
    finally:
        m.shutdown()


def test_program_ipled_from_the_reader_uses_every_device_type(in_system):
    logs = []
    m = Machine.from_config("vm370.conf", clock="deterministic", log=logs.append)
    try:
        assert m.ipl(0x00C)
        m.run(max_instructions=2_000_000)
        assert m.psw_text()[-6:] == "000D0E", (m.psw_text(), logs[-6:])
        # console (integrated: lines go to the panel log)
        assert "IPL PROGRAM STARTED ON THE CONSOLE" in logs
        assert "DASD VOLSER VM50-1 TAPE OK" in logs
    finally:
        m.shutdown()
    # the printer and punch files, the tape image: checked from the host side
    assert (in_system / "io/print00e.txt").read_text().splitlines()[0] == \
        "LINE PRINTED BY THE IPL PROGRAM"
    assert (in_system / "io/punch00d.txt").read_text().splitlines()[0].rstrip() == \
        "CARD PUNCHED BY THE IPL PROGRAM"
    tape = open_tape(str(in_system / "tapes/scratch.aws"), readonly=True)
    try:
        assert tape.read_forward() == TAPE_TEXT.encode("cp037")
        assert tape.read_forward() is not None and tape.is_tapemark(1)
    finally:
        tape.close()


def test_runner_devlist_and_ipl(in_system):
    r = subprocess.run([sys.executable, "-m", "s370.runner", "run", "vm370.conf", "--no-hub",
                        "--clock", "deterministic"], input="devlist\nipl 00c\n",
                       capture_output=True, text=True, timeout=300, cwd=in_system,
                       env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    listed = {}
    for line in r.stdout.splitlines():
        mo = re.match(r"^([0-9A-F]{4}) (\d{4})\b", line)
        if mo:
            listed[int(mo.group(1), 16)] = mo.group(2)
    assert listed == EXPECTED_TYPES
    for kw in UNSUPPORTED:
        assert len([x for x in r.stdout.splitlines() if re.search(rf"\b{kw}\b", x)]) == 1, kw
    assert "DASD VOLSER VM50-1 TAPE OK" in r.stdout
    assert "HHCCP011I CPU0000: Disabled wait state" in r.stdout


def test_s3270_sees_the_connect_screen_of_a_3270(in_system):
    m = Machine.from_config("vm370.conf", log=lambda s: None)
    try:
        hub = m.start_hub(port=0, host="127.0.0.1")     # CNSLPORT 3270 may be taken here
        with S3270() as c:
            c.do(f"Connect(127.0.0.1:{hub.port})")
            screen = c.wait_for_text("00C0")
            assert any("00C0" in line for line in screen)
            assert m.devices[0x0C0].session is not None
        with S3270() as c:                               # a group name picks 0200-0203
            c.do(f"Connect(VMCONS@127.0.0.1:{hub.port})")
            c.wait_for_text("0200")
            assert m.devices[0x200].session is not None
    finally:
        m.shutdown()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_hercules_itself_accepts_the_file(in_system):
    # same file; only the two listening ports are moved so a running system is not disturbed
    text = CONFIG.replace("CNSLPORT    3270", f"CNSLPORT    {free_port()}").replace(
        "8081 NOAUTH", f"{free_port()} NOAUTH")
    conf = in_system / "hercules-check.conf"
    conf.write_text(text)
    r = subprocess.run(["hercules", "-f", str(conf), "EXTERNALGUI"], input="devlist\nquit\n",
                       capture_output=True, text=True, timeout=60, cwd=in_system)
    out = r.stdout + r.stderr
    errors = re.findall(r"HHC[A-Z]{2}\d{3}[ESW] .*", out)
    assert not errors, errors
    for devnum in EXPECTED_TYPES:
        assert re.search(rf"\b0:{devnum:04X}\b", out), f"{devnum:04X} not in Hercules' devlist"
