"""Micro-benchmark of the decimal instructions: ns per call from compiled code.

    python -m s370.bench.decimal [iterations]

Each instruction runs in a compiled loop that first restores its first
operand (so MP/DP/ED see the same data every time); "net" subtracts the
cost of that loop with the restore alone.  Figures are for the decimal
routine itself, without instruction fetch and decode.
"""

import sys
import time

import numpy as np
from numba import njit

from s370.cpu import layout as L
from s370.cpu.decimal import decimal_ss, cvb, cvd

OP_NONE = 0           # not a decimal opcode: decimal_ss returns at once
CVB_OP = 0x4F
CVD_OP = 0x4E

A1 = 0x1000
A2 = 0x2000
SAVE = 0x3000


# not cached: numba's cache does not notice changes in callees, and a stale
# loop would go on measuring old decimal code
@njit(nogil=True, _nrt=False)
def _loop(S, mem, keys, tlb, op, ea1, l1, ea2, l2, n, nsave):
    pics = 0
    for _ in range(n):
        for k in range(nsave):
            mem[ea1 + k] = mem[SAVE + k]
        if op == CVB_OP:
            pics += cvb(S, mem, keys, tlb, 3, ea2)
        elif op == CVD_OP:
            S[L.GPR + 3] = 0x12345678
            pics += cvd(S, mem, keys, tlb, 3, ea1)
        else:
            pics += decimal_ss(S, mem, keys, tlb, op, ea1, l1, ea2, l2)
    return pics


# name, op, first operand (hex), L1, second operand (hex) or shift/I3, L2
CASES = [
    ("AP 8,4", 0xFA, "000000001234567C", 7, "0012345D", 3),
    ("SP 8,4", 0xFB, "000000001234567C", 7, "0012345D", 3),
    ("ZAP 8,4", 0xF8, "000000001234567C", 7, "0012345D", 3),
    ("CP 8,8", 0xF9, "000000001234567C", 7, "000000001234568C", 7),
    ("AP 16,16", 0xFA, "0000000000001234567890123456789C", 15,
     "0000000000009876543210987654321D", 15),
    ("MP 8,3", 0xFC, "000000001234567C", 7, "12345D", 2),
    ("MP 16,8", 0xFC, "0000000000000000012345678901234C", 15, "098765432109876C", 7),
    ("DP 8,3", 0xFD, "000001234567890C", 7, "12345D", 2),
    ("DP 16,8", 0xFD, "0000000012345678901234567890123C", 15, "000000098765432C", 7),
    ("SRP 8 >>2 r5", 0xF0, "000001234567890C", 7, 62, 5),
    ("PACK 8,15", 0xF2, "0000000000000000", 7, "F1F2F3F4F5F6F7F8F9F0F1F2F3F4C5", 14),
    ("UNPK 15,8", 0xF3, "000000000000000000000000000000", 14, "123456789012345C", 7),
    ("MVO 8,7", 0xF1, "000000000000000C", 7, "12345678901234", 6),
    ("ED 13<-4", 0xDE, "4020206B2021204B202040C3D9", 12, "0257426C", 0),
    ("EDMK 13<-4", 0xDF, "4020206B2021204B202040C3D9", 12, "0257426C", 0),
    ("CVB", CVB_OP, "", 0, "000000001234567D", 0),
    ("CVD", CVD_OP, "", 0, "", 0),
]


def _machine():
    size = 1 << 16
    S = np.zeros(L.STATE_SIZE, dtype=np.int64)
    S[L.MEMSIZE] = size
    mem = np.zeros(size, dtype=np.uint8)
    keys = np.zeros(size >> L.BLOCK_SHIFT, dtype=np.uint8)
    tlb = np.zeros(L.TLB_SIZE, dtype=np.int64)
    return S, mem, keys, tlb


def _put(mem, addr, hexstr):
    data = bytes.fromhex(hexstr)
    mem[addr:addr + len(data)] = np.frombuffer(data, dtype=np.uint8)
    return len(data)


def _time(fn, *args):
    best = None
    for _ in range(3):
        t0 = time.process_time()
        fn(*args)
        dt = time.process_time() - t0
        best = dt if best is None or dt < best else best
    return best


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 2_000_000
    S, mem, keys, tlb = _machine()
    _loop(S, mem, keys, tlb, OP_NONE, A1, 0, A2, 0, 10, 0)      # compile / load cache
    print(f"{'instruction':<14} {'ns/call':>8} {'net ns':>8}   ({n} calls, best of 3)")
    for name, op, op1, l1, op2, l2 in CASES:
        S, mem, keys, tlb = _machine()
        nsave = _put(mem, SAVE, op1) if op1 else 0
        if isinstance(op2, str):
            _put(mem, A2, op2)
            ea2 = A2
        else:
            ea2 = op2
        if op == CVD_OP:
            nsave = 0
        _loop(S, mem, keys, tlb, op, A1, l1, ea2, l2, 10, nsave)
        pics = _loop(S, mem, keys, tlb, op, A1, l1, ea2, l2, 1000, nsave)
        if pics:
            print(f"{name:<14} unexpected program interruption(s)")
            continue
        t = _time(_loop, S, mem, keys, tlb, op, A1, l1, ea2, l2, n, nsave)
        base = _time(_loop, S, mem, keys, tlb, OP_NONE, A1, l1, ea2, l2, n, nsave)
        print(f"{name:<14} {t / n * 1e9:8.1f} {(t - base) / n * 1e9:8.1f}")


if __name__ == "__main__":
    main()
