"""Lesson 2, trap-and-emulate vs hardware assist (interpretive execution).

CP/67 and VM/370 ran every virtual machine in real problem state: each privileged
instruction trapped into the control program, which emulated it (trap-and-emulate).
The 370's VM assists and later SIE (interpretive execution) let the hardware run the
guest's privileged instructions against the guest's own state.  Our sie/ has both
modes over the same instruction semantics; CP picks one per virtual machine
(``user.vm.mode``).

1. The same CMS workload (IPL CMS, then CMS commands, typed on the user's session
   through vm370's automation API on a running system) under each mode: exits to
   CP, exits per second, time per exit, total time; exits over time plotted.
2. Adams & Agesen (ASPLOS 2006): a guest whose work is I/O instructions
   (lessons/programs/IOLOOP.asm) exits on every one in either mode, so the
   assist does not help: the two times are about equal.
"""

from __future__ import annotations

import re
import threading
import time

from . import guests, show
from .base import Context, Result
from .systems import LessonSystem

MODES = ("trap", "interpretive")
# One user per mode, each with the same files on its own 191: CMS moves a disk's directory
# to new blocks whenever it changes, so a second run on the first run's disk would find
# its free blocks elsewhere and take other paths (equivalence compares like with like).
USERS = {"trap": "USER1", "interpretive": "USER2"}
SAMPLE = 0.05                       # seconds between samples of the exit counters


DATA = [("DATA", "FILE", [f"RECORD {i:05d} OF THE LESSON'S DATA FILE" for i in range(400)])]
ROUND = ["COPYFILE DATA FILE A COPY FILE A", "COMPARE DATA FILE A COPY FILE A",
         "TYPE COPY FILE A 1 5", "ERASE COPY FILE A", "LISTFILE * * *"]


def cms_workload(ctx: Context) -> list[str]:
    return ROUND * (3 if ctx.quick else 30)


def exits_of(vm) -> int:
    for _ in range(5):
        try:
            return sum(list(vm.sd.counters.values()))
        except RuntimeError:                 # the worker added a key meanwhile
            continue
    return 0


def normalized(line: str) -> str:
    """A CMS line without what differs from run to run: the ready message's CPU times
    and clock (R; T=0.01/0.02 21:33:06)."""
    return re.sub(r"T=[0-9.]+/[0-9.]+ [0-9:]+", "T=", line)


def measure_cms(s: LessonSystem, mode: str, commands: list[str]) -> dict:
    userid = USERS[mode]
    user = s.logon(userid)
    user.vm.mode = mode
    user.vm.sd.counters.clear()
    samples: list[tuple[float, int]] = []
    done = threading.Event()
    t0 = time.monotonic()

    def sampler():
        while not done.is_set():
            samples.append((time.monotonic() - t0, exits_of(user.vm)))
            time.sleep(SAMPLE)
    th = threading.Thread(target=sampler, daemon=True)
    th.start()
    cpu0 = user.vm.cpu_seconds
    inst0 = user.vm.sd.instcount
    shown = []
    try:
        s.ipl_cms(userid)
        for command in commands:
            shown += [normalized(line) for line in s.cms(userid, command)]
    finally:
        done.set()
        th.join()
    total = time.monotonic() - t0
    exits = exits_of(user.vm)
    samples.append((total, exits))
    result = {"mode": mode, "seconds": total, "cpu": user.vm.cpu_seconds - cpu0,
              "instructions": user.vm.sd.instcount - inst0, "exits": exits,
              "samples": samples, "shown": shown}
    s.send(userid, "#CP LOGOFF", expect="LOGOFF AT|LOGGED OFF", timeout=20)
    deadline = time.monotonic() + 10
    while s.system.find(userid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


def measure_ioloop(iterations: int) -> list:
    image = guests.build("IOLOOP", ITER=iterations)
    out = []
    for mode in MODES:
        console = guests.Console()
        vm = guests.make_vm(image, mode, userid="IOLOOP")
        try:
            vm.attach(0x009, console.device)
            dt = guests.run_to_wait(vm)
            out.append((mode, dt, sum(vm.sd.counters.values()), vm.sd.instcount))
        finally:
            vm.close()
            console.close()
    return out


def run(ctx: Context) -> Result:
    say = ctx.say
    commands = cms_workload(ctx)
    say(f"Part 1: the same CMS workload (IPL CMS, then {len(commands) // len(ROUND)} rounds of "
        + ", ".join(ROUND) + f"), first under trap-and-emulate in {USERS['trap']}'s "
        f"virtual machine, then under interpretive execution in {USERS['interpretive']}'s (the same files on each 191).")
    results = {}
    with LessonSystem(ctx, files={userid: DATA for userid in USERS.values()}) as s:
        for mode in MODES:
            say(f"  {mode}: running ...")
            results[mode] = r = measure_cms(s, mode, commands)
            say(f"  {mode}: {r['exits']:,} exits to CP in {r['seconds']:.2f} s "
                f"({r['exits'] / r['seconds']:,.0f} per second)")
        # what the user sees at a real 3270: the same commands, under trap-and-emulate
        user = s.ipl_cms(USERS["trap"])
        user.vm.mode = "trap"
        shot = s.screenshot(USERS["trap"], ROUND[:3], ctx.out / "trap-and-emulate-3270.png")
    rows, figures = [], {}
    for mode in MODES:
        r = results[mode]
        rows.append([f"CMS workload, {mode}", r["instructions"], r["exits"],
                     r["exits"] / r["seconds"], 1e6 * r["cpu"] / max(r["exits"], 1),
                     r["seconds"]])
        figures[f"cms_exits_{mode}"] = float(r["exits"])
        figures[f"cms_seconds_{mode}"] = r["seconds"]
    trap, interp = results["trap"], results["interpretive"]
    extra = trap["exits"] - interp["exits"]
    figures["trap_exits_greater"] = trap["exits"] > interp["exits"]
    figures["cms_output_identical"] = trap["shown"] == interp["shown"] and bool(trap["shown"])
    figures["cms_instructions_identical"] = trap["instructions"] == interp["instructions"]
    say(f"CMS showed the same {len(trap['shown'])} lines in both modes: "
        f"{'yes' if figures['cms_output_identical'] else 'NO'} (equivalence, again).")
    figures["cost_per_trap_us"] = (1e6 * (trap["cpu"] - interp["cpu"]) / extra) if extra > 0 else 0.0
    say(f"Trap-and-emulate took {extra:,} more exits; each cost about "
        f"{figures['cost_per_trap_us']:.1f} microseconds of host CPU.")

    iterations = 20_000 if ctx.quick else 500_000
    say(f"Part 2 (Adams & Agesen): a guest that does {iterations:,} TIO instructions: every one "
        "exits to CP in both modes, so the hardware assist has nothing to speed up.")
    io = measure_ioloop(iterations)
    for mode, dt, exits, inst in io:
        rows.append([f"I/O-bound guest, {mode}", inst, exits, exits / dt, 1e6 * dt / exits, dt])
        figures[f"io_exits_{mode}"] = float(exits)
        figures[f"io_seconds_{mode}"] = dt
        say(f"  {mode}: {exits:,} exits in {dt:.3f} s")
    figures["io_time_ratio"] = figures["io_seconds_trap"] / figures["io_seconds_interpretive"]
    figures["cms_time_ratio"] = trap["seconds"] / interp["seconds"]
    say(f"Trap/interpretive time: CMS workload {figures['cms_time_ratio']:.2f}x, "
        f"I/O-bound guest {figures['io_time_ratio']:.2f}x.")

    plots = [show.line_plot(ctx.out / "trap-and-emulate-exits.png",
                            {mode: ([t for t, _ in results[mode]["samples"]],
                                    [e for _, e in results[mode]["samples"]]) for mode in MODES},
                            "Exits to CP during the same CMS workload", "seconds",
                            "exits so far"),
             show.bar_plot(ctx.out / "trap-and-emulate-time.png",
                           ["CMS workload", "I/O-bound guest"],
                           {mode: [results[mode]["seconds"], figures[f"io_seconds_{mode}"]]
                            for mode in MODES},
                           "Total time by mode", "seconds"),
             shot]
    return Result(["workload, mode", "instructions", "exits", "exits/s", "us per exit",
                   "seconds"], rows, plots, figures)
