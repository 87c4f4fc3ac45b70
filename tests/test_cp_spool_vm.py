"""Spool devices in real virtual machines: built by LOGON from the directory's SPOOL statements,
driven by guest channel programs (SIO/TIO) running under interpretive execution."""

from types import SimpleNamespace

import pytest

from cp.commands import spoolcmds as sc
from cp.spool import Spool
from cp.system import CPSystem
from cp.vdev import spooldev
from sie import Intercept

from cp_fakes import Terminal

CARD1 = "// FIRST CARD".ljust(80).encode("cp037")
CARD2 = bytes(range(0x40, 0x90))


def entry(userid):
    spools = [SimpleNamespace(vaddr=0x00C, devtype=0x2540, kind="READER", spool_class="*", line=1),
              SimpleNamespace(vaddr=0x00D, devtype=0x2540, kind="PUNCH", spool_class="A", line=2),
              SimpleNamespace(vaddr=0x00E, devtype=0x1403, kind="PRINTER", spool_class="A", line=3)]
    return SimpleNamespace(userid=userid, password="PW", storage=64 * 1024, max_storage=1 << 20,
                           classes="G", distcode=userid, options=set(), nolog=False, console=None,
                           spools=spools, mdisks=[], links=[], dedicates=[], specials=[])


class Directory:
    def __init__(self, *userids):
        self.entries = {u: entry(u) for u in userids}

    def get(self, userid):
        return self.entries.get(userid.upper())

    def check_password(self, userid, pw):
        return pw == "PW"


def guest_io(vm, devnum, ccws, data=()):
    """Run 'SIO devnum; TIO loop; disabled wait' in the guest; returns the CSW TIO stored."""
    sd = vm.sd
    for addr, raw in data:
        sd.load(addr, raw)
    sd.load(0x400, b"".join(bytes([op, 0, a >> 8, a & 0xFF, flags, 0, 0, count]) for op, a, flags, count in ccws))
    sd.load(0x48, (0x400).to_bytes(4, "big"))                  # CAW
    d = devnum.to_bytes(2, "big")
    program = (b"\x9C\x00" + d                                 # 200 SIO  devnum
               + b"\x9D\x00" + d                               # 204 TIO  devnum
               + b"\x47\x20\x02\x04"                           # 208 BC   2,204  (busy: ask again)
               + b"\x82\x00\x03\x00")                          # 20C LPSW 300    (disabled wait)
    sd.load(0x200, program)
    sd.load(0x300, bytes([0, 2, 0, 0, 0, 0, 0x0F, 0xFF]))      # wait PSW, BC mode, disabled
    sd.load(0x40, bytes(8))
    sd.load(0, bytes([0, 0, 0, 0, 0, 0, 0x02, 0x00]))          # start at 200, disabled
    assert sd.ipl_psw()
    vm.stopped = False
    for _ in range(100):
        if vm.run_slice(100_000) == Intercept.DISABLED_WAIT:
            break
    assert vm.stopped
    return sd.read(0x40, 8)


@pytest.fixture
def system(tmp_path):
    s = CPSystem(Directory("MAINT", "CMSUSER"), clock="deterministic", log=lambda t: None)
    spooldev.install(s, Spool(tmp_path / "spool"))
    return s


def test_logon_builds_spool_devices_from_the_directory(system):
    user = system.logon("maint", "PW", Terminal("LINE 020"))
    devs = user.vm.devices
    assert isinstance(devs[0x00C], spooldev.VirtualReader) and devs[0x00C].spool_class == "*"
    assert isinstance(devs[0x00D], spooldev.VirtualPunch) and devs[0x00D].devtype == 0x2540
    assert isinstance(devs[0x00E], spooldev.VirtualPrinter) and devs[0x00E].devtype == 0x1403


def test_guest_punches_and_another_guest_reads_with_unit_exception(system):
    maint = system.logon("maint", "PW", Terminal("LINE 020"))
    cms = system.logon("cmsuser", "PW", Terminal("LINE 020"))
    out = []
    assert sc.cmd_spool(maint, ["PUNCH", "TO", "CMSUSER"], out.append) == 0
    csw = guest_io(maint.vm, 0x00D, [(0x01, 0x800, 0x40, 80), (0x01, 0x850, 0x00, 80)],
                   [(0x800, CARD1), (0x850, CARD2)])
    assert csw[4] == 0x0C                                      # CE DE
    assert sc.cmd_close(maint, ["00D"], out.append) == 0
    assert out == ["PUN FILE 0001  TO  CMSUSER  COPY 01 NOHOLD"]
    assert cms.terminal.lines[-1].startswith("RDR FILE 0001 SENT FROM MAINT    PUN WAS 0001 RECS 0002")
    chain = [(0x02, 0x800, 0x40, 80), (0x02, 0x850, 0x40, 80), (0x02, 0x8A0, 0x00, 80)]
    # the reader's unsolicited device end is pending: the first SIO finds it (cc 1, CSW stored)
    csw = guest_io(cms.vm, 0x00C, chain)
    assert csw[4] == 0x14 and cms.vm.sd.read(0x800, 80) == bytes(80)
    csw = guest_io(cms.vm, 0x00C, chain)
    assert cms.vm.sd.read(0x800, 80) == CARD1 and cms.vm.sd.read(0x850, 80) == CARD2
    assert csw[4] == 0x0D                                      # CE DE UX: end of file on the third read
    assert int.from_bytes(csw[1:4], "big") == 0x400 + 24       # after the last CCW
    assert system.spool.list("CMSUSER", "RDR") == []


def test_logoff_closes_the_open_printer_file(system):
    """LOGOFF's vm.close() closes each device, and a spool device's close() closes its file."""
    maint = system.logon("maint", "PW", Terminal("LINE 020"))
    guest_io(maint.vm, 0x00E, [(0x09, 0x800, 0, 5)], [(0x800, "HELLO".encode("cp037"))])
    assert system.spool.list("MAINT", "PRT") == []
    system.logoff(maint)
    (sf,) = system.spool.list("MAINT", "PRT")
    assert sf.read_records() == [(0x09, "HELLO".encode("cp037"))]


def test_spool_to_a_user_not_in_the_directory(system):
    maint = system.logon("maint", "PW", Terminal("LINE 020"))
    out = []
    assert sc.cmd_spool(maint, ["PUNCH", "TO", "NOBODY"], out.append) == 53
    assert maint.terminal.lines[-1] == "DMKLOG053E NOBODY NOT IN CP DIRECTORY"
    assert maint.vm.device(0x00D).to is None
    assert sc.cmd_transfer(maint, ["RDR", "ALL", "TO", "NOBODY"], out.append) == 53


def test_file_for_a_user_not_logged_on_waits_in_the_reader(system):
    maint = system.logon("maint", "PW", Terminal("LINE 020"))
    out = []
    sc.cmd_spool(maint, ["PUNCH", "CMSUSER"], out.append)       # TO omitted before the userid
    guest_io(maint.vm, 0x00D, [(0x01, 0x800, 0, 80)], [(0x800, CARD1)])
    system.logoff(maint)                                          # LOGOFF closes the punch file
    cms = system.logon("cmsuser", "PW", Terminal("LINE 020"))
    lines = []
    sc.query_reader(cms, [], lines.append)
    assert lines[1].startswith("MAINT    0001 A PUN 000001")
    csw = guest_io(cms.vm, 0x00C, [(0x02, 0x800, 0x40, 80), (0x02, 0x850, 0, 80)])
    assert cms.vm.sd.read(0x800, 80) == CARD1 and csw[4] == 0x0D
