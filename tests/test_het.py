"""HET images against Hercules 3.13's own tools (hetinit, hetupd, hetmap, tapemap,
hetget): their images read by us, ours byte-identical to theirs and read by them.
Note: Hercules 3.13's hetlib handles blocks of at most 65,535 bytes."""

import random
import re
import shutil
import subprocess
import zlib

import pytest

from media.tape.aws import AWSTape
from media.tape.het import HETTape
from media.tape.image import EOT, TAPEMARK, TapeDataError, open_tape

for tool in ("hetinit", "hetupd", "hetmap", "tapemap", "hetget"):
    assert shutil.which(tool), f"Hercules tool {tool} missing (Debian package hercules)"


def run(*args):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True,
                          text=True).stdout


def records(tape):
    out = []
    while (b := tape.read_forward()) is not EOT:
        out.append(b)
    return out


def sample_blocks():
    r = random.Random(7)
    seq = []
    for n in (80, 32760, 65535, 4096, 1, 5000):
        seq.append(bytes(r.getrandbits(8) for _ in range(n // 2)) + b"\x40" * (n - n // 2))
    seq += [None, b"X" * 60000, None, None]
    return seq


def write_all(tape, seq):
    with tape:
        for b in seq:
            tape.write_tapemark() if b is None or b is TAPEMARK else tape.write(b)


def test_hetinit_default_is_zlib_level4_and_we_match_it(tmp_path):
    herc = tmp_path / "h.het"
    run("hetinit", herc, "TAPE02", "OWNER")
    raw = herc.read_bytes()
    assert raw[0:6] == bytes([0x1F, 0, 0, 0, 0xA1, 0]) and raw[6:8] == b"\x78\x5e"
    with HETTape(herc, readonly=True) as t:
        recs = records(t)
    assert recs[0][:4] == "VOL1".encode("cp037") and len(recs[0]) == 80
    assert recs[1][:4] == "HDR1".encode("cp037") and recs[2] is TAPEMARK
    ours = tmp_path / "o.het"
    write_all(HETTape(ours), recs)
    assert ours.read_bytes() == raw


@pytest.mark.parametrize("flags, opts", [
    (["-z", "-c", "4096"], dict(chunksize=4096)),
    (["-b"], dict(method="bzip2")),
    (["-9"], dict(level=9)),
    (["-d", "-c", "4096"], dict(compress=False, chunksize=4096)),
])
def test_byte_identical_to_hetupd(tmp_path, flags, opts):
    seq = sample_blocks()
    src = tmp_path / "src.aws"
    write_all(AWSTape(src), seq)
    herc = tmp_path / "h.het"
    run("hetupd", *flags, src, herc)
    ours = tmp_path / "o.het"
    write_all(HETTape(ours, **opts), seq)
    assert ours.read_bytes() == herc.read_bytes()
    with HETTape(herc, readonly=True) as t:
        assert records(t) == [TAPEMARK if b is None else b for b in seq]


def test_hetupd_decompresses_our_het_back_to_the_aws(tmp_path):
    seq = sample_blocks()
    aws, het, back = tmp_path / "a.aws", tmp_path / "c.het", tmp_path / "b.aws"
    write_all(AWSTape(aws), seq)
    write_all(HETTape(het, chunksize=4096), seq)
    run("hetupd", "-d", het, back)
    assert back.read_bytes() == aws.read_bytes()


def test_hetmap_and_tapemap_read_our_tape(tmp_path):
    seq = sample_blocks()
    het = tmp_path / "m.het"
    write_all(HETTape(het), seq)
    out = run("hetmap", "-f", het)
    files = re.findall(r"File #\s+: (\d+)\s+Blocks\s+: (\d+)\s+Min Blocksize\s+: (\d+)\s+"
                       r"Max Blocksize\s+: (\d+)\s+Uncompressed bytes\s+: (\d+)", out)
    assert files == [("1", "6", "1", "65535", str(sum(len(b) for b in seq[:6]))),
                     ("2", "1", "60000", "60000", "60000"), ("3", "0", "0", "0", "0")]
    aws = tmp_path / "m.aws"                  # tapemap does not decompress: give it AWS
    write_all(AWSTape(aws), seq)
    out = run("tapemap", aws)
    assert "File 1: Blocks=6, block size min=1, max=65535" in out
    assert "File 2: Blocks=1, block size min=60000, max=60000" in out
    assert "End of tape." in out


def test_hetget_extracts_our_file(tmp_path):
    seq = sample_blocks()
    het = tmp_path / "g.het"
    write_all(HETTape(het, method="bzip2"), seq)
    out = tmp_path / "file1.bin"
    run("hetget", "-n", het, out, "1", "U", "0", "65535")
    assert out.read_bytes() == b"".join(seq[:6])


def test_incompressible_block_stored_plain(tmp_path):
    p = tmp_path / "r.het"
    r = random.Random(1)
    data = bytes(r.getrandbits(8) for _ in range(3000))
    with HETTape(p) as t:
        t.write(data)
    raw = p.read_bytes()
    assert raw[:6] == bytes([0xB8, 0x0B, 0, 0, 0xA0, 0]) and raw[6:] == data


def test_bustech_zlib_flag_is_read(tmp_path):
    body = zlib.compress(b"A" * 500)
    p = tmp_path / "bt.het"
    p.write_bytes(bytes([len(body), 0, 0, 0, 0xA0, 0x80]) + body)
    with HETTape(p, readonly=True) as t:
        assert t.read_forward() == b"A" * 500


def test_corrupt_compressed_block_is_data_check(tmp_path):
    p = tmp_path / "c.het"
    with HETTape(p) as t:
        t.write(b"B" * 1000)
        t.write(b"C" * 1000)
    raw = bytearray(p.read_bytes())
    raw[10] ^= 0xFF                                    # inside the first zlib stream
    p.write_bytes(raw)
    with HETTape(p, readonly=True) as t:
        assert t.damage is None                        # headers are fine
        with pytest.raises(TapeDataError) as exc:
            t.read_forward()
        assert "block 0" in str(exc.value) and "\n" not in str(exc.value)
        assert t.position().block == 0
        assert t.forward_space_block() > 0             # skip it, read the next
        assert t.read_forward() == b"C" * 1000


def test_het_options_and_kind_by_name(tmp_path):
    assert isinstance(open_tape(tmp_path / "a.HET"), HETTape)
    assert type(open_tape(tmp_path / "a.aws")) is AWSTape
    with pytest.raises(Exception) as exc:
        HETTape(tmp_path / "x.het", level=12)
    assert "level" in str(exc.value)
