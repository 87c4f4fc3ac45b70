"""TerminalHub: the TN3270 / TN3270E / line-mode telnet server for terminal devices.

One listening port (Hercules' CNSLPORT) serves both kinds of device:

* ``terminal_kind == "3270"`` devices get TN3270 (RFC 1576) or TN3270E
  (RFC 2355) clients.  The device sees ``connect(session) -> bool``,
  ``inbound(record)`` (one inbound 3270 record: AID, cursor, fields) and
  ``disconnect()``; it calls ``session.send_record(data)`` with one outbound
  record *including its command byte* (F1 Write, F5 Erase/Write, ...) and
  the hub adds the TN3270E header, IAC doubling and IAC EOR.
* ``terminal_kind == "line"`` devices (3215 console) get plain telnet
  clients: ``connect(session)``, ``input_line(text)``, ``disconnect()``;
  the session offers ``write_line(text)``.

A client may ask for a device by number or group name the way Hercules
allows: TN3270E CONNECT name, or a terminal type ``IBM-3278-2@0C0``.

Session routing (who owns a terminal).  The hub accepts and negotiates
(TN3270E, TN3270, or line telnet), then hands the session to an *owner*:

* default (``TerminalHub(router=None)``): the next free registered device of
  the session's kind (channel-attached 3270 or 3215 console), as above;
* ``TerminalHub(router=r)`` (or ``hub.router = r`` before clients arrive): the
  hub calls ``r.route(session) -> owner | None`` once the session is a
  terminal; None refuses it politely.  CP's terminal manager is such a router:
  it owns every terminal itself (logo screen) and may later give it to a
  virtual 3270 with ``session.transfer(new_owner)`` (DIAL).

An owner is any object with the callbacks a device has: ``connect(session) ->
bool`` (called by ``transfer``; a router's ``route`` return value is already
connected), ``inbound(record)`` for 3270 sessions (one record: AID, cursor
address, fields -- no TN3270E header, no telnet framing), ``input_line(text)``
for line sessions, ``attention_key()`` (telnet IP/BREAK, TN3270E ATTN) and
``disconnect()``; any of them may be missing.  The session offers the owner:
``kind`` ("3270" or "line"), ``model``, ``rows``, ``cols`` (the alternate
size), ``terminal_type``, ``tn3270e``, ``peer``; ``write_3270(data,
command=CMD_ERASE_WRITE)`` (data = WCC + orders; command Write, Erase/Write,
Erase/Write Alternate or Erase All Unprotected, channel or remote codes),
``send_record(data)`` (remote command byte included), ``write_line(text)``,
``transfer(owner)`` and ``close()``.  All are safe to call from any thread.

The server leads the negotiation (DO TN3270E, then the classic TTYPE / EOR /
BINARY sequence), parses with a byte-level state machine, bounds every
buffer and time-outs a silent client.  Connections that have not finished
negotiating are capped apart from terminals (``max_negotiating``): a new
connection closes the oldest negotiating one rather than being refused, so
idle raw sockets cannot lock real terminals out; each also has
``negotiation_timeout`` seconds, and a line-mode client silent for
``line_idle_timeout`` seconds is disconnected (issue 7).  A port that is busy
gives one line saying so and what to do (``OSError.strerror``).  Nothing a client sends can raise out
of a session: errors end that session with one log line.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import threading

from . import telnet as T
from .datastream import (CMD_ERASE_ALL_UNPROT, CMD_ERASE_WRITE, CMD_ERASE_WRITE_ALT, CMD_WRITE,
                         LOCAL_TO_REMOTE, MODEL_SIZES, RCMD_ERASE_WRITE, WCC_KEYBOARD_RESTORE, WCC_RESET_MDT,
                         ORDER_SBA, ORDER_SF, FA_PROTECTED, FA_INTENSIFIED, encode_address,
                         encode_attribute)

log = logging.getLogger("s370.tn3270")

WRITE_RECORD_COMMANDS = frozenset(LOCAL_TO_REMOTE[c] for c in (CMD_WRITE, CMD_ERASE_WRITE, CMD_ERASE_WRITE_ALT,
                                                            CMD_ERASE_ALL_UNPROT))
KIND_3270 = "3270"
KIND_LINE = "line"

MAX_LINE = 4096                 # longest input line kept from a line-mode client
MAX_OUTPUT_BACKLOG = 1 << 20    # a client that stops reading is dropped past this
SUPPORTED_FUNCTIONS = (T.E_FUNC_RESPONSES,)
REFUSAL_DELAY = 1.0             # seconds a refusal message stays before the hub hangs up
LINE_FALLBACK = 3.0             # seconds of silence after which a client is taken as line-mode
LINE_PHASES = ("start", "ttype", "ttype_wait")   # no 3270 commitment from the client yet


def parse_terminal_type(ttype: str) -> tuple[bool, int, str | None]:
    """``IBM-3278-4-E@0C0`` -> (is_3270, model, requested name).

    Unknown IBM- names map by their model digit, default model 2 (x3270 never
    offers another name).  IBM-DYNAMIC is taken as model 2.
    """
    name = None
    if "@" in ttype:
        ttype, name = ttype.split("@", 1)
        name = name.strip() or None
    t = ttype.strip().upper()
    if not t.startswith("IBM-") or t.startswith("IBM-3287"):
        return False, 0, name
    model = 2
    parts = t.split("-")
    if len(parts) >= 3 and parts[2][:1].isdigit() and int(parts[2][:1]) in MODEL_SIZES:
        model = int(parts[2][:1])
    return True, model, name


def message_screen(lines: list[str]) -> bytes:
    """An Erase/Write record showing protected text lines from row 1 (EBCDIC cp037)."""
    out = bytearray([RCMD_ERASE_WRITE, 0xC0 | WCC_KEYBOARD_RESTORE | WCC_RESET_MDT])
    for row, text in enumerate(lines[:24]):
        out.append(ORDER_SBA)
        out += encode_address(row * 80)
        out.append(ORDER_SF)
        out += encode_attribute(FA_PROTECTED | (FA_INTENSIFIED if row == 0 else 0))
        out += text[:79].encode("cp037", errors="replace")
    return bytes(out)


class Session:
    """One client connection.  Public methods are safe to call from any thread."""

    def __init__(self, hub: "TerminalHub", reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter):
        self.hub = hub
        self.reader = reader
        self.writer = writer
        self.loop = hub._loop
        self.parser = T.TelnetParser()
        peer = writer.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)
        self.kind: str | None = None
        self.device = None
        self.terminal_type = ""
        self.model = 2
        self.rows, self.cols = MODEL_SIZES[2]
        self.requested_name: str | None = None
        self.tn3270e = False
        self.functions: tuple[int, ...] = ()
        self.phase = "start"
        self.closing = False
        self.opened = self.loop.time()       # for evicting the oldest negotiating client
        self._owner_lock = threading.RLock()  # route / transfer / unbind change the owner
        # option state (RFC 1143, simplified): what each side does, and what we asked for.
        self.local: set[int] = set()
        self.remote: set[int] = set()
        self.asked_local: set[int] = set()
        self.asked_remote: set[int] = set()
        self.refused: set[tuple[int, int]] = set()
        self.line_buf = bytearray()
        self.last_cr = False
        self.device_reserved = None         # TN3270E: chosen at DEVICE-TYPE, bound at the end
        self._held: bytearray | None = None  # output held back while a device is being bound

    # --- public API used by devices ---------------------------------------------------------
    def send_record(self, data: bytes) -> None:
        """Send one outbound 3270 record (command byte + data)."""
        if self.tn3270e:
            data = bytes([T.E_DT_3270_DATA, 0, 0, 0, 0]) + data
        self._post(T.escape_iac(bytes(data)) + bytes([T.IAC, T.EOR]))

    def write_3270(self, data: bytes, command: int = CMD_ERASE_WRITE) -> None:
        """Send WCC + orders with a Write (01/F1), Erase/Write (05/F5), Erase/Write
        Alternate (0D/7E) or Erase All Unprotected (0F/6F) command."""
        remote = LOCAL_TO_REMOTE.get(command, command)
        if remote not in WRITE_RECORD_COMMANDS:
            raise ValueError(f"not a 3270 write command: {command:02X}")
        self.send_record(bytes([remote]) + bytes(data))

    @property
    def owner(self):
        """Whoever receives this terminal's input: a device, or a router's owner."""
        return self.device

    def transfer(self, owner) -> bool:
        """Give the terminal to ``owner`` (its ``connect(session)`` must accept); the
        previous owner gets ``disconnect()``.  False, and nothing changes, if refused."""
        with self._owner_lock:
            try:
                ok = bool(owner.connect(self))
            except Exception as exc:        # noqa: BLE001
                log.error("tn3270: %s: new owner refused the terminal: %s", self.peer, exc)
                ok = False
            if not ok:
                return False
            old, self.device = self.device, owner
        if old is not None and old is not owner:
            if self.hub.router is None and hasattr(old, "devnum"):
                self.hub._release(old)
            _safe_call(old, "disconnect")
        return True

    def write_line(self, text: str) -> None:
        """Send one line of text to a line-mode client."""
        raw = text.replace("\r", "").replace("\n", "\r\n").encode("latin-1", errors="replace")
        self._post(T.escape_iac(raw) + b"\r\n")

    def close(self) -> None:
        self._call(self._close)

    # --- thread hand-off ------------------------------------------------------------------------
    def _in_loop(self) -> bool:
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    def _call(self, fn, *args) -> None:
        if self._in_loop():
            fn(*args)
        else:
            try:
                self.loop.call_soon_threadsafe(fn, *args)
            except RuntimeError:            # loop already closed: the session is gone
                pass

    def _post(self, raw: bytes) -> None:
        self._call(self._write, raw)

    def _write(self, raw: bytes) -> None:
        if self.closing or self.writer.is_closing():
            return
        if self._held is not None and self._in_loop():
            self._held += raw
            return
        try:
            self.writer.write(raw)
            if self.writer.transport.get_write_buffer_size() > MAX_OUTPUT_BACKLOG:
                log.warning("tn3270: %s stopped reading; dropped", self.peer)
                self._close()
        except (OSError, RuntimeError) as exc:
            log.info("tn3270: %s write failed (%s)", self.peer, exc)
            self._close()

    def _close(self) -> None:
        if self.closing:
            return
        self.closing = True
        try:
            self.writer.close()
        except Exception:                   # noqa: BLE001 - closing a broken socket
            pass

    # --- the connection -----------------------------------------------------------------------------
    async def run(self) -> None:
        try:
            self._ask_remote(T.OPT_TN3270E)
            deadline = self.loop.time() + self.hub.negotiation_timeout
            fallback = min(self.hub.line_fallback, self.hub.negotiation_timeout / 2)
            self.loop.call_later(fallback, self._silence_fallback)
            while not self.closing:
                if self.phase != "done":
                    remaining = deadline - self.loop.time()
                    if remaining <= 0:
                        log.info("tn3270: %s did not finish negotiation in time; closed", self.peer)
                        self._write(b"\r\nNegotiation timed out.\r\n")
                        break
                    try:
                        data = await asyncio.wait_for(self.reader.read(4096), remaining)
                    except asyncio.TimeoutError:
                        continue
                elif self.kind == KIND_LINE and self.hub.line_idle_timeout:
                    try:
                        data = await asyncio.wait_for(self.reader.read(4096),
                                                      self.hub.line_idle_timeout)
                    except asyncio.TimeoutError:
                        log.info("tn3270: %s line-mode client idle too long; closed", self.peer)
                        self.write_line("Idle time-out; disconnected.")
                        break
                else:
                    data = await self.reader.read(4096)
                if not data:
                    break
                for ev in self.parser.feed(data):
                    self._event(ev)
                    if self.closing:
                        break
        except (ConnectionError, OSError) as exc:
            log.info("tn3270: %s connection lost (%s)", self.peer, exc)
        except asyncio.CancelledError:
            pass
        except Exception as exc:            # noqa: BLE001 - never let a client crash the hub
            log.error("tn3270: %s session ended by error: %s: %s", self.peer,
                      type(exc).__name__, exc)
        finally:
            self._release_early()
            self._unbind()
            self._close()

    @property
    def negotiating(self) -> bool:
        """Not yet a 3270 or line-mode terminal: holds no device, may be evicted."""
        return self.phase != "done"

    def evict(self, why: str) -> None:
        log.info("tn3270: %s closed while negotiating: %s", self.peer, why)
        self._write(f"\r\nConnection closed: {why}.\r\n".encode("ascii"))
        self._close()

    def _unbind(self) -> None:
        with self._owner_lock:
            dev, self.device = self.device, None
        if dev is not None:
            if self.hub.router is None:
                self.hub._release(dev)
            try:
                dev.disconnect()
            except Exception as exc:        # noqa: BLE001
                log.error("tn3270: %s disconnect failed: %s", _name(dev), exc)

    # --- events -------------------------------------------------------------------------------------------
    def _event(self, ev: T.Event) -> None:
        if ev.kind == "option":
            self._option(ev.verb, ev.option)
        elif ev.kind == "sb":
            if ev.option == T.OPT_TTYPE:
                self._sb_ttype(ev.payload)
            elif ev.option == T.OPT_TN3270E:
                self._sb_tn3270e(ev.payload)
        elif ev.kind == "record":
            self._record(ev.payload)
        elif ev.kind == "data":
            if self.phase in LINE_PHASES and self.kind is None:
                # typed text before any answer: a plain telnet / raw TCP client
                self._enter_line_mode()
            if self.phase == "done" and self.kind == KIND_LINE:
                self._line_data(ev.payload)
        elif ev.kind == "command":
            if ev.verb in (T.IP, T.BREAK) and self.phase == "done":
                self._device_call("attention_key")
            elif ev.verb == T.AYT:
                self._write(b"\r\n[yes]\r\n" if self.kind != KIND_3270 else b"")
        elif ev.kind == "overflow":
            log.info("tn3270: %s sent an over-long record or subnegotiation; discarded", self.peer)
        self._progress()

    # --- option negotiation -------------------------------------------------------------------------
    ACCEPT_REMOTE = {T.OPT_BINARY, T.OPT_EOR, T.OPT_TTYPE, T.OPT_TN3270E}
    ACCEPT_LOCAL = {T.OPT_BINARY, T.OPT_EOR, T.OPT_SGA}

    def _send(self, raw: bytes) -> None:
        self._write(raw)

    def _ask_remote(self, opt: int) -> None:
        if opt not in self.remote and opt not in self.asked_remote:
            self.asked_remote.add(opt)
            self._send(T.command(T.DO, opt))

    def _ask_local(self, opt: int) -> None:
        if opt not in self.local and opt not in self.asked_local:
            self.asked_local.add(opt)
            self._send(T.command(T.WILL, opt))

    def _refuse(self, verb: int, opt: int) -> None:
        if (verb, opt) not in self.refused:
            self.refused.add((verb, opt))
            self._send(T.command(verb, opt))

    def _option(self, verb: int, opt: int) -> None:
        if verb == T.WILL:
            asked = opt in self.asked_remote
            self.asked_remote.discard(opt)
            if opt in self.remote:
                return
            if opt in self.ACCEPT_REMOTE and not (opt == T.OPT_TN3270E and self.phase not in
                                                  ("start", "e_devtype", "e_functions")):
                self.remote.add(opt)
                if not asked:
                    self._send(T.command(T.DO, opt))
            else:
                self._refuse(T.DONT, opt)
        elif verb == T.WONT:
            asked = opt in self.asked_remote
            self.asked_remote.discard(opt)
            if opt in self.remote:
                self.remote.discard(opt)
                self._send(T.command(T.DONT, opt))
                self.refused_remote(opt)
            elif asked:
                self.refused_remote(opt)
        elif verb == T.DO:
            asked = opt in self.asked_local
            self.asked_local.discard(opt)
            if opt in self.local:
                return
            if opt in self.ACCEPT_LOCAL:
                self.local.add(opt)
                if not asked:
                    self._send(T.command(T.WILL, opt))
            else:
                self._refuse(T.WONT, opt)
        elif verb == T.DONT:
            asked = opt in self.asked_local
            self.asked_local.discard(opt)
            if opt in self.local:
                self.local.discard(opt)
                self._send(T.command(T.WONT, opt))

    def refused_remote(self, opt: int) -> None:
        """The client said WONT to something we asked for."""
        if opt == T.OPT_TN3270E and self.phase in ("start", "e_devtype", "e_functions"):
            self.tn3270e = False
            self._release_early()
            self.phase = "ttype"
            self._ask_remote(T.OPT_TTYPE)
        elif opt == T.OPT_TTYPE and self.phase == "ttype":
            self._enter_line_mode()

    def _progress(self) -> None:
        """Move the negotiation forward once the options it waits for are on."""
        if self.phase == "start" and T.OPT_TN3270E in self.remote:
            self.phase = "e_devtype"
            self._send(T.subneg(T.OPT_TN3270E, bytes([T.E_SEND, T.E_DEVICE_TYPE])))
        elif self.phase == "ttype" and T.OPT_TTYPE in self.remote:
            self.phase = "ttype_wait"
            self._send(T.subneg(T.OPT_TTYPE, bytes([T.TTYPE_SEND])))
        elif self.phase == "binary":
            need = {T.OPT_BINARY, T.OPT_EOR}
            if need <= self.local and need <= self.remote:
                self._enter_3270_mode()

    def _sb_ttype(self, payload: bytes) -> None:
        if self.phase != "ttype_wait" or not payload or payload[0] != T.TTYPE_IS:
            return
        self.terminal_type = payload[1:].decode("ascii", errors="replace")
        is3270, model, name = parse_terminal_type(self.terminal_type)
        self.requested_name = name
        if not is3270:
            self._enter_line_mode()
            return
        self._set_model(model)
        self.phase = "binary"
        for opt in (T.OPT_BINARY, T.OPT_EOR):
            self._ask_local(opt)
            self._ask_remote(opt)

    def _set_model(self, model: int) -> None:
        self.model = model
        self.rows, self.cols = MODEL_SIZES.get(model, MODEL_SIZES[2])

    # --- TN3270E -----------------------------------------------------------------------------------
    def _sb_tn3270e(self, p: bytes) -> None:
        if T.OPT_TN3270E not in self.remote or len(p) < 2:
            return
        if p[0] == T.E_DEVICE_TYPE and p[1] == T.E_REQUEST and self.phase == "e_devtype":
            self._e_device_type(p[2:])
        elif p[0] == T.E_FUNCTIONS and self.phase == "e_functions":
            wanted = tuple(p[2:])
            if p[1] == T.E_REQUEST:
                agreed = tuple(f for f in wanted if f in SUPPORTED_FUNCTIONS)
                if agreed == wanted:
                    self._send(T.subneg(T.OPT_TN3270E, bytes([T.E_FUNCTIONS, T.E_IS]) + bytes(agreed)))
                    self.functions = agreed
                    self._enter_3270_mode()
                else:
                    self._send(T.subneg(T.OPT_TN3270E,
                                        bytes([T.E_FUNCTIONS, T.E_REQUEST]) + bytes(agreed)))
            elif p[1] == T.E_IS:
                self.functions = tuple(f for f in wanted if f in SUPPORTED_FUNCTIONS)
                self._enter_3270_mode()

    def _e_reject(self, reason: int) -> None:
        self._send(T.subneg(T.OPT_TN3270E, bytes([T.E_DEVICE_TYPE, T.E_REJECT, T.E_REASON, reason])))

    def _e_device_type(self, rest: bytes) -> None:
        name = None
        sep = min((i for i in (rest.find(bytes([T.E_CONNECT])), rest.find(bytes([T.E_ASSOCIATE])))
                   if i >= 0), default=-1)
        if sep >= 0:
            if rest[sep] == T.E_ASSOCIATE:
                self._e_reject(T.E_REASON_UNSUPPORTED_REQ)
                return
            name = rest[sep + 1:].decode("ascii", errors="replace").strip() or None
            rest = rest[:sep]
        devtype = rest.decode("ascii", errors="replace")
        is3270, model, at_name = parse_terminal_type(devtype)
        if not is3270:
            self._e_reject(T.E_REASON_INV_DEVICE_TYPE)
            return
        name = name or at_name
        if self.hub.router is not None:     # the router decides at the end of negotiation
            status, dev = "ok", None
        else:
            status, dev = self.hub._select(KIND_3270, name, self)
        if status == "unknown":
            self._e_reject(T.E_REASON_INV_NAME)
            return
        if status == "busy" and name:
            self._e_reject(T.E_REASON_DEVICE_IN_USE)
            return
        self.terminal_type = devtype
        self.requested_name = name
        self._set_model(model)
        self.tn3270e = True
        self.device_reserved = dev
        lu = (f"{dev.devnum:04X}" if dev is not None else
              "TERMINAL" if self.hub.router is not None else "NONE")
        self._send(T.subneg(T.OPT_TN3270E, bytes([T.E_DEVICE_TYPE, T.E_IS]) + rest
                            + bytes([T.E_CONNECT]) + lu.encode("ascii")))
        self.phase = "e_functions"

    def _release_early(self) -> None:
        dev = self.device_reserved
        self.device_reserved = None
        if dev is not None:
            self.hub._release(dev)

    # --- entering a mode -----------------------------------------------------------------------------
    def _enter_3270_mode(self) -> None:
        self.phase = "done"
        self.kind = KIND_3270
        self.parser.record_mode = True
        self.parser.take_data()
        if self.hub.router is not None:
            self._route()
        else:
            if self.tn3270e:
                dev = self.device_reserved
                self.device_reserved = None
            else:
                _, dev = self.hub._select(KIND_3270, self.requested_name, self)
            self._bind(dev)
        if self.device is None:
            what = f"device {self.requested_name}" if self.requested_name else "3270 device"
            self.send_record(message_screen([
                "S/370 terminal server", "",
                f"No {what} is available for this terminal.",
                "Connection closed; please try again later."]))
            self.loop.call_later(REFUSAL_DELAY, self._close)
        log.info("tn3270: %s %s (%s) bound to %s", self.peer, self.terminal_type,
                 "TN3270E" if self.tn3270e else "TN3270", self._devname())

    def _silence_fallback(self) -> None:
        """A client that has not committed to 3270 after a short time is a line-mode
        client (plain telnet, netcat), as Hercules treats it -- if a line device is
        free; otherwise the negotiation time-out still applies."""
        if self.closing or self.phase not in LINE_PHASES:
            return
        if self.hub.router is not None:
            self._enter_line_mode()
            return
        status, dev = self.hub._select(KIND_LINE, self.requested_name, self)
        if dev is not None:
            self._release_early()
            self._enter_line_mode(dev)

    def _enter_line_mode(self, dev=None) -> None:
        self.phase = "done"
        self.kind = KIND_LINE
        self.parser.record_mode = False
        if self.hub.router is not None:
            self._route()
            if self.device is None:
                self.write_line("No service is available for this terminal; connection closed.")
                self.loop.call_later(REFUSAL_DELAY, self._close)
            log.info("tn3270: %s line-mode client routed to %s", self.peer, self._devname())
            return
        if dev is None:
            _, dev = self.hub._select(KIND_LINE, self.requested_name, self)
        if dev is not None:
            # the greeting goes out only once the device has the session (a client that
            # reacts to it must find the console connected), but before the device's own lines
            self._held = bytearray()
            self.write_line(f"S/370 console {dev.devnum:04X} ({_devtype(dev)}) connected")
            try:
                self._bind(dev)
            finally:
                held, self._held = self._held, None
                if self.device is not None:     # refused by the device: no greeting
                    self._write(bytes(held))
        if self.device is None:
            self.write_line("No console device is available; connection closed. Try again later.")
            self.loop.call_later(REFUSAL_DELAY, self._close)
        log.info("tn3270: %s line-mode client (%s) bound to %s", self.peer,
                 self.terminal_type or "no terminal type", self._devname())

    def _devname(self) -> str:
        return _name(self.device) if self.device is not None else "nothing"

    def _route(self) -> None:
        """Ask the installed router who owns this terminal."""
        # held while the router runs: a transfer() from another thread (the router's owner
        # reacting to the screen it just sent) waits until the route's owner is in place;
        # a transfer() made inside route() wins over route()'s return value
        with self._owner_lock:
            try:
                owner = self.hub.router.route(self)
            except Exception as exc:        # noqa: BLE001 - a router bug refuses one terminal
                log.error("tn3270: %s: router failed: %s: %s", self.peer, type(exc).__name__,
                          exc)
                owner = None
            if self.device is None:
                self.device = owner

    def _bind(self, dev) -> None:
        """The hub already reserved ``dev``; ask the device itself."""
        if dev is None:
            return
        try:
            ok = dev.connect(self)
        except Exception as exc:            # noqa: BLE001
            log.error("tn3270: device %04X connect failed: %s", dev.devnum, exc)
            ok = False
        if ok:
            self.device = dev
        else:
            self.hub._release(dev)

    # --- data after negotiation ------------------------------------------------------------------------
    def _record(self, payload: bytes) -> None:
        if self.kind != KIND_3270 or self.device is None:
            return
        if self.tn3270e:
            if len(payload) < T.E_HEADER_LEN or payload[0] != T.E_DT_3270_DATA:
                return                      # responses, NVT data, ...: nothing for the device
            payload = payload[T.E_HEADER_LEN:]
        if payload:
            self._device_call("inbound", payload)

    def _line_data(self, data: bytes) -> None:
        for b in data:
            if b in (0x0D, 0x0A):
                if b == 0x0A and self.last_cr:
                    self.last_cr = False
                    continue
                self.last_cr = b == 0x0D
                text = self.line_buf.decode("latin-1")
                self.line_buf.clear()
                self._device_call("input_line", text)
                continue
            self.last_cr = False
            if b == 0x00:
                continue
            if b in (0x08, 0x7F):
                if self.line_buf:
                    self.line_buf.pop()
            elif len(self.line_buf) < MAX_LINE:
                self.line_buf.append(b)

    def _device_call(self, method: str, *args) -> None:
        dev = self.device
        fn = getattr(dev, method, None) if dev is not None else None
        if fn is None:
            return
        try:
            fn(*args)
        except Exception as exc:            # noqa: BLE001 - bad input must not end the hub
            log.warning("tn3270: %s rejected %s from %s: %s: %s", _name(dev), method,
                        self.peer, type(exc).__name__, exc)


class TerminalHub:
    """Asyncio telnet server on a background thread, binding clients to terminal devices."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 negotiation_timeout: float = 15.0, max_clients: int = 64,
                 line_fallback: float = LINE_FALLBACK, max_negotiating: int = 16,
                 line_idle_timeout: float | None = 3600.0, router=None):
        """negotiation_timeout: seconds a client has to become a terminal, then it is
        closed.  max_clients: all connections.  max_negotiating: connections still
        negotiating; past it (or past max_clients) the *oldest negotiating* connection is
        closed to make room, so sockets that never negotiate cannot lock real terminals
        out.  line_idle_timeout: seconds of silence after which a line-mode (telnet)
        client is disconnected (None: never)."""
        self.host = host
        self.line_fallback = line_fallback
        self.requested_port = port
        self.port: int | None = None
        self.negotiation_timeout = negotiation_timeout
        self.max_clients = max_clients
        self.max_negotiating = max(1, max_negotiating)
        self.line_idle_timeout = line_idle_timeout
        self.router = router                 # None: the default device router (register())
        self.devices: dict[int, object] = {}
        self.bound: set[int] = set()
        self.sessions: set[Session] = set()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None

    # --- devices -----------------------------------------------------------------------------------------
    def register(self, device) -> None:
        with self._lock:
            self.devices[device.devnum] = device

    def unregister(self, device) -> None:
        with self._lock:
            self.devices.pop(device.devnum, None)

    def _select(self, kind: str, name: str | None, session: Session):
        """Reserve a free device of ``kind`` (matching ``name``): ('ok'|'busy'|'unknown', device)."""
        with self._lock:
            cands = sorted((d for d in self.devices.values()
                            if getattr(d, "terminal_kind", None) == kind), key=lambda d: d.devnum)
            if name:
                cands = [d for d in cands if _matches(d, name)]
                if not cands:
                    return "unknown", None
            for d in cands:
                if d.devnum not in self.bound:
                    self.bound.add(d.devnum)
                    return "ok", d
        return "busy", None

    def _release(self, device) -> None:
        with self._lock:
            self.bound.discard(device.devnum)

    # --- life cycle ------------------------------------------------------------------------------------
    def start(self) -> "TerminalHub":
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []

        def main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.set_exception_handler(_quiet_exception_handler)
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._accept, self.host, self.requested_port))
                self.port = self._server.sockets[0].getsockname()[1]
            except OSError as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                try:
                    pending = asyncio.all_tasks(loop)
                    for t in pending:
                        t.cancel()
                    if pending:
                        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                finally:
                    loop.close()

        self._thread = threading.Thread(target=main, name="tn3270-hub", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise listen_error(self.host, self.requested_port, failure[0])
        log.info("tn3270: listening on %s:%d", self.host, self.port)
        return self

    def stop(self) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return

        def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            for s in list(self.sessions):
                s._close()
            loop.call_later(0.05, loop.stop)

        try:
            loop.call_soon_threadsafe(shutdown)
        except RuntimeError:
            pass
        thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> "TerminalHub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _make_room(self) -> None:
        """Close the oldest still-negotiating connections while over either limit."""
        while True:
            negotiating = sorted((s for s in self.sessions if s.negotiating and not s.closing),
                                 key=lambda s: s.opened)
            if len(negotiating) >= self.max_negotiating:
                why = "too many connections still negotiating"
            elif len(self.sessions) >= self.max_clients and negotiating:
                why = "too many connections"
            else:
                return
            oldest = negotiating[0]
            self.sessions.discard(oldest)
            oldest.evict(why)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._make_room()
        if len(self.sessions) >= self.max_clients:
            try:
                writer.write(b"Too many connections to this system; please try again later.\r\n")
                await asyncio.wait_for(writer.drain(), 2)
                writer.close()
            except Exception:               # noqa: BLE001
                pass
            log.info("tn3270: connection refused: %d clients already", len(self.sessions))
            return
        session = Session(self, reader, writer)
        self.sessions.add(session)
        try:
            await session.run()
        finally:
            self.sessions.discard(session)


def listen_error(host: str, port: int, exc: OSError) -> OSError:
    """The one-line reason the hub cannot listen, as an OSError whose ``strerror`` is the
    whole message (callers print ``e.strerror``; it used to be None here)."""
    where = f"port {port} on {host}" if host not in ("", "0.0.0.0", "::") else f"port {port}"
    if exc.errno == errno.EADDRINUSE:
        text = (f"terminal server cannot listen: {where} is already in use by another "
                f"program (another emulator?); stop it or choose another CNSLPORT")
    elif exc.errno == errno.EACCES:
        text = (f"terminal server cannot listen: {where} needs privileges (ports below 1024); "
                f"choose a CNSLPORT of 1024 or above")
    else:
        text = (f"terminal server cannot listen on {where}: "
                f"{exc.strerror or exc}; check CNSLPORT and the host address")
    return OSError(exc.errno or 0, text)


def _matches(device, name: str) -> bool:
    """Hercules-style selection: the device number in hex, or the device's group / LU name."""
    n = name.strip().upper()
    try:
        if int(n, 16) == device.devnum:
            return True
    except ValueError:
        pass
    for attr in ("group", "lu_name"):
        v = getattr(device, attr, None)
        if v and str(v).upper() == n:
            return True
    return False


def _name(owner) -> str:
    n = getattr(owner, "devnum", None)
    return f"device {n:04X}" if isinstance(n, int) else type(owner).__name__


def _safe_call(owner, method: str) -> None:
    fn = getattr(owner, method, None)
    if fn is not None:
        try:
            fn()
        except Exception as exc:            # noqa: BLE001
            log.error("tn3270: %s %s failed: %s", _name(owner), method, exc)


def _devtype(device) -> str:
    t = getattr(device, "devtype", None)
    return f"{t:04X}" if isinstance(t, int) else "line device"


def _quiet_exception_handler(loop, context) -> None:
    exc = context.get("exception")
    log.error("tn3270: %s%s", context.get("message", "error"),
              f": {type(exc).__name__}: {exc}" if exc else "")
