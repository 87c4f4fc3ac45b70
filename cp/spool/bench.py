"""Spool throughput: ``python -m cp.spool.bench [--cards N] [--lines N]``.

* punch -> reader: a virtual punch punches N cards (one CCW each, through the
  device's execute as the channel calls it), CLOSE sends them to another user's
  reader, whose virtual reader reads them back; cards per second end to end
  (including the fsyncs of CLOSE).
* printer -> host file: a virtual printer writes N lines, CLOSE puts them on the
  printer queue, a started real 1403 (cp.spool.realdev) prints them to a host
  file with its separator; lines per second end to end.
The spool lives in a temporary directory on the host's disk.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from types import SimpleNamespace

from cp.spool import Spool, realdev
from cp.vdev import spooldev


class _System:
    def __init__(self, path):
        self.users = {}
        spooldev.install(self, Spool(path))

    def find(self, userid):
        return self.users.get(userid)

    def log(self, text):
        pass


def _user(system, userid):
    u = SimpleNamespace(userid=userid, system=system, settings=SimpleNamespace(imsg=False),
                        entry=None, say=lambda text: None, vm=None)
    system.users[userid] = u
    return u


def punch_to_reader(n: int, path: str) -> float:
    system = _System(path)
    sender, receiver = _user(system, "SENDER"), _user(system, "RECEIVER")
    punch = spooldev.VirtualPunch(sender)
    punch.to = "RECEIVER"
    reader = spooldev.VirtualReader(receiver)
    card = "BENCH CARD".ljust(80).encode("cp037")
    t0 = time.perf_counter()
    for _ in range(n):
        punch.execute(0x41, card, 80)
    punch.close_file()
    got = 0
    while reader.execute(0x02, None, 80).data:
        got += 1
    dt = time.perf_counter() - t0
    assert got == n, (got, n)
    return n / dt


def printer_to_host(n: int, path: str, host_file: str) -> float:
    system = _System(path)
    user = _user(system, "PRINTER")
    prt = spooldev.VirtualPrinter(user)
    units = realdev.RealUnitRecords(system, system.spool)
    units.add(0x00E, "1403", host_file)
    line = "BENCH LINE OF PRINT".ljust(132).encode("cp037")
    t0 = time.perf_counter()
    for _ in range(n):
        prt.execute(0x09, line, 132)
    prt.close_file()
    units.run_pending()
    dt = time.perf_counter() - t0
    return n / dt


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cp.spool.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--lines", type=int, default=100_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        cps = punch_to_reader(args.cards, d + "/spool1")
        lps = printer_to_host(args.lines, d + "/spool2", d + "/prt.txt")
    print(f"punch -> reader        {args.cards:>8} cards  {cps:>10,.0f} cards/s")
    print(f"printer -> host file   {args.lines:>8} lines  {lps:>10,.0f} lines/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
