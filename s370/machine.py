"""The bare S/370 machine: one CPU, its channel subsystem and devices.

Why a separate assembly point: the panel, the runner, tests, the 3270 hub and
later CP all need "a CPU wired to a channel subsystem with devices, able to IPL
and run".  ``Machine`` owns that wiring and is the handler of the shared exit loop
(``s370.hostloop.run_loop``; CP's virtual machines are handlers of the same loop).
Devices get ``self.host`` (``HostServices``), never the Machine.  What it does:

* I/O instruction exits go to the channel (condition code back into the PSW);
* I/O interruptions: the channel reports which channels have conditions
  (``cpu.S[IO_PENDING]``); on EXIT_IOINT the machine stores the CSW and swaps
  the PSW through ``cpu.io_interrupt``;
* DIAGNOSE: the bare machine provides no diagnose functions.  This model answers
  every DIAGNOSE with a specification exception (like Hercules when a code is
  not provided, e.g. DIAG X'008' with DIAG8CMD disabled).  ``diagnose_handlers``
  maps a code (the second-operand address, low 16 bits) to a callable(machine)
  for tools that want one;
* enabled wait: sleep until an interruption can come (device completion, timer);
  with the deterministic clock jump to the next timer event;
* disabled wait: report ``HHCCP011I CPU0000: Disabled wait state`` and the PSW,
  and stop, as Hercules does.
"""

from __future__ import annotations

import threading
from typing import Callable

from .channel import ChannelSubsystem
from .isa import OP_DIAG
from .cpu import layout as L
from .cpu.trace import describe_instruction
from .devices import registry
from .devices.base import Device, HostServices
from .hostloop import run_loop

DIAG_EXIT_OPCODE = OP_DIAG


class Machine:
    def __init__(self, memsize: int = 2 << 20, clock: str = "real", *, cpu_serial: int = 0x000001,
                 cpu_model: int = 0x3158, cpu_version: int = 0xFD,
                 log: Callable[[str], None] | None = None):
        from .cpu import CPU
        self.cpu = CPU(memsize=memsize, clock=clock, cpu_serial=cpu_serial, cpu_model=cpu_model,
                       cpu_version=cpu_version)
        self.clock = clock
        self._wake = threading.Event()
        self.channel = ChannelSubsystem(self.cpu.mem, self.cpu.keys, {}, on_pending=self._on_pending,
                                        prefix=lambda: int(self.cpu.S[L.PREFIX]),
                                        memsize=self.cpu.memsize)
        self.log = log or (lambda msg: print(msg, flush=True))
        self.diagnose_handlers: dict[int, Callable[["Machine"], None]] = {}
        self.config = None
        self.loadparm = ""
        self.cnslport: int | None = None
        self.cnslhost = ""
        self.hub = None
        self.trace = False           # t+: log every instruction
        self.stepping = False        # s+: stop after every instruction
        self.last_exit = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.ipl_device: int | None = None
        # what devices get instead of this Machine (s370.devices.base.HostServices)
        self.host = HostServices(log=lambda msg: self.log(msg), clock=clock, wake=self._wake.set,
                                 hub=lambda: self.hub)

    # --- construction from a Hercules configuration ----------------------------------------
    @classmethod
    def from_config(cls, path_or_text: str, *, clock: str = "real",
                    log: Callable[[str], None] | None = None) -> "Machine":
        from . import config as C
        cfg = C.load(path_or_text)
        m = cls(memsize=cfg.mainsize_mb << 20, clock=clock, cpu_serial=cfg.cpuserial,
                cpu_model=cfg.cpumodel, cpu_version=cfg.cpuverid, log=log)
        m.config = cfg
        m.loadparm = cfg.loadparm
        m.cnslport = cfg.cnslport
        m.cnslhost = cfg.cnslhost
        for w in cfg.warnings:
            m.log(f"S370CF001W {w}")
        for stmt in cfg.devices:
            for devnum in stmt.devnums:
                try:
                    dev = registry.create(devnum, stmt.devtype, stmt.args_for(devnum), m.host)
                    m.attach(devnum, dev)
                except (registry.DeviceError, ValueError) as e:
                    m.log(f"S370CF002W {cfg.source}:{stmt.lineno}: {devnum:04X} {stmt.devtype}: {e}")
        return m

    # --- devices ------------------------------------------------------------------------------
    @property
    def devices(self) -> dict[int, Device]:
        return self.channel.devices

    def attach(self, devnum: int, device: Device) -> None:
        self.channel.attach(devnum, device)
        if getattr(device, "integrated", False) and hasattr(device, "listeners"):
            device.listeners.append(self.log)
        if self.hub is not None and getattr(device, "terminal_kind", None) and \
                not getattr(device, "integrated", False):
            self.hub.register(device)

    def detach(self, devnum: int) -> Device:
        dev = self.channel.detach(devnum)
        if self.hub is not None and hasattr(self.hub, "unregister"):
            try:
                self.hub.unregister(dev)
            except Exception:
                pass
        dev.close()
        return dev

    def start_hub(self, port: int | None = None, host: str | None = None):
        """Serve the telnet/TN3270 terminals on CNSLPORT (port 0 = any free port)."""
        port = self.cnslport if port is None else port
        if port is None:
            return None
        try:
            from .tn3270.server import TerminalHub
        except ImportError as e:
            self.log(f"S370CN001W terminal hub not available: {e}")
            return None
        self.hub = TerminalHub(host if host is not None else (self.cnslhost or "0.0.0.0"), port)
        for dev in self.devices.values():
            if getattr(dev, "terminal_kind", None) and not getattr(dev, "integrated", False):
                self.hub.register(dev)
        self.hub.start()
        self.log(f"S370CN002I Waiting for console connections on port {self.hub.port}")
        return self.hub

    def integrated_consoles(self) -> list:
        return [d for d in self.devices.values() if getattr(d, "integrated", False)]

    # --- interruption plumbing ------------------------------------------------------------------
    def _on_pending(self, mask: int) -> None:
        self.cpu.S[L.IO_PENDING] = mask
        if mask:
            self.cpu.S[L.ATTENTION] = 1
            self._wake.set()

    def present_io_interrupt(self) -> bool:
        """Take one enabled I/O interruption: CSW at 64, PSW swap.  False if none."""
        devnum = self.channel.take_interrupt(self.cpu.io_enabled)
        if devnum is None:
            return False
        self.cpu.io_interrupt(devnum)
        return True

    # --- resets and IPL ----------------------------------------------------------------------------
    def system_reset(self, clear: bool = False) -> None:
        self.cpu.initial_reset(clear_storage=clear)
        self.channel.reset()
        self.cpu.S[L.IO_PENDING] = 0

    def ipl(self, devnum: int, loadparm: str | None = None, clear: bool = False) -> bool:
        """IPL from a device (cpu.md section 12).  False (and a message) if it fails."""
        self.stop()
        if loadparm is not None:
            self.loadparm = loadparm.upper()[:8]
        self.system_reset(clear)
        msg = self.channel.ipl(devnum)
        if msg is not None:
            self.log(f"HHCCP027E {msg}")
            return False
        mem = self.cpu.mem
        if mem[1] & 0x08:                        # EC-mode IPL PSW: I/O address at 184-187
            mem[184:188] = list(devnum.to_bytes(4, "big"))
        else:                                    # BC mode: bytes 2-3 of the PSW at 0
            mem[2:4] = list(devnum.to_bytes(2, "big"))
        if not self.cpu.ipl_psw():
            self.log(f"HHCCP028E IPL PSW {self.cpu.read(0, 8).hex().upper()} is invalid")
            return False
        self.ipl_device = devnum
        return True

    # --- the exit loop ---------------------------------------------------------------------------------
    def psw_text(self) -> str:
        p = self.cpu.psw.hex().upper()
        return f"{p[:8]} {p[8:]}"

    def trace_line(self) -> str:
        return describe_instruction(self.cpu)

    def run(self, max_instructions: int | None = None, until_wait: bool = True) -> int:
        """Run the CPU in this thread, handling exits (the shared ``s370.hostloop``).

        Returns the exit that ended the run: EXIT_WAIT (enabled wait with nothing
        pending, when until_wait), EXIT_DISABLED_WAIT, EXIT_STOP, EXIT_BREAK,
        EXIT_TRACE (single stepping), EXIT_CHECKSTOP, or EXIT_BUDGET when
        max_instructions have run.
        """
        self._stop.clear()
        rc = run_loop(self.cpu, self, max_instructions, until_wait)
        self.last_exit = rc
        return rc

    # --- the host-loop handler protocol (s370.hostloop.HostHandler) -------------------------
    def on_io(self, opcode: int, addr: int) -> int:
        return self.channel.io_instruction(opcode, addr)

    def on_diagnose(self, code: int) -> None:
        fn = self.diagnose_handlers.get(code)
        if fn is None:
            self.cpu.program_interrupt(L.PIC_SPECIFICATION)
        else:
            fn(self)

    def on_io_interrupt(self) -> bool:
        return self.present_io_interrupt()

    def on_wait(self, until_wait: bool) -> bool:
        return self._wait_for_event(until_wait)

    def on_disabled_wait(self) -> None:
        self.log("HHCCP011I CPU0000: Disabled wait state")
        self.log(f"          PSW={self.psw_text()}")

    def on_break(self) -> None:
        self.log(f"HHCCP010I CPU0000 Stopped at breakpoint, PSW={self.psw_text()}")

    def on_checkstop(self) -> None:
        self.log(f"HHCCP012I CPU0000: Check-stop, PSW={self.psw_text()}")

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def trace_lines(self, lines) -> None:
        for line in lines:
            self.log(line)

    def _wait_for_event(self, until_wait: bool) -> bool:
        """Enabled wait: True to run on (something may interrupt), False to return."""
        cpu = self.cpu
        if int(cpu.S[L.IO_PENDING]) & self._enabled_channels():
            return True
        if until_wait and self.channel.active():
            self._wake.wait(0.005)               # a chain is still running on the channel
            return not self._stop.is_set()
        if self.clock == "deterministic":
            if cpu.advance_to_next_timer_event():
                return True
            if until_wait:
                return False
            self._wake.clear()
            if int(cpu.S[L.IO_PENDING]):
                return True
            while not self._wake.wait(0.05):
                if self._stop.is_set():
                    return False
            return True
        if until_wait:
            return False
        self._wake.clear()
        if int(cpu.S[L.IO_PENDING]) or self._stop.is_set():
            return not self._stop.is_set()
        self._wake.wait(0.005)                   # real clock: timers advance meanwhile
        return not self._stop.is_set()

    def _enabled_channels(self) -> int:
        return sum(1 << ch for ch in range(16) if self.cpu.io_enabled(ch))

    # --- background running (panel) ----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Run the CPU on its own thread until stopped or a disabled wait."""
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._thread_main, name="cpu0", daemon=True)
        self._thread.start()

    def _thread_main(self) -> None:
        try:
            self.run(until_wait=False)
        except Exception as e:                  # report, never kill the panel
            self.log(f"S370MC001E CPU thread ended: {type(e).__name__}: {e}")

    def wake(self) -> None:
        """Rouse the CPU from an enabled wait to look at pending events (operator keys)."""
        self.cpu.S[L.ATTENTION] = 1
        self._wake.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the CPU thread to end; True if it is no longer running."""
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        return not self.running

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.cpu.stop()
        self._wake.set()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        self._thread = None
        self.cpu.S[L.STOP_REQUEST] = 0

    def shutdown(self) -> None:
        self.stop()
        if self.hub is not None:
            try:
                self.hub.stop()
            except Exception:
                pass
            self.hub = None
        for dev in list(self.devices.values()):
            try:
                dev.close()
            except Exception:
                pass
