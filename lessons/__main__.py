"""``python -m lessons NAME [--quick] [--out DIR] [--dir DIR] [--port N]`` and ``--list``.

Runs one lesson: its explanation is printed as it goes, then the table of what it
measured, then the paths of the plots it wrote.  ``vm370 lesson ...`` hands off
here.  Errors are one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .base import Context, LessonError, format_table
from .table import BY_NAME, LESSONS


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vm370 lesson",
                                description="Run one lesson of the course on the real system.")
    p.add_argument("name", nargs="?", help="the lesson (see --list)")
    p.add_argument("--list", action="store_true", help="list the lessons in course order")
    p.add_argument("--quick", action="store_true", help="short mode (small N, short runs)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="folder for the plots and screenshots (default ./lesson-output/NAME)")
    p.add_argument("--dir", metavar="DIR", default=None,
                   help="system state directory to use (default: a temporary one)")
    p.add_argument("--port", type=int, default=0, help="TN3270 port of the systems it starts "
                   "(default 0: any free one)")
    return p


def listing() -> str:
    width = max(len(lesson.name) for lesson in LESSONS)
    return "\n".join(f"{i:>2}. {lesson.name:<{width}}  {lesson.title}"
                     for i, lesson in enumerate(LESSONS, 1))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.list or not args.name:
        print(listing())
        return 0
    lesson = BY_NAME.get(args.name)
    if lesson is None:
        print(f"vm370 lesson: no lesson {args.name!r} (vm370 lesson --list)", file=sys.stderr)
        return 2
    try:
        module = lesson.load()
    except ModuleNotFoundError as err:
        if err.name == f"lessons.{lesson.module}":
            print(f"vm370 lesson: {lesson.name} is not built yet", file=sys.stderr)
            return 2
        raise
    out = Path(args.out) if args.out else Path("lesson-output") / lesson.name
    ctx = Context(quick=args.quick, out=out, dir=Path(args.dir) if args.dir else None,
                  port=args.port)
    print(f"LESSON {lesson.name.upper()}: {lesson.title}", flush=True)
    try:
        result = module.run(ctx)
    except KeyboardInterrupt:
        print("vm370 lesson: interrupted", file=sys.stderr)
        return 2
    except LessonError as err:
        print(f"vm370 lesson: {err}", file=sys.stderr)
        return 2
    print()
    print(format_table(result))
    for path in result.plots:
        print(f"PLOT {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
