"""DIAGNOSE X'58': the 3270 virtual console interface (GC20-1807 pp. 232-233; the
full-screen CCWs are the VM/SP form as back-ported by VM/370 CE).

Rx -> a CCW (or a command-chained list), Ry = the virtual console's address.

Line-mode display, CCW X'19' (R6): the data (data chaining gathers pieces;
command chaining ends a buffer) is shown in CP's output area starting at output
line ``ctl & X'7F'``; ``ctl`` bit 0 erases the output area first; ``ctl`` = X'FF'
clears the screen and shows nothing.  At most 1760 bytes (22 lines of 80) per
buffer.  Full screen (CE/VM/SP): X'29' writes a 3270 data stream, its control
byte choosing Write, Erase/Write, Erase/Write Alternate or Write Structured Field;
X'2A' reads (control X'80': Read Modified, else Read Buffer) into the CCW's area;
the residual count comes back in a CSW stored at X'40' (channel end, device end),
as VM/SP's and VM/PC's descriptions of the full-screen read suggest (the exact
R6/CE form is not confirmed).

cc0 done; cc1 an I/O error (the display does not fit, no 3270 for full screen, a
read that got nothing); cc3 Ry is not the virtual console.  Bad CCW addresses are
addressing (outside storage) or specification (not doubleword aligned) exceptions.

A full-screen read with nothing typed yet does not hold a dispatcher worker: the
virtual machine is blocked (``dispatcher.block``) until the terminal's
``await_fullscreen`` callback says input came, as a virtual machine in an I/O
wait is not dispatched; the DIAGNOSE is then performed again, resuming at the
read CCW, and completes with the CC and CSW above.

The terminal (``user.terminal``, the terminal manager's) provides
``write_fullscreen(data: bytes, command: int)`` and ``read_fullscreen(timeout) ->
bytes | None``; for X'19' it may provide ``display_lines(lines, start, erase)``
(``lines`` = text lines; ``start`` None with ``erase`` = clear the screen), else
the lines go out through ``write_line``.
"""

from __future__ import annotations

import weakref

from s370 import ebcdic
from s370.channel import Condition
from s370.cpu import layout as L
from s370.devices.base import CCW_CC, CCW_CD, UNIT_CE, UNIT_DE

from .call import DiagCall, specification
from .devclass import CLASS_GRAPHICS, CLASS_TERMINAL, class_and_type

CMD_DISPLAY = 0x19
CMD_FULLSCREEN_WRITE = 0x29
CMD_FULLSCREEN_READ = 0x2A
CTL_CLEAR_SCREEN = 0xFF
CTL_ERASE_FIRST = 0x80
MAX_DISPLAY_BYTES = 1760
LINE_WIDTH = 80
MAX_CCWS = 256
READ_TIMEOUT = None             # wait for the user as a real 3270 read would
DIAG_LENGTH = 4
ADDRESS_MASK = 0xFFFFFF

# 3270 command codes chosen by the X'29' control byte (emx370 / VM/SP mapping)
CMD_3270_WRITE = 0xF1
CMD_3270_ERASE_WRITE = 0xF5
CMD_3270_ERASE_WRITE_ALT = 0x7E
CMD_3270_WSF = 0xF3
CMD_3270_READ_MODIFIED = 0xF6
CMD_3270_READ_BUFFER = 0xF2
WRITE_CONTROL = {0x80: CMD_3270_ERASE_WRITE, 0x90: CMD_3270_ERASE_WRITE,
                 0xC0: CMD_3270_ERASE_WRITE_ALT, 0xD0: CMD_3270_ERASE_WRITE_ALT,
                 0x40: CMD_3270_ERASE_WRITE_ALT, 0x20: CMD_3270_WSF}
READ_MODIFIED_CONTROL = 0x80


# user -> (address of the DIAGNOSE, Rx's CCW address, CCW address to resume at): a
# full-screen read that waited is performed again from its own CCW, not from the start
# of the chain (the writes before it are done).
_RESUME: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class IOError58(Exception):
    """The display failed: cc1."""


def _ccw(call: DiagCall, addr: int):
    if addr % 8:
        raise specification("DIAG 58 CCW not doubleword aligned")
    raw = call.fetch(addr, 8)
    return raw[0], int.from_bytes(raw[1:4], "big"), raw[4], raw[5], int.from_bytes(raw[6:8], "big")


def _gather(call: DiagCall, addr: int, data: int, flags: int, count: int):
    """The data of a CCW and its data-chained successors; the address of the last CCW."""
    parts = [call.fetch(data, count)]
    while flags & CCW_CD:
        addr += 8
        _, data, flags, _, count = _ccw(call, addr)
        parts.append(call.fetch(data, count))
    return b"".join(parts), addr, flags


def _display(call: DiagCall, terminal, text: bytes, ctl: int) -> None:
    show = getattr(terminal, "display_lines", None)
    if ctl == CTL_CLEAR_SCREEN:
        if show is not None:
            show([], None, True)
        return
    if len(text) > MAX_DISPLAY_BYTES:
        raise IOError58("display does not fit")
    chars = ebcdic.decode(text)
    lines = [chars[i:i + LINE_WIDTH].rstrip() for i in range(0, len(chars), LINE_WIDTH)]
    start = ctl & 0x7F
    if start * LINE_WIDTH + len(text) > MAX_DISPLAY_BYTES:
        raise IOError58("display does not fit below its start line")
    if show is not None:
        show(lines, start, bool(ctl & CTL_ERASE_FIRST))
    else:
        for line in lines:
            terminal.write_line(line)


def _diag_address(call: DiagCall) -> int:
    """The DIAGNOSE's own address (the PSW is already past it; DIAGNOSE is 4 bytes)."""
    return (int(call.sd.S[L.PSW_IA]) - DIAG_LENGTH) & ADDRESS_MASK


def _resumed_at(call: DiagCall, addr: int) -> int:
    """Where the chain starts: Rx's CCW, or the read that waited when this is that
    DIAGNOSE performed again (same instruction, same Rx)."""
    try:
        where = _RESUME.pop(call.user, None)
    except TypeError:                   # a user that cannot be weakly referenced
        return addr
    if where is not None and where[:2] == (_diag_address(call), addr):
        return where[2]
    return addr


def _wait_for_input(call: DiagCall, terminal, ccw_addr: int) -> bool:
    """A full-screen read with nothing typed yet: True if the virtual machine now waits
    for the user's input off the dispatcher's workers (the DIAGNOSE is backed up, to be
    performed again from this read when the input comes); False to read at once (input
    is there, or no dispatcher / terminal that can wait this way: the read then holds
    the calling thread, as before)."""
    user = call.user
    dispatcher = getattr(getattr(user, "system", None), "dispatcher", None)
    await_input = getattr(terminal, "await_fullscreen", None)
    if dispatcher is None or await_input is None or not hasattr(dispatcher, "block"):
        return False
    if not dispatcher.block(user):
        return False
    here = _diag_address(call)
    _RESUME[user] = (here, call.gpr(call.rx) & ADDRESS_MASK, ccw_addr)
    call.sd.S[L.PSW_IA] = here
    if await_input(lambda: dispatcher.unblock(user)):
        return True
    # input arrived meanwhile: no wait after all
    _RESUME.pop(user, None)
    call.sd.S[L.PSW_IA] = (here + DIAG_LENGTH) & ADDRESS_MASK
    dispatcher.unblock(user)
    return False


def diag_58(call: DiagCall) -> None:
    vaddr = call.gpr(call.ry) & 0xFFFF
    dev = call.vm.device(vaddr)
    if dev is None or class_and_type(dev.devtype)[0] not in (CLASS_TERMINAL, CLASS_GRAPHICS):
        call.set_cc(3)
        return
    terminal = call.user.terminal
    addr = call.gpr(call.rx) & 0xFFFFFF
    addr = _resumed_at(call, addr)
    try:
        for _ in range(MAX_CCWS):
            cmd, data, flags, ctl, count = _ccw(call, addr)
            if cmd == CMD_DISPLAY:
                text, addr, flags = _gather(call, addr, data, flags, count)
                if terminal is not None:
                    _display(call, terminal, text, ctl)
            elif cmd == CMD_FULLSCREEN_WRITE:
                stream, addr, flags = _gather(call, addr, data, flags, count)
                write = getattr(terminal, "write_fullscreen", None)
                if write is None:
                    raise IOError58("not a 3270")
                write(stream, WRITE_CONTROL.get(ctl, CMD_3270_WRITE))
            elif cmd == CMD_FULLSCREEN_READ:
                read = getattr(terminal, "read_fullscreen", None)
                if read is None:
                    raise IOError58("not a 3270")
                call.check(data, count)
                if _wait_for_input(call, terminal, addr):
                    return                      # the VM waits; this DIAGNOSE runs again
                got = read(READ_TIMEOUT)
                if got is None:
                    raise IOError58("nothing read")
                call.store(data, bytes(got[:count]))
                # the residual count reaches the guest in a CSW at X'40', as after a read
                residual = max(count - len(got), 0)
                call.store(L.LOC_CSW, Condition(0, addr + 8, UNIT_CE | UNIT_DE, 0, residual,
                                                True).csw())
            else:
                raise IOError58(f"CCW command {cmd:02X}")
            if not flags & CCW_CC:
                break
            addr += 8
    except IOError58:
        call.set_cc(1)
        return
    call.set_cc(0)
