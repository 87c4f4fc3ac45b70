"""Standalone guest programs for the lessons: assembled from lessons/programs/*.asm with our
assembler, run on the bare machine (an s370 CPU) or in one of CP's virtual machines.

``build(name, **fields)`` assembles a program and patches fullword DC fields by name
(``ITER``: the loop count), ``bare(image)`` runs it on a bare CPU to its disabled wait,
``virtual(image, mode)`` in a cp.vm.VirtualMachine under interpretive execution or
trap-and-emulate; both give a ``Run``: registers, PSW, storage, instructions and the
exits to the control program by reason.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from cp.vm import VirtualMachine
from s370.asm import assemble
from s370.cpu import CPU
from s370.cpu import layout as L
from sie import Intercept

from .base import LessonError

PROGRAMS = Path(__file__).resolve().parent / "programs"
ORIGIN = 0x1000
MEMSIZE = 256 * 1024
SLICE = 5_000_000
DISABLED_WAIT_CODE0 = bytes.fromhex("0002000080000000")   # LPSW's ILC 2 in byte 4


@dataclass
class GuestRun:
    where: str
    gprs: list[int]
    psw: bytes
    storage: bytes
    instructions: int
    exits: dict = field(default_factory=dict)   # reason -> count (CP's view of the guest)
    seconds: float = 0.0
    console: list[str] = field(default_factory=list)

    @property
    def total_exits(self) -> int:
        return sum(self.exits.values())


def build(name: str, **fields: int) -> bytes:
    source = (PROGRAMS / f"{name}.asm").read_text()
    a = assemble(source, origin=ORIGIN, filename=f"{name}.asm")
    if a.rc > 4:
        raise LessonError(f"{name}.asm does not assemble: {a.errors[:2]}")
    image = bytearray(a.image)
    for symbol, value in fields.items():
        off = a.symbols[symbol] - ORIGIN
        image[off:off + 4] = struct.pack(">I", value)
    return bytes(image)


def bare(image: bytes, memsize: int = MEMSIZE, limit: int = 2_000_000_000) -> GuestRun:
    """The program on the bare machine: a CPU alone, no control program."""
    cpu = CPU(memsize=memsize, clock="deterministic")
    cpu.load(ORIGIN, image)
    cpu.set_psw(struct.pack(">II", 0, ORIGIN))
    t0 = time.perf_counter()
    reason = cpu.run(limit)
    dt = time.perf_counter() - t0
    if reason != L.EXIT_DISABLED_WAIT:
        raise LessonError(f"the program did not end on the bare machine (exit {reason})")
    return GuestRun("bare machine", cpu.gprs, cpu.psw, cpu.read(0, memsize), cpu.instcount,
                    {}, dt)


def virtual(image: bytes, mode: str = "interpretive", memsize: int = MEMSIZE,
            userid: str = "GUEST", slice_: int = SLICE) -> GuestRun:
    """The same program in one of CP's virtual machines (cp.vm), run slice by slice as
    the dispatcher would; the exits are the state description's counters."""
    vm = make_vm(image, mode, memsize, userid)
    try:
        dt = run_to_wait(vm, slice_)
        sd = vm.sd
        exits = {_reason(k): v for k, v in sd.counters.items() if v}
        return GuestRun(f"virtual machine ({mode})", sd.gprs, sd.psw, sd.read(0, memsize),
                        sd.instcount, exits, dt)
    finally:
        vm.close()


def make_vm(image: bytes, mode: str, memsize: int = MEMSIZE, userid: str = "GUEST"):
    vm = VirtualMachine(userid, memsize, mode=mode, clock="deterministic")
    vm.sd.load(ORIGIN, image)
    vm.sd.set_psw(struct.pack(">II", 0, ORIGIN))
    vm.stopped = False
    return vm


def run_to_wait(vm, slice_: int = SLICE, limit: int = 100_000) -> float:
    t0 = time.perf_counter()
    for _ in range(limit):
        code = vm.run_slice(slice_)
        if code == Intercept.DISABLED_WAIT:
            return time.perf_counter() - t0
        if code not in (Intercept.TIMESLICE, Intercept.REQUEST):
            raise LessonError(f"{vm.userid}: the guest stopped with {code.name}")
    raise LessonError(f"{vm.userid}: the guest did not finish")


def _reason(key) -> str:
    return key.name.lower().replace("_", "-") if isinstance(key, Intercept) else str(key)


class Console:
    """A 3215 console device model for a lesson's guest, built by a bare Machine from a
    one-line configuration (the same models CP's virtual devices use)."""

    def __init__(self, devnum: int = 0x009):
        from s370.machine import Machine
        self.devnum = devnum
        self.factory = Machine.from_config(f"ARCHMODE S/370\nMAINSIZE 1\n{devnum:04X} 3215-C /\n",
                                           clock="deterministic", log=lambda text: None)
        self.device = self.factory.channel.detach(devnum)

    def close(self) -> None:
        self.factory.shutdown()
