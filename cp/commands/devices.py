"""The machine's devices: DEFINE, DETACH, LINK, and the operator's ATTACH / DETACH of
real devices.

Building devices and the bookkeeping of who is linked to what belong to the system part
(h-vm): ``system.define_device(user, kind, vaddr, **opts)``, ``system.link(user, owner,
vaddr, as_vaddr, mode, password)``, ``system.attach_real(raddr, userid, vaddr, readonly)``,
``system.detach_real(raddr, userid)``.  They may return response lines (a string or a
list) and refuse with an exception carrying ``number`` (a DMK message) and ``fields``.
"""

from __future__ import annotations

from . import vdevinfo
from .common import emsg, info, parse_hex, parse_userid, parse_vaddr
from .run import stop
from .table import Command

INVALID_OPERAND = 2
INVALID_DEVTYPE = 6
USERID_MISSING = 20
VADDR_MISSING = 22
CYLINDERS_MISSING = 24
STORAGE_MISSING = 25
OPERAND_MISSING = 26
DEV_NOT_EXIST = 40
NOT_LOGGED_ON = 45
NOT_IN_DIRECTORY = 53
LINK_PASSWORD = 114            # NOT LINKED; PASSWORD INCORRECT (none given, none prompted)
REFUSED = 1                    # no DMK number: the system's one-line reason is shown as is

LINK_MODES = ("R", "RR", "W", "WR", "M", "MR", "MW")
# DEFINE's device operands -> the kind handed to system.define_device (R6 synonyms
# RDR/PUN/PRT/PCH as in the SPOOL command; unverified for DEFINE).
DEFINE_KINDS = {"READER": "READER", "RDR": "READER", "PUNCH": "PUNCH", "PUN": "PUNCH",
                "PCH": "PUNCH", "PRINTER": "PRINTER", "PRT": "PRINTER", "GRAF": "GRAF",
                "TIMER": "TIMER", "CTCA": "CTCA", "LINE": "LINE", "3270": "GRAF"}
TEMP_DISKS = {"T2314": 0x2314, "T2319": 0x2319, "T3330": 0x3330, "T3340": 0x3340,
              "T3350": 0x3350}
CP_NAMES = {"READER": "RDR", "PUNCH": "PUN", "PRINTER": "PRT", "GRAF": "GRAF", "TIMER": "TIMR",
            "CTCA": "CTCA", "LINE": "LINE"}


def _reason(out, why) -> int:
    """A system method's one-line refusal (CPSystem answers None or the reason)."""
    out(str(why))
    return REFUSED


def _refused(user, out, err) -> int:
    number = getattr(err, "number", None)
    if number is None:
        raise err
    return emsg(user, out, number, **getattr(err, "fields", {}))


# ------------------------------------------------------------------ DEFINE
def define_storage(user, args, out) -> int:
    """DEFINE STORAGE nnnK|nM: a new, cleared storage; the machine is reset and stops."""
    from cp.vm.machine import StorageSizeError, parse_storage
    text = args.upper(0)
    if text is None:
        return emsg(user, out, STORAGE_MISSING)
    try:
        size = parse_storage(text)
    except ValueError:
        return emsg(user, out, STORAGE_MISSING)
    entry = getattr(user, "entry", None)
    limit = getattr(entry, "max_storage", None)
    if size <= 0 or (limit and size > limit):
        return emsg(user, out, STORAGE_MISSING)
    stop(user)
    try:
        user.vm.define_storage(size)
    except StorageSizeError:
        return emsg(user, out, STORAGE_MISSING)
    out(f"STORAGE = {size // 1024:05d}K")
    return 0


def cmd_define(user, args, out) -> int:
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    what = args.upper(0)
    if len(what) >= 4 and "STORAGE".startswith(what):
        return define_storage(user, type(args)(args.rest(1)), out)
    vm = user.vm
    system = user.system
    if what in DEFINE_KINDS or what in TEMP_DISKS:
        v = parse_vaddr(args.upper(1))
        if v is None:
            return emsg(user, out, VADDR_MISSING)
        if vm.device(v) is not None:
            return emsg(user, out, INVALID_OPERAND, operand=f"{v:03X}")   # in use (msg unverified)
        opts = {}
        if what in TEMP_DISKS:
            if args.upper(2) != "CYL" or args.upper(3) is None or not args.upper(3).isdigit() \
                    or int(args.upper(3)) == 0:
                return emsg(user, out, CYLINDERS_MISSING)
            kind, opts = what, {"cyls": int(args.upper(3)), "devtype": TEMP_DISKS[what]}
            name = "DASD"
        else:
            if len(args) > 2:
                return emsg(user, out, INVALID_OPERAND, operand=args.upper(2))
            kind = DEFINE_KINDS[what]
            name = CP_NAMES[kind]
        try:
            why = system.define_device(user, kind, v, **opts)
        except Exception as e:
            return _refused(user, out, e)
        if why:
            return _reason(out, why)
        info(user, out, f"{name} {v:03X} DEFINED")
        return 0
    # DEFINE vaddr1 AS vaddr2 (AS optional)
    v1 = parse_vaddr(what)
    if v1 is None:
        return emsg(user, out, INVALID_OPERAND, operand=what)
    rest = [a.upper() for a in args[1:]]
    if rest and rest[0] == "AS":
        rest = rest[1:]
    v2 = parse_vaddr(rest[0] if rest else None)
    if v2 is None or len(rest) > 1:
        return emsg(user, out, VADDR_MISSING)
    dev = vm.device(v1)
    if dev is None:
        return emsg(user, out, DEV_NOT_EXIST, vaddr=f"{v1:03X}")
    if vm.device(v2) is not None:
        return emsg(user, out, INVALID_OPERAND, operand=f"{v2:03X}")
    vm.detach(v1)
    vm.attach(v2, dev)
    info(user, out, f"{vdevinfo.kind(dev)} {v2:03X} DEFINED")
    return 0


# ------------------------------------------------------------------ DETACH
def detach_virtual(user, args, out) -> int:
    """DETACH vaddr [vaddr ...]: 'DASD 191 DETACHED' for each."""
    if not args:
        return emsg(user, out, VADDR_MISSING)
    vm = user.vm
    for word in args:
        v = parse_vaddr(word.upper())
        if v is None:
            return emsg(user, out, VADDR_MISSING)
        dev = vm.device(v)
        if dev is None:
            return emsg(user, out, DEV_NOT_EXIST, vaddr=f"{v:03X}")
        why = user.system.detach_device(user, v)   # gives back links, closes spool files
        if why:
            return _reason(out, why)
        info(user, out, f"{vdevinfo.kind(dev)} {v:03X} DETACHED")
    return 0


def detach_real(user, args, out) -> int:
    """DETACH raddr [FROM] userid|SYSTEM (class B)."""
    raddr = parse_hex(args.upper(0) or "", 3)
    if raddr is None:
        return emsg(user, out, INVALID_OPERAND, operand=args.upper(0) or "")
    rest = [a.upper() for a in args[1:]]
    if rest and rest[0] == "FROM":
        rest = rest[1:]
    who = parse_userid(rest[0] if rest else None)
    if who is None:
        return emsg(user, out, USERID_MISSING)
    if raddr not in getattr(user.system, "real_devices", {}):
        return emsg(user, out, DEV_NOT_EXIST, vaddr=f"{raddr:03X}")
    try:
        why = user.system.detach_real(raddr)
    except Exception as e:
        return _refused(user, out, e)
    if why:
        return _reason(out, why)
    dev = user.system.real_devices.get(raddr)
    out(f"{vdevinfo.kind(dev)} {raddr:03X} DETACHED {who}")
    return 0


def cmd_detach(user, args, out) -> int:
    """DETACH vaddr... (G) or DETACH raddr [FROM] userid|SYSTEM (B): the real form when the
    second operand names a user (or the issuer has B but not G)."""
    second = args.upper(1)
    names_user = second is not None and (second in ("FROM", "SYSTEM") or parse_vaddr(second) is None)
    real = user.has_class("B") and (names_user or not user.has_class("G"))
    return detach_real(user, args, out) if real else detach_virtual(user, args, out)


# ------------------------------------------------------------------ ATTACH (class B)
def cmd_attach(user, args, out) -> int:
    """ATTACH raddr [TO] userid [AS vaddr] [R/O]."""
    words = [a.upper() for a in args]
    raddr = parse_hex(words[0], 3) if words else None
    if raddr is None:
        return emsg(user, out, INVALID_OPERAND, operand=words[0] if words else "")
    rest = words[1:]
    if rest and rest[0] == "TO":
        rest = rest[1:]
    who = parse_userid(rest[0] if rest else None)
    if who is None:
        return emsg(user, out, USERID_MISSING)
    rest = rest[1:]
    vaddr, readonly = raddr, False
    while rest:
        w = rest.pop(0)
        if w == "AS":
            vaddr = parse_vaddr(rest.pop(0) if rest else None)
            if vaddr is None:
                return emsg(user, out, VADDR_MISSING)
        elif w in ("R/O", "RO"):
            readonly = True
        else:
            return emsg(user, out, INVALID_OPERAND, operand=w)
    system = user.system
    dev = getattr(system, "real_devices", {}).get(raddr)
    if dev is None:
        return emsg(user, out, DEV_NOT_EXIST, vaddr=f"{raddr:03X}")
    target = system.find(who)
    if target is None and who != "SYSTEM":
        return emsg(user, out, NOT_LOGGED_ON, userid=who)
    try:
        # R/O: unverified for R6 ATTACH; the device model decides what a write gives
        why = system.attach_real(raddr, target, vaddr) if target is not None \
            else "ATTACH TO SYSTEM IS NOT AVAILABLE"
    except Exception as e:
        return _refused(user, out, e)
    if why:
        return _reason(out, why)
    k = vdevinfo.kind(dev)
    out(f"{k} {raddr:03X} ATTACHED TO {who:<8} {vaddr:03X}")
    if target is not None and target is not user:
        info(target, target.say, f"{k} {vaddr:03X} ATTACHED")
    return 0


# ------------------------------------------------------------------ LINK
def cmd_link(user, args, out) -> int:
    words = list(args)
    up = [w.upper() for w in words]
    if up and up[0] == "TO":
        words, up = words[1:], up[1:]
    owner = "*" if up and up[0] == "*" else parse_userid(up[0] if up else None)
    if owner is None:
        return emsg(user, out, USERID_MISSING)
    if owner == "*":
        owner = user.userid
    v1 = parse_vaddr(up[1] if len(up) > 1 else None)
    if v1 is None:
        return emsg(user, out, VADDR_MISSING)
    rest, rest_raw = up[2:], words[2:]
    if rest and rest[0] == "AS":
        rest, rest_raw = rest[1:], rest_raw[1:]
    v2 = parse_vaddr(rest[0] if rest else None)
    if v2 is None:
        return emsg(user, out, VADDR_MISSING)
    rest, rest_raw = rest[1:], rest_raw[1:]
    mode = "R"
    if rest and rest[0] in LINK_MODES:
        mode = rest[0]
        rest, rest_raw = rest[1:], rest_raw[1:]
    password = None
    if rest:
        if rest[0] == "PASS=" and len(rest) >= 2:
            password, rest = rest_raw[1], rest[2:]
        elif rest[0].startswith("PASS=") and len(rest[0]) > 5:
            password, rest = rest_raw[0][5:], rest[1:]
        else:
            password, rest = rest_raw[0], rest[1:]
        if rest:
            return emsg(user, out, INVALID_OPERAND, operand=rest[0])
    system = user.system
    entry = system.directory.get(owner) if getattr(system, "directory", None) is not None else None
    if entry is None:
        return emsg(user, out, NOT_IN_DIRECTORY, userid=owner)
    kind = system.link_password_needed(user, owner, v1, mode) if password is None else None
    if kind is not None:
        ask = getattr(getattr(user, "terminal", None), "read_password", None)
        if callable(ask):
            password = ask(f"ENTER {kind} PASSWORD:")
        if not password:
            return emsg(user, out, LINK_PASSWORD, userid=owner, owner_vaddr=f"{v1:03X}")
    try:
        device, notes = system.link(user, owner, v1, v2, mode, password)
    except Exception as e:
        return _refused(user, out, e)
    rc = 0
    for number, fields in notes:            # FORCED R/O warnings, or the refusal
        rc = emsg(user, out, number, **fields)
    return 0 if device is not None else rc


COMMANDS = [
    Command("DEFINE", 3, "G", cmd_define, "devices"),
    Command("DETACH", 3, "BG", cmd_detach, "devices"),
    Command("LINK", 4, "G", cmd_link, "devices"),
    Command("ATTACH", 3, "B", cmd_attach, "devices"),
]
