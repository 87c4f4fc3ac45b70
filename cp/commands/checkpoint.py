"""Checkpoint and restore of virtual machines from CP's command language (issue 12 item 4).

These commands are this system's own (VM/370 R6 had no VM checkpoint; its CP SAVESYS
saved a named system, not a user's running machine).  Names and syntax follow CP's
style:

    CHECKPOINT [userid] [TO name] [LOGOFF]
                                    class G for one's own VM, class A for another
                                    user's: the VM is held still for the moment
                                    the state is taken, then runs on.  The file is
                                    ``name`` (default ``userid``) with type CKPT in
                                    the system's checkpoint directory
                                    (``CPSystem.checkpoint_dir``, default the
                                    current directory).
                                    Response: ``CHECKPOINT userid TO name CKPT
                                    (nnnnK)``.  LOGOFF: the user is logged off
                                    right after (nothing runs in between), so a
                                    RESTORE on another system sharing the
                                    directory moves it there.
    RESTORE name                    class A: the user is logged on again from the
                                    file, disconnected and running as when it was
                                    checkpointed (also after a SHUTDOWN); a LOGON
                                    then reconnects it.  Response:
                                    ``userid RESTORED FROM name CKPT, DISCONNECTED``.

Names are one word of up to 8 characters, letters, digits, $#@ (no host paths: a
user cannot name a host file).  A damaged file is one line and restores nothing.
"""

from __future__ import annotations

import os
import re

from .common import emsg
from .migratecmd import COMMANDS as MIGRATE_COMMANDS
from .table import Command

INVALID_OPERAND = 2
USERID_MISSING = 20
OPERAND_MISSING = 26
NOT_LOGGED_ON = 45
NAME = re.compile(r"^[A-Z0-9$#@]{1,8}$")
FILETYPE = "CKPT"


def checkpoint_path(system, name: str) -> str:
    return os.path.join(getattr(system, "checkpoint_dir", None) or os.getcwd(),
                        f"{name.upper()}.{FILETYPE}")


def _name(word: str) -> str | None:
    w = word.upper()
    return w if NAME.match(w) else None


def cmd_checkpoint(user, args, out) -> int:
    from cp.vm import checkpoint as ck
    words = list(args)
    target_user = user
    if words and words[0].upper() != "TO":
        uid = words.pop(0).upper()
        if uid != user.userid:
            if not user.has_class("A"):
                return emsg(user, out, INVALID_OPERAND, operand=uid)
            target_user = user.system.find(uid)
            if target_user is None:
                return emsg(user, out, NOT_LOGGED_ON, userid=uid)
    name = target_user.userid
    logoff = bool(words) and words[-1].upper() == "LOGOFF"
    if logoff:
        words.pop()
    if words:
        if words[0].upper() != "TO" or len(words) != 2:
            return emsg(user, out, INVALID_OPERAND, operand=" ".join(words))
        name = _name(words[1])
        if name is None:
            return emsg(user, out, INVALID_OPERAND, operand=words[1])
    path = checkpoint_path(user.system, name)
    try:
        size = ck.save(target_user, path, logoff=logoff)
    except ck.CheckpointError as e:
        out(f"CHECKPOINT {target_user.userid} FAILED: {e}")
        return 1
    out(f"CHECKPOINT {target_user.userid} TO {name} {FILETYPE} ({(size + 1023) // 1024}K)")
    return 0


def cmd_restore(user, args, out) -> int:
    from cp.vm import checkpoint as ck
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    name = _name(args[0])
    if name is None or len(args) > 1:
        return emsg(user, out, INVALID_OPERAND, operand=" ".join(args))
    try:
        restored = ck.restore(user.system, checkpoint_path(user.system, name))
    except ck.CheckpointError as e:
        out(f"RESTORE {name} FAILED: {e}")
        return 1
    for p in getattr(restored, "restore_problems", ()):
        out(p)
    out(f"{restored.userid} RESTORED FROM {name} {FILETYPE}, DISCONNECTED")
    return 0


COMMANDS = [
    Command("CHECKPOINT", 5, "AG", cmd_checkpoint, "checkpoint"),
    Command("RESTORE", 7, "A", cmd_restore, "checkpoint"),
    *MIGRATE_COMMANDS,                  # MIGRATE (cp.commands.migratecmd)
]
