"""cp.vm.VirtualMachine: BC vs EC mode (OPTION ECMODE), CPUID, the virtual interval
timer under SET TIMER ON/OFF/REAL, the wake-up deadline, console functions (STOP,
BEGIN, SYSTEM RESTART, STORE STATUS), CP's guest-real storage access, TRACE hooks.

Programs are assembled at ORG with base register 12 (tests/cpu_harness.py).
"""

import time

import pytest

from s370.asm import assemble
from s370.cpu import layout as L

from cp.vm import VirtualMachine
from cpu_harness import ORG, NEW_IA, bc_psw, ec_psw
from sie import Intercept, guest_tod

MODES = ["interpretive", "trap"]


def vm_with(src, *, ec=False, ecmode=False, mode="interpretive", clock="deterministic",
            storage=64 * 1024, **kw):
    a = assemble(" USING *,12\n" + src + "\n END", origin=ORG)
    assert not a.errors, a.errors
    vm = VirtualMachine("TEST", storage, ecmode=ecmode, mode=mode, clock=clock, **kw)
    sd = vm.sd
    sd.load(ORG, a.image)
    sd.set_gpr(12, ORG)
    mk = ec_psw if ec else bc_psw
    for loc, ia in NEW_IA.items():
        sd.load(loc, mk(ia, w=1).to_bytes(8, "big"))
    sd.load(L.LOC_ITIMER, b"\x7f\xff\xff\xff")
    assert sd.set_psw(mk(ORG))
    vm.stopped = False
    vm.diagnose = diag_stops
    return vm, a.symbols


def diag_stops(vm, code):
    """The test's CP: DIAGNOSE stops the VM (run_slice then returns Intercept.REQUEST)."""
    vm.stopped = True


def dw(vm, addr):
    return int.from_bytes(vm.sd.read(addr, 8), "big")


LPSW_EC = """
         LPSW  NEWPSW
         DS    0D
NEWPSW   DC    X'00080000',A(GO)
GO       LA    1,1
         DIAG  0,0,0
"""


@pytest.mark.parametrize("mode", MODES)
def test_without_ecmode_an_ec_psw_is_an_early_specification_exception(mode):
    vm, s = vm_with(LPSW_EC, ecmode=False, mode=mode)
    assert vm.run_slice(1000) == Intercept.DISABLED_WAIT
    assert vm.sd.ia == NEW_IA[L.LOC_PGM_NEW]
    old = dw(vm, L.LOC_PGM_OLD)
    # BC form: bits 0-15 (bit 12 on) and 34-63 as loaded; code 6, ILC 0 (PoO early exception)
    assert old >> 48 == 0x0008
    assert (old >> 32) & 0xFFFF == L.PIC_SPECIFICATION
    assert (old >> 30) & 3 == 0
    assert old & 0xFFFFFF == s["GO"]
    assert vm.sd.get_gpr(1) == 0
    assert vm.stopped                                   # a disabled wait stops the VM


@pytest.mark.parametrize("mode", MODES)
def test_with_ecmode_the_same_psw_loads(mode):
    vm, s = vm_with(LPSW_EC, ecmode=True, mode=mode)
    assert vm.run_slice(1000) == Intercept.REQUEST     # at the DIAGNOSE
    assert vm.sd.S[L.PSW_EC] == 1 and vm.sd.get_gpr(1) == 1


def test_set_ecmode_switches_the_facility():
    vm, s = vm_with(LPSW_EC, ecmode=False)
    vm.ecmode = True
    assert vm.ecmode and vm.run_slice(1000) == Intercept.REQUEST
    assert vm.sd.get_gpr(1) == 1
    vm2, _ = vm_with(LPSW_EC, ecmode=True)
    vm2.ecmode = False
    assert vm2.run_slice(1000) == Intercept.DISABLED_WAIT
    assert vm2.sd.ia == NEW_IA[L.LOC_PGM_NEW]


def test_ecmode_survives_define_storage():
    vm = VirtualMachine("TEST", 64 * 1024, ecmode=False, clock="deterministic")
    vm.define_storage(128 * 1024)
    assert vm.storage == 128 * 1024 and vm.sd.S[L.EC_ABSENT] == 1
    vm.ecmode = True
    vm.define_storage(64 * 1024)
    assert vm.sd.S[L.EC_ABSENT] == 0


def test_cpuid_and_cpu_address_in_stidp_and_stap():
    vm, s = vm_with("""
         STIDP ID
         STAP  AD
         DIAG  0,0,0
         DS    0D
ID       DS    D
AD       DS    H
""", cpuid=0x0ABCDE)
    vm.cpu_address = 3
    vm.run_slice(1000)
    ident = vm.sd.read(s["ID"], 8)
    assert ident[0] == 0xFF and ident[1:4] == bytes.fromhex("0ABCDE")
    assert vm.sd.read(s["AD"], 2) == b"\x00\x03"
    vm.cpuid = 0x123456
    assert vm.cpuid == 0x123456
    with pytest.raises(ValueError):
        vm.cpuid = 0x1000000


LOOP = """
         LA    2,2000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
"""


def itimer(vm):
    return int.from_bytes(vm.read_real(L.LOC_ITIMER, 4), "big")


def test_timer_on_counts_the_guests_own_time():
    vm, _ = vm_with(LOOP)
    assert vm.timer == "ON"
    vm.run_slice(100000)
    assert itimer(vm) < 0x7FFFFFFF


@pytest.mark.parametrize("mode", MODES)
def test_timer_off_leaves_location_80_alone(mode):
    vm, _ = vm_with(LOOP, mode=mode, timer="OFF")
    vm.run_slice(100000)
    assert vm.sd.get_gpr(2) == 0
    assert itimer(vm) == 0x7FFFFFFF
    assert not vm.sd.S[L.EXT_PENDING] & L.EXTP_ITIMER


def test_timer_off_keeps_what_the_guest_stores():
    vm, s = vm_with("""
         MVC   80(4,0),VAL
         LA    2,2000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
VAL      DC    X'00001000'
""", timer="OFF")
    vm.run_slice(100000)
    assert itimer(vm) == 0x1000


def test_timer_real_charges_time_the_guest_was_not_running():
    vm, _ = vm_with("         DIAG  0,0,0\n", clock="real", timer="REAL")
    vm._slice_end = time.monotonic() - 1.0            # one second since it last ran
    vm.run_slice(100)
    assert 0x7FFFFFFF - itimer(vm) >= 76800            # >= 1 s of interval-timer units
    with pytest.raises(ValueError):
        vm.timer = "SOMETIMES"


def s64(v):
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >> 63 else v


def test_wake_deadline_from_the_clock_comparator():
    vm, _ = vm_with("         DIAG  0,0,0\n", ec=True, ecmode=True, clock="real")
    sd = vm.sd
    assert vm.wake_deadline() is None                   # external mask off
    sd.S[L.PSW_SYSMASK] |= 1
    sd.set_cr(0, 0)
    assert vm.wake_deadline() is None                   # CKC subclass mask off
    sd.set_cr(0, L.CR0_CKC)
    sd.S[L.CKC] = s64(guest_tod(sd) + 2 * 4096 * 1_000_000)  # two seconds ahead
    before = time.monotonic()
    d = vm.wake_deadline()
    assert before + 1.5 < d < time.monotonic() + 2.5
    sd.S[L.CKC] = 0                                     # already passed: now
    assert vm.wake_deadline() <= time.monotonic()


def test_wake_deadline_interval_timer_only_when_real():
    vm, _ = vm_with("         DIAG  0,0,0\n", clock="real")
    vm.sd.S[L.PSW_SYSMASK] = 0x01
    vm.sd.set_cr(0, L.CR0_ITIMER)
    vm.write_real(L.LOC_ITIMER, (76800).to_bytes(4, "big"))    # one second
    assert vm.wake_deadline() is None
    vm.timer = "REAL"
    d = vm.wake_deadline() - time.monotonic()
    assert 0.5 < d < 1.5


def test_read_write_real_with_prefixing_and_bounds():
    vm = VirtualMachine("TEST", 64 * 1024, clock="deterministic")
    vm.sd.S[L.PREFIX] = 0x3000
    vm.write_real(0x10, b"AB")
    assert vm.sd.read(0x3010, 2) == b"AB"               # real 0-4095 -> prefix area
    vm.sd.load(0x20, b"CD")
    assert vm.read_real(0x3020, 2) == b"CD"             # prefix area -> absolute 0
    vm.write_real(0xFFE, b"WXYZ")                       # crosses into page 1
    assert vm.sd.read(0x3FFE, 2) == b"WX" and vm.sd.read(0x1000, 2) == b"YZ"
    assert vm.read_real(0xFFE, 4) == b"WXYZ"
    assert vm.key(0x10) & (L.KEY_REF | L.KEY_CHANGE) == L.KEY_REF | L.KEY_CHANGE
    vm.sd.set_key(0x5000, 0x30)
    assert vm.key(0x5000) == 0x30
    for bad in ((-1, 1), (64 * 1024 - 1, 2)):
        with pytest.raises(ValueError):
            vm.read_real(*bad)
    with pytest.raises(ValueError):
        vm.write_real(64 * 1024, b"x")
    with pytest.raises(ValueError):
        vm.key(64 * 1024)


def test_store_status_save_areas():
    vm = VirtualMachine("TEST", 64 * 1024, clock="deterministic")
    sd = vm.sd
    for r in range(16):
        sd.set_gpr(r, 0x01010101 * r)
    sd.set_cr(6, 0x12345678)
    sd.set_fpr(2, 0x4110000000000000)
    sd.S[L.CKC] = 0x0123456789ABCDEF
    sd.S[L.PREFIX] = 0x2000
    assert sd.set_psw(bc_psw(0x4000, key=3))
    vm.store_status()
    assert sd.read(384 + 4 * 5, 4) == (0x05050505).to_bytes(4, "big")
    assert sd.read(448 + 4 * 6, 4) == (0x12345678).to_bytes(4, "big")
    assert sd.read(352 + 8, 8) == (0x4110000000000000).to_bytes(8, "big")
    assert sd.read(224, 8) == (0x0123456789ABCDEF).to_bytes(8, "big")
    assert sd.read(256, 8) == bc_psw(0x4000, key=3).to_bytes(8, "big")
    assert sd.read(264, 4) == (0x2000).to_bytes(4, "big")


def test_system_restart_takes_the_restart_interruption():
    vm, s = vm_with("""
         LA    1,1
         DIAG  0,0,0
""")
    vm.sd.load(0, bc_psw(0x7070, w=1).to_bytes(8, "big"))     # restart new PSW at 0
    vm.stop()
    assert vm.stopped
    vm.restart()
    assert not vm.stopped
    assert vm.run_slice(100) == Intercept.DISABLED_WAIT
    assert vm.sd.ia == 0x7070
    assert dw(vm, 8) & 0xFFFFFF == ORG                         # restart old PSW
    assert vm.sd.get_gpr(1) == 0


def test_begin_at_an_address():
    vm, s = vm_with("""
         LA    1,1
THERE    LA    2,2
         DIAG  0,0,0
""")
    vm.stop()
    vm.begin(s["THERE"])
    assert not vm.stopped
    vm.run_slice(100)
    assert vm.sd.get_gpr(1) == 0 and vm.sd.get_gpr(2) == 2
    with pytest.raises(ValueError):
        vm.begin(0x1000000)


def test_trace_hooks_pass_through_and_survive_define_storage():
    vm, s = vm_with("""
         LA    1,1
BR       BALR  14,0
         DC    H'0'
""")
    vm.opcode_intercepts = {0x05}
    assert vm.run_slice(100) == Intercept.INSTRUCTION and vm.sd.ia == s["BR"]
    vm.opcode_intercepts = set()
    vm.program_intercepts = {L.PIC_OPERATION}
    assert vm.run_slice(100) == Intercept.PROGRAM
    assert vm.sd.intercept_program_code == L.PIC_OPERATION
    vm.define_storage(128 * 1024)
    assert vm.sd.program_intercepts == frozenset({L.PIC_OPERATION})
    vm.mode = "trap"
    assert vm.sd.program_intercepts == frozenset({L.PIC_OPERATION})
