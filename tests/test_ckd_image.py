"""Uncompressed CKD images: header and track layout from shared/spec/formats.md 1,
geometry from the device manuals / Hercules device table, byte-for-byte
equality with volumes made by Hercules 3.13 dasdinit, and clear errors for
corrupt images."""

import os
import struct
import subprocess

import pytest

from media.ckd import geometry as geo
from media.ckd.errors import DasdError
from media.ckd.image import create_image, open_image
from media.ckd.track import Record, build_track, parse_track, r0


def herc(*args, cwd):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout + p.stderr


@pytest.mark.parametrize("name,track_size", [
    ("3330", 13312), ("3340", 8704), ("3350", 19456), ("3375", 35840), ("3380", 47616),
    ("2314", 7680), ("2311", 4096), ("3390", 56832)])
def test_image_track_size_rule(name, track_size):
    assert geo.lookup(name).image_track_size == track_size


@pytest.mark.parametrize("name,cyls,alt,heads", [
    ("2311", 200, 3, 10), ("2314", 200, 3, 20), ("3330", 404, 7, 19), ("3330-11", 808, 7, 19),
    ("3340-35", 348, 1, 12), ("3340-70", 696, 2, 12), ("3350", 555, 5, 30), ("3375", 959, 3, 12),
    ("3380", 885, 1, 15), ("3380-E", 1770, 2, 15), ("3380-K", 2655, 3, 15),
    ("3390", 1113, 1, 15), ("3390-3", 3339, 1, 15)])
def test_geometry_table(name, cyls, alt, heads):
    g = geo.lookup(name)
    assert (g.cyls, g.alt_cyls, g.heads) == (cyls, alt, heads)


@pytest.mark.parametrize("name,per_track", [
    ("3330", 3), ("3340", 2), ("3350", 4), ("3375", 8), ("3380", 10), ("3390", 12)])
def test_4k_blocks_per_track(name, per_track):
    # devices.md 7.1: the well-known 4096-byte block counts
    assert geo.lookup(name).records_per_track(0, 4096) == per_track


@pytest.mark.parametrize("name", ["3330", "3340", "3350", "3375", "3380", "3390", "2314"])
def test_largest_r1_fits_exactly(name):
    g = geo.lookup(name)
    assert g.records_fit([(0, g.r1_max)])
    assert not g.records_fit([(0, g.r1_max + 1)])


def test_unknown_device_type_is_one_clear_error():
    with pytest.raises(DasdError, match="unknown CKD device type"):
        geo.lookup("3333")


@pytest.mark.parametrize("devtype,args", [
    ("3330", ["VOL001", "3"]), ("3390", ["VOL390", "2"]), ("3350-1", ["ABC", "1"]),
    ("2314", ["VOL314", "2"])])
def test_same_bytes_as_hercules_dasdinit(tmp_path, devtype, args):
    herc("dasdinit", "h.ckd", devtype, *args, cwd=tmp_path)
    create_image(str(tmp_path / "o.ckd"), devtype, args[0], cyls=int(args[1]))
    assert (tmp_path / "o.ckd").read_bytes() == (tmp_path / "h.ckd").read_bytes()


def test_raw_volume_same_as_hercules(tmp_path):
    herc("dasdinit", "-r", "h.ckd", "3350", "2", cwd=tmp_path)
    create_image(str(tmp_path / "o.ckd"), "3350", None, cyls=2, raw=True)
    assert (tmp_path / "o.ckd").read_bytes() == (tmp_path / "h.ckd").read_bytes()


def test_header_and_track_layout(tmp_path):
    p = str(tmp_path / "v.ckd")
    create_image(p, "3330", "VOL001", cyls=6)
    raw = open(p, "rb").read()
    assert raw[:8] == b"CKD_P370"
    assert struct.unpack_from("<II", raw, 8) == (19, 13312)
    assert raw[16:20] == bytes([0x30, 0, 0, 0]) and raw[20:512] == bytes(492)
    assert len(raw) == 512 + 6 * 19 * 13312
    # formats.md 1.2: the empty track 1
    t1 = raw[512 + 13312:512 + 13312 + 29]
    assert t1 == bytes.fromhex("0000000001" "0000000100000008" + "00" * 8 + "FF" * 8)
    # a write lands at 512 + n * tracksize (cyl 5 head 2 -> n = 97 -> 1,291,776)
    im = open_image(p)
    img = build_track(5, 2, [r0(5, 2), Record(5, 2, 1, b"", b"HELLO")])
    im.write_track(97, img)
    im.close()
    raw = open(p, "rb").read()
    assert raw[1291776:1291776 + len(img)] == img
    assert raw[1291776 + len(img):1291776 + 13312] == bytes(13312 - len(img))


def test_read_hercules_volume_record_for_record(tmp_path):
    herc("dasdinit", "h.ckd", "3380", "VOLH", "2", cwd=tmp_path)
    im = open_image(str(tmp_path / "h.ckd"), readonly=True)
    assert (im.cyls, im.heads, im.geometry.devtype) == (2, 15, 0x3380)
    c, h, recs = parse_track(im.read_track(0), 0)
    assert [(r.rec, r.key.decode("cp037"), r.dl) for r in recs] == [
        (0, "", 8), (1, "IPL1", 24), (2, "IPL2", 144), (3, "VOL1", 80)]
    assert recs[3].data[:10] == "VOL1VOLH  ".encode("cp037")
    for trk in range(1, 30):
        c, h, recs = parse_track(im.read_track(trk), trk)
        assert (c, h) == divmod(trk, 15) and [(r.rec, r.dl) for r in recs] == [(0, 8)]
    im.close()


@pytest.mark.parametrize("damage,message", [
    (lambda b: b"CKD_X370" + b[8:], "not a CKD image"),
    (lambda b: b[:len(b) - 100], "truncated"),
    (lambda b: b[:300], "shorter than the 512-byte header"),
    (lambda b: b"", "shorter than the 512-byte header"),
    (lambda b: b[:8] + struct.pack("<I", 0) + b[12:], "corrupt CKD header"),
])
def test_corrupt_ckd_gives_one_clear_error(tmp_path, damage, message):
    p = tmp_path / "v.ckd"
    create_image(str(p), "3330", "VOL001", cyls=1)
    bad = damage(p.read_bytes())
    p.write_bytes(bad)
    with pytest.raises(DasdError, match=message) as ei:
        open_image(str(p))
    assert "\n" not in str(ei.value)
    assert p.read_bytes() == bad


def test_track_without_end_marker_is_an_error(tmp_path):
    p = tmp_path / "v.ckd"
    create_image(str(p), "3330", "VOL001", cyls=1)
    b = bytearray(p.read_bytes())
    b[512 + 13312:512 + 2 * 13312] = b"\x00\x00\x00\x00\x01" + b"\x00\x00\x00\x01\x00\x00\x40\x00" + \
        bytes(13312 - 13)                                           # record runs off the track
    p.write_bytes(b)
    im = open_image(str(p), readonly=True)
    with pytest.raises(DasdError, match="track 1"):
        im.read_track(1)
    im.close()


def test_create_does_not_overwrite(tmp_path):
    p = tmp_path / "v.ckd"
    p.write_bytes(b"keep")
    with pytest.raises(DasdError, match="exists"):
        create_image(str(p), "3330", "VOL001", cyls=1)
    assert p.read_bytes() == b"keep"
    assert os.listdir(tmp_path) == ["v.ckd"]
