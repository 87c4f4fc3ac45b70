"""Decimal instructions against an independent plain-Python reference.

The reference below works on Python integers and digit strings, written from
the GA22-7000 instruction definitions; the compiled code works on int64 limbs
and storage bytes.  Operands are drawn over every length, value and sign,
including invalid codes, overflow and (with a prefix register set) operands
that are not contiguous in absolute storage.
"""

import numpy as np
from hypothesis import given, settings, strategies as st, HealthCheck

from s370.cpu import layout as L
from s370.cpu.entrypoints import decimal_ss, cvb, cvd

SRP, MVO, PACK, UNPK = 0xF0, 0xF1, 0xF2, 0xF3
ZAP, CP, AP, SP, MP, DP = 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD
ED, EDMK = 0xDE, 0xDF

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------------
# reference model
# ------------------------------------------------------------------------------------
PLUS_CODES = (0xA, 0xC, 0xE, 0xF)
MINUS_CODES = (0xB, 0xD)


def nibbles(data):
    out = []
    for b in data:
        out += [b >> 4, b & 15]
    return out


def decode(data):
    """-> (valid, signed value)"""
    nb = nibbles(data)
    digits, sign = nb[:-1], nb[-1]
    valid = all(d <= 9 for d in digits) and sign >= 10
    mag = int("".join("%x" % d for d in digits)) if valid else 0
    return valid, (-mag if sign in MINUS_CODES else mag), sign in MINUS_CODES


def encode(mag, negative, n):
    """|value| (truncated to the field) with preferred sign, n bytes."""
    ndig = 2 * n - 1
    text = "%0*d" % (ndig, mag % 10 ** ndig) + ("d" if negative else "c")
    return bytes.fromhex(text)


class Result:
    def __init__(self, pic=0, op1=None, cc=None, reg=None):
        self.pic, self.op1, self.cc, self.reg = pic, op1, cc, reg


def ref_arith(op, a, b, mask):
    n1 = len(a)
    va, xa, na = decode(a)
    vb, xb, nb = decode(b)
    if op == ZAP:
        if not vb:
            return Result(L.PIC_DATA)
        total = xb
        neg_true = nb
    else:
        if not (va and vb):
            return Result(L.PIC_DATA)
        if op == CP:
            return Result(0, None, 0 if xa == xb else (1 if xa < xb else 2))
        total = xa + xb if op == AP else xa - xb
        neg_true = total < 0
    limit = 10 ** (2 * n1 - 1)
    if abs(total) >= limit:
        return Result(L.PIC_DECIMAL_OVERFLOW if mask else 0,
                      encode(abs(total), neg_true, n1), 3)
    return Result(0, encode(abs(total), total < 0, n1),
                  0 if total == 0 else (1 if total < 0 else 2))


def ref_muldiv(op, a, b):
    n1, n2 = len(a), len(b)
    if n2 > 8 or n2 >= n1:
        return Result(L.PIC_SPECIFICATION)
    va, xa, na = decode(a)
    vb, xb, nb = decode(b)
    if not (va and vb):
        return Result(L.PIC_DATA)
    if op == MP:
        if abs(xa) >= 10 ** (2 * (n1 - n2) - 1):
            return Result(L.PIC_DATA)
        return Result(0, encode(abs(xa) * abs(xb), na != nb, n1))
    if xb == 0:
        return Result(L.PIC_DECIMAL_DIVIDE)
    q, r = divmod(abs(xa), abs(xb))
    if q >= 10 ** (2 * (n1 - n2) - 1):
        return Result(L.PIC_DECIMAL_DIVIDE)
    return Result(0, encode(q, na != nb, n1 - n2) + encode(r, na, n2))


def ref_srp(a, addr, i3, mask):
    n = len(a)
    va, xa, na = decode(a)
    if not va or i3 > 9:
        return Result(L.PIC_DATA)
    shift = addr & 63
    if shift >= 32:
        shift -= 64
    ndig = 2 * n - 1
    mag = abs(xa)
    if shift >= 0:
        new = mag * 10 ** shift
        if new >= 10 ** ndig:
            return Result(L.PIC_DECIMAL_OVERFLOW if mask else 0, encode(new, na, n), 3)
    else:
        k = -shift
        new = (mag + i3 * 10 ** (k - 1)) // 10 ** k
    neg = na and new != 0
    return Result(0, encode(new, neg, n), 0 if new == 0 else (1 if neg else 2))


def ref_pack(a, b):
    """numeric halves of the zoned second operand; its last zone is the sign."""
    n1 = len(a)
    digits = [x & 15 for x in b]
    sign = b[-1] >> 4
    digits = ([0] * 64 + digits)[-(2 * n1 - 1):]
    return bytes.fromhex("".join("%x" % d for d in digits) + "%x" % sign)


def ref_unpk(a, b):
    """zone F on every digit; the rightmost byte has its halves swapped."""
    n1 = len(a)
    nb = nibbles(b)
    sign, last, rest = nb[-1], nb[-2], nb[:-2]
    rest = ([0] * 64 + rest)[-(n1 - 1):] if n1 > 1 else []
    return bytes([0xF0 | d for d in rest] + [(sign << 4) | last])


def ref_mvo(a, b):
    n1 = len(a)
    nb = nibbles(b)
    keep = a[-1] & 15
    nb = ([0] * 64 + nb)[-(2 * n1 - 1):]
    return bytes.fromhex("".join("%x" % d for d in nb) + "%x" % keep)


def ref_edit(pattern, source, mark, ea1):
    """EDIT from the PoO summary table, one pattern byte at a time."""
    out = bytearray(pattern)
    fill = pattern[0]
    sig = False
    nonzero = False
    src = iter(source)
    pending = None
    marked = None
    for i, p in enumerate(pattern):
        if p in (0x20, 0x21):
            plus = False
            if pending is not None:
                d, pending = pending, None
            else:
                byte = next(src)
                d = byte >> 4
                if d > 9:
                    return Result(L.PIC_DATA), None
                if (byte & 15) <= 9:
                    pending = byte & 15
                else:
                    plus = (byte & 15) in PLUS_CODES
            if sig or d:
                if not sig:
                    marked = i
                out[i] = 0xF0 | d
            else:
                out[i] = fill
            nonzero = nonzero or d != 0
            sig = (sig or d != 0 or p == 0x21) and not plus
        elif p == 0x22:
            out[i] = fill
            sig = False
            nonzero = False
        elif not sig:
            out[i] = fill
    cc = 0 if not nonzero else (1 if sig else 2)
    reg = (ea1 + marked) & 0xFFFFFF if (mark and marked is not None) else None
    return Result(0, bytes(out), cc), reg


# ------------------------------------------------------------------------------------
# harness
# ------------------------------------------------------------------------------------
MEMSIZE = 1 << 16
PREFIX = 0x8000


class Machine:
    def __init__(self, prefixed):
        self.S = np.zeros(L.STATE_SIZE, dtype=np.int64)
        self.S[L.MEMSIZE] = MEMSIZE
        self.S[L.PREFIX] = PREFIX if prefixed else 0
        self.mem = np.zeros(MEMSIZE, dtype=np.uint8)
        self.keys = np.zeros(MEMSIZE >> L.BLOCK_SHIFT, dtype=np.uint8)
        self.tlb = np.zeros(L.TLB_SIZE, dtype=np.int64)

    def _abs(self, real):
        p = int(self.S[L.PREFIX])
        if p and (real & 0xFFF000) == 0:
            return real | p
        if p and (real & 0xFFF000) == p:
            return real & 0xFFF
        return real

    def put(self, addr, data):
        for i, b in enumerate(data):
            self.mem[self._abs(addr + i)] = b

    def get(self, addr, n):
        return bytes(int(self.mem[self._abs(addr + i)]) for i in range(n))


def packed(n):
    """Mostly valid packed fields (many with leading zeros), some arbitrary bytes."""
    ndig = 2 * n - 1
    valid = st.builds(
        lambda k, v, s: encode_raw(v % 10 ** k if k else 0, s, n),
        st.integers(0, ndig), st.integers(0, 10 ** ndig - 1), st.integers(10, 15))
    return st.one_of(valid, valid, valid, st.binary(min_size=n, max_size=n))


def encode_raw(mag, sign, n):
    return bytes.fromhex("%0*d%x" % (2 * n - 1, mag, sign))


@st.composite
def two_operands(draw, max2=16):
    n1 = draw(st.integers(1, 16))
    n2 = draw(st.integers(1, max2))
    return draw(packed(n1)), draw(packed(n2))


# Operand placement: contiguous, or (with prefixing) across the 4K prefix
# boundary at real 1000 / 8000 so the byte-at-a-time path is exercised.
placement = st.one_of(st.just((False, 0x1000, 0x3000)),
                      st.builds(lambda x, y: (True, 0x1000 - x, 0x8000 - y),
                                st.integers(1, 15), st.integers(1, 15)))


def run_ss(place, op, a, b, l2=None, mask=False, cc_before=3):
    prefixed, ad1, ad2 = place
    m = Machine(prefixed)
    m.S[L.PSW_CC] = cc_before
    m.S[L.PSW_PM] = L.PM_DECIMAL_OVERFLOW if mask else 0
    m.put(ad1, a)
    m.put(ad2, b)
    pic = decimal_ss(m.S, m.mem, m.keys, m.tlb, op, ad1, len(a) - 1, ad2,
                     len(b) - 1 if l2 is None else l2)
    return m, pic


def check(m, ad1, a, pic, want, cc_before=3):
    assert pic == want.pic
    after = m.get(ad1, len(a))
    assert after == (want.op1 if want.op1 is not None else a), (after.hex(), want.op1)
    if want.cc is None:
        assert m.S[L.PSW_CC] == cc_before
    else:
        assert m.S[L.PSW_CC] == want.cc


# ------------------------------------------------------------------------------------
# properties
# ------------------------------------------------------------------------------------
@SETTINGS
@given(st.sampled_from([AP, SP, ZAP, CP]), two_operands(), st.booleans(), placement)
def test_add_sub_zap_cp(op, ops, mask, place):
    a, b = ops
    m, pic = run_ss(place, op, a, b, mask=mask)
    want = ref_arith(op, a, b, mask)
    if want.pic == L.PIC_DATA:
        want.cc = None
    check(m, place[1], a, pic, want)


@SETTINGS
@given(st.sampled_from([AP, SP, CP]), st.integers(1, 16).flatmap(packed), placement)
def test_same_field(op, a, place):
    prefixed, ad1, _ = place
    m = Machine(prefixed)
    m.S[L.PSW_CC] = 3
    m.put(ad1, a)
    pic = decimal_ss(m.S, m.mem, m.keys, m.tlb, op, ad1, len(a) - 1, ad1, len(a) - 1)
    want = ref_arith(op, a, a, False)
    if want.pic == L.PIC_DATA:
        want.cc = None
    check(m, ad1, a, pic, want)


@st.composite
def muldiv_operands(draw):
    n1 = draw(st.integers(1, 16))
    if draw(st.integers(0, 9)) == 0:        # sometimes a specification exception
        n2 = draw(st.integers(1, 16))
    else:
        n2 = draw(st.integers(1, max(1, min(8, n1 - 1))))
    return draw(packed(n1)), draw(packed(n2))


@SETTINGS
@given(st.sampled_from([MP, DP]), muldiv_operands(), placement)
def test_mp_dp(op, ops, place):
    a, b = ops
    m, pic = run_ss(place, op, a, b)
    want = ref_muldiv(op, a, b)
    check(m, place[1], a, pic, want)


@SETTINGS
@given(st.integers(1, 16).flatmap(lambda n: st.tuples(packed(n), st.just(n))),
       st.integers(0, 0xFFFFFF), st.one_of(st.integers(0, 9), st.integers(0, 15)),
       st.booleans(), placement)
def test_srp(an, addr, i3, mask, place):
    a, _ = an
    prefixed, ad1, _ = place
    m = Machine(prefixed)
    m.S[L.PSW_CC] = 3
    m.S[L.PSW_PM] = L.PM_DECIMAL_OVERFLOW if mask else 0
    m.put(ad1, a)
    pic = decimal_ss(m.S, m.mem, m.keys, m.tlb, SRP, ad1, len(a) - 1, addr, i3)
    want = ref_srp(a, addr, i3, mask)
    if want.pic == L.PIC_DATA:
        want.cc = None
    check(m, ad1, a, pic, want)


@SETTINGS
@given(st.sampled_from([PACK, UNPK, MVO]),
       st.integers(1, 16).flatmap(lambda n: st.binary(min_size=n, max_size=n)),
       st.integers(1, 16).flatmap(lambda n: st.binary(min_size=n, max_size=n)), placement)
def test_pack_unpk_mvo(op, a, b, place):
    m, pic = run_ss(place, op, a, b)
    assert pic == 0
    ref = {PACK: ref_pack, UNPK: ref_unpk, MVO: ref_mvo}[op](a, b)
    assert m.get(place[1], len(a)) == ref
    assert m.get(place[2], len(b)) == b
    assert m.S[L.PSW_CC] == 3


def ref_overlapped(op, buf, o1, n1, o2, n2):
    """Byte-at-a-time model on a bytearray: every result byte is stored as soon
    as the operand bytes it needs have been fetched (right to left)."""
    r1, r2 = o1 + n1 - 1, o2 + n2 - 1

    def src(j):                   # j-th byte of operand 2 from the right, 0 past its left end
        return buf[r2 - j] if j < n2 else 0

    if op == PACK:
        b = src(0)
        buf[r1] = ((b & 15) << 4) | (b >> 4)
        for i in range(1, n1):
            lo = src(2 * i - 1) & 15
            hi = src(2 * i) & 15
            buf[r1 - i] = (hi << 4) | lo
    elif op == UNPK:
        b = src(0)
        buf[r1] = ((b & 15) << 4) | (b >> 4)
        out = 1
        j = 1
        while out < n1:
            b = src(j)
            j += 1
            for nib in (b & 15, b >> 4):
                if out < n1:
                    buf[r1 - out] = 0xF0 | nib
                    out += 1
    else:
        keep = buf[r1] & 15
        prev = src(0)
        buf[r1] = ((prev & 15) << 4) | keep
        for i in range(1, n1):
            cur = src(i)
            buf[r1 - i] = ((cur & 15) << 4) | (prev >> 4)
            prev = cur


@SETTINGS
@given(st.sampled_from([PACK, UNPK, MVO]), st.binary(min_size=40, max_size=40),
       st.integers(0, 20), st.integers(1, 16), st.integers(0, 20), st.integers(1, 16))
def test_pack_unpk_mvo_overlapping(op, data, o1, n1, o2, n2):
    m = Machine(False)
    base = 0x1000
    m.put(base, data)
    pic = decimal_ss(m.S, m.mem, m.keys, m.tlb, op, base + o1, n1 - 1, base + o2, n2 - 1)
    assert pic == 0
    buf = bytearray(data)
    ref_overlapped(op, buf, o1, n1, o2, n2)
    assert m.get(base, 40) == bytes(buf)


@SETTINGS
@given(st.binary(min_size=8, max_size=8), packed(8), placement)
def test_cvb(raw, field, place):
    data = raw if raw[0] & 1 else field
    prefixed, ad1, _ = place
    m = Machine(prefixed)
    m.put(ad1, data)
    m.S[L.GPR + 7] = 0x5A5A5A5A
    pic = cvb(m.S, m.mem, m.keys, m.tlb, 7, ad1)
    valid, value, _ = decode(data)
    if not valid:
        assert pic == L.PIC_DATA
        assert m.S[L.GPR + 7] == 0x5A5A5A5A
        return
    assert m.S[L.GPR + 7] == value & 0xFFFFFFFF
    assert pic == (0 if -2 ** 31 <= value < 2 ** 31 else L.PIC_FIXED_DIVIDE)


@SETTINGS
@given(st.integers(0, 2 ** 32 - 1), placement)
def test_cvd_then_cvb(value, place):
    prefixed, ad1, _ = place
    m = Machine(prefixed)
    m.S[L.GPR + 2] = value
    assert cvd(m.S, m.mem, m.keys, m.tlb, 2, ad1) == 0
    signed = value - 2 ** 32 if value >= 2 ** 31 else value
    assert m.get(ad1, 8) == encode(abs(signed), signed < 0, 8)
    assert cvb(m.S, m.mem, m.keys, m.tlb, 3, ad1) == 0
    assert m.S[L.GPR + 3] == value


PATTERN_BYTES = st.sampled_from([0x20, 0x20, 0x20, 0x21, 0x22, 0x40, 0x4B, 0x6B, 0x5C, 0xC3])
SOURCE = st.one_of(
    st.binary(min_size=40, max_size=40),      # some invalid left digits
    st.lists(st.sampled_from([x for x in range(0xA0) if (x & 15) <= 9] * 3
                             + [x for x in range(0xA0) if (x & 15) > 9]),
             min_size=40, max_size=40))


@SETTINGS
@given(st.lists(PATTERN_BYTES, min_size=1, max_size=40), SOURCE, st.booleans(), placement)
def test_ed_edmk(pattern, source, mark, place):
    prefixed, ad1, ad2 = place
    m = Machine(prefixed)
    pattern, source = bytes(pattern), bytes(source)
    m.put(ad1, pattern)
    m.put(ad2, source)
    m.S[L.PSW_CC] = 3
    m.S[L.GPR + 1] = 0x77000000
    pic = decimal_ss(m.S, m.mem, m.keys, m.tlb, EDMK if mark else ED, ad1,
                     len(pattern) - 1, ad2, 0)
    want, reg = ref_edit(pattern, source, mark, ad1)
    if want.pic == L.PIC_DATA:
        want.cc = None
    check(m, ad1, pattern, pic, want)
    assert m.S[L.GPR + 1] == (0x77000000 | reg if reg is not None else 0x77000000)
