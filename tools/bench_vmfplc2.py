"""VMFPLC2 throughput: files per second dumped from and loaded onto a CMS minidisk.

    python -m tools.bench_vmfplc2 [--files N] [--het]

Formats a 3350 CMS disk, writes N files (alternately RECFM F 80 and RECFM V, 1 to 40
data blocks each), then times ``vmfplc2 dump`` (minidisk -> tape) and ``vmfplc2 load``
(tape -> a second, empty minidisk, through its temporary copy) and checks that every
file came back the same.  Figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import tempfile
import time

from cms.fs import CMSDisk
from media.ckd.image import create_image
from tools.vmfplc2 import main as plc_main

WHEN = dt.datetime(1981, 4, 17, 9, 30)


def make_disk(path: str, cyls: int) -> None:
    create_image(path, "3350", "BENCH1", cyls=cyls)
    CMSDisk.format(path, "BENCH1").close()


def contents(path: str) -> dict:
    with CMSDisk.open(path, readonly=True) as d:
        return {(e.fn, e.ft): d.read(e.fn, e.ft) for e in d.list()}


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        rc = plc_main(args)
    if rc:
        raise SystemExit(f"vmfplc2 {' '.join(args)} failed")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench_vmfplc2")
    p.add_argument("--files", type=int, default=500)
    p.add_argument("--het", action="store_true")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-plc-") as d:
        src, dst = os.path.join(d, "src.3350"), os.path.join(d, "dst.3350")
        tape = os.path.join(d, "files.het" if a.het else "files.aws")
        cyls = 20 + a.files * 21 // 570 + 1          # 21 blocks a file on average, 570 a cylinder
        make_disk(src, cyls)
        make_disk(dst, cyls)
        blocks = 0
        with CMSDisk.open(src) as disk:
            for i in range(a.files):
                n = 1 + i % 40
                if i % 2:
                    recs = [bytes([i & 0xFF]) * (1 + (k * 7) % 200) for k in range(n * 8)]
                    disk.write(f"V{i:06d}", "DATA", recs, "V", None, 1, when=WHEN)
                else:
                    recs = [bytes([i & 0xFF]) * 80 for _ in range(n * 10)]
                    disk.write(f"F{i:06d}", "DATA", recs, "F", 80, 1, when=WHEN)
            blocks = sum(e.blocks for e in disk.list())
        t_dump = timed(["dump", tape, "--disk", src])
        t_load = timed(["load", tape, "--disk", dst])
        same = contents(src) == contents(dst)
        mb = blocks * 800 / 1e6
        print(f"{a.files} files, {blocks} data blocks ({mb:.1f} MB) on a {cyls}-cylinder 3350 "
              f"CMS disk; tape {'HET' if a.het else 'AWS'} {os.path.getsize(tape) / 1e6:.1f} MB")
        print(f"vmfplc2 dump: {t_dump:6.2f} s  {a.files / t_dump:8.0f} files/s  {mb / t_dump:6.1f} MB/s")
        print(f"vmfplc2 load: {t_load:6.2f} s  {a.files / t_load:8.0f} files/s  {mb / t_load:6.1f} MB/s")
        print(f"loaded files identical: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
