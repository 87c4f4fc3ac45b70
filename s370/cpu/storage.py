"""Storage access for the compiled core: DAT, prefixing, keys, R/C bits.

Every CPU storage reference goes through ``translate``: virtual (or real)
address -> absolute address, with dynamic address translation when the PSW
says so, prefixing, the addressing check against the configured size, key
protection (store and fetch) and reference/change recording.  Functions
return an absolute address or a value >= 0 on success and the *negative*
program-interruption code on an access exception (translation exceptions
also set ``S[TEA]``), so callers write::

    v = fetch_u32(S, mem, keys, tlb, addr)
    if v < 0:
        pic = -v

Multi-byte stores check every byte's access before storing anything, so an
access exception never leaves a partial result.
"""

import numpy as np
from numba import njit

from .layout import (CR0_PAGE_SIZE_SHIFT, CR0_SEGMENT_SIZE_SHIFT, CR0_FORMAT_BIT_10, CR0_PAGE_4K,
                     CR1_SEGMENT_TABLE_LENGTH_SHIFT, CR1_SEGMENT_TABLE_ORIGIN,
                     STE_PAGE_TABLE_LENGTH_SHIFT, STE_MBZ, STE_PAGE_TABLE_ORIGIN, STE_INVALID,
                     PTE4K_INVALID, PTE4K_MBZ, PTE4K_FRAME, PTE2K_INVALID, PTE2K_MBZ,
                     PTE2K_FRAME, CR, PSW_KEY, PSW_EC, PSW_SYSMASK, PREFIX, MEMSIZE, TEA,
                     KEY_FETCH, KEY_REF, KEY_CHANGE, BLOCK_SHIFT, TLB_ENTRIES,
                     TLB_GENERATION, TLB_TAG_SHIFT, TLB_GENERATIONS,
                     SM_DAT, PIC_ADDRESSING, PIC_PROTECTION,
                     PIC_SEGMENT_TRANSLATION, PIC_PAGE_TRANSLATION,
                     PIC_TRANSLATION_SPEC)

from .memops import load_be16, load_be32, load_be64, store_be16, store_be32

ACC_FETCH = 0
ACC_STORE = 1
ADDR_MASK = 0xFFFFFF
# access_range: the range is accessible but not contiguous in absolute storage
NONCONTIG = -0x10000

from .compile_options import INTERNAL


@njit(**INTERNAL)
def real_to_abs(S, r):
    """Apply prefixing to a real address."""
    p = S[PREFIX]
    if p != 0:
        hi = r & 0xFFF000
        if hi == 0:
            return r | p
        if hi == p:
            return r & 0xFFF
    return r


@njit(**INTERNAL)
def dat_params(cr0):
    """(page shift, page-index bits, segment shift) from CR0, or (-1, 0, 0) if invalid."""
    if cr0 & CR0_FORMAT_BIT_10:
        return -1, 0, 0
    ps = (cr0 >> CR0_PAGE_SIZE_SHIFT) & 3
    ss = (cr0 >> CR0_SEGMENT_SIZE_SHIFT) & 3
    if ps == 1:
        pshift = 11
    elif ps == 2:
        pshift = 12
    else:
        return -1, 0, 0
    if ss == 0:
        sshift = 16
    elif ss == 2:
        sshift = 20
    else:
        return -1, 0, 0
    return pshift, sshift - pshift, sshift


@njit(**INTERNAL)
def table_walk(S, mem, vaddr):
    """Translate through the segment and page tables (no TLB).

    Returns (code, value): code 0 -> value is the real address; code 1 ->
    segment entry invalid, 2 -> page entry invalid, 3 -> segment-table
    length exceeded, 4 -> page-table length exceeded (value = the real
    address of the entry concerned, as LRA wants);
    a negative code is a program-interruption code for translation
    specification or addressing.
    """
    size = S[MEMSIZE]
    pshift, pxbits, sshift = dat_params(S[CR + 0])
    if pshift < 0:
        return -PIC_TRANSLATION_SPEC, 0
    cr1 = S[CR + 1]
    sx = (vaddr & ADDR_MASK) >> sshift
    ste_addr = ((cr1 & CR1_SEGMENT_TABLE_ORIGIN) + (sx << 2)) & ADDR_MASK
    if (sx >> 4) > ((cr1 >> CR1_SEGMENT_TABLE_LENGTH_SHIFT) & 0xFF):
        return 3, ste_addr
    a = real_to_abs(S, ste_addr)
    if a + 4 > size:
        return -PIC_ADDRESSING, 0
    ste = (np.int64(mem[a]) << 24) | (np.int64(mem[a + 1]) << 16) | (np.int64(mem[a + 2]) << 8) | np.int64(mem[a + 3])
    if ste & STE_INVALID:
        return 1, ste_addr
    if ste & STE_MBZ:
        return -PIC_TRANSLATION_SPEC, 0
    px = (vaddr >> pshift) & ((1 << pxbits) - 1)
    pte_addr = ((ste & STE_PAGE_TABLE_ORIGIN) + (px << 1)) & ADDR_MASK
    if (px >> (pxbits - 4)) > ((ste >> STE_PAGE_TABLE_LENGTH_SHIFT) & 0xF):
        return 4, pte_addr
    a = real_to_abs(S, pte_addr)
    if a + 2 > size:
        return -PIC_ADDRESSING, 0
    pte = (np.int64(mem[a]) << 8) | np.int64(mem[a + 1])
    if pshift == 12:
        if pte & PTE4K_INVALID:
            return 2, pte_addr
        if pte & PTE4K_MBZ:
            return -PIC_TRANSLATION_SPEC, 0
        return 0, ((pte & PTE4K_FRAME) << 8) | (vaddr & 0xFFF)
    if pte & PTE2K_INVALID:
        return 2, pte_addr
    if pte & PTE2K_MBZ:
        return -PIC_TRANSLATION_SPEC, 0
    return 0, ((pte & PTE2K_FRAME) << 8) | (vaddr & 0x7FF)


@njit(**INTERNAL)
def dat_translate(S, mem, tlb, vaddr):
    """Virtual -> real through the TLB; negative program-interruption code on failure."""
    cr0 = S[CR + 0]
    pshift = 12 if (cr0 & CR0_PAGE_4K) else 11
    vpage = (vaddr & ADDR_MASK) >> pshift
    slot = (vpage & (TLB_ENTRIES - 1)) << 1
    tag = (tlb[TLB_GENERATION] << TLB_TAG_SHIFT) + vpage + 1
    if tlb[slot] == tag:
        return tlb[slot + 1] | (vaddr & ((1 << pshift) - 1))
    code, value = table_walk(S, mem, vaddr)
    if code == 0:
        tlb[slot] = tag
        tlb[slot + 1] = value & ~((1 << pshift) - 1)
        return value
    if code < 0:
        return code
    S[TEA] = (vaddr & ADDR_MASK) & ~((1 << pshift) - 1)
    if code == 1 or code == 3:
        return -PIC_SEGMENT_TRANSLATION
    return -PIC_PAGE_TRANSLATION


@njit(**INTERNAL)
def tlb_purge(tlb):
    """Invalidate every entry: a new generation (entries of older ones never match)."""
    g = tlb[TLB_GENERATION] + 1
    if g >= TLB_GENERATIONS:
        tlb[:] = 0
    else:
        tlb[TLB_GENERATION] = g


@njit(**INTERNAL)
def dat_on(S):
    return S[PSW_EC] != 0 and (S[PSW_SYSMASK] & SM_DAT) != 0


@njit(**INTERNAL)
def translate(S, mem, keys, tlb, vaddr, acc):
    """Logical address -> absolute address for one byte (see module doc)."""
    vaddr &= ADDR_MASK
    if S[PSW_EC] != 0 and (S[PSW_SYSMASK] & SM_DAT) != 0:
        r = dat_translate(S, mem, tlb, vaddr)
        if r < 0:
            return r
    else:
        r = vaddr
    a = real_to_abs(S, r)
    if a >= S[MEMSIZE]:
        return -PIC_ADDRESSING
    blk = a >> BLOCK_SHIFT
    k = np.int64(keys[blk])
    key = S[PSW_KEY]
    if acc == ACC_STORE:
        if key != 0 and (k >> 4) != key:
            return -PIC_PROTECTION
        if (k & (KEY_REF | KEY_CHANGE)) != (KEY_REF | KEY_CHANGE):
            keys[blk] = k | KEY_REF | KEY_CHANGE
    else:
        if key != 0 and (k & KEY_FETCH) != 0 and (k >> 4) != key:
            return -PIC_PROTECTION
        if (k & KEY_REF) == 0:
            keys[blk] = k | KEY_REF
    return a


@njit(**INTERNAL)
def access_range(S, mem, keys, tlb, vaddr, length, acc):
    """Check access to ``length`` (>= 1) bytes at ``vaddr`` before any is touched.

    Returns the absolute address of the first byte when the whole range is
    contiguous in absolute storage, NONCONTIG when it is accessible but not
    contiguous (page crossing under DAT, prefix area, 16M wrap: use
    ``translate`` byte by byte), or the negative interruption code.
    """
    vaddr &= ADDR_MASK
    first = translate(S, mem, keys, tlb, vaddr, acc)
    if first < 0:
        return first
    if length <= 1:
        return first
    contiguous = True
    # step block by block (2K: the finest grain of both keys and pages)
    done = 2048 - (vaddr & 0x7FF)
    while done < length:
        v = (vaddr + done) & ADDR_MASK
        a = translate(S, mem, keys, tlb, v, acc)
        if a < 0:
            return a
        if a != first + done:
            contiguous = False
        done += 2048
    last = translate(S, mem, keys, tlb, (vaddr + length - 1) & ADDR_MASK, acc)
    if last < 0:
        return last
    if last != first + length - 1:
        contiguous = False
    if contiguous:
        return first
    return NONCONTIG


@njit(**INTERNAL)
def fetch_u8(S, mem, keys, tlb, vaddr):
    a = translate(S, mem, keys, tlb, vaddr, ACC_FETCH)
    if a < 0:
        return a
    return np.int64(mem[a])


@njit(**INTERNAL)
def fetch_n(S, mem, keys, tlb, vaddr, n):
    """Fetch an n-byte (1..7) big-endian unsigned value."""
    vaddr &= ADDR_MASK
    if (vaddr & 0x7FF) <= 0x800 - n:
        a = translate(S, mem, keys, tlb, vaddr, ACC_FETCH)
        if a < 0:
            return a
        if a + n <= S[MEMSIZE]:
            v = np.int64(0)
            for i in range(n):
                v = (v << 8) | np.int64(mem[a + i])
            return v
    v = np.int64(0)
    for i in range(n):
        a = translate(S, mem, keys, tlb, vaddr + i, ACC_FETCH)
        if a < 0:
            return a
        v = (v << 8) | np.int64(mem[a])
    return v


@njit(**INTERNAL)
def fetch_u16(S, mem, keys, tlb, vaddr):
    return fetch_n(S, mem, keys, tlb, vaddr, 2)


@njit(**INTERNAL)
def fetch_u32(S, mem, keys, tlb, vaddr):
    vaddr &= ADDR_MASK
    if (vaddr & 0x7FF) <= 0x7FC:
        a = translate(S, mem, keys, tlb, vaddr, ACC_FETCH)
        if a < 0:
            return a
        if a + 4 <= S[MEMSIZE]:
            return ((np.int64(mem[a]) << 24) | (np.int64(mem[a + 1]) << 16)
                    | (np.int64(mem[a + 2]) << 8) | np.int64(mem[a + 3]))
    return fetch_n(S, mem, keys, tlb, vaddr, 4)


@njit(**INTERNAL)
def fetch_u64(S, mem, keys, tlb, vaddr):
    """Fetch a doubleword.  Returns (pic, value): pic 0 or a positive code."""
    hi = fetch_u32(S, mem, keys, tlb, vaddr)
    if hi < 0:
        return -hi, np.int64(0)
    lo = fetch_u32(S, mem, keys, tlb, vaddr + 4)
    if lo < 0:
        return -lo, np.int64(0)
    return 0, np.int64((hi << 32) | lo)


@njit(**INTERNAL)
def store_n(S, mem, keys, tlb, vaddr, n, value):
    """Store the low n (1..8) bytes of value big-endian; 0 or negative code."""
    vaddr &= ADDR_MASK
    if (vaddr & 0x7FF) <= 0x800 - n:
        a = translate(S, mem, keys, tlb, vaddr, ACC_STORE)
        if a < 0:
            return a
        if a + n <= S[MEMSIZE]:
            for i in range(n):
                mem[a + i] = (value >> (8 * (n - 1 - i))) & 0xFF
            return 0
    # crossing a block: check both ends first (nothing stored on exception)
    a = translate(S, mem, keys, tlb, vaddr, ACC_STORE)
    if a < 0:
        return a
    b = translate(S, mem, keys, tlb, vaddr + n - 1, ACC_STORE)
    if b < 0:
        return b
    for i in range(n):
        a = translate(S, mem, keys, tlb, vaddr + i, ACC_STORE)
        mem[a] = (value >> (8 * (n - 1 - i))) & 0xFF
    return 0


@njit(**INTERNAL)
def store_u8(S, mem, keys, tlb, vaddr, value):
    a = translate(S, mem, keys, tlb, vaddr, ACC_STORE)
    if a < 0:
        return a
    mem[a] = value & 0xFF
    return 0


@njit(**INTERNAL)
def store_u16(S, mem, keys, tlb, vaddr, value):
    return store_n(S, mem, keys, tlb, vaddr, 2, value)


@njit(**INTERNAL)
def store_u32(S, mem, keys, tlb, vaddr, value):
    vaddr &= ADDR_MASK
    if (vaddr & 0x7FF) <= 0x7FC:
        a = translate(S, mem, keys, tlb, vaddr, ACC_STORE)
        if a < 0:
            return a
        if a + 4 <= S[MEMSIZE]:
            mem[a] = (value >> 24) & 0xFF
            mem[a + 1] = (value >> 16) & 0xFF
            mem[a + 2] = (value >> 8) & 0xFF
            mem[a + 3] = value & 0xFF
            return 0
    return store_n(S, mem, keys, tlb, vaddr, 4, value)


@njit(**INTERNAL)
def store_u64(S, mem, keys, tlb, vaddr, value):
    return store_n(S, mem, keys, tlb, vaddr, 8, value)


@njit(**INTERNAL)
def fetch_bytes(S, mem, keys, tlb, vaddr, length, buf):
    """Copy ``length`` bytes at vaddr into buf[0:length]; 0 or negative code."""
    a = access_range(S, mem, keys, tlb, vaddr, length, ACC_FETCH)
    if a == NONCONTIG:
        for i in range(length):
            buf[i] = mem[translate(S, mem, keys, tlb, vaddr + i, ACC_FETCH)]
        return 0
    if a < 0:
        return a
    for i in range(length):
        buf[i] = mem[a + i]
    return 0


@njit(**INTERNAL)
def store_bytes(S, mem, keys, tlb, vaddr, length, buf):
    """Store buf[0:length] at vaddr; all-or-nothing; 0 or negative code."""
    a = access_range(S, mem, keys, tlb, vaddr, length, ACC_STORE)
    if a == NONCONTIG:
        for i in range(length):
            mem[translate(S, mem, keys, tlb, vaddr + i, ACC_STORE)] = buf[i]
        return 0
    if a < 0:
        return a
    for i in range(length):
        mem[a + i] = buf[i]
    return 0


@njit(**INTERNAL)
def check_access(S, mem, keys, tlb, vaddr, length, acc):
    """0 if ``length`` bytes at vaddr may be accessed, else the negative code."""
    a = access_range(S, mem, keys, tlb, vaddr, length, acc)
    if a == NONCONTIG or a >= 0:
        return 0
    return a


# --- hot-path accessors ----------------------------------------------------------
# Inlined into the run loop.  ``limit`` is the storage size when DAT is off and the
# prefix is zero (real = absolute = logical), else 0: an address below it, inside one
# 2K block, needs only the key check (``pkey`` is the PSW key) and R/C recording.
# Anything else takes the general path above.  (One bound instead of a flag and a
# size: the run loop keeps one register fewer on its hot path.)

@njit(inline="always", **INTERNAL)
def _fast_fetch_ok(keys, a, pkey):
    k = np.int64(keys[a >> BLOCK_SHIFT])
    if pkey != 0 and (k & KEY_FETCH) != 0 and (k >> 4) != pkey:
        return False
    if (k & KEY_REF) == 0:
        keys[a >> BLOCK_SHIFT] = k | KEY_REF
    return True


@njit(inline="always", **INTERNAL)
def _fast_store_ok(keys, a, pkey):
    k = np.int64(keys[a >> BLOCK_SHIFT])
    if pkey != 0 and (k >> 4) != pkey:
        return False
    if (k & (KEY_REF | KEY_CHANGE)) != (KEY_REF | KEY_CHANGE):
        keys[a >> BLOCK_SHIFT] = k | KEY_REF | KEY_CHANGE
    return True


@njit(inline="always", **INTERNAL)
def rd32(S, mem, keys, tlb, a, limit, pkey):
    if (a & 0x7FF) <= 0x7FC and a < limit and _fast_fetch_ok(keys, a, pkey):
        return load_be32(mem, a)
    return fetch_u32(S, mem, keys, tlb, a)


@njit(inline="always", **INTERNAL)
def rd16(S, mem, keys, tlb, a, limit, pkey):
    if (a & 0x7FF) <= 0x7FE and a < limit and _fast_fetch_ok(keys, a, pkey):
        return load_be16(mem, a)
    return fetch_n(S, mem, keys, tlb, a, 2)


@njit(inline="always", **INTERNAL)
def rd8(S, mem, keys, tlb, a, limit, pkey):
    if a < limit and _fast_fetch_ok(keys, a, pkey):
        return np.int64(mem[a])
    return fetch_u8(S, mem, keys, tlb, a)


@njit(inline="always", **INTERNAL)
def wr32(S, mem, keys, tlb, a, v, limit, pkey):
    if (a & 0x7FF) <= 0x7FC and a < limit and _fast_store_ok(keys, a, pkey):
        store_be32(mem, a, v)
        return 0
    return store_u32(S, mem, keys, tlb, a, v)


@njit(inline="always", **INTERNAL)
def wr16(S, mem, keys, tlb, a, v, limit, pkey):
    if (a & 0x7FF) <= 0x7FE and a < limit and _fast_store_ok(keys, a, pkey):
        store_be16(mem, a, v)
        return 0
    return store_n(S, mem, keys, tlb, a, 2, v)


@njit(inline="always", **INTERNAL)
def wr8(S, mem, keys, tlb, a, v, limit, pkey):
    if a < limit and _fast_store_ok(keys, a, pkey):
        mem[a] = v & 0xFF
        return 0
    return store_u8(S, mem, keys, tlb, a, v)


@njit(inline="always", **INTERNAL)
def xlate(S, mem, keys, tlb, a, acc, limit, pkey):
    """Absolute address of one byte for fetch (acc 0) or store (acc 1)."""
    if a < limit:
        if acc == ACC_STORE:
            if _fast_store_ok(keys, a, pkey):
                return a
        elif _fast_fetch_ok(keys, a, pkey):
            return a
    return translate(S, mem, keys, tlb, a, acc)


@njit(inline="always", **INTERNAL)
def fast_range_ok(keys, a, n, pkey, store, limit):
    """Below ``limit`` (fast addressing): may n (1..256) bytes at a be accessed?  (Checks only.)"""
    if a + n > limit:
        return False
    if pkey == 0:
        return True
    for blk in (a >> BLOCK_SHIFT, (a + n - 1) >> BLOCK_SHIFT):
        k = np.int64(keys[blk])
        if (k >> 4) != pkey and (store or (k & KEY_FETCH) != 0):
            return False
    return True


@njit(inline="always", **INTERNAL)
def fast_range_mark(keys, a, n, store):
    """Record reference (and change) for n (1..256) bytes at a."""
    bits = (KEY_REF | KEY_CHANGE) if store else KEY_REF
    keys[a >> BLOCK_SHIFT] |= bits
    keys[(a + n - 1) >> BLOCK_SHIFT] |= bits


@njit(inline="always", **INTERNAL)
def rd64(S, mem, keys, tlb, a, limit, pkey):
    """Doubleword fetch: (0, value) or (code, 0)."""
    if (a & 0x7FF) <= 0x7F8 and a < limit and _fast_fetch_ok(keys, a, pkey):
        return 0, load_be64(mem, a)
    return fetch_u64(S, mem, keys, tlb, a)


@njit(inline="always", **INTERNAL)
def wr64(S, mem, keys, tlb, a, v, limit, pkey):
    if (a & 0x7FF) <= 0x7F8 and a < limit and _fast_store_ok(keys, a, pkey):
        for i in range(8):
            mem[a + i] = (v >> (56 - 8 * i)) & 0xFF
        return 0
    return store_n(S, mem, keys, tlb, a, 8, v)
