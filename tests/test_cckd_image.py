"""Compressed CKD (CCKD) images: layout from shared/spec/formats.md 2, and
interoperability with Hercules 3.13 (dasdinit -z/-bz2/-0 output is byte-identical
and read track for track as Hercules' own cckd2ckd reads it; volumes we write pass
cckdcdsk and convert with Hercules' cckd2ckd/dasdcopy to the tracks we wrote)."""

import os
import random
import struct
import subprocess

import pytest

from media.ckd.cckd import CCKDImage
from media.ckd.errors import DasdError
from media.ckd.image import create_image, open_image
from media.ckd.track import Record, build_track, null_track, parse_track, r0


def herc(*args, cwd):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout + p.stderr


def ckd_tracks(path):
    """Track images of a Hercules-written CKD file, trimmed after the end marker."""
    raw = open(path, "rb").read()
    trksize = struct.unpack_from("<I", raw, 12)[0]
    out = []
    for off in range(512, len(raw), trksize):
        t = raw[off:off + trksize]
        pos = 5
        while t[pos:pos + 8] != b"\xff" * 8:          # walk the count fields
            pos += 8 + t[pos + 5] + (t[pos + 6] << 8 | t[pos + 7])
        out.append(t[:pos + 8])
    return out


@pytest.mark.parametrize("opt,algo", [("-z", "zlib"), ("-bz2", "bzip2"), ("-0", "none")])
def test_same_bytes_as_hercules_dasdinit(tmp_path, opt, algo):
    herc("dasdinit", opt, "h.cckd", "3350", "VOL002", cwd=tmp_path)
    create_image(str(tmp_path / "o.cckd"), "3350", "VOL002", compress=algo)
    assert (tmp_path / "o.cckd").read_bytes() == (tmp_path / "h.cckd").read_bytes()


def test_header_fields(tmp_path):
    p = tmp_path / "v.cckd"
    create_image(str(p), "3350", "VOL002", compress="zlib")
    b = p.read_bytes()
    # formats.md 2.6
    assert b[:8] == b"CKD_C370" and b[512:516] == bytes([0, 3, 1, 0x41])
    assert struct.unpack_from("<iiII", b, 516) == (66, 256, len(b), len(b))
    assert struct.unpack_from("<IBBh", b, 552) == (555, 1, 1, -1)
    assert struct.unpack_from("<I", b, 1024)[0] == 1024 + 66 * 4


def test_read_hercules_cckd_as_hercules_does(tmp_path):
    # Hercules' cckd2ckd is the oracle for how null L2 entries and missing L2 tables read
    herc("dasdinit", "-z", "h.cckd", "3350", "VOLH", "12", cwd=tmp_path)
    herc("cckd2ckd", "-q", "h.cckd", "h.ckd", cwd=tmp_path)
    want = ckd_tracks(tmp_path / "h.ckd")
    im = open_image(str(tmp_path / "h.cckd"), readonly=True)
    assert im.tracks == len(want) == 360
    for trk in range(im.tracks):
        assert im.read_track(trk) == want[trk], trk
    im.close()


def random_track(rng, cyl, head, nrec, size):
    recs = [r0(cyl, head)]
    for i in range(1, nrec + 1):
        kl = rng.choice([0, 8])
        recs.append(Record(cyl, head, i, bytes(rng.randrange(256) for _ in range(kl)),
                           bytes(rng.randrange(4)) * size + rng.randbytes(50)))
    return build_track(cyl, head, recs)


@pytest.mark.parametrize("algo", ["zlib", "bzip2", "none"])
def test_our_writes_pass_hercules_check_and_convert(tmp_path, algo):
    p = str(tmp_path / "o.cckd")
    create_image(p, "3380", "VOLW", cyls=30, compress=algo)
    rng = random.Random(7)
    im = open_image(p)
    written = {}
    trks = [2, 3, 17, 255, 256, 300, 449]
    for rnd in range(3):                      # rewrite: frees space and reuses it
        for trk in trks:
            c, h = divmod(trk, 15)
            img = random_track(rng, c, h, rng.randrange(1, 6), rng.randrange(10, 3000))
            im.write_track(trk, img)
            written[trk] = img
    im.write_track(300, null_track(20, 0, 1))
    written[300] = null_track(20, 0, 1)
    im.close()
    for level in ("-1", "-2"):
        out = herc("cckdcdsk", "-ro", level, "o.cckd", cwd=tmp_path)
        assert "HHCCU" not in out, out
    herc("cckd2ckd", "-q", "o.cckd", "o.ckd", cwd=tmp_path)
    got = ckd_tracks(tmp_path / "o.ckd")
    for trk, img in written.items():
        assert got[trk] == img, trk
    im = open_image(p, readonly=True)
    for trk, img in written.items():
        assert im.read_track(trk) == img
    im.close()


def test_free_space_is_reused(tmp_path):
    p = str(tmp_path / "o.cckd")
    create_image(p, "3380", "VOLW", cyls=2, compress="none")
    im = open_image(p)
    img = random_track(random.Random(1), 0, 5, 3, 1000)
    im.write_track(5, img)
    im.write_track(6, random_track(random.Random(2), 0, 6, 3, 1000))
    size1 = os.path.getsize(p)
    for _ in range(20):
        im.write_track(5, img)
    im.close()
    assert os.path.getsize(p) <= size1 + len(img)
    out = herc("cckdcdsk", "-ro", "-1", "o.cckd", cwd=tmp_path)
    assert "HHCCU" not in out


def test_hercules_dasdcopy_reads_our_cckd(tmp_path):
    p = str(tmp_path / "o.cckd")
    create_image(p, "3390", "VOLC", cyls=3, compress="bzip2")
    im = open_image(p)
    img = random_track(random.Random(3), 1, 4, 4, 2000)
    im.write_track(19, img)
    im.close()
    herc("dasdcopy", "-q", "o.cckd", "o.ckd", cwd=tmp_path)
    assert ckd_tracks(tmp_path / "o.ckd")[19] == img


def test_crash_between_data_and_table_write_keeps_old_track(tmp_path, monkeypatch):
    p = str(tmp_path / "o.cckd")
    create_image(p, "3380", "VOLW", cyls=2, compress="zlib")
    im = open_image(p)
    old = random_track(random.Random(4), 0, 7, 2, 500)
    im.write_track(7, old)
    im.close()
    im = open_image(p)
    real = os.pwrite
    calls = []

    def dying(fd, data, off):
        calls.append(off)
        if len(calls) == 3:                 # header mark, track data, then the L2 entry
            raise KeyboardInterrupt("crash")
        return real(fd, data, off)

    monkeypatch.setattr(os, "pwrite", dying)
    with pytest.raises(KeyboardInterrupt):
        im.write_track(7, random_track(random.Random(5), 0, 7, 3, 900))
    monkeypatch.setattr(os, "pwrite", real)
    os.close(im.fd)
    im2 = open_image(p, readonly=True)
    assert im2.read_track(7) == old
    im2.close()


def corrupt(tmp_path, edit):
    p = tmp_path / "c.cckd"
    create_image(str(p), "3350", "VOLX", cyls=2, compress="zlib")
    b = bytearray(p.read_bytes())
    edit(b)
    p.write_bytes(bytes(b))
    return p, bytes(b)


def test_wild_l1_pointer(tmp_path):
    p, b = corrupt(tmp_path, lambda b: b.__setitem__(slice(1024, 1028), struct.pack("<I", 10 ** 8)))
    with pytest.raises(DasdError, match="L1 entry 0"):
        open_image(str(p))
    assert p.read_bytes() == b


def test_wild_l2_pointer(tmp_path):
    def edit(b):
        l2 = struct.unpack_from("<I", b, 1024)[0]
        b[l2:l2 + 4] = struct.pack("<I", 10 ** 7)
    p, b = corrupt(tmp_path, edit)
    im = open_image(str(p))
    with pytest.raises(DasdError, match="track 0: L2 entry points outside the file"):
        im.read_track(0)
    assert im.read_track(1) == null_track(0, 1, 1)
    im.close()
    assert p.read_bytes() == b


def test_damaged_compressed_data(tmp_path):
    p = str(tmp_path / "o.cckd")
    create_image(p, "3350", "VOLW", cyls=2, compress="zlib")
    im = open_image(p)
    im.write_track(3, random_track(random.Random(6), 0, 3, 3, 2000))
    pos = im.l2_entry(3)[0]
    im.close()
    b = bytearray(open(p, "rb").read())
    b[pos + 10:pos + 30] = bytes(20)
    open(p, "wb").write(b)
    im = open_image(p, readonly=True)
    with pytest.raises(DasdError, match="damaged"):
        im.read_track(3)
    im.close()


@pytest.mark.parametrize("edit,message", [
    (lambda b: b.__setitem__(slice(520, 524), struct.pack("<i", 100)), "256"),
    (lambda b: b.__setitem__(slice(516, 520), struct.pack("<i", 10 ** 6)), "L1 table"),
    (lambda b: b.__setitem__(slice(0, 8), b"CKD_S370"), "shadow"),
])
def test_bad_cckd_header(tmp_path, edit, message):
    p, b = corrupt(tmp_path, edit)
    with pytest.raises(DasdError, match=message):
        open_image(str(p))
    assert p.read_bytes() == b


def test_truncated_cckd(tmp_path):
    p = tmp_path / "c.cckd"
    create_image(str(p), "3350", "VOLX", cyls=2, compress="zlib")
    p.write_bytes(p.read_bytes()[:700])
    with pytest.raises(DasdError, match="truncated"):
        CCKDImage(str(p))
