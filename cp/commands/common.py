"""What every command group shares: DMK messages to the issuer, operands, hex and device
addresses, the time stamp of LOGON/LOGOFF lines, and operand tables (QUERY, SET, ...).

Commands answer through ``out`` (a function taking one line), not ``user.say``: DIAG X'08'
collects the response in a buffer and the operator's console may answer for a user.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

from .. import messages
from ..user import timestamp

ANY = "ANY"                     # a command (or operand) every logged-on user may give


class Operands(list):
    """The blank-separated operands of a command line, with the raw text behind them.

    ``rest(n)`` is the line after the first ``n`` operands exactly as typed (MSG and
    WNG text, SET PFnn text): blanks inside it kept, the one blank after operand n gone."""

    def __init__(self, text: str):
        super().__init__(text.split())
        self.text = text

    def rest(self, n: int) -> str:
        t = self.text
        pos = 0
        for _ in range(n):
            while pos < len(t) and t[pos] == " ":
                pos += 1
            while pos < len(t) and t[pos] != " ":
                pos += 1
        if pos < len(t) and t[pos] == " ":
            pos += 1
        return t[pos:]

    def upper(self, i: int, default: str | None = None) -> str | None:
        return self[i].upper() if i < len(self) else default


def emsg(user, out, number: int, **fields) -> int:
    """Show DMK message ``number`` to the issuer under their SET EMSG; return the number."""
    line = messages.render(number, getattr(user.settings, "emsg", "ON"), **fields)
    if line is not None:
        out(line)
    return number


def info(user, out, text: str) -> None:
    """An informational response ('DASD 191 DETACHED', 'RDR 00C DEFINED'), shown only
    under SET IMSG ON (VM/SP documents IMSG so; R6 unverified)."""
    if getattr(user.settings, "imsg", True):
        out(text)


def allowed(user, classes: str) -> bool:
    """True if the user may use a command or operand of ``classes`` ('ANY' = everyone)."""
    return classes == ANY or user.has_class(classes)


def abbrev_match(word: str, name: str, min_abbrev: int) -> bool:
    """VM/370's rule: ``word`` names ``name`` if it is a prefix at least ``min_abbrev`` long."""
    return min_abbrev <= len(word) <= len(name) and name.startswith(word)


# ------------------------------------------------------------------ operand tables
@dataclass(frozen=True)
class Operand:
    """One operand of a command with operands of its own (QUERY TIME, SET MSG, ...)."""
    name: str
    min_abbrev: int
    classes: str
    handler: Callable          # handler(user, args, out) -> rc; args after the operand


def find_operand(table, word: str, user=None):
    """The first row of ``table`` that ``word`` names (and ``user`` may use), or None."""
    w = word.upper()
    for row in table:
        if abbrev_match(w, row.name, row.min_abbrev) and (user is None or allowed(user, row.classes)):
            return row
    return None


# ------------------------------------------------------------------ values
def parse_hex(text: str, max_digits: int = 8) -> int | None:
    t = text.upper()
    if not t or len(t) > max_digits or any(c not in "0123456789ABCDEF" for c in t):
        return None
    return int(t, 16)


def parse_vaddr(text: str | None) -> int | None:
    """A virtual device address: 1-3 hex digits, X'000'-X'FFF' (VM/370's 12-bit cuu)."""
    if text is None:
        return None
    return parse_hex(text, 3)


def parse_userid(text: str | None) -> str | None:
    """A userid: 1-8 characters (VM/370 allows letters, digits and national characters)."""
    if text is None or not 1 <= len(text) <= 8:
        return None
    return text.upper()


def on_off(text: str | None) -> bool | None:
    t = (text or "").upper()
    return True if t == "ON" else False if t == "OFF" else None


# ------------------------------------------------------------------ time stamps
def now(system) -> datetime.datetime:
    f = getattr(system, "now", None)
    return f() if callable(f) else datetime.datetime.now()


def zone(system) -> str:
    """The time-zone name in CP's lines (VM/370 printed the 3-letter zone from SYSTIME)."""
    z = getattr(system, "zone", None)
    if z:
        return z
    return (datetime.datetime.now().astimezone().tzname() or "GMT")[:3].upper()


def stamp(system) -> str:
    """'hh:mm:ss zone weekday mm/dd/yy' as in 'LOGOFF AT 13:31:57 GMT TUESDAY 07/19/22'."""
    return timestamp(now(system), zone(system))


def hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def mss(seconds: float) -> str:
    """CPU time as 'mmm:ss.hh' (the VIRTCPU/TOTCPU fields)."""
    hund = int(round(seconds * 100))
    return f"{hund // 6000:03d}:{hund // 100 % 60:02d}.{hund % 100:02d}"


def cpu_times(user) -> tuple[float, float]:
    """(virtual CPU, total CPU) seconds of a user: the guest's own time and CP's on its behalf
    (CP time is counted by the system when it keeps ``user.cp_seconds``; else virtual only)."""
    vm = getattr(user, "vm", None)
    virt = float(getattr(vm, "cpu_seconds", 0.0) or 0.0)
    return virt, virt + float(getattr(user, "cp_seconds", 0.0) or 0.0)


def accounting_line(user) -> str:
    """'CONNECT= hh:mm:ss VIRTCPU= mmm:ss.hh TOTCPU= mmm:ss.hh' (before LOGOFF, QUERY TIME)."""
    connected = (now(user.system) - user.logon_time).total_seconds()
    virt, tot = cpu_times(user)
    return f"CONNECT= {hms(max(0.0, connected))} VIRTCPU= {mss(virt)} TOTCPU= {mss(tot)}"


def terminal_name(user) -> str:
    """'GRAF 0C0', 'LINE 020', or 'DSC' for a disconnected user."""
    t = getattr(user, "terminal", None)
    if t is None:
        return "DSC"
    return getattr(t, "name", None) or "DEV"
