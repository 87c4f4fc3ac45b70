"""A progress display for steps that take more than a second.

On a terminal: one line, rewritten in place (``label ... 40% 1.3 s``), finished
with the step's total time.  Elsewhere (a pipe, a log file, a test): a plain
line when the step starts and one when it ends, so a log shows what was slow.
Steps that finish within ``QUIET_SECONDS`` print nothing on a terminal but their
end line, so a warm start stays short.
"""

from __future__ import annotations

import sys
import threading
import time

QUIET_SECONDS = 1.0          # a step shorter than this shows no live line
REFRESH_SECONDS = 0.2


class Progress:
    """``with Progress('CREATING VOLUME VMRES1', total=404) as p: p.update(done)``.

    ``total`` None: no percentage, only the elapsed time (a compile, a wait)."""

    def __init__(self, label: str, total: int | None = None, stream=None):
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stdout
        self.tty = _isatty(self.stream)
        self._start = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    def __enter__(self) -> "Progress":
        self._start = time.monotonic()
        if self.tty:
            self._thread = threading.Thread(target=self._refresh, daemon=True)
            self._thread.start()
        else:
            self._write(f"{self.label} ...\n")
        return self

    def update(self, done: int) -> None:
        self.done = done

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._start

    def _line(self) -> str:
        pct = f" {100 * self.done // self.total:3d}%" if self.total else ""
        return f"{self.label} ...{pct} {self.elapsed:5.1f} s"

    def _refresh(self) -> None:
        while not self._stop.wait(REFRESH_SECONDS):
            if self.elapsed >= QUIET_SECONDS:
                self._shown = True
                self._write("\r" + self._line() + "\x1b[K")

    def __exit__(self, exc_type, exc, tb) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        outcome = "FAILED" if exc_type is not None else "DONE"
        end = f"{self.label} {outcome} IN {self.elapsed:.1f} S"
        if self.tty:
            self._write("\r" + end + "\x1b[K\n")
        else:
            self._write(end + "\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
