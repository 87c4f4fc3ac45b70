"""TRACE and ADSTOP: watching the virtual machine run.

    TRACE SVC|IO|PROGRAM|EXTERNAL|PRIV|SIO|CCW|BRANCH|INSTRUCT|CSW|ALL ...
          [PRINTER|TERMINAL|BOTH|OFF] [RUN|NORUN]
    TRACE END
    ADSTOP hexloc | OFF

CP asks the interpretive-execution facility for exactly the events traced: the opcodes of
SVC, branches, privileged and I/O instructions (``sd.opcode_intercepts``: Intercept.
INSTRUCTION, the instruction not yet executed), program interruptions
(``sd.program_intercepts``: Intercept.PROGRAM, not yet taken) and single stepping for
INSTRUCT (``sd.single_step``: Intercept.TRACE).  ADSTOP is the core's instruction-address
stop (``S[BREAK_ADDR]``, also Intercept.TRACE).  I/O and external interruptions are not
intercepts of the core, so IO/EXTERNAL/CSW are recorded but print nothing yet.

The dispatcher calls ``trace_event(user, intercept)`` when a slice ends with
Intercept.PROGRAM, INSTRUCTION or TRACE; it prints the trace line, does what the intercept
needs (a program interruption is then reflected to the guest) and says whether the machine
may run on (True) or has stopped in CP READ (NORUN, ADSTOP reached: False).

Trace line layout (R6's exact columns unverified): ``*** hhhhhh SVC  0A CA`` etc.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from s370 import isa
from s370.cpu import layout as L
from s370.disasm import disassemble

from .common import emsg, parse_hex
from .table import Command

INVALID_OPERAND = 2
INVALID_HEXLOC = 4
CONFLICTING = 13
OPERAND_MISSING = 26
HEXLOC_MISSING = 33
HEXLOC_EXCEEDS = 160

EVENTS = ("SVC", "IO", "PROGRAM", "EXTERNAL", "PRIV", "SIO", "CCW", "BRANCH", "INSTRUCT", "CSW")
# Event name, minimum abbreviation (VM/SP's; R6 unverified)
EVENT_ABBREV = {"SVC": 3, "IO": 2, "PROGRAM": 4, "EXTERNAL": 3, "PRIV": 4, "SIO": 3, "CCW": 3,
                "BRANCH": 2, "INSTRUCT": 4, "CSW": 3, "ALL": 3}
OUTPUTS = {"PRINTER": 3, "TERMINAL": 4, "BOTH": 4}

BRANCH_MNEMONICS = ("BALR", "BCTR", "BCR", "BASR", "BAL", "BCT", "BC", "BXH", "BXLE", "BAS")
IO_MNEMONICS = ("SIO", "SIOF", "TIO", "HIO", "HDV", "TCH", "CLRIO", "STIDC")
PROGRAM_CODES = frozenset(range(1, 0x20)) | {0x40}


def _opcodes(pred) -> frozenset:
    return frozenset(i.opcode for i in isa.INSTRUCTIONS if pred(i))


SVC_OPCODES = _opcodes(lambda i: i.mnemonic == "SVC")
BRANCH_OPCODES = _opcodes(lambda i: i.mnemonic in BRANCH_MNEMONICS)
SIO_OPCODES = _opcodes(lambda i: i.mnemonic in IO_MNEMONICS)
PRIV_OPCODES = _opcodes(lambda i: i.privileged)


@dataclass
class TraceSettings:
    """What the user traces (``user.trace``) and where the lines go."""
    events: set = field(default_factory=set)
    output: str = "TERMINAL"          # TERMINAL | PRINTER | BOTH
    run: bool = False                 # NORUN (stop after each event) is VM/370's default


def settings(user) -> TraceSettings:
    t = getattr(user, "trace", None)
    if not isinstance(t, TraceSettings):
        t = TraceSettings()
        user.trace = t
    return t


def apply(user) -> None:
    """Set the machine's intercept controls from the user's trace settings."""
    t = settings(user)
    sd = user.vm.sd
    ev = t.events
    ops = set()
    if "SVC" in ev:
        ops |= SVC_OPCODES
    if "BRANCH" in ev:
        ops |= BRANCH_OPCODES
    if ev & {"SIO", "IO", "CCW", "CSW"}:
        ops |= SIO_OPCODES
    if "PRIV" in ev:
        ops |= PRIV_OPCODES
    sd.opcode_intercepts = ops
    sd.program_intercepts = PROGRAM_CODES if "PROGRAM" in ev else frozenset()
    sd.single_step = "INSTRUCT" in ev


def _event(word: str) -> str | None:
    w = word.upper()
    for name, n in EVENT_ABBREV.items():
        if n <= len(w) <= len(name) and name.startswith(w):
            return name
    return None


def cmd_trace(user, args, out) -> int:
    if not args:
        return emsg(user, out, OPERAND_MISSING)
    t = settings(user)
    if args.upper(0) == "END" and len(args) == 1:
        t.events.clear()
        apply(user)
        out("TRACE ENDED")                    # unverified wording
        return 0
    events, output, run, off = set(), None, None, False
    for w in (a.upper() for a in args):
        e = _event(w)
        if e is not None:
            events |= set(EVENTS) if e == "ALL" else {e}
            continue
        o = next((k for k, n in OUTPUTS.items() if n <= len(w) <= len(k) and k.startswith(w)), None)
        if o is not None:
            if output is not None and output != o:
                return emsg(user, out, CONFLICTING, option=w)
            output = o
        elif w == "OFF":
            off = True
        elif w in ("RUN", "NORUN"):
            if run is not None and run != (w == "RUN"):
                return emsg(user, out, CONFLICTING, option=w)
            run = w == "RUN"
        else:
            return emsg(user, out, INVALID_OPERAND, operand=w)
    if not events:
        return emsg(user, out, OPERAND_MISSING)
    if off:
        t.events -= events
    else:
        t.events |= events
        if output is not None:
            t.output = output
        if run is not None:
            t.run = run
    apply(user)
    return 0


# ------------------------------------------------------------------ ADSTOP
def cmd_adstop(user, args, out) -> int:
    """ADSTOP hexloc|OFF: stop when the machine is about to execute the instruction at
    hexloc (one-shot: removed when reached, as VM/370)."""
    w = args.upper(0)
    if w is None:
        return emsg(user, out, HEXLOC_MISSING)
    S = user.vm.sd.S
    if w == "OFF":
        S[L.BREAK_ADDR] = -1
        return 0
    loc = parse_hex(w, 6)
    if loc is None or loc % 2:
        return emsg(user, out, INVALID_HEXLOC, hexloc=w)
    if loc >= user.vm.storage:
        return emsg(user, out, HEXLOC_EXCEEDS, hexloc=w)
    S[L.BREAK_ADDR] = loc
    return 0


# ------------------------------------------------------------------ the dispatcher's hook
def _write(user, t: TraceSettings, line: str) -> None:
    if t.output in ("TERMINAL", "BOTH"):
        user.say(line)
    if t.output in ("PRINTER", "BOTH"):
        from .storage import _printer
        _, prt = _printer(user)
        if prt is not None and callable(getattr(prt, "print_line", None)):
            prt.print_line(line)


def _instruction_text(vm, addr: int) -> tuple[str, bytes]:
    from .storage import read_real
    size = vm.storage
    data = read_real(vm, addr, max(0, min(6, size - addr)))
    text, n = disassemble(data, addr)
    return text, data[:n]


def trace_event(user, intercept) -> bool:
    """Handle a trace intercept of ``user``'s machine; True if it may run on."""
    from sie import Intercept, reflect_program
    vm = user.vm
    sd = vm.sd
    S = sd.S
    t = settings(user)
    ia = int(S[L.PSW_IA])
    if intercept == Intercept.TRACE and int(S[L.BREAK_ADDR]) == ia:
        S[L.BREAK_ADDR] = -1
        user.say(f"ADSTOP AT {ia:06X}")
        return _stop(user)
    if intercept == Intercept.PROGRAM:
        code = sd.intercept_program_code
        old = ia - 2 * int(S[L.PSW_ILC]) if int(S[L.PSW_ILC]) else ia
        _write(user, t, f"*** {old:06X} PROG {code:04X} ==> {ia:06X}")
        reflect_program(sd, code)
    elif intercept == Intercept.INSTRUCTION:
        addr = sd.intercept_instruction_address
        text, raw = _instruction_text(vm, addr)
        kind = "SVC " if sd.intercept_opcode in SVC_OPCODES else \
            "I/O " if sd.intercept_opcode in SIO_OPCODES else \
            "BR  " if sd.intercept_opcode in BRANCH_OPCODES else "PRIV"
        _write(user, t, f"*** {addr:06X} {kind} {raw.hex().upper():<12} {text}")
    elif intercept == Intercept.TRACE:
        text, raw = _instruction_text(vm, ia)
        _write(user, t, f"*** {ia:06X} INST {raw.hex().upper():<12} {text}")
    else:
        return True
    return True if t.run else _stop(user)


def _stop(user) -> bool:
    from .run import stop
    stop(user)
    return False


COMMANDS = [
    Command("TRACE", 2, "G", cmd_trace, "trace"),
    Command("ADSTOP", 6, "G", cmd_adstop, "trace"),
]
