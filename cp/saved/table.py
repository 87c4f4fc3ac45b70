"""The system name table: which systems and segments may be saved, in DMKSNT's NAMESYS terms.

VM/370 kept this table as assembler source (module DMKSNT, one ``NAMESYS`` macro per
name; spec cp.md section 8).  Here it is a text file with the same statement and the
same keywords, read when CP starts -- configuration, not code::

    * CMS, IPL-able by name; 190 is simulated as its IPL device
    CMS      NAMESYS SYSNAME=CMS,VSYSADR=190,SYSPGNM=(0-15),SYSSIZE=256K
    * a discontiguous saved segment (DIAG X'64'): VSYSADR=IGNORE
    CMSSEG   NAMESYS SYSNAME=CMSSEG,VSYSADR=IGNORE,SYSPGNM=(3840-3855),SYSHRSG=(240)

Rules (those of the macro, as far as they matter here):

* ``*`` in column 1 is a comment, a blank line is ignored; a statement whose operands end
  with a comma continues on the next line (instead of the macro's column-72 continuation;
  lines may be of any length).  Words after the operands (a blank, then text) are remarks.
* ``SYSNAME`` (1-8 characters) and ``SYSPGNM`` are required; ``SYSPGNM`` lists virtual page
  numbers (decimal, 4K pages) and ranges ``a-b`` in ascending order;
  ``SYSPGCT``, when given, must equal their count.
* ``SYSHRSG`` lists the 64K segments (decimal numbers) shared between all users; each must
  consist of saved pages only (all 16 of them).
* ``VSYSADR`` is the virtual device simulated as the IPL device (hex), or ``IGNORE`` for a
  segment attached with DIAG X'64' (whose pages must then be one range).
* ``VSYSRES`` (the volume of that device), ``SYSSIZE`` (nnnK or nnM, the least storage an
  IPL needs; default: up to the last saved page), and ``SYSVOL``, ``SYSSTRT``, ``SYSCYL``
  (where VM/370 kept the pages on a CP-owned volume; here cp.saved.store keeps them in
  files, so they are accepted and not used).

Errors are collected, one per line, as ``file:line: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PAGE = 4096
SEGMENT = 64 * 1024
PAGES_PER_SEGMENT = SEGMENT // PAGE
MAX_PAGE = (16 << 20) // PAGE - 1          # 24-bit addressing: 16M
IGNORE = "IGNORE"
NAME_RE = re.compile(r"^[A-Z0-9$#@]{1,8}$")
KEYWORDS = ("SYSNAME", "SYSPGNM", "SYSPGCT", "SYSHRSG", "VSYSADR", "VSYSRES", "SYSSIZE",
            "SYSVOL", "SYSSTRT", "SYSCYL")
REQUIRED = ("SYSNAME", "SYSPGNM", "VSYSADR")


@dataclass
class NameSys:
    """One NAMESYS entry."""
    name: str                              # SYSNAME
    pages: list[int]                       # SYSPGNM, ascending
    shared_segments: list[int]             # SYSHRSG
    vsysadr: int | None                    # None = IGNORE: a segment for DIAG X'64'
    vsysres: str | None = None
    syssize: int = 0                       # bytes
    line: int = 0
    label: str = ""
    extra: dict = field(default_factory=dict)   # SYSVOL, SYSSTRT, SYSCYL as written

    @property
    def segment(self) -> bool:
        """A discontiguous saved segment (VSYSADR=IGNORE), loaded with DIAG X'64'."""
        return self.vsysadr is None

    @property
    def address(self) -> int:
        return self.pages[0] * PAGE

    @property
    def end(self) -> int:
        """The highest address of the saved pages."""
        return (self.pages[-1] + 1) * PAGE - 1

    @property
    def shared_pages(self) -> set[int]:
        return {s * PAGES_PER_SEGMENT + k for s in self.shared_segments
                for k in range(PAGES_PER_SEGMENT)}

    @property
    def min_storage(self) -> int:
        return max(self.syssize, 0 if self.segment else self.end + 1)


class SavedTableError(Exception):
    """The table has errors: ``errors`` holds the 'file:line: message' lines."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _split_operands(text: str) -> list[str] | None:
    """Split on commas outside parentheses; None when the parentheses do not balance."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if depth:
        return None
    out.append(cur)
    return out


def _list(value: str) -> list[str]:
    v = value[1:-1] if value.startswith("(") and value.endswith(")") else value
    return [p for p in v.split(",")]


def _number(text: str, what: str) -> int:
    if not text.isdigit():
        raise ValueError(f"{what} {text!r} is not a decimal number")
    return int(text)


def _pages(value: str) -> list[int]:
    pages: list[int] = []
    for item in _list(value):
        a, sep, b = item.partition("-")
        first = _number(a, "page")
        last = _number(b, "page") if sep else first
        if last < first:
            raise ValueError(f"page range {item} runs backwards")
        if last > MAX_PAGE:
            raise ValueError(f"page {last} is beyond 16M (pages 0-{MAX_PAGE})")
        if pages and first <= pages[-1]:
            raise ValueError(f"page {first} is not above the pages before it "
                             f"(SYSPGNM lists ascending pages once)")
        pages.extend(range(first, last + 1))
    return pages


def _size(value: str) -> int:
    m = re.fullmatch(r"(\d+)([KM]?)", value)
    if not m:
        raise ValueError(f"SYSSIZE {value!r} is not nnnK or nnM")
    return int(m.group(1)) * {"": 1, "K": 1024, "M": 1 << 20}[m.group(2)]


def _entry(label: str, ops: dict, line: int) -> NameSys:
    missing = [k for k in REQUIRED if k not in ops]
    if missing:
        raise ValueError(f"{', '.join(missing)} missing")
    name = ops["SYSNAME"]
    if not NAME_RE.match(name):
        raise ValueError(f"SYSNAME {name!r} is not 1-8 letters and digits")
    pages = _pages(ops["SYSPGNM"])
    if "SYSPGCT" in ops and _number(ops["SYSPGCT"], "SYSPGCT") != len(pages):
        raise ValueError(f"SYSPGCT={ops['SYSPGCT']} but SYSPGNM names {len(pages)} pages")
    shared = [_number(s, "segment") for s in _list(ops["SYSHRSG"])] if "SYSHRSG" in ops else []
    have = set(pages)
    for s in shared:
        wanted = range(s * PAGES_PER_SEGMENT, (s + 1) * PAGES_PER_SEGMENT)
        if not have.issuperset(wanted):
            raise ValueError(f"shared segment {s} (pages {wanted[0]}-{wanted[-1]}) is not "
                             f"all in SYSPGNM")
    adr = ops["VSYSADR"]
    if adr == IGNORE:
        vsysadr = None
        if pages[-1] - pages[0] + 1 != len(pages):
            raise ValueError("a segment (VSYSADR=IGNORE) must be one range of pages")
    elif re.fullmatch(r"[0-9A-F]{1,3}", adr):
        vsysadr = int(adr, 16)
    else:
        raise ValueError(f"VSYSADR {adr!r} is not a device address (hex) or IGNORE")
    syssize = _size(ops["SYSSIZE"]) if "SYSSIZE" in ops else 0
    extra = {k: ops[k] for k in ("SYSVOL", "SYSSTRT", "SYSCYL") if k in ops}
    return NameSys(name, pages, shared, vsysadr, ops.get("VSYSRES"), syssize, line, label, extra)


def _statements(text: str):
    """(line number, label, operands text) of each statement, continuations joined."""
    pending = None
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()                 # a text file: no column 72 / sequence field
        if pending is not None:
            pno, label, ops = pending
            ops += line.strip()
            if ops.endswith(","):
                pending = (pno, label, ops)
            else:
                pending = None
                yield pno, label, ops
            continue
        if not line.strip() or line.startswith("*"):
            continue
        words = line.split(None, 2) if not line[0].isspace() else [""] + line.split(None, 1)
        if len(words) < 2 or words[1].upper() != "NAMESYS":
            yield no, None, line.strip()
            continue
        label, ops = words[0], (words[2] if len(words) > 2 else "")
        ops = ops.split(" ", 1)[0] if ops else ""       # anything after a blank: remarks
        if ops.endswith(","):
            pending = (no, label, ops)
        else:
            yield no, label, ops
    if pending is not None:
        yield pending[0], pending[1], pending[2]


def parse(text: str, filename: str = "SYSTEM NAMES") -> tuple[dict[str, NameSys], list[str]]:
    """The table (SYSNAME -> NameSys) and the errors ('file:line: message')."""
    table: dict[str, NameSys] = {}
    errors: list[str] = []
    for no, label, ops_text in _statements(text.upper()):
        where = f"{filename}:{no}"
        if label is None:
            errors.append(f"{where}: not a NAMESYS statement: {ops_text[:40]}")
            continue
        parts = _split_operands(ops_text)
        if parts is None:
            errors.append(f"{where}: unbalanced parentheses")
            continue
        if ops_text.endswith(","):
            errors.append(f"{where}: the statement ends with a comma and nothing follows")
            continue
        ops: dict[str, str] = {}
        bad = None
        for p in parts:
            key, eq, value = p.partition("=")
            if not eq or not value:
                bad = f"operand {p!r} is not KEYWORD=value"
            elif key not in KEYWORDS:
                bad = f"unknown keyword {key} (known: {', '.join(KEYWORDS)})"
            elif key in ops:
                bad = f"{key} given twice"
            if bad:
                break
            ops[key] = value
        if bad:
            errors.append(f"{where}: {bad}")
            continue
        try:
            entry = _entry(label, ops, no)
        except ValueError as e:
            errors.append(f"{where}: {e}")
            continue
        if entry.name in table:
            errors.append(f"{where}: SYSNAME {entry.name} already defined on line "
                          f"{table[entry.name].line}")
            continue
        table[entry.name] = entry
    return table, errors


def load(path: str) -> dict[str, NameSys]:
    """Read and check a table file; SavedTableError lists every error."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise SavedTableError([f"{path}: cannot read: {e.strerror}"]) from None
    table, errors = parse(text, path)
    if errors:
        raise SavedTableError(errors)
    return table
