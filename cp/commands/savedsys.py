"""SAVESYS name (class E): save the virtual machine as the named system of the system name
table (cp.saved).  CMS issues it through DIAG X'08' when IPLed with ``PARM SAVESYS name``.

The pages named by the table's SYSPGNM, the PSW and the registers go to the page store;
``IPL name`` then loads them.  Without cp.saved installed every name is unknown (044E).
"""

from __future__ import annotations

from .common import emsg
from .table import Command

OPERAND_MISSING = 26
INVALID_OPERAND = 2
SYSTEM_NOT_EXIST = 44


def cmd_savesys(user, args, out) -> int:
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    name = args.upper(0)
    if len(args) > 1:
        return emsg(user, out, INVALID_OPERAND, operand=args.upper(1))
    saved = getattr(user.system, "saved", None)
    if saved is None:
        return emsg(user, out, SYSTEM_NOT_EXIST, name=name)
    problems = saved.savesys(user, name)
    if problems:
        number, fields = problems[0]
        return emsg(user, out, number, **fields)
    from cp.saved import SAVED_RESPONSE
    out(SAVED_RESPONSE)
    return 0


COMMANDS = [
    Command("SAVESYS", 4, "E", cmd_savesys, "savedsys"),   # minimum SAVE (unverified)
]
