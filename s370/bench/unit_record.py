"""Unit-record I/O rates through real channel programs: print figures (never asserted by tests).

    python -m s370.bench.unit_record               # card reader, card punch, printer
    python -m s370.bench.unit_record punch -n 2000 # only those whose name contains "punch"

Each figure drives the device model through s370.channel.ChannelSubsystem with
command-chained CCWs (100 cards or lines per START I/O), as a program would.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np


def _channel_with(dev, devnum):
    from s370.channel import ChannelSubsystem
    mem = np.zeros(1 << 20, dtype=np.uint8)
    keys = np.zeros((1 << 20) >> 11, dtype=np.uint8)
    return mem, ChannelSubsystem(mem, keys, {devnum: dev})


def _chain(mem, cmd, n, base=0x10000, buf=0x20000):
    """n command-chained CCWs moving 80 bytes each."""
    for i in range(n):
        flags = 0x40 if i < n - 1 else 0
        mem[base + 8 * i: base + 8 * i + 8] = list(bytes(
            [cmd, buf >> 16, (buf >> 8) & 0xFF, buf & 0xFF, flags, 0, 0, 80]))
    mem[72:76] = list(base.to_bytes(4, "big"))


def bench_reader(cards: int = 20000, per_sio: int = 100) -> float:
    from s370.devices.card import CardReader
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "deck.txt")
        with open(path, "w") as f:
            for i in range(cards):
                f.write(f"CARD {i:08d} //SYSIN DD *\n")
        dev = CardReader(0x00C, 0x3505, [path], mode="ascii")
        mem, ch = _channel_with(dev, 0x00C)
        _chain(mem, 0x02, per_sio)
        t = time.perf_counter()
        done = 0
        while done < cards:
            ch.start_io(0x00C)
            ch.take_interrupt()
            done += per_sio
        return done / (time.perf_counter() - t)


def bench_punch(cards: int = 20000, per_sio: int = 100) -> float:
    from s370.devices.card import CardPunch
    with tempfile.TemporaryDirectory() as d:
        dev = CardPunch(0x00D, 0x3525, os.path.join(d, "pch.txt"), ascii=True)
        mem, ch = _channel_with(dev, 0x00D)
        mem[0x20000:0x20050] = 0xC1
        _chain(mem, 0x01, per_sio)
        t = time.perf_counter()
        done = 0
        while done < cards:
            ch.start_io(0x00D)
            ch.take_interrupt()
            done += per_sio
        rate = done / (time.perf_counter() - t)
        dev.close()
        return rate


def bench_printer(lines: int = 20000, per_sio: int = 100) -> float:
    from s370.devices.printer import Printer
    with tempfile.TemporaryDirectory() as d:
        dev = Printer(0x00E, 0x1403, os.path.join(d, "prt.txt"))
        mem, ch = _channel_with(dev, 0x00E)
        mem[0x20000:0x20050] = 0xC1
        _chain(mem, 0x09, per_sio)
        t = time.perf_counter()
        done = 0
        while done < lines:
            ch.start_io(0x00E)
            ch.take_interrupt()
            done += per_sio
        rate = done / (time.perf_counter() - t)
        dev.close()
        return rate


BENCHMARKS = {                 # figure name: function(count) -> rate
    "card reader cards/s": bench_reader,
    "card punch cards/s": bench_punch,
    "printer lines/s": bench_printer,
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m s370.bench.unit_record",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="run only figures whose name contains one of these")
    ap.add_argument("-n", "--count", type=int, default=20000, help="cards or lines per figure")
    a = ap.parse_args(argv)
    for name, fn in BENCHMARKS.items():
        if a.names and not any(n.lower() in name.lower() for n in a.names):
            continue
        try:
            v = fn(a.count)
        except Exception as e:
            print(f"{name:32s} failed: {type(e).__name__}: {e}")
            continue
        print(f"{name:32s} {v:12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
