"""DDR throughput: dump and restore of a full volume with the host tool's code.

    python -m tools.bench_ddr [--devtype 3350] [--cyls N] [--het] [--cckd]

    python -m tools.bench_ddr --standalone [--devtype 3350] [--cyls N]

Builds a full volume (every track holding four 4096-byte records, as a CP paging or
a filled CMS disk would; each record half random bytes, half zeros, so that HET's
compression has work to do), then times ``ddr dump`` (volume -> tape) and ``ddr
restore`` (tape -> a new volume, written through a temporary file and renamed) and
checks the restored volume is byte-identical.  With --standalone the same is done by
the standalone DDR program (standalone/DDR.asm) IPLed on the bare machine: its DUMP ALL
and RESTORE ALL, timed from the first statement to END OF DUMP / END OF RESTORE.  Prints seconds and MB/s of dump data
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


def standalone_run(vol: str, tape: str, back: str, devtype: str) -> tuple[float, float]:
    """Seconds of standalone DDR's DUMP ALL and RESTORE ALL on the bare machine."""
    from s370.machine import Machine
    from media.tape.image import open_tape
    from standalone.build import build

    d = os.path.dirname(vol)
    ipl = os.path.join(d, "ddr.aws")
    build(ipl)
    open_tape(tape).close()
    im = open_image(vol, readonly=True)
    cyls = im.cyls
    im.close()
    create_image(back, devtype, "BENCH1", cyls=cyls)
    dev = devtype.split("-")[0]
    m = Machine.from_config(f"MAINSIZE 1\n0009 3215-C /\n0180 3420 {ipl} ro\n"
                            f"0181 3420 {tape}\n0130 {dev} {vol}\n0131 {dev} {back}\n",
                            log=lambda s: None)
    con = m.devices[0x009]
    times = []

    def step(lines, until):
        seen = []
        con.listeners[:] = [seen.append]
        for line in lines:
            con.input_line(line)
        t0 = time.perf_counter()
        while until not in seen:
            m.run(max_instructions=50_000_000)
            if m.psw_text().startswith("0002"):
                raise SystemExit(f"standalone DDR stopped: {seen[-3:]}")
        times.append(time.perf_counter() - t0)

    m.ipl(0x180)
    step([f"input 130 {dev} BENCH1", "output 181 3420", "dump all"], "END OF DUMP")
    step(["input 181 3420", f"output 131 {dev} BENCH1", "restore all"], "END OF RESTORE")
    con.input_line("")
    m.run(max_instructions=1_000_000)
    m.shutdown()
    return times[0], times[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench_ddr")
    p.add_argument("--devtype", default="3350")
    p.add_argument("--cyls", type=int, help="default: the full device")
    p.add_argument("--het", action="store_true", help="HET (zlib) tape instead of AWS")
    p.add_argument("--cckd", action="store_true", help="CCKD volume instead of CKD")
    p.add_argument("--level", default="4", help="HET compression level (1-9)")
    p.add_argument("--standalone", action="store_true",
                   help="time standalone DDR on the bare machine instead of the host tool")
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
        if a.standalone:
            t_dump, t_rest = standalone_run(vol, tape, back, a.devtype)
        else:
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
        who = "standalone DDR" if a.standalone else "ddr"
        print(f"{who} dump:    {t_dump:6.2f} s  {size / 1e6 / t_dump:7.1f} MB/s")
        print(f"{who} restore: {t_rest:6.2f} s  {size / 1e6 / t_rest:7.1f} MB/s")
        print(f"restored volume identical: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
