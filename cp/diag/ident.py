"""DIAGNOSE X'00': store the extended identification code (GC20-1807 p. 214).

Rx = doubleword-aligned real address of the receive area, Ry = how many bytes to
store (unsigned); at most the 32-byte block below is stored, cc unchanged.

    +0  8  system name, EBCDIC 'VM/370  '
    +8  3  version, level, PLC number
    +11 1  version code (STIDP's, X'FF' in a virtual machine)
    +12 2  MCEL length (no machine-check extended logout here: 0)
    +14 2  processor address (STAP's)
    +16 8  userid, EBCDIC
    +24 8  program-product bit map; bit 63 announces the full-screen DIAG X'58'
           CCWs X'29'/X'2A' (the VM/370 CE convention, which this CP supports)
"""

from __future__ import annotations

from s370.cpu import layout as L

from .call import DiagCall, ebcdic_field

SYSTEM_NAME = "VM/370"
# Release 6, level 0, PLC 0.  The bytes a real R6 system stores are not confirmed.
VERSION_NUMBER = 6
VERSION_LEVEL = 0
VERSION_PLC = 0
MCEL_LENGTH = 0
PRODUCT_FULLSCREEN_DIAG58 = 1           # bit 63 of the program-product bit map
IDENT_LENGTH = 32


def ident_block(call: DiagCall) -> bytes:
    sd = call.sd
    return (ebcdic_field(SYSTEM_NAME, 8)
            + bytes([VERSION_NUMBER, VERSION_LEVEL, VERSION_PLC, int(sd.S[L.CPU_VERSION]) & 0xFF])
            + MCEL_LENGTH.to_bytes(2, "big")
            + (int(sd.S[L.CPU_ADDR]) & 0xFFFF).to_bytes(2, "big")
            + ebcdic_field(call.user.userid, 8)
            + PRODUCT_FULLSCREEN_DIAG58.to_bytes(8, "big"))


def diag_00(call: DiagCall) -> None:
    addr = call.gpr(call.rx)
    n = min(call.gpr(call.ry), IDENT_LENGTH)
    call.check(addr, n, align=8)
    call.store(addr, ident_block(call)[:n])
