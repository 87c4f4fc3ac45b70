"""The LINK access-mode rules: what a link in mode R/RR/W/WR/M/MR/MW obtains
given the other users' links to the same minidisk, and which minidisk
password such a link needs.

Mode rules from the LINK command (GC20-1820 R6 PLC17, LINK) and the MDISK
statement (GC20-1801-10): the first letter is the primary access, the
second the alternate access if the primary one is not available.
  R   read-only; no link if another user has a write link
  RR  read-only even if others have write links
  W   write; no link if another user has any link
  WR  write if nobody else is linked, otherwise read-only
  M   write unless another user has a write link, then no link
  MR  write unless another user has a write link, then read-only
  MW  write in all cases
A trailing V (e.g. MWV) asks for virtual RESERVE/RELEASE and does not
change the access decision.

Message numbers: DMKLNK107E (NOT IN CP DIRECTORY) and DMKLNK110E (ALREADY
DEFINED) are as quoted by an R6-era CP emulation; "FORCED R/O" is named in
GC20-1801-10 (MR). The numbers 101-106 and 108, 111-114 and their exact
texts follow the numbering VM kept for these LINK messages in later
releases: Unverified against the R6 messages manual (GC20-1808).
"""

from __future__ import annotations

import hmac
from typing import NamedTuple

READ, WRITE = "R", "W"
ALL = "ALL"             # a minidisk password that lets anyone link without giving one


class Others(NamedTuple):
    """Which links other users already hold on the minidisk."""
    read: bool = False      # any read-only link
    write: bool = False     # any write link


# mode -> (access when nobody else is linked,
#          when others hold read links only,
#          when others hold a write link)      None = no link
LINK_RULES: dict[str, tuple[str | None, str | None, str | None]] = {
    "R":  (READ, READ, None),
    "RR": (READ, READ, READ),
    "W":  (WRITE, None, None),
    "WR": (WRITE, READ, READ),
    "M":  (WRITE, WRITE, None),
    "MR": (WRITE, WRITE, READ),
    "MW": (WRITE, WRITE, WRITE),
}
LINK_MODES = tuple(LINK_RULES)

# Which MDISK password a link in each mode must give.
PASSWORD_FIELD = {"R": "read_pw", "RR": "read_pw", "W": "write_pw", "WR": "write_pw",
                  "M": "multi_pw", "MR": "multi_pw", "MW": "multi_pw"}

# DMKLNK messages, keyed by number. {vaddr} is the linked-as address; {userid}/{owner_vaddr}
# name the minidisk asked for; {ro}/{rw} count the other users' links.
MESSAGES = {
    101: "DMKLNK101W DASD {vaddr:03X} FORCED R/O; R/O BY {ro} {ro_users}",
    102: "DMKLNK102W DASD {vaddr:03X} FORCED R/O; R/W BY {rw} {rw_users}",
    103: "DMKLNK103W DASD {vaddr:03X} FORCED R/O; R/W BY {rw} {rw_users}; R/O BY {ro} {ro_users}",
    104: "DMKLNK104E {userid} {owner_vaddr:03X} NOT LINKED; R/O BY {ro} {ro_users}",
    105: "DMKLNK105E {userid} {owner_vaddr:03X} NOT LINKED; R/W BY {rw} {rw_users}",
    106: "DMKLNK106E {userid} {owner_vaddr:03X} NOT LINKED; R/W BY {rw} {rw_users}; "
         "R/O BY {ro} {ro_users}",
    107: "DMKLNK107E {userid} {owner_vaddr:03X} NOT LINKED; NOT IN CP DIRECTORY",
    108: "DMKLNK108E {userid} {owner_vaddr:03X} NOT LINKED; VOLID {volser} NOT MOUNTED",
    110: "DMKLNK110E {userid} {owner_vaddr:03X} NOT LINKED; DASD {vaddr:03X} ALREADY DEFINED",
    111: "DMKLNK111E {userid} {owner_vaddr:03X} NOT LINKED; NO READ PASSWORD",
    112: "DMKLNK112E {userid} {owner_vaddr:03X} NOT LINKED; NO WRITE PASSWORD",
    113: "DMKLNK113E {userid} {owner_vaddr:03X} NOT LINKED; NO MULT PASSWORD",
    114: "DMKLNK114E {userid} {owner_vaddr:03X} NOT LINKED; PASSWORD INCORRECT",
}

FORCED_RO = {(True, False): 101, (False, True): 102, (True, True): 103}
REFUSED = {(True, False): 104, (False, True): 105, (True, True): 106}
NO_PASSWORD = {"read_pw": 111, "write_pw": 112, "multi_pw": 113}
PASSWORD_INCORRECT = 114


def split_mode(mode: str) -> tuple[str, bool]:
    """'MWV' -> ('MW', True): the access mode and the virtual reserve/release flag."""
    mode = mode.upper()
    if len(mode) > 1 and mode.endswith("V"):
        return mode[:-1], True
    return mode, False


def decide(mode: str, others: Others | tuple[bool, bool]) -> tuple[str | None, int | None]:
    """The access a link in `mode` obtains: ('R'|'W'|None, message number or None).

    None access means no link (message 104/105/106 says who holds it); 'R' for
    a mode whose primary access is write means forced read-only (101/102/103).
    """
    base, _ = split_mode(mode)
    if base not in LINK_RULES:
        raise ValueError(f"bad link mode '{mode}'")
    read, write = bool(others[0]), bool(others[1])
    alone, with_readers, with_writer = LINK_RULES[base]
    access = with_writer if write else with_readers if read else alone
    if access is None:
        return None, REFUSED[(read, write)]
    if access == READ and base[0] in "WM":
        return READ, FORCED_RO[(read, write)]
    return access, None


def required_password(mdisk, mode: str) -> tuple[str | None, int | None]:
    """What another user must give to LINK `mdisk` in `mode`: (password, None);
    (None, None) when the password is ALL, so none is needed; (None, 111/112/113)
    when the minidisk has no password for that kind of link, so nobody else may
    link that way. The owner linking to their own minidisk needs none (not checked here).
    """
    base, _ = split_mode(mode)
    attr = PASSWORD_FIELD[base]
    password = getattr(mdisk, attr)
    if password is None:
        return None, NO_PASSWORD[attr]
    if password.upper() == ALL:
        return None, None
    return password, None


def password_ok(mdisk, mode: str, given: str | None) -> int | None:
    """Check the password given on LINK: None if the link may proceed, else the
    message number (111/112/113 no such password, 114 wrong). Case-insensitive,
    compared in constant time."""
    needed, refusal = required_password(mdisk, mode)
    if refusal is not None:
        return refusal
    if needed is None:
        return None
    given_bytes = (given or "").upper().encode("utf-8", "replace")
    if hmac.compare_digest(given_bytes, needed.upper().encode("utf-8", "replace")):
        return None
    return PASSWORD_INCORRECT


def _users(n: int) -> str:
    return "USER" if n == 1 else "USERS"


def message(number: int, *, userid: str = "", owner_vaddr: int = 0, vaddr: int = 0,
            ro: int = 0, rw: int = 0, volser: str = "") -> str:
    """The text of DMKLNK message `number` (singular USER for a count of one: Unverified)."""
    return MESSAGES[number].format(userid=userid, owner_vaddr=owner_vaddr, vaddr=vaddr,
                                   ro=ro, rw=rw, ro_users=_users(ro), rw_users=_users(rw),
                                   volser=volser)
