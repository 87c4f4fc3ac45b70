"""The ``vm370`` command (also ``python -m vm370``).

    vm370 [--dir DIR] [--config FILE] [--port N] [--host H] [--workers N] [--cold] [--no-operator]
        start the system (building a default one in DIR, ./vm370-system, at the first start);
        SHUTDOWN at the operator's console (or Ctrl-C, SIGTERM) ends it
    vm370 lesson NAME [--quick] [--out DIR] [--dir DIR] [--port N] | --list
        run a lesson of the course (hands off to ``python -m lessons``)
    vm370 send [--dir DIR] [--user U] [--expect RE] [--timeout S] COMMAND
        type COMMAND on a session of the running system and print what it shows
    vm370 migrate USERID --to DIR|SOCKET|NAME [--dir DIR] [--rounds N]
        move a logged-on user, running, to another system of this host (vm370.migration)

Start-up time (first start and warm start, to the logo screen): python -m vm370.bench

Errors that stop a start are one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys

from .run import DEFAULT_STATE_DIR, Options, run


def start_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vm370", description="Run the VM/370 system. Subcommands: "
                                "'vm370 send ...' (automation), 'vm370 lesson ...' (the course).")
    p.add_argument("--dir", metavar="DIR", default=None,
                   help=f"state directory (default ./{DEFAULT_STATE_DIR}, or the --config file's)")
    p.add_argument("--config", metavar="FILE", help="your own SYSTEM.CONF (directory, volumes)")
    p.add_argument("--port", type=int, default=None, help="TN3270 port (default 3270; 0: any free)")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--workers", type=int, default=None, help="dispatcher threads (default: one per core)")
    p.add_argument("--cold", action="store_true",
                   help="cold start: discard spool files and saved systems (disks are kept)")
    p.add_argument("--no-operator", action="store_true",
                   help="no operator's console on this terminal (the operator is logged on "
                        "disconnected; reach it with 'vm370 send')")
    return p


def send_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vm370 send", description="Type a command on a session of "
                                "the running system; print the lines it shows.")
    p.add_argument("command", help="the line to type (CP command, or input to the virtual machine)")
    p.add_argument("--dir", default=DEFAULT_STATE_DIR, help="the system's state directory")
    p.add_argument("--user", default="OPERATOR", help="whose session (logged on; default OPERATOR)")
    p.add_argument("--expect", metavar="RE", help="wait for a line matching this regular expression")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait (default 10)")
    return p


def send_main(argv: list[str]) -> int:
    from .automation import AutomationError, send
    args = send_parser().parse_args(argv)
    try:
        reply = send(args.command, user=args.user, expect=args.expect, timeout=args.timeout,
                     state_dir=args.dir)
    except AutomationError as err:
        print(f"vm370 send: {err}", file=sys.stderr)
        return 2
    for line in reply.lines:
        print(line)
    if not reply.ok:
        print(f"vm370 send: {reply.error}", file=sys.stderr)
        return 1
    return 0


def migrate_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vm370 migrate", description="Move a logged-on user, "
                                "running, to another system of this host (the operator's "
                                "MIGRATE userid TO system).")
    p.add_argument("userid")
    p.add_argument("--to", required=True, metavar="DIR|SOCKET|NAME",
                   help="the target system: its state directory, its migrate.sock, or its name")
    p.add_argument("--dir", default=DEFAULT_STATE_DIR, help="the source system's state directory")
    p.add_argument("--rounds", type=int, default=None, help="pre-copy rounds at most (default 8)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait (default 120)")
    return p


def migrate_main(argv: list[str]) -> int:
    from .automation import AutomationError, send
    args = migrate_parser().parse_args(argv)
    to = os.path.abspath(args.to) if os.path.exists(args.to) else args.to
    command = f"MIGRATE {args.userid} TO {to}" + (f" ROUNDS {args.rounds}" if args.rounds else "")
    try:
        reply = send(command, user="OPERATOR", expect=r"MIGRATED|FAILED|^DMK\w+E ",
                     timeout=args.timeout, state_dir=args.dir)
    except AutomationError as err:
        print(f"vm370 migrate: {err}", file=sys.stderr)
        return 2
    for line in reply.lines:
        print(line)
    return 0 if reply.ok and " MIGRATED" in (reply.match or "") else 1


def lesson_main(argv: list[str]) -> int:
    """``vm370 lesson ...``: a process hand-off to ``python -m lessons`` (lessons/ sits above
    vm370 and starts whole systems; vm370 does not import it)."""
    os.execv(sys.executable, [sys.executable, "-m", "lessons", *argv])
    return 2                                    # not reached


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "lesson":
        return lesson_main(argv[1:])
    if argv and argv[0] == "send":
        return send_main(argv[1:])
    if argv and argv[0] == "migrate":
        return migrate_main(argv[1:])
    args = start_parser().parse_args(argv)
    return run(Options(state_dir=args.dir, config=args.config, port=args.port, host=args.host,
                       workers=args.workers, cold=args.cold, operator=not args.no_operator))
