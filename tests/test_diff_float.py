"""Differential tests: hexadecimal floating point on our core vs Hercules 3.13.

Every HFP instruction (short, long, extended) with random operands (seeded): normalized,
unnormalized, zero and extreme exponents, with random underflow/significance masks;
FPRs, CC, interruptions and the storage operand area are compared.
"""

import random
import struct

import pytest

from hercules import DATA, CASE_ORG, bc_psw, case_program, compare_cases

R = random.Random(3033)


def hfp64(r=R):
    """A random 64-bit HFP image biased towards interesting cases."""
    k = r.random()
    sign = r.getrandbits(1) << 63
    if k < 0.06:
        return sign                                   # (signed) true zero
    if k < 0.10:
        return sign | (r.getrandbits(7) << 56)        # zero fraction, some exponent
    if k < 0.25:
        exp = r.choice((0, 1, 2, 0x7F, 0x7E, 0x7D))   # near the exponent limits
    else:
        exp = 0x40 + r.randrange(-8, 9)
    frac = r.getrandbits(56)
    if r.random() < 0.8:
        frac |= r.randrange(1, 16) << 52              # normalized
    elif r.random() < 0.5:
        frac >>= 4 * r.randrange(1, 14)               # unnormalized
    if r.random() < 0.15:
        frac &= ~((1 << 32) - 1)                      # short-looking value
    return sign | (exp << 56) | frac


RR_LONG = "LPDR LNDR LTDR LCDR HDR LDR CDR ADR SDR MDR DDR AWR SWR".split()
RR_SHORT = "LPER LNER LTER LCER HER LER CER AER SER MER DER AUR SUR LRER LRDR".split()
RR_EXT = "AXR SXR MXR MXDR".split()
RX_LONG = "LD CD AD SD MD DD AW SW STD MXD".split()
RX_SHORT = "LE CE AE SE ME DE AU SU STE".split()


def fregs(r=R):
    return {f: hfp64(r) for f in (0, 2, 4, 6)}


def freg(r=R, ext=False):
    if r.random() < 0.04:
        return r.choice((1, 3, 5, 8))                 # specification exception
    return r.choice((0, 4)) if ext else r.choice((0, 2, 4, 6))


def case(mn, *ops, fprs, data=()):
    pm = R.choice((0, 1, 2, 3))                       # exponent underflow / significance masks

    def build(b):
        b.i(mn, *ops)
    name = (f"{mn} {','.join(f'{o:X}' for o in ops)} pm={pm:X} fprs=["
            + " ".join(f"{k}:{v:016X}" for k, v in fprs.items()) + "]"
            + "".join(f" {a:X}:{bytes(d).hex().upper()}" for a, d in data))
    return name, case_program(build, fprs=fprs, data=list(data), psw=bc_psw(CASE_ORG, pm=pm),
                              gprs={i: 0 for i in range(16)}, dumps=[(DATA, 0x20)])


def rr_cases(n):
    out = []
    for mn in RR_LONG + RR_SHORT:
        for _ in range(n):
            r2 = freg()
            if mn == "LRDR":                          # extended -> long: R2 is a pair
                r2 = freg(ext=True)
            out.append(case(mn, freg(), r2, fprs=fregs()))
    for mn in RR_EXT:
        for _ in range(n):
            f = fregs()
            if R.random() < 0.7:                      # consistent extended low halves
                for hi, lo in ((0, 2), (4, 6)):
                    e = (f[hi] >> 56) & 0x7F
                    f[lo] = (f[hi] & (1 << 63)) | (((e - 14) & 0x7F) << 56) | (f[lo] & (2**56 - 1))
            r2 = freg() if mn == "MXDR" else freg(ext=True)
            out.append(case(mn, freg(ext=True), r2, fprs=f))
    return out


def rx_cases(n):
    out = []
    for mn in RX_LONG + RX_SHORT:
        for _ in range(n):
            r1 = freg(ext=True) if mn == "MXD" else freg()
            off = R.choice((0, 0, 8, 4 if mn in RX_SHORT else 0, 2))
            data = [(DATA, struct.pack(">QQ", hfp64(), hfp64()))]
            out.append(case(mn, r1, DATA + off, 0, 0, fprs=fregs(), data=data))
    return out


GROUPS = {"rr": lambda: rr_cases(48), "rx": lambda: rx_cases(48)}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_float_against_hercules(hercules, group):
    report = compare_cases(hercules, GROUPS[group](), fprs=True)
    assert not report, report


def test_hercules_float_sanity(hercules):
    """Harness check against the PoO: 1.0 + 1.0 = 2.0 (X'41200000'), CC 2."""
    from hercules import outcome
    name, prog = case("AER", 0, 2, fprs={0: 0x4110000000000000, 2: 0x4110000000000000,
                                          4: 0, 6: 0})
    res = outcome(hercules.run(prog), fprs=True)
    assert res["end"] == "CC2"
    assert res["fprs"].split()[0] == "4120000000000000"
