"""python -m vm370.bench: seconds from starting ``vm370`` to the logo screen.

    python -m vm370.bench [--warm N] [--keep DIR]

Starts ``python -m vm370`` in a fresh state directory (a first start: volumes,
directory and CMS disks built), connects the real s3270 client as soon as the
terminal port is known and times until "VM/370 ONLINE" is on its screen; then
SHUTDOWN (through vm370.automation) and the same for N warm starts.  Whether
the CPU core was already compiled is printed too: a first start on a fresh
machine adds the compile (minutes), shown by the start's progress line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from s370.tn3270.clients import S3270

from .automation import send
from .core import is_cached

LOGO = "VM/370 ONLINE"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def time_to_logo(state_dir: str, timeout: float = 900.0) -> tuple[float, subprocess.Popen]:
    """Start vm370; seconds until the logo screen is on a client's screen (the client
    retries its connection until the port listens)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    port = free_port()
    client = S3270("3279-2")                    # started first: its own start is not timed
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vm370", "--dir", state_dir, "--port", str(port),
                             "--no-operator"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    end = time.monotonic() + timeout
    with client as c:
        while not listening(port):              # (s3270 is connected only once it listens)
            if proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError("vm370 did not start")
            time.sleep(0.01)
        c.do(f"Connect(127.0.0.1:{port})")
        c.wait_for_text(LOGO, timeout=60)
        dt = time.perf_counter() - t0
    while True:                                 # SHUTDOWN needs the control socket: ready
        try:
            with open(os.path.join(state_dir, "STATE")) as f:
                st = json.load(f)
            if st.get("status") == "running" and st.get("pid") == proc.pid:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    return dt, proc


def shutdown(state_dir: str, proc: subprocess.Popen) -> None:
    send("SHUTDOWN", state_dir=state_dir)
    proc.wait(60)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m vm370.bench", description=__doc__.split("\n")[0])
    p.add_argument("--warm", type=int, default=3, help="warm starts to time (default 3)")
    p.add_argument("--keep", metavar="DIR", help="build the system here and keep it")
    args = p.parse_args(argv)
    base = args.keep or tempfile.mkdtemp(prefix="vm370-bench-")
    state_dir = os.path.join(base, "vm370-system")
    try:
        cached = is_cached()
        first, proc = time_to_logo(state_dir)
        shutdown(state_dir, proc)
        warm = []
        for _ in range(args.warm):
            dt, proc = time_to_logo(state_dir)
            shutdown(state_dir, proc)
            warm.append(dt)
        print(f"CPU core already compiled: {'yes' if cached else 'no (the first start compiled it)'}")
        print(f"first start to logo screen: {first:6.2f} s  (volumes, directory, CMS disks built)")
        if warm:
            print(f"warm start to logo screen:  {statistics.median(warm):6.2f} s  median of {len(warm)} "
                  f"(min {min(warm):.2f}, max {max(warm):.2f}; target < 3 s)")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
