"""The System/370 instruction table: the single source of truth (neutral: the CPU, the
assembler, the disassembler and the tools all import it; it imports nothing).

One row per machine instruction of the System/370 (GA22-7000-4, with the
standard optional facilities VM/370 relies on: conditional swapping, CPU
timer and clock comparator, DAT, CLRIO/SIOF, multiprocessing, PSW-key
handling, monitoring, direct control).  The assembler's mnemonics, the
disassembler and the trace read it; the core's dispatch is checked against
it (every opcode here is implemented, every other opcode is an operation
exception).

Operand formats (``fmt``) name the assembler operand layout:

=======  ==============================  ===================================
fmt      operands                        encoding
=======  ==============================  ===================================
RR       R1,R2                           op r1r2
RR1      R1                              op r1 0        (SPM)
RRM      M1,R2                           op m1r2        (BCR)
I        I                               op i           (SVC)
RX       R1,D2(X2,B2)                    op r1x2 b2d2
RXM      M1,D2(X2,B2)                    op m1x2 b2d2   (BC)
RS       R1,R3,D2(B2)                    op r1r3 b2d2
RS2      R1,D2(B2)                       op r1 0 b2d2   (shifts)
RSM      R1,M3,D2(B2)                    op r1m3 b2d2   (ICM STCM CLM)
SI       D1(B1),I2                       op i2 b1d1
S        D2(B2)                          op(16) b2d2
S0       (none)                          op(16) 0000
SS1      D1(L,B1),D2(B2)                 op ll b1d1 b2d2
SS2      D1(L1,B1),D2(L2,B2)             op l1l2 b1d1 b2d2
SSR      D1(L1,B1),D2(B2),I3             op l1i3 b1d1 b2d2 (SRP)
=======  ==============================  ===================================

Exception tags follow ../shared/spec/cpu.md: P privileged, A access, S
specification, D data, IF/IK fixed overflow/divide, DF/DK decimal
overflow/divide, E/U exponent overflow/underflow, LS significance, FK
floating divide, SO special operation, MO monitor, EX execute.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Instr:
    mnemonic: str
    opcode: int          # 8-bit, or 16-bit for the S-format B2xx and I/O 9Cxx-9Fxx
    fmt: str
    klass: str           # general, decimal, float, control, io
    privileged: bool
    sets_cc: bool
    exceptions: tuple

    @property
    def length(self) -> int:
        """Instruction length in bytes, from the first two opcode bits."""
        first = self.opcode >> 8 if self.opcode > 0xFF else self.opcode
        return (2, 4, 4, 6)[first >> 6]

    @property
    def extended_opcode(self) -> bool:
        return self.opcode > 0xFF


# mnemonic opcode fmt class priv cc exceptions
_TABLE = """
SPM    04   RR1 general  -  cc  -
BALR   05   RR  general  -  -   -
BCTR   06   RR  general  -  -   -
BCR    07   RRM general  -  -   -
SSK    08   RR  control  P  -   A,S
ISK    09   RR  control  P  -   A,S
SVC    0A   I   general  -  -   -
MVCL   0E   RR  general  -  cc  A,S
CLCL   0F   RR  general  -  cc  A,S
LPR    10   RR  general  -  cc  IF
LNR    11   RR  general  -  cc  -
LTR    12   RR  general  -  cc  -
LCR    13   RR  general  -  cc  IF
NR     14   RR  general  -  cc  -
CLR    15   RR  general  -  cc  -
OR     16   RR  general  -  cc  -
XR     17   RR  general  -  cc  -
LR     18   RR  general  -  -   -
CR     19   RR  general  -  cc  -
AR     1A   RR  general  -  cc  IF
SR     1B   RR  general  -  cc  IF
MR     1C   RR  general  -  -   S
DR     1D   RR  general  -  -   S,IK
ALR    1E   RR  general  -  cc  -
SLR    1F   RR  general  -  cc  -
LPDR   20   RR  float    -  cc  S
LNDR   21   RR  float    -  cc  S
LTDR   22   RR  float    -  cc  S
LCDR   23   RR  float    -  cc  S
HDR    24   RR  float    -  -   S,U
LRDR   25   RR  float    -  -   S,E
MXR    26   RR  float    -  -   S,E,U
MXDR   27   RR  float    -  -   S,E,U
LDR    28   RR  float    -  -   S
CDR    29   RR  float    -  cc  S
ADR    2A   RR  float    -  cc  S,E,U,LS
SDR    2B   RR  float    -  cc  S,E,U,LS
MDR    2C   RR  float    -  -   S,E,U
DDR    2D   RR  float    -  -   S,E,U,FK
AWR    2E   RR  float    -  cc  S,E,LS
SWR    2F   RR  float    -  cc  S,E,LS
LPER   30   RR  float    -  cc  S
LNER   31   RR  float    -  cc  S
LTER   32   RR  float    -  cc  S
LCER   33   RR  float    -  cc  S
HER    34   RR  float    -  -   S,U
LRER   35   RR  float    -  -   S,E
AXR    36   RR  float    -  cc  S,E,U,LS
SXR    37   RR  float    -  cc  S,E,U,LS
LER    38   RR  float    -  -   S
CER    39   RR  float    -  cc  S
AER    3A   RR  float    -  cc  S,E,U,LS
SER    3B   RR  float    -  cc  S,E,U,LS
MER    3C   RR  float    -  -   S,E,U
DER    3D   RR  float    -  -   S,E,U,FK
AUR    3E   RR  float    -  cc  S,E,LS
SUR    3F   RR  float    -  cc  S,E,LS
STH    40   RX  general  -  -   A
LA     41   RX  general  -  -   -
STC    42   RX  general  -  -   A
IC     43   RX  general  -  -   A
EX     44   RX  general  -  -   A,S,EX
BAL    45   RX  general  -  -   -
BCT    46   RX  general  -  -   -
BC     47   RXM general  -  -   -
LH     48   RX  general  -  -   A
CH     49   RX  general  -  cc  A
AH     4A   RX  general  -  cc  A,IF
SH     4B   RX  general  -  cc  A,IF
MH     4C   RX  general  -  -   A
CVD    4E   RX  decimal  -  -   A
CVB    4F   RX  decimal  -  -   A,D,IK
ST     50   RX  general  -  -   A
N      54   RX  general  -  cc  A
CL     55   RX  general  -  cc  A
O      56   RX  general  -  cc  A
X      57   RX  general  -  cc  A
L      58   RX  general  -  -   A
C      59   RX  general  -  cc  A
A      5A   RX  general  -  cc  A,IF
S      5B   RX  general  -  cc  A,IF
M      5C   RX  general  -  -   A,S
D      5D   RX  general  -  -   A,S,IK
AL     5E   RX  general  -  cc  A
SL     5F   RX  general  -  cc  A
STD    60   RX  float    -  -   A,S
MXD    67   RX  float    -  -   A,S,E,U
LD     68   RX  float    -  -   A,S
CD     69   RX  float    -  cc  A,S
AD     6A   RX  float    -  cc  A,S,E,U,LS
SD     6B   RX  float    -  cc  A,S,E,U,LS
MD     6C   RX  float    -  -   A,S,E,U
DD     6D   RX  float    -  -   A,S,E,U,FK
AW     6E   RX  float    -  cc  A,S,E,LS
SW     6F   RX  float    -  cc  A,S,E,LS
STE    70   RX  float    -  -   A,S
LE     78   RX  float    -  -   A,S
CE     79   RX  float    -  cc  A,S
AE     7A   RX  float    -  cc  A,S,E,U,LS
SE     7B   RX  float    -  cc  A,S,E,U,LS
ME     7C   RX  float    -  -   A,S,E,U
DE     7D   RX  float    -  -   A,S,E,U,FK
AU     7E   RX  float    -  cc  A,S,E,LS
SU     7F   RX  float    -  cc  A,S,E,LS
SSM    80   S   control  P  -   A,S,SO
LPSW   82   S   control  P  cc  A,S
DIAG   83   RS  control  P  -   -
WRD    84   SI  control  P  -   -
RDD    85   SI  control  P  -   A
BXH    86   RS  general  -  -   -
BXLE   87   RS  general  -  -   -
SRL    88   RS2 general  -  -   -
SLL    89   RS2 general  -  -   -
SRA    8A   RS2 general  -  cc  -
SLA    8B   RS2 general  -  cc  IF
SRDL   8C   RS2 general  -  -   S
SLDL   8D   RS2 general  -  -   S
SRDA   8E   RS2 general  -  cc  S
SLDA   8F   RS2 general  -  cc  S,IF
STM    90   RS  general  -  -   A
TM     91   SI  general  -  cc  A
MVI    92   SI  general  -  -   A
TS     93   S   general  -  cc  A
NI     94   SI  general  -  cc  A
CLI    95   SI  general  -  cc  A
OI     96   SI  general  -  cc  A
XI     97   SI  general  -  cc  A
LM     98   RS  general  -  -   A
SIO    9C00 S   io       P  cc  -
SIOF   9C01 S   io       P  cc  -
TIO    9D00 S   io       P  cc  -
CLRIO  9D01 S   io       P  cc  -
HIO    9E00 S   io       P  cc  -
HDV    9E01 S   io       P  cc  -
TCH    9F00 S   io       P  cc  -
STNSM  AC   SI  control  P  -   A
STOSM  AD   SI  control  P  -   A,S
SIGP   AE   RS  control  P  cc  -
MC     AF   SI  general  -  -   S,MO
LRA    B1   RX  control  P  cc  A
STIDP  B202 S   control  P  -   A,S
STIDC  B203 S   io       P  cc  A
SCK    B204 S   control  P  cc  A,S
STCK   B205 S   general  -  cc  A
SCKC   B206 S   control  P  -   A,S
STCKC  B207 S   control  P  -   A,S
SPT    B208 S   control  P  -   A,S
STPT   B209 S   control  P  -   A,S
SPKA   B20A S   control  P  -   -
IPK    B20B S0  control  P  -   -
PTLB   B20D S0  control  P  -   -
SPX    B210 S   control  P  -   A,S
STPX   B211 S   control  P  -   A,S
STAP   B212 S   control  P  -   A,S
RRB    B213 S   control  P  cc  A
STCTL  B6   RS  control  P  -   A,S
LCTL   B7   RS  control  P  -   A,S
CS     BA   RS  general  -  cc  A,S
CDS    BB   RS  general  -  cc  A,S
CLM    BD   RSM general  -  cc  A
STCM   BE   RSM general  -  -   A
ICM    BF   RSM general  -  cc  A
MVN    D1   SS1 general  -  -   A
MVC    D2   SS1 general  -  -   A
MVZ    D3   SS1 general  -  -   A
NC     D4   SS1 general  -  cc  A
CLC    D5   SS1 general  -  cc  A
OC     D6   SS1 general  -  cc  A
XC     D7   SS1 general  -  cc  A
TR     DC   SS1 general  -  -   A
TRT    DD   SS1 general  -  cc  A
ED     DE   SS1 decimal  -  cc  A,D
EDMK   DF   SS1 decimal  -  cc  A,D
SRP    F0   SSR decimal  -  cc  A,D,DF
MVO    F1   SS2 decimal  -  -   A
PACK   F2   SS2 decimal  -  -   A
UNPK   F3   SS2 decimal  -  -   A
ZAP    F8   SS2 decimal  -  cc  A,D,DF
CP     F9   SS2 decimal  -  cc  A,D
AP     FA   SS2 decimal  -  cc  A,D,DF
SP     FB   SS2 decimal  -  cc  A,D,DF
MP     FC   SS2 decimal  -  -   A,S,D
DP     FD   SS2 decimal  -  -   A,S,D,DK
"""


def _parse(text):
    rows = []
    for line in text.strip().splitlines():
        mn, op, fmt, klass, priv, cc, exc = line.split()
        rows.append(Instr(mn, int(op, 16), fmt, klass, priv == "P", cc == "cc",
                          tuple(e for e in exc.split(",") if e != "-")))
    return tuple(rows)


INSTRUCTIONS = _parse(_TABLE)
BY_MNEMONIC = {i.mnemonic: i for i in INSTRUCTIONS}
BY_OPCODE = {i.opcode: i for i in INSTRUCTIONS}

# First bytes whose second byte extends the opcode (S-format B2xx, I/O 9C-9F).
EXTENDED_FIRST_BYTES = frozenset(i.opcode >> 8 for i in INSTRUCTIONS if i.opcode > 0xFF)

# Extended branch mnemonics: name -> (base mnemonic, mask).
_MASKS = {"": 15, "NOP": 0, "H": 2, "L": 4, "E": 8, "NH": 13, "NL": 11, "NE": 7,
          "O": 1, "P": 2, "M": 4, "Z": 8, "NP": 13, "NM": 11, "NZ": 7, "NO": 14}
EXTENDED_BRANCHES = {}
for _suffix, _mask in _MASKS.items():
    if _suffix == "NOP":
        EXTENDED_BRANCHES["NOP"] = ("BC", 0)
        EXTENDED_BRANCHES["NOPR"] = ("BCR", 0)
    else:
        EXTENDED_BRANCHES["B" + _suffix] = ("BC", _mask)
        EXTENDED_BRANCHES["B" + _suffix + "R"] = ("BCR", _mask)


# Opcode constants derived from the table: OP_<mnemonic> (OP_LR = 0x18, OP_SIO = 0x9C00).
# The core, channel and tools compare against these; numba reads module globals as
# compile-time constants, so they cost nothing in compiled code.
OPCODES = {"OP_" + i.mnemonic: i.opcode for i in INSTRUCTIONS}
globals().update(OPCODES)
__all__ = ["Instr", "INSTRUCTIONS", "BY_MNEMONIC", "BY_OPCODE", "EXTENDED_FIRST_BYTES",
           "EXTENDED_BRANCHES", "lookup", "instruction_length", *OPCODES]


def lookup(first: int, second: int = 0):
    """Return the Instr for an instruction whose first two bytes are given, or None."""
    if first in EXTENDED_FIRST_BYTES:
        return BY_OPCODE.get((first << 8) | second)
    return BY_OPCODE.get(first)


def instruction_length(first: int) -> int:
    return (2, 4, 4, 6)[first >> 6]
