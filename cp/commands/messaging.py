"""Messages between users: MSG/MESSAGE, WNG/WARNING, SMSG.

The receiver sees ``MSG FROM userid  :  text`` -- the userid padded to 8 and two blanks
after the colon, as on a VM/370 CE console ('WNG FROM AUTOLOG1:  AUTOLOG1 DONE - LOGGING
OFF'; R6 spacing otherwise unverified).  A user with SET MSG OFF (WNG OFF) or with no
terminal does not get it and the sender is told so (DMKMSG057W); a user not logged on
gives DMKMSG045E.  ALL (every logged-on user) needs class A or B.
"""

from __future__ import annotations

from .common import ANY, emsg, parse_userid
from .table import Command

USERID_MISSING = 20
OPERAND_MISSING = 26
NOT_LOGGED_ON = 45
NOT_RECEIVING = 57
ALL_CLASSES = "AB"


def operator_userid(system) -> str:
    """The primary system operator's userid (OPERATOR unless the system names another)."""
    return getattr(system, "operator_userid", None) or "OPERATOR"


def message_line(kind: str, sender: str, text: str) -> str:
    return f"{kind} FROM {sender:<8}:  {text}"


def _targets(user, out, args):
    """(list of receiving users, or None after an error message; the error rc)."""
    system = user.system
    who = args.upper(0)
    if who is None:
        return None, emsg(user, out, USERID_MISSING)
    if who == "ALL":
        if not user.has_class(ALL_CLASSES):
            return None, emsg(user, out, USERID_MISSING)
        return [u for u in list(system.users.values()) if u is not user], 0
    if who == "*":
        return [user], 0
    if who == "OPERATOR":
        who = operator_userid(system)
    uid = parse_userid(who)
    if uid is None:
        return None, emsg(user, out, USERID_MISSING)
    target = system.find(uid)
    if target is None:
        return None, emsg(user, out, NOT_LOGGED_ON, userid=uid)
    return [target], 0


def _send(kind: str, setting: str, user, args, out) -> int:
    targets, rc = _targets(user, out, args)
    if targets is None:
        return rc
    text = args.rest(1)
    line = message_line(kind, user.userid, text)
    single = len(targets) == 1 and args.upper(0) != "ALL"
    for t in targets:
        if not getattr(t.settings, setting, True):
            if single:
                return emsg(user, out, NOT_RECEIVING, userid=t.userid, reason=f"{kind} OFF")
            continue
        if getattr(t, "terminal", None) is None and not _console_spooled(t):
            if single:
                return emsg(user, out, NOT_RECEIVING, userid=t.userid, reason="DISCONNECTED")
            continue
        t.say(line)
    return 0


def _console_spooled(user) -> bool:
    """A disconnected user whose console is spooled still 'receives' (into the spool file)."""
    return bool(getattr(user, "console_spooled", False))


def cmd_msg(user, args, out) -> int:
    """MSG userid|*|OPERATOR|ALL text."""
    return _send("MSG", "msg", user, args, out)


def cmd_wng(user, args, out) -> int:
    """WNG userid|ALL text (classes A, B): like MSG but under SET WNG."""
    return _send("WNG", "wng", user, args, out)


def cmd_smsg(user, args, out) -> int:
    """SMSG userid text: a special message for a program in the receiving virtual machine.

    Delivery is VMCF's (``system.smsg(sender, target, text)``, X'4001' external interrupt to a
    machine that did VMCF AUTHORIZE); a receiver with SET SMSG OFF, or a system without VMCF,
    does not receive."""
    uid = parse_userid(args.upper(0))
    if uid is None:
        return emsg(user, out, USERID_MISSING)
    target = user.system.find(uid)
    if target is None:
        return emsg(user, out, NOT_LOGGED_ON, userid=uid)
    deliver = getattr(user.system, "smsg", None)
    if not getattr(target.settings, "smsg", False) or deliver is None:
        return emsg(user, out, NOT_RECEIVING, userid=uid, reason="SMSG OFF")
    rc = deliver(user, target, args.rest(1))
    return int(rc or 0)


COMMANDS = [
    Command("MESSAGE", 1, ANY, cmd_msg, "messaging"),
    Command("MSG", 3, ANY, cmd_msg, "messaging"),
    Command("WARNING", 1, "AB", cmd_wng, "messaging"),
    Command("WNG", 3, "AB", cmd_wng, "messaging"),
    Command("SMSG", 2, "G", cmd_smsg, "messaging"),
]
