"""Command-line tools for AWS/HET tape images.

    s370-tapemap  [--blocks] [--no-labels] IMAGE        map files, blocks, labels
    s370-tapecopy [options] INPUT OUTPUT                 copy AWS <-> HET

tapemap prints like Hercules' tapemap ("File n: Blocks=b, block size min=x, max=y",
"End of tape.") plus the decoded standard labels and, for HET, stored sizes.
tapecopy writes the output through a temporary file and renames it at the end, so an
interrupted copy never leaves a half-written image under the output name.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile

from media.tape import labels
from media.tape.image import EOT, TAPEMARK, TapeError, image_kind, open_tape


def _fail(prog: str, msg: str) -> int:
    print(f"{prog}: {msg}", file=sys.stderr)
    return 1


# --- tapemap ---------------------------------------------------------------------------------
def tape_map(path: str, *, blocks: bool = False, show_labels: bool = True, out=None) -> int:
    """Print the map of one image; returns 0, or 1 if the image is damaged."""
    out = out or sys.stdout
    tape = open_tape(path, readonly=True, create=False)
    try:
        kind = tape.kind.upper()
        print(f"{path}: {kind} image, {os.path.getsize(path)} bytes", file=out)
        fileno, nblocks, lo, hi, ubytes, sbytes = 1, 0, None, 0, 0, 0
        tot_blocks = tot_u = tot_s = 0
        index = 0
        status = 0
        while True:
            try:
                block = tape.read_forward()
            except TapeError as exc:
                print(f"Error: {exc}", file=out)
                status = 1
                break
            if block is EOT:
                break
            if block is TAPEMARK:
                if blocks:
                    print(f"  block {index}: tape mark", file=out)
                print(f"File {fileno}: Blocks={nblocks}, block size min={lo or 0}, "
                      f"max={hi}" + (f", bytes={ubytes}, stored={sbytes}"
                                     if kind == "HET" else ""), file=out)
                fileno += 1
                nblocks, lo, hi, ubytes, sbytes = 0, None, 0, 0, 0
                index += 1
                continue
            stored = tape.stored_length(index)
            n = len(block)
            nblocks += 1
            lo = n if lo is None else min(lo, n)
            hi = max(hi, n)
            ubytes += n
            sbytes += stored
            tot_blocks += 1
            tot_u += n
            tot_s += stored
            ident = labels.label_id(block)
            if blocks:
                extra = f" (stored {stored})" if stored != n else ""
                print(f"  block {index}: {n} bytes{extra}"
                      + (f" {ident}" if ident else ""), file=out)
            if show_labels and ident:
                print(labels.as_text(block).rstrip(), file=out)
                for field in labels.describe(block):
                    print(f"    {field}", file=out)
            index += 1
        if nblocks:
            print(f"File {fileno}: Blocks={nblocks}, block size min={lo or 0}, max={hi} "
                  "(no closing tape mark)", file=out)
        if status == 0:
            print("End of tape.", file=out)
        print(f"Summary: {fileno - 1} tape mark(s), {tot_blocks} data blocks, "
              f"{tot_u} bytes" + (f" ({tot_s} stored)" if kind == "HET" else ""), file=out)
        return status
    finally:
        tape.close()


def tapemap_main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="s370-tapemap",
                                 description="List the files and blocks of an AWS/HET tape.")
    ap.add_argument("image")
    ap.add_argument("--blocks", action="store_true", help="list every block")
    ap.add_argument("--no-labels", action="store_true", help="do not decode standard labels")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    if not os.path.isfile(a.image):
        return _fail("s370-tapemap", f"{a.image}: no such tape image")
    try:
        return tape_map(a.image, blocks=a.blocks, show_labels=not a.no_labels)
    except TapeError as exc:
        return _fail("s370-tapemap", str(exc))
    except BrokenPipeError:
        return 0
    except OSError as exc:
        return _fail("s370-tapemap", f"{a.image}: {exc.strerror or exc}")


# --- tapecopy ---------------------------------------------------------------------------------
def tape_copy(src_path: str, dst_path: str, *, kind: str | None = None,
              salvage: bool = False, **het_options) -> tuple[int, int, str | None]:
    """Copy every block and tape mark; returns (blocks, tape marks, damage message)."""
    kind = kind or image_kind(dst_path)
    src = open_tape(src_path, readonly=True, create=False)
    directory = os.path.dirname(os.path.abspath(dst_path))
    fd, tmp = tempfile.mkstemp(prefix=".tapecopy-", suffix=".tmp", dir=directory)
    os.close(fd)
    blocks = marks = 0
    damage = None
    try:
        dst = open_tape(tmp, kind=kind, **het_options)
        try:
            while True:
                try:
                    block = src.read_forward()
                except TapeError as exc:
                    if not salvage:
                        raise
                    damage = str(exc)
                    break
                if block is EOT:
                    break
                if block is TAPEMARK:
                    dst.write_tapemark()
                    marks += 1
                else:
                    dst.write(block)
                    blocks += 1
        finally:
            dst.close()
        os.replace(tmp, dst_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        src.close()
    return blocks, marks, damage


def tapecopy_main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="s370-tapecopy",
                                 description="Copy an AWS/HET tape image to AWS or HET.")
    ap.add_argument("input")
    ap.add_argument("output", help="output image; .het makes a HET image, else AWS")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--het", action="store_const", const="het", dest="kind")
    g.add_argument("--aws", action="store_const", const="aws", dest="kind")
    c = ap.add_mutually_exclusive_group()
    c.add_argument("-z", "--zlib", action="store_const", const="zlib", dest="method",
                   help="HET: zlib compression (default)")
    c.add_argument("-b", "--bzip2", action="store_const", const="bzip2", dest="method",
                   help="HET: bzip2 compression")
    c.add_argument("-d", "--no-compress", action="store_true",
                   help="HET: store blocks uncompressed")
    ap.add_argument("-l", "--level", type=int, default=4, help="compression level 1-9 (4)")
    ap.add_argument("-c", "--chunksize", type=int, default=65535,
                    help="chunk size 4096-65535 (65535)")
    ap.add_argument("--salvage", action="store_true",
                    help="copy the readable part of a damaged input")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    prog = "s370-tapecopy"
    if not os.path.isfile(a.input):
        return _fail(prog, f"{a.input}: no such tape image")
    if os.path.exists(a.output) and os.path.samefile(a.input, a.output):
        return _fail(prog, "input and output are the same file")
    kind = a.kind or image_kind(a.output)
    opts = {"chunksize": a.chunksize}
    if kind == "het":
        opts.update(compress=not a.no_compress, method=a.method or "zlib", level=a.level)
    try:
        blocks, marks, damage = tape_copy(a.input, a.output, kind=kind,
                                          salvage=a.salvage, **opts)
    except TapeError as exc:
        return _fail(prog, str(exc))
    except OSError as exc:
        return _fail(prog, f"{exc.filename or a.output}: {exc.strerror or exc}")
    print(f"{a.input} -> {a.output} ({kind.upper()}): {blocks} blocks, {marks} tape marks")
    if damage:
        print(f"{prog}: input damaged, copied the part before it: {damage}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":          # python -m tools.tape map|copy ...
    tool = sys.argv[1] if len(sys.argv) > 1 else ""
    if tool == "map":
        sys.exit(tapemap_main(sys.argv[2:]))
    if tool == "copy":
        sys.exit(tapecopy_main(sys.argv[2:]))
    print("usage: python -m tools.tape map IMAGE | copy INPUT OUTPUT", file=sys.stderr)
    sys.exit(2)
