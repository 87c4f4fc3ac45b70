"""The file commands typed at the terminal: ERASE, RENAME, RELEASE, STATE, LISTFILE and
TYPE options, COPYFILE; results checked on the disk with cms.fs."""

import re

import pytest

from cms_fs_harness import E, cms_with_disk, format_disk, open_disk

READY = re.compile(r"^R; T=")
READY_RC = re.compile(r"^R\((-?\d+)\); T=")


def rc(out):
    m = READY_RC.match(out[-1])
    return int(m.group(1)) if m else (0 if READY.match(out[-1]) else None)


@pytest.fixture
def cms(tmp_path):
    path = format_disk(tmp_path / "c191.3330",
                       files=[("PROFILE", "EXEC", [E("&CONTROL OFF".ljust(80))], "F", 80),
                              ("NOTES", "SCRIPT", [E("line one"), E("two")], "V", None),
                              ("DATA", "FILE", [E(("REC %02d" % k).ljust(80)) for k in range(12)],
                               "F", 80)])
    return cms_with_disk(tmp_path, path)


def names(path):
    with open_disk(path) as d:
        assert d.check() == []
        return sorted(f"{f.fn} {f.ft} {f.fm}" for f in d.list())


def test_rename(cms):
    out = cms.command("RENAME NOTES SCRIPT A MEMO = =")
    assert rc(out) == 0, out
    assert names(cms.disk_path) == ["DATA FILE A1", "MEMO SCRIPT A1", "PROFILE EXEC A1"]
    assert cms.command("TYPE MEMO SCRIPT")[:2] == ["line one", "two"]
    out = cms.command("RENAME DATA FILE A = = A2")
    assert rc(out) == 0 and "DATA FILE A2" in names(cms.disk_path)
    out = cms.command("RENAME MEMO SCRIPT A PROFILE EXEC A")
    assert out[0] == "DMSRNM024E FILE ALREADY EXISTS PROFILE" and rc(out) == 28
    out = cms.command("RENAME NOSUCH FILE A X Y A")
    assert out[0] == "DMSRNM002E FILE NOT FOUND NOSUCH" and rc(out) == 28
    assert cms.command("RENAME A B C")[0] == "DMSRNM054E INCOMPLETE FILEID SPECIFIED"
    assert cms.command("RENAME MEMO SCRIPT A X Y B")[0].startswith("DMSRNM048E")


def test_release_and_state(cms):
    assert rc(cms.command("STATE DATA FILE A")) == 0
    out = cms.command("STATE DATA FILE B")
    assert out[0] == "DMSSTT069E DISK NOT ACCESSED B" and rc(out) == 36
    assert rc(cms.command("RELEASE A")) == 0
    out = cms.command("STATE DATA FILE")
    assert out[0].startswith("DMSSTT002E") and rc(out) == 28
    out = cms.command("RELEASE A")
    assert out[0] == "DMSARE069E DISK NOT ACCESSED A" and rc(out) == 36
    assert rc(cms.command("ACCESS 191 C")) == 0
    assert cms.command("LISTFILE * * C")[0] == "PROFILE  EXEC     C1"
    assert rc(cms.command("RELEASE 191")) == 0
    assert cms.command("LISTFILE")[0] == "DMSLST002E FILE NOT FOUND"


def test_type_ranges_and_hex(cms):
    out = cms.command("TYPE DATA FILE A 3 5")
    assert out[:-1] == ["REC 02", "REC 03", "REC 04"] and rc(out) == 0, out
    out = cms.command("TYPE DATA FILE 11 *")
    assert out[:-1] == ["REC 10", "REC 11"]
    out = cms.command("TYPE NOTES SCRIPT A 2 (HEX")
    assert out[:-1] == ["A3A696"], out
    out = cms.command("TYPE DATA FILE 12 (HEX")
    assert out[:3] == ["D9C5C340F1F1" + "40" * 26, "40" * 32, "40" * 16] and rc(out) == 0
    assert cms.command("TYPE DATA FILE X9")[0].startswith("DMSTYP002E")   # X9 is a mode
    assert cms.command("TYPE DATA FILE A 0")[0] == "DMSTYP070E INVALID PARAMETER 0"
    assert cms.command("TYPE DATA FILE (BAD")[0] == "DMSTYP003E INVALID OPTION BAD"


def test_listfile_options(cms):
    out = cms.command("LISTFILE * * A (HEADER")
    assert out[0] == "FILENAME FILETYPE FM" and out[1] == "PROFILE  EXEC     A1", out
    out = cms.command("LISTFILE DATA FILE (DATE")
    line = out[0]
    assert line.startswith("DATA     FILE     A1 F    80     12      2 "), line
    assert re.match(r"^\d\d/\d\d/\d\d \d\d:\d\d$", line[43:]), line
    out = cms.command("LISTFILE NOTES * A (LABEL HEADER")
    assert out[0].endswith("TIME  LABEL") and out[1].endswith(" CMS191"), out
    assert out[1][:35] == "NOTES    SCRIPT   A1 V     8      2"
    assert cms.command("LISTFILE (NONSENSE")[0] == "DMSLST003E INVALID OPTION NONSENSE"
    out = cms.command("LISTFILE * * A (EXEC NOTYPE")
    assert len(out) == 1 and rc(out) == 0, out
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        recs = [r.decode("cp037").rstrip() for r in d.read("CMS", "EXEC")]
    assert recs == ["&1 &2 PROFILE  EXEC     A1", "&1 &2 NOTES    SCRIPT   A1",
                    "&1 &2 DATA     FILE     A1"]


def test_copyfile(cms):
    path = cms.disk_path
    out = cms.command("COPYFILE DATA FILE A NEW COPY A")
    assert rc(out) == 0, out
    with open_disk(path) as d:
        assert d.check() == []
        assert d.read("NEW", "COPY") == d.read("DATA", "FILE")
        assert d.stat("NEW", "COPY").lrecl == 80
    out = cms.command("COPYFILE DATA FILE A NEW COPY A")
    assert out[0] == "DMSCPY024E FILE ALREADY EXISTS NEW" and rc(out) == 28
    # concatenation, new format: F 80 + V -> V (trailing blanks dropped)
    out = cms.command("COPYFILE PROFILE EXEC A NOTES SCRIPT A BOTH = A (RECFM V")
    assert rc(out) == 0, out
    with open_disk(path) as d:
        assert d.read("BOTH", "EXEC") == [E("&CONTROL OFF"), E("line one"), E("two")]
        assert d.stat("BOTH", "EXEC").recfm == "V"
    # V -> F LRECL 10, REPLACE an existing file
    out = cms.command("COPYFILE NOTES SCRIPT A NEW COPY A (REPLACE RECFM F LRECL 10")
    assert rc(out) == 0, out
    with open_disk(path) as d:
        assert d.read("NEW", "COPY") == [E("line one  "), E("two       ")]
    # APPEND keeps the output's format
    out = cms.command("COPYFILE PROFILE EXEC A NEW COPY A (APPEND")
    assert rc(out) == 0, out
    with open_disk(path) as d:
        assert d.read("NEW", "COPY")[2] == E("&CONTROL O")
        assert d.check() == []
    # patterns: every * FILE to = = with a new type
    out = cms.command("COPYFILE * SCRIPT A = MEMO A (TYPE")
    assert out[0] == "NOTES    MEMO     A1" and rc(out) == 0, out
    with open_disk(path) as d:
        assert d.read("NOTES", "MEMO") == [E("line one"), E("two")]
        assert "COPYFILE" not in [f.fn for f in d.list()]
        assert d.check() == []
    assert cms.command("COPYFILE A B C D")[0] == "DMSCPY054E INCOMPLETE FILEID SPECIFIED"
    assert cms.command("COPYFILE NOSUCH X A Y Z A")[0] == "DMSCPY002E FILE NOT FOUND NOSUCH"
    assert cms.command("COPYFILE DATA FILE A X Y A (BOGUS")[0] == "DMSCPY003E INVALID OPTION BOGUS"
