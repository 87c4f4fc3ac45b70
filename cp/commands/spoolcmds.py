"""The spool commands: SPOOL, CLOSE, PURGE, TRANSFER, ORDER, CHANGE, and QUERY READER /
PRINTER / PUNCH / FILES (GC20-1820; GC20-1806 for the class D forms).

Every handler is ``handler(user, args, out) -> rc``: ``args`` are the operands
after the command name, ``out(text)`` gets the response lines, errors are DMK
messages shown with ``user.msg`` (under SET EMSG) and their number is the rc.

Operand rules taken from the R6 manuals: SPOOL options may come in any order,
``TO`` may be omitted before a userid, ``TO *`` is one's own reader, ``OFF`` /
``SYSTEM`` the system queue; CLOSE's ``NAME fn [ft]`` and ``DIST code``; a class
G user works on the files in his own queues, a class D user may name another
user (``PURGE userid RDR ALL``) or any spoolid.  Response texts follow the R6
ones seen in real sessions ('PUN FILE 0002  TO  CMSUSER  COPY 01 NOHOLD',
'0001 FILE ORDERED'); the QUERY column layout follows the R6 Operator's Guide
heading (exact R6 spacing unverified, ../shared/spec/cp.md section 9).
"""

from __future__ import annotations

from cp.vdev import spooldev
from cp.vdev.spooldev import VirtualPrinter, VirtualPunch, VirtualReader, spool_of

try:                                            # h-cmds' row type, when it is on the branch
    from cp.commands.table import Command
except ImportError:                             # the same fields, until then
    from collections import namedtuple
    Command = namedtuple("Command", "name min_abbrev classes handler group")

GROUP = "spoolcmds"

# (word, shortest abbreviation, canonical queue / device kind)
QUEUE_WORDS = (("READER", 1, "RDR"), ("RDR", 3, "RDR"), ("PRINTER", 1, "PRT"), ("PRT", 3, "PRT"),
               ("PUNCH", 2, "PUN"), ("PCH", 3, "PUN"), ("PUN", 3, "PUN"))
DEVICE_CLASSES = {"RDR": VirtualReader, "PRT": VirtualPrinter, "PUN": VirtualPunch}


# ---------------------------------------------------------------------- parsing helpers
def _is(token: str, word: str, shortest: int) -> bool:
    t = token.upper()
    return len(t) >= shortest and word.startswith(t)


def _queue(token: str) -> str | None:
    for word, shortest, q in QUEUE_WORDS:
        if _is(token, word, shortest):
            return q
    return None


def _vaddr(token: str) -> int | None:
    t = token.upper()
    if 1 <= len(t) <= 4 and all(c in "0123456789ABCDEF" for c in t):
        return int(t, 16)
    return None


def _spoolid(token: str) -> int | None:
    return int(token) if token.isdigit() and 1 <= len(token) <= 4 and 1 <= int(token) <= 9900 else None


def _class_ok(c: str) -> bool:
    return len(c) == 1 and c.isalnum()


def _known_user(user, userid: str) -> bool:
    directory = getattr(getattr(user, "system", None), "directory", None)
    return directory is None or directory.get(userid.upper()) is not None


def _count_response(n: int, verb: str) -> str:
    """'0001 FILE ORDERED', '0003 FILES PURGED', 'NO FILES PURGED'."""
    if n == 0:
        return f"NO FILES {verb}"
    return f"{n:04d} FILE{'S' if n > 1 else ''} {verb}"


def _devices(user, kind: str) -> list:
    """The user's virtual devices of one kind (RDR, PRT, PUN), by address."""
    vm = getattr(user, "vm", None)
    devices = vm.devices if vm is not None else {}
    return [d for _, d in sorted(devices.items()) if isinstance(d, DEVICE_CLASSES[kind])]


def _spool_devices(user, token: str):
    """The devices a SPOOL/CLOSE operand names: (kind, [devices]) or an error rc."""
    q = _queue(token)
    if q is not None:
        devs = _devices(user, q)
        return (q, devs) if devs else user.msg(40, vaddr=token.upper())
    va = _vaddr(token)
    if va is None:
        return user.msg(22)
    vm = getattr(user, "vm", None)
    dev = vm.device(va) if vm is not None else None
    if dev is None:
        return user.msg(40, vaddr=f"{va:03X}")
    for kind, cls in DEVICE_CLASSES.items():
        if isinstance(dev, cls):
            return kind, [dev]
    return user.msg(22)


# ---------------------------------------------------------------------- SPOOL
def cmd_spool(user, args: list[str], out) -> int:
    """SPOOL READER|PRINTER|PUNCH|CONSOLE|vaddr options (GC20-1820 SPOOL)."""
    if not args:
        return user.msg(26)
    if _is(args[0], "CONSOLE", 3):
        return _spool_console(user, args[1:], out)
    found = _spool_devices(user, args[0])
    if isinstance(found, int):
        return found
    kind, devs = found
    if len(args) < 2:
        return user.msg(26)
    settings: dict = {}
    actions: list[str] = []
    rc = _parse_spool_options(user, kind, args[1:], settings, actions)
    if rc:
        return rc
    for dev in devs:
        for k, v in settings.items():
            setattr(dev, k, v)
        if kind != "RDR":
            if "CLOSE" in actions:
                dev.close_file(force=True, say=out)
            if "PURGE" in actions:
                dev.close_file(purge=True)
    return 0


def _parse_spool_options(user, kind: str, ops: list[str], settings: dict, actions: list[str],
                         console: bool = False) -> int:
    output = kind != "RDR"
    i = 0
    while i < len(ops):
        t = ops[i].upper()
        nxt = ops[i + 1].upper() if i + 1 < len(ops) else None
        if _is(t, "CLASS", 2):
            if nxt is None or not (_class_ok(nxt) or (nxt == "*" and not output)):
                return user.msg(26)
            settings["spool_class"] = nxt
            i += 2
            continue
        if _is(t, "CONT", 3) or _is(t, "NOCONT", 3):
            settings["cont"] = t.startswith("CON")
        elif _is(t, "HOLD", 2) or _is(t, "NOHOLD", 3):
            settings["hold"] = t.startswith("HO")
        elif not output and (t == "EOF" or _is(t, "NOEOF", 3)):
            settings["eof"] = t == "EOF"
        elif output and _is(t, "COPY", 2):
            if nxt is None or not nxt.isdigit() or not 1 <= int(nxt) <= 99:
                return user.msg(26)
            settings["copies"] = int(nxt)
            i += 2
            continue
        elif output and t in ("OFF", "SYSTEM"):
            settings["to"] = settings["for_user"] = None
        elif output and (_is(t, "TO", 1) or _is(t, "FOR", 1)):
            if nxt is None:
                return user.msg(20)                         # TO / FOR without the userid
            rc = _destination(user, nxt, t.startswith("T"), settings)
            if rc:
                return rc
            i += 2
            continue
        elif output and not console and t in ("CLOSE", "PURGE"):
            actions.append(t)
        elif console and (_is(t, "START", 3) or _is(t, "STOP", 3)):
            actions.append("START" if t.startswith("STA") else "STOP")
        elif console and (_is(t, "TERM", 2) or _is(t, "NOTERM", 4)):
            settings["term"] = t.startswith("TE")
        elif console and t in ("CLOSE", "PURGE"):
            actions.append(t)
        elif output and t.isalnum() and len(t) <= 8 or output and t == "*":
            rc = _destination(user, t, True, settings)      # TO omitted before the userid
            if rc:
                return rc
        else:
            return user.msg(3, option=ops[i])
        i += 1
    return 0


def _destination(user, who: str, to: bool, settings: dict) -> int:
    uid = user.userid if who == "*" else who.upper()
    if who == "SYSTEM":
        settings["to"] = settings["for_user"] = None
        return 0
    if not _known_user(user, uid):
        return user.msg(53, userid=uid)
    if to:
        settings["to"], settings["for_user"] = uid, None
    else:
        settings["to"], settings["for_user"] = None, uid
    return 0


def _spool_console(user, ops: list[str], out) -> int:
    cs = spooldev.console_state(user)
    if cs is None:
        return user.msg(40, vaddr="CONSOLE")
    if ops and _vaddr(ops[0]) is not None and not _is(ops[0], "CLASS", 2):
        ops = ops[1:]                                   # SPOOL CONSOLE vaddr ...
    if not ops:
        return user.msg(26)
    settings: dict = {}
    actions: list[str] = []
    rc = _parse_spool_options(user, "CON", ops, settings, actions, console=True)
    if rc:
        return rc
    for k, v in settings.items():
        setattr(cs, k, v)
    if "START" in actions:
        cs.started = True
    if "STOP" in actions:
        cs.started = False
    if "CLOSE" in actions:
        spooldev.close_console(user, say=out)
    if "PURGE" in actions:
        spooldev.close_console(user, purge=True)
    return 0


# ---------------------------------------------------------------------- CLOSE
def cmd_close(user, args: list[str], out) -> int:
    """CLOSE vaddr|READER|PRINTER|PUNCH|CONSOLE [HOLD|NOHOLD] [PURGE] [NAME fn [ft]] [DIST code]."""
    if not args:
        return user.msg(22)
    console = _is(args[0], "CONSOLE", 3)
    if not console:
        found = _spool_devices(user, args[0])
        if isinstance(found, int):
            return found
        kind, devs = found
    else:
        kind, devs = "CON", []
    opts: dict = {}
    i, ops = 0, args[1:]
    while i < len(ops):
        t = ops[i].upper()
        if _is(t, "HOLD", 2) or _is(t, "NOHOLD", 3):
            opts["hold"] = t.startswith("HO")
        elif kind != "RDR" and _is(t, "PURGE", 2):
            opts["purge"] = True
        elif kind != "RDR" and _is(t, "NAME", 2):
            if i + 1 >= len(ops):
                return user.msg(26)
            opts["name"] = ops[i + 1].upper()[:24]
            i += 1
            if i + 1 < len(ops) and not _closing_keyword(ops[i + 1]):
                opts["type"] = ops[i + 1].upper()[:8]
                i += 1
        elif kind != "RDR" and _is(t, "DIST", 2):
            if i + 1 >= len(ops):
                return user.msg(26)
            opts["dist"] = ops[i + 1].upper()[:8]
            i += 1
        else:
            return user.msg(3, option=ops[i])
        i += 1
    if console:
        spooldev.close_console(user, say=out, **opts)
        return 0
    for dev in devs:
        if kind == "RDR":
            dev.close_file(hold=opts.get("hold"))
        else:
            dev.close_file(say=out, **opts)
    return 0


def _closing_keyword(token: str) -> bool:
    t = token.upper()
    return any(_is(t, w, n) for w, n in (("HOLD", 2), ("NOHOLD", 3), ("PURGE", 2), ("NAME", 2), ("DIST", 2)))


# ---------------------------------------------------------------------- file selection
def _owner_and_queue(user, args: list[str]):
    """Leading '[userid] queue' of PURGE/ORDER/CHANGE/QUERY: (owner, queue, rest) or an rc.

    Naming another user needs class D; class D may also say SYSTEM (every owner)."""
    if not args:
        return user.msg(26)
    q = _queue(args[0])
    if q is not None:
        return user.userid, q, args[1:]
    if len(args) >= 2 and _queue(args[1]) is not None:
        if not user.has_class("D"):
            return user.msg(2, operand=args[0].upper())
        who = args[0].upper()
        owner = None if who in ("SYSTEM", "ALL") else (user.userid if who == "*" else who)
        return owner, _queue(args[1]), args[2:]
    return user.msg(2, operand=args[0].upper())


def _select(user, owner, queue: str, selectors: list[str]):
    """Files named by spoolids / CLASS c / ALL, in queue order: (files, rest) or an rc.

    A class D user may give any spoolid; others only their own."""
    spool = spool_of(user)
    if spool is None:
        return user.msg(26)
    pool = spool.list(owner, queue)
    chosen, i = [], 0
    while i < len(selectors):
        t = selectors[i].upper()
        sid = _spoolid(t)
        if sid is not None:
            sf = next((f for f in pool if f.spoolid == sid), None)
            if sf is None and user.has_class("D"):
                sf = spool.get(sid)
                sf = sf if sf is not None and sf.queue == queue else None
            if sf is None:
                return user.msg(42, spoolid=f"{sid:04d}")
            chosen.append(sf)
        elif _is(t, "CLASS", 2) and not chosen and i + 1 < len(selectors) and _class_ok(selectors[i + 1]):
            c = selectors[i + 1].upper()
            chosen.extend(f for f in pool if f.spool_class == c)
            i += 2
            break
        elif t == "ALL" and not chosen:
            chosen.extend(pool)
            i += 1
            break
        else:
            break
        i += 1
    if i == 0:
        return user.msg(26)
    seen, unique = set(), []
    for f in chosen:
        if f.spoolid not in seen:
            seen.add(f.spoolid)
            unique.append(f)
    return unique, selectors[i:]


# ---------------------------------------------------------------------- PURGE / ORDER / TRANSFER / CHANGE
def cmd_purge(user, args: list[str], out) -> int:
    """PURGE [userid] READER|PRINTER|PUNCH spoolid...|CLASS c|ALL."""
    got = _owner_and_queue(user, args)
    if isinstance(got, int):
        return got
    owner, queue, rest = got
    sel = _select(user, owner, queue, rest)
    if isinstance(sel, int):
        return sel
    files, extra = sel
    if extra:
        return user.msg(2, operand=extra[0].upper())
    spool = spool_of(user)
    n = sum(spool.purge(f.spoolid) for f in files)
    out(_count_response(n, "PURGED"))
    return 0


def cmd_order(user, args: list[str], out) -> int:
    """ORDER [userid] READER|PRINTER|PUNCH spoolid|CLASS c ...: those files first, in that order."""
    got = _owner_and_queue(user, args)
    if isinstance(got, int):
        return got
    owner, queue, rest = got
    files, spool = [], spool_of(user)
    while rest:
        sel = _select(user, owner, queue, rest)
        if isinstance(sel, int):
            return sel
        picked, rest = sel
        if not picked and rest:
            return user.msg(2, operand=rest[0].upper())
        files.extend(f for f in picked if f not in files)
    if not files:
        out(_count_response(0, "ORDERED"))
        return 0
    spool.order([f.spoolid for f in files])
    out(_count_response(len(files), "ORDERED"))
    return 0


def cmd_transfer(user, args: list[str], out) -> int:
    """TRANSFER [READER] spoolid|CLASS c|ALL [TO] userid: reader files to another user's reader."""
    ops = list(args)
    if ops and _queue(ops[0]) == "RDR":
        ops = ops[1:]
    sel = _select(user, user.userid, "RDR", ops)
    if isinstance(sel, int):
        return sel
    files, rest = sel
    if rest and _is(rest[0], "TO", 1) and len(rest) > 1:
        rest = rest[1:]
    if len(rest) != 1:
        return user.msg(20)
    to = user.userid if rest[0] == "*" else rest[0].upper()
    if not _known_user(user, to):
        return user.msg(53, userid=to)
    spool = spool_of(user)
    for f in files:
        spool.transfer(f.spoolid, to)
    out(_count_response(len(files), "TRANSFERRED"))
    return 0


def cmd_change(user, args: list[str], out) -> int:
    """CHANGE [userid] READER|PRINTER|PUNCH spoolid|CLASS c|ALL [CLASS c] [COPY nn]
    [HOLD|NOHOLD] [NAME fn [ft]] [DIST code]."""
    got = _owner_and_queue(user, args)
    if isinstance(got, int):
        return got
    owner, queue, rest = got
    sel = _select(user, owner, queue, rest)
    if isinstance(sel, int):
        return sel
    files, ops = sel
    if not ops:
        return user.msg(26)
    new: dict = {}
    i = 0
    while i < len(ops):
        t = ops[i].upper()
        nxt = ops[i + 1].upper() if i + 1 < len(ops) else None
        if _is(t, "CLASS", 2) and nxt is not None and _class_ok(nxt):
            new["spool_class"] = nxt
            i += 1
        elif _is(t, "COPY", 2) and nxt is not None and nxt.isdigit() and 1 <= int(nxt) <= 99:
            new["copies"] = int(nxt)
            i += 1
        elif _is(t, "HOLD", 2) or _is(t, "NOHOLD", 3):
            new["user_hold"] = t.startswith("HO")
        elif _is(t, "NAME", 2) and nxt is not None:
            new["name"] = nxt[:24]
            i += 1
            if i + 1 < len(ops) and not _closing_keyword(ops[i + 1]) and not _is(ops[i + 1], "CLASS", 2) \
                    and not _is(ops[i + 1], "COPY", 2):
                new["type"] = ops[i + 1].upper()[:8]
                i += 1
        elif _is(t, "DIST", 2) and nxt is not None:
            new["dist"] = nxt[:8]
            i += 1
        else:
            return user.msg(3, option=ops[i])
        i += 1
    spool = spool_of(user)
    for f in files:
        spool.change(f.spoolid, **new)
    out(_count_response(len(files), "CHANGED"))
    return 0


# ---------------------------------------------------------------------- QUERY READER / PRINTER / PUNCH / FILES
# Column starts of the R6 heading (GC20-1806 QUERY): the data fields sit under their titles.
HEADING = "ORIGINID FILE CLASS RECDS  CPY HOLD"
HEADING_ALL = HEADING + " DATE  TIME     NAME      TYPE      DIST"
COLUMNS = {"id": 0, "file": 9, "class": 14, "typ": 16, "recds": 20, "cpy": 27, "hold": 31,
           "date": 36, "time": 42, "name": 51, "type": 61, "dist": 71}


def _place(fields: list[tuple[str, str]]) -> str:
    line = ""
    for key, text in fields:
        col = COLUMNS[key]
        if len(line) < col:
            line = line.ljust(col)
        elif line:
            line += " "                 # a field longer than its column pushes the rest right
        line += text
    return line.rstrip()


def file_line(sf, detail: bool, show_owner: bool = False) -> str:
    """One QUERY line: originator (or owner), spoolid, class, device, records, copies, hold."""
    fields = [("id", (sf.owner if show_owner else sf.origin)[:8]), ("file", f"{sf.spoolid:04d}"),
              ("class", sf.spool_class), ("typ", sf.devtype), ("recds", f"{min(sf.records, 999999):06d}"),
              ("cpy", f"{sf.copies:02d}"), ("hold", sf.hold)]
    if detail:
        t = sf.created_at
        fields += [("date", t.strftime("%m/%d")), ("time", t.strftime("%H:%M:%S")),
                   ("name", sf.name[:8]), ("type", sf.type[:8]), ("dist", sf.dist[:8])]
    return _place(fields)


def _query_queue(user, queue: str, args: list[str], out) -> int:
    spool = spool_of(user)
    if spool is None:
        out(f"NO {queue} FILES")
        return 0
    owner, detail, only, cls = user.userid, False, None, None
    i = 0
    while i < len(args):
        t = args[i].upper()
        if t == "ALL":
            detail = True
        elif t == "*":
            owner = user.userid
        elif _spoolid(t) is not None:
            only, detail = _spoolid(t), True
        elif _is(t, "CLASS", 2) and i + 1 < len(args) and _class_ok(args[i + 1]):
            cls = args[i + 1].upper()
            i += 1
        elif user.has_class("D") and t == "SYSTEM":
            owner = None
        elif user.has_class("D") and t.isalnum() and len(t) <= 8:
            owner = t
        else:
            return user.msg(2, operand=args[i].upper())
        i += 1
    files = spool.list(owner, queue)
    if only is not None:
        files = [f for f in files if f.spoolid == only]
        if not files:
            return user.msg(42, spoolid=f"{only:04d}")
    if cls is not None:
        files = [f for f in files if f.spool_class == cls]
    if not files:
        out(f"NO {queue} FILES")
        return 0
    head = HEADING_ALL if detail else HEADING
    out(head.replace("ORIGINID", "OWNERID ") if owner is None else head)
    for f in files:
        out(file_line(f, detail, show_owner=owner is None))
    return 0


def query_reader(user, args: list[str], out) -> int:
    """QUERY READER [ALL|spoolid] [CLASS c] (class D: [userid|SYSTEM])."""
    return _query_queue(user, "RDR", args, out)


def query_printer(user, args: list[str], out) -> int:
    return _query_queue(user, "PRT", args, out)


def query_punch(user, args: list[str], out) -> int:
    return _query_queue(user, "PUN", args, out)


def query_files(user, args: list[str], out) -> int:
    """QUERY FILES: how many files the user has in each queue ('FILES: 0002 RDR, NO PRT, NO PUN';
    R6 wording unverified, later VM's)."""
    if args:
        return user.msg(2, operand=args[0].upper())
    spool = spool_of(user)
    counts = [len(spool.list(user.userid, q)) if spool is not None else 0 for q in ("RDR", "PRT", "PUN")]
    parts = [f"{'NO' if n == 0 else f'{n:04d}'} {q}" for n, q in zip(counts, ("RDR", "PRT", "PUN"))]
    out("FILES: " + ", ".join(parts))
    return 0


# ---------------------------------------------------------------------- real devices (class D)
def _units(user):
    return getattr(getattr(user, "system", None), "spool_devices", None)


def _real_targets(user, token: str):
    """raddr | PRINTER | PUNCH | READER | ALL -> the real spooling devices, or an rc."""
    units = _units(user)
    devices = sorted(units.devices.values(), key=lambda d: d.raddr) if units is not None else []
    if token.upper() == "ALL":
        return devices
    q = _queue(token)
    if q is not None:
        return [d for d in devices if d.kind == q]
    ra = _vaddr(token)
    if ra is None:
        return user.msg(21)
    hit = [d for d in devices if d.raddr == ra]
    return hit if hit else user.msg(40, vaddr=f"{ra:03X}")


def cmd_start(user, args: list[str], out) -> int:
    """START raddr|PRINTER|PUNCH|READER|ALL [CLASS cccc] [SEP|NOSEP] (GC20-1806 START):
    the real printer/punch takes files of up to four classes; a reader reads its deck."""
    if not args:
        return user.msg(21)
    devs = _real_targets(user, args[0])
    if isinstance(devs, int):
        return devs
    classes, sep, i = None, None, 1
    while i < len(args):
        t = args[i].upper()
        if _is(t, "CLASS", 2) and i + 1 < len(args) and 1 <= len(args[i + 1]) <= 4 \
                and args[i + 1].isalnum():
            classes = args[i + 1].upper()
            i += 2
            continue
        if t in ("SEP", "NOSEP"):
            sep = t == "SEP"
        else:
            return user.msg(2, operand=args[i].upper())
        i += 1
    from cp.spool.realdev import RealDeviceError
    units = _units(user)
    for d in devs:
        try:
            units.start(d.raddr, classes if d.kind != "RDR" else None, sep)
        except RealDeviceError as e:
            out(str(e))
        out(d.status_line())
    return 0


def cmd_drain(user, args: list[str], out) -> int:
    """DRAIN raddr|PRINTER|PUNCH|READER|ALL: stop after the file in progress."""
    if not args:
        return user.msg(21)
    devs = _real_targets(user, args[0])
    if isinstance(devs, int):
        return devs
    if len(args) > 1:
        return user.msg(2, operand=args[1].upper())
    units = _units(user)
    for d in devs:
        units.drain(d.raddr)
        out(d.status_line())
    return 0


def _hold_free(hold: bool):
    def handler(user, args: list[str], out) -> int:
        """HOLD / FREE userid [ALL|READER|PRINTER|PUNCH] (class D, GC20-1806): put the user's
        files in system hold, or take them out of it (the owner's own HOLD is untouched)."""
        if not args:
            return user.msg(20)
        uid = args[0].upper()
        if not _known_user(user, uid):
            return user.msg(53, userid=uid)
        if len(args) > 2:
            return user.msg(2, operand=args[2].upper())
        queues = ("RDR", "PRT", "PUN")
        if len(args) == 2 and args[1].upper() != "ALL":
            q = _queue(args[1])
            if q is None:
                return user.msg(2, operand=args[1].upper())
            queues = (q,)
        spool = spool_of(user)
        for q in queues:
            for f in (spool.list(uid, q) if spool is not None else []):
                spool.change(f.spoolid, system_hold=hold)
        return 0
    return handler


def cmd_devinit(user, args: list[str], out) -> int:
    """DEVINIT raddr hostfile [TO userid] [CLASS c] [NAME fn [ft]] [ASCII|EBCDIC] (class D):
    read a host file as a card deck on a real reader (Hercules' name for mounting a deck);
    without TO the deck's ID card says whose reader it goes to.  Not an R6 command."""
    if len(args) < 2:
        return user.msg(26)
    devs = _real_targets(user, args[0])
    if isinstance(devs, int):
        return devs
    if len(devs) != 1 or devs[0].kind != "RDR":
        return user.msg(2, operand=args[0].upper())
    opts: dict = {}
    i, ops = 0, args[2:]
    while i < len(ops):
        t = ops[i].upper()
        nxt = ops[i + 1] if i + 1 < len(ops) else None
        if _is(t, "TO", 1) and nxt is not None:
            uid = nxt.upper()
            if not _known_user(user, uid):
                return user.msg(53, userid=uid)
            opts["to"] = uid
            i += 1
        elif _is(t, "CLASS", 2) and nxt is not None and _class_ok(nxt.upper()):
            opts["spool_class"] = nxt.upper()
            i += 1
        elif _is(t, "NAME", 2) and nxt is not None:
            opts["name"] = nxt.upper()[:24]
            i += 1
            if i + 1 < len(ops) and ops[i + 1].upper() not in ("ASCII", "EBCDIC") \
                    and not _is(ops[i + 1], "CLASS", 2) and not _is(ops[i + 1], "TO", 1):
                opts["type"] = ops[i + 1].upper()[:8]
                i += 1
        elif t in ("ASCII", "EBCDIC"):
            opts["mode"] = t.lower()
        else:
            return user.msg(3, option=ops[i])
        i += 1
    from cp.spool.realdev import RealDeviceError
    try:
        sf = _units(user).read_deck(devs[0].raddr, args[1], **opts)
    except RealDeviceError as e:
        out(str(e))
        return 26
    out(f"RDR {devs[0].raddr:03X} INPUT FOR {sf.owner:<8} FILE {sf.spoolid:04d}")
    return 0


def is_real_device(user, token: str) -> bool:
    """Is ``token`` the address of one of the system's real spooling devices?"""
    units, ra = _units(user), _vaddr(token)
    return units is not None and ra is not None and any(
        d.raddr == ra for d in units.devices.values())


def query_real(user, args: list[str], out) -> int:
    """QUERY raddr of a real spooling device (class B/D): its state, classes, current file."""
    devs = _real_targets(user, args[0]) if args else user.msg(21)
    if isinstance(devs, int):
        return devs
    for d in devs:
        out(d.status_line())
    return 0


# ---------------------------------------------------------------------- the table rows
COMMANDS = [
    Command("SPOOL", 2, "G", cmd_spool, GROUP),
    Command("CLOSE", 2, "G", cmd_close, GROUP),
    Command("PURGE", 2, "DG", cmd_purge, GROUP),
    Command("ORDER", 3, "DG", cmd_order, GROUP),
    Command("TRANSFER", 4, "DG", cmd_transfer, GROUP),
    Command("CHANGE", 2, "DG", cmd_change, GROUP),
    Command("START", 3, "D", cmd_start, GROUP),
    Command("DRAIN", 2, "D", cmd_drain, GROUP),
    Command("DEVINIT", 4, "D", cmd_devinit, GROUP),
    Command("HOLD", 4, "D", _hold_free(True), GROUP),
    Command("FREE", 4, "D", _hold_free(False), GROUP),
]
