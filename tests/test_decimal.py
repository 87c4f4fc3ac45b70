"""Decimal instructions: PoO examples and hand-derived vectors for every
exception path and condition code.

Expected values come from GA22-7000 (S/370 Principles of Operation): the
Appendix A examples (DP, MP, SRP, ED, EDMK, MVO) and the instruction
definitions in "Decimal Instructions", worked out by hand.
"""

import numpy as np
import pytest

from s370.cpu import layout as L
from s370.cpu.entrypoints import decimal_ss, cvb, cvd

SRP, MVO, PACK, UNPK = 0xF0, 0xF1, 0xF2, 0xF3
ZAP, CP, AP, SP, MP, DP = 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD
ED, EDMK = 0xDE, 0xDF


class Machine:
    """Bare CPU state + storage as the compiled core sees it (BC mode, key 0)."""

    def __init__(self, size=1 << 16):
        self.S = np.zeros(L.STATE_SIZE, dtype=np.int64)
        self.S[L.MEMSIZE] = size
        self.mem = np.zeros(size, dtype=np.uint8)
        self.keys = np.zeros(size >> L.BLOCK_SHIFT, dtype=np.uint8)
        self.tlb = np.zeros(L.TLB_SIZE, dtype=np.int64)

    def _abs(self, real):
        p = int(self.S[L.PREFIX])
        if p and (real & 0xFFF000) == 0:
            return real | p
        if p and (real & 0xFFF000) == p:
            return real & 0xFFF
        return real

    def put(self, addr, hexstr):
        for i, b in enumerate(bytes.fromhex(hexstr.replace(" ", ""))):
            self.mem[self._abs(addr + i)] = b

    def get(self, addr, n):
        return bytes(int(self.mem[self._abs(addr + i)]) for i in range(n)).hex().upper()

    def ss(self, op, a1, l1, a2, l2):
        return decimal_ss(self.S, self.mem, self.keys, self.tlb, op, a1, l1, a2, l2)

    @property
    def cc(self):
        return int(self.S[L.PSW_CC])


@pytest.fixture
def m():
    return Machine()


def h(s):
    return s.replace(" ", "").upper()


# ---------------------------------------------------------------------------------
# AP / SP / ZAP / CP
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("op,a,b,res,cc", [
    (AP, "0123456C", "999D", "0122457C", 2),
    (AP, "0000001D", "1C", "0000000C", 0),          # -1 + 1 = +0
    (AP, "0000005D", "3D", "0000008D", 1),
    (AP, "0000005F", "3A", "0000008C", 2),          # any plus code in, C out
    (AP, "00003B", "9E", "00006C", 2),              # -3 + 9, B and E signs
    (SP, "0000005C", "7C", "0000002D", 1),
    (SP, "0000005D", "5D", "0000000C", 0),
    (SP, "100C", "00000000000000001C", "099C", 2),   # long second operand, no overflow
    (ZAP, "FFFFFFFF", "123D", "0000123D", 1),       # first operand not checked
    (ZAP, "FFFF", "0000000D", "000C", 0),           # -0 becomes +0
    (ZAP, "FF", "0F", "0C", 0),
    (ZAP, "0000", "00000012345C", "345C", 3),       # overflow: truncated
])
def test_add_subtract_zap(m, op, a, b, res, cc):
    m.put(0x1000, a)
    m.put(0x2000, b)
    pic = m.ss(op, 0x1000, len(h(a)) // 2 - 1, 0x2000, len(h(b)) // 2 - 1)
    assert pic == 0
    assert m.get(0x1000, len(h(a)) // 2) == h(res)
    assert m.cc == cc


@pytest.mark.parametrize("op,a,b,res", [
    (AP, "999C", "1C", "000C"),
    (AP, "999D", "1D", "000D"),     # zero after overflow keeps the sign of the true sum
    (SP, "999D", "001C", "000D"),
    (AP, "5C", "5C", "0C"),
    (ZAP, "0C", "010D", "0D"),      # ZAP overflow: sign of the second operand
])
def test_decimal_overflow(m, op, a, b, res):
    for mask, want_pic in ((0, 0), (L.PM_DECIMAL_OVERFLOW, L.PIC_DECIMAL_OVERFLOW)):
        m.S[L.PSW_PM] = mask
        m.put(0x1000, a)
        m.put(0x2000, b)
        pic = m.ss(op, 0x1000, len(h(a)) // 2 - 1, 0x2000, len(h(b)) // 2 - 1)
        assert pic == want_pic
        assert m.get(0x1000, len(h(a)) // 2) == h(res)
        assert m.cc == 3


def test_ap_same_field_adds_to_itself(m):
    m.put(0x1000, "00 12 3D")
    assert m.ss(AP, 0x1000, 2, 0x1000, 2) == 0
    assert m.get(0x1000, 3) == "00246D"
    assert m.cc == 1


def test_sp_same_field_clears_to_plus_zero(m):
    m.put(0x1000, "12 34 5D")
    assert m.ss(SP, 0x1000, 2, 0x1000, 2) == 0
    assert m.get(0x1000, 3) == "00000C"
    assert m.cc == 0


def test_zap_overlap_first_operand_to_the_right(m):
    # ZAP may overlap when op1's rightmost byte is at or right of op2's.
    m.put(0x1000, "12 3D 99 99")
    assert m.ss(ZAP, 0x1000, 3, 0x1000, 1) == 0
    assert m.get(0x1000, 4) == "0000123D"


@pytest.mark.parametrize("a,b,cc", [
    ("0C", "0D", 0),            # +0 == -0
    ("000D", "0C", 0),
    ("5C", "3D", 2),
    ("3D", "5C", 1),
    ("3D", "5D", 2),            # -3 > -5
    ("5D", "3D", 1),
    ("00012C", "012F", 0),
    ("012C", "00013C", 1),
    ("123456789012345678901234567890 1C".replace(" ", ""), "9C", 2),
])
def test_cp(m, a, b, cc):
    m.put(0x1000, a)
    m.put(0x2000, b)
    assert m.ss(CP, 0x1000, len(a) // 2 - 1, 0x2000, len(b) // 2 - 1) == 0
    assert m.cc == cc
    assert m.get(0x1000, len(a) // 2) == a.upper()


@pytest.mark.parametrize("op", [AP, SP, CP, MP, DP])
@pytest.mark.parametrize("a,b", [
    ("00A0000C", "1C"),         # invalid digit, first operand
    ("0000001C", "A1"),         # invalid digit in second operand
    ("00000015", "1C"),         # invalid sign (digit code in sign position)
    ("0000001C", "19"),
])
def test_data_exception_leaves_operands(m, op, a, b):
    m.S[L.PSW_CC] = 3
    m.put(0x1000, a)
    m.put(0x2000, b)
    assert m.ss(op, 0x1000, 3, 0x2000, 0) == L.PIC_DATA
    assert m.get(0x1000, 4) == a
    assert m.cc == 3


def test_zap_checks_only_second_operand(m):
    m.put(0x1000, "AAAA")
    m.put(0x2000, "1A2C")
    assert m.ss(ZAP, 0x1000, 1, 0x2000, 1) == L.PIC_DATA
    assert m.get(0x1000, 2) == "AAAA"
    m.put(0x2000, "0123")
    assert m.ss(ZAP, 0x1000, 1, 0x2000, 1) == L.PIC_DATA


# ---------------------------------------------------------------------------------
# MP / DP
# ---------------------------------------------------------------------------------
def test_mp_poo_example(m):
    # GA22-7000 App. A: multiplicand 38 46 0D (with two leading zero bytes), multiplier 32 1D
    m.put(0x1200, "00 00 38 46 0D")
    m.put(0x500, "32 1D")
    m.S[L.PSW_CC] = 1
    assert m.ss(MP, 0x1200, 4, 0x500, 1) == 0
    assert m.get(0x1200, 5) == "012345660C"
    assert m.cc == 1                     # CC unchanged


@pytest.mark.parametrize("a,b,res", [
    ("000C", "0D", "000D"),               # sign by the rules of algebra even for zero
    ("00 0D".replace(" ", ""), "0D", "000C"),
    ("0000999C", "9C", "0008991C"),
    ("00" * 8 + "%015dC" % (10**15 - 1), "%015dC" % (10**15 - 1), "%031dC" % ((10**15 - 1) ** 2)),
])
def test_mp_vectors(m, a, b, res):
    m.put(0x1000, a)
    m.put(0x2000, b)
    assert m.ss(MP, 0x1000, len(a) // 2 - 1, 0x2000, len(b) // 2 - 1) == 0
    assert m.get(0x1000, len(a) // 2) == res


def test_mp_needs_leading_zero_bytes(m):
    # multiplicand must have zeros in as many leftmost bytes as the multiplier has bytes
    m.put(0x1000, "00 12 3C")
    m.put(0x2000, "01 0C")
    assert m.ss(MP, 0x1000, 2, 0x2000, 1) == L.PIC_DATA
    assert m.get(0x1000, 3) == "00123C"
    m.put(0x1000, "00 01 3C")
    assert m.ss(MP, 0x1000, 2, 0x2000, 1) == L.PIC_DATA
    m.put(0x1000, "00 00 3C")
    assert m.ss(MP, 0x1000, 2, 0x2000, 1) == 0
    assert m.get(0x1000, 3) == "00030C"


@pytest.mark.parametrize("op", [MP, DP])
@pytest.mark.parametrize("l1,l2", [(15, 8), (9, 8), (3, 3), (2, 5), (0, 0)])
def test_mp_dp_specification(m, op, l1, l2):
    m.put(0x1000, "00" * 15 + "1C")
    m.put(0x2000, "00" * 8 + "1C")
    assert m.ss(op, 0x1000, l1, 0x2000, l2) == L.PIC_SPECIFICATION
    assert m.get(0x1000, 16) == "00" * 15 + "1C"


def test_specification_before_access(m):
    # the length check is on the instruction, before any operand is touched
    assert m.ss(MP, 0xFFF0000, 3, 0x2000, 3) == L.PIC_SPECIFICATION


def test_dp_poo_example(m):
    # GA22-7000 App. A: 01 23 45 67 8C / 32 1D -> quotient 38 46 0D, remainder 01 8C
    m.put(0x2000, "01 23 45 67 8C")
    m.put(0x3000, "32 1D")
    assert m.ss(DP, 0x2000, 4, 0x3000, 1) == 0
    assert m.get(0x2000, 5) == "38460D018C"


def test_dp_poo_example_quotient_too_long(m):
    # same dividend by the one-byte field at 3001 (1D): decimal divide, nothing changed
    m.put(0x2000, "01 23 45 67 8C")
    m.put(0x3000, "32 1D")
    assert m.ss(DP, 0x2000, 4, 0x3001, 0) == L.PIC_DECIMAL_DIVIDE
    assert m.get(0x2000, 5) == "012345678C"


@pytest.mark.parametrize("a,b,res", [
    ("006D", "3C", "2D0D"),               # remainder -0 keeps the dividend sign
    ("001C", "3D", "0D1C"),               # quotient -0
    ("000000070C", "007C", "00010C000C"),
    ("045C", "9D", "5D0C"),
])
def test_dp_vectors(m, a, b, res):
    m.put(0x1000, a)
    m.put(0x2000, b)
    assert m.ss(DP, 0x1000, len(a) // 2 - 1, 0x2000, len(b) // 2 - 1) == 0
    assert m.get(0x1000, len(a) // 2) == res


@pytest.mark.parametrize("a,b", [
    ("0012345C", "0C"),        # divisor zero
    ("0012345C", "0D"),
    ("100C", "1C"),            # no leading zero in the dividend
])
def test_dp_divide_exception(m, a, b):
    n1, n2 = len(a) // 2, len(b) // 2
    m.put(0x1000, a)
    m.put(0x2000, b)
    pic = m.ss(DP, 0x1000, n1 - 1, 0x2000, n2 - 1)
    assert pic == L.PIC_DECIMAL_DIVIDE
    assert m.get(0x1000, n1) == a


def test_dp_boundary_of_quotient_field(m):
    # 2-byte dividend, 1-byte divisor: one quotient byte = 1 digit
    m.put(0x1000, "099C")
    m.put(0x2000, "9C")
    assert m.ss(DP, 0x1000, 1, 0x2000, 0) == L.PIC_DECIMAL_DIVIDE     # 99/9 = 11
    m.put(0x2000, "1C")
    assert m.ss(DP, 0x1000, 1, 0x2000, 0) == L.PIC_DECIMAL_DIVIDE
    m.put(0x1000, "089C")
    m.put(0x2000, "9C")
    assert m.ss(DP, 0x1000, 1, 0x2000, 0) == 0                       # 89/9 = 9 r 8
    assert m.get(0x1000, 2) == "9C8C"


def test_dp_long_dividend(m):
    # 31-digit dividend by 15-digit divisor
    a = 1234567890123456789012345678901
    d = 987654321098765
    m.put(0x1000, "%031dD" % a)
    m.put(0x2000, "%015dC" % d)
    assert m.ss(DP, 0x1000, 15, 0x2000, 7) == L.PIC_DECIMAL_DIVIDE   # quotient needs 17 digits > 15
    m.put(0x1000, "%031dD" % (a // 100000))
    assert m.ss(DP, 0x1000, 15, 0x2000, 7) == 0
    q, r = divmod(a // 100000, d)
    assert m.get(0x1000, 16) == ("%015dD" % q) + ("%015dD" % r)


# ---------------------------------------------------------------------------------
# SRP
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("field,shift,i3,res,cc", [
    ("00 01 23 45 67 8C", 3, 0, "12 34 56 78 00 0C", 2),      # PoO: decimal left shift
    ("01 23 45 67 8C", 64 - 1, 0, "00 12 34 56 7C", 2),       # PoO: right shift
    ("12 39 60 0C", 64 - 3, 5, "00 01 24 0C", 2),             # PoO: right shift and round
    ("12 34 5D", 64 - 5, 5, "00 00 0C", 0),                   # result 0 is made plus
    ("12 34 5D", 64 - 4, 5, "00 00 1D", 1),
    ("99 99 9C", 64 - 1, 5, "10 00 0C", 2),                   # rounding carry, no overflow
    ("12 34 5F", 0, 0, "12 34 5C", 2),                        # no shift: preferred sign
    ("00 00 0B", 0, 9, "00 00 0C", 0),
    ("12 34 5C", 64 - 32, 9, "00 00 0C", 0),                  # 32 right
    ("00 00 1C", 4, 0, "10 00 0C", 2),
    ("12 34 5D", 0x12345640 | 1, 0, "23 45 0D", 3),           # only bits 26-31 count; overflow
])
def test_srp(m, field, shift, i3, res, cc):
    f = h(field)
    m.put(0x1000, f)
    assert m.ss(SRP, 0x1000, len(f) // 2 - 1, shift, i3) == 0
    assert m.get(0x1000, len(f) // 2) == h(res)
    assert m.cc == cc


def test_srp_overflow_interrupt_and_sign(m):
    m.S[L.PSW_PM] = L.PM_DECIMAL_OVERFLOW
    m.put(0x1000, "50 0D")
    assert m.ss(SRP, 0x1000, 1, 1, 0) == L.PIC_DECIMAL_OVERFLOW
    assert m.get(0x1000, 2) == "000D"     # overflow: original sign kept even for zero
    assert m.cc == 3
    m.put(0x1000, "00 5D")
    assert m.ss(SRP, 0x1000, 1, 31, 0) == L.PIC_DECIMAL_OVERFLOW
    assert m.get(0x1000, 2) == "000D"


def test_srp_data_exceptions(m):
    m.put(0x1000, "12 3C")
    assert m.ss(SRP, 0x1000, 1, 1, 10) == L.PIC_DATA      # invalid rounding digit, even on a left shift
    assert m.ss(SRP, 0x1000, 1, 0, 15) == L.PIC_DATA
    m.put(0x1000, "1A 3C")
    assert m.ss(SRP, 0x1000, 1, 0, 0) == L.PIC_DATA       # checked even with no shift
    assert m.get(0x1000, 2) == "1A3C"


# ---------------------------------------------------------------------------------
# PACK / UNPK / MVO
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("op,a,b,res", [
    (PACK, "00 00 00", "F1 F2 F3 F4 C5", "12 34 5C"),
    (PACK, "FF FF FF FF", "F1 D2", "00 00 01 2D"),
    (PACK, "FF FF", "F1 F2 F3 F4 F5 F6 C7", "56 7C"),
    (PACK, "FF", "12 34", "43"),                     # zones and sign not checked
    (UNPK, "00 00 00 00 00", "12 34 5C", "F1 F2 F3 F4 C5"),
    (UNPK, "00 00 00", "12 34 5C", "F3 F4 C5"),
    (UNPK, "00 00 00 00 00 00", "1D", "F0 F0 F0 F0 F0 D1"),
    (UNPK, "00 00", "AB", "F0 BA"),
    (MVO, "77 88 99 0C", "12 34 56", "01 23 45 6C"),   # PoO example
    (MVO, "77 88 99 0C", "12 34 56 78 9A", "45 67 89 AC"),
    (MVO, "FF 0D", "01", "00 1D"),
])
def test_pack_unpk_mvo(m, op, a, b, res):
    a, b, res = h(a), h(b), h(res)
    m.put(0x1000, a)
    m.put(0x2000, b)
    assert m.ss(op, 0x1000, len(a) // 2 - 1, 0x2000, len(b) // 2 - 1) == 0
    assert m.get(0x1000, len(a) // 2) == res
    assert m.get(0x2000, len(b) // 2) == b


def test_pack_field_onto_itself(m):
    m.put(0x1000, "F1 F2 F3 C4")
    assert m.ss(PACK, 0x1000, 3, 0x1000, 3) == 0
    assert m.get(0x1000, 4) == "0001234C"


def test_unpk_field_onto_itself_is_processed_byte_by_byte(m):
    # Right to left, each result byte stored as soon as its source byte is
    # fetched: byte 3 (34) gives result bytes 3 and 2 (F4 F3); then byte 2 is
    # fetched -- it now holds F3 -- giving F3 and FF.
    m.put(0x1000, "00 00 12 34 5C")
    assert m.ss(UNPK, 0x1000, 4, 0x1000, 4) == 0
    assert m.get(0x1000, 5) == "FFF3F3F4C5"


def test_mvo_field_onto_itself(m):
    m.put(0x1000, "12 34 5C")
    assert m.ss(MVO, 0x1000, 2, 0x1000, 2) == 0
    assert m.get(0x1000, 3) == "2345CC"


def test_pack_overlap_shifted(m):
    # op1 one byte to the right of op2's start; right to left byte by byte
    m.put(0x1000, "F1 F2 F3 F4 F5")
    assert m.ss(PACK, 0x1002, 2, 0x1000, 4) == 0
    assert m.get(0x1000, 5) == "F1F212345F"


# ---------------------------------------------------------------------------------
# ED / EDMK
# ---------------------------------------------------------------------------------
PATTERN = "40 20 20 6B 20 21 20 4B 20 20 40 C3 D9"      # b d d , d ( d . d d b C R


@pytest.mark.parametrize("source,res,cc", [
    # PoO App. A: 0,257,426 with a plus sign: "  2,574.26   "
    ("02 57 42 6C", "40 40 F2 6B F5 F7 F4 4B F2 F6 40 40 40", 2),
    # minus sign leaves significance on: CR kept
    ("02 57 42 6D", "40 40 F2 6B F5 F7 F4 4B F2 F6 40 C3 D9", 1),
    # significance starter forces the decimal point: "      0.26 CR"
    ("00 00 02 6D", "40 40 40 40 40 40 F0 4B F2 F6 40 C3 D9", 1),
    ("00 00 00 0C", "40 40 40 40 40 40 F0 4B F0 F0 40 40 40", 0),
    ("00 00 00 0D", "40 40 40 40 40 40 F0 4B F0 F0 40 C3 D9", 0),
])
def test_ed_poo_example(m, source, res, cc):
    m.put(0x1000, PATTERN)
    m.put(0x2000, source)
    assert m.ss(ED, 0x1000, 12, 0x2000, 0) == 0
    assert m.get(0x1000, 13) == h(res)
    assert m.cc == cc


def test_ed_multiple_fields_cc_from_last(m):
    m.put(0x1000, "40 20 20 20 22 20 20 20")
    m.put(0x2000, "12 3C 00 0D")
    assert m.ss(ED, 0x1000, 7, 0x2000, 0) == 0
    assert m.get(0x1000, 8) == "40F1F2F340404040"
    assert m.cc == 0
    m.put(0x1000, "40 20 20 20 22 20 20 20")
    m.put(0x2000, "00 0C 05 0D")
    assert m.ss(ED, 0x1000, 7, 0x2000, 0) == 0
    assert m.get(0x1000, 8) == "404040404040F5F0"
    assert m.cc == 1


def test_ed_fill_byte_is_also_a_digit_selector(m):
    # fill = 20; the sign is never reached, so a nonzero field counts as < 0
    m.put(0x1000, "20 20")
    m.put(0x2000, "05 0C")
    assert m.ss(ED, 0x1000, 1, 0x2000, 0) == 0
    assert m.get(0x1000, 2) == "20F5"
    assert m.cc == 1


def test_ed_message_bytes_and_separator(m):
    m.put(0x1000, "5C 20 4B 20 22 C1 20 C2")
    m.put(0x2000, "10 2C")
    assert m.ss(ED, 0x1000, 7, 0x2000, 0) == 0
    # 1 -> F1 (sig on), '.' kept, 0 -> F0, separator -> fill, 'A' (sig off) -> fill,
    # 2 (left of 2C; plus sign turns sig off) -> F2, 'B' -> fill
    assert m.get(0x1000, 8) == "5CF14BF05C5CF25C"
    assert m.cc == 2


def test_ed_invalid_source_digit(m):
    m.put(0x1000, PATTERN)
    m.put(0x2000, "02 A7 42 6C")
    m.S[L.PSW_CC] = 3
    assert m.ss(ED, 0x1000, 12, 0x2000, 0) == L.PIC_DATA
    assert m.get(0x1000, 13) == h(PATTERN)
    assert m.cc == 3


def test_ed_sign_in_right_half_not_checked(m):
    # a right half of A-F is a sign, never a data exception
    m.put(0x1000, "40 20 20 20")
    m.put(0x2000, "1A 2B")
    assert m.ss(ED, 0x1000, 3, 0x2000, 0) == 0
    # 1 (byte 1A: plus sign A turns significance off), 2 (byte 2B: minus
    # keeps it on), then 0 from the next byte (00)
    assert m.get(0x1000, 4) == "40F1F2F0"
    assert m.cc == 1


def test_edmk_marks_first_significant_digit(m):
    # 03 99 5C edited through 40 20 21 20 4B 20 20 -> "  39.95", R1 -> the F3
    m.S[L.GPR + 1] = 0xAB000000
    m.put(0x1000, "40 20 21 20 4B 20 20")
    m.put(0x2000, "03 99 5C")
    assert m.ss(EDMK, 0x1000, 6, 0x2000, 0) == 0
    assert m.get(0x1000, 7) == "4040F3F94BF9F5"
    assert m.S[L.GPR + 1] == 0xAB001002
    assert m.cc == 2


def test_edmk_not_set_when_significance_forced(m):
    m.S[L.GPR + 1] = 0x12345678
    m.put(0x1000, "40 20 21 20 4B 20 20")
    m.put(0x2000, "00 00 5C")
    assert m.ss(EDMK, 0x1000, 6, 0x2000, 0) == 0
    assert m.get(0x1000, 7) == "404040F04BF0F5"
    assert m.S[L.GPR + 1] == 0x12345678


def test_edmk_rightmost_qualifying_byte(m):
    # two fields: the mark of the second field wins
    m.S[L.GPR + 1] = 0
    m.put(0x1000, "40 20 20 20 22 20 20 20")
    m.put(0x2000, "01 0C 02 0C")
    assert m.ss(EDMK, 0x1000, 7, 0x2000, 0) == 0
    assert m.get(0x1000, 8) == "4040F1F04040F2F0"
    assert m.S[L.GPR + 1] == 0x1006
    assert m.cc == 2


def test_ed_does_not_touch_unneeded_source(m):
    # only one source byte is needed; the next byte is beyond storage
    end = int(m.S[L.MEMSIZE])
    m.put(0x1000, "40 20 20")
    m.put(end - 1, "12")
    assert m.ss(ED, 0x1000, 2, end - 1, 0) == 0
    assert m.get(0x1000, 3) == "40F1F2"
    # here the sign ends the byte and a second byte is needed
    m.put(0x1000, "40 20 20")
    m.put(end - 1, "1C")
    assert m.ss(ED, 0x1000, 2, end - 1, 0) == L.PIC_ADDRESSING
    assert m.get(0x1000, 3) == "402020"


# ---------------------------------------------------------------------------------
# CVB / CVD
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("field,value,pic", [
    ("00 00 00 00 00 00 00 0C", 0, 0),
    ("00 00 00 00 00 00 00 0D", 0, 0),
    ("00 00 00 00 00 00 25 9C", 259, 0),
    ("00 00 00 00 00 00 25 9D", (-259) & 0xFFFFFFFF, 0),
    ("00 00 02 14 74 83 64 7F", 0x7FFFFFFF, 0),
    ("00 00 02 14 74 83 64 7B", 0x80000001, 0),
    ("00 00 02 14 74 83 64 8D", 0x80000000, 0),
    # out of range: the rightmost 32 bits are placed in R1, fixed-point divide
    ("00 00 02 14 74 83 64 8C", 0x80000000, L.PIC_FIXED_DIVIDE),
    ("99 99 99 99 99 99 99 9C", 999999999999999 & 0xFFFFFFFF, L.PIC_FIXED_DIVIDE),
    ("99 99 99 99 99 99 99 9D", -999999999999999 & 0xFFFFFFFF, L.PIC_FIXED_DIVIDE),
])
def test_cvb(m, field, value, pic):
    m.put(0x1001, field)            # no alignment requirement
    m.S[L.GPR + 5] = 0xDEADBEEF
    assert cvb(m.S, m.mem, m.keys, m.tlb, 5, 0x1001) == pic
    assert m.S[L.GPR + 5] == value


@pytest.mark.parametrize("field", ["00 00 00 00 00 00 00 09", "00 00 00 00 00 00 0A 0C"])
def test_cvb_data(m, field):
    m.put(0x1000, field)
    m.S[L.GPR + 5] = 0xDEADBEEF
    assert cvb(m.S, m.mem, m.keys, m.tlb, 5, 0x1000) == L.PIC_DATA
    assert m.S[L.GPR + 5] == 0xDEADBEEF


@pytest.mark.parametrize("value,field", [
    (0, "00 00 00 00 00 00 00 0C"),
    (259, "00 00 00 00 00 00 25 9C"),
    ((-259) & 0xFFFFFFFF, "00 00 00 00 00 00 25 9D"),
    (0x7FFFFFFF, "00 00 02 14 74 83 64 7C"),
    (0x80000000, "00 00 02 14 74 83 64 8D"),
    (0xFFFFFFFF, "00 00 00 00 00 00 00 1D"),
])
def test_cvd(m, value, field):
    m.S[L.GPR + 3] = value
    assert cvd(m.S, m.mem, m.keys, m.tlb, 3, 0x1003) == 0
    assert m.get(0x1003, 8) == h(field)


# ---------------------------------------------------------------------------------
# access exceptions: nothing stored
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("op", [AP, SP, ZAP, MP, DP, SRP, PACK, UNPK, MVO, ED, EDMK])
def test_protection_on_first_operand(m, op):
    m.S[L.PSW_KEY] = 2
    m.keys[0x1000 >> 11] = 0x30          # key 3: store-protected for key 2
    m.keys[0x2000 >> 11] = 0x20
    m.put(0x1000, "00 00 00 12 3C")
    m.put(0x2000, "20 2C")
    assert m.ss(op, 0x1000, 4, 0x2000, 1) == L.PIC_PROTECTION
    assert m.get(0x1000, 5) == "000000123C"


@pytest.mark.parametrize("op", [AP, SP, ZAP, CP, MP, DP, PACK, UNPK, MVO])
def test_addressing_on_second_operand(m, op):
    end = int(m.S[L.MEMSIZE])
    m.put(0x1000, "00 00 00 12 3C")
    m.put(end - 1, "1C")
    assert m.ss(op, 0x1000, 4, end - 1, 1) == L.PIC_ADDRESSING
    assert m.get(0x1000, 5) == "000000123C"


def test_addressing_first_operand_straddling_end(m):
    end = int(m.S[L.MEMSIZE])
    m.put(end - 2, "1C 2C")
    m.put(0x2000, "1C")
    assert m.ss(AP, end - 2, 2, 0x2000, 0) == L.PIC_ADDRESSING
    assert m.get(end - 2, 2) == "1C2C"


def test_cvd_cvb_access(m):
    m.S[L.PSW_KEY] = 2
    m.keys[0x1000 >> 11] = 0x38          # key 3, fetch-protected
    m.put(0x1000, "00" * 7 + "1C")
    assert cvd(m.S, m.mem, m.keys, m.tlb, 1, 0x1000) == L.PIC_PROTECTION
    assert cvb(m.S, m.mem, m.keys, m.tlb, 1, 0x1000) == L.PIC_PROTECTION
    assert m.get(0x1000, 8) == "00" * 7 + "1C"


def test_fetch_protected_operands(m):
    m.S[L.PSW_KEY] = 2
    m.keys[0x2000 >> 11] = 0x38
    m.put(0x1000, "1C")
    m.put(0x2000, "1C")
    assert m.ss(CP, 0x1000, 0, 0x2000, 0) == L.PIC_PROTECTION
    m.keys[0x2000 >> 11] = 0x30          # store-protected but fetchable: CP works
    assert m.ss(CP, 0x1000, 0, 0x2000, 0) == 0
    assert m.cc == 0


# ---------------------------------------------------------------------------------
# operands that are not contiguous in absolute storage (prefix boundary)
# ---------------------------------------------------------------------------------
def test_operands_across_prefix_boundary(m):
    m.S[L.PREFIX] = 0x8000
    m.put(0x0FFE, "00 12 34 5C")         # real 0FFE-1001: absolute 8FFE, 8FFF, 1000, 1001
    m.put(0x7FFF, "99 9C")
    assert m.ss(AP, 0x0FFE, 3, 0x7FFF, 1) == 0
    assert m.get(0x0FFE, 4) == "0013344C"
    assert int(m.mem[0x8FFE]) == 0x00 and int(m.mem[0x1001]) == 0x4C
    m.put(0x0FFD, PATTERN)               # pattern crosses the boundary too
    m.put(0x0FF0, "02 57 42 6C")
    assert m.ss(ED, 0x0FFD, 12, 0x0FF0, 0) == 0
    assert m.get(0x0FFD, 13) == "4040F26BF5F7F44BF2F6404040"
