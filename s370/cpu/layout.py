"""Layout of the CPU state vector.

All architectural state of one CPU lives in a single ``int64`` numpy array
(``S``) so that any number of CPUs or guests share one compiled run loop.
The names below are indices into that array.  32-bit quantities (GPRs, CRs)
are held as unsigned values 0..2**32-1; 64-bit quantities (FPR images, TOD,
timers) are held as their raw two's-complement 64-bit image.

Storage is a separate ``uint8`` array (``mem``), the storage keys another
``uint8`` array (``keys``, one per 2K block, Hercules layout KKKKFRC0), and the
TLB a small ``int64`` array (``tlb``).
"""

# --- general, control and floating-point registers -------------------------
GPR = 0            # 16 general registers, S[GPR + r]
CR = 16            # 16 control registers, S[CR + r]
FPR = 32           # 4 floating-point registers (0, 2, 4, 6) as 64-bit images:
                   # register r lives at S[FPR + r // 2]

# --- the PSW, held decoded ---------------------------------------------------
PSW_SYSMASK = 40   # PSW bits 0-7 (BC: channel masks 0-5, 6 = channels >= 6,
                   # 7 = external; EC: 1 = PER, 5 = DAT, 6 = I/O, 7 = external)
PSW_KEY = 41       # bits 8-11
PSW_EC = 42        # bit 12: 1 = EC mode
PSW_MCHK = 43      # bit 13: machine-check mask
PSW_WAIT = 44      # bit 14
PSW_PROB = 45      # bit 15: problem state
PSW_CC = 46        # condition code
PSW_PM = 47        # program mask (4 bits)
PSW_IA = 48        # instruction address (24 bits)
PSW_ILC = 49       # ILC of the last instruction (1..3, 0 = not available)
PSW_INTCODE = 50   # BC-mode interruption code field (bits 16-31)
PSW_MBZ = 51       # must-be-zero bits of an invalid EC PSW, kept so it is stored unchanged

# --- machine facts -----------------------------------------------------------
MEMSIZE = 52       # configured main storage size in bytes
PREFIX = 53        # prefix register (4K aligned)
CPU_ADDR = 54      # CPU address (STAP)
CPU_SERIAL = 55    # 6 hex digits (STIDP)
CPU_MODEL = 56     # 4 hex digits (STIDP)
CPU_VERSION = 57   # version code (STIDP byte 0)

# --- timers --------------------------------------------------------------------
CLOCK_MODE = 60    # 0 = real time (host clock), 1 = deterministic
TOD = 61           # TOD clock value (deterministic mode; real mode: last read)
TOD_STATE = 63     # 0 = set, 1 = not set, 3 = stopped
CKC = 64           # clock comparator
CPUTIMER = 65      # CPU timer
TOD_STEP = 66      # deterministic mode: TOD units (bit 63 = 1/4096 us) per instruction
ITIMER_ACC = 67    # interval-timer residue: 3 x TOD units not yet applied to location 80
TOD_UNIQUE = 69    # low-order uniqueness counter for STCK

# --- pending asynchronous events -------------------------------------------------
EXT_PENDING = 70   # bit mask of pending external conditions (EXTP_* below)
IO_PENDING = 71    # bit n (n = channel 0..31) set: that channel has an I/O interruption pending
RESTART_PENDING = 72
STOP_REQUEST = 73  # set from another thread: leave the loop at the next check
ATTENTION = 74     # set from another thread: re-examine pending events now
SIGNALS = 75       # external signals 2-7 pending, as code bits (0x20 .. 0x01)

TSC_HZ = 76        # real mode: host cycle-counter frequency (0 = not available)
TSC_BASE = 77      # real mode: cycle counter at TOD_BASE
TOD_BASE = 78      # real mode: TOD value at TSC_BASE

# --- exit protocol -----------------------------------------------------------
EXIT_REASON = 80   # why run() returned (EXIT_* below)
EXIT_OPCODE = 81   # opcode of the I/O or DIAGNOSE instruction (e.g. 0x9C00, 0x83)
EXIT_ADDR = 82     # its effective (second-operand) address
EXIT_R1 = 83       # R1 field
EXIT_R3 = 84       # R3 (or X2) field
EXIT_INST = 85     # instruction image, left-justified in 48 bits
EXIT_INST_ADDR = 86  # address of the instruction that caused the exit
PIC_LAST = 87      # last program interruption code taken (for tools/tests)
TEA = 88           # translation-exception address of the pending exception
CHECKSTOP = 89     # 1 = CPU in check-stop
MON_CODE = 90      # monitor code of a pending MC exception
MON_CLASS = 91
EARLY_PENDING = 92  # an invalid PSW became current: early specification exception next

# --- counters -----------------------------------------------------------------
INSTCOUNT = 96     # instructions executed
PGM_COUNT = 97     # program interruptions taken
SVC_COUNT = 98
EXT_COUNT = 99
IO_COUNT = 100

# --- trace / single step ---------------------------------------------------------
TRACE = 104        # 1 = stop after every instruction with EXIT_TRACE
BREAK_ADDR = 105   # instruction-address breakpoint (-1 = none)
BUDGET_CHECK = 106  # instructions between checks of asynchronous events

# --- interception: a host running this CPU as a guest (interpretive execution) ----
# The bare machine leaves all of these zero.  INTERCEPT_CTL bits (IC_*) name events
# that leave the loop for the host instead of being performed in it.
INTERCEPT_CTL = 112
PGM_INTERCEPT = 115  # bit n: program interruption code n leaves the loop untaken (0x40: bit 0)
EXIT_PIC = 93      # code of a program interruption that left the loop (EXIT_PROGRAM)
PRIV_COUNT = 101   # privileged instructions executed in the loop (supervisor state)
EXT_POSTED = 116   # an external interruption code posted by the host (0 = none)
EXT_POSTED_MASK = 117  # CR0 subclass-mask bits that enable it (0: the PSW mask alone)
EXT_POSTED_MORE = 119  # the host holds more posted codes: presenting EXT_POSTED sets
                       # STOP_REQUEST so the next one is made pending at once
EC_ABSENT = 118    # 1: no extended-control facility (a VM/370 virtual machine without OPTION
                   # ECMODE): a PSW with bit 12 on is an early specification exception
                   # (PoO, "Early Exception Recognition"), stored unchanged in BC form
IFETCH_BLOCK = 113  # cached 2K block of the last instruction fetch (-1 = none)
IFETCH_BASE = 114

STATE_SIZE = 128

# --- exit reasons ------------------------------------------------------------------
EXIT_BUDGET = 0     # the instruction budget ran out
EXIT_IO = 1         # an I/O instruction (SIO...CLRIO, TCH, STIDC) wants the channel
EXIT_DIAG = 2       # DIAGNOSE
EXIT_WAIT = 3       # enabled wait state (an interruption can end it)
EXIT_DISABLED_WAIT = 4  # wait with all interruptions disabled
EXIT_STOP = 5       # stop requested
EXIT_CHECKSTOP = 6
EXIT_TRACE = 7      # single step / trace: one instruction done
EXIT_BREAK = 8      # instruction-address breakpoint reached
EXIT_IOINT = 9      # an I/O interruption is pending and enabled: the channel must present it
EXIT_INSTRUCTION = 10  # an instruction the host performs (IC_SIGP, IC_SCK): PSW past it
EXIT_TRAP = 11      # an instruction trapped before execution (IC_PRIVILEGED, IC_SVC): PSW at
                    # it, not counted; the host performs it and resumes
EXIT_PROGRAM = 12   # a program interruption selected by PGM_INTERCEPT, not taken: code in
                    # EXIT_PIC, PSW_IA/PSW_ILC as its old PSW would hold them
EXIT_NAMES = ("budget", "io", "diagnose", "wait", "disabled-wait", "stop",
              "check-stop", "trace", "breakpoint", "io-interrupt", "instruction", "trap",
              "program")

# --- interception controls (INTERCEPT_CTL) ----------------------------------------------
IC_SIGP = 1 << 0        # SIGNAL PROCESSOR leaves for the host (EXIT_INSTRUCTION)
IC_SCK = 1 << 1         # SET CLOCK leaves for the host (EXIT_INSTRUCTION)
IC_PRIVILEGED = 1 << 2  # every privileged instruction in supervisor state traps (EXIT_TRAP):
                        # the CPU behaves as if it ran in real problem state
IC_SVC = 1 << 3         # SUPERVISOR CALL traps before its interruption (EXIT_TRAP)

# --- external pending bits (EXT_PENDING) --------------------------------------------
EXTP_INTKEY = 1 << 0
EXTP_ITIMER = 1 << 1
EXTP_CKC = 1 << 2
EXTP_CPUTIMER = 1 << 3
EXTP_EXTCALL = 1 << 4
EXTP_EMERGENCY = 1 << 5
EXTP_MALFUNCTION = 1 << 6

# --- storage keys --------------------------------------------------------------------
KEY_ACC = 0xF0
KEY_FETCH = 0x08
KEY_REF = 0x04
KEY_CHANGE = 0x02
BLOCK_SHIFT = 11    # 2K key blocks

TLB_ENTRIES = 256
# tlb: TLB_ENTRIES (tag, frame) pairs, then the purge generation.  A tag is
# (generation << TLB_TAG_SHIFT) + virtual page + 1, so a purge only advances the
# generation (LCTL of CR0/CR1, PTLB, SPX happen often in a control program);
# an all-zero array is an empty TLB at generation 0.
TLB_GENERATION = 2 * TLB_ENTRIES
TLB_SIZE = 2 * TLB_ENTRIES + 1
TLB_TAG_SHIFT = 16            # above any virtual page number + 1 (24-bit addresses, 2K pages)
TLB_GENERATIONS = 1 << 40     # after this many purges the array is cleared and counting restarts

# --- program interruption codes (GA22-7000 "Program-Interruption Codes") ----------
PIC_OPERATION = 0x01
PIC_PRIVILEGED = 0x02
PIC_EXECUTE = 0x03
PIC_PROTECTION = 0x04
PIC_ADDRESSING = 0x05
PIC_SPECIFICATION = 0x06
PIC_DATA = 0x07
PIC_FIXED_OVERFLOW = 0x08
PIC_FIXED_DIVIDE = 0x09
PIC_DECIMAL_OVERFLOW = 0x0A
PIC_DECIMAL_DIVIDE = 0x0B
PIC_EXPONENT_OVERFLOW = 0x0C
PIC_EXPONENT_UNDERFLOW = 0x0D
PIC_SIGNIFICANCE = 0x0E
PIC_FLOAT_DIVIDE = 0x0F
PIC_SEGMENT_TRANSLATION = 0x10
PIC_PAGE_TRANSLATION = 0x11
PIC_TRANSLATION_SPEC = 0x12
PIC_SPECIAL_OPERATION = 0x13
PIC_MONITOR = 0x40

# --- program mask bits (PSW_PM) ---------------------------------------------------------
PM_FIXED_OVERFLOW = 8
PM_DECIMAL_OVERFLOW = 4
PM_EXPONENT_UNDERFLOW = 2
PM_SIGNIFICANCE = 1

# --- assigned low-storage locations -----------------------------------------------
LOC_IPL_PSW = 0
LOC_RESTART_OLD = 8
LOC_EXT_OLD = 24
LOC_SVC_OLD = 32
LOC_PGM_OLD = 40
LOC_MCK_OLD = 48
LOC_IO_OLD = 56
LOC_CSW = 64
LOC_CAW = 72
LOC_ITIMER = 80
LOC_EXT_NEW = 88
LOC_SVC_NEW = 96
LOC_PGM_NEW = 104
LOC_MCK_NEW = 112
LOC_IO_NEW = 120
LOC_EXT_CPUADDR = 132
LOC_EXT_CODE = 134
LOC_SVC_ILC = 137
LOC_SVC_CODE = 138
LOC_PGM_ILC = 141
LOC_PGM_CODE = 142
LOC_TEA = 144
LOC_MON_CLASS = 149
LOC_MON_CODE = 156
LOC_CHANNEL_ID = 168
LOC_IO_ADDR = 184

# --- external interruption codes ---------------------------------------------------------
EXT_CODE_INTKEY = 0x0040
EXT_CODE_ITIMER = 0x0080
EXT_CODE_MALFUNCTION = 0x1200
EXT_CODE_EMERGENCY = 0x1201
EXT_CODE_EXTCALL = 0x1202
EXT_CODE_CKC = 0x1004
EXT_CODE_CPUTIMER = 0x1005

# --- CR0 bits (as masks on the 32-bit value) -------------------------------------------------
CR0_SSM_SUPPRESS = 0x40000000
CR0_MALFUNCTION = 0x00008000
CR0_EMERGENCY = 0x00004000
CR0_EXTCALL = 0x00002000
CR0_CKC = 0x00000800
CR0_CPUTIMER = 0x00000400
CR0_ITIMER = 0x00000080
CR0_INTKEY = 0x00000040
CR0_EXTSIG = 0x00000020

# --- EC-mode PSW system-mask bits ---------------------------------------------------------------
SM_PER = 0x40
SM_DAT = 0x04
SM_IO = 0x02
SM_EXT = 0x01


# --- DAT (GA22-7000 "Dynamic Address Translation"): translation format and table entries
CR0_PAGE_SIZE_SHIFT = 22            # CR0 bits 8-9: 01 = 2K pages, 10 = 4K pages
CR0_SEGMENT_SIZE_SHIFT = 19         # CR0 bits 11-12: 00 = 64K segments, 10 = 1M segments
CR0_FORMAT_BIT_10 = 0x00200000      # CR0 bit 10 must be zero (translation specification)
CR0_PAGE_4K = 0x00800000            # CR0 bit 8: 4K pages
CR1_SEGMENT_TABLE_LENGTH_SHIFT = 24  # CR1 bits 0-7, in units of 16 entries
CR1_SEGMENT_TABLE_ORIGIN = 0x00FFFFC0
STE_PAGE_TABLE_LENGTH_SHIFT = 28    # segment-table entry bits 0-3, in units of 16 entries
STE_MBZ = 0x0F000000                # bits 4-7 must be zero
STE_PAGE_TABLE_ORIGIN = 0x00FFFFF8
STE_INVALID = 0x00000001            # bit 31: segment invalid
PTE4K_INVALID = 0x0008              # page-table entry (halfword), 4K pages: bit 12
PTE4K_MBZ = 0x0006                  # bits 13-14 must be zero
PTE4K_FRAME = 0xFFF0                # page-frame real address bits 8-19
PTE2K_INVALID = 0x0004              # 2K pages: bit 13
PTE2K_MBZ = 0x0002                  # bit 14 must be zero
PTE2K_FRAME = 0xFFF8                # page-frame real address bits 8-20
