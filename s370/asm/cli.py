"""Command line: s370asm prog.asm -o prog.bin --listing prog.lst --deck prog.obj"""

import argparse
import os
import sys
import tempfile

from . import assemble
from .ipldeck import ipl_card_deck, IPLError


def _write(path, data):
    """Write a file atomically (temp file + rename)."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".s370asm")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _int(text):
    return int(text, 0)


def main(argv=None):
    p = argparse.ArgumentParser(prog="s370asm", description="System/370 macro assembler")
    p.add_argument("source", help="assembler source file ('-' for standard input)")
    p.add_argument("-o", "--output", help="flat binary image")
    p.add_argument("--origin", type=_int, default=0, help="load address of the image (default: START value or 0)")
    p.add_argument("--listing", "-l", help="listing file ('-' for standard output)")
    p.add_argument("--deck", help="object deck (80-byte EBCDIC ESD/TXT/RLD/END cards)")
    p.add_argument("--ipl", help="IPL card deck (80-byte EBCDIC cards for a card reader)")
    p.add_argument("-I", "--maclib", action="append", default=[],
                   help="macro/COPY library directory (repeatable)")
    p.add_argument("--sysparm", default="", help="value of &SYSPARM")
    args = p.parse_args(argv)
    try:
        if args.source == "-":
            text = sys.stdin.read()
            name = "<stdin>"
        else:
            with open(args.source, encoding="latin-1") as f:
                text = f.read()
            name = args.source
    except OSError as e:
        print(f"s370asm: cannot read {args.source}: {e.strerror}", file=sys.stderr)
        return 16
    libpath = list(args.maclib)
    if args.source != "-":
        libpath.append(os.path.dirname(os.path.abspath(args.source)))
    a = assemble(text, origin=args.origin, filename=name, libpath=libpath, sysparm=args.sysparm)
    for e in a.errors:
        print(e, file=sys.stderr)
    try:
        if args.output:
            _write(args.output, a.image)
        if args.deck:
            _write(args.deck, a.object_deck())
        if args.listing == "-":
            sys.stdout.write(a.listing())
        elif args.listing:
            _write(args.listing, a.listing().encode("utf-8"))
        if args.ipl:
            try:
                _write(args.ipl, b"".join(ipl_card_deck(a)))
            except IPLError as e:
                print(f"s370asm: cannot build IPL deck: {e}", file=sys.stderr)
                return max(a.rc, 12)
    except OSError as e:
        print(f"s370asm: cannot write output: {e}", file=sys.stderr)
        return 16
    return a.rc


if __name__ == "__main__":
    sys.exit(main())
