"""vmfplc2: VM/370 VMFPLC2 tapes (CMS file dumps) on the host, in AWS or HET images.

    vmfplc2 scan TAPE [--file N | --all]
    vmfplc2 load TAPE [fn [ft [fm]]] (--disk IMAGE[:FIRST:N] | --dir DIR)
                      [--file N | --all] [--binary] [--mode M] [--replace]
    vmfplc2 dump TAPE (--disk IMAGE[:FIRST:N] [fn [ft [fm]]] | HOSTFILE ...)
                      [--append] [--recfm F|V] [--lrecl N] [--binary]

fn ft fm select files as CMS does (``*`` for any; fm is a mode letter, number or both).
TAPE positions: --file N reads tape file N (the files before it are skipped, as
VMFPLC2 FSF does); --all reads every tape file up to the end of the tape.  A dump
writes the files and one tapemark (VMFPLC2 WTM), so each dump is a tape file; --append
adds it after the files already on the tape.

Host files: text by default (lines <-> EBCDIC records; RECFM F pads with blanks to LRECL
80 and the padding is dropped again), or --binary (bytes as they are, F records of
--lrecl, default 800, the last one padded with zeros).  A host file name.type becomes
the CMS file NAME TYPE.

Nothing is written before the whole input has been read and checked: a bad tape or a
bad host file leaves every disk, directory and tape as it was.  Disks and tapes are
changed through a temporary copy renamed into place.  Errors: one line, status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import os
import sys

from cms.fs import CMSDisk, CMSFSError
from cms.fs import records as cmsrecs
from cms.fs import stamp as cmsstamp
from cms.fs.layout import FST, check_name
from cms.tools.cmsfs import parse_image
from media.ckd.errors import DasdError
from media.ckd.image import open_image
from media.tape.base import TapeError
from media.tape.image import image_kind, open_tape, position_at_end
from media.vmfplc2 import PlcError, PlcFile, PlcReader, packed_stamp, position_at_file, write_files
from tools.common import copy_beside, run_tool, temp_beside, unlink_quietly

PROG = "vmfplc2"
BLANK = " "
BINARY_LRECL = 800


class Usage(Exception):
    pass


# --- selection ---------------------------------------------------------------------------
def selector(fn: str = "*", ft: str = "*", fm: str = "*"):
    """A test on (fn, ft, fm) with CMS's '*' (any); fm 'A', '2' or 'A2'."""
    fn, ft, fm = fn.upper(), ft.upper(), fm.upper()

    def match(f_fn: str, f_ft: str, f_fm: str) -> bool:
        if not fnmatch.fnmatchcase(f_fn, fn) or not fnmatch.fnmatchcase(f_ft, ft):
            return False
        if fm == "*":
            return True
        f_fm = (f_fm + " ")[:2]
        if fm.isdigit():
            return f_fm[1] == fm
        if len(fm) == 1:
            return f_fm[0] == fm
        return f_fm == fm
    return match


# --- reading tapes -----------------------------------------------------------------------
def read_tape(path: str, file_no: int, all_files: bool) -> list[tuple[int, PlcFile]]:
    """Every file of the chosen tape file(s) as (tape file number, file), fully checked."""
    if not os.path.exists(path):
        raise PlcError(f"{path}: no such tape image")
    tape = open_tape(path, readonly=True)
    try:
        position_at_file(tape, file_no, path)
        reader = PlcReader(tape, path)
        out, n = [], file_no
        while True:
            got = list(reader.files())
            out += [(n, f) for f in got]
            if not all_files or reader.ended == "end of tape" or (not got and n > file_no):
                return out
            n += 1
    finally:
        tape.close()


def cmd_scan(a) -> int:
    files = read_tape(a.tape, a.file, a.all)
    print("FILE FILENAME FILETYPE FM FORMAT  LRECL  RECS BLOCKS DATE     TIME")
    for n, f in files:
        print(f"{n:>4} {f.fn:<8} {f.ft:<8} {f.fm:<2} {f.recfm:<2} {f.lrecl:>9} {f.records:>5} "
              f"{f.blocks:>6} {f.date}")
    print(f"{len(files)} FILES")
    return 0


# --- records <-> host files --------------------------------------------------------------
def records_of(f: PlcFile) -> list[bytes]:
    if f.recfm not in ("F", "V"):
        raise PlcError(f"{f}: invalid RECFM {f.recfm!r} in its FST")
    try:
        return cmsrecs.decode(f.data, f.recfm, f.lrecl, f.records)
    except CMSFSError as e:
        raise PlcError(f"{f}: {e}") from None


def host_bytes(f: PlcFile, binary: bool) -> bytes:
    rows = records_of(f)
    if binary:
        return b"".join(rows)
    lines = [r.decode("cp037") for r in rows]
    if f.recfm == "F":
        lines = [ln.rstrip(BLANK) for ln in lines]
    return "".join(ln + "\n" for ln in lines).encode("utf-8")


def host_records(path: str, recfm: str, lrecl: int | None, binary: bool) -> tuple[list[bytes], int | None]:
    with open(path, "rb") as fh:
        raw = fh.read()
    if binary:
        width = lrecl or BINARY_LRECL
        if recfm == "V":
            return [raw[i:i + width] for i in range(0, len(raw), width)], lrecl
        rows = [raw[i:i + width] for i in range(0, len(raw), width)]
        if rows:
            rows[-1] = rows[-1].ljust(width, b"\0")
        return rows, width
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PlcError(f"{path}: not UTF-8 text (use --binary)") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if recfm == "F":
        width = lrecl or 80
        for k, ln in enumerate(lines, 1):
            if len(ln) > width:
                raise PlcError(f"{path}: line {k} is {len(ln)} characters, longer than LRECL {width}")
        lines = [ln.ljust(width, BLANK) for ln in lines]
        lrecl = width
    rows = []
    for k, ln in enumerate(lines, 1):
        try:
            rows.append(ln.encode("cp037"))
        except UnicodeEncodeError as e:
            raise PlcError(f"{path}: line {k}: character {ln[e.start]!r} has no EBCDIC code") from None
    return rows, lrecl


def cms_name(path: str) -> tuple[str, str]:
    base = os.path.basename(path)
    fn, _, ft = base.partition(".")
    try:
        return check_name(fn), check_name(ft or "DATA", "filetype")
    except CMSFSError as e:
        raise PlcError(f"{path}: {e} (host files are named fn.ft)") from None


def plc_from_records(fn: str, ft: str, fm: str, rows: list[bytes], recfm: str,
                     lrecl: int | None, when: dt.datetime) -> PlcFile:
    """A tape file made the way CMS would store the records (FST from cms.fs)."""
    try:
        stream, nrec, lrecl = cmsrecs.encode(rows, recfm, lrecl)
    except CMSFSError as e:
        raise PlcError(f"{fn} {ft}: {e}") from None
    units = -(-len(stream) // 800)
    datew, timew, yearw = cmsstamp.encode(when)
    fst = FST(fn, ft, datew, timew, nrec + 1, 1, fm, nrec, 0, recfm, 0, lrecl, units, yearw)
    return PlcFile(fst.pack(), stream.ljust(units * 800, b"\0"), packed_stamp(when))


# --- load --------------------------------------------------------------------------------
def cmd_load(a) -> int:
    if bool(a.disk) == bool(a.dir):
        raise Usage("give either --disk IMAGE or --dir DIRECTORY")
    match = selector(*a.fileid)
    files = [(n, f) for n, f in read_tape(a.tape, a.file, a.all) if match(f.fn, f.ft, f.fm)]
    if a.dir:
        _load_dir(a, files)
    else:
        _load_disk(a, files)
    for n, f in files:
        print(f"LOADING {f.fn:<8} {f.ft:<8} {f.fm:<2}")
    print(f"{len(files)} FILES LOADED")
    return 0


def _load_dir(a, files) -> None:
    if not os.path.isdir(a.dir):
        raise PlcError(f"{a.dir}: no such directory")
    out = []
    for _n, f in files:
        path = os.path.join(a.dir, f"{f.fn}.{f.ft}".lower())
        if os.path.exists(path) and not a.replace:
            raise PlcError(f"{path}: file exists (give --replace)")
        out.append((path, host_bytes(f, a.binary)))
    for path, data in out:
        tmp = temp_beside(path)
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
            tmp = None
        finally:
            unlink_quietly(tmp)


def _stamp_of(f: PlcFile) -> dt.datetime | None:
    return cmsstamp.decode(f.fst[16:18], f.fst[18:20], f.fst[38:40])


class _FlushAtEnd:
    """An image whose flushes wait for the end: the load writes a temporary copy that is
    renamed into place only when complete, so CMSDisk.write's fsync after every file
    buys nothing; one at the end does (20x faster loads of many small files)."""

    def __init__(self, image):
        self._image = image

    def __getattr__(self, name):
        return getattr(self._image, name)

    def flush(self) -> None:
        pass


def _load_disk(a, files) -> None:
    path, extent = parse_image(a.disk)
    rows = [(f, records_of(f)) for _n, f in files]
    tmp = copy_beside(path)
    try:
        image = open_image(tmp)
        try:
            with CMSDisk.open(_FlushAtEnd(image), extent) as disk:
                existing = {(e.fn, e.ft) for e in disk.list()}
                for f, recs in rows:
                    if (f.fn, f.ft) in existing and not a.replace:
                        raise PlcError(f"{f.fn} {f.ft} already exists on the disk (give --replace)")
                    mode = (a.mode or "A").upper() + ((f.fm + "1")[1] if len(f.fm) > 1 else "1")
                    disk.write(f.fn, f.ft, recs, f.recfm, f.lrecl, mode, when=_stamp_of(f))
            image.flush()
        finally:
            image.close()
        os.replace(tmp, path)
        tmp = None
    finally:
        unlink_quietly(tmp)


# --- dump --------------------------------------------------------------------------------
def cmd_dump(a) -> int:
    now = dt.datetime.now().replace(microsecond=0)
    if a.disk:
        if len(a.files) > 3:
            raise Usage("with --disk give at most fn ft fm")
        path, extent = parse_image(a.disk)
        match = selector(*a.files)
        files = []
        with CMSDisk.open(path, extent, readonly=True) as disk:
            for fst in disk.fsts():
                if not match(fst.fname, fst.ftype, fst.fmode) or fst.blkct == 0:
                    continue
                when = cmsstamp.decode(fst.datew, fst.timew, fst.yearw) or now
                files.append(PlcFile(fst.pack(), disk.data_of(fst), packed_stamp(when)))
    else:
        if not a.files:
            raise Usage("give host files to dump, or --disk IMAGE")
        files = []
        for p in a.files:
            fn, ft = cms_name(p)
            rows, lrecl = host_records(p, a.recfm, a.lrecl, a.binary)
            if not rows:
                raise PlcError(f"{p}: empty file (CMS has no empty files)")
            when = dt.datetime.fromtimestamp(int(os.path.getmtime(p)))
            files.append(plc_from_records(fn, ft, (a.mode or "A1").upper(), rows, a.recfm,
                                          lrecl, when))
    if not files:
        raise PlcError("no files match: nothing dumped")
    kind = image_kind(a.tape)
    tmp = copy_beside(a.tape) if a.append and os.path.exists(a.tape) else temp_beside(a.tape)
    try:
        tape = open_tape(tmp, kind=kind)
        try:
            if a.append:
                position_at_end(tape)
            write_files(tape, files)
            tape.sync()
        finally:
            tape.close()
        os.replace(tmp, a.tape)
        tmp = None
    finally:
        unlink_quietly(tmp)
    for f in files:
        print(f"DUMPING {f.fn:<8} {f.ft:<8} {f.fm:<2}")
    print(f"{len(files)} FILES DUMPED")
    return 0


# --- command line ------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Usage(message)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="VM/370 VMFPLC2 tapes (CMS file dumps) in AWS/HET images")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    def where(sp):
        sp.add_argument("--file", type=int, default=1, help="tape file to read (default 1)")
        sp.add_argument("--all", action="store_true", help="every tape file to the end")

    s = sub.add_parser("scan", help="list the files on a tape")
    s.add_argument("tape")
    where(s)
    ld = sub.add_parser("load", help="tape -> CMS minidisk or host directory")
    ld.add_argument("tape")
    ld.add_argument("fileid", nargs="*", help="fn [ft [fm]] with * for any")
    ld.add_argument("--disk", help="CKD/CCKD image holding a CMS disk: IMAGE or IMAGE:FIRST:N")
    ld.add_argument("--dir", help="host directory to write fn.ft files into")
    ld.add_argument("--binary", action="store_true")
    ld.add_argument("--mode", help="mode letter of loaded files on the disk (default A)")
    ld.add_argument("--replace", action="store_true")
    where(ld)
    d = sub.add_parser("dump", help="CMS minidisk files or host files -> tape")
    d.add_argument("tape")
    d.add_argument("files", nargs="*", help="host files, or fn [ft [fm]] with --disk")
    d.add_argument("--disk")
    d.add_argument("--append", action="store_true")
    d.add_argument("--recfm", choices=("F", "V"), default="F", type=str.upper)
    d.add_argument("--lrecl", type=int)
    d.add_argument("--binary", action="store_true")
    d.add_argument("--mode", help="file mode recorded for host files (default A1)")
    return p


def _take_leftovers(a, extra: list[str], names) -> None:
    """Positional words typed after the options (argparse leaves them over)."""
    bad = [w for w in extra if w.startswith("-")]
    target = next((n for n in names if isinstance(getattr(a, n, None), list)), None)
    if bad or (extra and target is None):
        raise Usage(f"unrecognized arguments: {' '.join(bad or extra)}")
    if extra:
        getattr(a, target).extend(extra)


COMMANDS = {"scan": cmd_scan, "load": cmd_load, "dump": cmd_dump}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv

    def body() -> int:
        try:
            a, extra = parser().parse_known_args(argv)
            _take_leftovers(a, extra, ("files", "fileid"))
            if getattr(a, "file", 1) < 1:
                raise Usage("--file counts from 1")
            if getattr(a, "fileid", None) is not None and len(a.fileid) > 3:
                raise Usage("give at most fn ft fm")
            return COMMANDS[a.cmd](a)
        except Usage as e:
            print(f"{PROG}: {e}", file=sys.stderr)
            return 2
    return run_tool(PROG, body, (PlcError, CMSFSError, DasdError, TapeError))

if __name__ == "__main__":
    sys.exit(main())
