"""Running the virtual machine: IPL, BEGIN, SYSTEM RESET|CLEAR|RESTART, EXTERNAL,
REQUEST/ATTN, READY, NOTREADY, RESET.

``resume(user)`` is how a command lets the machine run again: it leaves console function
mode and tells the dispatcher (``dispatcher.kick``).
"""

from __future__ import annotations

from s370.cpu import layout as L
from s370.devices.base import UNIT_ATTENTION, UNIT_DE

from .common import emsg, parse_hex, parse_vaddr
from .table import Command

INVALID_OPERAND = 2
VADDR_MISSING = 22
OPERAND_MISSING = 26
HEXLOC_MISSING = 33
DEV_NOT_EXIST = 40
SYSTEM_NOT_EXIST = 44
HEXLOC_EXCEEDS = 160
CP_ENTERED = 450

INTERRUPT_KEY = 0x0040          # EXTERNAL with no code: the interrupt key (PoO external class)


def resume(user) -> None:
    """The machine may run: out of CP READ, and the dispatcher told."""
    vm = user.vm
    vm.stopped = False
    leave = getattr(user, "leave_cp_mode", None)
    if callable(leave):
        leave()
    else:
        user.cp_mode = False
        t = getattr(user, "terminal", None)
        if t is not None and hasattr(t, "set_state"):
            t.set_state("RUNNING")
    disp = getattr(user.system, "dispatcher", None)
    if disp is not None:
        disp.kick(user)


def stop(user) -> None:
    """The machine stops and the user is in CP READ (SYSTEM RESET, DEFINE STORAGE ...).

    A machine running on a dispatcher thread is asked back first (``request_exit``), so
    that commands which replace its state do not do it under a running slice; the
    dispatcher must not run a machine that is ``stopped``."""
    vm = user.vm
    if not vm.stopped:
        vm.stopped = True
        vm.request_exit()
    user.cp_mode = True


# ------------------------------------------------------------------ IPL
def cmd_ipl(user, args, out) -> int:
    """IPL vaddr|sysname [CLEAR] [STOP] [PARM text].

    A 1-3 digit hex operand is a virtual device; anything else names a saved system
    (``system.ipl_named(user, name, clear=...)``; none of that name: DMKCFG044E)."""
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    target = args.upper(0)
    clear = stop_after = False
    parm = None
    i = 1
    while i < len(args):
        w = args.upper(i)
        if w == "CLEAR":
            clear = True
        elif w == "STOP":
            stop_after = True
        elif w == "PARM":
            parm = args.rest(i + 1)
            break
        else:
            return emsg(user, out, INVALID_OPERAND, operand=w)
        i += 1
    vm = user.vm
    vm.ipl_parm = parm
    vaddr = parse_vaddr(target)
    if vaddr is not None:
        if vm.device(vaddr) is None:
            return emsg(user, out, DEV_NOT_EXIST, vaddr=f"{vaddr:03X}")
        why = vm.ipl(vaddr, clear)
    else:
        why = user.system.ipl(user, target, clear=clear)
        if why == f"SYSTEM {target.upper()} DOES NOT EXIST":
            return emsg(user, out, SYSTEM_NOT_EXIST, name=target.upper())
    if why:
        stop(user)
        return emsg(user, out, CP_ENTERED, reason=str(why))
    if stop_after:
        stop(user)
        return 0
    resume(user)
    return 0


# ------------------------------------------------------------------ BEGIN
def cmd_begin(user, args, out) -> int:
    """BEGIN [hexloc]: resume the machine, at hexloc if given."""
    vm = user.vm
    if args:
        loc = parse_hex(args.upper(0), 6)
        if loc is None:
            return emsg(user, out, HEXLOC_MISSING)
        if loc >= vm.storage:
            return emsg(user, out, HEXLOC_EXCEEDS, hexloc=args.upper(0))
        vm.sd.S[L.PSW_IA] = loc
    resume(user)
    return 0


# ------------------------------------------------------------------ SYSTEM
def cmd_system(user, args, out) -> int:
    """SYSTEM RESET|CLEAR|RESTART: the system console's buttons.

    RESET and CLEAR leave the machine stopped in CP READ ('SYSTEM RESET' /
    'STORAGE CLEARED - SYSTEM RESET'; wording unverified).  RESTART makes a restart
    interruption pending and lets the machine run (old PSW at 8, new PSW from 0)."""
    w = args.upper(0)
    vm = user.vm
    if w in ("RESET", "CLEAR"):
        stop(user)
        vm.system_reset(clear=w == "CLEAR")
        out("STORAGE CLEARED - SYSTEM RESET" if w == "CLEAR" else "SYSTEM RESET")
        return 0
    if w == "RESTART":
        vm.sd.S[L.RESTART_PENDING] = 1
        resume(user)
        return 0
    if w is None:
        return emsg(user, out, OPERAND_MISSING)
    return emsg(user, out, INVALID_OPERAND, operand=w)


def cmd_reset(user, args, out) -> int:
    """RESET: clear the machine's pending interruptions, keep storage and PSW."""
    vm = user.vm
    vm.sd.cpu_reset()
    vm.sd.io_queue.clear()
    vm.sd.ext_queue.clear()
    vm.channels.reset()
    return 0


# ------------------------------------------------------------------ interruptions
def cmd_external(user, args, out) -> int:
    """EXTERNAL [code]: an external interruption, the interrupt key (X'0040') by default."""
    code = INTERRUPT_KEY
    if args:
        code = parse_hex(args.upper(0), 4)
        if not code:
            return emsg(user, out, INVALID_OPERAND, operand=args.upper(0))
    user.vm.post_external(code)
    resume(user)
    return 0


def _console(user):
    from . import vdevinfo
    for vaddr, dev in sorted(user.vm.devices.items()):
        if vdevinfo.kind(dev) == "CONS":
            return dev
    return None


def cmd_request(user, args, out) -> int:
    """REQUEST/ATTN: an attention interruption from the virtual console (the REQUEST key)."""
    att = getattr(user, "attention", None)
    if callable(att):
        att()
    else:
        dev = _console(user)
        if dev is None:
            return emsg(user, out, DEV_NOT_EXIST, vaddr="CONS")
        dev.attention(UNIT_ATTENTION)
    resume(user)
    return 0


def _device(user, args, out):
    v = parse_vaddr(args.upper(0))
    if v is None:
        return None, emsg(user, out, VADDR_MISSING)
    dev = user.vm.device(v)
    if dev is None:
        return None, emsg(user, out, DEV_NOT_EXIST, vaddr=f"{v:03X}")
    return dev, 0


def cmd_ready(user, args, out) -> int:
    """READY vaddr: device end from the device (as if it became ready)."""
    dev, rc = _device(user, args, out)
    if dev is None:
        return rc
    if hasattr(dev, "not_ready"):
        dev.not_ready = False
    dev.attention(UNIT_DE)
    return 0


def cmd_notready(user, args, out) -> int:
    """NOTREADY vaddr: the device answers not ready (intervention required) until READY.
    Device models that can be not ready read ``not_ready`` (an attribute this sets)."""
    dev, rc = _device(user, args, out)
    if dev is None:
        return rc
    dev.not_ready = True
    return 0


COMMANDS = [
    Command("IPL", 1, "G", cmd_ipl, "run"),
    Command("BEGIN", 1, "G", cmd_begin, "run"),
    Command("SYSTEM", 3, "G", cmd_system, "run"),
    Command("EXTERNAL", 3, "G", cmd_external, "run"),
    Command("REQUEST", 3, "G", cmd_request, "run"),
    Command("ATTN", 4, "G", cmd_request, "run"),
    Command("READY", 5, "G", cmd_ready, "run"),
    Command("NOTREADY", 4, "G", cmd_notready, "run"),
    Command("RESET", 5, "G", cmd_reset, "run"),
]
