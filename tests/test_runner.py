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


# A program that writes a line to the telnet console at 01F over and over:
# SIO 01F; TIO 01F until not busy; again.
CHATTY = bytes.fromhex(
    "D2030048 0420"        # 400 MVC X'48'(4),X'420'   CAW -> CCW at X'428'
    "9C00001F"             # 406 SIO X'01F'
    "9D00001F"             # 40A TIO X'01F'
    "4720040A"             # 40E BC  2,X'40A'  (busy: test again)
    "47F00406"             # 412 B   X'406'
    "0000"                 # 416
    "00000000 00000000"    # 418
    "00000428 00000000"    # 420 CAW value, pad
    "09000430 20000009"    # 428 CCW write CR, 9 bytes at X'430', SLI
) + "VANISHING".encode("cp037")


def test_client_vanishing_mid_write_does_not_kill_the_machine(tmp_path):
    """A telnet client that resets its connection while the console writes to it: the
    runner must go on (it once died of SIGPIPE, exit 141, with no message)."""
    import socket
    import struct
    import time
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    card1 = bytes.fromhex("00000000 00000400" "02000400 20000050").ljust(80, b"\0")
    deck = tmp_path / "chatty.deck"
    deck.write_bytes(card1 + CHATTY.ljust(80, b"\0"))
    conf = tmp_path / "chatty.conf"
    conf.write_text(f"ARCHMODE S/370\nMAINSIZE 1\nCNSLPORT 127.0.0.1:{port}\n"
                    f"000C 3505 {deck} ebcdic\n0009 3215-C /\n001F 3215\n")
    p = subprocess.Popen([sys.executable, "-m", "s370.runner", "run", str(conf)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=os.getcwd())
    try:
        for _ in range(600):                   # the terminal server is up (core cached)
            try:
                client = socket.create_connection(("127.0.0.1", port), timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the terminal server never listened")
        p.stdin.write("ipl 00c\n")
        p.stdin.flush()
        client.settimeout(20)
        got = b""
        while b"VANISHING" not in got:         # line mode after the negotiation deadline
            chunk = client.recv(4096)
            assert chunk, "server closed the connection"
            got += chunk
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()                         # reset while the program keeps writing
        time.sleep(2)
        assert p.poll() is None, f"runner died: rc={p.returncode}"
        out, err = p.communicate("quit\n", timeout=60)
        assert p.returncode == 0, err
        assert "Traceback" not in err
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
