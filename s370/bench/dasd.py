"""DASD throughput: full tracks per second through real channel programs.

    python -m s370.bench.dasd [--tracks N]

Writes then reads N full 3380 tracks (ten 4096-byte records each) on a CKD and a
CCKD (zlib) volume in a temporary directory, each track with one channel program
run by s370.channel.ChannelSubsystem against s370.devices.dasd.CKDDevice:
  write: SEEK; SEARCH ID EQUAL R0; TIC *-8; WRITE CKD x10 (formats the track)
  read:  SEEK; READ R0; READ CKD x10
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

from s370.channel import ChannelSubsystem
from media.ckd.image import create_image, open_image
from s370.devices.dasd import CKDDevice

DEV = 0x190
CC = 0x40
RECS = 10
BLK = 4096
PROG = 0x1000
ARGS = 0x2000
BUF = 0x10000


def _ccw(cmd, addr, flags, count):
    return bytes([cmd, addr >> 16, (addr >> 8) & 0xFF, addr & 0xFF, flags, 0,
                  count >> 8, count & 0xFF])


def _bench(path: str, ntracks: int, heads: int) -> tuple[float, float]:
    mem = np.zeros(1 << 20, dtype=np.uint8)
    keys = np.zeros((1 << 20) >> 11, dtype=np.uint8)
    dev = CKDDevice(DEV, open_image(path))
    ch = ChannelSubsystem(mem, keys, {DEV: dev})

    def put(addr, data):
        mem[addr:addr + len(data)] = np.frombuffer(bytes(data), dtype=np.uint8)

    def run(prog):
        put(PROG, b"".join(prog))
        put(72, PROG.to_bytes(4, "big"))
        ch.start_io(DEV)
        ch.take_interrupt()
        if mem[68] != 0x0C or mem[69] != 0:
            raise RuntimeError(f"channel program ended with CSW {mem[64:72].tobytes().hex()}")

    put(BUF, os.urandom(RECS * (8 + BLK)))
    times = []
    for phase in ("write", "read"):
        t0 = time.perf_counter()
        for trk in range(ntracks):
            cyl, head = divmod(trk, heads)
            put(ARGS, bytes([0, 0, cyl >> 8, cyl & 0xFF, 0, head, cyl >> 8, cyl & 0xFF, 0, head, 0]))
            if phase == "write":
                for r in range(RECS):
                    put(BUF + r * (8 + BLK), bytes([cyl >> 8, cyl & 0xFF, 0, head, r + 1, 0,
                                                    BLK >> 8, BLK & 0xFF]))
                prog = [_ccw(0x07, ARGS, CC, 6), _ccw(0x31, ARGS + 6, CC, 5),
                        _ccw(0x08, PROG + 8, 0, 0)]
                prog += [_ccw(0x1D, BUF + r * (8 + BLK), CC if r < RECS - 1 else 0, 8 + BLK)
                         for r in range(RECS)]
            else:
                prog = [_ccw(0x07, ARGS, CC, 6), _ccw(0x16, BUF + 0x60000, CC, 16)]
                prog += [_ccw(0x1E, BUF + 0x60000 + r * (8 + BLK), CC if r < RECS - 1 else 0,
                              8 + BLK) for r in range(RECS)]
            run(prog)
        times.append(time.perf_counter() - t0)
    dev.close()
    return ntracks / times[0], ntracks / times[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m s370.bench.dasd", description=__doc__.splitlines()[0])
    ap.add_argument("--tracks", type=int, default=600)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        for label, compress in (("CKD", None), ("CCKD zlib", "zlib")):
            p = os.path.join(d, "bench." + ("ckd" if compress is None else "cckd"))
            cyls = (a.tracks + 14) // 15
            create_image(p, "3380", "BENCH", cyls=cyls, compress=compress)
            w, r = _bench(p, a.tracks, 15)
            print(f"dasd {label:10s} 3380 full tracks (10 x 4K): write {w:8.0f} tracks/s "
                  f"({w * RECS * BLK / 1e6:6.1f} MB/s)  read {r:8.0f} tracks/s "
                  f"({r * RECS * BLK / 1e6:6.1f} MB/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
