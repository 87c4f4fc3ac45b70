"""System/370 decimal instructions (GA22-7000 ch. "Decimal Instructions").

AP SP ZAP CP MP DP SRP MVO PACK UNPK ED EDMK (SS format) and CVB CVD (RX),
compiled with numba for the run loop.

Values are held as two int64 limbs in base 10**15 -- ``hi * 10**15 + lo`` --
because a packed field of n bytes splits exactly there: the rightmost 8 bytes
(sign byte included) carry the low 15 digits, the leftmost n - 8 bytes the
high digits.  Fields of up to 8 bytes (the common case) therefore stay in one
machine word.  No per-call allocation: each storage byte goes through
``_ab``, which is plain ``base + i`` when ``access_range`` found the operand
contiguous and a per-byte ``translate`` otherwise (page crossing, prefix
area, 16M wrap).  Every operand's access is checked before anything is
stored, so an access exception leaves storage unchanged.

Functions return 0 or a positive program-interruption code.  Decimal
overflow stores the truncated result, sets CC 3 and returns
PIC_DECIMAL_OVERFLOW only when the program-mask bit is one.
"""

import numpy as np
from numba import njit

from .layout import (GPR, PSW_CC, PSW_PM, MEMSIZE, BLOCK_SHIFT, PM_DECIMAL_OVERFLOW,
                     PIC_SPECIFICATION,
                     PIC_DATA, PIC_FIXED_DIVIDE, PIC_DECIMAL_OVERFLOW,
                     PIC_DECIMAL_DIVIDE)
from .storage import (access_range, translate, ACC_FETCH, ACC_STORE, NONCONTIG,
                      ADDR_MASK)

# _nrt=False: nothing here allocates, and without it numba wraps every call of
# a branching helper that takes arrays in atomic NRT incref/decref pairs that
# its reference-count pruning cannot remove (~15 ns per array per call here).
from .compile_options import INTERNAL

# --- opcodes ------------------------------------------------------------------
from s370.isa import (OP_SRP, OP_MVO, OP_PACK, OP_UNPK, OP_ZAP, OP_CP, OP_AP, OP_SP, OP_MP, OP_DP,
                      OP_ED, OP_EDMK)

# --- codes -----------------------------------------------------------------------
SIGN_PLUS = 0x0C          # preferred plus sign
SIGN_MINUS = 0x0D         # preferred minus sign
ZONE = 0xF0               # zone attached by UNPK, ED and EDMK
ED_DIGIT_SELECTOR = 0x20
ED_SIGNIFICANCE_STARTER = 0x21
ED_FIELD_SEPARATOR = 0x22

BLOCK_BYTES = 1 << BLOCK_SHIFT
BLOCK_MASK = BLOCK_BYTES - 1
LIMB = 10 ** 15           # low limb holds 15 digits (8 bytes incl. the sign byte)
LOW_BYTES = 8             # bytes of a field that feed the low limb

# 10**k for k = 0..18
POW10 = np.array([10 ** k for k in range(19)], dtype=np.int64)


def _dec_table():
    """byte -> its two packed digits as 0..99, or -1 if either nibble is > 9."""
    t = np.full(256, -1, dtype=np.int64)
    for b in range(256):
        if (b >> 4) <= 9 and (b & 15) <= 9:
            t[b] = (b >> 4) * 10 + (b & 15)
    return t


DEC2 = _dec_table()
ENC2 = np.array([((v // 10) << 4) | (v % 10) for v in range(100)], dtype=np.int64)


# --- storage helpers ----------------------------------------------------------------
@njit(inline="always", **INTERNAL)
def _ab(S, mem, keys, tlb, base, ea, i, acc):
    """Absolute address of byte i of an operand already checked for access."""
    if base >= 0:
        return base + i
    return translate(S, mem, keys, tlb, ea + i, acc)


@njit(inline="always", **INTERNAL)
def _check(S, mem, keys, tlb, ea, n, acc):
    """Check access to n bytes at ea -> (pic, base); base -1: translate per byte.

    A range inside one 2K block needs one translation: pages (2K/4K), prefix
    frames (4K) and storage keys (2K) never split a block."""
    ea &= ADDR_MASK
    if (ea & BLOCK_MASK) + n <= BLOCK_BYTES:
        a = translate(S, mem, keys, tlb, ea, acc)
        if a < 0:
            return -a, np.int64(-1)
        if a + n <= S[MEMSIZE]:
            return 0, a
    a = access_range(S, mem, keys, tlb, ea, n, acc)
    if a == NONCONTIG:
        return 0, np.int64(-1)
    if a < 0:
        return -a, np.int64(-1)
    return 0, a


@njit(**INTERNAL)
def _is_minus(sign):
    return sign == 0x0B or sign == 0x0D


@njit(inline="always", **INTERNAL)
def _load(S, mem, keys, tlb, base, ea, n):
    """Packed field of n bytes -> (valid, hi, lo, sign nibble)."""
    hi = np.int64(0)
    lo = np.int64(0)
    valid = True
    split = n - LOW_BYTES
    for i in range(n - 1):
        d = DEC2[mem[_ab(S, mem, keys, tlb, base, ea, i, ACC_FETCH)]]
        if d < 0:
            valid = False
        if i < split:
            hi = hi * 100 + d
        else:
            lo = lo * 100 + d
    b = np.int64(mem[_ab(S, mem, keys, tlb, base, ea, n - 1, ACC_FETCH)])
    hd = b >> 4
    sign = b & 15
    if hd > 9 or sign < 10:
        valid = False
    lo = lo * 10 + hd
    return valid, hi, lo, sign


@njit(inline="always", **INTERNAL)
def _store(S, mem, keys, tlb, base, ea, n, hi, lo, sign):
    """Store (hi, lo) with the sign nibble as an n-byte packed field.

    Digits beyond the field are dropped (the field holds exactly 2n-1
    digits, so this is the architected truncation on overflow)."""
    mem[_ab(S, mem, keys, tlb, base, ea, n - 1, ACC_STORE)] = ((lo % 10) << 4) | sign
    lo //= 10
    i = n - 2
    k = 0
    while i >= 0 and k < LOW_BYTES - 1:
        mem[_ab(S, mem, keys, tlb, base, ea, i, ACC_STORE)] = ENC2[lo % 100]
        lo //= 100
        i -= 1
        k += 1
    while i >= 0:
        mem[_ab(S, mem, keys, tlb, base, ea, i, ACC_STORE)] = ENC2[hi % 100]
        hi //= 100
        i -= 1


# --- two-limb arithmetic (value = hi * 10**15 + lo, 0 <= lo < 10**15) ----------------
@njit(**INTERNAL)
def _ge_pow10(hi, lo, m):
    """value >= 10**m (0 <= m <= 32)."""
    if m >= 15:
        return hi >= POW10[m - 15]
    return hi > 0 or lo >= POW10[m]


@njit(**INTERNAL)
def _cmp(h1, l1, h2, l2):
    if h1 != h2:
        return 1 if h1 > h2 else -1
    if l1 != l2:
        return 1 if l1 > l2 else -1
    return 0


@njit(**INTERNAL)
def _add(h1, l1, h2, l2):
    lo = l1 + l2
    hi = h1 + h2
    if lo >= LIMB:
        lo -= LIMB
        hi += 1
    return hi, lo


@njit(**INTERNAL)
def _sub(h1, l1, h2, l2):
    """value1 - value2, value1 >= value2."""
    lo = l1 - l2
    hi = h1 - h2
    if lo < 0:
        lo += LIMB
        hi -= 1
    return hi, lo


@njit(**INTERNAL)
def _shr(hi, lo, k):
    """floor(value / 10**k), 0 <= k <= 32."""
    if k == 0:
        return hi, lo
    if k < 15:
        return hi // POW10[k], lo // POW10[k] + (hi % POW10[k]) * POW10[15 - k]
    v = hi // POW10[k - 15]
    return v // LIMB, v % LIMB


@njit(**INTERNAL)
def _mod_pow10(hi, lo, m):
    """value mod 10**m, 0 <= m <= 31."""
    if m >= 15:
        return hi % POW10[m - 15], lo
    return np.int64(0), lo % POW10[m]


@njit(**INTERNAL)
def _shl(hi, lo, k):
    """value * 10**k; the caller guarantees the product is below 10**31."""
    if k == 0:
        return hi, lo
    if k < 15:
        return hi * POW10[k] + lo // POW10[15 - k], (lo % POW10[15 - k]) * POW10[k]
    return (hi * LIMB + lo) * POW10[k - 15], np.int64(0)


@njit(**INTERNAL)
def _mul15(a, b):
    """a * b for a, b < 10**15, as (hi, lo)."""
    a1 = a // 100000000
    a0 = a % 100000000
    b1 = b // 100000000
    b0 = b % 100000000
    t = a0 * b0
    x = a1 * b0 + a0 * b1
    lo = t % LIMB + (x % 10000000) * 100000000
    hi = a1 * b1 * 10 + x // 10000000 + t // LIMB
    if lo >= LIMB:
        lo -= LIMB
        hi += 1
    return hi, lo


@njit(**INTERNAL)
def _ndigits(v):
    n = 1
    while n < 18 and v >= POW10[n]:
        n += 1
    return n


@njit(**INTERNAL)
def _divmod(hi, lo, d):
    """(hi, lo) divided by 0 < d < 10**15 -> (qhi, qlo, remainder)."""
    qh = hi // d
    r = hi % d
    step = 18 - _ndigits(d)          # r * 10**step + chunk stays below 2**63
    ql = np.int64(0)
    pos = 15
    while pos > 0:
        c = step if step < pos else pos
        pos -= c
        num = r * POW10[c] + (lo // POW10[pos]) % POW10[c]
        ql = ql * POW10[c] + num // d
        r = num % d
    # the quotient of (hi, lo) is qh * 10**15 + ql with ql < 10**15
    return qh, ql, r


@njit(**INTERNAL)
def _overflow_pic(S):
    S[PSW_CC] = 3
    if S[PSW_PM] & PM_DECIMAL_OVERFLOW:
        return PIC_DECIMAL_OVERFLOW
    return 0


@njit(**INTERNAL)
def _set_cc(S, zero, minus):
    if zero:
        S[PSW_CC] = 0
    elif minus:
        S[PSW_CC] = 1
    else:
        S[PSW_CC] = 2


# --- packed digits held as BCD in one int64 (fields of up to 8 bytes) ---------------------
# The digits of a field of n <= 8 bytes (without its sign) fit in 60 bits, so
# AP/SP/ZAP/CP/SRP on such fields work on the BCD image directly: no binary
# conversion, no divisions.
BCD_SIXES = 0x0666666666666666      # 6 in each of the 15 digit positions
BCD_NINES = 0x0999999999999999
BCD_EIGHTS = 0x0888888888888888
BCD_CARRIES = 0x1111111111111110    # carry-out bit of each digit position


@njit(inline="always", **INTERNAL)
def _bcd_load(mem, a, n):
    """n <= 8 bytes at absolute a -> (digits as BCD, sign nibble, valid)."""
    d = np.int64(0)
    for i in range(n - 1):
        d = (d << 8) | np.int64(mem[a + i])
    last = np.int64(mem[a + n - 1])
    d = (d << 4) | (last >> 4)
    sign = last & 15
    # a digit code is invalid when its 8 bit is on with its 4 or 2 bit
    valid = (d & ((d << 1) | (d << 2)) & BCD_EIGHTS) == 0 and sign >= 10
    return d, sign, valid


@njit(inline="always", **INTERNAL)
def _bcd_store(mem, a, n, d, sign):
    mem[a + n - 1] = ((d & 15) << 4) | sign
    d >>= 4
    for i in range(n - 2, -1, -1):
        mem[a + i] = d & 0xFF
        d >>= 8


@njit(inline="always", **INTERNAL)
def _bcd_add(x, y, carry_in):
    """x + y (+ carry_in) for 15-digit BCD; digit 15 receives the carry."""
    t1 = x + BCD_SIXES
    t2 = t1 + y + carry_in
    t5 = ~(t2 ^ t1 ^ y) & BCD_CARRIES
    return t2 - ((t5 >> 2) | (t5 >> 3))


@njit(inline="always", **INTERNAL)
def _bcd_sub(x, y):
    """x - y for 15-digit BCD, x >= y."""
    return _bcd_add(x, BCD_NINES - y, 1) & (BCD_NINES | BCD_SIXES)


@njit(inline="always", **INTERNAL)
def _bcd_mask(ndig):
    return (np.int64(1) << (4 * ndig)) - 1


ENC4 = np.array([int("%04d" % v, 16) for v in range(10000)], dtype=np.uint16)


@njit(inline="always", **INTERNAL)
def _bcd_to_bin(x):
    """15-digit BCD -> binary, pairing digits in SWAR steps (2, 4, 8, 16)."""
    x = ((x >> 4) & 0x0F0F0F0F0F0F0F0F) * 10 + (x & 0x0F0F0F0F0F0F0F0F)
    x = ((x >> 8) & 0x00FF00FF00FF00FF) * 100 + (x & 0x00FF00FF00FF00FF)
    x = ((x >> 16) & 0x0000FFFF0000FFFF) * 10000 + (x & 0x0000FFFF0000FFFF)
    return (x >> 32) * 100000000 + (x & 0xFFFFFFFF)


@njit(inline="always", **INTERNAL)
def _bin_to_bcd(v):
    """0 <= v < 10**15 -> 15-digit BCD, four digits per table look-up."""
    c0 = v % 10000
    v //= 10000
    c1 = v % 10000
    v //= 10000
    c2 = v % 10000
    c3 = v // 10000
    return ((np.int64(ENC4[c3]) << 48) | (np.int64(ENC4[c2]) << 32)
            | (np.int64(ENC4[c1]) << 16) | np.int64(ENC4[c0]))


@njit(**INTERNAL)
def _mul_div_bcd(S, mem, op, a1, n1, a2, n2):
    """MP and DP on contiguous operands with a first operand of <= 8 bytes."""
    d1, s1, v1 = _bcd_load(mem, a1, n1)
    d2, s2, v2 = _bcd_load(mem, a2, n2)
    if not (v1 and v2):
        return PIC_DATA
    m1 = _is_minus(s1)
    qsign = SIGN_MINUS if m1 != _is_minus(s2) else SIGN_PLUS
    nq = n1 - n2
    if op == OP_MP:
        if (d1 >> (4 * (2 * nq - 1))) != 0:
            return PIC_DATA
        _bcd_store(mem, a1, n1, _bin_to_bcd(_bcd_to_bin(d1) * _bcd_to_bin(d2)), qsign)
        return 0
    x1 = _bcd_to_bin(d1)
    x2 = _bcd_to_bin(d2)
    if x2 == 0 or x1 >= x2 * POW10[2 * nq - 1]:
        return PIC_DECIMAL_DIVIDE
    q = x1 // x2
    _bcd_store(mem, a1, nq, _bin_to_bcd(q), qsign)
    _bcd_store(mem, a1 + nq, n2, _bin_to_bcd(x1 - q * x2), SIGN_MINUS if m1 else SIGN_PLUS)
    return 0


@njit(**INTERNAL)
def _add_sub_bcd(S, mem, op, a1, n1, a2, n2):
    """AP, SP, ZAP, CP on contiguous fields of at most 8 bytes."""
    d2, s2, v2 = _bcd_load(mem, a2, n2)
    m2 = _is_minus(s2)
    if op == OP_ZAP:
        if not v2:
            return PIC_DATA
        d = d2
        minus = m2
    else:
        d1, s1, v1 = _bcd_load(mem, a1, n1)
        if not (v1 and v2):
            return PIC_DATA
        m1 = _is_minus(s1) and d1 != 0
        if op == OP_SP:
            m2 = not m2
        m2 = m2 and d2 != 0
        if op == OP_CP:
            if m1 != m2:
                S[PSW_CC] = 1 if m1 else 2
            elif d1 == d2:
                S[PSW_CC] = 0
            else:
                S[PSW_CC] = 1 if (d1 < d2) != m1 else 2
            return 0
        if m1 == m2:
            d = _bcd_add(d1, d2, 0)
            minus = m1
        elif d1 >= d2:
            d = _bcd_sub(d1, d2)
            minus = m1
        else:
            d = _bcd_sub(d2, d1)
            minus = m2
    ndig = 2 * n1 - 1
    if (d >> (4 * ndig)) != 0:
        # overflow: truncated result keeps the sign of the true result
        _bcd_store(mem, a1, n1, d & _bcd_mask(ndig), SIGN_MINUS if minus else SIGN_PLUS)
        return _overflow_pic(S)
    minus = minus and d != 0
    _bcd_store(mem, a1, n1, d, SIGN_MINUS if minus else SIGN_PLUS)
    _set_cc(S, d == 0, minus)
    return 0


@njit(**INTERNAL)
def _srp_bcd(S, mem, a1, n1, sh, rounding):
    """SRP on a contiguous field of at most 8 bytes; sh is the signed shift."""
    d, sign, valid = _bcd_load(mem, a1, n1)
    if not valid or rounding > 9:
        return PIC_DATA
    minus = _is_minus(sign)
    ndig = 2 * n1 - 1
    if sh > 0:
        keep = ndig - sh if sh < ndig else 0
        if (d >> (4 * keep)) != 0:
            d = (d & _bcd_mask(keep)) << (4 * sh) if keep > 0 else np.int64(0)
            _bcd_store(mem, a1, n1, d, SIGN_MINUS if minus else SIGN_PLUS)
            return _overflow_pic(S)
        d = d << (4 * sh) if keep > 0 else np.int64(0)
    elif sh < 0:
        k = -sh
        if k > ndig:
            d = np.int64(0)
        else:
            up = ((d >> (4 * (k - 1))) & 15) + rounding >= 10
            d = d >> (4 * k)
            if up:
                d = _bcd_add(d, np.int64(0), 1)
    minus = minus and d != 0
    _bcd_store(mem, a1, n1, d, SIGN_MINUS if minus else SIGN_PLUS)
    _set_cc(S, d == 0, minus)
    return 0


# --- arithmetic instructions ------------------------------------------------------------
@njit(**INTERNAL)
def _add_sub(S, mem, keys, tlb, op, ea1, n1, ea2, n2):
    """AP, SP, CP, ZAP."""
    store1 = op != OP_CP
    pic, b1 = _check(S, mem, keys, tlb, ea1, n1, ACC_STORE if store1 else ACC_FETCH)
    if pic:
        return pic
    pic, b2 = _check(S, mem, keys, tlb, ea2, n2, ACC_FETCH)
    if pic:
        return pic
    if b1 >= 0 and b2 >= 0 and n1 <= LOW_BYTES and n2 <= LOW_BYTES:
        return _add_sub_bcd(S, mem, op, b1, n1, b2, n2)
    v2, h2, l2, s2 = _load(S, mem, keys, tlb, b2, ea2, n2)
    m2 = _is_minus(s2)
    if op == OP_ZAP:
        if not v2:
            return PIC_DATA
        zero = h2 == 0 and l2 == 0
        if _ge_pow10(h2, l2, 2 * n1 - 1):
            _store(S, mem, keys, tlb, b1, ea1, n1, h2, l2, SIGN_MINUS if m2 else SIGN_PLUS)
            return _overflow_pic(S)
        m2 = m2 and not zero
        _store(S, mem, keys, tlb, b1, ea1, n1, h2, l2, SIGN_MINUS if m2 else SIGN_PLUS)
        _set_cc(S, zero, m2)
        return 0
    v1, h1, l1, s1 = _load(S, mem, keys, tlb, b1, ea1, n1)
    if not (v1 and v2):
        return PIC_DATA
    m1 = _is_minus(s1)
    if op == OP_SP:
        m2 = not m2
    if op == OP_CP:
        z1 = h1 == 0 and l1 == 0
        z2 = h2 == 0 and l2 == 0
        if z1:
            m1 = False
        if z2:
            m2 = False
        if m1 != m2:
            S[PSW_CC] = 1 if m1 else 2
        else:
            c = _cmp(h1, l1, h2, l2)
            if c == 0:
                S[PSW_CC] = 0
            elif (c < 0) != m1:
                S[PSW_CC] = 1
            else:
                S[PSW_CC] = 2
        return 0
    if m1 == m2:
        h, l = _add(h1, l1, h2, l2)
        minus = m1
    else:
        c = _cmp(h1, l1, h2, l2)
        if c >= 0:
            h, l = _sub(h1, l1, h2, l2)
            minus = m1
        else:
            h, l = _sub(h2, l2, h1, l1)
            minus = m2
    zero = h == 0 and l == 0
    if _ge_pow10(h, l, 2 * n1 - 1):
        # the truncated result keeps the sign of the correct sum, even if zero
        _store(S, mem, keys, tlb, b1, ea1, n1, h, l, SIGN_MINUS if minus else SIGN_PLUS)
        return _overflow_pic(S)
    minus = minus and not zero
    _store(S, mem, keys, tlb, b1, ea1, n1, h, l, SIGN_MINUS if minus else SIGN_PLUS)
    _set_cc(S, zero, minus)
    return 0


@njit(**INTERNAL)
def _mul_div(S, mem, keys, tlb, op, ea1, l1, ea2, l2):
    """MP and DP."""
    if l2 > 7 or l2 >= l1:
        return PIC_SPECIFICATION
    n1 = l1 + 1
    n2 = l2 + 1
    pic, b1 = _check(S, mem, keys, tlb, ea1, n1, ACC_STORE)
    if pic:
        return pic
    pic, b2 = _check(S, mem, keys, tlb, ea2, n2, ACC_FETCH)
    if pic:
        return pic
    if b1 >= 0 and b2 >= 0 and n1 <= LOW_BYTES:
        return _mul_div_bcd(S, mem, op, b1, n1, b2, n2)
    v1, h1, lo1, s1 = _load(S, mem, keys, tlb, b1, ea1, n1)
    v2, h2, d, s2 = _load(S, mem, keys, tlb, b2, ea2, n2)   # n2 <= 8: h2 == 0
    if not (v1 and v2):
        return PIC_DATA
    m1 = _is_minus(s1)
    m2 = _is_minus(s2)
    # the sign follows the rules of algebra even for zero operands/results
    qsign = SIGN_MINUS if m1 != m2 else SIGN_PLUS
    if op == OP_MP:
        # the multiplicand needs zero digits in its leftmost n2 bytes
        if _ge_pow10(h1, lo1, 2 * (n1 - n2) - 1):
            return PIC_DATA
        if n1 <= LOW_BYTES:
            ph = np.int64(0)
            pl = lo1 * d
        else:
            ph, pl = _mul15(lo1, d)
            ph += h1 * d
        _store(S, mem, keys, tlb, b1, ea1, n1, ph, pl, qsign)
        return 0
    # DP: quotient in the leftmost n1 - n2 bytes, remainder in the rightmost n2
    nq = n1 - n2
    if d == 0:
        return PIC_DECIMAL_DIVIDE
    if n1 <= LOW_BYTES:
        if lo1 >= d * POW10[2 * nq - 1]:
            return PIC_DECIMAL_DIVIDE
        qh = np.int64(0)
        ql = lo1 // d
        r = lo1 % d
    else:
        th, tl = _shr(h1, lo1, 2 * nq - 1)
        if th > 0 or tl >= d:
            return PIC_DECIMAL_DIVIDE
        qh, ql, r = _divmod(h1, lo1, d)
    _store(S, mem, keys, tlb, b1, ea1, nq, qh, ql, qsign)
    if b1 >= 0:
        b1r = b1 + nq
    else:
        b1r = b1
    _store(S, mem, keys, tlb, b1r, ea1 + nq, n2, np.int64(0), r,
           SIGN_MINUS if m1 else SIGN_PLUS)
    return 0


@njit(**INTERNAL)
def _srp(S, mem, keys, tlb, ea1, n1, shift_addr, rounding):
    """SHIFT AND ROUND DECIMAL: shift = address bits 26-31 (signed)."""
    pic, b1 = _check(S, mem, keys, tlb, ea1, n1, ACC_STORE)
    if pic:
        return pic
    sh = shift_addr & 0x3F
    if sh >= 32:
        sh -= 64
    if b1 >= 0 and n1 <= LOW_BYTES:
        return _srp_bcd(S, mem, b1, n1, sh, rounding)
    v1, h, l, s1 = _load(S, mem, keys, tlb, b1, ea1, n1)
    if not v1 or rounding > 9:
        return PIC_DATA
    minus = _is_minus(s1)
    ndig = 2 * n1 - 1
    if sh > 0:
        if _ge_pow10(h, l, ndig - sh if sh < ndig else 0):
            # nonzero digits shifted out: sign stays as it was (preferred code)
            h, l = _mod_pow10(h, l, ndig - sh if sh < ndig else 0)
            h, l = _shl(h, l, sh if sh < ndig else 0)
            _store(S, mem, keys, tlb, b1, ea1, n1, h, l, SIGN_MINUS if minus else SIGN_PLUS)
            return _overflow_pic(S)
        h, l = _shl(h, l, sh)
    elif sh < 0:
        k = -sh
        # add the rounding digit to the leftmost digit shifted out
        if k - 1 < 15:
            h, l = _add(h, l, np.int64(0), rounding * POW10[k - 1])
        else:
            h += rounding * POW10[k - 16]
        h, l = _shr(h, l, k)
    zero = h == 0 and l == 0
    minus = minus and not zero
    _store(S, mem, keys, tlb, b1, ea1, n1, h, l, SIGN_MINUS if minus else SIGN_PLUS)
    _set_cc(S, zero, minus)
    return 0


# --- format conversion (byte by byte, right to left, as the PoO defines overlap) ---------
@njit(**INTERNAL)
def _pack_unpk_mvo(S, mem, keys, tlb, op, ea1, n1, ea2, n2):
    """PACK, UNPK, MVO: each result byte is stored as soon as the operand
    bytes it needs have been fetched, so overlapping fields give the
    architected result.  No validity checking."""
    pic, b1 = _check(S, mem, keys, tlb, ea1, n1, ACC_STORE)
    if pic:
        return pic
    pic, b2 = _check(S, mem, keys, tlb, ea2, n2, ACC_FETCH)
    if pic:
        return pic
    r1 = n1 - 1     # byte offset of the rightmost byte
    r2 = n2 - 1
    if op == OP_PACK:
        b = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2, ACC_FETCH)])
        mem[_ab(S, mem, keys, tlb, b1, ea1, r1, ACC_STORE)] = ((b & 15) << 4) | (b >> 4)
        j = 1
        for i in range(1, n1):
            lo = np.int64(0)
            hi = np.int64(0)
            if j < n2:
                lo = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2 - j, ACC_FETCH)]) & 15
            if j + 1 < n2:
                hi = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2 - j - 1, ACC_FETCH)]) & 15
            j += 2
            mem[_ab(S, mem, keys, tlb, b1, ea1, r1 - i, ACC_STORE)] = (hi << 4) | lo
    elif op == OP_UNPK:
        b = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2, ACC_FETCH)])
        mem[_ab(S, mem, keys, tlb, b1, ea1, r1, ACC_STORE)] = ((b & 15) << 4) | (b >> 4)
        i = 1
        j = 1
        while i < n1:
            b = np.int64(0)
            if j < n2:
                b = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2 - j, ACC_FETCH)])
            j += 1
            mem[_ab(S, mem, keys, tlb, b1, ea1, r1 - i, ACC_STORE)] = ZONE | (b & 15)
            i += 1
            if i < n1:
                mem[_ab(S, mem, keys, tlb, b1, ea1, r1 - i, ACC_STORE)] = ZONE | (b >> 4)
                i += 1
    else:  # MVO
        sign = np.int64(mem[_ab(S, mem, keys, tlb, b1, ea1, r1, ACC_FETCH)]) & 15
        prev = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2, ACC_FETCH)])
        mem[_ab(S, mem, keys, tlb, b1, ea1, r1, ACC_STORE)] = ((prev & 15) << 4) | sign
        for i in range(1, n1):
            cur = np.int64(0)
            if i < n2:
                cur = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, r2 - i, ACC_FETCH)])
            mem[_ab(S, mem, keys, tlb, b1, ea1, r1 - i, ACC_STORE)] = ((cur & 15) << 4) | (prev >> 4)
            prev = cur
    return 0


# --- EDIT and EDIT AND MARK ----------------------------------------------------------------
@njit(**INTERNAL)
def _source_span(S, mem, keys, tlb, b2, ea2, ndigits):
    """Bytes of source needed to supply ndigits digits, checking each byte
    fetched: (pic, nbytes).  The left digit of every byte must be valid; a
    sign code in the right half ends that byte."""
    nbytes = 0
    pending = False
    for _ in range(ndigits):
        if pending:
            pending = False
            continue
        a = _ab(S, mem, keys, tlb, b2, ea2, nbytes, ACC_FETCH)
        if a < 0:
            return -a, nbytes
        b = np.int64(mem[a])
        nbytes += 1
        if (b >> 4) > 9:
            return PIC_DATA, nbytes
        pending = (b & 15) <= 9
    return 0, nbytes


@njit(**INTERNAL)
def _edit(S, mem, keys, tlb, ea1, n, ea2, mark):
    pic, b1 = _check(S, mem, keys, tlb, ea1, n, ACC_STORE)
    if pic:
        return pic
    ndig = 0
    for i in range(n):
        c = np.int64(mem[_ab(S, mem, keys, tlb, b1, ea1, i, ACC_FETCH)])
        if c == ED_DIGIT_SELECTOR or c == ED_SIGNIFICANCE_STARTER:
            ndig += 1
    b2 = np.int64(-1)
    if ndig > 0:
        # fast: the largest source the pattern could consume is accessible
        pic, b2 = _check(S, mem, keys, tlb, ea2, ndig, ACC_FETCH)
        if pic:
            b2 = np.int64(-1)      # find exactly which bytes are needed
        pic, _nb = _source_span(S, mem, keys, tlb, b2, ea2, ndig)
        if pic:
            return pic
    fill = np.int64(0)
    sig = False          # significance indicator
    nonzero = False      # a nonzero digit in the current field
    pending = False      # right digit of the current source byte still unused
    right = np.int64(0)
    src = 0
    marked = -1
    for i in range(n):
        a = _ab(S, mem, keys, tlb, b1, ea1, i, ACC_STORE)
        pb = np.int64(mem[a])
        if i == 0:
            fill = pb
        if pb == ED_DIGIT_SELECTOR or pb == ED_SIGNIFICANCE_STARTER:
            plus_sign = False
            if pending:
                digit = right
                pending = False
            else:
                sb = np.int64(mem[_ab(S, mem, keys, tlb, b2, ea2, src, ACC_FETCH)])
                src += 1
                digit = sb >> 4
                if digit > 9:
                    return PIC_DATA
                right = sb & 15
                if right <= 9:
                    pending = True
                else:
                    plus_sign = not (right == 0x0B or right == 0x0D)
            if sig or digit != 0:
                if not sig:
                    marked = i
                mem[a] = ZONE | digit
            else:
                mem[a] = fill
            if digit != 0:
                nonzero = True
            sig = sig or digit != 0 or pb == ED_SIGNIFICANCE_STARTER
            if plus_sign:
                sig = False
        elif pb == ED_FIELD_SEPARATOR:
            mem[a] = fill
            sig = False
            nonzero = False
        elif not sig:
            mem[a] = fill
    if not nonzero:
        S[PSW_CC] = 0
    elif sig:
        S[PSW_CC] = 1
    else:
        S[PSW_CC] = 2
    if mark and marked >= 0:
        S[GPR + 1] = (S[GPR + 1] & 0xFF000000) | ((ea1 + marked) & 0xFFFFFF)
    return 0


# --- entry points -------------------------------------------------------------------------
@njit(**INTERNAL)
def decimal_ss(S, mem, keys, tlb, op, ea1, l1, ea2, l2):
    """Execute one decimal SS instruction; 0 or the program-interruption code.

    l1/l2 are the length codes (length - 1); ED/EDMK: l1 is the 8-bit L
    field; SRP: l2 is the rounding digit I3 and ea2 the shift address."""
    if op == OP_AP or op == OP_SP or op == OP_ZAP or op == OP_CP:
        return _add_sub(S, mem, keys, tlb, op, ea1, l1 + 1, ea2, l2 + 1)
    if op == OP_MP or op == OP_DP:
        return _mul_div(S, mem, keys, tlb, op, ea1, l1, ea2, l2)
    if op == OP_ED or op == OP_EDMK:
        return _edit(S, mem, keys, tlb, ea1, l1 + 1, ea2, op == OP_EDMK)
    if op == OP_SRP:
        return _srp(S, mem, keys, tlb, ea1, l1 + 1, ea2, l2)
    if op == OP_PACK or op == OP_UNPK or op == OP_MVO:
        return _pack_unpk_mvo(S, mem, keys, tlb, op, ea1, l1 + 1, ea2, l2 + 1)
    return 1  # PIC_OPERATION: not a decimal opcode


@njit(**INTERNAL)
def cvb(S, mem, keys, tlb, r1, ea2):
    """CONVERT TO BINARY.  Out of 32-bit range: the rightmost 32 bits of the
    result are placed in R1 and fixed-point divide is recognized (the
    operation is completed: GA22-7000-10, CONVERT TO BINARY)."""
    pic, b2 = _check(S, mem, keys, tlb, ea2, 8, ACC_FETCH)
    if pic:
        return pic
    valid, h, l, sign = _load(S, mem, keys, tlb, b2, ea2, 8)
    if not valid:
        return PIC_DATA
    v = -l if _is_minus(sign) else l
    S[GPR + r1] = v & 0xFFFFFFFF
    if v > 2147483647 or v < -2147483648:
        return PIC_FIXED_DIVIDE
    return 0


@njit(**INTERNAL)
def cvd(S, mem, keys, tlb, r1, ea2):
    """CONVERT TO DECIMAL: 32-bit signed R1 -> 8-byte packed, sign C or D."""
    pic, b2 = _check(S, mem, keys, tlb, ea2, 8, ACC_STORE)
    if pic:
        return pic
    v = S[GPR + r1] & 0xFFFFFFFF
    minus = v >= 0x80000000
    if minus:
        v = 0x100000000 - v
    _store(S, mem, keys, tlb, b2, ea2, 8, np.int64(0), v, SIGN_MINUS if minus else SIGN_PLUS)
    return 0
