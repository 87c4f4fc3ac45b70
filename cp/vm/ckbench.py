"""Benchmark of checkpoint, restore and migration: ``python -m cp.vm.ckbench``.

Prints checkpoint and restore times (and file sizes) for a 1M and a 16M virtual
machine whose storage is a quarter random, a quarter text and half zero, and the
migration downtime (the final stop-and-copy) of an idle guest and of a busy one
storing across 1M of storage while the dispatcher runs it.  Figures only: no
pass/fail (issue 12's target: downtime under 100 ms for an idle user).

This is migration inside one process; between two ``vm370`` processes (the TN3270
connection and the storage through a Unix socket) it is ``python -m vm370.pair``.
"""

from __future__ import annotations

import os
import tempfile
import time
from types import SimpleNamespace

import numpy as np

from s370.asm import assemble

from cp.dispatcher import Dispatcher
from cp.system import CPSystem

from . import checkpoint as ck
from .migrate import migrate

ORG = 0x2000
# stores R3 into every word of 1M above TABLE, round and round: a guest that dirties storage
BUSY = """
         USING *,12
         SR    3,3
TOP      LA    6,TABLE
         L     7,=A(TABLE+1048576)
LOOP     LA    3,1(,3)
         ST    3,0(,6)
         LA    6,64(,6)
         CR    6,7
         BL    LOOP
         B     TOP
         LTORG
TABLE    DS    0F
         END
"""


class _Directory:
    def __init__(self, size):
        self.e = SimpleNamespace(userid="BENCH", password="PW", storage=size, max_storage=size,
                                 classes="G", priority=50, account="A", distcode="BENCH",
                                 ipl=None, ipl_parm=None, options=set(), cpuid=None,
                                 console=None, spools=[], mdisks=[], links=[], dedicates=[],
                                 specials=[], line=1, nolog=False)

    def get(self, uid):
        return self.e if uid.upper() == "BENCH" else None

    def check_password(self, uid, pw):
        return uid.upper() == "BENCH" and pw == "PW"

    def __iter__(self):
        return iter([self.e])


def _system(name, size):
    return CPSystem(_Directory(size), clock="real", sysname=name, log=lambda t: None)


def _fill(mem):
    rng = np.random.default_rng(370)
    pages = mem.reshape(-1, 4096)
    n = len(pages)
    pages[: n // 4] = rng.integers(0, 256, (n // 4, 4096), dtype=np.uint8)
    text = np.frombuffer((b"THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG " * 100)[:4096], np.uint8)
    pages[n // 4: n // 2] = text


def bench_checkpoint(size, tmp):
    s = _system("VMA", size)
    user = s.logon("BENCH", "PW")
    _fill(user.vm.sd.mem)
    path = os.path.join(tmp, f"bench{size >> 20}.ckp")
    t0 = time.perf_counter()
    nbytes = ck.save(user, path)
    t1 = time.perf_counter()
    s.logoff(user)
    t2 = time.perf_counter()
    ck.restore(s, path)
    t3 = time.perf_counter()
    print(f"{size >> 20:3d}M VM: checkpoint {1000 * (t1 - t0):7.1f} ms, "
          f"restore {1000 * (t3 - t2):7.1f} ms, file {nbytes / 1024:8.0f} KB")


def bench_migration(busy, size=2 << 20, runs=3):
    downs = []
    for _ in range(runs):
        a, b = _system("VMA", size), _system("VMB", size)
        a.dispatcher = Dispatcher(a).start()
        user = a.logon("BENCH", "PW")
        if busy:
            img = assemble(BUSY, origin=ORG)
            user.vm.sd.load(ORG, img.image)
            user.vm.sd.set_gpr(12, ORG)
            user.vm.sd.set_psw((0x0000000000000000 | ORG).to_bytes(8, "big"))
            user.vm.stopped = False
            a.dispatcher.kick(user)
            time.sleep(0.2)
        r = migrate(user, b, max_rounds=6, stop_blocks=16,
                    between_rounds=lambda: time.sleep(0.02))
        a.dispatcher.stop()
        downs.append(r)
    best = min(downs, key=lambda r: r.downtime)
    worst = max(downs, key=lambda r: r.downtime)
    print(f"migration {'busy' if busy else 'idle'} {size >> 20}M: downtime "
          f"{1000 * best.downtime:.1f}-{1000 * worst.downtime:.1f} ms over {runs} runs; "
          f"rounds {best.rounds}, final {best.final_blocks} blocks, missed {best.missed}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1 << 20, 16 << 20):
            bench_checkpoint(size, tmp)
    bench_migration(False)
    bench_migration(True)


if __name__ == "__main__":
    main()
