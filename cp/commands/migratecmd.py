"""MIGRATE: move a running user's virtual machine to another system (issue 12 item 4).

This system's own command (VM/370 R6 had no live migration; VM/SP's and z/VM's
VMRELOCATE came decades later).  Syntax in CP's style:

    MIGRATE userid TO system [ROUNDS n]
                                    class A.  ``system`` is the name of another
                                    system on this host (``vm370`` registers each
                                    running system by its name), a path to its
                                    state directory or migration socket, or a
                                    system of this process (``CPSystem.peers``).
                                    The user's storage is copied while it runs on
                                    (at most ``n`` rounds, default 8), then it is
                                    held for the final copy, logged on at the
                                    target with its terminal, and logged off here
                                    without a message.
                                    Response: ``userid MIGRATED TO system: r ROUNDS
                                    (b/b/... BLOCKS), FINAL f BLOCKS, DOWNTIME t MS``;
                                    a refusal: ``MIGRATE userid FAILED: reason`` (the
                                    user runs on here).
"""

from __future__ import annotations

from .common import emsg
from .table import Command

INVALID_OPERAND = 2
USERID_MISSING = 20
OPERAND_MISSING = 26
NOT_LOGGED_ON = 45
DEFAULT_ROUNDS = 8
MAX_ROUNDS = 64


def cmd_migrate(user, args, out) -> int:
    from cp.vm.migrate import MigrationError, migrate, resolve_target
    if not args:
        return emsg(user, out, USERID_MISSING)
    uid = args.upper(0)
    if len(args) < 3:
        return emsg(user, out, OPERAND_MISSING)
    if args.upper(1) != "TO":
        return emsg(user, out, INVALID_OPERAND, operand=args[1])
    rounds = DEFAULT_ROUNDS
    rest = [a.upper() for a in args[3:]]
    if rest:
        if rest[0] != "ROUNDS" or len(rest) != 2 or not rest[1].isdigit() \
                or not 1 <= int(rest[1]) <= MAX_ROUNDS:
            return emsg(user, out, INVALID_OPERAND, operand=" ".join(args[3:]))
        rounds = int(rest[1])
    moving = user.system.find(uid)
    if moving is None:
        return emsg(user, out, NOT_LOGGED_ON, userid=uid)
    if moving is user:                    # our own terminal's worker runs this command
        return emsg(user, out, INVALID_OPERAND, operand=uid)
    try:
        target = resolve_target(user.system, args[2])
        report = migrate(moving, target, max_rounds=rounds)
    except MigrationError as e:
        out(f"MIGRATE {uid} FAILED: {e}")
        return 1
    out(report.line())
    user.system.log(report.line())
    return 0


COMMANDS = [
    Command("MIGRATE", 7, "A", cmd_migrate, "checkpoint"),
]
