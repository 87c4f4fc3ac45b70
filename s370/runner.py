"""``s370`` command: run the bare S/370 machine from a Hercules configuration.

    s370 run machine.conf [-r rcfile] [--headless] [--clock real|deterministic]
    s370 machine.conf                  (same as "s370 run machine.conf")
    s370 warmup                        compile the CPU core into the cache and exit
    s370 --version

The panel is interactive when stdin is a terminal; otherwise (CI) commands are
read from stdin.  A run-commands script (``-r rcfile``, or the HERCULES_RC
environment variable, as in Hercules) is executed first.  Errors in the
configuration give one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading

from .config import ConfigError


def _version() -> str:
    try:
        from importlib.metadata import version
        return f"vm370 {version('vm370')}"
    except Exception:                     # not installed: the source tree's version
        return "vm370 0.1.0"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="s370", description="Run the bare System/370 machine.")
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", metavar="{run,warmup}")
    r = sub.add_parser("run", help="run a machine from a Hercules-style configuration")
    r.add_argument("config", help="Hercules-style configuration file")
    r.add_argument("-r", "--rc", dest="rc", help="run-commands script (default: $HERCULES_RC)")
    r.add_argument("--headless", action="store_true", help="read commands from stdin even on a tty")
    r.add_argument("--clock", choices=("real", "deterministic"), default="real")
    r.add_argument("--no-hub", action="store_true", help="do not listen on CNSLPORT")
    sub.add_parser("warmup", help="compile the CPU core into the cache and exit")
    return p


def core_cached() -> bool:
    """True if the compiled core's run loop is in numba's on-disk cache."""
    try:
        from .cpu import core
        cache = core.run._cache
        return bool(cache._cache_file._load_index())
    except Exception:
        return True                       # cannot tell: say nothing


def warm_up() -> None:
    """Compile (or load from the cache) every cached entry point of the core."""
    from .machine import Machine
    m = Machine(memsize=64 << 10, clock="deterministic", log=lambda msg: None)
    m.cpu.load(0x1000, bytes.fromhex("07FE"))          # BR 14 -> a short loop
    m.cpu.set_psw(bytes.fromhex("0000000000001000"))
    m.run(max_instructions=10)
    m.cpu.program_interrupt(0x0006)
    m.cpu.io_enabled(0)
    m.cpu.io_interrupt(0x00C)
    m.cpu.advance_to_next_timer_event()
    m.cpu.tod


def _compile_in_background(say) -> threading.Thread | None:
    """First run: compile the core on a thread (with a message) so commands can be
    read meanwhile; the caller waits for it before the process ends, so the compiled
    core reaches the cache even if a script quits at once."""
    if core_cached():
        return None
    say("S370RN001I compiling the CPU core (first run, about 2 minutes)...")
    t = threading.Thread(target=warm_up, name="core-compile", daemon=True)
    t.start()
    return t


def _print_quiet(msg: str) -> None:
    try:
        print(msg, flush=True)
    except BrokenPipeError:               # `s370 run conf | head`: the reader went away
        _stdout_gone()


def _stdout_gone() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    # SIGPIPE keeps Python's default (ignored -> BrokenPipeError): a TN3270 or telnet
    # client that drops its connection mid-write must not end the whole process.
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in ("run", "warmup"):
        argv.insert(0, "run")                        # "s370 machine.conf"
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "warmup":
            if not core_cached():
                _print_quiet("S370RN001I compiling the CPU core (first run, about 2 minutes)...")
            warm_up()
            _print_quiet("S370RN002I CPU core compiled and cached")
            return 0
        return _run(args)
    except BrokenPipeError:
        _stdout_gone()
        return 0


def _run(args) -> int:
    from .machine import Machine
    from .panel import Panel, interactive, run_script

    try:
        machine = Machine.from_config(args.config, clock=args.clock, log=_print_quiet)
    except ConfigError as e:
        print(f"s370: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"s370: {args.config}: {e}", file=sys.stderr)
        return 1
    panel = Panel(machine, out=_print_quiet)
    machine.log = panel.out
    for con in machine.integrated_consoles():
        con.listeners[:] = [panel.out]
    compiling = _compile_in_background(panel.out)
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
                while not panel.quit and not machine.join(0.2):
                    pass
    except KeyboardInterrupt:
        pass
    finally:
        machine.shutdown()
        if compiling is not None:
            compiling.join()                         # the compiled core reaches the cache
    return 0


if __name__ == "__main__":
    sys.exit(main())
