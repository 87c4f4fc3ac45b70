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
from pathlib import Path

from vm370.automation import AutomationError, Session
from vm370.run import Options, Run

from .base import Context, LessonError

CMS_READY = r"^R;"                 # CMS's ready message
CMS_IPL_TIMEOUT = 60.0


class LessonSystem:
    def __init__(self, ctx: Context, workers: int | None = None, sub: str = "system"):
        self.ctx = ctx
        self.workers = workers
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
        reply = self.send(userid, "#CP IPL CMS", expect=CMS_READY, timeout=CMS_IPL_TIMEOUT)
        if not reply.ok:
            reply = self.send(userid, "", expect=CMS_READY, timeout=CMS_IPL_TIMEOUT)
        if not reply.ok:
            raise LessonError(f"CMS did not come up for {userid}: {reply.lines[-3:]}")
        return user

    def cms(self, userid: str, command: str, timeout: float = 60.0):
        """One CMS command; the lines it showed up to its ready message."""
        reply = self.send(userid, command, expect=CMS_READY, timeout=timeout)
        if not reply.ok:
            raise LessonError(f"{userid}: {command!r} did not finish: {reply.lines[-3:]}")
        return reply.lines
