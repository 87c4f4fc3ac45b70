"""Hexadecimal floating point: random operations on Hercules 3.13 against s370.cpu.hfp.

One Hercules program runs a few hundred cases.  Each case loads FPR 0-6 and the
program mask from its record, executes one floating-point instruction, and
stores the FPRs, the condition code (BALR) and any program-interruption code
(a program new PSW leads to a two-instruction handler that records the code
from the BC-mode old PSW and resumes).  Our side runs the same instruction
directly through hfp_rr / hfp_rx.
"""

import random
import struct

from s370.cpu import layout as L
from hercules import Program
from test_hfp import Machine

CODE = 0x1000
HANDLER = 0x800
DATA = 0x40000
REC = 96                 # per case: in FPRs 0-31, RX operand 32-39, out FPRs 40-71,
IN_OP, OUT, CCW, PICW, PMW = 32, 40, 72, 76, 80     # BALR word 72, code 76, PM word 80
U64 = (1 << 64) - 1

RR_OPS = list(range(0x20, 0x40))
RX_OPS = [0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
          0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F]
EXT_R1 = {0x26, 0x27, 0x36, 0x37, 0x67}        # R1 must be 0 or 4
EXT_R2 = {0x25, 0x26, 0x36, 0x37}              # R2 must be 0 or 4
CHARS = [0, 1, 2, 62, 63, 64, 65, 66, 125, 126, 127]


def rx(op, r1, x2, b2, d2):
    return struct.pack(">BBH", op, (r1 << 4) | x2, (b2 << 12) | d2)


def rr(op, r1, r2):
    return bytes([op, (r1 << 4) | r2])


def case_code(block, op, r1, r2):
    """Code for one case; R9 addresses its record."""
    c = rr(0x05, 8, 0)                               # BALR 8,0
    c += rx(0x58, 9, 0, 8, 8)                        # L    9,8(,8)   the record address
    c += rx(0x47, 15, 0, 8, 12)                      # B    12(,8)    over it
    c += struct.pack(">I", block)
    for i, r in enumerate((0, 2, 4, 6)):
        c += rx(0x68, r, 0, 9, 8 * i)                # LD   r,8i(,9)
    c += rx(0x58, 1, 0, 9, PMW) + rr(0x04, 1, 0)     # L 1,PM; SPM 1
    c += rx(op, r1, 0, 9, IN_OP) if op >= 0x40 else rr(op, r1, r2)
    c += rr(0x05, 1, 0)                              # BALR 1,0: CC in bits 2-3
    for i, r in enumerate((0, 2, 4, 6)):
        c += rx(0x60, r, 0, 9, OUT + 8 * i)          # STD  r,OUT+8i(,9)
    c += rx(0x50, 1, 0, 9, CCW)                      # ST   1,CCW(,9)
    return c


def rand_number(rng, nd):
    sign = rng.getrandbits(1)
    char = rng.choice(CHARS) if rng.random() < 0.3 else rng.randrange(128)
    full = 16 ** nd
    kind = rng.randrange(6)
    if kind == 0:
        frac = rng.randrange(full // 16, full)
    elif kind == 1:
        frac = rng.randrange(full)
    elif kind == 2:
        frac = rng.randrange(full // 16)
    elif kind == 3:
        frac = rng.randrange(1, 16) << (4 * rng.randrange(nd))
    elif kind == 4:
        frac = (full - 1) >> (4 * rng.randrange(nd))
    else:
        frac = rng.choice([0, 1, full - 1, full // 16])
    return (sign << (8 + 4 * nd - 1)) | (char << (4 * nd)) | frac


def rand_reg(rng):
    if rng.random() < 0.5:
        return (rand_number(rng, 6) << 32) | rng.getrandbits(32)
    return rand_number(rng, 14)


def make_cases(seed, n):
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        op = rng.choice(RR_OPS + RX_OPS)
        r1 = rng.choice((0, 4)) if op in EXT_R1 else rng.choice((0, 2, 4, 6))
        r2 = rng.choice((0, 4)) if op in EXT_R2 else rng.choice((0, 2, 4, 6))
        regs = [rand_reg(rng) for _ in range(4)]
        if rng.random() < 0.4 and op not in EXT_R1 | EXT_R2 | {0x25, 0x35}:
            # near-cancellation: second register close to the first
            a = regs[r1 // 2]
            regs[r2 // 2] = (a ^ (rng.getrandbits(1) << 63)) + rng.randrange(-3, 4) * (1 << rng.choice((0, 32)))
            regs[r2 // 2] &= U64
        operand = rand_reg(rng) if op >= 0x60 else 0
        if op >= 0x70:
            operand >>= 32
        pm = rng.randrange(16)
        cases.append((op, r1, r2, regs, operand, pm))
    return cases


def build_program(cases):
    code = b""
    data = bytearray(REC * len(cases))
    for i, (op, r1, r2, regs, operand, pm) in enumerate(cases):
        block = DATA + REC * i
        code += case_code(block, op, r1, r2)
        rec = b"".join(struct.pack(">Q", v) for v in regs)
        rec += struct.pack(">Q", operand) if op < 0x70 else struct.pack(">I", operand) + bytes(4)
        data[REC * i:REC * i + len(rec)] = rec
        struct.pack_into(">I", data, REC * i + PMW, pm << 24)   # SPM: PM from bits 4-7
    code += rr(0x0A, 0, 0)                                      # SVC 0: ends in the trap wait
    handler = bytes([0xD2, 1]) + struct.pack(">HH", (9 << 12) | PICW, 42)   # MVC PICW(2,9),42
    handler += rx(0x82, 0, 0, 0, 40)                                                # LPSW 40
    pgm_new = struct.pack(">II", 0, HANDLER)
    return Program(code, CODE, patches=[(HANDLER, handler), (104, pgm_new), (DATA, bytes(data))],
                   dumps=[(DATA, len(data))], timeout=30.0)


def ours(case):
    op, r1, r2, regs, operand, pm = case
    m = Machine()
    if op >= 0x60:
        size = 8 if op < 0x70 else 4
        pic, out, cc = m.rx(op, r1, 0x100, regs, operand.to_bytes(size, "big"), pm=pm, cc=0)
    else:
        pic, out, cc = m.rr(op, r1, r2, regs, pm=pm, cc=0)
    return pic, out, cc


def hercules_results(session, cases):
    res = session.run(build_program(cases))
    assert not res.timed_out, res.log[-20:]
    mem = res.storage[(DATA, REC * len(cases))]
    out = []
    for i in range(len(cases)):
        rec = mem[REC * i:REC * (i + 1)]
        fprs = list(struct.unpack(">4Q", rec[OUT:OUT + 32]))
        cc = (struct.unpack(">I", rec[CCW:CCW + 4])[0] >> 28) & 3
        pic = struct.unpack(">H", rec[PICW:PICW + 2])[0]
        out.append((pic, fprs, cc))
    return out


def _fmt(r):
    pic, regs, cc = r
    return f"pic={pic:02X} cc={cc} " + " ".join(f"{v:016X}" for v in regs)


def run_and_compare(session, seed, n):
    cases = make_cases(seed, n)
    herc = hercules_results(session, cases)
    bad = []
    for case, h in zip(cases, herc):
        o = ours(case)
        if o != h:
            op, r1, r2, regs, operand, pm = case
            bad.append(f"op={op:02X} r1={r1} r2={r2} pm={pm:X} operand={operand:X} in="
                       + " ".join(f"{v:016X}" for v in regs)
                       + f"\n   ours     {_fmt(o)}\n   hercules {_fmt(h)}")
    return bad


def test_random_hfp_against_hercules(hercules):
    bad = []
    for seed in (1, 2, 3):
        bad += run_and_compare(hercules, seed, 150)
    assert not bad, f"{len(bad)} of 450 differ:\n" + "\n".join(bad[:12])


def _sh(word, low=0x0BADC0DE):
    return (word << 32) | low


# (op, r1, r2, [FPR0, 2, 4, 6], storage operand, program mask): architectural corner cases
EDGE = [
    (0x3B, 2, 4, [0, _sh(0x41100000), _sh(0x40FFFFFF), 0], 0, 0),          # guard digit
    (0x3B, 2, 4, [0, _sh(0x40000001), _sh(0x3A100000), 0], 0, 0),
    (0x3F, 2, 4, [0, _sh(0x40000001), _sh(0x3A100000), 0], 0, 1),          # AU: guard not in zero test
    (0x3A, 2, 4, [0, _sh(0x50000000), _sh(0x41100000), 0], 0, 1),          # shifted out: significance
    (0x3A, 2, 4, [0, _sh(0x00000000), _sh(0x00000000), 0], 0, 1),
    (0x3A, 2, 4, [0, _sh(0x7FF00000), _sh(0x7FF00000), 0], 0, 0),          # overflow
    (0x3B, 2, 4, [0, _sh(0x00110000), _sh(0x00100000), 0], 0, 2),          # underflow, masked on
    (0x3B, 2, 4, [0, _sh(0x00110000), _sh(0x00100000), 0], 0, 0),
    (0x3E, 2, 4, [0, _sh(0x7FF00000), _sh(0x7F100000), 0], 0, 0),
    (0x39, 0, 2, [_sh(0x50000000), _sh(0x41100000), 0, 0], 0, 0),          # compare: shifted out
    (0x39, 0, 2, [_sh(0x41100000), _sh(0x40FFFFFF), 0, 0], 0, 0),
    (0x2F, 0, 2, [0x4300000000000001, 0x4410000000000000, 0, 0], 0, 0),
    (0x2B, 0, 2, [0x4300000000000001, 0x4410000000000000, 0, 0], 0, 0),
    (0x34, 0, 6, [0, 0, 0, _sh(0x40000001)], 0, 0),                        # halve keeps the bit
    (0x34, 0, 6, [0, 0, 0, _sh(0x00100000)], 0, 2),
    (0x24, 0, 0, [0x4120000000000001, 0, 0, 0], 0, 0),
    (0x24, 2, 0, [0x4000000000000001, 0, 0, 0], 0, 0),
    (0x35, 2, 4, [0, 0, 0x7FFFFFFF80000000, 0], 0, 0),                     # LRER overflow
    (0x35, 2, 4, [0, 0, 0xC112345680000000, 0], 0, 0),
    (0x25, 2, 4, [0, 0, 0x4112345678901234, 0xB380000000000000], 0, 0),    # LRDR
    (0x25, 6, 0, [0x7FFFFFFFFFFFFFFF, 0x0080000000000000, 0, 0], 0, 0),
    (0x37, 0, 4, [0x4110000000000000, 0x3300000000000000, 0x2510000000000000, 0], 0, 0),
    (0x37, 0, 4, [0x4110000000000000, 0x3300000000000000] * 2, 0, 1),      # significance, extended
    (0x37, 4, 4, [0, 0, 0x80FFFFFF5E779A0B, 0x3E7F8B4DFA7D6135], 0, 1),    # ... with characteristic 0
    (0x36, 0, 4, [0x8510000000000000, 5, 0, 0], 0, 0),                     # low char wraps
    (0x36, 0, 4, [0x7FF0000000000000, 0x7100000000000000] * 2, 0, 0),
    (0x37, 0, 4, [0x0011000000000000, 0, 0x0010000000000000, 0], 0, 2),
    (0x26, 4, 0, [0x40FFFFFFFFFFFFFF, 0x32FFFFFFFFFFFFFF] * 2, 0, 0),
    (0x26, 0, 4, [0x7F10000000000000, 0, 0x7F10000000000000, 0], 0, 0),
    (0x27, 0, 4, [0x0010000000000000, 0, 0x0010000000000000, 0], 0, 2),
    (0x27, 4, 0, [0x41FFFFFFFFFFFFFF, 0, 0x41FFFFFFFFFFFFFF, 0x5678], 0, 0),
    (0x2D, 0, 2, [0x4110000000000000, 0x4500000000000000, 7, 9], 0, 0),    # divide exception
    (0x2D, 0, 2, [0x0010000000000000, 0x4120000000000000, 0, 0], 0, 2),
    (0x3C, 0, 2, [_sh(0x43001000), _sh(0x41100000), 0, 0], 0, 0),          # MER prenormalizes
    (0x67, 0, 0, [0x41FFFFFFFFFFFFFF, 1, 2, 3], 0x41FFFFFFFFFFFFFF, 0),    # MXD
]


def test_edge_cases_against_hercules(hercules):
    herc = hercules_results(hercules, EDGE)
    bad = [(case, ours(case), h) for case, h in zip(EDGE, herc) if ours(case) != h]
    assert not bad, "\n".join(f"{c[0]:02X} {c[1]},{c[2]}: ours {_fmt(o)} hercules {_fmt(h)}"
                              for c, o, h in bad)
