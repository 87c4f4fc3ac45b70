"""A whole VM/370 system started for a lesson, through vm370's public start and automation API.

    with LessonSystem(ctx) as s:          # ctx.dir, or a temporary state directory
        s.logon("USER1")                  # logged on disconnected, as the operator could
        s.send("USER1", "#CP IPL CMS", expect=r"^R;")   # typed on the user's session
        s.system, s.dispatcher, s.port

The first start in a fresh directory builds the default system (vm370.firststart);
its console text (the generated passwords among it) goes to ``console.txt`` in
the state directory, not to the class's screen.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import struct
import time
from pathlib import Path

from cms.fs import CMSDisk
from cp.directory.checker import load as load_directory
from vm370.automation import AutomationError, Session
from vm370.run import Options, Run, prepare_state

from sie import Intercept

from . import guests
from .base import Context, LessonError

CMS_READY = r"^R(;|\(-?\d+\);)"     # CMS's ready message: R; or R(rc);
CMS_IPLED = r"^CMS VERSION"          # the line CMS shows when it is IPLed
CMS_IPL_TIMEOUT = 60.0
EXTRA_FIRST_CYL = 60               # the lessons' extra users' minidisks on VMUSR1 (past USER4's)


class LessonSystem:
    def __init__(self, ctx: Context, workers: int | None = None, sub: str = "system",
                 files: dict | None = None, extra_users: int = 0):
        """``files``: {userid: [(fn, ft, [line, ...]), ...]} written on each user's 191
        minidisk (CMS format, 80-byte records) before the system starts."""
        self.ctx = ctx
        self.workers = workers
        self.files = files or {}
        self.extra_users = extra_users
        self._tmp = None
        if ctx.dir is not None:
            self.state_dir = Path(ctx.dir)
        else:
            self._tmp = tempfile.TemporaryDirectory(prefix="vm370-lesson-")
            self.state_dir = Path(self._tmp.name) / sub
        self.run: Run | None = None
        self.session: Session | None = None

    # ------------------------------------------------------------------ start / stop
    def __enter__(self) -> "LessonSystem":
        self.ctx.say(f"Starting a VM/370 system in {self.state_dir} ...")
        console = io.StringIO()
        self.run = Run(Options(state_dir=str(self.state_dir), port=self.ctx.port, operator=False,
                               workers=self.workers))
        try:
            with contextlib.redirect_stdout(console):
                if self.extra_users:
                    self._add_users()
                if self.files:
                    self._write_files()
                self.run.start()
        except Exception as err:
            self.close()
            raise LessonError(f"the system did not start: {err}") from None
        finally:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            (self.state_dir / "console.txt").write_text(console.getvalue())
        self.session = Session(str(self.state_dir))
        self.ctx.say(f"VM/370 is up; 3270 terminals on port {self.port}.")
        return self

    def _add_users(self) -> None:
        """``extra_users`` CMS users LSN001, LSN002, ... (password = userid) appended to the
        directory, each with a 1-cylinder 191 on VMUSR1 from cylinder EXTRA_FIRST_CYL,
        formatted for CMS -- what an administrator does with DIRECT and FORMAT."""
        settings, _ = prepare_state(self.run.options)
        with open(settings.directory) as f:
            text = f.read()
        if "USER LSN001 " in text:
            return
        from media.ckd.image import open_image
        volumes = dict(settings.volumes)
        image = open_image(volumes["VMUSR1"])
        lines = []
        try:
            for i in range(1, self.extra_users + 1):
                userid, cyl = f"LSN{i:03d}", EXTRA_FIRST_CYL + i - 1
                lines += [f"USER {userid} {userid} 1M 16M G", " IPL CMS", " CONSOLE 009 3215",
                          " LINK MAINT 190 190 RR", " LINK MAINT 19E 19E RR",
                          f" MDISK 191 3330 {cyl:03d} 001 VMUSR1 WR"]
                CMSDisk.format(image, f"LSN{i:03d}", extent=(cyl, 1)).close()
            image.flush()
        finally:
            image.close()
        with open(settings.directory, "a") as f:
            f.write("\n".join(lines) + "\n")

    def _write_files(self) -> None:
        """The lesson's files on the users' A-disks, written with the host-side CMS file
        system tools while the system is down (the first start builds it first)."""
        settings, _ = prepare_state(self.run.options)
        volumes = dict(settings.volumes)
        from media.ckd.volume import volume_info
        sizes = {volser: volume_info(path)["cyls"] for volser, path in volumes.items()}
        with open(settings.directory) as f:
            directory = load_directory(f.read(), sizes)
        for userid, files in self.files.items():
            mdisk = directory.get(userid.upper()).mdisk(0x191)
            with CMSDisk.open(volumes[mdisk.volser], extent=(mdisk.start_cyl, mdisk.cylinders)) as a:
                for fn, ft, lines in files:
                    a.write(fn, ft, [line.encode("cp037").ljust(80, b"\x40")[:80]
                                     for line in lines])

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
        if self.run is not None:
            self.run.stop()
            self.run = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # ------------------------------------------------------------------ what a lesson uses
    @property
    def system(self):
        return self.run.running.system

    @property
    def dispatcher(self):
        return self.run.running.dispatcher

    @property
    def port(self) -> int:
        return self.run.running.port

    def logon(self, userid: str):
        """``userid`` logged on disconnected (its directory password, as the operator's
        automation would); the User."""
        userid = userid.upper()
        user = self.system.find(userid)
        if user is not None:
            return user
        entry = self.system.directory.get(userid)
        if entry is None:
            raise LessonError(f"no user {userid} in the directory")
        return self.system.logon(userid, entry.password, None)

    def send(self, userid: str, line: str | None, expect: str | None = None,
             timeout: float = 30.0, settle: float = 0.5):
        """``line`` typed on the user's session; the automation Reply (lines, match)."""
        try:
            reply = self.session.send(line, user=userid.upper(), expect=expect, timeout=timeout,
                                      settle=settle)
        except AutomationError as err:
            raise LessonError(str(err)) from None
        return reply

    def ipl_cms(self, userid: str):
        """Log ``userid`` on and IPL CMS in its virtual machine; the User once CMS is ready."""
        user = self.logon(userid)
        reply = self.send(userid, "#CP IPL CMS", expect=CMS_IPLED, timeout=CMS_IPL_TIMEOUT)
        if not reply.ok:
            raise LessonError(f"CMS did not come up for {userid}: {reply.lines[-3:]}")
        self.wait_idle(user)
        return user

    def run_program(self, userid: str, image: bytes, timeout: float = 120.0,
                    origin: int = guests.ORIGIN, also: tuple = (), ecmode: bool = False) -> dict:
        """A standalone program (lessons.guests) loaded into ``userid``'s virtual machine at
        ``origin`` (and ``also``: more (address, bytes) pieces) and started there as BEGIN
        would (``ecmode``: the VM given EC mode first, as SET ECMODE ON); returns at its
        disabled wait with the wall and CPU time, instructions and intercepts by reason."""
        user = self.logon(userid)
        vm = user.vm
        if ecmode:
            vm.ecmode = True
        with vm.lock:
            vm.sd.load(origin, image)
            for address, data in also:
                vm.sd.load(address, data)
            vm.sd.set_psw(struct.pack(">II", 0, origin))
            vm.sd.counters.clear()
        inst0, cpu0, t0 = vm.sd.instcount, vm.cpu_seconds, time.perf_counter()
        vm.begin()
        end = time.monotonic() + timeout
        while not vm.stopped and time.monotonic() < end:
            time.sleep(0.005)
        wall = time.perf_counter() - t0
        if not vm.stopped:
            raise LessonError(f"the program in {userid} did not finish")
        ia = vm.sd.ia
        if ia != 0:
            raise LessonError(f"the program in {userid} failed (wait code {ia:X})")
        counts = {(k.name.lower() if isinstance(k, Intercept) else str(k)): v
                  for k, v in vm.sd.counters.items() if v}
        return {"wall": wall, "cpu": vm.cpu_seconds - cpu0, "instructions": vm.sd.instcount - inst0,
                "exits": sum(counts.values()), "by_reason": counts, "gprs": vm.sd.gprs,
                "psw": vm.sd.psw, "area": vm.sd.read(origin, len(image)), "vm": vm}

    def screenshot(self, userid: str, lines: list[str], path, wait_for: str = "; T=",
                   model: str = "3279-2") -> Path:
        """What ``userid`` sees on a real 3270: s3270 connects to the system's port, logs on
        (a disconnected user is reconnected), types ``lines`` (each followed by Enter and
        a wait for ``wait_for`` on the screen), and the screen text is rendered as a PNG
        (lessons.show.screenshot).  The client then drops the connection: the user is
        disconnected again and goes on running."""
        from s370.tn3270.clients import S3270
        from . import show
        entry = self.system.directory.get(userid.upper())
        with S3270(model) as term:
            term.do(f"Connect(127.0.0.1:{self.port})")
            term.wait_for_text("VM/370", timeout=20)
            for text in (f"LOGON {userid.upper()}", entry.password):
                term.do("Wait(10,InputField)")
                term.do(f'String("{text}")')
                term.do("Enter")
                time.sleep(0.3)
            term.wait_for_text("RECONNECT", timeout=20)
            time.sleep(0.3)
            if "CP READ" in term.screen()[-1]:        # reconnected in CP mode: resume the VM
                term.do("Wait(10,InputField)")
                term.do('String("BEGIN")')
                term.do("Enter")
                self.wait_idle(self.system.find(userid.upper()))
                time.sleep(0.3)
            for line in lines:
                before = sum(row.count(wait_for) for row in term.screen())
                term.do("Wait(10,InputField)")
                term.do(f'String("{line}")')
                term.do("Enter")
                end = time.monotonic() + 20
                while sum(row.count(wait_for) for row in term.screen()) <= before:
                    if time.monotonic() > end:
                        raise LessonError(f"{line!r} on {userid}'s 3270 got no {wait_for!r}: "
                                          + " | ".join(r.strip() for r in term.screen() if r.strip()))
                    time.sleep(0.05)
            screen = term.screen()
        return show.screenshot(screen, path, f"{userid}'s 3270 (s3270 {model})")

    @staticmethod
    def wait_idle(user, timeout: float = 15.0) -> bool:
        """Until the user's virtual machine sits in a wait (CMS reading its console), so a
        command's figures start from an idle machine."""
        end = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < end:
            quiet = quiet + 1 if user.vm.sd.wait else 0
            if quiet >= 3:
                return True
            time.sleep(0.02)
        return False

    def cms(self, userid: str, command: str, timeout: float = 60.0, rc_ok: bool = False):
        """One CMS command; the lines it showed up to its ready message (R; -- or R(rc);
        when ``rc_ok``, else that is an error).  It is typed once CMS waits at its console
        read, as a person at the terminal would (a line typed earlier is type-ahead: CMS
        gets it too, but the lesson's timings would then include the wait)."""
        self.wait_idle(self.logon(userid))
        reply = self.send(userid, command, expect=CMS_READY, timeout=timeout)
        if not reply.ok:
            raise LessonError(f"{userid}: {command!r} did not finish: {reply.lines[-3:]}")
        if not rc_ok and not reply.match.startswith("R;"):
            raise LessonError(f"{userid}: {command!r} failed: {reply.lines[-3:]}")
        return reply.lines
