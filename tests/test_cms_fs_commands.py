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
