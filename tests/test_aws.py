"""AWS tape images: header layout byte by byte (formats.md section 5, checked against
Hercules 3.13 hetinit -d), motion, damage detection, write consistency, EOT."""

import os
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from media.tape.aws import AWSTape, pack_header, unpack_header
from media.tape.image import (EOT, LOADPOINT, TAPEMARK, TapeDataError, TapeFull,
                         TapeWriteProtected, open_tape)


def ebcdic(text: str, width: int = 80) -> bytes:
    return text.ljust(width).encode("cp037")


VOL1 = ebcdic("VOL1TAPE01" + " " * 31 + "OWNER")
HDR1 = ebcdic("HDR1" + "0" * 76)


def records(tape):
    out = []
    while (b := tape.read_forward()) is not EOT:
        out.append(b)
    return out


def test_header_layout_matches_documented_example(tmp_path):
    # formats.md 5: hetinit -d t1.aws TAPE01 OWNER -> 178 bytes
    p = tmp_path / "t1.aws"
    with AWSTape(p) as t:
        t.write(VOL1)
        t.write(HDR1)
        t.write_tapemark()
        t.write_tapemark()
    raw = p.read_bytes()
    assert len(raw) == 178 + 6
    assert raw[0:6] == bytes.fromhex("500000 00A000".replace(" ", ""))
    assert raw[6:10] == bytes.fromhex("E5D6D3F1")                  # "VOL1"
    assert raw[0x56:0x5C] == bytes.fromhex("500050 00A000".replace(" ", ""))
    assert raw[0xAC:0xB2] == bytes.fromhex("000050004000")         # tape mark, prev 80
    assert raw[0xB2:0xB8] == bytes.fromhex("000000004000")         # second tape mark


def test_same_bytes_as_hercules_hetinit(tmp_path):
    herc = tmp_path / "h.aws"
    subprocess.run(["hetinit", "-d", str(herc), "TAPE01", "OWNER"], check=True,
                   capture_output=True)
    with AWSTape(herc, readonly=True) as t:
        recs = records(t)
    assert recs[0][:10] == ebcdic("VOL1TAPE01", 10) and recs[2] is TAPEMARK
    ours = tmp_path / "o.aws"
    with AWSTape(ours) as t:
        for r in recs:
            t.write_tapemark() if r is TAPEMARK else t.write(r)
    assert ours.read_bytes() == herc.read_bytes()


def test_pack_unpack_header():
    assert pack_header(0x1234, 0x50, 0xA0) == bytes([0x34, 0x12, 0x50, 0x00, 0xA0, 0x00])
    assert unpack_header(bytes([0xFF, 0xFF, 1, 0, 0x20, 0x80])) == (65535, 1, 0x20, 0x80)


def test_segmented_block_headers(tmp_path):
    p = tmp_path / "seg.aws"
    block = bytes(range(256)) * 39 + bytes(16)          # 10000 bytes
    with AWSTape(p, chunksize=4096) as t:
        t.write(block)
        t.write_tapemark()
    raw = p.read_bytes()
    # 4096 (flags 80) + 4096 (00) + 1808 (20): previous-length chains chunk to chunk
    assert raw[0:6] == bytes([0x00, 0x10, 0x00, 0x00, 0x80, 0x00])
    assert raw[4102:4108] == bytes([0x00, 0x10, 0x00, 0x10, 0x00, 0x00])
    assert raw[8204:8210] == bytes([0x10, 0x07, 0x00, 0x10, 0x20, 0x00])
    assert raw[10018:10024] == bytes([0x00, 0x00, 0x10, 0x07, 0x40, 0x00])
    with AWSTape(p) as t:
        assert t.read_forward() == block
        assert t.read_forward() is TAPEMARK
        assert t.read_forward() is EOT
        assert t.read_backward() is TAPEMARK
        assert t.read_backward() == block
        assert t.read_backward() is LOADPOINT


def test_motion_and_positions(tmp_path):
    p = tmp_path / "m.aws"
    with AWSTape(p) as t:
        for blk in (b"A1", b"A2", None, b"B1", None, None):
            t.write_tapemark() if blk is None else t.write(blk)
        t.rewind()
        assert t.at_load_point and t.file_number == 1
        assert t.forward_space_file() is None
        assert t.position().block == 3 and t.file_number == 2
        assert t.read_forward() == b"B1"
        assert t.backspace_file() is None              # back over the mark after A2
        assert t.position().block == 2 and t.file_number == 1
        assert t.backspace_block() == 2                # over A2
        assert t.backspace_file() is LOADPOINT and t.at_load_point
        assert t.backspace_block() is LOADPOINT
        assert t.forward_space_block() == 2
        assert t.forward_space_block() == 2
        assert t.forward_space_block() is TAPEMARK
        t.seek_block(6)
        assert t.forward_space_block() is EOT
        assert t.forward_space_file() is EOT


def test_write_in_middle_erases_rest(tmp_path):
    p = tmp_path / "w.aws"
    with AWSTape(p) as t:
        for b in (b"one", b"two", b"three"):
            t.write(b)
        t.rewind()
        t.read_forward()
        t.write(b"NEW")
    with AWSTape(p) as t:
        assert records(t) == [b"one", b"NEW"]
    assert p.stat().st_size == 2 * 6 + 6


def test_torn_tail_reported_in_one_line_and_repairable(tmp_path, caplog):
    p = tmp_path / "torn.aws"
    with AWSTape(p) as t:
        t.write(b"x" * 100)
        t.write(b"y" * 100)
    raw = p.read_bytes()
    p.write_bytes(raw[:-30])                          # crash during the second write
    with caplog.at_level("WARNING", logger="media.tape"):
        t = AWSTape(p)
    msgs = [r.getMessage() for r in caplog.records]
    assert len(msgs) == 1 and "\n" not in msgs[0] and "offset 106" in msgs[0]
    assert t.damage and "torn" in t.damage
    assert t.read_forward() == b"x" * 100
    with pytest.raises(TapeDataError):
        t.read_forward()
    assert t.position().block == 1                     # position unchanged by the error
    t.write(b"z" * 10)                                 # rewriting there repairs the tape
    t.close()
    with AWSTape(p) as t:
        assert t.damage is None and records(t) == [b"x" * 100, b"z" * 10]


@pytest.mark.parametrize("raw, word", [
    (bytes([5, 0, 0, 0, 0x00, 0]) + b"abcde", "start-of-block"),      # no BOR flag
    (bytes([5, 0, 0, 0, 0x80, 0]) + b"abcde" + bytes([1, 0, 5, 0, 0x80 | 0x20, 0]) + b"f",
     "middle"),
    (bytes([1, 0, 0, 0, 0x40, 0]), "tape mark header"),
    (bytes([0x50, 0, 0, 0]), "torn block header"),
    (bytes([3, 0, 0, 0, 0x81, 0]) + b"abc" + bytes([1, 0, 3, 0, 0x20, 0]) + b"d",
     "compression flags differ"),
])
def test_bad_headers_detected(tmp_path, raw, word):
    p = tmp_path / "bad.aws"
    p.write_bytes(raw)
    with AWSTape(p, readonly=True) as t:
        assert t.damage and word in t.damage and "\n" not in t.damage
        with pytest.raises(TapeDataError):
            records(t)


def test_read_only_image(tmp_path):
    p = tmp_path / "ro.aws"
    with AWSTape(p) as t:
        t.write(b"data")
    before = p.read_bytes()
    with AWSTape(p, readonly=True) as t:
        assert t.readonly
        for op in (lambda: t.write(b"x"), t.write_tapemark, t.erase_gap,
                   t.data_security_erase):
            with pytest.raises(TapeWriteProtected):
                op()
    assert p.read_bytes() == before


def test_maxsize_and_eot_margin(tmp_path):
    # Hercules: passed EOT when offset + eotmargin > maxsize (not at load point);
    # a write whose block would end beyond maxsize fails and changes nothing.
    p = tmp_path / "eot.aws"
    with AWSTape(p, maxsize=1000, eotmargin=500) as t:
        assert not t.passed_eot
        t.write(b"a" * 494)                 # ends at 500: 500 + 500 = 1000, not past
        assert not t.passed_eot
        t.write(b"b")                        # ends at 507
        assert t.passed_eot
        t.write(b"c" * 487)                  # ends at exactly 1000: allowed
        with pytest.raises(TapeFull):
            t.write_tapemark()
        size = p.stat().st_size
    assert size == 1000
    with AWSTape(p) as t:
        assert [len(b) for b in records(t)] == [494, 1, 487]


def test_data_security_erase_truncates(tmp_path):
    p = tmp_path / "dse.aws"
    with AWSTape(p) as t:
        for b in (b"1", b"2", b"3"):
            t.write(b)
        t.rewind()
        t.forward_space_block()
        t.data_security_erase()
    assert p.stat().st_size == 7


def test_missing_file_created_empty(tmp_path):
    p = tmp_path / "new.aws"
    with open_tape(p) as t:
        assert t.read_forward() is EOT
    assert p.exists() and p.stat().st_size == 0


blocks_strategy = st.lists(st.one_of(st.none(), st.binary(min_size=1, max_size=9000)),
                           max_size=12)


@settings(max_examples=40, deadline=None)
@given(blocks_strategy, st.sampled_from([4096, 5000, 65535]))
def test_roundtrip_forward_and_backward(tmp_path_factory, seq, chunk):
    p = tmp_path_factory.mktemp("rt") / "r.aws"
    with AWSTape(p, chunksize=chunk) as t:
        for b in seq:
            t.write_tapemark() if b is None else t.write(b)
    expect = [TAPEMARK if b is None else b for b in seq]
    with AWSTape(p) as t:
        assert t.damage is None
        assert records(t) == expect
        back = []
        while (b := t.read_backward()) is not LOADPOINT:
            back.append(b)
        assert back == expect[::-1]
    os.unlink(p)
