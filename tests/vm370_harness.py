"""Starting ``python -m vm370`` as a subprocess for the tests, and reading what it wrote."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from cp.spool import OutputOptions, Spool

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class VM370:
    """One ``python -m vm370 --dir DIR --port 0 --no-operator`` process; ``out`` its console text."""

    def __init__(self, state_dir, *args: str):
        self.state_dir = str(state_dir)
        self.out_path = os.path.join(os.path.dirname(self.state_dir),
                                     f"console-{time.monotonic_ns()}.txt")
        env = {**os.environ, "PYTHONPATH": ROOT}
        self._out = open(self.out_path, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "vm370", "--dir", self.state_dir,
                                      "--port", "0", "--no-operator", "--workers", "1", *args],
                                     stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        self.port = None

    @property
    def out(self) -> str:
        with open(self.out_path) as f:
            return f.read()

    def wait_ready(self, timeout: float = 600.0) -> "VM370":
        """Until STATE says this process runs (the control socket is up by then)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"vm370 exited with {self.proc.returncode}:\n{self.out}")
            st = read_state(self.state_dir)
            if st.get("status") == "running" and st.get("pid") == self.proc.pid:
                self.port = st["port"]
                return self
            time.sleep(0.1)
        raise AssertionError(f"vm370 not ready in {timeout} s:\n{self.out}")

    def wait_exit(self, timeout: float = 60.0) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            self._out.close()

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.wait_exit()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.wait_exit()


def read_state(state_dir) -> dict:
    try:
        with open(os.path.join(str(state_dir), "STATE")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def passwords_from(console: str) -> dict[str, str]:
    """The userid/password lines the first start shows once."""
    out = {}
    lines = console.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("THE USERS OF THIS SYSTEM"):
            for entry in lines[i + 2:]:
                if not entry.startswith("    "):
                    break
                userid, password = entry.split()
                out[userid] = password
    return out


def punch_file(spool_dir: str, owner: str, cards: list[str], to: str | None = None) -> int:
    """A closed punch file, written the way a virtual punch writes one (the system down)."""
    spool = Spool(spool_dir)
    w = spool.open_output(owner, "PUN", OutputOptions(to=to))
    for card in cards:
        w.write(0x41, card.ljust(80).encode("cp037"))
    return w.close().spoolid
