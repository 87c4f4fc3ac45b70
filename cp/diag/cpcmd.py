"""DIAGNOSE X'08': the virtual console function -- the guest issues CP commands
(GC20-1807 p. 216; CMS's ``CP`` command, IMPCP and EXEC lines come this way).

Rx -> command text (EBCDIC; several commands separated by X'15');
Ry = flags (bits 0-7) and text length (bits 8-31, at most 132).
Flag X'40': the response goes into a buffer instead of the console: Rx+1 -> buffer,
Ry+1 = its length (at most 8192); Rx and Ry must then not be consecutive registers
and neither may be R15 (the pairs Rx/Rx+1 and Ry/Ry+1 must not overlap).
Length 0: nothing is done (R6; later systems put the VM in CP READ).

On return Ry = the number of the last DMK error message a command issued (0 if
none), which CMS shows as the command's return code.  With X'40': cc0 and Ry+1 =
the response length when it fitted, cc1 and Ry+1 = the number of bytes that did
not fit otherwise; the response lines are joined by X'15'.  A violated register or
length rule is a specification exception, text or buffer outside storage an
addressing exception.

CP's commands are ``cp.commands.execute(user, line, out) -> rc`` (imported when
first used: the command processor is a separate part).
"""

from __future__ import annotations

from s370 import ebcdic

from .call import DiagCall, specification

FLAG_RESPONSE_BUFFER = 0x40
FLAG_PASSWORD_PROMPT = 0x80     # LINK passwords must not be on the line (unverified detail)
MAX_COMMAND_LENGTH = 132
MAX_RESPONSE_LENGTH = 8192
LINE_SEPARATOR = 0x15           # EBCDIC new line between commands and between response lines


def _execute():
    """cp.commands.execute, or a stand-in saying that no command processor is present."""
    try:
        from cp import commands
        fn = getattr(commands, "execute", None)
    except ImportError:
        fn = None
    if fn is None:
        def fn(user, line, out=None):
            return 1                    # no command processor yet: every command is invalid
    return fn


def diag_08(call: DiagCall) -> None:
    ry_value = call.gpr(call.ry)
    flags = ry_value >> 24
    length = ry_value & 0xFFFFFF
    to_buffer = bool(flags & FLAG_RESPONSE_BUFFER)
    if length > MAX_COMMAND_LENGTH:
        raise specification("command longer than 132")
    if to_buffer:
        if call.rx == 15 or call.ry == 15 or abs(call.rx - call.ry) <= 1:
            raise specification("response buffer registers overlap")
        buf_addr = call.gpr(call.rx1)
        buf_len = call.gpr(call.ry1)
        if buf_len > MAX_RESPONSE_LENGTH:
            raise specification("response buffer longer than 8192")
        call.check(buf_addr, buf_len)
    if length == 0:
        return
    text = call.fetch(call.gpr(call.rx), length)

    lines: list[str] = []
    out = lines.append if to_buffer else None
    execute = _execute()
    rc = 0
    for piece in text.split(bytes([LINE_SEPARATOR])):
        line = ebcdic.decode(piece).strip()
        if not line:
            continue
        r = execute(call.user, line, out=out) if out is not None else execute(call.user, line)
        if r:
            rc = r
    call.set_gpr(call.ry, rc)
    if not to_buffer:
        return
    response = bytes([LINE_SEPARATOR]).join(ebcdic.encode(ln) for ln in lines)
    fitted = response[:buf_len]
    call.store(buf_addr, fitted)
    if len(response) <= buf_len:
        call.set_gpr(call.ry1, len(response))
        call.set_cc(0)
    else:
        call.set_gpr(call.ry1, len(response) - buf_len)
        call.set_cc(1)
