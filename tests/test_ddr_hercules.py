"""ddr and vmfplc2 against Hercules 3.13's own tools: volumes Hercules' dasdinit made
dump and restore byte for byte, our tapes map cleanly with tapemap and hetmap, restored
CCKD volumes pass cckdcdsk and dasdls sees them as it sees the originals."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from cms.fs import CMSDisk
from media.ckd.image import create_image
from tools.ddr import main as ddr
from tools.vmfplc2 import main as vmfplc2

for tool in ("dasdinit", "tapemap", "hetmap", "cckdcdsk", "dasdls"):
    assert shutil.which(tool), f"Hercules tool {tool} missing (Debian package hercules)"


def herc(*args, cwd):
    p = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout + p.stderr


@pytest.mark.parametrize("devtype,cyls", [("3330", 4), ("3350", 3), ("3380", 3)])
def test_hercules_volumes_dump_and_restore_byte_identical(tmp_path, capsys, devtype, cyls):
    herc("dasdinit", f"h.{devtype}", devtype, "HERC01", cyls, cwd=tmp_path)
    herc("dasdinit", "-z", "h.cckd", devtype, "HERC02", cyls, cwd=tmp_path)
    for name, tape in ((f"h.{devtype}", "t.aws"), ("h.cckd", "t.het")):
        assert ddr(["dump", str(tmp_path / name), str(tmp_path / tape), "-q"]) == 0
    assert ddr(["restore", str(tmp_path / "t.aws"), str(tmp_path / "r.ckd"), "-q"]) == 0
    assert (tmp_path / "r.ckd").read_bytes() == (tmp_path / f"h.{devtype}").read_bytes()
    assert ddr(["restore", str(tmp_path / "t.het"), str(tmp_path / "r.cckd"), "-q"]) == 0
    herc("cckdcdsk", "-ro", "-3", "r.cckd", cwd=tmp_path)
    assert herc("dasdls", "r.cckd", cwd=tmp_path) == herc("dasdls", "h.cckd", cwd=tmp_path)
    capsys.readouterr()


def test_tapemap_and_hetmap_read_our_ddr_tapes(tmp_path, capsys):
    herc("dasdinit", "v.3350", "3350", "HERC01", 2, cwd=tmp_path)
    assert ddr(["dump", str(tmp_path / "v.3350"), str(tmp_path / "t.aws"), "-q"]) == 0
    assert ddr(["dump", str(tmp_path / "v.3350"), str(tmp_path / "t.het"), "-q"]) == 0
    out = herc("tapemap", "t.aws", cwd=tmp_path)
    # VHR, 60 track headers (empty tracks: one 4096-byte block each), EOJ; two tapemarks
    assert "File 1: Blocks=62, block size min=80, max=4096" in out
    assert "File 2: Blocks=0" in out and "End of tape." in out
    out = herc("hetmap", "-f", "t.het", cwd=tmp_path)
    files = re.findall(r"File #\s+: (\d+)\s+Blocks\s+: (\d+)\s+Min Blocksize\s+: (\d+)\s+"
                       r"Max Blocksize\s+: (\d+)\s+Uncompressed bytes\s+: (\d+)", out)
    assert files[0] == ("1", "62", "80", "4096", str(80 + 60 * 4096 + 80))
    capsys.readouterr()


def test_tapemap_reads_our_vmfplc2_tape(tmp_path, capsys):
    create_image(str(tmp_path / "d.3350"), "3350", "CMS191", cyls=3)
    with CMSDisk.format(str(tmp_path / "d.3350"), "CMS191") as d:
        d.write("SMALL", "DATA", [b"\x40" * 80], "F", 80)               # 1 unit
        d.write("BIG", "DATA", [b"\xc1" * 80] * 60, "F", 80)            # 6 units
    assert vmfplc2(["dump", str(tmp_path / "f.aws"), "--disk", str(tmp_path / "d.3350")]) == 0
    out = herc("tapemap", "f.aws", cwd=tmp_path)
    # headers 77 bytes; data 805 (1 unit), then 4005 + 805 (6 units)
    assert "File 1: Blocks=5, block size min=77, max=4005" in out
    capsys.readouterr()
