"""Drive the real s3270 terminal emulator from Python (tests, benchmarks, CP tests).

s3270 reads one action per line on stdin and answers with ``data:`` lines,
a status line and ``ok`` or ``error``.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
import time


class S3270Error(RuntimeError):
    pass


class S3270:
    """One s3270 process.  ``do('Enter')`` runs an action and returns its data lines."""

    def __init__(self, model: str = "3279-2", *options: str, timeout: float = 20.0,
                 aid_wait: bool = False):
        """aid_wait=False: Enter/PF/PA/Clear return at once instead of waiting for the
        host to unlock the keyboard (so the caller can play the host meanwhile)."""
        exe = shutil.which("s3270")
        if exe is None:
            raise S3270Error("s3270 is not installed (Debian package s3270)")
        self.timeout = timeout
        self.status = ""
        self.proc = subprocess.Popen(
            [exe, "-model", model, "-utf8",
             "-xrm", f"s3270.aidWait: {'true' if aid_wait else 'false'}", *options], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
            env={**os.environ, "LC_ALL": "C.UTF-8"})
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def do(self, action: str, timeout: float | None = None) -> list[str]:
        """Run one action; raise S3270Error with s3270's message if it fails."""
        if self.proc.poll() is not None:
            raise S3270Error("s3270 has exited")
        self.proc.stdin.write(action + "\n")
        self.proc.stdin.flush()
        data: list[str] = []
        while True:
            try:
                line = self._lines.get(timeout=timeout or self.timeout)
            except queue.Empty:
                raise S3270Error(f"s3270 did not answer {action!r} in time") from None
            if line is None:
                raise S3270Error(f"s3270 exited during {action!r}")
            if line.startswith("data: "):
                data.append(line[6:])
            elif line == "data:":
                data.append("")
            elif line == "ok":
                return data
            elif line == "error":
                raise S3270Error(f"{action}: {' '.join(data)}")
            else:
                self.status = line

    def enter(self, text: str = "", timeout: int = 30) -> None:
        """Type ``text`` into the input field and press ENTER, once there is an input
        field and the keyboard is unlocked (s3270 would hold typing behind a lock)."""
        self.do(f"Wait({timeout},InputField)")
        self.do(f"Wait({timeout},Unlock)")
        if text:
            self.do('String("{}")'.format(text.replace("\\", "\\\\").replace('"', '\\"')))
        self.do("Enter")

    def screen(self) -> list[str]:
        """The screen text (Ascii())."""
        return self.do("Ascii()")

    def wait_for_text(self, text: str, timeout: float = 10.0) -> list[str]:
        """Poll the screen until ``text`` appears on it; return the screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if any(text in line for line in screen):
                return screen
            if time.monotonic() > deadline:
                raise S3270Error(f"{text!r} did not appear on the screen:\n" + "\n".join(screen))
            time.sleep(0.02)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("Quit()\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=3)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "S3270":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
