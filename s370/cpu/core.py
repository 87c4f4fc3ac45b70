"""The compiled run loop: fetch, decode and execute S/370 instructions.

``run(S, mem, keys, tlb, budget)`` executes at most ``budget`` instructions
and returns an exit reason (``layout.EXIT_*``).  The general instructions
are executed inline over scalar locals; decimal, floating point, control and
storage-to-storage instructions call out to their own modules.  Asynchronous
events (timers, interruptions, stop requests, wait state) are examined at
checkpoints every ``S[BUDGET_CHECK]`` instructions and right after any
instruction that changes the PSW or control registers.
"""

import numpy as np
from numba import njit

from .jit import JIT, ENTRY

from .layout import (FPR, PSW_SYSMASK, PSW_CC, PSW_PM, PSW_IA, PSW_ILC, PSW_WAIT, PSW_EC,
                     PSW_KEY, PREFIX, SM_DAT, MEMSIZE, EARLY_PENDING, INSTCOUNT, TRACE,
                     BREAK_ADDR, BUDGET_CHECK, STOP_REQUEST, RESTART_PENDING,
                     IO_PENDING, EXIT_REASON, EXIT_OPCODE, EXIT_ADDR,
                     EXIT_R1, EXIT_R3, EXIT_INST, EXIT_INST_ADDR, EXIT_BUDGET, EXIT_IO,
                     EXIT_DIAG, EXIT_WAIT, EXIT_DISABLED_WAIT, EXIT_STOP, EXIT_TRACE,
                     EXIT_BREAK, EXIT_IOINT, EXIT_INSTRUCTION, EXIT_TRAP, EXIT_PROGRAM,
                     EXIT_PIC, PGM_INTERCEPT, PRIV_COUNT, INTERCEPT_CTL, IC_SVC, PIC_OPERATION,
                     PIC_EXECUTE, PIC_SPECIFICATION, PIC_FIXED_OVERFLOW, PIC_FIXED_DIVIDE,
                     PIC_SEGMENT_TRANSLATION, PIC_PAGE_TRANSLATION, PM_FIXED_OVERFLOW)
from .storage import (translate, check_access, rd8, rd16, rd32, wr8, wr16, wr32, xlate,
                      fast_range_ok, fast_range_mark, rd64, wr64,
                      ACC_FETCH, ACC_STORE)
from .interrupts import (program_interrupt, svc_interrupt, external_interrupt,
                         restart_interrupt, pending_external, clear_external,
                         io_enabled_mask, fully_disabled)
from .timers import update_timers
from .control import control, monitor_call, EARLY
from .ss import ss_logical, mvcl, clcl, INCOMPLETE
from .decimal import decimal_ss, cvb, cvd
from .hfp import hfp_rr, hfp_rx_check, hfp_rx_operand
from .privilege import (privilege_gate, leaves_for_channel, extended_opcode, GATE_EXECUTE,
                        GATE_TRAP, SECOND_BYTE_MASK)

from s370.isa import OP_DIAG, OP_LRA, OP_STCK

M32 = 0xFFFFFFFF
M24 = 0xFFFFFF
DEFAULT_CHECK_INTERVAL = 1024


@njit(inline="always", **JIT)
def s32(v):
    return v - ((v & 0x80000000) << 1)


@njit(inline="always", **JIT)
def cc_signed(r):
    if r == 0:
        return 0
    return 1 if r < 0 else 2


@njit(**JIT)
def checkpoint(S, mem, keys, tlb, elapsed, count, budget):
    """Timers, interruptions, wait and stop; an exit reason, or -1 to go on."""
    update_timers(S, mem, keys, elapsed)
    if count > 0 and S[TRACE]:
        if S[PSW_WAIT] and fully_disabled(S):
            return EXIT_DISABLED_WAIT
        return EXIT_TRACE
    if count > 0 and S[BREAK_ADDR] == S[PSW_IA]:
        return EXIT_BREAK
    if S[STOP_REQUEST]:
        S[STOP_REQUEST] = 0
        return EXIT_STOP
    if count >= budget:
        return EXIT_BUDGET
    if S[RESTART_PENDING]:
        S[RESTART_PENDING] = 0
        if restart_interrupt(S, mem, keys, S[PSW_IA], S[PSW_CC]):
            return -2
    for _ in range(8):
        if (S[PSW_SYSMASK] & 1) == 0:
            break
        code = pending_external(S)
        if code == 0:
            break
        clear_external(S, code)
        if external_interrupt(S, mem, keys, code, S[PSW_IA], S[PSW_CC]):
            return -2
    if S[IO_PENDING] & io_enabled_mask(S):
        return EXIT_IOINT
    if S[PSW_WAIT]:
        if fully_disabled(S):
            return EXIT_DISABLED_WAIT
        return EXIT_WAIT
    return -1


@njit(**ENTRY)
def run(S, mem, keys, tlb, budget):
    ia = S[PSW_IA] & M24
    cc = S[PSW_CC]
    count = 0
    repeats = 0
    last_timer = 0
    next_check = 0
    iblk = -1
    ibase = 0
    memsize = S[MEMSIZE]
    fast = False
    pkey = S[PSW_KEY]
    interval = S[BUDGET_CHECK]
    if interval <= 0:
        interval = DEFAULT_CHECK_INTERVAL
    early = S[EARLY_PENDING] != 0
    S[EARLY_PENDING] = 0
    ex_active = False
    ex_b0 = 0
    ex_b1 = 0
    ex_addr = 0
    ex_next = 0
    reason = EXIT_BUDGET
    while True:
        if count >= next_check and not ex_active and not early:
            S[PSW_IA] = ia
            S[PSW_CC] = cc
            r = checkpoint(S, mem, keys, tlb, count - last_timer, count, budget)
            last_timer = count
            ia = S[PSW_IA]
            cc = S[PSW_CC]
            iblk = -1
            fast = (S[PSW_EC] == 0 or (S[PSW_SYSMASK] & SM_DAT) == 0) and S[PREFIX] == 0
            pkey = S[PSW_KEY]
            if r == -2:
                early = True
            elif r >= 0:
                reason = r
                break
            step = interval
            if S[TRACE] or S[BREAK_ADDR] >= 0:
                step = 1
            next_check = min(count + step, budget)
            if next_check <= count:
                next_check = count + 1

        count += 1
        pic = 0
        force_check = False
        gated = False
        if early:
            # the new PSW was invalid: early specification exception, ILC 0
            if count > budget:
                count -= 1
                reason = EXIT_BUDGET
                break
            early = False
            S[PSW_ILC] = 0
            if program_interrupt(S, mem, keys, PIC_SPECIFICATION, 0, ia, cc):
                early = True
            ia = S[PSW_IA]
            cc = S[PSW_CC]
            next_check = count
            continue

        # ------------------------------------------------------------ fetch
        if ex_active:
            # the target of EXECUTE: first two bytes already modified, the rest from storage
            ex_active = False
            b0 = ex_b0
            b1 = ex_b1
            b2 = 0
            b3 = 0
            b4 = 0
            b5 = 0
            hw = b0 >> 6
            ilen = 2 if hw == 0 else (4 if hw < 3 else 6)
            if ilen >= 4:
                v = rd16(S, mem, keys, tlb, ex_addr + 2, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    b2 = (v >> 8) & 0xFF
                    b3 = v & 0xFF
            if ilen == 6 and pic == 0:
                v = rd16(S, mem, keys, tlb, ex_addr + 4, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    b4 = (v >> 8) & 0xFF
                    b5 = v & 0xFF
            ilc = 2
            inst_addr = (ex_next - 4) & M24
            ia = ex_next
        else:
            inst_addr = ia
            if ia & 1:
                pic = PIC_SPECIFICATION
                ilc = 2
                b0 = 0
                b1 = 0
                b2 = 0
                b3 = 0
                b4 = 0
                b5 = 0
                ilen = 4
                ia = (ia + 4) & M24
            else:
                off = ia & 0x7FF
                blk = ia >> 11
                if blk != iblk:
                    a = translate(S, mem, keys, tlb, ia, ACC_FETCH)
                    if a < 0:
                        pic = -a
                        iblk = -1
                    else:
                        iblk = blk
                        ibase = a - off
                b0 = 0
                b1 = 0
                b2 = 0
                b3 = 0
                b4 = 0
                b5 = 0
                ilen = 2
                if pic == 0:
                    a = ibase + off
                    b0 = np.int64(mem[a])
                    b1 = np.int64(mem[a + 1])
                    hw = b0 >> 6
                    ilen = 2 if hw == 0 else (4 if hw < 3 else 6)
                    if off + ilen <= 2048:
                        if ilen >= 4:
                            b2 = np.int64(mem[a + 2])
                            b3 = np.int64(mem[a + 3])
                            if ilen == 6:
                                b4 = np.int64(mem[a + 4])
                                b5 = np.int64(mem[a + 5])
                    else:
                        v = rd16(S, mem, keys, tlb, ia + 2, fast, pkey, memsize)
                        if v < 0:
                            pic = -v
                        b2 = (v >> 8) & 0xFF
                        b3 = v & 0xFF
                        if ilen == 6 and pic == 0:
                            v = rd16(S, mem, keys, tlb, ia + 4, fast, pkey, memsize)
                            if v < 0:
                                pic = -v
                            b4 = (v >> 8) & 0xFF
                            b5 = v & 0xFF
                ilc = ilen >> 1
                ia = (ia + ilen) & M24      # a nullifying exception puts it back below
        op = b0

        # ------------------------------------------------------------ execute
        if pic != 0:
            pass
        elif op < 0x40:
            r1 = b1 >> 4
            r2 = b1 & 15
            if op == 0x18:                                  # LR
                S[r1] = S[r2]
            elif op == 0x12:                                # LTR
                v = S[r2]
                S[r1] = v
                cc = cc_signed(s32(v))
            elif op == 0x1A or op == 0x1B:                  # AR SR
                x = s32(S[r1])
                y = s32(S[r2])
                rr = x + y if op == 0x1A else x - y
                S[r1] = rr & M32
                if rr > 0x7FFFFFFF or rr < -0x80000000:
                    cc = 3
                    if S[PSW_PM] & PM_FIXED_OVERFLOW:
                        pic = PIC_FIXED_OVERFLOW
                else:
                    cc = cc_signed(rr)
            elif op == 0x19:                                # CR
                x = s32(S[r1])
                y = s32(S[r2])
                cc = 0 if x == y else (1 if x < y else 2)
            elif op == 0x15:                                # CLR
                x = S[r1]
                y = S[r2]
                cc = 0 if x == y else (1 if x < y else 2)
            elif op == 0x07:                                # BCR
                if r2 != 0 and (r1 >> (3 - cc)) & 1:
                    ia = S[r2] & M24
            elif op == 0x05:                                # BALR
                t = S[r2] & M24
                S[r1] = (ilc << 30) | (cc << 28) | (S[PSW_PM] << 24) | ia
                if r2 != 0:
                    ia = t
            elif op == 0x06:                                # BCTR
                t = S[r2] & M24
                v = (S[r1] - 1) & M32
                S[r1] = v
                if r2 != 0 and v != 0:
                    ia = t
            elif op == 0x14 or op == 0x16 or op == 0x17:    # NR OR XR
                if op == 0x14:
                    v = S[r1] & S[r2]
                elif op == 0x16:
                    v = S[r1] | S[r2]
                else:
                    v = S[r1] ^ S[r2]
                S[r1] = v
                cc = 1 if v else 0
            elif op == 0x1E:                                # ALR
                v = S[r1] + S[r2]
                S[r1] = v & M32
                cc = (2 if v > M32 else 0) | (1 if (v & M32) else 0)
            elif op == 0x1F:                                # SLR
                v = S[r1] + ((~S[r2]) & M32) + 1
                S[r1] = v & M32
                cc = (2 if v > M32 else 0) | (1 if (v & M32) else 0)
            elif op == 0x10 or op == 0x11 or op == 0x13:    # LPR LNR LCR
                x = s32(S[r2])
                if op == 0x10:
                    rr = -x if x < 0 else x
                elif op == 0x11:
                    rr = -x if x > 0 else x
                else:
                    rr = -x
                S[r1] = rr & M32
                if rr > 0x7FFFFFFF:
                    cc = 3
                    if S[PSW_PM] & PM_FIXED_OVERFLOW:
                        pic = PIC_FIXED_OVERFLOW
                else:
                    cc = cc_signed(rr)
            elif op == 0x1C:                                # MR
                if r1 & 1:
                    pic = PIC_SPECIFICATION
                else:
                    p = s32(S[r1 + 1]) * s32(S[r2])
                    S[r1] = (p >> 32) & M32
                    S[r1 + 1] = p & M32
            elif op == 0x1D:                                # DR
                if r1 & 1:
                    pic = PIC_SPECIFICATION
                else:
                    pic = divide(S, r1, s32(S[r2]))
            elif op == 0x04:                                # SPM
                v = S[r1]
                cc = (v >> 28) & 3
                S[PSW_PM] = (v >> 24) & 0xF
            elif op == 0x0A:                                # SVC
                if S[INTERCEPT_CTL] & IC_SVC:
                    count -= 1
                    ia = inst_addr
                    record_trapped(S, op, b1, 0, 0, b0, b1, 0, 0, inst_addr)
                    reason = EXIT_TRAP
                    break
                S[PSW_ILC] = ilc
                if svc_interrupt(S, mem, keys, b1, ilc, ia, cc):
                    early = True
                ia = S[PSW_IA]
                cc = S[PSW_CC]
                force_check = True
            elif op == 0x0E or op == 0x0F:                  # MVCL CLCL
                S[PSW_CC] = cc
                if op == 0x0E:
                    pic = mvcl(S, mem, keys, tlb, r1, r2)
                else:
                    pic = clcl(S, mem, keys, tlb, r1, r2)
                cc = S[PSW_CC]
                if pic == INCOMPLETE:
                    # re-executed for its next piece: one instruction, many passes
                    pic = 0
                    ia = inst_addr
                    repeats += 1
            elif op >= 0x20:                                # floating point RR
                S[PSW_CC] = cc
                pic = hfp_rr(S, op, r1, r2)
                cc = S[PSW_CC]
            else:
                gated = True
        elif op < 0x80:
            r1 = b1 >> 4
            x2 = b1 & 15
            bb = b2 >> 4
            ea = ((b2 & 15) << 8) | b3
            if x2:
                ea += S[x2]
            if bb:
                ea += S[bb]
            ea &= M24
            if op == 0x58:                                  # L
                v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    S[r1] = v
            elif op == 0x50:                                # ST
                v = wr32(S, mem, keys, tlb, ea, S[r1], fast, pkey, memsize)
                if v < 0:
                    pic = -v
            elif op == 0x41:                                # LA
                S[r1] = ea
            elif op == 0x47:                                # BC
                if (r1 >> (3 - cc)) & 1:
                    ia = ea
            elif op == 0x45:                                # BAL
                S[r1] = (ilc << 30) | (cc << 28) | (S[PSW_PM] << 24) | ia
                ia = ea
            elif op == 0x46:                                # BCT
                v = (S[r1] - 1) & M32
                S[r1] = v
                if v != 0:
                    ia = ea
            elif op == 0x5A or op == 0x5B or op == 0x4A or op == 0x4B:   # A S AH SH
                if op >= 0x50:
                    v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    y = s32(v)
                else:
                    v = rd16(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    y = v - ((v & 0x8000) << 1)
                if v < 0:
                    pic = -v
                else:
                    x = s32(S[r1])
                    rr = x + y if (op == 0x5A or op == 0x4A) else x - y
                    S[r1] = rr & M32
                    if rr > 0x7FFFFFFF or rr < -0x80000000:
                        cc = 3
                        if S[PSW_PM] & PM_FIXED_OVERFLOW:
                            pic = PIC_FIXED_OVERFLOW
                    else:
                        cc = cc_signed(rr)
            elif op == 0x59 or op == 0x49:                  # C CH
                if op == 0x59:
                    v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    y = s32(v)
                else:
                    v = rd16(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    y = v - ((v & 0x8000) << 1)
                if v < 0:
                    pic = -v
                else:
                    x = s32(S[r1])
                    cc = 0 if x == y else (1 if x < y else 2)
            elif op == 0x55:                                # CL
                v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    x = S[r1]
                    cc = 0 if x == v else (1 if x < v else 2)
            elif op == 0x54 or op == 0x56 or op == 0x57:    # N O X
                v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    if op == 0x54:
                        v = S[r1] & v
                    elif op == 0x56:
                        v = S[r1] | v
                    else:
                        v = S[r1] ^ v
                    S[r1] = v
                    cc = 1 if v else 0
            elif op == 0x5E or op == 0x5F:                  # AL SL
                v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    if op == 0x5E:
                        v = S[r1] + v
                    else:
                        v = S[r1] + ((~v) & M32) + 1
                    S[r1] = v & M32
                    cc = (2 if v > M32 else 0) | (1 if (v & M32) else 0)
            elif op == 0x48:                                # LH
                v = rd16(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    S[r1] = (v - ((v & 0x8000) << 1)) & M32
            elif op == 0x40:                                # STH
                v = wr16(S, mem, keys, tlb, ea, S[r1], fast, pkey, memsize)
                if v < 0:
                    pic = -v
            elif op == 0x43:                                # IC
                v = rd8(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    S[r1] = (S[r1] & 0xFFFFFF00) | v
            elif op == 0x42:                                # STC
                v = wr8(S, mem, keys, tlb, ea, S[r1], fast, pkey, memsize)
                if v < 0:
                    pic = -v
            elif op == 0x4C:                                # MH
                v = rd16(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    S[r1] = (s32(S[r1]) * (v - ((v & 0x8000) << 1))) & M32
            elif op == 0x5C:                                # M
                if r1 & 1:
                    pic = PIC_SPECIFICATION
                else:
                    v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    if v < 0:
                        pic = -v
                    else:
                        p = s32(S[r1 + 1]) * s32(v)
                        S[r1] = (p >> 32) & M32
                        S[r1 + 1] = p & M32
            elif op == 0x5D:                                # D
                if r1 & 1:
                    pic = PIC_SPECIFICATION
                else:
                    v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    if v < 0:
                        pic = -v
                    else:
                        pic = divide(S, r1, s32(v))
            elif op == 0x44:                                # EX
                if ea & 1:
                    pic = PIC_SPECIFICATION
                else:
                    v = rd16(S, mem, keys, tlb, ea, fast, pkey, memsize)
                    if v < 0:
                        pic = -v
                    else:
                        ex_b0 = (v >> 8) & 0xFF
                        ex_b1 = v & 0xFF
                        if r1:
                            ex_b1 |= S[r1] & 0xFF
                        if ex_b0 == 0x44:
                            pic = PIC_EXECUTE
                        else:
                            ex_active = True
                            ex_addr = ea
                            ex_next = ia
            elif op == 0x4E:                                # CVD
                pic = cvd(S, mem, keys, tlb, r1, ea)
            elif op == 0x4F:                                # CVB
                pic = cvb(S, mem, keys, tlb, r1, ea)
            elif op >= 0x60:                                # floating point RX
                pic = hfp_rx_check(op, r1)
                if pic == 0:
                    if op == 0x60:                          # STD
                        v = wr64(S, mem, keys, tlb, ea, S[FPR + (r1 >> 1)], fast, pkey, memsize)
                        pic = -v if v < 0 else 0
                    elif op == 0x70:                        # STE
                        v = wr32(S, mem, keys, tlb, ea, (S[FPR + (r1 >> 1)] >> 32) & M32,
                                 fast, pkey, memsize)
                        pic = -v if v < 0 else 0
                    else:
                        if op < 0x70:
                            pic, v = rd64(S, mem, keys, tlb, ea, fast, pkey, memsize)
                        else:
                            v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                            if v < 0:
                                pic = -v
                        if pic == 0:
                            S[PSW_CC] = cc
                            pic = hfp_rx_operand(S, op, r1, v)
                            cc = S[PSW_CC]
            else:
                gated = True
        elif op < 0xC0:
            r1 = b1 >> 4
            r3 = b1 & 15
            bb = b2 >> 4
            ea = ((b2 & 15) << 8) | b3
            if bb:
                ea += S[bb]
            ea &= M24
            if op == 0x90 or op == 0x98:                    # STM LM
                n = ((r3 - r1) & 15) + 1
                store = op == 0x90
                if fast and fast_range_ok(keys, ea, 4 * n, pkey, store, memsize):
                    fast_range_mark(keys, ea, 4 * n, store)
                    for i in range(n):
                        r = (r1 + i) & 15
                        a = ea + 4 * i
                        if store:
                            v = S[r]
                            mem[a] = (v >> 24) & 0xFF
                            mem[a + 1] = (v >> 16) & 0xFF
                            mem[a + 2] = (v >> 8) & 0xFF
                            mem[a + 3] = v & 0xFF
                        else:
                            S[r] = ((np.int64(mem[a]) << 24) | (np.int64(mem[a + 1]) << 16)
                                    | (np.int64(mem[a + 2]) << 8) | np.int64(mem[a + 3]))
                else:
                    v = check_access(S, mem, keys, tlb, ea, 4 * n,
                                     ACC_STORE if store else ACC_FETCH)
                    if v < 0:
                        pic = -v
                    else:
                        for i in range(n):
                            if store:
                                wr32(S, mem, keys, tlb, ea + 4 * i, S[(r1 + i) & 15],
                                     fast, pkey, memsize)
                            else:
                                S[(r1 + i) & 15] = rd32(S, mem, keys, tlb, ea + 4 * i,
                                                        fast, pkey, memsize)
            elif op == 0x91:                                # TM
                v = rd8(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    t = v & b1
                    cc = 0 if t == 0 else (3 if t == b1 else 1)
            elif op == 0x92:                                # MVI
                v = wr8(S, mem, keys, tlb, ea, b1, fast, pkey, memsize)
                if v < 0:
                    pic = -v
            elif op == 0x95:                                # CLI
                v = rd8(S, mem, keys, tlb, ea, fast, pkey, memsize)
                if v < 0:
                    pic = -v
                else:
                    cc = 0 if v == b1 else (1 if v < b1 else 2)
            elif op == 0x94 or op == 0x96 or op == 0x97:    # NI OI XI
                a = xlate(S, mem, keys, tlb, ea, ACC_STORE, fast, pkey, memsize)
                if a < 0:
                    pic = -a
                else:
                    v = np.int64(mem[a])
                    if op == 0x94:
                        v &= b1
                    elif op == 0x96:
                        v |= b1
                    else:
                        v ^= b1
                    mem[a] = v
                    cc = 1 if v else 0
            elif op == 0x87 or op == 0x86:                  # BXLE BXH
                inc = s32(S[r3])
                cmp = s32(S[r3 | 1])
                v = s32(S[r1]) + inc
                S[r1] = v & M32
                v = s32(v & M32)
                if op == 0x87:
                    if v <= cmp:
                        ia = ea
                elif v > cmp:
                    ia = ea
            elif op >= 0x88 and op <= 0x8F:                 # shifts
                pic, cc = shift(S, op, r1, ea & 63, cc)
            elif op == 0xBF:                                # ICM
                v = 0
                t = S[r1]
                first = -1
                allz = True
                pos = 0
                for i in range(4):
                    if (r3 >> (3 - i)) & 1:
                        bv = rd8(S, mem, keys, tlb, ea + pos, fast, pkey, memsize)
                        if bv < 0:
                            pic = -bv
                            break
                        pos += 1
                        if first < 0:
                            first = bv
                        if bv:
                            allz = False
                        sh = 8 * (3 - i)
                        t = (t & ~(0xFF << sh)) | (bv << sh)
                if pic == 0:
                    S[r1] = t & M32
                    if r3 == 0 or allz:
                        cc = 0
                    else:
                        cc = 1 if first & 0x80 else 2
            elif op == 0xBE:                                # STCM
                n = 0
                for i in range(4):
                    if (r3 >> (3 - i)) & 1:
                        n += 1
                if n:
                    v = check_access(S, mem, keys, tlb, ea, n, ACC_STORE)
                    if v < 0:
                        pic = -v
                    else:
                        pos = 0
                        for i in range(4):
                            if (r3 >> (3 - i)) & 1:
                                wr8(S, mem, keys, tlb, ea + pos, S[r1] >> (8 * (3 - i)),
                                    fast, pkey, memsize)
                                pos += 1
            elif op == 0xBD:                                # CLM
                pos = 0
                cc = 0
                for i in range(4):
                    if (r3 >> (3 - i)) & 1:
                        bv = rd8(S, mem, keys, tlb, ea + pos, fast, pkey, memsize)
                        if bv < 0:
                            pic = -bv
                            break
                        pos += 1
                        rb = (S[r1] >> (8 * (3 - i))) & 0xFF
                        if rb != bv:
                            cc = 1 if rb < bv else 2
                            break
            elif op == 0xBA:                                # CS
                if ea & 3:
                    pic = PIC_SPECIFICATION
                else:
                    v = check_access(S, mem, keys, tlb, ea, 4, ACC_STORE)
                    if v < 0:
                        pic = -v
                    else:
                        v = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                        if v == S[r1]:
                            wr32(S, mem, keys, tlb, ea, S[r3], fast, pkey, memsize)
                            cc = 0
                        else:
                            S[r1] = v
                            cc = 1
            elif op == 0xBB:                                # CDS
                if (r1 & 1) or (r3 & 1) or (ea & 7):
                    pic = PIC_SPECIFICATION
                else:
                    v = check_access(S, mem, keys, tlb, ea, 8, ACC_STORE)
                    if v < 0:
                        pic = -v
                    else:
                        hi = rd32(S, mem, keys, tlb, ea, fast, pkey, memsize)
                        lo = rd32(S, mem, keys, tlb, ea + 4, fast, pkey, memsize)
                        if hi == S[r1] and lo == S[r1 + 1]:
                            wr32(S, mem, keys, tlb, ea, S[r3], fast, pkey, memsize)
                            wr32(S, mem, keys, tlb, ea + 4, S[r3 + 1], fast, pkey, memsize)
                            cc = 0
                        else:
                            S[r1] = hi
                            S[r1 + 1] = lo
                            cc = 1
            elif op == 0x93:                                # TS
                a = xlate(S, mem, keys, tlb, ea, ACC_STORE, fast, pkey, memsize)
                if a < 0:
                    pic = -a
                else:
                    cc = 1 if mem[a] & 0x80 else 0
                    mem[a] = 0xFF
            elif op == 0xAF:                                # MC
                pic = monitor_call(S, b1, ea)
            else:
                gated = True
        else:
            # SS formats
            bb1 = b2 >> 4
            ea1 = ((b2 & 15) << 8) | b3
            if bb1:
                ea1 += S[bb1]
            ea1 &= M24
            bb2 = b4 >> 4
            ea2 = ((b4 & 15) << 8) | b5
            if bb2:
                ea2 += S[bb2]
            ea2 &= M24
            n = b1 + 1
            if (fast and (op == 0xD2 or op == 0xD5 or op == 0xD7 or op == 0xD6 or op == 0xD4)
                    and fast_range_ok(keys, ea1, n, pkey, op != 0xD5, memsize)
                    and fast_range_ok(keys, ea2, n, pkey, False, memsize)):
                # the common storage-to-storage cases, inline
                fast_range_mark(keys, ea1, n, op != 0xD5)
                fast_range_mark(keys, ea2, n, False)
                if op == 0xD2:                              # MVC: left to right
                    for i in range(n):
                        mem[ea1 + i] = mem[ea2 + i]
                elif op == 0xD5:                            # CLC
                    cc = 0
                    for i in range(n):
                        x = mem[ea1 + i]
                        y = mem[ea2 + i]
                        if x != y:
                            cc = 1 if x < y else 2
                            break
                else:                                       # NC OC XC
                    nz = 0
                    for i in range(n):
                        x = np.int64(mem[ea1 + i])
                        y = np.int64(mem[ea2 + i])
                        if op == 0xD7:
                            x ^= y
                        elif op == 0xD6:
                            x |= y
                        else:
                            x &= y
                        mem[ea1 + i] = x
                        nz |= x
                    cc = 1 if nz else 0
            elif op == 0xD2 or (op >= 0xD1 and op <= 0xD7) or op == 0xDC or op == 0xDD:
                S[PSW_CC] = cc
                pic = ss_logical(S, mem, keys, tlb, op, ea1, b1, ea2)
                cc = S[PSW_CC]
            elif op == 0xDE or op == 0xDF:                  # ED EDMK
                S[PSW_CC] = cc
                pic = decimal_ss(S, mem, keys, tlb, op, ea1, b1, ea2, 0)
                cc = S[PSW_CC]
            elif op == 0xF0 or (op >= 0xF1 and op <= 0xF3) or (op >= 0xF8 and op <= 0xFD):
                S[PSW_CC] = cc
                pic = decimal_ss(S, mem, keys, tlb, op, ea1, b1 >> 4, ea2, b1 & 15)
                cc = S[PSW_CC]
            else:
                gated = True

        # ------------------------------------------------------------ the privilege gate
        # Every opcode not executed above (the privileged ones, STCK, and any opcode not
        # in the table) comes here, so the hot instructions never pay for the gate.
        if gated:
            pic = privilege_gate(S, op, b1)
            if pic <= GATE_EXECUTE:
                r1 = b1 >> 4
                r3 = b1 & 15
                bb = b2 >> 4
                ea = ((b2 & 15) << 8) | b3
                if op == OP_LRA and r3:                     # LRA is RX: R3 is the index
                    ea += S[r3]
                if bb:
                    ea += S[bb]
                ea &= M24
                if pic != GATE_EXECUTE:
                    # intercepted for the host (interpretive execution): a trapped
                    # instruction is not executed and not counted; PSW at it
                    xop = extended_opcode(op, b1) if SECOND_BYTE_MASK[op] else op
                    if pic == GATE_TRAP:
                        count -= 1
                        ia = inst_addr
                        record_trapped(S, xop, ea, r1, r3, b0, b1, b2, b3, inst_addr)
                        reason = EXIT_TRAP
                    else:
                        leave_for_handler(S, xop, ea, r1, r3, b0, b1, b2, b3,
                                          inst_addr, ilc, ia, cc)
                        reason = EXIT_INSTRUCTION
                    pic = 0
                    break
                if op == OP_DIAG:
                    leave_for_handler(S, op, ea, r1, r3, b0, b1, b2, b3,
                                      inst_addr, ilc, ia, cc)
                    reason = EXIT_DIAG
                    break
                if leaves_for_channel(op, b1):
                    leave_for_handler(S, extended_opcode(op, b1), ea, r1, r3, b0, b1, b2, b3,
                                      inst_addr, ilc, ia, cc)
                    reason = EXIT_IO
                    break
                S[PSW_IA] = ia
                S[PSW_CC] = cc
                S[PRIV_COUNT] += 1
                if op == OP_STCK >> 8:                      # clock and timer instructions
                    update_timers(S, mem, keys, count - last_timer)
                    last_timer = count
                pic = control(S, mem, keys, tlb, op, b1, r1, r3, ea)
                ia = S[PSW_IA]
                cc = S[PSW_CC]
                if op != OP_STCK >> 8 or b1 != OP_STCK & 0xFF:
                    # a control instruction may change the PSW, CRs, keys or prefix
                    iblk = -1
                    force_check = True
                if pic & EARLY:
                    pic = 0
                    early = True

        # ------------------------------------------------------------ exceptions
        if pic != 0:
            S[PSW_ILC] = ilc
            if pic == PIC_SEGMENT_TRANSLATION or pic == PIC_PAGE_TRANSLATION:
                ia = inst_addr
            if (S[PGM_INTERCEPT] >> (pic & 63)) & 1:
                # the host asked to see this class: leave with the interruption untaken
                S[EXIT_PIC] = pic
                S[EXIT_INST_ADDR] = inst_addr
                reason = EXIT_PROGRAM
                break
            if program_interrupt(S, mem, keys, pic, ilc, ia, cc):
                early = True
            ia = S[PSW_IA]
            cc = S[PSW_CC]
            iblk = -1
            force_check = True
        if force_check or early:
            next_check = count

    if count > last_timer:
        # the timers owe the instructions since the last checkpoint (an exit to a handler)
        update_timers(S, mem, keys, count - last_timer)
    S[PSW_IA] = ia
    S[PSW_CC] = cc
    S[EARLY_PENDING] = 1 if early else 0
    S[INSTCOUNT] += count - repeats
    S[EXIT_REASON] = reason
    return reason


@njit(inline="always", **JIT)
def record_trapped(S, opcode, ea, r1, r3, b0, b1, b2, b3, inst_addr):
    """Record a trapped instruction for the host; the PSW (ILC included) stays as it was."""
    S[EXIT_OPCODE] = opcode
    S[EXIT_ADDR] = ea
    S[EXIT_R1] = r1
    S[EXIT_R3] = r3
    S[EXIT_INST] = (b0 << 40) | (b1 << 32) | (b2 << 24) | (b3 << 16)
    S[EXIT_INST_ADDR] = inst_addr


@njit(inline="always", **JIT)
def leave_for_handler(S, opcode, ea, r1, r3, b0, b1, b2, b3, inst_addr, ilc, ia, cc):
    """Record an I/O or DIAGNOSE instruction for the Python handler (PSW past it)."""
    S[EXIT_OPCODE] = opcode
    S[EXIT_ADDR] = ea
    S[EXIT_R1] = r1
    S[EXIT_R3] = r3
    S[EXIT_INST] = (b0 << 40) | (b1 << 32) | (b2 << 24) | (b3 << 16)
    S[EXIT_INST_ADDR] = inst_addr
    S[PSW_ILC] = ilc
    S[PSW_IA] = ia
    S[PSW_CC] = cc


@njit(inline="always", **JIT)
def divide(S, r1, divisor):
    """DR/D: the 64-bit dividend in R1,R1+1; 0 or fixed-point divide."""
    dividend = (S[r1] << 32) | S[r1 + 1]           # as int64: sign from bit 0 of R1
    if divisor == 0:
        return PIC_FIXED_DIVIDE
    if dividend == -(1 << 63):
        return PIC_FIXED_DIVIDE
    n = -dividend if dividend < 0 else dividend
    d = -divisor if divisor < 0 else divisor
    q = n // d
    rem = n - q * d
    if (dividend < 0) != (divisor < 0):
        q = -q
    if dividend < 0:
        rem = -rem
    if q > 0x7FFFFFFF or q < -0x80000000:
        return PIC_FIXED_DIVIDE
    S[r1] = rem & M32
    S[r1 + 1] = q & M32
    return 0


@njit(inline="always", **JIT)
def shift(S, op, r1, n, cc):
    """The eight shift instructions; returns (pic, cc)."""
    pic = 0
    if op >= 0x8C and (r1 & 1):
        return PIC_SPECIFICATION, cc
    if op == 0x88:                                          # SRL
        S[r1] = (S[r1] >> n) if n < 32 else 0
    elif op == 0x89:                                        # SLL
        S[r1] = ((S[r1] << n) & M32) if n < 32 else 0
    elif op == 0x8A:                                        # SRA
        v = s32(S[r1]) >> (n if n < 32 else 31)
        S[r1] = v & M32
        cc = cc_signed(v)
    elif op == 0x8B:                                        # SLA
        v = s32(S[r1])
        if n >= 31:
            # bits 1-31 all leave; past 31 the zeros shifted in leave too
            over = not (v == 0 or (v == -1 and n == 31))
            r = 0
        else:
            t = v >> (31 - n)
            over = not (t == 0 or t == -1)
            r = (S[r1] << n) & 0x7FFFFFFF
        S[r1] = (S[r1] & 0x80000000) | r
        if over:
            cc = 3
            if S[PSW_PM] & PM_FIXED_OVERFLOW:
                pic = PIC_FIXED_OVERFLOW
        else:
            cc = cc_signed(s32(S[r1]))
    else:
        v = (S[r1] << 32) | S[r1 + 1]                       # int64 image of the pair
        if op == 0x8C:                                      # SRDL
            u = np.uint64(v) >> np.uint64(n)
            v = np.int64(u)
        elif op == 0x8D:                                    # SLDL
            v = v << n if n < 64 else 0
        elif op == 0x8E:                                    # SRDA
            v = v >> n if n < 64 else (-1 if v < 0 else 0)
            cc = cc_signed(v)
        else:                                               # SLDA
            if n >= 63:
                over = not (v == 0 or v == -1)
            else:
                t = v >> (63 - n)
                over = not (t == 0 or t == -1)
            sign = v & (np.int64(1) << 63)
            r = (v << n) & 0x7FFFFFFFFFFFFFFF if n < 63 else 0
            v = sign | r
            if over:
                cc = 3
                if S[PSW_PM] & PM_FIXED_OVERFLOW:
                    pic = PIC_FIXED_OVERFLOW
            else:
                cc = cc_signed(v)
        S[r1] = (v >> 32) & M32
        S[r1 + 1] = v & M32
    return pic, cc
