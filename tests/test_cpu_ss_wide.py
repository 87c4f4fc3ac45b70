"""Long and overlapping storage-to-storage operands, and the control instructions the run
loop executes inline (issue 13's fast paths).

The core moves, compares and combines long operands a word or a block at a time; the
architecture defines them byte by byte, left to right (GA22-7000 "MOVE (MVC)": "the
operands are processed left to right ... one byte at a time", so MVC 1(n,R),0(R)
propagates a byte; "AND (NC)", "COMPARE LOGICAL (CLC)", "TRANSLATE (TR)" likewise).  Every
expected value here comes from ``bytewise``, a direct model of that definition, over
operand lengths and overlaps on both sides of the word and block sizes the core uses.
"""

import random

import pytest

from test_cpu_general import ok

BASE = 0x2000          # both operands within one 2K block pair, DAT off, key 0
PATTERN = bytes((i * 37 + 11) & 0xFF for i in range(600))


def bytewise(op, data, d, s, n, table=None):
    """(storage after, cc or None) of ``op`` on a bytearray image, byte by byte."""
    m = bytearray(data)
    if op == "CLC":
        for i in range(n):
            if m[d + i] != m[s + i]:
                return m, (1 if m[d + i] < m[s + i] else 2)
        return m, 0
    nz = 0
    for i in range(n):
        x, y = m[d + i], m[s + i]
        if op == "MVC":
            v = y
        elif op == "NC":
            v = x & y
        elif op == "OC":
            v = x | y
        elif op == "XC":
            v = x ^ y
        elif op == "MVN":
            v = (x & 0xF0) | (y & 0x0F)
        elif op == "MVZ":
            v = (x & 0x0F) | (y & 0xF0)
        m[d + i] = v
        nz |= v
    return m, ((1 if nz else 0) if op in ("NC", "OC", "XC") else None)


def run_ss(op, d, s, n, image=PATTERN):
    r = ok(f" {op} 0({n},3),0(4)", regs={3: BASE + d, 4: BASE + s}, cc=3,
           storage=[(BASE, image)])
    return bytes(r.cpu.read(BASE, len(image))), r.cc


# destination minus source: overlaps inside a word, at a word, past a word, and apart
GAPS = [-9, -8, -7, -1, 0, 1, 2, 3, 7, 8, 9, 17, 40, 300]
LENGTHS = [1, 8, 9, 16, 17, 33, 200, 256]


@pytest.mark.parametrize("op", ["MVC", "NC", "OC", "XC", "MVN", "MVZ"])
@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("n", LENGTHS)
def test_overlapping_operands_as_byte_by_byte(op, gap, n):
    s = 20 if gap >= 0 else 20 - gap
    d = s + gap
    got, cc = run_ss(op, d, s, n)
    want, want_cc = bytewise(op, PATTERN, d, s, n)
    assert got == bytes(want)
    if want_cc is not None:
        assert cc == want_cc
    else:
        assert cc == 3                       # MVC, MVN, MVZ leave the condition code


@pytest.mark.parametrize("n", [9, 16, 17, 64, 256])
@pytest.mark.parametrize("at", [0, 1, 7, 8, 15, "last"])
@pytest.mark.parametrize("first_high", [False, True])
def test_clc_long_finds_first_difference_unsigned(n, at, first_high):
    pos = n - 1 if at == "last" else min(at, n - 1)
    img = bytearray(600)
    img[0:n] = PATTERN[:n]
    img[300:300 + n] = PATTERN[:n]
    # operand 1 high (X'F0' vs X'10': unsigned, so cc 2) or low; later bytes the other way
    img[pos], img[300 + pos] = (0xF0, 0x10) if first_high else (0x10, 0xF0)
    for i in range(pos + 1, n):
        img[i], img[300 + i] = (0x00, 0xFF) if first_high else (0xFF, 0x00)
    _, cc = run_ss("CLC", 0, 300, n, bytes(img))
    assert cc == bytewise("CLC", img, 0, 300, n)[1] == (2 if first_high else 1)


@pytest.mark.parametrize("n", [9, 256])
def test_clc_long_equal(n):
    img = PATTERN[:300] + PATTERN[:300]
    assert run_ss("CLC", 0, 300, n, img)[1] == 0


def test_xc_same_field_long_clears():
    got, cc = run_ss("XC", 10, 10, 256)
    assert got[10:266] == bytes(256) and got[:10] == PATTERN[:10] and cc == 0


def test_mvc_random_overlaps_match_model():
    rnd = random.Random(13)
    for _ in range(40):
        n = rnd.randint(1, 256)
        s = rnd.randint(0, 300)
        d = max(0, min(340, s + rnd.randint(-20, 20)))
        got, _ = run_ss("MVC", d, s, n)
        assert got == bytes(bytewise("MVC", PATTERN, d, s, n)[0]), (d, s, n)


def test_tr_long_with_table_overlapping_operand():
    """TR takes table bytes as they are when used: an operand byte already translated
    can be a table entry for a later one (left to right)."""
    img = bytearray(PATTERN[:600])
    table, first, n = 0, 100, 200           # operand 1 lies inside the table
    r = ok(f" TR 0({n},3),0(4)", regs={3: BASE + first, 4: BASE + table},
           storage=[(BASE, bytes(img))])
    want = bytearray(img)
    for i in range(n):
        want[first + i] = want[table + want[first + i]]
    assert bytes(r.cpu.read(BASE, 600)) == bytes(want)


def test_stctl_lctl_round_trip_16_crs():
    crs = {i: (0x01020304 * (i + 1)) & 0xFFFFFFFF for i in range(16)}
    crs[0] = 0                               # keep DAT and the external masks quiet
    crs[1] = 0
    r = ok(" STCTL 0,15,A\n LCTL 2,15,B\n STCTL 2,15,C",
           "A DS 16F\nB DC 14F'0'\nC DS 14F", crs=crs)
    assert [r.word(r.sym("A") + 4 * i) for i in range(16)] == [crs[i] for i in range(16)]
    assert r.mem("C", 56) == bytes(56)


def test_ipk_spka_stap_stpx_stidp_inline():
    r = ok(" SPKA X'50'\n IPK\n SPKA 0\n STAP A\n STPX B\n STIDP C",
           "A DC H'-1'\nB DC F'-1'\n DS 0D\nC DC D'-1'", regs={2: 0xAABBCC00})
    assert r.r(2) == 0xAABBCC50
    assert r.mem("A", 2) == bytes(2)        # CPU address 0
    assert r.mem("B", 4) == bytes(4)        # prefix 0
    assert r.mem("C", 8) == bytes.fromhex("0001234531580000")   # version 0, serial, model


def test_stpx_unaligned_is_specification():
    r = ok(" STPX A\n", "A DC F'0'")
    assert r.mem("A", 4) == bytes(4)
    bad = __import__("test_cpu_general").run(" STPX A+1", "A DC 2F'0'")
    bad.pgm(0x0006, 2, "EXIT")
