"""The session: LOGOFF/LOGOUT, DISCONN, TERMINAL, SLEEP, ECHO, INDICATE.

LOGOFF and DISCONN answer before the session changes (the lines must reach the terminal
that is about to go).  Their forms, from VM/370 consoles (CE build logs, GC20-1820):

    CONNECT= 00:10:05 VIRTCPU= 000:00.36 TOTCPU= 000:01.02
    LOGOFF AT 13:31:57 GMT TUESDAY 07/19/22
    DISCONNECT AT 13:31:57 GMT TUESDAY 07/19/22
"""

from __future__ import annotations

import datetime

from .common import (ANY, Operand, accounting_line, emsg, find_operand, mss, now, on_off,
                     stamp)
from .table import Command

OPERAND_MISSING = 26
INVALID_OPERAND = 2


# ------------------------------------------------------------------ LOGOFF / DISCONN
def _hold(args):
    """False (no operand), True (HOLD) or None (anything else)."""
    if not args:
        return False
    if args.upper(0) == "HOLD" and len(args) == 1:
        return True
    return None


def _bad(args):
    return next((a.upper() for a in args if a.upper() != "HOLD"), args.upper(len(args) - 1))


def cmd_logoff(user, args, out) -> int:
    """LOGOFF [HOLD]: the accounting line, 'LOGOFF AT ...', then the session ends.

    HOLD keeps the line (a dial-up line) enabled; the terminal manager reads
    ``user.hold_line``."""
    hold = _hold(args)
    if hold is None:
        return emsg(user, out, INVALID_OPERAND, operand=_bad(args))
    user.hold_line = hold
    user.logoff()               # the accounting line and LOGOFF AT come from the session
    return 0


def cmd_disconn(user, args, out) -> int:
    """DISCONN [HOLD]: 'DISCONNECT AT ...'; the terminal goes, the virtual machine runs on."""
    hold = _hold(args)
    if hold is None:
        return emsg(user, out, INVALID_OPERAND, operand=_bad(args))
    user.hold_line = hold
    user.disconnect()           # DISCONNECT AT comes from the session
    return 0


# ------------------------------------------------------------------ TERMINAL
# The R6 defaults when a character is set back ON (GC20-1820 TERMINAL; spec cp.md 4.1).
EDIT_DEFAULTS = {"linend": "#", "chardel": "@", "linedel": "\u00a2", "escape": '"'}


def _edit_char(name):
    def handler(user, args, out):
        if not args:
            return emsg(user, out, OPERAND_MISSING)
        value = args[0]
        v = value.upper()
        if v == "ON":
            ch = EDIT_DEFAULTS[name]
        elif v == "OFF":
            ch = ""                              # OFF: no such editing character
        elif len(value) == 1 and value != " ":
            ch = value
        else:
            return emsg(user, out, INVALID_OPERAND, operand=value)
        setattr(user.settings, name, ch)
        return 0
    return handler


def _term_mode(user, args, out):
    v = args.upper(0)
    if v not in ("VM", "CP"):
        return emsg(user, out, OPERAND_MISSING) if v is None else \
            emsg(user, out, INVALID_OPERAND, operand=v)
    user.settings.terminal_mode = v
    return 0


def _term_onoff(name):
    def handler(user, args, out):
        v = on_off(args.upper(0))
        if v is None:
            return emsg(user, out, OPERAND_MISSING) if not args else \
                emsg(user, out, INVALID_OPERAND, operand=args.upper(0))
        setattr(user.settings, name, v)
        return 0
    return handler


def _term_linesize(user, args, out):
    t = args.upper(0)
    if t is None or not t.isdigit() or not 1 <= int(t) <= 255:
        return emsg(user, out, OPERAND_MISSING) if t is None else \
            emsg(user, out, INVALID_OPERAND, operand=t)
    user.settings.linesize = int(t)
    return 0


# Minimum abbreviations as in VM/SP's TERMINAL (R6 unverified).
TERMINAL_OPERANDS = [
    Operand("LINEND", 5, ANY, _edit_char("linend")),
    Operand("LINEDEL", 5, ANY, _edit_char("linedel")),
    Operand("CHARDEL", 4, ANY, _edit_char("chardel")),
    Operand("ESCAPE", 3, ANY, _edit_char("escape")),
    Operand("MODE", 4, ANY, _term_mode),
    Operand("LINESIZE", 5, ANY, _term_linesize),
    Operand("APL", 3, ANY, _term_onoff("apl")),
    Operand("ATTN", 4, ANY, _term_onoff("attn")),
    Operand("TEXT", 4, ANY, _term_onoff("text")),
]


def cmd_terminal(user, args, out) -> int:
    """TERMINAL op value [op value ...]: no response when all is well (as VM/370)."""
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    i = 0
    while i < len(args):
        row = find_operand(TERMINAL_OPERANDS, args[i], user)
        if row is None:
            return emsg(user, out, INVALID_OPERAND, operand=args.upper(i))
        sub = type(args)(" ".join(args[i + 1:i + 2]))
        rc = row.handler(user, sub, out)
        if rc:
            return rc
        i += 2
    return 0


# ------------------------------------------------------------------ SLEEP / ECHO
def cmd_sleep(user, args, out) -> int:
    """SLEEP [n MIN|SEC]: the terminal sleeps until the time passes or the user presses
    attention.  CP only records it (``user.sleep_until``: a datetime, or None = until
    attention); the terminal manager keeps input away while it lasts."""
    until = None
    if args:
        n, unit = args.upper(0), args.upper(1, "SEC")
        if not n.isdigit() or unit not in ("MIN", "SEC", "MINS", "SECS"):
            return emsg(user, out, INVALID_OPERAND, operand=" ".join(args))
        secs = int(n) * (60 if unit.startswith("MIN") else 1)
        until = now(user.system) + datetime.timedelta(seconds=secs)
    user.sleeping = True
    user.sleep_until = until
    return 0


def cmd_echo(user, args, out) -> int:
    """ECHO [n]: the terminal-line test.  Each line typed afterwards comes back n times
    until END (``execute`` routes lines to ``echo_line`` while ``user.echo_times`` is set)."""
    n = args.upper(0, "1")
    if not n.isdigit() or not 1 <= int(n) <= 99:
        return emsg(user, out, INVALID_OPERAND, operand=n)
    user.echo_times = int(n)
    out("ECHO MODE ENTERED; TYPE END TO EXIT")     # unverified wording
    return 0


def echo_line(user, line: str, out) -> int:
    if line.strip().upper() == "END":
        user.echo_times = None
        return 0
    for _ in range(user.echo_times or 1):
        out(line)
    return 0


# ------------------------------------------------------------------ INDICATE
def indicate_user(user, args, out) -> int:
    """INDICATE USER: the issuer's own resource use (R6 layout unverified):
    virtual and total CPU, I/O instructions and the interception counts of the guest."""
    from .common import cpu_times
    virt, tot = cpu_times(user)
    sd = user.vm.sd
    counts = _intercept_counts(sd)
    out(f"VTIME={mss(virt)} TTIME={mss(tot)} SIO={counts.get('IO_INSTRUCTION', 0):06d} "
        f"INST={sd.instcount:010d}")
    parts = [f"{k}={v}" for k, v in sorted(counts.items())]
    out("INTERCEPTS: " + (" ".join(parts) if parts else "NONE"))
    return 0


def _intercept_counts(sd) -> dict:
    out = {}
    for k, v in getattr(sd, "counters", {}).items():
        name = getattr(k, "name", str(k)).upper().replace("-", "_")
        out[name] = out.get(name, 0) + int(v)
    return out


def indicate_load(user, args, out) -> int:
    """INDICATE LOAD: the system load (R6 layout 'CPU-nnn% Q1-nn Q2-nn STORAGE-nnn%'
    unverified): CPU from the dispatcher's ``load()`` if it offers one, Q1 = users whose
    machine may run now, Q2 = the others."""
    system = user.system
    users = list(getattr(system, "users", {}).values())
    runnable = sum(1 for u in users if not u.vm.stopped and not u.vm.waiting)
    disp = getattr(system, "dispatcher", None)
    cpu = 0
    if disp is not None and callable(getattr(disp, "load", None)):
        try:
            cpu = int(round(float(disp.load()["cpu_percent"])))
        except Exception:
            cpu = 0
    storage = sum(u.vm.storage for u in users)
    out(f"CPU-{cpu:03d}% Q1-{runnable:02d} Q2-{len(users) - runnable:02d} "
        f"STORAGE-{storage // 1024:06d}K USERS-{len(users):03d}")
    return 0


INDICATE_OPERANDS = [
    Operand("LOAD", 1, ANY, indicate_load),
    Operand("USER", 1, ANY, indicate_user),
]


def cmd_indicate(user, args, out) -> int:
    if not args:
        return indicate_load(user, args, out)       # INDICATE alone: LOAD
    row = find_operand(INDICATE_OPERANDS, args[0], user)
    if row is None:
        return emsg(user, out, INVALID_OPERAND, operand=args.upper(0))
    return row.handler(user, args, out)


COMMANDS = [
    Command("LOGOFF", 3, ANY, cmd_logoff, "session"),
    Command("LOGOUT", 6, ANY, cmd_logoff, "session"),
    Command("DISCONN", 4, ANY, cmd_disconn, "session"),
    Command("TERMINAL", 4, "G", cmd_terminal, "session"),
    Command("SLEEP", 2, "G", cmd_sleep, "session"),
    Command("ECHO", 4, "G", cmd_echo, "session"),
    Command("INDICATE", 3, "EG", cmd_indicate, "session"),
]
