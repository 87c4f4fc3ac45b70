"""The System/370 instruction table: the single source of truth (neutral: the CPU, the
assembler, the disassembler, the trace and the benchmark encoder all import it; it
imports nothing of the project).

One row per machine instruction of the System/370 (GA22-7000-4, with the
standard optional facilities VM/370 relies on: conditional swapping, CPU
timer and clock comparator, DAT, CLRIO/SIOF, multiprocessing, PSW-key
handling, monitoring, direct control).  The assembler's mnemonics, the
disassembler and the trace read it; the core's dispatch is checked against
it (every opcode here is implemented, every other opcode is an operation
exception).

Instruction formats
-------------------
Each row names its format; the format table (``FORMATS``) says, once, how the
operands are written and where their fields sit, so the assembler, the
disassembler and the encoder all read the same layout.  A format is the
Principles of Operation's name (RR, RX, RS, SI, S, SS) with a qualifier only
where one PoO format is written with different operands:

=======  ====  ========================  ==============================  ===========
format   PoO   operands                  fields (PoO bit numbers)        z/Arch PoO
=======  ====  ========================  ==============================  ===========
RR       RR    R1,R2                     R1 8-11, R2 12-15               RR
RR-M     RR    M1,R2  (BCR)              M1 8-11, R2 12-15               RR
RR-R1    RR    R1     (SPM; 12-15 zero)  R1 8-11                         RR
RR-I     RR    I      (SVC)              I 8-15                          I
RX       RX    R1,D2(X2,B2)              R1 8-11, X2, B2, D2 20-31       RX-a
RX-M     RX    M1,D2(X2,B2)  (BC)        M1 8-11, X2, B2, D2             RX-b
RS       RS    R1,R3,D2(B2)              R1 8-11, R3 12-15, B2, D2       RS-a
RS-R1    RS    R1,D2(B2) (shifts)        R1 8-11, B2, D2 (12-15 zero)    RS-a
RS-M     RS    R1,M3,D2(B2) (ICM...)     R1 8-11, M3 12-15, B2, D2       RS-b
SI       SI    D1(B1),I2                 I2 8-15, B1 16-19, D1 20-31     SI
S        S     D2(B2)                    B2 16-19, D2 20-31              S
S-NONE   S     (none: IPK, PTLB)         -                               S
SS-L     SS    D1(L,B1),D2(B2)           L 8-15, B1, D1, B2 32-35, D2    SS-a
SS-LL    SS    D1(L1,B1),D2(L2,B2)       L1 8-11, L2 12-15, B1 D1 B2 D2  SS-b
SS-LI    SS    D1(L1,B1),D2(B2),I3 (SRP) L1 8-11, I3 12-15, B1 D1 B2 D2  SS-c
=======  ====  ========================  ==============================  ===========

The opcode is bits 0-7, or 0-15 for the S-format B2xx and the I/O 9Cxx-9Fxx
instructions; bits no field names are zero (SSM, LPSW and TS are S format with a
one-byte opcode: bits 8-15 are zero).  Operand values are what the programmer
writes: a length operand (L, L1, L2) is the true length, one more than the field
holds.

    fmt = BY_MNEMONIC["MVC"].format          # Format SS-L
    fmt.operands                             # (('D1', 'L', 'B1'), ('D2', 'B2'))
    fmt.encode(0xD2, dict(D1=0, L=4, B1=1, D2=8, B2=2))   # b'\xd2\x03\x10\x00\x20\x08'
    fmt.decode(bytes.fromhex("D20310002008"))              # {'L': 4, 'B1': 1, ...}

Exception tags follow ../shared/spec/cpu.md: P privileged, A access, S
specification, D data, IF/IK fixed overflow/divide, DF/DK decimal
overflow/divide, E/U exponent overflow/underflow, LS significance, FK
floating divide, SO special operation, MO monitor, EX execute.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One operand field: its PoO name and where it sits (bit 0 is the leftmost bit of
    the instruction, as the PoO numbers them)."""
    name: str            # R1 R2 R3 M1 M3 X2 B1 B2 D1 D2 L L1 L2 I I2 I3
    start: int
    width: int
    signed: bool = False  # a negative operand is taken as its two's complement (SI's I2)

    @property
    def kind(self) -> str:
        """R register, M mask, X index, B base, D displacement, L length, I immediate."""
        return self.name[0]

    @property
    def bias(self) -> int:
        """A length field holds the length minus one."""
        return 1 if self.kind == "L" else 0

    @property
    def low(self) -> int:
        return -(1 << (self.width - 1)) if self.signed else self.bias

    @property
    def high(self) -> int:
        return (1 << self.width) - 1 + self.bias


def _operand_shapes(syntax: str):
    """'R1,D2(X2,B2)' -> (('R1',), ('D2', 'X2', 'B2')): the fields of each operand in
    the order they are written."""
    out = []
    for part in _split_syntax(syntax):
        name, _, inner = part.partition("(")
        out.append((name, *(f for f in inner.rstrip(")").split(",") if f)))
    return tuple(out)


def _split_syntax(syntax: str):
    parts, depth, cur = [], 0, ""
    for ch in syntax:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += (ch == "(") - (ch == ")")
        cur += ch
    if cur:
        parts.append(cur)
    return parts


@dataclass(frozen=True)
class Format:
    """An instruction format: how its operands are written and where their fields sit."""
    name: str            # RR, RR-M, ..., SS-LI (see the module docstring)
    poo: str             # the Principles of Operation's format: RR RX RS SI S SS
    syntax: str          # operands as written, '' for none: 'R1,D2(X2,B2)'
    fields: tuple        # Field, ...
    length: int          # bytes
    operands: tuple      # the fields of each written operand: (('R1',), ('D2', 'X2', 'B2'))

    @property
    def operand_fields(self) -> tuple:
        """Every field name in written order (R1, D2, X2, B2 for RX)."""
        return tuple(f for op in self.operands for f in op)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"format {self.name} has no field {name}")

    def encode(self, opcode: int, values) -> bytes:
        """Instruction bytes from the opcode and the operand values by field name;
        ValueError names a missing, unknown or out-of-range operand."""
        extra = set(values) - {f.name for f in self.fields}
        if extra:
            raise ValueError(f"format {self.name} has no field {sorted(extra)[0]}")
        bits = self.length * 8
        word = opcode << (bits - (16 if opcode > 0xFF else 8))
        for f in self.fields:
            if f.name not in values:
                raise ValueError(f"{f.name} missing")
            v = values[f.name]
            if not f.low <= v <= f.high:
                raise ValueError(f"{f.name} {v} out of range {f.low}..{f.high}")
            word |= ((v - f.bias) & ((1 << f.width) - 1)) << (bits - f.start - f.width)
        return word.to_bytes(self.length, "big")

    def decode(self, data) -> dict:
        """Operand values by field name from the first ``length`` bytes of ``data``."""
        bits = self.length * 8
        word = int.from_bytes(bytes(data[:self.length]), "big")
        return {f.name: ((word >> (bits - f.start - f.width)) & ((1 << f.width) - 1)) + f.bias
                for f in self.fields}


_LENGTHS = {"RR": 2, "RX": 4, "RS": 4, "SI": 4, "S": 4, "SS": 6}

# format  PoO  operands               fields: name:first-last bit ('s' after the range:
#                                     a negative operand is its two's complement)
_FORMAT_TABLE = """
RR      RR   R1,R2                R1:8-11  R2:12-15
RR-M    RR   M1,R2                M1:8-11  R2:12-15
RR-R1   RR   R1                   R1:8-11
RR-I    RR   I                    I:8-15
RX      RX   R1,D2(X2,B2)         R1:8-11  X2:12-15  B2:16-19  D2:20-31
RX-M    RX   M1,D2(X2,B2)         M1:8-11  X2:12-15  B2:16-19  D2:20-31
RS      RS   R1,R3,D2(B2)         R1:8-11  R3:12-15  B2:16-19  D2:20-31
RS-R1   RS   R1,D2(B2)            R1:8-11  B2:16-19  D2:20-31
RS-M    RS   R1,M3,D2(B2)         R1:8-11  M3:12-15  B2:16-19  D2:20-31
SI      SI   D1(B1),I2            I2:8-15s B1:16-19  D1:20-31
S       S    D2(B2)               B2:16-19 D2:20-31
S-NONE  S    -
SS-L    SS   D1(L,B1),D2(B2)      L:8-15   B1:16-19  D1:20-31  B2:32-35  D2:36-47
SS-LL   SS   D1(L1,B1),D2(L2,B2)  L1:8-11  L2:12-15  B1:16-19  D1:20-31  B2:32-35  D2:36-47
SS-LI   SS   D1(L1,B1),D2(B2),I3  L1:8-11  I3:12-15  B1:16-19  D1:20-31  B2:32-35  D2:36-47
"""


def _parse_formats(text):
    out = {}
    for line in text.strip().splitlines():
        name, poo, syntax, *specs = line.split()
        fields = []
        for spec in specs:
            fname, _, rng = spec.partition(":")
            signed = rng.endswith("s")
            first, last = map(int, rng.rstrip("s").split("-"))
            fields.append(Field(fname, first, last - first + 1, signed))
        syntax = "" if syntax == "-" else syntax
        fmt = Format(name, poo, syntax, tuple(fields), _LENGTHS[poo], _operand_shapes(syntax))
        named = {f for op in fmt.operands for f in op}
        assert named == {f.name for f in fields}, name      # syntax and fields agree
        assert all(f.start >= 8 and f.start + f.width <= 8 * fmt.length for f in fields), name
        out[name] = fmt
    return out


FORMATS = _parse_formats(_FORMAT_TABLE)


@dataclass(frozen=True)
class Instr:
    mnemonic: str
    opcode: int          # 8-bit, or 16-bit for the S-format B2xx and I/O 9Cxx-9Fxx
    fmt: str             # a key of FORMATS
    klass: str           # general, decimal, float, control, io
    privileged: bool
    sets_cc: bool
    exceptions: tuple

    @property
    def format(self) -> Format:
        return FORMATS[self.fmt]

    @property
    def length(self) -> int:
        """Instruction length in bytes, from the first two opcode bits."""
        first = self.opcode >> 8 if self.opcode > 0xFF else self.opcode
        return (2, 4, 4, 6)[first >> 6]

    @property
    def extended_opcode(self) -> bool:
        return self.opcode > 0xFF

    def encode(self, values) -> bytes:
        """Instruction bytes from operand values by field name (see Format.encode)."""
        return self.format.encode(self.opcode, values)


# mnemonic opcode fmt class priv cc exceptions
_TABLE = """
SPM    04   RR-R1  general  -  cc  -
BALR   05   RR     general  -  -   -
BCTR   06   RR     general  -  -   -
BCR    07   RR-M   general  -  -   -
SSK    08   RR     control  P  -   A,S
ISK    09   RR     control  P  -   A,S
SVC    0A   RR-I   general  -  -   -
MVCL   0E   RR     general  -  cc  A,S
CLCL   0F   RR     general  -  cc  A,S
LPR    10   RR     general  -  cc  IF
LNR    11   RR     general  -  cc  -
LTR    12   RR     general  -  cc  -
LCR    13   RR     general  -  cc  IF
NR     14   RR     general  -  cc  -
CLR    15   RR     general  -  cc  -
OR     16   RR     general  -  cc  -
XR     17   RR     general  -  cc  -
LR     18   RR     general  -  -   -
CR     19   RR     general  -  cc  -
AR     1A   RR     general  -  cc  IF
SR     1B   RR     general  -  cc  IF
MR     1C   RR     general  -  -   S
DR     1D   RR     general  -  -   S,IK
ALR    1E   RR     general  -  cc  -
SLR    1F   RR     general  -  cc  -
LPDR   20   RR     float    -  cc  S
LNDR   21   RR     float    -  cc  S
LTDR   22   RR     float    -  cc  S
LCDR   23   RR     float    -  cc  S
HDR    24   RR     float    -  -   S,U
LRDR   25   RR     float    -  -   S,E
MXR    26   RR     float    -  -   S,E,U
MXDR   27   RR     float    -  -   S,E,U
LDR    28   RR     float    -  -   S
CDR    29   RR     float    -  cc  S
ADR    2A   RR     float    -  cc  S,E,U,LS
SDR    2B   RR     float    -  cc  S,E,U,LS
MDR    2C   RR     float    -  -   S,E,U
DDR    2D   RR     float    -  -   S,E,U,FK
AWR    2E   RR     float    -  cc  S,E,LS
SWR    2F   RR     float    -  cc  S,E,LS
LPER   30   RR     float    -  cc  S
LNER   31   RR     float    -  cc  S
LTER   32   RR     float    -  cc  S
LCER   33   RR     float    -  cc  S
HER    34   RR     float    -  -   S,U
LRER   35   RR     float    -  -   S,E
AXR    36   RR     float    -  cc  S,E,U,LS
SXR    37   RR     float    -  cc  S,E,U,LS
LER    38   RR     float    -  -   S
CER    39   RR     float    -  cc  S
AER    3A   RR     float    -  cc  S,E,U,LS
SER    3B   RR     float    -  cc  S,E,U,LS
MER    3C   RR     float    -  -   S,E,U
DER    3D   RR     float    -  -   S,E,U,FK
AUR    3E   RR     float    -  cc  S,E,LS
SUR    3F   RR     float    -  cc  S,E,LS
STH    40   RX     general  -  -   A
LA     41   RX     general  -  -   -
STC    42   RX     general  -  -   A
IC     43   RX     general  -  -   A
EX     44   RX     general  -  -   A,S,EX
BAL    45   RX     general  -  -   -
BCT    46   RX     general  -  -   -
BC     47   RX-M   general  -  -   -
LH     48   RX     general  -  -   A
CH     49   RX     general  -  cc  A
AH     4A   RX     general  -  cc  A,IF
SH     4B   RX     general  -  cc  A,IF
MH     4C   RX     general  -  -   A
CVD    4E   RX     decimal  -  -   A
CVB    4F   RX     decimal  -  -   A,D,IK
ST     50   RX     general  -  -   A
N      54   RX     general  -  cc  A
CL     55   RX     general  -  cc  A
O      56   RX     general  -  cc  A
X      57   RX     general  -  cc  A
L      58   RX     general  -  -   A
C      59   RX     general  -  cc  A
A      5A   RX     general  -  cc  A,IF
S      5B   RX     general  -  cc  A,IF
M      5C   RX     general  -  -   A,S
D      5D   RX     general  -  -   A,S,IK
AL     5E   RX     general  -  cc  A
SL     5F   RX     general  -  cc  A
STD    60   RX     float    -  -   A,S
MXD    67   RX     float    -  -   A,S,E,U
LD     68   RX     float    -  -   A,S
CD     69   RX     float    -  cc  A,S
AD     6A   RX     float    -  cc  A,S,E,U,LS
SD     6B   RX     float    -  cc  A,S,E,U,LS
MD     6C   RX     float    -  -   A,S,E,U
DD     6D   RX     float    -  -   A,S,E,U,FK
AW     6E   RX     float    -  cc  A,S,E,LS
SW     6F   RX     float    -  cc  A,S,E,LS
STE    70   RX     float    -  -   A,S
LE     78   RX     float    -  -   A,S
CE     79   RX     float    -  cc  A,S
AE     7A   RX     float    -  cc  A,S,E,U,LS
SE     7B   RX     float    -  cc  A,S,E,U,LS
ME     7C   RX     float    -  -   A,S,E,U
DE     7D   RX     float    -  -   A,S,E,U,FK
AU     7E   RX     float    -  cc  A,S,E,LS
SU     7F   RX     float    -  cc  A,S,E,LS
SSM    80   S      control  P  -   A,S,SO
LPSW   82   S      control  P  cc  A,S
DIAG   83   RS     control  P  -   -
WRD    84   SI     control  P  -   -
RDD    85   SI     control  P  -   A
BXH    86   RS     general  -  -   -
BXLE   87   RS     general  -  -   -
SRL    88   RS-R1  general  -  -   -
SLL    89   RS-R1  general  -  -   -
SRA    8A   RS-R1  general  -  cc  -
SLA    8B   RS-R1  general  -  cc  IF
SRDL   8C   RS-R1  general  -  -   S
SLDL   8D   RS-R1  general  -  -   S
SRDA   8E   RS-R1  general  -  cc  S
SLDA   8F   RS-R1  general  -  cc  S,IF
STM    90   RS     general  -  -   A
TM     91   SI     general  -  cc  A
MVI    92   SI     general  -  -   A
TS     93   S      general  -  cc  A
NI     94   SI     general  -  cc  A
CLI    95   SI     general  -  cc  A
OI     96   SI     general  -  cc  A
XI     97   SI     general  -  cc  A
LM     98   RS     general  -  -   A
SIO    9C00 S      io       P  cc  -
SIOF   9C01 S      io       P  cc  -
TIO    9D00 S      io       P  cc  -
CLRIO  9D01 S      io       P  cc  -
HIO    9E00 S      io       P  cc  -
HDV    9E01 S      io       P  cc  -
TCH    9F00 S      io       P  cc  -
STNSM  AC   SI     control  P  -   A
STOSM  AD   SI     control  P  -   A,S
SIGP   AE   RS     control  P  cc  -
MC     AF   SI     general  -  -   S,MO
LRA    B1   RX     control  P  cc  A
STIDP  B202 S      control  P  -   A,S
STIDC  B203 S      io       P  cc  A
SCK    B204 S      control  P  cc  A,S
STCK   B205 S      general  -  cc  A
SCKC   B206 S      control  P  -   A,S
STCKC  B207 S      control  P  -   A,S
SPT    B208 S      control  P  -   A,S
STPT   B209 S      control  P  -   A,S
SPKA   B20A S      control  P  -   -
IPK    B20B S-NONE control  P  -   -
PTLB   B20D S-NONE control  P  -   -
SPX    B210 S      control  P  -   A,S
STPX   B211 S      control  P  -   A,S
STAP   B212 S      control  P  -   A,S
RRB    B213 S      control  P  cc  A
STCTL  B6   RS     control  P  -   A,S
LCTL   B7   RS     control  P  -   A,S
CS     BA   RS     general  -  cc  A,S
CDS    BB   RS     general  -  cc  A,S
CLM    BD   RS-M   general  -  cc  A
STCM   BE   RS-M   general  -  -   A
ICM    BF   RS-M   general  -  cc  A
MVN    D1   SS-L   general  -  -   A
MVC    D2   SS-L   general  -  -   A
MVZ    D3   SS-L   general  -  -   A
NC     D4   SS-L   general  -  cc  A
CLC    D5   SS-L   general  -  cc  A
OC     D6   SS-L   general  -  cc  A
XC     D7   SS-L   general  -  cc  A
TR     DC   SS-L   general  -  -   A
TRT    DD   SS-L   general  -  cc  A
ED     DE   SS-L   decimal  -  cc  A,D
EDMK   DF   SS-L   decimal  -  cc  A,D
SRP    F0   SS-LI  decimal  -  cc  A,D,DF
MVO    F1   SS-LL  decimal  -  -   A
PACK   F2   SS-LL  decimal  -  -   A
UNPK   F3   SS-LL  decimal  -  -   A
ZAP    F8   SS-LL  decimal  -  cc  A,D,DF
CP     F9   SS-LL  decimal  -  cc  A,D
AP     FA   SS-LL  decimal  -  cc  A,D,DF
SP     FB   SS-LL  decimal  -  cc  A,D,DF
MP     FC   SS-LL  decimal  -  -   A,S,D
DP     FD   SS-LL  decimal  -  -   A,S,D,DK
"""


def _parse(text):
    rows = []
    for line in text.strip().splitlines():
        mn, op, fmt, klass, priv, cc, exc = line.split()
        ins = Instr(mn, int(op, 16), fmt, klass, priv == "P", cc == "cc",
                    tuple(e for e in exc.split(",") if e != "-"))
        assert ins.format.length == ins.length, mn        # the opcode's length code agrees
        rows.append(ins)
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


def by_name(mnemonic: str):
    """(Instr, implied operands) for a mnemonic, extended branches included: BE is BC
    with its first operand M1 = 8 implied, so BE is written with the remaining
    operands only.  (None, {}) for a name that is no machine instruction."""
    ins = BY_MNEMONIC.get(mnemonic)
    if ins is not None:
        return ins, {}
    if mnemonic in EXTENDED_BRANCHES:
        base, mask = EXTENDED_BRANCHES[mnemonic]
        ins = BY_MNEMONIC[base]
        return ins, {ins.format.operands[0][0]: mask}
    return None, {}


# Opcode constants derived from the table: OP_<mnemonic> (OP_LR = 0x18, OP_SIO = 0x9C00).
# The core, channel and tools compare against these; numba reads module globals as
# compile-time constants, so they cost nothing in compiled code.
OPCODES = {"OP_" + i.mnemonic: i.opcode for i in INSTRUCTIONS}
globals().update(OPCODES)
__all__ = ["Field", "Format", "FORMATS", "Instr", "INSTRUCTIONS", "BY_MNEMONIC", "BY_OPCODE",
           "EXTENDED_FIRST_BYTES", "EXTENDED_BRANCHES", "by_name", "lookup",
           "instruction_length", *OPCODES]


def lookup(first: int, second: int = 0):
    """Return the Instr for an instruction whose first two bytes are given, or None."""
    if first in EXTENDED_FIRST_BYTES:
        return BY_OPCODE.get((first << 8) | second)
    return BY_OPCODE.get(first)


def instruction_length(first: int) -> int:
    return (2, 4, 4, 6)[first >> 6]
