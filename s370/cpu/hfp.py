"""System/370 hexadecimal floating point (GA22-7000 chapter "Floating-Point Instructions").

Every result is computed with integers, never host floats, so results are
bit-exact.  Short and long operands are handled as one int64 fraction with a
guard digit (at most 15 hex digits plus a carry digit); extended operands
(28 digits plus guard) are held as two int64 limbs: ``hi`` = the leftmost 14
digits (plus any carry), ``lo`` = the next 15 digits (60 bits, the guard digit
last).  Products wider than 64 bits are built from 28-bit half limbs, so no
intermediate ever exceeds 63 bits and numba never mixes in uint64.

Called by the run loop, once per instruction (the loop fetches RX operands itself):

    hfp_rr(S, op, r1, r2) -> 0 or program-interruption code
    hfp_rx_check(op, r1) -> 0 or operation / specification code (before the fetch)
    hfp_rx_operand(S, op, r1, v) -> 0 or program-interruption code (v: fetched operand)

and, for unit tests and tools (through entrypoints.py), the whole RX instruction:

    hfp_rx(S, mem, keys, tlb, op, r1, ea) -> 0 or program-interruption code

Completion-type exceptions (exponent overflow, exponent underflow,
significance) store the architected result, set the condition code where
the instruction sets one, and return the code; suppression-type exceptions
(specification, floating-point divide, access) change nothing.
"""

import numpy as np
from numba import njit

from .layout import (FPR, PSW_CC, PSW_PM, PM_EXPONENT_UNDERFLOW, PM_SIGNIFICANCE,
                     PIC_OPERATION, PIC_SPECIFICATION, PIC_EXPONENT_OVERFLOW,
                     PIC_EXPONENT_UNDERFLOW, PIC_SIGNIFICANCE, PIC_FLOAT_DIVIDE)
from .storage import fetch_u32, fetch_u64, store_u32, store_u64

from .compile_options import INTERNAL

SIGN64 = -0x8000000000000000      # bit 0 of a 64-bit register image
MASK24 = 0xFFFFFF                 # short fraction (6 hex digits)
MASK56 = 0xFFFFFFFFFFFFFF         # long fraction (14 hex digits)
MASK60 = 0xFFFFFFFFFFFFFFF        # 15 hex digits: low limb of a guarded extended fraction
MASK28 = 0xFFFFFFF
MASK32 = 0xFFFFFFFF
CHAR_MASK = 0x7F
LOW_PART_OFFSET = 14              # low-order part characteristic = high - 14 (mod 128)
DIGITS_SHORT = 6
DIGITS_LONG = 14

# register-number checks: 0,2,4,6 for short/long operands; 0 or 4 for extended
BAD_FPR = 0x9
BAD_EXT = 0xB

# low nibble of the opcode (the same in the 2x/3x RR and 6x/7x RX groups)
F_LP = 0x0
F_LN = 0x1
F_LT = 0x2
F_LC = 0x3
F_H = 0x4
F_LR = 0x5      # LOAD ROUNDED
F_MX = 0x6      # MXR (26), AXR (36)
F_MXD = 0x7     # MXDR (27), SXR (37)
F_ST = 0x0      # STD (60), STE (70)
F_L = 0x8
F_C = 0x9
F_A = 0xA
F_S = 0xB
F_M = 0xC
F_D = 0xD
F_AU = 0xE
F_SU = 0xF


# ---------------------------------------------------------------------------
# register images
# ---------------------------------------------------------------------------

@njit(inline="always", **INTERNAL)
def _mk64(sign, char, frac56):
    """64-bit register image of a long number (sign 0/1, char 0..127)."""
    v = (char << 56) | frac56
    if sign:
        v |= SIGN64
    return v


@njit(inline="always", **INTERNAL)
def _get_long(S, r):
    v = S[FPR + (r >> 1)]
    return (v >> 63) & 1, (v >> 56) & CHAR_MASK, v & MASK56


@njit(inline="always", **INTERNAL)
def _get_short(S, r):
    v = S[FPR + (r >> 1)]
    return (v >> 63) & 1, (v >> 56) & CHAR_MASK, (v >> 32) & MASK24


@njit(inline="always", **INTERNAL)
def _put_long(S, r, sign, char, frac):
    S[FPR + (r >> 1)] = _mk64(sign, char, frac)


@njit(inline="always", **INTERNAL)
def _put_short(S, r, sign, char, frac):
    """Short result: the rightmost 32 bits of the register stay unchanged."""
    i = FPR + (r >> 1)
    S[i] = _mk64(sign, char, frac << 32) | (S[i] & MASK32)


@njit(inline="always", **INTERNAL)
def _put_ext(S, r, sign, char, fh, fl, pic):
    """Extended result in r, r+2: the low part carries the sign and char - 14.

    A result made a true zero is stored as two true zeros; the zero fraction
    kept by a significance interruption still gets char - 14 in its low part.
    """
    S[FPR + (r >> 1)] = _mk64(sign, char, fh)
    if fh == 0 and fl == 0 and pic != PIC_SIGNIFICANCE:
        S[FPR + (r >> 1) + 1] = 0
    else:
        S[FPR + (r >> 1) + 1] = _mk64(sign, (char - LOW_PART_OFFSET) & CHAR_MASK, fl)


@njit(inline="always", **INTERNAL)
def _set_cc(S, sign, frac_nonzero):
    if not frac_nonzero:
        S[PSW_CC] = 0
    elif sign:
        S[PSW_CC] = 1
    else:
        S[PSW_CC] = 2


@njit(inline="always", **INTERNAL)
def _normalize(frac, char, nd):
    """Shift a nonzero nd-digit fraction left until its leading digit is nonzero."""
    top = 1 << (4 * (nd - 1))
    while frac < top:
        frac <<= 4
        char -= 1
    return frac, char


@njit(inline="always", **INTERNAL)
def _final(S, sign, char, frac):
    """Exponent overflow/underflow on a final (normalized, nonzero) result.

    Returns (sign, char, frac, pic): overflow always interrupts with the
    characteristic 128 too small; underflow interrupts with it 128 too large
    when the exponent-underflow mask is one, else the result is a true zero.
    Extended callers keep their two-limb fraction aside, pass frac = 1 and
    read a returned frac of 0 as "made a true zero".
    """
    if char > 127:
        return sign, char & CHAR_MASK, frac, PIC_EXPONENT_OVERFLOW
    if char < 0:
        if S[PSW_PM] & PM_EXPONENT_UNDERFLOW:
            return sign, char & CHAR_MASK, frac, PIC_EXPONENT_UNDERFLOW
        return 0, 0, 0, 0
    return sign, char, frac, 0


@njit(inline="always", **INTERNAL)
def _zero_sum(S, char):
    """Zero intermediate sum: significance, or a true zero when its mask is off."""
    if S[PSW_PM] & PM_SIGNIFICANCE:
        return 0, char, 0, PIC_SIGNIFICANCE
    return 0, 0, 0, 0


# ---------------------------------------------------------------------------
# short and long arithmetic (nd = 6 or 14 digits)
# ---------------------------------------------------------------------------

@njit(inline="always", **INTERNAL)
def _shr_digits(x, d):
    """Right shift by d hex digits (x < 2**61, so 16 digits clear it)."""
    if d >= 16:
        return 0
    return x >> (4 * d)


@njit(inline="always", **INTERNAL)
def _intermediate_sum(s1, c1, f1, s2, c2, f2, nd):
    """Aligned sum with one guard digit: (sign, char, x) with x in nd+1 digits (+carry)."""
    x1 = f1 << 4
    x2 = f2 << 4
    if c1 >= c2:
        x2 = _shr_digits(x2, c1 - c2)
        c = c1
    else:
        x1 = _shr_digits(x1, c2 - c1)
        c = c2
    if s1 == s2:
        return s1, c, x1 + x2
    if x1 >= x2:
        return s1, c, x1 - x2
    return s2, c, x2 - x1


@njit(inline="always", **INTERNAL)
def _add_sl(S, s1, c1, f1, s2, c2, f2, nd, normalize):
    """ADD NORMALIZED / ADD UNNORMALIZED, short or long: (sign, char, frac, pic)."""
    s, c, x = _intermediate_sum(s1, c1, f1, s2, c2, f2, nd)
    if x >> (4 * (nd + 1)):           # carry out of the leftmost digit
        x >>= 4
        c += 1
    if normalize:
        if x == 0:
            return _zero_sum(S, c)
        top = 1 << (4 * nd)
        while x < top:
            x <<= 4
            c -= 1
        return _final(S, s, c, x >> 4)
    f = x >> 4                        # the guard digit is dropped
    if f == 0:
        return _zero_sum(S, c)
    if c > 127:
        return s, c & CHAR_MASK, f, PIC_EXPONENT_OVERFLOW
    return s, c, f, 0


@njit(inline="always", **INTERNAL)
def _compare_sl(S, s1, c1, f1, s2, c2, f2, nd):
    """COMPARE: the sign of the guarded intermediate difference op1 - op2."""
    s, c, x = _intermediate_sum(s1, c1, f1, 1 - s2, c2, f2, nd)
    if x == 0:
        S[PSW_CC] = 0
    elif s:
        S[PSW_CC] = 1
    else:
        S[PSW_CC] = 2


@njit(inline="always", **INTERNAL)
def _mul56(a, b):
    """Exact product of two 56-bit integers as (high 56 bits, low 56 bits)."""
    a1 = a >> 28
    a0 = a & MASK28
    b1 = b >> 28
    b0 = b & MASK28
    lo = a0 * b0
    mid = a1 * b0 + a0 * b1
    t = lo + ((mid & MASK28) << 28)
    return a1 * b1 + (mid >> 28) + (t >> 56), t & MASK56


@njit(inline="always", **INTERNAL)
def _mul_sl(S, s1, c1, f1, s2, c2, f2, nd):
    """MULTIPLY short (long product) or long: (sign, char, frac56, pic)."""
    if f1 == 0 or f2 == 0:
        return 0, 0, 0, 0
    f1, c1 = _normalize(f1, c1, nd)
    f2, c2 = _normalize(f2, c2, nd)
    c = c1 + c2 - 64
    if nd == DIGITS_SHORT:
        f = (f1 * f2) << 8            # 12 product digits in a 14-digit fraction
        if f < (1 << 52):
            f <<= 4
            c -= 1
    else:
        h, l = _mul56(f1, f2)
        if h < (1 << 52):             # one leading zero: shift the guard digit in
            f = (h << 4) | (l >> 52)
            c -= 1
        else:
            f = h
    return _final(S, s1 ^ s2, c, f)


@njit(inline="always", **INTERNAL)
def _div_sl(S, s1, c1, f1, s2, c2, f2, nd):
    """DIVIDE short or long: (sign, char, frac, pic); the caller checks f2 != 0."""
    if f1 == 0:
        return 0, 0, 0, 0
    f1, c1 = _normalize(f1, c1, nd)
    f2, c2 = _normalize(f2, c2, nd)
    c = c1 - c2 + 64
    if f1 >= f2:                      # quotient >= 1: one digit right, char + 1
        k = nd - 1
        c += 1
    else:
        k = nd
    q = f1 // f2
    r = f1 - q * f2
    # two hex digits per step: r < f2 < 2**56, so r * 256 fits an unsigned 64-bit word
    ru = np.uint64(r)
    du = np.uint64(f2)
    while k >= 2:
        ru = ru << np.uint64(8)
        d = ru // du
        ru = ru - d * du
        q = (q << 8) | np.int64(d)
        k -= 2
    if k:
        ru = ru << np.uint64(4)
        d = ru // du
        q = (q << 4) | np.int64(d)
    return _final(S, s1 ^ s2, c, q)


@njit(inline="always", **INTERNAL)
def _halve_sl(S, s, c, f, nd):
    """HALVE: one-bit right shift into the guard digit, then normalize."""
    if f == 0:
        return 0, 0, 0, 0
    x = f << 3
    top = 1 << (4 * nd)
    while x < top:
        x <<= 4
        c -= 1
    return _final(S, s, c, x >> 4)


# ---------------------------------------------------------------------------
# extended arithmetic: (hi, lo) = hi * 2**60 + lo, lo < 2**60
# ---------------------------------------------------------------------------

@njit(inline="always", **INTERNAL)
def _shr2(hi, lo, n):
    """Right shift of a two-limb value by n bits."""
    if n <= 0:
        return hi, lo
    if n >= 120:
        return 0, 0
    if n >= 60:
        return 0, hi >> (n - 60)
    return hi >> n, (lo >> n) | ((hi & ((1 << n) - 1)) << (60 - n))


@njit(inline="always", **INTERNAL)
def _get_ext(S, r):
    """(sign, char, hi, lo) of an extended operand, guard digit appended (zero)."""
    s, c, fh = _get_long(S, r)
    fl = S[FPR + (r >> 1) + 1] & MASK56
    return s, c, fh, fl << 4


@njit(inline="always", **INTERNAL)
def _add_ext(S, s1, c1, h1, l1, s2, c2, h2, l2):
    """ADD NORMALIZED extended: (sign, char, fh, fl, pic)."""
    if c1 >= c2:
        h2, l2 = _shr2(h2, l2, 4 * (c1 - c2))
        c = c1
    else:
        h1, l1 = _shr2(h1, l1, 4 * (c2 - c1))
        c = c2
    if s1 == s2:
        s = s1
        lo = l1 + l2
        hi = h1 + h2 + (lo >> 60)
        lo &= MASK60
    else:
        if h1 > h2 or (h1 == h2 and l1 >= l2):
            s = s1
            hi = h1 - h2
            lo = l1 - l2
        else:
            s = s2
            hi = h2 - h1
            lo = l2 - l1
        if lo < 0:
            lo += 1 << 60
            hi -= 1
    if hi >> 56:                      # carry
        hi, lo = _shr2(hi, lo, 4)
        c += 1
    if hi == 0 and lo == 0:
        s, c, f, pic = _zero_sum(S, c)
        return s, c, 0, 0, pic
    if hi == 0:                       # 14 digits at once
        hi = lo >> 4
        lo = (lo & 0xF) << 56
        c -= 14
    while hi < (1 << 52):
        hi = (hi << 4) | (lo >> 56)
        lo = (lo << 4) & MASK60
        c -= 1
    s, c, f, pic = _final(S, s, c, 1)
    if f == 0:                        # underflow made it a true zero
        return 0, 0, 0, 0, 0
    return s, c, hi, lo >> 4, pic


@njit(inline="always", **INTERNAL)
def _mul_ext(S, s1, c1, h1, l1, s2, c2, h2, l2):
    """MXR: 28-digit fractions (h, l = 14 digits each, no guard), product truncated."""
    if (h1 == 0 and l1 == 0) or (h2 == 0 and l2 == 0):
        return 0, 0, 0, 0, 0
    while h1 < (1 << 52):
        h1 = ((h1 << 4) | (l1 >> 52)) & MASK56
        l1 = (l1 << 4) & MASK56
        c1 -= 1
    while h2 < (1 << 52):
        h2 = ((h2 << 4) | (l2 >> 52)) & MASK56
        l2 = (l2 << 4) & MASK56
        c2 -= 1
    c = c1 + c2 - 64
    # (h1*2**56 + l1) * (h2*2**56 + l2) as four 56-bit limbs r3 r2 r1 r0
    hh_h, hh_l = _mul56(h1, h2)
    hl_h, hl_l = _mul56(h1, l2)
    lh_h, lh_l = _mul56(l1, h2)
    ll_h, ll_l = _mul56(l1, l2)
    t1 = ll_h + hl_l + lh_l
    r1 = t1 & MASK56
    t2 = hl_h + lh_h + hh_l + (t1 >> 56)
    r2 = t2 & MASK56
    r3 = hh_h + (t2 >> 56)
    if r3 < (1 << 52):                # one leading zero: shift the guard digit in
        fh = (r3 << 4) | (r2 >> 52)
        fl = ((r2 << 4) & MASK56) | (r1 >> 52)
        c -= 1
    else:
        fh = r3
        fl = r2
    s, c, f, pic = _final(S, s1 ^ s2, c, 1)
    if f == 0:
        return 0, 0, 0, 0, 0
    return s, c, fh, fl, pic


@njit(inline="always", **INTERNAL)
def _mul_long_ext(S, s1, c1, f1, s2, c2, f2):
    """MXDR/MXD: long x long -> exact extended product."""
    if f1 == 0 or f2 == 0:
        return 0, 0, 0, 0, 0
    f1, c1 = _normalize(f1, c1, DIGITS_LONG)
    f2, c2 = _normalize(f2, c2, DIGITS_LONG)
    c = c1 + c2 - 64
    h, l = _mul56(f1, f2)
    if h < (1 << 52):
        h = (h << 4) | (l >> 52)
        l = (l << 4) & MASK56
        c -= 1
    s, c, f, pic = _final(S, s1 ^ s2, c, 1)
    if f == 0:
        return 0, 0, 0, 0, 0
    return s, c, h, l, pic


# ---------------------------------------------------------------------------
# instruction bodies shared by RR and RX
# ---------------------------------------------------------------------------

@njit(inline="always", **INTERNAL)
def _binary(S, fn, r1, long_op, s2, c2, f2):
    """C, A, S, M, D, AU, SU (short or long) with the second operand decoded."""
    if long_op:
        nd = DIGITS_LONG
        s1, c1, f1 = _get_long(S, r1)
    else:
        nd = DIGITS_SHORT
        s1, c1, f1 = _get_short(S, r1)
    if fn == F_C:
        _compare_sl(S, s1, c1, f1, s2, c2, f2, nd)
        return 0
    if fn == F_M:
        s, c, f, pic = _mul_sl(S, s1, c1, f1, s2, c2, f2, nd)
        _put_long(S, r1, s, c, f)     # ME/MER too: the product is long
        return pic
    if fn == F_D:
        if f2 == 0:
            return PIC_FLOAT_DIVIDE
        s, c, f, pic = _div_sl(S, s1, c1, f1, s2, c2, f2, nd)
    elif fn == F_A:
        s, c, f, pic = _add_sl(S, s1, c1, f1, s2, c2, f2, nd, True)
    elif fn == F_S:
        s, c, f, pic = _add_sl(S, s1, c1, f1, 1 - s2, c2, f2, nd, True)
    elif fn == F_AU:
        s, c, f, pic = _add_sl(S, s1, c1, f1, s2, c2, f2, nd, False)
    elif fn == F_SU:
        s, c, f, pic = _add_sl(S, s1, c1, f1, 1 - s2, c2, f2, nd, False)
    else:
        return PIC_OPERATION
    if long_op:
        _put_long(S, r1, s, c, f)
    else:
        _put_short(S, r1, s, c, f)
    if fn != F_D:
        _set_cc(S, s, f != 0)
    return pic


@njit(inline="always", **INTERNAL)
def _load_signed(S, fn, r1, r2, long_op):
    """LP, LN, LT, LC: the sign changes, characteristic and fraction do not."""
    i2 = FPR + (r2 >> 1)
    v = S[i2]
    if long_op:
        frac_nonzero = (v & MASK56) != 0
    else:
        frac_nonzero = ((v >> 32) & MASK24) != 0
    if fn == F_LP:
        v &= ~SIGN64
    elif fn == F_LN:
        v |= SIGN64
    elif fn == F_LC:
        v ^= SIGN64
    sign = (v >> 63) & 1
    i1 = FPR + (r1 >> 1)
    if long_op:
        S[i1] = v
    else:
        S[i1] = (v & ~MASK32) | (S[i1] & MASK32)
    _set_cc(S, sign, frac_nonzero)
    return 0


NOT_A_LOAD = -1


@njit(inline="always", **INTERNAL)
def hfp_rr_load(S, op, r1, r2):
    """The short and long RR loads (LPDR LNDR LTDR LCDR LDR and their E forms): 0 or
    specification; NOT_A_LOAD for any other op.  Inline in the run loop: these are a
    few register moves, cheaper than the call of ``hfp_rr``."""
    fn = op & 0xF
    if (op & 0xE0) != 0x20 or (fn > F_LC and fn != F_L):
        return NOT_A_LOAD
    if (r1 | r2) & BAD_FPR:
        return PIC_SPECIFICATION
    long_op = (op & 0xF0) == 0x20
    if fn <= F_LC:
        return _load_signed(S, fn, r1, r2, long_op)
    if long_op:
        S[FPR + (r1 >> 1)] = S[FPR + (r2 >> 1)]
    else:
        i1 = FPR + (r1 >> 1)
        S[i1] = (S[FPR + (r2 >> 1)] & ~MASK32) | (S[i1] & MASK32)
    return 0


@njit(inline="always", **INTERNAL)
def _load_rounded_long(S, r1, r2):
    """LRER: long -> short, adding one at bit 32 (the leftmost dropped bit)."""
    s, c, f = _get_long(S, r2)
    f = (f + (1 << 31)) >> 32
    pic = 0
    if f >> 24:
        f >>= 4
        c += 1
        if c > 127:
            c &= CHAR_MASK
            pic = PIC_EXPONENT_OVERFLOW
    _put_short(S, r1, s, c, f)
    return pic


@njit(inline="always", **INTERNAL)
def _load_rounded_ext(S, r1, r2):
    """LRDR: extended -> long, adding one at bit 72 (leftmost low-part fraction bit)."""
    s, c, f = _get_long(S, r2)
    fl = S[FPR + (r2 >> 1) + 1] & MASK56
    f += fl >> 55
    pic = 0
    if f >> 56:
        f >>= 4
        c += 1
        if c > 127:
            c &= CHAR_MASK
            pic = PIC_EXPONENT_OVERFLOW
    _put_long(S, r1, s, c, f)
    return pic


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------

@njit(**INTERNAL)
def hfp_rr(S, op, r1, r2):
    """Execute RR floating-point instruction ``op`` (0x20-0x3F)."""
    fn = op & 0xF
    long_op = (op & 0xF0) == 0x20
    if (op & 0xE0) != 0x20:
        return PIC_OPERATION
    # --- the extended-operand instructions -----------------------------------
    if fn == F_LR:
        if (r1 & BAD_FPR) or (r2 & (BAD_EXT if long_op else BAD_FPR)):
            return PIC_SPECIFICATION
        if long_op:
            return _load_rounded_ext(S, r1, r2)
        return _load_rounded_long(S, r1, r2)
    if fn == F_MX and long_op:                       # MXR
        if (r1 | r2) & BAD_EXT:
            return PIC_SPECIFICATION
        s1, c1, h1, l1 = _get_ext(S, r1)
        s2, c2, h2, l2 = _get_ext(S, r2)
        s, c, fh, fl, pic = _mul_ext(S, s1, c1, h1, l1 >> 4, s2, c2, h2, l2 >> 4)
        _put_ext(S, r1, s, c, fh, fl, pic)
        return pic
    if fn == F_MXD and long_op:                      # MXDR
        if (r1 & BAD_EXT) or (r2 & BAD_FPR):
            return PIC_SPECIFICATION
        s1, c1, f1 = _get_long(S, r1)
        s2, c2, f2 = _get_long(S, r2)
        s, c, fh, fl, pic = _mul_long_ext(S, s1, c1, f1, s2, c2, f2)
        _put_ext(S, r1, s, c, fh, fl, pic)
        return pic
    if fn == F_MX or fn == F_MXD:                    # AXR, SXR
        if (r1 | r2) & BAD_EXT:
            return PIC_SPECIFICATION
        s1, c1, h1, l1 = _get_ext(S, r1)
        s2, c2, h2, l2 = _get_ext(S, r2)
        if fn == F_MXD:
            s2 = 1 - s2
        s, c, fh, fl, pic = _add_ext(S, s1, c1, h1, l1, s2, c2, h2, l2)
        _put_ext(S, r1, s, c, fh, fl, pic)
        _set_cc(S, s, fh != 0 or fl != 0)
        return pic
    # --- short and long --------------------------------------------------------
    pic = hfp_rr_load(S, op, r1, r2)
    if pic != NOT_A_LOAD:
        return pic
    if (r1 | r2) & BAD_FPR:
        return PIC_SPECIFICATION
    if long_op:
        s2, c2, f2 = _get_long(S, r2)
    else:
        s2, c2, f2 = _get_short(S, r2)
    if fn == F_H:
        nd = DIGITS_LONG if long_op else DIGITS_SHORT
        s, c, f, pic = _halve_sl(S, s2, c2, f2, nd)
        if long_op:
            _put_long(S, r1, s, c, f)
        else:
            _put_short(S, r1, s, c, f)
        return pic
    return _binary(S, fn, r1, long_op, s2, c2, f2)


@njit(**INTERNAL)
def hfp_rx_check(op, r1):
    """Operation/specification checks of an RX floating-point instruction (before any access)."""
    fn = op & 0xF
    long_op = (op & 0xF0) == 0x60
    if (op & 0xE0) != 0x60 or (0 < fn < F_MXD) or (fn == F_MXD and not long_op):
        return PIC_OPERATION
    if fn == F_MXD:
        return PIC_SPECIFICATION if r1 & BAD_EXT else 0
    return PIC_SPECIFICATION if r1 & BAD_FPR else 0


@njit(**INTERNAL)
def hfp_rx_operand(S, op, r1, v):
    """Execute a checked RX floating-point instruction other than STD/STE on its
    fetched operand ``v`` (a long operand as its 64-bit image, a short one as 32 bits)."""
    fn = op & 0xF
    i1 = FPR + (r1 >> 1)
    if (op & 0xF0) == 0x60:
        if fn == F_MXD:                              # MXD
            s1, c1, f1 = _get_long(S, r1)
            s, c, fh, fl, pic = _mul_long_ext(S, s1, c1, f1, (v >> 63) & 1,
                                              (v >> 56) & CHAR_MASK, v & MASK56)
            _put_ext(S, r1, s, c, fh, fl, pic)
            return pic
        if fn == F_L:
            S[i1] = v
            return 0
        return _binary(S, fn, r1, True, (v >> 63) & 1, (v >> 56) & CHAR_MASK, v & MASK56)
    w = v
    if fn == F_L:
        S[i1] = _mk64(w >> 31, (w >> 24) & CHAR_MASK, (w & MASK24) << 32) | (S[i1] & MASK32)
        return 0
    return _binary(S, fn, r1, False, w >> 31, (w >> 24) & CHAR_MASK, w & MASK24)


@njit(**INTERNAL)
def hfp_rx(S, mem, keys, tlb, op, r1, ea):
    """Execute RX floating-point instruction ``op`` (0x60-0x7F) at address ``ea``."""
    pic = hfp_rx_check(op, r1)
    if pic:
        return pic
    long_op = (op & 0xF0) == 0x60
    if (op & 0xF) == F_ST:
        if long_op:
            rc = store_u64(S, mem, keys, tlb, ea, S[FPR + (r1 >> 1)])
        else:
            rc = store_u32(S, mem, keys, tlb, ea, (S[FPR + (r1 >> 1)] >> 32) & MASK32)
        return -rc
    if long_op:
        pic, v = fetch_u64(S, mem, keys, tlb, ea)
        if pic:
            return pic
    else:
        v = fetch_u32(S, mem, keys, tlb, ea)
        if v < 0:
            return -v
    return hfp_rx_operand(S, op, r1, v)
