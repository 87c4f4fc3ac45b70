"""General storage-to-storage instructions: MVC MVN MVZ NC CLC OC XC TR TRT, MVCL, CLCL.

All operand accesses are checked before anything is stored, so an access
exception leaves storage unchanged.  Moves go byte by byte left to right
where operands overlap, so MVC 1(n,R),0(R) propagates a byte as the
architecture requires.  MVCL and CLCL work in pieces no longer than a 2K
block and return ``INCOMPLETE`` until done, so they are interruptible and
restart from their registers.
"""

import numpy as np
from numba import njit

from .compile_options import INTERNAL

from .layout import GPR, PSW_CC, PIC_SPECIFICATION
from .storage import (access_range, translate, NONCONTIG, ACC_FETCH, ACC_STORE,
                      ADDR_MASK)
from .memops import mem_move, mem_fill, load_raw64, store_raw64, load_be64
from s370.isa import (OP_MVN, OP_MVC, OP_MVZ, OP_NC, OP_CLC, OP_OC, OP_XC, OP_TR, OP_TRT)

INCOMPLETE = 0x20000
SHORT = 16                    # operands up to this length: a byte loop beats a library call
SIGN64 = -(1 << 63)


# --- whole operands in one contiguous absolute range ----------------------------------
# Used when both operands' accesses have been checked and each is contiguous in absolute
# storage (a1, a2 are absolute offsets into mem).  Each gives exactly the result of the
# architecture's byte-by-byte, left-to-right processing, overlap included.

@njit(inline="always", **INTERNAL)
def move_bytes(mem, a1, a2, n):
    """MVC: mem[a1+i] = mem[a2+i] for i = 0..n-1 in turn."""
    if n <= SHORT:
        for i in range(n):
            mem[a1 + i] = mem[a2 + i]
    elif a1 <= a2 or a1 >= a2 + n:
        mem_move(mem, a1, a2, n)          # no byte is stored before it is fetched
    else:
        propagate(mem, a1, a2, n)


@njit(**INTERNAL)
def propagate(mem, a1, a2, n):
    """MVC with the destination 1..n-1 bytes past the source: the first a1-a2 source
    bytes repeat through the destination (a1 = a2+1 fills with one byte)."""
    gap = a1 - a2
    if gap == 1:
        mem_fill(mem, a1, n, np.int64(mem[a2]))
        return
    pos = 0
    while pos < n:
        # [a2, a1+pos) already holds the repeating pattern and pos is a multiple of gap,
        # so copying its first gap+pos bytes on to a1+pos continues the pattern
        c = min(n - pos, gap + pos)
        mem_move(mem, a1 + pos, a2, c)
        pos += c


@njit(inline="always", **INTERNAL)
def compare_bytes(mem, a1, a2, n):
    """CLC: condition code of the first operand against the second (unsigned bytes)."""
    i = 0
    if n > 8:
        while i + 8 <= n:
            x = load_be64(mem, a1 + i)
            y = load_be64(mem, a2 + i)
            if x != y:
                return 1 if (x ^ SIGN64) < (y ^ SIGN64) else 2
            i += 8
    while i < n:
        x = mem[a1 + i]
        y = mem[a2 + i]
        if x != y:
            return 1 if x < y else 2
        i += 1
    return 0


@njit(inline="always", **INTERNAL)
def and_or_xor_bytes(mem, op, a1, a2, n):
    """NC, OC, XC: the result into the first operand; its condition code (0 all zero)."""
    nz = np.int64(0)
    i = 0
    if n > 8 and (a1 <= a2 or a1 >= a2 + 8):
        # whole words give the byte-by-byte result: every source byte a word fetches is
        # either never stored or stored by an earlier word
        while i + 8 <= n:
            x = load_raw64(mem, a1 + i)
            y = load_raw64(mem, a2 + i)
            if op == OP_XC:
                x ^= y
            elif op == OP_OC:
                x |= y
            else:
                x &= y
            store_raw64(mem, a1 + i, x)
            nz |= x
            i += 8
    while i < n:
        x = np.int64(mem[a1 + i])
        y = np.int64(mem[a2 + i])
        if op == OP_XC:
            x ^= y
        elif op == OP_OC:
            x |= y
        else:
            x &= y
        mem[a1 + i] = x
        nz |= x
        i += 1
    return 1 if nz else 0


@njit(inline="always", **INTERNAL)
def move_digits_or_zones(mem, op, a1, a2, n):
    """MVN (right halves) or MVZ (left halves), byte by byte left to right."""
    keep = 0xF0 if op == OP_MVN else 0x0F
    for i in range(n):
        mem[a1 + i] = (np.int64(mem[a1 + i]) & keep) | (np.int64(mem[a2 + i]) & (0xFF ^ keep))


@njit(inline="always", **INTERNAL)
def translate_in_place(mem, a1, n, table):
    """TR with the whole table accessible: each byte replaced by its table entry."""
    for i in range(n):
        mem[a1 + i] = mem[table + np.int64(mem[a1 + i])]



@njit(**INTERNAL)
def _byte_addr(S, mem, keys, tlb, base, abs_start, i, acc):
    if abs_start >= 0:
        return abs_start + i
    return translate(S, mem, keys, tlb, (base + i) & ADDR_MASK, acc)


@njit(**INTERNAL)
def ss_logical(S, mem, keys, tlb, op, ea1, length_code, ea2):
    """Execute an SS-format general instruction; 0 or a program-interruption code."""
    n = length_code + 1
    acc1 = ACC_FETCH if (op == OP_CLC or op == OP_TRT) else ACC_STORE
    a1 = access_range(S, mem, keys, tlb, ea1, n, acc1)
    if a1 < 0 and a1 != NONCONTIG:
        return -a1
    if op == OP_TR or op == OP_TRT:
        return translate_bytes(S, mem, keys, tlb, op, ea1, a1, n, ea2)
    a2 = access_range(S, mem, keys, tlb, ea2, n, ACC_FETCH)
    if a2 < 0 and a2 != NONCONTIG:
        return -a2
    if a1 == NONCONTIG:
        a1 = -1
    if a2 == NONCONTIG:
        a2 = -1
    if a1 >= 0 and a2 >= 0:
        if op == OP_MVC:
            move_bytes(mem, a1, a2, n)
            return 0
        if op == OP_CLC:
            S[PSW_CC] = compare_bytes(mem, a1, a2, n)
            return 0
        if op == OP_NC or op == OP_OC or op == OP_XC:
            S[PSW_CC] = and_or_xor_bytes(mem, op, a1, a2, n)
            return 0
    if op == OP_MVC:
        for i in range(n):
            d = _byte_addr(S, mem, keys, tlb, ea1, a1, i, ACC_STORE)
            s = _byte_addr(S, mem, keys, tlb, ea2, a2, i, ACC_FETCH)
            mem[d] = mem[s]
        return 0
    if op == OP_CLC:
        cc = 0
        for i in range(n):
            x = np.int64(mem[_byte_addr(S, mem, keys, tlb, ea1, a1, i, ACC_FETCH)])
            y = np.int64(mem[_byte_addr(S, mem, keys, tlb, ea2, a2, i, ACC_FETCH)])
            if x != y:
                cc = 1 if x < y else 2
                break
        S[PSW_CC] = cc
        return 0
    nz = 0
    for i in range(n):
        d = _byte_addr(S, mem, keys, tlb, ea1, a1, i, ACC_STORE)
        s = _byte_addr(S, mem, keys, tlb, ea2, a2, i, ACC_FETCH)
        x = np.int64(mem[d])
        y = np.int64(mem[s])
        if op == OP_NC:
            v = x & y
        elif op == OP_OC:
            v = x | y
        elif op == OP_XC:
            v = x ^ y
        elif op == OP_MVN:
            v = (x & 0xF0) | (y & 0x0F)
        else:                              # MVZ
            v = (x & 0x0F) | (y & 0xF0)
        mem[d] = v
        nz |= v
    if op == OP_NC or op == OP_OC or op == OP_XC:
        S[PSW_CC] = 1 if nz else 0
    return 0


@njit(**INTERNAL)
def translate_bytes(S, mem, keys, tlb, op, ea1, a1, n, ea2):
    """TR and TRT: only the table bytes actually used are accessed."""
    if a1 == NONCONTIG:
        a1 = -1
    ta = access_range(S, mem, keys, tlb, ea2, 256, ACC_FETCH)
    if ta == NONCONTIG or ta < 0:
        ta = -1
    elif a1 >= 0 and op == OP_TR:
        translate_in_place(mem, a1, n, ta)
        return 0
    for i in range(n):
        d = _byte_addr(S, mem, keys, tlb, ea1, a1, i, ACC_STORE if op == OP_TR else ACC_FETCH)
        x = np.int64(mem[d])
        if ta >= 0:
            f = np.int64(mem[ta + x])
        else:
            t = translate(S, mem, keys, tlb, (ea2 + x) & ADDR_MASK, ACC_FETCH)
            if t < 0:
                return -t
            f = np.int64(mem[t])
        if op == OP_TR:
            mem[d] = f
        elif f != 0:
            addr = (ea1 + i) & ADDR_MASK
            S[GPR + 1] = (S[GPR + 1] & 0xFF000000) | addr
            S[GPR + 2] = (S[GPR + 2] & 0xFFFFFF00) | np.int64(f)
            S[PSW_CC] = 2 if i == n - 1 else 1
            return 0
    if op == OP_TRT:
        S[PSW_CC] = 0
    return 0


@njit(**INTERNAL)
def _block_room(addr):
    return 2048 - (addr & 0x7FF)


@njit(**INTERNAL)
def mvcl(S, mem, keys, tlb, r1, r2):
    """MOVE LONG, one piece; 0, INCOMPLETE or a program-interruption code."""
    if (r1 & 1) or (r2 & 1):
        return PIC_SPECIFICATION
    d = S[GPR + r1] & ADDR_MASK
    len1 = S[GPR + r1 + 1] & ADDR_MASK
    s = S[GPR + r2] & ADDR_MASK
    len2 = S[GPR + r2 + 1] & ADDR_MASK
    pad = (S[GPR + r2 + 1] >> 24) & 0xFF
    cc = 0 if len1 == len2 else (1 if len1 < len2 else 2)
    moved = min(len1, len2)
    if moved > 0 and ((d - s) & ADDR_MASK) > 0 and ((d - s) & ADDR_MASK) < moved:
        S[PSW_CC] = 3                          # destructive overlap: nothing moved
        S[GPR + r1] = d
        S[GPR + r2] = s
        return 0
    S[PSW_CC] = cc
    if len1 == 0:
        S[GPR + r1] = d
        S[GPR + r2] = s
        return 0
    n = min(len1, _block_room(d))
    a1 = translate(S, mem, keys, tlb, d, ACC_STORE)
    if a1 < 0:
        return -a1
    if len2 > 0:
        n = min(n, len2, _block_room(s))
        a2 = translate(S, mem, keys, tlb, s, ACC_FETCH)
        if a2 < 0:
            return -a2
        for i in range(n):
            mem[a1 + i] = mem[a2 + i]
        s = (s + n) & ADDR_MASK
        len2 -= n
    else:
        for i in range(n):
            mem[a1 + i] = pad
    d = (d + n) & ADDR_MASK
    len1 -= n
    S[GPR + r1] = d
    S[GPR + r1 + 1] = (S[GPR + r1 + 1] & 0xFF000000) | len1
    S[GPR + r2] = s
    S[GPR + r2 + 1] = (S[GPR + r2 + 1] & 0xFF000000) | len2
    return INCOMPLETE if len1 > 0 else 0


@njit(**INTERNAL)
def clcl(S, mem, keys, tlb, r1, r2):
    """COMPARE LOGICAL LONG, one piece; 0, INCOMPLETE or a program-interruption code."""
    if (r1 & 1) or (r2 & 1):
        return PIC_SPECIFICATION
    a = S[GPR + r1] & ADDR_MASK
    len1 = S[GPR + r1 + 1] & ADDR_MASK
    b = S[GPR + r2] & ADDR_MASK
    len2 = S[GPR + r2 + 1] & ADDR_MASK
    pad = (S[GPR + r2 + 1] >> 24) & 0xFF
    cc = 0
    n = max(len1, len2)
    if len1 > 0:
        n = min(n, _block_room(a))
    if len2 > 0:
        n = min(n, _block_room(b))
    if n > 0:
        a1 = translate(S, mem, keys, tlb, a, ACC_FETCH) if len1 > 0 else 0
        if a1 < 0:
            return -a1
        a2 = translate(S, mem, keys, tlb, b, ACC_FETCH) if len2 > 0 else 0
        if a2 < 0:
            return -a2
        i = 0
        while i < n:
            x = np.int64(mem[a1 + i]) if len1 > 0 else pad
            y = np.int64(mem[a2 + i]) if len2 > 0 else pad
            if x != y:
                cc = 1 if x < y else 2
                break
            i += 1
            if len1 > 0:
                len1 -= 1
            if len2 > 0:
                len2 -= 1
        a = (S[GPR + r1] + min(i, S[GPR + r1 + 1] & ADDR_MASK)) & ADDR_MASK
        b = (S[GPR + r2] + min(i, S[GPR + r2 + 1] & ADDR_MASK)) & ADDR_MASK
    S[GPR + r1] = a
    S[GPR + r1 + 1] = (S[GPR + r1 + 1] & 0xFF000000) | len1
    S[GPR + r2] = b
    S[GPR + r2 + 1] = (S[GPR + r2 + 1] & 0xFF000000) | len2
    S[PSW_CC] = cc
    if cc == 0 and (len1 > 0 or len2 > 0):
        return INCOMPLETE
    return 0
