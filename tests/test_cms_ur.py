"""CMS unit record I/O under the real CP spool: the PRINTR / CARDPH / CARDRD functions
through the PRINTL / PUNCHC / RDCARD macros (cms/nucleus/DMSPIO.asm), and the PRINT,
PUNCH and READCARD commands once the file functions are there."""

import re

import pytest

from s370.asm import assemble
from sie import Intercept

from cms.build import MACLIB_DIR
from cms_harness import CMSMachine, zap_function
from cp.commands import execute
from cp.spool import Spool
from cp.vdev import spooldev
from cp_fakes import entry, logon, make_system

PROGRAM = """
PROG     CSECT
         USING PROG,12
         USING NUCON,0
         STM   14,12,12(13)
         LR    11,14
         PUNCHC CARD1                  80 BYTES
         ST    15,RCS
         LA    2,CARD2
         LA    3,5
         PUNCHC (2),(3)                A SHORT CARD: BLANK PADDED
         ST    15,RCS+4
         PRINTL LINE1,L'LINE1          '1': NEW PAGE
         ST    15,RCS+8
         PRINTL LINE2,L'LINE2          ' ': SINGLE SPACE
         ST    15,RCS+12
         PRINTL LINE1,200              TOO LONG
         ST    15,RCS+16
         LA    4,READS
         LA    5,3
RDLOOP   RDCARD (4)
         ST    15,RCS+20
         ST    0,RCS+24
         LTR   15,15
         BNZ   RDDONE
         LA    4,80(,4)
         BCT   5,RDLOOP
RDDONE   LR    14,11
         SR    15,15
         LM    0,12,20(13)
         BR    14
CARD1    DC    CL80'FIRST CARD'
CARD2    DC    C'SHORT'
LINE1    DC    C'1TITLE LINE'
LINE2    DC    C' BODY LINE'
RCS      DS    8F
READS    DS    3CL80
         LTORG
         NUCON
         END
"""


@pytest.fixture
def cms(tmp_path):
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20),
                         entry("OTHER", "OTHERPW", "G"))
    spooldev.install(system, Spool(str(tmp_path / "spool")))
    user, term = logon(system, "CMSUSER", "CMSPW")
    user.vm.attach(0x00D, spooldev.VirtualPunch(user, 0x00D))
    user.vm.attach(0x00E, spooldev.VirtualPrinter(user, 0x00E))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.system = user, term, system
    assert m.run() == Intercept.ENABLED_WAIT
    user.vm.detach(0x00C)                          # the IPL deck's reader goes ...
    user.vm.attach(0x00C, spooldev.VirtualReader(user, 0x00C))   # ... for the spool's
    return m


def cp(user, line):
    out = []
    rc = execute(user, line, out.append)
    return rc, out


def test_macros_punch_print_and_read_through_the_spool(cms):
    other, _ = logon(cms.system, "OTHER", "OTHERPW")
    other.vm.attach(0x00D, spooldev.VirtualPunch(other, 0x00D))
    pun = other.vm.device(0x00D)
    pun.to = "CMSUSER"
    for text in ("DECK ONE", "DECK TWO"):
        pun.execute(0x41, text.ljust(80).encode("cp037"), 80)
    pun.close_file()
    a = assemble(PROGRAM, origin=0x20000, libpath=[MACLIB_DIR])
    assert a.errors == []
    zap_function(cms, "QUERY", a.image)
    cms.command("QUERY")
    sd = cms.vm.sd
    rcs = [int.from_bytes(sd.read(a.symbols["RCS"] + 4 * k, 4), "big") for k in range(7)]
    assert rcs[:5] == [0, 0, 0, 0, 4]
    assert rcs[5:] == [1, 0]                       # the third read: end of file, 0 bytes
    reads = sd.read(a.symbols["READS"], 160)
    assert reads == b"".join(t.ljust(80).encode("cp037") for t in ("DECK ONE", "DECK TWO"))
    assert cp(cms.user, "CLOSE 00D")[0] == 0 and cp(cms.user, "CLOSE 00E")[0] == 0
    spool = cms.system.spool
    punched = spool.list("CMSUSER", "PUN")[0]
    assert [r.data for r in punched.data_records()] == [
        "FIRST CARD".ljust(80).encode("cp037"), "SHORT".ljust(80).encode("cp037")]
    printed = spool.list("CMSUSER", "PRT")[0]
    recs = printed.read_records()
    assert [(r.op, r.data) for r in recs] == [
        (0x8B, b""), (0x09, "TITLE LINE".encode("cp037")), (0x09, "BODY LINE".encode("cp037"))]
    assert spool.list("CMSUSER", "RDR") == []      # read to its end: purged (NOHOLD)


DATA = [f"DATA RECORD {k:03d}".ljust(80).encode("cp037") for k in range(1, 26)]
FILES = [("DATA", "FILE", DATA, "F", 80),
         ("NOTES", "SCRIPT", ["line one".encode("cp037"), "two".encode("cp037")], "V", 20),
         ("REPORT", "LISTING", ["1HEADING".encode("cp037"), "0DOUBLE".encode("cp037")], "V", 20)]


@pytest.fixture
def disk_cms(tmp_path):
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    from cms_fs_harness import DISK_CYLS, format_disk
    path = format_disk(tmp_path / "cms191.3330", files=FILES)
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    spooldev.install(system, Spool(str(tmp_path / "spool")))
    user, term = logon(system, "CMSUSER", "CMSPW")
    user.vm.attach(0x191, Minidisk(0x191, open_image(str(path)), (0, DISK_CYLS), read_only=False,
                                   owner="CMSUSER", owner_vaddr=0x191, volser="VOL191"))
    user.vm.attach(0x00D, spooldev.VirtualPunch(user, 0x00D))
    user.vm.attach(0x00E, spooldev.VirtualPrinter(user, 0x00E))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.system = user, term, system
    assert m.run() == Intercept.ENABLED_WAIT
    user.vm.detach(0x00C)
    user.vm.attach(0x00C, spooldev.VirtualReader(user, 0x00C))
    return m


def ok(out):
    assert out and out[-1].startswith("R;"), out
    return out[:-1]


def test_punch_to_own_reader_and_readcard_back(disk_cms):
    m = disk_cms
    assert cp(m.user, "SPOOL PUNCH TO *")[0] == 0
    assert ok(m.command("PUNCH DATA FILE A")) == []
    assert any(line.startswith("PUN FILE 0001  TO  CMSUSER") for line in m.term.lines), m.term.lines
    deck = m.system.spool.list("CMSUSER", "RDR")[0]
    cards = [r.data.decode("cp037") for r in deck.data_records()]
    assert cards[0].startswith(":READ  DATA     FILE     A1") and len(cards) == 26
    assert cards[0][28:34] == "CMS191"                 # the disk's label
    assert re.fullmatch(r"\d\d/\d\d/\d\d  \d\d:\d\d", cards[0][35:50]), cards[0]
    assert cards[1] == "DATA RECORD 001".ljust(80)
    assert ok(m.command("READCARD COPY FILE A")) == []
    assert ok(m.command("TYPE COPY FILE A")) == [f"DATA RECORD {k:03d}" for k in range(1, 26)]
    assert m.system.spool.list("CMSUSER", "RDR") == []


def test_readcard_star_takes_the_name_from_the_read_card(disk_cms):
    m = disk_cms
    cp(m.user, "SPOOL PUNCH TO CMSUSER")
    ok(m.command("PUNCH NOTES SCRIPT"))
    m.vm.channels.take_interrupt()                 # the arrival's device end, if still pending
    ok(m.command("ERASE NOTES SCRIPT A"))
    assert ok(m.command("READCARD *")) == []
    assert ok(m.command("TYPE NOTES SCRIPT A")) == ["line one", "two"]


def test_punch_noheader_and_errors(disk_cms):
    m = disk_cms
    cp(m.user, "SPOOL PUNCH TO CMSUSER")
    ok(m.command("PUNCH NOTES SCRIPT A (NOHEADER"))
    deck = m.system.spool.list("CMSUSER", "RDR")[0]
    assert [r.data.decode("cp037").rstrip() for r in deck.data_records()] == ["line one", "two"]
    out = m.command("PUNCH NOSUCH FILE")
    assert out[0] == "DMSPUN002E FILE NOT FOUND NOSUCH" and out[-1].startswith("R(00028)")
    out = m.command("PUNCH NOTES")
    assert out[0] == "DMSPUN054E INCOMPLETE FILEID SPECIFIED" and out[-1].startswith("R(00024)")
    assert m.command("PUNCH NOTES SCRIPT (BOGUS")[0] == "DMSPUN003E INVALID OPTION BOGUS"
    assert m.command("READCARD")[0] == "DMSRDC054E INCOMPLETE FILEID SPECIFIED"


def test_print_goes_to_the_printer_queue_and_out_of_a_real_printer(disk_cms, tmp_path):
    from cp.spool import realdev
    m = disk_cms
    assert ok(m.command("PRINT NOTES SCRIPT")) == []
    assert ok(m.command("PRINT REPORT LISTING (CC")) == []
    files = m.system.spool.list("CMSUSER", "PRT")
    assert len(files) == 2
    assert [(r.op, r.data.decode("cp037")) for r in files[0].read_records()] == [
        (0x8B, ""), (0x09, "line one"), (0x09, "two")]
    assert [(r.op, r.data.decode("cp037")) for r in files[1].read_records()] == [
        (0x8B, ""), (0x09, "HEADING"), (0x0B, ""), (0x09, "DOUBLE")]
    units = realdev.RealUnitRecords(m.system, m.system.spool)
    units.add(0x00E, "1403", str(tmp_path / "printer.txt"))
    units.start(0x00E, separator=False)
    assert units.run_pending() == 2
    assert (tmp_path / "printer.txt").read_bytes() == b"line one\ntwo\n\fHEADING\n\nDOUBLE\n"


def test_readcard_with_an_empty_reader_and_print_errors(disk_cms):
    m = disk_cms
    out = m.command("READCARD SOME FILE")
    assert out[0] == "DMSRDC008E DEVICE 00C EMPTY OR NOT READY" and out[-1].startswith("R(00008)")
    out = m.command("PRINT NOSUCH FILE")
    assert out[0] == "DMSPRT002E FILE NOT FOUND NOSUCH" and out[-1].startswith("R(00028)")
    assert m.command("PRINT NOTES SCRIPT (UPCASE")[0] == "DMSPRT003E INVALID OPTION UPCASE"
    assert m.command("PRINT NOTES")[0] == "DMSPRT054E INCOMPLETE FILEID SPECIFIED"
    assert m.system.spool.list("CMSUSER", "PRT") == []


def test_readcard_star_makes_one_file_per_read_card(disk_cms):
    m = disk_cms
    cp(m.user, "SPOOL PUNCH TO * CONT")            # one reader file for both decks
    ok(m.command("PUNCH DATA FILE"))
    ok(m.command("PUNCH NOTES SCRIPT"))
    cp(m.user, "SPOOL PUNCH NOCONT")
    cp(m.user, "CLOSE PUNCH")
    assert len(m.system.spool.list("CMSUSER", "RDR")) == 1
    ok(m.command("ERASE DATA FILE A"))
    ok(m.command("ERASE NOTES SCRIPT A"))
    assert ok(m.command("READCARD *")) == []
    assert ok(m.command("TYPE DATA FILE A")) == [f"DATA RECORD {k:03d}" for k in range(1, 26)]
    assert ok(m.command("TYPE NOTES SCRIPT A")) == ["line one", "two"]
