"""Lesson 1, full virtualization: Popek and Goldberg's three properties, shown live.

* Equivalence: an unmodified standalone program (lessons/programs/EQUIV.asm: its own
  SVC handler, privileged SSM, a compute loop) ends with the same registers, PSW and
  storage on the bare machine (an s370 CPU alone) and in one of CP's virtual machines;
  the hello sample IPLed from cards writes the same console lines in both.
* Efficiency: the fraction of the guest's instructions executed without the control
  program (1 - exits / instructions) under interpretive execution and, for contrast,
  under trap-and-emulate.
* Resource control: a guest (lessons/programs/REACH.asm) tries to store past the end
  of its storage and to start I/O on another user's device: it gets an addressing
  exception and condition code 3, and the other guest's storage is untouched.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from s370.devices.registry import create as create_device
from s370.machine import Machine
from s370.cpu import layout as L
from sie import Intercept

from . import guests, show
from .base import Context, LessonError, Result

ROOT = Path(__file__).resolve().parent.parent
HELLO_DECK = ROOT / "samples" / "hello.ipl"
CONSOLE, READER = 0x009, 0x00C
ADDRESSING = 5                     # program-interruption code (GA22-7000)
NOT_OPERATIONAL = 3                # SIO condition code


def run(ctx: Context) -> Result:
    say = ctx.say
    iterations = 20_000 if ctx.quick else 1_000_000
    rows, figures = [], {}

    say("EQUIVALENCE. The same program bytes run on the bare machine and in a virtual "
        "machine under CP, in both of CP's modes.")
    image = guests.build("EQUIV", ITER=iterations)
    runs = [guests.bare(image), guests.virtual(image, "interpretive"),
            guests.virtual(image, "trap")]
    ref = runs[0]
    for r in runs:
        same = r.gprs == ref.gprs and r.psw == ref.psw and r.storage == ref.storage
        efficiency = 1.0 - r.total_exits / r.instructions if r.exits or r is not ref else 1.0
        rows.append([r.where, r.instructions, r.total_exits, round(100 * efficiency, 4),
                     "identical" if same else "DIFFERENT"])
        say(f"  {r.where:32} {r.instructions:>12,} instructions, {r.total_exits:>9,} exits to CP; "
            f"registers, PSW, storage {'identical' if same else 'DIFFER'}")
    interp, trap = runs[1], runs[2]
    figures["equivalent_interpretive"] = interp.gprs == ref.gprs and interp.storage == ref.storage \
        and interp.psw == ref.psw
    figures["equivalent_trap"] = trap.gprs == ref.gprs and trap.storage == ref.storage \
        and trap.psw == ref.psw
    figures["instructions"] = float(interp.instructions)
    figures["efficiency_interpretive"] = 1.0 - interp.total_exits / interp.instructions
    figures["efficiency_trap"] = 1.0 - trap.total_exits / trap.instructions
    figures["exits_interpretive"] = float(interp.total_exits)
    figures["exits_trap"] = float(trap.total_exits)
    say(f"EFFICIENCY. Under interpretive execution {100 * figures['efficiency_interpretive']:.4f}% "
        f"of the guest's instructions ran without CP; under trap-and-emulate "
        f"{100 * figures['efficiency_trap']:.2f}% (every SSM and SVC went to CP).")

    say("The hello sample IPLed from the card reader, bare and virtual:")
    bare_console, vm_console = hello_bare(), hello_virtual()
    figures["hello_console_identical"] = bare_console == vm_console and bool(bare_console)
    for line in vm_console:
        say(f"  | {line}")
    rows.append(["hello sample (cards)", "-", "-", "-",
                 "identical" if figures["hello_console_identical"] else "DIFFERENT"])

    say("RESOURCE CONTROL. Guest ALICE tries to store past its own storage and to start I/O "
        "on BOB's disk 191; BOB's storage is checked afterwards.")
    pic, cc, bob_untouched = reach()
    figures["reach_program_code"] = float(pic)
    figures["reach_sio_cc"] = float(cc)
    figures["other_guest_untouched"] = bob_untouched
    say(f"  the store: program interruption code {pic} (5 = addressing) in ALICE's own machine")
    say(f"  SIO 191:   condition code {cc} (3 = not operational: ALICE has no device 191)")
    say(f"  BOB's storage {'unchanged' if bob_untouched else 'CHANGED'}")
    rows.append(["resource control (ALICE vs BOB)", "-", "-", "-",
                 "contained" if (pic == ADDRESSING and cc == NOT_OPERATIONAL and bob_untouched)
                 else "LEAKED"])

    plots = [show.bar_plot(ctx.out / "full-virtualization-exits.png",
                           [r.where.replace("virtual machine ", "VM ") for r in runs],
                           {"instructions": [r.instructions for r in runs],
                            "exits to CP": [max(r.total_exits, 0.5) for r in runs]},
                           "The same program: instructions and exits to the control program",
                           "count (log scale)", logy=True),
             show.screenshot(["VM/370 lesson full-virtualization: the hello sample", "",
                              "bare machine console:", *bare_console, "",
                              "virtual machine console:", *vm_console], ctx.out /
                             "full-virtualization-console.png", "3215 console output")]
    return Result(["run", "instructions", "exits to CP", "% without CP", "result"], rows, plots,
                  figures)


def hello_conf(folder: Path) -> Path:
    conf = folder / "hello.conf"
    conf.write_text(f"ARCHMODE S/370\nMAINSIZE 1\nNUMCPU 1\n"
                    f"{CONSOLE:04X} 3215-C /\n{READER:04X} 3505 {HELLO_DECK} ebcdic\n")
    return conf


def hello_bare() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        m = Machine.from_config(str(hello_conf(Path(tmp))), clock="deterministic",
                                log=lambda text: None)
        try:
            if not m.ipl(READER) or m.run(max_instructions=1_000_000) != L.EXIT_DISABLED_WAIT:
                raise LessonError("the hello sample did not run on the bare machine")
            return list(m.devices[CONSOLE].output)
        finally:
            m.shutdown()


def hello_virtual() -> list[str]:
    """The same deck in a virtual machine: the devices built by a bare Machine from the same
    configuration are attached to the VM as its virtual devices."""
    from cp.vm import VirtualMachine
    with tempfile.TemporaryDirectory() as tmp:
        factory = Machine.from_config(str(hello_conf(Path(tmp))), clock="deterministic",
                                      log=lambda text: None)
        vm = VirtualMachine("HELLO", 1 << 20, clock="deterministic")
        try:
            for devnum in (CONSOLE, READER):
                vm.attach(devnum, factory.channel.detach(devnum))
            why = vm.ipl(READER)
            if why:
                raise LessonError(f"IPL 00C in the virtual machine: {why}")
            for _ in range(200):
                code = vm.run_slice(50_000)
                if code == Intercept.DISABLED_WAIT:
                    break
            return list(vm.device(CONSOLE).output)
        finally:
            vm.close()
            factory.shutdown()


def reach() -> tuple[int, int, bool]:
    """ALICE runs REACH; BOB, beside her, has a disk-like device 191 and a marked storage."""
    alice = guests.make_vm(guests.build("REACH"), "interpretive", userid="ALICE")
    bob = guests.make_vm(guests.build("EQUIV", ITER=1), "interpretive", userid="BOB")
    try:
        bob.attach(0x191, create_device(0x191, "3215", []))
        before = bob.sd.read(0, bob.storage)
        guests.run_to_wait(alice)
        after = bob.sd.read(0, bob.storage)
        return alice.sd.get_gpr(6), alice.sd.get_gpr(7), before == after
    finally:
        alice.close()
        bob.close()
