"""CMS TAPE (the S-disk module TAPE MODULE, cms/modules/DMSTPE.asm with the TAPE format of
spec tapes-3270.md A2): 805-byte X'02' 'CMS ' data blocks and a closing 'CMSN' block per
file; DUMP/LOAD round trips of F and V files, SCAN, the WTM option (a tapemark after each
file) with EOF n, and a tape file cut short (110S, return code 100, no file, no work file)."""

from __future__ import annotations

from cms.fs import CMSDisk
from cms_tape_harness import TapeUser, make_adisk
from media.tape.base import TAPEMARK
from media.tape.image import open_tape
from test_cms_vmfplc2 import F_AND_V, disk_files, sdisk, user_with  # noqa: F401 (fixture)

NAMES = [f"{fn:8} {ft:8} A1" for fn, ft, *_ in F_AND_V]


def tape_blocks(path):
    out = []
    with open_tape(str(path)) as t:
        while True:
            b = t.read_forward()
            if not isinstance(b, bytes) and b is not TAPEMARK:
                return out
            out.append(b)


def test_dump_and_load_round_trip(tmp_path, sdisk):
    u = user_with(tmp_path, sdisk, F_AND_V)
    out = u.command("TAPE DUMP * * A")
    assert out[0] == "DUMPING....." and sorted(out[1:-1]) == sorted(NAMES)
    u.command("TAPE REW")
    scan = u.command("TAPE SCAN")
    assert scan[0] == "SCANNING...." and sorted(scan[1:-2]) == sorted(NAMES)
    assert scan[-2] == "END-OF-FILE OR END-OF-TAPE"
    for fn, ft, *_ in F_AND_V:
        u.command(f"ERASE {fn} {ft} A")
    u.command("TAPE REW")
    out = u.command("TAPE LOAD")
    assert out[0] == "LOADING....." and sorted(out[1:-2]) == sorted(NAMES)
    u.close()
    got = disk_files(tmp_path / "a.3350")
    assert got == {(fn, ft): (recfm, lrecl if lrecl else max(map(len, recs)), recs)
                   for fn, ft, recs, recfm, lrecl in F_AND_V}
    # the tape: per file its data blocks (one 800-byte CMS block each), then CMSN
    blocks = tape_blocks(tmp_path / "t.aws")
    assert blocks[-1] is TAPEMARK
    tags = [b[:5] for b in blocks[:-1]]
    assert set(tags) == {b"\x02" + "CMS ".encode("cp037"), b"\x02" + "CMSN".encode("cp037")}
    assert all(len(b) == 805 for b in blocks[:-1])
    names = [b for b in blocks[:-1] if b[1:5] == "CMSN".encode("cp037")]
    assert sorted(b[5 + 0x40:5 + 0x50].decode("cp037") for b in names) == \
        sorted(f"{fn:8}{ft:8}" for fn, ft, *_ in F_AND_V)
    with CMSDisk.open(str(tmp_path / "a.3350"), readonly=True) as d:
        assert len(blocks) - 1 == sum(d.stat(fn, ft).blocks + 1 for fn, ft, *_ in F_AND_V)


def test_wtm_makes_each_file_a_tape_file(tmp_path, sdisk):
    files = F_AND_V[:3]
    u = user_with(tmp_path, sdisk, files)
    u.command("TAPE DUMP * * A (WTM NOPRINT")
    u.command("TAPE REW")
    for fn, ft, *_ in files:
        u.command(f"ERASE {fn} {ft} A")
    first = u.command("TAPE LOAD")
    assert len(first) == 4 and first[-2] == "END-OF-FILE OR END-OF-TAPE"
    rest = u.command("TAPE LOAD * * A (EOF 2")
    assert len(rest) == 5
    assert sorted(first[1:2] + rest[1:3]) == sorted(NAMES[:3])
    u.close()
    assert len(disk_files(tmp_path / "a.3350")) == 3


def test_a_file_cut_short_leaves_nothing(tmp_path, sdisk):
    u = user_with(tmp_path, sdisk, F_AND_V[:2])
    u.command("TAPE DUMP * * A (NOPRINT")
    u.close()
    blocks = tape_blocks(tmp_path / "t.aws")
    # the second file without its CMSN block: a tapemark where it should be
    with open_tape(str(tmp_path / "cut.aws")) as t:
        for b in blocks[:-2]:
            t.write(b)
        t.write_tapemark()
    adisk = make_adisk(tmp_path / "empty.3350")
    u = TapeUser(sdisk, adisk, tmp_path / "cut.aws")
    out = u.command("TAPE LOAD")
    assert out[:2] == ["LOADING.....", NAMES[0]]
    assert out[2] == "DMSTPE110S ERROR READING 'TAP1(181)'" and out[3].startswith("R(00100)")
    u.close()
    assert sorted(disk_files(adisk)) == [(F_AND_V[0][0], F_AND_V[0][1])]
