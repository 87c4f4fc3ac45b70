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

from sie import Intercept, StateDescription, io_source_pending, reflect_program, request_exit, run_guest

# What ends a slice and goes back to the dispatcher (everything else is handled here).
SLICE_ENDS = frozenset({Intercept.TIMESLICE, Intercept.ENABLED_WAIT, Intercept.DISABLED_WAIT,
                        Intercept.REQUEST, Intercept.PROGRAM, Intercept.INSTRUCTION,
                        Intercept.TRACE, Intercept.VALIDITY, Intercept.CHECKSTOP,
                        Intercept.SIGP, Intercept.SCK})

MAX_STORAGE = 16 << 20          # S/370 24-bit real addressing


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
                 epoch: int = 0):
        self.userid = userid
        self.ecmode = ecmode
        self.clock = clock
        self._mode = mode
        self._cpu_address = cpu_address
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

    # ------------------------------------------------------------------ storage and channels
    def _build(self, storage: int, epoch: int) -> None:
        check_storage_size(storage)
        self.sd = StateDescription(storage, clock=self.clock, cpu_address=self._cpu_address,
                                   epoch=epoch, mode=self._mode)
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
            self.ipl_device = vaddr
            self.ipl_name = None
            self.stopped = False
            return None

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
