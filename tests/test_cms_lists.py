"""COPYFILE and VMFPLC2 DUMP with a * pattern take every matching file.  They used to list
the matching files in fixed tables (COPYFILE 64 entries, VMFPLC2/TAPE DUMP 500) and
silently dropped the rest; R6 CMS has no such cap, and a disk now holds up to 3,620 files
(the MFD list's limit).  The list is now in DMSFREE storage sized from a counting pass.
It is still taken before the first copy, so a copy onto the same disk that matches the
pattern is not copied again.  The disks are built by cms.fs and read back with it."""

import re

from cms.fs import CMSDisk
from cms_fs_harness import E, attach_disk, cms_with_disk, format_disk, open_disk
from cms_tape_harness import TapeUser, make_adisk, sdisk_image
from media.tape.image import open_tape
from media.vmfplc2 import PlcReader

COPY_FILES = 300                  # far above COPYFILE's old 64
CYLS = 6                        # 1,596 blocks
DUMP_FILES = 520                  # above VMFPLC2 DUMP's old 500
FULL_CYLS = 14                    # 3350: 7,980 blocks, one map extension block


def rc(out):
    m = re.match(r"^R(?:\((\d+)\))?;", out[-1])
    return int(m.group(1) or 0)


def card(text):
    return E(text.ljust(80))


def files_of(path):
    """{(fn, ft): (recfm, lrecl, records)} as cms.fs reads the disk."""
    with CMSDisk.open(str(path), readonly=True) as d:
        assert d.check() == []
        return {(e.fn, e.ft): (e.recfm, e.lrecl, d.read(e.fn, e.ft)) for e in d.list()}


def test_copyfile_pattern_copies_every_file_and_not_its_own_output(tmp_path):
    # F and V files with several records each, so identical records mean a real copy
    src = [(f"F{k:04d}", "DATA" if k % 3 else "TEXT",
            [card(f"FILE {k} REC {j}") for j in range(1 + k % 4)],
            "F" if k % 2 else "V", 80) for k in range(COPY_FILES)]
    # two blocks a file (data and pointer block): 600 files need more than 3 cylinders
    a = format_disk(tmp_path / "a191.3330", files=src, cyls=CYLS)
    cms = cms_with_disk(tmp_path, a, cyls=CYLS)
    b = format_disk(tmp_path / "b192.3330", label="CMS192", cyls=CYLS)
    attach_disk(cms, b, 0x192, cyls=CYLS)
    assert rc(cms.command("ACCESS 192 B")) == 0
    out = cms.command("COPYFILE * * A = = B")
    assert rc(out) == 0, out[-3:]
    on_a, on_b = files_of(a), files_of(b)
    assert len(on_a) == COPY_FILES and on_b == on_a
    # on the same disk: every input matches * *, and so does every output; each file is
    # copied once (an output copied again would find its target there, DMSCPY024E)
    out = cms.command("COPYFILE * * B = COPY B")
    assert rc(out) == 0, out[-3:]
    on_b = files_of(b)
    assert len(on_b) == 2 * COPY_FILES
    for (fn, ft), (recfm, lrecl, records) in on_a.items():
        assert on_b[(fn, ft)] == on_b[(fn, "COPY")] == (recfm, lrecl, records)
    # a pattern on the file type only: the DATA files of A, and no others
    out = cms.command("COPYFILE * DATA A = SAVED A")
    assert rc(out) == 0, out[-3:]
    saved = {fn for (fn, ft) in files_of(a) if ft == "SAVED"}
    assert saved == {fn for (fn, ft) in on_a if ft == "DATA"} and len(saved) == 200


def test_copyfile_pattern_without_a_match_is_002e(tmp_path):
    a = format_disk(tmp_path / "a191.3330", files=[("ONE", "DATA", [card("X")], "F", 80)])
    cms = cms_with_disk(tmp_path, a)
    out = cms.command("COPYFILE * NONE A = OTHER A")
    assert out[0].startswith("DMSCPY002E") and rc(out) == 28, out
    # the command after it still has its storage (the list and buffer were given back)
    out = cms.command("COPYFILE * DATA A = COPY A")
    assert rc(out) == 0, out
    with open_disk(a) as d:
        assert d.read("ONE", "COPY") == [card("X")]


def test_vmfplc2_dump_pattern_dumps_every_file(tmp_path_factory, tmp_path):
    sdisk = sdisk_image(tmp_path_factory)
    files = [(f"P{k:04d}", "DATA", [card(f"PLC {k}")], "F", 80) for k in range(DUMP_FILES)]
    adisk = make_adisk(tmp_path / "a.3350", files)
    u = TapeUser(sdisk, adisk, tmp_path / "t.aws")
    out = u.command("VMFPLC2 DUMP * * A")
    assert out[0] == "DUMPING....." and out[-1].startswith("R; "), out[-3:]
    assert sorted(out[1:-1]) == [f"{fn:8} DATA     A1" for fn, *_ in files]
    u.close()
    with open_tape(str(tmp_path / "t.aws")) as t:
        r = PlcReader(t)
        dumped = list(r.files())
    assert sorted((f.fn, f.ft) for f in dumped) == [(fn, "DATA") for fn, *_ in files]
    assert r.ended == "tapemark"


def test_vmfplc2_dump_of_a_full_disk(tmp_path_factory, tmp_path):
    """A disk at the MFD list's limit (179 FST blocks, 3,580 files with one map extension
    block): the list of one dump is 3,580 entries (86K of DMSFREE storage)."""
    sdisk = sdisk_image(tmp_path_factory)
    full = 179 * 20
    files = [(f"Q{k:04d}", "DATA", [card(f"Q {k}")], "F", 80) for k in range(full)]
    adisk = make_adisk(tmp_path / "a.3350", files, cyls=FULL_CYLS)
    u = TapeUser(sdisk, adisk, tmp_path / "t.aws", adisk_cyls=FULL_CYLS)
    out = u.command("VMFPLC2 DUMP * DATA A (NOPRINT")
    assert len(out) == 1 and out[0].startswith("R; "), out[-3:]
    u.close()
    with open_tape(str(tmp_path / "t.aws")) as t:
        dumped = list(PlcReader(t).files())
    assert len(dumped) == full
    assert sorted(f.fn for f in dumped) == [fn for fn, *_ in files]
    assert dumped[-1].data[:80] == card(f"Q {int(dumped[-1].fn[1:])}")
