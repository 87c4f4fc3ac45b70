"""The DIAGNOSE codes CP performs for a virtual machine: one row per code.

``DIAGNOSE_CODES[code] = DiagCode(code, name, handler "module:function", classes)``;
``classes`` = the directory privilege classes allowed ('' = every user).  A code
not in the table, or issued by a user without one of its classes, gets a
specification exception (GC20-1807: "a DIAGNOSE instruction with invalid
parameters ... results in a specification exception"; the exact R6 treatment of
an unassigned code is not confirmed, Hercules reflects a specification
exception too).  Handlers take a ``cp.diag.call.DiagCall``.

Not in the table (so a specification exception): X'04' examine real storage,
X'1C' clear error recording, X'2C'/X'30' error recording area, X'34' system dump,
X'3C' directory update, X'40' clean-up after virtual IPL, X'50' SAVENCP -- none is
used by CMS; the system-programmer tools that use them have no counterpart here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class DiagCode:
    code: int
    name: str
    target: str                 # "module:function" under cp.diag
    classes: str = ""           # privilege classes allowed; '' = any
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def handler(self) -> Callable:
        fn = self._cache.get("fn")
        if fn is None:
            module, _, name = self.target.partition(":")
            fn = getattr(importlib.import_module(f"cp.diag.{module}"), name)
            self._cache["fn"] = fn
        return fn


_ROWS = [
    DiagCode(0x00, "store extended identification code", "ident:diag_00"),
    DiagCode(0x08, "virtual console function (CP command)", "cpcmd:diag_08"),
    DiagCode(0x0C, "pseudo timer", "timer:diag_0c"),
    DiagCode(0x10, "release pages", "relpage:diag_10"),
    DiagCode(0x14, "input spool file manipulation", "spoolfile:diag_14"),
    DiagCode(0x18, "standard DASD I/O", "dasdio:diag_18"),
    DiagCode(0x20, "general I/O", "genio:diag_20"),
    DiagCode(0x24, "device type and features", "devtype:diag_24"),
    DiagCode(0x28, "channel program modification", "ccwmod:diag_28"),
    DiagCode(0x4C, "generate accounting cards", "account:diag_4c"),
    DiagCode(0x54, "control the function of the PA2 key", "pa2:diag_54"),
    DiagCode(0x58, "3270 virtual console interface", "console3270:diag_58"),
    DiagCode(0x5C, "error message editing", "emsg:diag_5c"),
    DiagCode(0x60, "determine virtual storage size", "storsize:diag_60"),
    DiagCode(0x64, "named segments: LOADSYS, PURGESYS, FINDSYS", "segments:diag_64"),
    DiagCode(0x68, "virtual machine communication facility", "vmcf:diag_68"),
    DiagCode(0x100, "installation: CMS ASSEMBLE through the host assembler", "assemble:diag_100"),
]

DIAGNOSE_CODES: dict[int, DiagCode] = {row.code: row for row in _ROWS}
