"""Lesson live-migration: a CMS user running an EXEC is moved between two running
systems while the class watches its 3270 terminal keep working; downtime measured.

Two ``vm370`` processes run on this machine: A, and VMB whose SYSTEM.CONF names A's
volume files (``vm370.migration.share_system``).  A real 3270 emulator (s3270) logs
CMSUSER on at A and starts TYPER EXEC, which turns every word typed into a file on
the user's A-disk and answers ``GOT n word``.  In the middle of the typing the
operator types ``MIGRATE CMSUSER TO VMB`` (``vm370 migrate CMSUSER --to B``): the
storage is copied while CMS runs on, the last changed 2K blocks, registers, PSW,
timers and devices in a short stop-and-copy, and the TN3270 connection itself is
passed to VMB over a Unix socket.  The emulator never reconnects; one line says
``RECONNECTED AT ... ON VMB``.  Then USER1 idle at Ready and USER2 busy in an EXEC
loop are moved back and forth to measure the downtime of each.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

from s370.tn3270.clients import S3270
from vm370.pair import BUSY_EXEC, migrate, put_file, start_pair, user_files

from .base import Context, LessonError, Result
from .show import bar_plot, screenshot

TYPER = ["&CONTROL OFF", "&N = 0",
         "-LOOP &READ ARGS",
         "&IF &1 EQ END &GOTO -DONE",
         "&N = &N + 1",
         "COPYFILE TYPER EXEC A &1 DATA A",
         "&TYPE GOT &N &1 RC &RETCODE",
         "&GOTO -LOOP",
         "-DONE &TYPE DONE &N"]
WORDS = [f"WORD{n:02d}" for n in range(1, 8)]


def _type(c, text: str) -> None:
    c.do("Wait(30,Unlock)")
    c.do(f'String("{text}")')
    c.do("Enter")


def _terminal_demo(ctx, a, b, rows) -> tuple[dict, list[str]]:
    """The watched user: typing into TYPER while it moves.  (figures, final screen)"""
    pw = a.passwords()["CMSUSER"]
    result: dict = {}
    with S3270("3279-2") as c:
        c.do(f"Connect(127.0.0.1:{a.port})")
        c.wait_for_text("VM/370 ONLINE", timeout=30)
        _type(c, f"logon cmsuser {pw}")
        c.wait_for_text("CMS VERSION", timeout=60)
        c.wait_for_text("VM READ", timeout=30)
        _type(c, "typer")
        mover = threading.Thread(target=lambda: result.update(
            zip(("text", "fig"), migrate(a, b, "CMSUSER"))))
        for n, w in enumerate(WORDS, 1):
            if n == 3:
                ctx.say("   ... the operator types MIGRATE CMSUSER TO VMB while the user types on")
                mover.start()
            _type(c, w)
            c.wait_for_text(f"GOT {n} {w} RC 0", timeout=30)
            if n == 5:
                mover.join(120)
        _type(c, "END")
        screen = c.wait_for_text(f"DONE {len(WORDS)}", timeout=30)
        b.send("FORCE CMSUSER")
    fig = result.get("fig")
    if fig is None:
        raise LessonError(f"the migration failed: {result.get('text')}")
    rows.append(["CMSUSER (typing, 3270)", "A -> VMB", "/".join(map(str, fig["rounds"])),
                 fig["final_blocks"], fig["downtime_ms"]])
    done = [line for line in screen if line.startswith("DONE ")]
    got = int(done[0].split()[1]) if done else 0
    reconnected = any(line.startswith("RECONNECTED AT") for line in screen)
    return {"words_typed": len(WORDS), "words_received": got, "reconnected": reconnected,
            "downtime_typing_ms": fig["downtime_ms"]}, screen


def _downtimes(ctx, a, b, user, kind, moves, rows) -> list[float]:
    pw = a.passwords()[user]
    if not a.send(f"AUTOLOG {user} {pw}", expect="AUTO LOGON", timeout=60).ok:
        raise LessonError(f"AUTOLOG {user} failed")
    time.sleep(1.5)                                       # CMS IPLs and reaches Ready
    if kind == "busy":
        a.send("BUSY", user=user, timeout=1)
        time.sleep(0.5)
    here, there = a, b
    out = []
    for _ in range(moves):
        text, fig = migrate(here, there, user)
        if fig is None:
            raise LessonError(f"migrating {user} failed: {text.strip()}")
        rows.append([f"{user} ({kind})", f"{_name(here)} -> {_name(there)}",
                     "/".join(map(str, fig["rounds"])), fig["final_blocks"], fig["downtime_ms"]])
        out.append(fig["downtime_ms"])
        here, there = there, here
    here.send(f"FORCE {user}")
    return out


def _name(p) -> str:
    return "A" if p.state_dir.endswith("A") else "VMB"


def run(ctx: Context) -> Result:
    tmp = tempfile.TemporaryDirectory(prefix="vm370-migration-")
    base = Path(tmp.name) if ctx.dir is None else Path(ctx.dir)
    moves = 2 if ctx.quick else 6
    rows: list[list] = []
    a = b = None
    try:
        ctx.say("Two VM/370 systems start on this machine: A, and VMB on A's volume files.")
        a, b = start_pair(str(base))
        put_file(a.state_dir, "CMSUSER", "TYPER", "EXEC", TYPER)
        for user in ("USER2",):
            put_file(a.state_dir, user, "BUSY", "EXEC", BUSY_EXEC)
        ctx.say("CMSUSER logs on at A with a 3270 emulator and types words into TYPER EXEC;")
        ctx.say("each word becomes a file on its A-disk.")
        figures, screen = _terminal_demo(ctx, a, b, rows)
        ctx.say(f"   DONE {figures['words_received']}: every word typed arrived, "
                f"the terminal never reconnected ({figures['downtime_typing_ms']:.1f} ms held).")
        shot = screenshot(screen, ctx.out / "live-migration-screen.png",
                          "CMSUSER's 3270 after MIGRATE CMSUSER TO VMB")
        files = user_files(a.state_dir, "CMSUSER")
        typer = files.get(("TYPER", "EXEC"))
        figures["files_equal"] = all(files.get((w, "DATA")) == typer for w in WORDS)
        figures["files_lost"] = sum(1 for w in WORDS if (w, "DATA") not in files)
        ctx.say("Now the downtime: USER1 idle at Ready, USER2 busy in an EXEC loop, moved back "
                "and forth.")
        idle = _downtimes(ctx, a, b, "USER1", "idle", moves, rows)
        busy = _downtimes(ctx, a, b, "USER2", "busy", moves, rows)
    finally:
        for p in (a, b):
            if p is not None:
                p.shutdown()
        tmp.cleanup()
    figures.update(downtime_idle_ms=statistics.median(idle), downtime_busy_ms=statistics.median(busy),
                   lost=figures["words_typed"] - figures["words_received"] + figures["files_lost"])
    plot = bar_plot(ctx.out / "live-migration-downtime.png", [f"move {i + 1}" for i in range(moves)],
                    {"idle CMS user": idle, "busy CMS user": busy},
                    "Live migration: downtime (stop-and-copy) per move", "milliseconds")
    return Result(headers=["user", "move", "pre-copy rounds (blocks)", "final blocks",
                           "downtime ms"], rows=rows, plots=[plot, shot], figures=figures)
