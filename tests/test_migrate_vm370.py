"""Live migration between two ``vm370`` processes on one host (issue 12 item 4): a CMS
user at a real 3270 client (s3270) runs an EXEC that turns every word typed into a file
on its A-disk; it is moved from system A to system VMB (on A's volume files) while words
are being typed; the client's session goes on at VMB with no keystroke and no file lost,
A logs it off quietly, and the minidisk guard keeps a second system from writing the disk."""

from __future__ import annotations

import os
import threading
import time

import pytest

from s370.tn3270.clients import S3270
from vm370.pair import DOWNTIME, migrate, put_file, start_pair, user_files

# the lesson's EXEC: every word typed becomes the file WORD DATA A (a copy of TYPER EXEC),
# GOT n counts them; seven WORDS, so the screen holds them all (no MORE...)
from lessons.live_migration import TYPER, WORDS


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    base = tmp_path_factory.mktemp("pair")
    a = b = None
    try:
        a, b = start_pair(str(base))
        put_file(a.state_dir, "CMSUSER", "TYPER", "EXEC", TYPER)
        yield a, b
    finally:
        for p in (a, b):
            if p is not None:
                p.shutdown()


def test_cms_user_typing_into_an_exec_is_migrated_with_its_terminal(pair):
    a, b = pair
    pw = a.passwords()["CMSUSER"]
    result = {}
    with S3270("3279-2") as c:
        c.do(f"Connect(127.0.0.1:{a.port})")
        c.wait_for_text("VM/370 ONLINE", timeout=30)
        c.enter(f"logon cmsuser {pw}")
        c.wait_for_text("CMS VERSION", timeout=60)
        c.wait_for_text("VM READ", timeout=30)
        c.enter("typer")
        mover = threading.Thread(target=lambda: result.update(zip(("text", "fig"),
                                                                  migrate(a, b, "CMSUSER"))))
        # typed as a person types: the next word when the EXEC has answered the last one
        # (CP takes one line of type-ahead; more would be NOT ACCEPTED, moving or not)
        for n, w in enumerate(WORDS, 1):
            if n == 3:
                mover.start()                      # words 3.. are typed while it moves
            c.enter(w)
            c.wait_for_text(f"GOT {n} {w} RC 0", timeout=30)
            if n == 5:
                mover.join(120)
                assert result.get("fig") is not None, result
                assert result["fig"]["target"] == "VMB"
        c.enter("END")
        screen = c.wait_for_text(f"DONE {len(WORDS)}", timeout=30)
        # the session is VMB's now: CP answers there, and A has nobody but its operator
        assert any(line.startswith("RECONNECTED AT ") and line.rstrip().endswith(" ON VMB")
                   for line in screen), screen
        assert "CMSUSER" in " ".join(b.send("QUERY NAMES", expect="CMSUSER").lines)
        assert "CMSUSER" not in " ".join(a.send("QUERY NAMES").lines)
        assert "CMSUSER MIGRATED TO VMB" in b.out + a.out or "MIGRATED AS CMSUSER" in b.out
        assert not any("LOGOFF" in line for line in screen)     # A said nothing of it
        b.send("FORCE CMSUSER")
        c.wait_for_text("VM/370 ONLINE", timeout=30)
    print(f"\ninter-process migration downtime: {result['fig']['downtime_ms']:.1f} ms, "
          f"rounds {result['fig']['rounds']}")
    files = user_files(a.state_dir, "CMSUSER")
    typer = files[("TYPER", "EXEC")]
    for w in WORDS:                                # every keystroke became its file
        assert files.get((w, "DATA")) == typer, w
    assert sorted(k for k in files if k[1] == "DATA") == sorted((w, "DATA") for w in WORDS)


def test_a_second_system_gets_a_minidisk_in_use_read_only(pair):
    a, b = pair
    pw = a.passwords()["USER1"]
    assert a.send(f"AUTOLOG USER1 {pw}", expect="AUTO LOGON", timeout=60).ok
    try:
        reply = b.send(f"AUTOLOG USER1 {pw}", expect="AUTO LOGON", timeout=60)
        assert reply.ok
        time.sleep(1.0)
        lines = b.send("#CP QUERY VIRTUAL 191", user="USER1", expect="191").lines
        assert any("191" in l and "R/O" in l for l in lines), lines
    finally:
        for p in (a, b):
            p.send("FORCE USER1", timeout=10)


def test_migrate_refusals_leave_the_user_running(pair):
    a, b = pair
    out = a.send("MIGRATE NOBODY TO VMB", expect="DMKCFM|FAILED").lines
    assert any("NOT LOGGED ON" in l for l in out), out
    out = a.send("MIGRATE OPERATOR TO NOWHERE", expect="FAILED|DMK").lines
    assert any("DMKCFM002E" in l or "NOT KNOWN" in l for l in out), out
    pw = a.passwords()["USER2"]
    assert a.send(f"AUTOLOG USER2 {pw}", expect="AUTO LOGON", timeout=60).ok
    assert b.send(f"AUTOLOG USER2 {pw}", expect="AUTO LOGON", timeout=60).ok
    try:
        out = a.send("MIGRATE USER2 TO VMB", expect="FAILED|MIGRATED", timeout=60).lines
        assert any("ALREADY LOGGED ON AT VMB" in l for l in out), out
        assert "USER2" in " ".join(a.send("QUERY NAMES").lines)
    finally:
        for p in (a, b):
            p.send("FORCE USER2", timeout=10)
