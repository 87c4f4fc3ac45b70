"""Interruptions: the PSW swap for each class and the choice among pending ones.

Old PSWs and identification fields are stored into real low storage (with
prefixing, without key checking, setting reference and change bits); the new
PSW is loaded and checked as LPSW would (early specification exception).
BC mode puts the interruption code and ILC in the old PSW; EC mode stores
them at 134-143 / 184-187 (GA22-7000 "Assigned Storage Locations").
"""

import numpy as np
from numba import njit

from .compile_options import INTERNAL

from .layout import (EXT_POSTED, EXT_POSTED_MASK, EXT_POSTED_MORE, PSW_WAIT, STOP_REQUEST,
                     RESTART_PENDING, IO_PENDING, PSW_EC, PSW_INTCODE, PSW_ILC, PSW_SYSMASK,
                     PSW_MCHK, CR,
                     EXT_PENDING, SIGNALS, TOD, CKC, CPUTIMER, CPU_ADDR, LOC_EXT_CPUADDR, TEA,
                     MON_CLASS, MON_CODE, PIC_LAST, PGM_COUNT, SVC_COUNT, EXT_COUNT, IO_COUNT, KEY_REF,
                     KEY_CHANGE, BLOCK_SHIFT, LOC_PGM_OLD, LOC_PGM_NEW, LOC_SVC_OLD, LOC_SVC_NEW,
                     LOC_EXT_OLD, LOC_EXT_NEW, LOC_IO_OLD, LOC_IO_NEW, LOC_RESTART_OLD,
                     LOC_IPL_PSW, LOC_PGM_ILC, LOC_SVC_ILC, LOC_EXT_CODE, LOC_TEA,
                     LOC_MON_CLASS, LOC_MON_CODE, LOC_IO_ADDR, EXTP_ITIMER, EXTP_INTKEY,
                     EXTP_EXTCALL, EXTP_EMERGENCY, EXTP_MALFUNCTION, CR0_ITIMER,
                     CR0_INTKEY, CR0_EXTSIG, CR0_EXTCALL, CR0_EMERGENCY,
                     CR0_MALFUNCTION, CR0_CKC, CR0_CPUTIMER, EXT_CODE_CKC, EXT_CODE_CPUTIMER,
                     EXT_CODE_EXTCALL, EXT_CODE_EMERGENCY, EXT_CODE_MALFUNCTION, PIC_SEGMENT_TRANSLATION,
                     PIC_PAGE_TRANSLATION, PIC_MONITOR)
from .psw import psw_image, load_psw
from .storage import real_to_abs
from .timers import unsigned_gt


@njit(**INTERNAL)
def store_real(S, mem, keys, raddr, n, value):
    a = real_to_abs(S, raddr)
    for i in range(n):
        mem[a + i] = (value >> (8 * (n - 1 - i))) & 0xFF
    keys[a >> BLOCK_SHIFT] |= KEY_REF | KEY_CHANGE


@njit(**INTERNAL)
def fetch_real(S, mem, keys, raddr, n):
    a = real_to_abs(S, raddr)
    v = np.int64(0)
    for i in range(n):
        v = (v << 8) | np.int64(mem[a + i])
    keys[a >> BLOCK_SHIFT] |= KEY_REF
    return v


@njit(**INTERNAL)
def swap_psw(S, mem, keys, old, new, ia, cc, code, ilc):
    """Store the current PSW at ``old`` and load the one at ``new``; 0 or 6 (invalid new PSW)."""
    if S[PSW_EC] == 0:
        S[PSW_INTCODE] = code & 0xFFFF
        S[PSW_ILC] = ilc
    store_real(S, mem, keys, old, 8, psw_image(S, ia, cc))
    return load_psw(S, fetch_real(S, mem, keys, new, 8))


@njit(**INTERNAL)
def program_interrupt(S, mem, keys, code, ilc, ia, cc):
    """Program interruption; ``ia`` is the address the old PSW must hold."""
    S[PIC_LAST] = code
    S[PGM_COUNT] += 1
    if S[PSW_EC]:
        store_real(S, mem, keys, LOC_PGM_ILC - 1, 4, ((ilc << 1) << 16) | (code & 0xFFFF))
    base = code & 0x7F
    if base == PIC_SEGMENT_TRANSLATION or base == PIC_PAGE_TRANSLATION:
        store_real(S, mem, keys, LOC_TEA, 4, S[TEA] & 0xFFFFFF)
    if code & PIC_MONITOR:
        store_real(S, mem, keys, LOC_MON_CLASS - 1, 2, S[MON_CLASS] & 0xFF)
        store_real(S, mem, keys, LOC_MON_CODE, 4, S[MON_CODE] & 0xFFFFFF)
    return swap_psw(S, mem, keys, LOC_PGM_OLD, LOC_PGM_NEW, ia, cc, code, ilc)


@njit(**INTERNAL)
def svc_interrupt(S, mem, keys, number, ilc, ia, cc):
    S[SVC_COUNT] += 1
    if S[PSW_EC]:
        store_real(S, mem, keys, LOC_SVC_ILC - 1, 4, ((ilc << 1) << 16) | (number & 0xFF))
    return swap_psw(S, mem, keys, LOC_SVC_OLD, LOC_SVC_NEW, ia, cc, number & 0xFF, ilc)


@njit(**INTERNAL)
def external_interrupt(S, mem, keys, code, ia, cc):
    S[EXT_COUNT] += 1
    if code == EXT_CODE_MALFUNCTION or code == EXT_CODE_EMERGENCY or code == EXT_CODE_EXTCALL:
        # the signalling CPU's address (a uniprocessor only signals itself)
        store_real(S, mem, keys, LOC_EXT_CPUADDR, 2, S[CPU_ADDR])
    if S[PSW_EC]:
        store_real(S, mem, keys, LOC_EXT_CODE, 2, code)
    return swap_psw(S, mem, keys, LOC_EXT_OLD, LOC_EXT_NEW, ia, cc, code, S[PSW_ILC])


@njit(**INTERNAL)
def io_interrupt(S, mem, keys, devaddr, ia, cc):
    S[IO_COUNT] += 1
    if S[PSW_EC]:
        store_real(S, mem, keys, LOC_IO_ADDR, 4, devaddr & 0xFFFF)
    return swap_psw(S, mem, keys, LOC_IO_OLD, LOC_IO_NEW, ia, cc, devaddr, S[PSW_ILC])


@njit(**INTERNAL)
def restart_interrupt(S, mem, keys, ia, cc):
    return swap_psw(S, mem, keys, LOC_RESTART_OLD, LOC_IPL_PSW, ia, cc, 0, S[PSW_ILC])


@njit(**INTERNAL)
def pending_external(S):
    """Code of the highest-priority enabled pending external condition (0 = none).

    The interval timer, interrupt key and external signals form one group
    reported together; the rest are taken one at a time (GA22-7000-4 p.86).
    """
    cr0 = S[CR + 0]
    p = S[EXT_PENDING]
    code = 0
    if (p & EXTP_ITIMER) and (cr0 & CR0_ITIMER):
        code |= 0x0080
    if (p & EXTP_INTKEY) and (cr0 & CR0_INTKEY):
        code |= 0x0040
    if S[SIGNALS] and (cr0 & CR0_EXTSIG):
        code |= S[SIGNALS] & 0x3F
    if code:
        return code
    if (p & EXTP_MALFUNCTION) and (cr0 & CR0_MALFUNCTION):
        return EXT_CODE_MALFUNCTION
    if (p & EXTP_EMERGENCY) and (cr0 & CR0_EMERGENCY):
        return EXT_CODE_EMERGENCY
    if (p & EXTP_EXTCALL) and (cr0 & CR0_EXTCALL):
        return EXT_CODE_EXTCALL
    if (cr0 & CR0_CKC) and unsigned_gt(S[TOD], S[CKC]):
        return EXT_CODE_CKC
    if (cr0 & CR0_CPUTIMER) and S[CPUTIMER] < 0:
        return EXT_CODE_CPUTIMER
    posted = S[EXT_POSTED]
    if posted and (S[EXT_POSTED_MASK] == 0 or (cr0 & S[EXT_POSTED_MASK])):
        return posted             # a host's external interruption (e.g. VMCF), lowest priority
    return 0


@njit(**INTERNAL)
def clear_external(S, code):
    """Reset the latched conditions reported by an external interruption."""
    if code == S[EXT_POSTED]:
        S[EXT_POSTED] = 0
        if S[EXT_POSTED_MORE]:
            S[STOP_REQUEST] = 1       # the host has the next posted code queued: leave for it
    if code < 0x1000:
        if code & 0x0080:
            S[EXT_PENDING] &= ~EXTP_ITIMER
        if code & 0x0040:
            S[EXT_PENDING] &= ~EXTP_INTKEY
        S[SIGNALS] &= ~(code & 0x3F)
    elif code == EXT_CODE_MALFUNCTION:
        S[EXT_PENDING] &= ~EXTP_MALFUNCTION
    elif code == EXT_CODE_EMERGENCY:
        S[EXT_PENDING] &= ~EXTP_EMERGENCY
    elif code == EXT_CODE_EXTCALL:
        S[EXT_PENDING] &= ~EXTP_EXTCALL


@njit(**INTERNAL)
def io_enabled_mask(S):
    """Bit n set when an I/O interruption from channel n would be accepted now."""
    sm = S[PSW_SYSMASK]
    cr2 = S[CR + 2]
    mask = np.int64(0)
    if S[PSW_EC]:
        if sm & 0x02:
            for ch in range(32):
                if (cr2 >> (31 - ch)) & 1:
                    mask |= np.int64(1) << ch
        return mask
    for ch in range(6):
        if (sm >> (7 - ch)) & 1:
            mask |= np.int64(1) << ch
    if sm & 0x02:
        for ch in range(6, 32):
            if (cr2 >> (31 - ch)) & 1:
                mask |= np.int64(1) << ch
    return mask


@njit(**INTERNAL)
def fully_disabled(S):
    """True when no interruption but restart can end a wait (a disabled wait)."""
    sm = S[PSW_SYSMASK]
    if S[PSW_EC]:
        io = (sm & 0x02) != 0
    else:
        io = (sm & 0xFE) != 0
    return (not io) and (sm & 0x01) == 0 and S[PSW_MCHK] == 0


@njit(inline="always", **INTERNAL)
def nothing_pending(S):
    """True when no interruption, wait, stop or restart can be due now (a cheap, conservative
    test: external conditions count only with the external mask on, and an enabled clock
    comparator or CPU timer subclass always counts).  After a PSW or control-register
    change the run loop then goes on without a checkpoint."""
    if S[PSW_WAIT] or S[STOP_REQUEST] or S[RESTART_PENDING] or S[IO_PENDING]:
        return False
    if S[PSW_SYSMASK] & 1:
        if S[EXT_PENDING] or S[SIGNALS] or S[EXT_POSTED]:
            return False
        if S[CR + 0] & (CR0_CKC | CR0_CPUTIMER):
            return False
    return True
