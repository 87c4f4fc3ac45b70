"""Lesson disaster-recovery: a tape backup of the running system with DDR, the volumes
destroyed, a restore from the tapes, a restart, and every user's files back.

The steps are the ones README.md's "Disaster recovery" section gives as shell
commands, run here one by one and timed:

1. the system runs (``vm370 --dir A``) and its users work: each CMS user logs on
   (AUTOLOG) and copies a note the lesson left on its A-disk into a file of its
   own (``COPYFILE NOTE FILE A SAVED FILE A``), then sits at Ready;
2. ``ddr dump`` of every volume of SYSTEM.CONF to an AWS tape, while it runs;
3. SHUTDOWN, then the disaster: the volume files are deleted;
4. ``ddr restore`` of each tape onto a new volume file;
5. ``vm370 --dir A`` again (a warm start), a user logs on and lists its files;
6. every user's files are read from the restored volumes and compared, byte for
   byte, with what they held before the backup.

With ``--dir`` the lesson works on that system: its volume files are moved aside
(``.destroyed``) at the disaster and deleted only once every file is back.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vm370 import config as sysconfig
from vm370.pair import ROOT, SystemProcess, put_file, user_files

from .base import Context, LessonError, Result
from .show import bar_plot

LOST = ".destroyed"                 # the "destroyed" volume, deleted once the restore is proven
CMS_USERS = ("CMSUSER", "USER1", "USER2", "USER3", "USER4")
NOTE = ["THIS IS {user}'S NOTE, WRITTEN BEFORE THE DISASTER.",
        "DDR DUMPS A VOLUME TRACK BY TRACK TO TAPE; RESTORE WRITES IT BACK."]


def _ddr(*args: str) -> None:
    r = subprocess.run([sys.executable, "-m", "tools.ddr", *args, "--quiet"], capture_output=True,
                       text=True, env={**os.environ, "PYTHONPATH": ROOT}, cwd=ROOT, timeout=600)
    if r.returncode != 0:
        raise LessonError(f"ddr {' '.join(args[:1])} failed: {(r.stderr or r.stdout).strip()}")


def _digest(files: dict) -> dict:
    return {k: hashlib.sha256(b"".join(v)).hexdigest() for k, v in files.items()}


def run(ctx: Context) -> Result:
    tmp = None
    if ctx.dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="vm370-dr-")
        base = Path(tmp.name)
        state = base / "A"
    else:
        state = Path(ctx.dir)
        base = state.parent
    tapes = base / "backup"
    tapes.mkdir(parents=True, exist_ok=True)
    users = CMS_USERS[:3] if ctx.quick else CMS_USERS
    steps: list[tuple[str, float, str]] = []
    system = None
    try:
        t = time.perf_counter()
        ctx.say("1. The system starts and its users work on their A-disks.")
        system = SystemProcess(str(state)).start().wait_ready()
        passwords = system.passwords()
        for user in users:
            put_file(system.state_dir, user, "NOTE", "FILE", [s.format(user=user) for s in NOTE])
        for user in users:
            if not system.send(f"AUTOLOG {user} {passwords[user]}", expect="AUTO LOGON",
                               timeout=60).ok:
                raise LessonError(f"AUTOLOG {user} failed")
        time.sleep(1.5)                                   # CMS IPLs and reaches Ready
        for user in users:
            reply = system.send("COPYFILE NOTE FILE A SAVED FILE A", user=user, expect=r"^R", timeout=60)
            if not reply.ok:
                raise LessonError(f"{user}: COPYFILE did not end: {reply.lines}")
        before = {u: _digest(user_files(system.state_dir, u)) for u in users}
        steps.append(("system up, users' files written", time.perf_counter() - t, ""))

        settings = sysconfig.load(str(state / sysconfig.CONFIG_NAME))
        ctx.say("2. DDR dumps every volume to tape while the users are logged on.")
        t = time.perf_counter()
        size = 0
        for volser, path in settings.volumes:
            _ddr("dump", path, str(tapes / f"{volser}.aws"))
            size += os.path.getsize(path)
        steps.append(("ddr dump (system running)", time.perf_counter() - t,
                      f"{size / 1e6:.1f} MB of volumes"))

        ctx.say("3. SHUTDOWN - then the disaster: the volume files are gone.")
        t = time.perf_counter()
        system.shutdown()
        system = None
        for _, path in settings.volumes:          # kept aside until the restore is proven
            os.replace(path, path + LOST)
        steps.append(("shutdown and destroy volumes", time.perf_counter() - t, ""))
        if any(os.path.exists(p) for _, p in settings.volumes):
            raise LessonError("the volumes were not destroyed")

        ctx.say("4. DDR restores each volume from its tape.")
        t = time.perf_counter()
        for volser, path in settings.volumes:
            _ddr("restore", str(tapes / f"{volser}.aws"), path, "--yes")
        steps.append(("ddr restore", time.perf_counter() - t, f"{len(settings.volumes)} tapes"))

        ctx.say("5. The system starts again from the restored volumes.")
        t = time.perf_counter()
        system = SystemProcess(str(state)).start().wait_ready()
        steps.append(("restart", time.perf_counter() - t, ""))
        user = users[0]
        system.send(f"AUTOLOG {user} {passwords[user]}", expect="AUTO LOGON", timeout=60)
        time.sleep(1.5)
        listing = system.send("LISTFILE * FILE A", user=user, expect=r"^R", timeout=60).lines
        ctx.say(f"   {user} lists its files: " + ", ".join(l.split()[0] for l in listing
                                                       if l.endswith("A1")))

        ctx.say("6. Every user's files are compared with what they held before the backup.")
        after = {u: _digest(user_files(system.state_dir, u)) for u in users}
        equal = after == before
        for _, path in settings.volumes:
            if equal:
                os.unlink(path + LOST)
            else:
                ctx.say(f"   the old volume is kept as {path + LOST}")
    finally:
        if system is not None:
            system.shutdown()
        if tmp is not None:
            tmp.cleanup()
    nfiles = sum(len(v) for v in before.values())
    missing = sum(1 for u in users for k in before[u] if k not in after.get(u, {}))
    rows = [[name, round(secs, 3), note] for name, secs, note in steps]
    plot = bar_plot(ctx.out / "disaster-recovery-steps.png", [s[0].split(" (")[0] for s in steps],
                    {"seconds": [s[1] for s in steps]}, "Disaster recovery: time of each step",
                    "seconds")
    ctx.say(f"{nfiles} files of {len(users)} users: "
            + ("all back, byte for byte." if equal else f"{missing} MISSING OR CHANGED."))
    return Result(headers=["step", "seconds", "note"], rows=rows, plots=[plot],
                  figures={"users": len(users), "files": nfiles, "files_missing": missing,
                           "restored_equal": equal, "listed": any("SAVED" in l for l in listing),
                           **{f"seconds_{i + 1}": s[1] for i, s in enumerate(steps)}})
