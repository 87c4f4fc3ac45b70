"""``s370`` command: run the bare S/370 machine from a Hercules configuration.

    s370 run machine.conf [-r rcfile] [--headless] [--clock real|deterministic]
    s370 machine.conf

The panel is interactive when stdin is a terminal; otherwise (CI) commands are
read from stdin.  A run-commands script (``-r rcfile``, or the HERCULES_RC
environment variable, as in Hercules) is executed first.  Errors in the
configuration give one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from .config import ConfigError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="s370", description="Run the bare System/370 machine.")
    p.add_argument("config", help="Hercules-style configuration file")
    p.add_argument("-r", "--rc", dest="rc", help="run-commands script (default: $HERCULES_RC)")
    p.add_argument("--headless", action="store_true", help="read commands from stdin even on a tty")
    p.add_argument("--clock", choices=("real", "deterministic"), default="real")
    p.add_argument("--no-hub", action="store_true", help="do not listen on CNSLPORT")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if hasattr(signal, "SIGPIPE"):
        # `s370 run conf | head`: end quietly when the reader goes away
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if argv and argv[0] == "run":
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    from .machine import Machine
    from .panel import Panel, interactive, run_script

    try:
        machine = Machine.from_config(args.config, clock=args.clock)
    except ConfigError as e:
        print(f"s370: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"s370: {args.config}: {e}", file=sys.stderr)
        return 1
    panel = Panel(machine)
    machine.log = panel.out
    for con in machine.integrated_consoles():
        con.listeners[:] = [panel.out]
    if not args.no_hub and machine.cnslport is not None:
        try:
            machine.start_hub()
        except OSError as e:
            print(f"s370: CNSLPORT {machine.cnslport}: {e.strerror}", file=sys.stderr)
    try:
        rc_file = args.rc or os.environ.get("HERCULES_RC")
        if rc_file:
            try:
                with open(rc_file, encoding="utf-8", errors="replace") as f:
                    run_script(panel, f.read().splitlines())
            except OSError as e:
                print(f"s370: {rc_file}: {e.strerror}", file=sys.stderr)
                return 1
        if not panel.quit:
            if sys.stdin.isatty() and not args.headless:
                interactive(panel)
            else:
                run_script(panel, sys.stdin)
                # end of the commands: let a started program run to its end (disabled wait)
                while not panel.quit and machine.running:
                    machine._thread.join(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        machine.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
