"""Command-line tools in the style of Hercules' dasdinit, dasdcopy and dasdls.

    s370-dasdinit [-z|-bz2|-0] [-a] [-r] [-linux] file devtype[-model] [volser] [cyls]
    s370-dasdcopy [-z|-bz2|-0] [-r] [-q] [-cyls n] [-o CKD|CCKD] ifile ofile
    s370-dasdls file

Errors print one line on stderr and exit with status 1.  SIGTERM and SIGHUP (a
closed terminal, ``timeout``, a service stop) end a tool the way Ctrl-C does:
the half-written temporary output file is removed, never left behind full-size.
"""

from __future__ import annotations

import sys

from media.ckd.errors import DasdError
from tools.common import Terminated as _Terminated, signals_unwind as _signals_unwind
from media.ckd.image import copy_image, create_image, open_image
from media.ckd.track import NULLFMT_EMPTY, NULLFMT_LINUX
from media.ckd.volume import volume_info

_COMPRESS_OPTS = {"-z": "zlib", "-bz2": "bzip2", "-0": "none"}


class _Usage(Exception):
    pass


def _run(fn, argv, usage: str) -> int:
    try:
        with _signals_unwind():
            return fn(argv)
    except _Usage as e:
        if str(e):
            print(f"error: {e}", file=sys.stderr)
        print(usage, file=sys.stderr)
        return 1
    except DasdError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1
    except _Terminated as e:
        print(f"terminated by signal {e.signum}", file=sys.stderr)
        return 128 + e.signum


# --- dasdinit ----------------------------------------------------------------------------
INIT_USAGE = ("usage: s370-dasdinit [-z|-bz2|-0] [-a] [-r] [-linux] [-replace] "
              "file devtype[-model] [volser] [cyls]")


def _dasdinit(argv: list[str]) -> int:
    compress = None
    alt = raw = replace = False
    nullfmt = NULLFMT_EMPTY
    pos: list[str] = []
    for a in argv:
        if a in _COMPRESS_OPTS:
            compress = _COMPRESS_OPTS[a]
        elif a == "-a":
            alt = True
        elif a == "-r":
            raw = True
        elif a == "-linux":
            nullfmt = NULLFMT_LINUX
        elif a == "-replace":
            replace = True
        elif a == "-lfs":
            pass                       # we always write one file
        elif a.startswith("-") and len(a) > 1:
            raise _Usage(f"unknown option {a}")
        else:
            pos.append(a)
    if len(pos) < 2:
        raise _Usage("")
    path, devname, rest = pos[0], pos[1], pos[2:]
    volser = None
    if not raw:
        if not rest:
            raise _Usage("a volume serial is required unless -r is given")
        volser, rest = rest[0], rest[1:]
    cyls = None
    if rest:
        if len(rest) > 1 or not rest[0].isdigit():
            raise _Usage(f"invalid size {' '.join(rest)!r}")
        cyls = int(rest[0])
    if nullfmt == NULLFMT_LINUX and not devname.startswith("3390"):
        raise _Usage("-linux is only valid for 3390")
    g, n = create_image(path, devname, volser, cyls=cyls, compress=compress, alt=alt,
                        raw=raw, nullfmt=nullfmt, replace=replace)
    kind = "CKD" if compress is None else f"CCKD ({compress})"
    print(f"created {kind} {g.name} volume {volser or '(raw)'}: {n} cyls, {g.heads} trks/cyl, "
          f"{g.image_track_size} bytes/track -> {path}")
    return 0


def dasdinit_main(argv: list[str] | None = None) -> int:
    return _run(_dasdinit, sys.argv[1:] if argv is None else argv, INIT_USAGE)


# --- dasdcopy ----------------------------------------------------------------------------
COPY_USAGE = ("usage: s370-dasdcopy [-z|-bz2|-0] [-r] [-q] [-cyls n] [-o CKD|CCKD] "
              "ifile ofile")


def _dasdcopy(argv: list[str]) -> int:
    compress: str | None = "zlib"
    out_type = None
    replace = quiet = False
    cyls = None
    pos: list[str] = []
    it = iter(argv)
    for a in it:
        if a in _COMPRESS_OPTS:
            compress = _COMPRESS_OPTS[a]
            out_type = out_type or "CCKD"
        elif a == "-r":
            replace = True
        elif a == "-q":
            quiet = True
        elif a == "-cyls":
            v = next(it, "")
            if not v.isdigit():
                raise _Usage("-cyls needs a number")
            cyls = int(v)
        elif a == "-o":
            out_type = next(it, "").upper()
            if out_type not in ("CKD", "CCKD"):
                raise _Usage("-o must be CKD or CCKD")
        elif a.startswith("-") and len(a) > 1:
            raise _Usage(f"unknown option {a}")
        else:
            pos.append(a)
    if len(pos) != 2:
        raise _Usage("")
    src, dst = pos
    if out_type is None:
        # like Hercules: the output is compressed if the input is not, and vice versa
        im = open_image(src, readonly=True)
        out_type = "CKD" if im.kind == "cckd" else "CCKD"
        im.close()
    n = copy_image(src, dst, None if out_type == "CKD" else compress, replace=replace, cyls=cyls)
    if not quiet:
        print(f"copied {n} tracks: {src} -> {dst} ({out_type})")
    return 0


def dasdcopy_main(argv: list[str] | None = None) -> int:
    return _run(_dasdcopy, sys.argv[1:] if argv is None else argv, COPY_USAGE)


# --- dasdls ------------------------------------------------------------------------------
LS_USAGE = "usage: s370-dasdls file"


def _dasdls(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        raise _Usage("")
    info = volume_info(argv[0])
    print(f"{info['path']}: {info['kind'].upper()} {info['device']} {info['cyls']} cyls "
          f"x {info['heads']} heads, VOLSER={info['volser'] or '(none)'}")
    for name in info["datasets"]:
        print(name)
    return 0


def dasdls_main(argv: list[str] | None = None) -> int:
    return _run(_dasdls, sys.argv[1:] if argv is None else argv, LS_USAGE)


if __name__ == "__main__":
    sys.exit(dasdinit_main())
