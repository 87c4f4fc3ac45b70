"""The operator's tape mounts: MOUNT raddr file [RO] [option=value ...], UNMOUNT raddr.

VM/370 had no such command: its operator hung a reel on the drive and the drive
presented device end when it became ready.  Our drives are AWS/HET image files, so a
class B user (the operator) mounts and unmounts them with these two commands, named for
what the operator did by hand.  Options are Hercules' tape options (``maxsize=``,
``eotmargin=``, for HET ``compress=``, ``method=``, ``level=``); ``RO`` mounts without a
write ring (so does a read-only host file).  A name that does not exist yet becomes a
new, empty tape (Hercules does the same), and the response says so.  Mounting a drive
that is attached to a user is allowed, as it was on a real drive: the guest sees the
device end.  A tape that a user DETACHes is rewound and unloaded (cp.system).

Responses (ours, one line each):
    TAPE 580 MOUNTED vmsys.het R/O
    TAPE 580 MOUNTED scratch.aws (NEW TAPE)
    TAPE 580 NOT MOUNTED: <why, from the image layer>
    TAPE 580 UNLOADED vmsys.het
    TAPE 580 NO TAPE MOUNTED
    DEV 581 IS NOT A TAPE DRIVE
"""

from __future__ import annotations

from .common import emsg, parse_hex
from .table import Command

INVALID_OPERAND = 2
OPERAND_MISSING = 26
DEV_NOT_EXIST = 40
REFUSED = 1                 # the system's one-line reason, shown as is


def _drive(user, args, out):
    raddr = parse_hex(args.upper(0) or "", 3)
    if raddr is None:
        emsg(user, out, OPERAND_MISSING if not args else INVALID_OPERAND,
             **({} if not args else {"operand": args.upper(0)}))
        return None
    if raddr not in getattr(user.system, "real_devices", {}):
        emsg(user, out, DEV_NOT_EXIST, vaddr=f"{raddr:03X}")
        return None
    return raddr


def cmd_mount(user, args, out) -> int:
    """MOUNT raddr file [RO] [option=value ...]."""
    raddr = _drive(user, args, out)
    if raddr is None:
        return OPERAND_MISSING if not args else INVALID_OPERAND
    if len(args) < 2:
        return emsg(user, out, OPERAND_MISSING)
    path, options = args[1], []
    for word in args[2:]:
        if word.upper() in ("RO", "R/O"):
            options.append("ro")
        elif "=" in word:
            options.append(word)
        else:
            return emsg(user, out, INVALID_OPERAND, operand=word.upper())
    try:
        out(user.system.mount_tape(raddr, path, options))
    except ValueError as e:
        out(str(e))
        return REFUSED
    return 0


def cmd_unmount(user, args, out) -> int:
    """UNMOUNT raddr: rewind and unload."""
    raddr = _drive(user, args, out)
    if raddr is None:
        return OPERAND_MISSING if not args else INVALID_OPERAND
    if len(args) > 1:
        return emsg(user, out, INVALID_OPERAND, operand=args.upper(1))
    try:
        out(user.system.unmount_tape(raddr))
    except ValueError as e:
        out(str(e))
        return REFUSED
    return 0


COMMANDS = [
    Command("MOUNT", 5, "B", cmd_mount, "tapes"),
    Command("UNMOUNT", 7, "B", cmd_unmount, "tapes"),
]
