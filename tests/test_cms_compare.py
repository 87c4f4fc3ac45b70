"""COMPARE (DMSCMP) under the real CP on a cms.fs 191: identical files, records that
differ (typed in pairs, the first file's first), a file with more records, = in the
second fileid, (COL m n), and the error returns."""

import pytest

from cms_fs_harness import E, format_disk
from test_cms_edit_file import cms_at


def rc_of(line):
    return 0 if line.startswith("R;") else int(line[2:7])


@pytest.fixture
def cms(tmp_path):
    path = format_disk(tmp_path / "u191.3330", files=[
        ("ONE", "DATA", [E("ALPHA"), E("BETA"), E("GAMMA")], "V", None),
        ("SAME", "DATA", [E("ALPHA"), E("BETA"), E("GAMMA")], "V", None),
        ("TWO", "DATA", [E("ALPHA"), E("BETTER"), E("GAMMA"), E("DELTA")], "V", None),
        ("COLS", "DATA", [E("ALPHA"), E("BXTA"), E("GAMMA")], "V", None),
    ])
    return cms_at(tmp_path, path, "TTY 020")


def test_identical_files_compare(cms):
    out = cms.command("COMPARE ONE DATA A SAME DATA A")
    assert len(out) == 1 and rc_of(out[0]) == 0, out
    out = cms.command("COMPARE ONE DATA A SAME = =")
    assert len(out) == 1 and rc_of(out[0]) == 0, out


def test_differences_are_typed_in_pairs(cms):
    out = cms.command("COMPARE ONE DATA A TWO DATA A")
    assert out[:-1] == ["BETA", "BETTER", "DELTA", "DMSCMP209W FILES DO NOT COMPARE"], out
    assert rc_of(out[-1]) == 4


def test_columns_option(cms):
    out = cms.command("COMPARE ONE DATA A COLS DATA A")
    assert out[:-1] == ["BETA", "BXTA", "DMSCMP209W FILES DO NOT COMPARE"]
    out = cms.command("COMPARE ONE DATA A COLS DATA A (COL 3 80")
    assert len(out) == 1 and rc_of(out[0]) == 0, out
    out = cms.command("COMPARE ONE DATA A COLS DATA A (COL 1 1")
    assert len(out) == 1 and rc_of(out[0]) == 0, out


def test_errors(cms):
    out = cms.command("COMPARE ONE DATA A TWO DATA")
    assert out[0] == "DMSCMP054E INCOMPLETE FILEID SPECIFIED" and rc_of(out[-1]) == 24
    out = cms.command("COMPARE ONE DATA A NONE DATA A")
    assert out[0] == "DMSCMP002E FILE NONE DATA A NOT FOUND" and rc_of(out[-1]) == 28
    out = cms.command("COMPARE ONE DATA A TWO DATA A (COL 5 2")
    assert out[0] == "DMSCMP003E INVALID OPTION" and rc_of(out[-1]) == 24
