"""Per-instruction benchmark: `python -m s370.bench.instructions [--quick] [-k PATTERN]
[-n RUNS] [--no-hercules] [--json FILE]`.

Why: the mix benchmark (python -m s370.bench) says how fast whole workloads run; this
one says which instructions are slow, on our core and on Hercules 3.13 in the same run,
so speed work can aim at them.  Every instruction of the table (s370/isa.py) is timed
in its common operand variants (register and storage forms, short and long SS lengths,
taken and not-taken branches, EX of the common targets, MVCL/CLCL lengths, decimal
lengths, HFP short/long/extended), except the ones listed as skipped with a reason.

The loops (s370/bench/iloops.py) are generated from the table: an operand template per
(class, format), a small table of per-mnemonic variants, emitted as assembler source and
assembled by s370.asm: K=10 unrolled copies of the instruction in a BCT loop, each loop
in its own 4K slot of one image, all in supervisor state, BC mode, key 0.

Method (honest figures, issue 13):
* Both machines load the same image once (one Hercules process for the whole run) and
  run each loop separately: PSW to the loop's entry, run to its disabled wait.  A loop
  that ends in any other wait (a program interruption lands in a trap PSW) or, on our
  core, executes any other number of instructions than the count derived from the loop
  structure, is reported as FAILED, not timed.
* Instruction counts are derived, not read from Hercules (its counter is racy): fixed
  part + n * (K * instructions per copy + 1).  EX with its target counts once, an
  interrupted-and-resumed MVCL/CLCL once, an SVC twice (with the handler's LPSW back).
* Time is host CPU time of the thread that executes the guest instructions, in the window
  from just before the loop is started to its disabled wait: on our core
  time.thread_time() around CPU.run (real-clock mode); on Hercules the run time of its
  CPU thread (/proc/PID/task/TID/schedstat, nanoseconds) around the panel's `start` and
  the HHCCP011I wait message.  Wall time would charge both machines for the other
  processes of a loaded host; CPU time does not.  The window's fixed cost (the empty
  loop run once) is subtracted, then the loop time per iteration of the variant's
  baseline (K copies of its per-copy reset, or the bare BCT loop); the rest divided by K
  is ns per instruction.  Each loop's count is chosen on our core for about --target-ms
  of CPU time; each figure is the median of -n runs.
* Each loop also stores STCK before and after the loop (the same method on both; TOD is
  real time on Hercules and on our core in real-clock mode); from it the JSON output
  gives wall-clock ns and the CPU share (CPU time / wall time) that shows how loaded the
  host was.
* The weighted total is the mean ns per instruction over the variants that have a weight
  in the instruction mix of s370/bench/weights.py (Svobodova 1974, S/370-145, as wfjm's
  s370_perf 'lmix'), and its inverse as MIPS.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import statistics
import struct
import sys
import tempfile
import time

from s370.bench import iloops as IL
from s370.bench.host import load_line, machine_lines
from s370.bench.weights import LMIX, SOURCE as MIX_SOURCE

MEMSIZE = 4 << 20
TRAP_NEW_PSWS = {88: 0xE01, 104: 0xE03, 112: 0xE04, 120: 0xE05}   # SVC's (96) is ours
N_CALIBRATE = 50
CALIBRATE_MIN_NS = 1_000_000     # a calibration run's loop time: far above the fixed cost's jitter
N_MAX = 20_000_000


class BenchError(Exception):
    pass


def tod_ns(stamps: bytes) -> float:
    """STCK T0/T1 (16 bytes) -> wall nanoseconds between them (bit 51 = 1 us)."""
    t0, t1 = struct.unpack(">QQ", stamps)
    return (t1 - t0) * 1000 / 4096


class Sample:
    __slots__ = ("cpu_ns", "wall_ns", "count", "code", "ok", "why")

    def __init__(self, cpu_ns, wall_ns, count, code, ok, why=""):
        self.cpu_ns, self.wall_ns, self.count, self.code, self.ok, self.why = \
            cpu_ns, wall_ns, count, code, ok, why


# ---------------------------------------------------------------- our core

class Ours:
    """The image on one CPU of our core (real clock), one loop per run()."""

    name = "ours"

    def __init__(self, image: bytes):
        from s370.cpu import CPU
        from s370.cpu import layout as L
        self.L = L
        self.cpu = CPU(memsize=MEMSIZE, clock="real")
        for loc, code in TRAP_NEW_PSWS.items():
            self.cpu.load(loc, struct.pack(">II", IL.DISABLED_WAIT_BC, code))
        for addr, data in IL.low_core():
            self.cpu.load(addr, data)
        self.cpu.load(IL.ORIGIN, image)
        self.ex_twice = False          # the core counts an EX target as an instruction

    def set_count(self, case, n: int):
        self.cpu.load(case.n_off, struct.pack(">I", n))

    def run(self, case, n: int) -> Sample:
        cpu = self.cpu
        expected = case.expected(n)
        cpu.set_psw(struct.pack(">II", 0, case.addr))
        c0 = cpu.instcount
        t0 = time.thread_time_ns()
        rc = cpu.run(max_instructions=case.expected(n, ex_twice=True) + 100)
        dt = time.thread_time_ns() - t0
        count = cpu.instcount - c0
        code = struct.unpack(">I", cpu.psw[4:])[0] & 0xFFFFFF
        s = Sample(dt, tod_ns(cpu.read(case.t0, 16)), count, code, True)
        if rc != self.L.EXIT_DISABLED_WAIT or code != case.wait_code:
            s.ok, s.why = False, f"ended with exit {rc}, wait code {code:X} (expected {case.wait_code:X})"
        elif count != expected:
            if case.variant.ex_targets and count == case.expected(n, ex_twice=True):
                self.ex_twice = True
            else:
                s.ok, s.why = False, f"executed {count} instructions, expected {expected}"
        return s


# ---------------------------------------------------------------- Hercules

def _hercules_driver():
    from s370.bench.__main__ import BenchError as MixError, load_hercules_driver
    try:
        return load_hercules_driver()
    except MixError as e:
        raise BenchError(str(e)) from None


class Herc:
    """The image in one Hercules 3.13 process; one loop per `start`."""

    name = "Hercules"

    def __init__(self, image: bytes, first_case, timeout: float):
        self.drv = _hercules_driver()
        self.timeout = timeout
        self.s = self.drv.HerculesSession(mainsize=MEMSIZE)
        prog = self.drv.Program(image, IL.ORIGIN, psw=self.drv.bc_psw(first_case.addr),
                                patches=IL.low_core(), timeout=60.0)
        res = self.s.run(prog)
        if res.timed_out or res.wait_code != first_case.wait_code:
            raise BenchError(f"Hercules did not run the first loop (wait code {res.wait_code:X})")
        self.pid = self.s._proc.pid
        self.tid = None

    def _runtimes(self) -> dict:
        out = {}
        base = f"/proc/{self.pid}/task"
        for t in os.listdir(base):
            try:
                with open(f"{base}/{t}/schedstat") as f:
                    out[t] = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return out

    def identify_cpu_thread(self, case, n: int):
        """The thread whose run time grows while a loop runs is the CPU thread."""
        before = self._runtimes()
        if not before:
            raise BenchError("cannot read /proc/PID/task/*/schedstat for Hercules' CPU time")
        self.tid = "?"
        self.run(case, n, _runtime=lambda: 0)
        after = self._runtimes()
        deltas = {t: after[t] - before.get(t, 0) for t in after}
        self.tid = max(deltas, key=deltas.get)

    def _thread_ns(self) -> int:
        with open(f"/proc/{self.pid}/task/{self.tid}/schedstat") as f:
            return int(f.read().split()[0])

    def run(self, case, n: int, _runtime=None) -> Sample:
        runtime = _runtime or self._thread_ns
        s, log = self.s, []
        s._stopped([f"psw sm=00 pk=0 cmwp=0 cc=0 pm=0 ia={case.addr:x}"], log)
        r0 = runtime()
        s._send("start")
        done = s._wait_for("HHCCP011I", self.timeout, log)
        r1 = runtime()
        start = s._stopped(["psw"], log)
        try:
            psw = self.drv._parse_psw("\n".join(log[start:]))
            code = struct.unpack(">I", psw[4:])[0] & 0xFFFFFF
        except self.drv.HerculesError:
            code = -1
        smp = Sample(r1 - r0, 0.0, case.expected(n), code, True)
        if not done:
            smp.ok, smp.why = False, f"no disabled wait within {self.timeout:.0f} s"
        elif code != case.wait_code:
            smp.ok, smp.why = False, f"wait code {code:X} (expected {case.wait_code:X})"
        return smp

    def stamps(self, cases) -> dict:
        """STCK stamps of every case as stored by its last run."""
        lo = min(c.t0 for c in cases)
        hi = max(c.t0 for c in cases) + 16
        path = os.path.join(tempfile.gettempdir(), f"ibench-{os.getpid()}.bin")
        log = []
        self.s._stopped([f"savecore {path} {lo:x} {hi - 1:x}"], log)
        try:
            with open(path, "rb") as f:
                blob = f.read()
        finally:
            if os.path.exists(path):
                os.unlink(path)
        return {c.index: tod_ns(blob[c.t0 - lo:c.t0 - lo + 16]) for c in cases}

    def close(self):
        self.s.close()


# ---------------------------------------------------------------- the run

def select(patterns: str | None):
    if not patterns:
        return None
    pats = [p.strip().upper() for p in patterns.split(",") if p.strip()]
    return lambda mn: any(fnmatch.fnmatchcase(mn, p) for p in pats)


def calibrate(ours: Ours, cases, overhead, target_ns: float, log) -> dict:
    """Run every loop on our core with N_CALIBRATE iterations or more (checking its
    count), then choose n for about target_ns of CPU time.  Returns {case index: n},
    failed cases get n = 0.

    A calibration run must last well beyond the run's fixed cost: a few microseconds of
    loop against a jittery fixed cost of tens gave per-iteration times near zero, hence
    N_MAX iterations (minutes per loop, and Hercules time-outs) for the fastest
    instructions; so n grows eightfold until the loop time is CALIBRATE_MIN_NS."""
    ov = statistics.median(ours.run(overhead, 1).cpu_ns for _ in range(5))
    counts = {overhead.index: 1}
    for c in cases:
        if c is overhead:
            continue
        n_cal = N_CALIBRATE
        while True:
            ours.set_count(c, n_cal)
            s = ours.run(c, n_cal)
            if not s.ok or s.cpu_ns - ov >= CALIBRATE_MIN_NS or n_cal * 8 > N_MAX:
                break
            n_cal *= 8
        if not s.ok:
            log(f"  {c.variant.name}: FAILED on our core: {s.why}")
            counts[c.index] = 0
            continue
        per_iter = max(1.0, (s.cpu_ns - ov) / n_cal)
        n = int(min(N_MAX, max(N_CALIBRATE, target_ns / per_iter)))
        counts[c.index] = n
        ours.set_count(c, n)
    return counts


def measure(machine, cases, counts, runs: int, log) -> dict:
    """{case index: [Sample, ...]} over `runs` passes (failed cases are dropped)."""
    samples = {c.index: [] for c in cases if counts.get(c.index)}
    for r in range(runs):
        t0 = time.monotonic()
        for c in cases:
            if c.index not in samples:
                continue
            s = machine.run(c, counts[c.index])
            if not s.ok:
                log(f"  {c.variant.name or c.variant.tag}: FAILED on {machine.name}: {s.why}")
                del samples[c.index]
                continue
            samples[c.index].append(s)
        if isinstance(machine, Herc):
            walls = machine.stamps([c for c in cases if c.index in samples])
            for i, w in walls.items():
                samples[i][-1].wall_ns = w
        log(f"  {machine.name}: pass {r + 1}/{runs} done in {time.monotonic() - t0:.1f} s wall; "
            + load_line())
    return samples


def per_instruction(cases_by_index, samples, counts, overhead):
    """{case index: ns per instruction} from the medians (None when not measurable)."""
    if overhead.index not in samples:
        return {}
    ov = statistics.median(s.cpu_ns for s in samples[overhead.index])

    def per_iter(c):
        if c.index not in samples or not samples[c.index]:
            return None
        return (statistics.median(s.cpu_ns for s in samples[c.index]) - ov) / counts[c.index]
    out = {}
    for i, c in cases_by_index.items():
        if c.kind != "timed":
            continue
        a, b = per_iter(c), per_iter(c.baseline)
        if a is None or b is None:
            continue
        out[i] = (a - b) / (IL.K * (1 + c.variant.extra_per_copy))
    return out


def weighted(ns: dict, timed) -> tuple:
    """(mean ns weighted by the mix, sum of weights used)."""
    tw = wsum = 0.0
    for c in timed:
        w = LMIX.get((c.variant.mnemonic, c.variant.tag))
        if w and c.index in ns and ns[c.index] > 0:
            tw += w * ns[c.index]
            wsum += w
    return (tw / wsum if wsum else float("nan")), wsum


def mips(samples, cases_by_index, counts):
    """Instructions executed / CPU seconds over all timed runs of one machine."""
    inst = cpu = 0
    for i, ss in samples.items():
        c = cases_by_index[i]
        for s in ss:
            inst += c.expected(counts[i])
            cpu += s.cpu_ns
    return inst / cpu * 1e3 if cpu else float("nan")


def cpu_share(samples):
    shares = [s.cpu_ns / s.wall_ns for ss in samples.values() for s in ss if s.wall_ns > 1e6]
    return statistics.median(shares) if shares else float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m s370.bench.instructions",
                                 description=__doc__.split("\n\n")[1])
    ap.add_argument("-k", metavar="PATTERN", help="mnemonics to time: comma-separated shell "
                    "patterns, e.g. 'MV*,AP,B*'")
    ap.add_argument("-n", "--runs", type=int, help="timed runs per loop, median reported "
                    "(default 3, --quick 1)")
    ap.add_argument("--quick", action="store_true", help="first variant of each instruction, "
                    "short loops, one run")
    ap.add_argument("--target-ms", type=float, help="CPU time per loop on our core "
                    "(default 20, --quick 4)")
    ap.add_argument("--no-hercules", action="store_true", help="time our core only")
    ap.add_argument("--json", metavar="FILE", help="write all figures and samples as JSON")
    args = ap.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    target_ns = (args.target_ms or (4.0 if args.quick else 20.0)) * 1e6

    def log(msg):
        print(msg, file=sys.stderr, flush=True)
    for line in machine_lines():
        print(line)
    try:
        timed, cases = IL.build_cases(select(args.k), first_only=args.quick)
    except IL.BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not timed:
        print(f"no instruction matches -k {args.k!r}", file=sys.stderr)
        return 2
    overhead = cases[0]
    by_index = {c.index: c for c in cases}
    image = IL.image_of(cases)

    t0 = time.perf_counter()
    ours = Ours(image)
    ours.run(overhead, 1)                            # numba compile or cache load
    print(f"core warm-up (numba compile or cache load): {time.perf_counter() - t0:.2f} s")
    log(f"{len(timed)} loops + {len(cases) - len(timed)} baselines; calibrating on our core ...")
    counts = calibrate(ours, cases, overhead, target_ns, log)
    for c in cases:                                  # the image Hercules gets has the counts
        if counts.get(c.index):
            image = image[:c.n_off - IL.ORIGIN] + struct.pack(">I", counts[c.index]) \
                + image[c.n_off - IL.ORIGIN + 4:]
    results = {"ours": measure(ours, cases, counts, runs, log)}
    herc = None
    if not args.no_hercules:
        try:
            first = next(c for c in cases if c.kind == "baseline" and counts.get(c.index))
            herc = Herc(image, first, timeout=120.0)
            herc.identify_cpu_thread(first, counts[first.index])
            results["herc"] = measure(herc, cases, counts, runs, log)
        except BenchError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        finally:
            if herc:
                herc.close()

    ns = {k: per_instruction(by_index, v, counts, overhead) for k, v in results.items()}
    report(timed, ns, results, by_index, counts, runs, target_ns, ours.ex_twice)
    if args.json:
        write_json(args.json, timed, cases, ns, results, counts, runs, target_ns)
    failed = any(not counts.get(c.index) for c in cases) or \
        any(c.index not in r for r in results.values() for c in cases if counts.get(c.index))
    return 1 if failed else 0


def _ratio(o, h):
    return h / o if o and h and o > 0 and h > 0 else None


def report(timed, ns, results, by_index, counts, runs, target_ns, ex_twice):
    has_h = "herc" in ns
    print(f"\nns per instruction: host CPU time of the emulating thread, median of {runs} "
          f"run(s), loops of ~{target_ns / 1e6:.0f} ms CPU on our core, baseline subtracted")
    hdr = f"{'instruction':34} {'ours ns':>9}"
    if has_h:
        hdr += f" {'Herc ns':>9} {'speed ours/Herc':>15}"
    print(hdr)
    for c in timed:
        o = ns["ours"].get(c.index)
        line = f"{c.variant.name:34} {_fmt(o):>9}"
        if has_h:
            h = ns["herc"].get(c.index)
            r = _ratio(o, h)
            line += f" {_fmt(h):>9} {(f'{r:.2f}' if r else '-'):>15}"
        if c.index not in results["ours"]:
            line += "  FAILED (ours)"
        elif has_h and c.index not in results["herc"]:
            line += "  FAILED (Hercules)"
        print(line)
    print("\nnot timed:")
    for mn, why in IL.SKIPPED.items():
        print(f"  {mn:6} {why}")
    if has_h:
        rows = [(r, c) for c in timed
                if (r := _ratio(ns["ours"].get(c.index), ns["herc"].get(c.index)))]
        rows.sort(key=lambda t: t[0])
        print("\n20 worst speed ratios (ours/Hercules, < 1: ours slower):")
        for r, c in rows[:20]:
            print(f"  {c.variant.name:34} {r:6.2f}   ours {ns['ours'][c.index]:8.1f} ns"
                  f"   Hercules {ns['herc'][c.index]:8.1f} ns")
    print(f"\nweighted total (mix: {MIX_SOURCE}):")
    wo, cov = weighted(ns["ours"], timed)
    if not cov:
        print("  none of the selected variants has a weight in the mix")
        wo = None
    if wo:
        print(f"  ours     {wo:8.2f} ns/instruction = {1e3 / wo:7.1f} MIPS (weights covered: {cov:.4f})")
    if has_h and wo:
        wh, covh = weighted(ns["herc"], timed)
        print(f"  Hercules {wh:8.2f} ns/instruction = {1e3 / wh:7.1f} MIPS (weights covered: {covh:.4f})")
        print(f"  speed ours/Hercules: {wh / wo:.2f}")
    print("\nall timed runs, instructions executed / CPU time (loops and baselines):")
    for k, name in (("ours", "ours"), ("herc", "Hercules")):
        if k in results:
            print(f"  {name:9} {mips(results[k], by_index, counts):8.1f} MIPS;"
                  f" median CPU share of wall time in a loop: {cpu_share(results[k]):.2f}")
    if ex_twice:
        print("note: this core counts an EX target as an instruction of its own; the counts "
              "above count EX with its target once")
    print(load_line())


def _fmt(v):
    return "-" if v is None else f"{v:.1f}"


def write_json(path, timed, cases, ns, results, counts, runs, target_ns):
    out = {"host": machine_lines(), "runs": runs, "target_ms": target_ns / 1e6, "K": IL.K,
           "mix": MIX_SOURCE, "skipped": IL.SKIPPED, "loops": []}
    for c in cases:
        row = {"name": c.variant.name or c.variant.tag, "kind": c.kind,
               "mnemonic": c.variant.mnemonic, "variant": c.variant.tag,
               "iterations": counts.get(c.index, 0),
               "instructions": c.expected(counts[c.index]) if counts.get(c.index) else None,
               "weight": LMIX.get((c.variant.mnemonic, c.variant.tag))}
        for k, res in results.items():
            row[k] = {"ns_per_instruction": ns[k].get(c.index),
                      "cpu_ns": [s.cpu_ns for s in res.get(c.index, [])],
                      "wall_ns": [s.wall_ns for s in res.get(c.index, [])]}
        out["loops"].append(row)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
