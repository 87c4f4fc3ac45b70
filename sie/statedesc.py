"""The state description of one virtual machine.

A guest is a CPU in the architecture's own terms: its PSW, registers, control
registers, timers, pending interruptions and counters are the slots of an
``S`` vector laid out by ``s370.cpu.layout``, and its storage, storage keys and
TLB are arrays of its own.  The core runs any such set of arrays, so a guest
cannot name another guest's storage or the host's: isolation is by
construction.  Interpretive execution adds, in the same vector:

    INTERCEPT_CTL   IC_SIGP | IC_SCK always (CP performs them); trap-and-emulate
                    adds IC_PRIVILEGED | IC_SVC (the guest runs as if in real
                    problem state)
    PGM_INTERCEPT   program-interruption classes CP asked to see (bit n = code n)
    EXT_POSTED(_MASK) an external interruption posted by CP (VMCF X'4001', ...);
                    EXT_POSTED_MORE: more are queued, so presenting this one makes
                    the core leave its loop for the next
    EC_ABSENT       a virtual machine without OPTION ECMODE: no EC-mode PSWs
    EXIT_*          the intercepted instruction: opcode, operand address, R1, R3,
                    image, address;  EXIT_PIC for a program intercept
    PRIV_COUNT      privileged instructions executed inside the loop
    CPU_VERSION     X'FF': STIDP in a virtual machine (VM/370 documents it)
    CPU_ADDR        the CPU address from the directory

and, held in Python: the TOD epoch difference, the queues of posted I/O and
external interruptions, the opcodes CP intercepts, and counters per intercept
reason and per internal exit.
"""

from __future__ import annotations

import collections

import numpy as np

from s370.cpu import layout as L
from s370.cpu.processor import CPU

from .intercepts import Intercept

MODES = ("interpretive", "trap")
IC_GUEST = L.IC_SIGP | L.IC_SCK
IC_TRAP = IC_GUEST | L.IC_PRIVILEGED | L.IC_SVC
VM_VERSION_CODE = 0xFF          # STIDP version code in a virtual machine (GC20-1807)
ALL_PROGRAM_CLASSES = -1        # every bit of PGM_INTERCEPT


def program_class_mask(codes) -> int:
    """PGM_INTERCEPT bits for a set of program-interruption codes (0x40 monitor: bit 0)."""
    m = 0
    for c in codes:
        m |= 1 << (int(c) & 63)
    return m - (1 << 64) if m >> 63 else m


class StateDescription(CPU):
    """One virtual machine's complete CPU state and storage (see the module text)."""

    def __init__(self, memsize: int = 1 << 20, clock: str = "real", cpu_address: int = 0,
                 epoch: int = 0, mode: str = "interpretive", cpu_serial: int = 0x012345,
                 cpu_model: int = 0x3158, tod_step: int = 256, check_interval: int = 1024):
        super().__init__(memsize=memsize, clock=clock, cpu_serial=cpu_serial,
                         cpu_model=cpu_model, cpu_version=VM_VERSION_CODE,
                         cpu_address=cpu_address, tod_step=tod_step,
                         check_interval=check_interval)
        self.epoch = int(epoch)
        if clock == "deterministic":
            self.S[L.TOD] = np.int64(np.uint64(self.epoch & (2 ** 64 - 1)).astype(np.int64))
        self.counters: collections.Counter = collections.Counter()
        self.io_queue: collections.deque = collections.deque()   # (devaddr, csw bytes)
        self.ext_queue: collections.deque = collections.deque()  # (code, CR0 subclass mask)
        # CP's channel subsystem for this guest, or None: an object with
        # pending_mask() and take_interrupt(enabled) (s370.channel.ChannelSubsystem)
        self.io_source = None
        self.exit_requested = False
        self.validity_reason = 0
        self._program_intercepts: frozenset = frozenset()
        self.opcode_intercepts: set[int] = set()   # 0x83, 0xB2xx, ...: Intercept.INSTRUCTION
        self.pass_opcode_once = False
        self.single_step = False
        self.mode = mode

    # ------------------------------------------------------------------ controls
    @property
    def mode(self) -> str:
        """'interpretive' (privileged instructions in the loop) or 'trap' (trap-and-emulate)."""
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {value!r}")
        self._mode = value
        self._set_controls()

    @property
    def program_intercepts(self) -> frozenset:
        """Program-interruption codes CP wants to see before the guest does (TRACE)."""
        return self._program_intercepts

    @program_intercepts.setter
    def program_intercepts(self, codes) -> None:
        self._program_intercepts = frozenset(int(c) for c in codes)
        self._set_controls()

    def _set_controls(self) -> None:
        S = self.S
        if self._mode == "trap":
            S[L.INTERCEPT_CTL] = IC_TRAP
            S[L.PGM_INTERCEPT] = ALL_PROGRAM_CLASSES     # CP reflects every one (DMKPRG)
        else:
            S[L.INTERCEPT_CTL] = IC_GUEST
            S[L.PGM_INTERCEPT] = program_class_mask(self._program_intercepts)

    # ------------------------------------------------------------------ intercept parameters
    @property
    def intercept_opcode(self) -> int:
        """Opcode of the intercepted instruction (0x83, 0x9C00, 0xAE, 0xB204, ...)."""
        return int(self.S[L.EXIT_OPCODE])

    @property
    def intercept_address(self) -> int:
        """Its second-operand (effective) address; for DIAGNOSE the code is its low 16 bits."""
        return int(self.S[L.EXIT_ADDR])

    @property
    def intercept_r1(self) -> int:
        return int(self.S[L.EXIT_R1])

    @property
    def intercept_r3(self) -> int:
        return int(self.S[L.EXIT_R3])

    @property
    def intercept_image(self) -> bytes:
        """The first four bytes of the intercepted instruction."""
        return (int(self.S[L.EXIT_INST]) >> 16).to_bytes(4, "big")

    @property
    def intercept_instruction_address(self) -> int:
        return int(self.S[L.EXIT_INST_ADDR])

    @property
    def intercept_program_code(self) -> int:
        """Program-interruption code of an Intercept.PROGRAM."""
        return int(self.S[L.EXIT_PIC])

    @property
    def privileged_in_loop(self) -> int:
        """Privileged (control) instructions the core executed for this guest without leaving."""
        return int(self.S[L.PRIV_COUNT])

    @property
    def loop_exits(self) -> int:
        """Times the guest left the compiled loop, for any reason."""
        return sum(v for k, v in self.counters.items())
