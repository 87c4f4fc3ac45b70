"""Interpretive execution: virtual machines on the same compiled S/370 core.

CP's interface:

    sd = StateDescription(memsize, clock="real", cpu_address=0, epoch=0,
                          mode="interpretive" | "trap")
    code = run_guest(sd, budget)            # -> Intercept
    sd.intercept_opcode / intercept_address / intercept_r1 / intercept_r3 /
      intercept_image / intercept_instruction_address / intercept_program_code
    post_io_interrupt(sd, devaddr, csw)     # any thread
    sd.io_source = channels; io_source_pending(sd)   # CP's own channel subsystem
    post_external(sd, code)                 # any thread, e.g. 0x4001 VMCF
    reflect_program(sd, code)               # after an intercept
    request_exit(sd)                        # any thread -> Intercept.REQUEST
    set_guest_tod(sd, value), guest_tod(sd) # SCK and the TOD epoch
    sd.program_intercepts = {codes}; sd.opcode_intercepts = {opcodes}; sd.single_step
    sd.counters, sd.privileged_in_loop, sd.loop_exits

An early specification exception (an invalid PSW made current) is a PROGRAM
intercept like any other when CP asked for code 6.  In trap mode the counters
also hold "reflect-external": the external interruptions the core presented,
each an exit to CP on VM/370.
"""

from .intercepts import Intercept, DESCRIPTION, VALIDITY_REASONS
from .statedesc import StateDescription
from .run import run_guest
from .present import (post_io_interrupt, post_external, reflect_program, request_exit,
                      io_source_pending)
from .vtime import set_guest_tod, guest_tod

__all__ = ["Intercept", "DESCRIPTION", "VALIDITY_REASONS", "StateDescription", "run_guest",
           "post_io_interrupt", "post_external", "reflect_program", "request_exit",
           "io_source_pending",
           "set_guest_tod", "guest_tod"]
