"""Live migration of a logged-on user between two CP systems on one host (issue 12 item 4).

Pre-copy, as live migration does it: the whole storage is copied while the guest
runs on; each further round copies only the 2K blocks whose change bit the core
set since the previous round (the bits are taken off as the blocks are copied,
and remembered, so the target's keys show every change the guest made).  When a
round finds few enough blocks (or after ``max_rounds``), the guest is held still
for the stop-and-copy: the last changed blocks, the state description and the
device states (``cp.vm.checkpoint.capture``) go across, the user is logged on on
the target from them, logged off on the source, and the terminal moves with it.
The downtime is the time from the hold to the user existing on the target.

A change bit set by the guest between our reading and clearing of it could in
principle be lost (the core runs without the GIL); the stop-and-copy therefore
compares the whole storage with the copy (a memcmp, a few ms for 16M) and sends
any block that differs, counted in ``MigrationReport.missed``.

The guest can see a change bit cleared by a round (ISK) while migration runs;
after the move its keys hold every change bit it had or gained.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time

import numpy as np

from s370.cpu import layout as L

from . import checkpoint as ck

BLOCK = 1 << L.BLOCK_SHIFT


@dataclasses.dataclass
class MigrationReport:
    userid: str
    rounds: list[int]            # blocks copied in each pre-copy round
    final_blocks: int            # blocks copied with the guest held
    missed: int                  # blocks found different by the final comparison
    downtime: float              # seconds the guest was held (stop-and-copy)
    total: float                 # seconds for the whole migration

    def line(self) -> str:
        return (f"{self.userid} MIGRATED: {len(self.rounds)} ROUNDS "
                f"({'/'.join(map(str, self.rounds))} BLOCKS), FINAL {self.final_blocks} BLOCKS, "
                f"DOWNTIME {self.downtime * 1000:.1f} MS")


class MigrationError(ck.CheckpointError):
    """The user cannot be moved; str() is the one-line reason (the user stays on the source)."""


def _take_changed(keys: np.ndarray, changed: np.ndarray) -> np.ndarray:
    """Blocks with the change bit on: remembered in ``changed``, the bit taken off."""
    dirty = np.flatnonzero(keys & L.KEY_CHANGE)
    if len(dirty):
        changed[dirty] = True
        keys[dirty] &= ~L.KEY_CHANGE & 0xFF
    return dirty


def _copy_blocks(src: np.ndarray, dst: np.ndarray, blocks: np.ndarray) -> None:
    s, d = src.reshape(-1, BLOCK), dst.reshape(-1, BLOCK)
    d[blocks] = s[blocks]


def _held(user):
    disp = getattr(user.system, "dispatcher", None)
    return disp.paused(user) if disp is not None else contextlib.nullcontext()


def migrate(user, target, *, max_rounds: int = 8, stop_blocks: int = 64,
            between_rounds=None) -> MigrationReport:
    """Move ``user`` (running on its system) to the CPSystem ``target``.

    ``between_rounds()`` is called after each pre-copy round (tests run the guest
    there when no dispatcher does)."""
    source = user.system
    uid = user.userid
    if target is source:
        raise MigrationError("SOURCE AND TARGET SYSTEM ARE THE SAME")
    if target.directory.get(uid) is None:
        raise MigrationError(f"USER {uid} IS NOT IN THE DIRECTORY OF {target.sysname}")
    if target.find(uid) is not None:
        raise MigrationError(f"USER {uid} IS ALREADY LOGGED ON AT {target.sysname}")
    vm = user.vm
    t_start = time.perf_counter()
    size = vm.sd.memsize
    copy = np.empty(size, np.uint8)
    changed = np.zeros(size >> L.BLOCK_SHIFT, bool)
    rounds = []
    _take_changed(vm.sd.keys, changed)
    copy[:] = vm.sd.mem                       # round 0: everything
    rounds.append(len(changed))
    while len(rounds) < max_rounds:
        if between_rounds is not None:
            between_rounds()
        if vm.sd.memsize != size:
            raise MigrationError(f"{uid} REDEFINED ITS STORAGE DURING MIGRATION")
        dirty = _take_changed(vm.sd.keys, changed)
        _copy_blocks(vm.sd.mem, copy, dirty)
        rounds.append(len(dirty))
        if len(dirty) <= stop_blocks:
            break
    if between_rounds is not None:
        between_rounds()
    with _held(user):
        with vm.lock:
            t_hold = time.perf_counter()
            dirty = _take_changed(vm.sd.keys, changed)
            _copy_blocks(vm.sd.mem, copy, dirty)
            differ = np.flatnonzero((copy.reshape(-1, BLOCK) != vm.sd.mem.reshape(-1, BLOCK))
                                    .any(axis=1))
            _copy_blocks(vm.sd.mem, copy, differ)
            keys = vm.sd.keys.copy()
            keys[changed] |= L.KEY_CHANGE
            vm.sd.keys[changed] |= L.KEY_CHANGE     # the source keeps its bits if we fail
            meta, _ = ck.capture(vm, user, pages=False)
            meta["keys"] = bytes(keys).hex()
            terminal = user.terminal
            new = ck.restore_decoded(target, meta, copy, None)
            with source.lock:
                user.terminal = None
            source.logoff(user)
            if terminal is not None:
                target.reconnect(new, terminal)
                new.say(f"RECONNECTED AT {target.sysname}")
            t_end = time.perf_counter()
    return MigrationReport(uid, rounds, len(dirty), len(differ), t_end - t_hold, t_end - t_start)

