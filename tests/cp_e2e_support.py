"""Helpers of the end-to-end CP tests: a whole Control Program started as a program
(cp.start.start_system: directory, dispatcher, TN3270 hub) for real s3270 clients."""

from __future__ import annotations

import contextlib
import time

from cp.start import SystemConfig, start_system


@contextlib.contextmanager
def running_system(directory: str, workers: int):
    """The system on a free port, its log lines collected in ``.lines``; stopped after."""
    lines: list[str] = []
    r = start_system(SystemConfig(directory=directory, port=0, operator=False, workers=workers,
                                  log=lines.append))
    r.lines = lines
    try:
        yield r
    finally:
        r.stop()


def wait_until(pred, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise AssertionError("condition not reached")
        time.sleep(0.02)
