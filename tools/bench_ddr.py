"""DDR throughput: dump and restore of a full volume with the host tool's code.

    python -m tools.bench_ddr [--devtype 3350] [--cyls N] [--het] [--cckd]

Builds a full volume (every track holding four 4096-byte records, as a CP paging or
a filled CMS disk would; each record half random bytes, half zeros, so that HET's
compression has work to do), then times ``ddr dump`` (volume -> tape) and ``ddr
restore`` (tape -> a new volume, written through a temporary file and renamed) and
checks the restored volume is byte-identical.  Prints seconds and MB/s of dump data
(the DDR blocks before any HET compression); the target for a full 3350 is under 10
seconds each way.  Figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time

from media.ckd.image import create_image, open_image
from media.ckd.track import Record, build_track, r0
from media.ddr import HEADER_LEN, encode_track
from tools.ddr import main as ddr_main


def build_volume(path: str, devtype: str, cyls: int | None, cckd: bool) -> int:
    create_image(path, devtype, "BENCH1", cyls=cyls, compress="zlib" if cckd else None)
    im = open_image(path)
    try:
        for trk in range(1, im.tracks):
            c, h = divmod(trk, im.heads)
            recs = [r0(c, h)] + [Record(c, h, r, b"", os.urandom(2048) + bytes(2048))
                                 for r in range(1, 5)]
            im.write_track(trk, build_track(c, h, recs))
        return im.tracks
    finally:
        im.close()


def dump_bytes(path: str) -> int:
    """Bytes of DDR blocks a full dump of the volume holds (VHR, tracks, EOJ)."""
    im = open_image(path, readonly=True)
    try:
        return 2 * HEADER_LEN + sum(len(b) for t in range(im.tracks)
                                    for b in encode_track(im.read_track(t)))
    finally:
        im.close()


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    rc = ddr_main(args + ["-q"])
    if rc:
        raise SystemExit(f"ddr {' '.join(args)} failed")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench_ddr")
    p.add_argument("--devtype", default="3350")
    p.add_argument("--cyls", type=int, help="default: the full device")
    p.add_argument("--het", action="store_true", help="HET (zlib) tape instead of AWS")
    p.add_argument("--cckd", action="store_true", help="CCKD volume instead of CKD")
    p.add_argument("--level", default="4", help="HET compression level (1-9)")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ddr-") as d:
        ext = "cckd" if a.cckd else "ckd"
        vol, back = os.path.join(d, f"vol.{ext}"), os.path.join(d, f"back.{ext}")
        tape = os.path.join(d, "dump.het" if a.het else "dump.aws")
        t0 = time.perf_counter()
        tracks = build_volume(vol, a.devtype, a.cyls, a.cckd)
        print(f"host: {platform.processor() or platform.machine()}, load {os.getloadavg()[0]:.2f}")
        print(f"volume: {a.devtype} {ext.upper()}, {tracks} tracks, "
              f"{os.path.getsize(vol) / 1e6:.0f} MB image (built in {time.perf_counter() - t0:.1f} s)")
        size = dump_bytes(vol)
        t_dump = timed(["dump", vol, tape, "--level", a.level])
        t_rest = timed(["restore", tape, back])
        if a.cckd:
            a_im, b_im = open_image(vol, readonly=True), open_image(back, readonly=True)
            same = all(a_im.read_track(t) == b_im.read_track(t) for t in range(a_im.tracks))
            a_im.close()
            b_im.close()
        else:
            with open(vol, "rb") as f1, open(back, "rb") as f2:
                same = f1.read() == f2.read()
        print(f"tape: {f'HET level {a.level}' if a.het else 'AWS'}, {size / 1e6:.0f} MB of dump data in a "
              f"{os.path.getsize(tape) / 1e6:.0f} MB image")
        print(f"ddr dump:    {t_dump:6.2f} s  {size / 1e6 / t_dump:7.1f} MB/s")
        print(f"ddr restore: {t_rest:6.2f} s  {size / 1e6 / t_rest:7.1f} MB/s")
        print(f"restored volume identical: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
