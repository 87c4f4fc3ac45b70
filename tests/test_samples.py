"""The samples and the README's IPL walk-through: samples/hello.asm IPLed from a card
deck, a tape and a CKD disk built by s370-iplmake, on our machine and on Hercules 3.13
(the peer must reach the same console output and the same disabled wait), the
headless runner on samples/sample.conf, and samples/greet3270.asm through s3270."""

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from s370.cpu import layout as L
from s370.machine import Machine
from s370.tn3270.clients import S3270

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GREETING = "HELLO FROM SYSTEM/370, IPLED FROM DEVICE {:04X}"
# The disabled wait Hercules 3.13 shows after LPSW of X'00020000 00000000' (code 0); the
# 8 in byte 4 is the instruction-length code of the LPSW that loaded it.
DONE_PSW = "PSW=00020000 80000000"
MEDIA = {"card": (0x00C, "3505", "hello.ipl", "ebcdic"),
         "tape": (0x180, "3420", "hello.aws", ""),
         "disk": (0x130, "3330", "hello.3330", "")}


def iplmake(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "s370.iplmedia", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    d = tmp_path_factory.mktemp("media")
    r = iplmake(SAMPLES / "hello.asm", "--card", d / "hello.ipl", "--tape", d / "hello.aws",
                "--disk", d / "hello.3330")
    assert r.returncode == 0, r.stderr
    # a program of 64K on a 2311 (one 3625-byte record a track: the chain seeks over
    # heads and cylinders) and on a HET tape (several 32760-byte blocks)
    a = subprocess.run([sys.executable, "-m", "s370.asm.cli", SAMPLES / "hello.asm", "-o",
                        d / "hello.bin"], capture_output=True, text=True, timeout=120)
    assert a.returncode == 0, a.stderr
    body = (d / "hello.bin").read_bytes()
    (d / "big.bin").write_bytes(body + bytes(0x2000 - len(body)) + bytes(range(256)) * 224)
    r = iplmake(d / "big.bin", "--origin", "0x1000", "--disk", d / "big.2311", "--devtype", "2311",
                "--tape", d / "big.het")
    assert r.returncode == 0, r.stderr
    conf = d / "m.conf"
    conf.write_text("ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n0009 3215-C /\n"
                    + "".join(f"{n:04X} {t} {d / f} {o}\n" for n, t, f, o in MEDIA.values())
                    + f"0181 3420 {d / 'big.het'}\n0131 2311 {d / 'big.2311'}\n")
    return d


def test_iplmake_media_formats(media):
    cards = (media / "hello.ipl").read_bytes()
    assert len(cards) % 80 == 0
    assert cards[:8] == bytes.fromhex("00000000 00001000")      # IPL PSW: entry X'1000'
    assert cards[8] == 0x02 and cards[16] == 0x08                # READ next card, TIC
    raw = (media / "hello.aws").read_bytes()                     # AWS: 3 blocks, 2 tape marks
    assert raw[:6] == bytes([24, 0, 0, 0, 0xA0, 0])              # block 1: 24 bytes (PSW+2 CCWs)
    assert raw.endswith(bytes([0, 0]) + (238).to_bytes(2, "little") + bytes([0x40, 0])
                        + bytes([0, 0, 0, 0, 0x40, 0]))
    ls = subprocess.run([sys.executable, "-c", "from tools.dasd import dasdls_main; "
                         f"raise SystemExit(dasdls_main(['{media / 'hello.3330'}']))"],
                        capture_output=True, text=True, timeout=60)
    assert "VOLSER=IPLVOL" in ls.stdout


def test_shipped_sample_media_are_built_from_the_sources(tmp_path):
    r = iplmake(SAMPLES / "hello.asm", "--card", tmp_path / "hello.ipl", "--tape",
                tmp_path / "hello.aws", "--disk", tmp_path / "hello.3330", "--compress", "zlib")
    assert r.returncode == 0, r.stderr
    r = iplmake(SAMPLES / "greet3270.asm", "--card", tmp_path / "greet3270.ipl")
    assert r.returncode == 0, r.stderr
    for name in ("hello.ipl", "hello.aws", "hello.3330", "greet3270.ipl"):
        assert (SAMPLES / name).read_bytes() == (tmp_path / name).read_bytes(), \
            f"samples/{name} is stale: rebuild it as samples/sample.conf says"


@pytest.mark.parametrize("medium", ["card", "tape", "disk", "big-tape", "big-disk"])
def test_hello_ipl_on_our_machine(media, medium):
    devnum = {"big-tape": 0x181, "big-disk": 0x131}.get(medium) or MEDIA[medium][0]
    logs = []
    m = Machine.from_config(str(media / "m.conf"), clock="deterministic", log=logs.append)
    try:
        assert not [x for x in logs if "S370CF" in x], logs
        assert m.ipl(devnum)
        assert m.run(max_instructions=1_000_000) == L.EXIT_DISABLED_WAIT
        assert GREETING.format(devnum) in logs
        assert f"          {DONE_PSW}" in logs
        if medium.startswith("big"):
            assert m.cpu.read(0xF0F0, 16) == bytes(range(0xF0, 0x100))
            assert m.cpu.read(0xFFF0, 16) == bytes(range(0xF0, 0x100))
    finally:
        m.shutdown()


class Hercules:
    """Hercules 3.13 driven through EXTERNALGUI: panel commands on stdin, log on stdout."""

    def __init__(self, conf, cwd):
        self.proc = subprocess.Popen(["hercules", "-f", str(conf), "EXTERNALGUI"], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1,
                                     errors="replace")
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.until(lambda s: "HHCDG001I" in s or "HHCCP002I" in s, 20)   # panel ready

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, pred, timeout):
        seen, deadline = [], time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("Hercules did not answer:\n" + "\n".join(seen)) from None
            if line is None:
                raise AssertionError("Hercules ended:\n" + "\n".join(seen))
            seen.append(line)
            if pred(line):
                return seen

    def ipl(self, devnum):
        """IPL and return the log up to the PSW line of the disabled wait.  Right after a
        disabled wait Hercules may still reject an IPL (HHCPN053E): try again then."""
        for _ in range(50):
            self.send(f"ipl {devnum:03x}")
            seen = self.until(lambda s: s.strip().startswith("PSW=") or "HHCPN053E" in s, 30)
            if "HHCPN053E" not in seen[-1]:
                return seen
            time.sleep(0.1)
        raise AssertionError(f"Hercules rejects IPL {devnum:03X}")

    def send(self, cmd):
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()

    def close(self):
        try:
            self.send("quit")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def test_same_media_on_hercules(media):
    h = Hercules(media / "m.conf", media)
    try:
        for devnum in (0x00C, 0x180, 0x130, 0x181, 0x131):
            seen = h.ipl(devnum)
            assert GREETING.format(devnum) in seen, seen
            assert "HHCCP011I CPU0000: Disabled wait state" in seen
            assert seen[-1].strip() == DONE_PSW
        h.send("r FFF0.10")
        seen = h.until(lambda s: s.startswith("R:0000FFF0"), 10)
        assert seen[-1].startswith("R:0000FFF0:K:06=F0F1F2F3 F4F5F6F7 F8F9FAFB FCFDFEFF")
    finally:
        h.close()


def test_runner_ipls_the_sample_configuration():
    r = subprocess.run([sys.executable, "-m", "s370.runner", "run", "samples/sample.conf",
                        "--no-hub"], input="ipl 130\n", cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert GREETING.format(0x130) in r.stdout
    assert DONE_PSW in r.stdout
    assert "S370CF" not in r.stdout                      # every device statement works


def test_sample_configuration_on_hercules():
    h = Hercules(SAMPLES / "sample.conf", ROOT)
    try:
        seen = h.ipl(0x00C)
        assert GREETING.format(0x00C) in seen and seen[-1].strip() == DONE_PSW
    finally:
        h.close()


def test_greet3270_through_s3270():
    logs = []
    m = Machine.from_config(str(SAMPLES / "sample.conf"), log=logs.append)
    try:
        m.start_hub(port=0, host="127.0.0.1")
        assert m.ipl(0x012)
        m.start()                              # no terminal yet: waits for one to connect
        with S3270("3279-2") as c:
            c.do(f"Connect(127.0.0.1:{m.hub.port})")
            screen = c.wait_for_text("WHAT IS YOUR NAME?")
            assert screen[0].startswith("  S/370 STANDALONE 3270 SAMPLE")
            assert "PF3 ENDS THE PROGRAM." in screen[4]
            c.do("Wait(10,InputField)")
            c.do('String("Ada Lovelace")')
            c.do("Enter")
            screen = c.wait_for_text("HELLO, Ada Lovelace")
            assert screen[6].rstrip() == "  HELLO, Ada Lovelace"
            c.do('String("Grace")')                  # the field was cleared for the next name
            c.do("Enter")
            screen = c.wait_for_text("HELLO, Grace")
            assert screen[6].rstrip() == "  HELLO, Grace"
            c.do("PF(3)")
            c.wait_for_text("GOODBYE.")
            deadline = time.monotonic() + 10
            while m.running and time.monotonic() < deadline:
                time.sleep(0.02)
        assert not m.running
        assert m.psw_text() == "00020000 80000000"
    finally:
        m.shutdown()


def test_iplmake_errors_are_one_line(tmp_path):
    r = iplmake(tmp_path / "missing.asm", "--card", tmp_path / "x.ipl")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "cannot read" in r.stderr
    (tmp_path / "p.bin").write_bytes(b"\x07\xfe")
    r = iplmake(tmp_path / "p.bin", "--tape", tmp_path / "x.aws")
    assert r.returncode == 1 and "needs --origin" in r.stderr
    r = iplmake(tmp_path / "p.bin", "--origin", "0x1000", "--disk", tmp_path / "x.dsk",
                "--devtype", "9999")
    assert r.returncode == 1 and "unknown CKD device type" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "x.dsk").exists() and not (tmp_path / "x.aws").exists()
    assert os.listdir(tmp_path) == ["p.bin"]                  # no temporary files left
