"""Virtual time: guest TOD = host TOD + epoch; CPU timer and interval timer only while running."""

import time

from s370.cpu import layout as L
from s370.cpu.processor import CPU

from cpu_harness import ORG, bc_psw
from sie import Intercept, StateDescription, run_guest, guest_tod

SECOND = 1_000_000 * 4096               # TOD units (bit 63 = 1/4096 us)
LOOP = bytes.fromhex("47F0" + f"{ORG:04X}")        # B ORG
STCK_DIAG = bytes.fromhex("B2050100" "83000000")     # STCK X'100'; DIAG


def looping(cls, **kw):
    m = cls(memsize=1 << 16, clock="real", **kw)
    m.load(ORG, LOOP)
    m.load(L.LOC_ITIMER, (0x00100000).to_bytes(4, "big"))
    m.set_psw(bc_psw(ORG))
    m.S[L.CPUTIMER] = 1000 * SECOND
    return m


def test_undispatched_guest_keeps_its_cpu_time_bare_cpu_does_not():
    sd = looping(StateDescription)
    bare = looping(CPU)
    assert run_guest(sd, 1000) == Intercept.TIMESLICE
    bare.run(1000)
    t_sd, t_bare = int(sd.S[L.CPUTIMER]), int(bare.S[L.CPUTIMER])
    it_sd = sd.read(L.LOC_ITIMER, 4)
    time.sleep(0.5)
    assert run_guest(sd, 10) == Intercept.TIMESLICE
    bare.run(10)
    # the guest was not running: its CPU timer lost far less than the half second
    assert t_sd - int(sd.S[L.CPUTIMER]) < SECOND // 10
    # a real CPU's timer runs through the gap
    assert t_bare - int(bare.S[L.CPUTIMER]) >= 4 * SECOND // 10
    # nor did its interval timer at location 80 run (1/300 s in bit 23 = 2**8 units)
    lost = int.from_bytes(it_sd, "big") - int.from_bytes(sd.read(L.LOC_ITIMER, 4), "big")
    assert lost < 0.1 * 76800


def test_two_guests_with_different_epochs_see_their_own_tod():
    day = 86400 * SECOND
    a = StateDescription(memsize=1 << 16, clock="real")
    b = StateDescription(memsize=1 << 16, clock="real", epoch=day)
    for g in (a, b):
        g.load(ORG, STCK_DIAG)
        g.set_psw(bc_psw(ORG))
        assert run_guest(g, 10) == Intercept.DIAGNOSE
    ta = int.from_bytes(a.read(0x100, 8), "big")
    tb = int.from_bytes(b.read(0x100, 8), "big")
    assert abs((tb - ta) - day) < SECOND
    assert abs(guest_tod(b) - guest_tod(a) - day) < SECOND


def test_deterministic_guest_clock_is_epoch_plus_its_instructions():
    g = StateDescription(memsize=1 << 16, clock="deterministic", epoch=5 * SECOND, tod_step=256)
    g.load(ORG, STCK_DIAG)
    g.set_psw(bc_psw(ORG))
    assert run_guest(g, 10) == Intercept.DIAGNOSE
    # STCK is the first instruction: the clock has advanced by that one
    assert int.from_bytes(g.read(0x100, 8), "big") == 5 * SECOND + 256


def test_calibration_once_per_process():
    from s370.cpu import processor as cpumod
    StateDescription(memsize=4096, clock="real")
    before = cpumod._calibrate_cycles.cache_info().misses
    t0 = time.perf_counter()
    for _ in range(5):
        StateDescription(memsize=4096, clock="real")
    assert cpumod._calibrate_cycles.cache_info().misses == before
