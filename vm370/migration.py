"""Live migration between two ``vm370`` processes on one host (issue 12 item 4).

    MIGRATE userid TO system        (CP, class A; cp.commands.migratecmd)
    vm370 migrate USERID --to DIR|SOCKET [--dir SOURCE] [--rounds N]

Every running system listens on ``migrate.sock`` in its state directory
(``MigrationServer``) and registers itself on the host under its name (a
symbolic link ``<registry>/<NAME>`` to that socket; the registry is
``$VM370_SYSTEMS``, default ``/tmp/vm370-systems-<uid>``), so ``MIGRATE CMSUSER
TO VMB`` finds system VMB.  A path (with a ``/``) names a state directory or a
socket directly.

The source runs ``cp.vm.migrate.migrate`` with a ``RemoteTarget``: frames over
the Unix socket (``send_frame``: a length-prefixed JSON header, then raw bytes):

    hello {userid, memsize}         -> {ok, name} or {ok: false, error}
    blocks {count} + u32 block numbers + the 2K blocks       (pre-copy rounds)
    final {count, meta, terminal} + blocks, and the TN3270 socket (SCM_RIGHTS)
                                    -> {ok, restore_ms} or {ok: false, error}

The user's 3270 terminal moves as the connection itself: before the hold the
source stops reading it (what the client types meanwhile waits in the kernel's
socket buffer), lets its terminal worker finish, flushes what it wrote, and sends
the socket's descriptor with the telnet state (options agreed, TN3270E, model,
bytes read but not yet parsed) and the screen's state (the output area, lines
waiting behind MORE...).  The target makes a session of it on its own TN3270 hub
with a port of its terminal manager already bound to the user, redraws the same
screen and says ``RECONNECTED AT name``: the client keeps its TCP connection and
notices nothing else; the keystrokes typed during the move are read by the target.

Minidisks stay on the volume files both systems name in their SYSTEM.CONF
(``MinidiskGuard``): a system that gives a user write access to a minidisk (not an
MW one, which VM/370 shares among writers by design) takes
an exclusive lock (Linux open-file-description lock) on the minidisk's cylinders
in ``<volume file>.lock``.  A second system logging the same user on gets the
minidisk read-only with DMKLNK102W; a migration hands the locks over while the
guest is held (the source lets go, the target takes them).
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import re
import socket
import struct
import tempfile
import threading
import time

import numpy as np

from cp.terminal.manager import STATE_USER, Port
from cp.user import system_timestamp
from cp.vm import checkpoint as ck
from cp.vm.migrate import (BLOCK, MigrationError, check_target, restore_open_spool,
                            restore_typeahead)
from s370.tn3270 import telnet as T
from s370.tn3270.server import KIND_3270, Session

from .control import listen_unix

SOCKET_NAME = "migrate.sock"
REGISTRY_ENV = "VM370_SYSTEMS"
FRAME = struct.Struct(">II")            # header length, payload length
MAX_HEADER = 16 << 20
MAX_STORAGE = 16 << 20
CONNECT_TIMEOUT = 10.0
REPLY_TIMEOUT = 30.0
LOOP_TIMEOUT = 5.0
# the telnet state of a session that moves (s370.tn3270.server.Session attributes)
SESSION_FIELDS = ("kind", "terminal_type", "model", "rows", "cols", "requested_name", "tn3270e",
                  "functions", "phase", "last_cr")
SESSION_SETS = ("local", "remote", "asked_local", "asked_remote")


# ------------------------------------------------------------------ the host registry
def registry_dir() -> str:
    return os.environ.get(REGISTRY_ENV) or os.path.join(tempfile.gettempdir(),
                                                        f"vm370-systems-{os.getuid()}")


def registry_name(sysname: str) -> str:
    """'VM/370' -> 'VM370': the registry entry of a system name."""
    return re.sub(r"[^A-Z0-9$#@]", "", sysname.upper()) or "VM370"


def socket_of(name: str) -> str | None:
    """The migration socket a MIGRATE target names (path or registered name), or None."""
    if "/" in name:
        path = os.path.abspath(name)
        if os.path.isdir(path):
            path = os.path.join(path, SOCKET_NAME)
    else:
        path = os.path.join(registry_dir(), registry_name(name))
    return path if os.path.exists(path) else None


# ------------------------------------------------------------------ frames
def send_frame(sock: socket.socket, header: dict, *payload, fds=()) -> None:
    """A frame: lengths, JSON header, payload parts (bytes-like); ``fds`` travel with it."""
    head = json.dumps(header).encode()
    size = sum(memoryview(p).nbytes for p in payload)
    data = FRAME.pack(len(head), size) + head
    if fds:
        sent = socket.send_fds(sock, [data], list(fds))
        if sent < len(data):
            sock.sendall(data[sent:])
    else:
        sock.sendall(data)
    for p in payload:
        view = memoryview(p)
        if view.nbytes:
            sock.sendall(view.cast("B"))


def _recv_exact(sock: socket.socket, n: int) -> bytearray:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if not k:
            raise EOFError("connection closed")
        got += k
    return buf


def recv_frame(sock: socket.socket) -> tuple[dict, bytearray, list[int]]:
    fds: list[int] = []
    head = bytearray()
    while len(head) < FRAME.size:
        msg, got, _, _ = socket.recv_fds(sock, FRAME.size - len(head), 4)
        if not msg:
            raise EOFError("connection closed")
        head += msg
        fds += got
    hlen, plen = FRAME.unpack(head)
    if hlen > MAX_HEADER or plen > 2 * MAX_STORAGE:
        raise ValueError("frame too large")
    header = json.loads(_recv_exact(sock, hlen))
    if not isinstance(header, dict):
        raise ValueError("a frame header is a JSON object")
    return header, _recv_exact(sock, plen), fds


def _blocks_payload(index: np.ndarray, data: np.ndarray) -> tuple[bytes, np.ndarray]:
    return np.asarray(index, ">u4").tobytes(), np.ascontiguousarray(data)


def _place(copy: np.ndarray, count: int, payload: bytearray) -> None:
    """Put ``count`` blocks (numbers, then bytes) of a frame into the storage copy."""
    nblocks = len(copy) // BLOCK
    if count < 0 or len(payload) != count * (4 + BLOCK):
        raise ValueError("block frame of the wrong length")
    index = np.frombuffer(payload, ">u4", count).astype(np.int64)
    if count and (index.max() >= nblocks):
        raise ValueError("block number outside the storage")
    data = np.frombuffer(payload, np.uint8, count * BLOCK, 4 * count).reshape(count, BLOCK)
    copy.reshape(-1, BLOCK)[index] = data


# ------------------------------------------------------------------ the hub's event loop
def _in_loop(loop, fn, *args, timeout: float = LOOP_TIMEOUT):
    """Run ``fn(*args)`` on the hub's event-loop thread and return its result."""
    async def call():
        return fn(*args)
    return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout)


# ------------------------------------------------------------------ source: the terminal
class SessionHandoff:
    """The user's TN3270 session on the source: paused, flushed, given away (or resumed)."""

    def __init__(self, port):
        self.port = port
        self.session = port.session
        self.loop = self.session.loop
        self.leftover = b""

    @classmethod
    def of(cls, user) -> "SessionHandoff | None":
        """The handoff of a user connected on a 3270 of the hub, else None."""
        port = getattr(user.terminal, "port", None)
        session = getattr(port, "session", None)
        if (not isinstance(port, Port) or not isinstance(session, Session)
                or session.kind != KIND_3270 or session.closing):
            return None
        return cls(port)

    def pause(self) -> None:
        """No more input is read; what the worker was given is done."""
        _in_loop(self.loop, self.session.writer.transport.pause_reading)
        _in_loop(self.loop, lambda: None)          # the run loop takes what it had read
        done = threading.Event()
        self.port._run(done.set)
        done.wait(LOOP_TIMEOUT)

    def take(self) -> tuple[dict, int]:
        """(the session's and the screen's state, a descriptor of its socket), with
        everything the source wrote already sent."""
        end = time.monotonic() + LOOP_TIMEOUT
        while (_in_loop(self.loop, self.session.writer.transport.get_write_buffer_size)
               and time.monotonic() < end):
            time.sleep(0.001)
        return _in_loop(self.loop, self._take)

    def _take(self) -> tuple[dict, int]:
        s = self.session
        reader_buffer = s.reader._buffer
        self.leftover = bytes(reader_buffer)
        reader_buffer.clear()
        p = s.parser
        st = {f: getattr(s, f) for f in SESSION_FIELDS}
        st.update({f: sorted(getattr(s, f)) for f in SESSION_SETS})
        st["refused"] = sorted(map(list, s.refused))
        st["functions"] = list(s.functions)
        st["parser"] = {"state": p.state, "verb": p.verb, "sb_option": p.sb_option,
                        "sb": bytes(p.sb).hex(), "buf": bytes(p.buf).hex(),
                        "record_mode": p.record_mode}
        st["leftover"] = self.leftover.hex()
        st["raddr"] = self.port.raddr
        c = self.port.console
        with c.lock:
            st["screen"] = {"shown": list(c.shown), "pending": list(c.pending),
                            "state": c.state, "hold": c.hold}
        fd = os.dup(s.writer.get_extra_info("socket").fileno())
        return st, fd

    def release(self) -> None:
        """The target has the connection: this side lets go without a word to the client."""
        def drop():
            s = self.session
            with s._owner_lock:
                s.device = None
            s.closing = True
            s.writer.transport.abort()          # closes our descriptor only: no FIN
        _in_loop(self.loop, drop)
        port = self.port
        port.console.dropped()
        port.manager.release(port)
        port.user = None
        port._stop_worker()

    def resume(self) -> None:
        """The move failed: read the terminal again (and what had been taken out)."""
        def again():
            s = self.session
            if self.leftover:
                for ev in s.parser.feed(self.leftover):
                    s._event(ev)
                self.leftover = b""
            s.writer.transport.resume_reading()
        try:
            _in_loop(self.loop, again)
        except Exception:                          # noqa: BLE001 - the client may be gone
            pass


# ------------------------------------------------------------------ source: the target
class RemoteTarget:
    """A ``cp.vm.migrate`` target in another process, reached at its migration socket."""

    def __init__(self, path: str):
        self.path = path
        self.name = os.path.basename(os.path.dirname(path)) or path
        self.sock: socket.socket | None = None
        self.handoff: SessionHandoff | None = None
        self.guard_released = None

    def check(self, userid: str, memsize: int) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(self.path)
        except OSError as e:
            sock.close()
            raise MigrationError(f"NO SYSTEM LISTENS AT {self.path} ({e.strerror or e})") from None
        sock.settimeout(REPLY_TIMEOUT)
        self.sock = sock
        reply = self._ask({"op": "hello", "userid": userid, "memsize": memsize})
        self.name = reply.get("name", self.name)

    def _ask(self, header: dict, *payload, fds=()) -> dict:
        try:
            send_frame(self.sock, header, *payload, fds=fds)
            reply, _, _ = recv_frame(self.sock)
        except (OSError, EOFError, ValueError) as e:
            self.close()
            raise MigrationError(f"THE TARGET SYSTEM DID NOT ANSWER ({e})") from None
        if not reply.get("ok"):
            self.close()
            raise MigrationError(reply.get("error") or "REFUSED BY THE TARGET SYSTEM")
        return reply

    def blocks(self, index, data) -> None:
        try:
            send_frame(self.sock, {"op": "blocks", "count": len(index)},
                       *_blocks_payload(index, data))
        except OSError as e:
            self.close()
            raise MigrationError(f"THE TARGET SYSTEM WENT AWAY ({e})") from None

    def prepare_stop(self, user) -> None:
        self.handoff = SessionHandoff.of(user)
        if self.handoff is not None:
            self.handoff.pause()

    def finish(self, user, meta: dict, index, data) -> None:
        terminal, fds = None, []
        if self.handoff is not None:
            terminal, fd = self.handoff.take()
            fds = [fd]
        guard = getattr(user.system, "minidisk_guard", None)
        if guard is not None:
            guard.release(user)                     # the guest is held: it writes nothing
            self.guard_released = guard
        try:
            reply = self._ask({"op": "final", "count": len(index), "meta": meta,
                               "terminal": terminal}, *_blocks_payload(index, data), fds=fds)
        finally:
            for fd in fds:
                os.close(fd)
        self.restore_ms = reply.get("restore_ms")
        if self.handoff is not None:
            self.handoff.release()
            self.handoff = None
        self.guard_released = None
        self.close()

    def resume(self, user) -> None:
        if self.guard_released is not None:
            for p in self.guard_released.acquire(user):
                user.say(p)
            self.guard_released = None
        if self.handoff is not None:
            self.handoff.resume()
            self.handoff = None
        self.close()

    def close(self) -> None:
        sock, self.sock = self.sock, None
        if sock is not None:
            sock.close()


def resolver(name: str):
    """``system.migration_resolver``: a RemoteTarget for a registered name or a path."""
    path = socket_of(name)
    return RemoteTarget(path) if path is not None else None


# ------------------------------------------------------------------ target: the server
class MigrationServer:
    """Takes users migrating to this system (see the module text)."""

    def __init__(self, running, state_dir: str):
        self.running = running
        self.system = running.system
        self.path = os.path.join(os.path.abspath(state_dir), SOCKET_NAME)
        self.link = os.path.join(registry_dir(), registry_name(self.system.sysname))
        self._sock: socket.socket | None = None

    def start(self) -> "MigrationServer":
        self._sock = listen_unix(self.path, 4)
        threading.Thread(target=self._accept, name="migrate-socket", daemon=True).start()
        self._register()
        return self

    def _register(self) -> None:
        try:
            os.makedirs(os.path.dirname(self.link), mode=0o700, exist_ok=True)
            tmp = f"{self.link}.{os.getpid()}"
            os.symlink(self.path, tmp)
            os.replace(tmp, self.link)
        except OSError as e:
            self.system.log(f"MIGRATION: NOT REGISTERED AS {registry_name(self.system.sysname)}: "
                            f"{e.strerror or e}")

    def stop(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        sock.close()
        for path in (self.path, self.link):
            try:
                if path == self.path or os.readlink(path) == self.path:
                    os.unlink(path)
            except OSError:
                pass

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(REPLY_TIMEOUT)
        with conn:
            try:
                self._incoming(conn)
            except (OSError, EOFError, ValueError, KeyError, TypeError) as e:
                self.system.log(f"MIGRATION TO {self.system.sysname} ENDED: {e}")

    def _incoming(self, conn: socket.socket) -> None:
        hello, _, fds = recv_frame(conn)
        _close_all(fds)
        userid = str(hello.get("userid", "")).upper()
        memsize = int(hello.get("memsize", 0))
        try:
            if hello.get("op") != "hello":
                raise MigrationError("PROTOCOL ERROR")
            if not (BLOCK <= memsize <= MAX_STORAGE and memsize % BLOCK == 0):
                raise MigrationError(f"STORAGE SIZE {memsize} NOT SUPPORTED")
            check_target(self.system, userid)
        except MigrationError as e:
            send_frame(conn, {"ok": False, "error": str(e)})
            return
        send_frame(conn, {"ok": True, "name": self.system.sysname})
        copy = np.zeros(memsize, np.uint8)
        while True:
            header, payload, fds = recv_frame(conn)
            op = header.get("op")
            if op == "blocks":
                _close_all(fds)
                _place(copy, int(header["count"]), payload)
            elif op == "final":
                send_frame(conn, self._final(header, payload, fds, copy))
                return
            else:
                _close_all(fds)
                return

    def _final(self, header: dict, payload, fds: list[int], copy) -> dict:
        t0 = time.perf_counter()
        user = None
        try:
            _place(copy, int(header["count"]), payload)
            user = ck.restore_decoded(self.system, header["meta"], copy, None)
            restore_typeahead(user, header["meta"])
            for p in restore_open_spool(user, header["meta"]):
                self.system.log(f"MIGRATE {user.userid}: {p}")
            guard = getattr(self.system, "minidisk_guard", None)
            if guard is not None:
                busy = guard.acquire(user, force_ro=False)
                if busy:
                    raise MigrationError(busy[0])
            if fds and header.get("terminal") and self.running.hub is not None:
                fd, rest = fds[0], fds[1:]
                _close_all(rest)
                fds = []
                adopt_terminal(self.running.hub, user, fd, header["terminal"])
            self.system.log(f"{user.userid} MIGRATED TO {self.system.sysname}")
            return {"ok": True, "restore_ms": (time.perf_counter() - t0) * 1000}
        except Exception as e:                      # noqa: BLE001 - the user must not run twice
            if user is not None:
                user.terminal = None
                self.system.logoff(user)
            return {"ok": False, "error": str(e) or type(e).__name__}
        finally:
            _close_all(fds)


def _close_all(fds) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


# ------------------------------------------------------------------ target: the terminal
def adopt_terminal(hub, user, fd: int, st: dict) -> Port:
    """A session of this hub on the moved connection, with a port bound to ``user``."""
    manager = hub.router
    session = asyncio.run_coroutine_threadsafe(_adopt(hub, fd, st), hub._loop).result(LOOP_TIMEOUT)
    with manager._lock:
        raddr = st.get("raddr", manager.first_graf)
        while raddr in manager.ports:
            raddr += 1
        port = Port(manager, session, raddr)
        manager.ports[raddr] = port
        manager._by_session[id(session)] = port
    port.user = user
    port.state = STATE_USER
    console = port.console
    screen = st.get("screen") or {}
    with console.lock:
        console.shown = [str(r) for r in screen.get("shown", [])][-console.out_rows:]
        console.pending.extend(str(r) for r in screen.get("pending", []))
        console.state = str(screen.get("state", console.state))
        console.hold = screen.get("hold") if screen.get("hold") in ("MORE", "HOLDING") else None
        if console.hold == "MORE":
            console._start_timer()
    user.system.reconnect(user, console)
    user.reconnected = False
    with console.lock:
        console._redraw()
    user.say(f"RECONNECTED AT {system_timestamp(user.system)} ON {user.system.sysname}")
    user.system.log(f"{port.name} MIGRATED AS {user.userid:<8} USERS = {len(user.system.users):03d}")

    def attach():
        with session._owner_lock:
            session.device = port
        leftover = bytes.fromhex(st.get("leftover", ""))
        if leftover:
            for ev in session.parser.feed(leftover):
                session._event(ev)
    _in_loop(hub._loop, attach)
    return port


async def _adopt(hub, fd: int, st: dict) -> Session:
    sock = socket.socket(fileno=fd)
    sock.setblocking(False)
    reader, writer = await asyncio.open_connection(sock=sock)
    session = Session(hub, reader, writer)
    for f in SESSION_FIELDS:
        if f in st:
            setattr(session, f, st[f])
    session.functions = tuple(st.get("functions", ()))
    for f in SESSION_SETS:
        setattr(session, f, set(st.get(f, ())))
    session.refused = {tuple(x) for x in st.get("refused", ())}
    session.asked_remote.add(T.OPT_TN3270E)         # asked at the first connection: not again
    p, ps = session.parser, st.get("parser", {})
    p.state, p.verb, p.sb_option = ps.get("state", p.state), ps.get("verb", 0), ps.get("sb_option", 0)
    p.sb, p.buf = bytearray.fromhex(ps.get("sb", "")), bytearray.fromhex(ps.get("buf", ""))
    p.record_mode = bool(ps.get("record_mode", True))
    hub.sessions.add(session)

    async def run():
        try:
            await session.run()
        finally:
            hub.sessions.discard(session)
    asyncio.ensure_future(run())
    return session


# ------------------------------------------------------------------ minidisks on shared volumes
F_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", 37)
LOCK = struct.Struct("@hhqqi4x")          # struct flock (x86-64 / aarch64 Linux)


class MinidiskGuard:
    """Write access to a minidisk on shared volume files: one system of the host at a time
    (see the module text).  ``acquire(user)`` after LOGON, ``release(user)`` at LOGOFF."""

    def __init__(self, system):
        self.system = system
        self._files: dict[str, int] = {}              # volser -> lock file descriptor
        self._held: dict[str, list[tuple[int, int, int]]] = {}   # userid -> (fd, start, n)
        self._lock = threading.Lock()

    def _lockfile(self, dev) -> int | None:
        image = getattr(dev, "image", None)
        path = getattr(image, "path", None)
        if path is None:
            return None
        fd = self._files.get(dev.volser)
        if fd is None:
            fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            self._files[dev.volser] = fd
        return fd

    def acquire(self, user, force_ro: bool = True) -> list[str]:
        """Lock the user's write minidisks; one that another system holds becomes read-only
        (``force_ro``, DMKLNK102W) or is reported.  The lines to tell the user."""
        lines = []
        # MW (multiple write, as MAINT's full packs): writers on other systems are allowed
        multi = {m.vaddr for m in getattr(user.entry, "mdisks", ())
                 if str(getattr(m, "mode", "")).upper().startswith("MW")}
        with self._lock:
            held = self._held.setdefault(user.userid, [])
            for vaddr, dev in sorted(user.vm.devices.items()):
                if type(dev).__name__ != "Minidisk" or dev.access != "W" or vaddr in multi:
                    continue
                fd = self._lockfile(dev)
                start, n = dev.extent
                if fd is None or n <= 0:
                    continue
                try:
                    fcntl.fcntl(fd, F_OFD_SETLK, LOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, start, n, 0))
                    held.append((fd, start, n))
                except OSError:
                    if force_ro:
                        dev.read_only, dev.access = True, "R"
                        lines.append(f"DMKLNK102W DASD {vaddr:03X} FORCED R/O; R/W BY "
                                     f"{user.userid} AT ANOTHER SYSTEM")
                    else:
                        lines.append(f"DASD {vaddr:03X} IS IN USE R/W AT ANOTHER SYSTEM")
        return lines

    def release(self, user) -> None:
        with self._lock:
            for fd, start, n in self._held.pop(user.userid, []):
                try:
                    fcntl.fcntl(fd, F_OFD_SETLK, LOCK.pack(fcntl.F_UNLCK, os.SEEK_SET, start, n, 0))
                except OSError:
                    pass

    def close(self) -> None:
        with self._lock:
            files, self._files, self._held = self._files, {}, {}
        _close_all(files.values())


def install(running, state_dir: str) -> MigrationServer:
    """Migration for a started system: the server, the resolver MIGRATE uses, the guard
    of shared minidisks (taken at every LOGON, let go at LOGOFF)."""
    system = running.system
    guard = MinidiskGuard(system)
    system.minidisk_guard = guard
    system.migration_resolver = resolver
    logon = system.logon

    def guarded_logon(userid, password, terminal=None):
        user = logon(userid, password, terminal)
        if not getattr(user, "reconnected", False):
            for line in guard.acquire(user):
                user.say(line)
        return user
    system.logon = guarded_logon
    system.on_logoff.append(guard.release)
    for user in list(system.users.values()):      # the operator, logged on at the start
        guard.acquire(user)
    return MigrationServer(running, state_dir).start()


# ------------------------------------------------------------------ a second system on the same volumes
def share_system(source_dir: str, target_dir: str, name: str) -> str:
    """Make ``target_dir`` a second system named ``name`` whose SYSTEM.CONF names the
    volume files of the system in ``source_dir`` (same directory, same saved-system
    table; its own spool, log and unit-record files): ``vm370 --dir target_dir`` then
    runs it beside the first.  The path of the new SYSTEM.CONF."""
    import shutil

    from . import config as sysconfig
    src = os.path.abspath(source_dir)
    settings = sysconfig.load(os.path.join(src, sysconfig.CONFIG_NAME))
    os.makedirs(target_dir, exist_ok=True)
    for fname in (settings.directory, settings.saved_table):
        if os.path.exists(fname):
            shutil.copy2(fname, os.path.join(target_dir, os.path.basename(fname)))
    lines = [f"# SYSTEM.CONF of {name}: a second system on the volumes of {src}",
             "[system]", f'name = "{name}"',
             f'directory = "{os.path.basename(settings.directory)}"',
             f'saved_table = "{os.path.basename(settings.saved_table)}"', ""]
    for volser, path in settings.volumes:
        lines += ["[[volume]]", f'volser = "{volser}"', f'path = "{path}"', ""]
    conf = os.path.join(target_dir, sysconfig.CONFIG_NAME)
    with open(conf, "w") as f:
        f.write("\n".join(lines))
    os.chmod(os.path.join(target_dir, os.path.basename(settings.directory)), 0o600)
    return conf
