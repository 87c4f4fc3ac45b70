"""The system name table (NAMESYS statements) and the page store of cp.saved."""

import os

import pytest

from cp.saved import install
from cp.saved.default import DEFAULT_TABLE
from cp.saved.store import PageStore, SavedImage, StoreError
from cp.saved.table import SavedTableError, load, parse
from cp_fakes import make_system

GOOD = """\
* comment line
CMS      NAMESYS SYSNAME=CMS,VSYSADR=190,SYSPGNM=(0-31),SYSSIZE=256K,VSYSRES=CMSRES
CMSSEG   NAMESYS SYSNAME=CMSSEG,VSYSADR=IGNORE,SYSPGCT=16,
               SYSPGNM=(3840-3855),SYSHRSG=(240)

SHR      NAMESYS SYSNAME=SHR,VSYSADR=00C,SYSPGNM=(0-3,16-31),SYSHRSG=(1),SYSVOL=VM50-1,SYSSTRT=(7,101)
"""


def test_a_good_table():
    table, errors = parse(GOOD, "SYSTEM.NAMES")
    assert errors == []
    cms, seg, shr = table["CMS"], table["CMSSEG"], table["SHR"]
    assert (cms.vsysadr, cms.pages, cms.syssize, cms.vsysres, cms.segment) == \
        (0x190, list(range(32)), 256 * 1024, "CMSRES", False)
    assert seg.segment and seg.address == 0xF00000 and seg.end == 0xF0FFFF and seg.line == 3
    assert seg.shared_pages == set(range(3840, 3856))
    assert shr.pages == [0, 1, 2, 3] + list(range(16, 32)) and shr.vsysadr == 0x00C
    assert shr.extra == {"SYSVOL": "VM50-1", "SYSSTRT": "(7,101)"}


def test_default_table_parses():
    table, errors = parse(DEFAULT_TABLE, "default")
    assert errors == [] and table["CMS"].vsysadr == 0x190


@pytest.mark.parametrize("line, message", [
    ("X NAMESYS VSYSADR=190,SYSPGNM=(0-3)", "SYSNAME missing"),
    ("X NAMESYS SYSNAME=TOOLONGNAME,VSYSADR=190,SYSPGNM=(0-3)", "is not 1-8"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(3-1)", "runs backwards"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(4-8,2)", "not above"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(0-4096)", "beyond 16M"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(0-3),SYSPGCT=5", "SYSPGCT=5 but"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(0-3),SYSHRSG=(0)", "shared segment 0"),
    ("X NAMESYS SYSNAME=X,VSYSADR=IGNORE,SYSPGNM=(0-3,8)", "one range"),
    ("X NAMESYS SYSNAME=X,VSYSADR=19G,SYSPGNM=(0-3)", "VSYSADR '19G'"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(0-3),SYSSIZE=12Q", "SYSSIZE"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(0-3),COLOUR=RED", "unknown keyword COLOUR"),
    ("X NAMESYS SYSNAME=X,VSYSADR=190,SYSPGNM=(0-3", "unbalanced"),
    ("X NAMESYS SYSNAME=X,SYSNAME=Y,VSYSADR=190,SYSPGNM=(0-3)", "SYSNAME given twice"),
    ("X NAMESIS SYSNAME=X", "not a NAMESYS statement"),
])
def test_errors_name_the_file_and_line(line, message):
    text = "* first line is a comment\n\n" + line + "\n"
    table, errors = parse(text, "MY.NAMES")
    assert len(errors) == 1 and errors[0].startswith("MY.NAMES:3: "), errors
    assert message in errors[0], errors


def test_duplicate_name_and_dangling_continuation():
    text = ("A NAMESYS SYSNAME=A,VSYSADR=190,SYSPGNM=(0)\n"
            "B NAMESYS SYSNAME=A,VSYSADR=190,SYSPGNM=(1)\n"
            "C NAMESYS SYSNAME=C,VSYSADR=190,\n")
    _, errors = parse(text, "T")
    assert errors == ["T:2: SYSNAME A already defined on line 1",
                      "T:3: the statement ends with a comma and nothing follows"]


def test_install_refuses_a_bad_table_with_every_error(tmp_path):
    path = tmp_path / "SYSTEM.NAMES"
    path.write_text("A NAMESYS SYSNAME=A\nB NAMESYS SYSNAME=B,VSYSADR=1,SYSPGNM=(9-1)\n")
    with pytest.raises(SavedTableError) as info:
        install(make_system(), str(path), str(tmp_path / "store"))
    assert [e.split(": ")[0] for e in info.value.errors] == [f"{path}:1", f"{path}:2"]
    with pytest.raises(SavedTableError, match="cannot read"):
        load(str(tmp_path / "missing"))


def image(name="CMS", pages=(0, 1, 5)):
    data = b"".join(bytes([p + 1]) * 4096 for p in pages)
    return SavedImage(name, list(pages), data, bytes(range(2 * len(pages))),
                      bytes.fromhex("000400CA80020128"), list(range(16)),
                      [1 << 63, 2, 3, 4], [0x10000000 + r for r in range(16)],
                      ipl_device=0x190)


def test_store_round_trip_through_the_file(tmp_path):
    PageStore(tmp_path).put(image())
    fresh = PageStore(tmp_path)                   # a new CP: read back from the file
    img = fresh.get("cms")
    assert img.page_numbers == [0, 1, 5] and img.page(5) == b"\x06" * 4096
    assert img.psw == bytes.fromhex("000400CA80020128") and img.gprs == list(range(16))
    assert img.fprs == [1 << 63, 2, 3, 4] and img.crs[15] == 0x1000000F
    assert img.keys == bytes(range(6)) and img.ipl_device == 0x190
    assert fresh.names() == ["CMS"]
    # the information page holds VM/370's 168 register bytes in order after 16 header bytes
    raw = (tmp_path / "CMS.nss").read_bytes()
    assert raw[16:24] == img.psw and raw[24:28] == b"\0\0\0\0" and len(raw) == 2 * 4096 + 3 * 4096


def test_store_replaces_atomically_and_leaves_no_temporary_files(tmp_path):
    store = PageStore(tmp_path)
    store.put(image(pages=(0,)))
    store.put(image(pages=(0, 1)))
    assert os.listdir(tmp_path) == ["CMS.nss"]
    assert PageStore(tmp_path).get("CMS").page_numbers == [0, 1]
    assert store.purge("CMS") and store.get("CMS") is None and not store.purge("CMS")


def test_truncated_or_foreign_file_is_a_one_line_error(tmp_path):
    PageStore(tmp_path).put(image())
    path = tmp_path / "CMS.nss"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(StoreError, match="truncated"):
        PageStore(tmp_path).get("CMS")
    path.write_bytes(b"hello" * 1000)
    with pytest.raises(StoreError, match="not a saved system image"):
        PageStore(tmp_path).get("CMS")


def test_install_reports_the_saved_systems_and_ignores_bad_images(tmp_path):
    path = tmp_path / "SYSTEM.NAMES"
    path.write_text("A NAMESYS SYSNAME=A,VSYSADR=190,SYSPGNM=(0-2)\n"
                    "B NAMESYS SYSNAME=B,VSYSADR=190,SYSPGNM=(0-1)\n"
                    "C NAMESYS SYSNAME=C,VSYSADR=190,SYSPGNM=(0)\n")
    store = PageStore(tmp_path / "store")
    store.put(image("A", pages=(0, 1, 2)))
    store.put(image("B", pages=(0, 1, 5)))          # the table changed since: SYSPGNM differs
    store.put(image("OLD", pages=(0,)))             # no longer in the table
    (tmp_path / "store" / "C.nss").write_bytes(b"garbage")
    system = make_system()
    saved = install(system, str(path), str(tmp_path / "store"))
    assert system.logged[0] == "SAVED SYSTEMS: A"
    assert any(line.startswith("SAVED SYSTEM B HOLDS OTHER PAGES") for line in system.logged)
    assert any(line.startswith("SAVED SYSTEM C UNUSABLE:") for line in system.logged)
    assert "SAVED SYSTEM OLD IS NOT IN THE SYSTEM NAME TABLE; IGNORED" in system.logged
    assert saved.exists("A") and not saved.exists("C") and not saved.exists("NONE")
    assert saved.ipl(None, "B") == "SYSTEM B DOES NOT EXIST"
    assert len(system.segments) == 0 and system.saved is saved
