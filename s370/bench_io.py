"""I/O benchmarks: print figures (never asserted by tests).

    python -m s370.bench_io            # all registered benchmarks
    python -m s370.bench_io cards      # only those whose name contains "cards"

Device helpers add their own figures (tape MB/s, DASD tracks/s, 3270 latency)
with the decorator::

    from s370.bench_io import benchmark

    @benchmark("tape write MB/s")
    def bench_tape():
        ...
        return mb_per_s              # a number, or a string to print as is

Modules listed in ``PLUGINS`` are imported (if present) so their benchmarks
register themselves.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time

import numpy as np

BENCHMARKS: dict[str, object] = {}
PLUGINS = ("s370.devices.tape", "s370.devices.dasd", "s370.devices.display", "s370.tn3270.bench")


def benchmark(name: str):
    def deco(fn):
        BENCHMARKS[name] = fn
        return fn
    return deco


def _channel_with(dev, devnum):
    from .channel import ChannelSubsystem
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


@benchmark("card reader cards/s")
def bench_reader(cards: int = 20000, per_sio: int = 100) -> float:
    from .devices.card import CardReader
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


@benchmark("card punch cards/s")
def bench_punch(cards: int = 20000, per_sio: int = 100) -> float:
    from .devices.card import CardPunch
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


@benchmark("printer lines/s")
def bench_printer(lines: int = 20000, per_sio: int = 100) -> float:
    from .devices.printer import Printer
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


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for mod in PLUGINS:
        try:
            importlib.import_module(mod)
        except Exception:
            pass
    for name, fn in BENCHMARKS.items():
        if argv and not any(a.lower() in name.lower() for a in argv):
            continue
        try:
            v = fn()
        except Exception as e:
            print(f"{name:32s} failed: {type(e).__name__}: {e}")
            continue
        print(f"{name:32s} {v:12,.0f}" if isinstance(v, (int, float)) else f"{name:32s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
