"""SAVESYS and IPL by name with our CMS under the real CP: MAINT IPLs the 190 S-disk with
PARM SAVESYS CMS, CMS hands that to CP through DIAG X'08', CP saves the pages of the
table's CMS entry; other users then IPL CMS without any disk and reach a console read."""

import re
import time

import pytest

import cp.saved
from cp.commands import execute
from cp.saved.default import DEFAULT_TABLE
from cp_fakes import entry, logon, make_system
from cms_harness import NUC, TestConsole
from test_cms_sdisk import make_sdisk, run_to_read
from cp.vdev.minidisk import Minidisk
from media.ckd import open_image
from sie import Intercept

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")


def attach_console(user):
    console = TestConsole(0x009)
    user.vm.attach(0x009, console)
    return console


def attach_190(user, path):
    user.vm.attach(0x190, Minidisk(0x190, open_image(str(path), readonly=True), (0, 3),
                                   read_only=True, owner="MAINT", owner_vaddr=0x190,
                                   volser="CMSRES"))


@pytest.fixture(scope="module")
def saved_cms(tmp_path_factory):
    """A system with the default table, CMS saved by MAINT: (system, store dir, maint, timing)."""
    tmp = tmp_path_factory.mktemp("saved")
    table = tmp / "SYSTEM.NAMES"
    table.write_text(DEFAULT_TABLE)
    disk = make_sdisk(tmp / "cmsres.3350", "3350")
    system = make_system(entry("MAINT", "CPCMS", "BCEG", storage=2 << 20),
                         entry("USER1", "PASS1", "G", storage=1 << 20),
                         entry("USER2", "PASS2", "G", storage=1 << 20),
                         entry("TINY", "TINY", "G", storage=128 << 10))
    cp.saved.install(system, str(table), str(tmp / "saved"))
    maint, term = logon(system, "MAINT", "CPCMS")
    console = attach_console(maint)
    attach_190(maint, disk)
    t0 = time.perf_counter()
    rc = execute(maint, "IPL 190 PARM SAVESYS CMS", term.lines.append)
    assert rc == 0, term.lines
    assert run_to_read(maint.vm, console) == Intercept.ENABLED_WAIT
    t_disk = time.perf_counter() - t0
    return system, tmp, maint, term, console, t_disk


def test_savesys_through_diag_08_saves_cms_and_cms_goes_on(saved_cms):
    system, tmp, maint, term, console, _ = saved_cms
    assert "SYSTEM SAVED" in term.lines, term.lines
    assert (tmp / "saved" / "CMS.nss").exists()
    assert console.output[0].startswith("CMS VERSION 6.0 - ")
    assert any(line.startswith("SAVESYS CMS BY MAINT") for line in system.logged)
    img = system.saved.store.get("CMS")
    assert img.page_numbers == list(range(32)) and img.ipl_device == 0x190
    assert img.page(0)[0x200:0x210] == maint.vm.sd.read(0x200, 16)


def ipl_cms(system, userid, password):
    user, term = logon(system, userid, password)
    console = attach_console(user)
    t0 = time.perf_counter()
    rc = execute(user, "IPL CMS", term.lines.append)
    assert rc == 0, term.lines
    assert run_to_read(user.vm, console) == Intercept.ENABLED_WAIT
    return user, term, console, time.perf_counter() - t0


def test_ipl_by_name_reaches_cms_without_a_disk(saved_cms):
    system, tmp, maint, _, _, t_disk = saved_cms
    user, term, console, t_name = ipl_cms(system, "USER1", "PASS1")
    assert user.vm.device(0x190) is None              # nothing to read the nucleus from
    assert term.lines == []                           # resumed after the SAVESYS, not at it
    assert console.output[0].startswith("CMS VERSION 6.0 - "), console.output
    assert user.vm.ipl_name == "CMS" and user.vm.ipl_device == 0x190
    assert user.vm.sd.read(NUC["IPLADDR"], 2) == b"\x01\x90"      # IPLADDR = 190
    assert int.from_bytes(user.vm.sd.read(NUC["VMSIZE"], 4), "big") == 1 << 20  # its own size
    start = len(console.output)
    console.type_line("CP QUERY TIME")
    run_to_read(user.vm, console)
    assert READY.match(console.output[-1]), console.output[start:]
    print(f"\nIPL 190 (bootstrap from disk, SAVESYS included): {t_disk * 1000:.1f} ms; "
          f"IPL CMS by name to the console read: {t_name * 1000:.1f} ms")


def test_two_users_ipl_cms_and_a_store_of_one_is_not_seen_by_the_other(saved_cms):
    system = saved_cms[0]
    a, term_a, con_a, _ = ipl_cms(system, "USER1", "PASS1") if system.find("USER1") is None \
        else (system.find("USER1"), None, None, None)
    b, term_b, con_b, _ = ipl_cms(system, "USER2", "PASS2")
    sysid = NUC["SYSTEMID"]
    assert a.vm.sd.read(sysid, 16) == b.vm.sd.read(sysid, 16)
    # user A changes its nucleus (CP STORE): B's stays as saved
    rc = execute(a, f"STORE {sysid:X} C1C1C1C1", lambda line: None)
    assert rc == 0
    assert a.vm.sd.read(sysid, 4) == b"\xc1\xc1\xc1\xc1"
    assert b.vm.sd.read(sysid, 4) == "CMS ".encode("cp037")
    assert system.saved.store.get("CMS").page(0)[sysid:sysid + 4] == "CMS ".encode("cp037")


def test_ipl_of_a_name_never_saved_or_unknown(saved_cms):
    system = saved_cms[0]
    user, term = logon(system, "TINY", "TINY")
    out = []
    assert execute(user, "IPL NOSUCH", out.append) == 44
    assert out == ["DMKCFG044E SYSTEM NOSUCH DOES NOT EXIST"]


def test_ipl_by_name_in_too_small_a_machine_is_refused(saved_cms):
    system = saved_cms[0]
    user = system.find("TINY") or logon(system, "TINY", "TINY")[0]
    out = []
    assert execute(user, "IPL CMS", out.append) == 450
    assert "TOO SMALL FOR CMS" in out[0] and user.vm.stopped


def test_savesys_needs_class_e_and_a_table_entry(saved_cms):
    system, tmp, maint = saved_cms[:3]
    user = system.find("USER2") or logon(system, "USER2", "PASS2")[0]
    out = []
    assert execute(user, "SAVESYS CMS", out.append) != 0        # class G: not for them
    out = []
    assert execute(maint, "SAVESYS NOTINTAB", out.append) == 44
    assert out == ["DMKCFG044E SYSTEM NOTINTAB DOES NOT EXIST"]


def test_savesys_typed_to_cms_after_ipl_190_as_on_r6(tmp_path):
    # VM/370 R6 (and the CE build scripts): IPL 190, CMS types its SYSTEMID line, the first
    # line typed is SAVESYS CMS, CMS types its SYSTEMID line again; then IPL CMS works
    table = tmp_path / "SYSTEM.NAMES"
    table.write_text(DEFAULT_TABLE)
    disk = make_sdisk(tmp_path / "cmsres.3330", "3330")
    system = make_system(entry("MAINT", "CPCMS", "BCEG", storage=2 << 20),
                         entry("USER1", "PASS1", "G", storage=1 << 20))
    cp.saved.install(system, str(table), str(tmp_path / "saved"))
    maint, term = logon(system, "MAINT", "CPCMS")
    console = attach_console(maint)
    attach_190(maint, disk)
    assert execute(maint, "IPL 190", term.lines.append) == 0
    run_to_read(maint.vm, console)
    assert console.output[0].startswith("CMS VERSION 6.0 - ")
    console.type_line("SAVESYS CMS")
    run_to_read(maint.vm, console)
    assert len(console.output) == 2 and console.output[1] == console.output[0], console.output
    assert term.lines == ["SYSTEM SAVED"], term.lines
    console.type_line("CP QUERY TIME")
    run_to_read(maint.vm, console)
    assert READY.match(console.output[-1]), console.output
    user, uterm, ucon, _ = ipl_cms(system, "USER1", "PASS1")
    assert ucon.output[0] == console.output[0] and uterm.lines == []


def test_savesys_typed_to_cms_without_a_name_or_privilege(tmp_path):
    disk = make_sdisk(tmp_path / "cmsres.3330", "3330")
    table = tmp_path / "SYSTEM.NAMES"
    table.write_text(DEFAULT_TABLE)
    system = make_system(entry("USER1", "PASS1", "G", storage=1 << 20))
    cp.saved.install(system, str(table), str(tmp_path / "saved"))
    user, term = logon(system, "USER1", "PASS1")
    console = attach_console(user)
    attach_190(user, disk)
    assert execute(user, "IPL 190", term.lines.append) == 0
    run_to_read(user.vm, console)
    start = len(console.output)
    console.type_line("SAVESYS")
    run_to_read(user.vm, console)
    assert console.output[start].startswith("DMSSAV047E"), console.output[start:]
    # class G: the re-IPL is allowed, CP's SAVESYS (class E) is not; CMS comes up anyway
    start = len(console.output)
    console.type_line("SAVESYS CMS")
    run_to_read(user.vm, console)
    assert not (tmp_path / "saved" / "CMS.nss").exists()
    assert console.output[start].startswith("CMS VERSION 6.0 - "), console.output[start:]
    assert any("DMKCFM001E" in line for line in term.lines), term.lines
