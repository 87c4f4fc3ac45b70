"""s370-tapemap / s370-tapecopy: output, AWS<->HET copies checked by Hercules' tools,
one-line errors (never a traceback) on bad input."""

import subprocess
import sys

from media.tape.aws import AWSTape
from tools.tape import tapecopy_main, tapemap_main
from media.tape.het import HETTape


def ebcdic(text: str) -> bytes:
    return text.ljust(80).encode("cp037")


def labelled_tape(path, cls=AWSTape, **kw):
    with cls(path, **kw) as t:
        t.write(ebcdic("VOL1TAPE07" + " " * 31 + "ME"))
        t.write(ebcdic("HDR1MY.DATA.SET     TAPE0700010001"))
        t.write_tapemark()
        for i in range(3):
            t.write(bytes([0xC1 + i]) * (1000 * (i + 1)))
        t.write_tapemark()
        t.write(ebcdic("EOF1MY.DATA.SET     TAPE0700010001"))
        t.write_tapemark()
        t.write_tapemark()
    return path


def test_tapemap_output(tmp_path, capsys):
    p = labelled_tape(tmp_path / "l.aws")
    assert tapemap_main([str(p)]) == 0
    out = capsys.readouterr().out
    assert "VOL1TAPE07" in out and "volume serial: TAPE07" in out and "owner: ME" in out
    assert "data set: MY.DATA.SET" in out
    assert "File 1: Blocks=2, block size min=80, max=80" in out
    assert "File 2: Blocks=3, block size min=1000, max=3000" in out
    assert "File 4: Blocks=0, block size min=0, max=0" in out
    assert "End of tape." in out
    assert tapemap_main(["--blocks", "--no-labels", str(p)]) == 0
    out = capsys.readouterr().out
    assert "block 3: 1000 bytes" in out and "block 2: tape mark" in out
    assert "volume serial" not in out


def test_tapecopy_aws_to_het_and_back(tmp_path, capsys):
    src = labelled_tape(tmp_path / "s.aws")
    het = tmp_path / "c.het"
    assert tapecopy_main([str(src), str(het), "-b", "-l", "9"]) == 0
    assert "6 blocks, 4 tape marks" in capsys.readouterr().out
    assert het.read_bytes()[4] == 0xA2                      # bzip2 method in flags1
    hetmap = subprocess.run(["hetmap", "-f", str(het)], capture_output=True, text=True).stdout
    assert "Uncompressed bytes  : 6000" in hetmap           # Hercules decompresses ours
    back = tmp_path / "b.aws"
    assert tapecopy_main([str(het), str(back)]) == 0
    assert back.read_bytes() == src.read_bytes()


def test_tapecopy_from_hercules_hetinit(tmp_path, capsys):
    h = tmp_path / "h.het"
    subprocess.run(["hetinit", str(h), "VOLABC", "OWNER"], check=True, capture_output=True)
    out = tmp_path / "h.aws"
    assert tapecopy_main([str(h), str(out)]) == 0
    tm = subprocess.run(["tapemap", str(out)], capture_output=True, text=True).stdout
    assert "VOL1VOLABC" in tm and "File 1: Blocks=2, block size min=80, max=80" in tm


def test_tool_errors_are_one_line(tmp_path, capsys):
    assert tapemap_main([str(tmp_path / "none.aws")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such tape image" in err
    torn = labelled_tape(tmp_path / "t.aws")
    torn.write_bytes(torn.read_bytes()[:200])
    dst = tmp_path / "out.het"
    assert tapecopy_main([str(torn), str(dst)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err
    assert not dst.exists() and list(tmp_path.glob(".tapecopy*")) == []
    assert tapecopy_main(["--salvage", str(torn), str(dst)]) == 1
    with HETTape(dst, readonly=True) as t:
        assert t.block_count == 3          # VOL1, HDR1, tape mark


def test_no_traceback_on_garbage(tmp_path):
    g = tmp_path / "g.aws"
    g.write_bytes(b"\x00\x01garbage" * 10)
    for tool in ("map", "copy"):
        args = [str(g)] if tool == "map" else [str(g), str(tmp_path / "o.het")]
        r = subprocess.run([sys.executable, "-m", "tools.tape", tool, *args],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout
        assert "damaged" in (r.stderr + r.stdout)
