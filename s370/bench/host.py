"""Which machine a benchmark ran on, and how loaded it was: printed by every benchmark.

Why: figures from a shared 2-core machine mean little without the CPU model, the number
of CPUs and the load average beside them (issue 13: honest figures)."""

from __future__ import annotations

import os
import platform


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def machine_lines() -> list:
    """Two lines: host CPU and cores; load average now."""
    logical = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = logical
    return [f"host: {cpu_model()}, {logical} logical CPUs ({usable} usable), "
            f"Python {platform.python_version()}",
            load_line()]


def load_line() -> str:
    try:
        l1, l5, l15 = os.getloadavg()
    except OSError:
        return "load average: unknown"
    return f"load average (1/5/15 min): {l1:.2f} {l5:.2f} {l15:.2f}"
