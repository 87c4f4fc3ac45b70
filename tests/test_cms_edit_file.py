"""EDIT reading and writing files through the file system functions (STATE, RDBUF,
WRBUF, FINIS, ERASE) under the real CP, on a 191 that cms.fs formatted: a new file typed
in INPUT mode and FILEd, an old file changed and FILEd, SAVE under another name, QUIT
leaving the disk as it was, serial numbers and V records; the bytes checked with cms.fs."""

import pytest

from cms_fs_harness import DISK_CYLS, E, format_disk, open_disk
from cms_harness import CMSMachine
from cp_fakes import entry, logon, make_system
from sie import Intercept


def cms_at(tmp_path, path, term_name):
    """cms_fs_harness.cms_with_disk with the user at a terminal of our choice: a line-mode
    one ('TTY ...') keeps EDIT in line mode, a 'GRAF ...' one puts it in display mode."""
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW", term_name=term_name)
    user.vm.attach(0x191, Minidisk(0x191, open_image(str(path)), (0, DISK_CYLS),
                                   read_only=False, owner="CMSUSER", owner_vaddr=0x191,
                                   volser="VOL191"))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.disk_path = user, term, path
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def disk(tmp_path):
    old = [E(("OLD RECORD %d" % k).ljust(80)) for k in range(5)]
    return format_disk(tmp_path / "u191.3330",
                       files=[("OLD", "DATA", old, "F", 80),
                              ("NOTES", "SCRIPT", [E("First line"), E("Second line")], "V", None)])


@pytest.fixture
def cms(tmp_path):
    return cms_at(tmp_path, disk(tmp_path), "TTY 020")


def ready(line):
    return line.startswith("R;")


def test_new_file_typed_in_input_mode_and_filed(cms):
    assert cms.command("EDIT NEW DATA") == ["NEW FILE:", "EDIT:"]
    assert cms.command("") == ["INPUT:"]
    for line in ("hello world", "second line", "third"):
        assert cms.command(line) == []
    assert cms.command("") == ["EDIT:"]
    out = cms.command("FILE")
    assert len(out) == 1 and ready(out[0]), out
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("NEW", "DATA") == [E(s.ljust(80)) for s in
                                         ("HELLO WORLD", "SECOND LINE", "THIRD")]
        st = d.stat("NEW", "DATA")
        assert (st.recfm, st.lrecl, st.records, st.fm) == ("F", 80, 3, "A1")
    # and EDIT finds it again
    assert cms.command("EDIT NEW DATA") == ["EDIT:"]
    assert cms.command("T *") == ["TOF:", "HELLO WORLD", "SECOND LINE", "THIRD", "EOF:"]
    assert ready(cms.command("QUIT")[0])


def test_old_file_changed_and_filed(cms):
    assert cms.command("EDIT OLD DATA") == ["EDIT:"]
    assert cms.command("N 2") == ["OLD RECORD 1"]
    assert cms.command("C /OLD/NEW/") == ["NEW RECORD 1"]
    assert cms.command("N") == ["OLD RECORD 2"]
    assert cms.command("DELETE") == []
    assert cms.command("BOTTOM") == ["OLD RECORD 4"]
    assert cms.command("INPUT appended") == []
    assert ready(cms.command("FILE")[0])
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("OLD", "DATA") == [E(s.ljust(80)) for s in (
            "OLD RECORD 0", "NEW RECORD 1", "OLD RECORD 3", "OLD RECORD 4", "APPENDED")]


def test_quit_leaves_the_file_unchanged(cms):
    with open_disk(cms.disk_path) as d:
        before = d.read("OLD", "DATA")
    assert cms.command("EDIT OLD DATA A") == ["EDIT:"]
    cms.command("DELETE *")
    cms.command("INPUT gone")
    assert ready(cms.command("QUIT")[0])
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("OLD", "DATA") == before


def test_save_under_another_name_then_file(cms):
    assert cms.command("EDIT OLD DATA") == ["EDIT:"]
    assert cms.command("SAVE COPY DATA A") == []
    cms.command("TOP")
    cms.command("N")
    cms.command("DE 4")
    assert ready(cms.command("FILE")[0])          # FILE now writes COPY DATA
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("OLD", "DATA")[4] == E("OLD RECORD 4".ljust(80))
        assert d.read("COPY", "DATA") == [E("OLD RECORD 4".ljust(80))]


def test_v_file_keeps_case_and_lengths(cms):
    assert cms.command("EDIT NOTES SCRIPT") == ["EDIT:"]
    assert cms.command("N") == ["First line"]
    assert cms.command("C /line/Line!/") == ["First Line!"]
    assert cms.command("INPUT") == ["INPUT:"]
    assert cms.command("") == ["EDIT:"]              # nothing typed
    assert cms.command("BOTTOM") == ["Second line"]
    assert cms.command("INPUT x") == []
    assert ready(cms.command("FILE")[0])
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("NOTES", "SCRIPT") == [E("First Line!"), E("Second line"), E("x")]
        assert d.stat("NOTES", "SCRIPT").recfm == "V"


def test_assemble_file_gets_serial_numbers(cms):
    assert cms.command("EDIT PROG ASSEMBLE") == ["NEW FILE:", "EDIT:"]
    cms.command("INPUT prog     csect")
    cms.command("INPUT          end")
    assert ready(cms.command("FILE")[0])
    with open_disk(cms.disk_path) as d:
        assert d.read("PROG", "ASSEMBLE") == [
            E("PROG     CSECT".ljust(72) + "PRO00010"),
            E("         END".ljust(72) + "PRO00020")]
    assert cms.command("EDIT PROG ASSEMBLE") == ["EDIT:"]
    cms.command("SERIAL OFF")
    cms.command("FILE")
    with open_disk(cms.disk_path) as d:
        assert d.read("PROG", "ASSEMBLE")[0] == E("PROG     CSECT".ljust(80))


def test_getfile_inserts_another_files_records(cms):
    assert cms.command("EDIT NEW DATA") == ["NEW FILE:", "EDIT:"]
    cms.command("INPUT first")
    assert cms.command("GETFILE OLD DATA A 2 2") == ["OLD RECORD 2"]
    cms.command("INPUT last")
    assert cms.command("G NOTES SCRIPT") == ["Second line"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("T *") == ["TOF:", "FIRST", "OLD RECORD 1", "OLD RECORD 2", "LAST",
                                  "First line", "Second line", "EOF:"]
    assert cms.command("G OLD DATA A 9") == ["EOF:"]               # past its end: nothing
    out = cms.command("G NOSUCH")
    assert out == ["DMSEDI002E FILE NOT FOUND NOSUCH"]
    assert ready(cms.command("FILE")[0])
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert len(d.read("NEW", "DATA")) == 6


def test_records_longer_than_edit_holds_are_refused(tmp_path):
    path = format_disk(tmp_path / "u191.3330",
                       files=[("WIDE", "DATA", [E("W" * 200)], "F", 200)])
    cms = cms_at(tmp_path, path, "TTY 020")
    out = cms.command("EDIT WIDE DATA")
    assert out[0] == "DMSEDI039E LRECL TOO LARGE FOR EDIT WIDE"
    assert out[1].startswith("R(00024);")
    with open_disk(cms.disk_path) as d:
        assert d.read("WIDE", "DATA") == [E("W" * 200)]


def test_v_file_lines_may_grow_past_its_longest_record(cms):
    assert cms.command("EDIT NOTES SCRIPT") == ["EDIT:"]
    assert cms.command("INPUT a line longer than any record of the file so far") == []
    assert cms.command("C /so far/until now/") == [
        "a line longer than any record of the file until now"]
    assert ready(cms.command("FILE")[0])
    with open_disk(cms.disk_path) as d:
        assert d.read("NOTES", "SCRIPT")[0] == E(
            "a line longer than any record of the file until now")
        longest = "a line longer than any record of the file until now"
        assert d.stat("NOTES", "SCRIPT").lrecl == len(longest)
