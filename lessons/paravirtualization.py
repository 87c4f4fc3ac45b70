"""Lesson 3, paravirtualization: a hypercall against a full channel program.

VM/370's CMS did not drive its disks as an operating system on a real 370 would (SIO,
then an I/O interruption, then the CSW): it asked CP directly with DIAGNOSE X'18', a
*hypercall*, which CP performs synchronously -- the guest knows it is virtual and
cooperates (paravirtualization).  Here one program, lessons/programs/PVIO.asm, reads
the same CMS block of its 191 disk N times, with the same channel program, once by
DIAGNOSE X'18' and once by SIO with the I/O interruption, in USER1's virtual machine on
a running system: intercepts and host time per block.
"""

from __future__ import annotations

from . import guests, show
from .base import Context, Result
from .systems import LessonSystem

USERID = "USER1"
METHODS = (("DIAGNOSE X'18'", 0), ("SIO + interruption", 1))


def run(ctx: Context) -> Result:
    say = ctx.say
    blocks = 500 if ctx.quick else 20_000
    say(f"{USERID}'s virtual machine reads one 800-byte CMS block of its 191 disk {blocks:,} times "
        "with the channel program CMS uses (SEEK, SEARCH ID EQUAL, TIC, READ DATA):")
    rows, figures, measured = [], {}, {}
    with LessonSystem(ctx) as s:
        for label, mode in METHODS:
            r = s.run_program(USERID, guests.build("PVIO", ITER=blocks, MODE=mode))
            measured[label] = r
            per = r["exits"] / blocks
            say(f"  {label:20} {r['exits']:>8,} intercepts ({per:.2f} per block), "
                f"{1e6 * r['wall'] / blocks:8.1f} us per block; by reason: "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(r["by_reason"].items())))
            rows.append([label, blocks, r["exits"], per, 1e6 * r["wall"] / blocks,
                         1e6 * r["cpu"] / blocks])
    diag, sio = measured[METHODS[0][0]], measured[METHODS[1][0]]
    figures["blocks"] = float(blocks)
    figures["diag_intercepts_per_block"] = diag["exits"] / blocks
    figures["sio_intercepts_per_block"] = sio["exits"] / blocks
    figures["diag_us_per_block"] = 1e6 * diag["wall"] / blocks
    figures["sio_us_per_block"] = 1e6 * sio["wall"] / blocks
    figures["diag_fewer_intercepts"] = diag["exits"] < sio["exits"]
    say(f"The hypercall needs {figures['diag_intercepts_per_block']:.2f} intercepts per block, "
        f"the full channel program {figures['sio_intercepts_per_block']:.2f}: the SIO and the "
        "presentation of its I/O interruption are each a trip through CP.  (VM/370 also had "
        "to translate and page-fix every SIO channel program, which X'18' spared it; our CP "
        "runs channel programs against the guest's own storage, so the time per block shows "
        "the intercepts alone.)")
    plots = [show.bar_plot(ctx.out / "paravirtualization.png", ["intercepts per block",
                                                                 "microseconds per block"],
                           {label: [measured[label]["exits"] / blocks,
                                    1e6 * measured[label]["wall"] / blocks]
                            for label, _ in METHODS},
                           "Reading a CMS block: hypercall vs channel program", "per block")]
    return Result(["method", "blocks", "intercepts", "per block", "us per block (wall)",
                   "us per block (CPU)"], rows, plots, figures)
