"""Architecture-derived tests of the general (non-decimal, non-floating) S/370 instructions.

Every expected value comes from GA22-7000 (System/370 Principles of Operation) and the
team digest /work/shared/spec/cpu.md (sections 2, 3, 4.1, 6.3), never from running
our core.  Each test assembles a tiny program at X'1000' (GR12 = X'1000' is its base),
points the program-new and SVC-new PSWs at disabled-wait PSWs, runs it and inspects
registers, storage and the old PSWs.  A program normally ends with ``EXIT SVC 255``
(appended by ``run``), so the SVC old PSW gives the final condition code and program mask.
"""

import pytest

from s370.asm import assemble
from s370.cpu import layout as L
from s370.cpu import CPU

ORIGIN = 0x1000
PGM_WAIT = 0xF00          # instruction address in the program-new (disabled-wait) PSW
SVC_WAIT = 0xF10          # ... in the SVC-new PSW
MEMSIZE = 0x10000
M32 = 0xFFFFFFFF
EXIT_SVC = 255
DATA = 0x800              # scratch area reachable with base 0: D(0,0) for D in 800..FFF


def make_psw(ia, *, ec=False, key=0, wait=False, problem=False, cc=0, pm=0, sysmask=0):
    """An 8-byte PSW image, BC or EC format (GA22-7000 "Program-Status-Word Format")."""
    b1 = (key << 4) | (0x08 if ec else 0) | (0x02 if wait else 0) | (0x01 if problem else 0)
    if ec:
        return bytes([sysmask, b1, (cc << 4) | pm, 0, 0]) + ia.to_bytes(3, "big")
    return bytes([sysmask, b1, 0, 0, (cc << 4) | pm]) + ia.to_bytes(3, "big")


def parse_old_psw(cpu, old, ec, id_ilc, id_code):
    """(code, ilc, cc, pm, ia) from an old PSW; EC mode takes code/ILC from low storage."""
    b = cpu.read(old, 8)
    ia = int.from_bytes(b[5:8], "big")
    if ec:
        cc, pm = (b[2] >> 4) & 3, b[2] & 15
        code = int.from_bytes(cpu.read(id_code, 2), "big")
        ilc = (cpu.read(id_ilc, 1)[0] >> 1) & 3
    else:
        cc, pm = (b[4] >> 4) & 3, b[4] & 15
        code = int.from_bytes(b[2:4], "big")
        ilc = b[4] >> 6
    return code, ilc, cc, pm, ia


class Result:
    """What a test program left behind."""

    def __init__(self, cpu, asm, exit_reason, ec):
        self.cpu, self.asm, self.exit, self.ec = cpu, asm, exit_reason, ec
        self.kind = {PGM_WAIT: "pgm", SVC_WAIT: "svc"}.get(cpu.ia)
        self.code = self.ilc = self.cc = self.pm = self.ia = None
        if self.kind == "pgm":
            (self.code, self.ilc, self.cc, self.pm, self.ia) = parse_old_psw(
                cpu, L.LOC_PGM_OLD, ec, L.LOC_PGM_ILC, L.LOC_PGM_CODE)
        elif self.kind == "svc":
            (self.code, self.ilc, self.cc, self.pm, self.ia) = parse_old_psw(
                cpu, L.LOC_SVC_OLD, ec, L.LOC_SVC_ILC, L.LOC_SVC_CODE)

    def r(self, n):
        return self.cpu.get_gpr(n)

    def sym(self, name):
        return self.asm.symbols[name.upper()]

    def mem(self, addr, n):
        if isinstance(addr, str):
            addr = self.sym(addr)
        return self.cpu.read(addr, n)

    def word(self, addr):
        return int.from_bytes(self.mem(addr, 4), "big")

    @property
    def done(self):
        """Ended normally at the EXIT SVC."""
        return (self.kind == "svc" and self.code == EXIT_SVC
                and self.ia == self.sym("EXIT") + 2)

    def pgm(self, code, ilc, at):
        """Assert a program interruption ``code`` with ``ilc``; ``at`` = the old PSW IA."""
        if isinstance(at, str):
            at = self.sym(at)
        assert self.kind == "pgm", f"no program interruption (kind={self.kind}, ia={self.cpu.ia:X})"
        assert (self.code, self.ilc, self.ia) == (code, ilc, at), \
            f"code/ilc/ia = {self.code:04X}/{self.ilc}/{self.ia:06X}, want {code:04X}/{ilc}/{at:06X}"


def machine(memsize=MEMSIZE, ec=False):
    cpu = CPU(memsize=memsize)
    cpu.load(L.LOC_PGM_NEW, make_psw(PGM_WAIT, ec=ec, wait=True))
    cpu.load(L.LOC_SVC_NEW, make_psw(SVC_WAIT, ec=ec, wait=True))
    return cpu


def run(code, data="", *, regs=None, ec=False, key=0, problem=False, cc=0, pm=0,
        memsize=MEMSIZE, limit=10_000, storage=(), keys=(), crs=None, cpu=None):
    """Assemble ``code`` (+ ``EXIT SVC 255`` + ``data``) at X'1000' and run it.

    Statements are HLASM lines: a label in column 1, otherwise a leading blank."""
    src = (" USING BEGIN,12\nBEGIN DS 0H\n" + code.strip("\n") + "\nEXIT SVC "
           + str(EXIT_SVC) + "\n" + data.strip("\n") + "\n LTORG\n END\n")
    asm = assemble(src, origin=ORIGIN)
    assert not asm.errors, asm.errors
    cpu = cpu or machine(memsize, ec)
    cpu.load(ORIGIN, asm.image)
    for addr, blob in storage:
        cpu.load(addr, blob)
    for addr, k in keys:
        cpu.set_key(addr, k)
    for r, v in (crs or {}).items():
        cpu.set_cr(r, v)
    cpu.set_gpr(12, ORIGIN)
    for r, v in (regs or {}).items():
        cpu.set_gpr(r, v)
    assert cpu.set_psw(make_psw(ORIGIN, ec=ec, key=key, problem=problem, cc=cc, pm=pm))
    reason = cpu.run(limit)
    return Result(cpu, asm, reason, ec)


def ok(code, data="", **kw):
    r = run(code, data, **kw)
    assert r.done, (f"did not reach EXIT: kind={r.kind} code={r.code} ia={r.ia} "
                    f"cpu.ia={r.cpu.ia:X}")
    return r


def s(v):
    """A signed Python int as the 32-bit register image."""
    return v & M32


# ===================================================================== loads (RR)

@pytest.mark.parametrize("v,cc", [(0, 0), (s(-5), 1), (7, 2), (0x80000000, 1), (0x7FFFFFFF, 2)])
def test_ltr(v, cc):
    r = ok(" LTR 1,2", regs={2: v, 1: 0x12345678}, cc=3)
    assert r.r(1) == v and r.cc == cc


def test_lr_keeps_cc():
    r = ok(" LR 3,4", regs={4: 0xDEADBEEF}, cc=3)
    assert r.r(3) == 0xDEADBEEF and r.cc == 3


@pytest.mark.parametrize("v,res,cc", [
    (5, s(-5), 1), (s(-5), 5, 2), (0, 0, 0), (0x80000000, 0x80000000, 3), (0x7FFFFFFF, 0x80000001, 1)])
def test_lcr(v, res, cc):
    r = ok(" LCR 1,2", regs={2: v})
    assert (r.r(1), r.cc) == (res, cc)


@pytest.mark.parametrize("v,res,cc", [
    (s(-7), 7, 2), (7, 7, 2), (0, 0, 0), (0x80000000, 0x80000000, 3), (0x80000001, 0x7FFFFFFF, 2)])
def test_lpr(v, res, cc):
    r = ok(" LPR 1,2", regs={2: v})
    assert (r.r(1), r.cc) == (res, cc)


@pytest.mark.parametrize("v,res,cc", [
    (7, s(-7), 1), (s(-7), s(-7), 1), (0, 0, 0), (0x80000000, 0x80000000, 1), (0x7FFFFFFF, 0x80000001, 1)])
def test_lnr(v, res, cc):
    r = ok(" LNR 1,2", regs={2: v})
    assert (r.r(1), r.cc) == (res, cc)


# ===================================================================== add/subtract

@pytest.mark.parametrize("a,b,res,cc", [
    (1, 2, 3, 2), (s(-1), 1, 0, 0), (s(-2), 1, s(-1), 1),
    (0x7FFFFFFF, 1, 0x80000000, 3), (0x80000000, 0x80000000, 0, 3), (0x80000000, s(-1), 0x7FFFFFFF, 3)])
def test_ar(a, b, res, cc):
    r = ok(" AR 2,3", regs={2: a, 3: b})
    assert (r.r(2), r.cc) == (res, cc)


@pytest.mark.parametrize("a,b,res,cc", [
    (5, 3, 2, 2), (3, 5, s(-2), 1), (7, 7, 0, 0),
    (0x80000000, 1, 0x7FFFFFFF, 3), (0x7FFFFFFF, s(-1), 0x80000000, 3), (0, 0x80000000, 0x80000000, 3)])
def test_sr(a, b, res, cc):
    r = ok(" SR 2,3", regs={2: a, 3: b})
    assert (r.r(2), r.cc) == (res, cc)


@pytest.mark.parametrize("a,b,res,cc", [
    (0, 0, 0, 0), (1, 1, 2, 1), (M32, 1, 0, 2), (M32, 2, 1, 3), (0x80000000, 0x80000000, 0, 2)])
def test_alr(a, b, res, cc):
    r = ok(" ALR 2,3", regs={2: a, 3: b})
    assert (r.r(2), r.cc) == (res, cc)


@pytest.mark.parametrize("a,b,res,cc", [
    # SUBTRACT LOGICAL: CC1 nonzero/no carry, CC2 zero/carry, CC3 nonzero/carry (no CC0)
    (5, 5, 0, 2), (0, 0, 0, 2), (5, 6, M32, 1), (6, 5, 1, 3), (0, 1, M32, 1)])
def test_slr(a, b, res, cc):
    r = ok(" SLR 2,3", regs={2: a, 3: b})
    assert (r.r(2), r.cc) == (res, cc)


def test_sr_same_register_is_zero():
    r = ok(" SR 5,5", regs={5: 0x80000000})
    assert (r.r(5), r.cc) == (0, 0)


@pytest.mark.parametrize("a,b,cr,clr", [
    (1, 1, 0, 0), (M32, 1, 1, 2), (1, M32, 2, 1), (0x80000000, 0x7FFFFFFF, 1, 2), (3, 4, 1, 1)])
def test_cr_clr(a, b, cr, clr):
    r = ok(" CR 2,3", regs={2: a, 3: b})
    assert r.cc == cr and r.r(2) == a
    r = ok(" CLR 2,3", regs={2: a, 3: b})
    assert r.cc == clr


@pytest.mark.parametrize("op,a,b,res", [
    ("NR", 0xF0F0FF00, 0x0FF0F0F0, 0x00F0F000), ("OR", 0xF0F00000, 0x0F000001, 0xFFF00001),
    ("XR", 0xFF00FF00, 0xF0F0F0F0, 0x0FF00FF0), ("NR", 0xF0F0F0F0, 0x0F0F0F0F, 0),
    ("XR", 0x12345678, 0x12345678, 0), ("OR", 0, 0, 0)])
def test_boolean_rr(op, a, b, res):
    r = ok(f" {op} 2,3", regs={2: a, 3: b})
    assert r.r(2) == res and r.cc == (1 if res else 0)


def test_mr():
    # R3 (odd of the pair) x R5 -> 64-bit product in R2:R3; CC unchanged
    r = ok(" MR 2,5", regs={2: 0xAAAAAAAA, 3: s(-3), 5: 0x40000000}, cc=2)
    prod = (-3 * 0x40000000) & (2 ** 64 - 1)
    assert (r.r(2), r.r(3)) == (prod >> 32, prod & M32) and r.cc == 2
    r = ok(" MR 2,5", regs={3: 0x7FFFFFFF, 5: 0x7FFFFFFF})
    prod = 0x7FFFFFFF * 0x7FFFFFFF
    assert (r.r(2), r.r(3)) == (prod >> 32, prod & M32)


@pytest.mark.parametrize("hi,lo,d,rem,quo", [
    (0, 100, 7, 2, 14), (M32, s(-100), 7, s(-2), s(-14)), (0, 100, s(-7), 2, s(-14)),
    (M32, s(-100), s(-7), s(-2), 14), (M32, 0x80000000, 1, 0, 0x80000000), (0, 5, 10, 5, 0)])
def test_dr(hi, lo, d, rem, quo):
    # remainder has the dividend's sign, quotient the algebraic sign
    r = ok(" DR 2,5", regs={2: hi, 3: lo, 5: d}, cc=1)
    assert (r.r(2), r.r(3), r.cc) == (rem, quo, 1)


@pytest.mark.parametrize("hi,lo,d", [(0, 100, 0), (1, 0, 1), (0, 0x80000000, 1), (0x40000000, 0, 2)])
def test_dr_fixed_point_divide_suppresses(hi, lo, d):
    r = run(" DR 2,5", regs={2: hi, 3: lo, 5: d}, cc=2)
    r.pgm(L.PIC_FIXED_DIVIDE, 1, ORIGIN + 2)
    assert (r.r(2), r.r(3), r.r(5)) == (hi, lo, d) and r.cc == 2


@pytest.mark.parametrize("src", [" MR 3,4", " DR 1,4", " M 5,=F'1'", " D 7,=F'1'"])
def test_odd_pair_specification(src):
    r = run(src, regs={4: 1, 3: 9, 5: 9, 1: 9, 7: 9})
    ilc = 1 if src.split()[0] in ("MR", "DR") else 2
    r.pgm(L.PIC_SPECIFICATION, ilc, ORIGIN + 2 * ilc)
    assert (r.r(1), r.r(3), r.r(5), r.r(7)) == (9, 9, 9, 9)


# ===================================================================== RX forms

RXDATA = """
WPOS DC F'100'
WNEG DC F'-3'
WMAX DC X'7FFFFFFF'
WALL DC X'FFFFFFFF'
HNEG DC H'-2'
HPOS DC H'300'
HBIG DC X'8001'
"""


@pytest.mark.parametrize("src,init,res,cc", [
    (" L 1,WNEG", 0, s(-3), 3),
    (" A 1,WPOS", 5, 105, 2), (" A 1,WMAX", 1, 0x80000000, 3), (" A 1,WNEG", 3, 0, 0),
    (" S 1,WPOS", 5, s(-95), 1), (" S 1,WNEG", 0x7FFFFFFE, 0x80000001, 3),
    (" AL 1,WALL", 1, 0, 2), (" AL 1,WALL", 2, 1, 3), (" AL 1,WPOS", 0, 100, 1),
    (" SL 1,WPOS", 100, 0, 2), (" SL 1,WPOS", 99, M32, 1), (" SL 1,WNEG", M32, 2, 3),
    (" N 1,WNEG", 0x0000000F, 0x0000000D, 1), (" N 1,WPOS", 0xFFFFFF00, 0, 0),
    (" O 1,WPOS", 0x100, 0x164, 1), (" X 1,WALL", M32, 0, 0),
    (" AH 1,HNEG", 1, s(-1), 1), (" AH 1,HBIG", 0x80000000, 0x80000000 - 0x7FFF, 3),
    (" SH 1,HPOS", 300, 0, 0), (" SH 1,HNEG", 0x7FFFFFFF, 0x80000001, 3),
    (" LH 1,HBIG", 0x12345678, 0xFFFF8001, 3), (" LH 1,HPOS", M32, 300, 3),
    (" MH 1,HNEG", 0x12345, s(-0x2468A), 3), (" MH 1,HPOS", 0x40000000, (0x40000000 * 300) & M32, 3),
    (" IC 1,WNEG+3", 0x11223344, 0x112233FD, 3),
])
def test_rx_arith(src, init, res, cc):
    r = ok(src, RXDATA, regs={1: init}, cc=3)
    assert (r.r(1), r.cc) == (res, cc)


@pytest.mark.parametrize("src,init,cc", [
    (" C 1,WNEG", s(-3), 0), (" C 1,WNEG", s(-4), 1), (" C 1,WPOS", 0x7FFFFFFF, 2),
    (" C 1,WNEG", 5, 2), (" CL 1,WNEG", 5, 1), (" CL 1,WALL", M32, 0), (" CL 1,WPOS", 101, 2),
    (" CH 1,HNEG", s(-2), 0), (" CH 1,HBIG", 0, 2), (" CH 1,HPOS", 299, 1),
])
def test_rx_compare(src, init, cc):
    r = ok(src, RXDATA, regs={1: init})
    assert r.cc == cc and r.r(1) == init


def test_m_and_d_rx():
    r = ok(" M 2,WNEG\n D 4,WPOS", RXDATA, regs={3: 0x10000001, 4: 0, 5: 1234})
    prod = (0x10000001 * -3) & (2 ** 64 - 1)
    assert (r.r(2), r.r(3)) == (prod >> 32, prod & M32)
    assert (r.r(4), r.r(5)) == (34, 12)


def test_stores():
    r = ok(" ST 1,W\n STH 1,H\n STC 1,B", "W DC F'0'\nH DC H'0'\nB DC X'00'",
           regs={1: 0x89ABCDEF})
    assert r.mem("W", 4) == bytes.fromhex("89ABCDEF")
    assert r.mem("H", 2) == bytes.fromhex("CDEF")
    assert r.mem("B", 1) == b"\xEF"


def test_rx_unaligned_operands_allowed():
    # S/370 has no alignment requirement for general operands (byte-oriented operand feature)
    r = ok(" L 1,0(0,2)\n ST 1,3(0,2)", regs={2: DATA + 1},
           storage=[(DATA + 1, bytes.fromhex("01020304"))])
    assert r.r(1) == 0x01020304 and r.cpu.read(DATA + 4, 4) == bytes.fromhex("01020304")


def test_la():
    # 24-bit address arithmetic; bits 0-7 of R1 are zeros; register 0 means "no register"
    r = ok(" LA 1,X'FFF'(2,3)\n LA 4,5(0,0)\n LA 5,1(5)\n LA 6,0(7)",
           regs={2: 0xFF000001, 3: 0x00FFFFFF, 0: 0x100, 5: 0xAAFFFFFF, 7: 0xFF123456})
    assert r.r(1) == 0x00000FFF
    assert r.r(4) == 5
    assert r.r(5) == 0
    assert r.r(6) == 0x123456


def test_index_and_base_24_bit_wrap_for_operands():
    r = ok(" L 1,4(2,3)", regs={2: 0xFFFFFF00, 3: 0x0000DF00 - 4 + 0x100},
           storage=[(0xDF00, bytes.fromhex("CAFEF00D"))])
    assert r.r(1) == 0xCAFEF00D


# ===================================================================== branching

def balr_link(ilc, cc, pm, ia):
    return (ilc << 30) | (cc << 28) | (pm << 24) | ia


def test_balr_link_and_branch():
    r = ok(" BALR 14,15\n LA 1,1\nT LA 2,2", regs={15: 0xFF000000 | (ORIGIN + 6), 1: 0, 2: 0},
           cc=2, pm=0xA)
    assert r.r(14) == balr_link(1, 2, 0xA, ORIGIN + 2)
    assert r.r(1) == 0 and r.r(2) == 2          # branched (24-bit target) over LA 1,1
    assert r.cc == 2 and r.pm == 0xA


def test_balr_r2_zero_links_without_branching():
    r = ok(" BALR 14,0\n LA 1,1", regs={1: 0, 0: ORIGIN + 100}, cc=1, pm=3)
    assert r.r(14) == balr_link(1, 1, 3, ORIGIN + 2) and r.r(1) == 1


def test_balr_same_register_branches_to_old_contents():
    r = ok(" BALR 14,14\n LA 1,1\nT LA 2,2", regs={14: ORIGIN + 6, 1: 0})
    assert r.r(1) == 0 and r.r(2) == 2
    assert r.r(14) == balr_link(1, 0, 0, ORIGIN + 2)


def test_bal_link_format():
    r = ok(" BAL 14,T\n LA 1,1\nT LA 2,2", regs={1: 0}, cc=3, pm=0x5)
    assert r.r(14) == balr_link(2, 3, 5, ORIGIN + 4) and r.r(1) == 0 and r.r(2) == 2


def test_balr_link_ec_mode_same_format():
    r = ok(" BALR 14,0", ec=True, cc=1, pm=0xC)
    assert r.r(14) == balr_link(1, 1, 0xC, ORIGIN + 2)


def test_bcr_r2_zero_never_branches():
    r = ok(" BCR 15,0\n LA 1,1", regs={0: ORIGIN + 6, 1: 0})
    assert r.r(1) == 1


@pytest.mark.parametrize("cc", range(4))
def test_bc_and_bcr_masks(cc):
    for mask in range(16):
        taken = bool(mask & (8 >> cc))
        r = ok(f" BC {mask},T\n LA 1,1\n B EXIT\nT LA 1,2", regs={1: 0}, cc=cc)
        assert r.r(1) == (2 if taken else 1), (cc, mask)
        assert r.cc == cc
        r = ok(f" BCR {mask},3\n LA 1,1\n B EXIT\nT LA 1,2", regs={1: 0, 3: ORIGIN + 10}, cc=cc)
        assert r.r(1) == (2 if taken else 1), (cc, mask)


def test_bct_loop_and_zero():
    r = ok(" LA 2,0\nLOOP LA 2,1(2)\n BCT 1,LOOP", regs={1: 5})
    assert r.r(1) == 0 and r.r(2) == 5
    # 0 - 1 = -1: not zero, branch taken
    r = ok(" BCT 1,T\n LA 2,1\nT DS 0H", regs={1: 0, 2: 0})
    assert r.r(1) == M32 and r.r(2) == 0


def test_bctr():
    r = ok(" BCTR 1,3\n LA 2,1", regs={1: 2, 3: ORIGIN + 6, 2: 0})
    assert r.r(1) == 1 and r.r(2) == 0
    r = ok(" BCTR 1,3\n LA 2,1", regs={1: 1, 3: ORIGIN + 6, 2: 0})
    assert r.r(1) == 0 and r.r(2) == 1
    # R2 = 0: decrement only, no branch, CC unchanged
    r = ok(" BCTR 1,0\n LA 2,1", regs={1: 7, 0: ORIGIN + 6, 2: 0}, cc=3)
    assert r.r(1) == 6 and r.r(2) == 1 and r.cc == 3


def test_bct_target_uses_register_before_decrement():
    # branch address computed before R1 changes: BCT 1,0(1)
    r = ok(" BCT 1,0(1)\n LA 2,1\nT LA 3,3", regs={1: ORIGIN + 8, 2: 0, 3: 0})
    assert r.r(1) == ORIGIN + 7 and r.r(2) == 0 and r.r(3) == 3


def test_bxle_loop():
    # R1 = 0, increment 4 (R2), compare 12 (R3): 4, 8, 12 branch; 16 falls through
    r = ok(" LA 5,0\nLOOP LA 5,1(5)\n BXLE 1,2,LOOP", regs={1: 0, 2: 4, 3: 12})
    assert r.r(1) == 16 and r.r(5) == 4


def test_bxh_loop_negative_increment():
    r = ok(" LA 5,0\nLOOP LA 5,1(5)\n BXH 1,2,LOOP", regs={1: 10, 2: s(-3), 3: 2})
    # 7 > 2, 4 > 2, 1 not > 2
    assert r.r(1) == 1 and r.r(5) == 3


@pytest.mark.parametrize("op,r1,r3,regs,taken,r1val", [
    # R3 odd: the increment is also the compare value
    ("BXH", 1, 3, {1: 5, 3: s(-1)}, True, 4),
    ("BXLE", 1, 3, {1: 5, 3: s(-1)}, False, 4),
    # R1 == R3 (even): increment = R1 itself, compare value in R3+1
    ("BXLE", 2, 2, {2: 5, 3: 6}, False, 10),
    ("BXLE", 2, 2, {2: 3, 3: 6}, True, 6),
    # R1 == R3 (odd): increment and compare value are the original R1
    ("BXLE", 3, 3, {3: 5}, False, 10),
    ("BXLE", 3, 3, {3: s(-5)}, True, s(-10)),
    ("BXH", 3, 3, {3: 5}, True, 10),
    # R1 == R3 + 1: the compare value is R1's contents before the sum is stored
    ("BXH", 3, 2, {2: 1, 3: 5}, True, 6),
    ("BXLE", 3, 2, {2: 1, 3: 5}, False, 6),
    ("BXLE", 3, 2, {2: s(-1), 3: 5}, True, 4),
])
def test_bxh_bxle_register_cases(op, r1, r3, regs, taken, r1val):
    regs = dict(regs)
    regs[9] = 0
    r = ok(f" {op} {r1},{r3},T\n LA 9,1\nT DS 0H", regs=regs)
    assert r.r(r1) == r1val
    assert r.r(9) == (0 if taken else 1)


def test_branch_to_odd_address_specification_on_fetch():
    # the branch completes; the odd address is found when the next instruction is fetched.
    # PoO (ILC on instruction-fetching exceptions): ILC 1, 2 or 3 and the IA advanced by it
    r = run(" BR 15", regs={15: ORIGIN + 0x101})
    assert r.kind == "pgm" and r.code == L.PIC_SPECIFICATION
    assert r.ilc in (1, 2, 3)
    assert r.ia == ORIGIN + 0x101 + 2 * r.ilc


# ===================================================================== shifts

@pytest.mark.parametrize("src,v,res", [
    (" SLL 1,0", 0x12345678, 0x12345678), (" SLL 1,31", 3, 0x80000000), (" SLL 1,32", M32, 0),
    (" SLL 1,63", M32, 0), (" SLL 1,4", 0x87654321, 0x76543210),
    (" SRL 1,0", 0x12345678, 0x12345678), (" SRL 1,31", 0x80000000, 1), (" SRL 1,32", M32, 0),
    (" SRL 1,63", M32, 0), (" SRL 1,4", 0x87654321, 0x08765432),
])
def test_single_logical_shifts_keep_cc(src, v, res):
    r = ok(src, regs={1: v}, cc=3)
    assert r.r(1) == res and r.cc == 3


def test_shift_count_is_low_six_bits_of_address():
    # D2(B2) = 1 + X'12345603' -> address X'345604' -> count 4
    r = ok(" SLL 1,1(2)", regs={1: 1, 2: 0x12345603})
    assert r.r(1) == 0x10
    r = ok(" SRL 1,X'FC0'", regs={1: 0x80})     # X'FC0' & 63 = 0: no shift
    assert r.r(1) == 0x80


def sla_ref(v, n):
    """SLA as the PoO defines it: n one-bit shifts of bits 1-31; overflow when a bit
    unlike the sign leaves bit position 1."""
    sign = v & 0x80000000
    num = v & 0x7FFFFFFF
    over = False
    for _ in range(n):
        if (num >> 30) & 1 != sign >> 31:
            over = True
        num = (num << 1) & 0x7FFFFFFF
    return sign | num, over


@pytest.mark.parametrize("v,n,res,cc", [
    (1, 30, 0x40000000, 2), (1, 31, 0, 3), (M32, 31, 0x80000000, 1),
    (0x80000000, 63, 0x80000000, 3), (0, 63, 0, 0), (0x40000000, 1, 0, 3),
    (s(-2), 1, s(-4), 1), (5, 0, 5, 2), (0xC0000000, 1, 0x80000000, 1), (s(-1), 0, s(-1), 1),
    (0x80000000, 0, 0x80000000, 1),
])
def test_sla(v, n, res, cc):
    assert sla_ref(v, n) == (res, cc == 3)          # the table itself follows the PoO rule
    r = ok(f" SLA 1,{n}", regs={1: v})
    assert (r.r(1), r.cc) == (res, cc)


@pytest.mark.parametrize("v,n", [(M32, 32), (M32, 63), (0xC0000000, 40), (0x80000001, 33)])
def test_sla_negative_count_over_31_overflows(v, n):
    # after 31 shifts bits 1-31 hold shifted-in zeros; shift 32 moves a 0 out of bit 1,
    # unlike the sign bit 1: overflow (CC 3), result = sign and zeros
    assert sla_ref(v, n) == (0x80000000, True)
    r = ok(f" SLA 1,{n}", regs={1: v})
    assert (r.r(1), r.cc) == (0x80000000, 3)


@pytest.mark.parametrize("v,n,res,cc", [
    (s(-1), 63, M32, 1), (0x80000000, 31, M32, 1), (0x7FFFFFFF, 31, 0, 0), (8, 2, 2, 2),
    (s(-8), 2, s(-2), 1), (0x80000000, 32, M32, 1), (5, 0, 5, 2), (0x7FFFFFFF, 63, 0, 0), (0, 5, 0, 0),
])
def test_sra(v, n, res, cc):
    r = ok(f" SRA 1,{n}", regs={1: v})
    assert (r.r(1), r.cc) == (res, cc)


def pair(hi, lo):
    return (hi << 32) | lo


@pytest.mark.parametrize("src,hi,lo,res", [
    (" SLDL 2,1", 1, 0x80000000, pair(3, 0)), (" SLDL 2,0", 0x12345678, 0x9ABCDEF0, pair(0x12345678, 0x9ABCDEF0)),
    (" SLDL 2,31", 0, 3, pair(1, 0x80000000)), (" SLDL 2,32", 0, 1, pair(1, 0)),
    (" SLDL 2,63", 0, 1, pair(0x80000000, 0)), (" SLDL 2,63", M32, 0xFFFFFFFE, 0),
    (" SRDL 2,63", 0x80000000, 0, 1), (" SRDL 2,32", 0x80000000, 0, pair(0, 0x80000000)),
    (" SRDL 2,31", 0x80000000, 0, pair(1, 0)), (" SRDL 2,0", 1, 2, pair(1, 2)),
])
def test_double_logical_shifts(src, hi, lo, res):
    r = ok(src, regs={2: hi, 3: lo}, cc=1)
    assert pair(r.r(2), r.r(3)) == res and r.cc == 1


@pytest.mark.parametrize("n,hi,lo,res,cc", [
    (63, 0x80000000, 0, pair(M32, M32), 1), (63, 0x7FFFFFFF, M32, 0, 0), (4, 0, 0x10, 1, 2),
    (32, 0xFFFFFFFE, 0, pair(M32, 0xFFFFFFFE), 1), (0, 0, 0, 0, 0), (1, 0, 1, 0, 0),
])
def test_srda(n, hi, lo, res, cc):
    r = ok(f" SRDA 2,{n}", regs={2: hi, 3: lo})
    assert (pair(r.r(2), r.r(3)), r.cc) == (res, cc)


@pytest.mark.parametrize("n,hi,lo,res,cc", [
    (62, 0, 1, pair(0x40000000, 0), 2), (63, 0, 1, 0, 3), (63, M32, M32, pair(0x80000000, 0), 1),
    (1, 0x80000000, 0, pair(0x80000000, 0), 3), (0, 0, 0, 0, 0), (32, M32, 0x80000000, pair(0x80000000, 0), 1),
    (31, 0, 1, pair(0, 0x80000000), 2), (32, 0, 0x80000000, pair(0x80000000, 0) & 0x7FFFFFFFFFFFFFFF, 3),
])
def test_slda(n, hi, lo, res, cc):
    r = ok(f" SLDA 2,{n}", regs={2: hi, 3: lo})
    assert (pair(r.r(2), r.r(3)), r.cc) == (res, cc)


@pytest.mark.parametrize("src", [" SLDL 3,1", " SRDL 1,1", " SLDA 5,1", " SRDA 15,1"])
def test_double_shift_odd_register_specification(src):
    r = run(src, regs={1: 7, 3: 7, 5: 7, 15: 7}, cc=2)
    r.pgm(L.PIC_SPECIFICATION, 2, ORIGIN + 4)
    assert (r.r(1), r.r(3), r.r(5), r.r(15), r.cc) == (7, 7, 7, 7, 2)


@pytest.mark.parametrize("src,regs,want_reg", [
    (" SLA 1,1", {1: 0x40000000}, (1, 0)),
    (" SLDA 2,1", {2: 0x40000000, 3: 0}, (2, 0)),
])
def test_shift_overflow_interrupt_when_enabled(src, regs, want_reg):
    r = run(src, regs=regs, pm=L.PM_FIXED_OVERFLOW)
    r.pgm(L.PIC_FIXED_OVERFLOW, 2, ORIGIN + 4)
    assert r.cc == 3 and r.r(want_reg[0]) == want_reg[1]


# ===================================================================== LM / STM

def test_stm_lm_wrap_15_to_0():
    vals = {14: 0xE0E0E0E0, 15: 0xF0F0F0F0, 0: 0x00000A0A, 1: 0x11111111, 2: 0x22222222}
    r = ok(" STM 14,1,AREA", "AREA DC 5F'-1'", regs=vals)
    area = r.mem("AREA", 20)
    assert area == bytes.fromhex("E0E0E0E0 F0F0F0F0 00000A0A 11111111 FFFFFFFF")
    r = ok(" LM 14,1,AREA", "AREA DC F'14',F'15',F'0',F'1',F'2'", regs={2: 0x77})
    assert [r.r(i) for i in (14, 15, 0, 1, 2)] == [14, 15, 0, 1, 0x77]


def test_stm_lm_all_registers():
    regs = {i: 0x01010101 * i for i in range(16) if i != 12}
    r = ok(" STM 0,15,0(2)", regs={**regs, 2: 0x2000})
    expect = b"".join((0x01010101 * i if i not in (2, 12) else (0x2000 if i == 2 else ORIGIN))
                      .to_bytes(4, "big") for i in range(16))
    assert r.cpu.read(0x2000, 64) == expect
    r = ok(" LM 0,11,0(13)", regs={13: 0x2000},
           storage=[(0x2000, bytes(range(48)))])
    assert [r.r(i) for i in range(12)] == [int.from_bytes(bytes(range(4 * i, 4 * i + 4)), "big")
                                             for i in range(12)]


def test_lm_single_and_base_register_loaded():
    r = ok(" LM 3,3,0(4)\n LM 4,5,4(4)", regs={4: 0x2000},
           storage=[(0x2000, bytes.fromhex("11111111 22222222 33333333"))])
    assert (r.r(3), r.r(4), r.r(5)) == (0x11111111, 0x22222222, 0x33333333)


# ===================================================================== SI instructions

@pytest.mark.parametrize("mask,cc", [
    (0x00, 0), (0x5A, 0), (0xA5, 3), (0xFF, 1), (0x80, 3), (0x81, 3), (0xC0, 1), (0x04, 3), (0x02, 0)])
def test_tm(mask, cc):
    r = ok(f" TM B,{mask}", "B DC X'A5'", cc=2 if cc != 2 else 0)
    assert r.cc == cc and r.mem("B", 1) == b"\xA5"


def test_mvi_keeps_cc():
    r = ok(" MVI B,X'5C'", "B DC X'00'", cc=1)
    assert r.mem("B", 1) == b"\x5C" and r.cc == 1


@pytest.mark.parametrize("byte,imm,cc", [(0x80, 0x7F, 2), (0x80, 0x80, 0), (0x10, 0x20, 1), (0x00, 0xFF, 1)])
def test_cli(byte, imm, cc):
    r = ok(f" CLI B,{imm}", f"B DC X'{byte:02X}'")
    assert r.cc == cc


@pytest.mark.parametrize("op,byte,imm,res", [
    ("NI", 0x0F, 0xF0, 0x00), ("NI", 0xFF, 0x3C, 0x3C), ("OI", 0x80, 0x01, 0x81), ("OI", 0, 0, 0),
    ("XI", 0xFF, 0xFF, 0x00), ("XI", 0xF0, 0x0F, 0xFF)])
def test_ni_oi_xi(op, byte, imm, res):
    r = ok(f" {op} B,{imm}", f"B DC X'{byte:02X}'")
    assert r.mem("B", 1)[0] == res and r.cc == (1 if res else 0)


# ===================================================================== ICM / STCM / CLM

def mask_positions(mask):
    return [i for i in range(4) if mask & (8 >> i)]


@pytest.mark.parametrize("data", ["80010FFF", "00000000", "01800000", "00800000", "7F000000"])
def test_icm_every_mask(data):
    src = bytes.fromhex(data)
    for mask in range(16):
        pos = mask_positions(mask)
        regv = bytearray((0x11223344).to_bytes(4, "big"))
        for k, i in enumerate(pos):
            regv[i] = src[k]
        inserted = src[:len(pos)]
        if not pos or not any(inserted):
            cc = 0
        else:
            cc = 1 if inserted[0] & 0x80 else 2
        r = ok(f" ICM 1,{mask},D", f"D DC X'{data}'", regs={1: 0x11223344}, cc=3)
        assert (r.r(1), r.cc) == (int.from_bytes(regv, "big"), cc), (data, mask)


def test_stcm_every_mask():
    for mask in range(16):
        pos = mask_positions(mask)
        reg = bytes.fromhex("A1B2C3D4")
        expect = bytes(reg[i] for i in pos) + b"\xEE" * (4 - len(pos))
        r = ok(f" STCM 1,{mask},D", "D DC X'EEEEEEEE'", regs={1: 0xA1B2C3D4}, cc=2)
        assert r.mem("D", 4) == expect and r.cc == 2, mask


@pytest.mark.parametrize("delta", [0, 1, -1])
def test_clm_every_mask(delta):
    reg = bytes.fromhex("11F08022")
    for mask in range(16):
        pos = mask_positions(mask)
        sel = bytearray(reg[i] for i in pos)
        stor = bytearray(sel) + b"\x00" * (4 - len(sel))
        if sel and delta:
            stor[len(sel) - 1] = (stor[len(sel) - 1] + delta) & 0xFF
        left, right = bytes(sel), bytes(stor[:len(sel)])
        cc = 0 if left == right else (1 if left < right else 2)
        r = ok(f" CLM 1,{mask},D", f"D DC X'{stor.hex().upper()}'", regs={1: 0x11F08022}, cc=3)
        assert r.cc == cc, (mask, delta)


# ===================================================================== CS / CDS / TS

def test_cs_equal_and_unequal():
    r = ok(" CS 2,4,W", " DS 0F\nW DC F'5'", regs={2: 5, 4: 9})
    assert (r.word("W"), r.r(2), r.cc) == (9, 5, 0)
    r = ok(" CS 2,4,W", " DS 0F\nW DC F'6'", regs={2: 5, 4: 9})
    assert (r.word("W"), r.r(2), r.cc) == (6, 6, 1)


def test_cs_not_word_aligned_specification():
    r = run(" CS 2,4,W+2", " DS 0F\nW DC F'5',F'5'", regs={2: 5, 4: 9}, cc=2)
    r.pgm(L.PIC_SPECIFICATION, 2, ORIGIN + 4)
    assert r.mem("W", 8) == bytes.fromhex("0000000500000005") and r.cc == 2


def test_cds_equal_and_unequal():
    r = ok(" CDS 2,4,D", " DS 0D\nD DC F'1',F'2'", regs={2: 1, 3: 2, 4: 7, 5: 8})
    assert (r.mem("D", 8), r.r(2), r.r(3), r.cc) == (bytes.fromhex("0000000700000008"), 1, 2, 0)
    r = ok(" CDS 2,4,D", " DS 0D\nD DC F'1',F'3'", regs={2: 1, 3: 2, 4: 7, 5: 8})
    assert (r.mem("D", 8), r.r(2), r.r(3), r.cc) == (bytes.fromhex("0000000100000003"), 1, 3, 1)


@pytest.mark.parametrize("src", [" CDS 3,4,D", " CDS 2,5,D", " CDS 2,4,D+4"])
def test_cds_specification(src):
    r = run(src, " DS 0D\nD DC F'1',F'2',F'3'", regs={2: 1, 3: 2, 4: 7, 5: 8})
    r.pgm(L.PIC_SPECIFICATION, 2, ORIGIN + 4)
    assert r.mem("D", 12) == bytes.fromhex("000000010000000200000003")


@pytest.mark.parametrize("byte,cc", [(0x00, 0), (0x80, 1), (0x7F, 0), (0xFF, 1)])
def test_ts(byte, cc):
    r = ok(" TS B", f"B DC X'{byte:02X}'")
    assert r.mem("B", 1) == b"\xFF" and r.cc == cc


# ===================================================================== SPM

@pytest.mark.parametrize("v,cc,pm", [(0x2A000000, 2, 0xA), (0xF5FFFFFF, 3, 5), (0xC0000000, 0, 0), (0x1F123456, 1, 0xF)])
def test_spm(v, cc, pm):
    # bits 2-3 -> CC, 4-7 -> program mask; bits 0-1 and 8-31 ignored.  SVC 255 after it
    # records both in its old PSW.  (PM 8 on: no overflow happens here.)
    r = ok(" SPM 1\n BALR 14,0", regs={1: v}, cc=1 if cc != 1 else 2)
    assert (r.cc, r.pm) == (cc, pm)
    assert r.r(14) >> 24 == (1 << 6) | (cc << 4) | pm


# ===================================================================== EXECUTE

def test_ex_ors_r1_bits_into_length():
    r = ok(" EX 1,T", "T MVC 0(1,3),0(4)", regs={1: 0xFFFFFF04, 3: 0x2000, 4: 0x3000},
           storage=[(0x3000, b"ABCDEFG")])
    assert r.cpu.read(0x2000, 7) == b"ABCDE\x00\x00"          # length code 0 | 4 -> 5 bytes
    assert r.mem("T", 2) == bytes.fromhex("D200")             # the target in storage unchanged


def test_ex_r1_zero_no_modification():
    r = ok(" EX 0,T", "T MVC 0(1,3),0(4)", regs={0: 0xFF, 3: 0x2000, 4: 0x3000},
           storage=[(0x3000, b"ABCDEFG")])
    assert r.cpu.read(0x2000, 3) == b"A\x00\x00"


def test_ex_modifies_register_fields():
    # LR 0,0 executed with R1 low byte X'35' becomes LR 3,5
    r = ok(" EX 1,T", "T LR 0,0", regs={1: 0x35, 5: 0xABCDEF01, 3: 0})
    assert r.r(3) == 0xABCDEF01


def test_ex_of_ex_is_execute_exception():
    r = run(" EX 0,T\n LA 1,1", "T EX 0,T2\nT2 LA 2,2", regs={1: 0, 2: 0})
    r.pgm(L.PIC_EXECUTE, 2, ORIGIN + 4)
    assert (r.r(1), r.r(2)) == (0, 0)


def test_ex_odd_target_specification():
    r = run(" EX 0,T+1", " DS 0H\nT LA 2,2", regs={2: 0})
    r.pgm(L.PIC_SPECIFICATION, 2, ORIGIN + 4)
    assert r.r(2) == 0


@pytest.mark.parametrize("target,regs,code", [
    ("DR 2,5", {5: 0, 2: 0, 3: 1}, L.PIC_FIXED_DIVIDE),           # 2-byte target
    ("DC X'0000'", {}, L.PIC_OPERATION),
    ("D 2,Z", {2: 0, 3: 1}, L.PIC_FIXED_DIVIDE),                   # 4-byte target
    ("MVC 0(2,3),0(3)", {3: 0x20000}, L.PIC_ADDRESSING),           # 6-byte target
])
def test_ex_target_interruption_reports_ex_address_and_ilc_2(target, regs, code):
    r = run(" EX 0,T\n LA 9,9", f"T {target}\nZ DC F'0'", regs={9: 0, **regs})
    r.pgm(code, 2, ORIGIN + 4)
    assert r.r(9) == 0


def test_balr_under_ex_links_to_instruction_after_ex():
    r = ok(" EX 0,T\n LA 9,9", "T BALR 14,0", regs={9: 0}, cc=2, pm=1)
    assert r.r(14) == balr_link(2, 2, 1, ORIGIN + 4) and r.r(9) == 9


def test_branch_under_ex_is_taken():
    r = ok(" EX 0,T\n LA 1,1\nX LA 2,2", "T B X", regs={1: 0, 2: 0})
    assert (r.r(1), r.r(2)) == (0, 2)


def test_svc_under_ex():
    r = run(" EX 1,T", "T SVC 0", regs={1: 0x37}, cc=1)
    assert (r.kind, r.code, r.ilc, r.ia, r.cc) == ("svc", 0x37, 2, ORIGIN + 4, 1)


def test_ex_target_sets_cc():
    r = ok(" EX 1,T", "T CLI B,0\nB DC X'42'", regs={1: 0x42})
    assert r.cc == 0


# ===================================================================== SS logical

def test_mvc():
    r = ok(" MVC A(5),B", "A DC C'.....'\nB DC C'HELLO'", cc=3)
    assert r.mem("A", 5) == "HELLO".encode("cp500") and r.cc == 3


def test_mvc_overlap_propagates_one_byte():
    r = ok(" MVC A+1(8),A", "A DC X'41',8X'F0',X'99'")
    assert r.mem("A", 10) == b"\x41" * 9 + b"\x99"


def test_mvc_overlap_other_direction():
    r = ok(" MVC A(4),A+1", "A DC X'0102030405'")
    assert r.mem("A", 5) == bytes.fromhex("0203040505")


def test_mvc_256_bytes():
    r = ok(" MVC 0(256,3),0(4)", regs={3: 0x2000, 4: 0x3000}, storage=[(0x3000, bytes(range(256)) + b"\x77")])
    assert r.cpu.read(0x2000, 257) == bytes(range(256)) + b"\x00"


def test_mvn_mvz():
    r = ok(" MVN A(3),B\n MVZ C(3),B", "A DC X'F1F2F3'\nB DC X'C4C5C6'\nC DC X'F1F2F3'", cc=2)
    assert r.mem("A", 3) == bytes.fromhex("F4F5F6")
    assert r.mem("C", 3) == bytes.fromhex("C1C2C3")
    assert r.cc == 2


@pytest.mark.parametrize("op,a,b,res", [
    ("NC", "AAAA", "F00F", "A00A"), ("NC", "AAAA", "5555", "0000"), ("OC", "0000", "0000", "0000"),
    ("OC", "0100", "0030", "0130"), ("XC", "FF0F", "FF0F", "0000"), ("XC", "FF00", "0F0F", "F00F")])
def test_nc_oc_xc(op, a, b, res):
    r = ok(f" {op} A(2),B", f"A DC X'{a}'\nB DC X'{b}'")
    assert r.mem("A", 2) == bytes.fromhex(res) and r.cc == (0 if res == "0000" else 1)


def test_xc_same_field_clears():
    r = ok(" XC A,A", "A DC X'DEADBEEF'")
    assert r.mem("A", 4) == bytes(4) and r.cc == 0


@pytest.mark.parametrize("a,b,cc", [("C1C2C3", "C1C2C4", 1), ("C1C2C4", "C1C2C3", 2),
                                     ("C1C2C3", "C1C2C3", 0), ("80", "7F", 2), ("00FF", "0100", 1)])
def test_clc(a, b, cc):
    n = len(a) // 2
    r = ok(f" CLC A({n}),B", f"A DC X'{a}'\nB DC X'{b}'")
    assert r.cc == cc


def test_tr():
    table = bytes((x ^ 0xFF) for x in range(256))
    r = ok(" TR 0(4,3),0(4)", regs={3: 0x2000, 4: 0x3000}, cc=1,
           storage=[(0x3000, table), (0x2000, bytes.fromhex("0001FE80"))])
    assert r.cpu.read(0x2000, 4) == bytes.fromhex("FFFE017F") and r.cc == 1


def trt_setup(src_bytes, nonzero):
    table = bytearray(256)
    for k, v in nonzero.items():
        table[k] = v
    return [(0x3000, bytes(table)), (0x2000, bytes(src_bytes))]


def test_trt_found_before_last_byte():
    r = ok(" TRT 0(5,3),0(4)", regs={1: 0xAB000000, 2: 0x12345678, 3: 0x2000, 4: 0x3000},
           storage=trt_setup([1, 2, 0, 5, 3], {5: 0x99, 3: 0x44}))
    assert (r.r(1), r.r(2), r.cc) == (0xAB002003, 0x12345699, 1)
    assert r.cpu.read(0x2000, 5) == bytes([1, 2, 0, 5, 3])


def test_trt_found_at_last_byte():
    r = ok(" TRT 0(5,3),0(4)", regs={1: 0xAB000000, 2: 0x12345678, 3: 0x2000, 4: 0x3000},
           storage=trt_setup([1, 2, 0, 0, 3], {3: 0x44}))
    assert (r.r(1), r.r(2), r.cc) == (0xAB002004, 0x12345644, 2)


def test_trt_all_zero_leaves_registers():
    r = ok(" TRT 0(5,3),0(4)", regs={1: 0xAB000000, 2: 0x12345678, 3: 0x2000, 4: 0x3000},
           storage=trt_setup([1, 2, 0, 0, 3], {9: 0x44}), cc=3)
    assert (r.r(1), r.r(2), r.cc) == (0xAB000000, 0x12345678, 0)


# ===================================================================== MVCL / CLCL

def mvcl(r2, r3, r4, r5, storage=(), cc=0):
    return run(" MVCL 2,4", regs={2: r2, 3: r3, 4: r4, 5: r5}, storage=storage, cc=cc)


SRC = bytes(range(1, 33))


def test_mvcl_equal_lengths():
    r = mvcl(0xAA002000, 0x55000008, 0xBB003000, 0x66000008, [(0x3000, SRC)])
    assert r.done and r.cc == 0
    assert r.cpu.read(0x2000, 9) == SRC[:8] + b"\x00"
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x00002008, 0x55000000, 0x00003008, 0x66000000]


def test_mvcl_padding_cc2():
    r = mvcl(0x2000, 16, 0x3000, 0x40000004, [(0x3000, SRC)])
    assert r.done and r.cc == 2
    assert r.cpu.read(0x2000, 17) == SRC[:4] + b"\x40" * 12 + b"\x00"
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2010, 0, 0x3004, 0x40000000]


def test_mvcl_truncation_cc1():
    r = mvcl(0x2000, 4, 0x3000, 16, [(0x3000, SRC)])
    assert r.done and r.cc == 1
    assert r.cpu.read(0x2000, 5) == SRC[:4] + b"\x00"
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2004, 0, 0x3004, 12]


def test_mvcl_zero_first_length():
    r = mvcl(0xAA002000, 0, 0xBB003000, 5, [(0x3000, SRC)])
    assert r.done and r.cc == 1
    assert r.cpu.read(0x2000, 5) == bytes(5)
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2000, 0, 0x3000, 5]


def test_mvcl_zero_second_length_clears_with_pad():
    r = mvcl(0x2000, 3000, 0x3000, 0xC1000000, [(0x2000, b"\x01" * 3001)])
    assert r.done and r.cc == 2
    assert r.cpu.read(0x2000, 3001) == b"\xC1" * 3000 + b"\x01"
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2000 + 3000, 0, 0x3000, 0xC1000000]


def test_mvcl_long_move_across_blocks():
    data = bytes((i * 7) & 0xFF for i in range(5000))
    r = mvcl(0x2100, 5000, 0x5300, 5000, [(0x5300, data)])
    assert r.done and r.cc == 0
    assert r.cpu.read(0x2100, 5000) == data
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2100 + 5000, 0, 0x5300 + 5000, 0]


def test_mvcl_destructive_overlap_cc3_nothing_moved():
    r = mvcl(0x26003001, 0x07000004, 0x87003000, 0x00000004, [(0x3000, SRC)])
    assert r.done and r.cc == 3
    assert r.cpu.read(0x3000, 8) == SRC[:8]
    # lengths unchanged; addresses unchanged in bits 8-31 (bits 0-7 set to zero at completion)
    assert [r.r(i) & 0xFFFFFF for i in (2, 4)] == [0x3001, 0x3000]
    assert (r.r(3), r.r(5)) == (0x07000004, 4)


def test_mvcl_destructive_overlap_clears_high_bytes():
    # DIFFS.md #3: CC 3 is a completion: bits 0-7 of R1 and R2 are zeros
    r = mvcl(0x26003001, 0x07000004, 0x87003000, 0x00000004, [(0x3000, SRC)])
    assert (r.r(2), r.r(4)) == (0x3001, 0x3000)


def test_mvcl_overlap_that_is_not_destructive():
    # destination to the left of the source; or only one byte of source used
    r = mvcl(0x3000, 8, 0x3001, 8, [(0x3000, SRC)])
    assert r.done and r.cc == 0
    assert r.cpu.read(0x3000, 9) == SRC[1:9] + SRC[8:9]
    r = mvcl(0x3001, 4, 0x3000, 1, [(0x3000, SRC)])      # source length 1: cannot be destructive
    assert r.done and r.cc == 2 and r.cpu.read(0x3000, 5) == bytes([1, 1, 0, 0, 0])


@pytest.mark.parametrize("src", [" MVCL 3,4", " MVCL 2,5", " CLCL 1,4", " CLCL 2,7"])
def test_mvcl_clcl_odd_register_specification(src):
    r = run(src, regs={2: 0x2000, 3: 4, 4: 0x3000, 5: 4}, cc=2)
    r.pgm(L.PIC_SPECIFICATION, 1, ORIGIN + 2)
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2000, 4, 0x3000, 4] and r.cc == 2


def clcl(a, b, r3, r5, r2=0x2000, r4=0x3000):
    return run(" CLCL 2,4", regs={2: r2, 3: r3, 4: r4, 5: r5},
               storage=[(0x2000, bytes.fromhex(a)), (0x3000, bytes.fromhex(b))])


def test_clcl_equal_with_padding():
    r = clcl("C1C2 4040", "C1C2", 4, 0x40000002, r2=0xFF002000)
    assert r.done and r.cc == 0
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2004, 0, 0x3002, 0x40000000]


def test_clcl_first_operand_shorter_padded():
    r = clcl("C1C2", "C1C2 4040", 2, 0x40000004)
    assert r.done and r.cc == 0
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2002, 0, 0x3004, 0x40000000]


def test_clcl_unequal_points_at_bytes():
    r = clcl("C1C2C3", "C1C2C4", 3, 3)
    assert r.done and r.cc == 1
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2002, 1, 0x3002, 1]


def test_clcl_unequal_against_pad():
    r = clcl("C1C25A", "C1C2", 3, 0x40000002)
    assert r.done and r.cc == 2
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2002, 1, 0x3002, 0x40000000]


def test_clcl_both_zero_length():
    r = clcl("01", "02", 0, 0, r2=0x11002000, r4=0x22003000)
    assert r.done and r.cc == 0
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2000, 0, 0x3000, 0]


def test_clcl_long_across_blocks():
    data = bytes((i * 13) & 0xFF for i in range(5000))
    other = bytearray(data)
    other[4500] ^= 0x80
    r = run(" CLCL 2,4", regs={2: 0x2100, 3: 5000, 4: 0x5300, 5: 5000},
            storage=[(0x2100, data), (0x5300, bytes(other))])
    assert r.done and r.cc == (1 if data[4500] < other[4500] else 2)
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2100 + 4500, 500, 0x5300 + 4500, 500]


# ===================================================================== SVC and MC

def test_svc_bc_mode_old_psw():
    r = run(" SVC 18", cc=2, pm=5, key=3)
    assert (r.kind, r.code, r.ilc, r.cc, r.pm, r.ia) == ("svc", 18, 1, 2, 5, ORIGIN + 2)
    old = r.cpu.read(L.LOC_SVC_OLD, 8)
    assert old == bytes([0x00, 0x30, 0x00, 18, 0x40 | 0x20 | 5]) + (ORIGIN + 2).to_bytes(3, "big")


def test_svc_ec_mode_identification():
    r = run(" SVC X'34'", ec=True, cc=1, pm=0xC, key=4)
    assert r.cpu.read(L.LOC_SVC_ILC - 1, 4) == bytes.fromhex("00020034")
    old = r.cpu.read(L.LOC_SVC_OLD, 8)
    assert old == bytes([0x00, 0x48, 0x10 | 0xC, 0, 0]) + (ORIGIN + 2).to_bytes(3, "big")


CR8_CLASS = lambda c: 1 << (15 - c)      # noqa: E731  CR8 bits 16-31: monitor masks 0-15


def test_mc_enabled_class_interrupts():
    r = run(" MC X'123',3", crs={8: CR8_CLASS(3)}, cc=2)
    r.pgm(L.PIC_MONITOR, 2, ORIGIN + 4)
    assert r.cc == 2


def test_mc_ec_mode_monitor_fields():
    r = run(" MC X'456'(5),7", regs={5: 0x00FF0000}, crs={8: CR8_CLASS(7)}, ec=True)
    r.pgm(L.PIC_MONITOR, 2, ORIGIN + 4)
    assert r.cpu.read(148, 2) == b"\x00\x07"
    assert r.cpu.read(156, 4) == bytes.fromhex("00FF0456")


def test_mc_disabled_class_no_interrupt():
    r = ok(" MC X'123',3", crs={8: 0xFFFF & ~CR8_CLASS(3)})
    assert r.done


def test_mc_invalid_class_specification():
    r = run(" DC X'AF130123'", crs={8: 0xFFFF})
    r.pgm(L.PIC_SPECIFICATION, 2, ORIGIN + 4)


# ===================================================================== program interruptions

@pytest.mark.parametrize("image", ["0000", "0100", "0200", "0300", "0B12", "0C12", "0D12",
                                   "4D100000", "51000000", "52000000", "53000000", "61000000",
                                   "A7F40000", "A8000000", "C0000000", "E8000000 0000",
                                   "E5000000 0000", "B2FF0000"])
def test_operation_exception(image):
    data = bytes.fromhex(image)
    ilc = {0: 1, 1: 2, 2: 2, 3: 3}[data[0] >> 6]
    r = run(f" DC X'{image.replace(' ', '')}'\n LA 9,9", regs={9: 0}, cc=1)
    r.pgm(L.PIC_OPERATION, ilc, ORIGIN + 2 * ilc)
    assert r.cc == 1 and r.r(9) == 0


# The privileged-operation exception for every privileged row of the table: test_isa_table.py


def test_stck_not_privileged():
    r = ok(" STCK D", " DS 0D\nD DC D'0'", problem=True)
    assert r.cc == 0


@pytest.mark.parametrize("src,regs,reg,res,ilc", [
    (" AR 1,2", {1: 0x7FFFFFFF, 2: 1}, 1, 0x80000000, 1),
    (" SR 1,2", {1: 0x80000000, 2: 1}, 1, 0x7FFFFFFF, 1),
    (" LCR 1,2", {2: 0x80000000}, 1, 0x80000000, 1),
    (" LPR 1,2", {2: 0x80000000}, 1, 0x80000000, 1),
    (" A 1,=F'1'", {1: 0x7FFFFFFF}, 1, 0x80000000, 2),
    (" S 1,=F'1'", {1: 0x80000000}, 1, 0x7FFFFFFF, 2),
    (" AH 1,=H'-1'", {1: 0x80000000}, 1, 0x7FFFFFFF, 2),
    (" SH 1,=H'1'", {1: 0x80000000}, 1, 0x7FFFFFFF, 2),
])
def test_fixed_point_overflow(src, regs, reg, res, ilc):
    # program mask bit 36 off: no interruption, CC 3, result stored
    r = ok(src, regs=regs, pm=0x7)
    assert (r.r(reg), r.cc) == (res, 3)
    # on: interruption after completion, result stored, CC 3 in the old PSW
    r = run(src, regs=regs, pm=L.PM_FIXED_OVERFLOW)
    r.pgm(L.PIC_FIXED_OVERFLOW, ilc, ORIGIN + 2 * ilc)
    assert (r.r(reg), r.cc, r.pm) == (res, 3, L.PM_FIXED_OVERFLOW)


def test_no_overflow_interrupt_without_overflow():
    r = ok(" AR 1,2", regs={1: 1, 2: 2}, pm=0xF)
    assert r.r(1) == 3 and r.cc == 2


def test_fixed_point_divide_rx_suppresses():
    r = run(" D 2,=F'0'", regs={2: 0, 3: 100}, cc=1)
    r.pgm(L.PIC_FIXED_DIVIDE, 2, ORIGIN + 4)
    assert (r.r(2), r.r(3), r.cc) == (0, 100, 1)


# ----------------------------------------------------------------- addressing (64K storage)

@pytest.mark.parametrize("src,ilc", [
    (" L 1,0(2)", 2), (" IC 1,0(2)", 2), (" ST 1,0(2)", 2), (" MVI 0(2),0", 2), (" CLI 0(2),0", 2),
    (" LM 1,1,0(2)", 2), (" MVC 0(4,2),X'800'", 3), (" TS 0(2)", 2), (" LH 1,0(2)", 2),
    (" STM 1,1,0(2)", 2), (" CS 1,1,0(2)", 2),
])
def test_addressing_exception_beyond_storage(src, ilc):
    r = run(src, regs={1: 0x11111111, 2: MEMSIZE + 0x100}, cc=2)
    r.pgm(L.PIC_ADDRESSING, ilc, ORIGIN + 2 * ilc)
    assert r.r(1) == 0x11111111 and r.cc == 2


def test_addressing_exception_on_word_store_at_last_word_plus_one():
    # ST at X'FFFE' would need X'10000'-X'10001': addressing; nothing stored
    r = run(" ST 1,0(2)", regs={1: 0x11223344, 2: MEMSIZE - 2})
    r.pgm(L.PIC_ADDRESSING, 2, ORIGIN + 4)
    assert r.cpu.read(MEMSIZE - 2, 2) == b"\x00\x00"


def test_last_word_of_storage_accessible():
    r = ok(" ST 1,0(2)\n L 3,0(2)", regs={1: 0x11223344, 2: MEMSIZE - 4})
    assert r.r(3) == 0x11223344


def test_addressing_exception_on_instruction_fetch():
    r = run(" BR 15", regs={15: MEMSIZE + 0x1000})
    assert r.kind == "pgm" and r.code == L.PIC_ADDRESSING
    assert r.ilc in (1, 2, 3) and r.ia == MEMSIZE + 0x1000 + 2 * r.ilc


# ----------------------------------------------------------------- protection

def test_store_protection_key_mismatch():
    r = run(" ST 1,0(2)", regs={1: 0x11223344, 2: 0x2000}, key=2, keys=[(0x2000, 0x30)],
            storage=[(0x2000, b"\xEE" * 4)])
    r.pgm(L.PIC_PROTECTION, 2, ORIGIN + 4)
    assert r.cpu.read(0x2000, 4) == b"\xEE" * 4


@pytest.mark.parametrize("src,ilc", [(" MVI 0(2),1", 2), (" STC 1,0(2)", 2), (" STM 1,2,0(2)", 2),
                                      (" NI 0(2),0", 2), (" MVC 0(2,2),X'800'", 3), (" XC 0(2,2),0(2)", 3),
                                      (" STH 1,0(2)", 2), (" TS 0(2)", 2)])
def test_store_protection_suppresses(src, ilc):
    r = run(src, regs={1: 0x11223344, 2: 0x2000}, key=2, keys=[(0x2000, 0x38)],
            storage=[(0x2000, b"\xEE" * 8)])
    r.pgm(L.PIC_PROTECTION, ilc, ORIGIN + 2 * ilc)
    assert r.cpu.read(0x2000, 8) == b"\xEE" * 8


def test_fetch_without_fetch_protection_bit_allowed():
    r = ok(" L 1,0(2)", regs={2: 0x2000}, key=2, keys=[(0x2000, 0x30)],
           storage=[(0x2000, bytes.fromhex("CAFEBABE"))])
    assert r.r(1) == 0xCAFEBABE


def test_fetch_protection():
    r = run(" L 1,0(2)", regs={1: 5, 2: 0x2000}, key=2, keys=[(0x2000, 0x38)],
            storage=[(0x2000, bytes.fromhex("CAFEBABE"))])
    r.pgm(L.PIC_PROTECTION, 2, ORIGIN + 4)
    assert r.r(1) == 5


@pytest.mark.parametrize("key", [0, 3])
def test_matching_or_zero_key_allowed(key):
    r = ok(" L 1,0(2)\n ST 3,4(2)\n MVI 8(2),X'AB'", regs={2: 0x2000, 3: 0x01020304}, key=key,
           keys=[(0x2000, 0x38)], storage=[(0x2000, bytes.fromhex("CAFEBABE"))])
    assert r.r(1) == 0xCAFEBABE
    assert r.cpu.read(0x2004, 5) == bytes.fromhex("01020304AB")


def test_fetch_protected_instruction():
    r = run(" BR 15", regs={15: 0x2000}, key=2, keys=[(0x2000, 0x38)],
            storage=[(0x2000, bytes.fromhex("0700"))])
    assert r.kind == "pgm" and r.code == L.PIC_PROTECTION
    assert r.ilc in (1, 2, 3) and r.ia == 0x2000 + 2 * r.ilc


def test_protection_across_block_boundary():
    # MVC from an unprotected block into a protected one: protection exception
    r = run(" MVC 0(16,2),X'800'", regs={2: 0x27F8}, key=2, keys=[(0x2800, 0x30), (0x2000, 0x20)])
    r.pgm(L.PIC_PROTECTION, 3, ORIGIN + 6)


def test_reference_and_change_bits():
    r = ok(" L 1,0(2)", regs={2: 0x2000}, key=2, keys=[(0x2000, 0x20), (0x3000, 0x20)])
    assert r.cpu.get_key(0x2000) == 0x20 | L.KEY_REF
    r = ok(" ST 1,0(2)", regs={2: 0x3000}, key=2, keys=[(0x2000, 0x20), (0x3000, 0x20)])
    assert r.cpu.get_key(0x3000) == 0x20 | L.KEY_REF | L.KEY_CHANGE


# ----------------------------------------------------------------- EC-mode identification

EC_CASES = [
    # (source, regs, extra kwargs, code, ilc)
    (" DC X'0000'", {}, {}, L.PIC_OPERATION, 1),
    (" SSK 1,2", {}, {"problem": True}, L.PIC_PRIVILEGED, 1),
    (" EX 0,T\n B EXIT\nT EX 0,T", {}, {}, L.PIC_EXECUTE, 2),
    (" MVI 0(2),0", {2: 0x2000}, {"key": 2, "keys": [(0x2000, 0x30)]}, L.PIC_PROTECTION, 2),
    (" L 1,0(2)", {2: MEMSIZE}, {}, L.PIC_ADDRESSING, 2),
    (" MR 1,2", {}, {}, L.PIC_SPECIFICATION, 1),
    (" AR 1,2", {1: 0x7FFFFFFF, 2: 1}, {"pm": 8}, L.PIC_FIXED_OVERFLOW, 1),
    (" DR 2,4", {4: 0}, {}, L.PIC_FIXED_DIVIDE, 1),
    (" MVC 0(1,2),0(2)\n DC X'0000'", {2: 0x2000}, {}, L.PIC_OPERATION, 1),
]


@pytest.mark.parametrize("src,regs,kw,code,ilc", EC_CASES)
def test_ec_mode_program_interruption_identification(src, regs, kw, code, ilc):
    kw = dict(kw)
    key = kw.pop("key", 0)
    problem = kw.get("problem", False)
    r = run(src, regs=regs, ec=True, cc=2, key=key, **kw)
    assert r.kind == "pgm"
    at = r.asm.symbols.get("T")
    assert r.cpu.read(L.LOC_PGM_ILC - 1, 4) == bytes([0, ilc << 1]) + code.to_bytes(2, "big")
    old = r.cpu.read(L.LOC_PGM_OLD, 8)
    assert old[0] == 0 and old[1] == (key << 4) | 0x08 | (1 if problem else 0)
    assert old[2] == (2 if code != L.PIC_FIXED_OVERFLOW else 3) << 4 | kw.get("pm", 0)
    assert old[3:5] == b"\x00\x00"                    # no code or ILC inside an EC PSW
    assert (r.code, r.ilc) == (code, ilc)
    assert at is None or r.ia != at


@pytest.mark.parametrize("src,regs,kw,code,ilc", EC_CASES)
def test_bc_mode_program_interruption_code_in_old_psw(src, regs, kw, code, ilc):
    kw = dict(kw)
    key = kw.pop("key", 0)
    problem = kw.get("problem", False)
    r = run(src, regs=regs, cc=2, key=key, **kw)
    old = r.cpu.read(L.LOC_PGM_OLD, 8)
    cc = 3 if code == L.PIC_FIXED_OVERFLOW else 2
    assert old[:5] == bytes([0, (key << 4) | (1 if problem else 0), 0, code,
                             (ilc << 6) | (cc << 4) | kw.get("pm", 0)])


# ===================================================================== operand addresses come first

def test_bal_same_register_as_index_branches_to_old_contents():
    r = ok(" BAL 1,0(1)\n LA 2,2\nT LA 3,3", regs={1: ORIGIN + 8, 2: 0, 3: 0})
    assert (r.r(2), r.r(3)) == (0, 3)
    assert r.r(1) == balr_link(2, 0, 0, ORIGIN + 4)


def test_bctr_same_register_uses_value_before_decrement():
    r = ok(" BCTR 1,1\n LA 2,2\nT LA 3,3", regs={1: ORIGIN + 6, 2: 0, 3: 0})
    assert (r.r(1), r.r(2), r.r(3)) == (ORIGIN + 5, 0, 3)


def test_bxle_base_register_is_r1_before_update():
    r = ok(" BXLE 1,2,0(1)\n LA 5,5\nT LA 6,6", regs={1: ORIGIN + 8, 2: 4, 3: 0x7FFFFFFF, 5: 0, 6: 0})
    assert (r.r(1), r.r(5), r.r(6)) == (ORIGIN + 12, 0, 6)


def test_mvcl_under_ex_resumes_to_completion():
    # MVCL is interruptible; as the target of EX it must still finish with the right result
    data = bytes((i * 5 + 1) & 0xFF for i in range(6000))
    r = ok(" EX 0,T\n LA 9,9", "T MVCL 2,4", regs={2: 0x2000, 3: 6000, 4: 0x8000, 5: 6000, 9: 0},
           storage=[(0x8000, data)])
    assert r.cpu.read(0x2000, 6000) == data and r.cc == 0 and r.r(9) == 9
    assert [r.r(i) for i in (2, 3, 4, 5)] == [0x2000 + 6000, 0, 0x8000 + 6000, 0]

