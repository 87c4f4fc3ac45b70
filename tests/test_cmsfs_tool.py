"""The cmsfs console script: every subcommand, text round trips, one-line errors and
exit codes, and images left untouched by bad input."""

import os
import subprocess
import sys

import pytest

from cms.fs import CMSDisk
from cms.tools.cmsfs import main
from media.ckd import create_image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def vol(tmp_path):
    path = str(tmp_path / "vol.ckd")
    create_image(path, "3350", "VMUSR1", cyls=6)
    return path


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_format_list_import_export_type_check(vol, tmp_path, capsys):
    md = f"{vol}:2:3"
    rc, out, _ = run(capsys, "format", vol, "--label", "usr191", "--cyls", "2:3")
    assert rc == 0 and out == "formatted USR191: 3 cylinders, 1710 blocks of 800 bytes\n"
    rc, out, _ = run(capsys, "list", md)
    assert rc == 0 and out == ("LABEL USR191  3 CYL  1710 BLOCKS  4 USED  1706 LEFT  "
                               "0 FILES\n")
    text = "".join(f"line {i} of a profile exec\n" for i in range(400))   # 40 blocks of F 80
    (tmp_path / "p.txt").write_text(text)
    rc, out, _ = run(capsys, "import", md, str(tmp_path / "p.txt"), "profile", "exec")
    assert rc == 0 and out == "PROFILE EXEC A1: 400 records, F 80, 40 blocks\n"
    vtext = "short\n\n" + "x" * 300 + "\n" + "ÄÖ£ cent ¢ not ¬\n"
    (tmp_path / "v.txt").write_text(vtext)
    rc, out, _ = run(capsys, "import", md, str(tmp_path / "v.txt"), "notes", "script",
                     "--recfm", "V")
    assert rc == 0 and out == "NOTES SCRIPT A1: 4 records, V 300, 1 blocks\n"
    rc, out, _ = run(capsys, "export", md, "profile", "exec", str(tmp_path / "p.out"))
    assert rc == 0 and (tmp_path / "p.out").read_text() == text
    rc, out, _ = run(capsys, "export", md, "NOTES", "SCRIPT", str(tmp_path / "v.out"))
    assert (tmp_path / "v.out").read_text() == vtext
    rc, out, _ = run(capsys, "type", md, "notes", "script")
    assert rc == 0 and out == vtext
    with CMSDisk.open(vol, (2, 3)) as d:                          # stored as EBCDIC
        assert d.read("PROFILE", "EXEC")[0] == "line 0 of a profile exec".ljust(80).encode("cp037")
        assert d.read("NOTES", "SCRIPT")[1] == b""
    rc, out, _ = run(capsys, "list", md)
    lines = out.splitlines()
    assert lines[1].split() == ["FILENAME", "FILETYPE", "FM", "FORMAT", "LRECL", "RECS",
                                "BLOCKS", "DATE", "TIME"]
    assert lines[2].split()[:7] == ["PROFILE", "EXEC", "A1", "F", "80", "400", "40"]
    assert lines[3].split()[:7] == ["NOTES", "SCRIPT", "A1", "V", "300", "4", "1"]
    assert run(capsys, "check", md) == (0, "clean\n", "")


def test_ascii_option_stores_bytes_untranslated(vol, tmp_path, capsys):
    md = f"{vol}:0:6"
    assert run(capsys, "format", md, "--label", "ASC")[0] == 0
    (tmp_path / "a.txt").write_text("hello\n")
    assert run(capsys, "import", md, str(tmp_path / "a.txt"), "a", "b", "--recfm", "V",
               "--ascii")[0] == 0
    with CMSDisk.open(vol, (0, 6)) as d:
        assert d.read("A", "B") == [b"hello"]
    assert run(capsys, "type", md, "a", "b", "--ascii")[1] == "hello\n"
    assert run(capsys, "type", md, "a", "b", "--ebcdic")[1] != "hello\n"


def test_erase_rename_and_recomp(vol, tmp_path, capsys):
    assert run(capsys, "format", vol, "--label", "R", "--cyls", "1:5", "--size", "1")[0] == 0
    (tmp_path / "t").write_text("a\nb\n")
    md = f"{vol}:1:5"
    assert run(capsys, "import", md, str(tmp_path / "t"), "one", "file")[0] == 0
    assert run(capsys, "rename", md, "one", "file", "two", "file")[0] == 0
    rc, out, _ = run(capsys, "format", md, "--recomp")
    assert rc == 0 and out == "recomputed R: 5 cylinders, 2850 blocks, 8 in use\n"
    assert run(capsys, "type", md, "two", "file")[1] == "a\nb\n"
    assert run(capsys, "erase", md, "two", "file")[0] == 0
    assert run(capsys, "list", md)[1].endswith("5 USED  2845 LEFT  0 FILES\n")
    assert run(capsys, "check", md)[0] == 0


def test_errors_are_one_line_and_leave_the_image_unchanged(vol, tmp_path, capsys):
    md = f"{vol}:1:2"
    run(capsys, "format", md, "--label", "E")
    (tmp_path / "ok").write_text("x\n")
    run(capsys, "import", md, str(tmp_path / "ok"), "keep", "me")
    before = open(vol, "rb").read()
    (tmp_path / "long").write_text("y" * 81 + "\n")
    (tmp_path / "big").write_text("z\n" * 30000)               # 3000 blocks > 1140
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "uni").write_text("snowman \u2603\n")
    cases = [
        (("import", md, str(tmp_path / "long"), "a", "b"), 1, "line 1 is 81 characters"),
        (("import", md, str(tmp_path / "big"), "a", "b"), 1, "disk full"),
        (("import", md, str(tmp_path / "bin"), "a", "b"), 1, "not UTF-8 text"),
        (("import", md, str(tmp_path / "uni"), "a", "b"), 1, "has no EBCDIC code"),
        (("import", md, str(tmp_path / "ok"), "a", "b", "--recfm", "U"), 2, "F or V"),
        (("import", md, str(tmp_path / "ok"), "toolongname", "b"), 1, "invalid filename"),
        (("import", md, str(tmp_path / "missing"), "a", "b"), 1, "No such file"),
        (("type", md, "no", "such"), 1, "file NO SUCH not found"),
        (("rename", md, "keep", "me", "keep", "me2"), 0, ""),
        (("rename", md, "keep", "me2", "keep", "me"), 0, ""),
        (("erase", md, "gone", "file"), 1, "not found"),
        (("list", f"{vol}:5:9"), 1, "outside the volume"),
        (("list", str(tmp_path / "missing.ckd")), 1, "cannot open"),
        (("list", vol), 1, "not CMS-formatted"),
        (("format", md), 2, "needs --label"),
        (("format", md, "--label", "TOOLONGLABEL"), 1, "invalid disk label"),
        (("format", md, "--label", "X", "--cyls", "1-2"), 2, "FIRST:N"),
        (("bogus",), 2, "invalid choice"),
    ]
    for argv, code, msg in cases:
        rc, out, err = run(capsys, *argv)
        assert rc == code, (argv, rc, err)
        assert msg in err and (err.count("\n") == 1 if code else err == ""), (argv, err)
        assert "Traceback" not in err
    assert open(vol, "rb").read() == before


def test_check_reports_corruption_with_status_1(vol, capsys):
    md = f"{vol}:0:2"
    run(capsys, "format", md, "--label", "C")
    with CMSDisk.open(vol, (0, 2)) as d:
        amap = d.map.copy()
        amap.set(100)
        d._write_map(amap)
    rc, out, _ = run(capsys, "check", md)
    assert rc == 1 and out == "block 100 is marked in use but nothing references it (lost)\n"


def test_console_script_runs_as_a_program(vol):
    env = dict(os.environ, PYTHONPATH=ROOT)
    p = subprocess.run([sys.executable, "-m", "cms.tools.cmsfs", "list", vol], env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and p.stderr.startswith("cmsfs: error: ")
    assert p.stderr.count("\n") == 1
