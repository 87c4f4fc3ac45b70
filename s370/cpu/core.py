"""The compiled run loop: fetch, decode and execute S/370 instructions.

``run(S, mem, keys, tlb, budget)`` executes at most ``budget`` instructions
and returns an exit reason (``layout.EXIT_*``).  The general instructions
are executed inline over scalar locals; decimal, floating point, control and
storage-to-storage instructions call out to their own modules (the common
short cases -- long SS operands within one key check, the short control
instructions, the HFP register loads -- run inline).  Asynchronous events
(timers, interruptions, stop requests, wait state) are examined at
checkpoints every ``S[BUDGET_CHECK]`` instructions and right after any
instruction that changes the PSW or control registers (with the real clock,
only when something may be pending; the timers are sampled at the periodic
ones).  Which control instructions need what is control.CONTROL_EFFECTS.

Speed depends on LLVM keeping the per-instruction values (instruction address,
count, condition code, the instruction block and the fast-path bound) in registers:
the checkpoint is an outer loop around the instruction loop, the accessors take one
bound (``limit``) instead of a flag and a size, register numbers are masked so their
indexes need no wrap-around, and a taken branch stores its target (``branch_to``) so
it stays a jump.  Measure with ``python -m s370.bench.instructions`` before and after.
"""

import numpy as np
from numba import njit

from .compile_options import INTERNAL, CACHED_ENTRY

from .layout import (FPR, CLOCK_MODE, PSW_SYSMASK, PSW_CC, PSW_PM, PSW_IA, PSW_ILC, PSW_WAIT, PSW_EC,
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
from .memops import load_be16, load_be32, store_be32
from .interrupts import (program_interrupt, svc_interrupt, external_interrupt,
                         restart_interrupt, pending_external, clear_external,
                         io_enabled_mask, fully_disabled, nothing_pending)
from .timers import update_timers
from .control import (control, control_effects, short_control, stored_value, monitor_call,
                      EARLY, NOT_SHORT, SYNC_TIMERS, REFETCH, CHECKPOINT)
from .storage_to_storage import (ss_logical, mvcl, clcl, INCOMPLETE, move_bytes, compare_bytes,
                                 and_or_xor_bytes, move_digits_or_zones, translate_in_place)
from .decimal import decimal_ss, cvb, cvd
from .hfp import hfp_rr, hfp_rr_load, NOT_A_LOAD, hfp_rx_check, hfp_rx_operand
from .privilege import (privilege_gate, leaves_for_channel, extended_opcode, GATE_EXECUTE,
                        GATE_TRAP, SECOND_BYTE_MASK)


from s370.isa import (OP_A, OP_AH, OP_AL, OP_ALR, OP_AR, OP_BAL, OP_BALR, OP_BC, OP_BCR, OP_BCT,
                      OP_BCTR, OP_BXH, OP_BXLE, OP_C, OP_CDS, OP_CH, OP_CL,
                      OP_CLC, OP_CLCL, OP_CLI, OP_CLM, OP_CLR, OP_CR, OP_CS,
                      OP_CVB, OP_CVD, OP_D, OP_DIAG, OP_DP, OP_DR, OP_ED,
                      OP_EDMK, OP_EX, OP_IC, OP_ICM, OP_L, OP_LA, OP_LCR, OP_LH,
                      OP_LM, OP_LNR, OP_LPDR, OP_LPR, OP_LR, OP_LRA, OP_LTR,
                      OP_M, OP_MC, OP_MH, OP_MR, OP_MVC, OP_MVCL, OP_MVI,
                      OP_MVN, OP_MVO, OP_MVZ, OP_N, OP_NC, OP_NI, OP_NR, OP_O, OP_OC,
                      OP_OI, OP_OR, OP_S, OP_SH, OP_SL, OP_SLA, OP_SLDA,
                      OP_SLDL, OP_SLL, OP_SLR, OP_SPM, OP_SR, OP_SRA, OP_SRDA,
                      OP_SRDL, OP_SRL, OP_SRP, OP_ST, OP_STC, OP_STCK, OP_STCM,
                      OP_STD, OP_STE, OP_STH, OP_STM, OP_SVC, OP_TM, OP_TR,
                      OP_TRT, OP_TS, OP_UNPK, OP_X, OP_XC, OP_XI, OP_XR, OP_ZAP)

M32 = 0xFFFFFFFF
M24 = 0xFFFFFF
DEFAULT_CHECK_INTERVAL = 1024


@njit(inline="always", **INTERNAL)
def s32(v):
    return v - ((v & 0x80000000) << 1)


@njit(inline="always", **INTERNAL)
def branch_to(S, target):
    """A successful branch's new instruction address, also stored as the PSW's.

    The store is what matters: without a side effect on the taken path LLVM turns the
    branch into a conditional move, and every following fetch then waits for the branch
    address to be computed, taken or not (BC not taken ran at twice Hercules' time).
    """
    S[PSW_IA] = target
    return target


@njit(inline="always", **INTERNAL)
def cc_signed(r):
    if r == 0:
        return 0
    return 1 if r < 0 else 2


@njit(inline="always", **INTERNAL)
def signed_result(S, r1, rr):
    """A signed sum, difference or complement into R1: (pic, cc).  Overflow is CC 3 and a
    fixed-point-overflow exception when the program mask allows it."""
    S[r1] = rr & M32
    if rr > 0x7FFFFFFF or rr < -0x80000000:
        return (PIC_FIXED_OVERFLOW if S[PSW_PM] & PM_FIXED_OVERFLOW else 0), 3
    return 0, cc_signed(rr)


@njit(inline="always", **INTERNAL)
def logical_result(S, r1, v):
    """A logical sum or difference (v up to 33 bits) into R1: its CC (carry 2, nonzero 1)."""
    S[r1] = v & M32
    return (2 if v > M32 else 0) | (1 if (v & M32) else 0)


@njit(inline="always", **INTERNAL)
def signed_operand(S, mem, keys, tlb, ea, halfword, limit, pkey):
    """A signed fullword or halfword storage operand: (v, value); v < 0 is the negated
    exception code."""
    if halfword:
        v = rd16(S, mem, keys, tlb, ea, limit, pkey)
        return v, v - ((v & 0x8000) << 1)
    v = rd32(S, mem, keys, tlb, ea, limit, pkey)
    return v, s32(v)


@njit(inline="always", **INTERNAL)
def fast_limit(S):
    """The storage size when logical = absolute addresses (no DAT, prefix 0), else 0:
    the bound of the accessors' fast path (storage.py)."""
    if (S[PSW_EC] == 0 or (S[PSW_SYSMASK] & SM_DAT) == 0) and S[PREFIX] == 0:
        return S[MEMSIZE]
    return 0


@njit(**INTERNAL)
def checkpoint(S, mem, keys, tlb, elapsed, count, budget, timed):
    """Timers (if ``timed``), interruptions, wait and stop; an exit reason, or -1 to go on."""
    if timed:
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
    if S[IO_PENDING] != 0 and (S[IO_PENDING] & io_enabled_mask(S)):
        return EXIT_IOINT
    if S[PSW_WAIT]:
        if fully_disabled(S):
            return EXIT_DISABLED_WAIT
        return EXIT_WAIT
    return -1


@njit(**CACHED_ENTRY)
def run(S, mem, keys, tlb, budget):
    ia = S[PSW_IA] & M24
    cc = S[PSW_CC]
    count = 0
    repeats = 0
    last_timer = 0
    next_check = 0
    next_timed = 0
    real_clock = S[CLOCK_MODE] == 0
    iblk = -1
    ibase = 0
    limit = 0
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
    reason = -1                 # set by every exit
    while True:
        if count >= next_check and not ex_active and not early:
            S[PSW_IA] = ia
            S[PSW_CC] = cc
            # The timers are sampled at the periodic checkpoints.  One forced early by a
            # PSW or control change only looks at what is pending: with the real clock a
            # timer condition is then seen at the next periodic one (it is asynchronous
            # anyway), and run() brings the timers up to date when it returns.  The
            # deterministic clock is stepped at every checkpoint, as the count says.
            timed = count >= next_timed or not real_clock
            r = checkpoint(S, mem, keys, tlb, count - last_timer, count, budget, timed)
            if timed:
                last_timer = count
                next_timed = count + interval
            ia = S[PSW_IA]
            cc = S[PSW_CC]
            iblk = -1
            limit = fast_limit(S)
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

        # The inner loop runs instruction after instruction; it leaves for the checkpoint
        # above (outer loop) and for an exit.  Nested, so LLVM sees the checkpoint as the
        # rare path it is and keeps the hot values in registers.
        while count < next_check or ex_active or early:
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
                if (S[PGM_INTERCEPT] >> PIC_SPECIFICATION) & 1:
                    # the host asked to see specification exceptions: leave with it untaken
                    # (counted as the bare CPU counts it, so a loop of them ends with the budget)
                    S[EXIT_PIC] = PIC_SPECIFICATION
                    S[EXIT_INST_ADDR] = ia
                    reason = EXIT_PROGRAM
                    break
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
                b0 = ex_b0 & 0xFF           # masked: LLVM then knows the register numbers
                b1 = ex_b1 & 0xFF           # taken from them are 0-15 (no index wrap-around)
                b2 = 0
                b3 = 0
                b4 = 0
                b5 = 0
                hw = b0 >> 6
                ilen = 2 if hw == 0 else (4 if hw < 3 else 6)
                if ilen >= 4:
                    v = rd16(S, mem, keys, tlb, ex_addr + 2, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        b2 = (v >> 8) & 0xFF
                        b3 = v & 0xFF
                if ilen == 6 and pic == 0:
                    v = rd16(S, mem, keys, tlb, ex_addr + 4, limit, pkey)
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
                        if off <= 2048 - 6:
                            # the longest instruction fits in the block: whole words
                            w = load_be32(mem, a)
                            b0 = w >> 24
                            b1 = (w >> 16) & 0xFF
                            hw = b0 >> 6
                            ilen = 2 if hw == 0 else (4 if hw < 3 else 6)
                            if ilen >= 4:
                                b2 = (w >> 8) & 0xFF
                                b3 = w & 0xFF
                                if ilen == 6:
                                    w = load_be16(mem, a + 4)
                                    b4 = w >> 8
                                    b5 = w & 0xFF
                        else:
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
                                v = rd16(S, mem, keys, tlb, ia + 2, limit, pkey)
                                if v < 0:
                                    pic = -v
                                b2 = (v >> 8) & 0xFF
                                b3 = v & 0xFF
                                if ilen == 6 and pic == 0:
                                    v = rd16(S, mem, keys, tlb, ia + 4, limit, pkey)
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
                if op == OP_LR:
                    S[r1] = S[r2]
                elif op == OP_LTR:
                    v = S[r2]
                    S[r1] = v
                    cc = cc_signed(s32(v))
                elif op == OP_AR or op == OP_SR:
                    x = s32(S[r1])
                    y = s32(S[r2])
                    pic, cc = signed_result(S, r1, x + y if op == OP_AR else x - y)
                elif op == OP_CR:
                    x = s32(S[r1])
                    y = s32(S[r2])
                    cc = 0 if x == y else (1 if x < y else 2)
                elif op == OP_CLR:
                    x = S[r1]
                    y = S[r2]
                    cc = 0 if x == y else (1 if x < y else 2)
                elif op == OP_BCR:
                    if r2 != 0 and (r1 >> (3 - cc)) & 1:
                        ia = branch_to(S, S[r2] & M24)
                elif op == OP_BALR:
                    t = S[r2] & M24
                    S[r1] = (ilc << 30) | (cc << 28) | (S[PSW_PM] << 24) | ia
                    if r2 != 0:
                        ia = branch_to(S, t)
                elif op == OP_BCTR:
                    t = S[r2] & M24
                    v = (S[r1] - 1) & M32
                    S[r1] = v
                    if r2 != 0 and v != 0:
                        ia = branch_to(S, t)
                elif op == OP_NR or op == OP_OR or op == OP_XR:
                    if op == OP_NR:
                        v = S[r1] & S[r2]
                    elif op == OP_OR:
                        v = S[r1] | S[r2]
                    else:
                        v = S[r1] ^ S[r2]
                    S[r1] = v
                    cc = 1 if v else 0
                elif op == OP_ALR:
                    cc = logical_result(S, r1, S[r1] + S[r2])
                elif op == OP_SLR:
                    cc = logical_result(S, r1, S[r1] + ((~S[r2]) & M32) + 1)
                elif op == OP_LPR or op == OP_LNR or op == OP_LCR:
                    x = s32(S[r2])
                    if op == OP_LPR:
                        rr = -x if x < 0 else x
                    elif op == OP_LNR:
                        rr = -x if x > 0 else x
                    else:
                        rr = -x
                    pic, cc = signed_result(S, r1, rr)
                elif op == OP_MR:
                    if r1 & 1:
                        pic = PIC_SPECIFICATION
                    else:
                        p = s32(S[r1 + 1]) * s32(S[r2])
                        S[r1] = (p >> 32) & M32
                        S[r1 + 1] = p & M32
                elif op == OP_DR:
                    if r1 & 1:
                        pic = PIC_SPECIFICATION
                    else:
                        pic = divide(S, r1, s32(S[r2]))
                elif op == OP_SPM:
                    v = S[r1]
                    cc = (v >> 28) & 3
                    S[PSW_PM] = (v >> 24) & 0xF
                elif op == OP_SVC:
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
                elif op == OP_MVCL or op == OP_CLCL:
                    S[PSW_CC] = cc
                    if op == OP_MVCL:
                        pic = mvcl(S, mem, keys, tlb, r1, r2)
                    else:
                        pic = clcl(S, mem, keys, tlb, r1, r2)
                    cc = S[PSW_CC]
                    if pic == INCOMPLETE:
                        # re-executed for its next piece: one instruction, many passes
                        pic = 0
                        ia = inst_addr
                        repeats += 1
                        if S[TRACE]:
                            next_check = count + 1      # single-stepping: the whole instruction
                elif op >= OP_LPDR:                                # floating point RR
                    S[PSW_CC] = cc
                    pic = hfp_rr_load(S, op, r1, r2)
                    if pic == NOT_A_LOAD:
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
                if op == OP_L:
                    v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        S[r1] = v
                elif op == OP_ST:
                    v = wr32(S, mem, keys, tlb, ea, S[r1], limit, pkey)
                    if v < 0:
                        pic = -v
                elif op == OP_LA:
                    S[r1] = ea
                elif op == OP_BC:
                    if (r1 >> (3 - cc)) & 1:
                        ia = branch_to(S, ea)
                elif op == OP_BAL:
                    S[r1] = (ilc << 30) | (cc << 28) | (S[PSW_PM] << 24) | ia
                    ia = ea
                elif op == OP_BCT:
                    v = (S[r1] - 1) & M32
                    S[r1] = v
                    if v != 0:
                        ia = branch_to(S, ea)
                elif op == OP_A or op == OP_S or op == OP_AH or op == OP_SH:
                    v, y = signed_operand(S, mem, keys, tlb, ea, op < OP_ST, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        x = s32(S[r1])
                        rr = x + y if (op == OP_A or op == OP_AH) else x - y
                        pic, cc = signed_result(S, r1, rr)
                elif op == OP_C or op == OP_CH:
                    v, y = signed_operand(S, mem, keys, tlb, ea, op == OP_CH, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        x = s32(S[r1])
                        cc = 0 if x == y else (1 if x < y else 2)
                elif op == OP_CL:
                    v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        x = S[r1]
                        cc = 0 if x == v else (1 if x < v else 2)
                elif op == OP_N or op == OP_O or op == OP_X:
                    v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        if op == OP_N:
                            v = S[r1] & v
                        elif op == OP_O:
                            v = S[r1] | v
                        else:
                            v = S[r1] ^ v
                        S[r1] = v
                        cc = 1 if v else 0
                elif op == OP_AL or op == OP_SL:
                    v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        cc = logical_result(S, r1, S[r1] + v if op == OP_AL
                                            else S[r1] + ((~v) & M32) + 1)
                elif op == OP_LH:
                    v = rd16(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        S[r1] = (v - ((v & 0x8000) << 1)) & M32
                elif op == OP_STH:
                    v = wr16(S, mem, keys, tlb, ea, S[r1], limit, pkey)
                    if v < 0:
                        pic = -v
                elif op == OP_IC:
                    v = rd8(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        S[r1] = (S[r1] & 0xFFFFFF00) | v
                elif op == OP_STC:
                    v = wr8(S, mem, keys, tlb, ea, S[r1], limit, pkey)
                    if v < 0:
                        pic = -v
                elif op == OP_MH:
                    v = rd16(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        S[r1] = (s32(S[r1]) * (v - ((v & 0x8000) << 1))) & M32
                elif op == OP_M:
                    if r1 & 1:
                        pic = PIC_SPECIFICATION
                    else:
                        v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                        if v < 0:
                            pic = -v
                        else:
                            p = s32(S[r1 + 1]) * s32(v)
                            S[r1] = (p >> 32) & M32
                            S[r1 + 1] = p & M32
                elif op == OP_D:
                    if r1 & 1:
                        pic = PIC_SPECIFICATION
                    else:
                        v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                        if v < 0:
                            pic = -v
                        else:
                            pic = divide(S, r1, s32(v))
                elif op == OP_EX:
                    if ea & 1:
                        pic = PIC_SPECIFICATION
                    else:
                        v = rd16(S, mem, keys, tlb, ea, limit, pkey)
                        if v < 0:
                            pic = -v
                        else:
                            ex_b0 = (v >> 8) & 0xFF
                            ex_b1 = v & 0xFF
                            if r1:
                                ex_b1 |= S[r1] & 0xFF
                            if ex_b0 == OP_EX:
                                pic = PIC_EXECUTE
                            else:
                                ex_active = True
                                ex_addr = ea
                                ex_next = ia
                                repeats += 1            # EXECUTE and its target: one instruction
                elif op == OP_CVD:
                    pic = cvd(S, mem, keys, tlb, r1, ea)
                elif op == OP_CVB:
                    pic = cvb(S, mem, keys, tlb, r1, ea)
                elif op >= OP_STD:                                # floating point RX
                    pic = hfp_rx_check(op, r1)
                    if pic == 0:
                        if op == OP_STD:
                            v = wr64(S, mem, keys, tlb, ea, S[FPR + (r1 >> 1)], limit, pkey)
                            pic = -v if v < 0 else 0
                        elif op == OP_STE:
                            v = wr32(S, mem, keys, tlb, ea, (S[FPR + (r1 >> 1)] >> 32) & M32,
                                     limit, pkey)
                            pic = -v if v < 0 else 0
                        else:
                            if op < OP_STE:
                                pic, v = rd64(S, mem, keys, tlb, ea, limit, pkey)
                            else:
                                v = rd32(S, mem, keys, tlb, ea, limit, pkey)
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
                if op == OP_STM or op == OP_LM:
                    n = ((r3 - r1) & 15) + 1
                    store = op == OP_STM
                    if fast_range_ok(keys, ea, 4 * n, pkey, store, limit):
                        fast_range_mark(keys, ea, 4 * n, store)
                        for i in range(n):
                            r = (r1 + i) & 15
                            a = ea + 4 * i
                            if store:
                                store_be32(mem, a, S[r])
                            else:
                                S[r] = load_be32(mem, a)
                    else:
                        v = check_access(S, mem, keys, tlb, ea, 4 * n,
                                         ACC_STORE if store else ACC_FETCH)
                        if v < 0:
                            pic = -v
                        else:
                            for i in range(n):
                                if store:
                                    wr32(S, mem, keys, tlb, ea + 4 * i, S[(r1 + i) & 15],
                                         limit, pkey)
                                else:
                                    S[(r1 + i) & 15] = rd32(S, mem, keys, tlb, ea + 4 * i,
                                                            limit, pkey)
                elif op == OP_TM:
                    v = rd8(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        t = v & b1
                        cc = 0 if t == 0 else (3 if t == b1 else 1)
                elif op == OP_MVI:
                    v = wr8(S, mem, keys, tlb, ea, b1, limit, pkey)
                    if v < 0:
                        pic = -v
                elif op == OP_CLI:
                    v = rd8(S, mem, keys, tlb, ea, limit, pkey)
                    if v < 0:
                        pic = -v
                    else:
                        cc = 0 if v == b1 else (1 if v < b1 else 2)
                elif op == OP_NI or op == OP_OI or op == OP_XI:
                    a = xlate(S, mem, keys, tlb, ea, ACC_STORE, limit, pkey)
                    if a < 0:
                        pic = -a
                    else:
                        v = np.int64(mem[a])
                        if op == OP_NI:
                            v &= b1
                        elif op == OP_OI:
                            v |= b1
                        else:
                            v ^= b1
                        mem[a] = v
                        cc = 1 if v else 0
                elif op == OP_BXLE or op == OP_BXH:
                    inc = s32(S[r3])
                    cmp = s32(S[r3 | 1])
                    v = s32(S[r1]) + inc
                    S[r1] = v & M32
                    v = s32(v & M32)
                    if op == OP_BXLE:
                        if v <= cmp:
                            ia = branch_to(S, ea)
                    elif v > cmp:
                        ia = branch_to(S, ea)
                elif op >= OP_SRL and op <= OP_SLDA:                 # shifts
                    pic, cc = shift(S, op, r1, ea & 63, cc)
                elif op == OP_ICM:
                    v = 0
                    t = S[r1]
                    first = -1
                    allz = True
                    pos = 0
                    for i in range(4):
                        if (r3 >> (3 - i)) & 1:
                            bv = rd8(S, mem, keys, tlb, ea + pos, limit, pkey)
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
                elif op == OP_STCM:
                    n = 0
                    for i in range(4):
                        if (r3 >> (3 - i)) & 1:
                            n += 1
                    if n and fast_range_ok(keys, ea, n, pkey, True, limit):
                        fast_range_mark(keys, ea, n, True)
                        pos = 0
                        for i in range(4):
                            if (r3 >> (3 - i)) & 1:
                                mem[ea + pos] = (S[r1] >> (8 * (3 - i))) & 0xFF
                                pos += 1
                    elif n:
                        v = check_access(S, mem, keys, tlb, ea, n, ACC_STORE)
                        if v < 0:
                            pic = -v
                        else:
                            pos = 0
                            for i in range(4):
                                if (r3 >> (3 - i)) & 1:
                                    wr8(S, mem, keys, tlb, ea + pos, S[r1] >> (8 * (3 - i)),
                                        limit, pkey)
                                    pos += 1
                elif op == OP_CLM:
                    pos = 0
                    cc = 0
                    for i in range(4):
                        if (r3 >> (3 - i)) & 1:
                            bv = rd8(S, mem, keys, tlb, ea + pos, limit, pkey)
                            if bv < 0:
                                pic = -bv
                                break
                            pos += 1
                            rb = (S[r1] >> (8 * (3 - i))) & 0xFF
                            if rb != bv:
                                cc = 1 if rb < bv else 2
                                break
                elif op == OP_CS:
                    if ea & 3:
                        pic = PIC_SPECIFICATION
                    elif fast_range_ok(keys, ea, 4, pkey, True, limit):
                        # checked for store (reference and change recorded) as below
                        fast_range_mark(keys, ea, 4, True)
                        v = load_be32(mem, ea)
                        if v == S[r1]:
                            store_be32(mem, ea, S[r3])
                            cc = 0
                        else:
                            S[r1] = v
                            cc = 1
                    else:
                        v = check_access(S, mem, keys, tlb, ea, 4, ACC_STORE)
                        if v < 0:
                            pic = -v
                        else:
                            v = rd32(S, mem, keys, tlb, ea, limit, pkey)
                            if v == S[r1]:
                                wr32(S, mem, keys, tlb, ea, S[r3], limit, pkey)
                                cc = 0
                            else:
                                S[r1] = v
                                cc = 1
                elif op == OP_CDS:
                    if (r1 & 1) or (r3 & 1) or (ea & 7):
                        pic = PIC_SPECIFICATION
                    elif fast_range_ok(keys, ea, 8, pkey, True, limit):
                        fast_range_mark(keys, ea, 8, True)
                        hi = load_be32(mem, ea)
                        lo = load_be32(mem, ea + 4)
                        if hi == S[r1] and lo == S[r1 + 1]:
                            store_be32(mem, ea, S[r3])
                            store_be32(mem, ea + 4, S[r3 + 1])
                            cc = 0
                        else:
                            S[r1] = hi
                            S[r1 + 1] = lo
                            cc = 1
                    else:
                        v = check_access(S, mem, keys, tlb, ea, 8, ACC_STORE)
                        if v < 0:
                            pic = -v
                        else:
                            hi = rd32(S, mem, keys, tlb, ea, limit, pkey)
                            lo = rd32(S, mem, keys, tlb, ea + 4, limit, pkey)
                            if hi == S[r1] and lo == S[r1 + 1]:
                                wr32(S, mem, keys, tlb, ea, S[r3], limit, pkey)
                                wr32(S, mem, keys, tlb, ea + 4, S[r3 + 1], limit, pkey)
                                cc = 0
                            else:
                                S[r1] = hi
                                S[r1 + 1] = lo
                                cc = 1
                elif op == OP_TS:
                    a = xlate(S, mem, keys, tlb, ea, ACC_STORE, limit, pkey)
                    if a < 0:
                        pic = -a
                    else:
                        cc = 1 if mem[a] & 0x80 else 0
                        mem[a] = 0xFF
                elif op == OP_MC:
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
                if ((op == OP_MVC or (op >= OP_MVN and op <= OP_XC))
                        and fast_range_ok(keys, ea1, n, pkey, op != OP_CLC, limit)
                        and fast_range_ok(keys, ea2, n, pkey, False, limit)):
                    # the common storage-to-storage cases, inline
                    fast_range_mark(keys, ea1, n, op != OP_CLC)
                    fast_range_mark(keys, ea2, n, False)
                    if op == OP_MVC:                              # MVC: left to right
                        move_bytes(mem, ea1, ea2, n)
                    elif op == OP_CLC:
                        cc = compare_bytes(mem, ea1, ea2, n)
                    elif op == OP_MVN or op == OP_MVZ:
                        move_digits_or_zones(mem, op, ea1, ea2, n)
                    else:                                       # NC OC XC
                        cc = and_or_xor_bytes(mem, op, ea1, ea2, n)
                elif (op == OP_TR and fast_range_ok(keys, ea1, n, pkey, True, limit)
                        and fast_range_ok(keys, ea2, 256, pkey, False, limit)):
                    # TR with the whole table accessible (as ss_logical's, both ends referenced)
                    fast_range_mark(keys, ea1, n, True)
                    fast_range_mark(keys, ea2, 256, False)
                    translate_in_place(mem, ea1, n, ea2)
                elif op == OP_MVC or (op >= OP_MVN and op <= OP_XC) or op == OP_TR or op == OP_TRT:
                    S[PSW_CC] = cc
                    pic = ss_logical(S, mem, keys, tlb, op, ea1, b1, ea2)
                    cc = S[PSW_CC]
                elif op == OP_ED or op == OP_EDMK:
                    S[PSW_CC] = cc
                    pic = decimal_ss(S, mem, keys, tlb, op, ea1, b1, ea2, 0)
                    cc = S[PSW_CC]
                elif op == OP_SRP or (op >= OP_MVO and op <= OP_UNPK) or (op >= OP_ZAP and op <= OP_DP):
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
                    S[PRIV_COUNT] += 1
                    effects = control_effects(op, b1)
                    S[PSW_CC] = cc
                    pic = short_control(S, keys, op, b1, r1, r3, ea)
                    if pic == NOT_SHORT:
                        sn, sv = stored_value(S, op, b1)
                        if sn:
                            # STIDP, STAP, STPX: a store through the loop's own accessors
                            if ea & (sn - 1):
                                pic = PIC_SPECIFICATION
                            else:
                                if sn == 2:
                                    v = wr16(S, mem, keys, tlb, ea, sv, limit, pkey)
                                elif sn == 4:
                                    v = wr32(S, mem, keys, tlb, ea, sv, limit, pkey)
                                else:
                                    v = wr64(S, mem, keys, tlb, ea, sv, limit, pkey)
                                pic = -v if v < 0 else 0
                        else:
                            S[PSW_IA] = ia
                            if effects & SYNC_TIMERS:           # clock and timer instructions
                                update_timers(S, mem, keys, count - last_timer)
                                last_timer = count
                            pic = control(S, mem, keys, tlb, op, b1, r1, r3, ea)
                            ia = S[PSW_IA]
                    cc = S[PSW_CC]
                    if effects & REFETCH:
                        iblk = -1
                        pkey = S[PSW_KEY]
                    if effects & CHECKPOINT:
                        # the PSW, CRs, prefix or pending conditions may have changed
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
            if force_check:
                # The PSW, CRs or prefix changed: with the real clock, a checkpoint only if
                # something may be due.  (The deterministic clock keeps its checkpoints, where
                # it steps the timers, so its runs stay as they were.)
                if real_clock and nothing_pending(S):
                    iblk = -1
                    limit = fast_limit(S)
                    pkey = S[PSW_KEY]
                else:
                    next_check = count
            if early:
                next_check = count
        if reason >= 0:
            break

    if count > last_timer:
        # the timers owe the instructions since the last checkpoint (an exit to a handler)
        update_timers(S, mem, keys, count - last_timer)
    S[PSW_IA] = ia
    S[PSW_CC] = cc
    S[EARLY_PENDING] = 1 if early else 0
    S[INSTCOUNT] += count - repeats
    S[EXIT_REASON] = reason
    return reason


@njit(inline="always", **INTERNAL)
def record_trapped(S, opcode, ea, r1, r3, b0, b1, b2, b3, inst_addr):
    """Record a trapped instruction for the host; the PSW (ILC included) stays as it was."""
    S[EXIT_OPCODE] = opcode
    S[EXIT_ADDR] = ea
    S[EXIT_R1] = r1
    S[EXIT_R3] = r3
    S[EXIT_INST] = (b0 << 40) | (b1 << 32) | (b2 << 24) | (b3 << 16)
    S[EXIT_INST_ADDR] = inst_addr


@njit(inline="always", **INTERNAL)
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


@njit(inline="always", **INTERNAL)
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


@njit(inline="always", **INTERNAL)
def shift(S, op, r1, n, cc):
    """The eight shift instructions; returns (pic, cc)."""
    pic = 0
    if op >= OP_SRDL and (r1 & 1):
        return PIC_SPECIFICATION, cc
    if op == OP_SRL:
        S[r1] = (S[r1] >> n) if n < 32 else 0
    elif op == OP_SLL:
        S[r1] = ((S[r1] << n) & M32) if n < 32 else 0
    elif op == OP_SRA:
        v = s32(S[r1]) >> (n if n < 32 else 31)
        S[r1] = v & M32
        cc = cc_signed(v)
    elif op == OP_SLA:
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
        if op == OP_SRDL:
            u = np.uint64(v) >> np.uint64(n)
            v = np.int64(u)
        elif op == OP_SLDL:
            v = v << n if n < 64 else 0
        elif op == OP_SRDA:
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
