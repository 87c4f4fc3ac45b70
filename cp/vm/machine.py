"""One virtual machine: a guest CPU under interpretive execution, its own storage,
its own channel subsystem and virtual devices.

Why no CCW translation: each virtual machine's real storage is its own array, so
the guest's channel programs run directly against it on a channel subsystem of
its own (``s370.channel.ChannelSubsystem`` over the guest's storage and keys).
Real VM/370 had to copy CCWs, translate their addresses and fix pages (DMKCCW);
here CP only maps virtual device addresses to device models and confines a
minidisk to its extent (the device model is a CKD extent view).

The guest runs in slices (``run_slice``): I/O instructions are performed on the
guest's channel subsystem and the guest resumed at once; DIAGNOSE goes to CP's
handler (``self.diagnose``); everything CP must decide about (a wait, the end
of the slice, a program intercept CP asked for, a request from another thread)
ends the slice and is returned to the dispatcher.

The intercept handling follows ``s370.hostloop``'s handler protocol (``on_io``,
``on_diagnose``, ...) so the bare machine and virtual machines leave the core
for the same reasons and handle them by the same names.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from s370.channel import ChannelSubsystem
from s370.cpu import layout as L
from s370.devices.base import Device

from sie import (Intercept, StateDescription, guest_tod, io_source_pending, reflect_program,
                 request_exit, run_guest)

# What ends a slice and goes back to the dispatcher (everything else is handled here).
SLICE_ENDS = frozenset({Intercept.TIMESLICE, Intercept.ENABLED_WAIT, Intercept.DISABLED_WAIT,
                        Intercept.REQUEST, Intercept.PROGRAM, Intercept.INSTRUCTION,
                        Intercept.TRACE, Intercept.VALIDITY, Intercept.CHECKSTOP,
                        Intercept.SIGP, Intercept.SCK})

MAX_STORAGE = 16 << 20          # S/370 24-bit real addressing
TIMER_SETTINGS = ("ON", "OFF", "REAL")   # SET TIMER (GC20-1820); OPTION REALTIMER = REAL
TOD_PER_SECOND = 4096 * 1_000_000        # TOD bit 51 = 1 microsecond
ITIMER_PER_SECOND = 76800                # interval timer: bit 23 = 1/300 s, bit 31 = 1/76800 s
ITIMER_UNIT_X3 = 160000                  # 3 x TOD units per bit-31 unit (as s370.cpu.timers)
DEFAULT_CPUID = 0x012345                 # CPU serial when the directory gives no OPTION CPUID

# STORE STATUS save areas (absolute, PoO "Assigned Storage Locations")
SAVE_CPUTIMER, SAVE_CKC, SAVE_PSW, SAVE_PREFIX = 216, 224, 256, 264
SAVE_FPR, SAVE_GPR, SAVE_CR = 352, 384, 448


class StorageSizeError(ValueError):
    """DEFINE STORAGE outside 4K..16M or not a multiple of 4K."""


def _diag_unassigned(vm: "VirtualMachine", code: int) -> None:
    reflect_program(vm.sd, L.PIC_SPECIFICATION)


class VirtualMachine:
    """A virtual System/370 for one user (see the module text).

    Public state for CP: ``sd`` (the state description: PSW, registers, storage
    ``sd.mem``), ``channels`` (its channel subsystem), ``devices`` (vaddr ->
    device model), ``stopped`` (CP has it stopped: CP READ without SET RUN ON,
    a disabled wait, before IPL), ``ipl_device`` / ``ipl_name``.
    CP sets ``diagnose(vm, code)`` (the DIAGNOSE dispatcher) and may set
    ``on_wake()`` (the dispatcher's: an interruption arrived for a waiting VM)
    and ``on_disabled_wait(vm)`` (CP's message).
    """

    def __init__(self, userid: str, storage: int, *, ecmode: bool = False,
                 mode: str = "interpretive", cpu_address: int = 0, clock: str = "real",
                 epoch: int = 0, cpuid: int | None = None, timer: str = "ON"):
        self.userid = userid
        self.clock = clock
        self._mode = mode
        self._cpu_address = cpu_address
        self._ecmode = bool(ecmode)
        self._cpuid = DEFAULT_CPUID if cpuid is None else int(cpuid)
        self._timer = "ON"
        self._program_intercepts: frozenset = frozenset()
        self._opcode_intercepts: set[int] = set()
        self._slice_end = time.monotonic()       # host time the guest last stopped running
        self._real_residue = 0.0                 # SET TIMER REAL: fraction of a unit owed
        self.diagnose: Callable[[VirtualMachine, int], None] = _diag_unassigned
        self.on_wake: Callable[[], None] = lambda: None
        self.on_disabled_wait: Callable[[VirtualMachine], None] = lambda vm: None
        self.lock = threading.RLock()
        self.stopped = True
        self.ipl_device: int | None = None
        self.ipl_name: str | None = None
        self.cpu_seconds = 0.0          # host CPU time spent running this guest
        self._devices: dict[int, Device] = {}
        self._build(storage, epoch)
        self.timer = timer

    # ------------------------------------------------------------------ storage and channels
    def _build(self, storage: int, epoch: int) -> None:
        check_storage_size(storage)
        self.sd = StateDescription(storage, clock=self.clock, cpu_address=self._cpu_address,
                                   epoch=epoch, mode=self._mode, cpu_serial=self._cpuid)
        self.sd.S[L.EC_ABSENT] = 0 if self._ecmode else 1
        self.sd.program_intercepts = self._program_intercepts
        self.sd.opcode_intercepts = self._opcode_intercepts
        self.channels = ChannelSubsystem(self.sd.mem, self.sd.keys, on_pending=self._on_pending,
                                         prefix=lambda: int(self.sd.S[L.PREFIX]))
        self.sd.io_source = self.channels
        for vaddr, dev in self._devices.items():
            self.channels.attach(vaddr, dev)

    @property
    def storage(self) -> int:
        return self.sd.memsize

    def define_storage(self, size: int) -> None:
        """DEFINE STORAGE: a new, cleared storage of ``size`` bytes; the VM is reset and stopped."""
        check_storage_size(size)
        with self.lock:
            for vaddr in list(self._devices):
                self.channels.detach(vaddr)
            epoch = self.sd.epoch
            self._build(size, epoch)
            self.stopped = True

    @property
    def mode(self) -> str:
        """'interpretive' or 'trap' (trap-and-emulate, for teaching)."""
        return self.sd.mode

    @mode.setter
    def mode(self, value: str) -> None:
        self.sd.mode = value
        self._mode = value
        self.sd.program_intercepts = self._program_intercepts

    # ------------------------------------------------------------------ options (SET, directory)
    @property
    def ecmode(self) -> bool:
        """OPTION ECMODE / SET ECMODE: may the guest use EC-mode PSWs?

        Without it the virtual CPU lacks the extended-control facility: loading a
        PSW with bit 12 on is an early specification exception (PoO), which is
        what a VM/370 guest without ECMODE got.  Changing it does not reset the
        VM (unverified whether VM/370's SET ECMODE did)."""
        return self._ecmode

    @ecmode.setter
    def ecmode(self, on: bool) -> None:
        self._ecmode = bool(on)
        self.sd.S[L.EC_ABSENT] = 0 if on else 1

    @property
    def cpu_address(self) -> int:
        """The CPU address STAP stores (directory / SET CPUADDR-style), 0..65535."""
        return int(self.sd.S[L.CPU_ADDR])

    @cpu_address.setter
    def cpu_address(self, value: int) -> None:
        if not 0 <= value <= 0xFFFF:
            raise ValueError(f"CPU address {value} is not 0-FFFF")
        self._cpu_address = value
        self.sd.S[L.CPU_ADDR] = value

    @property
    def cpuid(self) -> int:
        """The CPU serial (6 hex digits) STIDP stores: OPTION CPUID / SET CPUID.
        The version code stays X'FF' (a virtual machine, GC20-1820 SET CPUID)."""
        return int(self.sd.S[L.CPU_SERIAL])

    @cpuid.setter
    def cpuid(self, value: int) -> None:
        if not 0 <= value <= 0xFFFFFF:
            raise ValueError(f"CPUID {value:X} is not six hexadecimal digits")
        self._cpuid = value
        self.sd.S[L.CPU_SERIAL] = value

    @property
    def timer(self) -> str:
        """SET TIMER: 'ON' (location 80 counts the guest's own CPU time: the core
        decrements it only while the guest runs), 'OFF' (location 80 is left
        alone), 'REAL' (OPTION REALTIMER: it also runs while the guest waits or
        is not dispatched, i.e. in host elapsed time).  System Programmer's Guide,
        "Timers in a Virtual Machine"."""
        return self._timer

    @timer.setter
    def timer(self, value: str) -> None:
        v = value.upper()
        if v not in TIMER_SETTINGS:
            raise ValueError(f"timer setting must be one of {TIMER_SETTINGS}, not {value!r}")
        self._timer = v
        self._slice_end = time.monotonic()

    # TRACE/ADSTOP hooks: which program interruptions and opcodes end a slice first
    @property
    def program_intercepts(self) -> frozenset:
        return self._program_intercepts

    @program_intercepts.setter
    def program_intercepts(self, codes) -> None:
        self._program_intercepts = frozenset(int(c) for c in codes)
        self.sd.program_intercepts = self._program_intercepts

    @property
    def opcode_intercepts(self) -> set[int]:
        return self._opcode_intercepts

    @opcode_intercepts.setter
    def opcode_intercepts(self, opcodes) -> None:
        self._opcode_intercepts = set(int(o) for o in opcodes)
        self.sd.opcode_intercepts = self._opcode_intercepts

    @property
    def single_step(self) -> bool:
        return self.sd.single_step

    @single_step.setter
    def single_step(self, on: bool) -> None:
        self.sd.single_step = bool(on)

    # ------------------------------------------------------------------ guest real storage for CP
    def _absolute(self, addr: int) -> int:
        """Guest real -> guest absolute (prefixing)."""
        prefix = int(self.sd.S[L.PREFIX])
        if addr < 4096:
            return addr + prefix
        if prefix <= addr < prefix + 4096:
            return addr - prefix
        return addr

    def _check_real(self, addr: int, n: int) -> None:
        if addr < 0 or n < 0 or addr + n > self.sd.memsize:
            raise ValueError(f"real address {addr:06X} length {n} is outside the "
                             f"{self.sd.memsize // 1024}K storage of {self.userid}")

    def _pieces(self, addr: int, n: int):
        """(absolute address, length) runs of the real range addr..addr+n-1 (page by page)."""
        while n > 0:
            run = min(n, 4096 - (addr & 4095))
            yield self._absolute(addr), run
            addr += run
            n -= run

    def read_real(self, addr: int, n: int) -> bytes:
        """``n`` bytes of guest real storage at ``addr`` (as DISPLAY shows it); ValueError
        outside storage.  Storage keys and reference bits are not touched."""
        self._check_real(addr, n)
        return b"".join(self.sd.mem[a:a + k].tobytes() for a, k in self._pieces(addr, n))

    def write_real(self, addr: int, data: bytes) -> None:
        """STORE into guest real storage (no key check, as CP's STORE); the blocks
        stored into get their reference and change bits.  ValueError outside storage."""
        self._check_real(addr, len(data))
        mem, keys, off = self.sd.mem, self.sd.keys, 0
        for a, k in self._pieces(addr, len(data)):
            mem[a:a + k] = list(data[off:off + k])
            for blk in range(a >> L.BLOCK_SHIFT, (a + k - 1 >> L.BLOCK_SHIFT) + 1):
                keys[blk] |= L.KEY_REF | L.KEY_CHANGE
            off += k

    def key(self, addr: int) -> int:
        """The storage-key byte (KKKKFRC0) of the 2K block holding real ``addr``."""
        self._check_real(addr, 1)
        return int(self.sd.keys[self._absolute(addr) >> L.BLOCK_SHIFT])

    # ------------------------------------------------------------------ devices
    @property
    def devices(self) -> dict[int, Device]:
        return dict(self._devices)

    def attach(self, vaddr: int, device: Device) -> None:
        """Give the VM a device at virtual address ``vaddr`` (ValueError if in use)."""
        with self.lock:
            if vaddr in self._devices:
                raise ValueError(f"virtual device {vaddr:03X} already defined")
            self.channels.attach(vaddr, device)
            self._devices[vaddr] = device

    def detach(self, vaddr: int) -> Device:
        """Take a device away (KeyError if none); its pending conditions vanish."""
        with self.lock:
            dev = self._devices.pop(vaddr)
            self.channels.detach(vaddr)
            self._refresh_pending()
            return dev

    def device(self, vaddr: int) -> Device | None:
        return self._devices.get(vaddr)

    # ------------------------------------------------------------------ interruptions
    def _on_pending(self, mask: int) -> None:
        """The channel subsystem has (or no longer has) pending conditions: any thread."""
        if mask:
            io_source_pending(self.sd)
            self.on_wake()

    def _refresh_pending(self) -> None:
        self.sd.S[L.IO_PENDING] = self.channels.pending_mask()

    def post_external(self, code: int) -> None:
        """An external interruption (X'0040' interrupt key, X'4001' VMCF, ...), any thread."""
        from sie import post_external
        post_external(self.sd, code)
        self.on_wake()

    def request_exit(self) -> None:
        """Ask the running guest back at its next checkpoint (any thread)."""
        request_exit(self.sd)
        self.on_wake()

    # ------------------------------------------------------------------ resets and IPL
    def system_reset(self, clear: bool = False) -> None:
        """SYSTEM RESET / CLEAR: CPU reset (and storage clear), I/O reset."""
        with self.lock:
            self.sd.initial_reset(clear_storage=clear)
            self.channels.reset()
            self.sd.io_queue.clear()
            self.sd.ext_queue.clear()
            self.sd.S[L.EXT_POSTED] = 0
            self.sd.S[L.EXT_POSTED_MORE] = 0
            self._refresh_pending()
            self.stopped = True

    def ipl(self, vaddr: int, clear: bool = False) -> str | None:
        """IPL from a virtual device: None on success (the VM is then runnable), else why not."""
        with self.lock:
            if vaddr not in self._devices:
                return f"DEV {vaddr:03X} DOES NOT EXIST"
            self.system_reset(clear)
            msg = self.channels.ipl(vaddr)
            if msg is not None:
                return msg
            mem = self.sd.mem
            if mem[1] & 0x08:                    # EC-mode IPL PSW: I/O address at 184-187
                mem[184:188] = list(vaddr.to_bytes(4, "big"))
            else:                                # BC mode: bytes 2-3 of the PSW at 0
                mem[2:4] = list(vaddr.to_bytes(2, "big"))
            if not self.sd.ipl_psw():
                return f"IPL PSW {self.sd.read(0, 8).hex().upper()} IS INVALID"
            parm = getattr(self, "ipl_parm", None)      # set by the IPL command's PARM
            if parm:        # EBCDIC, blank padded to 64, in GPRs 0-15 (VM/SP; R6 unverified)
                raw = parm.encode("cp037")[:64].ljust(64, b"\x40")
                for r in range(16):
                    self.sd.set_gpr(r, int.from_bytes(raw[4 * r:4 * r + 4], "big"))
            self.ipl_device = vaddr
            self.ipl_name = None
            self.stopped = False
            return None

    # ------------------------------------------------------------------ console functions
    def stop(self) -> None:
        """Stop the virtual CPU (CP READ, ADSTOP reached): the dispatcher leaves it alone."""
        self.stopped = True
        self.request_exit()

    def begin(self, address: int | None = None) -> None:
        """BEGIN [hexloc]: resume, optionally at a new instruction address."""
        with self.lock:
            if address is not None:
                if not 0 <= address <= 0xFFFFFF:
                    raise ValueError(f"address {address:X} is not 0-FFFFFF")
                self.sd.S[L.PSW_IA] = address
            self.sd.exit_requested = False      # a STOP's request, not yet seen by the guest
            self.stopped = False
        self.on_wake()

    def restart(self) -> None:
        """SYSTEM RESTART: a restart interruption (old PSW at 8, new PSW from 0),
        taken at the guest's next checkpoint; the VM is made runnable."""
        with self.lock:
            self.sd.restart()
            self.sd.exit_requested = False
            self.stopped = False
        self.on_wake()

    def store_status(self) -> None:
        """STORE STATUS: CPU timer, clock comparator, PSW, prefix, FPRs, GPRs and
        CRs into the absolute save areas 216-511 (PoO assigned locations)."""
        sd = self.sd
        S = sd.S
        with self.lock:
            def put(a: int, v: int, n: int) -> None:
                sd.mem[a:a + n] = list((v & ((1 << 8 * n) - 1)).to_bytes(n, "big"))
            put(SAVE_CPUTIMER, int(S[L.CPUTIMER]), 8)
            put(SAVE_CKC, int(S[L.CKC]), 8)
            sd.mem[SAVE_PSW:SAVE_PSW + 8] = list(sd.psw)
            put(SAVE_PREFIX, int(S[L.PREFIX]), 4)
            for i, r in enumerate((0, 2, 4, 6)):
                put(SAVE_FPR + 8 * i, sd.get_fpr(r), 8)
            for r in range(16):
                put(SAVE_GPR + 4 * r, sd.get_gpr(r), 4)
                put(SAVE_CR + 4 * r, sd.get_cr(r), 4)
            sd.keys[0] |= L.KEY_REF | L.KEY_CHANGE

    # ------------------------------------------------------------------ timers
    def _itimer_address(self) -> int:
        return int(self.sd.S[L.PREFIX]) + L.LOC_ITIMER

    def _itimer(self) -> int:
        a = self._itimer_address()
        v = int.from_bytes(self.sd.mem[a:a + 4].tobytes(), "big")
        return v - (1 << 32) if v >> 31 else v

    def _charge_itimer(self, units: int) -> None:
        """Decrement location 80 by ``units`` (bit-31 units); crossing to negative
        makes the interval-timer external interruption pending, as the core does."""
        if units <= 0:
            return
        a = self._itimer_address()
        old = self._itimer()
        new = old - units
        if old >= 0 > new:
            self.sd.S[L.EXT_PENDING] |= L.EXTP_ITIMER
        self.sd.mem[a:a + 4] = list((new & 0xFFFFFFFF).to_bytes(4, "big"))
        self.sd.keys[a >> L.BLOCK_SHIFT] |= L.KEY_REF | L.KEY_CHANGE

    def _undo_itimer(self, acc0: int, cpt0: int, itpend0: int) -> None:
        """SET TIMER OFF: give back to location 80 what the core charged it during the
        slice (the CPU timer moved by the same TOD units; a guest SPT in the slice
        spoils the figure), and drop an interval-timer interruption it made pending.
        One the guest was enabled for may already have been taken in the slice."""
        S = self.sd.S
        delta = (cpt0 - int(S[L.CPUTIMER])) & ((1 << 64) - 1)
        if 0 < delta < 1 << 62:
            units = (acc0 + 3 * delta) // ITIMER_UNIT_X3
            a = self._itimer_address()
            v = int.from_bytes(self.sd.mem[a:a + 4].tobytes(), "big")
            self.sd.mem[a:a + 4] = list(((v + units) & 0xFFFFFFFF).to_bytes(4, "big"))
        S[L.ITIMER_ACC] = acc0
        if not itpend0:
            S[L.EXT_PENDING] &= ~L.EXTP_ITIMER

    def wake_deadline(self) -> float | None:
        """Host ``time.monotonic()`` when a timer would end this guest's enabled wait:
        the clock comparator if the guest is enabled for it (external mask and CR0
        subclass mask), and with SET TIMER REAL the interval timer; None if neither.
        The CPU timer runs only while the guest runs, so it never ends a wait."""
        S = self.sd.S
        if not int(S[L.PSW_SYSMASK]) & 1:
            return None
        cr0 = int(S[L.CR])
        now = time.monotonic()
        waits = []
        if cr0 & L.CR0_CKC:
            tod = guest_tod(self.sd)
            ckc = int(S[L.CKC]) & ((1 << 64) - 1)
            waits.append(max(0, ckc - tod) / TOD_PER_SECOND)
        if self._timer == "REAL" and cr0 & L.CR0_ITIMER:
            v = self._itimer()
            if v >= 0:
                waits.append((v + 1) / ITIMER_PER_SECOND)
        return now + min(waits) if waits else None

    # ------------------------------------------------------------------ running
    @property
    def waiting(self) -> bool:
        """In an enabled wait (idle: nothing for the dispatcher to run)."""
        return bool(self.sd.wait)

    def run_slice(self, budget: int) -> Intercept:
        """Run the guest for up to ``budget`` instructions; the intercept that ended the slice.

        I/O instructions and DIAGNOSE are handled here and the guest resumed; a disabled
        wait stops the VM (``stopped``) and calls ``on_disabled_wait``."""
        sd = self.sd
        t0 = time.thread_time()
        timer = self._timer
        if timer == "REAL" and self.clock == "real":
            # elapsed time while not running counts too (the core charged only run time);
            # the fraction of a unit is carried to the next slice
            owed = (time.monotonic() - self._slice_end) * ITIMER_PER_SECOND + self._real_residue
            units = int(owed)
            self._real_residue = owed - units
            self._charge_itimer(units)
        S = sd.S
        if timer == "OFF":                      # what the core will charge location 80
            acc0, cpt0 = int(S[L.ITIMER_ACC]), int(S[L.CPUTIMER])
            itpend0 = int(S[L.EXT_PENDING]) & L.EXTP_ITIMER
        try:
            while True:
                code = run_guest(sd, budget)
                if code == Intercept.IO_INSTRUCTION:
                    sd.S[L.PSW_CC] = self.on_io(sd.intercept_opcode, sd.intercept_address)
                    continue
                if code == Intercept.DIAGNOSE:
                    self.on_diagnose(sd.intercept_address & 0xFFFF)
                    if self.stopped:
                        return Intercept.REQUEST
                    continue
                if code == Intercept.DISABLED_WAIT:
                    self.stopped = True
                    self.on_disabled_wait(self)
                return code
        finally:
            self.cpu_seconds += time.thread_time() - t0
            self._slice_end = time.monotonic()
            if timer == "OFF":
                self._undo_itimer(acc0, cpt0, itpend0)

    # the s370.hostloop handler protocol, as far as a virtual machine has it
    def on_io(self, opcode: int, addr: int) -> int:
        """An I/O instruction: performed on the guest's own channel subsystem."""
        return self.channels.io_instruction(opcode, addr)

    def on_diagnose(self, code: int) -> None:
        self.diagnose(self, code)

    def close(self) -> None:
        """Release the devices' host resources (LOGOFF)."""
        self.channels.reset()
        for dev in list(self._devices.values()):
            try:
                dev.close()
            except Exception:
                pass


def check_storage_size(size: int) -> None:
    if size < 4096 or size > MAX_STORAGE or size % 4096:
        raise StorageSizeError(f"storage size {size} is not 4K..16M in 4K steps")


def parse_storage(text: str) -> int:
    """'320K', '2M', '1024K' -> bytes (ValueError if malformed)."""
    t = text.strip().upper()
    if t.endswith("K"):
        n, unit = t[:-1], 1024
    elif t.endswith("M"):
        n, unit = t[:-1], 1 << 20
    else:
        n, unit = t, 1024
    if not n.isdigit():
        raise ValueError(f"bad storage size {text!r}")
    return int(n) * unit
