"""python -m cp.bench: the Control Program's figures.

    python -m cp.bench [--quick] [--users N] [--terminals N]

Prints, never asserts:

* logons per second: ``system.logon`` of N users from a generated directory, no terminals;
* memory per logged-on idle user (RSS growth / N, VMs of the directory's storage size)
  and what N idle users (IPL'd, in an enabled wait) cost the dispatcher in host CPU;
* intercepts per second across N guests looping on DIAGNOSE, and on an I/O instruction;
* fairness: the CPU share of two CPU-bound guests (one worker, and one per host core);
* wake-up latency of an interactive guest (an interruption posted to a waiting VM, until
  the guest's first instruction after it: its DIAGNOSE), alone and beside CPU-bound guests;
* when CP's terminal manager is in the build: Enter-to-screen latency of N concurrent
  TN3270 users (raw sockets, in a subprocess) doing QUERY TIME with 0.5-1.5 s think
  time, alone and beside CPU-bound guests.

Targets to compare with: 200 idle users on a 2-core machine; p99 < 50 ms with 100
active users.  Guests are tiny programs assembled with s370.asm.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import statistics
import threading
import time
from types import SimpleNamespace

from s370.asm import assemble
from s370.cpu import layout as L

from .dispatcher import Dispatcher
from .system import CPSystem

ORG = 0x2000
PASSWORD = "BENCHPW"
STORAGE = "1M"
TARGET_IDLE_USERS = 200
TARGET_P99 = 0.050
THINK_TIME = (0.5, 1.5)         # seconds between an answer and a terminal user's next command

CPU_BOUND = """
LOOP     AH    3,ONE
         B     LOOP
ONE      DC    H'1'
"""
DIAG_LOOP = """
LOOP     DIAG  3,4,X'0044'
         B     LOOP
"""
IO_LOOP = """
LOOP     TIO   X'0EE'(0)
         B     LOOP
"""
IDLE_WAIT = """
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'010200000000F000'
"""
# interactive: wait for an external interruption, answer with DIAGNOSE X'00FF', wait again
INTERACTIVE = """
         LPSW  WAITPSW
EXT      DIAG  3,4,X'00FF'
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'010200000000F000'
"""


# ---------------------------------------------------------------------------- a generated system
class _Directory:
    """A directory of N bench users when cp.directory is not in the build."""

    def __init__(self, entries):
        self._entries = {e.userid: e for e in entries}

    def get(self, userid):
        return self._entries.get(userid.upper())

    def check_password(self, userid, password):
        e = self.get(userid)
        return e is not None and e.password == password

    def __iter__(self):
        return iter(self._entries.values())


def bench_userid(i: int) -> str:
    return f"BENCH{i:03d}"                      # userids are at most 8 characters


def bench_directory(n: int, storage: str = STORAGE):
    """N users BENCH000.. with ``storage``: cp.directory's parser if present, else a stand-in."""
    try:
        parse = importlib.import_module("cp.directory.parser").parse
    except ImportError:
        parse = None
    if parse is not None:
        text = "".join(f"USER {bench_userid(i)} {PASSWORD} {storage} {storage} G\n" for i in range(n))
        directory, errors = parse(text, "BENCH DIRECT")
        if errors:
            raise RuntimeError(f"bench directory: {errors[0]}")
        return directory
    from .vm.machine import parse_storage
    size = parse_storage(storage)
    return _Directory(SimpleNamespace(
        userid=bench_userid(i), password=PASSWORD, storage=size, max_storage=size, classes="G",
        priority=50, account="", distcode="", ipl=None, ipl_parm=None, options=set(), cpuid=None,
        console=None, spools=[], mdisks=[], links=[], dedicates=[], specials=[], nolog=False,
        line=0) for i in range(n))


def new_system(n: int, workers: int | None = None, start: bool = True) -> CPSystem:
    system = CPSystem(bench_directory(n), log=lambda text: None)
    system.dispatcher = Dispatcher(system, workers=workers)
    if start:
        system.dispatcher.start()
    return system


def load_program(vm, src: str, diag=None) -> dict:
    """Put a guest program at ORG (base 12), external new PSW at its EXT label, and start it."""
    a = assemble(" USING *,12\n" + src + "\n END", origin=ORG)
    if a.errors:
        raise RuntimeError(a.errors)
    sd = vm.sd
    sd.load(ORG, a.image)
    sd.set_gpr(12, ORG)
    wait = (0x0002 << 48) | 0xDEAD                      # disabled wait: the guest went wrong
    for loc in (L.LOC_EXT_NEW, L.LOC_SVC_NEW, L.LOC_PGM_NEW, L.LOC_IO_NEW, L.LOC_MCK_NEW):
        sd.load(loc, wait.to_bytes(8, "big"))
    if "EXT" in a.symbols:
        sd.load(L.LOC_EXT_NEW, a.symbols["EXT"].to_bytes(8, "big"))
    sd.set_cr(0, sd.get_cr(0) & ~L.CR0_ITIMER)         # no interval timer: waits end by interruption
    sd.set_psw(ORG)
    if diag is not None:
        vm.diagnose = diag
    vm.stopped = False
    return a.symbols


def logon_all(system: CPSystem, n: int) -> list:
    return [system.logon(bench_userid(i), PASSWORD, None) for i in range(n)]


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))]


def ms(x) -> str:
    return f"{x * 1000:7.2f} ms"


# ---------------------------------------------------------------------------- the figures
def logons(n: int) -> None:
    system = new_system(n, start=False)
    gc.collect()
    rss0 = rss_bytes()
    t = time.perf_counter()
    users = logon_all(system, n)
    dt = time.perf_counter() - t
    gc.collect()
    rss1 = rss_bytes()
    print(f"logons: {n} users in {dt:.2f} s = {n / dt:8.0f} logons/s")
    print(f"memory per logged-on idle user ({STORAGE} VMs, untouched storage): "
          f"{(rss1 - rss0) / n / 1024:8.0f} KiB  (RSS {rss0 >> 20} -> {rss1 >> 20} MiB)")
    for u in users:
        u.vm.sd.mem[::4096] = 1                     # what a guest that used its storage holds
    gc.collect()
    rss2 = rss_bytes()
    print(f"memory per idle user after each touched all its storage: "
          f"{(rss2 - rss0) / n / 1024:8.0f} KiB")
    for u in users:
        system.logoff(u)


def idle_cost(n: int, seconds: float) -> None:
    """N users IPL'd into an enabled wait (what a CMS waiting for the console looks like)."""
    system = new_system(n)
    users = logon_all(system, n)
    for u in users:
        load_program(u.vm, IDLE_WAIT)
        system.dispatcher.kick(u)
    d = system.dispatcher
    end = time.monotonic() + 30
    while d.load()["waiting"] < n and time.monotonic() < end:
        time.sleep(0.05)
    t0, c0 = time.monotonic(), time.process_time()
    time.sleep(seconds)
    dt, dc = time.monotonic() - t0, time.process_time() - c0
    load = d.load()
    print(f"{n} idle users in an enabled wait: host CPU {100 * dc / dt:5.1f}% of one core "
          f"(target {TARGET_IDLE_USERS} idle users); load {load['waiting']} waiting, "
          f"{load['eligible']} eligible")
    stop_system(system, users)


def intercept_rates(n: int, seconds: float) -> None:
    for name, src in (("DIAGNOSE", DIAG_LOOP), ("I/O (TIO)", IO_LOOP)):
        system = new_system(n)
        users = logon_all(system, n)
        for u in users:
            load_program(u.vm, src, diag=lambda vm, code: None)
        counted = ("DIAGNOSE" if name == "DIAGNOSE" else "IO_INSTRUCTION")
        from sie import Intercept
        key = Intercept[counted]

        def total():
            return sum(u.vm.sd.counters[key] for u in users)
        for u in users:
            system.dispatcher.kick(u)
        time.sleep(min(0.5, seconds / 4))
        c0, t0 = total(), time.monotonic()
        time.sleep(seconds)
        rate = (total() - c0) / (time.monotonic() - t0)
        print(f"{name:10s} intercepts: {rate:10.0f}/s across {n} guests "
              f"({system.dispatcher.nworkers} workers)")
        stop_system(system, users)


def fairness(seconds: float) -> None:
    for workers in (1, None):
        system = new_system(2, workers=workers)
        a, b = logon_all(system, 2)
        for u in (a, b):
            load_program(u.vm, CPU_BOUND)
            system.dispatcher.kick(u)
        time.sleep(seconds)
        d = system.dispatcher
        sa, sb = d.stats(a), d.stats(b)
        ia, ib = sa["instructions"], sb["instructions"]
        ca, cb = sa["cpu_seconds"], sb["cpu_seconds"]
        print(f"fairness, 2 CPU-bound guests on {d.nworkers} worker(s): instruction share "
              f"{100 * ia / max(1, ia + ib):5.1f}% / {100 * ib / max(1, ia + ib):5.1f}%, CPU "
              f"{ca:.2f} s / {cb:.2f} s, {(ia + ib) / seconds / 1e6:6.1f} MIPS together")
        stop_system(system, [a, b])


def wake_latency(neighbours: int, samples: int) -> tuple[list[float], dict]:
    """Post an external interruption to a waiting guest; time until its DIAGNOSE runs."""
    system = new_system(1 + neighbours)
    users = logon_all(system, 1 + neighbours)
    answered = threading.Event()
    stamp = [0.0]

    def diag(vm, code):
        stamp[0] = time.perf_counter()
        answered.set()
    inter = users[0]
    load_program(inter.vm, INTERACTIVE, diag=diag)
    for u in users[1:]:
        load_program(u.vm, CPU_BOUND)
    for u in users:
        system.dispatcher.kick(u)
    time.sleep(0.2)
    lat = []
    for i in range(samples):
        time.sleep(0.005 + (i % 7) * 0.003)
        answered.clear()
        t = time.perf_counter()
        inter.vm.post_external(0x4001)
        if answered.wait(2.0):
            lat.append(stamp[0] - t)
    load = system.dispatcher.load()
    stop_system(system, users)
    return lat, load


def latencies(samples: int) -> None:
    for k in (0, 2, 4):
        lat, load = wake_latency(k, samples)
        if not lat:
            print(f"wake-up latency with {k} CPU-bound neighbours: no answers")
            continue
        print(f"wake-up latency with {k} CPU-bound neighbours: median {ms(statistics.median(lat))}, "
              f"p99 {ms(pct(lat, 0.99))}, max {ms(max(lat))} ({len(lat)} samples, "
              f"{load['preemptions']} preemptions)")


def terminals(n: int, neighbours_list, rounds: int) -> None:
    """Enter-to-screen latency of N TN3270 users doing QUERY TIME (clients in a subprocess,
    so they do not share CP's interpreter lock)."""
    try:
        importlib.import_module("cp.terminal.manager")
    except ImportError:
        print("Enter-to-screen latency: skipped (no terminal manager in this build)")
        return
    for k in neighbours_list:
        try:
            lat, failures = enter_to_screen(n, k, rounds)
        except Exception as err:                 # the figure is missing, the bench goes on
            print(f"Enter-to-screen latency, {n} users, {k} CPU-bound neighbours: "
                  f"failed: {type(err).__name__}: {err}")
            continue
        if not lat:
            print(f"Enter-to-screen latency, {n} users, {k} CPU-bound neighbours: no answers "
                  f"({'; '.join(failures[:3])})")
            continue
        print(f"Enter-to-screen latency (QUERY TIME), {n} users, {k} CPU-bound neighbours: "
              f"median {ms(statistics.median(lat))}, p99 {ms(pct(lat, 0.99))} "
              f"(target p99 < {TARGET_P99 * 1000:.0f} ms with 100 users; {len(lat)} samples"
              + (f", {len(failures)} clients failed: {failures[0]}" if failures else "") + ")")


def enter_to_screen(n: int, neighbours: int, rounds: int) -> tuple[list[float], list[str]]:
    import json
    import subprocess
    import sys
    from .start import SystemConfig, start_system
    directory = bench_directory(n + neighbours)
    running = start_system(SystemConfig(directory=None, port=0, operator=False, terminals=n + 16,
                                        directory_loader=lambda source, volumes: directory,
                                        log=lambda text: None))
    hogs = []
    try:
        system = running.system
        for i in range(neighbours):
            u = system.logon(bench_userid(n + i), PASSWORD, None)
            load_program(u.vm, CPU_BOUND)
            system.dispatcher.kick(u)
            hogs.append(u)
        proc = subprocess.run(
            [sys.executable, "-m", "cp.bench", "--clients", f"127.0.0.1:{running.port}:{n}:{rounds}"],
            capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError((proc.stderr.strip().splitlines() or ["client process failed"])[-1])
        result = json.loads(proc.stdout)
        return result["latencies"], result["failures"]
    finally:
        running.stop()


# ---------------------------------------------------------------------------- the TN3270 clients
async def _client(host: str, port: int, userid: str, rounds: int, lat: list, failures: list,
                  logged_on, everyone, gate) -> None:
    """One raw-socket TN3270 user: log on, wait for everyone, then QUERY TIME ``rounds``
    times (CLEAR between)."""
    import asyncio
    import random
    think = random.Random(userid)
    c = _RawTN3270()
    try:
        try:
            async with gate:                # a few at a time: the hub caps connections negotiating
                await c.open(host, port)
                await c.wait_for("", 30)                          # the logo screen
            await c.enter(f"LOGON {userid}")
            await c.wait_for("PASSWORD", 30)
            await c.enter(PASSWORD)
            await c.wait_for("LOGON AT", 30)
            await c.enter("QUERY TIME")                           # untimed: first-use imports
            await c.wait_for("TIME IS", 30)
            await c.clear()
            await asyncio.sleep(0.2)
        finally:
            logged_on()
        await everyone.wait()
        for _ in range(rounds):
            await c.clear()
            await asyncio.sleep(think.uniform(*THINK_TIME))
            t = time.perf_counter()
            await c.enter("QUERY TIME")
            await c.wait_for("TIME IS", 15)
            lat.append(time.perf_counter() - t)
    except Exception as err:
        failures.append(f"{userid}: {type(err).__name__}: {err}")
    finally:
        c.close()


def clients_main(spec: str) -> int:
    """The subprocess side: N concurrent users against HOST:PORT; JSON on stdout."""
    import asyncio
    import json
    host, port, n, rounds = spec.rsplit(":", 3)
    lat: list[float] = []
    failures: list[str] = []

    async def all_users():
        everyone = asyncio.Event()
        gate = asyncio.Semaphore(8)
        left = [int(n)]

        def logged_on():                    # measuring starts when every logon is done
            left[0] -= 1
            if left[0] == 0:
                everyone.set()
        await asyncio.gather(*(_client(host, int(port), bench_userid(i), int(rounds), lat, failures,
                                       logged_on, everyone, gate) for i in range(int(n))))
    asyncio.run(all_users())
    print(json.dumps({"latencies": lat, "failures": failures}))
    return 0


class _RawTN3270:
    """The least TN3270 client that works: classic TN3270 (no TN3270E), model 2, EOR records."""

    def __init__(self):
        from s370.tn3270.datastream import Screen
        self.screen = Screen(2)
        self.reader = self.writer = None
        self._buf = bytearray()
        self.records: list[bytes] = []

    async def open(self, host: str, port: int) -> None:
        import asyncio
        self.reader, self.writer = await asyncio.open_connection(host, port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    async def _record(self, timeout: float) -> bytes:
        """The next 3270 record, answering telnet negotiation on the way."""
        import asyncio
        from s370.tn3270 import telnet as T
        while True:
            rec = self._take_record()
            if rec is not None:
                return rec
            data = await asyncio.wait_for(self.reader.read(65536), timeout)
            if not data:
                raise ConnectionError("connection closed")
            self._buf += data
            self._negotiate(T)

    def _negotiate(self, T) -> None:
        """Answer and strip telnet commands in the buffer (records stay, IAC IAC kept doubled)."""
        out, b, i = bytearray(), self._buf, 0
        keep = bytearray()
        while i < len(b):
            if b[i] != T.IAC:
                keep.append(b[i])
                i += 1
                continue
            if i + 1 >= len(b):
                break
            cmd = b[i + 1]
            if cmd in (T.IAC, T.EOR):
                keep += b[i:i + 2]
                i += 2
            elif cmd in (T.DO, T.DONT, T.WILL, T.WONT):
                if i + 2 >= len(b):
                    break
                opt = b[i + 2]
                ok = opt in (T.OPT_TTYPE, T.OPT_EOR, T.OPT_BINARY)
                if cmd == T.DO:
                    out += bytes([T.IAC, T.WILL if ok else T.WONT, opt])
                elif cmd == T.WILL:
                    out += bytes([T.IAC, T.DO if ok else T.DONT, opt])
                i += 3
            elif cmd == T.SB:
                end = b.find(bytes([T.IAC, T.SE]), i)
                if end < 0:
                    break
                if b[i + 2] == T.OPT_TTYPE and b[i + 3] == T.TTYPE_SEND:
                    out += bytes([T.IAC, T.SB, T.OPT_TTYPE, T.TTYPE_IS]) + b"IBM-3278-2" \
                        + bytes([T.IAC, T.SE])
                i = end + 2
            else:
                i += 2
        self._buf = keep + b[i:]
        if out:
            self.writer.write(bytes(out))

    def _take_record(self) -> bytes | None:
        from s370.tn3270 import telnet as T
        b, i = self._buf, 0
        while True:
            j = b.find(bytes([T.IAC]), i)
            if j < 0 or j + 1 >= len(b):
                return None
            if b[j + 1] == T.EOR:
                rec = bytes(b[:j]).replace(bytes([T.IAC, T.IAC]), bytes([T.IAC]))
                del b[:j + 2]
                self._apply(rec)
                return rec
            i = j + 2

    def _apply(self, rec: bytes) -> None:
        from s370.tn3270.datastream import (RCMD_ERASE_WRITE, RCMD_ERASE_WRITE_ALT, RCMD_WRITE,
                                            CMD_ERASE_WRITE, CMD_ERASE_WRITE_ALT, CMD_WRITE)
        if not rec:
            return
        cmd, data = rec[0], rec[1:]
        try:
            if cmd in (RCMD_ERASE_WRITE, CMD_ERASE_WRITE):
                self.screen.write(data, erase=True)
            elif cmd in (RCMD_ERASE_WRITE_ALT, CMD_ERASE_WRITE_ALT):
                self.screen.write(data, erase=True, alternate=True)
            elif cmd in (RCMD_WRITE, CMD_WRITE):
                self.screen.write(data)
        except Exception:
            pass

    async def wait_for(self, text: str, timeout: float) -> bytes:
        """Records until one holds ``text`` (EBCDIC); '' = any record."""
        want = text.encode("cp037")
        end = time.monotonic() + timeout
        while True:
            rec = await self._record(max(0.01, end - time.monotonic()))
            if want in rec:
                return rec

    def _input_field(self) -> int:
        scr = self.screen
        for fa in scr.field_addresses():
            if not scr.attr[fa] & 0x20:                  # FA_PROTECTED
                return (fa + 1) % scr.size
        return 0

    async def enter(self, text: str) -> None:
        from s370.tn3270 import telnet as T
        from s370.tn3270.datastream import AID_ENTER, ORDER_SBA
        a = self.screen.encode_address(self._input_field())
        rec = bytes([AID_ENTER]) + a + bytes([ORDER_SBA]) + a + text.encode("cp037")
        self.writer.write(rec.replace(bytes([T.IAC]), bytes([T.IAC, T.IAC])) + bytes([T.IAC, T.EOR]))
        await self.writer.drain()

    async def clear(self) -> None:
        from s370.tn3270 import telnet as T
        from s370.tn3270.datastream import AID_CLEAR
        self.writer.write(bytes([AID_CLEAR, T.IAC, T.EOR]))
        await self.writer.drain()


def stop_system(system: CPSystem, users) -> None:
    for u in users:
        system.logoff(u)
    system.dispatcher.stop()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m cp.bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer users and shorter runs")
    p.add_argument("--users", type=int, default=None, help="users for logons and idle figures")
    p.add_argument("--terminals", type=int, default=None, help="concurrent terminal users")
    p.add_argument("--clients", help=argparse.SUPPRESS)      # HOST:PORT:N:ROUNDS (subprocess)
    args = p.parse_args(argv)
    if args.clients:
        return clients_main(args.clients)
    n = args.users or (50 if args.quick else TARGET_IDLE_USERS)
    nterm = args.terminals or (10 if args.quick else 100)
    run = 0.5 if args.quick else 2.0
    print(f"cp.bench: {os.cpu_count()} host CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # warm the compiled core so no figure carries the compile or the cache load
    warm = new_system(1)
    u = logon_all(warm, 1)
    load_program(u[0].vm, CPU_BOUND)
    u[0].vm.run_slice(1000)
    stop_system(warm, u)
    logons(n)
    idle_cost(n, run * 2)
    intercept_rates(4 if args.quick else 8, run)
    fairness(run * 2)
    latencies(50 if args.quick else 200)
    terminals(nterm, (0, 2), 3 if args.quick else 10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
