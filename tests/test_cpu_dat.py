"""Dynamic address translation, from the Principles of Operation (GA22-7000-4 ch.3).

EC mode with PSW bit 5: all four CR0 page-size / segment-size combinations,
segment- and page-table lengths, invalid entries (segment- and page-translation
exceptions NULLIFY: the old PSW points at the instruction and the failing
address is stored at 144), translation specification, addressing for table
entries beyond storage, LOAD REAL ADDRESS, the TLB and PURGE TLB, and
instruction fetching through DAT.
"""

import pytest

from s370.cpu import layout as L

from cpu_harness import (ORG, bc_psw, ec_psw, machine, word, half, pgm_ec)



# ----------------------------------------------------------------------------- tables
SEGTAB = 0x10000            # segment table (64-byte aligned)
PTBASE = 0x11000            # page tables, 1K apiece
FRAME_A = 0x40000
FRAME_B = 0x41000
FRAME_C = 0x42000
MEM = 1 << 20

# name: (CR0 bits 8-12, page shift, segment shift)
GEOMETRY = {"2K/64K": (0x00400000, 11, 16), "4K/64K": (0x00800000, 12, 16),
            "2K/1M": (0x00500000, 11, 20), "4K/1M": (0x00900000, 12, 20)}
GEOS = list(GEOMETRY)


class Tables:
    """Segment and page tables in real storage, built the way the PoO lays them out."""

    def __init__(self, cpu, geo, stl=0):
        self.cpu = cpu
        self.cr0, self.pshift, self.sshift = GEOMETRY[geo]
        self.psize = 1 << self.pshift
        self.pages = 1 << (self.sshift - self.pshift)          # entries per page table
        self.nseg = 256 if self.sshift == 16 else 16
        for sx in range(self.nseg):
            self.set_ste(sx, 1)                                # all segments invalid
        cpu.set_cr(0, self.cr0)
        cpu.set_cr(1, (stl << 24) | SEGTAB)
        # identity mapping of real 0 - 128K (low storage, program, tables)
        for va in range(0, 0x20000, self.psize):
            self.map(va, va)
        self.vt = 3 << self.sshift                             # the test segment
        self.map(self.vt, FRAME_A)
        self.invalidate(self.vt + self.psize)
        self.map(self.vt + 2 * self.psize, FRAME_C)

    def pto(self, sx):
        return PTBASE + 0x400 * sx

    def ste_addr(self, va):
        return SEGTAB + 4 * (va >> self.sshift)

    def pte_addr(self, va):
        sx = va >> self.sshift
        px = (va >> self.pshift) & (self.pages - 1)
        return self.pto(sx) + 2 * px

    def set_ste(self, sx, value):
        self.cpu.load(SEGTAB + 4 * sx, value.to_bytes(4, "big"))

    def valid_ste(self, sx, ptl=15):
        return (ptl << 28) | self.pto(sx)

    def pte(self, real, invalid=False):
        if self.pshift == 12:
            return ((real >> 8) & 0xFFF0) | (0x0008 if invalid else 0)
        return ((real >> 8) & 0xFFF8) | (0x0004 if invalid else 0)

    def ensure_segment(self, va):
        sx = va >> self.sshift
        if int.from_bytes(self.cpu.read(SEGTAB + 4 * sx, 4), "big") & 1:
            for px in range(self.pages):
                self.cpu.load(self.pto(sx) + 2 * px, self.pte(0, invalid=True).to_bytes(2, "big"))
            self.set_ste(sx, self.valid_ste(sx))

    def map(self, va, real):
        self.ensure_segment(va)
        self.cpu.load(self.pte_addr(va), self.pte(real).to_bytes(2, "big"))

    def invalidate(self, va):
        self.ensure_segment(va)
        self.cpu.load(self.pte_addr(va), self.pte(0, invalid=True).to_bytes(2, "big"))


def dat_machine(src, geo, stl=0, memsize=MEM, dat=True):
    cpu, s = machine(src, ec=True, psw=ec_psw(ORG, sysmask=0x04 if dat else 0), memsize=memsize)
    return cpu, s, Tables(cpu, geo, stl)


def tea(cpu):
    return word(cpu, L.LOC_TEA)


# ----------------------------------------------------------------------------- translation
@pytest.mark.parametrize("geo", GEOS)
def test_operand_and_instruction_fetch_through_dat(geo):
    cpu, s, t = dat_machine("""
         L     1,X'10'(,5)
         ST    1,X'20'(,5)
         BR    6
""", geo)
    cpu.load(FRAME_A + 0x10, bytes.fromhex("CAFEF00D"))
    cpu.load(FRAME_C, bytes.fromhex("4170000183000000"))      # LA 7,1 ; DIAG
    cpu.set_gpr(5, t.vt)
    cpu.set_gpr(6, t.vt + 2 * t.psize)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_gpr(1) == 0xCAFEF00D
    assert cpu.read(FRAME_A + 0x20, 4) == bytes.fromhex("CAFEF00D")
    assert cpu.get_gpr(7) == 1
    assert cpu.ia == t.vt + 2 * t.psize + 8               # the PSW holds virtual addresses
    assert cpu.get_key(FRAME_A) & 0x06 == 0x06              # R and C of the real frame


@pytest.mark.parametrize("geo", GEOS)
def test_page_translation_exception_nullifies(geo):
    cpu, s, t = dat_machine("""
         L     1,X'34'(,5)
         DIAG  0,0,0
""", geo)
    cpu.set_gpr(1, 0x12345678)
    va = t.vt + t.psize
    cpu.set_gpr(5, va)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_PAGE_TRANSLATION, 2, ORG)
    assert tea(cpu) >> 24 == 0
    assert (tea(cpu) & 0xFFFFFF) >> t.pshift == (va + 0x34) >> t.pshift
    assert cpu.get_gpr(1) == 0x12345678


@pytest.mark.parametrize("geo", GEOS)
def test_segment_translation_exception_nullifies(geo):
    cpu, s, t = dat_machine("""
         ST    1,0(,5)
         DIAG  0,0,0
""", geo)
    va = (4 << t.sshift) + 0x123
    cpu.set_gpr(5, va)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_SEGMENT_TRANSLATION, 2, ORG)
    assert (tea(cpu) & 0xFFFFFF) >> t.pshift == va >> t.pshift
    assert tea(cpu) >> 24 == 0


@pytest.mark.parametrize("geo", ["2K/64K", "4K/64K"])
def test_segment_table_length_exceeded(geo):
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", geo, stl=0)                                    # 16 entries: segments 0-15
    t.set_ste(16, t.valid_ste(3))                   # a valid entry past the end is not used
    cpu.set_gpr(5, 16 << 16)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_SEGMENT_TRANSLATION, 2, ORG)
    assert (tea(cpu) & 0xFFFFFF) >> t.pshift == (16 << 16) >> t.pshift


@pytest.mark.parametrize("geo", GEOS)
def test_page_table_length_exceeded(geo):
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         L     2,0(,6)
         DIAG  0,0,0
""", geo)
    unit = t.pages // 16                            # pages per 1/16th of a page table
    last_in = t.vt + (unit - 1) * t.psize            # last page within PTL 0
    t.map(last_in, FRAME_A)
    t.map(t.vt + unit * t.psize, FRAME_B)            # valid entry, beyond the length
    t.set_ste(3, t.valid_ste(3, ptl=0))
    cpu.load(FRAME_A + 0x8, bytes.fromhex("00000011"))
    cpu.set_gpr(5, last_in + 8)
    cpu.set_gpr(6, t.vt + unit * t.psize)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert cpu.get_gpr(1) == 0x11                    # the last page within the length
    assert pgm_ec(cpu) == (L.PIC_PAGE_TRANSLATION, 2, ORG + 4)
    assert (tea(cpu) & 0xFFFFFF) >> t.pshift == (t.vt + unit * t.psize) >> t.pshift


@pytest.mark.parametrize("geo", GEOS)
def test_instruction_fetch_page_translation(geo):
    cpu, s, t = dat_machine("""
         BR    6
""", geo)
    target = t.vt + t.psize + 0x40
    cpu.set_gpr(6, target)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu)
    assert code == L.PIC_PAGE_TRANSLATION
    assert ia == target                                # nullified: IA not advanced
    assert (tea(cpu) & 0xFFFFFF) >> t.pshift == target >> t.pshift


@pytest.mark.parametrize("geo", GEOS)
def test_translation_specification_bad_segment_entry(geo):
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", geo)
    t.set_ste(3, t.valid_ste(3) | 0x04000000)         # STE bits 4-7 must be zero
    cpu.set_gpr(5, t.vt)
    cpu.set_gpr(1, 0x77)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_TRANSLATION_SPEC, 2, ORG + 4)     # suppression
    assert cpu.get_gpr(1) == 0x77


@pytest.mark.parametrize("geo", GEOS)
def test_translation_specification_bad_page_entry(geo):
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", geo)
    bad = 0x0002 if t.pshift == 11 else 0x0004          # 2K: bit 14; 4K: bits 13-14
    cpu.load(t.pte_addr(t.vt), (t.pte(FRAME_A) | bad).to_bytes(2, "big"))
    cpu.set_gpr(5, t.vt)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_TRANSLATION_SPEC, 2, ORG + 4)


@pytest.mark.parametrize("cr0", [0x00000000, 0x00C00000, 0x00A00000, 0x00880000, 0x00980000],
                         ids=["ps00", "ps11", "bit10", "ss01", "ss11"])
def test_translation_specification_bad_cr0_lra(cr0):
    cpu, s, t = dat_machine("""
         LRA   1,0(,5)
         DIAG  0,0,0
""", "4K/64K", dat=False)
    cpu.set_cr(0, cr0)
    cpu.set_gpr(5, t.vt)
    cpu.set_gpr(1, 0x99)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_TRANSLATION_SPEC, 2, ORG + 4)
    assert cpu.get_gpr(1) == 0x99


def test_translation_specification_bad_cr0_on_instruction_fetch():
    cpu, s, t = dat_machine("""
         LCTL  0,0,BADCR0
NEXT     DIAG  0,0,0
         DS    0F
BADCR0   DC    X'00C00000'
""", "4K/64K")
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu)
    assert code == L.PIC_TRANSLATION_SPEC
    assert ia == s["NEXT"] + 2 * ilc


# ----------------------------------------------------------------------------- addressing
def test_segment_table_beyond_storage_is_addressing_lra():
    cpu, s, t = dat_machine("""
         LRA   1,0(,5)
         DIAG  0,0,0
""", "4K/64K", dat=False)
    cpu.set_cr(1, 0x00F00000)
    cpu.set_gpr(5, 0x1000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_ADDRESSING, 2, ORG + 4)


@pytest.mark.parametrize("geo", GEOS)
def test_page_table_beyond_storage_is_addressing(geo):
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", geo)
    t.set_ste(3, 0xF0F00000)                           # page table at 15M
    cpu.set_gpr(5, t.vt)
    cpu.set_gpr(1, 0x55)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_ADDRESSING, 2, ORG + 4)    # table entry: suppression
    assert cpu.get_gpr(1) == 0x55


def test_page_frame_beyond_storage_is_addressing():
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", "4K/64K")
    t.map(t.vt, 0x800000)
    cpu.set_gpr(5, t.vt)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu)[:2] == (L.PIC_ADDRESSING, 2)


# ----------------------------------------------------------------------------- LRA
@pytest.mark.parametrize("dat", [False, True], ids=["dat-off", "dat-on"])
@pytest.mark.parametrize("geo", GEOS)
def test_lra_condition_codes(geo, dat):
    cpu, s, t = dat_machine("""
         LRA   1,X'123'(,5)          valid page
         BALR  2,0
         LRA   3,0(,6)               page invalid
         BALR  4,0
         LRA   7,0(,8)               segment invalid
         BALR  9,0
         LRA   10,0(,11)             page-table length exceeded
         BALR  13,0
         DIAG  0,0,0
""", geo, dat=dat)
    for r in (1, 3, 7, 10):
        cpu.set_gpr(r, 0xFFFFFFFF)
    cpu.set_gpr(5, t.vt)
    cpu.set_gpr(6, t.vt + t.psize + 4)
    cpu.set_gpr(8, (5 << t.sshift) + 8)
    unit = t.pages // 16
    t.set_ste(6, t.valid_ste(6, ptl=0))
    cpu.set_gpr(11, (6 << t.sshift) + unit * t.psize)
    assert cpu.run(100) == L.EXIT_DIAG
    cc = [(cpu.get_gpr(r) >> 28) & 3 for r in (2, 4, 9, 13)]       # BALR keeps the CC
    assert cc == [0, 2, 1, 3]
    assert cpu.get_gpr(1) == FRAME_A + 0x123
    assert cpu.get_gpr(3) == t.pte_addr(t.vt + t.psize)
    assert cpu.get_gpr(7) == t.ste_addr(5 << t.sshift)
    assert cpu.get_gpr(10) == t.pto(6) + 2 * unit


def test_lra_segment_table_length_exceeded_cc3():
    cpu, s, t = dat_machine("""
         LRA   1,0(,5)
         BALR  2,0
         DIAG  0,0,0
""", "4K/64K", dat=False)
    cpu.set_gpr(5, 0x200000)                       # segment 32, table has 16 entries
    assert cpu.run(100) == L.EXIT_DIAG
    assert (cpu.get_gpr(2) >> 28) & 3 == 3
    assert cpu.get_gpr(1) == SEGTAB + 4 * 32


# ----------------------------------------------------------------------------- TLB
@pytest.mark.parametrize("purge", ["PTLB", "LCTL0", "LCTL1"])
@pytest.mark.parametrize("geo", ["2K/64K", "4K/1M"])
def test_changed_page_entry_seen_only_after_purge(geo, purge):
    purge_src = {"PTLB": "PTLB", "LCTL0": "LCTL  0,0,SAVECR", "LCTL1": "LCTL  1,1,SAVECR+4"}
    cpu, s, t = dat_machine(f"""
         STCTL 0,1,SAVECR
         L     1,0(,5)               translate: A
         STH   7,0(,8)               page entry now names frame B
         L     2,0(,5)               still the old translation
         {purge_src[purge]}
         L     3,0(,5)               the new translation
         DIAG  0,0,0
         DS    0F
SAVECR   DC    2F'0'
""", geo)
    cpu.load(FRAME_A, b"AAAA")
    cpu.load(FRAME_B, b"BBBB")
    cpu.set_gpr(5, t.vt)
    cpu.set_gpr(7, t.pte(FRAME_B))
    cpu.set_gpr(8, t.pte_addr(t.vt))
    assert cpu.run(100) == L.EXIT_DIAG
    assert [cpu.get_gpr(r) for r in (1, 2, 3)] == [0x41414141, 0x41414141, 0x42424242]


@pytest.mark.parametrize("geo", GEOS)
def test_page_fault_handler_retries_without_purge(geo):
    """An invalid entry never enters the TLB: fix it, LPSW the old PSW, the L succeeds."""
    cpu, s, t = dat_machine("""
         L     1,X'44'(,5)
         DIAG  0,0,0
HANDLER  STH   7,0(,8)               make the page entry valid
         LPSW  X'28'                 retry the nullified instruction
""", geo)
    cpu.load(L.LOC_PGM_NEW, ec_psw(s["HANDLER"]).to_bytes(8, "big"))
    va = t.vt + t.psize
    cpu.set_gpr(5, va)
    cpu.set_gpr(7, t.pte(FRAME_B))
    cpu.set_gpr(8, t.pte_addr(va))
    cpu.load(FRAME_B + 0x44, bytes.fromhex("600DF00D"))
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_gpr(1) == 0x600DF00D
    assert cpu.S[L.PGM_COUNT] == 1
    assert half(cpu, 142) == L.PIC_PAGE_TRANSLATION


def test_dat_off_in_ec_mode_uses_real_addresses():
    cpu, s, t = dat_machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", "4K/64K", dat=False)
    cpu.load(0x30000, bytes.fromhex("0BADCAFE"))
    cpu.set_gpr(5, 0x30000)                         # = t.vt, which DAT maps to FRAME_A
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_gpr(1) == 0x0BADCAFE


def test_dat_bit_ignored_in_bc_mode():
    """PSW bit 5 is a channel mask in BC mode: no translation."""
    cpu, s = machine("""
         L     1,0(,5)
         DIAG  0,0,0
""", psw=bc_psw(ORG, sysmask=0x04), memsize=MEM)
    Tables(cpu, "4K/64K")
    cpu.load(0x30000, bytes.fromhex("0BADCAFE"))
    cpu.set_gpr(5, 0x30000)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_gpr(1) == 0x0BADCAFE
