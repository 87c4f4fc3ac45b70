"""Intercept codes: why ``run_guest`` handed a guest back to the host (CP).

One table: code, name, what CP must do, where the parameters are.  The
parameters of an instruction intercept are read from the state description
(``sd.intercept_opcode``, ``sd.intercept_address``, ``sd.intercept_image``, ...).
"""

from enum import IntEnum


class Intercept(IntEnum):
    TIMESLICE = 0        # the budget (time slice) ran out
    IO_INSTRUCTION = 1   # SIO SIOF TIO CLRIO HIO HDV TCH STIDC: CP performs it, sets the CC
    DIAGNOSE = 2         # DIAGNOSE Rx,Ry,code: CP performs it
    SIGP = 3             # SIGNAL PROCESSOR: CP performs it (virtual MP, or CC 3)
    SCK = 4              # SET CLOCK: CP sets the guest's TOD epoch (set_guest_tod)
    ENABLED_WAIT = 5     # wait state, some interruption can end it: dispatch someone else
    DISABLED_WAIT = 6    # wait with every interruption masked: the guest has stopped
    REQUEST = 7          # CP asked for the guest back (request_exit), from any thread
    PROGRAM = 8          # a program interruption of a class CP asked to see; not yet taken
    INSTRUCTION = 9      # an opcode CP asked to see (TRACE, teaching); not yet executed
    TRACE = 10           # single step (sd.single_step): one instruction done
    VALIDITY = 11        # the state description is inconsistent (sd.validity_reason)
    CHECKSTOP = 12


DESCRIPTION = {
    Intercept.TIMESLICE: "time slice ended",
    Intercept.IO_INSTRUCTION: "I/O instruction (PSW past it)",
    Intercept.DIAGNOSE: "DIAGNOSE (PSW past it)",
    Intercept.SIGP: "SIGNAL PROCESSOR (PSW past it)",
    Intercept.SCK: "SET CLOCK (PSW past it)",
    Intercept.ENABLED_WAIT: "enabled wait",
    Intercept.DISABLED_WAIT: "disabled wait",
    Intercept.REQUEST: "host request",
    Intercept.PROGRAM: "program interruption (untaken; reflect_program)",
    Intercept.INSTRUCTION: "intercepted opcode (PSW at it; runs on resume)",
    Intercept.TRACE: "single step",
    Intercept.VALIDITY: "validity",
    Intercept.CHECKSTOP: "check-stop",
}

# Validity-intercept reasons: which part of the state description is inconsistent.
VALIDITY_REASONS = {
    1: "storage size is not a multiple of 4K between 4K and 16M",
    2: "storage array length differs from the storage size",
    3: "storage-key array length does not match the storage size",
    4: "TLB array has the wrong length",
    5: "prefix is not 4K aligned or lies outside guest storage",
    6: "CPU address is not 0-65535",
    7: "budget is not positive",
    8: "state vector has the wrong length",
}
