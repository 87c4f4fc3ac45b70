"""QUERY DISK, SEARCH, MACLIB, TXTLIB, LIBRARY (cms/nucleus/DMSQRY.asm) on a CMS user with
a 191 A-disk and a second disk accessed read-only as an extension."""

import pytest

from cms_fs_harness import attach_disk, cms_with_disk, format_disk, open_disk

E = lambda s: s.encode("cp037")           # noqa: E731

FILES = [("ONE", "DATA", [E("x" * 80)] * 30, "F", 80),
         ("TWO", "DATA", [E("y")], "V", 1),
         ("MYMACS", "MACLIB", [E("x" * 80)], "F", 80),
         ("MORE", "MACLIB", [E("x" * 80)], "F", 80)]


@pytest.fixture
def m(tmp_path):
    m = cms_with_disk(tmp_path, format_disk(tmp_path / "q191.3330", files=FILES))
    attach_disk(m, format_disk(tmp_path / "q192.3330", label="OTHER2"), 0x192)
    return m


def ok(out):
    assert out and out[-1].startswith("R;"), out
    return out[:-1]


def test_query_disk(m):
    with open_disk(m.disk_path) as d:
        used, total, cyls = d.used, d.blocks, d.cylinders
    line = (f"A (191): 4 FILES; {used} REC IN USE, {total - used} LEFT (OF {total}), "
            f"{used * 100 // total}% FULL ({cyls} CYL), 3330 R/W")
    assert ok(m.command("QUERY DISK A")) == [line]
    assert ok(m.command("QUERY DISK")) == [line]
    ok(m.command("ACCESS 192 B/A"))
    out = ok(m.command("QUERY DISK *"))
    assert out[0] == line and out[1].startswith("B (192): 0 FILES; ")
    assert out[1].endswith(" 3330 R/O")
    out = m.command("QUERY DISK C")
    assert out[0] == "DMSQRY069E DISK NOT ACCESSED C" and out[-1].startswith("R(00036)")


def test_query_search(m):
    ok(m.command("ACCESS 192 B/A"))
    out = ok(m.command("QUERY SEARCH"))
    assert out == ["CMS191 191  A    R/W", "OTHER2 192  B/A  R/O"]


def test_query_libraries(m):
    assert ok(m.command("QUERY MACLIB")) == ["MACLIB = NONE"]
    assert ok(m.command("QUERY LIBRARY")) == ["MACLIB = NONE", "TXTLIB = NONE"]
    assert ok(m.command("QUERY TXTLIB")) == ["TXTLIB = NONE"]
    ok(m.command("GLOBAL MACLIB MYMACS MORE"))
    assert ok(m.command("QUERY MACLIB")) == ["MACLIB = MYMACS MORE"]
