"""Interpretive-execution benchmark: `python -m sie.bench [--quick] [-w intmix,...]`.

Prints, for each s370.bench workload, MIPS on the bare machine, in a guest under
interpretive execution and in a guest under trap-and-emulate, with the ratios;
the round-trip cost of one intercept (a guest looping on DIAGNOSE, handled by a
trivial Python handler); an OS-like workload heavy in SSM/STOSM/STNSM/LPSW/LCTL/
SVC on the bare core and in both modes (same final registers checked) with their
loop exits; and 1 vs 2 CPU-bound guests on threads
(wall time vs CPU time: the core releases the GIL).  Figures only; nothing is
asserted about speed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import sys
import threading
import time

from s370.bench.__main__ import (WORKLOADS, ORIGIN, MEMSIZE, build, with_iterations, run_ours,
                                 run_bare)
from s370.cpu import layout as L

from . import Intercept, StateDescription, run_guest

SLICE = 50_000_000

OSLIKE = """
OS       CSECT
         USING *,12
         BALR  12,0
         BCTR  12,0
         BCTR  12,0
         MVC   X'60'(8),SVCNEW         SVC new PSW
         L     2,ITER
LOOP     SSM   ENABLE
         STNSM SAVE,X'00'
         STOSM SAVE,X'00'
         LCTL  0,0,CR0
         SVC   1
         LPSW  NEXT
BACK     BCT   2,LOOP
         LPSW  DONE
SVCH     LA    3,1(,3)                 the "OS": count
         LPSW  X'20'
         DS    0D
SVCNEW   DC    X'00000000',A(SVCH)
NEXT     DC    X'00000000',A(BACK)
DONE     DC    X'00020000',A(0)
ENABLE   DC    X'00'
SAVE     DC    X'00'
         DS    0F
CR0      DC    X'000000E0'
ITER     DC    F'200000'
         END
"""


def guest_for(image: bytes, mode: str) -> StateDescription:
    sd = StateDescription(memsize=MEMSIZE, clock="deterministic", mode=mode)
    sd.load(ORIGIN, image)
    sd.set_psw(struct.pack(">II", 0, ORIGIN))
    return sd


def run_guest_to_end(sd) -> tuple[float, int]:
    t0 = time.perf_counter()
    while True:
        code = run_guest(sd, SLICE)
        if code == Intercept.DISABLED_WAIT:
            break
        if code != Intercept.TIMESLICE:
            raise RuntimeError(f"guest stopped with {code.name}")
    dt = time.perf_counter() - t0
    if sd.ia != 0:
        raise RuntimeError(f"self-check failed in the guest (wait code {sd.ia:X})")
    return dt, sd.instcount


def mips_of(fn, repeat):
    best = []
    for _ in range(repeat):
        dt, n = fn()
        best.append((dt, n))
    dt = statistics.median(d for d, _ in best)
    return best[0][1] / dt / 1e6, dt, best[0][1]


def workloads(names, quick, repeat):
    print(f"{'workload':8} {'bare MIPS':>9} {'interp MIPS':>11} {'trap MIPS':>9} "
          f"{'interp/bare':>11} {'trap/bare':>9}")
    for name in names:
        image, off = build(name)
        n = WORKLOADS[name][1] // (20 if quick else 1)
        img = with_iterations(image, off, n)
        bare = mips_of(lambda: run_ours(img)[:2], repeat)[0]
        interp = mips_of(lambda: run_guest_to_end(guest_for(img, "interpretive")), repeat)[0]
        trap = mips_of(lambda: run_guest_to_end(guest_for(img, "trap")), repeat)[0]
        print(f"{name:8} {bare:9.1f} {interp:11.1f} {trap:9.1f} {interp / bare:11.3f} "
              f"{trap / bare:9.3f}", flush=True)


def intercept_round_trip(n):
    from s370.asm import assemble
    a = assemble(" USING *,12\nLOOP DIAG 0,0,X'0008'\n B LOOP\n END", origin=ORIGIN)
    sd = StateDescription(memsize=1 << 16, clock="real")
    sd.load(ORIGIN, a.image)
    sd.set_gpr(12, ORIGIN)
    sd.set_psw(struct.pack(">II", 0, ORIGIN))
    handled = 0

    def diag_handler(sd):                  # a trivial CP handler: set the CC
        sd.S[L.PSW_CC] = 0

    for _ in range(1000):
        run_guest(sd, 1 << 30)
    t0 = time.perf_counter()
    for _ in range(n):
        if run_guest(sd, 1 << 30) == Intercept.DIAGNOSE:
            diag_handler(sd)
            handled += 1
    dt = time.perf_counter() - t0
    print(f"intercept round trip (DIAGNOSE to a Python handler and back): "
          f"{dt / n * 1e6:.2f} us, {handled / dt:,.0f} intercepts/s")


def oslike(quick):
    """The OS-like loop on the bare core and in both guest modes; all must end alike."""
    from s370.asm import assemble
    a = assemble(OSLIKE.replace("200000", "20000" if quick else "200000"), origin=ORIGIN)
    if a.errors:
        raise RuntimeError(a.errors[:3])
    image = bytes(a.image)
    dt, cpu = run_bare(image)
    bare_regs = list(cpu.gprs)
    print(f"{'OS-like':12} {'MIPS':>8} {'loop exits':>11} {'trapped':>9} {'reflected':>9}")
    res = {"bare": cpu.instcount / dt / 1e6}
    print(f"{'bare':12} {res['bare']:8.2f}")
    for mode in ("interpretive", "trap"):
        sd = guest_for(image, mode)
        dt, n = run_guest_to_end(sd)
        regs = [int(sd.S[L.GPR + r]) & 0xFFFFFFFF for r in range(16)]
        if regs != bare_regs or n != cpu.instcount:
            raise RuntimeError(f"OS-like program ended differently in {mode} mode")
        res[mode] = n / dt / 1e6
        print(f"{mode:12} {res[mode]:8.2f} {sd.loop_exits:11,} {sd.counters['trap']:9,} "
              f"{sd.counters['reflect']:9,}")
    print(f"trap-and-emulate / interpretive speed: {res['trap'] / res['interpretive']:.3f} "
          f"(interpretive {res['interpretive'] / res['trap']:.1f}x faster)")


def threads(quick):
    image, off = build("intmix")
    # long enough (about half a second per guest even with --quick) that thread start-up
    # does not dominate: both host cores busy shows as CPU/wall near 2
    img = with_iterations(image, off, WORKLOADS["intmix"][1] // (4 if quick else 1))
    print(f"CPU-bound guests on threads ({os.cpu_count()} host CPUs, load average "
          f"{os.getloadavg()[0]:.2f} before; the core releases the GIL, so CPU/wall near 2 "
          f"for 2 guests unless other work holds a host CPU)")
    print(f"{'guests':6} {'wall s':>7} {'CPU s':>7} {'CPU/wall':>8}")
    for k in (1, 2):
        guests = [guest_for(img, "interpretive") for _ in range(k)]
        cpu_times = [0.0] * k

        def work(i):
            t = time.thread_time()
            run_guest_to_end(guests[i])
            cpu_times[i] = time.thread_time() - t

        ts = [threading.Thread(target=work, args=(i,)) for i in range(k)]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        wall = time.perf_counter() - t0
        cpu = sum(cpu_times)
        print(f"{k:6} {wall:7.2f} {cpu:7.2f} {cpu / wall:8.2f}", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sie.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("-w", "--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--quick", action="store_true", help="1/20 of the iterations, one repeat")
    ap.add_argument("--repeat", type=int)
    args = ap.parse_args(argv)
    names = [w.strip() for w in args.workloads.split(",") if w.strip()]
    for w in names:
        if w not in WORKLOADS:
            print(f"unknown workload {w!r}; choose from {', '.join(WORKLOADS)}", file=sys.stderr)
            return 2
    repeat = args.repeat or (1 if args.quick else 3)
    t0 = time.perf_counter()
    run_guest_to_end(guest_for(with_iterations(*build(names[0]), 1), "trap"))
    print(f"core warm-up (numba compile or cache load): {time.perf_counter() - t0:.2f} s")
    workloads(names, args.quick, repeat)
    intercept_round_trip(20_000 if args.quick else 200_000)
    oslike(args.quick)
    threads(args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
