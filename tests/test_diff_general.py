"""Differential tests: general instructions on our core vs Hercules 3.13.

Each case is a small program (tests/hercules.py case_program): the instruction(s) under
test with random operands (seeded), then a CC capture; GPRs, the CC, any program
interruption (code, ILC, old PSW) and the data area X'A00'-X'FFF' are compared.
"""

import random
import struct

import pytest

from hercules import DATA, case_program, compare_cases

R = random.Random(370)
EDGE = [0, 1, 2, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x80000001, 0x7FFFFFFE, 0xFFFF,
        0x8000, 0x7FFF, 0xFFFF8000, 0x00010000, 0x40000000, 0xC0000000]


def val(r=R):
    k = r.random()
    if k < 0.35:
        return r.choice(EDGE)
    if k < 0.5:
        return r.randrange(0, 64)
    if k < 0.6:
        return (-r.randrange(1, 64)) & 0xFFFFFFFF
    return r.getrandbits(32)


def regs(r=R):
    return {i: val(r) for i in range(16)}


def reg(r=R, lo=1, hi=11):
    return r.randrange(lo, hi + 1)


def even(r=R):
    return r.choice((2, 4, 6, 8, 10))


def one(mn, *ops, gprs=None, data=(), extra=None):
    """A case that executes one instruction (plus optional extra builder steps)."""
    g = regs() if gprs is None else gprs

    def build(b):
        b.i(mn, *ops)
        if extra:
            extra(b)
    show = ",".join(f"{o:X}" if isinstance(o, int) else o for o in ops)
    name = f"{mn} {show} gprs=[{' '.join(f'{i}:{v:08X}' for i, v in g.items())}]"
    if data:
        name += " data=" + ";".join(f"{a:X}:{bytes(d).hex().upper()}" for a, d in data)
    return name, case_program(build, gprs=g, data=list(data))


def rr_cases(n):
    out = []
    for mn in ("LPR", "LNR", "LTR", "LCR", "NR", "CLR", "OR", "XR", "LR", "CR", "AR", "SR",
               "ALR", "SLR"):
        for _ in range(n):
            out.append(one(mn, reg(), reg()))
    for mn in ("MR", "DR"):
        for _ in range(n):
            r1 = even() if R.random() < 0.9 else R.choice((1, 3))
            g = regs()
            if mn == "DR" and R.random() < 0.6:    # mostly divisions that fit
                g[r1] = R.choice((0, 0xFFFFFFFF)) if R.random() < 0.5 else R.randrange(0, 1000)
                g[r1 + 1 if r1 < 15 else 0] = R.getrandbits(32)
            out.append(one(mn, r1, reg(), gprs=g))
    for _ in range(n):
        out.append(one("SPM", reg()))
        out.append(one("BCTR", reg(), 0))
        out.append(one("BALR", reg(), 0))
    return out


def rx_cases(n):
    out = []
    for mn in ("L", "A", "S", "C", "CL", "N", "O", "X", "AL", "SL", "M", "D",
               "LH", "AH", "SH", "CH", "MH", "IC", "STC", "STH", "ST", "LA"):
        for _ in range(n):
            r1 = even() if mn in ("M", "D") and R.random() < 0.9 else reg()
            g = regs()
            data = [(DATA, struct.pack(">II", val(), val()))]
            if R.random() < 0.3:           # exercise index + base address arithmetic
                x, b = R.sample([i for i in range(1, 12) if i != r1], 2)
                g[x] = R.randrange(0, 8) | (R.getrandbits(8) << 24)
                g[b] = DATA - 0x10 | (R.getrandbits(8) << 24)
                out.append(one(mn, r1, 0x10, x, b, gprs=g, data=data))
            else:
                out.append(one(mn, r1, DATA + R.choice((0, 0, 2, 4)), 0, 0, gprs=g, data=data))
    return out


def shift_cases(n):
    out = []
    for mn in ("SRL", "SLL", "SRA", "SLA", "SRDL", "SLDL", "SRDA", "SLDA"):
        for _ in range(n):
            r1 = even() if mn[2] == "D" and R.random() < 0.9 else reg()
            amount = R.choice((0, 1, 31, 32, 33, 63, R.randrange(64)))
            if R.random() < 0.25:
                b = reg()
                g = regs()
                g[b] = R.getrandbits(32)
                out.append(one(mn, r1, amount, b, gprs=g))
            else:
                out.append(one(mn, r1, amount | (R.getrandbits(6) << 6), 0))
    return out


def rs_cases(n):
    out = []
    for mn in ("ICM", "STCM", "CLM"):
        for _ in range(n):
            data = [(DATA, bytes(R.getrandbits(8) for _ in range(8)))]
            out.append(one(mn, reg(), R.randrange(16), DATA + R.randrange(4), 0, data=data))
    for _ in range(n):                     # CS: equal and unequal compares
        g = regs()
        r1, r3 = reg(), reg()
        word = val()
        if R.random() < 0.5:
            g[r1] = word
        out.append(one("CS", r1, r3, DATA + R.choice((0, 4, 4, 4, 2)), 0, gprs=g,
                       data=[(DATA, struct.pack(">III", 0, word, val()))]))
    for _ in range(n):
        g = regs()
        r1, r3 = even(), even()
        if R.random() < 0.1:
            r1 += 1
        dw = R.getrandbits(64)
        if R.random() < 0.5 and r1 % 2 == 0:
            g[r1], g[r1 + 1] = dw >> 32, dw & 0xFFFFFFFF
        out.append(one("CDS", r1, r3, DATA + R.choice((8, 8, 8, 4)), 0, gprs=g,
                       data=[(DATA + 8, struct.pack(">Q", dw))]))
    for _ in range(n):
        r1, r3 = R.randrange(16), R.randrange(16)
        data = [(DATA, bytes(R.getrandbits(8) for _ in range(64)))]
        out.append(one("LM", r1, r3, DATA, 0, data=data))
        out.append(one("STM", r1, r3, DATA + 4, 0))
    for mn in ("BXH", "BXLE"):
        for _ in range(n):
            g = regs()
            r1, r3 = reg(), reg()
            for r in (r1, r3, r3 | 1):
                if R.random() < 0.5:
                    g[r] = R.randrange(0, 20) - 10 & 0xFFFFFFFF

            def extra(b):              # branch target vs fall-through mark GR15
                b.i("LA", 15, 0xF, 0, 0)
                b.i("BC", 15, "OUT")
                b.label("TGT")
                b.i("LA", 15, 0x7, 0, 0)
                b.label("OUT")
            name, prog = one(mn, r1, r3, "TGT", gprs=g, extra=extra)
            out.append((name, prog))
    for _ in range(n):
        g = regs()
        r1 = reg()
        g[r1] = R.choice((0, 1, 2, 0x80000000))
        g[15] = 0

        def extra(b):
            b.i("LA", 15, 0xF, 0, 0)
            b.i("BC", 15, "OUT")
            b.label("TGT")
            b.i("LA", 15, 0x7, 0, 0)
            b.label("OUT")
        out.append(one("BCT", r1, "TGT", gprs=g, extra=extra))
    return out


def si_cases(n):
    out = []
    for mn in ("TM", "MVI", "NI", "CLI", "OI", "XI"):
        for _ in range(n):
            data = [(DATA, bytes([R.choice((0, 0xFF, R.getrandbits(8)))]))]
            out.append(one(mn, DATA, 0, R.choice((0, 0xFF, R.getrandbits(8))), data=data))
    for _ in range(n):
        out.append(one("TS", DATA, 0, data=[(DATA, bytes([R.choice((0, 0x80, 0x7F, 0xFF))]))]))
    return out


def ss_cases(n):
    out = []
    for mn in ("MVC", "CLC", "NC", "OC", "XC", "MVN", "MVZ", "TR", "TRT"):
        for _ in range(n):
            ln = R.choice((1, 2, 8, 100, 256, R.randrange(1, 257)))
            src = bytes(R.getrandbits(8) for _ in range(ln))
            if mn == "CLC" and R.random() < 0.5:
                dst = bytearray(src)
                if R.random() < 0.5:
                    dst[R.randrange(ln)] ^= 1 << R.randrange(8)
                dst = bytes(dst)
            else:
                dst = bytes(R.getrandbits(8) for _ in range(ln))
            if mn == "TRT":            # mostly-zero function table
                tbl = bytearray(256)
                for _ in range(R.randrange(0, 4)):
                    tbl[R.randrange(256)] = R.getrandbits(8)
                tbl = bytes(tbl)
            else:
                tbl = bytes(R.getrandbits(8) for _ in range(256))
            d1, d2 = DATA, DATA + 0x100
            if mn in ("MVC", "XC", "MVN", "MVZ") and R.random() < 0.3:   # overlaps
                d2 = DATA + R.choice((0, 1, 3))
                d1 = DATA + R.choice((0, 1, 2))
            if mn in ("TR", "TRT"):
                data = [(DATA, dst), (DATA + 0x200, tbl)]
                out.append(one(mn, DATA, ln, 0, DATA + 0x200, 0, data=data))
            else:
                data = [(DATA, dst + bytes(16)), (DATA + 0x100, src)]
                if d2 < DATA + 0x100:
                    data = [(DATA, dst + src)]
                out.append(one(mn, d1, ln, 0, d2, 0, data=data))
    for _ in range(n):
        l1, l2 = R.randrange(1, 17), R.randrange(1, 17)
        data = [(DATA, bytes(R.getrandbits(8) for _ in range(16))),
                (DATA + 0x20, bytes(R.getrandbits(8) for _ in range(16)))]
        out.append(one("MVO", DATA, l1, 0, DATA + 0x20, l2, 0, data=data))
    return out


def long_cases(n):
    """MVCL / CLCL.  Operands stay inside DATA..X'FFF' so the Hercules CLCL quirk
    (re-execution when an operand crosses a 4K boundary with len1+len2 > 255) is avoided."""
    out = []
    for mn in ("MVCL", "CLCL"):
        for _ in range(n):
            g = regs()
            r1, r2 = R.choice([(2, 4), (4, 6), (6, 8), (8, 2), (2, 2)])
            if R.random() < 0.05:
                r1 += 1
            l1 = R.choice((0, 1, 7, R.randrange(0, 0x180)))
            l2 = R.choice((0, 1, l1, R.randrange(0, 0x180)))
            a1 = DATA + R.randrange(0, 0x80)
            a2 = DATA + 0x200 + R.randrange(0, 0x80)
            if mn == "MVCL" and R.random() < 0.25:      # destructive overlap
                a2 = a1 - R.randrange(1, 16)
            src = bytes(R.getrandbits(8) for _ in range(0x180))
            if mn == "CLCL":
                dst = bytearray(src[:0x180])
                if R.random() < 0.6:
                    dst[R.randrange(0x180)] ^= 0x40
                data = [(a1, bytes(dst)), (a2, src)]
            else:
                data = [(a2, src)]
            pad = R.choice((0x40, 0x00, R.getrandbits(8)))
            if r1 % 2 == 0:
                g[r1] = a1 | (R.getrandbits(8) << 24)
                g[r1 + 1] = l1 | (R.getrandbits(8) << 24)
            if r2 % 2 == 0 and r2 != r1:
                g[r2] = a2 | (R.getrandbits(8) << 24)
                g[r2 + 1] = l2 | (pad << 24)
            out.append(one(mn, r1, r2, gprs=g, data=data))
    return out


def ex_cases(n):
    out = []
    for _ in range(n):                 # EX of MVC with the length from R1
        g = regs()
        r1 = reg()
        data = [(DATA, bytes(range(32))), (DATA + 0x40, bytes(range(0x80, 0xA0)))]

        def build(b, r1=r1):
            b.i("EX", r1, "T")
            b.i("BC", 15, "OUT")
            b.label("T")
            b.i("MVC", DATA, 1, 0, DATA + 0x40, 0)
            b.label("OUT")
        out.append((f"EX {r1} of MVC len-1 from R{r1}={g[r1]:08X}",
                    case_program(build, gprs=g, data=data)))
    for _ in range(n):                 # EX of CLI / TM with the mask from R1
        g = regs()
        r1 = R.choice((0, reg()))
        tgt = R.choice(("CLI", "TM", "SPM"))

        def build(b, r1=r1, tgt=tgt):
            b.i("EX", r1, "T")
            b.i("BC", 15, "OUT")
            b.label("T")
            if tgt == "SPM":
                b.i("SPM", 0)
            else:
                b.i(tgt, DATA, 0, 0x10)
            b.label("OUT")
        out.append((f"EX {r1} of {tgt} R{r1}={g[r1]:08X}",
                    case_program(build, gprs=g, data=[(DATA, bytes([R.getrandbits(8)]))])))
    for odd in (False, True):          # EX of EX (execute exception), EX at odd address

        def build(b, odd=odd):
            if odd:
                b.i("EX", 0, "T+1")
            else:
                b.i("EX", 0, "T")
            b.i("BC", 15, "OUT")
            b.label("T")
            b.i("EX", 0, "T")
            b.label("OUT")
        out.append((f"EX of EX odd={odd}", case_program(build, gprs=regs())))
    return out


def bal_cases(n):
    out = []
    for _ in range(n):                 # BAL/BALR link information: ILC, CC, program mask
        g = regs()
        cc, pm = R.randrange(4), R.randrange(16)
        r1 = reg()

        def build(b, r1=r1, cc=cc, pm=pm):
            b.i("L", 14, "SPMV")
            b.i("SPM", 14)
            b.i("BAL", r1, "T")
            b.label("T")
            b.i("BALR", 13, 0)
            b.i("SPM", 0)              # leave the program mask off again
            b.i("BC", 15, "OUT")
            b.fullword("SPMV", (cc << 28) | (pm << 24))
            b.label("OUT")
        out.append((f"BAL/BALR link cc={cc} pm={pm:X}", case_program(build, gprs=g)))
    return out


CASES = (rr_cases(30) + rx_cases(24) + shift_cases(30) + rs_cases(24) + si_cases(24)
         + ss_cases(24) + long_cases(40) + ex_cases(12) + bal_cases(12))


@pytest.mark.parametrize("group", ["rr", "rx", "shift", "rs", "si", "ss", "long", "ex", "bal"])
def test_general_against_hercules(hercules, group):
    cases = [c for c in CASES if _group(c[0]) == group]
    assert cases
    report = compare_cases(hercules, cases)
    assert not report, report


def _group(name):
    mn = name.split()[0].rstrip(",")
    for g, mns in (("rr", "LPR LNR LTR LCR NR CLR OR XR LR CR AR SR ALR SLR MR DR SPM BCTR BALR"),
                   ("rx", "L A S C CL N O X AL SL M D LH AH SH CH MH IC STC STH ST LA"),
                   ("shift", "SRL SLL SRA SLA SRDL SLDL SRDA SLDA"),
                   ("rs", "ICM STCM CLM CS CDS LM STM BXH BXLE BCT"),
                   ("si", "TM MVI NI CLI OI XI TS"),
                   ("ss", "MVC CLC NC OC XC MVN MVZ TR TRT MVO"),
                   ("long", "MVCL CLCL"), ("ex", "EX"), ("bal", "BAL/BALR")):
        if mn in mns.split():
            return g
    raise AssertionError(name)


def test_hercules_sanity(hercules):
    """The harness itself against the PoO: AR overflow gives CC 3 and the truncated sum;
    an operation exception ends in the program trap with code 1, ILC 1."""
    from hercules import outcome
    res = outcome(hercules.run(one("AR", 1, 2, gprs={1: 0x7FFFFFFF, 2: 1})[1]))
    assert res["end"] == "CC3"
    assert res["gprs"].split()[1] == "80000000"
    res = outcome(hercules.run(case_program(lambda b: b.raw(b"\x00\x00"))))
    assert res["end"] == "E03"
    assert res["pgm_old_psw"] == "00000001 40000802"
