"""CKD channel programs through the real channel subsystem (s370.channel), with
expected values from the 3330/3380 reference manuals (GA26-1592, GA26-1617) and
shared/spec/io.md 8.1 / devices.md 7: seek, search + TIC loops with status
modifier, read and write commands, orientation, index point / no record found,
multitrack and end of cylinder, file mask, sense bytes."""

import numpy as np
import pytest

from s370.channel import ChannelSubsystem
from media.ckd.image import create_image, open_image
from media.ckd.track import Record, build_track, parse_track, r0
from s370.devices.dasd import CKDDevice

CD, CC, SLI, SKIP = 0x80, 0x40, 0x20, 0x10
MEM = 64 * 1024
DEV = 0x190


class Rig:
    def __init__(self, path):
        self.mem = np.zeros(MEM, dtype=np.uint8)
        self.keys = np.zeros(MEM >> 11, dtype=np.uint8)
        self.dev = CKDDevice(DEV, open_image(path))
        self.ch = ChannelSubsystem(self.mem, self.keys, {DEV: self.dev})

    def put(self, addr, data):
        self.mem[addr:addr + len(data)] = np.frombuffer(bytes(data), dtype=np.uint8)

    def get(self, addr, n):
        return self.mem[addr:addr + n].tobytes()

    def run(self, ccws, at=0x1000):
        """ccws: list of (cmd, addr, flags, count).  Returns (cc, csw bytes)."""
        for i, (cmd, addr, flags, count) in enumerate(ccws):
            self.put(at + 8 * i, bytes([cmd, addr >> 16, (addr >> 8) & 0xFF, addr & 0xFF,
                                        flags, 0, count >> 8, count & 0xFF]))
        self.put(72, at.to_bytes(4, "big"))
        cc = self.ch.start_io(DEV)
        if cc == 0:
            assert self.ch.take_interrupt() == DEV
        return cc, self.get(64, 8)

    def sense(self):
        self.put(0x1F00, bytes(32))
        self.run([(0x04, 0x1F00, SLI, 32)], at=0x1E00)
        return self.get(0x1F00, len(self.dev.sense))


def status(csw):
    return csw[4], csw[5], csw[6] << 8 | csw[7], int.from_bytes(csw[1:4], "big")


@pytest.fixture
def vol(tmp_path):
    p = str(tmp_path / "v3330.ckd")
    create_image(p, "3330", "VOL001", cyls=3)
    r = Rig(p)
    yield r, p
    r.dev.close()


@pytest.fixture
def cvol(tmp_path):
    p = str(tmp_path / "v3380.cckd")
    create_image(p, "3380", "VOL380", cyls=2, compress="zlib")
    r = Rig(p)
    yield r, p
    r.dev.close()


def seek_arg(cyl, head):
    return bytes([0, 0, cyl >> 8, cyl & 0xFF, head >> 8, head & 0xFF])


def test_seek_search_tic_read_data_reads_vol1(vol):
    # io.md 8.1: SEEK; SEARCH ID EQUAL; TIC *-8; READ DATA (SLI)
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 3]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x06, 0x3000, SLI, 4096)])
    unit, chan, resid, addr = status(csw)
    assert cc == 0 and unit == 0x0C and chan == 0
    assert addr == 0x1020 and resid == 4096 - 80
    assert r.get(0x3000, 10) == "VOL1VOL001".encode("cp037")


def test_read_ipl_transfers_record_1_data(vol):
    r, _ = vol
    cc, csw = r.run([(0x02, 0x0000, SLI, 24)])
    assert status(csw)[:2] == (0x0C, 0)
    assert r.get(0, 24) == bytes.fromhex("000600000000000F03000000000000010000000000000000")


def test_record_not_found_after_two_index_points(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 9]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x06, 0x3000, SLI, 100)])
    unit, chan, _, addr = status(csw)
    assert unit == 0x0E and addr == 0x1010          # CE DE UC on the search
    s = r.sense()
    assert len(s) == 24 and s[0] == 0 and s[1] == 0x08   # no record found


def test_search_key_equal_then_read_data(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0) + "VOL1".encode("cp037"))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x29, 0x2006, CC, 4), (0x08, 0x1008, 0, 0),
                     (0x06, 0x3000, SLI, 80)])
    assert status(csw)[0] == 0x0C
    assert r.get(0x3000, 4) == "VOL1".encode("cp037")


def test_read_count_walks_records_skipping_r0(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x12, 0x3000, CC, 8), (0x12, 0x3008, CC, 8),
                     (0x12, 0x3010, CC, 8), (0x1A, 0x3018, CC, 5), (0x16, 0x3020, 0, 16)])
    assert status(csw)[:2] == (0x0C, 0)
    assert r.get(0x3000, 8) == bytes.fromhex("0000000001040018")
    assert r.get(0x3008, 8) == bytes.fromhex("0000000002040090")
    assert r.get(0x3010, 8) == bytes.fromhex("0000000003040050")
    assert r.get(0x3018, 5) == bytes(5)                       # HA: flag, CC 0, HH 0
    assert r.get(0x3020, 16) == bytes.fromhex("0000000000000008") + bytes(8)   # R0


def test_format_track_and_read_back(vol):
    r, path = vol
    # SEEK 2/5; SEARCH HA EQUAL; WRITE R0; WRITE CKD R1 (key 3, data 100); WRITE CKD R2 (EOF)
    ha = bytes([0, 2, 0, 5])
    r.put(0x2000, seek_arg(2, 5) + ha)
    r.put(0x2100, bytes([0, 2, 0, 5, 0, 0, 0, 8]) + bytes(8))
    r.put(0x2200, bytes([0, 2, 0, 5, 1, 3, 0, 100]) + b"KEY" + bytes(range(100)))
    r.put(0x2400, bytes([0, 2, 0, 5, 2, 0, 0, 0]))
    r.put(0x2500, bytes([0xC0]))                                # allow all writes
    cc, csw = r.run([(0x1F, 0x2500, CC, 1), (0x07, 0x2000, CC, 6), (0x39, 0x2006, CC, 4),
                     (0x08, 0x1010, 0, 0),
                     (0x15, 0x2100, CC, 16), (0x1D, 0x2200, CC, 111), (0x1D, 0x2400, 0, 8)])
    assert status(csw)[:3] == (0x0C, 0, 0)
    # read back: READ CKD R1, READ DATA of the EOF record gives unit exception
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x1E, 0x3000, CC, 111), (0x06, 0x3100, SLI, 10)])
    unit, chan, _, _ = status(csw)
    assert unit == 0x0D                                          # CE DE UX
    assert r.get(0x3000, 111) == bytes([0, 2, 0, 5, 1, 3, 0, 100]) + b"KEY" + bytes(range(100))
    r.dev.close()
    im = open_image(path, readonly=True)
    _c, _h, recs = parse_track(im.read_track(2 * 19 + 5), 0)
    im.close()
    assert [(x.rec, x.kl, x.dl) for x in recs] == [(0, 0, 8), (1, 3, 100), (2, 0, 0)]


def test_write_data_needs_a_search_and_updates_in_place(vol):
    r, path = vol
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 2]))
    r.put(0x4000, b"\x5A" * 144)
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x05, 0x4000, 0, 144)])
    assert status(csw)[:3] == (0x0C, 0, 0)
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x05, 0x4000, 0, 144)])
    assert status(csw)[0] == 0x0E and r.sense()[0] == 0x80      # command reject
    r.dev.close()
    im = open_image(path, readonly=True)
    recs = parse_track(im.read_track(0), 0)[2]
    im.close()
    assert recs[2].data == b"\x5A" * 144 and recs[3].key == "VOL1".encode("cp037")


def test_short_write_data_is_incorrect_length(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 2]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x05, 0x4000, 0, 100)])
    assert status(csw)[:2] == (0x0C, 0x40)                       # incorrect length


def test_file_mask_inhibit_write_and_seek(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 3]))
    r.put(0x2500, bytes([0x40]))                                 # inhibit all writes
    cc, csw = r.run([(0x1F, 0x2500, CC, 1), (0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5),
                     (0x08, 0x1010, 0, 0), (0x05, 0x4000, 0, 80)])
    assert status(csw)[0] == 0x0E
    assert r.sense()[:2] == bytes([0, 0x04])                     # file protected
    r.put(0x2500, bytes([0x18]))                                 # no seeks
    cc, csw = r.run([(0x1F, 0x2500, CC, 1), (0x07, 0x2000, 0, 6)])
    assert status(csw)[0] == 0x0E and r.sense()[1] == 0x04
    cc, csw = r.run([(0x1F, 0x2500, CC, 1), (0x1F, 0x2500, 0, 1)])
    assert status(csw)[0] == 0x0E and r.sense()[0] == 0x80      # second mask: reject


def test_write_r0_needs_permission_in_file_mask(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(1, 0) + bytes([0, 1, 0, 0]))
    r.put(0x2100, bytes([0, 1, 0, 0, 0, 0, 0, 8]) + bytes(8))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x39, 0x2006, CC, 4), (0x08, 0x1008, 0, 0),
                     (0x15, 0x2100, 0, 16)])
    assert status(csw)[0] == 0x0E and r.sense()[1] == 0x04


def test_multitrack_search_moves_to_next_head(vol):
    r, _ = vol
    # put R1 on cylinder 1 head 3, then search for it from head 0 with SEARCH ID EQUAL MT
    r.put(0x2000, seek_arg(1, 3) + bytes([0, 1, 0, 3, 0]))
    r.put(0x2100, bytes([0, 1, 0, 3, 1, 0, 0, 4]) + b"DATA")
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x1D, 0x2100, 0, 12)])
    assert status(csw)[:3] == (0x0C, 0, 0)
    r.put(0x2000, seek_arg(1, 0) + bytes([0, 1, 0, 3, 1]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0xB1, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x86, 0x3000, 0, 4)])
    assert status(csw)[:3] == (0x0C, 0, 0) and r.get(0x3000, 4) == b"DATA"
    assert r.dev.head == 3


def test_multitrack_past_last_head_is_end_of_cylinder(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(1, 17) + bytes([0, 9, 0, 9, 9]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0xB1, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x86, 0x3000, 0, 4)])
    assert status(csw)[0] == 0x0E
    s = r.sense()
    assert s[1] == 0x20 and r.dev.head == 18                     # end of cylinder


def test_invalid_seek_address_is_command_reject(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(3, 0))                               # 3 cylinders: 0..2
    cc, csw = r.run([(0x07, 0x2000, 0, 6)])
    assert status(csw)[0] == 0x0E
    assert r.sense()[0] == 0x80
    r.put(0x2000, seek_arg(0, 19))                              # 19 heads: 0..18
    cc, csw = r.run([(0x07, 0x2000, 0, 6)])
    assert r.sense()[0] == 0x80


def test_write_ckd_that_does_not_fit_is_invalid_track_format(vol):
    r, _ = vol
    # 3330: one R1 of 13030 bytes fills a track; a second record cannot fit
    r.put(0x2000, seek_arg(2, 0) + bytes([0, 2, 0, 0, 0]))
    big = bytes([0, 2, 0, 0, 1, 0, 13030 >> 8, 13030 & 0xFF])
    r.put(0x2100, bytes([0, 2, 0, 0, 2, 0, 0, 1]) + b"x")
    r.put(0x4000, big)
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x1D, 0x4000, CC, 8 + 13030), (0x1D, 0x2100, 0, 9)])
    unit, chan, _, addr = status(csw)
    assert unit == 0x0E and addr == 0x1028
    assert r.sense()[1] == 0x40


def test_read_multiple_ckd_and_sense_id(cvol):
    r, _ = cvol
    r.put(0x2000, seek_arg(0, 0))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x5E, 0x3000, SLI, 2000)])
    assert status(csw)[0] == 0x0C
    assert r.get(0x3000, 8) == bytes.fromhex("0000000001040018")
    assert r.get(0x3000 + 36, 8) == bytes.fromhex("0000000002040090")
    cc, csw = r.run([(0xE4, 0x3800, SLI, 7)])
    assert r.get(0x3800, 7) == bytes([0xFF, 0x38, 0x80, 0x05, 0x33, 0x80, 0x02])


def test_sense_lengths_by_control_unit(tmp_path):
    p = str(tmp_path / "v.cckd")
    create_image(p, "3390", "VOL390", cyls=1, compress="zlib")
    d = CKDDevice(DEV, open_image(p))
    assert len(d.sense) == 32
    d.close()


def test_set_sector_rejected_on_2314(tmp_path):
    p = str(tmp_path / "v2314.ckd")
    create_image(p, "2314", "VOL314", cyls=1)
    r = Rig(p)
    r.put(0x2000, bytes([5]))
    cc, csw = r.run([(0x23, 0x2000, 0, 1)])
    assert status(csw)[0] & 0x02 and r.sense()[0] == 0x80
    r.dev.close()


def test_from_config_and_type_mismatch(tmp_path):
    from media.ckd.errors import DasdError
    p = str(tmp_path / "v.cckd")
    create_image(p, "3350", "VOL350", cyls=1, compress="zlib")
    d = CKDDevice.from_config(0x191, "3350", [p, "ro"], None)
    assert d.devtype == 0x3350 and d.image.readonly
    d.close()
    with pytest.raises(DasdError, match="not a 3380"):
        CKDDevice.from_config(0x191, "3380", [p], None)
    with pytest.raises(DasdError, match="cannot open"):
        CKDDevice.from_config(0x191, "3350", [str(tmp_path / "missing.cckd")], None)


def test_damaged_track_gives_equipment_check_not_traceback(cvol, tmp_path):
    r, path = cvol
    r.dev.close()
    data = bytearray(open(path, "rb").read())
    l1 = int.from_bytes(data[1024:1028], "little")
    data[l1 + 8 * 0: l1 + 4] = (len(data) + 5000).to_bytes(4, "little")   # wild L2 pointer
    open(path, "wb").write(data)
    r2 = Rig(path)
    r2.put(0x2000, seek_arg(0, 0))
    cc, csw = r2.run([(0x07, 0x2000, CC, 6), (0x06, 0x3000, SLI, 100)])
    assert status(csw)[0] & 0x02
    assert r2.sense()[0] == 0x10
    assert "outside the file" in r2.dev.last_error
    r2.dev.close()


def test_read_count_wraps_once_at_index_then_no_record_found(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0))
    prog = [(0x07, 0x2000, CC, 6)] + [(0x12, 0x3000 + 8 * i, CC, 8) for i in range(4)]
    cc, csw = r.run(prog + [(0x03, 0, 0, 1)])
    assert status(csw)[:2] == (0x0C, 0)
    assert r.get(0x3018, 8) == bytes.fromhex("0000000001040018")   # R1 again after the index
    # a search that fails on every record passes the index twice -> no record found
    r.put(0x2006, bytes([0, 0, 0, 0, 7]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x71, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x06, 0x3000, SLI, 4)])
    assert status(csw)[0] == 0x0E and r.sense()[1] == 0x08


def test_read_only_volume_is_file_protected(tmp_path):
    p = str(tmp_path / "ro.cckd")
    create_image(p, "3350", "VOLRO", cyls=1, compress="zlib")
    before = open(p, "rb").read()
    d = CKDDevice.from_config(DEV, "3350", [p, "ro"], None)
    r = Rig.__new__(Rig)
    r.mem = np.zeros(MEM, dtype=np.uint8)
    r.keys = np.zeros(MEM >> 11, dtype=np.uint8)
    r.dev = d
    r.ch = ChannelSubsystem(r.mem, r.keys, {DEV: d})
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 3]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x05, 0x4000, 0, 80)])
    assert status(csw)[0] == 0x0E and r.sense()[1] == 0x04
    d.close()
    assert open(p, "rb").read() == before


def test_seek_head_keeps_cylinder(vol):
    r, _ = vol
    r.put(0x2000, seek_arg(2, 0) + seek_arg(0, 7))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x1B, 0x2006, CC, 6), (0x1A, 0x3000, 0, 5)])
    assert status(csw)[:2] == (0x0C, 0)
    assert r.get(0x3000, 5) == bytes([0, 0, 2, 0, 7])


def test_multitrack_under_no_head_switch_mask_works_on_the_current_track(vol):
    # GA26-1592 file mask bits 3-4 = 11: no seeks and no head switching.  Only the head
    # switch is forbidden: an MT Read Count / Search ID on a track holding the record works.
    r, _ = vol
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 3]))
    r.put(0x2500, bytes([0x18]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x1F, 0x2500, CC, 1), (0x92, 0x3000, CC, 8),
                     (0x92, 0x3008, CC, 8), (0xB1, 0x2006, CC, 5), (0x08, 0x1018, 0, 0),
                     (0x8E, 0x3100, SLI, 200)])
    assert status(csw)[:2] == (0x0C, 0)
    assert r.get(0x3000, 16) == bytes([0, 0, 0, 0, 1, 4, 0, 24, 0, 0, 0, 0, 2, 4, 0, 144])
    assert r.get(0x3100, 10) == "VOL1VOL1VO".encode("cp037")      # key, then the label
    # reading on past the last record would switch heads: file protected, heads stay
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x1F, 0x2500, CC, 1), (0x92, 0x3000, CC, 8),
                     (0x92, 0x3000, CC, 8), (0x92, 0x3000, CC, 8), (0x92, 0x3000, 0, 8)])
    assert status(csw)[0] == 0x0E and r.sense()[:2] == bytes([0, 0x04]) and r.dev.head == 0


# --- extent views (minidisks) ------------------------------------------------------------

class ViewRig(Rig):
    """Two views of one volume on one channel subsystem: 0x191 (R/W) and 0x192 (R/O)."""

    def __init__(self, image, views):
        self.mem = np.zeros(MEM, dtype=np.uint8)
        self.keys = np.zeros(MEM >> 11, dtype=np.uint8)
        self.devs = {n: CKDDevice(n, image, extent=ext, read_only=ro)
                     for n, (ext, ro) in views.items()}
        self.ch = ChannelSubsystem(self.mem, self.keys, dict(self.devs))
        self.on(0x191)

    def on(self, devnum):
        global DEV
        self.dev = self.devs[devnum]
        DEV = devnum          # Rig.run / Rig.sense address the module's DEV


@pytest.fixture
def views(tmp_path):
    global DEV
    p = str(tmp_path / "real3330.ckd")
    create_image(p, "3330", "REAL01", cyls=8)
    img = open_image(p)
    # mark real cylinder 4 head 0 with a record, so the R/O view has something to read
    img.write_track(4 * 19, build_track(4, 0, [r0(4, 0), Record(0, 0, 1, b"", b"CYL4HD0")]))
    r = ViewRig(img, {0x191: ((2, 2), False), 0x192: ((4, 3), True)})
    saved = DEV
    yield r, img
    DEV = saved
    for d in r.devs.values():
        d.close()
    img.close()


def _format_r1(r, cyl, head, data):
    r.put(0x2000, seek_arg(cyl, head))
    r.put(0x2100, bytes([0, cyl, 0, head, 1, 0, 0, len(data)]) + data)
    return r.run([(0x07, 0x2000, CC, 6), (0x16, 0x3800, CC | SLI, 16),
                  (0x1D, 0x2100, 0, 8 + len(data))])


def test_extent_view_maps_boundary_tracks_to_the_real_ones(views):
    r, img = views
    before = [img.read_track(t) for t in range(8 * 19)]
    for cyl, head, text in ((0, 0, b"FIRST"), (1, 18, b"LAST!")):
        cc, csw = _format_r1(r, cyl, head, text)
        assert cc == 0 and status(csw)[:3] == (0x0C, 0, 0)
    r.dev.chain_end()
    # view cylinder 0 head 0 is real track 2*19; view 1/18 is real 3*19+18, home address real
    c, h, recs = parse_track(img.read_track(2 * 19), 2 * 19)
    assert (c, h) == (2, 0) and recs[1].data == b"FIRST" and recs[1].count[:5] == b"\0\0\0\0\1"
    c, h, recs = parse_track(img.read_track(3 * 19 + 18))
    assert (c, h) == (3, 18) and recs[1].data == b"LAST!"
    changed = [t for t in range(8 * 19) if img.read_track(t) != before[t]]
    assert changed == [2 * 19, 3 * 19 + 18]
    # read back through the view with SEARCH ID EQUAL (recorded CCHHR, as a user formatted it)
    r.put(0x2000, seek_arg(1, 18) + bytes([0, 1, 0, 18, 1]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x06, 0x3000, 0, 5)])
    assert status(csw)[:3] == (0x0C, 0, 0) and r.get(0x3000, 5) == b"LAST!"
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x1A, 0x3000, 0, 5)])    # read home address
    assert r.get(0x3000, 5) == bytes([0, 0, 1, 0, 18])                  # the view's cylinder


def test_seek_outside_the_extent_is_command_reject(views):
    r, _ = views
    for cyl, head in ((2, 0), (1, 19), (100, 0)):
        r.put(0x2000, seek_arg(cyl, head))
        cc, csw = r.run([(0x07, 0x2000, 0, 6)])
        assert status(csw)[0] == 0x0E and r.sense()[0] == 0x80           # command reject
    r.put(0x2000, seek_arg(1, 18))
    cc, csw = r.run([(0x07, 0x2000, 0, 6)])
    assert status(csw)[:3] == (0x0C, 0, 0) and (r.dev.cyl, r.dev.head) == (1, 18)
    # multitrack past the view's last head: end of cylinder, not the next real cylinder
    r.put(0x2000, seek_arg(1, 18) + bytes([9, 9, 9, 9, 9]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0xB1, 0x2006, CC, 5), (0x08, 0x1008, 0, 0)])
    assert status(csw)[0] == 0x0E and r.sense()[1] == 0x20


def test_read_only_view_reads_and_rejects_writes_with_file_protect(views):
    r, img = views
    r.on(0x192)
    before = img.read_track(4 * 19)
    r.put(0x2000, seek_arg(0, 0) + bytes([0, 0, 0, 0, 1]))
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x06, 0x3000, 0, 7)])
    assert status(csw)[:3] == (0x0C, 0, 0) and r.get(0x3000, 7) == b"CYL4HD0"
    cc, csw = _format_r1(r, 0, 0, b"NOPE")
    assert status(csw)[0] == 0x0E and r.sense()[:2] == bytes([0, 0x04])   # file protected
    cc, csw = r.run([(0x07, 0x2000, CC, 6), (0x31, 0x2006, CC, 5), (0x08, 0x1008, 0, 0),
                     (0x05, 0x3000, 0, 7)])
    assert status(csw)[0] == 0x0E and r.sense()[:2] == bytes([0, 0x04])
    r.dev.chain_end()
    assert img.read_track(4 * 19) == before
    # sense ID answers for the drive type (3330 on a 3830)
    cc, csw = r.run([(0xE4, 0x3000, SLI, 7)])
    assert r.get(0x3000, 7)[:1] == b"\xff" and r.get(0x3000, 7)[4:6] == b"\x33\x30"


def test_extent_outside_the_volume_is_a_clear_error(tmp_path):
    from media.ckd.errors import DasdError
    p = str(tmp_path / "v.ckd")
    create_image(p, "3330", "V", cyls=3)
    img = open_image(p)
    try:
        with pytest.raises(DasdError, match="outside the 3-cylinder volume"):
            CKDDevice(0x191, img, extent=(2, 2))
        view = CKDDevice(0x191, img, extent=(1, 2))
        assert view.cyls == 2 and "cyls 1-2" in view.describe()
        view.close()
        assert img.read_track(0)                      # a view does not close the shared image
    finally:
        img.close()
