"""A guest translates through its own tables in its own storage and reaches nothing else."""

import pytest

from s370.asm import assemble
from s370.cpu import layout as L

from cpu_harness import ORG, NEW_IA, bc_psw, ec_psw, pgm_bc, pgm_ec
from sie import Intercept, StateDescription, run_guest

MODES = ["interpretive", "trap"]


def guest(src, mode, ec=False, memsize=1 << 16):
    a = assemble(" USING *,12\n" + src + "\n END", origin=ORG)
    assert not a.errors, a.errors
    sd = StateDescription(memsize=memsize, clock="deterministic", mode=mode)
    sd.load(ORG, a.image)
    sd.set_gpr(12, ORG)
    mk = ec_psw if ec else bc_psw
    for loc, ia in NEW_IA.items():
        sd.load(loc, mk(ia, w=1).to_bytes(8, "big"))
    sd.set_psw(mk(ORG))
    return sd, a.symbols


DAT = """
         LCTL  0,1,CRS
         STOSM SAVE,X'04'          DAT on
         L     5,VADDR
         L     3,0(,5)             through the guest's own tables
         LRA   4,0(,5)
         DIAG  0,0,0
SAVE     DC    X'00'
         DS    0F
VADDR    DC    X'00010000'
CRS      DC    X'008000E0'         4K pages, 64K segments
         DC    X'00006000'         segment table at 6000, length 16 segments
"""


def build_tables(sd, frame):
    sd.load(0x6000, ((15 << 28) | 0x6100).to_bytes(4, "big")          # segment 0: identity
            + ((15 << 28) | 0x6140).to_bytes(4, "big")                  # segment 1
            + (0x00000001).to_bytes(4, "big") * 14)                     # the rest invalid
    sd.load(0x6100, b"".join((p << 4).to_bytes(2, "big") for p in range(16)))
    sd.load(0x6140, ((frame >> 12) << 4).to_bytes(2, "big") + b"\x00\x08" * 15)


@pytest.mark.parametrize("mode", MODES)
def test_each_guest_translates_through_its_own_tables(mode):
    a, s = guest(DAT, mode, ec=True)
    b, _ = guest(DAT, mode, ec=True)
    build_tables(a, 0x3000)
    build_tables(b, 0x4000)
    a.load(0x3000, b"AAAA")
    b.load(0x4000, b"BBBB")
    b.load(0x3000, b"XXXX")
    for g, frame, word in ((a, 0x3000, b"AAAA"), (b, 0x4000, b"BBBB")):
        assert run_guest(g, 100) == Intercept.DIAGNOSE
        assert g.get_gpr(3) == int.from_bytes(word, "big")
        assert g.get_gpr(4) == frame and g.cc == 0


@pytest.mark.parametrize("mode", MODES)
def test_wild_address_is_the_guests_own_addressing_exception(mode):
    a, s = guest("""
         L     1,WILD
BAD      MVC   0(4,1),DATA
DATA     DC    C'ZZZZ'
WILD     DC    X'00FFFFF0'
""", mode)
    b, _ = guest(" DIAG 0,0,0\n", mode, memsize=1 << 24)
    before = b.read(0xFFFFF0, 16)
    b.load(0xFFFFF0, b"\x11" * 16)
    assert run_guest(a, 100) == Intercept.DISABLED_WAIT
    assert pgm_bc(a) == (L.PIC_ADDRESSING, 3, s["BAD"] + 6)
    assert b.read(0xFFFFF0, 16) == b"\x11" * 16 and before == b"\x00" * 16


@pytest.mark.parametrize("mode", MODES)
def test_prefix_moves_low_storage_within_the_guest_only(mode):
    a, s = guest("""
         SPX   NEWPFX
         ST    7,X'200'             real 200 is absolute 8200 now
         L     1,BEYOND
         ST    1,PFX2
         SPX   PFX2                 beyond storage: addressing
NEWPFX   DC    X'00008000'
PFX2     DC    F'0'
BEYOND   DC    X'00020000'
""", mode)
    b, _ = guest(" DIAG 0,0,0\n", mode)
    a.load(0x8000, a.read(0, 4096))           # new prefix area: same new PSWs
    a.set_gpr(7, 0xCAFEF00D)
    assert run_guest(a, 100) == Intercept.DISABLED_WAIT
    assert a.read(0x8200, 4) == bytes.fromhex("CAFEF00D")
    assert a.read(0x200, 4) == b"\x00" * 4
    assert int(a.S[L.PREFIX]) == 0x8000
    assert int.from_bytes(a.read(0x8000 + L.LOC_PGM_OLD, 8), "big") >> 32 & 0xFFFF == L.PIC_ADDRESSING
    assert b.read(0, 1 << 16).count(b"\xca\xfe\xf0\x0d") == 0


@pytest.mark.parametrize("mode", MODES)
def test_storage_keys_are_per_guest(mode):
    a, s = guest("""
         LA    1,X'30'
         L     2,BLOCK
         SSK   1,2
         ISK   3,2
         DIAG  0,0,0
BLOCK    DC    X'00004000'
""", mode)
    b, _ = guest(" DIAG 0,0,0\n", mode)
    assert run_guest(a, 100) == Intercept.DIAGNOSE
    assert a.get_key(0x4000) == 0x30 and a.get_gpr(3) & 0xFF == 0x30
    assert b.get_key(0x4000) == 0
