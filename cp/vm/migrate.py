"""Live migration of a logged-on user to another CP system (issue 12 item 4).

Pre-copy, as live migration does it: the whole storage is copied while the guest
runs on; each further round copies only the 2K blocks whose change bit the core
set since the previous round (the bits are taken off as the blocks are copied,
and remembered, so the target's keys show every change the guest made).  When a
round finds few enough blocks (or after ``max_rounds``), the guest is held still
for the stop-and-copy: the last changed blocks, the state description, the device
states (``cp.vm.checkpoint.capture``), the records of open punch and printer spool
files (opened again in the target's spool; the source's copies are discarded) and
the user's type-ahead go across, the
user is logged on on the target from them, logged off quietly on the source, and
the terminal moves with it.  The downtime is the time from the hold to the user
existing on the target.

Where the blocks go is a *target* (``Target`` protocol below): ``LocalTarget`` is
another CPSystem in this process; ``vm370.migration`` sends them to another
``vm370`` process on the same host over a Unix socket, with the user's TN3270
connection itself (SCM_RIGHTS).  ``migrate`` keeps its own copy of what it sent, so
the stop-and-copy can compare it with the storage.

A change bit set by the guest between our reading and clearing of it could in
principle be lost (the core runs without the GIL); the stop-and-copy therefore
compares the whole storage with the copy (a memcmp, a few ms for 16M) and sends
any block that differs, counted in ``MigrationReport.missed``.

The guest can see a change bit cleared by a round (ISK) while migration runs;
after the move its keys hold every change bit it had or gained.

If the target refuses at the end, the user runs on at the source as if nothing
had happened (its change bits restored, its terminal resumed).
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
    target: str = ""             # the target system's name

    def line(self) -> str:
        return (f"{self.userid} MIGRATED{' TO ' + self.target if self.target else ''}: "
                f"{len(self.rounds)} ROUNDS ({'/'.join(map(str, self.rounds))} BLOCKS), "
                f"FINAL {self.final_blocks} BLOCKS, DOWNTIME {self.downtime * 1000:.1f} MS")


class MigrationError(ck.CheckpointError):
    """The user cannot be moved; str() is the one-line reason (the user stays on the source)."""


class LocalTarget:
    """Another CPSystem in this process (tests, ``python -m cp.vm.ckbench``).

    The protocol every target follows:
      name                         the target system's name (messages)
      check(userid, memsize)       MigrationError if the user cannot come
      blocks(index, data)          a pre-copy round: block numbers, their bytes
      prepare_stop(user)           before the hold (quiesce the terminal)
      finish(user, meta, index, data) -> None
                                   the stop-and-copy; the user is logged on at the
                                   target and owns the terminal when it returns
      resume(user)                 the migration failed after prepare_stop
    """

    def __init__(self, system):
        self.system = system
        self.name = system.sysname
        self.copy = None

    def check(self, userid: str, memsize: int) -> None:
        check_target(self.system, userid)
        self.copy = np.zeros(memsize, np.uint8)

    def blocks(self, index: np.ndarray, data: np.ndarray) -> None:
        self.copy.reshape(-1, BLOCK)[index] = data

    def prepare_stop(self, user) -> None:
        pass

    def finish(self, user, meta: dict, index, data) -> None:
        self.blocks(index, data)
        terminal = user.terminal
        try:
            new = ck.restore_decoded(self.system, meta, self.copy, None)
        except ck.CheckpointError as e:
            raise MigrationError(str(e)) from None
        restore_typeahead(new, meta)
        for p in restore_open_spool(new, meta):
            self.system.log(f"MIGRATE {new.userid}: {p}")
        with user.system.lock:
            user.terminal = None
        if terminal is not None:
            self.system.reconnect(new, terminal)
            new.say(f"RECONNECTED AT {self.system.sysname}")

    def resume(self, user) -> None:
        pass


def check_target(system, userid: str) -> None:
    """MigrationError unless ``userid`` may come to ``system`` now."""
    entry = system.directory.get(userid)
    if entry is None:
        raise MigrationError(f"USER {userid} IS NOT IN THE DIRECTORY OF {system.sysname}")
    if system.find(userid) is not None:
        raise MigrationError(f"USER {userid} IS ALREADY LOGGED ON AT {system.sysname}")


def restore_typeahead(user, meta: dict) -> None:
    """Lines the user had typed that the guest had not read yet (``User._typeahead``)."""
    lines = meta.get("typeahead") or []
    with user._input_lock:
        user._typeahead.extend(lines)
    # the attention CP reflected for them is in the state description's queues already:
    # reflecting another would make the guest read once more than the user typed
    user._attention_pending = bool(meta.get("attention_pending", False))


def capture_open_spool(user) -> dict:
    """vaddr -> the records written so far to each virtual punch's and printer's open
    spool file (raw, as cp.spool stores them), and their count."""
    out = {}
    for vaddr, dev in sorted(user.vm.devices.items()):
        writer = getattr(dev, "writer", None)
        if writer is None or not hasattr(dev, "file_lock") or not hasattr(writer, "path"):
            continue
        with dev.file_lock:
            writer._f.flush()
            with open(writer.path, "rb") as f:
                out[f"{vaddr:X}"] = {"raw": f.read().hex(), "records": writer.records}
    return out


def restore_open_spool(user, meta: dict) -> list[str]:
    """The open spool files of ``capture_open_spool`` opened again in this system's spool,
    on the same devices, holding the same records; the problems."""
    problems = []
    spool = getattr(user.system, "spool", None)
    for key, rec in (meta.get("open_spool") or {}).items():
        dev = user.vm.device(int(key, 16))
        if spool is None or dev is None or not hasattr(dev, "options"):
            problems.append(f"OPEN SPOOL FILE OF {key} NOT CARRIED OVER")
            continue
        with dev.file_lock:
            writer = spool.open_output(dev.userid, dev.kind, dev.options())
            writer._f.write(bytes.fromhex(rec["raw"]))
            writer.records = int(rec["records"])
            dev.writer = writer
    return problems


def discard_open_spool(user) -> None:
    """The source's copies of the files the target now holds open."""
    for dev in user.vm.devices.values():
        writer = getattr(dev, "writer", None)
        if writer is None or not hasattr(dev, "file_lock"):
            continue
        with dev.file_lock:
            dev.writer = None
            writer.discard()


def _take_changed(keys: np.ndarray, changed: np.ndarray) -> np.ndarray:
    """Blocks with the change bit on: remembered in ``changed``, the bit taken off."""
    dirty = np.flatnonzero(keys & L.KEY_CHANGE)
    if len(dirty):
        changed[dirty] = True
        keys[dirty] &= ~L.KEY_CHANGE & 0xFF
    return dirty


def _copy_blocks(src: np.ndarray, dst: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Copy ``blocks`` of ``src`` into ``dst``; their bytes (blocks x BLOCK)."""
    s, d = src.reshape(-1, BLOCK), dst.reshape(-1, BLOCK)
    data = s[blocks]
    d[blocks] = data
    return data


def _held(user):
    disp = getattr(user.system, "dispatcher", None)
    return disp.paused(user) if disp is not None else contextlib.nullcontext()


def migrate(user, target, *, max_rounds: int = 8, stop_blocks: int = 64,
            between_rounds=None) -> MigrationReport:
    """Move ``user`` (running on its system) to ``target``: a CPSystem of this process
    or a ``Target`` (see LocalTarget).

    ``between_rounds()`` is called after each pre-copy round (tests run the guest
    there when no dispatcher does)."""
    source = user.system
    uid = user.userid
    if target is source:
        raise MigrationError("SOURCE AND TARGET SYSTEM ARE THE SAME")
    if not hasattr(target, "finish"):
        target = LocalTarget(target)
    vm = user.vm
    t_start = time.perf_counter()
    size = vm.sd.memsize
    target.check(uid, size)
    changed = np.zeros(size >> L.BLOCK_SHIFT, bool)     # change bits taken off by the rounds
    try:
        return _precopy_and_move(user, target, size, t_start, changed, max_rounds, stop_blocks,
                                 between_rounds)
    except BaseException:
        if a_user_still(user):
            vm.sd.keys[changed] |= L.KEY_CHANGE     # the guest's change bits as they were
        target.resume(user)                         # the user runs on here as before
        raise


def a_user_still(user) -> bool:
    return user.system.find(user.userid) is user


def _precopy_and_move(user, target, size, t_start, changed, max_rounds, stop_blocks,
                      between_rounds):
    source, uid, vm = user.system, user.userid, user.vm
    copy = np.empty(size, np.uint8)
    rounds = []
    _take_changed(vm.sd.keys, changed)
    copy[:] = vm.sd.mem                       # round 0: everything
    everything = np.arange(len(changed))
    target.blocks(everything, copy.reshape(-1, BLOCK))
    rounds.append(len(changed))
    while len(rounds) < max_rounds:
        if between_rounds is not None:
            between_rounds()
        if vm.sd.memsize != size:
            raise MigrationError(f"{uid} REDEFINED ITS STORAGE DURING MIGRATION")
        dirty = _take_changed(vm.sd.keys, changed)
        target.blocks(dirty, _copy_blocks(vm.sd.mem, copy, dirty))
        rounds.append(len(dirty))
        if len(dirty) <= stop_blocks:
            break
    if between_rounds is not None:
        between_rounds()
    target.prepare_stop(user)
    with _held(user):
        with vm.lock:
            t_hold = time.perf_counter()
            if vm.sd.memsize != size:
                raise MigrationError(f"{uid} REDEFINED ITS STORAGE DURING MIGRATION")
            dirty = _take_changed(vm.sd.keys, changed)
            _copy_blocks(vm.sd.mem, copy, dirty)
            differ = np.flatnonzero((copy.reshape(-1, BLOCK) != vm.sd.mem.reshape(-1, BLOCK))
                                    .any(axis=1))
            _copy_blocks(vm.sd.mem, copy, differ)
            final = np.union1d(dirty, differ)
            keys = vm.sd.keys.copy()
            keys[changed] |= L.KEY_CHANGE
            vm.sd.keys[changed] |= L.KEY_CHANGE     # the source keeps its bits if we fail
            meta, _ = ck.capture(vm, user, pages=False)
            meta["keys"] = bytes(keys).hex()
            with user._input_lock:
                meta["typeahead"] = list(user._typeahead)
                meta["attention_pending"] = bool(user._attention_pending)
            meta["open_spool"] = capture_open_spool(user)
            target.finish(user, meta, final, copy.reshape(-1, BLOCK)[final])
            discard_open_spool(user)                # the target has them open now
            with source.lock:
                user.terminal = None
            source.logoff(user)                     # quietly: the terminal is gone
            t_end = time.perf_counter()
    return MigrationReport(uid, rounds, len(final), len(differ), t_end - t_hold,
                           t_end - t_start, target.name)


def resolve_target(system, name: str):
    """The target named ``name`` for ``MIGRATE``: ``system.migration_resolver(name)``
    (installed by ``vm370``: other processes on this host), else a CPSystem of this
    process in ``system.peers`` (name -> CPSystem).  MigrationError if unknown."""
    resolver = getattr(system, "migration_resolver", None)
    if resolver is not None:
        target = resolver(name)
        if target is not None:
            return target
    peer = (getattr(system, "peers", None) or {}).get(name.upper())
    if peer is not None:
        return peer
    raise MigrationError(f"SYSTEM {name.upper()} IS NOT KNOWN")
