"""Timing facilities, from the Principles of Operation (GA22-7000-4 ch.4, -10 p.4-21ff).

TOD clock (STCK, SCK), clock comparator (SCKC, STCKC, external 1004), CPU timer
(SPT, STPT, external 1005), the interval timer at real location 80 (bit 23
loses one every 1/300 s, external 0080 on the positive-to-negative transition),
the deterministic clock (TOD_STEP units per instruction) with
advance_to_next_timer_event() for waits, and the real-time clock mode.
"""

import time

import pytest

from s370.cpu import layout as L

from cpu_harness import (ORG, NEW_IA, bc_psw, ec_psw, machine, dw, word, half, bc_fields, pgm_bc)



STEP = 256                        # CPU() default TOD_STEP: TOD units per instruction
ITIMER_UNIT = 160000 / 3          # TOD units per unit of bit 31 of location 80 (76800 Hz)
EXT_TRAP = NEW_IA[L.LOC_EXT_NEW]
CR0_CKC, CR0_CPUTIMER, CR0_ITIMER = 0x800, 0x400, 0x80
EPOCH_1970 = 2208988800           # seconds from 1900-01-01 to 1970-01-01


def dword_hex(v):
    return f"X'{v & (2**64 - 1):016X}'"


# ----------------------------------------------------------------------------- TOD clock
def test_stck_values_unique_and_increasing_cc0():
    stcks = "\n".join(f"         STCK  T+{8 * i}\n         BALR  {i + 1},0" for i in range(10))
    cpu, s = machine(f"""
{stcks}
         DIAG  0,0,0
         DS    0D
T        DS    10D
""")
    assert cpu.run(100) == L.EXIT_DIAG
    values = [dw(cpu, s["T"] + 8 * i) for i in range(10)]
    assert all(b > a for a, b in zip(values, values[1:]))
    assert all((cpu.get_gpr(r) >> 28) & 3 == 0 for r in range(1, 11))    # CC 0: set state


def test_stck_is_not_aligned():
    cpu, s = machine("""
         STCK  T+1
         DIAG  0,0,0
         DS    0D
T        DC    X'AA',8X'00',X'AA'
""")
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.read(s["T"], 1) == b"\xAA" and cpu.read(s["T"] + 9, 1) == b"\xAA"


def test_deterministic_tod_advances_tod_step_per_instruction():
    cpu, s = machine("""
LOOP     BC    15,LOOP
""")
    assert cpu.run(100_000) == L.EXIT_BUDGET
    assert cpu.instcount == 100_000
    assert cpu.tod == 100_000 * STEP


def test_stck_measures_elapsed_instructions():
    cpu, s = machine("""
         STCK  T1
         LA    2,3000
LOOP     BCT   2,LOOP
         STCK  T2
         DIAG  0,0,0
         DS    0D
T1       DS    D
T2       DS    D
""")
    assert cpu.run(10_000) == L.EXIT_DIAG
    elapsed = dw(cpu, s["T2"]) - dw(cpu, s["T1"])
    n = 3001                                         # LA + 3000 BCT between the two
    assert (n - 1) * STEP <= elapsed <= (n + 1) * STEP


def test_sck_cc0_then_stck_from_new_value():
    v = 0x9A00_0000_1234_0000
    cpu, s = machine(f"""
         SCK   NEWTOD
         BALR  3,0
         STCK  T
         DIAG  0,0,0
         DS    0D
NEWTOD   DC    {dword_hex(v)}
T        DS    D
""")
    assert cpu.run(100) == L.EXIT_DIAG
    assert (cpu.get_gpr(3) >> 28) & 3 == 0
    assert v <= dw(cpu, s["T"]) <= v + 4 * STEP


def test_sck_sets_clock_cc0():
    v = 0x9A00_0000_1234_0000
    cpu, s = machine(f"""
         LA    2,500
LOOP     BCT   2,LOOP
         SCK   NEWTOD
         BALR  3,0
         STCK  T
         DIAG  0,0,0
         DS    0D
NEWTOD   DC    {dword_hex(v)}
T        DS    D
""")
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert (cpu.get_gpr(3) >> 28) & 3 == 0
    t = dw(cpu, s["T"])
    assert v <= t <= v + 4 * STEP                    # 2 instructions after the set


@pytest.mark.parametrize("mn", ["SCK", "SCKC", "STCKC", "SPT", "STPT"])
def test_timer_operands_doubleword_aligned(mn):
    cpu, s = machine(f"""
         {mn} T+4
         DIAG  0,0,0
         DS    0D
T        DC    X'0000000100000002000000030000'
""")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 2, ORG + 4)
    assert cpu.read(s["T"], 14) == bytes.fromhex("0000000100000002000000030000")


# ----------------------------------------------------------------------------- clock comparator
def test_sckc_stckc_round_trip():
    v = 0xFEDC_BA98_7654_3210
    cpu, s = machine(f"""
         SCKC  V
         STCKC T
         DIAG  0,0,0
         DS    0D
V        DC    {dword_hex(v)}
T        DS    D
""")
    assert cpu.run(100) == L.EXIT_DIAG
    assert dw(cpu, s["T"]) == v


def ckc_program(ckc):
    return f"""
         SCKC  V
         LA    2,4000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
         DS    0D
V        DC    {dword_hex(ckc)}
"""


@pytest.mark.parametrize("ec", [False, True], ids=["BC", "EC"])
def test_clock_comparator_interruption(ec):
    ckc = 1000 * STEP
    mk = ec_psw if ec else bc_psw
    cpu, s = machine(ckc_program(ckc), ec=ec, psw=mk(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_CKC)
    assert cpu.run(10_000) == L.EXIT_DISABLED_WAIT
    assert cpu.ia == EXT_TRAP
    old = dw(cpu, L.LOC_EXT_OLD)
    code = half(cpu, 134) if ec else bc_fields(old)[0]
    assert code == 0x1004
    assert cpu.tod > ckc
    loops_left = cpu.get_gpr(2)
    assert 0 < loops_left < 4000 - 900                  # not before TOD passed the comparator
    # the condition stays while TOD > CKC: back to the program, interrupted again
    assert cpu.set_psw(old)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.S[L.EXT_COUNT] == 2


def test_clock_comparator_masked_by_cr0_bit_20():
    cpu, s = machine(ckc_program(10 * STEP), ec=True, psw=ec_psw(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_CPUTIMER | CR0_ITIMER)
    cpu.S[L.CPUTIMER] = 1 << 60
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert cpu.S[L.EXT_COUNT] == 0


def test_clock_comparator_comparison_is_unsigned():
    cpu, s = machine(ckc_program(1 << 63), ec=True, psw=ec_psw(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_CKC)
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert cpu.S[L.EXT_COUNT] == 0


# ----------------------------------------------------------------------------- CPU timer
def test_spt_stpt():
    v = 1 << 40
    cpu, s = machine(f"""
         SPT   V
         STPT  T
         DIAG  0,0,0
         DS    0D
V        DC    {dword_hex(v)}
T        DS    D
""")
    assert cpu.run(100) == L.EXIT_DIAG
    t = dw(cpu, s["T"])
    assert v - 4 * STEP <= t <= v


def test_spt_does_not_count_time_before_it():
    v = 1 << 40
    cpu, s = machine(f"""
         LA    2,600
LOOP     BCT   2,LOOP
         SPT   V
         STPT  T
         DIAG  0,0,0
         DS    0D
V        DC    {dword_hex(v)}
T        DS    D
""")
    assert cpu.run(10_000) == L.EXIT_DIAG
    t = dw(cpu, s["T"])
    assert v - 4 * STEP <= t <= v


@pytest.mark.parametrize("ec", [False, True], ids=["BC", "EC"])
def test_cpu_timer_interruption_when_negative(ec):
    mk = ec_psw if ec else bc_psw
    cpu, s = machine(f"""
         SPT   V
         LA    2,4000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
         DS    0D
V        DC    {dword_hex(1000 * STEP)}
""", ec=ec, psw=mk(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_CPUTIMER)
    assert cpu.run(10_000) == L.EXIT_DISABLED_WAIT
    code = half(cpu, 134) if ec else bc_fields(dw(cpu, L.LOC_EXT_OLD))[0]
    assert code == 0x1005
    assert cpu.S[L.CPUTIMER] < 0
    assert 0 < cpu.get_gpr(2) < 4000 - 900


def test_cpu_timer_masked_by_cr0_bit_21():
    cpu, s = machine(f"""
         SPT   V
         LA    2,4000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
         DS    0D
V        DC    {dword_hex(10 * STEP)}
""", ec=True, psw=ec_psw(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_CKC)
    cpu.S[L.CKC] = -1
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert cpu.S[L.EXT_COUNT] == 0


def test_clock_comparator_before_cpu_timer():
    """Both pending: the clock comparator is taken first, the CPU timer next (one at a time)."""
    cpu, s = machine(f"""
         SPT   V
         SCKC  V
         LA    2,4000
LOOP     BCT   2,LOOP
         SSM   ON
NEXT     DIAG  0,0,0
EXTH     LH    9,134                 external handler: log the code
         STH   9,CODES(10)
         LA    10,2(,10)
         CH    9,=X'1004'
         BNE   NOTCKC
         SCKC  NEVER                 clear the comparator condition
         LPSW  24
NOTCKC   SPT   FAR                   clear the CPU-timer condition
         LPSW  24
ON       DC    X'01'
         DS    0D
V        DC    {dword_hex(100 * STEP)}
NEVER    DC    X'FFFFFFFFFFFFFFFF'
FAR      DC    X'7FFFFFFFFFFFFFFF'
CODES    DC    4H'0'
         LTORG
""", ec=True)
    cpu.load(L.LOC_EXT_NEW, ec_psw(s["EXTH"]).to_bytes(8, "big"))
    cpu.set_cr(0, CR0_CKC | CR0_CPUTIMER)
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert cpu.read(s["CODES"], 8) == bytes.fromhex("1004100500000000")
    assert cpu.ia == s["NEXT"] + 4


# ----------------------------------------------------------------------------- interval timer
def test_interval_timer_decrements_at_76800_hz():
    cpu, s = machine("""
LOOP     BC    15,LOOP
""")
    cpu.load(L.LOC_ITIMER, (0x00100000).to_bytes(4, "big"))
    assert cpu.run(100_000) == L.EXIT_BUDGET
    # 100000 instructions * 256 = 25,600,000 TOD units = 480 units of bit 31
    assert int(100_000 * STEP / ITIMER_UNIT) == 480
    assert word(cpu, L.LOC_ITIMER) == 0x00100000 - 480
    assert cpu.S[L.EXT_COUNT] == 0                     # external interruptions disabled


def test_interval_timer_bit_23_rate_300_per_second():
    cpu, s = machine("""
LOOP     BC    15,LOOP
""", tod_step=4096 * 100)                            # 100 microseconds per instruction
    cpu.load(L.LOC_ITIMER, (0x10000000).to_bytes(4, "big"))
    assert cpu.run(30_000) == L.EXIT_BUDGET          # 3 seconds
    assert word(cpu, L.LOC_ITIMER) == 0x10000000 - 900 * 256


@pytest.mark.parametrize("start", [3, 0], ids=["positive", "zero"])
@pytest.mark.parametrize("ec", [False, True], ids=["BC", "EC"])
def test_interval_timer_interruption_on_going_negative(start, ec):
    mk = ec_psw if ec else bc_psw
    cpu, s = machine("""
         LA    2,4000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
""", ec=ec, psw=mk(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_ITIMER)
    cpu.load(L.LOC_ITIMER, start.to_bytes(4, "big"))
    assert cpu.run(10_000) == L.EXIT_DISABLED_WAIT
    code = half(cpu, 134) if ec else bc_fields(dw(cpu, L.LOC_EXT_OLD))[0]
    assert code == 0x0080
    assert word(cpu, L.LOC_ITIMER) >> 31 == 1          # negative now
    # at least start+1 units of 53333 TOD units (208 instructions) elapsed first
    assert cpu.get_gpr(2) <= 4000 - int((start + 1) * ITIMER_UNIT / STEP) + 2


def test_interval_timer_already_negative_no_interruption():
    cpu, s = machine("""
         LA    2,4000
LOOP     BCT   2,LOOP
         DIAG  0,0,0
""", ec=True, psw=ec_psw(ORG, sysmask=0x01))
    cpu.set_cr(0, CR0_ITIMER)
    cpu.load(L.LOC_ITIMER, (0xFFFFFF00).to_bytes(4, "big"))
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert cpu.S[L.EXT_COUNT] == 0
    assert word(cpu, L.LOC_ITIMER) < 0xFFFFFF00


def test_interval_timer_request_stays_pending_until_enabled():
    cpu, s = machine("""
         LA    2,2000
LOOP     BCT   2,LOOP
         SSM   ON
NEXT     DIAG  0,0,0
ON       DC    X'01'
""", ec=True)
    cpu.set_cr(0, CR0_ITIMER)
    cpu.load(L.LOC_ITIMER, (1).to_bytes(4, "big"))
    assert cpu.run(10_000) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x0080
    assert dw(cpu, L.LOC_EXT_OLD) & 0xFFFFFF == s["NEXT"]


def test_program_store_into_location_80_takes_effect():
    cpu, s = machine("""
         L     1,=F'5000'
         ST    1,80
         LA    2,100
LOOP     BCT   2,LOOP
         L     3,80
         DIAG  0,0,0
         LTORG
""")
    assert cpu.run(10_000) == L.EXIT_DIAG
    assert 5000 - 3 <= cpu.get_gpr(3) <= 5000


# ----------------------------------------------------------------------------- waits
def enabled_wait(cpu_kw=None, cr0=0, **kw):
    cpu, s = machine("""
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'010A0000'
         DC    A(X'4444')
""", ec=True, **(cpu_kw or {}))
    cpu.set_cr(0, cr0)
    for k, v in kw.items():
        cpu.S[getattr(L, k)] = v
    return cpu


def test_advance_to_clock_comparator_in_wait():
    ckc = 10**9
    cpu = enabled_wait(cr0=CR0_CKC, CKC=ckc)
    assert cpu.run(100) == L.EXIT_WAIT
    assert cpu.advance_to_next_timer_event()
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x1004
    assert ckc < cpu.tod <= ckc + 2 * STEP
    assert dw(cpu, L.LOC_EXT_OLD) == ec_psw(0x4444, sysmask=0x01, w=1)


def test_advance_to_cpu_timer_in_wait():
    cpu = enabled_wait(cr0=CR0_CPUTIMER | CR0_CKC, CPUTIMER=5 * 10**8, CKC=10**9)
    assert cpu.run(100) == L.EXIT_WAIT
    t0 = cpu.tod
    assert cpu.advance_to_next_timer_event()
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x1005                    # the nearer event
    assert -2 * STEP <= cpu.S[L.CPUTIMER] < 0
    assert cpu.tod - t0 <= 5 * 10**8 + 2 * STEP


def test_advance_to_interval_timer_in_wait():
    cpu = enabled_wait(cr0=CR0_ITIMER)
    cpu.load(L.LOC_ITIMER, (1000).to_bytes(4, "big"))
    assert cpu.run(100) == L.EXIT_WAIT
    assert cpu.advance_to_next_timer_event()
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert half(cpu, 134) == 0x0080
    assert word(cpu, L.LOC_ITIMER) == 0xFFFFFFFF


def test_advance_without_enabled_timer():
    cpu = enabled_wait(cr0=0x40)                         # only the interrupt key
    assert cpu.run(100) == L.EXIT_WAIT
    assert not cpu.advance_to_next_timer_event()
    assert cpu.run(100) == L.EXIT_WAIT


def test_advance_never_reports_an_unreachable_comparator():
    """CKC far beyond TOD (unsigned): either no event, or the jump really reaches it."""
    cpu = enabled_wait(cr0=CR0_CKC, CKC=-(1 << 62))     # X'C000000000000000'
    assert cpu.run(100) == L.EXIT_WAIT
    if cpu.advance_to_next_timer_event():
        assert cpu.run(100) == L.EXIT_DISABLED_WAIT
        assert half(cpu, 134) == 0x1004
    else:
        assert cpu.run(100) == L.EXIT_WAIT


# ----------------------------------------------------------------------------- real clock
def host_tod():
    return int((time.time() + EPOCH_1970) * 4096e6)


def test_real_clock_tracks_host_time():
    cpu, s = machine("""
         STCK  T
         STPT  P
         DIAG  0,0,0
         DS    0D
T        DS    D
P        DS    D
""", clock="real")
    cpu.S[L.CPUTIMER] = 1 << 50
    h0 = host_tod()
    assert cpu.run(100) == L.EXIT_DIAG
    h1 = host_tod()
    t1, p1 = dw(cpu, s["T"]), dw(cpu, s["P"])
    assert h0 - 5 * 4096e6 <= t1 <= h1 + 5 * 4096e6       # within 5 seconds of the host
    time.sleep(0.05)
    cpu.set_psw(bc_psw(ORG))                              # run the same program again
    assert cpu.run(100) == L.EXIT_DIAG
    t2, p2 = dw(cpu, s["T"]), dw(cpu, s["P"])
    # at least the 50 ms slept have passed on the TOD clock and the CPU timer
    assert 0.04 * 4096e6 <= t2 - t1 <= 30 * 4096e6
    assert 0.04 * 4096e6 <= p1 - p2 <= 30 * 4096e6
