"""Who holds which minidisk: the system-wide table the LINK rules are decided on.

A minidisk is named by its owner and the owner's virtual address (``MAINT 190``).
Every holder of it -- the owner through the MDISK statement at logon, others
through LINK -- is one ``Holding``: the user, the address it has it at, the
access it got ('R' or 'W') and the device model built for it.  The LINK rules
(R, RR, W, WR, M, MR, MW) look at the access the *other* users hold
(``others``), so a user relinking or the owner's own MDISK never blocks itself.

The access decision itself is ``cp.directory.links.decide`` (h-dir's table of
the mode rules); ``decide`` below falls back to the same table when that
module is not there yet.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

READ, WRITE = "R", "W"

# mode -> access (nobody else linked, others read only, another user writes); None = refused
_LINK_RULES = {
    "R": (READ, READ, None), "RR": (READ, READ, READ), "W": (WRITE, None, None),
    "WR": (WRITE, READ, READ), "M": (WRITE, WRITE, None), "MR": (WRITE, WRITE, READ),
    "MW": (WRITE, WRITE, WRITE),
}
_FORCED_RO = {(True, False): 101, (False, True): 102, (True, True): 103}
_REFUSED = {(True, False): 104, (False, True): 105, (True, True): 106}


def split_mode(mode: str) -> str:
    """'MWV' -> 'MW' (a trailing V asks for virtual reserve/release; access is the same)."""
    m = mode.upper()
    return m[:-1] if len(m) > 1 and m.endswith("V") else m


def decide(mode: str, others: tuple[bool, bool]) -> tuple[str | None, int | None]:
    """Access a link in ``mode`` gets, given (others read, others write):
    ('R'|'W'|None, DMKLNK message number or None).  ValueError for a bad mode."""
    try:
        from cp.directory.links import decide as directory_decide
    except ImportError:
        directory_decide = None
    if directory_decide is not None:
        return directory_decide(mode, others)
    base = split_mode(mode)
    if base not in _LINK_RULES:
        raise ValueError(f"bad link mode '{mode}'")
    read, write = bool(others[0]), bool(others[1])
    alone, with_readers, with_writer = _LINK_RULES[base]
    access = with_writer if write else with_readers if read else alone
    if access is None:
        return None, _REFUSED[(read, write)]
    if access == READ and base[0] in "WM":
        return READ, _FORCED_RO[(read, write)]
    return access, None


@dataclass
class Holding:
    owner: str            # the minidisk's owner
    owner_vaddr: int      # its address in the owner's directory entry
    userid: str           # who holds it
    vaddr: int            # at which of the holder's addresses
    access: str           # 'R' or 'W'
    device: object        # the CKD extent view built for the holder


class LinkTable:
    """All holdings of all minidisks (thread-safe)."""

    def __init__(self):
        self.lock = threading.RLock()
        self._by_disk: dict[tuple[str, int], list[Holding]] = {}

    def holders(self, owner: str, owner_vaddr: int) -> list[Holding]:
        with self.lock:
            return list(self._by_disk.get((owner.upper(), owner_vaddr), ()))

    def others(self, owner: str, owner_vaddr: int, userid: str) -> tuple[bool, bool]:
        """(any read link, any write link) held by users other than ``userid``."""
        hs = [h for h in self.holders(owner, owner_vaddr) if h.userid != userid.upper()]
        return any(h.access == READ for h in hs), any(h.access == WRITE for h in hs)

    def counts(self, owner: str, owner_vaddr: int, userid: str) -> tuple[int, int]:
        """(read links, write links) of the other users: the counts messages 101-106 show."""
        hs = [h for h in self.holders(owner, owner_vaddr) if h.userid != userid.upper()]
        return sum(h.access == READ for h in hs), sum(h.access == WRITE for h in hs)

    def add(self, holding: Holding) -> None:
        with self.lock:
            self._by_disk.setdefault((holding.owner, holding.owner_vaddr), []).append(holding)

    def find(self, userid: str, vaddr: int) -> Holding | None:
        with self.lock:
            for hs in self._by_disk.values():
                for h in hs:
                    if h.userid == userid.upper() and h.vaddr == vaddr:
                        return h
        return None

    def remove_device(self, device) -> Holding | None:
        """Forget the holding of ``device`` (DETACH, LOGOFF); the holding or None."""
        with self.lock:
            for key, hs in list(self._by_disk.items()):
                for h in hs:
                    if h.device is device:
                        hs.remove(h)
                        if not hs:
                            del self._by_disk[key]
                        return h
        return None

    def of_user(self, userid: str) -> list[Holding]:
        with self.lock:
            return [h for hs in self._by_disk.values() for h in hs if h.userid == userid.upper()]
