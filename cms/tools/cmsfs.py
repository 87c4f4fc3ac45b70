"""cmsfs: read and write VM/370 CMS (800-byte format) minidisks in CKD images.

    cmsfs list   IMAGE[:FIRST-CYL:N-CYLS]
    cmsfs type   IMAGE fn ft [--ebcdic|--ascii]
    cmsfs import IMAGE hostfile fn ft [--recfm F|V] [--lrecl n] [--mode m] [--ascii]
    cmsfs export IMAGE fn ft hostfile [--ascii]
    cmsfs erase  IMAGE fn ft
    cmsfs rename IMAGE fn ft newfn newft
    cmsfs format IMAGE --label LABEL [--cyls FIRST:N] [--size N-CYLS] [--recomp]
    cmsfs check  IMAGE

IMAGE:FIRST-CYL:N-CYLS names a minidisk inside a volume.  Text lines become EBCDIC
records (--ebcdic, the default) or are stored as they are (--ascii); F records are
padded with blanks to LRECL (default 80) and the padding is dropped on export; a
hostfile '-' is standard input or output.
Errors print one line on stderr: status 1 for an error or a dirty check, 2 for usage.
Bad input is rejected before anything is written.
"""

from __future__ import annotations

import argparse
import re
import sys

from cms.fs import CMSDisk, CMSFSError
from s370.ebcdic import CODEPAGE as EBCDIC

BLANK = " "
_EXTENT = re.compile(r"^(.*):(\d+):(\d+)$")


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):           # one line, status 2, no usage dump of argparse
        raise _Usage(message)


def parse_image(spec: str, cyls: str | None = None) -> tuple[str, tuple[int, int] | None]:
    """'path' or 'path:first:n' (and --cyls first:n) -> (path, extent)."""
    m = _EXTENT.match(spec)
    extent = None
    path = spec
    if m:
        path, extent = m.group(1), (int(m.group(2)), int(m.group(3)))
    if cyls is not None:
        m2 = re.match(r"^(\d+):(\d+)$", cyls)
        if not m2:
            raise _Usage(f"--cyls must be FIRST:N, not {cyls!r}")
        if extent is not None:
            raise _Usage("give the extent either as IMAGE:FIRST:N or with --cyls, not both")
        extent = (int(m2.group(1)), int(m2.group(2)))
    return path, extent


def _records_from_text(text: str, recfm: str, lrecl: int | None, ascii_: bool) -> list[bytes]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if recfm == "F":
        width = lrecl or 80
        long = next((k for k, ln in enumerate(lines, 1) if len(ln) > width), None)
        if long is not None:
            raise CMSFSError(f"line {long} is {len(lines[long - 1])} characters, longer than "
                             f"LRECL {width}")
        lines = [ln.ljust(width, BLANK) for ln in lines]
    out = []
    for k, ln in enumerate(lines, 1):
        try:
            out.append(ln.encode("latin-1" if ascii_ else EBCDIC))
        except UnicodeEncodeError as e:
            raise CMSFSError(f"line {k}: character {ln[e.start]!r} has no "
                             f"{'8-bit' if ascii_ else 'EBCDIC'} code") from None
    return out


def _text_from_records(rows: list[bytes], recfm: str, ascii_: bool) -> str:
    lines = [r.decode("latin-1" if ascii_ else EBCDIC) for r in rows]
    if recfm == "F":
        lines = [ln.rstrip(BLANK) for ln in lines]
    return "".join(ln + "\n" for ln in lines)


def _open(ns, readonly: bool) -> CMSDisk:
    path, extent = parse_image(ns.image)
    return CMSDisk.open(path, extent, readonly=readonly)


def cmd_list(ns) -> int:
    with _open(ns, True) as d:
        files = d.list()
        print(f"LABEL {d.label}  {d.cylinders} CYL  {d.blocks} BLOCKS  {d.used} USED  "
              f"{d.blocks - d.used} LEFT  {len(files)} FILES")
        if files:
            print("FILENAME FILETYPE FM FORMAT  LRECL  RECS BLOCKS DATE     TIME")
        for f in files:
            when = f.written.strftime("%m/%d/%y %H:%M") if f.written else "--/--/-- --:--"
            print(f"{f.fn:<8} {f.ft:<8} {f.fm:<2} {f.recfm:<2} {f.lrecl:>9} {f.records:>5} "
                  f"{f.blocks:>6} {when}")
    return 0


def cmd_type(ns) -> int:
    with _open(ns, True) as d:
        rows = d.read(ns.fn, ns.ft)
        recfm = d.stat(ns.fn, ns.ft).recfm
    sys.stdout.write(_text_from_records(rows, recfm, ns.ascii))
    return 0


def cmd_export(ns) -> int:
    with _open(ns, True) as d:
        rows = d.read(ns.fn, ns.ft)
        recfm = d.stat(ns.fn, ns.ft).recfm
    text = _text_from_records(rows, recfm, ns.ascii)
    if ns.hostfile == "-":
        sys.stdout.write(text)
    else:
        with open(ns.hostfile, "w", encoding="latin-1" if ns.ascii else "utf-8",
                  newline="") as f:
            f.write(text)
    return 0


def cmd_import(ns) -> int:
    recfm = ns.recfm.upper()
    if recfm not in ("F", "V"):
        raise _Usage(f"--recfm must be F or V, not {ns.recfm!r}")
    if ns.hostfile == "-":
        text = sys.stdin.read()
    else:
        with open(ns.hostfile, encoding="latin-1" if ns.ascii else "utf-8", newline="") as f:
            try:
                text = f.read()
            except UnicodeDecodeError as e:
                raise CMSFSError(f"{ns.hostfile}: not UTF-8 text ({e.reason} at byte "
                                 f"{e.start})") from None
    rows = _records_from_text(text, recfm, ns.lrecl, ns.ascii)   # all checks before writing
    with _open(ns, False) as d:
        e = d.write(ns.fn, ns.ft, rows, recfm=recfm, lrecl=ns.lrecl, mode=ns.mode)
    print(f"{e.fn} {e.ft} {e.fm}: {e.records} records, {e.recfm} {e.lrecl}, {e.blocks} blocks")
    return 0


def cmd_erase(ns) -> int:
    with _open(ns, False) as d:
        d.erase(ns.fn, ns.ft)
    return 0


def cmd_rename(ns) -> int:
    with _open(ns, False) as d:
        d.rename(ns.fn, ns.ft, ns.newfn, ns.newft)
    return 0


def cmd_format(ns) -> int:
    path, extent = parse_image(ns.image, ns.cyls)
    if ns.recomp:
        with CMSDisk.open(path, extent) as d:
            if ns.label:
                d.relabel(ns.label)
            d.recompute(ns.size)
            print(f"recomputed {d.label}: {d.cylinders} cylinders, {d.blocks} blocks, "
                  f"{d.used} in use")
        return 0
    if not ns.label:
        raise _Usage("format needs --label LABEL")
    with CMSDisk.format(path, ns.label, extent, ns.size) as d:
        print(f"formatted {d.label}: {d.cylinders} cylinders, {d.blocks} blocks of 800 bytes")
    return 0


def cmd_check(ns) -> int:
    try:
        with _open(ns, True) as d:
            problems = d.check()
    except CMSFSError as e:
        problems = [str(e)]
    for p in problems:
        print(p)
    if not problems:
        print("clean")
    return 1 if problems else 0


COMMAND_HELP = {
    "list": "the label, counts and files (LISTFILE LABEL)",
    "type": "show a file's records as text",
    "import": "write a host text file as a CMS file (replaces it)",
    "export": "write a CMS file's records as host text lines",
    "erase": "erase a file",
    "rename": "rename a file",
    "format": "CMS FORMAT: 800-byte blocks, label, empty directory",
    "check": "consistency of the directory and allocation map (status 1 if not clean)",
}


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cmsfs", description=__doc__,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    def add(name, fn, *args):
        s = sub.add_parser(name, help=COMMAND_HELP[name])
        s.add_argument("image", help="CKD or CCKD image, IMAGE:FIRST-CYL:N-CYLS for a minidisk")
        for a in args:
            s.add_argument(a)
        s.set_defaults(func=fn)
        return s

    add("list", cmd_list)

    def code_options(s):
        g = s.add_mutually_exclusive_group()
        g.add_argument("--ebcdic", dest="ascii", action="store_false",
                       help="records are EBCDIC text (default)")
        g.add_argument("--ascii", dest="ascii", action="store_true",
                       help="records hold 8-bit ASCII/Latin-1 bytes, not translated")
        s.set_defaults(ascii=False)

    code_options(add("type", cmd_type, "fn", "ft"))
    s = add("import", cmd_import, "hostfile", "fn", "ft")
    s.add_argument("--recfm", default="F")
    s.add_argument("--lrecl", type=int)
    s.add_argument("--mode", default="1")
    code_options(s)
    code_options(add("export", cmd_export, "fn", "ft", "hostfile"))
    add("erase", cmd_erase, "fn", "ft")
    add("rename", cmd_rename, "fn", "ft", "newfn", "newft")
    s = add("format", cmd_format)
    s.add_argument("--label")
    s.add_argument("--cyls", help="FIRST:N, the minidisk's cylinders in the volume")
    s.add_argument("--size", type=int, help="cylinders to format (default all)")
    s.add_argument("--recomp", action="store_true",
                   help="keep the files; recompute the size (new cylinders get formatted)")
    add("check", cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        ns = build_parser().parse_args(argv)
        return ns.func(ns)
    except _Usage as e:
        print(f"cmsfs: usage error: {e}", file=sys.stderr)
        return 2
    except (CMSFSError, ValueError) as e:
        print(f"cmsfs: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"cmsfs: error: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cmsfs: interrupted", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
