"""python -m cp: run the Control Program from a directory and volumes.

    python -m cp [--directory FILE] [--volume [VOLSER=]PATH ...] [--port N] [--host H]
                 [--workers N] [--no-operator] [--tape RADDR[=PATH] ...]

The bare Control Program (no CMS disks: cp sits below cms).  The whole system, built
at its first start and kept across SHUTDOWN, is the ``vm370`` command (``python -m vm370``).

Terminals connect with any TN3270 client (c3270, x3270, s3270) or telnet to the
port; the operator's console is this terminal.  Ctrl-C or SIGTERM shuts the
system down in order.  Errors that stop the start are one line, exit status 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .start import DEFAULT_PORT, StartError, SystemConfig, start_system


def parse_volume(text: str) -> tuple[str | None, str]:
    """'VMRES=vmres.cckd' -> ('VMRES', 'vmres.cckd'); 'vmres.cckd' -> (None, ...)."""
    volser, sep, path = text.partition("=")
    if not sep:
        return None, text
    if not 1 <= len(volser) <= 6 or not path:
        raise argparse.ArgumentTypeError(f"{text!r}: expected VOLSER=PATH (volser 1-6 characters)")
    return volser.upper(), path


def parse_tape(text: str) -> tuple[int, str | None]:
    """'580' -> (0x580, None); '580=vmsys.het' -> (0x580, 'vmsys.het')."""
    addr, sep, path = text.partition("=")
    try:
        raddr = int(addr, 16)
    except ValueError:
        raddr = -1
    if not 0 <= raddr <= 0xFFF or (sep and not path):
        raise argparse.ArgumentTypeError(f"{text!r}: expected RADDR[=PATH] (RADDR 3 hex digits)")
    return raddr, path or None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cp", description="Run the bare VM/370 Control Program (the whole system: vm370).")
    p.add_argument("--directory", metavar="FILE", help="USER DIRECT source (default: the built-in one)")
    p.add_argument("--volume", metavar="[VOLSER=]PATH", action="append", type=parse_volume, default=[],
                   help="a CKD/CCKD volume image (repeat for more)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TN3270 port (default {DEFAULT_PORT}; 0: any)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--workers", type=int, default=None, help="dispatcher threads (default: one per host core)")
    p.add_argument("--spool", metavar="DIR", default=None,
                   help="spool directory, kept across restarts (default: a temporary one)")
    p.add_argument("--no-operator", action="store_true", help="no operator console on this terminal")
    p.add_argument("--tape", metavar="RADDR[=PATH]", action="append", type=parse_tape, default=[],
                   help="a real 3420 tape drive, with an AWS/HET image mounted (repeat for more);"
                        " the operator mounts others with MOUNT raddr file")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = SystemConfig(directory=args.directory, volumes=args.volume, host=args.host,
                          port=args.port, workers=args.workers, operator=not args.no_operator,
                          spool=args.spool, tapes=args.tape)
    stop = threading.Event()            # signals from the start on: one during start-up counts
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    try:
        running = start_system(config)
    except StartError as err:
        print(f"python -m cp: {err}", file=sys.stderr)
        return 2
    try:
        while not stop.is_set() and not running.wait(0.2):
            pass
    finally:
        running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
