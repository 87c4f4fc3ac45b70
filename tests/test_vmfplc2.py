"""The VMFPLC2 tape format (media.vmfplc2) and the host tool vmfplc2.

Facts: spec tapes-3270.md section A1 (verified on a tape VM/370 CE's VMFPLC2 wrote);
the header test rebuilds that spec's worked example byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from cms.fs import CMSDisk
from media.ckd.image import create_image
from media.tape.aws import AWSTape
from media.tape.base import TAPEMARK
from media.tape.image import open_tape
from media.vmfplc2 import PlcFile, PlcReader, encode_file
from tools.vmfplc2 import main

E = lambda s: s.encode("cp037")  # noqa: E731

# The spec's first file on the CE tape: BISON HELPCMD D2, F 80, 17 records, 2 blocks.
BISON_FST = bytes.fromhex("C2C9E2D6D5404040" "C8C5D3D7C3D4C440" "0124" "2054" "0012" "0001"
                          "C4F2" "0011" "002F" "C6" "00" "00000050" "0002" "F2F2")
BISON_HEADER = bytes.fromhex("02D7D3C3C8") + BISON_FST + bytes.fromhex(
    "00000002" "00000000" "00000000" "00000000" "00000011" "00" "00" "220124205400" "00000000")


def test_header_matches_the_spec_worked_example():
    data = bytes(range(256)) * 5 + bytes(1600 - 1280)
    blocks = encode_file(PlcFile(BISON_FST, data, bytes.fromhex("220124205400")))
    assert blocks[0] == BISON_HEADER and len(BISON_HEADER) == 77
    assert len(blocks) == 2 and len(blocks[1]) == 1605
    assert blocks[1][:5] == bytes.fromhex("02D7D3C3C4") and blocks[1][5:] == data


@pytest.mark.parametrize("units,sizes", [(1, [805]), (5, [4005]), (6, [4005, 805]),
                                         (11, [4005, 4005, 805]), (14, [4005, 4005, 3205])])
def test_data_blocks_hold_five_units_and_the_header_counts_them(units, sizes):
    fst = bytearray(BISON_FST)
    fst[36:38] = units.to_bytes(2, "big")
    blocks = encode_file(PlcFile(bytes(fst), bytes(units * 800)))
    assert [len(b) for b in blocks[1:]] == sizes
    assert int.from_bytes(blocks[0][45:49], "big") == (sizes[-1] - 5) // 800
    assert int.from_bytes(blocks[0][49:53], "big") == len(sizes) - 1


def test_a_reader_ignores_surplus_zero_units(tmp_path):
    """VMFPLC2's V-file quirk: more units on tape than the FST's block count."""
    fst = bytearray(BISON_FST)
    fst[36:38] = (2).to_bytes(2, "big")
    blocks = encode_file(PlcFile(bytes(fst), b"\x01" * 1600))
    header = bytearray(blocks[0])
    header[45:49] = (4).to_bytes(4, "big")             # 4 units in the last block
    path = tmp_path / "q.aws"
    with AWSTape(str(path)) as t:
        t.write(bytes(header))
        t.write(blocks[1] + bytes(1600))
        t.write_tapemark()
    with AWSTape(str(path), readonly=True) as t:
        (f,) = list(PlcReader(t).files())
    assert f.data == b"\x01" * 1600


# --- helpers ------------------------------------------------------------------------------
def run(capsys, *args) -> tuple[int, str, str]:
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return rc, out, err


def ok(capsys, *args) -> str:
    rc, out, err = run(capsys, *args)
    assert rc == 0, err
    return out


def fail(capsys, *args) -> str:
    rc, out, err = run(capsys, *args)
    assert rc == 1, out
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def cms_disk(path, label="TEST01", cyls=6):
    create_image(str(path), "3350", label, cyls=cyls)
    CMSDisk.format(str(path), label).close()
    return path


WHEN = dt.datetime(1981, 4, 17, 9, 30)


def sample_files(n=3):
    """(fn, ft, records, recfm, lrecl): F and V files of several sizes."""
    out = []
    for i in range(n):
        if i % 2 == 0:
            recs = [E(f"RECORD {k:05d} OF FILE {i}".ljust(80)) for k in range(1 + (i % 8) * 37)]
            out.append((f"F{i:04d}", "DATA", recs, "F", 80))
        else:
            recs = [E("V" * (1 + (k * 13) % 200)) for k in range(1 + (i % 8) * 29)]
            out.append((f"V{i:04d}", "SCRIPT", recs, "V", None))
    return out


def fill(path, files):
    with CMSDisk.open(str(path)) as d:
        for fn, ft, recs, recfm, lrecl in files:
            d.write(fn, ft, recs, recfm, lrecl, 1, when=WHEN)


def contents(path):
    with CMSDisk.open(str(path), readonly=True) as d:
        return {(e.fn, e.ft): (e.recfm, e.lrecl, e.records, e.written, d.read(e.fn, e.ft))
                for e in d.list()}


# --- round trips --------------------------------------------------------------------------
def test_minidisk_round_trip_many_f_and_v_files(tmp_path, capsys):
    src, dst, tape = cms_disk(tmp_path / "a.3350"), cms_disk(tmp_path / "b.3350"), tmp_path / "t.aws"
    files = sample_files(40)
    fill(src, files)
    out = ok(capsys, "dump", tape, "--disk", src)
    assert "40 FILES DUMPED" in out
    out = ok(capsys, "scan", tape)
    assert "F0000    DATA     A1 F         80     1      1 04/17/81 09:30" in out
    assert "40 FILES" in out
    ok(capsys, "load", tape, "--disk", dst)
    assert contents(dst) == contents(src)
    assert len(contents(dst)) == 40


def test_het_tape_and_minidisk_extent(tmp_path, capsys):
    vol, tape = tmp_path / "vol.3350", tmp_path / "t.het"
    create_image(str(vol), "3350", "USER01", cyls=6)
    CMSDisk.format(str(vol), "MDISK1", extent=(2, 3)).close()
    with CMSDisk.open(str(vol), (2, 3)) as d:
        d.write("PROFILE", "EXEC", [E("&TRACE OFF".ljust(80))], "F", 80, 1, when=WHEN)
    ok(capsys, "dump", tape, "--disk", f"{vol}:2:3")
    ok(capsys, "load", tape, "--dir", tmp_path)
    assert (tmp_path / "profile.exec").read_text() == "&TRACE OFF\n"


def test_host_files_round_trip_text_and_binary(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    text = "".join(f"line {k} " + "x" * (1 + k % 70) + "\n" for k in range(300))
    (tmp_path / "in/memo.script").write_text(text)
    (tmp_path / "in/long.text").write_text("short\n" + "y" * 200 + "\n")
    blob = os.urandom(5000)
    (tmp_path / "in/blob.bin").write_bytes(blob)
    tape = tmp_path / "t.aws"
    ok(capsys, "dump", tape, tmp_path / "in/memo.script")
    ok(capsys, "dump", tape, tmp_path / "in/long.text", "--recfm", "V", "--append")
    ok(capsys, "dump", tape, tmp_path / "in/blob.bin", "--binary", "--append")
    out = ok(capsys, "scan", tape, "--all")
    assert "MEMO     SCRIPT   A1 F         80   300" in out
    assert "LONG     TEXT     A1 V        200     2" in out
    assert "BLOB     BIN      A1 F        800     7" in out
    ok(capsys, "load", tape, "--dir", tmp_path / "out", "--file", "1")
    ok(capsys, "load", tape, "--dir", tmp_path / "out", "--file", "2")
    ok(capsys, "load", tape, "--dir", tmp_path / "out", "--file", "3", "--binary")
    assert (tmp_path / "out/memo.script").read_text() == text
    assert (tmp_path / "out/long.text").read_text() == "short\n" + "y" * 200 + "\n"
    assert (tmp_path / "out/blob.bin").read_bytes() == blob + bytes(600)


def test_multi_file_tape_positioning_and_selection(tmp_path, capsys):
    src, tape = cms_disk(tmp_path / "a.3350"), tmp_path / "t.aws"
    fill(src, sample_files(6))
    ok(capsys, "dump", tape, "--disk", src, "F*")
    ok(capsys, "dump", tape, "--disk", src, "V*", "--append")
    ok(capsys, "dump", tape, "--disk", src, "F0002", "DATA", "A1", "--append")
    t = AWSTape(str(tape), readonly=True)
    kinds = []
    while (b := t.read_forward()) is not None and b is not False and kinds.count("TM") < 3:
        kinds.append("TM" if b is TAPEMARK else "B")
    t.close()
    assert kinds.count("TM") == 3
    out = ok(capsys, "scan", tape, "--file", "2")
    assert "V0001" in out and "F0000" not in out and "3 FILES" in out
    out = ok(capsys, "scan", tape, "--all")
    assert "   3 F0002    DATA" in out and "7 FILES" in out
    dst = cms_disk(tmp_path / "b.3350")
    ok(capsys, "load", tape, "*", "SCRIPT", "--all", "--disk", dst)
    assert sorted(k[0] for k in contents(dst)) == ["V0001", "V0003", "V0005"]
    assert "has no file 9" in fail(capsys, "scan", tape, "--file", "9")


def test_loading_over_an_existing_file_needs_replace(tmp_path, capsys):
    src, tape = cms_disk(tmp_path / "a.3350"), tmp_path / "t.aws"
    fill(src, sample_files(2))
    ok(capsys, "dump", tape, "--disk", src)
    before = src.read_bytes()
    assert "F0000 DATA already exists on the disk (give --replace)" in \
        fail(capsys, "load", tape, "--disk", src)
    assert src.read_bytes() == before
    ok(capsys, "load", tape, "--disk", src, "--replace")
    assert len(contents(src)) == 2


# --- bad tapes ----------------------------------------------------------------------------
@pytest.fixture
def blocks(tmp_path, capsys):
    src, tape = cms_disk(tmp_path / "a.3350"), tmp_path / "good.aws"
    fill(src, sample_files(4))
    ok(capsys, "dump", tape, "--disk", src)
    out = []
    with AWSTape(str(tape), readonly=True) as t:
        while (b := t.read_forward()) is not TAPEMARK:
            out.append(b)
    return out


def bad_load(tmp_path, capsys, items) -> str:
    path = tmp_path / "bad.aws"
    t = open_tape(str(path))
    for it in items:
        t.write_tapemark() if it is TAPEMARK else t.write(it)
    t.close()
    dst = tmp_path / "dst.3350"
    if not dst.exists():
        cms_disk(dst)
    before = dst.read_bytes()
    (tmp_path / "o").mkdir(exist_ok=True)
    line = fail(capsys, "load", path, "--disk", dst)
    assert dst.read_bytes() == before
    assert line == fail(capsys, "load", path, "--dir", tmp_path / "o")
    assert os.listdir(tmp_path / "o") == []
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".tmp-")]
    return line


def test_truncated_tape(tmp_path, capsys, blocks):
    line = bad_load(tmp_path, capsys, blocks[:-1])
    assert "tape ends at block" in line and "in the data of V0003 SCRIPT A1" in line
    assert "truncated file" in line


def test_unexpected_tapemark_in_a_file(tmp_path, capsys, blocks):
    line = bad_load(tmp_path, capsys, blocks[:3] + [TAPEMARK] + blocks[3:])
    assert "unexpected tapemark at block 4, in the data of V0001 SCRIPT A1 (data block 1 of 1)" in line


def test_wrong_block_types(tmp_path, capsys, blocks):
    line = bad_load(tmp_path, capsys, [b"\x02" + E("CMSN") + bytes(800)] + blocks)
    assert "block 1 is X'02C3D4E2D5' ('CMSN'), 805 bytes: expected a VMFPLC2 file header" in line
    line = bad_load(tmp_path, capsys, blocks[:1] + blocks[2:])
    assert "block 2 is X'02D7D3C3C8' ('PLCH'), 77 bytes: expected data block 1 of F0000 DATA A1" in line
    line = bad_load(tmp_path, capsys, blocks[:1] + [blocks[1] + bytes(800)] + blocks[2:])
    assert "block 2 is X'02D7D3C3C4' ('PLCD'), 1605 bytes: expected data block 1 of F0000 DATA A1 " \
           "(X'02' PLCD, 805 bytes)" in line


def test_usage_errors_are_one_line(tmp_path, capsys):
    rc, _out, err = run(capsys, "load", tmp_path / "x.aws")
    assert rc == 2 and err.strip() == "vmfplc2: give either --disk IMAGE or --dir DIRECTORY"
    rc, _out, err = run(capsys, "frob")
    assert rc == 2 and len(err.strip().splitlines()) == 1
    (tmp_path / "empty.txt").write_text("")
    assert "empty file" in fail(capsys, "dump", tmp_path / "t.aws", tmp_path / "empty.txt")
    assert not (tmp_path / "t.aws").exists()


def test_damaged_tapes_never_give_a_traceback(tmp_path, capsys, blocks):
    """Random byte damage and truncation (fixed seed): a scan lists the files or fails
    with one line; a load that fails leaves the disk as it was."""
    import random
    good = tmp_path / "good.aws"
    raw = good.read_bytes()
    dst = cms_disk(tmp_path / "dst.3350")
    before = dst.read_bytes()
    rnd = random.Random(370)
    failures = 0
    for _ in range(80):
        b = bytearray(raw)
        for _ in range(rnd.randint(1, 6)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            b = b[:rnd.randrange(len(b))]
        (tmp_path / "m.aws").write_bytes(bytes(b))
        rc, _out, err = run(capsys, "scan", tmp_path / "m.aws")
        assert rc in (0, 1)
        if rc:
            failures += 1
            assert len(err.strip().splitlines()) == 1 and err.startswith("vmfplc2: "), err
            rc, _out, err = run(capsys, "load", tmp_path / "m.aws", "--disk", dst)
            assert rc == 1 and dst.read_bytes() == before
    assert failures > 10
