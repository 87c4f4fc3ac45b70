"""Tape throughput through the 3420 device model: ``python -m s370.bench.tape``.

Writes then reads N large blocks (default 64 MiB in 32,760-byte blocks, the usual
full-track tape block) with the CCW entry point the channel uses, for AWS, HET without
compression and HET zlib, and prints MB/s.  A figure, not a test.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from s370.devices.tape import TapeDevice

CMD_WRITE, CMD_READ, CMD_REWIND = 0x01, 0x02, 0x07


def measure(path: str, options: list[str], block: bytes, count: int) -> tuple[float, float]:
    dev = TapeDevice.from_config(0x580, "3420", [path, *options], None)
    t0 = time.perf_counter()
    for _ in range(count):
        dev.execute(CMD_WRITE, block, len(block))
    dev.image.sync()
    t1 = time.perf_counter()
    dev.execute(CMD_REWIND, None, 1)
    t2 = time.perf_counter()
    for _ in range(count):
        dev.execute(CMD_READ, None, len(block))
    t3 = time.perf_counter()
    dev.close()
    mb = len(block) * count / 1e6
    return mb / (t1 - t0), mb / (t3 - t2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m s370.bench.tape")
    ap.add_argument("--mib", type=int, default=64, help="data volume per run (MiB)")
    ap.add_argument("--blksize", type=int, default=32760)
    a = ap.parse_args(argv)
    # Half text-like, half random: compressible like real tape data, not trivially so.
    rnd = os.urandom(a.blksize // 2)
    block = (b"SYSTEM/370 TAPE BENCH " * (a.blksize // 44 + 1))[: a.blksize - len(rnd)] + rnd
    count = max(1, a.mib * 1024 * 1024 // a.blksize)
    with tempfile.TemporaryDirectory() as d:
        for label, name, opts in (("AWS", "b.aws", []),
                                  ("HET uncompressed", "b.het", ["compress=0"]),
                                  ("HET zlib level 4", "z.het", [])):
            w, r = measure(os.path.join(d, name), opts, block, count)
            print(f"tape {label:17s} {a.blksize}-byte blocks: write {w:8.1f} MB/s   "
                  f"read {r:8.1f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
