"""Read the VM/370 Release 6 USER DIRECT source format.

Card rules (GC20-1801-10, "Directory Program"): 80-column card images, but
only columns 1-71 are inspected (72-80 hold sequence numbers); blank cards
and cards whose first operand starts with '*' are ignored; operands are
blank-separated and positional; data after the last possible operand is
ignored; every card is validated even after an error, so one run reports
every error. DIRECTORY must be the first statement; IPL and OPTION must come
before the first device statement of their entry.

`parse` returns the Directory and the list of errors, each
"filename:line: message". A message never contains a password: operands in
password positions are checked but never quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .devices import (CONSOLE_DEVTYPES, DIRECTORY_DEVTYPES, MDISK_DEVTYPES, PUNCH, READER,
                      SPECIAL_KINDS, SPOOL_DEVTYPES, devtype_code)
from .links import LINK_MODES, split_mode
from .model import (NOLOG, ConsoleStmt, Dedicate, Directory, LinkStmt, MDisk, Special,
                    SpoolStmt, UserEntry)

INSPECTED_COLUMNS = 71          # columns 72-80 are never read
K = 1024
M = 1024 * K
STORAGE_UNIT = 4 * K            # storage sizes are multiples of 4K
MAX_STORAGE = 16 * M            # the S/370 24-bit address space
BASIC_MAX_VADDR = 0x5FF         # without OPTION ECMODE only channels 0-5 exist
MAX_VADDR = 0xFFF
PRIVILEGE_CLASSES = "ABCDEFGH"  # VM/370 R6: A-G (spec/cp.md section 1); H reserved for IBM

# Defaults for omitted USER operands: Unverified against an R6 source.
DEFAULT_STORAGE = 256 * K
DEFAULT_CLASSES = "G"
DEFAULT_PRIORITY = 50

_STORAGE_RE = re.compile(r"(\d{1,5})([KM])")
_VADDR_RE = re.compile(r"[0-9A-F]{1,3}")
_NAME_RE = re.compile(r"[A-Z0-9@#$]{1,8}")      # userids, account numbers, system names
# GC20-1801 says 1-6 alphameric characters; real volumes also use '-' (CE: VM50-1).
_VOLSER_RE = re.compile(r"[A-Z0-9@#$-]{1,6}")
_CYL_RE = re.compile(r"\d{1,3}")
_CLASS_RE = re.compile(r"[A-Z0-9]")
_CPUID_RE = re.compile(r"[0-9A-F]{1,6}")


class _CardError(Exception):
    """One error on the current card (the message goes to the error list)."""


@dataclass(frozen=True)
class _Keyword:
    name: str
    minimum: int                # shortest accepted abbreviation

    def matches(self, token: str) -> bool:
        return len(token) >= self.minimum and self.name.startswith(token)


def _lookup(table, token: str):
    for entry in table:
        if entry.keyword.matches(token):
            return entry
    return None


@dataclass(frozen=True)
class _Statement:
    keyword: _Keyword
    handler: Callable
    device: bool                # a device statement (IPL and OPTION must precede these)
    in_entry: bool = True       # belongs to a USER entry (so needs a USER before it)


@dataclass(frozen=True)
class _Option:
    keyword: _Keyword
    takes_value: bool = False


# OPTION operands. Abbreviations from the R6 format line "Option Realtimer Ecmode Isam
# Virt=real Acct Svcoff BMX CPUID bbbbbb AFFinity nn"; STFIRST and LNKNOPAS are
# Community Edition (seen in its user.direct).
OPTIONS = (
    _Option(_Keyword("REALTIMER", 1)),
    _Option(_Keyword("ECMODE", 1)),
    _Option(_Keyword("ISAM", 1)),
    _Option(_Keyword("VIRT=REAL", 1)),
    _Option(_Keyword("ACCT", 1)),
    _Option(_Keyword("SVCOFF", 1)),
    _Option(_Keyword("BMX", 3)),
    _Option(_Keyword("CPUID", 5), takes_value=True),
    _Option(_Keyword("AFFINITY", 3), takes_value=True),
    _Option(_Keyword("STFIRST", 7)),
    _Option(_Keyword("LNKNOPAS", 8)),
)


def _vaddr(token: str, what: str = "virtual address") -> int:
    if not _VADDR_RE.fullmatch(token):
        raise _CardError(f"bad {what} '{token}' (1 to 3 hex digits)")
    return int(token, 16)


def _storage(token: str, what: str) -> int:
    m = _STORAGE_RE.fullmatch(token)
    if not m:
        raise _CardError(f"bad {what} '{token}' (nnnK or nnM)")
    size = int(m.group(1)) * (K if m.group(2) == "K" else M)
    if size == 0 or size % STORAGE_UNIT:
        raise _CardError(f"bad {what} '{token}' (a multiple of 4K)")
    if size > MAX_STORAGE:
        raise _CardError(f"bad {what} '{token}' (at most 16M)")
    return size


def _size_text(size: int) -> str:
    return f"{size // M}M" if size % M == 0 else f"{size // K}K"


def _name(token: str, what: str) -> str:
    if not _NAME_RE.fullmatch(token):
        raise _CardError(f"bad {what} '{token}' (1 to 8 letters or digits)")
    return token


def _volser(token: str) -> str:
    if not _VOLSER_RE.fullmatch(token):
        raise _CardError(f"bad volume serial '{token}' (1 to 6 letters, digits or -)")
    return token


def _password(token: str, what: str) -> str:
    """Check a password operand; the message never quotes it."""
    if len(token) > 8:
        raise _CardError(f"bad {what} (1 to 8 characters)")
    return token


def _spool_class(token: str, reader: bool) -> str:
    if token == "*" and reader:
        return token
    if not _CLASS_RE.fullmatch(token):
        allowed = "A-Z, 0-9 or * for a reader" if reader else "A-Z or 0-9"
        raise _CardError(f"bad spool class '{token}' ({allowed})")
    return token


def _link_mode(token: str, quote: bool = True) -> str:
    """Check a link mode. On MDISK the mode is followed by the passwords, so a card
    that leaves the mode out has a password in its place: there it is not quoted."""
    base, _ = split_mode(token)
    if base not in LINK_MODES:
        shown = f" '{token}'" if quote else ""
        raise _CardError(f"bad link mode{shown} (R, RR, W, WR, M, MR or MW)")
    return token


def _need(ops: list[str], count: int, form: str) -> None:
    if len(ops) < count:
        raise _CardError(f"missing operand: {form}")


class _Parser:
    def __init__(self, filename: str):
        self.filename = filename
        self.directory = Directory(filename=filename)
        self.errors: list[str] = []
        self.user: UserEntry | None = None
        self.user_first_line: dict[str, int] = {}
        self.seen_statement = False
        self.devices_started = False
        self.vaddr_lines: dict[int, int] = {}

    # -- driver -------------------------------------------------------------------------

    def error(self, lineno: int, message: str) -> None:
        self.errors.append(f"{self.filename}:{lineno}: {message}")

    def run(self, text: str) -> tuple[Directory, list[str]]:
        for lineno, raw in enumerate(text.splitlines(), start=1):
            card = raw[:INSPECTED_COLUMNS].expandtabs()
            ops = card.upper().split()
            if not ops or ops[0].startswith("*"):
                continue
            stmt = _lookup(STATEMENTS, ops[0])
            try:
                if stmt is None:
                    raise _CardError(f"unknown statement '{ops[0]}'")
                if stmt.in_entry and self.user is None:
                    raise _CardError(f"{stmt.keyword.name} statement before any USER statement")
                if stmt.device:
                    self.devices_started = True
                stmt.handler(self, lineno, ops[1:], card)
            except _CardError as exc:
                self.error(lineno, str(exc))
            if stmt is not None:
                self.seen_statement = True
        return self.directory, self.errors

    def claim_vaddr(self, lineno: int, vaddr: int) -> None:
        """Record a device address of the current user, refusing duplicates and
        addresses beyond the user's channels."""
        if vaddr > BASIC_MAX_VADDR and "ECMODE" not in self.user.options:
            raise _CardError(f"virtual address {vaddr:03X} above 5FF needs OPTION ECMODE")
        first = self.vaddr_lines.get(vaddr)
        if first is not None:
            raise _CardError(f"duplicate virtual address {vaddr:03X} (first at line {first})")
        self.vaddr_lines[vaddr] = lineno

    # -- statements (handler(self, lineno, operands, card)) -----------------------------

    def directory_stmt(self, lineno, ops, card):
        if self.seen_statement:
            raise _CardError("DIRECTORY must be the first statement")
        _need(ops, 3, "DIRECTORY vaddr devtype volser")
        vaddr = _vaddr(ops[0])
        if ops[1] not in DIRECTORY_DEVTYPES:
            raise _CardError(f"unknown device type '{ops[1]}' for the directory "
                             f"({', '.join(DIRECTORY_DEVTYPES)})")
        self.directory.volume = (vaddr, devtype_code(ops[1]), _volser(ops[2]))

    def user_stmt(self, lineno, ops, card):
        # A bad USER card still opens an entry (a throwaway one), so the statements
        # after it are checked against it instead of each reporting "before any USER".
        self.user = UserEntry(userid="?", password=NOLOG, line=lineno)
        self.devices_started = False
        self.vaddr_lines = {}
        _need(ops, 2, "USER userid password [storage [maxstorage [classes [priority]]]]")
        userid = _name(ops[0], "userid")
        password = _password(ops[1], "password")
        user = UserEntry(userid=userid, password=password, line=lineno)
        user.storage = _storage(ops[2], "storage size") if len(ops) > 2 else DEFAULT_STORAGE
        user.max_storage = _storage(ops[3], "maximum storage size") if len(ops) > 3 else user.storage
        if user.storage > user.max_storage:
            raise _CardError(f"storage {_size_text(user.storage)} exceeds maximum storage "
                             f"{_size_text(user.max_storage)}")
        classes = ops[4] if len(ops) > 4 else DEFAULT_CLASSES
        if not classes or any(c not in PRIVILEGE_CLASSES for c in classes):
            raise _CardError(f"bad privilege classes '{classes}' (letters A-H)")
        user.classes = "" if user.nolog else classes
        if len(ops) > 5:
            if not ops[5].isdigit() or not 1 <= int(ops[5]) <= 99:
                raise _CardError(f"bad priority '{ops[5]}' (1 to 99)")
            user.priority = int(ops[5])
        else:
            user.priority = DEFAULT_PRIORITY
        self.user = user
        first = self.user_first_line.get(userid)
        if first is not None:
            raise _CardError(f"duplicate user {userid} (first at line {first})")
        self.user_first_line[userid] = lineno
        self.directory.users[userid] = user

    def account_stmt(self, lineno, ops, card):
        _need(ops, 1, "ACCOUNT number [distribution]")
        self.user.account = _name(ops[0], "account number")
        # The distribution code defaults to the userid (GC20-1801).
        self.user.distcode = _name(ops[1], "distribution code") if len(ops) > 1 else self.user.userid

    def ipl_stmt(self, lineno, ops, card):
        if self.devices_started:
            raise _CardError("IPL must precede the device statements")
        _need(ops, 1, "IPL vaddr|sysname [PARM text]")
        self.user.ipl = _name(ops[0], "IPL system name or address")
        if len(ops) > 1:
            if ops[1] != "PARM":
                raise _CardError(f"bad IPL operand '{ops[1]}' (PARM text)")
            # The PARM text is the rest of the card as written (CE; Unverified for R6).
            rest = card.split(None, 3)
            self.user.ipl_parm = rest[3].strip() if len(rest) > 3 else ""

    def option_stmt(self, lineno, ops, card):
        if self.devices_started:
            raise _CardError("OPTION must precede the device statements")
        i = 0
        while i < len(ops):
            opt = _lookup(OPTIONS, ops[i])
            if opt is None:
                raise _CardError(f"unknown option '{ops[i]}'")
            name = opt.keyword.name
            self.user.options.add(name)
            if opt.takes_value:
                if i + 1 >= len(ops):
                    raise _CardError(f"missing operand: OPTION {name} value")
                i += 1
                if name == "CPUID":
                    if not _CPUID_RE.fullmatch(ops[i]):
                        raise _CardError(f"bad CPUID '{ops[i]}' (1 to 6 hex digits)")
                    self.user.cpuid = ops[i].rjust(6, "0")
                elif not ops[i].isdigit():
                    raise _CardError(f"bad {name} '{ops[i]}' (a processor number)")
            i += 1

    def console_stmt(self, lineno, ops, card):
        _need(ops, 2, "CONSOLE vaddr devtype [class]")
        vaddr = _vaddr(ops[0])
        if ops[1] not in CONSOLE_DEVTYPES:
            raise _CardError(f"unknown device type '{ops[1]}' for CONSOLE "
                             f"({', '.join(CONSOLE_DEVTYPES)})")
        if self.user.console is not None:
            raise _CardError(f"second CONSOLE statement (first at line {self.user.console.line})")
        spool_class = _spool_class(ops[2], reader=False) if len(ops) > 2 else "T"
        self.claim_vaddr(lineno, vaddr)
        self.user.console = ConsoleStmt(vaddr, devtype_code(ops[1]), spool_class, lineno)

    def spool_stmt(self, lineno, ops, card):
        _need(ops, 2, "SPOOL vaddr devtype [READER|PUNCH] [class]")
        vaddr = _vaddr(ops[0])
        known = SPOOL_DEVTYPES.get(ops[1])
        if known is None:
            raise _CardError(f"unknown device type '{ops[1]}' for SPOOL "
                             f"({', '.join(SPOOL_DEVTYPES)})")
        devtype, kind = known
        rest = ops[2:]
        if kind is None:
            if not rest or not (READER.startswith(rest[0]) or PUNCH.startswith(rest[0])):
                raise _CardError(f"SPOOL {ops[1]} needs READER or PUNCH")
            kind = READER if READER.startswith(rest[0]) else PUNCH
            rest = rest[1:]
        spool_class = _spool_class(rest[0], reader=kind == READER) if rest else "A"
        self.claim_vaddr(lineno, vaddr)
        self.user.spools.append(SpoolStmt(vaddr, devtype, kind, spool_class, lineno))

    def mdisk_stmt(self, lineno, ops, card):
        form = "MDISK vaddr devtype startcyl|T-DISK cylinders volser [mode [rpw [wpw [mpw]]]]"
        _need(ops, 4, form)
        vaddr = _vaddr(ops[0])
        sizes = MDISK_DEVTYPES.get(ops[1])
        if sizes is None:
            raise _CardError(f"unknown device type '{ops[1]}' for MDISK "
                             f"({', '.join(MDISK_DEVTYPES)})")
        if ops[2] == "T-DISK":
            start, volser, rest = None, None, ops[4:]
        else:
            _need(ops, 5, form)
            if not _CYL_RE.fullmatch(ops[2]):
                raise _CardError(f"bad start cylinder '{ops[2]}' (1 to 3 decimal digits)")
            start, volser, rest = int(ops[2]), _volser(ops[4]), ops[5:]
        if not _CYL_RE.fullmatch(ops[3]) or int(ops[3]) == 0:
            raise _CardError(f"bad cylinder count '{ops[3]}' (1 to 3 decimal digits, not 0)")
        cylinders = int(ops[3])
        if (start or 0) + cylinders > sizes[1]:
            raise _CardError(f"extent ends beyond cylinder {sizes[1] - 1}, the last of the "
                             f"largest {ops[1]}")
        mode = _link_mode(rest[0], quote=False) if rest else "W"
        names = ("read password", "write password", "multiple-write password")
        pws = [_password(pw, what) for pw, what in zip(rest[1:4], names)]
        pws += [None] * (3 - len(pws))
        self.claim_vaddr(lineno, vaddr)
        self.user.mdisks.append(MDisk(vaddr, devtype_code(ops[1]), start, cylinders, volser,
                                      mode, *pws, line=lineno))

    def link_stmt(self, lineno, ops, card):
        _need(ops, 3, "LINK userid vaddr1 vaddr2 [mode]")
        userid = self.user.userid if ops[0] == "*" else _name(ops[0], "userid")
        vaddr = _vaddr(ops[1])
        as_vaddr = _vaddr(ops[2])
        mode = _link_mode(ops[3]) if len(ops) > 3 else "R"
        self.claim_vaddr(lineno, as_vaddr)
        self.user.links.append(LinkStmt(userid, vaddr, as_vaddr, mode, lineno))

    def dedicate_stmt(self, lineno, ops, card):
        _need(ops, 2, "DEDICATE vaddr raddr|volser")
        vaddr = _vaddr(ops[0])
        if _VADDR_RE.fullmatch(ops[1]):
            raddr, volser = int(ops[1], 16), (_volser(ops[2]) if len(ops) > 2 else None)
        else:
            raddr, volser = None, _volser(ops[1])
        self.claim_vaddr(lineno, vaddr)
        self.user.dedicates.append(Dedicate(vaddr, raddr, volser, lineno))

    def special_stmt(self, lineno, ops, card):
        _need(ops, 2, "SPECIAL vaddr 3270|TIMER|CTCA|270x [...]")
        vaddr = _vaddr(ops[0])
        if ops[1] not in SPECIAL_KINDS:
            raise _CardError(f"unknown device type '{ops[1]}' for SPECIAL "
                             f"({', '.join(SPECIAL_KINDS)})")
        self.claim_vaddr(lineno, vaddr)
        self.user.specials.append(Special(vaddr, ops[1], tuple(ops[2:]), lineno))


# The statements and their shortest abbreviations. DIRectory, Ipl, Option, Console and
# Mdisk are as printed in the R6 format lines (GC20-1801-10); the other abbreviations are
# Unverified (the full names are always accepted). SPOOL takes 'S'/'SP', so SPECIAL
# needs 'SPE'.
STATEMENTS = (
    _Statement(_Keyword("DIRECTORY", 3), _Parser.directory_stmt, device=False, in_entry=False),
    _Statement(_Keyword("USER", 1), _Parser.user_stmt, device=False, in_entry=False),
    _Statement(_Keyword("ACCOUNT", 1), _Parser.account_stmt, device=False),
    _Statement(_Keyword("IPL", 1), _Parser.ipl_stmt, device=False),
    _Statement(_Keyword("OPTION", 1), _Parser.option_stmt, device=False),
    _Statement(_Keyword("CONSOLE", 1), _Parser.console_stmt, device=True),
    _Statement(_Keyword("SPOOL", 1), _Parser.spool_stmt, device=True),
    _Statement(_Keyword("MDISK", 1), _Parser.mdisk_stmt, device=True),
    _Statement(_Keyword("LINK", 1), _Parser.link_stmt, device=True),
    _Statement(_Keyword("DEDICATE", 1), _Parser.dedicate_stmt, device=True),
    _Statement(_Keyword("SPECIAL", 3), _Parser.special_stmt, device=True),
)


def parse(text: str, filename: str = "USER DIRECT") -> tuple[Directory, list[str]]:
    """Compile USER DIRECT source `text`; return the Directory and every error found
    ("filename:line: message"). Cards in error are left out of the Directory."""
    return _Parser(filename).run(text)
