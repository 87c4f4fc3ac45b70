"""CPU benchmark: `python -m s370.bench [--quick] [--vs-hercules] [-w intmix,strmix] [-n N]`.

Why: the team's speed targets (>= 100 MIPS integer mix, >= 1.0x Hercules 3.13 on every
workload) must be measured honestly: the same self-checking S/370 programs
(s370/bench/*.asm, assembled by s370.asm) run on our core and on Hercules, with exact
instruction counts.  Our count is cpu.instcount; it is checked against the count derived
from the loop structure (fixed part + per-iteration part, measured with 1 and 2
iterations), and that same derived count is used for Hercules (whose own counter is
racy).  Compile time is excluded from our timing (a warm-up run) and reported apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import struct
import sys
import time

WORKLOADS = {            # name: (source file, default iterations, description)
    "intmix": ("intmix.asm", 1_000_000, "integer mix (Dhrystone-like)"),
    "strmix": ("strmix.asm", 1_000_000, "storage-to-storage strings"),
    "decmix": ("decmix.asm", 1_000_000, "packed decimal"),
    "fpmix": ("fpmix.asm", 1_000_000, "hexadecimal floating point"),
}
ORIGIN = 0x1000
MEMSIZE = 1 << 20
DISABLED_WAIT_OK = 0          # the workloads' success wait code
HERE = os.path.dirname(os.path.abspath(__file__))


class BenchError(Exception):
    pass


def build(name: str):
    """Assemble a workload; return (image, offset of ITER in the image)."""
    from s370.asm import assemble
    src_file = os.path.join(HERE, WORKLOADS[name][0])
    with open(src_file) as f:
        a = assemble(f.read(), origin=ORIGIN, filename=src_file)
    if a.rc > 4:
        raise BenchError(f"{name}: assembly failed: {a.errors[:3]}")
    return bytes(a.image), a.symbols["ITER"] - ORIGIN


def with_iterations(image: bytes, iter_off: int, n: int) -> bytes:
    img = bytearray(image)
    img[iter_off:iter_off + 4] = struct.pack(">I", n)
    return bytes(img)


def run_bare(image: bytes):
    """Run one image on our bare core from ORIGIN to its disabled wait; (seconds, CPU)."""
    from s370.cpu import CPU
    from s370.cpu import layout as L
    cpu = CPU(memsize=MEMSIZE, clock="deterministic")
    cpu.load(ORIGIN, image)
    cpu.set_psw(struct.pack(">II", 0, ORIGIN))
    t0 = time.perf_counter()
    rc = cpu.run()
    dt = time.perf_counter() - t0
    if rc != L.EXIT_DISABLED_WAIT:
        raise BenchError(f"our core stopped with exit {rc}, not a disabled wait")
    return dt, cpu


def run_ours(image: bytes):
    """Run one image on our core from ORIGIN; return (seconds, instcount, wait code)."""
    dt, cpu = run_bare(image)
    code = struct.unpack(">I", cpu.psw[4:])[0] & 0xFFFFFF
    return dt, cpu.instcount, code


def load_hercules_driver():
    path = os.path.join(HERE, "..", "..", "tests", "hercules.py")
    if not os.path.exists(path):
        raise BenchError("--vs-hercules needs tests/hercules.py from the source tree")
    spec = importlib.util.spec_from_file_location("hercules_driver", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["hercules_driver"] = mod
    spec.loader.exec_module(mod)
    if not mod.available():
        raise BenchError("hercules (3.13) is not installed: apt-get install hercules")
    return mod


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m s370.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("-w", "--workloads", default=",".join(WORKLOADS),
                    help="comma-separated subset of: " + ", ".join(WORKLOADS))
    ap.add_argument("-n", "--iterations", type=int, help="loop iterations (default per workload)")
    ap.add_argument("--quick", action="store_true", help="1/20 of the iterations, one repeat")
    ap.add_argument("--repeat", type=int, help="timed runs per workload, median reported (default 3)")
    ap.add_argument("--vs-hercules", action="store_true", help="also run on Hercules 3.13 and compare")
    args = ap.parse_args(argv)
    names = [w.strip() for w in args.workloads.split(",") if w.strip()]
    for w in names:
        if w not in WORKLOADS:
            print(f"unknown workload {w!r}; choose from {', '.join(WORKLOADS)}", file=sys.stderr)
            return 2
    repeat = args.repeat or (1 if args.quick else 3)
    try:
        herc = load_hercules_driver() if args.vs_hercules else None
        session = herc.HerculesSession(mainsize=2 << 20) if herc else None
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failed = False
    from s370.bench.host import machine_lines
    print("\n".join(machine_lines()))
    try:
        t0 = time.perf_counter()
        run_ours(with_iterations(*build(names[0]), 1))       # numba compile / cache load
        compile_s = time.perf_counter() - t0
        print(f"core warm-up (numba compile or cache load): {compile_s:.2f} s")
        hdr = f"{'workload':8} {'instructions':>13} {'seconds':>8} {'MIPS':>8}"
        if session:
            hdr += f" {'Hercules s':>10} {'Herc MIPS':>9} {'ours/Herc':>9}"
        print(hdr)
        for name in names:
            image, off = build(name)
            n = args.iterations or WORKLOADS[name][1]
            if args.quick:
                n = max(1, n // 20)
            _, c1, k1 = run_ours(with_iterations(image, off, 1))
            _, c2, k2 = run_ours(with_iterations(image, off, 2))
            if k1 != DISABLED_WAIT_OK or k2 != DISABLED_WAIT_OK:
                raise BenchError(f"{name}: self-check failed on our core (wait code {k1:X}/{k2:X})")
            per_iter, fixed = c2 - c1, 2 * c1 - c2
            expected = fixed + per_iter * n
            img = with_iterations(image, off, n)
            times = []
            for _ in range(repeat):
                dt, count, code = run_ours(img)
                if code != DISABLED_WAIT_OK:
                    raise BenchError(f"{name}: self-check failed on our core (wait code {code:X})")
                if count != expected:
                    raise BenchError(f"{name}: instcount {count} != {fixed} + {per_iter}*{n}")
                times.append(dt)
            ours_s = statistics.median(times)
            line = f"{name:8} {expected:13,} {ours_s:8.3f} {expected / ours_s / 1e6:8.1f}"
            if session:
                htimes = []
                for _ in range(repeat):
                    res = session.run(herc.Program(img, ORIGIN, timeout=600.0))
                    if res.timed_out or res.wait_code != DISABLED_WAIT_OK:
                        raise BenchError(f"{name}: Hercules did not pass the self-check "
                                         f"(wait code {res.wait_code:X}, timed out {res.timed_out})")
                    htimes.append(res.elapsed)
                herc_s = statistics.median(htimes)
                herc_count = expected + 5          # the driver's start stub: 4 LD + LPSW
                hmips = herc_count / herc_s / 1e6
                ratio = (expected / ours_s / 1e6) / hmips
                line += f" {herc_s:10.3f} {hmips:9.1f} {ratio:9.2f}"
            print(line, flush=True)
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        failed = True
    finally:
        if session:
            session.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
