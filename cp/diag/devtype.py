"""DIAGNOSE X'24': device type and features (GC20-1807 pp. 223-225).

Rx = a virtual device address, or -1 for "my virtual console" (then Rx receives
byte 0 = the console line's terminal code, bytes 2-3 = the console's address).
Results:

    Ry    VDEVTYPC class, VDEVTYPE type, VDEVSTAT (X'01' dedicated, X'20' busy),
          VDEVFLAG (DASD: X'80' read-only)
    Ry+1  RDEVTYPC class, RDEVTYPE type, RDEVMDL model, RDEVFTR features; for a
          console the last byte is the terminal's line length
          (not stored when Ry is R15)

cc0 both returned; cc2 the virtual device has no real device (spool unit record
devices; only Ry); cc3 no such device.

What a device model may tell (all optional, duck-typed): ``dedicated`` (bool),
``spool`` (True: a spooled unit record device, no real device), ``read_only``,
``real_device_info()`` -> (class, type, model, features) or None, ``output``
(True for the punch side of a 2540).  The real device of the virtual console is
the user's terminal: a 3270 ('GRAF ...' terminals) or a line-mode typewriter.
"""

from __future__ import annotations

from .call import DiagCall
from .devclass import (CLASS_DASD, CLASS_GRAPHICS, CLASS_TERMINAL, CLASS_UR_INPUT,
                       CLASS_UR_OUTPUT, class_and_type)

MY_CONSOLE = 0xFFFFFFFF
STAT_DEDICATED = 0x01
STAT_BUSY = 0x20
FLAG_READ_ONLY = 0x80
FLAG_TEMPORARY = 0x40
FEATURE_RPS = 0x80
TERMINAL_CODE_3270 = 0x00       # terminal code byte for Rx = -1 (unverified value)
TERMINAL_CODE_LINE = 0x00
LINE_LENGTH = 80                # X'50', what Hercules answers for a 3215
TERMINAL_CLASSES = (CLASS_TERMINAL, CLASS_GRAPHICS)


def _console(vm):
    for vaddr, dev in sorted(vm.devices.items()):
        if class_and_type(dev.devtype)[0] in TERMINAL_CLASSES:
            return vaddr, dev
    return None, None


def _is_graf(user) -> bool:
    terminal = getattr(user, "terminal", None)
    return str(getattr(terminal, "name", "")).upper().startswith("GRAF")


def virtual_info(call: DiagCall, vaddr: int, dev) -> int:
    cls, typ = class_and_type(dev.devtype, output=bool(getattr(dev, "output", False)))
    stat = STAT_DEDICATED if getattr(dev, "dedicated", False) else 0
    if call.vm.channels.busy(vaddr):
        stat |= STAT_BUSY
    flag = 0
    if cls == CLASS_DASD:
        if getattr(dev, "read_only", False):
            flag |= FLAG_READ_ONLY
        if getattr(dev, "temporary", False):
            flag |= FLAG_TEMPORARY
    return (cls << 24) | (typ << 16) | (stat << 8) | flag


def real_info(call: DiagCall, dev) -> int | None:
    """The real device's four bytes, or None when the virtual device has none."""
    info = getattr(dev, "real_device_info", None)
    if callable(info):
        got = info()
        if got is None:
            return None
        c, t, m, f = got
        return (c << 24) | (t << 16) | (m << 8) | f
    cls, typ = class_and_type(dev.devtype, output=bool(getattr(dev, "output", False)))
    if cls in TERMINAL_CLASSES:                  # the console: the user's terminal
        if call.user.terminal is None:
            return None
        if _is_graf(call.user):
            cls, typ = class_and_type(0x3270)
        else:
            cls, typ = class_and_type(0x3215)
        return (cls << 24) | (typ << 16) | LINE_LENGTH
    if getattr(dev, "spool", False) or cls in (CLASS_UR_INPUT, CLASS_UR_OUTPUT) \
            and not getattr(dev, "dedicated", False):
        return None
    model = int(getattr(dev, "model", 0) or 0) & 0xFF
    feat = 0
    if cls == CLASS_DASD:
        geometry = getattr(dev, "geometry", None)
        if getattr(geometry, "sectors", 0):
            feat |= FEATURE_RPS
    return (cls << 24) | (typ << 16) | (model << 8) | feat


def diag_24(call: DiagCall) -> None:
    vaddr = call.gpr(call.rx)
    if vaddr == MY_CONSOLE:
        vaddr, dev = _console(call.vm)
        if dev is None:
            call.set_cc(3)
            return
        code = TERMINAL_CODE_3270 if _is_graf(call.user) else TERMINAL_CODE_LINE
        call.set_gpr(call.rx, (code << 24) | vaddr)
    else:
        dev = call.vm.device(vaddr) if vaddr <= 0xFFFF else None
        if dev is None:
            call.set_cc(3)
            return
    call.set_gpr(call.ry, virtual_info(call, vaddr, dev))
    real = real_info(call, dev)
    if real is None:
        call.set_cc(2)
        return
    if call.ry != 15:
        call.set_gpr(call.ry1, real)
    call.set_cc(0)
