"""One DIAGNOSE as CP sees it: the registers named by the instruction, the guest's
storage as the guest addresses it, the condition code, and the program exceptions.

Why a class: every handler needs the same few things -- Rx/Ry (and Ry+1), a store
into guest real storage that honours prefixing and raises an addressing exception
beyond the guest's storage, a doubleword-alignment check that raises a
specification exception -- and the VM/370 rule that CP then *suppresses* the
function and reflects the interruption to the guest (GC20-1807 DIAGNOSE chapter).
A handler raises ``ProgramCheck``; ``cp.diag.dispatch`` reflects it.

Addresses given in registers are the guest's *real* addresses (VM/370 treats them
as virtual-machine real storage): locations 0-4095 and the prefix page swap as for
the channel; the result is an index into ``vm.sd.mem``.
"""

from __future__ import annotations

import numpy as np

from s370 import ebcdic
from s370.cpu import layout as L


class ProgramCheck(Exception):
    """The DIAGNOSE is suppressed; the guest gets this program interruption code."""

    def __init__(self, code: int, why: str = ""):
        super().__init__(why or f"program check {code:#04x}")
        self.code = code


def specification(why: str = "") -> ProgramCheck:
    return ProgramCheck(L.PIC_SPECIFICATION, why)


def addressing(why: str = "") -> ProgramCheck:
    return ProgramCheck(L.PIC_ADDRESSING, why)


class DiagCall:
    """DIAGNOSE Rx,Ry,code for ``user`` (the instruction's register fields from the intercept)."""

    def __init__(self, user, code: int):
        self.user = user
        self.vm = user.vm
        self.sd = self.vm.sd
        self.code = code
        self.rx = self.sd.intercept_r1
        self.ry = self.sd.intercept_r3

    # ------------------------------------------------------------------ registers
    def gpr(self, r: int) -> int:
        return self.sd.get_gpr(r & 15)

    def set_gpr(self, r: int, value: int) -> None:
        self.sd.set_gpr(r & 15, value & 0xFFFFFFFF)

    @property
    def ry1(self) -> int:
        """Ry+1 (the register after Ry; R0 after R15, as the hardware wraps pairs)."""
        return (self.ry + 1) & 15

    @property
    def rx1(self) -> int:
        return (self.rx + 1) & 15

    def set_cc(self, cc: int) -> None:
        self.sd.S[L.PSW_CC] = cc & 3

    @property
    def cc(self) -> int:
        return int(self.sd.S[L.PSW_CC])

    # ------------------------------------------------------------------ storage
    @property
    def memsize(self) -> int:
        return self.sd.memsize

    def absolute(self, addr: int) -> int:
        """Guest real address -> index into the guest's storage (prefixing applied)."""
        addr &= 0xFFFFFF
        prefix = int(self.sd.S[L.PREFIX])
        if prefix:
            if addr < 4096:
                return addr + prefix
            if prefix <= addr < prefix + 4096:
                return addr - prefix
        return addr

    def inside(self, addr: int, length: int) -> bool:
        addr &= 0xFFFFFF
        return length <= 0 or addr + length <= self.memsize

    def check(self, addr: int, length: int, align: int = 1) -> None:
        """Specification exception if ``addr`` is not a multiple of ``align``; addressing
        exception if any of the ``length`` bytes lie outside the guest's storage."""
        if align > 1 and addr % align:
            raise specification(f"address {addr:06X} not aligned on {align}")
        if not self.inside(addr, length):
            raise addressing(f"{length} bytes at {addr & 0xFFFFFF:06X} outside storage")

    def fetch(self, addr: int, length: int) -> bytes:
        self.check(addr, length)
        out = bytearray()
        addr &= 0xFFFFFF
        while length > 0:                      # page by page: prefixing is per 4K page
            n = min(length, 4096 - (addr & 4095))
            a = self.absolute(addr)
            out += self.sd.mem[a:a + n].tobytes()
            self.sd.keys[a >> L.BLOCK_SHIFT] |= L.KEY_REF
            addr += n
            length -= n
        return bytes(out)

    def store(self, addr: int, data: bytes) -> None:
        self.check(addr, len(data))
        addr &= 0xFFFFFF
        pos = 0
        while pos < len(data):
            n = min(len(data) - pos, 4096 - (addr & 4095))
            a = self.absolute(addr)
            self.sd.mem[a:a + n] = np.frombuffer(bytes(data[pos:pos + n]), dtype=np.uint8)
            b0, b1 = a >> L.BLOCK_SHIFT, (a + n - 1) >> L.BLOCK_SHIFT
            self.sd.keys[b0:b1 + 1] |= L.KEY_REF | L.KEY_CHANGE
            addr += n
            pos += n

    def fetch_word(self, addr: int) -> int:
        return int.from_bytes(self.fetch(addr, 4), "big")


def ebcdic_field(text: str, length: int) -> bytes:
    """``text`` in EBCDIC, blank-padded (or cut) to ``length`` bytes."""
    data = ebcdic.encode(text[:length])
    return data + bytes([ebcdic.BLANK]) * (length - len(data))
