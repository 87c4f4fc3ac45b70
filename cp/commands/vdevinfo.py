"""What QUERY VIRTUAL, DETACH and friends say about a virtual device: its CP name (CONS,
RDR, PUN, PRT, DASD, TAPE, GRAF, ...) and its QUERY VIRTUAL line.

A device model may answer for itself: ``cp_name`` (attribute) and ``query_line(vaddr)``
(one line, or several separated by newlines).  Otherwise the kind comes from the model's
class name and device type, and the line from attributes devices commonly have.  The R6
column layout is unverified beyond the samples in the brief and emx370's R6 imitation.
"""

from __future__ import annotations

from cp.vdev.spooldev import console_spool_of

CONSOLE_TYPES = {0x3215, 0x3210, 0x1052}
READER_TYPES = {0x3505, 0x2501}
PUNCH_TYPES = {0x3525}
PRINTER_TYPES = {0x1403, 0x1443, 0x3203, 0x3211}
DASD_TYPES = {0x2305, 0x2314, 0x2319, 0x3310, 0x3330, 0x3340, 0x3350, 0x3370, 0x3375, 0x3380,
              0x3390}
TAPE_TYPES = {0x2401, 0x2420, 0x3410, 0x3420, 0x3480}
GRAF_TYPES = {0x3270, 0x3277, 0x3278, 0x3279, 0x2250}
CTCA_TYPES = {0x3088}

UR_KINDS = ("RDR", "PUN", "PRT")


def kind(dev) -> str:
    name = getattr(dev, "cp_name", None)
    if name:
        return name
    cls = type(dev).__name__.upper()
    for word, k in (("READER", "RDR"), ("PUNCH", "PUN"), ("PRINTER", "PRT"), ("CONSOLE", "CONS"),
                    ("MINIDISK", "DASD"), ("TIMER", "TIMR"), ("CTC", "CTCA")):
        if word in cls:
            return k
    t = getattr(dev, "devtype", 0)
    for types, k in ((CONSOLE_TYPES, "CONS"), (READER_TYPES, "RDR"), (PUNCH_TYPES, "PUN"),
                     (PRINTER_TYPES, "PRT"), (DASD_TYPES, "DASD"), (TAPE_TYPES, "TAPE"),
                     (GRAF_TYPES, "GRAF"), (CTCA_TYPES, "CTCA")):
        if t in types:
            return k
    return "DEV"


def volume_of(system, dev) -> str | None:
    """The volser of the real volume a DASD model reads (``system.volumes``), if known."""
    image = getattr(dev, "image", None)
    if image is None:
        return None
    for volser, img in getattr(system, "volumes", {}).items():
        if img is image:
            return volser
    return None


def _flag(dev, name, yes, no, default=False):
    return yes if getattr(dev, name, default) else no


def query_lines(user, vaddr: int, dev) -> list[str]:
    own = getattr(dev, "query_line", None)
    if callable(own):
        return str(own(vaddr)).split("\n")
    k = kind(dev)
    t = getattr(dev, "devtype", 0)
    if k == "CONS":
        term = getattr(getattr(user, "terminal", None), "name", None) or "DEV"
        line = f"CONS {vaddr:03X} ON {term}"
        cs = console_spool_of(user)
        if cs is None or not cs.started:
            return [line]
        # spooled: the printer line's layout (GC20-1820 QUERY VIRTUAL), START and the
        # TO/FOR line as for a printer (the exact R6 console columns are unverified)
        to = cs.to
        return [f"{line} CL {cs.spool_class} {'CONT  ' if cs.cont else 'NOCONT'} "
                f"{'HOLD  ' if cs.hold else 'NOHOLD'} COPY {cs.copies:02d}    START",
                f"     {vaddr:03X} {'TO ' if to else 'FOR'} {(to or user.userid):<8} "
                f"DIST {cs.dist:<8}"]
    if k == "RDR":
        cl = getattr(dev, "spool_class", "*")
        return [f"RDR  {vaddr:03X} CL {cl}  {_flag(dev, 'cont', '  CONT', 'NOCONT')} "
                f"{_flag(dev, 'hold', '  HOLD', 'NOHOLD')} {_flag(dev, 'eof', '  EOF', 'NOEOF', True)}"
                f"      READY"]
    if k in ("PUN", "PRT"):
        cl = getattr(dev, "spool_class", "A")
        copies = int(getattr(dev, "copies", 1) or 1)
        to = getattr(dev, "spool_to", None)
        dist = getattr(dev, "dist", None) or getattr(getattr(user, "entry", None), "distcode", None) \
            or user.userid
        return [f"{k}  {vaddr:03X} CL {cl}  {_flag(dev, 'cont', 'CONT  ', 'NOCONT')} "
                f"{_flag(dev, 'hold', 'HOLD  ', 'NOHOLD')} COPY {copies:02d}    READY",
                f"     {vaddr:03X} {'TO ' if to else 'FOR'} {(to or user.userid):<8} DIST {dist:<8}"]
    if k == "DASD":
        volser = getattr(dev, "volser", None) or volume_of(user.system, dev) or "------"
        ro = getattr(dev, "read_only", None)
        if ro is None:
            ro = getattr(dev, "readonly", False)
        cyls = int(getattr(dev, "cyls", 0) or getattr(dev, "cylinders", 0) or 0)
        return [f"DASD {vaddr:03X} {t:04X} {volser:<6} {'R/O' if ro else 'R/W'} {cyls:03d} CYL"]
    if k == "TAPE":
        return [f"TAPE {vaddr:03X} ON DEV {getattr(dev, 'raddr', vaddr):03X}"]
    if k == "GRAF":
        return [f"GRAF {vaddr:03X} {t:04X}"]
    return [f"{k:<4} {vaddr:03X} {t:04X}"]
