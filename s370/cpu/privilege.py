"""The one privilege gate of the core, fed by the instruction table (s370.isa).

Every opcode that the run loop does not execute on its hot path (all the
privileged ones, STCK, and every opcode not in the table) passes through
``privilege_gate``.  It answers from lookup arrays derived here, once, from
the table's ``privileged`` column, so the set of privileged instructions is
written down in exactly one place (the table) and checked in exactly one
place (the gate).  The arrays are module globals, which numba freezes into
the compiled code as constants.

Outcomes (a program-interruption code, so the loop can use it directly):

    GATE_EXECUTE      0               execute the instruction
    PIC_OPERATION     the opcode is not in the table
    PIC_PRIVILEGED    privileged opcode in the problem state

and, only when the state's interception controls (``INTERCEPT_CTL``) are set,
the outcomes interpretive execution needs, decided in this one place:

    GATE_TRAP         trap-and-emulate: leave the loop before a privileged
                      instruction, PSW at it, so the host emulates it
    GATE_HOST         SIGP, SCK: leave the loop past the instruction, so the
                      host performs it on the guest's behalf
"""

import numpy as np
from numba import njit

from s370.isa import INSTRUCTIONS, OP_SCK, OP_SIGP, OP_SIO, OP_TCH

from .compile_options import INTERNAL
from .layout import (PSW_PROB, PIC_OPERATION, PIC_PRIVILEGED, INTERCEPT_CTL, IC_SIGP, IC_SCK,
                     IC_PRIVILEGED)

GATE_EXECUTE = 0
GATE_HOST = -1            # the host performs it: leave the loop with the PSW past it
GATE_TRAP = -2            # trapped: leave the loop with the PSW at it, not executed

# class bits of an opcode (values in the lookup arrays)
NOT_IN_TABLE = 0
IN_TABLE = 1
PRIVILEGED = 2
CHANNEL = 4               # class "io": executed by the channel subsystem, outside the loop
EXTENDED = 8              # first byte only: the second byte completes the opcode

# The I/O instructions 9C-9F: only bit 15 selects the variant (SIO/SIOF, TIO/CLRIO,
# HIO/HDV); bits 8-14 are ignored, as Hercules 3.13 routes them (spec/cpu.md).
IO_FIRST_BYTES = range(OP_SIO >> 8, (OP_TCH >> 8) + 1)
IO_VARIANT_BITS = 0x01


def _build():
    first = np.zeros(256, np.uint8)
    ext_row = np.zeros(256, np.uint8)          # first byte -> row of ``second`` (0: none)
    second_mask = np.zeros(256, np.uint8)      # bits of byte 1 that select the opcode
    rows = sorted({i.opcode >> 8 for i in INSTRUCTIONS if i.extended_opcode})
    second = np.zeros((len(rows) + 1, 256), np.uint8)
    for n, fb in enumerate(rows, start=1):
        first[fb] = EXTENDED
        ext_row[fb] = n
        second_mask[fb] = IO_VARIANT_BITS if fb in IO_FIRST_BYTES else 0xFF
    for i in INSTRUCTIONS:
        cls = IN_TABLE | (PRIVILEGED if i.privileged else 0) | (CHANNEL if i.klass == "io" else 0)
        if i.extended_opcode:
            fb, sb = i.opcode >> 8, i.opcode & 0xFF
            for b in range(256):
                if (b & second_mask[fb]) == sb:
                    second[ext_row[fb], b] = cls
        else:
            first[i.opcode] = cls
    return first, ext_row, second_mask, second


FIRST_BYTE_CLASS, EXTENDED_ROW, SECOND_BYTE_MASK, SECOND_BYTE_CLASS = _build()


def opcode_class(b0: int, b1: int) -> int:
    """Python view of the gate's arrays: the class bits of the instruction b0,b1."""
    c = int(FIRST_BYTE_CLASS[b0])
    if c == EXTENDED:
        c = int(SECOND_BYTE_CLASS[EXTENDED_ROW[b0], b1])
    return c


@njit(inline="always", **INTERNAL)
def table_class(op, b1):
    """The class bits of the instruction op,b1 (NOT_IN_TABLE if it has no row)."""
    c = FIRST_BYTE_CLASS[op]
    if c == EXTENDED:
        c = SECOND_BYTE_CLASS[EXTENDED_ROW[op], b1]
    return c


@njit(inline="always", **INTERNAL)
def privilege_gate(S, op, b1):
    """GATE_EXECUTE, PIC_OPERATION, PIC_PRIVILEGED (or, for a guest, GATE_TRAP/GATE_HOST)."""
    c = table_class(op, b1)
    if c == NOT_IN_TABLE:
        return PIC_OPERATION
    if c & PRIVILEGED:
        if S[PSW_PROB]:
            return PIC_PRIVILEGED
        ic = S[INTERCEPT_CTL]
        if ic:
            # the third outcome: a guest's instruction intercepts to the host
            if ic & IC_PRIVILEGED:
                return GATE_TRAP
            if (ic & IC_SIGP) and op == OP_SIGP:
                return GATE_HOST
            if (ic & IC_SCK) and op == OP_SCK >> 8 and b1 == OP_SCK & 0xFF:
                return GATE_HOST
    return GATE_EXECUTE


@njit(inline="always", **INTERNAL)
def leaves_for_channel(op, b1):
    """True for the I/O instructions (class "io"), which the channel subsystem executes."""
    return (table_class(op, b1) & CHANNEL) != 0


@njit(inline="always", **INTERNAL)
def extended_opcode(op, b1):
    """The table's 16-bit opcode of an extended (B2xx, 9Cxx-9Fxx) instruction."""
    return (op << 8) | (b1 & SECOND_BYTE_MASK[op])
