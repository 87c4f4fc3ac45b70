"""s370-dasdinit / s370-dasdcopy / s370-dasdls, checked against Hercules 3.13's
dasdinit, dasdcopy and dasdls on the same volumes."""

import os
import random
import subprocess

import pytest

from tools.dasd import dasdcopy_main, dasdinit_main, dasdls_main
from media.ckd.image import open_image
from media.ckd.track import Record, build_track, r0


def herc(*args, cwd):
    p = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout + p.stderr


def test_dasdinit_matches_hercules_for_each_option(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for opts, size in ((["-z"], []), (["-bz2", "-a"], []), (["-0"], ["7"]), ([], ["4"]),
                       (["-z", "-r"], None)):
        tail = (["2"] if size is None else ["VOLT"] + size)
        for f in ("h", "o"):
            if os.path.exists(f):
                os.unlink(f)
        herc("dasdinit", *opts, "h", "3350", *tail, cwd=tmp_path)
        assert dasdinit_main([*opts, "o", "3350", *tail]) == 0
        assert open("o", "rb").read() == open("h", "rb").read(), opts


def test_dasdinit_errors_are_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert dasdinit_main(["x.ckd", "3333", "VOL001"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown CKD device type") and err.count("\n") == 1
    assert dasdinit_main(["x.ckd", "3330", "TOOLONGSER"]) == 1
    assert "invalid volume serial" in capsys.readouterr().err
    assert dasdinit_main(["x.ckd"]) == 1
    assert "usage" in capsys.readouterr().err
    assert not os.path.exists("x.ckd")


def test_dasdcopy_both_directions_and_hercules_reads_result(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert dasdinit_main(["a.ckd", "3380", "VOLA", "3"]) == 0
    im = open_image("a.ckd")
    rng = random.Random(9)
    for trk in (1, 16, 44):
        c, h = divmod(trk, 15)
        recs = [r0(c, h)] + [Record(c, h, i, b"", bytes([i]) * 3000 + os.urandom(64))
                             for i in range(1, 4)]
        im.write_track(trk, build_track(c, h, recs))
    im.close()
    assert dasdcopy_main(["-bz2", "a.ckd", "b.cckd"]) == 0
    assert dasdcopy_main(["b.cckd", "c.ckd"]) == 0
    assert open("c.ckd", "rb").read() == open("a.ckd", "rb").read()
    out = herc("cckdcdsk", "-ro", "-2", "b.cckd", cwd=tmp_path)
    assert "HHCCU" not in out
    herc("dasdcopy", "-q", "b.cckd", "h.ckd", cwd=tmp_path)
    assert open("h.ckd", "rb").read() == open("a.ckd", "rb").read()
    # and the other way: Hercules compresses, we read
    herc("dasdcopy", "-q", "-z", "a.ckd", "hz.cckd", cwd=tmp_path)
    assert dasdcopy_main(["-o", "CKD", "hz.cckd", "d.ckd"]) == 0
    assert open("d.ckd", "rb").read() == open("a.ckd", "rb").read()
    assert dasdcopy_main(["a.ckd", "b.cckd"]) == 1                 # exists, no -r
    assert "exists" in capsys.readouterr().err


def test_dasdcopy_bad_input_leaves_nothing_behind(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    open("junk", "wb").write(b"hello" * 200)
    assert dasdcopy_main(["junk", "out.cckd"]) == 1
    assert "not a CKD image" in capsys.readouterr().err
    assert sorted(os.listdir(".")) == ["junk"]


def test_dasdls_volser(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    herc("dasdinit", "-z", "h.cckd", "3390", "MYVOL", "2", cwd=tmp_path)
    assert dasdls_main(["h.cckd"]) == 0
    assert "VOLSER=MYVOL" in capsys.readouterr().out


def test_dasdcopy_interrupted_by_ctrl_c_removes_its_temporary_file(tmp_path, capsys, monkeypatch):
    import media.ckd.image as image_mod
    monkeypatch.chdir(tmp_path)
    assert dasdinit_main(["-z", "src.cckd", "3330", "SRC001", "2"]) == 0
    real_null_track, calls = image_mod.null_track, []

    def interrupted_after_a_few(*args):
        calls.append(args)
        if len(calls) == 10:
            assert any(n.startswith(".tmp-") for n in os.listdir("."))   # it was being written
            raise KeyboardInterrupt
        return real_null_track(*args)

    monkeypatch.setattr(image_mod, "null_track", interrupted_after_a_few)
    capsys.readouterr()
    assert dasdcopy_main(["-cyls", "5", "src.cckd", "out.ckd"]) == 1
    assert capsys.readouterr().err.strip() == "interrupted"
    assert sorted(os.listdir(".")) == ["src.cckd"]


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_dasdcopy_killed_by_a_signal_removes_its_temporary_file(tmp_path, signame):
    import signal
    import sys
    import time
    assert dasdinit_main(["-z", str(tmp_path / "src.cckd"), "3330", "SRC001", "2"]) == 0
    sig = getattr(signal, signame)
    # a big output (CKD images are written in full) so the copy is still running when hit
    p = subprocess.Popen([sys.executable, "-c",
                          "import sys; from tools.dasd import dasdcopy_main; "
                          "sys.exit(dasdcopy_main(['-cyls', '3000', 'src.cckd', 'out.ckd']))"],
                         cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(n.startswith(".tmp-") for n in os.listdir(tmp_path)):
        assert p.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    p.send_signal(sig)
    err = p.communicate(timeout=60)[1]
    assert p.returncode == (1 if sig == signal.SIGINT else 128 + sig)
    assert err.strip() == ("interrupted" if sig == signal.SIGINT else f"terminated by signal {sig}")
    assert sorted(os.listdir(tmp_path)) == ["src.cckd"]
