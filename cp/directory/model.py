"""What one USER DIRECT compiles to: a Directory of UserEntry objects, each
holding the statements that build its virtual machine at logon.

Every object keeps the source line it came from (`line`), so later messages
can point at the card. Passwords (the logon password and the minidisk read,
write and multiple-write passwords) are fields with repr=False: they never
appear in repr()/str() of any object here, and nothing here formats them
into a message.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

NOLOG = "NOLOG"         # logon password of a spool-only id: nobody can log on to it

# Compared against when the userid is unknown or NOLOG, so a refusal costs
# the same as a wrong password.
_NO_MATCH = b"\x00" * 8


@dataclass
class ConsoleStmt:
    """CONSOLE vaddr devtype [class]: the virtual operator console."""
    vaddr: int
    devtype: int                # 0x3215, 0x3210 or 0x1052
    spool_class: str = "T"      # default class T (GC20-1801 directory chapter)
    line: int = 0


@dataclass
class SpoolStmt:
    """SPOOL vaddr devtype ...: a spooled virtual card reader, punch or printer."""
    vaddr: int
    devtype: int                # 0x2540 for both halves of a 2540, else the type itself
    kind: str                   # 'READER' | 'PUNCH' | 'PRINTER'
    spool_class: str = "A"      # '*' (reader only) = read files of any class
    line: int = 0


@dataclass
class MDisk:
    """MDISK vaddr devtype startcyl cylinders volser [mode [rpw [wpw [mpw]]]].

    `start_cyl` is None for a T-DISK (temporary space taken at logon; then
    `volser` is None too). `mode` is the owner's link mode at logon as
    written, e.g. 'MR', or 'MWV' with the virtual reserve/release suffix.
    """
    vaddr: int
    devtype: int
    start_cyl: int | None
    cylinders: int
    volser: str | None
    mode: str = "W"             # default W (GC20-1801 directory chapter)
    read_pw: str | None = field(default=None, repr=False)
    write_pw: str | None = field(default=None, repr=False)
    multi_pw: str | None = field(default=None, repr=False)
    line: int = 0

    @property
    def end_cyl(self) -> int | None:
        """Last real cylinder of the extent (inclusive)."""
        if self.start_cyl is None:
            return None
        return self.start_cyl + self.cylinders - 1


@dataclass
class LinkStmt:
    """LINK userid vaddr as_vaddr [mode]: a link made at logon (no password needed)."""
    userid: str
    vaddr: int
    as_vaddr: int
    mode: str = "R"
    line: int = 0


@dataclass
class Dedicate:
    """DEDICATE vaddr raddr | DEDICATE vaddr volser: a real device given whole."""
    vaddr: int
    raddr: int | None = None
    volser: str | None = None
    line: int = 0


@dataclass
class Special:
    """SPECIAL vaddr kind [args]: a non-spool, non-disk virtual device (3270, TIMER, CTCA, 270x)."""
    vaddr: int
    kind: str
    args: tuple[str, ...] = ()
    line: int = 0


@dataclass
class UserEntry:
    """One USER statement and the statements after it, up to the next USER."""
    userid: str
    password: str = field(repr=False)
    storage: int = 0                # bytes at logon
    max_storage: int = 0            # bytes, limit for DEFINE STORAGE
    classes: str = ""               # privilege class letters; '' for NOLOG ids
    priority: int = 50
    account: str | None = None
    distcode: str | None = None
    ipl: str | None = None          # named system ('CMS') or a vaddr in hex ('190')
    ipl_parm: str | None = None
    options: set[str] = field(default_factory=set)
    cpuid: str | None = None
    console: ConsoleStmt | None = None
    spools: list[SpoolStmt] = field(default_factory=list)
    mdisks: list[MDisk] = field(default_factory=list)
    links: list[LinkStmt] = field(default_factory=list)
    dedicates: list[Dedicate] = field(default_factory=list)
    specials: list[Special] = field(default_factory=list)
    line: int = 0

    @property
    def nolog(self) -> bool:
        """True for a spool-only id (password NOLOG): it cannot log on and has no class."""
        return self.password == NOLOG

    def mdisk(self, vaddr: int) -> MDisk | None:
        """This user's own minidisk at `vaddr`, or None."""
        for disk in self.mdisks:
            if disk.vaddr == vaddr:
                return disk
        return None

    def vaddrs(self) -> list[int]:
        """Every virtual device address this entry defines, in statement order."""
        out = [self.console.vaddr] if self.console else []
        for group in (self.spools, self.mdisks, self.dedicates, self.specials):
            out += [d.vaddr for d in group]
        out += [link.as_vaddr for link in self.links]
        return out


@dataclass
class Directory:
    """All users of one compiled directory, keyed by upper-case userid."""
    users: dict[str, UserEntry] = field(default_factory=dict)
    volume: tuple[int, int, str] | None = None      # DIRECTORY vaddr devtype volser
    filename: str = "USER DIRECT"

    def get(self, userid: str) -> UserEntry | None:
        """The entry for `userid` (any case), or None."""
        return self.users.get(userid.upper())

    def __iter__(self):
        return iter(self.users.values())

    def __len__(self) -> int:
        return len(self.users)

    def __contains__(self, userid: str) -> bool:
        return self.get(userid) is not None

    def check_password(self, userid: str, password: str) -> bool:
        """Does `password` log `userid` on? Case-insensitive, as on VM/370 where
        terminal input is folded to upper case; compared in constant time;
        always False for unknown and NOLOG ids."""
        user = self.get(userid)
        given = password.upper().encode("utf-8", "replace")
        if user is None or user.nolog:
            hmac.compare_digest(given, _NO_MATCH)
            return False
        return hmac.compare_digest(given, user.password.upper().encode("utf-8", "replace"))
