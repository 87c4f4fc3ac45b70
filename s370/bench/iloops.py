"""Timing loops for every S/370 instruction, generated from the instruction table.

Why: the per-instruction benchmark (``python -m s370.bench.instructions``) needs one
self-checking loop per instruction and operand variant, on our core and on Hercules
alike.  Each loop is built here from s370/isa.py: an operand template per (class,
format), overridden or extended per mnemonic where the default would be wrong or
not representative (a small table of variants), emitted as assembler source and
assembled by s370.asm.  Nothing is written by hand per loop.

One loop ("case") is its own small assembly in its own 4K slot::

    BALR 12,0 ; USING *,12 ; L 10,N ; STCK T0 ; <setup>
    LOOP: K copies of [<reset> <instruction>]  ; BCT 10,LOOP
    STCK T1 ; LPSW DONE        (disabled wait, code CODE_BASE + case number)

so it executes exactly ``FIXED + len(setup) + n * (K * per_copy + 1)`` instructions
(EX with its target counted once, an interruptible MVCL/CLCL once, an SVC twice:
the SVC and the LPSW of the SVC handler that returns).  A per-copy ``reset``
restores operands an instruction destroys (MVCL registers, an ED pattern, a
dividend); each distinct reset gets a baseline loop of its own (K copies of the
reset alone) whose time is subtracted, as is the empty loop's (BCT alone).
Any program interruption ends in a trap wait (X'E03' ...) instead of the
case's own wait code, so a broken loop is noticed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from s370.isa import INSTRUCTIONS

K = 10                      # copies of the instruction per loop iteration
FIXED = 5                   # BALR, L N, STCK, STCK, LPSW
ORIGIN = 0x10000            # image origin: shared buffers, then the case slots
BIG1, BIG2 = 0x10000, 0x14000   # 16K buffers for MVCL/CLCL (zeros)
SLOTS = 0x18000             # first case slot
SLOT = 0x1000
CODE_BASE = 0xA0000         # disabled-wait code of case i: CODE_BASE + i
SVC_HANDLER = 0x380         # LPSW X'20' (SVC old PSW): returns from SVC
SEGTAB, PAGETAB = 0xC00, 0xC40  # LRA translation tables (virtual page 1 -> X'5000')
DISABLED_WAIT_BC = 0x00020000

# Instructions not timed, and why (printed by the benchmark).
SKIPPED = {
    "SIO": "I/O instruction (leaves the loop for the channel in our core)",
    "SIOF": "I/O instruction", "TIO": "I/O instruction", "CLRIO": "I/O instruction",
    "HIO": "I/O instruction", "HDV": "I/O instruction", "TCH": "I/O instruction",
    "STIDC": "I/O instruction (store channel ID)",
    "DIAG": "DIAGNOSE: model-dependent, leaves the loop for a handler",
    "SIGP": "SIGP: needs another CPU",
    "WRD": "direct control: external signal lines, not emulated by Hercules 3.13",
    "RDD": "direct control: external signal lines, not emulated by Hercules 3.13",
}


@dataclass
class Variant:
    """One timed loop: ``body`` is the instruction (a list is cycled over the K copies;
    ``{j}`` is the copy number), ``reset`` lines run before it in each copy."""
    mnemonic: str
    tag: str
    body: tuple
    setup: tuple = ()
    reset: tuple = ()
    data: tuple = ()
    data_per_copy: str = ""
    extra_per_copy: int = 0       # instructions beyond body+reset per copy (SVC handler)
    ex_targets: int = 0           # EX copies (a core that counts EX targets apart adds these)

    @property
    def name(self) -> str:
        return f"{self.mnemonic} {self.tag}".strip()

    @property
    def per_copy(self) -> int:
        return (1 if self.body else 0) + len(self.reset) + self.extra_per_copy


# Registers: R10 loop counter, R12 base; R2..R9 operands set by INITR.
INITR = "F'7,3,0,9,1,2147483647,96,0'"      # R2..R9 (R8: an address, bits 28-31 zero for SSK)
SET_R = ("LM 2,9,INITR",)
SET_CC2 = SET_R + ("LTR 6,6",)                 # CC 2, for not-taken branches
SET_FL = ("LD 0,FD1", "LD 2,FD3", "LD 4,FDT", "LD 6,FD1")
SET_FX = ("LD 0,FD2", "LD 2,FXL", "LD 4,FD1", "LD 6,FXL")   # extended: R0:R2=2, R4:R6=1

PAT8 = "4020206B2020212020"             # ED pattern: 7 digit selectors (PL4)
PAT20 = "40202020206B2020206B2020206B2020214B2020"   # 15 digit selectors (PL8)


def _v(mn, tag, body, **kw):
    body = (body,) if isinstance(body, str) else tuple(body)
    for k in ("setup", "reset", "data"):
        if isinstance(kw.get(k), str):
            kw[k] = (kw[k],)
    return Variant(mn, tag, body, **kw)


def _ss_lengths(mn, template, **kw):
    return [_v(mn, f"{n} bytes", template.format(m=mn, L=n), **kw) for n in (10, 256)]


def _defaults(ins):
    """The operand template for an instruction's (class, format)."""
    m, f, k = ins.mnemonic, ins.fmt, ins.klass
    if k == "float":
        if f == "RR":
            return [_v(m, "R,R", f"{m} 0,2", setup=SET_FL)]
        operand = "FD3" if ins.opcode < 0x70 else "FE3"
        return [_v(m, "R,mem", f"{m} 0,{operand}", setup=SET_FL)]
    if f == "RR":
        return [_v(m, "R,R", f"{m} 2,3", setup=SET_R)]
    if f == "RX":
        return [_v(m, "R,mem", f"{m} 2,FW", setup=SET_R)]
    if f == "RS-R1":
        return [_v(m, "R,1", f"{m} 2,1", setup=SET_R)]
    if f == "RS-M":
        return [_v(m, "mask 15", f"{m} 2,15,FW", setup=SET_R)]
    if f == "SI":
        return [_v(m, "mem,imm", f"{m} BYTE,X'F0'")]
    if f == "SS-L":
        return _ss_lengths(m, "{m} A({L}),B")
    if f == "S":
        return [_v(m, "mem", f"{m} DWORK")]
    if f == "S-NONE":
        return [_v(m, "", m)]
    raise KeyError(f"no operand template for {m} ({k} {f})")


def _taken(mn, body, reset="LA 4,*+6"):
    return _v(mn, "taken", body, setup=SET_R, reset=reset)


def _decimal(mn, tag, body, data, reset=()):
    return _v(mn, tag, body, data=data, reset=reset)


def _pk(label, length, value):
    return f"{label} DC PL{length}'{value}'"


EX_TARGETS = {"MVC": "MVC A(0),B", "CLC": "CLC B(0),B2", "TR": "TR A(0),TRTAB",
              "TRT": "TRT A(0),ZTAB", "XC": "XC A(0),A", "OC": "OC A(0),B",
              "MVI": "MVI BYTE,X'C1'", "TM": "TM BYTE,X'01'", "CLI": "CLI BYTE,X'F0'"}
IMMEDIATE_TARGETS = {"MVI", "TM", "CLI"}   # EX 0,...; the others EX 5 (R5 = 9: length 10)

OVERRIDES = {
    "SPM": [_v("SPM", "R", "SPM 4", setup=SET_R)],
    "BALR": [_v("BALR", "no branch", "BALR 2,0", setup=SET_R), _taken("BALR", "BALR 2,4")],
    "BCTR": [_v("BCTR", "no branch", "BCTR 3,0", setup=SET_R), _taken("BCTR", "BCTR 7,4"),
             _v("BCTR", "not taken", "BCTR 7,4", setup=SET_R, reset="LA 7,1")],
    "BCR": [_taken("BCR", "BCR 15,4"), _v("BCR", "not taken", "BCR 8,4", setup=SET_CC2)],
    "SSK": [_v("SSK", "key 0", "SSK 9,8", setup=SET_R)],
    "ISK": [_v("ISK", "", "ISK 2,8", setup=SET_R)],
    "SVC": [_v("SVC", "+ LPSW back", "SVC 1", extra_per_copy=1)],
    "MVCL": [_v("MVCL", f"{n} bytes", "MVCL 2,4", reset=f"LM 2,5,P{n}") for n in (16, 256, 4096)]
    + [_v("MVCL", "256 pad (clear)", "MVCL 2,4", reset="LM 2,5,PPAD")],
    "CLCL": [_v("CLCL", f"{n} bytes equal", "CLCL 2,4", reset=f"LM 2,5,P{n}") for n in (16, 256, 4096)],
    "MR": [_v("MR", "R,R", "MR 2,5", setup=SET_R)],
    "DR": [_v("DR", "R,R", "DR 2,5", setup=SET_R, reset="LM 2,3,DIVD")],
    "STH": [_v("STH", "R,mem", "STH 2,DWORK", setup=SET_R)],
    "STC": [_v("STC", "R,mem", "STC 2,DWORK", setup=SET_R)],
    "ST": [_v("ST", "R,mem", "ST 2,DWORK", setup=SET_R)],
    "IC": [_v("IC", "R,mem", "IC 2,BYTE", setup=SET_R)],
    "EX": [_v("EX", t, f"EX {0 if t in IMMEDIATE_TARGETS else 5},X{t}", setup=SET_R, ex_targets=1)
           for t in EX_TARGETS],
    "BAL": [_v("BAL", "taken", "BAL 2,*+4", setup=SET_R)],
    "BCT": [_v("BCT", "taken", "BCT 7,*+4", setup=SET_R),
            _v("BCT", "not taken", "BCT 7,*+4", setup=SET_R, reset="LA 7,1")],
    "BC": [_v("BC", "taken", "BC 15,*+4", setup=SET_R),
           _v("BC", "not taken", "BC 8,*+4", setup=SET_CC2)],
    "LH": [_v("LH", "R,mem", "LH 2,HW", setup=SET_R)],
    "CH": [_v("CH", "R,mem", "CH 2,HW", setup=SET_R)],
    "AH": [_v("AH", "R,mem", "AH 2,HW", setup=SET_R)],
    "SH": [_v("SH", "R,mem", "SH 2,HW", setup=SET_R)],
    "MH": [_v("MH", "R,mem", "MH 2,HW", setup=SET_R)],
    "CVD": [_v("CVD", "", "CVD 2,DWORK", setup=SET_R)],
    "CVB": [_v("CVB", "7 digits", "CVB 2,PK8", setup=SET_R)],
    "L": [_v("L", "R,mem", "L 2,FW", setup=SET_R), _v("L", "R,mem indexed", "L 2,FW(9)", setup=SET_R)],
    "LA": [_v("LA", "R,mem", "LA 2,FW", setup=SET_R), _v("LA", "increment", "LA 2,4(2)", setup=SET_R)],
    "D": [_v("D", "R,mem", "D 2,FW", setup=SET_R, reset="LM 2,3,DIVD")],
    "STD": [_v("STD", "R,mem", "STD 0,DWORK", setup=SET_FL)],
    "STE": [_v("STE", "R,mem", "STE 0,DWORK", setup=SET_FL)],
    "SSM": [_v("SSM", "mask 0", "SSM ZERO")],
    "LPSW": [_v("LPSW", "to next", "LPSW LP{j}\nLN{j} DS 0H",
                data_per_copy="LP{j} DC X'00000000',A(LN{j})")],
    "BXH": [_v("BXH", "taken", "BXH 4,6,*+4", setup=SET_R + ("L 7,=F'-1'",)),
            _v("BXH", "not taken", "BXH 4,6,*+4", setup=SET_R)],
    "BXLE": [_v("BXLE", "taken", "BXLE 4,6,*+4", setup=SET_R),
             _v("BXLE", "not taken", "BXLE 4,6,*+4", setup=SET_R + ("L 7,=F'-1'",))],
    "STM": [_v("STM", "6 regs", "STM 2,7,REGS", setup=SET_R),
            _v("STM", "16 regs", "STM 0,15,REGS", setup=SET_R)],
    "LM": [_v("LM", "6 regs", "LM 2,7,INITR"), _v("LM", "2 regs", "LM 2,3,INITR")],
    "TS": [_v("TS", "", "TS BYTE")],
    "STNSM": [_v("STNSM", "", "STNSM DWORK,X'00'")],
    "STOSM": [_v("STOSM", "", "STOSM DWORK,X'00'")],
    "MC": [_v("MC", "class 1 (masked)", "MC 0,1")],
    "LRA": [_v("LRA", "valid page", "LRA 2,0(3)", setup=("LCTL 0,1,LRACR", "L 3,=A(X'1000')"))],
    "SCK": [_v("SCK", "", "SCK TODV")],
    "SCKC": [_v("SCKC", "", "SCKC FFS")],
    "SPT": [_v("SPT", "", "SPT BIGT")],
    "SPKA": [_v("SPKA", "key 0", "SPKA 0")],
    "SPX": [_v("SPX", "prefix 0", "SPX ZERO")],
    "STCTL": [_v("STCTL", "16 CRs", "STCTL 0,15,REGS")],
    "LCTL": [_v("LCTL", "CR0", "LCTL 0,0,CR0V")],
    "RRB": [_v("RRB", "", "RRB 0(8)", setup=SET_R)],
    "CS": [_v("CS", "equal", "CS 2,3,CSW", setup=SET_R)],
    "CDS": [_v("CDS", "equal", "CDS 2,4,CDSW", setup=SET_R)],
    "TR": _ss_lengths("TR", "TR A({L}),TRTAB"),
    "TRT": _ss_lengths("TRT", "TRT A({L}),ZTAB", setup=SET_R),
    "CLC": _ss_lengths("CLC", "CLC B({L}),B2"),
    "ED": [_v("ED", "7 digits", "ED EDO(9),PK4", reset="MVC EDO(9),EDP8"),
           _v("ED", "15 digits", "ED EDO(20),PK8", reset="MVC EDO(20),EDP20")],
    "EDMK": [_v("EDMK", "7 digits", "EDMK EDO(9),PK4", reset="MVC EDO(9),EDP8", setup=SET_R),
             _v("EDMK", "15 digits", "EDMK EDO(20),PK8", reset="MVC EDO(20),EDP20", setup=SET_R)],
    # decimal: add/subtract alternate +x and -x so the accumulator stays bounded
    "AP": [_v("AP", "5,3 digits", ("AP ACC3(3),P2P(2)", "AP ACC3(3),P2M(2)")),
           _v("AP", "15,15 digits", ("AP ACC8(8),P8P(8)", "AP ACC8(8),P8M(8)"))],
    "SP": [_v("SP", "5,3 digits", ("SP ACC3(3),P2P(2)", "SP ACC3(3),P2M(2)")),
           _v("SP", "15,15 digits", ("SP ACC8(8),P8P(8)", "SP ACC8(8),P8M(8)"))],
    "ZAP": [_v("ZAP", "5,5 digits", "ZAP ACC3(3),C3(3)"), _v("ZAP", "15,15 digits", "ZAP ACC8(8),C8(8)")],
    "CP": [_v("CP", "5 digits equal", "CP C3(3),C3B(3)"), _v("CP", "15 digits equal", "CP C8(8),C8B(8)")],
    "MP": [_v("MP", "11,3 digits", "MP MACC(6),P2P(2)", reset="MVC MACC(6),MINIT6"),
           _v("MP", "31,15 digits", "MP MACC(16),M15(8)", reset="MVC MACC(16),MINIT16")],
    "DP": [_v("DP", "15,5 digits", "DP MACC(8),DV3(3)", reset="MVC MACC(8),DINIT8"),
           _v("DP", "31,15 digits", "DP MACC(16),M15(8)", reset="MVC MACC(16),DINIT16")],
    "SRP": [_v("SRP", "5 digits", ("SRP SACC3(3),1,0", "SRP SACC3(3),63,0")),
            _v("SRP", "15 digits", ("SRP SACC8(8),1,0", "SRP SACC8(8),63,0"))],
    "MVO": [_v("MVO", "5,3 digits", "MVO ACC3(3),P2P(2)"), _v("MVO", "15,13 digits", "MVO ACC8(8),C7(7)")],
    "PACK": [_v("PACK", "5 digits", "PACK ACC3(3),ZN5(5)"), _v("PACK", "15 digits", "PACK ACC8(8),ZN15(15)")],
    "UNPK": [_v("UNPK", "5 digits", "UNPK ZO(5),C3(3)"), _v("UNPK", "15 digits", "UNPK ZO(15),C8(8)")],
    # HFP: multiply/divide alternate by 3 and by 1/3 so the value stays in range
    "MDR": [_v("MDR", "R,R", ("MDR 0,2", "MDR 0,4"), setup=SET_FL)],
    "DDR": [_v("DDR", "R,R", ("DDR 0,2", "DDR 0,4"), setup=SET_FL)],
    "MER": [_v("MER", "R,R", ("MER 0,2", "MER 0,4"), setup=SET_FL)],
    "DER": [_v("DER", "R,R", ("DER 0,2", "DER 0,4"), setup=SET_FL)],
    "MD": [_v("MD", "R,mem", ("MD 0,FD3", "MD 0,FDT"), setup=SET_FL)],
    "DD": [_v("DD", "R,mem", ("DD 0,FD3", "DD 0,FDT"), setup=SET_FL)],
    "ME": [_v("ME", "R,mem", ("ME 0,FE3", "ME 0,FET"), setup=SET_FL)],
    "DE": [_v("DE", "R,mem", ("DE 0,FE3", "DE 0,FET"), setup=SET_FL)],
    "LRDR": [_v("LRDR", "extended", "LRDR 0,4", setup=SET_FX)],
    "MXR": [_v("MXR", "extended", "MXR 0,4", setup=SET_FX)],
    "AXR": [_v("AXR", "extended", "AXR 0,4", setup=SET_FX)],
    "SXR": [_v("SXR", "extended", "SXR 0,4", setup=SET_FX)],
    "MXDR": [_v("MXDR", "long->extended", "MXDR 0,4", setup=SET_FX)],
    "MXD": [_v("MXD", "long->extended", "MXD 0,FD1", setup=SET_FX)],
}

EXTRA = {
    "MVC": [_v("MVC", "256 overlap (propagate)", "MVC A+1(255),A")],
    "XC": [_v("XC", "256 same (clear)", "XC A(256),A")],
}


def variants(selected=None):
    """All timed variants, in table order; ``selected(mnemonic) -> bool`` filters."""
    out = []
    for ins in INSTRUCTIONS:
        if ins.mnemonic in SKIPPED or (selected and not selected(ins.mnemonic)):
            continue
        out += OVERRIDES.get(ins.mnemonic) or _defaults(ins)
        out += EXTRA.get(ins.mnemonic, [])
    return out


def baseline_for(v: Variant) -> Variant:
    """The loop whose time is subtracted: K copies of v's reset alone (or nothing)."""
    tag = "; ".join(v.reset) or "empty loop"
    return Variant("", f"[baseline: {tag}]", (), reset=v.reset)


# ------------------------------------------------------------------ source text

def _hexdc(label, hexstr):
    return f"{label} DC X'{hexstr}'"


def _table_lines(label, values):
    lines = [f"{label} DS 0XL256"]
    for i in range(0, 256, 16):
        lines.append(" DC X'" + "".join(f"{b:02X}" for b in values[i:i + 16]) + "'")
    return lines


COMMON_DATA = [
    " DS 0D",
    "DWORK DC XL8'00'",
    "FW DC F'3'",
    "HW DC H'3'",
    "BYTE DC X'F0'",
    " DS 0F",
    f"INITR DC {INITR}",
    "REGS DC 16F'0'",
    "DIVD DC F'0,1000000'",
    "CSW DC F'7'",
    " DS 0D",
    "CDSW DC F'7,3'",
    "ZERO DC F'0'",
    "CR0V DC X'000000E0'",
    f"LRACR DC X'008000E0',A({SEGTAB})",
    " DS 0D",
    "TODV DC X'E000000000000000'",
    "FFS DC X'FFFFFFFFFFFFFFFF'",
    "BIGT DC X'7FFFFFFFFFFFFFFF'",
    "FD1 DC X'4110000000000000'",
    "FD2 DC X'4120000000000000'",
    "FD3 DC X'4130000000000000'",
    "FDT DC X'4055555555555555'",
    "FXL DC X'3300000000000000'",
    "FE3 DC X'41300000'",
    "FET DC X'40555555'",
    "PK8 DC PL8'1234567'",
    "PK4 DC PL4'1234567'",
    "ACC3 DC PL3'12345'",
    "SACC3 DC PL3'1230'",
    "C3 DC PL3'54321'",
    "C3B DC PL3'54321'",
    "P2P DC PL2'123'",
    "P2M DC PL2'-123'",
    "ACC8 DC PL8'500000000000000'",
    "SACC8 DC PL8'12345678901230'",
    "C8 DC PL8'987654321012345'",
    "C8B DC PL8'987654321012345'",
    "C7 DC PL7'1234567890123'",
    "P8P DC PL8'111111111111111'",
    "P8M DC PL8'-111111111111111'",
    "M15 DC PL8'987654321098765'",
    "DV3 DC PL3'98765'",
    "MACC DC PL16'0'",
    "MINIT6 DC PL6'12345'",
    "MINIT16 DC PL16'123456789012345'",
    "DINIT8 DC PL8'12345678901234'",
    "DINIT16 DC PL16'123456789012345678901234567890'",
    "ZN5 DC ZL5'12345'",
    "ZN15 DC ZL15'123456789012345'",
    "ZO DC ZL15'0'",
    _hexdc("EDP8", PAT8),
    _hexdc("EDP20", PAT20),
    "EDO DC XL20'00'",
    " DS 0F",
    f"P16 DC A({BIG1},16,{BIG2},16)",
    f"P256 DC A({BIG1},256,{BIG2},256)",
    f"P4096 DC A({BIG1},4096,{BIG2},4096)",
    f"PPAD DC A({BIG1},256,{BIG2},0)",
    " DS 0H",
] + [f"X{name} {text}" for name, text in EX_TARGETS.items()] + [
    "A DC XL256'00'",
    "B DC 256C'A'",
    "B2 DC 256C'A'",
] + _table_lines("TRTAB", list(range(256))) + ["ZTAB DC XL256'00'"]


def source(v: Variant, index: int) -> str:
    """Assembler source of one case (index gives its wait code)."""
    lines = ["CASE CSECT", " BALR 12,0", " USING *,12", " L 10,N", " STCK T0"]
    lines += [" " + s for s in v.setup]         # after STCK: the setup may set the CC
    lines += ["LOOP DS 0H"]
    for j in range(K):
        lines += [" " + s for s in v.reset]
        if v.body:
            text = v.body[j % len(v.body)].format(j=j)
            lines += [_labelled(ln) for ln in text.split("\n")]
    lines += [" BCT 10,LOOP", " STCK T1", " LPSW DONE", " LTORG", " DS 0D",
              f"DONE DC X'{DISABLED_WAIT_BC:08X}',A({CODE_BASE + index})",
              "T0 DC XL8'00'", "T1 DC XL8'00'", "N DC F'1'"]
    if v.data_per_copy:
        lines += [" DS 0D"] + [v.data_per_copy.format(j=j) for j in range(K)]
    lines += list(v.data) + COMMON_DATA + [" END"]
    return "\n".join(_column(ln) for ln in lines) + "\n"


def _labelled(line: str) -> str:
    """A body line: 'LN3 DS 0H' keeps its label, an instruction gets a blank name."""
    return line if " DS " in line else " " + line


def _column(line: str) -> str:
    """Name in column 1, operation from column 10, operands from column 16."""
    if not line.strip():
        return line
    name, _, rest = line.partition(" ")
    op, _, operands = rest.strip().partition(" ")
    return f"{name:<8} {op:<5} {operands.strip()}".rstrip()


@dataclass
class Case:
    variant: Variant
    index: int
    addr: int             # slot origin = entry point
    n_off: int            # address of the iteration count word N
    t0: int               # address of the STCK stamps T0, T1
    image: bytes
    setup_count: int
    baseline: "Case | None" = None
    kind: str = "timed"   # timed | baseline | overhead
    symbols: dict = field(default_factory=dict)

    def expected(self, n: int, ex_twice: bool = False) -> int:
        v = self.variant
        per_iter = K * v.per_copy + 1
        if ex_twice:
            per_iter += K * v.ex_targets
        return FIXED + self.setup_count + n * per_iter

    @property
    def wait_code(self) -> int:
        return CODE_BASE + self.index


class BuildError(Exception):
    pass


def build_case(v: Variant, index: int, kind: str = "timed") -> Case:
    from s370.asm import assemble
    addr = SLOTS + index * SLOT
    src = source(v, index)
    a = assemble(src, origin=addr, filename=f"<{v.name or 'baseline'}>")
    if a.rc > 4:
        raise BuildError(f"{v.name}: assembly failed: {a.errors[:3]}")
    image = bytes(a.image)
    if len(image) > SLOT:
        raise BuildError(f"{v.name}: case is {len(image)} bytes, over the {SLOT}-byte slot")
    return Case(v, index, addr, a.symbols["N"], a.symbols["T0"], image, len(v.setup), kind=kind,
                symbols=dict(a.symbols))


def build_cases(selected=None, first_only: bool = False):
    """(timed cases, all cases incl. baselines and the overhead loop)."""
    vs = variants(selected)
    if first_only:
        seen, kept = set(), []
        for v in vs:
            if v.mnemonic not in seen:
                seen.add(v.mnemonic)
                kept.append(v)
        vs = kept
    cases = [build_case(Variant("", "[overhead: empty loop, 1 iteration]", ()), 0, "overhead")]
    baselines = {}
    timed = []
    for v in vs:
        c = build_case(v, len(cases))
        cases.append(c)
        timed.append(c)
        key = tuple(v.reset)
        if key not in baselines:
            b = build_case(baseline_for(v), len(cases), "baseline")
            cases.append(b)
            baselines[key] = b
        c.baseline = baselines[key]
    return timed, cases


def low_core() -> list:
    """(address, bytes) loaded below the image on both machines: the SVC new PSW and
    handler, and the LRA segment/page tables."""
    pte = bytearray(32)
    pte[2:4] = struct.pack(">H", 0x0050)          # page 1 -> frame X'5000', valid
    for i in (0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15):
        pte[2 * i:2 * i + 2] = struct.pack(">H", 0x0008)   # invalid
    return [(0x60, struct.pack(">II", 0, SVC_HANDLER)),
            (SVC_HANDLER, bytes.fromhex("82000020")),
            (SEGTAB, struct.pack(">I", 0xF0000000 | PAGETAB) + bytes(60)),
            (PAGETAB, bytes(pte))]


def image_of(cases) -> bytes:
    end = max(c.addr + len(c.image) for c in cases)
    img = bytearray(end - ORIGIN)
    for c in cases:
        img[c.addr - ORIGIN:c.addr - ORIGIN + len(c.image)] = c.image
    return bytes(img)
