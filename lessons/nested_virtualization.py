"""Lesson 8, nested virtualization: a hypervisor in S/370 assembler, as a guest of CP.

lessons/nested/MINICP.asm is a very small hypervisor in the spirit of CP-67 (about 150
instructions and constants): it gives one guest a 64K virtual machine through DAT,
runs it in problem state, and emulates what traps -- SSM and LPSW against a shadow of
the guest's PSW, SVCs reflected through the guest's own PSWs.  It runs in USER1's
virtual machine under our CP (with ECMODE, for DAT), and itself runs the standalone
program lessons/programs/EQUIV.asm.  The same program also runs on the bare machine
(level 0) and directly under CP (level 1); MINICP's guest is level 2.  The results
are compared, and the cost of each level measured.
"""

from __future__ import annotations

import struct
from pathlib import Path

from s370.asm import assemble

from . import guests, show
from .base import Context, LessonError, Result
from .systems import LessonSystem

USERID = "USER1"
MINICP_SOURCE = Path(__file__).resolve().parent / "nested" / "MINICP.asm"
MINICP_ORIGIN = 0x2000
GUEST_REAL = 0x10000            # MINICP's guest's real 0 (GUEST in MINICP.asm)
GREGS, NEXITS = 0x800, 0x890    # where MINICP leaves the guest's registers, its exit count


def minicp_image() -> bytes:
    a = assemble(MINICP_SOURCE.read_text(), origin=MINICP_ORIGIN, filename="MINICP.asm")
    if a.rc > 4:
        raise LessonError(f"MINICP.asm does not assemble: {a.errors[:2]}")
    return bytes(a.image)


def run(ctx: Context) -> Result:
    say = ctx.say
    iterations = 5_000 if ctx.quick else 200_000
    image = guests.build("EQUIV", ITER=iterations)
    guests.bare(guests.build("EQUIV", ITER=10))          # the core loaded before the clocks
    say(f"Level 0: EQUIV ({iterations:,} passes of SSM, SVC and its handler's LPSW) on the "
        "bare machine.")
    bare = guests.bare(image)
    with LessonSystem(ctx) as s:
        say(f"Level 1: the same program in {USERID}'s virtual machine under CP "
            "(interpretive execution).")
        one = s.run_program(USERID, image)
        say(f"Level 2: MINICP in {USERID}'s virtual machine under CP, running the same program "
            "as its own guest (trap-and-emulate inside, DAT for the guest's storage).")
        two = s.run_program(USERID, minicp_image(), origin=MINICP_ORIGIN,
                            also=((GUEST_REAL + guests.ORIGIN, image),), ecmode=True)
        sd = two["vm"].sd
        two_gprs = list(struct.unpack(">16I", sd.read(GREGS, 64)))
        two_area = sd.read(GUEST_REAL + guests.ORIGIN, len(image))
        minicp_exits = struct.unpack(">I", sd.read(NEXITS, 4))[0]
    area = bare.storage[guests.ORIGIN:guests.ORIGIN + len(image)]
    same1 = one["gprs"] == bare.gprs and one["area"] == area
    same2 = two_gprs == bare.gprs and two_area == area
    guest_instructions = bare.instructions
    rows = [["0: bare machine", guest_instructions, 0, 0, bare.seconds, 1.0, "reference"],
            ["1: under CP", one["instructions"], one["exits"], 0, one["wall"],
             one["wall"] / bare.seconds, "identical" if same1 else "DIFFERENT"],
            ["2: under MINICP under CP", two["instructions"], two["exits"], minicp_exits,
             two["wall"], two["wall"] / bare.seconds, "identical" if same2 else "DIFFERENT"]]
    for row in rows:
        say(f"  level {row[0]:26} {row[1]:>11,} instructions, {row[2]:>7,} exits to CP, "
            f"{row[3]:>7,} exits to MINICP, {row[4]:.4f} s ({row[5]:.1f}x), {row[6]}")
    figures = {"same_level1": same1, "same_level2": same2,
               "guest_instructions": float(guest_instructions),
               "level2_instructions": float(two["instructions"]),
               "minicp_exits": float(minicp_exits),
               "instructions_per_guest_instruction_level2": two["instructions"] / guest_instructions,
               "seconds_level0": bare.seconds, "seconds_level1": one["wall"],
               "seconds_level2": two["wall"]}
    say(f"Each guest instruction costs {figures['instructions_per_guest_instruction_level2']:.1f} "
        f"instructions at level 2: MINICP's trap handling is all in the level-1 machine, which "
        "CP's interpretive execution runs at full speed (exits to CP stay few).")
    plots = [show.bar_plot(ctx.out / "nested-virtualization.png",
                           ["level 0 (bare)", "level 1 (CP)", "level 2 (MINICP on CP)"],
                           {"seconds": [bare.seconds, one["wall"], two["wall"]]},
                           "The same program at each level", "seconds")]
    return Result(["level", "instructions", "exits to CP", "exits to MINICP", "seconds",
                   "x bare", "result"], rows, plots, figures)
