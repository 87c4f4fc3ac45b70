"""DIAGNOSE X'0100' (installation code): CMS ASSEMBLE runs the host assembler in CP.

VM/370 CMS ran its own assembler (the F-level lineage) as a module.  This system has one
assembler, s370.asm, in the host; CMS's ASSEMBLE command streams the source records to
CP with this code and gets the object deck and the listing back record by record.  The
file system stays CMS's: CP never reads a minidisk.  Macro libraries come the same way:
for each ``GLOBAL MACLIB`` library CMS passes the records of ``name MACLIB`` and CP takes
the macro definitions (MACRO ... MEND) out of them.

X'0100'-X'01FC' are the installation's codes (GC20-1807, DIAGNOSE chapter; diagnose.md 1).

Register interface (Ry = subfunction code, even register; Ry+1 its operand):

  Ry=0   START    Rx -> CL8 file name.  Begins a new assembly (any old one is dropped).
  Ry=4   SOURCE   Rx -> a source record, Ry+1 = its length (1-255).
  Ry=8   MACLIB   Rx -> a macro library record, Ry+1 = its length (1-255).
  Ry=12  RUN      assembles.  Out: Ry = the assembler's return code (highest severity),
                  Ry+1 = number of object-deck records.
  Ry=16  TEXT     Rx -> an 80-byte buffer: the next object-deck card.  cc 0 and Ry+1 = 80,
                  or cc 1 (Ry+1 = 0) when there are no more.
  Ry=20  LISTING  Rx -> a buffer of Ry+1 bytes (at most 255): the next listing line,
                  carriage control ' ' in byte 0, blank padded.  cc 0, or cc 1 at the end.

  cc 2: SOURCE/MACLIB/RUN/TEXT/LISTING without a START.  An unknown subfunction or a bad
  length is a specification exception; a buffer outside storage an addressing exception.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field

from s370 import ebcdic
from s370.asm import assemble

from .call import DiagCall, specification

SUB_START, SUB_SOURCE, SUB_MACLIB, SUB_RUN, SUB_TEXT, SUB_LISTING = 0, 4, 8, 12, 16, 20
RECORD_MAX = 255
CARD = 80
CC_DONE, CC_END, CC_NO_SESSION = 0, 1, 2
# A macro name is an ordinary symbol: only such names become member files, so a
# library record can never name a path outside the assembly's own directory.
MACRO_NAME = re.compile(r"[A-Z@#$][A-Z0-9@#$_]{0,62}")


@dataclass
class Session:
    """One ASSEMBLE in progress for a user."""
    name: str
    source: list = field(default_factory=list)       # source lines (text)
    maclib: list = field(default_factory=list)       # macro library lines (text)
    deck: list = field(default_factory=list)         # 80-byte object cards still to give
    listing: list = field(default_factory=list)      # listing lines still to give


def _text(record: bytes) -> str:
    return ebcdic.decode(record).rstrip()


def macro_members(lines: list[str]) -> dict[str, list[str]]:
    """Macro definitions in library text: name (the prototype's operation) -> its lines,
    MACRO to the matching MEND.  Lines outside definitions are ignored."""
    members, cur, depth, name = {}, None, 0, None
    for line in lines:
        op = _operation(line)
        if cur is None:
            if op == "MACRO":
                cur, depth, name = [line], 0, None
            continue
        cur.append(line)
        if name is None and op:
            name = op
        elif op == "MACRO":
            depth += 1
        elif op == "MEND":
            if depth == 0:
                if name and MACRO_NAME.fullmatch(name.upper()):
                    members.setdefault(name.upper(), cur)
                cur = None
            else:
                depth -= 1
    return members


def _operation(line: str) -> str:
    """The operation field of a source line ('' for a comment or an empty line)."""
    if not line.strip() or line.startswith(("*", ".*")):
        return ""
    words = line.split()
    if line.startswith(" "):
        return words[0].upper()
    return words[1].upper() if len(words) > 1 else ""


def run_assembly(session: Session) -> int:
    """Assemble the session's source with its macro library; fill deck and listing."""
    with tempfile.TemporaryDirectory(prefix="cmsasm") as libdir:
        for name, lines in macro_members(session.maclib).items():
            with open(os.path.join(libdir, name + ".mac"), "w", encoding="latin-1") as f:
                f.write("\n".join(lines) + "\n")
        result = assemble("\n".join(session.source) + "\n", filename=session.name,
                          libpath=[libdir])
        listing = result.listing()
        deck = result.object_deck() if result.rc < 12 else b""
    session.deck = [deck[k:k + CARD] for k in range(0, len(deck), CARD)]
    session.listing = listing.splitlines()
    return result.rc


def diag_100(call: DiagCall) -> None:
    sub = call.gpr(call.ry)
    operand = call.gpr(call.ry1)
    addr = call.gpr(call.rx) & 0xFFFFFF
    session = getattr(call.user, "assemble_session", None)
    if sub == SUB_START:
        name = _text(call.fetch(addr, 8)) or "ASSEMBLE"
        call.user.assemble_session = Session(name)
        call.set_cc(CC_DONE)
        return
    if sub not in (SUB_SOURCE, SUB_MACLIB, SUB_RUN, SUB_TEXT, SUB_LISTING):
        raise specification(f"DIAGNOSE X'0100' subfunction {sub}")
    if session is None:
        call.set_cc(CC_NO_SESSION)
        return
    if sub in (SUB_SOURCE, SUB_MACLIB):
        if not 1 <= operand <= RECORD_MAX:
            raise specification(f"record length {operand}")
        line = _text(call.fetch(addr, operand))
        (session.source if sub == SUB_SOURCE else session.maclib).append(line)
        call.set_cc(CC_DONE)
    elif sub == SUB_RUN:
        rc = run_assembly(session)
        call.set_gpr(call.ry, rc)
        call.set_gpr(call.ry1, len(session.deck))
        call.set_cc(CC_DONE)
    elif sub == SUB_TEXT:
        _give(call, addr, session.deck, CARD)
    else:
        if not 1 <= operand <= RECORD_MAX:
            raise specification(f"listing buffer length {operand}")
        lines = session.listing
        if lines:
            text = " " + lines[0]
            data = ebcdic.encode(text[:operand].ljust(operand))
            call.store(addr, data)
            lines.pop(0)
            call.set_gpr(call.ry1, operand)
            call.set_cc(CC_DONE)
        else:
            call.set_gpr(call.ry1, 0)
            call.set_cc(CC_END)


def _give(call: DiagCall, addr: int, records: list, length: int) -> None:
    if not records:
        call.set_gpr(call.ry1, 0)
        call.set_cc(CC_END)
        return
    call.store(addr, records[0])
    records.pop(0)
    call.set_gpr(call.ry1, length)
    call.set_cc(CC_DONE)
