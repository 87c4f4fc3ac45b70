"""DIAGNOSE X'18' (standard DASD I/O), X'20' (general I/O), X'24' (device type) and
X'28' (channel program modification) on devices of a real virtual machine, and
s370.channel's run_program under them.

The minidisk is a 3-cylinder extent (cylinders 2-4) of a temporary 3330 image; its
view cylinder 1, head 0 holds three 800-byte records formatted with the
minidisk's own cylinder numbers, as CMS formats them."""

from types import SimpleNamespace

import pytest

from s370.channel import ChannelSubsystem
from s370.cpu import layout as L
from media.ckd.image import create_image, open_image
from media.ckd.track import Record, build_track, parse_track, r0
from s370.devices.base import Device, Result, UNIT_CE, UNIT_DE, UNIT_UC, CHAN_PGM_CHECK
from s370.devices.card import CardReader
from s370.devices.console import Console3215
from s370.devices.dasd import CKDDevice

from cp_diag_harness import make_user, run, ended, program_check, cc_in, gpr, mem

MDISK = 0x191
FIRST_CYL, N_CYLS = 2, 3
HEADS = 19
CC, CD, SLI = 0x40, 0x80, 0x20
CCWS, ARGS, BUF = 0x4000, 0x4800, 0x5000
DIAG18 = """
DG       DIAG  2,3,X'0018'
         BALR  14,0
"""
DIAG20 = """
DG       DIAG  2,3,X'0020'
         BALR  14,0
"""


def record_data(n):
    return bytes([n]) * 800


@pytest.fixture
def image(tmp_path):
    path = str(tmp_path / "mini.3330")
    create_image(path, "3330", "MNT191", cyls=6)
    im = open_image(path)
    real_cyl, view_cyl = FIRST_CYL + 1, 1
    recs = [r0(view_cyl, 0)] + [Record(view_cyl, 0, n, b"", record_data(n)) for n in (1, 2, 3)]
    im.write_track(real_cyl * HEADS, build_track(real_cyl, 0, recs))
    yield im
    im.close()


def attach_mdisk(user, image, read_only=False, devtype_image=None):
    dev = CKDDevice(MDISK, image, extent=(FIRST_CYL, N_CYLS), read_only=read_only)
    user.vm.attach(MDISK, dev)
    return dev


def ccw(cmd, addr, flags, count, ctl=0):
    return bytes([cmd]) + addr.to_bytes(3, "big") + bytes([flags, ctl]) + count.to_bytes(2, "big")


def cms_chain(records, cyl=1, head=0, write=False, data_at=BUF, sector=False):
    """The CMS shape: SEEK, then per record [SET SECTOR], SEARCH ID, TIC *-8, READ/WRITE."""
    seek = bytes([0, 0, 0, cyl, 0, head])
    args = seek
    chain = ccw(0x07, ARGS, CC, 6)
    for i, r in enumerate(records):
        if sector:
            args += bytes([0])
            chain += ccw(0x23, ARGS + len(args) - 1, CC, 1)
        arg_at = ARGS + len(args)
        args += bytes([0, cyl, 0, head, r])
        here = CCWS + len(chain)
        last = i == len(records) - 1
        chain += ccw(0x31, arg_at, CC, 5) + ccw(0x08, here, 0, 0)
        chain += ccw(0x05 if write else 0x06, data_at + 800 * i, SLI | (0 if last else CC), 800)
    return chain, args


def setup(user, chain, args=b"", rx=MDISK, r15=None):
    sd = user.vm.sd
    sd.load(CCWS, chain)
    sd.load(ARGS, args)
    sd.set_gpr(2, rx)
    sd.set_gpr(3, CCWS)
    if r15 is not None:
        sd.set_gpr(15, r15)


# ---------------------------------------------------------------------- X'18'
def test_diag_18_reads_cms_blocks_synchronously(image):
    user, s = make_user(DIAG18)
    attach_mdisk(user, image)
    chain, args = cms_chain([1, 2, 3])
    setup(user, chain, args, r15=3)
    run(user)
    assert ended(user) and cc_in(user) == 0
    assert mem(user, BUF, 2400) == record_data(1) + record_data(2) + record_data(3)
    assert user.vm.channels.pending_mask() == 0          # no I/O interruption for the guest
    assert not user.vm.channels.busy(MDISK)


def test_diag_18_with_set_sector_ccws(image):
    user, s = make_user(DIAG18)
    attach_mdisk(user, image)
    chain, args = cms_chain([3, 1], sector=True)
    setup(user, chain, args, r15=2)
    run(user)
    assert ended(user) and cc_in(user) == 0
    assert mem(user, BUF, 1600) == record_data(3) + record_data(1)


def test_diag_18_writes_and_the_image_holds_it(image):
    user, s = make_user(DIAG18)
    dev = attach_mdisk(user, image)
    chain, args = cms_chain([2], write=True)
    setup(user, chain, args, r15=1)
    user.vm.sd.load(BUF, b"\x5A" * 800)
    run(user)
    assert ended(user) and cc_in(user) == 0
    dev.close()
    recs = parse_track(image.read_track((FIRST_CYL + 1) * HEADS), 0)[2]
    assert [r.data for r in recs if r.rec == 2] == [b"\x5A" * 800]
    assert [r.data for r in recs if r.rec == 3] == [record_data(3)]


@pytest.mark.parametrize("case,cc,r15", [
    ("no device", 1, 1), ("read-only write", 1, 3), ("cylinder outside", 1, 4),
    ("ccw unaligned", 2, 5), ("seek argument outside", 2, 6), ("read key data", 2, 7),
    ("count zero", 2, 8), ("count 4096", 2, 9), ("buffer outside", 2, 10),
    ("r15 zero", 2, 11), ("r15 too small", 2, 11), ("r15 sixteen", 2, 11),
    ("seek head other cylinder", 2, 12)])
def test_diag_18_refuses_bad_chains_with_the_documented_codes(image, case, cc, r15):
    user, s = make_user(DIAG18)
    attach_mdisk(user, image, read_only=case == "read-only write")
    chain, args = cms_chain([1, 2], write=case == "read-only write")
    count, rx, start = 2, MDISK, CCWS
    if case == "no device":
        rx = 0x192
    elif case == "cylinder outside":
        chain, args = cms_chain([1], cyl=N_CYLS)
    elif case == "ccw unaligned":
        start = CCWS + 4
    elif case == "seek argument outside":
        chain = ccw(0x07, 0xFFFE, CC, 6) + chain[8:]
    elif case == "read key data":
        chain = chain[:24] + ccw(0x0E, BUF, SLI | CC, 800) + chain[32:]
    elif case == "count zero":
        chain = chain[:24] + ccw(0x06, BUF, SLI | CC, 0) + chain[32:]
    elif case == "count 4096":
        chain = chain[:24] + ccw(0x06, BUF, SLI | CC, 4096) + chain[32:]
    elif case == "buffer outside":
        chain = chain[:24] + ccw(0x06, 0xFF00, SLI | CC, 800) + chain[32:]
    elif case == "r15 zero":
        count = 0
    elif case == "r15 too small":
        count = 1
    elif case == "r15 sixteen":
        count = 16
    elif case == "seek head other cylinder":
        chain = chain[:32] + ccw(0x1B, ARGS + 16, CC, 6) + chain[32:]
        args = args + bytes(16 - len(args)) + bytes([0, 0, 0, 2, 0, 0])
    setup(user, chain, args, rx=rx, r15=count)
    user.vm.sd.set_gpr(3, start)
    user.vm.sd.load(BUF, b"\xEE" * 1600)
    run(user)
    assert ended(user)
    assert (cc_in(user), gpr(user, 15)) == (cc, r15)
    assert mem(user, BUF, 1600) == b"\xEE" * 1600              # nothing was read


def test_diag_18_on_a_device_of_another_type_is_cc1_r15_2(tmp_path):
    path = str(tmp_path / "big.3380")
    create_image(path, "3380", "BIG001", cyls=2)
    im = open_image(path)
    try:
        user, s = make_user(DIAG18)
        user.vm.attach(MDISK, CKDDevice(MDISK, im, extent=(0, 2)))
        chain, args = cms_chain([1])
        setup(user, chain, args, r15=1)
        run(user)
        assert (cc_in(user), gpr(user, 15)) == (1, 2)
    finally:
        im.close()


def test_diag_18_with_an_interruption_pending_is_cc1_r15_5(image):
    # the guest's own SIO leaves a condition pending (I/O disabled), then DIAG 18
    user, s = make_user("""
         SIO   X'191'
         BALR  13,0
""" + DIAG18)
    attach_mdisk(user, image)
    sd = user.vm.sd
    sd.load(0x3000, ccw(0x07, 0x3100, 0, 6))                   # SEEK 0/0
    sd.load(0x3100, bytes(6))
    sd.load(L.LOC_CAW, (0x3000).to_bytes(4, "big"))
    chain, args = cms_chain([1])
    setup(user, chain, args, r15=1)
    run(user)
    assert ended(user) and cc_in(user, 13) == 0
    assert (cc_in(user), gpr(user, 15)) == (1, 5)


def test_diag_18_io_error_is_cc3_r15_13_with_the_csw_and_sense_kept(image):
    # record 9 does not exist: no record found, unit check; the guest then SENSEs
    user, s = make_user(DIAG18 + """
         SIO   X'191'
         BALR  13,0
         TIO   X'191'
""")
    attach_mdisk(user, image)
    chain, args = cms_chain([9])
    setup(user, chain, args, r15=1)
    sd = user.vm.sd
    sd.load(0x3000, ccw(0x04, 0x3100, SLI, 24))
    sd.load(L.LOC_CAW, (0x3000).to_bytes(4, "big"))
    run(user)
    assert ended(user)
    assert (cc_in(user), gpr(user, 15)) == (3, 13)
    assert mem(user, 0x3100, 2)[1] & 0x08                      # sense byte 1: no record found


def test_diag_18_io_error_csw_is_at_x40(image):
    user, s = make_user(DIAG18)
    attach_mdisk(user, image)
    chain, args = cms_chain([9])
    setup(user, chain, args, r15=1)
    run(user)
    csw = mem(user, L.LOC_CSW, 8)
    assert (cc_in(user), gpr(user, 15)) == (3, 13)
    assert csw[4] & UNIT_UC and csw[4] & UNIT_CE


# ---------------------------------------------------------------------- X'20'
def test_diag_20_runs_any_chain_synchronously(image):
    user, s = make_user(DIAG20)
    attach_mdisk(user, image)
    sd = user.vm.sd
    # SEEK 1/0; READ COUNT; READ DATA (multitrack-free sequence: R1's count and data)
    chain = ccw(0x07, ARGS, CC, 6) + ccw(0x12, BUF, CC, 8) + ccw(0x06, BUF + 8, SLI, 800)
    setup(user, chain, bytes([0, 0, 0, 1, 0, 0]))
    sd.set_gpr(15, 0x77)
    run(user)
    assert ended(user) and cc_in(user) == 0
    assert mem(user, BUF, 8) == bytes([0, 1, 0, 0, 1, 0, 3, 0x20])
    assert mem(user, BUF + 8, 800) == record_data(1)
    assert gpr(user, 15) == 0x77                                # unchanged on cc0
    assert user.vm.channels.pending_mask() == 0


def test_diag_20_wrong_length_is_cc2_r15_3(image):
    user, s = make_user(DIAG20)
    attach_mdisk(user, image)
    chain = ccw(0x07, ARGS, CC, 6) + ccw(0x12, BUF, CC, 8) + ccw(0x06, BUF + 8, 0, 100)
    setup(user, chain, bytes([0, 0, 0, 1, 0, 0]))
    run(user)
    assert (cc_in(user), gpr(user, 15)) == (2, 3)


def test_diag_20_unit_exception_is_cc2_r15_2(image):
    # an end-of-file record (data length 0) read with READ DATA gives unit exception
    dev_recs = [r0(1, 1), Record(1, 1, 1, b"", b"")]
    image.write_track((FIRST_CYL + 1) * HEADS + 1, build_track(FIRST_CYL + 1, 1, dev_recs))
    user, s = make_user(DIAG20)
    attach_mdisk(user, image)
    chain = ccw(0x07, ARGS, CC, 6) + ccw(0x12, BUF, CC, 8) + ccw(0x06, BUF + 8, SLI, 80)
    setup(user, chain, bytes([0, 0, 0, 1, 0, 1]))
    run(user)
    assert (cc_in(user), gpr(user, 15)) == (2, 2)


def test_diag_20_unit_check_is_cc3_r15_13_with_sense_in_ry(image):
    user, s = make_user(DIAG20)
    attach_mdisk(user, image)
    setup(user, ccw(0x07, ARGS, 0, 6), bytes([0, 0, 0, 9, 0, 0]))   # beyond the minidisk
    run(user)
    assert (cc_in(user), gpr(user, 15)) == (3, 13)
    assert gpr(user, 3) == (CCWS & 0xFFFF0000) | 0x8000       # sense 0: command reject


def test_diag_20_missing_device_and_unsupported_device():
    user, s = make_user(DIAG20)
    setup(user, ccw(0x03, 0, 0, 1), rx=0x0E0)
    run(user)
    assert (cc_in(user), gpr(user, 15)) == (1, 1)
    user, s = make_user(DIAG20)
    user.vm.attach(0x009, Console3215(0x009))
    setup(user, ccw(0x03, 0, 0, 1), rx=0x009)
    run(user)
    assert (cc_in(user), gpr(user, 15)) == (3, 13)


def test_diag_20_bad_chain_is_a_channel_program_check_cc3(image):
    user, s = make_user(DIAG20)
    attach_mdisk(user, image)
    setup(user, ccw(0x07, ARGS, 0, 0), bytes(6))               # count zero: program check
    run(user)
    assert (cc_in(user), gpr(user, 15)) == (3, 13)


# ---------------------------------------------------------------------- run_program
class Slow(Device):
    """A device whose first command waits until the test completes it."""

    def __init__(self, devnum):
        super().__init__(devnum, 0x3420, 1)

    def execute(self, cmd, data, count):
        return Result(pending=True)


def test_run_program_times_out_halts_and_reports_channel_control_check():
    import numpy as np
    mem_ = np.zeros(8192, np.uint8)
    keys = np.zeros(4, np.uint8)
    ch = ChannelSubsystem(mem_, keys, {0x180: Slow(0x180)})
    mem_[0x100:0x108] = list(ccw(0x02, 0x200, 0, 10))
    cond = ch.run_program(0x180, 0x100, timeout=0.05)
    assert cond.chan & 0x04 and not ch.busy(0x180) and ch.pending_mask() == 0


def test_run_program_first_ccw_invalid_and_busy_device():
    import numpy as np
    mem_ = np.zeros(8192, np.uint8)
    keys = np.zeros(4, np.uint8)
    slow = Slow(0x180)
    ch = ChannelSubsystem(mem_, keys, {0x180: slow})
    assert ch.run_program(0x180, 0x104).chan == CHAN_PGM_CHECK    # not doubleword aligned
    mem_[0x100:0x108] = list(ccw(0x08, 0x200, 0, 1))             # TIC first: program check
    assert ch.run_program(0x180, 0x100).chan == CHAN_PGM_CHECK
    mem_[0x100:0x108] = list(ccw(0x02, 0x200, 0, 10))
    mem_[72:76] = [0, 0, 1, 0]
    assert ch.start_io(0x180) == 0 and ch.busy(0x180) and ch.program_active(0x180)
    assert ch.run_program(0x180, 0x100) is None
    with pytest.raises(KeyError):
        ch.run_program(0x181, 0x100)


# ---------------------------------------------------------------------- X'24'
DIAG24 = """
         DIAG  2,4,X'0024'
         BALR  14,0
"""


def test_diag_24_minidisk(image):
    user, s = make_user(DIAG24)
    attach_mdisk(user, image, read_only=True)
    user.vm.sd.set_gpr(2, MDISK)
    run(user)
    assert cc_in(user) == 0
    assert gpr(user, 4) == 0x04100080            # DASD, 3330, not busy, read-only
    assert gpr(user, 5) == 0x04100180            # real: DASD 3330 model 1, RPS
    assert gpr(user, 2) == MDISK


def test_diag_24_console_by_minus_one_on_a_3270_terminal():
    user, s = make_user(DIAG24, terminal=SimpleNamespace(name="GRAF 0C0"))
    user.vm.attach(0x01F, Console3215(0x01F))
    user.vm.sd.set_gpr(2, 0xFFFFFFFF)
    run(user)
    assert cc_in(user) == 0
    assert gpr(user, 2) == 0x0000001F
    assert gpr(user, 4) == 0x80000000            # virtual 3215
    assert gpr(user, 5) == 0x40040050            # real 3277, line length 80


def test_diag_24_spooled_reader_has_no_real_device_cc2():
    user, s = make_user(DIAG24)
    reader = CardReader(0x00C)
    reader.spool = True
    user.vm.attach(0x00C, reader)
    user.vm.sd.set_gpr(2, 0x00C)
    user.vm.sd.set_gpr(5, 0x12345678)
    run(user)
    assert cc_in(user) == 2
    assert gpr(user, 4) == 0x20840000            # UR input 3505
    assert gpr(user, 5) == 0x12345678


def test_diag_24_missing_device_is_cc3_and_ry_15_returns_only_ry(image):
    user, s = make_user(DIAG24)
    user.vm.sd.set_gpr(2, 0x333)
    user.vm.sd.set_gpr(4, 0x11111111)
    run(user)
    assert cc_in(user) == 3 and gpr(user, 4) == 0x11111111
    user, s = make_user("""
         DIAG  2,15,X'0024'
         BALR  14,0
""")
    attach_mdisk(user, image)
    user.vm.sd.set_gpr(2, MDISK)
    user.vm.sd.set_gpr(0, 0x22222222)
    run(user)
    assert cc_in(user) == 0 and gpr(user, 15) == 0x04100000 and gpr(user, 0) == 0x22222222


# ---------------------------------------------------------------------- X'28'
DIAG28 = """
         DIAG  2,3,X'0028'
         BALR  14,0
"""


def test_diag_28_while_the_program_runs_is_cc0_and_after_it_cc2():
    user, s = make_user("""
         SIO   X'180'
         DIAG  2,3,X'0028'
         BALR  14,0
         HIO   X'180'
         DIAG  2,3,X'0028'
         BALR  13,0
""")
    user.vm.attach(0x180, Slow(0x180))
    sd = user.vm.sd
    sd.load(0x3000, ccw(0x02, 0x3100, CC, 10) + ccw(0x08, 0x3010, 0, 0) + ccw(0x03, 0, 0, 1))
    sd.load(L.LOC_CAW, (0x3000).to_bytes(4, "big"))
    sd.set_gpr(2, 0x3008)
    sd.set_gpr(3, 0x180)
    sd.set_gpr(15, 0x99)
    run(user)
    assert ended(user)
    assert cc_in(user, 14) == 0 and gpr(user, 15) == 0
    assert cc_in(user, 13) == 2                        # too late: the program has ended


@pytest.mark.parametrize("case,cc,r15", [("same register", 1, 1), ("no device", 1, 2),
                                         ("outside", 1, 3), ("unaligned", 1, 4),
                                         ("not tic or nop", 1, 6), ("tic outside", 1, 7),
                                         ("tic unaligned", 1, 8), ("ended", 2, None)])
def test_diag_28_checks(case, cc, r15):
    src = DIAG28 if case != "same register" else """
         DIAG  3,3,X'0028'
         BALR  14,0
"""
    user, s = make_user(src)
    user.vm.attach(0x180, Slow(0x180))
    sd = user.vm.sd
    sd.load(0x3000, ccw(0x08, 0x3100, 0, 0) + ccw(0x06, 0x3100, 0, 8) + ccw(0x08, 0x1FFF8, 0, 0)
            + ccw(0x08, 0x3104, 0, 0))
    addr = {"outside": 0xFFF8 + 16, "unaligned": 0x3004, "not tic or nop": 0x3008,
            "tic outside": 0x3010, "tic unaligned": 0x3018}.get(case, 0x3000)
    sd.set_gpr(2, addr)
    sd.set_gpr(3, 0x181 if case == "no device" else 0x180)
    sd.set_gpr(15, 0x99)
    run(user)
    assert cc_in(user) == cc
    assert gpr(user, 15) == (0x99 if r15 is None else r15)
