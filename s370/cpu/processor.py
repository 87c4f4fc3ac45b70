"""The Python face of one S/370 CPU: build it, load storage, set the PSW, run, read back.

    cpu = CPU(memsize=1 << 20)
    cpu.load(0x1000, program_bytes)
    cpu.set_psw(0x00000000_00001000)      # BC mode, key 0, supervisor, IA 1000
    reason = cpu.run(max_instructions=10_000)
    cpu.gprs, cpu.psw, cpu.read(0x2000, 16)

All state is in numpy arrays (``S``, ``mem``, ``keys``, ``tlb``) run by the
one compiled loop in ``core.run``; this class only wraps them.
"""

from __future__ import annotations

import functools
import time

import numpy as np

from . import layout
from .core import run as _core_run
from .entrypoints import (io_interrupt as _io_interrupt, program_interrupt as _pgm,
                    io_enabled_mask as _io_enabled_mask, load_psw as _load_psw,
                    psw_image as _psw_image, tlb_purge as _tlb_purge, host_cycles as _host_cycles,
                    next_timer_event as _next_timer_event, advance_clock as _advance_clock,
                    real_tod as _real_tod, update_timers as _update_timers)

# TOD units (bit 63 = 1/4096 us) between 1900-01-01 and 1970-01-01
_EPOCH_1970 = 2208988800 * 1_000_000 * 4096
CHUNK = 50_000_000

INITIAL_CR = {0: 0x000000E0, 2: 0xFFFFFFFF, 14: 0xC2000000, 15: 0x00000200}


@functools.lru_cache(maxsize=None)
def _calibrate_cycles() -> int:
    """Host cycle-counter frequency, measured over 20 ms once per process (not per CPU)."""
    c0, t0 = _host_cycles(), time.perf_counter()
    time.sleep(0.02)
    c1, t1 = _host_cycles(), time.perf_counter()
    hz = int((c1 - c0) / (t1 - t0))
    return hz if hz > 1_000_000 else 0


def host_tod() -> int:
    """The host clock as an S/370 TOD value (bit 63 units)."""
    return (time.time_ns() * 4096 // 1000) + _EPOCH_1970


class CPU:
    def __init__(self, memsize: int = 1 << 20, clock: str = "deterministic",
                 cpu_serial: int = 0x012345, cpu_model: int = 0x3158, cpu_version: int = 0,
                 cpu_address: int = 0, tod_step: int = 256, check_interval: int = 1024):
        if clock not in ("deterministic", "real"):
            raise ValueError(f"clock must be 'deterministic' or 'real', not {clock!r}")
        memsize = max(4096, (int(memsize) + 4095) // 4096 * 4096)
        if memsize > 1 << 24:
            raise ValueError("S/370 main storage is at most 16M")
        self.S = np.zeros(layout.STATE_SIZE, np.int64)
        self.mem = np.zeros(memsize, np.uint8)
        self.keys = np.zeros(memsize >> layout.BLOCK_SHIFT, np.uint8)
        self.tlb = np.zeros(layout.TLB_SIZE, np.int64)
        S = self.S
        S[layout.MEMSIZE] = memsize
        S[layout.CPU_SERIAL] = cpu_serial
        S[layout.CPU_MODEL] = cpu_model
        S[layout.CPU_VERSION] = cpu_version
        S[layout.CPU_ADDR] = cpu_address
        S[layout.TOD_STEP] = tod_step
        S[layout.BUDGET_CHECK] = check_interval
        S[layout.BREAK_ADDR] = -1
        S[layout.CLOCK_MODE] = 1 if clock == "deterministic" else 0
        if clock == "real":
            S[layout.TSC_HZ] = _calibrate_cycles()
            self._rebase(host_tod())
        else:
            S[layout.TOD] = 0
        self.initial_reset()

    # ------------------------------------------------------------------ resets
    def cpu_reset(self) -> None:
        """Clear pending interruptions; registers and storage stay."""
        S = self.S
        for i in (layout.EXT_PENDING, layout.IO_PENDING, layout.RESTART_PENDING, layout.SIGNALS,
                  layout.STOP_REQUEST, layout.EARLY_PENDING, layout.CHECKSTOP):
            S[i] = 0
        _tlb_purge(self.tlb)

    def initial_reset(self, clear_storage: bool = False) -> None:
        """Initial CPU reset: PSW, prefix, CPU timer, comparator zero; CRs to initial values."""
        self.cpu_reset()
        S = self.S
        for i in range(layout.PSW_SYSMASK, layout.PSW_MBZ + 1):
            S[i] = 0
        S[layout.PREFIX] = 0
        S[layout.CPUTIMER] = 0
        S[layout.CKC] = 0
        for r in range(16):
            S[layout.CR + r] = INITIAL_CR.get(r, 0)
        if clear_storage:
            self.mem[:] = 0
            self.keys[:] = 0
            for r in range(16):
                S[layout.GPR + r] = 0
            for r in range(4):
                S[layout.FPR + r] = 0

    def _rebase(self, tod: int | None = None) -> None:
        S = self.S
        if tod is None:
            tod = int(_real_tod(S))
        S[layout.TOD] = np.int64(np.uint64(tod & (2 ** 64 - 1)).astype(np.int64))
        S[layout.TOD_BASE] = S[layout.TOD]
        S[layout.TSC_BASE] = _host_cycles()

    # ------------------------------------------------------------------ storage
    @property
    def memsize(self) -> int:
        return int(self.S[layout.MEMSIZE])

    def load(self, addr: int, data: bytes) -> None:
        if addr < 0 or addr + len(data) > self.memsize:
            raise ValueError(f"load of {len(data)} bytes at {addr:06X} is outside storage")
        self.mem[addr:addr + len(data)] = np.frombuffer(bytes(data), np.uint8)

    def read(self, addr: int, length: int) -> bytes:
        if addr < 0 or addr + length > self.memsize:
            raise ValueError(f"read of {length} bytes at {addr:06X} is outside storage")
        return self.mem[addr:addr + length].tobytes()

    def set_key(self, addr: int, key: int) -> None:
        """Set the storage key byte (KKKKFRC0) of the 2K block holding ``addr``."""
        self.keys[addr >> layout.BLOCK_SHIFT] = key & 0xFE

    def get_key(self, addr: int) -> int:
        return int(self.keys[addr >> layout.BLOCK_SHIFT])

    # ------------------------------------------------------------------ registers
    def get_gpr(self, r: int) -> int:
        return int(self.S[layout.GPR + r])

    def set_gpr(self, r: int, value: int) -> None:
        self.S[layout.GPR + r] = value & 0xFFFFFFFF

    @property
    def gprs(self) -> list[int]:
        return [int(v) for v in self.S[layout.GPR:layout.GPR + 16]]

    def get_cr(self, r: int) -> int:
        return int(self.S[layout.CR + r])

    def set_cr(self, r: int, value: int) -> None:
        self.S[layout.CR + r] = value & 0xFFFFFFFF
        if r in (0, 1):
            _tlb_purge(self.tlb)

    def get_fpr(self, r: int) -> int:
        """FPR 0, 2, 4 or 6 as an unsigned 64-bit image."""
        return int(self.S[layout.FPR + r // 2]) & (2 ** 64 - 1)

    def set_fpr(self, r: int, value: int) -> None:
        v = value & (2 ** 64 - 1)
        self.S[layout.FPR + r // 2] = v - (1 << 64) if v >> 63 else v

    # ------------------------------------------------------------------ PSW
    @property
    def psw(self) -> bytes:
        w = int(_psw_image(self.S, self.S[layout.PSW_IA], self.S[layout.PSW_CC])) & (2 ** 64 - 1)
        return w.to_bytes(8, "big")

    def set_psw(self, value) -> bool:
        """Make ``value`` (8 bytes or an int) the current PSW; False if it is invalid
        (then the early specification exception is taken when the CPU runs)."""
        w = int.from_bytes(value, "big") if isinstance(value, (bytes, bytearray)) else int(value)
        w &= 2 ** 64 - 1
        rc = _load_psw(self.S, np.int64(w - (1 << 64) if w >> 63 else w))
        self.S[layout.EARLY_PENDING] = 1 if rc else 0
        return rc == 0

    def ipl_psw(self) -> bool:
        """Load the PSW at absolute location 0 (the last step of IPL)."""
        return self.set_psw(self.read(0, 8))

    @property
    def ia(self) -> int:
        return int(self.S[layout.PSW_IA])

    @property
    def cc(self) -> int:
        return int(self.S[layout.PSW_CC])

    @property
    def wait(self) -> bool:
        return bool(self.S[layout.PSW_WAIT])

    # ------------------------------------------------------------------ running
    @property
    def instcount(self) -> int:
        return int(self.S[layout.INSTCOUNT])

    def run(self, max_instructions: int | None = None) -> int:
        """Run until an exit (I/O, DIAGNOSE, wait, stop, ...) or the instruction limit.

        Returns the exit reason (``layout.EXIT_*``); EXIT_BUDGET means the
        limit was reached."""
        if self.S[layout.CLOCK_MODE] == 0 and self.S[layout.TSC_HZ] > 0:
            # the time since the last run counts for the CPU timer and interval timer too
            _update_timers(self.S, self.mem, self.keys, 0)
            self._rebase()
        left = max_instructions
        while True:
            budget = CHUNK if left is None else min(left, CHUNK)
            before = self.instcount
            reason = int(_core_run(self.S, self.mem, self.keys, self.tlb, budget))
            if left is not None:
                left -= self.instcount - before
            if reason != layout.EXIT_BUDGET or (left is not None and left <= 0):
                return reason

    def step(self) -> int:
        """Execute exactly one instruction (interruptions pending before it are taken first)."""
        self.S[layout.TRACE] = 1
        try:
            return self.run(1)
        finally:
            self.S[layout.TRACE] = 0

    def stop(self) -> None:
        """Ask a running CPU (another thread) to leave its loop at the next checkpoint."""
        self.S[layout.STOP_REQUEST] = 1

    # ------------------------------------------------------------------ interruptions
    def program_interrupt(self, code: int) -> None:
        """Raise a program interruption for the instruction that caused the last exit."""
        S = self.S
        if _pgm(S, self.mem, self.keys, code, S[layout.PSW_ILC], S[layout.PSW_IA], S[layout.PSW_CC]):
            S[layout.EARLY_PENDING] = 1

    def io_enabled(self, channel: int) -> bool:
        return bool((int(_io_enabled_mask(self.S)) >> channel) & 1)

    def io_interrupt(self, devnum: int) -> None:
        """Perform the I/O interruption PSW swap for ``devnum`` (the CSW is already stored)."""
        S = self.S
        if _io_interrupt(S, self.mem, self.keys, devnum, S[layout.PSW_IA], S[layout.PSW_CC]):
            S[layout.EARLY_PENDING] = 1

    def interrupt_key(self) -> None:
        """The operator's interrupt key (external interruption 0040)."""
        self.S[layout.EXT_PENDING] |= layout.EXTP_INTKEY

    def restart(self) -> None:
        """The operator's restart key (restart interruption)."""
        self.S[layout.RESTART_PENDING] = 1

    def external_signal(self, n: int) -> None:
        """External signal n (2..7)."""
        self.S[layout.SIGNALS] |= 0x40 >> (n - 1)

    def advance_to_next_timer_event(self) -> bool:
        """Deterministic clock in a wait: jump to the next enabled timer event."""
        d = int(_next_timer_event(self.S, self.mem))
        if d <= 0:
            return False
        _advance_clock(self.S, self.mem, self.keys, d)
        return True

    @property
    def tod(self) -> int:
        return int(self.S[layout.TOD]) & (2 ** 64 - 1)
