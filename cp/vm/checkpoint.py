"""Checkpoint and restore of a logged-on user's virtual machine (issue 12 item 4).

A checkpoint is everything CP needs to let the same virtual machine run on:
its state description (the ``S`` vector of PSW, registers, control registers,
timers and pending interruptions, laid out by ``s370.cpu.layout``), its
storage and storage keys, the interruptions CP holds for it, its virtual
devices' states (minidisks stay on the shared volume files: only their volume
and extent are recorded) and the user's settings.

File format, version 1 (all integers big-endian)::

    magic      8 bytes   b"VM370CKP"
    version    u32       1
    meta_len   u32       length of the JSON metadata that follows
    meta       JSON      (UTF-8) userid, memsize, S vector, keys (hex), epoch,
                         VM options, devices [{vaddr, cls, devtype, state, ...}],
                         channel conditions, settings (see ``capture``)
    pages      repeated  u32 page number (4K page), u32 length, zlib(page)
                         -- pages that are all zero are not written
    end        u32       0xFFFFFFFF
    digest     32 bytes  SHA-256 of every byte before it

The file is written atomically (a temporary file in the same directory, fsync,
rename), and read completely and verified (magic, version, digest, structure)
before anything of the running system is touched: a damaged file gives one
``CheckpointError`` line and restores nothing.

Channel programs in flight are carried only in the one state a stopped VM
can leave them in - waiting for the device (a console read): the subchannel's
state is written with ``pickle`` of ``s370.channel``'s plain dataclasses and
read back with an unpickler that admits only those classes.

Devices: the classes in ``DEVICE_STATE`` have their attributes listed there; any
other device may offer ``checkpoint_state() -> dict`` (JSON values) and
``restore_state(dict)``.  ``restore(..., prepare=f)`` calls ``f(user)`` after the
directory's devices are attached, to attach devices the directory does not give.

Host tool: ``python -m cp.vm.checkpoint info FILE`` prints what a checkpoint holds.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import tempfile
import time
import zlib

import numpy as np

from s370.cpu import layout as L

MAGIC = b"VM370CKP"
VERSION = 1
PAGE = 4096
END_OF_PAGES = 0xFFFFFFFF
DIGEST_SIZE = 32
COMPRESS_LEVEL = 1                      # fast: checkpoint time matters more than size

# S-vector slots that describe the host, not the guest: kept from the new state description
HOST_SLOTS = (L.TSC_HZ, L.TSC_BASE, L.TOD_BASE, L.STOP_REQUEST, L.ATTENTION,
              L.IFETCH_BLOCK, L.IFETCH_BASE)

# Per device class: the attributes whose values are the device's state (plain values)
DEVICE_STATE = {
    "VirtualConsole": ("_reading", "_count", "_partial"),
    "VirtualReader": ("spool_class", "cont", "hold", "eof", "_next", "_ended", "_page"),
    "VirtualPunch": ("spool_class", "cont", "hold", "copies", "dist"),
    "VirtualPrinter": ("spool_class", "cont", "hold", "copies", "dist"),
    "Minidisk": ("access",),
}
SUB_FIELDS = ("working", "wait", "busy_until_de", "conds", "key", "ipl", "prog", "next_ccw")
SETTINGS_FIELDS = ("msg", "wng", "emsg", "imsg", "smsg", "run", "linedit", "linend",
                   "chardel", "linedel", "escape", "terminal_mode")


class CheckpointError(Exception):
    """The checkpoint cannot be taken or restored; str() is the one-line reason."""


# ------------------------------------------------------------------ capture (VM -> dict + pages)
def _state_of(dev) -> dict:
    if hasattr(dev, "checkpoint_state"):          # a device that says what its state is
        return dev.checkpoint_state()
    names = DEVICE_STATE.get(type(dev).__name__, ())
    return {n: getattr(dev, n) for n in names if hasattr(dev, n)}


def _device_record(vaddr: int, dev) -> dict:
    rec = {"vaddr": vaddr, "cls": type(dev).__name__,
           "devtype": int(getattr(dev, "devtype", 0) or 0), "state": _state_of(dev)}
    if rec["cls"] == "Minidisk":
        start, cyls = dev.extent if hasattr(dev, "extent") else (None, None)
        rec.update(volser=dev.volser, owner=dev.owner, owner_vaddr=dev.owner_vaddr,
                   start_cyl=start, cylinders=cyls, read_only=dev.access == "R")
    active = getattr(dev, "active", None)
    if active is not None:
        rec["reading_spoolid"] = getattr(active, "spoolid", None)
    if hasattr(dev, "open_spoolid"):             # a property of cp.vdev.spooldev devices
        spoolid = dev.open_spoolid
        rec["open_spoolid"] = spoolid() if callable(spoolid) else spoolid
    return rec


class _Unpickler(pickle.Unpickler):
    """Only the channel's dataclasses and builtins: a checkpoint file runs no code."""
    ALLOWED = {("s370.channel", n) for n in ("Condition", "_Program", "Ccw", "ChannelError")}

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise CheckpointError(f"checkpoint names a class it may not: {module}.{name}")


def _subchannels(vm) -> dict:
    """vaddr -> pickled subchannel state (base64); CheckpointError if a program is running."""
    out = {}
    ch = vm.channels
    with ch.lock:
        for vaddr, sub in ch.subs.items():
            if sub.working and sub.wait not in ("complete",):
                raise CheckpointError(f"DEVICE {vaddr:03X} IS BUSY; TRY AGAIN")
            if sub.working or sub.conds or sub.busy_until_de:
                fields = {f: getattr(sub, f) for f in SUB_FIELDS}
                out[f"{vaddr:X}"] = base64.b64encode(pickle.dumps(fields, 4)).decode()
    return out


def capture(vm, user=None, pages: bool = True) -> tuple[dict, list[tuple[int, bytes]]]:
    """(metadata, [(page, compressed bytes)]) of a VM that is not running now
    (no pages with ``pages=False``: migration sends storage itself)."""
    sd = vm.sd
    meta = {
        "userid": vm.userid, "time": time.time(), "memsize": sd.memsize,
        "S": [int(v) for v in sd.S],
        "keys": bytes(sd.keys).hex(),
        "epoch": int(sd.epoch), "clock": vm.clock, "mode": vm.mode,
        "io_queue": [[int(d), bytes(c).hex()] for d, c in sd.io_queue],
        "ext_queue": [list(map(int, x)) for x in sd.ext_queue],
        "exit_requested": bool(sd.exit_requested),
        "vm": {"ecmode": vm.ecmode, "cpuid": vm.cpuid, "timer": vm.timer,
               "stopped": vm.stopped, "ipl_device": vm.ipl_device, "ipl_name": vm.ipl_name,
               "cpu_seconds": vm.cpu_seconds},
        "devices": [_device_record(v, d) for v, d in sorted(vm.devices.items())],
        "subchannels": _subchannels(vm),
    }
    if user is not None:
        s = user.settings
        meta["user"] = {"userid": user.userid, "cp_mode": bool(user.cp_mode),
                        "settings": {f: getattr(s, f) for f in SETTINGS_FIELDS},
                        "pf": {str(k): list(v) for k, v in s.pf.items()}}
    return meta, compress_pages(sd.mem) if pages else []


def compress_pages(mem: np.ndarray, pages=None) -> list[tuple[int, bytes]]:
    """zlib of each non-zero 4K page (of ``pages``, default all)."""
    view = mem.reshape(-1, PAGE)
    if pages is None:
        pages = np.flatnonzero(view.any(axis=1))
    return [(int(p), zlib.compress(view[p].tobytes(), COMPRESS_LEVEL)) for p in pages]


# ------------------------------------------------------------------ the file
def encode(meta: dict, pages) -> bytes:
    body = io.BytesIO()
    m = json.dumps(meta, separators=(",", ":")).encode()
    body.write(MAGIC + struct.pack(">II", VERSION, len(m)) + m)
    for p, data in pages:
        body.write(struct.pack(">II", p, len(data)))
        body.write(data)
    body.write(struct.pack(">I", END_OF_PAGES))
    raw = body.getvalue()
    return raw + hashlib.sha256(raw).digest()


def write_atomic(path: str, data: bytes) -> None:
    """temp file in the same directory + fsync + rename: a crash leaves the old file or the new."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".ckpt-", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def decode(data: bytes) -> tuple[dict, np.ndarray]:
    """(metadata, storage) of a checkpoint's bytes; CheckpointError for anything wrong."""
    if len(data) < len(MAGIC) + 8 + 4 + DIGEST_SIZE or data[:8] != MAGIC:
        raise CheckpointError("NOT A CHECKPOINT FILE (BAD MAGIC OR TOO SHORT)")
    version, mlen = struct.unpack_from(">II", data, 8)
    if version != VERSION:
        raise CheckpointError(f"CHECKPOINT VERSION {version} NOT SUPPORTED (ONLY {VERSION})")
    raw, digest = data[:-DIGEST_SIZE], data[-DIGEST_SIZE:]
    if hashlib.sha256(raw).digest() != digest:
        raise CheckpointError("CHECKPOINT FILE DAMAGED OR TRUNCATED (DIGEST MISMATCH)")
    try:
        meta = json.loads(raw[16:16 + mlen])
        size = int(meta["memsize"])
        if size % PAGE or not PAGE <= size <= 16 << 20:
            raise ValueError(f"storage size {size}")
        mem = np.zeros(size, np.uint8)
        view = mem.reshape(-1, PAGE)
        off = 16 + mlen
        while True:
            (p,) = struct.unpack_from(">I", raw, off)
            off += 4
            if p == END_OF_PAGES:
                break
            (n,) = struct.unpack_from(">I", raw, off)
            off += 4
            page = zlib.decompress(raw[off:off + n])
            if p >= len(view) or len(page) != PAGE:
                raise ValueError(f"page {p}")
            view[p] = np.frombuffer(page, np.uint8)
            off += n
        if off != len(raw):
            raise ValueError("data after the last page")
        if len(meta["S"]) != L.STATE_SIZE or len(meta["keys"]) != 2 * (size >> L.BLOCK_SHIFT):
            raise ValueError("state vector or keys of the wrong size")
    except (ValueError, KeyError, TypeError, struct.error, zlib.error) as e:
        raise CheckpointError(f"CHECKPOINT FILE MALFORMED ({e})") from None
    return meta, mem


def read(path: str) -> tuple[dict, np.ndarray]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CheckpointError(f"CANNOT READ {path}: {e.strerror}") from None
    return decode(data)


# ------------------------------------------------------------------ apply (dict -> VM)
def apply_machine(vm, meta: dict, mem: np.ndarray) -> None:
    """Put a decoded checkpoint's CPU state, storage and keys into ``vm`` (same size)."""
    from sie import StateDescription  # noqa: F401  (the VM's sd is one)
    if vm.sd.memsize != len(mem):
        vm.define_storage(len(mem))
    sd = vm.sd
    keep = {i: int(sd.S[i]) for i in HOST_SLOTS}
    sd.S[:] = np.array(meta["S"], dtype=np.int64)
    for i, v in keep.items():
        sd.S[i] = v
    sd.tlb[:] = 0
    sd.mem[:] = mem
    sd.keys[:] = np.frombuffer(bytes.fromhex(meta["keys"]), np.uint8)
    sd.epoch = int(meta["epoch"])
    sd.io_queue.clear()
    sd.io_queue.extend((d, bytes.fromhex(c)) for d, c in meta["io_queue"])
    sd.ext_queue.clear()
    sd.ext_queue.extend(tuple(x) for x in meta["ext_queue"])
    sd.exit_requested = False
    v = meta["vm"]
    vm.mode = meta["mode"]
    vm.ecmode = v["ecmode"]
    vm.cpuid = v["cpuid"]
    vm.timer = v["timer"]
    vm.cpu_address = int(meta["S"][L.CPU_ADDR])
    vm.ipl_device, vm.ipl_name = v["ipl_device"], v["ipl_name"]
    vm.cpu_seconds = v["cpu_seconds"]
    vm.stopped = v["stopped"]


def apply_devices(vm, meta: dict, system=None, user=None) -> list[str]:
    """Device states onto the VM's devices (rebuilding minidisk views that are missing);
    the one-line reasons for devices that could not be restored."""
    problems = []
    saved = {d["vaddr"]: d for d in meta["devices"]}
    for vaddr in list(vm.devices):
        if vaddr not in saved:                  # DETACHed after logon: detach again
            dev = vm.detach(vaddr)
            if system is not None and user is not None and not system._release(user, dev):
                dev.close()
    for vaddr, rec in saved.items():
        dev = vm.device(vaddr)
        if dev is None and rec["cls"] == "Minidisk" and system is not None:
            dev = _rebuild_minidisk(system, user, rec, problems)
            if dev is not None:
                vm.attach(vaddr, dev)
        if dev is None:
            problems.append(f"DEVICE {vaddr:03X} ({rec['cls']}) NOT RESTORED")
            continue
        if type(dev).__name__ != rec["cls"]:
            problems.append(f"DEVICE {vaddr:03X} IS A {type(dev).__name__}, WAS A {rec['cls']}")
            continue
        if hasattr(dev, "restore_state"):
            dev.restore_state(rec["state"])
        else:
            for k, val in rec["state"].items():
                setattr(dev, k, val)
        if rec.get("reading_spoolid") is not None:
            _resume_reader(dev, rec, problems)
    _apply_subchannels(vm, meta)
    return problems


def _rebuild_minidisk(system, user, rec, problems):
    """A minidisk LINKed after logon: linked again (the link table knows it), read-only or
    write as it was, without a password (the user had given it); a minidisk the directory
    no longer lists is built from the recorded volume and extent."""
    from types import SimpleNamespace

    from cp.vdev.minidisk import build_view
    from cp.vdev.table import VdevError
    mode = "RR" if rec["read_only"] else "W"
    if user is not None:
        dev, msgs = system.grant_link(user, rec["owner"], rec["owner_vaddr"], rec["vaddr"], mode,
                                      directory=True)
        if dev is not None:
            return dev
        owner = system.directory.get(rec["owner"])
        if owner is not None and owner.mdisk(rec["owner_vaddr"]) is not None:
            from cp import messages
            problems.append(messages.render(msgs[0][0], "ON", **msgs[0][1]))
            return None
    md = SimpleNamespace(vaddr=rec["owner_vaddr"], volser=rec["volser"], start_cyl=rec["start_cyl"],
                         cylinders=rec["cylinders"], devtype=rec["devtype"])
    try:
        return build_view(system, md, rec["vaddr"], rec["read_only"], rec["owner"])
    except VdevError as e:
        problems.append(str(e))
        return None


def _resume_reader(dev, rec, problems) -> None:
    """The reader was inside a spool file: open the same file at the same card again."""
    spool = getattr(getattr(dev.user, "system", None), "spool", None)
    sf = spool.get(rec["reading_spoolid"]) if spool is not None and hasattr(spool, "get") else None
    if sf is None:
        problems.append(f"RDR {rec['vaddr']:03X}: SPOOL FILE {rec['reading_spoolid']} NOT FOUND")
        return
    with dev.file_lock:
        dev.active = sf
        dev._cards = [r.data for r in sf.data_records()]
        dev._next = rec["state"].get("_next", 0)
        dev._pages = None


def _apply_subchannels(vm, meta) -> None:
    ch = vm.channels
    with ch.lock:
        for key, blob in meta.get("subchannels", {}).items():
            sub = ch.subs.get(int(key, 16))
            if sub is None:
                continue
            fields = _Unpickler(io.BytesIO(base64.b64decode(blob))).load()
            for f in SUB_FIELDS:
                setattr(sub, f, fields[f])
        ch._update_mask()
    vm._refresh_pending()


def apply_user(user, meta: dict) -> None:
    u = meta.get("user")
    if not u:
        return
    for f, v in u["settings"].items():
        setattr(user.settings, f, v)
    user.settings.pf = {int(k): tuple(v) for k, v in u["pf"].items()}
    user.cp_mode = u["cp_mode"]


# ------------------------------------------------------------------ public API
def _paused(user):
    import contextlib
    disp = getattr(getattr(user, "system", None), "dispatcher", None)
    if user is not None and disp is not None:
        return disp.paused(user)
    return contextlib.nullcontext()


def checkpoint_bytes(target, stop: bool = False) -> bytes:
    """The checkpoint of a User (or a bare VirtualMachine), taken with its VM held still;
    ``stop``: the VM is left stopped (it is about to be logged off)."""
    user = target if hasattr(target, "vm") else None
    vm = target.vm if user is not None else target
    with _paused(user):
        with vm.lock:
            meta, pages = capture(vm, user)
            if stop:
                vm.stopped = True
    return encode(meta, pages)


def save(target, path: str, logoff: bool = False) -> int:
    """Write the checkpoint of ``target`` (User or VirtualMachine) to ``path``; its size.
    ``logoff``: the user is logged off after it (nothing runs between the two), so
    the file is the only copy - moving a user to another system through a file."""
    was_stopped = getattr(getattr(target, "vm", target), "stopped", True)
    data = checkpoint_bytes(target, stop=logoff)
    try:
        write_atomic(path, data)
    except OSError as e:
        if logoff:                                # not written: the user runs on here
            target.vm.stopped = was_stopped
            disp = getattr(target.system, "dispatcher", None)
            if disp is not None:
                disp.kick(target)
        raise CheckpointError(f"CANNOT WRITE {path}: {e.strerror}") from None
    if logoff and hasattr(target, "system"):
        target.system.logoff(target, forced=True)
    return len(data)


def restore_vm(vm, path: str) -> list[str]:
    """Restore a bare VirtualMachine (tests, tools) from ``path``: problems list."""
    meta, mem = read(path)
    apply_machine(vm, meta, mem)
    return apply_devices(vm, meta)


def restore(system, path: str, terminal=None, prepare=None):
    """A user logged on again from a checkpoint: the same storage, registers, PSW and
    devices; disconnected (``terminal`` None) or on ``terminal``.  CheckpointError if
    the file is bad, the user is not in the directory or already logged on."""
    meta, mem = read(path)
    return restore_decoded(system, meta, mem, terminal, prepare)


def restore_decoded(system, meta: dict, mem: np.ndarray, terminal=None, prepare=None):
    from cp.user import User
    uid = meta["userid"].upper()
    entry = system.directory.get(uid)
    if entry is None:
        raise CheckpointError(f"USER {uid} IS NOT IN THE DIRECTORY")
    with system.lock:
        if system.find(uid) is not None:
            raise CheckpointError(f"USER {uid} IS ALREADY LOGGED ON")
        vm = system.build_vm(entry)
        user = User(system, entry, vm, terminal)
        user.reconnected = False
    vm.diagnose = system._diagnose_hook(user)
    system.attach_directory_devices(user)
    try:
        if prepare is not None:                   # devices the directory does not give
            prepare(user)
        apply_machine(vm, meta, mem)
        problems = apply_devices(vm, meta, system, user)
        apply_user(user, meta)
    except Exception:
        for vaddr in list(vm.devices):            # nothing half-restored stays behind
            dev = vm.detach(vaddr)
            if not system._release(user, dev):
                dev.close()
        raise
    with system.lock:
        if system.find(uid) is not None:
            raise CheckpointError(f"USER {uid} IS ALREADY LOGGED ON")
        system.users[uid] = user
    for p in problems:
        system.log(f"RESTORE {uid}: {p}")
    if system.dispatcher is not None:
        system.dispatcher.add(user)
        system.dispatcher.kick(user)
    user.restore_problems = problems
    return user


# ------------------------------------------------------------------ host tool
def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(prog="python -m cp.vm.checkpoint",
                                 description="Inspect a VM/370 virtual machine checkpoint file.")
    ap.add_argument("command", choices=["info", "verify"])
    ap.add_argument("file")
    a = ap.parse_args(argv)
    try:
        meta, mem = read(a.file)
    except CheckpointError as e:
        print(f"checkpoint: {e}", file=sys.stderr)
        return 1
    if a.command == "verify":
        print(f"{a.file}: OK")
        return 0
    S = meta["S"]
    print(f"USERID   {meta['userid']}")
    print(f"TAKEN    {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(meta['time']))}")
    print(f"STORAGE  {meta['memsize'] // 1024}K, {int(np.count_nonzero(mem.reshape(-1, PAGE).any(axis=1)))} "
          f"non-zero pages")
    print(f"PSW IA   {S[L.PSW_IA]:06X} CC {S[L.PSW_CC]} {'EC' if S[L.PSW_EC] else 'BC'}"
          f"{' WAIT' if S[L.PSW_WAIT] else ''}")
    print("GPRS     " + " ".join(f"{S[L.GPR + r]:08X}" for r in range(16)))
    for d in meta["devices"]:
        extra = f" {d['volser']} {d['start_cyl']}+{d['cylinders']}" if d["cls"] == "Minidisk" else ""
        print(f"DEVICE   {d['vaddr']:03X} {d['devtype']:04X} {d['cls']}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
