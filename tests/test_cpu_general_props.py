"""Property tests: general instructions against an independent plain-integer reference.

The reference below is written from GA22-7000 (System/370 Principles of Operation) rules
and the condition-code table of /work/shared/spec/cpu.md section 3: signed arithmetic on
Python ints with explicit range checks, "carry" for the logical instructions, and the
shifts done one bit at a time as the PoO describes them.  Each example runs one
instruction (hand-encoded) followed by SVC 255 on a shared CPU; the condition code and
any program interruption are read from the old PSWs (BC mode).
"""

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from s370.cpu import layout as L
from s370.cpu import CPU

M32 = 0xFFFFFFFF
M64 = (1 << 64) - 1
ORIGIN = 0x1000
OPND = 0x800                       # storage operand, addressed as D2 = X'800' with X2 = B2 = 0
PGM_WAIT, SVC_WAIT = 0xF00, 0xF10
EDGES = [0, 1, 2, 3, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFE,
         0x40000000, 0xC0000000, 0x0000FFFF, 0xFFFF0000, 0x00008000, 0xFFFF8000, 0x00007FFF]

words = st.one_of(st.integers(0, M32), st.sampled_from(EDGES))
halves = st.one_of(st.integers(0, 0xFFFF), st.sampled_from([0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x8001]))
SETTINGS = settings(max_examples=250, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- machine

def bc_psw(ia, wait=False, cc=0, pm=0):
    return bytes([0, 0x02 if wait else 0, 0, 0, (cc << 4) | pm]) + ia.to_bytes(3, "big")


_CPU = None


def cpu():
    global _CPU
    if _CPU is None:
        _CPU = CPU(memsize=1 << 16)
        _CPU.load(L.LOC_PGM_NEW, bc_psw(PGM_WAIT, wait=True))
        _CPU.load(L.LOC_SVC_NEW, bc_psw(SVC_WAIT, wait=True))
    return _CPU


def execute(inst, regs, operand=b"", pm=0, cc=0):
    """Run ``inst`` then SVC 255.  Returns (kind, code, cc, gprs, operand bytes after)."""
    c = cpu()
    c.load(ORIGIN, bytes(inst) + b"\x0A\xFF")
    if operand:
        c.load(OPND, operand)
    for r in range(16):
        c.set_gpr(r, regs.get(r, 0))
    assert c.set_psw(bc_psw(ORIGIN, cc=cc, pm=pm))
    c.run(20)
    if c.ia == SVC_WAIT:
        old = c.read(L.LOC_SVC_OLD, 8)
        kind = "done"
        assert int.from_bytes(old[5:8], "big") == ORIGIN + len(inst) + 2
    else:
        assert c.ia == PGM_WAIT, f"ran away: ia={c.ia:X}"
        old = c.read(L.LOC_PGM_OLD, 8)
        kind = "pgm"
    code = int.from_bytes(old[2:4], "big")
    return kind, code, (old[4] >> 4) & 3, c.gprs, c.read(OPND, len(operand)) if operand else b""


def rr(op, r1, r2):
    return bytes([op, (r1 << 4) | r2])


def rx(op, r1, d2=OPND, x2=0, b2=0):
    return bytes([op, (r1 << 4) | x2, (b2 << 4) | (d2 >> 8), d2 & 0xFF])


rs = rx          # same byte layout: op, r1|r3 (or mask), b2|d2


def si(op, i2, d1=OPND):
    return bytes([op, i2, d1 >> 8, d1 & 0xFF])


# --------------------------------------------------------------------------- reference

def sgn(x, bits=32):
    return x - (1 << bits) if x >> (bits - 1) else x


def cc_sign(v):
    return 0 if v == 0 else (1 if v < 0 else 2)


def fits32(v):
    return -(1 << 31) <= v < (1 << 31)


def ref_signed(v):
    """(result image, cc, overflow) of a signed result v."""
    return v & M32, (cc_sign(v) if fits32(v) else 3), not fits32(v)


def ref_add_logical(a, b):
    t = a + b
    res = t & M32
    return res, 2 * (t >> 32) + (res != 0)


def ref_sub_logical(a, b):
    # carry out of the complement addition <=> no borrow <=> a >= b
    res = (a - b) & M32
    return res, 2 * (a >= b) + (res != 0)


def ref_compare(x, y):
    return 0 if x == y else (1 if x < y else 2)


def ref_binary(name, a, b):
    """(result or None, cc, overflow) for the two-operand RR/RX operations."""
    if name in ("A", "AH"):
        return ref_signed(sgn(a) + sgn(b))
    if name in ("S", "SH"):
        return ref_signed(sgn(a) - sgn(b))
    if name == "AL":
        return (*ref_add_logical(a, b), False)
    if name == "SL":
        return (*ref_sub_logical(a, b), False)
    if name in ("C", "CH"):
        return None, ref_compare(sgn(a), sgn(b)), False
    if name == "CL":
        return None, ref_compare(a, b), False
    res = {"N": a & b, "O": a | b, "X": a ^ b}[name]
    return res, int(res != 0), False


RR_OPS = {"AR": (0x1A, "A"), "SR": (0x1B, "S"), "ALR": (0x1E, "AL"), "SLR": (0x1F, "SL"),
          "CR": (0x19, "C"), "CLR": (0x15, "CL"), "NR": (0x14, "N"), "OR": (0x16, "O"),
          "XR": (0x17, "X")}
RX_OPS = {"A": 0x5A, "S": 0x5B, "AL": 0x5E, "SL": 0x5F, "C": 0x59, "CL": 0x55, "N": 0x54,
          "O": 0x56, "X": 0x57}


# --------------------------------------------------------------------------- RR / RX

@SETTINGS
@given(st.sampled_from(sorted(RR_OPS)), words, words, st.booleans())
def test_rr_binary(mn, a, b, same):
    op, name = RR_OPS[mn]
    r2 = 2 if same else 3
    if same:
        b = a
    res, cc, _ = ref_binary(name, a, b)
    kind, _, got_cc, g, _ = execute(rr(op, 2, r2), {2: a, 3: b}, cc=3 if cc != 3 else 0)
    assert kind == "done"
    assert got_cc == cc
    assert g[2] == (a if res is None else res)


@SETTINGS
@given(st.sampled_from(sorted(RX_OPS)), words, words)
def test_rx_binary(mn, a, b):
    res, cc, _ = ref_binary(mn, a, b)
    kind, _, got_cc, g, mem = execute(rx(RX_OPS[mn], 1), {1: a}, b.to_bytes(4, "big"))
    assert kind == "done" and got_cc == cc
    assert g[1] == (a if res is None else res)
    assert mem == b.to_bytes(4, "big")


@SETTINGS
@given(st.sampled_from(["AH", "SH", "CH", "LH", "MH"]), words, halves, st.integers(0, 3))
def test_rx_halfword(mn, a, h, cc0):
    hv = sgn(h, 16)
    op = {"AH": 0x4A, "SH": 0x4B, "CH": 0x49, "LH": 0x48, "MH": 0x4C}[mn]
    kind, _, cc, g, _ = execute(rx(op, 1), {1: a}, h.to_bytes(2, "big"), cc=cc0)
    assert kind == "done"
    if mn == "LH":
        assert (g[1], cc) == (hv & M32, cc0)
    elif mn == "MH":
        assert (g[1], cc) == ((sgn(a) * hv) & M32, cc0)
    else:
        res, want_cc, _ = ref_binary(mn, a, hv & M32)
        assert cc == want_cc
        assert g[1] == (a if res is None else res)


@SETTINGS
@given(st.sampled_from(["LPR", "LNR", "LCR", "LTR", "LR"]), words, st.integers(0, 3))
def test_rr_unary(mn, b, cc0):
    v = sgn(b)
    op = {"LPR": 0x10, "LNR": 0x11, "LTR": 0x12, "LCR": 0x13, "LR": 0x18}[mn]
    kind, _, cc, g, _ = execute(rr(op, 1, 3), {3: b}, cc=cc0)
    assert kind == "done"
    if mn == "LR":
        assert (g[1], cc) == (b, cc0)
        return
    res = {"LPR": abs(v), "LNR": -abs(v), "LCR": -v, "LTR": v}[mn]
    want, want_cc, _ = ref_signed(res)
    assert (g[1], cc) == (want, want_cc)


@SETTINGS
@given(st.sampled_from(["AR", "SR", "LCR", "LPR", "A", "S"]), words, words)
def test_overflow_interrupt_iff_overflow(mn, a, b):
    if mn in ("AR", "SR"):
        inst, regs, mem = rr(RR_OPS[mn][0], 2, 3), {2: a, 3: b}, b""
        res, cc, over = ref_binary(RR_OPS[mn][1], a, b)
    elif mn in ("A", "S"):
        inst, regs, mem = rx(RX_OPS[mn], 2), {2: a}, b.to_bytes(4, "big")
        res, cc, over = ref_binary(mn, a, b)
    else:
        inst, regs, mem = rr(0x13 if mn == "LCR" else 0x10, 2, 3), {3: b}, b""
        res, cc, over = ref_signed(-sgn(b) if mn == "LCR" else abs(sgn(b)))
    kind, code, got_cc, g, _ = execute(inst, regs, mem, pm=L.PM_FIXED_OVERFLOW)
    assert (kind == "pgm") == over
    if over:
        assert code == L.PIC_FIXED_OVERFLOW
    assert got_cc == cc and g[2] == res


# --------------------------------------------------------------------------- multiply / divide

@SETTINGS
@given(words, words, words, st.booleans())
def test_multiply(hi, lo, m, storage):
    prod = (sgn(lo) * sgn(m)) & M64
    if storage:
        kind, _, cc, g, _ = execute(rx(0x5C, 2), {2: hi, 3: lo}, m.to_bytes(4, "big"), cc=1)
    else:
        kind, _, cc, g, _ = execute(rr(0x1C, 2, 5), {2: hi, 3: lo, 5: m}, cc=1)
    assert kind == "done" and cc == 1
    assert (g[2], g[3]) == (prod >> 32, prod & M32)


def ref_divide(hi, lo, d):
    dividend = sgn((hi << 32) | lo, 64)
    divisor = sgn(d)
    if divisor == 0:
        return None
    q = abs(dividend) // abs(divisor)
    if (dividend < 0) != (divisor < 0):
        q = -q
    rem = dividend - q * divisor
    if not fits32(q):
        return None
    return rem & M32, q & M32


small = st.integers(-(1 << 40), 1 << 40).map(lambda v: v & M64)


@SETTINGS
@given(st.one_of(st.tuples(words, words), small.map(lambda v: (v >> 32, v & M32))), words,
       st.booleans())
def test_divide(dividend, d, storage):
    hi, lo = dividend
    want = ref_divide(hi, lo, d)
    if storage:
        kind, code, cc, g, _ = execute(rx(0x5D, 2), {2: hi, 3: lo}, d.to_bytes(4, "big"), cc=2)
    else:
        kind, code, cc, g, _ = execute(rr(0x1D, 2, 5), {2: hi, 3: lo, 5: d}, cc=2)
    assert cc == 2
    if want is None:
        assert kind == "pgm" and code == L.PIC_FIXED_DIVIDE
        assert (g[2], g[3]) == (hi, lo)                  # suppressed
    else:
        assert kind == "done"
        assert (g[2], g[3]) == want


# --------------------------------------------------------------------------- shifts

def ref_shift(mn, hi, lo, n):
    """Shift one bit at a time.  Returns (hi, lo, cc or None, overflow)."""
    double = mn in ("SLDL", "SRDL", "SLDA", "SRDA")
    bits = 64 if double else 32
    v = ((hi << 32) | lo) if double else hi
    mask = (1 << bits) - 1
    sign = v >> (bits - 1)
    over = False
    for _ in range(n):
        if mn in ("SLL", "SLDL"):
            v = (v << 1) & mask
        elif mn in ("SRL", "SRDL"):
            v >>= 1
        elif mn in ("SRA", "SRDA"):
            v = (v >> 1) | (sign << (bits - 1))
        else:                                   # SLA SLDA: bits 1.. move left, sign stays
            if (v >> (bits - 2)) & 1 != sign:
                over = True
            v = (sign << (bits - 1)) | ((v << 1) & ((1 << (bits - 1)) - 1))
    cc = None
    if mn in ("SRA", "SRDA", "SLA", "SLDA"):
        cc = 3 if over else cc_sign(sgn(v, bits))
    if double:
        return v >> 32, v & M32, cc, over
    return v, lo, cc, over


SHIFTS = {"SRL": 0x88, "SLL": 0x89, "SRA": 0x8A, "SLA": 0x8B,
          "SRDL": 0x8C, "SLDL": 0x8D, "SRDA": 0x8E, "SLDA": 0x8F}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SHIFTS)), words, words,
       st.one_of(st.integers(0, 63), st.sampled_from([0, 1, 31, 32, 33, 62, 63])),
       st.integers(0, 63), st.integers(0, 3))
def test_shifts(mn, hi, lo, n, high, cc0):
    d2 = (high << 6) | n                      # only the low 6 bits of the address count
    want_hi, want_lo, want_cc, over = ref_shift(mn, hi, lo, n)
    kind, _, cc, g, _ = execute(rs(SHIFTS[mn], 2, d2), {2: hi, 3: lo}, cc=cc0)
    assert kind == "done"
    assert (g[2], g[3]) == (want_hi, want_lo)
    assert cc == (cc0 if want_cc is None else want_cc)


@SETTINGS
@given(st.sampled_from(["SLA", "SLDA"]), words, words, st.integers(0, 63))
def test_shift_overflow_interrupt(mn, hi, lo, n):
    want_hi, want_lo, want_cc, over = ref_shift(mn, hi, lo, n)
    kind, code, cc, g, _ = execute(rs(SHIFTS[mn], 2, n), {2: hi, 3: lo}, pm=L.PM_FIXED_OVERFLOW)
    assert (kind == "pgm") == over and cc == want_cc
    if over:
        assert code == L.PIC_FIXED_OVERFLOW
    assert (g[2], g[3]) == (want_hi, want_lo)


# --------------------------------------------------------------------------- SI, masks

@SETTINGS
@given(st.sampled_from(["TM", "CLI", "NI", "OI", "XI"]), st.integers(0, 255), st.integers(0, 255))
def test_si(mn, byte, imm):
    op = {"TM": 0x91, "CLI": 0x95, "NI": 0x94, "OI": 0x96, "XI": 0x97}[mn]
    kind, _, cc, _, mem = execute(si(op, imm), {}, bytes([byte]))
    assert kind == "done"
    if mn == "TM":
        sel = byte & imm
        assert cc == (0 if sel == 0 else (3 if sel == imm else 1)) and mem[0] == byte
    elif mn == "CLI":
        assert cc == ref_compare(byte, imm) and mem[0] == byte
    else:
        res = {"NI": byte & imm, "OI": byte | imm, "XI": byte ^ imm}[mn]
        assert mem[0] == res and cc == int(res != 0)


@SETTINGS
@given(st.integers(0, 15), words, st.binary(min_size=4, max_size=4), st.integers(0, 3))
def test_icm_stcm_clm(mask, reg, data, cc0):
    pos = [i for i in range(4) if mask & (8 >> i)]
    regb = reg.to_bytes(4, "big")
    # ICM
    new = bytearray(regb)
    for k, i in enumerate(pos):
        new[i] = data[k]
    ins = data[:len(pos)]
    want_cc = 0 if not any(ins) else (1 if ins[0] & 0x80 else 2)
    kind, _, cc, g, _ = execute(bytes([0xBF, 0x10 | mask, 0x08, 0x00]), {1: reg}, data, cc=cc0)
    assert kind == "done" and (g[1], cc) == (int.from_bytes(new, "big"), want_cc)
    # STCM
    kind, _, cc, g, mem = execute(bytes([0xBE, 0x10 | mask, 0x08, 0x00]), {1: reg}, data, cc=cc0)
    assert kind == "done" and cc == cc0
    assert mem == bytes(regb[i] for i in pos) + data[len(pos):]
    # CLM
    sel = bytes(regb[i] for i in pos)
    kind, _, cc, g, _ = execute(bytes([0xBD, 0x10 | mask, 0x08, 0x00]), {1: reg}, data, cc=cc0)
    assert kind == "done" and cc == ref_compare(sel, data[:len(pos)])


# --------------------------------------------------------------------------- BXH / BXLE

@SETTINGS
@given(st.sampled_from(["BXH", "BXLE"]), st.sampled_from([(1, 2), (1, 3), (2, 2), (3, 3), (3, 2), (4, 4)]),
       words, words, words)
def test_bxh_bxle(mn, regs13, v1, v3, v4):
    r1, r3 = regs13
    regs = {r1: v1}
    regs[r3] = v3
    if r3 % 2 == 0:
        regs[r3 + 1] = v4
    comp = sgn(regs[r3 | 1])               # compare value: odd register of the R3 pair
    total = sgn((regs[r1] + regs[r3]) & M32)
    taken = total > comp if mn == "BXH" else total <= comp
    # branch target = 6(12), GR12 = ORIGIN: the second SVC
    inst = bytes([0x86 if mn == "BXH" else 0x87, (r1 << 4) | r3, 0xC0, 0x06])
    c = cpu()
    # program: BX* ; SVC 1 ; SVC 255   (taken -> SVC 255 at ORIGIN+6)
    c.load(ORIGIN, inst + b"\x0A\x01\x0A\xFF")
    for r in range(16):
        c.set_gpr(r, regs.get(r, 0))
    c.set_gpr(12, ORIGIN)
    assert c.set_psw(bc_psw(ORIGIN))
    c.run(10)
    svc = c.read(L.LOC_SVC_OLD + 3, 1)[0]
    assert svc == (0xFF if taken else 0x01)
    assert c.get_gpr(r1) == (total & M32)
