"""DIAGNOSE X'5C': edit an error message under the user's SET EMSG (GC20-1807 p. 233).

Rx -> message 'DMSxxxnnnt text' (10-character code, blank, text), Ry = its length.
CP writes nothing; it adjusts the registers and the caller writes Ry bytes at Rx:

    EMSG ON    code and text   Rx, Ry unchanged
    EMSG CODE  code only       Rx unchanged, Ry = 10
    EMSG TEXT  text only       Rx -> the text (past the code and its blank), Ry = its length
    EMSG OFF   nothing         Ry = 0

No storage is referenced, so no exception; cc unchanged.
"""

from __future__ import annotations

from .call import DiagCall

CODE_LENGTH = 10


def diag_5c(call: DiagCall) -> None:
    mode = str(getattr(call.user.settings, "emsg", "ON")).upper()
    addr = call.gpr(call.rx)
    length = call.gpr(call.ry)
    if mode == "CODE":
        call.set_gpr(call.ry, min(length, CODE_LENGTH))
    elif mode == "TEXT":
        skip = min(length, CODE_LENGTH + 1)
        call.set_gpr(call.rx, addr + skip)
        call.set_gpr(call.ry, length - skip)
    elif mode == "OFF":
        call.set_gpr(call.ry, 0)
