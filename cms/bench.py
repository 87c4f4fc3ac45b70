"""python -m cms.bench: CMS's figures on a running Control Program, as a table.

    python -m cms.bench [--quick] [--runs N]

A system is started in this process (cp.start.start_system, no TN3270 port) on a fresh
3330 volume: MAINT's 190 S-disk with our nucleus and CMSLIB MACLIB (cms.sdisk), saved as
CMS by ``IPL 190 PARM SAVESYS CMS``; a user BENCH with a 191 A-disk holding the work
files, a 192 (accessed as B) for the copy and a 193 (C) with the 500 files.  BENCH's
terminal is a small object in this process (the Terminal contract: write_line,
set_state, close), so the times are
CP + CMS, without a 3270 client's round trip (tests/test_cms_day.py drives a real one).

Rows (each the median of --runs runs; prints the figures, never asserts them):

* LOGON to CMS's first read, IPL by device (IPL 190) and by saved system (IPL CMS);
* interactive commands: LISTFILE of one file, TYPE of a short file, STATE, CP QUERY TIME;
* LISTFILE of 500 files (checked: every file is listed); COPYFILE of 10,000 F 80
  records (on a 15-cylinder 192, whose allocation map has an extension block: the source,
  the copy being written and the one it replaces); ASSEMBLE of a 1,000-line program; an
  EXEC loop of 10,000 iterations;
* for each: the guest's MIPS (instructions / guest CPU seconds, the dispatcher's
  counters; the CPU seconds include CP's handling of the intercepts) and intercepts
  (sie's counters by intercept code) per second of wall time.

Targets (issue 11): Ready under 0.3 s after IPL by name; every interactive command
under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time

import cp.saved
from cms.fs import CMSDisk
from cms.sdisk import install as install_nucleus, install_maclib
from cp.saved.default import DEFAULT_TABLE
from cp.start import SystemConfig, start_system
from cp.terminal.editing import deliver
from media.ckd import create_image

VOLSER = "CMSRES"
DEVTYPE = "3330"
CYLINDERS = 50
# (vaddr, first cylinder, cylinders): 6 cylinders of a 3330 = 1,596 blocks, a map in one
# block; 15 = 3,990 blocks, room for three copies of a 1,004-block file
MAINT_190 = (0x190, 1, 20)
BENCH_191 = (0x191, 21, 6)
BENCH_192 = (0x192, 27, 15)
BENCH_193 = (0x193, 42, 6)
PASSWORD = "BENCHPW"
DIRECTORY = f"""\
USER MAINT {PASSWORD} 2M 16M BCEG
 CONSOLE 009 3215
 MDISK 190 3330 {MAINT_190[1]:03d} {MAINT_190[2]:03d} {VOLSER} MR
USER BENCH {PASSWORD} 2M 16M G
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 LINK MAINT 190 190 RR
 MDISK 191 3330 {BENCH_191[1]:03d} {BENCH_191[2]:03d} {VOLSER} MR
 MDISK 192 3330 {BENCH_192[1]:03d} {BENCH_192[2]:03d} {VOLSER} MR
 MDISK 193 3330 {BENCH_193[1]:03d} {BENCH_193[2]:03d} {VOLSER} MR
"""
TIMEOUT = 600.0
TARGET_READY = 0.3
TARGET_INTERACTIVE = 0.050
LISTFILE_FILES = 500
COPY_RECORDS = 10_000
COPY_LRECL = 80
ASSEMBLE_LINES = 1_000
EXEC_LOOPS = 10_000


def card(text: str, width: int = 80) -> bytes:
    return text.ljust(width)[:width].encode("cp037")


def assemble_source(lines: int) -> list[bytes]:
    """A program of ``lines`` cards: a CSECT of simple instructions and constants."""
    body = []
    for k in range(lines - 4):
        body.append(f"         LA    {k % 15 + 1},{k % 4000}(0,{(k + 3) % 15 + 1})" if k % 3
                    else f"C{k:06d}  DC    F'{k}'")
    return [card(t) for t in ["BIG      CSECT", "         USING BIG,15", *body,
                              "         BR    14", "         END"]]


def build_volume(path: str) -> None:
    """The volume: the 190 S-disk, BENCH's 191 (work files), 192 (the copy), 193 (500 files)."""
    create_image(path, DEVTYPE, VOLSER, CYLINDERS)
    with CMSDisk.format(path, "CMS190", extent=MAINT_190[1:]) as s:
        install_nucleus(s)
        install_maclib(s)
    with CMSDisk.format(path, "BEN191", extent=BENCH_191[1:]) as a:
        a.write("SMALL", "DATA", [card("A SHORT LINE"), card("AND ANOTHER")])
        a.write("BIG", "ASSEMBLE", assemble_source(ASSEMBLE_LINES))
        a.write("LOOP", "EXEC", [card(t) for t in (
            "&CONTROL OFF", "&X = 0", f"&LOOP 1 {EXEC_LOOPS}", "&X = &X + 1", "&EXIT 0")])
    with CMSDisk.format(path, "BEN193", extent=BENCH_193[1:]) as c:
        for k in range(LISTFILE_FILES):
            c.write(f"F{k:05d}", "LIST", [card(f"FILE {k}")])
    with CMSDisk.format(path, "BEN192", extent=BENCH_192[1:]) as b:
        b.write("BIG", "DATA", [card(f"RECORD {k:06d}", COPY_LRECL) for k in range(COPY_RECORDS)],
                lrecl=COPY_LRECL)


class Terminal:
    """BENCH's terminal: the lines written to it, and an event on each Ready message."""

    def __init__(self):
        self.lines: list[str] = []
        self.cond = threading.Condition()
        self.state = ""

    def write_line(self, text: str) -> None:
        with self.cond:
            self.lines.append(text)
            self.cond.notify_all()

    def set_state(self, state: str) -> None:
        with self.cond:
            self.state = state
            self.cond.notify_all()

    def close(self) -> None:
        pass

    def alarm(self) -> None:
        pass

    def wait(self, pred, what: str) -> None:
        with self.cond:
            if not self.cond.wait_for(pred, TIMEOUT):
                raise SystemExit(f"cms.bench: {what} not seen; last lines: {self.lines[-5:]}")


def is_ready(line: str) -> bool:
    return line.startswith("R; ") or line.startswith("R(")


class Bench:
    def __init__(self, tmp: str):
        volume = os.path.join(tmp, f"cmsres.{DEVTYPE}")
        build_volume(volume)
        self.running = start_system(SystemConfig(directory=DIRECTORY, volumes=[(VOLSER, volume)],
                                                 port=None, workers=1, operator=False,
                                                 spool=os.path.join(tmp, "spool"),
                                                 log=lambda text: None))
        self.system = self.running.system
        table = os.path.join(tmp, "SYSTEM.NAMES")
        with open(table, "w") as f:
            f.write(DEFAULT_TABLE)
        cp.saved.install(self.system, table, os.path.join(tmp, "saved"))
        maint = self.system.logon("MAINT", PASSWORD, None)
        deliver(maint, "#CP IPL 190 PARM SAVESYS CMS")
        end = time.monotonic() + TIMEOUT
        while not self.system.saved.exists("CMS"):
            if time.monotonic() > end:
                raise SystemExit("cms.bench: CMS was not saved")
            time.sleep(0.01)
        maint.logoff()
        self.term = Terminal()
        self.user = None

    def stop(self) -> None:
        if self.user is not None and self.system.find("BENCH") is self.user:
            self.user.logoff()
        self.running.stop()

    def settled(self) -> None:
        """Until the guest waits for the console again and its slice has been counted
        (the dispatcher adds a slice's instructions when the slice ends)."""
        self.term.wait(lambda: self.user.console_read_pending, "VM READ")
        end = time.monotonic() + TIMEOUT
        while self.system.dispatcher.stats(self.user).get("state") != "waiting":
            if time.monotonic() > end:
                raise SystemExit("cms.bench: the guest did not wait for the console")
            time.sleep(0.0005)

    def counters(self) -> tuple[int, int, float]:
        """(instructions, intercepts, guest CPU seconds) so far.  Intercepts are the state
        description's counters by intercept code (sie): every exit from the compiled loop
        that CP handled, DIAGNOSE and I/O instructions included -- the dispatcher's own
        record counts only the slices' ends."""
        if self.user is None:
            return 0, 0, 0.0
        st = self.system.dispatcher.stats(self.user)
        counters = self.user.vm.sd.counters
        intercepts = sum(v for k, v in counters.items() if isinstance(k, int))
        return st.get("instructions", 0), intercepts, st.get("cpu_seconds", 0.0)

    def logon_to_read(self, ipl: str) -> tuple[float, tuple]:
        """LOGON, then ``ipl`` until CMS's first console read; the user stays on."""
        if self.user is not None:
            self.user.logoff()
            self.user = None
        t = self.term
        with t.cond:
            t.lines.clear()
        t0 = time.perf_counter()
        self.user = self.system.logon("BENCH", PASSWORD, t)
        before = self.counters()
        deliver(self.user, "#CP " + ipl)
        t.wait(lambda: any(x.startswith("CMS VERSION") for x in t.lines)
               and self.user.console_read_pending, "CMS VERSION and the first read")
        elapsed = time.perf_counter() - t0
        self.settled()
        return elapsed, delta(before, self.counters())

    def command(self, text: str, check: bool = True) -> tuple[float, tuple]:
        """Type ``text`` at the VM READ; the time until its Ready message."""
        t = self.term
        self.settled()
        with t.cond:
            t.lines.clear()
        before = self.counters()
        t0 = time.perf_counter()
        deliver(self.user, text)
        t.wait(lambda: any(is_ready(x) for x in t.lines), f"the Ready after {text!r}")
        elapsed = time.perf_counter() - t0
        ready = next(x for x in t.lines if is_ready(x))
        if check and not ready.startswith("R; "):
            raise SystemExit(f"cms.bench: {text!r} failed: {t.lines}")
        self.settled()
        return elapsed, delta(before, self.counters())


def delta(before, after):
    return tuple(a - b for a, b in zip(after, before))


def row(name: str, samples: list[tuple[float, tuple]], target: float | None) -> str:
    secs = statistics.median(s for s, _ in samples)
    instr = sum(c[0] for _, c in samples)
    icpt = sum(c[1] for _, c in samples)
    cpu = sum(c[2] for _, c in samples)
    wall = sum(s for s, _ in samples)
    mips = f"{instr / cpu / 1e6:8.1f}" if cpu > 0 else "       -"
    ips = f"{icpt / wall:10.0f}" if wall > 0 else "         -"
    mark = "" if target is None else ("  ok" if secs <= target else f"  MISSES {target * 1000:g} ms")
    return f"{name:<34} {secs * 1000:10.1f} {mips} {ips}{mark}"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one run each (a smoke test)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(tmp)
        try:
            rows = []
            rows.append(row("LOGON + IPL 190 to first read",
                            [bench.logon_to_read("IPL 190") for _ in range(runs)], None))
            rows.append(row("LOGON + IPL CMS to first read",
                            [bench.logon_to_read("IPL CMS") for _ in range(runs)], TARGET_READY))
            bench.command("ACCESS 192 B")
            bench.command("ACCESS 193 C")
            for name, cmd, target in (
                    ("LISTFILE SMALL DATA A", "LISTFILE SMALL DATA A", TARGET_INTERACTIVE),
                    ("TYPE SMALL DATA", "TYPE SMALL DATA", TARGET_INTERACTIVE),
                    ("STATE SMALL DATA A", "STATE SMALL DATA A", TARGET_INTERACTIVE),
                    ("CP QUERY TIME", "CP QUERY TIME", TARGET_INTERACTIVE),
                    (f"LISTFILE of {LISTFILE_FILES} files", "LISTFILE * LIST C", None),
                    (f"COPYFILE {COPY_RECORDS} records (F {COPY_LRECL})",
                     "COPYFILE BIG DATA B COPY DATA B (REPLACE", None),
                    (f"ASSEMBLE {ASSEMBLE_LINES} lines", "ASSEMBLE BIG", None),
                    (f"EXEC loop of {EXEC_LOOPS}", "EXEC LOOP", None)):
                samples = []
                for _ in range(runs):
                    if cmd == "ASSEMBLE BIG":       # room for the next TEXT and LISTING
                        bench.command("ERASE BIG LISTING A", check=False)
                        bench.command("ERASE BIG TEXT A", check=False)
                    samples.append(bench.command(cmd))
                rows.append(row(name, samples, target))
                if cmd == "LISTFILE * LIST C":
                    listed = sum(1 for x in bench.term.lines if x.endswith("LIST     C1"))
                    if listed != LISTFILE_FILES:
                        raise SystemExit(f"cms.bench: LISTFILE listed {listed} of the "
                                         f"{LISTFILE_FILES} files")
        finally:
            bench.stop()
    print(f"cms.bench: median of {runs} run(s); guest MIPS = instructions / guest CPU seconds")
    print(f"{'':<34} {'ms':>10} {'MIPS':>8} {'intcpt/s':>10}")
    for line in rows:
        print(line)


if __name__ == "__main__":
    main()
