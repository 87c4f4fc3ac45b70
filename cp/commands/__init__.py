"""CP commands: one table (``table.commands()``) of names, abbreviations, classes and
handlers, one module per command group; ``execute(user, line, out=None) -> rc``.

rc is 0 or the number of the DMK message the command ended with (the DIAG X'08' return
code).  A command the user's classes do not allow gets the same answer as an unknown one,
DMKCFM001E UNKNOWN CP COMMAND: VM/370 does not tell a user which commands exist above
their class (later VM kept this: HCP001E for both).

What the commands ask of the other parts:

* the system (cp.system.CPSystem): ``define_device``, ``link`` (-> device, [(msg, fields)]),
  ``attach_real``, ``detach_real``, ``detach_device``, ``ipl(user, target, clear)``
  (by address or saved-system name), ``logon``, ``shutdown()``; each answers None or a
  one-line reason; optional ``account(userids)``, ``smsg(sender, target, text)``, ``zone``;
* the session (cp.user.User): ``logoff(forced)``, ``disconnect()``, ``attention()``,
  ``leave_cp_mode()``, the terminal's ``read_password(prompt)`` for LINK;
* the dispatcher: ``kick(user)``, ``load()``; it calls ``cp.commands.trace.trace_event(user,
  intercept)`` for Intercept.PROGRAM, INSTRUCTION and TRACE and keeps ``stopped`` machines idle;
* the spool: ``cp.commands.spoolcmds.query_*``; printers' ``print_line(text)`` and
  ``close_file()`` (DUMP, TRACE PRINTER); devices' ``query_line(vaddr)`` (QUERY VIRTUAL).
"""

from __future__ import annotations

import logging

from .common import Operands, allowed, emsg

log = logging.getLogger(__name__)

UNKNOWN_COMMAND = 1
COMMAND_FAILED = -1             # not a DMK message: CP itself failed (logged for the operator)


def execute(user, line: str, out=None) -> int:
    """Run one CP command line for ``user``; response lines go to ``out`` (default user.say)."""
    if out is None:
        out = user.say
    text = line.strip(" ")
    if getattr(user, "echo_times", None):             # ECHO mode: lines come back
        from .session import echo_line
        return echo_line(user, text, out)
    if not text.strip():
        return 0
    word, _, rest = text.partition(" ")
    from .table import lookup
    cmd = lookup(word)
    if cmd is None or not allowed(user, cmd.classes):
        return emsg(user, out, UNKNOWN_COMMAND)
    try:
        return int(cmd.handler(user, Operands(rest), out) or 0)
    except Exception as e:              # a fault in CP must not take the terminal down
        log.debug("CP command %s of %s failed", cmd.name, getattr(user, "userid", "?"),
                  exc_info=True)
        say = getattr(getattr(user, "system", None), "log", None)
        if callable(say):
            say(f"CP COMMAND {cmd.name} OF {getattr(user, 'userid', '?')} FAILED: "
                f"{type(e).__name__}: {e}")
        out(f"{cmd.name} FAILED; CP ERROR {type(e).__name__}")
        return COMMAND_FAILED


__all__ = ["execute", "emsg"]
