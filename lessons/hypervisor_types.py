"""Lesson 9, hypervisor types: the same guest on the bare machine and under CP.

Goldberg (1973) told a *type 1* hypervisor, which runs on the bare hardware and owns
it (CP: the real storage, channels, interruptions and the dispatching of virtual
CPUs are CP's), from a *type 2* or hosted one, which runs as a program under another
operating system that owns the hardware.  This system has both layers: s370/ is a
hosted machine (a Linux process; Linux owns the real CPU, memory and files), and CP,
on that machine, is a type 1 hypervisor to its guests.  The same standalone program
(lessons/programs/EQUIV.asm) runs on the bare machine (s370's CPU alone, as under
``s370 run``) and in USER1's virtual machine under CP on a running system: same
results, and what each layer costs.
"""

from __future__ import annotations

from . import guests, show
from .base import Context, Result
from .systems import LessonSystem

USERID = "USER1"

OWNERS = [
    # what, bare machine (s370 run), under CP (type 1 on the 370), the host (Linux: type 2 layer)
    ("CPU time", "the program, all of it", "CP's dispatcher, slices per user",
     "Linux schedules the s370 process"),
    ("main storage", "the program: all of it, address 0 up", "CP: each user a storage of its own",
     "Linux: s370's storage is process memory"),
    ("I/O devices", "the program's SIO reach the devices", "CP: virtual devices, minidisks",
     "Linux: disks are image files"),
    ("interruptions", "the program's new PSWs", "CP first, then reflected to the guest",
     "Linux signals to the process"),
]


def run(ctx: Context) -> Result:
    say = ctx.say
    iterations = 200_000 if ctx.quick else 5_000_000
    image = guests.build("EQUIV", ITER=iterations)
    say("The bare machine: the program owns the whole S/370 (s370 run, no control program).")
    guests.bare(guests.build("EQUIV", ITER=10))      # the core loaded before the clock starts
    bare = guests.bare(image)
    say(f"  {bare.instructions:,} instructions in {bare.seconds:.3f} s "
        f"({bare.instructions / bare.seconds / 1e6:.1f} MIPS)")
    say(f"Under CP: the same bytes in {USERID}'s virtual machine on a running VM/370.")
    with LessonSystem(ctx) as s:
        vm = s.run_program(USERID, image)
    say(f"  {vm['instructions']:,} instructions in {vm['wall']:.3f} s "
        f"({vm['instructions'] / vm['wall'] / 1e6:.1f} MIPS), {vm['exits']:,} intercepts")
    area = bare.storage[guests.ORIGIN:guests.ORIGIN + len(image)]
    same = vm["gprs"] == bare.gprs and vm["area"] == area and vm["psw"] == bare.psw
    say(f"  registers, PSW and the program's storage: {'identical' if same else 'DIFFERENT'}")
    say("Who owns what:")
    for what, b, c, h in OWNERS:
        say(f"  {what:14} bare: {b}; under CP: {c}; below both: {h}")
    figures = {"same_results": same, "bare_mips": bare.instructions / bare.seconds / 1e6,
               "cp_mips": vm["instructions"] / vm["wall"] / 1e6,
               "cp_intercepts": float(vm["exits"]), "instructions": float(bare.instructions),
               "cp_overhead": vm["wall"] / bare.seconds}
    rows = [["bare machine (s370 run)", bare.instructions, 0, bare.seconds, figures["bare_mips"],
             "identical"],
            [f"under CP ({USERID})", vm["instructions"], vm["exits"], vm["wall"],
             figures["cp_mips"], "identical" if same else "DIFFERENT"]]
    plots = [show.bar_plot(ctx.out / "hypervisor-types.png", ["bare machine", "under CP"],
                           {"MIPS": [figures["bare_mips"], figures["cp_mips"]]},
                           "The same program: bare machine and type 1 hypervisor", "MIPS"),
             show.screenshot(owners_screen(), ctx.out / "hypervisor-types-owners.png")]
    return Result(["where", "instructions", "intercepts", "seconds", "MIPS", "result"], rows,
                  plots, figures)


def owners_screen() -> list[str]:
    lines = ["WHO OWNS WHAT", ""]
    for what, bare, cp, host in OWNERS:
        lines += [what.upper(), f"  bare machine:       {bare}", f"  under CP (type 1):  {cp}",
                  f"  the host (type 2):  {host}", ""]
    return lines
