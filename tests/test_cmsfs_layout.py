"""The bytes CMS FORMAT and file writes leave on a CKD minidisk, against the facts of
/work/shared/spec/cms.md section 1 (decoded from real VM/370 disks)."""

import datetime as dt
import struct

import pytest

from cms.fs import CMSDisk, CMSFSError
from cms.fs.layout import FST, RECORDS_PER_TRACK
from media.ckd import create_image, open_image
from media.ckd.geometry import lookup
from media.ckd.track import parse_track

E = lambda s: s.encode("cp037")  # noqa: E731


def half(raw, off):
    return struct.unpack_from(">H", raw, off)[0]


def word(raw, off):
    return struct.unpack_from(">I", raw, off)[0]


@pytest.fixture
def vol3330(tmp_path):
    path = str(tmp_path / "v.ckd")
    create_image(path, "3330", "VOL001", cyls=4)
    return path


def test_records_per_track_follow_the_device_capacity_formula():
    # spec 1.1: 3330 -> 14, 3340 -> 8, 3350 -> 19 800-byte records, no key
    for dev, n in (("3330", 14), ("3340", 8), ("3350", 19)):
        g = lookup(dev)
        assert RECORDS_PER_TRACK[g.devtype] == n == g.records_per_track(0, 800)


def test_format_writes_800_byte_records_on_every_track_of_the_minidisk(vol3330):
    CMSDisk.format(vol3330, "TST191", extent=(1, 2)).close()
    im = open_image(vol3330, readonly=True)
    try:
        # cylinder 0 keeps the volume's own track 0 (IPL1, IPL2, VOL1): untouched
        assert [r.rec for r in parse_track(im.read_track(0))[2]] == [0, 1, 2, 3]
        for trk in range(19, 3 * 19):
            cyl, head, recs = parse_track(im.read_track(trk))
            assert (cyl, head) == divmod(trk, 19)
            assert [(r.rec, r.kl, r.dl) for r in recs] == [(0, 0, 8)] + [(r, 0, 800)
                                                                         for r in range(1, 15)]
            # R0 keeps the real cylinder, R1.. the minidisk's own (GC20-1801, minidisks)
            assert (recs[0].cyl, recs[0].head) == (cyl, head)
            assert all((r.cyl, r.head) == (cyl - 1, head) for r in recs[1:])
        # beyond the extent: dasdinit's empty tracks
        assert [r.rec for r in parse_track(im.read_track(3 * 19))[2]] == [0]
    finally:
        im.close()


def block_bytes(path, first_cyl, block, per_track=14, heads=19):
    """Read block n straight from the CKD records (spec 1.1 addressing)."""
    im = open_image(path, readonly=True)
    try:
        trk, rec = divmod(block - 1, per_track)
        recs = parse_track(im.read_track(first_cyl * heads + trk))[2]
        return next(r.data for r in recs if r.rec == rec + 1)
    finally:
        im.close()


def test_label_and_empty_mfd_bytes(vol3330):
    with CMSDisk.format(vol3330, "cms191", extent=(1, 3)) as d:
        assert (d.label, d.blocks, d.used, d.cylinders) == ("CMS191", 3 * 19 * 14, 4, 3)
        assert d.list() == [] and d.check() == []
    assert block_bytes(vol3330, 1, 1) == bytes(800)           # IPL records: zero
    assert block_bytes(vol3330, 1, 2) == bytes(800)
    assert block_bytes(vol3330, 1, 3) == E("CMS=CMS191") + bytes(790)
    mfd = block_bytes(vol3330, 1, 4)
    assert half(mfd, 0) == 0xFFFF and mfd[2:364] == bytes(362)   # no FST blocks; map fits
    assert word(mfd, 364) == 798          # ADTNUM
    assert word(mfd, 368) == 4            # ADTUSED: blocks 1-4
    assert word(mfd, 372) == 794          # ADTLEFT
    assert word(mfd, 376) == 0            # ADTLAST: displacement of the last nonzero map byte
    assert word(mfd, 380) == 3            # ADTCYL
    assert mfd[384] == 0xF0 and mfd[385:599] == bytes(214)  # QMSK: X'80' = block 1
    assert mfd[599] == 0x09 and mfd[600:] == bytes(200)        # unit type: 3330


def test_short_label_is_blank_padded(vol3330):
    CMSDisk.format(vol3330, "A1").close()
    assert block_bytes(vol3330, 0, 3)[:10] == E("CMS=A1    ")


def test_fst_worked_example_from_a_real_vmfplc2_header():
    raw = bytes.fromhex("C2C9E2D6D5404040C8C5D3D7C3D4C440012420540012000"
                        "1C4F20011002FC6000000005000 02F2F2".replace(" ", ""))
    f = FST.unpack(raw)
    assert (f.fname, f.ftype, f.fmode, f.recct, f.wrpnt, f.fclpt, f.recfm, f.lrecl,
            f.blkct) == ("BISON", "HELPCMD", "D2", 17, 18, 0x2F, "F", 80, 2)
    assert f.pack() == raw
    from cms.fs import stamp
    assert stamp.decode(f.datew, f.timew, f.yearw) == dt.datetime(2022, 1, 24, 20, 54)
    assert stamp.encode(dt.datetime(2022, 1, 24, 20, 54)) == (f.datew, f.timew, f.yearw)


def test_file_fst_chain_links_and_data_bytes(vol3330):
    when = dt.datetime(2022, 1, 24, 20, 54)
    recs = [E(f"{i:08d}".ljust(80)) for i in range(700)]      # 56000 bytes = 70 blocks
    with CMSDisk.format(vol3330, "X") as d:
        d.write("big", "file", recs, mode="D2", when=when)
        (e,) = d.list()
        assert (e.records, e.blocks, e.lrecl, e.fm) == (700, 70, 80, "D2")
        mfd = block_bytes(vol3330, 0, 4)
        fstblk = half(mfd, 0)
        assert half(mfd, 2) == 0xFFFF
        fst = block_bytes(vol3330, 0, fstblk)
        assert fst[:16] == E("BIG     FILE    ")
        assert fst[16:20] == bytes.fromhex("01242054")           # MMDD HHMM packed
        assert half(fst, 20) == 701 and half(fst, 22) == 1       # FSTWRPNT, FSTRDPNT
        assert fst[24:26] == E("D2") and half(fst, 26) == 700
        assert fst[30:32] == E("F") + b"\0" and word(fst, 32) == 80
        assert half(fst, 36) == 70 and fst[38:40] == E("22")
        assert fst[40:] == bytes(760)                           # 19 free slots: zeros
        fcl = block_bytes(vol3330, 0, half(fst, 28))
        nth = [half(fcl, 2 * i) for i in range(40)]
        data = [half(fcl, 80 + 2 * i) for i in range(60)]
        assert nth[0] and nth[1:] == [0] * 39 and 0 not in data
        assert fcl[200:] == bytes(600)
        link2 = block_bytes(vol3330, 0, nth[0])
        more = [half(link2, 2 * i) for i in range(400)]
        assert 0 not in more[:10] and more[10:] == [0] * 390
        stream = b"".join(block_bytes(vol3330, 0, b) for b in data + more[:10])
        assert stream == b"".join(recs)                         # F: record k at (k-1)*80
        used = {1, 2, 3, 4, fstblk, half(fst, 28), nth[0], *data, *more[:10]}
        assert word(mfd, 368) == len(used) == d.used
        bits = {n for n in range(1, 799) if mfd[384 + (n - 1) // 8] & (0x80 >> ((n - 1) % 8))}
        assert bits == used
        assert word(mfd, 376) == max((n - 1) // 8 for n in used)     # ADTLAST


def test_v_records_are_halfword_length_then_data(vol3330):
    with CMSDisk.format(vol3330, "X") as d:
        d.write("v", "f", [b"AB", b"", b"C" * 3], recfm="V")
        (e,) = d.list()
        assert (e.recfm, e.lrecl, e.records, e.blocks) == ("V", 3, 3, 1)
        f = next(f for _, _, f in d._entries())
        _links, (blk,) = d.file_blocks(f)
        assert block_bytes(vol3330, 0, blk) == b"\0\2AB" + b"\0\0" + b"\0\3CCC" + bytes(789)


def test_allocation_map_extension_blocks_beyond_1720_blocks(tmp_path):
    path = str(tmp_path / "e.ckd")
    create_image(path, "3350", "VOL001", cyls=5)
    with CMSDisk.format(path, "EXT") as d:                    # 5*30*19 = 2850 blocks
        assert d.blocks == 2850 and d.used == 5 and d.check() == []
        mfd = block_bytes(path, 0, 4, per_track=19, heads=30)
        assert [half(mfd, 0), half(mfd, 2), half(mfd, 4)] == [0xFFFD, 5, 0]
        assert mfd[384] == 0xF8
        assert mfd[599] == 0x0B                               # unit type: 3350 (real disks)
        # fill past block 1720 so the extension block carries bits
        d.write("fill", "data", [bytes(800)] * 1800)
        assert d.check() == []
        ext = block_bytes(path, 0, 5, per_track=19, heads=30)
        mfd = block_bytes(path, 0, 4, per_track=19, heads=30)
        marked = sum(bin(b).count("1") for b in mfd[384:599]) + \
            sum(bin(b).count("1") for b in ext)
        assert marked == word(mfd, 368) == d.used
        assert ext[0] != 0                                    # block 1721 onward in use


def test_adtnum_is_capped_at_65531_blocks(tmp_path):
    # spec 1.1: a 115-cylinder 3350 minidisk reports 65531 blocks though it has 65550
    path = str(tmp_path / "big.cckd")
    create_image(path, "3350", "VOL001", cyls=116, compress="zlib")
    with CMSDisk.format(path, "BIG", extent=(1, 115)) as d:
        assert d.blocks == 65531 and d.cylinders == 115
        assert len(d.mfd.ext_blocks) == 10 and d.check() == []
        d.write("ON", "CCKD", [E("compressed")] * 3, recfm="V")
    with CMSDisk.open(path, (1, 115), readonly=True) as d:       # a CCKD image reopened
        assert d.read("on", "cckd") == [E("compressed")] * 3 and d.check() == []
        with pytest.raises(CMSFSError, match="read-only"):
            d.erase("on", "cckd")


def test_3340_unit_type_and_records(tmp_path):
    path = str(tmp_path / "s.ckd")
    create_image(path, "3340", "VOL001", cyls=2)
    with CMSDisk.format(path, "S") as d:
        assert d.blocks == 2 * 12 * 8 and d.check() == []
    assert block_bytes(path, 0, 4, per_track=8, heads=12)[599] == 0x0A


def test_unsupported_device_and_bad_extent(tmp_path):
    path = str(tmp_path / "x.ckd")
    create_image(path, "3380", "VOL001", cyls=1)
    with pytest.raises(CMSFSError, match="3330, 3340 and 3350 only"):
        CMSDisk.format(path, "X")
    path = str(tmp_path / "y.ckd")
    create_image(path, "3330", "VOL001", cyls=2)
    with pytest.raises(CMSFSError, match="outside the volume"):
        CMSDisk.format(path, "X", extent=(1, 2))
    with pytest.raises(CMSFSError, match="not a CMS disk|not an 800-byte"):
        CMSDisk.open(path)
