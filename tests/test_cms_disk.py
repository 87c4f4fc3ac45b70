"""DISK DUMP and DISK LOAD (cms/nucleus/DMSDSK.asm) between two CMS users under the real
CP spool: CMSUSER punches files in the disk-dump card format to OTHER's reader (SPOOL
PUNCH TO OTHER), OTHER loads them onto its own 191, and the files' bytes on OTHER's disk
equal the originals (read with cms.fs)."""

import pytest

from sie import Intercept

from cms.sysexecs import exec_files, install_execs
from cms_fs_harness import DISK_CYLS, format_disk, open_disk
from cms_harness import CMSMachine
from cp.commands import execute
from cp.spool import Spool
from cp.vdev import spooldev
from cp_fakes import entry, logon, make_system

E = lambda s: s.encode("cp037")           # noqa: E731

BIG = [E(f"RECORD {k:04d} " + "ABCDEFGHIJ"[k % 10] * (k % 60)).ljust(80, b"\x40")
       for k in range(1, 1001)]
FILES = [("DATA", "FILE", [E(f"DATA RECORD {k:03d}").ljust(80, b"\x40") for k in range(1, 26)],
          "F", 80),
         ("NOTES", "SCRIPT", [E("line one"), E("two"), E("x" * 130), E("last")], "V", 130),
         ("BIG", "FILE", BIG, "F", 80),
         ("ODD", "DATA", [bytes(range(k, k + 7)) for k in range(0, 70, 7)], "F", 7)]
SYSTEM_EXECS = [(fn, "EXEC", recs, "V", max(map(len, recs))) for fn, recs in exec_files().items()]


def cms_user(system, tmp_path, userid, files):
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    path = format_disk(tmp_path / f"{userid}.3330", label=userid[:6], files=files)
    user, term = logon(system, userid, userid + "PW")
    user.vm.attach(0x191, Minidisk(0x191, open_image(str(path)), (0, DISK_CYLS), read_only=False,
                                   owner=userid, owner_vaddr=0x191, volser="VOL191"))
    user.vm.attach(0x00D, spooldev.VirtualPunch(user, 0x00D))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.path = user, term, path
    assert m.run() == Intercept.ENABLED_WAIT
    user.vm.detach(0x00C)                                  # the IPL deck's reader ...
    user.vm.attach(0x00C, spooldev.VirtualReader(user, 0x00C))   # ... becomes the spool's
    return m


@pytest.fixture
def pair(tmp_path):
    system = make_system(entry("CMSUSER", "CMSUSERPW", "G", storage=2 << 20),
                         entry("OTHER", "OTHERPW", "G", storage=2 << 20))
    spooldev.install(system, Spool(str(tmp_path / "spool")))
    sender = cms_user(system, tmp_path, "CMSUSER", FILES + SYSTEM_EXECS)
    receiver = cms_user(system, tmp_path, "OTHER", [])
    return system, sender, receiver


def cp(user, line):
    out = []
    rc = execute(user, line, out.append)
    return rc, out


def ok(out):
    assert out and out[-1].startswith("R;"), out
    return out[:-1]


def disk_file(m, fn, ft):
    with open_disk(m.path) as d:
        entry = d.stat(fn, ft)
        return entry, d.read(fn, ft)


def test_dump_to_another_user_and_load_there(pair):
    system, a, b = pair
    assert cp(a.user, "SPOOL PUNCH TO OTHER")[0] == 0
    for fn, ft, *_ in FILES:
        assert ok(a.command(f"DISK DUMP {fn} {ft} A")) == []
    decks = system.spool.list("OTHER", "RDR")
    assert len(decks) == len(FILES)
    cards = [r.data for r in decks[0].data_records()]
    assert all(len(c) == 80 and c[:4] == b"\x02" + E("CMS") for c in cards)
    assert [c[4:5] for c in cards] == [E(" ")] * (len(cards) - 1) + [E("N")]
    assert len(cards) == 25 * 80 // 50 + 1                 # 40 data cards + the N card
    assert cards[0][5:55] == FILES[0][2][0][:50]             # the file's bytes, 50 a card
    assert cards[-1][5:21] == E("DATA    FILE    ")          # the FST: its name first
    assert [c[75:80] for c in cards[:3]] == [E("00001"), E("00002"), E("00003")]
    for fn, ft, records, recfm, lrecl in FILES:
        assert ok(b.command("DISK LOAD")) == []
        info, got = disk_file(b, fn, ft)
        assert got == records, fn
        assert (info.recfm, info.lrecl, info.fm) == (recfm, lrecl, "A1")
    assert system.spool.list("OTHER", "RDR") == []
    assert ok(b.command("TYPE NOTES SCRIPT A")) == ["line one", "two", "x" * 130, "last"]


def test_load_under_another_name_and_several_files_in_one_reader_file(pair):
    system, a, b = pair
    cp(a.user, "SPOOL PUNCH TO OTHER CONT")
    ok(a.command("DISK DUMP DATA FILE"))
    ok(a.command("DISK DUMP NOTES SCRIPT *"))
    cp(a.user, "SPOOL PUNCH NOCONT")
    cp(a.user, "CLOSE PUNCH")
    assert len(system.spool.list("OTHER", "RDR")) == 1
    assert ok(b.command("DISK LOAD")) == []                # both files of the deck
    assert disk_file(b, "DATA", "FILE")[1] == FILES[0][2]
    assert disk_file(b, "NOTES", "SCRIPT")[1] == FILES[1][2]
    cp(a.user, "SPOOL PUNCH NOCONT")
    ok(a.command("DISK DUMP DATA FILE"))
    assert ok(b.command("DISK LOAD COPY = A2")) == []
    info, got = disk_file(b, "COPY", "FILE")
    assert got == FILES[0][2] and info.fm == "A2"


def test_errors(pair):
    system, a, b = pair
    out = a.command("DISK")
    assert out[0] == "DMSDSK047E NO FUNCTION SPECIFIED" and out[-1].startswith("R(00024)")
    out = a.command("DISK COPY DATA FILE")
    assert out[0] == "DMSDSK014E INVALID FUNCTION COPY" and out[-1].startswith("R(00024)")
    out = a.command("DISK DUMP DATA")
    assert out[0] == "DMSDSK054E INCOMPLETE FILEID SPECIFIED" and out[-1].startswith("R(00024)")
    out = a.command("DISK DUMP NOSUCH FILE A")
    assert out[0] == "DMSDSK002E FILE NOT FOUND NOSUCH" and out[-1].startswith("R(00028)")
    out = b.command("DISK LOAD")
    assert out[0] == "DMSDSK008E DEVICE 00C EMPTY OR NOT READY" and out[-1].startswith("R(00008)")
    cp(a.user, "SPOOL PUNCH TO OTHER")
    ok(a.command("PUNCH DATA FILE A"))                     # a plain deck is no disk dump
    out = b.command("DISK LOAD")
    assert out[0] == "DMSDSK078E INVALID CARD IN READER FILE" and out[-1].startswith("R(00032)")
    with open_disk(b.path) as d:
        assert [f.fn for f in d.list()] == []             # no work file left behind
    assert cp(b.user, "CLOSE 00C")[0] == 0               # the rest of that deck goes
    ok(a.command("DISK DUMP DATA FILE"))
    out = b.command("DISK LOAD = = Q")
    assert out[0] == "DMSDSK069E DISK NOT ACCESSED Q" and out[-1].startswith("R(00036)")


def test_sendfile_exec_punches_a_disk_dump_to_the_user(pair):
    """SENDFILE EXEC (cms/execs, installed on the S-disk at the first start; here on the
    sender's A-disk): SPOOL PUNCH TO, DISK DUMP, SPOOL PUNCH OFF; DISK LOAD there."""
    system, a, b = pair
    assert ok(a.command("SENDFILE NOTES SCRIPT TO OTHER")) == [
        "FILE NOTES SCRIPT A SENT TO OTHER"]
    assert ok(a.command("SENDFILE ODD DATA A OTHER")) == ["FILE ODD DATA A SENT TO OTHER"]
    assert a.user.vm.device(0x00D).to is None             # the punch is the system's again
    assert ok(b.command("DISK LOAD")) == [] and ok(b.command("DISK LOAD")) == []
    assert disk_file(b, "NOTES", "SCRIPT")[1] == FILES[1][2]
    assert disk_file(b, "ODD", "DATA")[1] == FILES[3][2]
    out = a.command("SENDFILE NOTES")
    assert out[0] == "USAGE: SENDFILE FN FT [FM] [TO] USERID" and out[-1].startswith("R(00024)")
    out = a.command("SENDFILE NOSUCH FILE TO OTHER")
    assert out[0] == "DMSDSK002E FILE NOT FOUND NOSUCH" and out[-1].startswith("R(00028)")


def test_install_execs_writes_them_as_system_files(tmp_path):
    path = format_disk(tmp_path / "s190.3330", label="MNT190")
    with open_disk(path) as d:
        assert install_execs(d) == ["SENDFILE"]
    with open_disk(path) as d:
        info = d.stat("SENDFILE", "EXEC")
        assert (info.fm, info.recfm) == ("S2", "V")
        assert d.read("SENDFILE", "EXEC")[0] == E("* SENDFILE EXEC - SEND A CMS FILE TO ANOTHER USER'S READER")
