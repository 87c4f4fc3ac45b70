"""COPYFILE's record-selection and translation options (cms/nucleus/DMSCPY.asm):
FROM / FOR, FRLABEL / TOLABEL, UPCASE / LOWCASE, TRUNC; checked on the output file's
records (cms.fs) and its format."""

import pytest

from cms_fs_harness import cms_with_disk, format_disk, open_disk

E = lambda s: s.encode("cp037")           # noqa: E731

LINES = ["Alpha one", "beta Two", "*LABEL1 first", "gamma", "*LABEL2 second", "delta",
         "epsilon", "Zeta last"]
FILES = [("IN", "DATA", [E(t).ljust(40, b"\x40") for t in LINES], "F", 40),
         ("VIN", "DATA", [E(t + "   ") for t in LINES], "V", 20)]


@pytest.fixture
def m(tmp_path):
    m = cms_with_disk(tmp_path, format_disk(tmp_path / "cpy191.3330", files=FILES))
    return m


def ok(out):
    assert out and out[-1].startswith("R;"), out
    return out[:-1]


def records(m, fn, ft):
    with open_disk(m.disk_path) as d:
        return [r.decode("cp037") for r in d.read(fn, ft)], d.stat(fn, ft)


def test_from_and_for(m):
    ok(m.command("COPYFILE IN DATA A OUT1 DATA A (FROM 3 FOR 2"))
    recs, info = records(m, "OUT1", "DATA")
    assert [r.rstrip() for r in recs] == ["*LABEL1 first", "gamma"]
    assert (info.recfm, info.lrecl) == ("F", 40)
    ok(m.command("COPYFILE IN DATA A OUT2 DATA A (FROM 7"))
    assert [r.rstrip() for r in records(m, "OUT2", "DATA")[0]] == ["epsilon", "Zeta last"]
    ok(m.command("COPYFILE IN DATA A OUT3 DATA A (FOR 1"))
    assert [r.rstrip() for r in records(m, "OUT3", "DATA")[0]] == ["Alpha one"]


def test_frlabel_and_tolabel(m):
    ok(m.command("COPYFILE IN DATA A OUT4 DATA A (FRLABEL *LABEL1 TOLABEL *LABEL2"))
    assert [r.rstrip() for r in records(m, "OUT4", "DATA")[0]] == ["*LABEL1 first", "gamma"]
    ok(m.command("COPYFILE IN DATA A OUT5 DATA A (FRL *LABEL2 FOR 2"))
    assert [r.rstrip() for r in records(m, "OUT5", "DATA")[0]] == ["*LABEL2 second", "delta"]
    ok(m.command("COPYFILE IN DATA A OUT6 DATA A (TOL Z"))    # up to 'Zeta last'
    assert len(records(m, "OUT6", "DATA")[0]) == 7


def test_upcase_lowcase_and_trunc(m):
    ok(m.command("COPYFILE IN DATA A UP DATA A (UPCASE"))
    assert [r.rstrip() for r in records(m, "UP", "DATA")[0]] == [t.upper() for t in LINES]
    ok(m.command("COPYFILE VIN DATA A LOW DATA A (LOWCASE"))
    recs, info = records(m, "LOW", "DATA")
    assert recs == [t.lower() + "   " for t in LINES] and info.recfm == "V"
    ok(m.command("COPYFILE VIN DATA A TR DATA A (TRUNC"))
    assert records(m, "TR", "DATA")[0] == LINES               # trailing blanks gone


def test_option_errors(m):
    out = m.command("COPYFILE IN DATA A X DATA A (FROM 0")
    assert out[0] == "DMSCPY029E INVALID PARAMETER 0" and out[-1].startswith("R(00024)")
    out = m.command("COPYFILE IN DATA A X DATA A (FOR")
    assert out[0].startswith("DMSCPY029E INVALID PARAMETER") and out[-1].startswith("R(00024)")
    out = m.command("COPYFILE IN DATA A X DATA A (PACK")
    assert out[0] == "DMSCPY003E INVALID OPTION PACK"
