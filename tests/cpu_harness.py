"""Shared harness of the CPU control-side tests: trap new PSWs, PSW builders, readers.

Each program is assembled at ORG with base register 12; every new PSW is a
disabled wait whose instruction address names the interruption class.
"""

from s370.asm import assemble
from s370.cpu import layout as L
from s370.cpu import CPU

ORG = 0x2000
# every new PSW is a disabled wait whose instruction address names the class
NEW_IA = {L.LOC_EXT_NEW: 0xE0E0, L.LOC_SVC_NEW: 0xC0C0, L.LOC_PGM_NEW: 0xA0A0,
          L.LOC_IO_NEW: 0xB0B0, L.LOC_MCK_NEW: 0x9090, L.LOC_IPL_PSW: 0xD0D0}
PGM_TRAP = 0xA0A0


def bc_psw(ia, sysmask=0, key=0, m=0, w=0, p=0, code=0, ilc=0, cc=0, pm=0):
    return ((sysmask << 56) | (key << 52) | (m << 50) | (w << 49) | (p << 48) | (code << 32)
            | (ilc << 30) | (cc << 28) | (pm << 24) | (ia & 0xFFFFFF))


def ec_psw(ia, sysmask=0, key=0, m=0, w=0, p=0, cc=0, pm=0):
    return ((sysmask << 56) | (key << 52) | (1 << 51) | (m << 50) | (w << 49) | (p << 48)
            | (cc << 44) | (pm << 40) | (ia & 0xFFFFFF))


def machine(src, ec=False, psw=None, memsize=1 << 18, **kw):
    """Assemble ``src`` at ORG (base register 12), build a CPU, plant trap new PSWs."""
    long = [ln for ln in src.splitlines() if len(ln) > 71]
    assert not long, f"column 72 is the continuation column: {long}"
    a = assemble(" USING *,12\n" + src + "\n END", origin=ORG)
    assert not a.errors, a.errors
    cpu = CPU(memsize=memsize, **kw)
    cpu.load(ORG, a.image)
    cpu.set_gpr(12, ORG)
    mk = ec_psw if ec else bc_psw
    for loc, ia in NEW_IA.items():
        cpu.load(loc, mk(ia, w=1).to_bytes(8, "big"))
    cpu.load(L.LOC_ITIMER, b"\x7f\xff\xff\xff")      # interval timer far from zero
    assert cpu.set_psw(psw if psw is not None else mk(ORG))
    return cpu, a.symbols


def dw(cpu, addr):
    return int.from_bytes(cpu.read(addr, 8), "big")


def word(cpu, addr):
    return int.from_bytes(cpu.read(addr, 4), "big")


def half(cpu, addr):
    return int.from_bytes(cpu.read(addr, 2), "big")


def psw_int(cpu):
    return int.from_bytes(cpu.psw, "big")


def bc_fields(w):
    """(interruption code, ILC, CC, PM, IA) of a BC-mode PSW image."""
    return (w >> 32) & 0xFFFF, (w >> 30) & 3, (w >> 28) & 3, (w >> 24) & 15, w & 0xFFFFFF


def pgm_bc(cpu):
    """Program interruption taken in BC mode: (code, ILC, old IA)."""
    assert cpu.ia == PGM_TRAP, f"no program interruption (IA {cpu.ia:06X})"
    code, ilc, _, _, ia = bc_fields(dw(cpu, L.LOC_PGM_OLD))
    return code, ilc, ia


def pgm_ec(cpu):
    """Program interruption taken in EC mode: (code, ILC, old IA) from 140-143 and 40."""
    assert cpu.ia == PGM_TRAP, f"no program interruption (IA {cpu.ia:06X})"
    assert cpu.read(140, 1) == b"\x00"
    ilc_byte = cpu.read(141, 1)[0]
    assert ilc_byte & 0xF9 == 0
    return half(cpu, 142), (ilc_byte >> 1) & 3, dw(cpu, L.LOC_PGM_OLD) & 0xFFFFFF
