"""Hexadecimal floating point: hand-checked vectors from the S/370 Principles of Operation rules.

Every expected value below was worked out by hand from GA22-7000 (guard digit,
truncation, normalization, LOAD ROUNDED, exception actions), not taken from
our own output.  Registers are four unsigned 64-bit images (FPR 0, 2, 4, 6).
"""

import numpy as np
import pytest

from s370.cpu import layout as L
from s370.cpu.entrypoints import hfp_rr, hfp_rx

MEMSIZE = 1 << 16
U64 = (1 << 64) - 1
EU = L.PM_EXPONENT_UNDERFLOW
SG = L.PM_SIGNIFICANCE
E_OVF = L.PIC_EXPONENT_OVERFLOW
E_UNF = L.PIC_EXPONENT_UNDERFLOW
E_SIG = L.PIC_SIGNIFICANCE
E_FK = L.PIC_FLOAT_DIVIDE
E_SPEC = L.PIC_SPECIFICATION

# opcodes
LPDR, LNDR, LTDR, LCDR, HDR, LRDR, MXR, MXDR = range(0x20, 0x28)
LDR, CDR, ADR, SDR, MDR, DDR, AWR, SWR = range(0x28, 0x30)
LPER, LNER, LTER, LCER, HER, LRER, AXR, SXR = range(0x30, 0x38)
LER, CER, AER, SER, MER, DER, AUR, SUR = range(0x38, 0x40)
STD, MXD, LD, CD, AD, SD, MD, DD, AW, SW = 0x60, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F
STE, LE, CE, AE, SE, ME, DE, AU, SU = 0x70, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F


def to_i64(v):
    v &= U64
    return v - (1 << 64) if v >> 63 else v


class Machine:
    """Bare state arrays around hfp_rr / hfp_rx (no CPU object needed)."""

    def __init__(self):
        self.S = np.zeros(L.STATE_SIZE, np.int64)
        self.S[L.MEMSIZE] = MEMSIZE
        self.mem = np.zeros(MEMSIZE, np.uint8)
        self.keys = np.zeros(MEMSIZE >> L.BLOCK_SHIFT, np.uint8)
        self.tlb = np.zeros(L.TLB_SIZE, np.int64)

    def set_regs(self, regs):
        for i, v in enumerate(regs):
            self.S[L.FPR + i] = to_i64(v)

    def regs(self):
        return [int(self.S[L.FPR + i]) & U64 for i in range(4)]

    def rr(self, op, r1, r2, regs, pm=0, cc=3):
        self.set_regs(regs)
        self.S[L.PSW_PM] = pm
        self.S[L.PSW_CC] = cc
        pic = hfp_rr(self.S, op, r1, r2)
        return int(pic), self.regs(), int(self.S[L.PSW_CC])

    def rx(self, op, r1, ea, regs, operand=None, pm=0, cc=3):
        """operand: bytes placed at ea first (None = leave storage alone)."""
        if operand is not None:
            self.mem[ea:ea + len(operand)] = np.frombuffer(operand, np.uint8)
        self.set_regs(regs)
        self.S[L.PSW_PM] = pm
        self.S[L.PSW_CC] = cc
        pic = hfp_rx(self.S, self.mem, self.keys, self.tlb, op, r1, ea)
        return int(pic), self.regs(), int(self.S[L.PSW_CC])


@pytest.fixture
def m():
    return Machine()


LOW = 0x0BADC0DE   # a recognizable right half that short operations must keep


def sh(word, low=LOW):
    """Register image holding a short number (and a right half)."""
    return (word << 32) | low


# ---------------------------------------------------------------------------
# short add / subtract
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("op,a,b,pm,want,cc,pic", [
    (AER, 0x41100000, 0x41200000, 0, 0x41300000, 2, 0),             # 1 + 2 = 3
    (AER, 0x41800000, 0x41800000, 0, 0x42100000, 2, 0),             # carry: 8 + 8 = 16
    (AER, 0x41100000, 0x3F111111, 0, 0x41101111, 2, 0),             # alignment truncates
    (SER, 0x41100000, 0x40FFFFFF, 0, 0x3B100000, 2, 0),             # guard digit keeps 16**-6
    (SER, 0x41100000, 0x41200000, 0, 0xC1100000, 1, 0),             # 1 - 2 = -1
    (AER, 0xC1300000, 0x41100000, 0, 0xC1200000, 1, 0),             # -3 + 1
    (AER, 0x42010000, 0x00000000, 0, 0x41100000, 2, 0),             # normalizes an unnormalized operand
    (AER, 0x7FF00000, 0x7FF00000, 0, 0x001E0000, 2, E_OVF),         # overflow: char 128 -> 0
    (AER, 0xFFF00000, 0xFFF00000, 0, 0x801E0000, 1, E_OVF),
    (SER, 0x00110000, 0x00100000, EU, 0x7F100000, 2, E_UNF),        # underflow, mask on: char -1 -> 127
    (SER, 0x00110000, 0x00100000, 0, 0x00000000, 0, 0),             # underflow, mask off: true zero
    (AER, 0x41100000, 0xC1100000, SG, 0x41000000, 0, E_SIG),        # significance, mask on: char kept
    (AER, 0xC1100000, 0x41100000, SG, 0x41000000, 0, E_SIG),        # ... and the sign is plus
    (AER, 0x41100000, 0xC1100000, 0, 0x00000000, 0, 0),             # mask off: true zero
    (AER, 0x00000000, 0x00000000, SG, 0x00000000, 0, E_SIG),        # 0 + 0 is a significance exception
    (AER, 0x50000000, 0x41100000, SG, 0x50000000, 0, E_SIG),        # operand shifted out entirely
    (AUR, 0x42010000, 0x41100000, 0, 0x42020000, 2, 0),             # unnormalized sum kept
    (AUR, 0x42010000, 0x00000000, 0, 0x42010000, 2, 0),
    (SUR, 0x42010000, 0x42010000, 0, 0x00000000, 0, 0),
    (SUR, 0x42010000, 0x42010000, SG, 0x42000000, 0, E_SIG),
    (AUR, 0x41F00000, 0x41100000, 0, 0x42100000, 2, 0),             # carry in AU
    (AUR, 0x7FF00000, 0x7F100000, 0, 0x00100000, 2, E_OVF),
    (AUR, 0x41100000, 0x3A100000, 0, 0x41100000, 2, 0),             # 7 digits away: gone
    # AU: guard digit not part of the zero test: 0.000001 - 0.0000001 (guard) -> 0.000000|F
    (SUR, 0x40000001, 0x3A100000, SG, 0x40000000, 0, E_SIG),
    (SER, 0x40000001, 0x3A100000, 0, 0x3AF00000, 2, 0),             # normalized: guard digit counts
])
def test_short_add_sub(m, op, a, b, pm, want, cc, pic):
    got_pic, regs, got_cc = m.rr(op, 2, 4, [0, sh(a), sh(b, 0x12345678), 0], pm=pm)
    assert (got_pic, regs[1], got_cc) == (pic, sh(want), cc)
    assert regs[2] == sh(b, 0x12345678)


@pytest.mark.parametrize("op,a,b,pm,want,cc,pic", [
    (ADR, 0x4110000000000000, 0x4120000000000000, 0, 0x4130000000000000, 2, 0),
    (SDR, 0x4110000000000000, 0x40FFFFFFFFFFFFFF, 0, 0x3310000000000000, 2, 0),   # guard digit
    (ADR, 0x4110000000000000, 0x3F11111111111111, 0, 0x4110111111111111, 2, 0),
    (ADR, 0x7FF0000000000000, 0x7FF0000000000000, 0, 0x001E000000000000, 2, E_OVF),
    (SDR, 0x0011000000000000, 0x0010000000000000, EU, 0x7F10000000000000, 2, E_UNF),
    (SDR, 0x0011000000000000, 0x0010000000000000, 0, 0, 0, 0),
    (SDR, 0x4412345678ABCDEF, 0x4412345678ABCDEF, SG, 0x4400000000000000, 0, E_SIG),
    (AWR, 0x4400000000000001, 0x4400000000000001, 0, 0x4400000000000002, 2, 0),
    (SWR, 0x4300000000000001, 0x4410000000000000, 0, 0xC40FFFFFFFFFFFFF, 1, 0),     # truncation
    (SDR, 0x4300000000000001, 0x4410000000000000, 0, 0xC3FFFFFFFFFFFFFF, 1, 0),     # guard shifted in
])
def test_long_add_sub(m, op, a, b, pm, want, cc, pic):
    assert m.rr(op, 6, 0, [b, 0, 0, a], pm=pm) == (pic, [b, 0, 0, want], cc)


# ---------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("op,a,b,cc", [
    (CER, 0x41100000, 0x41200000, 1),
    (CER, 0x41200000, 0x41100000, 2),
    (CER, 0x41100000, 0x41100000, 0),
    (CER, 0x00000000, 0x80000000, 0),          # +0 = -0
    (CER, 0x45000000, 0x80000000, 0),          # zero fractions equal whatever the char
    (CER, 0x41100000, 0x42010000, 0),          # unnormalized equal value
    (CER, 0xC1100000, 0x41100000, 1),
    (CER, 0x41100000, 0x3A100000, 2),          # 7 digits away: op2 shifted out, op1 high
    (CER, 0x50000000, 0x41100000, 0),          # op2 shifted out against a zero op1: equal
    (CER, 0x41100000, 0x40FFFFFF, 2),          # the guard digit tells them apart
    (CER, 0xC1100000, 0xC1200000, 2),
])
def test_compare_short(m, op, a, b, cc):
    before = [sh(a), sh(b), 0, 0]
    assert m.rr(op, 0, 2, before) == (0, before, cc)


def test_compare_long_and_rx(m):
    before = [0x4110000000000000, 0x4110000000000001, 0, 0]
    assert m.rr(CDR, 0, 2, before) == (0, before, 1)
    assert m.rx(CD, 2, 0x1001, before, bytes.fromhex("4110000000000000")) == (0, before, 2)
    assert m.rx(CE, 0, 0x2002, before, bytes.fromhex("41100000")) == (0, before, 0)


# ---------------------------------------------------------------------------
# multiply / divide / halve
# ---------------------------------------------------------------------------

def test_multiply_short_gives_long(m):
    # 2 * 3 = 6: intermediate 0.06 x 16**2 normalizes to 0.6 x 16**1; the right half is replaced
    assert m.rr(MER, 0, 2, [sh(0x41200000), sh(0x41300000), 0, 0])[:2] == \
        (0, [0x4160000000000000, sh(0x41300000), 0, 0])
    # 0.FFFFFF**2 = 0.FFFFFE000001 exactly, in 14 digits
    assert m.rr(MER, 0, 0, [sh(0x40FFFFFF), 0, 0, 0])[1][0] == 0x40FFFFFE00000100
    # unnormalized operands are prenormalized: 0.001 x 16**3 = 1
    assert m.rr(MER, 0, 2, [sh(0x43001000), sh(0x41100000), 0, 0])[1][0] == 0x4110000000000000
    # zero operand: true zero, even with a negative sign
    assert m.rr(MER, 0, 2, [sh(0xC1100000), sh(0x80000000), 0, 0])[1][0] == 0


@pytest.mark.parametrize("a,b,pm,want,pic", [
    (0x4120000000000000, 0x4130000000000000, 0, 0x4160000000000000, 0),
    (0x40FFFFFFFFFFFFFF, 0x40FFFFFFFFFFFFFF, 0, 0x40FFFFFFFFFFFFFE, 0),     # truncated
    (0xC110000000000000, 0x4110000000000000, 0, 0xC110000000000000, 0),
    # 0.1 x 0.1 = 0.01: char 127+127-64 = 190, normalized 189 -> 189-128 = 61
    (0x7F10000000000000, 0x7F10000000000000, 0, 0x3D10000000000000, E_OVF),
    # char 0+0-64 = -64, normalized -65 -> -65+128 = 63
    (0x0010000000000000, 0x0010000000000000, EU, 0x3F10000000000000, E_UNF),
    (0x0010000000000000, 0x0010000000000000, 0, 0, 0),
    (0x4410000000000000, 0x0000000000000000, 0, 0, 0),
])
def test_multiply_long(m, a, b, pm, want, pic):
    assert m.rr(MDR, 2, 4, [0, a, b, 0], pm=pm)[:2] == (pic, [0, want, b, 0])


@pytest.mark.parametrize("op,a,b,want", [
    (DER, 0x41100000, 0x41300000, 0x40555555),      # 1/3 truncated
    (DER, 0x41200000, 0x41300000, 0x40AAAAAA),      # 2/3 truncated, not rounded
    (DER, 0x41300000, 0x41200000, 0x41180000),      # quotient >= 1: shifted right, char + 1
    (DER, 0xC1300000, 0x41200000, 0xC1180000),
    (DER, 0x00000000, 0xC1200000, 0x00000000),      # zero dividend: true zero
    (DER, 0x43001000, 0x40000010, 0x46100000),      # prenormalized operands: 1 / 16**-5 = 16**5
])
def test_divide_short(m, op, a, b, want):
    assert m.rr(op, 4, 6, [0, 0, sh(a), sh(b)])[:2] == (0, [0, 0, sh(want), sh(b)])


def test_divide_long_and_exceptions(m):
    assert m.rr(DDR, 0, 2, [0x4110000000000000, 0x4130000000000000, 0, 0])[1][0] == 0x4055555555555555
    # divisor fraction zero: suppressed, nothing changes (also 0/0)
    for a in (0x4110000000000000, 0):
        before = [a, 0x4500000000000000, 7, 9]
        assert m.rr(DDR, 0, 2, before, cc=1) == (E_FK, before, 1)
    assert m.rr(DER, 0, 2, [sh(0x41100000), sh(0x80000000), 0, 0])[0] == E_FK
    # overflow: 16**63 / 16**-1: char 127 - 63 + 64 + 1 = 129 -> 1
    assert m.rr(DDR, 0, 2, [0x7F10000000000000, 0x3F10000000000000, 0, 0])[:2] == \
        (E_OVF, [0x0110000000000000, 0x3F10000000000000, 0, 0])
    # underflow: 0.1 x 16**-64 / 0.2: char 0 - 65 + 64 = -1
    assert m.rr(DDR, 0, 2, [0x0010000000000000, 0x4120000000000000, 0, 0], pm=EU)[:2] == \
        (E_UNF, [0x7F80000000000000, 0x4120000000000000, 0, 0])
    assert m.rr(DDR, 0, 2, [0x0010000000000000, 0x4120000000000000, 0, 0])[:2] == \
        (0, [0, 0x4120000000000000, 0, 0])


@pytest.mark.parametrize("op,b,pm,want,pic", [
    (HER, 0x41200000, 0, 0x41100000, 0),
    (HER, 0x41100000, 0, 0x40800000, 0),        # normalized after the shift
    (HER, 0xC1300000, 0, 0xC1180000, 0),
    (HER, 0x40000001, 0, 0x3A800000, 0),        # the one bit survives in the guard digit
    (HER, 0x80000000, 0, 0x00000000, 0),        # zero fraction: true zero
    (HER, 0x00100000, EU, 0x7F800000, E_UNF),
    (HER, 0x00100000, 0, 0x00000000, 0),
])
def test_halve_short(m, op, b, pm, want, pic):
    assert m.rr(op, 0, 6, [sh(0x11111111), 0, 0, sh(b)], pm=pm)[:2] == \
        (pic, [sh(want), 0, 0, sh(b)])


def test_halve_long(m):
    assert m.rr(HDR, 0, 0, [0x4110000000000001, 0, 0, 0])[1][0] == 0x4080000000000008
    assert m.rr(HDR, 0, 0, [0x4120000000000001, 0, 0, 0])[1][0] == 0x4110000000000000
    assert m.rr(HDR, 2, 0, [0x4000000000000001, 0, 0, 0])[1][1] == 0x3280000000000000


# ---------------------------------------------------------------------------
# load rounded
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("b,want,pic", [
    (0x4112345680000000, 0x41123457, 0),
    (0x411234567FFFFFFF, 0x41123456, 0),
    (0xC112345680000000, 0xC1123457, 0),        # rounds the magnitude
    (0x41FFFFFF80000000, 0x42100000, 0),        # carry out: shift right, char + 1
    (0x7FFFFFFF80000000, 0x00100000, E_OVF),
    (0x4000000080000000, 0x40000001, 0),        # no normalization
    (0x4500000000000000, 0x45000000, 0),        # zero fraction kept as it is
])
def test_lrer(m, b, want, pic):
    assert m.rr(LRER, 2, 4, [0, sh(0x11111111), b, 0])[:2] == (pic, [0, sh(want), b, 0])


def test_lrdr(m):
    hi = 0x4112345678901234
    assert m.rr(LRDR, 2, 4, [0, 0, hi, 0x3380000000000000])[1][1] == 0x4112345678901235
    assert m.rr(LRDR, 2, 4, [0, 0, hi, 0xB37FFFFFFFFFFFFF])[1][1] == hi     # low sign/char ignored
    assert m.rr(LRDR, 6, 0, [0x7FFFFFFFFFFFFFFF, 0x0080000000000000, 0, 0])[:2] == \
        (E_OVF, [0x7FFFFFFFFFFFFFFF, 0x0080000000000000, 0, 0x0010000000000000])
    assert m.rr(LRDR, 0, 2, [0, 0, 0, 0])[0] == E_SPEC


# ---------------------------------------------------------------------------
# extended
# ---------------------------------------------------------------------------

ONE_X = (0x4110000000000000, 0x3300000000000000)


def test_axr_sxr(m):
    assert m.rr(AXR, 0, 4, [*ONE_X, *ONE_X]) == (0, [0x4120000000000000, 0x3300000000000000, *ONE_X], 2)
    # 1 + 16**-27 twice
    a = (0x4110000000000000, 0x3300000000000001)
    assert m.rr(AXR, 4, 0, [*a, *a])[1][2:] == [0x4120000000000000, 0x3300000000000002]
    # low part sign and characteristic of the operands are ignored
    assert m.rr(AXR, 4, 0, [0x4110000000000000, 0xFF00000000000001, *a])[1][2:] == \
        [0x4120000000000000, 0x3300000000000002]
    # 1 - 16**-28: guard digit, normalized result 0.FFF...F (28 digits)
    assert m.rr(SXR, 0, 4, [*ONE_X, 0x2510000000000000, 0])[1][:2] == \
        [0x40FFFFFFFFFFFFFF, 0x32FFFFFFFFFFFFFF]
    # significance: mask on keeps the characteristic (low part gets char - 14), off gives true zeros
    assert m.rr(SXR, 0, 4, [*ONE_X, *ONE_X], pm=SG) == (E_SIG, [0x4100000000000000, 0x3300000000000000, *ONE_X], 0)
    assert m.rr(SXR, 0, 4, [*ONE_X, *ONE_X]) == (0, [0, 0, *ONE_X], 0)
    # a kept zero fraction with characteristic 0 is not "made a true zero": low part char 0 - 14
    z = (0x80FFFFFF5E779A0B, 0x3E7F8B4DFA7D6135)
    assert m.rr(SXR, 4, 4, [0, 0, *z], pm=SG) == (E_SIG, [0, 0, 0, 0x7200000000000000], 0)
    # low-part characteristic wraps below 14; negative results carry the sign in both parts
    assert m.rr(AXR, 0, 4, [0x8510000000000000, 5, 0, 0])[1][:2] == [0x8510000000000000, 0xF700000000000005]
    # overflow
    big = (0x7FF0000000000000, 0x7100000000000000)
    assert m.rr(AXR, 0, 4, [*big, *big])[:2] == (E_OVF, [0x001E000000000000, 0x7200000000000000, *big])
    # underflow
    assert m.rr(SXR, 0, 4, [0x0011000000000000, 0, 0x0010000000000000, 0], pm=EU)[:2] == \
        (E_UNF, [0x7F10000000000000, 0x7100000000000000, 0x0010000000000000, 0])
    assert m.rr(SXR, 0, 4, [0x0011000000000000, 0, 0x0010000000000000, 0])[:2] == \
        (0, [0, 0, 0x0010000000000000, 0])


def test_mxr_mxdr_mxd(m):
    assert m.rr(MXR, 0, 4, [*ONE_X, *ONE_X])[:2] == (0, [*ONE_X, *ONE_X])
    # (16**14 - 1)**2 = FFFFFFFFFFFFFE 00000000000001 (x 16**-28), char 0x41 + 0x41 - 0x40
    f = 0x41FFFFFFFFFFFFFF
    # the multiplicand is the high-order part of R1; the low part's old contents do not matter
    assert m.rr(MXDR, 4, 0, [f, 0, f, 0x5678])[1] == [f, 0, 0x42FFFFFFFFFFFFFE, 0x3400000000000001]
    # an unnormalized tiny multiplicand underflows (mask off: true zeros)
    assert m.rr(MXDR, 4, 0, [f, 0, 0x1234, 0x5678])[1] == [f, 0, 0, 0]
    assert m.rx(MXD, 0, 0x800, [f, 0x99, 0, 0], f.to_bytes(8, "big"))[1] == \
        [0x42FFFFFFFFFFFFFE, 0x3400000000000001, 0, 0]
    # 0.1 x 0.1 = 0.01 -> normalized 0.1 with char - 1 (true product of 1/16 and 1/16)
    assert m.rr(MXDR, 0, 2, [0x4110000000000000, 0x4010000000000000, 0, 0])[1][:2] == \
        [0x4010000000000000, 0x3200000000000000]
    # MXR: (1 - 16**-28)**2 truncated to 28 digits = 1 - 2*16**-28 (digits ...FE)
    x = (0x40FFFFFFFFFFFFFF, 0x32FFFFFFFFFFFFFF)
    assert m.rr(MXR, 4, 0, [*x, *x])[1][2:] == [0x40FFFFFFFFFFFFFF, 0x32FFFFFFFFFFFFFE]
    # zero operand -> true zeros in both parts
    assert m.rr(MXR, 4, 0, [0x8000000000000000, 0, *ONE_X])[1][2:] == [0, 0]
    # overflow / underflow
    assert m.rr(MXR, 0, 4, [0x7F10000000000000, 0, 0x7F10000000000000, 0])[:2] == \
        (E_OVF, [0x3D10000000000000, 0x2F00000000000000, 0x7F10000000000000, 0])
    assert m.rr(MXDR, 0, 4, [0x0010000000000000, 0, 0x0010000000000000, 0], pm=EU)[1][:2] == \
        [0x3F10000000000000, 0x3100000000000000]
    assert m.rr(MXDR, 0, 4, [0x0010000000000000, 0, 0x0010000000000000, 0])[1][:2] == [0, 0]


# ---------------------------------------------------------------------------
# loads, sign control, stores
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("op,b,want,cc", [
    (LPDR, 0xC110000000000000, 0x4110000000000000, 2),
    (LPDR, 0x8000000000000000, 0x0000000000000000, 0),
    (LNDR, 0x4110000000000000, 0xC110000000000000, 1),
    (LNDR, 0x4500000000000000, 0xC500000000000000, 0),   # sign made minus even for zero fraction
    (LTDR, 0xC100000000000001, 0xC100000000000001, 1),
    (LTDR, 0x7F00000000000000, 0x7F00000000000000, 0),
    (LCDR, 0x0000000000000000, 0x8000000000000000, 0),
    (LCDR, 0xC110000000000000, 0x4110000000000000, 2),
])
def test_load_sign_long(m, op, b, want, cc):
    assert m.rr(op, 0, 2, [1, b, 0, 0]) == (0, [want, b, 0, 0], cc)


@pytest.mark.parametrize("op,b,want,cc", [
    (LPER, 0xC1100000, 0x41100000, 2),
    (LNER, 0x41100000, 0xC1100000, 1),
    (LTER, 0x41000000, 0x41000000, 0),                     # right half not tested
    (LCER, 0x41100000, 0xC1100000, 1),
    (LCER, 0x80000000, 0x00000000, 0),
])
def test_load_sign_short(m, op, b, want, cc):
    assert m.rr(op, 2, 4, [0, sh(0x11111111), sh(b, 0xFFFFFFFF), 0]) == \
        (0, [0, sh(want), sh(b, 0xFFFFFFFF), 0], cc)


def test_loads_and_stores(m):
    assert m.rr(LER, 0, 2, [sh(0x11111111), sh(0x41100000, 0x22222222), 0, 0], cc=1) == \
        (0, [sh(0x41100000), sh(0x41100000, 0x22222222), 0, 0], 1)
    assert m.rr(LDR, 6, 2, [0, 0x4110000000000001, 0, 5])[1][3] == 0x4110000000000001
    assert m.rx(LE, 4, 0x1003, [0, 0, sh(0), 0], bytes.fromhex("C2123456"))[1][2] == sh(0xC2123456)
    assert m.rx(LD, 4, 0x1005, [0, 0, 0, 0], bytes.fromhex("C212345678ABCDEF"))[1][2] == 0xC212345678ABCDEF
    m.mem[0x3000:0x3010] = 0xEE
    assert m.rx(STE, 2, 0x3001, [0, sh(0x41ABCDEF), 0, 0])[0] == 0
    assert bytes(m.mem[0x3000:0x3006]) == bytes.fromhex("EE41ABCDEFEE")
    assert m.rx(STD, 6, 0x3007, [0, 0, 0, 0x4412345678ABCDEF])[0] == 0
    assert bytes(m.mem[0x3007:0x3010]) == bytes.fromhex("4412345678ABCDEFEE")


def test_rx_arithmetic(m):
    assert m.rx(AE, 0, 0x400, [sh(0x41100000), 0, 0, 0], bytes.fromhex("41200000")) == \
        (0, [sh(0x41300000), 0, 0, 0], 2)
    assert m.rx(SD, 2, 0x404, [0, 0x4110000000000000, 0, 0], bytes.fromhex("4110000000000000"), pm=SG) == \
        (E_SIG, [0, 0x4100000000000000, 0, 0], 0)
    assert m.rx(ME, 0, 0x40C, [sh(0x41200000), 0, 0, 0], bytes.fromhex("41300000"))[1][0] == 0x4160000000000000
    assert m.rx(MD, 0, 0x410, [0x4120000000000000, 0, 0, 0], bytes.fromhex("4130000000000000"))[1][0] == \
        0x4160000000000000
    assert m.rx(DE, 0, 0x418, [sh(0x41100000), 0, 0, 0], bytes.fromhex("41300000"))[1][0] == sh(0x40555555)
    assert m.rx(DD, 0, 0x41C, [0x4110000000000000, 0, 0, 0], bytes.fromhex("0000000000000000"))[0] == E_FK
    assert m.rx(AU, 0, 0x424, [sh(0x42010000), 0, 0, 0], bytes.fromhex("41100000"))[1][0] == sh(0x42020000)
    assert m.rx(SU, 0, 0x428, [sh(0x42010000), 0, 0, 0], bytes.fromhex("42010000"))[1:] == ([sh(0), 0, 0, 0], 0)
    assert m.rx(AW, 0, 0x42C, [0x4400000000000001, 0, 0, 0], bytes.fromhex("4400000000000001"))[1][0] == \
        0x4400000000000002
    assert m.rx(SW, 0, 0x434, [0x4400000000000001, 0, 0, 0], bytes.fromhex("4400000000000001"))[1][0] == 0


# ---------------------------------------------------------------------------
# specification and access exceptions: nothing changes
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("op,r1,r2", [
    (AER, 1, 0), (ADR, 0, 3), (LER, 8, 0), (LDR, 0, 10), (LPDR, 0, 5), (HER, 7, 0),
    (CER, 0, 15), (MER, 1, 2), (DDR, 0, 9), (LRER, 0, 1), (LRER, 3, 0),
    (AXR, 2, 0), (AXR, 0, 6), (SXR, 1, 4), (MXR, 4, 2), (MXR, 6, 0),
    (MXDR, 2, 0), (MXDR, 6, 0), (MXDR, 0, 1), (LRDR, 0, 2), (LRDR, 0, 6), (LRDR, 1, 0),
])
def test_specification_rr(m, op, r1, r2):
    before = [0x4110000000000000, 0x4120000000000000, 0x4130000000000000, 0x4140000000000000]
    assert m.rr(op, r1, r2, before, cc=2) == (E_SPEC, before, 2)


def test_valid_odd_pairs_rr(m):
    # registers 2 and 6 are fine for non-extended operands, e.g. MXDR's multiplier
    assert m.rr(MXDR, 0, 6, [0x4110000000000000, 0, 0, 0x4120000000000000])[0] == 0
    assert m.rr(LRER, 6, 2, [0, 0x4110000000000000, 0, 0])[0] == 0


def test_specification_and_access_rx(m):
    before = [0x4110000000000000, 0, 0, 0]
    assert m.rx(AE, 1, 0x100, before, cc=1) == (E_SPEC, before, 1)
    assert m.rx(MXD, 2, 0x100, before, cc=1) == (E_SPEC, before, 1)
    assert m.rx(MXD, 6, 0x100, before, cc=1) == (E_SPEC, before, 1)
    # specification is recognized before the (invalid) operand address
    assert m.rx(LD, 3, MEMSIZE + 8, before) == (E_SPEC, before, 3)
    for op in (LE, LD, AE, AD, CE, CD, ME, MD, DE, DD, AU, AW, SE, SD, SU, SW, MXD):
        assert m.rx(op, 0, MEMSIZE + 8, before, cc=1) == (L.PIC_ADDRESSING, before, 1)
    # a long operand straddling the end of storage
    assert m.rx(AD, 0, MEMSIZE - 4, before, cc=1) == (L.PIC_ADDRESSING, before, 1)
    # store protection: nothing stored
    m.keys[:] = 0x10
    m.S[L.PSW_KEY] = 2
    m.mem[0x200:0x208] = 0
    assert m.rx(STD, 0, 0x200, before)[0] == L.PIC_PROTECTION
    assert m.rx(STE, 0, 0x200, before)[0] == L.PIC_PROTECTION
    assert bytes(m.mem[0x200:0x208]) == bytes(8)


def test_unassigned_opcodes(m):
    for op in (0x61, 0x62, 0x66, 0x71, 0x76, 0x77):
        assert m.rx(op, 0, 0x100, [0, 0, 0, 0])[0] == L.PIC_OPERATION
