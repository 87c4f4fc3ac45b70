"""The running system's control socket: automation's way in (vm370.automation).

A Unix-domain stream socket ``control.sock`` in the state directory, mode 0600:
only the owner of the system's files may use it, and whoever may has the
operator's authority, as at the system console.  Each request is one JSON object
on one line, each answer one JSON line:

    {"user": "OPERATOR", "line": "QUERY NAMES", "expect": "regex" | null,
     "timeout": 10.0, "settle": 0.5}
    -> {"ok": true, "lines": [...], "match": "the matching line" | null, "error": null}

``line`` is typed on the user's session exactly as at a terminal (line editing,
``#CP``, CP mode or the virtual machine's console read), and every line the
session shows from then on is collected: until a line matches ``expect``
(``re.search``; ok, ``match`` set), until ``timeout`` (ok false, the lines so
far), or, without ``expect``, until the session has been quiet for ``settle``
seconds.  ``line`` may be null to only wait for output.  The user must be logged
on (connected or disconnected); the operator is, from the start.
"""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import threading
import time

from cp.terminal.editing import deliver

SOCKET_NAME = "control.sock"
MAX_REQUEST = 64 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_SETTLE = 0.5


class OutputTap:
    """Copies of every line a user's session shows (``user.say``: CP's lines and the
    guest's console output), handed to whoever listens."""

    def __init__(self, user):
        self.listeners: list[queue.Queue] = []
        self.lock = threading.Lock()
        original = user.say

        def say(text: str) -> None:
            with self.lock:
                targets = list(self.listeners)
            for q in targets:
                q.put(text)
            original(text)
        user.say = say          # an instance attribute: vm_write and msg go through it too

    @classmethod
    def on(cls, user) -> "OutputTap":
        tap = user.__dict__.get("_control_tap")
        if tap is None:
            tap = user._control_tap = cls(user)
        return tap

    def listen(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.append(q)
        return q

    def unlisten(self, q: queue.Queue) -> None:
        with self.lock:
            if q in self.listeners:
                self.listeners.remove(q)


def run_request(system, request: dict, closing: threading.Event | None = None) -> dict:
    """One request against a running CPSystem (see the module text).  ``closing`` set:
    the system is going down, the lines so far are the answer."""
    closing = closing or threading.Event()
    userid = str(request.get("user") or "OPERATOR").upper()
    line = request.get("line")
    expect = request.get("expect")
    timeout = float(request.get("timeout", DEFAULT_TIMEOUT))
    settle = float(request.get("settle", DEFAULT_SETTLE))
    try:
        pattern = re.compile(expect) if expect else None
    except re.error as err:
        return _answer(False, [], error=f"bad pattern {expect!r}: {err}")
    user = system.find(userid)
    if user is None:
        return _answer(False, [], error=f"{userid} NOT LOGGED ON")
    tap = OutputTap.on(user)
    q = tap.listen()
    lines: list[str] = []
    try:
        if line is not None:
            deliver(user, str(line))
        end = time.monotonic() + timeout
        quiet_until = time.monotonic() + settle
        while True:
            now = time.monotonic()
            limit = end if pattern is not None else min(end, quiet_until)
            if now >= limit or closing.is_set():
                return _answer(pattern is None, lines,
                               error=None if pattern is None else f"no line matched {expect!r} in {timeout:g} s")
            try:
                text = q.get(timeout=min(limit - now, 0.1))
            except queue.Empty:
                continue
            lines.append(text)
            quiet_until = time.monotonic() + settle
            if pattern is not None and pattern.search(text):
                return _answer(True, lines, match=text)
    finally:
        tap.unlisten(q)


def _answer(ok: bool, lines, match=None, error=None) -> dict:
    return {"ok": ok, "lines": list(lines), "match": match, "error": error}


def listen_unix(path: str, backlog: int) -> socket.socket:
    """A listening Unix socket at ``path`` that only its owner may use (mode 0600); a
    socket left there by a run that was killed is replaced."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        sock.bind(path)
    finally:
        os.umask(old)
    sock.listen(backlog)
    return sock


class ControlServer:
    """Serves the control socket of a running system on daemon threads."""

    def __init__(self, system, state_dir: str):
        self.system = system
        self.path = os.path.join(os.path.abspath(state_dir), SOCKET_NAME)
        self._sock: socket.socket | None = None
        self.closing = threading.Event()
        self._active: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def start(self) -> "ControlServer":
        self._sock = listen_unix(self.path, 16)
        threading.Thread(target=self._accept, name="control-socket", daemon=True).start()
        return self

    def stop(self, grace: float = 2.0) -> None:
        """No new connections; requests under way answer with what they have (a
        SHUTDOWN typed through the socket still gets its reply)."""
        self.closing.set()
        with self._lock:
            active = list(self._active)
        end = time.monotonic() + grace
        for t in active:
            t.join(max(0.0, end - time.monotonic()))
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.close()
            finally:
                try:
                    os.unlink(self.path)
                except OSError:
                    pass

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self._active.add(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._requests(conn)
        finally:
            with self._lock:
                self._active.discard(threading.current_thread())

    def _requests(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rwb") as f:
            while not self.closing.is_set():
                raw = f.readline(MAX_REQUEST)
                if not raw:
                    return
                try:
                    request = json.loads(raw)
                    if not isinstance(request, dict):
                        raise ValueError("a request is a JSON object")
                    answer = run_request(self.system, request, self.closing)
                except (ValueError, TypeError) as err:
                    answer = _answer(False, [], error=f"bad request: {err}")
                except Exception as err:        # the system's own failure, said in one line
                    answer = _answer(False, [], error=f"{type(err).__name__}: {err}")
                try:
                    f.write(json.dumps(answer).encode() + b"\n")
                    f.flush()
                except OSError:
                    return
