"""Storage keys, from the Principles of Operation (GA22-7000-4 ch.3 "Protection",
"Reference and Change Recording"; ch.10 SSK, ISK, RRB).

SET/INSERT STORAGE KEY (BC vs EC bits, specification and addressing checks),
RESET REFERENCE BIT (condition codes), reference and change recording by the
CPU's fetches and stores, store and fetch protection with PSW key 0 and
non-zero keys; a protection exception suppresses the instruction.
"""

import pytest

from s370.cpu import layout as L

from cpu_harness import (ORG, bc_psw, ec_psw, machine, pgm_bc, pgm_ec)



BLOCK = 0x6000            # a 2K block the programs below do not otherwise touch
BLOCK2 = 0x6800


# ----------------------------------------------------------------------------- SSK / ISK
@pytest.mark.parametrize("ec,inserted", [(True, 0xFE), (False, 0xF8)], ids=["EC", "BC"])
def test_ssk_isk(ec, inserted):
    cpu, s = machine("""
         SSK   1,2
         ISK   3,2
         DIAG  0,0,0
""", ec=ec)
    cpu.set_gpr(1, 0x123456FF)                # bits 24-30 -> key; bit 31 and 0-23 ignored
    cpu.set_gpr(2, 0xFF000000 | BLOCK | 0x7F0)    # bits 0-7 ignored; any address in the block
    cpu.set_gpr(3, 0xAABBCC01)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_key(BLOCK) == 0xFE
    assert cpu.get_key(BLOCK - 1) != 0xFE and cpu.get_key(BLOCK + 0x800) != 0xFE
    # EC: ACC, F, R, C and bit 31 zero; BC: ACC and F only, bits 29-31 zero
    assert cpu.get_gpr(3) == 0xAABBCC00 | inserted


@pytest.mark.parametrize("mn", ["SSK", "ISK"])
def test_ssk_isk_specification_for_low_bits(mn):
    cpu, s = machine(f"""
         {mn} 1,2
         DIAG  0,0,0
""")
    cpu.set_gpr(1, 0x000000F0)
    cpu.set_gpr(2, BLOCK | 0x008)
    cpu.set_key(BLOCK, 0x20)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_bc(cpu) == (L.PIC_SPECIFICATION, 1, ORG + 2)
    assert cpu.get_key(BLOCK) == 0x20 and cpu.get_gpr(1) == 0xF0


@pytest.mark.parametrize("mn", ["SSK", "ISK", "RRB"])
def test_key_instructions_addressing_beyond_storage(mn):
    ops = "0(2)" if mn == "RRB" else "1,2"
    cpu, s = machine(f"""
         {mn} {ops}
         DIAG  0,0,0
""", memsize=1 << 16)
    cpu.set_gpr(1, 0x000000F0)
    cpu.set_gpr(2, 0x00020000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    ilc = 2 if mn == "RRB" else 1
    assert pgm_bc(cpu) == (L.PIC_ADDRESSING, ilc, ORG + 2 * ilc)
    assert cpu.get_gpr(1) == 0xF0


def test_ssk_isk_real_address_is_prefixed():
    cpu, s = machine("""
         SPX   PFX
         SSK   1,2                   real 0 -> absolute 8000
         DIAG  0,0,0
         DS    0F
PFX      DC    A(X'8000')
""")
    cpu.set_gpr(1, 0x70)
    cpu.set_gpr(2, 0)
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_key(0x8000) == 0x70


# ----------------------------------------------------------------------------- RRB
@pytest.mark.parametrize("key,cc", [(0x30, 0), (0x32, 1), (0x34, 2), (0x36, 3)])
def test_rrb_condition_code_and_reset(key, cc):
    cpu, s = machine("""
         RRB   0(2)
         BALR  3,0
         DIAG  0,0,0
""")
    cpu.set_gpr(2, BLOCK + 0x123)
    cpu.set_key(BLOCK, key)
    assert cpu.run(100) == L.EXIT_DIAG
    assert (cpu.get_gpr(3) >> 28) & 3 == cc
    assert cpu.get_key(BLOCK) == key & ~0x04           # R reset, ACC and C kept


# ----------------------------------------------------------------------------- R and C recording
def test_reference_and_change_recording():
    cpu, s = machine("""
         L     1,0(,5)               fetch: R
         ISK   6,5
         ST    1,X'800'(,5)          store into the next block: R and C
         ISK   7,8
         CLI   X'FF'(5),0            SI fetch
         DIAG  0,0,0
""", ec=True)
    cpu.set_gpr(5, BLOCK)
    cpu.set_gpr(8, BLOCK2)
    cpu.set_key(BLOCK, 0x00)
    cpu.set_key(BLOCK2, 0x10)
    cpu.set_key(ORG, 0x00)                                # code block: R set by instruction fetch
    assert cpu.run(100) == L.EXIT_DIAG
    assert cpu.get_gpr(6) & 0xFF == 0x04
    assert cpu.get_gpr(7) & 0xFF == 0x16
    assert cpu.get_key(BLOCK) == 0x04                     # fetches never set C
    assert cpu.get_key(ORG) & 0x06 == 0x04


# ----------------------------------------------------------------------------- protection
STORES = [("ST    1,0(,5)", 4), ("STH   1,0(,5)", 2), ("STC   1,0(,5)", 1),
          ("MVI   0(5),X'11'", 1), ("STM   0,3,0(5)", 16), ("MVC   0(8,5),0(0)", 8),
          ("OI    0(5),X'11'", 1), ("STCK  0(5)", 8)]


@pytest.mark.parametrize("ec", [False, True], ids=["BC", "EC"])
@pytest.mark.parametrize("inst,n", STORES, ids=[s[0].split()[0] for s in STORES])
def test_store_protection_suppresses(inst, n, ec):
    mk = ec_psw if ec else bc_psw
    cpu, s = machine(f"""
         {inst}
NEXT     DIAG  0,0,0
""", ec=ec, psw=mk(ORG, key=3))
    cpu.set_gpr(1, 0x01020304)
    cpu.set_gpr(5, BLOCK + 0x100)
    cpu.set_key(BLOCK, 0x50)
    cpu.load(BLOCK + 0x100, b"\xEE" * 16)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_ec(cpu) if ec else pgm_bc(cpu)
    assert (code, ia) == (L.PIC_PROTECTION, s["NEXT"])
    assert cpu.read(BLOCK + 0x100, 16) == b"\xEE" * 16      # nothing stored
    assert cpu.get_key(BLOCK) & 0x02 == 0                   # not changed


@pytest.mark.parametrize("psw_key,block_key,ok", [
    (0, 0x50, True),      # key 0 stores anywhere
    (5, 0x50, True),      # matching key
    (5, 0x58, True),      # fetch protection does not matter for a matching key
    (3, 0x00, False),     # a key-0 block is protected from non-zero keys
    (3, 0x50, False),
])
def test_store_protection_key_rules(psw_key, block_key, ok):
    cpu, s = machine("""
         ST    1,0(,5)
NEXT     DIAG  0,0,0
""", psw=bc_psw(ORG, key=psw_key))
    cpu.set_gpr(1, 0x01020304)
    cpu.set_gpr(5, BLOCK)
    cpu.set_key(BLOCK, block_key)
    reason = cpu.run(100)
    if ok:
        assert reason == L.EXIT_DIAG
        assert cpu.read(BLOCK, 4) == bytes.fromhex("01020304")
    else:
        assert pgm_bc(cpu) == (L.PIC_PROTECTION, 2, s["NEXT"])
        assert cpu.read(BLOCK, 4) == bytes(4)


@pytest.mark.parametrize("psw_key,block_key,ok", [
    (3, 0x50, True),      # no fetch protection: any key may fetch
    (3, 0x58, False),     # fetch-protected, other key
    (5, 0x58, True),      # matching key
    (0, 0x58, True),      # key 0 fetches anything
])
def test_fetch_protection(psw_key, block_key, ok):
    cpu, s = machine("""
         L     1,0(,5)
NEXT     DIAG  0,0,0
""", ec=True, psw=ec_psw(ORG, key=psw_key))
    cpu.set_gpr(1, 0x99)
    cpu.set_gpr(5, BLOCK)
    cpu.load(BLOCK, bytes.fromhex("CAFEBABE"))
    cpu.set_key(BLOCK, block_key)
    reason = cpu.run(100)
    if ok:
        assert reason == L.EXIT_DIAG and cpu.get_gpr(1) == 0xCAFEBABE
    else:
        assert pgm_ec(cpu) == (L.PIC_PROTECTION, 2, s["NEXT"])
        assert cpu.get_gpr(1) == 0x99


def test_fetch_protection_on_instruction_fetch():
    cpu, s = machine("""
         BR    5
""", psw=bc_psw(ORG, key=3))
    cpu.load(BLOCK, bytes.fromhex("83000000"))
    cpu.set_gpr(5, BLOCK)
    cpu.set_key(BLOCK, 0x58)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    code, ilc, ia = pgm_bc(cpu)
    assert code == L.PIC_PROTECTION
    assert ia == BLOCK + 2 * ilc


def test_protection_applies_to_real_frame_under_dat():
    """Keys belong to real storage: a virtual page is protected by its frame's key."""
    cpu, s = machine("""
         ST    1,0(,5)
NEXT     DIAG  0,0,0
""", ec=True, psw=ec_psw(ORG, sysmask=0x04, key=3), memsize=1 << 20)
    # 4K pages, 64K segments; segment 0 identity, segment 1 page 0 -> real BLOCK
    cpu.set_cr(0, 0x00800000)
    cpu.set_cr(1, 0x00010000)
    cpu.load(0x10000, (0xF0011000).to_bytes(4, "big") + (0xF0011100).to_bytes(4, "big")
             + b"\x00\x00\x00\x01" * 14)
    cpu.load(0x11000, b"".join(((p << 4) & 0xFFF0).to_bytes(2, "big") for p in range(16)))
    cpu.load(0x11100, ((BLOCK >> 8) & 0xFFF0).to_bytes(2, "big") + b"\x00\x08" * 15)
    cpu.set_key(BLOCK, 0x50)
    cpu.set_key(0x10000, 0x30)                 # the virtual address's "identity" block: key 3
    cpu.set_gpr(5, 0x10000)
    assert cpu.run(100) == L.EXIT_DISABLED_WAIT
    assert pgm_ec(cpu) == (L.PIC_PROTECTION, 2, s["NEXT"])
