"""The OS-like benchmark program (sie.bench.OSLIKE: SSM/STNSM/STOSM/LCTL/SVC/LPSW in a
loop) ends in the same disabled wait with the same registers on the bare core and in
a guest under interpretive execution and trap-and-emulate."""

import struct

import pytest

from s370.asm import assemble
from s370.cpu import CPU
from s370.cpu import layout as L
from sie import Intercept, StateDescription, run_guest
from sie.bench import OSLIKE

ORIGIN = 0x2000
ITER = 50
DISABLED_WAIT_PSW = bytes.fromhex("0002000000000000")


def image():
    a = assemble(OSLIKE.replace("200000", str(ITER)), origin=ORIGIN)
    assert not a.errors
    return bytes(a.image)


def bare():
    cpu = CPU(memsize=1 << 16, clock="deterministic")
    cpu.load(ORIGIN, image())
    cpu.set_psw(struct.pack(">II", 0, ORIGIN))
    assert cpu.run(100_000) == L.EXIT_DISABLED_WAIT
    return cpu


def test_bare_core_counts_every_svc_and_ends_in_the_disabled_wait():
    cpu = bare()
    assert cpu.get_gpr(3) == ITER          # the SVC handler ran once per iteration
    assert cpu.get_gpr(2) == 0             # the BCT count ran out
    assert cpu.psw[:4] == DISABLED_WAIT_PSW[:4]
    assert cpu.read(0x60, 8)[4:] != b"\0\0\0\0"   # SVC new PSW was set up


@pytest.mark.parametrize("mode", ["interpretive", "trap"])
def test_guest_ends_like_the_bare_core(mode):
    cpu = bare()
    sd = StateDescription(memsize=1 << 16, clock="deterministic", mode=mode)
    sd.load(ORIGIN, image())
    sd.set_psw(struct.pack(">II", 0, ORIGIN))
    assert run_guest(sd, 100_000) == Intercept.DISABLED_WAIT
    assert list(sd.gprs) == list(cpu.gprs)
    assert sd.instcount == cpu.instcount
    assert sd.psw[:4] == cpu.psw[:4]
