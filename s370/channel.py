"""The S/370 channel subsystem: I/O instructions, CCW chains, CSW, I/O interruptions.

Why a class with no global state: the bare machine has one channel subsystem, and
the Control Program gives every virtual machine its own instance over that guest's
storage and virtual devices.  A ``ChannelSubsystem`` is built from

* ``mem`` / ``keys``: the absolute storage (numpy uint8) and its storage keys (one
  per 2K block, layout KKKKFRC0);
* ``devices``: a mapping devnum -> ``s370.devices.base.Device``;
* ``on_pending(mask)``: called (under the channel lock) whenever the set of channels
  with an interruption condition changes; bit ``1 << channel`` per channel.  The
  machine copies it into ``cpu.S[IO_PENDING]`` and pokes the CPU.
* ``prefix()``: the prefix register (the CSW, CAW and channel-ID locations are real
  addresses; CCW, data, IDAW and TIC addresses are absolute).

Model (see shared/spec/io.md): every device has its own subchannel (no shared
control units, no burst mode), so TCH never answers CC2.  SIO performs initiation
itself (CAW, first CCW, the first command and its initial status, so the condition
code is exact) and runs up to SIO_INLINE_CCWS chained commands; a longer or endless
chain goes on in the channel's worker thread, SLICE_CCWS CCWs per turn with the lock
released between turns, so the CPU is never held and HIO/HDV/CLRIO can end it.  A
device that answers ``pending`` (a console read waiting for the operator) resumes the
program from the thread that calls ``device.complete()``.  SIOF behaves as SIO.  An immediate operation (a control
command that ends at once without command chaining) and a command rejected at
initial selection (unit check before any data) end the SIO with CC1 and the CSW
stored; every other operation gives CC0 and an I/O interruption later.

Interruption conditions are kept per device in arrival order.  A condition from a
channel program is "pending in the subchannel" (SIO -> CC2, TIO -> CC1 and CSW);
unsolicited status (attention, a device end after channel end, not-ready -> ready)
is "pending in the device" (SIO -> CC1 with busy + the status, cleared).
"""

from __future__ import annotations

import collections
import itertools
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from .cpu.layout import BLOCK_SHIFT, KEY_CHANGE, KEY_FETCH, KEY_REF, LOC_CAW, LOC_CHANNEL_ID, LOC_CSW
from .devices.base import (
    CCW_CC, CCW_CD, CCW_PCI, CCW_SKIP, CCW_SLI,
    CHAN_CTL_CHECK, CHAN_IL, CHAN_PCI, CHAN_PGM_CHECK, CHAN_PROT_CHECK,
    CMD_CONTROL, CMD_READ, CMD_READ_BACKWARD, CMD_SENSE, CMD_WRITE, UNIT_ATTENTION, UNIT_BUSY,
    UNIT_CE, UNIT_DE, UNIT_SM, UNIT_UC, UNIT_UX, Device, Result,
    command_type,
)
from .isa import OP_CLRIO, OP_HDV, OP_HIO, OP_SIO, OP_SIOF, OP_STIDC, OP_TCH, OP_TIO

# --- CCW facts the channel alone uses -----------------------------------------------
CCW_IDA = 0x04
CCW_FLAGS_RESERVED = 0x03          # CCW bits 38-39 must be zero
IDAW_BLOCK = 2048

# --- how much of a channel program runs at a time ------------------------------------
# SIO runs the first command (initiation: its condition code and initial status are
# exact) and then up to SIO_INLINE_CCWS command-chained CCWs, so a short program to
# an immediate device ends inside the instruction as before.  A longer (or endless)
# chain continues on the channel's worker thread in slices of SLICE_CCWS CCWs, the
# lock released between slices, so the CPU goes on and HIO/HDV/CLRIO can end it.
SIO_INLINE_CCWS = 128
SLICE_CCWS = 64

# --- STIDC channel types (bits 0-3 of the channel ID word) --------------------------
CHANNEL_ID_BYTE_MPX = 0x10000000
CHANNEL_ID_BLOCK_MPX = 0x20000000

# The implied IPL CCW: read, data address 0, command chain + SLI, count 24.
IPL_CCW = bytes([0x02, 0, 0, 0, CCW_CC | CCW_SLI, 0, 0, 24])

_ENDING_STATUS = UNIT_UC | UNIT_UX | UNIT_ATTENTION | UNIT_BUSY


@dataclass
class Ccw:
    """One format-0 CCW as fetched (addr = where it lives)."""
    addr: int
    cmd: int
    data: int
    flags: int
    count: int


@dataclass
class Condition:
    """An I/O interruption condition: the CSW it will store."""
    key: int
    ccw: int
    unit: int
    chan: int
    count: int
    solicited: bool          # True: pending in the subchannel; False: held by the device
    seq: int = 0
    pci_only: bool = False

    def csw(self) -> bytes:
        return bytes([(self.key & 0xF) << 4, (self.ccw >> 16) & 0xFF, (self.ccw >> 8) & 0xFF,
                      self.ccw & 0xFF, self.unit & 0xFF, self.chan & 0xFF,
                      (self.count >> 8) & 0xFF, self.count & 0xFF])


@dataclass
class _Program:
    """The command in progress of a channel program (one CCW, or a data chain of them).

    Filled in two steps: ``_run`` sets what the channel fetched (chain, command type,
    a data-chaining error to report when reached, first = the first command of the
    program); ``_finish_command`` adds the outcome (the last CCW used, its residual
    count, the unit and channel status, whether no data moved).
    """
    chain: list
    ctype: str
    pend_err: "ChannelError | None"
    first: bool
    last: Ccw | None = None
    residual: int = 0
    unit: int = 0
    chan: int = 0
    no_data: bool = False


@dataclass
class _Sub:
    """Subchannel + channel-side device state."""
    dev: Device
    working: bool = False             # a channel program is in progress
    # why a working program is not running right now: "complete" (the device answered
    # pending), "de" (CE seen, DE due before chaining), "slice" (queued for the worker)
    wait: str = ""
    busy_until_de: bool = False       # CE presented without DE: device still busy
    conds: list = field(default_factory=list)
    # state of the running program while waiting
    key: int = 0
    ipl: bool = False
    prog: _Program | None = None
    next_ccw: Ccw | None = None       # wait == "slice": where the chain goes on
    queued: bool = False              # on the worker's run queue
    in_execute: bool = False
    early: object = None
    sync: bool = False                # run_program: the ending is handed back, never posted
    sync_event: object = None         # IPL and run_program: set when the program has ended
    sync_result: object = None        # ... with its ending Condition


class ChannelError(Exception):
    """A channel-detected error: the channel-status bits and the CCW address for the CSW."""

    def __init__(self, chan: int, ccw_next: int, unit: int = 0):
        super().__init__(f"channel status {chan:02X}")
        self.chan = chan
        self.ccw_next = ccw_next
        self.unit = unit


class ChannelSubsystem:
    """Channels 0-15 of one (real or virtual) machine."""

    def __init__(self, mem: np.ndarray, keys: np.ndarray, devices: Mapping[int, Device] | None = None,
                 on_pending: Callable[[int], None] | None = None,
                 prefix: Callable[[], int] | None = None, memsize: int | None = None):
        self.mem = mem
        self.keys = keys
        self.memsize = int(memsize if memsize is not None else len(mem))
        self.on_pending = on_pending
        self.prefix = prefix or (lambda: 0)
        self.lock = threading.RLock()
        self.subs: dict[int, _Sub] = {}
        self._seq = itertools.count(1)
        self._mask = 0
        self.sio_count = 0            # for the panel's I/O rate
        self._runnable: collections.deque[_Sub] = collections.deque()
        self._worker: threading.Thread | None = None
        for devnum, dev in (devices or {}).items():
            self.attach(devnum, dev)

    # --- configuration ------------------------------------------------------------------
    @property
    def devices(self) -> dict[int, Device]:
        return {n: s.dev for n, s in self.subs.items()}

    def attach(self, devnum: int, dev: Device) -> None:
        with self.lock:
            if devnum in self.subs:
                raise ValueError(f"device {devnum:04X} already exists")
            dev.devnum = devnum
            dev.on_complete = self._device_complete
            dev.on_attention = self._device_attention
            self.subs[devnum] = _Sub(dev)

    def detach(self, devnum: int) -> Device:
        with self.lock:
            sub = self.subs.pop(devnum)
            sub.dev.on_complete = sub.dev.on_attention = None
            self._update_mask()
            return sub.dev

    def reset(self) -> None:
        """I/O-system reset: operations end, pending conditions vanish, devices reset."""
        with self.lock:
            for sub in self.subs.values():
                if sub.working:
                    sub.dev.halt()
                sub.working = False
                sub.wait = ""
                sub.busy_until_de = False
                sub.conds.clear()
                sub.prog = None
                sub.dev.reset()
            self._update_mask()

    # --- storage helpers ---------------------------------------------------------------
    def _real(self, addr: int) -> int:
        p = self.prefix()
        if p:
            hi = addr & 0xFFF000
            if hi == 0:
                return addr | p
            if hi == p:
                return addr & 0xFFF
        return addr

    def _store_real(self, addr: int, data: bytes) -> None:
        a = self._real(addr)
        self.mem[a:a + len(data)] = np.frombuffer(data, dtype=np.uint8)
        self.keys[a >> BLOCK_SHIFT] |= KEY_REF | KEY_CHANGE

    def _fetch_real(self, addr: int, n: int) -> bytes:
        a = self._real(addr)
        self.keys[a >> BLOCK_SHIFT] |= KEY_REF
        return self.mem[a:a + n].tobytes()

    def _access(self, addr: int, n: int, key: int, store: bool) -> int:
        """0 if the channel may access n bytes at absolute addr with key, else channel status."""
        if n <= 0:
            return 0
        if addr < 0 or addr + n > self.memsize:
            return CHAN_PGM_CHECK
        b0, b1 = addr >> BLOCK_SHIFT, (addr + n - 1) >> BLOCK_SHIFT
        ks = self.keys[b0:b1 + 1]
        if key:
            acc = ks >> 4
            if store:
                bad = acc != key
            else:
                bad = ((ks & KEY_FETCH) != 0) & (acc != key)
            if bad.any():
                return CHAN_PROT_CHECK
        ks |= (KEY_REF | KEY_CHANGE) if store else KEY_REF
        return 0

    def _fetch_ccw(self, addr: int, key: int) -> Ccw:
        st = self._access(addr, 8, key, False)
        if st:
            # the CCW address field names the location after the bad CCW address
            raise ChannelError(st, addr + 8)
        b = self.mem[addr:addr + 8].tobytes()
        return Ccw(addr, b[0], (b[1] << 16) | (b[2] << 8) | b[3], b[4], (b[6] << 8) | b[7])

    def _next_ccw(self, addr: int, key: int, data_chain: bool, first: bool = False) -> Ccw:
        """Fetch the CCW at addr, following one TIC, and check its format."""
        ccw = self._fetch_ccw(addr, key)
        if (ccw.cmd & 0x0F) == 0x08:                  # TIC
            if first:
                raise ChannelError(CHAN_PGM_CHECK, addr + 8)
            target = ccw.data
            if target & 7 or target + 8 > self.memsize:
                raise ChannelError(CHAN_PGM_CHECK, addr + 8)
            ccw = self._fetch_ccw(target, key)
            if (ccw.cmd & 0x0F) == 0x08:              # TIC to TIC
                raise ChannelError(CHAN_PGM_CHECK, target + 8)
        if ccw.flags & CCW_FLAGS_RESERVED:
            raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
        if ccw.count == 0:
            raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
        if not data_chain and (ccw.cmd & 0x0F) == 0:
            raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
        return ccw

    def _segments(self, ccw: Ccw, n: int, key: int, backward: bool = False) -> list[tuple[int, int]]:
        """Absolute (address, length) pieces for n bytes of this CCW (IDA aware)."""
        if not ccw.flags & CCW_IDA:
            if backward:
                return [(ccw.data - n + 1, n)]
            return [(ccw.data, n)]
        segs = []
        idaw_addr = ccw.data
        if idaw_addr & 3:
            raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
        first = True
        left = n
        while left > 0:
            st = self._access(idaw_addr, 4, key, False)
            if st:
                raise ChannelError(st, ccw.addr + 8)
            w = int.from_bytes(self.mem[idaw_addr:idaw_addr + 4].tobytes(), "big")
            if w & 0xFF000000:
                raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
            if backward:
                if not first and (w & 0x7FF) != 0x7FF:
                    raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
                ln = min(left, (w & 0x7FF) + 1)
                segs.append((w - ln + 1, ln))
            else:
                if not first and (w & 0x7FF):
                    raise ChannelError(CHAN_PGM_CHECK, ccw.addr + 8)
                ln = min(left, IDAW_BLOCK - (w & 0x7FF))
                segs.append((w, ln))
            left -= ln
            idaw_addr += 4
            first = False
        return segs

    def _gather(self, ccw: Ccw, n: int, key: int) -> bytes:
        out = []
        for a, ln in self._segments(ccw, n, key):
            st = self._access(a, ln, key, False)
            if st:
                raise ChannelError(st, ccw.addr + 8)
            out.append(self.mem[a:a + ln].tobytes())
        return b"".join(out)

    def _scatter(self, ccw: Ccw, data: bytes, key: int, backward: bool) -> None:
        pos = 0
        for a, ln in self._segments(ccw, len(data), key, backward):
            st = self._access(a, ln, key, True)
            if st:
                raise ChannelError(st, ccw.addr + 8)
            piece = data[pos:pos + ln]
            if backward:
                piece = piece[::-1]
            self.mem[a:a + ln] = np.frombuffer(piece, dtype=np.uint8)
            pos += ln

    # --- interruption conditions ---------------------------------------------------------
    def _update_mask(self) -> None:
        mask = 0
        for devnum, sub in self.subs.items():
            if sub.conds:
                mask |= 1 << ((devnum >> 8) & 0x1F)
        if mask != self._mask or mask:
            self._mask = mask
            if self.on_pending is not None:
                self.on_pending(mask)

    def pending_mask(self) -> int:
        with self.lock:
            return self._mask

    def _post(self, sub: _Sub, cond: Condition) -> None:
        cond.seq = next(self._seq)
        if cond.solicited and not cond.pci_only:
            # an intermediate PCI not yet taken merges into the final status
            for c in list(sub.conds):
                if c.pci_only:
                    sub.conds.remove(c)
                    cond.chan |= CHAN_PCI
        sub.conds.append(cond)
        self._update_mask()

    def take_interrupt(self, enabled: Callable[[int], bool] = lambda ch: True) -> int | None:
        """Present the oldest condition on an enabled channel: store its CSW at 64.

        Returns the device number (the caller swaps the PSW with it) or None.
        """
        with self.lock:
            best = None
            for devnum, sub in self.subs.items():
                if sub.conds and enabled((devnum >> 8) & 0x1F):
                    c = sub.conds[0]
                    if best is None or c.seq < best[1].seq:
                        best = (devnum, c, sub)
            if best is None:
                return None
            devnum, cond, sub = best
            sub.conds.pop(0)
            self._store_real(LOC_CSW, cond.csw())
            self._update_mask()
            return devnum

    # --- device callbacks (any thread) ------------------------------------------------------
    def _device_complete(self, dev: Device, result: Result) -> None:
        with self.lock:
            sub = self.subs.get(dev.devnum)
            if sub is None or sub.dev is not dev:
                return
            if sub.in_execute:
                sub.early = result
                return
            if sub.wait != "complete" or sub.prog is None:
                return
            sub.wait = ""
            self._resume(sub, result)

    def _device_attention(self, dev: Device, status: int) -> None:
        with self.lock:
            sub = self.subs.get(dev.devnum)
            if sub is None or sub.dev is not dev:
                return
            if status & UNIT_DE and sub.wait == "de":
                sub.wait = ""
                sub.busy_until_de = False
                self._after_de(sub, status)
                return
            if status & UNIT_DE and sub.busy_until_de:
                sub.busy_until_de = False
            self._post(sub, Condition(0, 0, status, 0, 0, solicited=False))

    # --- the channel program engine --------------------------------------------------------
    def _start(self, sub: _Sub, ccw: Ccw, key: int, ipl: bool = False):
        """Run a channel program from its first (checked) CCW.

        Returns ("pending", None) when the program is waiting for the device or was
        handed to the worker (SIO_INLINE_CCWS used up), or ("end", Condition,
        immediate) when it ended; immediate says the ending came with the first
        command as initial status (SIO CC1).
        """
        sub.working = True
        sub.key = key
        sub.ipl = ipl
        sub.dev.chain_begin()
        return self._continue_or_settle(sub, self._run(sub, ccw, True, SIO_INLINE_CCWS), settle=False)

    def _run(self, sub: _Sub, ccw: Ccw, first: bool, budget: int):
        """Execute commands from ccw on, at most ``budget`` of them.

        Returns ("pending", None), ("end", Condition, immediate) or, with the budget
        used up and the chain going on, ("chain", next_ccw).
        """
        key = sub.key
        while True:
            budget -= 1
            if ccw.flags & CCW_PCI and not (sub.ipl or sub.sync):
                self._post(sub, Condition(key, ccw.addr + 8, 0, CHAN_PCI, ccw.count,
                                          solicited=True, pci_only=True))
            ctype = command_type(ccw.cmd)
            try:
                chain = [ccw]
                pend_err = None
                # prefetch the data-chained CCWs (a later error is reported when reached)
                c = ccw
                while c.flags & CCW_CD:
                    try:
                        c = self._next_ccw(c.addr + 8, key, data_chain=True)
                    except ChannelError as e:
                        pend_err = e
                        break
                    chain.append(c)
                    if c.flags & CCW_PCI and not (sub.ipl or sub.sync):
                        self._post(sub, Condition(key, c.addr + 8, 0, CHAN_PCI, c.count,
                                                  solicited=True, pci_only=True))
                total = sum(x.count for x in chain)
                if ctype in (CMD_WRITE, CMD_CONTROL):
                    if pend_err is not None:
                        raise pend_err
                    parts = [self._gather(x, x.count, key) for x in chain]
                    data = b"".join(parts)
                else:
                    data = None
            except ChannelError as e:
                return self._end(sub, Condition(key, e.ccw_next, e.unit if not first else 0,
                                                e.chan, 0, True), first and not sub.ipl)
            sub.prog = _Program(chain, ctype, pend_err, first)
            sub.in_execute = True
            sub.early = None
            try:
                res = sub.dev.execute(ccw.cmd, data, total)
            except Exception as exc:           # a device model bug must not kill the CPU
                res = sub.dev.unit_check(0x10)  # equipment check
                res.data = b""
                _log_device_error(sub.dev, exc)
            finally:
                sub.in_execute = False
            if res.pending:
                if sub.early is None:
                    sub.wait = "complete"
                    return ("pending", None, False)
                res = sub.early
                sub.early = None
            out = self._finish_command(sub, res)
            if out[0] == "chain" and budget > 0:
                ccw = out[1]
                first = False
                continue
            return out

    def _continue_or_settle(self, sub: _Sub, out, settle: bool = True):
        """After a stretch of the chain: queue the rest for the worker, or end it."""
        if out[0] == "chain":
            sub.wait = "slice"
            sub.next_ccw = out[1]
            self._schedule(sub)
            return ("pending", None, False)
        if settle:
            self._settle(sub, out)
        return out

    def _resume(self, sub: _Sub, res: Result) -> None:
        """A pending command completed (device thread): finish it; the chain goes on
        in the worker, so a device thread never runs an unbounded chain."""
        out = self._finish_command(sub, res)
        if out[0] == "chain":
            out = self._run(sub, out[1], False, SLICE_CCWS)
        self._continue_or_settle(sub, out)

    def _finish_command(self, sub: _Sub, res: Result):
        """Move the device's data, work out residual count and incorrect length."""
        prog = sub.prog
        chain, ctype, pend_err = prog.chain, prog.ctype, prog.pend_err
        key = sub.key
        unit = res.status & 0xFF
        chan = 0
        last = chain[0]
        residual = 0
        moved = 0
        try:
            if ctype in (CMD_READ, CMD_SENSE, CMD_READ_BACKWARD):
                data = res.data or b""
                backward = ctype == CMD_READ_BACKWARD
                for c in chain:
                    last = c
                    n = min(c.count, len(data) - moved)
                    if n > 0 and not c.flags & CCW_SKIP:
                        self._scatter(c, data[moved:moved + n], key, backward)
                    moved += n
                    residual = c.count - n
                    if residual or moved >= len(data):
                        break
                if moved < len(data):
                    # the device offered more than the chain can take: long record
                    if pend_err is not None:
                        raise pend_err
                    if not last.flags & CCW_SLI:
                        chan |= CHAN_IL
                elif residual and (last.flags & CCW_CD or not last.flags & CCW_SLI):
                    chan |= CHAN_IL
            else:
                total = sum(c.count for c in chain)
                left = min(max(res.residual, 0), total)
                moved = total - left
                wanted_more = res.residual < 0
                rest = moved
                for c in chain:
                    last = c
                    if rest <= c.count:
                        residual = c.count - rest
                        break
                    rest -= c.count
                if residual and (last.flags & CCW_CD or not last.flags & CCW_SLI):
                    chan |= CHAN_IL
                elif wanted_more and not last.flags & CCW_SLI:
                    chan |= CHAN_IL
        except ChannelError as e:
            return self._end(sub, Condition(key, e.ccw_next, unit, e.chan, 0, True), False)
        if unit & UNIT_UC or (moved == 0 and (unit & UNIT_UX or ctype == CMD_CONTROL)):
            # a device error, an exception with no data (end of file, tape mark) or an
            # immediate command is not a length mismatch
            chan &= ~CHAN_IL
        no_data = moved == 0
        prog.last, prog.residual, prog.unit, prog.chan, prog.no_data = last, residual, unit, chan, no_data
        if unit & UNIT_CE and not unit & UNIT_DE and not unit & _ENDING_STATUS and not chan \
                and last.flags & CCW_CC:
            sub.wait = "de"                     # chain after the device end arrives
            return ("pending", None, False)
        return self._chain_or_end(sub, unit)

    def _after_de(self, sub: _Sub, status: int) -> None:
        out = self._chain_or_end(sub, sub.prog.unit | status)
        if out[0] == "chain":
            out = self._run(sub, out[1], False, SLICE_CCWS)
        self._continue_or_settle(sub, out)

    def _chain_or_end(self, sub: _Sub, unit: int):
        prog = sub.prog
        last, chan = prog.last, prog.chan
        key = sub.key
        can_chain = (last.flags & CCW_CC and not last.flags & CCW_CD and unit & UNIT_CE
                     and unit & UNIT_DE and not unit & _ENDING_STATUS
                     and not (chan & ~CHAN_IL)
                     and (not chan & CHAN_IL or last.flags & CCW_SLI))
        if can_chain:
            nxt = last.addr + (16 if unit & UNIT_SM else 8)
            try:
                ccw = self._next_ccw(nxt, key, data_chain=False)
            except ChannelError as e:
                return self._end(sub, Condition(key, e.ccw_next, UNIT_CE | UNIT_DE, e.chan, 0, True),
                                 False)
            return ("chain", ccw)
        cond = Condition(key, last.addr + 8, unit, chan, prog.residual, True)
        # Initial status ends the SIO with CC1: an immediate command (control, no data,
        # no chaining), a command refused at initial selection, or busy.
        initial = prog.first and not sub.ipl and prog.no_data and len(prog.chain) == 1 and (
            (prog.ctype == CMD_CONTROL and not last.flags & CCW_CC) or unit & (UNIT_UC | UNIT_BUSY))
        return self._end(sub, cond, bool(initial))

    def _end(self, sub: _Sub, cond: Condition, immediate: bool):
        sub.working = False
        sub.wait = ""
        sub.prog = None
        sub.next_ccw = None
        sub.dev.chain_end()
        if cond.unit & UNIT_CE and not cond.unit & UNIT_DE:
            sub.busy_until_de = True
        return ("end", cond, immediate)

    def _settle(self, sub: _Sub, out) -> None:
        """An asynchronous ending: post the interruption (or finish an IPL or run_program)."""
        if out[0] == "pending":
            return
        cond = out[1]
        if sub.ipl or sub.sync:
            sub.sync_result = cond
            if sub.sync_event is not None:
                sub.sync_event.set()
            return
        self._post(sub, cond)

    # --- the channel worker: long chains in bounded slices ------------------------------------
    def _schedule(self, sub: _Sub) -> None:
        """Queue a working subchannel for the worker (called under the lock)."""
        if not sub.queued:
            sub.queued = True
            self._runnable.append(sub)
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._worker_main, name="channel", daemon=True)
            self._worker.start()

    def _worker_main(self) -> None:
        """Run queued chains round-robin, SLICE_CCWS CCWs at a time, the lock released
        between slices (HIO/HDV/CLRIO, TIO and other SIOs get in between).  The thread
        ends when nothing is queued; _schedule starts a new one."""
        while True:
            with self.lock:
                if not self._runnable:
                    self._worker = None
                    return
                sub = self._runnable.popleft()
                sub.queued = False
                if sub.wait != "slice" or not sub.working or self.subs.get(sub.dev.devnum) is not sub:
                    continue                      # ended meanwhile (HIO, CLRIO, reset, detach)
                sub.wait = ""
                ccw, sub.next_ccw = sub.next_ccw, None
                try:
                    out = self._run(sub, ccw, False, SLICE_CCWS)
                except Exception as exc:          # never lose the subchannel to a bug
                    _log_device_error(sub.dev, exc)
                    out = self._end(sub, Condition(sub.key, ccw.addr + 8, UNIT_CE | UNIT_DE,
                                                   CHAN_CTL_CHECK, 0, True), False)
                self._continue_or_settle(sub, out)
            time.sleep(0)                         # let the CPU's exit handling have the GIL

    def active(self) -> bool:
        """True while a chain is queued for the worker: an interruption is still to come
        without any device or operator action."""
        with self.lock:
            return any(s.wait == "slice" and s.working for s in self._runnable)

    # --- the I/O instructions ------------------------------------------------------------------
    def _sub(self, devnum: int) -> _Sub | None:
        return self.subs.get(devnum & 0xFFFF)

    def _channel_exists(self, devnum: int) -> bool:
        ch = devnum & 0xFF00
        return any((d & 0xFF00) == ch for d in self.subs)

    def _store_status(self, unit: int, chan: int) -> None:
        """Store only the status portion (bytes 4-5) of the CSW."""
        self._store_real(LOC_CSW + 4, bytes([unit & 0xFF, chan & 0xFF]))

    def _store_cond(self, sub: _Sub, cond: Condition) -> None:
        sub.conds.remove(cond)
        self._store_real(LOC_CSW, cond.csw())
        self._update_mask()

    def start_io(self, devnum: int, fast: bool = False) -> int:
        """SIO / SIOF: returns the condition code."""
        with self.lock:
            self.sio_count += 1
            sub = self._sub(devnum)
            if sub is None:
                return 3
            if sub.working:
                return 2
            if sub.conds and sub.conds[0].solicited:
                return 2
            if sub.conds:                          # status held in the device
                c = sub.conds[0]
                sub.conds.pop(0)
                self._store_status(c.unit | UNIT_BUSY, c.chan)
                self._update_mask()
                return 1
            if sub.busy_until_de:
                self._store_status(UNIT_BUSY, 0)
                return 1
            # A programming error found at initiation (invalid CAW, invalid first CCW)
            # ends SIO with CC1 and the CSW stored; the operation is not initiated and
            # no interruption condition is generated (GA22-7000-4 p.205, SIO condition
            # code 1, case 2).  Hercules 3.13 instead gives CC0 and reports the program
            # check by an interruption; the PoO is followed here.
            caw = int.from_bytes(self._fetch_real(LOC_CAW, 4), "big")
            key = caw >> 28
            addr = caw & 0xFFFFFF
            if caw & 0x0F000000 or addr & 7 or addr + 8 > self.memsize:
                self._store_real(LOC_CSW, Condition(key, addr, 0, CHAN_PGM_CHECK, 0, True).csw())
                return 1
            try:
                ccw = self._next_ccw(addr, key, data_chain=False, first=True)
            except ChannelError as e:
                self._store_real(LOC_CSW, Condition(key, e.ccw_next, 0, e.chan, 0, True).csw())
                return 1
            out = self._start(sub, ccw, key)
            if out[0] == "pending":
                return 0
            cond, immediate = out[1], out[2]
            if immediate:
                self._store_real(LOC_CSW, cond.csw())
                return 1
            self._post(sub, cond)
            return 0

    def test_io(self, devnum: int) -> int:
        with self.lock:
            sub = self._sub(devnum)
            if sub is None:
                return 3
            if sub.working:
                return 2
            if sub.conds:
                self._store_cond(sub, sub.conds[0])
                return 1
            if sub.busy_until_de:
                self._store_status(UNIT_BUSY, 0)
                return 1
            return 0

    def halt_io(self, devnum: int) -> int:
        """HIO and HDV (one device per subchannel: the same thing here)."""
        with self.lock:
            sub = self._sub(devnum)
            if sub is None:
                return 3
            if sub.working:
                self._terminate(sub, post=True)
                self._store_status(0, 0)
                return 1
            if sub.conds and sub.conds[0].solicited:
                return 0
            self._store_status(0, 0)
            return 1

    def clear_io(self, devnum: int) -> int:
        with self.lock:
            sub = self._sub(devnum)
            if sub is None:
                return 3
            if sub.working:
                cond = self._terminate(sub, post=False)
                self._store_real(LOC_CSW, cond.csw())
                return 1
            if sub.conds and sub.conds[0].solicited:
                self._store_cond(sub, sub.conds[0])
                return 1
            return 0

    def _terminate(self, sub: _Sub, post: bool) -> Condition:
        """HIO/CLRIO on a working subchannel: stop the device, end the program."""
        sub.dev.halt()
        prog = sub.prog
        ccw_next, count = 0, 0
        if prog is not None:
            last = prog.last or prog.chain[0]
            ccw_next = last.addr + 8
            count = prog.residual if prog.last is not None else last.count
        cond = Condition(sub.key, ccw_next, UNIT_CE | UNIT_DE, 0, count, True)
        for c in list(sub.conds):
            if c.pci_only:
                sub.conds.remove(c)
        self._end(sub, cond, False)
        sub.busy_until_de = False
        if post:
            self._post(sub, cond)
        else:
            self._update_mask()
        return cond

    def test_channel(self, devnum: int) -> int:
        with self.lock:
            if not self._channel_exists(devnum):
                return 3
            ch = devnum & 0xFF00
            if any(s.conds for d, s in self.subs.items() if (d & 0xFF00) == ch):
                return 1
            return 0

    def store_channel_id(self, devnum: int) -> int:
        with self.lock:
            if not self._channel_exists(devnum):
                return 3
            ident = CHANNEL_ID_BYTE_MPX if (devnum & 0xFF00) == 0 else CHANNEL_ID_BLOCK_MPX
            self._store_real(LOC_CHANNEL_ID, ident.to_bytes(4, "big"))
            return 0

    def io_instruction(self, opcode: int, addr: int) -> int:
        """Dispatch an I/O instruction exit; returns the condition code."""
        devnum = addr & 0xFFFF
        if opcode in (OP_SIO, OP_SIOF):
            return self.start_io(devnum, fast=opcode == OP_SIOF)
        if opcode == OP_TIO:
            return self.test_io(devnum)
        if opcode in (OP_HIO, OP_HDV):
            return self.halt_io(devnum)
        if opcode == OP_CLRIO:
            return self.clear_io(devnum)
        if opcode == OP_TCH:
            return self.test_channel(devnum)
        if opcode == OP_STIDC:
            return self.store_channel_id(devnum)
        raise ValueError(f"not an I/O instruction: {opcode:04X}")

    # --- IPL ----------------------------------------------------------------------------------
    def ipl(self, devnum: int, timeout: float = 30.0) -> str | None:
        """Run the IPL channel program (implied CCW at 0); None on success, else a message."""
        with self.lock:
            sub = self._sub(devnum)
            if sub is None:
                return f"device {devnum:04X} not found"
            self.mem[0:8] = np.frombuffer(IPL_CCW, dtype=np.uint8)
            sub.conds.clear()
            sub.busy_until_de = False
            if sub.working:
                self._terminate(sub, post=False)
            sub.sync_event = threading.Event()
            sub.sync_result = None
            ccw = Ccw(0, IPL_CCW[0], 0, IPL_CCW[4], 24)
            out = self._start(sub, ccw, 0, ipl=True)
            if out[0] == "end":
                sub.sync_result = out[1]
                sub.sync_event.set()
            event = sub.sync_event
        if not event.wait(timeout):
            with self.lock:
                if sub.working:
                    self._terminate(sub, post=False)
                sub.ipl = False
            return f"IPL from {devnum:04X} did not complete"
        with self.lock:
            sub.ipl = False
            cond = sub.sync_result
            sub.sync_event = None
            self._update_mask()
        if cond.unit != (UNIT_CE | UNIT_DE) or cond.chan:
            sense = bytes(sub.dev.sense).hex().upper()
            return (f"IPL from {devnum:04X} failed: CSW {cond.csw().hex().upper()}"
                    + (f" sense {sense}" if cond.unit & UNIT_UC else ""))
        return None


    # --- synchronous channel programs (CP's DIAGNOSE I/O) -------------------------------------
    def program_active(self, devnum: int) -> bool:
        """True while a channel program started on the device has not ended."""
        with self.lock:
            sub = self._sub(devnum)
            return sub is not None and sub.working

    def busy(self, devnum: int) -> bool:
        """True if the device has a program running, is busy until a device end, or has
        an interruption condition waiting (run_program would answer None)."""
        with self.lock:
            sub = self._sub(devnum)
            return sub is not None and bool(sub.working or sub.conds or sub.busy_until_de)

    def run_program(self, devnum: int, ccw_address: int, key: int = 0,
                    timeout: float = 30.0) -> Condition | None:
        """Run the channel program at ``ccw_address`` on ``devnum`` to its end and return
        its ending Condition; no interruption is made pending (DIAGNOSE X'18'/X'20').

        Why: CP performs the I/O of DIAGNOSE X'18' and X'20' for the guest, which sees
        only a condition code and no interruption.  The program runs exactly as after a
        SIO (same CCW checks, chaining, status), ``key`` being the protection key of
        the CAW.  None: the device is busy or has an interruption condition pending
        (the guest must clear it first).  KeyError: no such device.  A first CCW that
        is invalid ends at once with program check; a program that has not ended
        after ``timeout`` seconds is halted and ends with channel control check.
        """
        with self.lock:
            sub = self._sub(devnum)
            if sub is None:
                raise KeyError(devnum)
            if sub.working or sub.conds or sub.busy_until_de:
                return None
            addr = ccw_address & 0xFFFFFF
            if addr & 7 or addr + 8 > self.memsize:
                return Condition(key, addr, 0, CHAN_PGM_CHECK, 0, True)
            try:
                ccw = self._next_ccw(addr, key, data_chain=False, first=True)
            except ChannelError as e:
                return Condition(key, e.ccw_next, 0, e.chan, 0, True)
            sub.sync = True
            sub.sync_event = threading.Event()
            sub.sync_result = None
            out = self._start(sub, ccw, key)
            if out[0] == "end":
                sub.sync_result = out[1]
                sub.sync_event.set()
            event = sub.sync_event
        done = event.wait(timeout)
        with self.lock:
            if not done and sub.working:
                cond = self._terminate(sub, post=False)
                cond.chan |= CHAN_CTL_CHECK
            else:
                cond = sub.sync_result
            if cond is None:                      # never ended and no longer working: reset
                cond = Condition(key, addr + 8, 0, CHAN_CTL_CHECK, 0, True)
            sub.sync = False
            sub.sync_event = None
            sub.sync_result = None
            self._update_mask()
        return cond


def _log_device_error(dev: Device, exc: Exception) -> None:
    print(f"S370CH001E device {dev.devnum:04X}: internal error {type(exc).__name__}: {exc}",
          file=sys.stderr)
