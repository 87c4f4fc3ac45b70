"""Lesson 4, temporal isolation: an interactive user's response time beside a CPU hog.

One dispatcher worker (one real CPU) is shared by USER1, who types CMS commands, and
USER2 (and USER3 in the full run), whose virtual machines run a CPU-bound program
without end (lessons/programs/EQUIV.asm with a loop count of 2**31-1).  USER1's
response time -- from the line typed on the session (vm370's automation API) to CMS's
ready message -- is measured with CP's scheduler as designed (fair share: an
interactive queue with short slices that preempts the CPU-bound users, VM/370's Q1),
and with it switched off (``Dispatcher.fair_share = False``: one first-come
first-served round robin).  The distributions are plotted.
"""

from __future__ import annotations

import struct
import time

from . import guests, show
from .base import Context, LessonError, Result
from .systems import LessonSystem

INTERACTIVE = "USER1"
COMMAND = "LISTFILE * * A"
FOREVER = 0x7FFFFFFF
DATA = [("NOTES", "FILE", ["THE INTERACTIVE USER'S FILE"])]


def start_hog(s: LessonSystem, userid: str) -> None:
    """A CPU-bound program started in ``userid``'s virtual machine (it never ends)."""
    vm = s.logon(userid).vm
    with vm.lock:
        vm.sd.load(guests.ORIGIN, guests.build("EQUIV", ITER=FOREVER))
        vm.sd.set_psw(struct.pack(">II", 0, guests.ORIGIN))
    vm.begin()


def response_times(s: LessonSystem, n: int) -> list[float]:
    """Enter-to-ready times of ``n`` commands, each typed once CMS waits at its console."""
    times = []
    user = s.logon(INTERACTIVE)
    for _ in range(n):
        s.wait_idle(user)
        t0 = time.perf_counter()
        reply = s.send(INTERACTIVE, COMMAND, expect=r"^R;", timeout=30)
        times.append(time.perf_counter() - t0)
        if not reply.ok:
            raise LessonError(f"{COMMAND!r} got no ready message: {reply.lines[-2:]}")
        time.sleep(0.12)            # think time: the user is interactive again (IDLE_WAIT)
    return times


def run(ctx: Context) -> Result:
    say = ctx.say
    n = 25 if ctx.quick else 100
    hogs = ["USER2", "USER3"]
    say(f"One real CPU (one dispatcher worker). {INTERACTIVE} types {COMMAND!r} {n} times; "
        f"{', '.join(hogs)} run{'s' if len(hogs) == 1 else ''} a CPU-bound loop meanwhile.")
    samples = {}
    with LessonSystem(ctx, workers=1, files={INTERACTIVE: DATA}) as s:
        s.ipl_cms(INTERACTIVE)
        say("  alone (no neighbour) ...")
        samples["alone"] = response_times(s, n)
        for userid in hogs:
            start_hog(s, userid)
        for label, fair in (("fair share on", True), ("fair share off", False)):
            s.dispatcher.fair_share = fair
            time.sleep(0.3)
            say(f"  with the CPU hog, {label} ...")
            samples[label] = response_times(s, n)
        s.dispatcher.fair_share = True
        shot = s.screenshot(INTERACTIVE, [COMMAND, "LISTFILE * * S"],
                            ctx.out / "temporal-isolation-3270.png")
        say(f"  {INTERACTIVE}'s 3270 screen, the hogs still running: {shot}")
    rows, figures = [], {}
    for label, values in samples.items():
        p50, p99 = show.percentile(values, 50), show.percentile(values, 99)
        rows.append([label, len(values), 1000 * p50, 1000 * p99, 1000 * max(values)])
        key = label.replace(" ", "_")
        figures[f"p50_ms_{key}"] = 1000 * p50
        figures[f"p99_ms_{key}"] = 1000 * p99
        say(f"  {label:16} median {1000 * p50:7.1f} ms, p99 {1000 * p99:7.1f} ms")
    figures["fair_share_lowers_p99"] = (figures["p99_ms_fair_share_on"]
                                        < figures["p99_ms_fair_share_off"])
    say("With fair share the interactive user's commands preempt the hog (VM/370's Q1); "
        "without it each command waits behind the hog's slices, once per console read and "
        "disk wait.")
    plots = [show.cdf_plot(ctx.out / "temporal-isolation.png",
                           {label: [1000 * v for v in values] for label, values in samples.items()},
                           f"{INTERACTIVE}'s response time to {COMMAND!r}", "milliseconds"),
             shot]
    return Result(["setting", "commands", "median ms", "p99 ms", "max ms"], rows, plots, figures)
