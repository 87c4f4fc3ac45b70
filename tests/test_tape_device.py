"""3420 tape drive CCWs: status, data, sense (devices.md 6; Hercules tapeccws.c)."""

import pytest

from s370.devices.base import UNIT_CE, UNIT_DE, UNIT_UC, UNIT_UX
from s370.devices.tape import TapeDevice
from media.tape.aws import AWSTape
from media.tape.het import HETTape

CE_DE = UNIT_CE | UNIT_DE
UC = CE_DE | UNIT_UC
UX = CE_DE | UNIT_UX

# sense byte 0 / 1 bits (3420): command reject, intervention required, equipment check,
# data check; TU status A, TU status B, load point, file protected
CMDREJ, INTREQ, EQUIPCK, DATACK = 0x80, 0x40, 0x10, 0x08
TUA, TUB, LOADPT, FPROT = 0x40, 0x20, 0x08, 0x02


def make_tape(path, seq, cls=AWSTape, **kw):
    with cls(path, **kw) as t:
        for b in seq:
            t.write_tapemark() if b is None else t.write(b)
    return path


def ex(dev, cmd, data=None, count=65535):
    return dev.execute(cmd, data, count)


def sense(dev):
    r = ex(dev, 0x04, count=24)
    assert r.status == CE_DE and len(r.data) == 24
    return r.data


@pytest.fixture
def tape(tmp_path):
    path = make_tape(tmp_path / "t.aws", [b"REC1" * 20, b"REC2", None, b"F2", None, None])
    return TapeDevice.from_config(0x580, "3420", [str(path)], None)


def test_read_blocks_tapemark_and_end_of_data(tape):
    r = ex(tape, 0x02)
    assert r.status == CE_DE and r.data == b"REC1" * 20 and r.residual == 0
    assert ex(tape, 0x02).data == b"REC2"
    r = ex(tape, 0x02)
    assert r.status == UX and r.data == b""
    assert ex(tape, 0x02).data == b"F2"
    assert ex(tape, 0x02).status == UX
    assert ex(tape, 0x02).status == UX
    r = ex(tape, 0x02)                               # nothing recorded after: Hercules UC+EC
    assert r.status == UC
    s = sense(tape)
    assert s[0] & EQUIPCK and s[1] & TUB


def test_sense_layout_at_load_point_and_model_bytes(tape):
    s = sense(tape)
    assert s[0] == 0 and s[1] == TUA | LOADPT
    assert (s[5], s[6], s[13], s[14], s[16], s[19], s[20]) == (0xC0, 3, 0x80, 1, 1, 0xFF, 0xFF)
    ex(tape, 0x02)
    assert sense(tape)[1] == TUA                       # load point gone after a read


def test_read_backward_returns_last_byte_first(tape):
    ex(tape, 0x02)
    ex(tape, 0x02)
    r = ex(tape, 0x0C)
    assert r.status == CE_DE and r.data == b"2CER"
    r = ex(tape, 0x0C)
    assert r.data == (b"REC1" * 20)[::-1]
    r = ex(tape, 0x0C)                                  # at load point: UC, load point sense
    assert r.status == UC
    s = sense(tape)
    assert s[0] == 0 and s[1] & LOADPT


def test_read_backward_over_tapemark(tape):
    assert ex(tape, 0x3F).status == CE_DE               # forward space file
    assert ex(tape, 0x0C).status == UX
    assert ex(tape, 0x0C).data == b"2CER"


def test_space_commands(tape):
    assert ex(tape, 0x27).status == UC                  # backspace block at load point
    assert sense(tape)[1] & LOADPT
    assert ex(tape, 0x37).status == CE_DE               # forward space block
    assert ex(tape, 0x37).status == CE_DE
    assert ex(tape, 0x37).status == UX                  # over the tape mark
    assert ex(tape, 0x27).status == UX                  # backspace over it again
    assert ex(tape, 0x3F).status == CE_DE
    assert ex(tape, 0x02).data == b"F2"
    assert ex(tape, 0x2F).status == CE_DE               # back over the first tape mark
    assert ex(tape, 0x0C).data == b"2CER"
    assert ex(tape, 0x2F).status == UC                  # reaches load point: UC
    assert ex(tape, 0x07).status == CE_DE
    for _ in range(3):
        assert ex(tape, 0x3F).status == CE_DE
    assert ex(tape, 0x3F).status == UC                  # no more tape marks


def test_write_then_read_back(tmp_path):
    dev = TapeDevice.from_config(0x181, "3420", [str(tmp_path / "new.het")], None)
    assert ex(dev, 0xC3).status == CE_DE                # mode set 1600 bpi: accepted
    r = ex(dev, 0x01, b"HELLO" * 1000, 5000)
    assert r.status == CE_DE and r.residual == 0
    r = dev.execute(0x1F, b"\0", 1)                       # control: no data taken
    assert r.status == CE_DE and r.residual == 1
    assert ex(dev, 0x17).status == CE_DE                # erase gap
    assert ex(dev, 0x07).status == CE_DE
    assert ex(dev, 0x02).data == b"HELLO" * 1000
    assert ex(dev, 0x02).status == UX
    dev.close()
    with HETTape(tmp_path / "new.het", readonly=True) as t:
        assert t.stored_length(0) < 5000                # compressed on write


def test_file_protected(tmp_path):
    path = make_tape(tmp_path / "p.aws", [b"data"])
    dev = TapeDevice.from_config(0x580, "3420", [str(path), "ro"], None)
    r = ex(dev, 0x01, b"xy", 2)
    assert r.status == UC and r.residual == 2
    s = sense(dev)
    assert s[0] == CMDREJ and s[1] & FPROT
    assert ex(dev, 0x1F).status == UC
    assert ex(dev, 0x02).data == b"data"
    assert path.read_bytes()[6:] == b"data"


def test_no_tape_mounted(tmp_path):
    dev = TapeDevice.from_config(0x580, "3420", ["*"], None)
    for cmd in (0x02, 0x01, 0x03, 0x07, 0x0F):
        assert ex(dev, cmd, b"x" if cmd == 1 else None, 1).status == UC
        s = sense(dev)
        assert s[0] & INTREQ and s[1] & TUB
    assert ex(dev, 0xCB).status == CE_DE                # mode sets need no tape
    s = sense(dev)                                     # unsolicited sense: not ready
    assert s[0] == INTREQ and s[1] & TUB


def test_rewind_unload_then_load_presents_device_end(tmp_path, tape):
    seen = []
    tape.on_attention = lambda dev, status: seen.append(status)
    assert ex(tape, 0x0F).status == CE_DE
    assert not tape.ready()
    assert ex(tape, 0x02).status == UC and sense(tape)[0] & INTREQ
    path = make_tape(tmp_path / "b.aws", [b"B"])
    assert tape.load(str(path), [])
    assert seen == [UNIT_DE]
    assert ex(tape, 0x02).data == b"B"


def test_invalid_commands_and_sense_id(tape):
    for cmd in (0x05, 0x06, 0x0B, 0x22, 0xE4):          # E4: no SENSE ID on a 3803
        assert ex(tape, cmd).status == UC
        assert sense(tape)[0] == CMDREJ
    dev = TapeDevice.from_config(0x590, "3480", ["*"], None)
    r = ex(dev, 0xE4)
    assert r.status == CE_DE and r.data == bytes.fromhex("FF348001348001")


def test_data_security_erase_must_follow_erase_gap(tmp_path):
    path = make_tape(tmp_path / "d.aws", [b"1", b"2", b"3"])
    dev = TapeDevice.from_config(0x580, "3420", [str(path)], None)
    ex(dev, 0x02)
    dev.chain_begin()
    assert ex(dev, 0x97).status == UC and sense(dev)[0] == CMDREJ
    dev.chain_end()
    dev.chain_begin()
    assert ex(dev, 0x17).status == CE_DE
    assert ex(dev, 0x97).status == CE_DE
    dev.chain_end()
    assert path.stat().st_size == 7


def test_end_of_tape_marker_and_physical_end(tmp_path):
    path = tmp_path / "e.aws"
    dev = TapeDevice.from_config(0x580, "3420", [str(path), "maxsize=10K", "eotmargin=4K"],
                                 None)
    statuses = [ex(dev, 0x01, b"z" * 1000, 1000).status for _ in range(10)]
    # offset + 4096 > 10240 once offset > 6144: from the 7th block (offset 7042) on
    assert statuses == [CE_DE] * 6 + [UX] * 4
    s = sense(dev)
    assert s[4] & 0x40                                   # tape indicate
    r = ex(dev, 0x01, b"z" * 1000, 1000)                 # 10060 + 1006 > 10240: full
    assert r.status == UC
    s = sense(dev)
    assert s[0] & EQUIPCK
    assert path.stat().st_size == 10060


def test_corrupt_image_gives_data_check_once_and_clear_message(tmp_path):
    path = make_tape(tmp_path / "c.het", [b"Q" * 2000, b"R" * 2000], cls=HETTape)
    raw = bytearray(path.read_bytes())
    raw[12] ^= 0x55
    path.write_bytes(raw)
    dev = TapeDevice.from_config(0x580, "3420", [str(path)], None)
    assert ex(dev, 0x02).status == UC
    s = sense(dev)
    assert s[0] == DATACK
    assert len(dev.messages) == 1 and "\n" not in dev.messages[0]
    assert ex(dev, 0x37).status == CE_DE                 # skip the bad block
    assert ex(dev, 0x02).data == b"R" * 2000


def test_torn_image_reported_at_mount(tmp_path):
    path = make_tape(tmp_path / "t.aws", [b"A" * 50, b"B" * 50])
    path.write_bytes(path.read_bytes()[:-10])
    dev = TapeDevice.from_config(0x580, "3420", [str(path)], None)
    assert len(dev.messages) == 1 and "torn" in dev.messages[0]
    assert ex(dev, 0x02).data == b"A" * 50
    assert ex(dev, 0x02).status == UC and sense(dev)[0] == DATACK


def test_config_options(tmp_path):
    path = make_tape(tmp_path / "o.het", [b"x"], cls=HETTape)
    dev = TapeDevice.from_config(0x580, "3420", [str(path), "noring", "compress=0",
                                                 "bogus=1", "maxsizeM=1"], None)
    assert dev.image.readonly and dev.image.maxsize == 1 << 20
    assert dev.image.compress is False
    assert len(dev.messages) == 1 and "bogus=1" in dev.messages[0]
    bad = TapeDevice.from_config(0x581, "3420", [str(tmp_path)], None)
    assert not bad.ready() and len(bad.messages) == 1


def test_ipl_read_at_load_point(tmp_path):
    ipl = bytes.fromhex("000000000000200000000000") + bytes(12)
    path = make_tape(tmp_path / "ipl.aws", [ipl, b"next"])
    dev = TapeDevice.from_config(0x580, "3420", [str(path)], None)
    r = ex(dev, 0x02, count=24)
    assert r.status == CE_DE and r.data == ipl
