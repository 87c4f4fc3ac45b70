"""Operator commands: FORCE, ENABLE/DISABLE, AUTOLOG, SHUTDOWN, ACNT (classes per
GC20-1806: FORCE, SHUTDOWN, ACNT A; ENABLE, DISABLE, AUTOLOG A and B).

Console lines as on a VM/370 operator's console (CE log: 'GRAF 0C1 LOGON  AS MAINT
USERS = 005', 'AUTO LOGON   ***   AUTOLOG1 USERS = 002  BY  OPERATOR', 'USER DSC LOGOFF AS
AUTOLOG1 USERS = 004', 'COMMAND COMPLETE' after ENABLE ALL).
"""

from __future__ import annotations

from .. import messages
from .common import emsg, parse_hex, parse_userid, stamp
from .table import Command

INVALID_OPERAND = 2
USERID_MISSING = 20
OPERAND_MISSING = 26
NOT_LOGGED_ON = 45
ALREADY_LOGGED_ON = 54
WARM_START_SAVED = 960
SHUTDOWN_COMPLETE = 961


def _where(user) -> str:
    t = getattr(user, "terminal", None)
    return (getattr(t, "name", None) or "DEV") if t is not None else "USER DSC"


def cmd_force(user, args, out) -> int:
    """FORCE userid: the user is logged off; they see 'LOGOFF AT ... BY SYSTEM', the
    operator '{GRAF raddr|USER DSC} LOGOFF AS userid USERS = nnn FORCED'."""
    uid = parse_userid(args.upper(0))
    if uid is None or len(args) > 1:
        return emsg(user, out, USERID_MISSING)
    system = user.system
    target = system.find(uid)
    if target is None:
        return emsg(user, out, NOT_LOGGED_ON, userid=uid)
    where = _where(target)
    target.logoff(forced=True)          # 'LOGOFF AT ... BY SYSTEM' to the user
    out(f"{where} LOGOFF AS {uid:<8} USERS = {len(system.users):03d} FORCED")
    return 0


def _enable(value: bool):
    def handler(user, args, out):
        """ENABLE|DISABLE ALL|raddr...: let terminals log on (the terminal manager reads
        ``system.enabled`` and ``system.disabled_lines``)."""
        if not args:
            return emsg(user, out, OPERAND_MISSING)
        system = user.system
        if args.upper(0) == "ALL" and len(args) == 1:
            system.enabled = value
            system.disabled_lines = set()
        else:
            raddrs = []
            for w in args:
                r = parse_hex(w.upper(), 3)
                if r is None:
                    return emsg(user, out, INVALID_OPERAND, operand=w.upper())
                raddrs.append(r)
            lines = set(getattr(system, "disabled_lines", set()))
            if value:
                lines -= set(raddrs)
                system.enabled = True
            else:
                lines |= set(raddrs)
            system.disabled_lines = lines
        out("COMMAND COMPLETE")
        return 0
    return handler


def cmd_autolog(user, args, out) -> int:
    """AUTOLOG userid password: log a user on with no terminal (it runs disconnected)."""
    from cp.system import LogonError
    uid = parse_userid(args.upper(0))
    if uid is None:
        return emsg(user, out, USERID_MISSING)
    if len(args) < 2:
        return emsg(user, out, OPERAND_MISSING)
    system = user.system
    other = system.find(uid)
    if other is not None:
        return emsg(user, out, ALREADY_LOGGED_ON, where=_where(other))
    try:
        new = system.logon(uid, args[1], None)
    except LogonError as e:
        return emsg(user, out, e.number, **e.fields)
    new.directory_ipl()
    line = f"AUTO LOGON   ***   {uid:<8} USERS = {len(system.users):03d}  BY  {user.userid}"
    out(line)
    return 0


def cmd_shutdown(user, args, out) -> int:
    """SHUTDOWN: users off, spool checkpointed (the system's ``shutdown()``), the
    warm-start and shutdown messages."""
    if args and not (args.upper(0) == "REIPL" and len(args) == 1):
        return emsg(user, out, INVALID_OPERAND, operand=args.upper(0))
    system = user.system
    down = getattr(system, "shutdown", None)
    for line in (messages.render(WARM_START_SAVED, user.settings.emsg),
                 messages.render(SHUTDOWN_COMPLETE, user.settings.emsg)):
        if line is not None:
            out(line)
    if callable(down):
        if args:
            down(reipl=True)
        else:
            down()
    else:
        for u in list(system.users.values()):
            u.logoff(forced=True)
    return 0


def cmd_acnt(user, args, out) -> int:
    """ACNT userid|ALL: close the accounting records (``system.account(userids)`` when the
    system keeps them)."""
    who = args.upper(0)
    if who is None:
        return emsg(user, out, USERID_MISSING)
    system = user.system
    if who == "ALL":
        ids = sorted(system.users)
    else:
        uid = parse_userid(who)
        if uid is None:
            return emsg(user, out, USERID_MISSING)
        if system.find(uid) is None:
            return emsg(user, out, NOT_LOGGED_ON, userid=uid)
        ids = [uid]
    acc = getattr(system, "account", None)
    if callable(acc):
        acc(ids)
    out("COMMAND COMPLETE")
    return 0


COMMANDS = [
    Command("FORCE", 5, "A", cmd_force, "operator"),
    Command("ENABLE", 3, "AB", _enable(True), "operator"),
    Command("DISABLE", 4, "AB", _enable(False), "operator"),
    Command("AUTOLOG", 4, "AB", cmd_autolog, "operator"),
    Command("SHUTDOWN", 8, "A", cmd_shutdown, "operator"),
    Command("ACNT", 4, "A", cmd_acnt, "operator"),
]
