"""The s370 runner headless: commands from stdin or an rc script (-r / HERCULES_RC),
exit status, one-line errors for bad configurations."""

import os
import subprocess
import sys

import pytest

# Card 1: IPL PSW + CCW reading card 2 to X'400'; card 2: write "RUNNER OK" on 009, then
# a disabled wait (hand-assembled: MVC CAW; SIO 009; LPSW done).
PROG = bytes.fromhex(
    "D2030048 0420"        # 400 MVC X'48'(4),X'420'   CAW -> CCW at X'428'
    "9C000009"             # 406 SIO X'009'  (immediate completion not needed: CC0 or 1)
    "82000410"             # 40A LPSW X'410'
    "0000"                 # 40E
    "00020000 00000E0E"    # 410 disabled wait PSW
    "00000000 00000000"    # 418
    "00000428 00000000"    # 420 CAW value, pad
    "09000430 00000009"    # 428 CCW write CR, 9 bytes at X'430'
) + "RUNNER OK".encode("cp037")


@pytest.fixture
def conf(tmp_path):
    card1 = bytes.fromhex("00000000 00000400" "02000400 20000050").ljust(80, b"\0")
    deck = tmp_path / "ipl.deck"
    deck.write_bytes(card1 + PROG.ljust(80, b"\0"))
    c = tmp_path / "m.conf"
    c.write_text(f"ARCHMODE S/370\nMAINSIZE 1\nPANRATE FAST\n000C 3505 {deck} ebcdic\n"
                 f"0009 3215-C /\n")
    return c


def s370(*args, stdin="", env=None):
    return subprocess.run([sys.executable, "-m", "s370.runner", *args], input=stdin,
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})), cwd=os.getcwd())


def test_headless_stdin_ipl_to_disabled_wait(conf):
    r = s370("run", str(conf), "--clock", "deterministic", stdin="ipl 00c\n")
    assert r.returncode == 0, r.stderr
    assert "RUNNER OK" in r.stdout
    assert "HHCCP011I CPU0000: Disabled wait state" in r.stdout
    assert "PSW=00020000 80000E0E" in r.stdout or "PSW=00020000 00000E0E" in r.stdout
    assert "PANRATE not supported" in r.stdout


def test_rc_script_and_env(conf, tmp_path):
    rc = tmp_path / "test.rc"
    rc.write_text("* start of script\nipl 00c\npause 3\nr 428.8\nquit\n")
    r = s370(str(conf), "-r", str(rc))
    assert r.returncode == 0, r.stderr
    assert "R:00000428:K:06=09000430 00000009" in r.stdout
    # without 'quit' the headless runner lets the program run to its disabled wait
    rc.write_text("* start of script\nipl 00c\n")
    r = s370(str(conf), env={"HERCULES_RC": str(rc)})
    assert "RUNNER OK" in r.stdout


def test_bad_configuration_one_line_error(tmp_path):
    c = tmp_path / "bad.conf"
    c.write_text("MAINSIZE 999\n")
    r = s370("run", str(c))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "MAINSIZE 999" in r.stderr
    r = s370("run", str(tmp_path / "missing.conf"))
    assert r.returncode == 1 and "no such configuration file" in r.stderr
    assert "Traceback" not in r.stderr


def test_help_lists_run_and_warmup_and_version():
    r = s370("--help")
    assert r.returncode == 0 and "run" in r.stdout and "warmup" in r.stdout
    r = s370("--version")
    assert r.returncode == 0 and r.stdout.strip() == "vm370 0.1.0"


def test_device_error_names_the_device_once(tmp_path):
    c = tmp_path / "bad.conf"
    c.write_text("ARCHMODE S/370\nMAINSIZE 1\n000C 3505 /nonexistent/deck.txt\n")
    r = s370("run", str(c), "--no-hub", stdin="quit\n")
    lines = [x for x in r.stdout.splitlines() if "S370CF002W" in x]
    assert len(lines) == 1, r.stdout
    assert lines[0].count("000C") == 1 and lines[0].count("3505") == 1


def test_tape_open_error_is_one_message_with_an_id(tmp_path):
    c = tmp_path / "tape.conf"
    c.write_text("ARCHMODE S/370\nMAINSIZE 1\n0180 3420 /nonexistent/dir/x.aws\n")
    r = s370("run", str(c), "--no-hub", stdin="quit\n")
    out = r.stdout + r.stderr
    hits = [x for x in out.splitlines() if "x.aws" in x]
    assert len(hits) == 1 and hits[0].startswith("HHCTA001E 0180"), out


def test_closed_stdout_ends_quietly(conf):
    """`s370 run conf | head -1`: the reader goes away; no traceback, no signal death."""
    p = subprocess.Popen([sys.executable, "-m", "s370.runner", "run", str(conf), "--no-hub"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         cwd=os.getcwd())
    p.stdout.close()
    _, err = p.communicate(b"devlist\ndevlist\ndevlist\nquit\n", timeout=120)
    assert p.returncode == 0 and b"Traceback" not in err
