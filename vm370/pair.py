"""Running ``vm370`` systems as processes, for the migration and disaster-recovery
walkthroughs, their lessons, tests and ``python -m vm370.pair`` (the bench).

``SystemProcess(state_dir)`` is one ``python -m vm370 --dir DIR --port 0
--no-operator`` process (``start``, ``wait_ready``, ``send``, ``shutdown``);
``start_pair(base)`` the system A (first start in ``base/A``) and a second system
VMB in ``base/B`` on A's volume files (``vm370.migration.share_system``).
``user_files`` / ``put_file`` read and write a user's CMS minidisk from the host
(cms.fs) while nobody has it linked.

The bench: ``python -m vm370.pair [--runs N]`` moves CMSUSER between two systems
of this host N times while idle at Ready and N times while an EXEC loops, and
prints the downtime (the final stop-and-copy, as the source measures it from the
hold to the target's answer) and the pre-copy rounds.  Figures only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time

from . import config as sysconfig
from .automation import AutomationError, Session, send
from .migration import REGISTRY_ENV, share_system

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOWNTIME = re.compile(r"MIGRATED TO (\S+): (\d+) ROUNDS \(([\d/]+) BLOCKS\), FINAL (\d+) BLOCKS, "
                      r"DOWNTIME ([\d.]+) MS")
READY = re.compile(r"^R(\(\d+\))?; T=")
# a CMS user that keeps the CPU busy: counts in an EXEC loop (storage changes as it goes)
BUSY_EXEC = ["&CONTROL OFF", "&N = 0", "-LOOP &N = &N + 1", "&IF &N LT 100000000 &GOTO -LOOP",
             "&TYPE BUSY DONE &N"]


class SystemProcess:
    """One vm370 process on a state directory (its console output in ``out``)."""

    def __init__(self, state_dir: str, env: dict | None = None):
        self.state_dir = os.path.abspath(state_dir)
        self.env = {**os.environ, "PYTHONPATH": ROOT, **(env or {})}
        self.proc = None
        self.port = None
        self.log_path = self.state_dir.rstrip("/") + ".console.txt"

    def start(self) -> "SystemProcess":
        os.makedirs(os.path.dirname(self.state_dir), exist_ok=True)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "vm370", "--dir", self.state_dir,
                                      "--port", "0", "--no-operator", "--workers", "1"],
                                     stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT, env=self.env, cwd=ROOT)
        return self

    @property
    def out(self) -> str:
        with open(self.log_path) as f:
            return f.read()

    def wait_ready(self, timeout: float = 600.0) -> "SystemProcess":
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"vm370 --dir {self.state_dir} ended ({self.proc.returncode}):\n"
                                   + self.out[-2000:])
            try:
                with open(os.path.join(self.state_dir, "STATE")) as f:
                    st = json.load(f)
            except (OSError, ValueError):
                st = {}
            if st.get("status") == "running" and st.get("pid") == self.proc.pid:
                self.port = st["port"]
                return self
            time.sleep(0.1)
        raise RuntimeError(f"vm370 --dir {self.state_dir} not ready in {timeout:g} s")

    def send(self, command, user="OPERATOR", expect=None, timeout=30.0):
        return send(command, user=user, expect=expect, timeout=timeout, state_dir=self.state_dir)

    def shutdown(self, timeout: float = 60.0) -> int:
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            try:
                self.send("SHUTDOWN", timeout=5)
            except AutomationError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def passwords(self) -> dict[str, str]:
        """userid -> password, from the directory (readable only by its owner)."""
        settings = sysconfig.load(os.path.join(self.state_dir, sysconfig.CONFIG_NAME))
        out = {}
        with open(settings.directory) as f:
            for line in f:
                w = line.split()
                if len(w) >= 3 and w[0] == "USER" and w[2] != "NOLOG":
                    out[w[1]] = w[2]
        return out


def start_pair(base: str, registry: str | None = None) -> tuple[SystemProcess, SystemProcess]:
    """System A (built at its first start) and VMB on A's volumes, both running."""
    env = {REGISTRY_ENV: registry or os.path.join(base, "registry")}
    a = SystemProcess(os.path.join(base, "A"), env).start().wait_ready()
    share_system(a.state_dir, os.path.join(base, "B"), "VMB")
    b = SystemProcess(os.path.join(base, "B"), env).start().wait_ready()
    return a, b


def migrate(source: SystemProcess, target: SystemProcess, userid: str, timeout: float = 120.0):
    """``vm370 migrate USERID --to TARGET --dir SOURCE``: (its output, the figures or None)."""
    r = subprocess.run([sys.executable, "-m", "vm370", "migrate", userid, "--to", target.state_dir,
                        "--dir", source.state_dir, "--timeout", str(timeout)],
                       capture_output=True, text=True, env=source.env, timeout=timeout + 30)
    m = DOWNTIME.search(r.stdout)
    figures = None if m is None else {
        "target": m.group(1), "rounds": [int(x) for x in m.group(3).split("/")],
        "final_blocks": int(m.group(4)), "downtime_ms": float(m.group(5))}
    return r.stdout + r.stderr, figures


# ------------------------------------------------------------------ a user's disk from the host
def _minidisk(state_dir: str, userid: str, vaddr: int = 0x191):
    from cp.directory.checker import load as load_directory
    from media.ckd.volume import volume_info
    settings = sysconfig.load(os.path.join(state_dir, sysconfig.CONFIG_NAME))
    volumes = dict(settings.volumes)
    sizes = {v: volume_info(p)["cyls"] for v, p in volumes.items()}
    with open(settings.directory) as f:
        directory = load_directory(f.read(), sizes)
    md = directory.get(userid).mdisk(vaddr)
    return volumes[md.volser.upper()], (md.start_cyl, md.cylinders)


def put_file(state_dir: str, userid: str, fn: str, ft: str, lines: list[str], vaddr: int = 0x191):
    """Write a CMS file (F 80) on the user's minidisk (nobody may have it linked)."""
    from cms.fs import CMSDisk
    path, extent = _minidisk(state_dir, userid, vaddr)
    with CMSDisk.open(path, extent=extent) as d:
        d.write(fn, ft, [s.ljust(80).encode("cp037") for s in lines], "F", 80)


def user_files(state_dir: str, userid: str, vaddr: int = 0x191) -> dict[tuple[str, str], list[bytes]]:
    """(fn, ft) -> records of every file on the user's minidisk."""
    from cms.fs import CMSDisk
    path, extent = _minidisk(state_dir, userid, vaddr)
    with CMSDisk.open(path, extent=extent, readonly=True) as d:
        return {(f.fn, f.ft): d.read(f.fn, f.ft) for f in d.list()}


# ------------------------------------------------------------------ the bench
def bench(runs: int = 3, base: str | None = None, say=print) -> dict[str, list[dict]]:
    """Downtimes of CMSUSER moved A->B->A... idle at Ready and busy in an EXEC loop."""
    owned = base is None
    tmp = tempfile.TemporaryDirectory(prefix="vm370-migbench-") if owned else None
    base = tmp.name if owned else base
    a = b = None
    results: dict[str, list[dict]] = {"idle": [], "busy": []}
    try:
        a, b = start_pair(base)
        put_file(a.state_dir, "CMSUSER", "BUSY", "EXEC", BUSY_EXEC)
        pw = a.passwords()["CMSUSER"]
        with Session(a.state_dir) as s:
            if not s.send(f"AUTOLOG CMSUSER {pw}", expect="AUTO LOGON", timeout=60).ok:
                raise RuntimeError("AUTOLOG CMSUSER failed")
        time.sleep(2.0)                                  # CMS IPLs and reaches Ready
        here, there = a, b
        for kind in ("idle", "busy"):
            if kind == "busy":
                here.send("BUSY", user="CMSUSER", timeout=1)
                time.sleep(0.5)
            for _ in range(runs):
                text, fig = migrate(here, there, "CMSUSER")
                if fig is None:
                    raise RuntimeError(f"migration failed: {text}")
                results[kind].append(fig)
                say(f"migration {kind}: downtime {fig['downtime_ms']:.1f} ms, rounds "
                    f"{fig['rounds']}, final {fig['final_blocks']} blocks ({here.state_dir[-1]} -> "
                    f"{there.state_dir[-1]})")
                here, there = there, here
    finally:
        for p in (a, b):
            if p is not None:
                p.shutdown()
        if tmp is not None:
            tmp.cleanup()
    return results


def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(prog="python -m vm370.pair",
                                 description="Migration downtime between two vm370 processes.")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    res = bench(args.runs)
    for kind, figs in res.items():
        d = sorted(f["downtime_ms"] for f in figs)
        print(f"inter-process migration, {kind} CMS user: downtime min {d[0]:.1f} ms, "
              f"median {d[len(d) // 2]:.1f} ms, max {d[-1]:.1f} ms over {len(d)} moves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
