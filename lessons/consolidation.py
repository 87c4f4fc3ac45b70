"""Lesson 5, consolidation: N CMS users on one machine.

Consolidation was VM/370's first selling point: many users' work on one real machine,
each in a virtual machine of its own.  N users (LSN001 ... added to the directory with
a CMS 191 disk each) IPL CMS and run the same scripted workload at once, each on its
own session through vm370's automation API.  For each N: throughput (CMS commands
per second), the host CPU the dispatcher used, and host memory per user (the growth of
the process's resident set as users log on and IPL).
"""

from __future__ import annotations

import os
import threading
import time

from vm370.automation import Session

from . import show
from .base import Context, LessonError, Result
from .systems import CMS_READY, LessonSystem

DATA = [("DATA", "FILE", [f"RECORD {i:04d} OF A USER'S WORK" for i in range(100)])]
WORK = ["COPYFILE DATA FILE A COPY FILE A", "COMPARE DATA FILE A COPY FILE A",
        "ERASE COPY FILE A", "LISTFILE * * A"]


def rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def user_work(s: LessonSystem, userid: str, rounds: int, done: list, errors: list) -> None:
    user = s.logon(userid)
    try:
        with Session(str(s.state_dir)) as session:
            for _ in range(rounds):
                for command in WORK:
                    s.wait_idle(user)
                    reply = session.send(command, user=userid, expect=CMS_READY, timeout=120)
                    if not reply.ok or not reply.match.startswith("R;"):
                        errors.append(f"{userid}: {command}: {reply.lines[-2:]}")
                        return
                    done.append(1)
    except Exception as err:             # reported by the lesson, one line
        errors.append(f"{userid}: {err}")


def run(ctx: Context) -> Result:
    say = ctx.say
    steps = [1, 2, 4, 8] if ctx.quick else [1, 5, 10, 25, 50, 100]
    rounds = 2 if ctx.quick else 5
    users = [f"LSN{i:03d}" for i in range(1, steps[-1] + 1)]
    say(f"N CMS users, N = {', '.join(map(str, steps))}, each running {rounds} rounds of "
        + "; ".join(WORK) + " at the same time.")
    rows, figures = [], {}
    xs, throughput, cpu_use, mem_per_user = [], [], [], []
    with LessonSystem(ctx, extra_users=len(users), files={u: DATA for u in users}) as s:
        workers = s.dispatcher.nworkers
        base_rss = rss_bytes()
        ipled = 0
        for n in steps:
            while ipled < n:
                s.ipl_cms(users[ipled])
                ipled += 1
            mem = (rss_bytes() - base_rss) / n
            done, errors = [], []
            busy0, t0 = s.dispatcher._busy, time.monotonic()
            threads = [threading.Thread(target=user_work, args=(s, u, rounds, done, errors))
                       for u in users[:n]]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.monotonic() - t0
            if errors:
                raise LessonError(f"N={n}: {errors[0]}")
            cpu = (s.dispatcher._busy - busy0) / wall / workers
            rate = len(done) / wall
            xs.append(n)
            throughput.append(rate)
            cpu_use.append(100 * cpu)
            mem_per_user.append(mem / 2**20)
            rows.append([n, len(done), wall, rate, 100 * cpu, mem / 2**20])
            say(f"  N={n:3}: {len(done):5} commands in {wall:6.2f} s = {rate:7.1f}/s, "
                f"guest CPU {100 * cpu:5.1f}% of {workers} worker(s), {mem / 2**20:6.2f} MiB per user")
        shot = s.screenshot(users[0], ["LISTFILE * * A"], ctx.out / "consolidation-3270.png")
    figures["max_users"] = float(steps[-1])
    figures["throughput_1"] = throughput[0]
    figures["throughput_max"] = throughput[-1]
    figures["commands_all_done"] = all(r[1] == r[0] * rounds * len(WORK) for r in rows)
    figures["cpu_percent_max"] = max(cpu_use)
    figures["mib_per_user_last"] = mem_per_user[-1]
    plots = [show.line_plot(ctx.out / "consolidation-throughput.png",
                            {"commands per second": (xs, throughput)},
                            "Throughput as users are added", "users (N)", "CMS commands per second",
                            marker="o"),
             show.line_plot(ctx.out / "consolidation-resources.png",
                            {"guest CPU, % of the workers": (xs, cpu_use),
                             "host memory per user, MiB": (xs, mem_per_user)},
                            "CPU use and memory per user", "users (N)", "", marker="o"),
             shot]
    return Result(["N", "commands", "seconds", "commands/s", "CPU %", "MiB per user"], rows,
                  plots, figures)
