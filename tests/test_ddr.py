"""The host tool ddr: VM/370 DDR dumps between CKD/CCKD volumes and AWS/HET tapes.

Volumes are made small (a few cylinders of the real device geometry) with records of
every shape DDR must carry: keyed records, records larger than a 4096-byte tape block,
many small records, tracks holding only R0.  Byte-identical means the CKD file bytes
(or, for CCKD, every track image) are the same after dump and restore.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

from media.ckd.image import create_image, open_image
from media.ckd.track import Record, build_track, parse_track, r0
from media.ddr import (BLOCK_SIZE, HEADER_LEN, TAG_EOJ, TAG_EOV, TAG_THR, TAG_VHR, DdrError,
                       VolumeHeader, decode_track, encode_track)
from media.ddrjob import Extent, parse_extents
from media.ckd import geometry as geo
from media.tape.aws import AWSTape
from media.tape.base import TAPEMARK
from media.tape.image import open_tape
from tools.ddr import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
E = lambda s: s.encode("cp037")  # noqa: E731


def fill_volume(path: str, devtype: str, cyls: int, volser: str = "DDR001",
                compress: str | None = None) -> None:
    """A volume whose tracks hold every record shape (tracks of cylinder 1 head 2 and
    every head >= 6 stay R0-only)."""
    create_image(path, devtype, volser, cyls=cyls, compress=compress)
    g = geo.lookup(devtype)
    im = open_image(path)
    try:
        for trk in range(im.tracks):
            c, h = divmod(trk, im.heads)
            if trk == 0 or (c, h) == (1, 2) or h >= 6:
                continue
            seed = bytes((trk * 7 + i) & 0xFF for i in range(256))
            if h == 0:            # one big record: several tape blocks
                big = g.r1_max - 100
                recs = [Record(c, h, 1, b"", (seed * (big // 256 + 1))[:big])]
            elif h == 1:          # keyed records
                recs = [Record(c, h, r, E(f"KEY{r:05d}"), seed[:200 + r]) for r in range(1, 9)]
            elif h == 2:          # many small records
                recs = [Record(c, h, r, b"", seed[r:r + 20]) for r in range(1, 40)]
            elif h == 3:          # exactly one tape block: 16 + 16 + 8 + 4056 = 4096
                recs = [Record(c, h, 1, b"", seed * 15 + seed[:216])]
            elif h == 4:          # an end-of-file record (data length 0)
                recs = [Record(c, h, 1, b"", seed[:80]), Record(c, h, 2, b"", b"")]
            else:                 # two blocks exactly
                recs = [Record(c, h, 1, b"", (seed * 32)[:8192 - 40])]
            im.write_track(trk, build_track(c, h, [r0(c, h)] + recs))
    finally:
        im.close()


def tracks_of(path: str) -> list[bytes]:
    im = open_image(path, readonly=True)
    try:
        return [im.read_track(t) for t in range(im.tracks)]
    finally:
        im.close()


def ddr(*args) -> int:
    return main([str(a) for a in args] + ["-q"])


def run_ok(capsys, *args) -> str:
    rc = ddr(*args)
    out, err = capsys.readouterr()
    assert rc == 0, err
    return out


def run_fail(capsys, *args) -> str:
    rc = ddr(*args)
    out, err = capsys.readouterr()
    assert rc == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def no_temp_left(directory) -> bool:
    return not [n for n in os.listdir(directory) if n.startswith(".tmp-")]


# --- the record formats ------------------------------------------------------------------
def test_track_blocks_follow_the_thr_layout():
    recs = [r0(3, 4)] + [Record(3, 4, r, E("K"), bytes([r]) * 3000) for r in (1, 2)]
    image = build_track(3, 4, recs)
    blocks = encode_track(image)
    # 16 fixed + 16 R0 + 2*8 counts + 2*(1+3000) = 6050 bytes: one full THR, one short block
    assert [len(b) for b in blocks] == [4096, 6050 - 4096]
    thr = blocks[0]
    assert thr[:4] == TAG_THR == bytes.fromhex("E3C8D940")
    ndrd, ndrt, drl, flag = struct.unpack_from(">HHHB", thr, 4)
    assert (ndrd, ndrt, drl, flag) == (2, 1, 6050 - 4096, 0)
    assert thr[11:16] == bytes.fromhex("0000030004")            # home address 0 CC HH
    assert thr[16:32] == recs[0].image()                         # R0 count + data
    assert thr[32:40] == recs[1].count and thr[40:48] == recs[2].count
    assert thr[48:49] == E("K") and thr[49:52] == b"\x01\x01\x01"
    assert decode_track(blocks) == image


def test_a_small_track_pads_its_thr_to_4096_bytes():
    image = build_track(0, 1, [r0(0, 1)])
    blocks = encode_track(image)
    assert len(blocks) == 1 and len(blocks[0]) == BLOCK_SIZE
    assert struct.unpack_from(">HHH", blocks[0], 4) == (0, 1, 0)
    assert decode_track(blocks) == image


def test_volume_header_fields(tmp_path):
    vol, tape = tmp_path / "v.3350", tmp_path / "t.aws"
    create_image(str(vol), "3350", "VMSRES", cyls=3)
    ddr("dump", vol, tape)
    t = AWSTape(str(tape), readonly=True)
    vhr = t.read_forward()
    assert len(vhr) == HEADER_LEN and vhr[:4] == TAG_VHR
    assert vhr[30:36] == E("VMSRES")
    assert struct.unpack_from(">HH", vhr, 26) == (2, 29)        # highest cylinder, head
    assert vhr[36:] == b"\x40" * 44
    assert VolumeHeader.unpack(vhr).geometry().name.startswith("3350")
    blocks = [t.read_forward() for _ in range(3 * 30)]
    assert all(b[:4] == TAG_THR and len(b) == 4096 for b in blocks)
    eoj = t.read_forward()
    assert eoj[:4] == TAG_EOJ and eoj[4:10] == bytes.fromhex("00000002001D")   # last track 2/29
    assert t.read_forward() is TAPEMARK and t.read_forward() is TAPEMARK


def test_the_device_type_is_found_from_heads_and_records_per_track():
    for name in ("3330", "3340", "3350", "3375", "3380", "3390", "2314"):
        g = geo.lookup(name)
        from media.ddr import volume_header
        vhr = VolumeHeader.unpack(volume_header(g, g.cyls, "X", (0, 0), 0).pack())
        assert vhr.geometry().devtype == g.devtype, name


def test_extents_parse_ddr_syntax():
    assert parse_extents([]) is None and parse_extents(["all"]) is None
    assert parse_extents("10 TO 20 REORDER 50 30".split()) == [Extent(10, 20, 50), Extent(30, 30)]
    assert parse_extents(["1-4", "7-9:100"]) == [Extent(1, 4), Extent(7, 9, 100)]
    with pytest.raises(DdrError):
        parse_extents(["9", "TO", "3"])
    with pytest.raises(DdrError):
        parse_extents(["abc"])


# --- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("devtype,cyls", [("3330", 4), ("3350", 3), ("3380", 3)])
@pytest.mark.parametrize("tapekind", ["aws", "het"])
def test_full_dump_restore_is_byte_identical(tmp_path, capsys, devtype, cyls, tapekind):
    vol, tape, back = tmp_path / f"v.{devtype}", tmp_path / f"t.{tapekind}", tmp_path / "r.ckd"
    fill_volume(str(vol), devtype, cyls)
    out = run_ok(capsys, "dump", vol, tape, "ALL")
    assert "DUMPING   DDR001" in out and "END OF DUMP" in out
    out = run_ok(capsys, "restore", tape, back)
    assert "DMKDDR711R VOLID READ IS DDR001" in out and "END OF RESTORE" in out
    assert back.read_bytes() == vol.read_bytes()
    assert no_temp_left(tmp_path)


@pytest.mark.parametrize("devtype", ["3330", "3350", "3380"])
def test_cckd_volumes_round_trip_track_for_track(tmp_path, capsys, devtype):
    vol, tape, back = tmp_path / "v.cckd", tmp_path / "t.het", tmp_path / "r.cckd"
    fill_volume(str(vol), devtype, 2, compress="zlib")
    run_ok(capsys, "dump", vol, tape)
    run_ok(capsys, "restore", tape, back)
    assert back.read_bytes()[:8] == b"CKD_C370"
    assert tracks_of(str(back)) == tracks_of(str(vol))


@pytest.mark.parametrize("devtype", ["3330", "3350", "3380"])
def test_cylinder_range_dump_restores_those_cylinders(tmp_path, capsys, devtype):
    vol, tape, back = tmp_path / "v.ckd", tmp_path / "t.aws", tmp_path / "r.ckd"
    fill_volume(str(vol), devtype, 5)
    run_ok(capsys, "dump", vol, tape, "1", "TO", "2", "4")
    run_ok(capsys, "restore", tape, back)          # a new volume of the dumped size
    src, got = tracks_of(str(vol)), tracks_of(str(back))
    heads = geo.lookup(devtype).heads
    for trk, (a, b) in enumerate(zip(src, got)):
        cyl = trk // heads
        if cyl in (1, 2, 4):
            assert a == b, trk
        else:
            assert parse_track(b)[2] == [r0(cyl, trk % heads)], trk
    # restoring that dump over the original changes nothing
    before = vol.read_bytes()
    run_ok(capsys, "restore", tape, vol)
    assert vol.read_bytes() == before


def test_restore_of_a_range_touches_only_that_range(tmp_path, capsys):
    vol, tape, other = tmp_path / "v.ckd", tmp_path / "t.aws", tmp_path / "o.ckd"
    fill_volume(str(vol), "3350", 4)
    run_ok(capsys, "dump", vol, tape)
    create_image(str(other), "3350", "DDR001", cyls=4)
    before = tracks_of(str(other))
    run_ok(capsys, "restore", tape, other, "2-3")
    after, src = tracks_of(str(other)), tracks_of(str(vol))
    assert after[:60] == before[:60] and after[60:] == src[60:]


def test_restore_reorder_moves_cylinders_and_their_count_fields(tmp_path, capsys):
    vol, tape, back = tmp_path / "v.ckd", tmp_path / "t.aws", tmp_path / "r.ckd"
    fill_volume(str(vol), "3330", 6)
    run_ok(capsys, "dump", vol, tape)
    run_ok(capsys, "restore", tape, back, "1", "TO", "2", "REORDER", "4")
    src, got = tracks_of(str(vol)), tracks_of(str(back))
    for head in range(19):
        c, h, want = parse_track(src[1 * 19 + head])
        c2, h2, have = parse_track(got[4 * 19 + head])
        assert (c2, h2) == (4, head)
        assert [(r.cyl, r.head, r.rec, r.key, r.data) for r in have] == \
               [(4, head, r.rec, r.key, r.data) for r in want]


def test_two_dumps_on_one_tape_and_file_selection(tmp_path, capsys):
    a, b, tape = tmp_path / "a.ckd", tmp_path / "b.ckd", tmp_path / "t.aws"
    fill_volume(str(a), "3350", 2, volser="VOLA")
    fill_volume(str(b), "3350", 2, volser="VOLB")
    run_ok(capsys, "dump", a, tape)
    run_ok(capsys, "dump", b, tape, "--append")
    run_ok(capsys, "restore", tape, tmp_path / "rb.ckd", "--file", "2")
    run_ok(capsys, "restore", tape, tmp_path / "ra.ckd", "--file", "1")
    assert (tmp_path / "rb.ckd").read_bytes() == b.read_bytes()
    assert (tmp_path / "ra.ckd").read_bytes() == a.read_bytes()
    # file 3 is the empty one between the closing tapemarks; there is no file 4
    assert "unexpected tapemark at block 1 where the volume header" in \
        run_fail(capsys, "restore", tape, tmp_path / "x.ckd", "--file", "3")
    assert "no dump here: the recorded tape ends at this position" in \
        run_fail(capsys, "restore", tape, tmp_path / "x.ckd", "--file", "4")
    assert "has no file 5" in run_fail(capsys, "restore", tape, tmp_path / "x.ckd", "--file", "5")


def test_copy_volume_and_tape(tmp_path, capsys):
    vol, tape = tmp_path / "v.ckd", tmp_path / "t.aws"
    fill_volume(str(vol), "3380", 2)
    out = run_ok(capsys, "copy", vol, tmp_path / "c.ckd")
    assert "END OF COPY" in out
    assert (tmp_path / "c.ckd").read_bytes() == vol.read_bytes()
    run_ok(capsys, "dump", vol, tape)
    run_ok(capsys, "copy", tape, tmp_path / "t2.het")
    run_ok(capsys, "restore", tmp_path / "t2.het", tmp_path / "r.ckd")
    assert (tmp_path / "r.ckd").read_bytes() == vol.read_bytes()


def test_print_shows_records_in_hex_and_ebcdic(tmp_path, capsys):
    vol, tape = tmp_path / "v.ckd", tmp_path / "t.aws"
    fill_volume(str(vol), "3350", 2)
    out = run_ok(capsys, "print", vol, "0")
    assert "CYL 0000 (0) HEAD 0000 (0)" in out
    assert "R3   COUNT 0000000003040050" in out         # VOL1: key 4, data 80
    assert "*VOL1DDR001" in out
    run_ok(capsys, "dump", vol, tape)
    out = run_ok(capsys, "type", tape, "1")
    assert "VOLUME DDR001" in out and "CYL 0001 (1) HEAD 0001 (1)" in out
    assert "KEY  0000  D2C5E8F0 F0F0F0F1" in out and "*KEY00001*" in out
    assert "CYL 0000" not in out.split("VOLUME", 1)[1]
    assert "END OF PRINT" in out


def test_restore_needs_the_same_device_type(tmp_path, capsys):
    vol, tape, other = tmp_path / "v.ckd", tmp_path / "t.aws", tmp_path / "o.ckd"
    create_image(str(vol), "3380", "DDR001", cyls=2)
    run_ok(capsys, "dump", vol, tape)
    create_image(str(other), "3390", "DDR001", cyls=2)          # 15 heads too
    before = other.read_bytes()
    line = run_fail(capsys, "restore", tape, other)
    assert "the dump is of a 3380; the output volume is a 3390" in line
    assert other.read_bytes() == before
    create_image(str(tmp_path / "p.ckd"), "3350", "DDR001", cyls=2)
    assert "the dump is of a device with 15 heads; the output volume has 30" in \
        run_fail(capsys, "restore", tape, tmp_path / "p.ckd")


def test_restore_over_another_volume_needs_confirmation(tmp_path, capsys):
    vol, tape, other = tmp_path / "v.ckd", tmp_path / "t.aws", tmp_path / "o.ckd"
    fill_volume(str(vol), "3350", 2)
    run_ok(capsys, "dump", vol, tape)
    create_image(str(other), "3350", "OTHER1", cyls=2)
    before = other.read_bytes()
    line = run_fail(capsys, "restore", tape, other)
    assert "DMKDDR717R DATA DUMPED FROM DDR001 TO BE RESTORED TO OTHER1" in line
    assert other.read_bytes() == before
    run_ok(capsys, "restore", tape, other, "--yes")
    assert other.read_bytes() == vol.read_bytes()


# --- bad tapes ----------------------------------------------------------------------------
@pytest.fixture
def good_dump(tmp_path, capsys):
    vol, tape = tmp_path / "v.ckd", tmp_path / "t.aws"
    fill_volume(str(vol), "3350", 2)
    run_ok(capsys, "dump", vol, tape)
    t = AWSTape(str(tape), readonly=True)
    blocks = []
    while True:
        b = t.read_forward()
        if b is TAPEMARK or not b:
            break
        blocks.append(b)
    t.close()
    return vol, blocks


def write_tape(path, items) -> None:
    t = open_tape(str(path))
    for it in items:
        t.write_tapemark() if it is TAPEMARK else t.write(it)
    t.close()


def check_bad(tmp_path, capsys, items, expect: str, existing: bool = False) -> None:
    bad, out = tmp_path / "bad.aws", tmp_path / "out.ckd"
    write_tape(bad, items)
    if existing:
        create_image(str(out), "3350", "DDR001", cyls=2)
    before = out.read_bytes() if existing else None
    line = run_fail(capsys, "restore", bad, out, "--yes")
    assert line.startswith("ddr: ") and expect in line, line
    assert (out.read_bytes() == before) if existing else not out.exists()
    assert no_temp_left(tmp_path)


def test_truncated_dump_is_reported(tmp_path, capsys, good_dump):
    _vol, blocks = good_dump
    check_bad(tmp_path, capsys, blocks[:30], "tape ends at block 31 where a track header "
              "(THR) or the EOJ trailer should be (truncated dump)")
    check_bad(tmp_path, capsys, blocks[:30], "truncated dump", existing=True)


def test_torn_tape_image_is_reported(tmp_path, capsys, good_dump):
    vol, _blocks = good_dump
    tape = tmp_path / "t.aws"
    raw = tape.read_bytes()
    (tmp_path / "torn.aws").write_bytes(raw[:len(raw) // 2])
    line = run_fail(capsys, "restore", tmp_path / "torn.aws", tmp_path / "o.ckd")
    assert line.startswith("ddr: ") and "block" in line
    assert not (tmp_path / "o.ckd").exists() and no_temp_left(tmp_path)


def test_unexpected_tapemark_is_reported(tmp_path, capsys, good_dump):
    _vol, blocks = good_dump
    # cylinder 0 head 0 is one block; head 1 of cylinder 1 (track 31) is keyed records
    # in one block; track 30 (1/0) is a big record of several blocks: cut it with a TM
    items = blocks[:33] + [TAPEMARK] + blocks[33:]
    check_bad(tmp_path, capsys, items, "unexpected tapemark at block 34 where data block")
    check_bad(tmp_path, capsys, [TAPEMARK] + blocks,
              "unexpected tapemark at block 1 where the volume header (VHR) should be")


def test_wrong_block_types_are_reported(tmp_path, capsys, good_dump):
    _vol, blocks = good_dump
    check_bad(tmp_path, capsys, [E("HDR1") + bytes(76)] + blocks[1:],
              "DMKDDR709E WRONG INPUT TAPE MOUNTED: block 1 is X'C8C4D9F1' ('HDR1'), 80 bytes")
    check_bad(tmp_path, capsys, blocks[1:], "DMKDDR709E WRONG INPUT TAPE MOUNTED: block 1 is "
              "X'E3C8D940' ('THR')")
    junk = E("JUNK") + bytes(4092)
    check_bad(tmp_path, capsys, blocks[:5] + [junk] + blocks[5:],
              "block 6 is X'D1E4D5D2' ('JUNK'), 4096 bytes: expected a 4096-byte track "
              "header (THR) or the EOJ trailer")


def two_reels(blocks):
    """A good dump cut before a track header past its middle into two reels, as DDR does
    at the end of a reel: EOV (a copy of the VHR) and a tapemark; the second reel starts
    with the VHR again."""
    vhr, eoj = blocks[0], blocks[-1]
    cut = len(blocks) // 2
    while blocks[cut][:4] != TAG_THR:
        cut += 1
    eov = TAG_EOV + vhr[4:]
    return [vhr] + blocks[1:cut] + [eov, TAPEMARK], [vhr] + blocks[cut:-1] + [eoj, TAPEMARK, TAPEMARK]


def test_a_multi_reel_dump_restores_from_its_reels(tmp_path, capsys, good_dump):
    vol, blocks = good_dump
    reel1, reel2 = two_reels(blocks)
    write_tape(tmp_path / "r1.aws", reel1)
    write_tape(tmp_path / "r2.het", reel2)
    run_ok(capsys, "restore", tmp_path / "r1.aws", tmp_path / "full.ckd", "--reel", tmp_path / "r2.het")
    assert (tmp_path / "full.ckd").read_bytes() == vol.read_bytes()
    run_ok(capsys, "copy", tmp_path / "r1.aws", tmp_path / "one.aws", "--reel", tmp_path / "r2.het")
    run_ok(capsys, "restore", tmp_path / "one.aws", tmp_path / "out2.ckd")
    assert (tmp_path / "out2.ckd").read_bytes() == vol.read_bytes()
    # without the second reel, or with a reel of another volume: one line, no volume
    last = [b for b in reel1 if b is not TAPEMARK and b[:4] == TAG_THR][-1]
    check_bad(tmp_path, capsys, reel1, "is an EOV trailer: the dump continues on another reel "
              f"after track {int.from_bytes(last[12:14], 'big')}/{int.from_bytes(last[14:16], 'big')}"
              "; give the next reel")
    other = tmp_path / "other.ckd"
    fill_volume(str(other), "3350", 2, volser="OTHER1")
    run_ok(capsys, "dump", other, tmp_path / "o.aws")
    line = run_fail(capsys, "restore", tmp_path / "r1.aws", tmp_path / "x.ckd",
                    "--reel", tmp_path / "o.aws")
    assert "DMKDDR709E WRONG INPUT TAPE MOUNTED: reel 2 is a dump of OTHER1, not the next " \
           "reel of DDR001" in line
    assert not (tmp_path / "x.ckd").exists() and no_temp_left(tmp_path)


def test_progress_bar_on_request(tmp_path, capsys):
    vol = tmp_path / "v.ckd"
    create_image(str(vol), "3350", "DDR001", cyls=2)
    assert main(["dump", str(vol), str(tmp_path / "t.aws"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "\rdump [" in err and "100.0% 60/60 tracks" in err and err.endswith("\n")
    assert main(["dump", str(vol), str(tmp_path / "u.aws")]) == 0     # not a terminal: none
    assert capsys.readouterr().err == ""


def test_a_short_block_of_the_wrong_length_is_reported(tmp_path, capsys, good_dump):
    _vol, blocks = good_dump
    idx = next(i for i, b in enumerate(blocks) if len(b) not in (80, 4096))
    items = blocks[:idx] + [blocks[idx][:-1]] + blocks[idx + 1:]
    check_bad(tmp_path, capsys, items, f"block {idx + 1} is {len(blocks[idx]) - 1} bytes")


def test_dump_errors_leave_no_tape(tmp_path, capsys):
    vol = tmp_path / "v.ckd"
    create_image(str(vol), "3350", "DDR001", cyls=2)
    line = run_fail(capsys, "dump", vol, tmp_path / "t.aws", "0", "TO", "7")
    assert "cylinder 7 is beyond the end of the input volume (2 cylinders, 0-1)" in line
    assert not (tmp_path / "t.aws").exists() and no_temp_left(tmp_path)
    line = run_fail(capsys, "dump", tmp_path / "none.ckd", tmp_path / "t.aws")
    assert "cannot open" in line
    (tmp_path / "dir").mkdir()
    assert run_fail(capsys, "dump", vol, tmp_path / "dir") == f"ddr: {tmp_path / 'dir'}: Is a directory"
    assert no_temp_left(tmp_path)


def test_console_script_runs_without_traceback(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    r = subprocess.run([sys.executable, "-m", "tools.ddr", "restore", str(tmp_path / "no.aws"),
                        str(tmp_path / "v.ckd")], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 1 and r.stderr.strip() == f"ddr: {tmp_path / 'no.aws'}: no such tape image"


def test_damaged_tapes_never_give_a_traceback_or_a_half_volume(tmp_path, capsys, good_dump):
    """Random byte damage and truncation (fixed seed): ddr restores (damage inside data
    is invisible to DDR, as on a real tape) or fails with one line and no output file."""
    import random
    rnd = random.Random(370)
    raw = (tmp_path / "t.aws").read_bytes()
    failures = 0
    for i in range(80):
        b = bytearray(raw)
        for _ in range(rnd.randint(1, 6)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        if rnd.random() < 0.3:
            b = b[:rnd.randrange(len(b))]
        (tmp_path / "m.aws").write_bytes(bytes(b))
        out = tmp_path / f"o{i}.ckd"
        rc = main(["restore", str(tmp_path / "m.aws"), str(out), "-q"])
        err = capsys.readouterr().err
        assert rc in (0, 1) and "Traceback" not in err
        if rc:
            failures += 1
            assert len(err.strip().splitlines()) == 1 and err.startswith("ddr: "), err
            assert not out.exists()
    assert failures > 10 and no_temp_left(tmp_path)
