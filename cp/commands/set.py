"""SET: one table of operands.  No response when a setting is taken (VM/370).

User settings live in ``user.settings`` (cp.user.Settings); operator ones (LOGMSG) on the
system.  SET ECMODE changes the machine's mode and resets it, as VM/370 did.
"""

from __future__ import annotations

from .common import ANY, Operand, emsg, find_operand, on_off
from .query import pf_number
from .table import Command

INVALID_OPERAND = 2
OPERAND_MISSING = 26


def _bad(user, args, out):
    return emsg(user, out, INVALID_OPERAND, operand=args.upper(0)) if args \
        else emsg(user, out, OPERAND_MISSING)


def _flag(name):
    def handler(user, args, out):
        v = on_off(args.upper(0))
        if v is None or len(args) > 1:
            return _bad(user, args, out)
        setattr(user.settings, name, v)
        return 0
    return handler


def _choice(name, values):
    def handler(user, args, out):
        v = args.upper(0)
        if v not in values or len(args) > 1:
            return _bad(user, args, out)
        setattr(user.settings, name, v)
        return 0
    return handler


def set_ecmode(user, args, out) -> int:
    v = on_off(args.upper(0))
    if v is None:
        return _bad(user, args, out)
    from .run import stop
    vm = user.vm
    stop(user)
    vm.ecmode = v
    user.settings.ecmode = v
    vm.system_reset(False)          # VM/370: SET ECMODE resets the virtual machine
    return 0


def set_pf(user, n: int, args, out) -> int:
    """SET PFnn [IMMED|DELAYED] [text]: no text = the key is undefined again.
    DELAYED is the default (the text is put in the input area for editing)."""
    immediate = False
    words = args
    skip = 0
    if words and words.upper(0) in ("IMMED", "DELAYED"):
        immediate = words.upper(0) == "IMMED"
        skip = 1
    text = args.rest(skip) if len(args) > skip else ""
    if text:
        user.settings.pf[n] = (text, immediate)
    else:
        user.settings.pf.pop(n, None)
    return 0


def set_logmsg(user, args, out) -> int:
    """SET LOGMSG (class A): ``n text`` sets line n, ``n`` alone deletes it, ``OFF`` (or
    ``CLEAR``) deletes them all, other text is added as the next line (R6 form unverified)."""
    lines = user.system.logmsg
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    w = args.upper(0)
    if w in ("OFF", "CLEAR") and len(args) == 1:
        lines.clear()
        return 0
    if w.isdigit():
        n = int(w)
        if not 1 <= n <= 99:
            return emsg(user, out, INVALID_OPERAND, operand=w)
        text = args.rest(1)
        if not text:
            if n <= len(lines):
                del lines[n - 1]
            return 0
        while len(lines) < n:
            lines.append("")
        lines[n - 1] = text
        return 0
    lines.append(args.rest(0))
    return 0


SET_OPERANDS = [
    Operand("MSG", 3, "G", _flag("msg")),
    Operand("WNG", 3, "G", _flag("wng")),
    Operand("EMSG", 4, "G", _choice("emsg", ("ON", "OFF", "TEXT", "CODE"))),
    Operand("IMSG", 4, "G", _flag("imsg")),
    Operand("SMSG", 4, "G", _flag("smsg")),
    Operand("RUN", 3, "G", _flag("run")),
    Operand("TIMER", 5, "G", _choice("timer", ("ON", "OFF", "REAL"))),
    Operand("ECMODE", 6, "G", set_ecmode),
    Operand("LINEDIT", 7, "G", _flag("linedit")),
    Operand("ISAM", 4, "G", _flag("isam")),
    Operand("ACNT", 4, "G", _flag("acnt")),
    Operand("LOGMSG", 6, "A", set_logmsg),
]


def cmd_set(user, args, out) -> int:
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    word = args[0]
    n = pf_number(word)
    if n is not None and user.has_class("G"):
        return set_pf(user, n, type(args)(args.rest(1)), out)
    row = find_operand(SET_OPERANDS, word, user)
    if row is None:
        return emsg(user, out, INVALID_OPERAND, operand=word.upper())
    return row.handler(user, type(args)(args.rest(1)), out)


COMMANDS = [
    Command("SET", 3, ANY, cmd_set, "set"),
]
