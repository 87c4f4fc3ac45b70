"""CMS VMFPLC2 (the S-disk module VMFPLC2 MODULE, cms/modules/DMSTPE.asm) in a virtual
machine under CP: tape I/O through the user's virtual channel at 181, files through
CMS's file functions.  Round trips with the host tool (media.vmfplc2 / tools/vmfplc2.py,
checked against real VM/370 tapes): what CMS dumps reads back byte for byte, what the
host dumps CMS loads; many files, multi-file tapes, positioning, and bad tapes that give
DMSPLC110S, return code 100 and no file."""

from __future__ import annotations

import pytest

from cms.fs import CMSDisk
from cms_tape_harness import TapeUser, make_adisk, sdisk_image
from media.tape.image import open_tape
from media.vmfplc2 import PlcReader
from tools.vmfplc2 import main as host_vmfplc2

EBC = lambda s: s.encode("cp037")
CARD = lambda s: s.ljust(80).encode("cp037")

F_AND_V = [
    ("SMALL", "DATA", [CARD(f"LINE {k:03}") for k in range(30)], "F", 80),
    ("WIDE", "DATA", [bytes([k % 256]) * 1000 for k in range(13)], "F", 1000),   # 17 units
    ("VARY", "TEXT", [EBC("V" * (1 + k % 90)) for k in range(200)], "V", None),
    ("LONGV", "TEXT", [b"\x01" * 3000, b"\x02", b"\x03" * 4500], "V", None),
    ("ONE", "REC", [EBC("X")], "F", 1),
]


@pytest.fixture(scope="module")
def sdisk(tmp_path_factory):
    return sdisk_image(tmp_path_factory)


def user_with(tmp_path, sdisk, files, tape="t.aws"):
    adisk = make_adisk(tmp_path / "a.3350", files)
    return TapeUser(sdisk, adisk, tmp_path / tape)


def disk_files(path):
    with CMSDisk.open(str(path), readonly=True) as d:
        return {(e.fn, e.ft): (e.recfm, e.lrecl, d.read(e.fn, e.ft)) for e in d.list()}


def tape_files(path):
    with open_tape(str(path)) as t:
        r = PlcReader(t)
        files = list(r.files())
        return files, r.ended


def test_dump_reads_back_with_the_host_tool_byte_for_byte(tmp_path, sdisk):
    u = user_with(tmp_path, sdisk, F_AND_V)
    out = u.command("VMFPLC2 DUMP * * A")
    assert out[0] == "DUMPING....."
    assert sorted(out[1:-1]) == sorted(f"{fn:8} {ft:8} A1" for fn, ft, *_ in F_AND_V)
    assert out[-1].startswith("R; ")
    u.close()
    files, ended = tape_files(tmp_path / "t.aws")
    assert ended == "tapemark"                 # NOWTM: one tapemark ends the dump
    with CMSDisk.open(str(tmp_path / "a.3350"), readonly=True) as d:
        assert len(files) == len(F_AND_V)
        for f in files:
            e = d.stat(f.fn, f.ft)
            # the header's FST is the disk's, the data its data blocks exactly
            assert (f.recfm, f.lrecl, f.records, f.blocks) == (e.recfm, e.lrecl, e.records,
                                                                e.blocks)
            assert f.data == d.data_of(d._need(f.fn, f.ft)[2])[:f.blocks * 800]
    # and the host tool loads the tape onto another disk: the same records
    make_adisk(tmp_path / "b.3350")
    assert host_vmfplc2(["load", str(tmp_path / "t.aws"), "--disk",
                         str(tmp_path / "b.3350")]) == 0
    assert disk_files(tmp_path / "b.3350") == disk_files(tmp_path / "a.3350")


def test_a_tape_the_host_dumped_loads_in_cms(tmp_path, sdisk):
    make_adisk(tmp_path / "src.3350", F_AND_V)
    assert host_vmfplc2(["dump", str(tmp_path / "t.aws"), "--disk",
                         str(tmp_path / "src.3350")]) == 0
    u = user_with(tmp_path, sdisk, [])
    out = u.command("VMFPLC2 LOAD")
    assert out[0] == "LOADING....."
    assert out[-2] == "END-OF-FILE OR END-OF-TAPE" and out[-1].startswith("R; ")
    assert len(out) == 3 + len(F_AND_V)
    u.close()
    got = disk_files(tmp_path / "a.3350")
    assert got == disk_files(tmp_path / "src.3350")      # no work file left either


def test_load_one_file_onto_another_disk_letter_and_the_selection(tmp_path, sdisk):
    u = user_with(tmp_path, sdisk, F_AND_V)
    u.command("VMFPLC2 DUMP * DATA A")
    u.command("VMFPLC2 REW")
    assert u.command("VMFPLC2 SCAN")[1:3] == ["SMALL    DATA     A1", "WIDE     DATA     A1"]
    u.command("VMFPLC2 REW")
    u.command("ERASE SMALL DATA A")
    u.command("ERASE WIDE DATA A")
    out = u.command("VMFPLC2 LOAD WIDE DATA A")
    assert out[:2] == ["LOADING.....", "WIDE     DATA     A1"] and out[-1].startswith("R; ")
    assert u.command("STATE SMALL DATA A")[-1].startswith("R(00028)")
    assert u.command("VMFPLC2 LOAD X Y B")[:1] == ["DMSPLC069E DISK 'B' NOT ACCESSED"]
    u.close()
    assert disk_files(tmp_path / "a.3350")[("WIDE", "DATA")][2] == F_AND_V[1][2]


def test_many_files_and_a_multi_file_tape(tmp_path, sdisk):
    many = [(f"F{k:03}", "SET1" if k < 60 else "SET2", [CARD(f"FILE {k} REC {j}")
             for j in range(1 + k % 7)], "F" if k % 2 else "V", 80 if k % 2 else None)
            for k in range(120)]
    u = user_with(tmp_path, sdisk, many)
    # each dump a tape file: VMFPLC2 WTM after it
    assert len(u.command("VMFPLC2 DUMP * SET1 A (NOPRINT")) == 1
    assert u.command("VMFPLC2 WTM")[-1].startswith("R; ")
    assert len(u.command("VMFPLC2 DUMP * SET2 A (NOPRINT")) == 1
    assert u.command("VMFPLC2 WTM 1")[-1].startswith("R; ")
    u.command("VMFPLC2 REW")
    scan = u.command("VMFPLC2 SCAN")
    assert len(scan) == 60 + 3 and all("SET1" in line for line in scan[1:61])
    assert scan[-2] == "END-OF-FILE OR END-OF-TAPE"
    # now after the first tapemark: the second set; back over it with BSF 1, FSF 1
    u.command("VMFPLC2 BSF 1")
    u.command("VMFPLC2 FSF 1")
    for k in range(120):
        u.command(f"ERASE F{k:03} {'SET1' if k < 60 else 'SET2'} A")
    out = u.command("VMFPLC2 LOAD * * A (NOPRINT")
    assert len(out) == 1 and out[0].startswith("R; ")
    u.command("VMFPLC2 REW")
    out = u.command("VMFPLC2 LOAD F00* SET1 A (EOT")   # not a pattern: the exact name
    u.close()
    got = disk_files(tmp_path / "a.3350")
    assert sorted(got) == [(fn, ft) for fn, ft, *_ in many if ft == "SET2"]
    for fn, ft, records, recfm, lrecl in many[60:]:
        assert got[(fn, ft)][2] == records
    with open_tape(str(tmp_path / "t.aws")) as t:
        r = PlcReader(t)
        assert len(list(r.files())) == 60 and len(list(r.files())) == 60


def test_skip_and_positioning(tmp_path, sdisk):
    u = user_with(tmp_path, sdisk, F_AND_V)
    u.command("VMFPLC2 DUMP * * A (NOPRINT")
    u.command("VMFPLC2 REW")
    assert u.command("VMFPLC2 SKIP VARY TEXT")[0] == "SKIPPING...."
    scan = u.command("VMFPLC2 SCAN")
    names = [f"{fn:8} {ft:8} A1" for fn, ft, *_ in F_AND_V]
    start = names.index("VARY     TEXT     A1")
    assert scan[1:-2] == names[start:]
    u.command("VMFPLC2 REW")
    u.command("VMFPLC2 FSR 1")                     # over the first header
    out = u.command("VMFPLC2 SCAN")
    assert out[0] == "SCANNING...." and out[1] == "DMSPLC110S ERROR READING 'TAP1(181)'"
    assert out[-1].startswith("R(00100)")
    assert u.command("VMFPLC2 BSR 2")[-1].startswith("R; ")
    assert u.command("VMFPLC2 SCAN (NOPRINT")[-1].startswith("R; ")
    assert u.command("VMFPLC2 RUN")[-1].startswith("R; ")
    assert not u.tape.ready()                    # rewound and unloaded
    assert u.command("VMFPLC2 REW")[0] == "DMSPLC110S ERROR READING 'TAP1(181)'"


@pytest.mark.parametrize("damage", ["truncated block", "wrong header", "tapemark in a file"])
def test_bad_tapes_give_110S_and_leave_no_file(tmp_path, sdisk, damage):
    make_adisk(tmp_path / "src.3350", F_AND_V[:2])
    host_vmfplc2(["dump", str(tmp_path / "good.aws"), "--disk", str(tmp_path / "src.3350")])
    with open_tape(str(tmp_path / "good.aws")) as t:
        blocks = []
        while (b := t.read_forward()) is not None and isinstance(b, bytes):
            blocks.append(b)
    # blocks: SMALL header, its data; WIDE header, 4 data blocks
    assert len(blocks) == 7
    if damage == "truncated block":
        blocks[4] = blocks[4][:1000]
    elif damage == "wrong header":
        blocks[2] = b"\x02" + EBC("PLCX") + blocks[2][5:]
    else:
        blocks = blocks[:5]
    with open_tape(str(tmp_path / "t.aws")) as t:
        for b in blocks:
            t.write(b)
        t.write_tapemark()
        t.write_tapemark()
    u = user_with(tmp_path, sdisk, [])
    out = u.command("VMFPLC2 LOAD")
    assert out[:2] == ["LOADING.....", "SMALL    DATA     A1"]
    assert out[2] == "DMSPLC110S ERROR READING 'TAP1(181)'" and out[3].startswith("R(00100)")
    u.close()
    assert sorted(disk_files(tmp_path / "a.3350")) == [("SMALL", "DATA")]


def test_command_errors(tmp_path, sdisk):
    u = user_with(tmp_path, sdisk, F_AND_V[:1])
    def first(cmd):
        out = u.command(cmd)
        return out[0], out[-1].split(";")[0]
    assert first("VMFPLC2") == ("DMSPLC047E NO FUNCTION SPECIFIED", "R(00024)")
    assert first("VMFPLC2 FROB") == ("DMSPLC014E INVALID FUNCTION 'FROB'", "R(00024)")
    assert first("VMFPLC2 SCAN (FOO") == ("DMSPLC003E INVALID OPTION 'FOO'", "R(00024)")
    assert first("VMFPLC2 FSF X") == ("DMSPLC070E INVALID PARAMETER 'X'", "R(00024)")
    assert first("VMFPLC2 DUMP SMALL") == ("DMSPLC054E INCOMPLETE FILEID SPECIFIED",
                                           "R(00024)")
    assert first("VMFPLC2 DUMP NO SUCH") == ("DMSPLC002E FILE 'NO SUCH A' NOT FOUND",
                                             "R(00028)")
    assert first("VMFPLC2 REW (TAP2") == ("DMSPLC113S TAP2(182) NOT ATTACHED", "R(00100)")
    assert first("VMFPLC2 REW (183") == ("DMSPLC113S TAP3(183) NOT ATTACHED", "R(00100)")
    assert u.command("VMFPLC2 REW (TAP1")[0].startswith("R; ")


def test_a_file_protected_tape(tmp_path, sdisk):
    with open_tape(str(tmp_path / "ro.aws")) as t:
        t.write_tapemark()
    adisk = make_adisk(tmp_path / "a.3350", F_AND_V[:1])
    u = TapeUser(sdisk, adisk, tmp_path / "ro.aws", tape_options=["ro"])
    out = u.command("VMFPLC2 DUMP * * A")
    assert out[-2:-1] == ["DMSPLC043E 'TAP1(181)' IS FILE PROTECTED"]
    assert out[-1].startswith("R(00036)")
    assert u.command("VMFPLC2 WTM")[0] == "DMSPLC043E 'TAP1(181)' IS FILE PROTECTED"
    assert u.command("VMFPLC2 MODESET (9TRACK DEN 1600")[0].startswith("R; ")
    u.close()
