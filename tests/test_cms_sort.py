"""SORT (DMSSRT) under the real CP on a cms.fs 191: the DMSSRT604R prompt, one and two
sort fields, stable order of equal keys, short V records, = in the output fileid, the
output replacing an old file, and the error returns; the output read back with cms.fs."""

import pytest

from cms_fs_harness import E, format_disk, open_disk
from test_cms_edit_file import cms_at

PROMPT = "DMSSRT604R ENTER SORT FIELDS:"


def rc_of(line):
    return 0 if line.startswith("R;") else int(line[2:7])


@pytest.fixture
def cms(tmp_path):
    names = ["SMITH   JOHN  1950", "ADAMS   MARY  1962", "JONES   ANN   1950",
             "BAKER   JOE   1971", "ADAMS   ALAN  1950"]
    path = format_disk(tmp_path / "u191.3330", files=[
        ("PEOPLE", "DATA", [E(n.ljust(20)) for n in names], "F", 20),
        ("WORDS", "LIST", [E("pear"), E("fig"), E("apple"), E("f"), E("banana")], "V", None),
        ("OLD", "OUT", [E("X" * 20)], "F", 20),
    ])
    return cms_at(tmp_path, path, "TTY 020")


def test_sort_on_one_field(cms):
    assert cms.command("SORT PEOPLE DATA A OLD OUT A") == [PROMPT]
    out = cms.command("1 8")
    assert len(out) == 1 and rc_of(out[0]) == 0, out
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        got = [r.decode("cp037").rstrip() for r in d.read("OLD", "OUT")]
        st = d.stat("OLD", "OUT")
        assert (st.recfm, st.lrecl, st.records) == ("F", 20, 5)
    # equal keys (ADAMS) keep their input order
    assert got == ["ADAMS   MARY  1962", "ADAMS   ALAN  1950", "BAKER   JOE   1971",
                   "JONES   ANN   1950", "SMITH   JOHN  1950"]


def test_sort_on_two_fields_major_first(cms):
    assert cms.command("SORT PEOPLE DATA A BYYEAR = =") == [PROMPT]
    assert rc_of(cms.command("15 18 1 8")[0]) == 0
    with open_disk(cms.disk_path) as d:
        got = [r.decode("cp037").rstrip() for r in d.read("BYYEAR", "DATA")]
    assert got == ["ADAMS   ALAN  1950", "JONES   ANN   1950", "SMITH   JOHN  1950",
                   "ADAMS   MARY  1962", "BAKER   JOE   1971"]


def test_sort_v_records_short_ones_count_as_blanks(cms):
    assert cms.command("SORT WORDS LIST A SORTED LIST A") == [PROMPT]
    assert rc_of(cms.command("1 3")[0]) == 0
    with open_disk(cms.disk_path) as d:
        assert d.read("SORTED", "LIST") == [E(w) for w in
                                            ("apple", "banana", "f", "fig", "pear")]
        assert d.stat("SORTED", "LIST").recfm == "V"


def test_sort_errors(cms):
    out = cms.command("SORT PEOPLE DATA A")
    assert out[0] == "DMSSRT054E INCOMPLETE FILEID SPECIFIED" and rc_of(out[-1]) == 24
    out = cms.command("SORT PEOPLE DATA A = = =")
    assert out[0] == "DMSSRT019E IDENTICAL FILEIDS" and rc_of(out[-1]) == 24
    out = cms.command("SORT NOSUCH DATA A X Y A")
    assert out[0] == "DMSSRT002E FILE NOT FOUND NOSUCH" and rc_of(out[-1]) == 28
    assert cms.command("SORT PEOPLE DATA A X Y A") == [PROMPT]
    out = cms.command("5 2")
    assert out[0] == "DMSSRT605E INVALID SORT FIELD PAIR DEFINED" and rc_of(out[-1]) == 24
    assert cms.command("SORT PEOPLE DATA A X Y A") == [PROMPT]
    out = cms.command("1")
    assert out[0] == "DMSSRT605E INVALID SORT FIELD PAIR DEFINED"
    with open_disk(cms.disk_path) as d:
        assert d.check() == [] and "X" not in [f.fn for f in d.list()]
