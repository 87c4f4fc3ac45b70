"""QUERY: one table of operands (name, minimum abbreviation, classes, handler).

An operand not in the table is taken as a userid (``QUERY MAINT``: is MAINT logged on,
and where).  READER/PRINTER/PUNCH/FILES belong to the spool part
(``cp.commands.spoolcmds.query_reader`` etc., imported when asked for).
"""

from __future__ import annotations

from . import spoolcmds, vdevinfo
from .common import (ANY, Operand, accounting_line, emsg, find_operand, parse_userid,
                     parse_vaddr, stamp)
from .table import Command

INVALID_OPERAND = 2
USERID_MISSING = 20
VADDR_MISSING = 22
OPERAND_MISSING = 26
DEV_NOT_EXIST = 40
NOT_LOGGED_ON = 45
UNKNOWN_COMMAND = 1


def where(user) -> str:
    """Where a user is, as QUERY NAMES and QUERY userid show it: the terminal's address or DSC."""
    t = getattr(user, "terminal", None)
    if t is None:
        return "DSC"
    name = getattr(t, "name", "") or ""
    return name.split()[-1] if name.split() else "DEV"


def q_time(user, args, out) -> int:
    """TIME IS hh:mm:ss zone weekday mm/dd/yy, then the session's connect and CPU times."""
    out(f"TIME IS {stamp(user.system)}")
    out(accounting_line(user))
    return 0


def q_users(user, args, out) -> int:
    """'nnn USERS, nnn DIALED' (R6 spacing unverified); QUERY USERS userid = QUERY userid."""
    if args:
        return q_userid(user, args, out)
    users = list(user.system.users.values())
    dialed = sum(1 for u in users if getattr(u, "dialed", False))
    out(f"{len(users):03d} USERS, {dialed:03d} DIALED")
    return 0


NAMES_PER_LINE = 4


def q_names(user, args, out) -> int:
    """Logged-on users, four to a line: 'OPERATOR - DSC , MAINT    - 0C0' (unverified)."""
    users = sorted(user.system.users.values(), key=lambda u: u.userid)
    entries = [f"{u.userid:<8} - {where(u):<3}" for u in users]
    for i in range(0, len(entries), NAMES_PER_LINE):
        out(" , ".join(entries[i:i + NAMES_PER_LINE]))
    return 0


def q_userid(user, args, out) -> int:
    uid = parse_userid(args.upper(0))
    if uid is None:
        return emsg(user, out, USERID_MISSING)
    target = user.system.find(uid)
    if target is None:
        return emsg(user, out, NOT_LOGGED_ON, userid=uid)
    out(f"{target.userid:<8} - {where(target)}")
    return 0


def q_logmsg(user, args, out) -> int:
    for line in list(getattr(user.system, "logmsg", [])):
        out(line)
    return 0


def q_set(user, args, out) -> int:
    """The SET settings, in VM/370's grouping (layout unverified)."""
    s = user.settings

    def of(v):
        return "ON " if v is True else "OFF" if v is False else str(v)
    out(f"MSG {of(s.msg)}, WNG {of(s.wng)}, EMSG {s.emsg}, ACNT {of(getattr(s, 'acnt', False))}, "
        f"RUN {of(s.run)}")
    out(f"LINEDIT {of(s.linedit)}, TIMER {getattr(s, 'timer', 'ON')}, "
        f"ISAM {of(getattr(s, 'isam', False))}, ECMODE {of(bool(getattr(user.vm, 'ecmode', False)))}")
    out(f"IMSG {of(s.imsg)}, SMSG {of(s.smsg)}")
    return 0


def _char(c: str) -> str:
    return c if c else "OFF"


def q_terminal(user, args, out) -> int:
    """The TERMINAL settings (layout unverified)."""
    s = user.settings
    out(f"LINEND {_char(s.linend)}, LINEDEL {_char(s.linedel)}, CHARDEL {_char(s.chardel)}, "
        f"ESCAPE {_char(s.escape)}")
    out(f"LINESIZE {getattr(s, 'linesize', 80):03d}, ATTN {'ON' if getattr(s, 'attn', True) else 'OFF'}, "
        f"APL {'ON' if getattr(s, 'apl', False) else 'OFF'}, TEXT {'ON' if getattr(s, 'text', False) else 'OFF'}, "
        f"MODE {s.terminal_mode}")
    return 0


def pf_number(word: str) -> int | None:
    """'PF3' / 'PF03' / 'PF24' -> 3 / 3 / 24; None if not a PF key."""
    w = word.upper()
    if not w.startswith("PF") or not w[2:].isdigit() or len(w) > 4:
        return None
    n = int(w[2:])
    return n if 1 <= n <= 24 else None


def pf_line(user, n: int) -> str:
    entry = user.settings.pf.get(n)
    if entry is None:
        return f"PF{n:02d} UNDEFINED"
    text, immediate = entry
    return f"PF{n:02d} {'IMMED' if immediate else 'DELAYED'} {text}"


def q_pf(user, word, out) -> int:
    if word.upper() == "PF":
        for n in range(1, 25):
            out(pf_line(user, n))
        return 0
    n = pf_number(word)
    if n is None:
        return emsg(user, out, INVALID_OPERAND, operand=word.upper())
    out(pf_line(user, n))
    return 0


def q_cpuid(user, args, out) -> int:
    """CPUID = vvssssssmmmm0000: version X'FF' in a virtual machine, serial, model."""
    from s370.cpu import layout as L
    S = user.vm.sd.S
    out(f"CPUID = {int(S[L.CPU_VERSION]) & 0xFF:02X}{int(S[L.CPU_SERIAL]) & 0xFFFFFF:06X}"
        f"{int(S[L.CPU_MODEL]) & 0xFFFF:04X}0000")
    return 0


# ------------------------------------------------------------------ QUERY VIRTUAL
def storage_line(user) -> str:
    return f"STORAGE = {user.vm.storage // 1024:05d}K"


def _devices_of(user, kinds=None):
    for vaddr, dev in sorted(user.vm.devices.items()):
        k = vdevinfo.kind(dev)
        if kinds is None or k in kinds:
            yield vaddr, dev


def _virtual_devices(kinds):
    def handler(user, args, out):
        if args:
            return _virtual_vaddr(user, args, out, kinds)
        for vaddr, dev in _devices_of(user, kinds):
            for line in vdevinfo.query_lines(user, vaddr, dev):
                out(line)
        return 0
    return handler


def _virtual_vaddr(user, args, out, kinds=None) -> int:
    v = parse_vaddr(args.upper(0))
    if v is None:
        return emsg(user, out, VADDR_MISSING)
    dev = user.vm.device(v)
    if dev is None or (kinds is not None and vdevinfo.kind(dev) not in kinds):
        return emsg(user, out, DEV_NOT_EXIST, vaddr=f"{v:03X}")
    for line in vdevinfo.query_lines(user, v, dev):
        out(line)
    return 0


def qv_storage(user, args, out) -> int:
    out(storage_line(user))
    return 0


def qv_all(user, args, out) -> int:
    out(storage_line(user))
    for vaddr, dev in _devices_of(user):
        for line in vdevinfo.query_lines(user, vaddr, dev):
            out(line)
    return 0


VIRTUAL_OPERANDS = [
    Operand("ALL", 3, ANY, qv_all),
    Operand("STORAGE", 4, ANY, qv_storage),
    Operand("CONSOLE", 4, ANY, _virtual_devices({"CONS"})),
    Operand("DASD", 4, ANY, _virtual_devices({"DASD"})),
    Operand("UR", 2, ANY, _virtual_devices(set(vdevinfo.UR_KINDS))),
    Operand("TAPES", 4, ANY, _virtual_devices({"TAPE"})),
    Operand("GRAF", 4, ANY, _virtual_devices({"GRAF"})),
]


def q_virtual(user, args, out) -> int:
    if not args:
        return qv_all(user, args, out)
    row = find_operand(VIRTUAL_OPERANDS, args[0], user)
    if row is not None:
        return row.handler(user, type(args)(args.rest(1)), out)
    return _virtual_vaddr(user, args, out)


# ------------------------------------------------------------------ spool (h-spool's part)
# ------------------------------------------------------------------ real devices (class B)
def _real_lines(system, kinds=None):
    vol_of = {}
    for volser, img in getattr(system, "volumes", {}).items():
        vol_of[id(img)] = volser
    for raddr, dev in sorted(getattr(system, "real_devices", {}).items()):
        k = vdevinfo.kind(dev)
        if kinds is not None and k not in kinds:
            continue
        held = getattr(system, "dedicated", {}).get(raddr)
        owner = held[0] if held else getattr(dev, "attached_to", None)
        state = f"ATTACHED TO {owner}" if owner else "FREE"
        if k == "DASD":
            volser = getattr(dev, "volser", None) or vol_of.get(id(getattr(dev, "image", None)), "")
            yield f"DASD {raddr:03X} {volser or '------':<6} {state}" if owner else \
                f"DASD {raddr:03X} CP OWNED  {volser}" if getattr(dev, "cp_owned", False) else \
                f"DASD {raddr:03X} {volser or '------':<6} FREE"
        else:
            yield f"{k:<4} {raddr:03X} {state}"


def q_dasd(user, args, out) -> int:
    """QUERY DASD (class B): the real DASD, owner or volume (R6 layout unverified)."""
    for line in _real_lines(user.system, {"DASD"}):
        out(line)
    return 0


def q_tapes(user, args, out) -> int:
    """QUERY TAPES (class B): each real tape drive, who has it and at which virtual
    address, and the image mounted on it (the R6 layout is unverified; the mount part is
    ours: VM/370 could not see a reel's name)."""
    system = user.system
    for raddr, dev in sorted(getattr(system, "real_devices", {}).items()):
        if vdevinfo.kind(dev) != "TAPE":
            continue
        held = getattr(system, "dedicated", {}).get(raddr)
        state = f"ATTACHED TO {held[0]:<8} {held[1]:03X}" if held else "FREE"
        image = getattr(dev, "image", None)
        if image is None:
            mounted = "NO TAPE"
        else:
            pos = image.position()
            mounted = (f"{dev.filename}{' R/O' if image.readonly else ''} "
                       f"FILE {pos.file} BLOCK {pos.block}")
        out(f"TAPE {raddr:03X} {state} {mounted}")
    return 0


def q_all(user, args, out) -> int:
    """QUERY ALL (class B): every real device."""
    for line in _real_lines(user.system):
        out(line)
    return 0


QUERY_OPERANDS = [
    Operand("TIME", 1, ANY, q_time),
    Operand("USERS", 1, ANY, q_users),
    Operand("NAMES", 1, ANY, q_names),
    Operand("LOGMSG", 3, ANY, q_logmsg),
    Operand("VIRTUAL", 1, "G", q_virtual),
    Operand("SET", 3, "G", q_set),
    Operand("TERMINAL", 4, "G", q_terminal),
    Operand("CPUID", 5, "G", q_cpuid),
    Operand("FILES", 1, "DG", spoolcmds.query_files),
    Operand("READER", 1, "DG", spoolcmds.query_reader),
    Operand("RDR", 3, "DG", spoolcmds.query_reader),
    Operand("PRINTER", 2, "DG", spoolcmds.query_printer),
    Operand("PRT", 3, "DG", spoolcmds.query_printer),
    Operand("PUNCH", 2, "DG", spoolcmds.query_punch),
    Operand("PUN", 3, "DG", spoolcmds.query_punch),
    Operand("DASD", 4, "B", q_dasd),
    Operand("TAPES", 4, "B", q_tapes),
    Operand("ALL", 3, "B", q_all),
]


def cmd_query(user, args, out) -> int:
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    word = args[0]
    if word.upper().startswith("PF") and (word.upper() == "PF" or pf_number(word) is not None):
        return q_pf(user, word, out)
    row = find_operand(QUERY_OPERANDS, word, user)
    if row is not None:
        return row.handler(user, type(args)(args.rest(1)), out)
    if user.has_class("BD") and spoolcmds.is_real_device(user, word):
        return spoolcmds.query_real(user, [word], out)
    return q_userid(user, args, out)


COMMANDS = [
    Command("QUERY", 1, ANY, cmd_query, "query"),
]
