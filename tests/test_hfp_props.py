"""Hexadecimal floating point: properties against an independent exact-arithmetic model.

The model below is written from the S/370 Principles of Operation in terms of
*values* (fractions.Fraction): every normalized result is "the exact result
truncated to the format's number of hex digits", the add/subtract family
aligns the operand with the smaller characteristic to one guard digit
(truncating what falls off), LOAD ROUNDED adds one half of the last kept
digit's unit.  It shares no code with s370.cpu.hfp.
"""

import math
from fractions import Fraction

from hypothesis import given, settings, strategies as st, HealthCheck

from s370.cpu import layout as L
from test_hfp import Machine

U64 = (1 << 64) - 1
M32 = (1 << 32) - 1
EU = L.PM_EXPONENT_UNDERFLOW
SG = L.PM_SIGNIFICANCE
SIXTEEN = Fraction(16)

SETTINGS = dict(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# ---------------------------------------------------------------------------
# the reference model
# ---------------------------------------------------------------------------


class Num:
    """A decoded operand: sign (0/1), characteristic, fraction of nd digits."""

    def __init__(self, sign, char, frac, nd):
        self.sign, self.char, self.frac, self.nd = sign, char, frac, nd

    @property
    def value(self):
        v = Fraction(self.frac, 16 ** self.nd) * SIXTEEN ** (self.char - 64)
        return -v if self.sign else v


def short_of(word):
    return Num(word >> 31, (word >> 24) & 0x7F, word & 0xFFFFFF, 6)


def long_of(img):
    return Num(img >> 63, (img >> 56) & 0x7F, img & (2 ** 56 - 1), 14)


def ext_of(hi, lo):
    return Num(hi >> 63, (hi >> 56) & 0x7F, ((hi & (2 ** 56 - 1)) << 56) | (lo & (2 ** 56 - 1)), 28)


def truncated(v, nd):
    """|v| truncated to nd significant hex digits: (sign, unbounded char, fraction)."""
    a = abs(v)
    e = (a.numerator.bit_length() - a.denominator.bit_length()) // 4
    while a >= SIXTEEN ** e:
        e += 1
    while a < SIXTEEN ** (e - 1):
        e -= 1
    frac = math.floor(a / SIXTEEN ** e * 16 ** nd)
    return (1 if v < 0 else 0), e + 64, frac


class Outcome(Exception):
    """Raised by the model for suppression (nothing changes)."""


def finish(sign, char, frac, pm):
    """Exponent overflow / underflow rules: (sign, char, frac, pic)."""
    if char > 127:
        return sign, char - 128, frac, L.PIC_EXPONENT_OVERFLOW
    if char < 0:
        if pm & EU:
            return sign, char + 128, frac, L.PIC_EXPONENT_UNDERFLOW
        return 0, 0, 0, 0
    return sign, char, frac, 0


def zero_sum(char, pm):
    if pm & SG:
        return 0, char, 0, L.PIC_SIGNIFICANCE
    return 0, 0, 0, 0


def aligned_sum(a, b):
    """Guarded intermediate sum as (integer count of guard-digit units, unit, characteristic)."""
    nd = a.nd
    char = max(a.char, b.char)
    unit = SIXTEEN ** (char - 64 - nd - 1)

    def units(x):
        n = math.floor(abs(x.value) / unit)
        return -n if x.sign else n
    return units(a) + units(b), unit, char


def ref_add(a, b, normalize, pm):
    nd = a.nd
    t, unit, char = aligned_sum(a, b)
    if normalize:
        if t == 0:
            return zero_sum(char, pm)
        sign, c, f = truncated(t * unit, nd)
        return finish(sign, c, f, pm)
    mag = abs(t)
    if mag >= 16 ** (nd + 1):        # carry
        mag //= 16
        char += 1
    f = mag // 16
    if f == 0:
        return zero_sum(char, pm)
    sign = 1 if t < 0 else 0
    if char > 127:
        return sign, char - 128, f, L.PIC_EXPONENT_OVERFLOW
    return sign, char, f, 0


def ref_product(a, b, nd_out, pm):
    if a.frac == 0 or b.frac == 0:
        return 0, 0, 0, 0
    return finish(*truncated(a.value * b.value, nd_out), pm)


def ref_quotient(a, b, pm):
    if b.frac == 0:
        raise Outcome(L.PIC_FLOAT_DIVIDE)
    if a.frac == 0:
        return 0, 0, 0, 0
    return finish(*truncated(a.value / b.value, a.nd), pm)


def ref_halve(b, pm):
    if b.frac == 0:
        return 0, 0, 0, 0
    return finish(*truncated(b.value / 2, b.nd), pm)


def negated(x):
    return Num(1 - x.sign, x.char, x.frac, x.nd)


def img(sign, char, frac, nd):
    return (sign << (8 + 4 * nd - 1)) | (char << (4 * nd)) | frac


def cc_of(sign, frac):
    return 0 if frac == 0 else (1 if sign else 2)


class Model:
    """State: regs (4 x 64-bit images), cc, pm.  Methods mirror one instruction."""

    def __init__(self, regs, cc, pm):
        self.regs, self.cc, self.pm = list(regs), cc, pm

    def reg(self, r):
        return self.regs[r // 2]

    def put_short(self, r, sign, char, frac):
        self.regs[r // 2] = (img(sign, char, frac, 6) << 32) | (self.regs[r // 2] & M32)

    def put_long(self, r, sign, char, frac):
        self.regs[r // 2] = img(sign, char, frac, 14)

    def put_ext(self, r, sign, char, frac, pic):
        """A result made a true zero is two true zeros; otherwise the low part gets char - 14."""
        hi = img(sign, char, frac >> 56, 14)
        if frac == 0 and pic != L.PIC_SIGNIFICANCE:
            lo = 0
        else:
            lo = img(sign, (char - 14) % 128, frac & (2 ** 56 - 1), 14)
        self.regs[r // 2], self.regs[r // 2 + 1] = hi, lo

    # -- short / long family, second operand already decoded -------------------
    def arith(self, fn, r1, is_long, b):
        put = self.put_long if is_long else self.put_short
        a = long_of(self.reg(r1)) if is_long else short_of(self.reg(r1) >> 32)
        if fn == 0x9:
            t, _, _ = aligned_sum(a, negated(b))
            self.cc = 0 if t == 0 else (1 if t < 0 else 2)
            return 0
        if fn == 0xC:
            s, c, f, pic = ref_product(a, b, 14, self.pm)
            self.put_long(r1, s, c, f)
            return pic
        if fn == 0xD:
            s, c, f, pic = ref_quotient(a, b, self.pm)
            put(r1, s, c, f)
            return pic
        if fn in (0xB, 0xF):
            b = negated(b)
        s, c, f, pic = ref_add(a, b, fn in (0xA, 0xB), self.pm)
        put(r1, s, c, f)
        self.cc = cc_of(s, f)
        return pic

    def rr(self, op, r1, r2):
        fn, is_long = op & 0xF, op < 0x30
        fpr = (0, 2, 4, 6)
        ext = (0, 4)
        if op in (0x36, 0x37, 0x26):                      # AXR SXR MXR
            if r1 not in ext or r2 not in ext:
                raise Outcome(L.PIC_SPECIFICATION)
            a = ext_of(self.reg(r1), self.reg(r1 + 2))
            b = ext_of(self.reg(r2), self.reg(r2 + 2))
            if op == 0x26:
                s, c, f, pic = ref_product(a, b, 28, self.pm)
            else:
                s, c, f, pic = ref_add(a, b if op == 0x36 else negated(b), True, self.pm)
                self.cc = cc_of(s, f)
            self.put_ext(r1, s, c, f, pic)
            return pic
        if op == 0x27:                                    # MXDR
            if r1 not in ext or r2 not in fpr:
                raise Outcome(L.PIC_SPECIFICATION)
            s, c, f, pic = ref_product(long_of(self.reg(r1)), long_of(self.reg(r2)), 28, self.pm)
            self.put_ext(r1, s, c, f, pic)
            return pic
        if op == 0x25:                                    # LRDR
            if r1 not in fpr or r2 not in ext:
                raise Outcome(L.PIC_SPECIFICATION)
            x = ext_of(self.reg(r2), self.reg(r2 + 2))
            return self.load_rounded(r1, x, 14)
        if r1 not in fpr or r2 not in fpr:
            raise Outcome(L.PIC_SPECIFICATION)
        if op == 0x35:                                    # LRER
            return self.load_rounded(r1, long_of(self.reg(r2)), 6)
        b = long_of(self.reg(r2)) if is_long else short_of(self.reg(r2) >> 32)
        put = self.put_long if is_long else self.put_short
        if fn <= 3:
            sign = {0: 0, 1: 1, 2: b.sign, 3: 1 - b.sign}[fn]
            put(r1, sign, b.char, b.frac)
            self.cc = cc_of(sign, b.frac)
            return 0
        if fn == 4:
            s, c, f, pic = ref_halve(b, self.pm)
            put(r1, s, c, f)
            return pic
        if fn == 8:
            put(r1, b.sign, b.char, b.frac)
            return 0
        return self.arith(fn, r1, is_long, b)

    def load_rounded(self, r1, x, nd):
        drop = x.nd - nd
        f = math.floor(Fraction(x.frac, 16 ** drop) + Fraction(1, 2))
        c, pic = x.char, 0
        if f == 16 ** nd:
            f, c = 16 ** (nd - 1), c + 1
            if c > 127:
                c, pic = c - 128, L.PIC_EXPONENT_OVERFLOW
        (self.put_long if nd == 14 else self.put_short)(r1, x.sign, c, f)
        return pic

    def rx(self, op, r1, operand):
        """operand: the storage operand as an integer (4 or 8 bytes)."""
        fn, is_long = op & 0xF, op < 0x70
        if op == 0x67:
            if r1 not in (0, 4):
                raise Outcome(L.PIC_SPECIFICATION)
            s, c, f, pic = ref_product(long_of(self.reg(r1)), long_of(operand), 28, self.pm)
            self.put_ext(r1, s, c, f, pic)
            return pic
        if r1 not in (0, 2, 4, 6):
            raise Outcome(L.PIC_SPECIFICATION)
        b = long_of(operand) if is_long else short_of(operand)
        if fn == 8:
            (self.put_long if is_long else self.put_short)(r1, b.sign, b.char, b.frac)
            return 0
        return self.arith(fn, r1, is_long, b)


def model_rr(op, r1, r2, regs, pm, cc):
    m = Model(regs, cc, pm)
    try:
        pic = m.rr(op, r1, r2)
    except Outcome as e:
        return e.args[0], list(regs), cc
    return pic, m.regs, m.cc


def model_rx(op, r1, operand, regs, pm, cc):
    m = Model(regs, cc, pm)
    try:
        pic = m.rx(op, r1, operand)
    except Outcome as e:
        return e.args[0], list(regs), cc
    return pic, m.regs, m.cc


# ---------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------

chars = st.one_of(st.integers(0, 127), st.sampled_from([0, 1, 2, 3, 62, 63, 64, 65, 66, 124, 125, 126, 127]),
                  st.integers(56, 72))


def fracs(nd):
    full = 16 ** nd
    return st.one_of(
        st.integers(full // 16, full - 1),                                 # normalized
        st.integers(0, full - 1),
        st.integers(0, full // 16 - 1),                                    # unnormalized
        st.builds(lambda k, d: d << (4 * k), st.integers(0, nd - 1), st.integers(1, 15)),
        st.builds(lambda k: (full - 1) >> (4 * k), st.integers(0, nd - 1)),   # 0..0FF..F
        st.sampled_from([0, 1, full - 1, full // 16, full // 2]),
        st.just(0),                                                        # zero fractions often
    )


def numbers(nd):
    return st.builds(lambda s, c, f: img(s, c, f, nd), st.integers(0, 1), chars, fracs(nd))


def near(x, nd):
    """A number close to x (same or neighbouring char, small fraction change): cancellation."""
    full = 16 ** nd
    frac = x & (full - 1)
    head = x >> (4 * nd)
    return st.builds(
        lambda flip, dc, delta: (((head ^ (flip << 7)) + dc) & 0xFF) << (4 * nd) | ((frac + delta) % full),
        st.integers(0, 1), st.sampled_from([0, 0, 0, 1, -1]), st.integers(-300, 300))


def short_regs():
    return st.lists(st.builds(lambda w, low: (w << 32) | low, numbers(6), st.integers(0, M32)),
                    min_size=4, max_size=4)


def long_regs():
    return st.lists(numbers(14), min_size=4, max_size=4)


def low_parts():
    return st.builds(lambda head, f: (head << 56) | f, st.integers(0, 255), fracs(14))


def ext_regs():
    return st.builds(lambda h0, l0, h4, l4: [h0, l0, h4, l4],
                     numbers(14), low_parts(), numbers(14), low_parts())


@st.composite
def with_near(draw, regs_strategy, nd, r1, r2):
    """Sometimes make the second operand a near neighbour of the first."""
    regs = draw(regs_strategy)
    if draw(st.booleans()) and r1 != r2:
        shift = 32 if nd == 6 else 0
        a = (regs[r1 // 2] >> shift) & ((1 << (8 + 4 * nd)) - 1)
        b = draw(near(a, nd))
        regs[r2 // 2] = (b << shift) | (regs[r2 // 2] & ((1 << shift) - 1))
    return regs


pms = st.integers(0, 15)
ccs = st.integers(0, 3)
FPRS = st.sampled_from([0, 2, 4, 6])
ANY_REG = st.one_of(FPRS, st.integers(0, 15))

SHORT_OPS = [0x30, 0x31, 0x32, 0x33, 0x34, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F]
LONG_OPS = [0x20, 0x21, 0x22, 0x23, 0x24, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F]
RX_OPS = [0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x67]


def check_rr(op, r1, r2, regs, pm, cc):
    got = Machine().rr(op, r1, r2, regs, pm=pm, cc=cc)
    want = model_rr(op, r1, r2, regs, pm, cc)
    assert got == want, (hex(op), r1, r2, [hex(r) for r in regs], pm,
                         (got[0], [hex(r) for r in got[1]], got[2]),
                         (want[0], [hex(r) for r in want[1]], want[2]))


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

@settings(**SETTINGS)
@given(st.data(), st.sampled_from(SHORT_OPS), FPRS, FPRS, pms, ccs)
def test_short_rr_matches_model(data, op, r1, r2, pm, cc):
    regs = data.draw(with_near(short_regs(), 6, r1, r2))
    check_rr(op, r1, r2, regs, pm, cc)


@settings(**SETTINGS)
@given(st.data(), st.sampled_from(LONG_OPS), FPRS, FPRS, pms, ccs)
def test_long_rr_matches_model(data, op, r1, r2, pm, cc):
    regs = data.draw(with_near(long_regs(), 14, r1, r2))
    check_rr(op, r1, r2, regs, pm, cc)


@settings(**SETTINGS)
@given(st.data(), st.sampled_from([0x36, 0x37, 0x26]), st.sampled_from([0, 4]), st.sampled_from([0, 4]),
       pms, ccs)
def test_extended_add_sub_mul_match_model(data, op, r1, r2, pm, cc):
    regs = data.draw(ext_regs())
    if data.draw(st.booleans()) and r1 != r2:
        # near-cancellation: same high part with the sign flipped for AXR (or kept for SXR)
        flip = 1 if op == 0x36 else 0
        regs[r2 // 2] = regs[r1 // 2] ^ (flip << 63)
        regs[r2 // 2 + 1] = (regs[r1 // 2 + 1] + data.draw(st.integers(-5, 5))) & U64
    check_rr(op, r1, r2, regs, pm, cc)


@settings(**SETTINGS)
@given(st.sampled_from([0x27, 0x25, 0x35]), FPRS, FPRS, long_regs(), pms, ccs)
def test_mxdr_lrdr_lrer_match_model(op, r1, r2, regs, pm, cc):
    if op == 0x25:
        r2 &= 4
    if op == 0x27:
        r1 &= 4
    check_rr(op, r1, r2, regs, pm, cc)


@settings(**SETTINGS)
@given(st.sampled_from(SHORT_OPS + LONG_OPS + [0x25, 0x26, 0x27, 0x35, 0x36, 0x37]),
       ANY_REG, ANY_REG, long_regs(), pms, ccs)
def test_any_register_numbers(op, r1, r2, regs, pm, cc):
    """Register-number specification rules (and normal results when valid)."""
    check_rr(op, r1, r2, regs, pm, cc)


@settings(**SETTINGS)
@given(st.data(), st.sampled_from(RX_OPS), ANY_REG, pms, ccs, st.integers(0, 0x7F0))
def test_rx_matches_model(data, op, r1, pm, cc, ea):
    is_long = op < 0x70
    regs = data.draw(long_regs() if is_long else short_regs())
    operand = data.draw(numbers(14 if is_long else 6))
    if data.draw(st.booleans()) and r1 in (0, 2, 4, 6):
        nd = 14 if is_long else 6
        shift = 0 if is_long else 32
        operand = data.draw(near((regs[r1 // 2] >> shift) & ((1 << (8 + 4 * nd)) - 1), nd))
    size = 8 if is_long else 4
    got = Machine().rx(op, r1, ea, regs, operand.to_bytes(size, "big"), pm=pm, cc=cc)
    want = model_rx(op, r1, operand, regs, pm, cc)
    assert got == want, (hex(op), r1, hex(operand), [hex(r) for r in regs], pm, got, want)


@settings(**SETTINGS)
@given(st.sampled_from([0x60, 0x70]), FPRS, long_regs(), st.integers(0, 0x7F0))
def test_stores(op, r1, regs, ea):
    m = Machine()
    m.mem[ea:ea + 8] = 0xA5
    assert m.rx(op, r1, ea, regs) == (0, regs, 3)
    size = 8 if op == 0x60 else 4
    assert bytes(m.mem[ea:ea + size]) == (regs[r1 // 2] >> (64 - 8 * size)).to_bytes(size, "big")
    assert bytes(m.mem[ea + size:ea + 8]) == b"\xa5" * (8 - size)
