"""The table of CP commands: name, minimum abbreviation, privilege classes, handler, group.

The rows come from the group modules named in ``GROUPS`` (each has a ``COMMANDS`` list),
imported on first use; a group that fails to import is left out with one logged line, so
one broken group does not take CP's command language away.  Synonyms are rows of their own
(LOGOFF/LOGOUT, MESSAGE/MSG, WARNING/WNG, REQUEST/ATTN).

Abbreviations follow VM/370: a word names a command if it is a prefix of the name at least
``min_abbrev`` characters long.  The first matching row wins, so the order of GROUPS and of
each COMMANDS list decides between rows sharing a prefix.  Minimum abbreviations are those of
the CP command summary (GC20-1820); where R6 could not be checked they follow VM/SP's, which
kept R6's -- noted *unverified* in the group modules.
"""

from __future__ import annotations

import importlib
import logging
import threading
from dataclasses import dataclass
from typing import Callable

from .common import ANY, abbrev_match

log = logging.getLogger(__name__)

GROUPS = ("session", "messaging", "query", "set", "run", "devices", "storage", "trace",
          "operator", "spoolcmds", "tapes", "savedsys", "checkpoint")


@dataclass(frozen=True)
class Command:
    name: str                  # 'QUERY'
    min_abbrev: int            # 1: 'Q' names it
    classes: str               # 'G', 'AB', or ANY
    handler: Callable          # handler(user, args: Operands, out) -> rc
    group: str                 # 'query'


_lock = threading.Lock()
_commands: list[Command] | None = None


def load(groups=GROUPS) -> list[Command]:
    """All rows of the groups that import, in GROUPS order."""
    rows: list[Command] = []
    for g in groups:
        try:
            mod = importlib.import_module(f"{__package__}.{g}")
            rows.extend(getattr(mod, "COMMANDS"))
        except Exception as e:                  # a broken group must not break CP
            log.warning("CP command group %s not loaded: %s", g, e)
    return rows


def commands() -> list[Command]:
    global _commands
    with _lock:
        if _commands is None:
            _commands = load()
        return _commands


def reload() -> list[Command]:
    global _commands
    with _lock:
        _commands = None
    return commands()


def lookup(word: str) -> Command | None:
    """The command ``word`` names under VM/370's abbreviation rule, or None."""
    w = word.upper()
    for c in commands():
        if abbrev_match(w, c.name, c.min_abbrev):
            return c
    return None


__all__ = ["ANY", "Command", "GROUPS", "commands", "lookup", "load", "reload"]
