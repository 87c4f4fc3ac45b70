"""ddr: VM/370's DASD Dump/Restore on the host, between CKD/CCKD volume images and
AWS/HET tape images in DDR's own tape format (media.ddr).

    ddr dump    VOLUME TAPE   [ALL | extents]  [--append]
    ddr restore TAPE VOLUME   [ALL | extents]  [--file N] [--reel TAPE2 ...] [--devtype T]
                              [--format ckd|cckd] [--yes]
    ddr copy    INPUT OUTPUT  [ALL | extents]  (volume to volume, or tape to tape)
    ddr print   INPUT         [ALL | extents]  [--file N]   (volume or tape; 'type' too)

Extents are DDR's: ``cyl1 [TO cyl2 [REORDER cyl3]]``, several in a row, or the
short forms ``c1-c2`` and ``c1-c2:c3``.  Tapes are AWS unless the name ends in .het.
A dump that VM/370 DDR wrote on several reels (EOV trailers) is read from the first
TAPE and then each ``--reel`` in order.
A tape or volume being written goes to a temporary file beside it that is renamed
only when the job is complete, so a failed or interrupted job never leaves a half-
written volume or tape under the name.  Errors are one line on stderr, status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from media.ckd.errors import DasdError
from media.ckd.image import create_image, open_image
from media.ddr import DdrError, DumpReader
from media.ddrjob import (copy_tape, copy_volume, dump, parse_extents, print_dump,
                          print_volume, restore, volser_of)
from media.tape.base import EOT, TapeError
from media.tape.image import image_kind, open_tape, position_at_end
from tools.common import copy_beside, run_tool, temp_beside, unlink_quietly

PROG = "ddr"
CKD_IDS = (b"CKD_P370", b"CKD_C370", b"CKD_S370")


class ProgressBar:
    """One self-overwriting line on stderr: bar, percent, tracks and MB/s."""

    WIDTH = 30

    def __init__(self, label: str, enabled: bool):
        self.label = label
        self.enabled = enabled
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, done: int, total: int, nbytes: int) -> None:
        if not self.enabled:
            return
        frac = done / total if total else 1.0
        fill = int(frac * self.WIDTH)
        secs = max(time.perf_counter() - self.start, 1e-6)
        sys.stderr.write(f"\r{self.label} [{'#' * fill}{'.' * (self.WIDTH - fill)}] "
                         f"{frac * 100:5.1f}% {done}/{total} tracks "
                         f"{nbytes / secs / 1e6:6.1f} MB/s")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def is_volume(path: str) -> bool:
    """A CKD/CCKD image (by its header identifier) rather than a tape image."""
    try:
        with open(path, "rb") as f:
            return f.read(8) in CKD_IDS
    except OSError as e:
        raise DdrError(f"{path}: cannot open: {e.strerror}") from None


def open_input_tape(path: str, file_no: int):
    """A tape opened read-only and positioned at the start of tape file ``file_no``
    (DDR's SKIP: file_no - 1 tapemarks passed)."""
    if not os.path.exists(path):
        raise DdrError(f"{path}: no such tape image")
    tape = open_tape(path, readonly=True)
    for n in range(1, file_no):
        if tape.forward_space_file() is EOT:
            tape.close()
            raise DdrError(f"{path}: the tape has no file {file_no} (it ends in file {n})")
    return tape


class Reels:
    """The reels after the first (``--reel``), opened in order when an EOV asks for the
    next one, and all closed at the end."""

    def __init__(self, paths: list[str] | None):
        self.paths = list(paths or [])
        self.opened: list = []

    def __call__(self):
        if len(self.opened) >= len(self.paths):
            return None
        path = self.paths[len(self.opened)]
        self.opened.append(open_input_tape(path, 1))
        return self.opened[-1], path

    def close(self) -> None:
        for t in self.opened:
            t.close()


def _mb(nbytes: int, secs: float) -> str:
    return f"{nbytes / 1e6:.1f} MB in {secs:.2f} s ({nbytes / 1e6 / max(secs, 1e-6):.1f} MB/s)"


# --- the functions -----------------------------------------------------------------------
def do_dump(a, out) -> int:
    extents = parse_extents(a.extents)
    src = open_image(a.volume, readonly=True)
    tmp = None
    try:
        kind = image_kind(a.tape)
        tmp = copy_beside(a.tape) if a.append and os.path.exists(a.tape) else temp_beside(a.tape)
        tape = open_tape(tmp, kind=kind, level=a.level)
        try:
            if a.append:
                position_at_end(tape)
            volser = volser_of(src)
            out(f"DUMPING   {volser or '(NO LABEL)'}  IN({a.volume})  OUT({a.tape})")
            bar = ProgressBar("dump", a.progress)
            t0 = time.perf_counter()
            try:
                result = dump(src, tape, extents, progress=bar)
            finally:
                bar.close()
            secs = time.perf_counter() - t0
            tape.sync()
        finally:
            tape.close()
        os.replace(tmp, a.tape)
        tmp = None
    finally:
        src.close()
        unlink_quietly(tmp)
    out("END OF DUMP")
    out(f"{result['tracks']} tracks, {_mb(result['bytes'], secs)}")
    return 0


def do_restore(a, out) -> int:
    extents = parse_extents(a.extents)
    tape = open_input_tape(a.tape, a.file)
    reels = Reels(a.reel)
    tmp = None
    try:
        reader = DumpReader(tape, a.tape, reels)
        hdr = reader.header
        out(f"DMKDDR711R VOLID READ IS {hdr.volser or '(NO LABEL)'}  (DUMPED {hdr.dumped_at} UTC)")
        if os.path.exists(a.volume):
            tmp = copy_beside(a.volume)
            dst = open_image(tmp)
            current = volser_of(dst)
            if current != hdr.volser and not a.yes:
                dst.close()
                raise DdrError(f"DMKDDR717R DATA DUMPED FROM {hdr.volser or '(NO LABEL)'} TO BE "
                               f"RESTORED TO {current or '(NO LABEL)'}: give --yes to continue")
        else:
            g = hdr.geometry(a.devtype)
            fmt = a.format or ("cckd" if a.volume.lower().endswith((".cckd", ".cck")) else "ckd")
            tmp = temp_beside(a.volume)
            create_image(tmp, g.name, None, cyls=hdr.cyls, raw=True, replace=True,
                         compress=None if fmt == "ckd" else "zlib")
            dst = open_image(tmp)
        try:
            out(f"RESTORING {hdr.volser or '(NO LABEL)'}  IN({a.tape})  OUT({a.volume})")
            bar = ProgressBar("restore", a.progress)
            t0 = time.perf_counter()
            try:
                result = restore(reader, dst, extents, progress=bar)
            finally:
                bar.close()
            secs = time.perf_counter() - t0
            dst.flush()
        finally:
            dst.close()
        os.replace(tmp, a.volume)
        tmp = None
    finally:
        tape.close()
        reels.close()
        unlink_quietly(tmp)
    out("END OF RESTORE")
    out(f"{result['tracks']} tracks, {_mb(result['bytes'], secs)}")
    return 0


def do_copy(a, out) -> int:
    extents = parse_extents(a.extents)
    tmp = None
    if is_volume(a.input):
        src = open_image(a.input, readonly=True)
        try:
            if os.path.exists(a.output):
                tmp = copy_beside(a.output)
            else:
                tmp = temp_beside(a.output)
                create_image(tmp, src.geometry.name, None, cyls=src.cyls, raw=True,
                             replace=True)
            dst = open_image(tmp)
            try:
                out(f"COPYING   {volser_of(src) or '(NO LABEL)'}  IN({a.input})  OUT({a.output})")
                bar = ProgressBar("copy", a.progress)
                try:
                    result = copy_volume(src, dst, extents, progress=bar)
                finally:
                    bar.close()
                dst.flush()
            finally:
                dst.close()
            os.replace(tmp, a.output)
            tmp = None
        finally:
            src.close()
            unlink_quietly(tmp)
    else:
        if extents is not None:
            raise DdrError("a tape-to-tape COPY copies the whole dump (ALL)")
        tape = open_input_tape(a.input, a.file)
        reels = Reels(a.reel)
        try:
            reader = DumpReader(tape, a.input, reels)
            tmp = temp_beside(a.output)
            dst = open_tape(tmp, kind=image_kind(a.output))
            try:
                out(f"COPYING   {reader.header.volser or '(NO LABEL)'}  IN({a.input})  OUT({a.output})")
                result = copy_tape(reader, dst)
            finally:
                dst.close()
            os.replace(tmp, a.output)
            tmp = None
        finally:
            tape.close()
            reels.close()
            unlink_quietly(tmp)
    out("END OF COPY")
    out(f"{result['tracks']} tracks")
    return 0


def do_print(a, out) -> int:
    extents = parse_extents(a.extents)
    if is_volume(a.input):
        im = open_image(a.input, readonly=True)
        try:
            print_volume(im, extents, out)
        finally:
            im.close()
    else:
        tape = open_input_tape(a.input, a.file)
        reels = Reels(a.reel)
        try:
            print_dump(DumpReader(tape, a.input, reels), extents, out)
        finally:
            tape.close()
            reels.close()
    out("END OF PRINT")
    return 0


FUNCTIONS = {"dump": do_dump, "restore": do_restore, "copy": do_copy,
             "print": do_print, "type": do_print}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="VM/370 DASD Dump/Restore between "
                                "CKD/CCKD volume images and AWS/HET tape images.")
    sub = p.add_subparsers(dest="function", required=True)

    def common(sp, *files):
        for name in files:
            sp.add_argument(name)
        sp.add_argument("extents", nargs="*", help="ALL (default) or cyl1 [TO cyl2 [REORDER cyl3]] ...")
        sp.add_argument("--progress", action="store_true", default=None,
                        help="show a progress bar (default: when stderr is a terminal)")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        if sp.prog.split()[-1] != "dump":
            sp.add_argument("--reel", action="append", metavar="TAPE",
                            help="the next reel of a multi-reel dump (repeat, in order)")
        return sp

    d = common(sub.add_parser("dump", help="volume -> tape"), "volume", "tape")
    d.add_argument("--append", action="store_true",
                   help="add the dump as a new tape file after those already on the tape")
    d.add_argument("--level", type=int, default=4, choices=range(1, 10), metavar="1-9",
                   help="HET zlib compression level (default 4, Hercules' default; 1 is fastest)")
    r = common(sub.add_parser("restore", help="tape -> volume"), "tape", "volume")
    r.add_argument("--file", type=int, default=1, help="tape file to read (default 1)")
    r.add_argument("--devtype", help="device type of a new volume (default: from the dump)")
    r.add_argument("--format", choices=("ckd", "cckd"),
                   help="image format of a new volume (default: cckd for *.cckd, else ckd)")
    r.add_argument("--yes", action="store_true",
                   help="restore over a volume with another serial without asking")
    c = common(sub.add_parser("copy", help="volume -> volume, or tape -> tape"), "input", "output")
    c.add_argument("--file", type=int, default=1)
    for name in ("print", "type"):
        pr = common(sub.add_parser(name, help="show tracks in hexadecimal and EBCDIC"), "input")
        pr.add_argument("--file", type=int, default=1)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = parser()
    a, extra = p.parse_known_args(argv)
    if [w for w in extra if w.startswith("-")]:
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    a.extents += extra                     # extents typed after the options
    a.function = a.function.lower()
    if a.quiet:
        a.progress = False
    elif a.progress is None:
        a.progress = sys.stderr.isatty()
    if getattr(a, "file", 1) < 1:
        p.error("--file counts from 1")

    def out(line: str) -> None:
        print(line, flush=True)

    return run_tool(PROG, lambda: FUNCTIONS[a.function](a, out), (DdrError, DasdError, TapeError))

if __name__ == "__main__":
    sys.exit(main())
