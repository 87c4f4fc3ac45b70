"""Starting and stopping the Control Program as a program.

``start_system(config) -> RunningSystem`` brings up, in order: the real volumes
(CKD/CCKD images, by volume serial), the directory (compiled and checked
against those volumes), the ``CPSystem``, the dispatcher and its workers, the
TN3270 hub on its port with CP's terminal manager as session router, and the
operator's console on the process's own terminal.  ``RunningSystem.stop()``
takes them down in the reverse order.  ``python -m cp`` (``cp.__main__``) and
the later ``vm370`` command (first-start defaults) both build a ``SystemConfig``
and call this.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass, field
from typing import Callable

from s370.tn3270.server import TerminalHub

from .directory.checker import load as load_directory_source
from .directory.default import DEFAULT_DIRECTORY
from .dispatcher import Dispatcher
from .operator import OperatorConsole
from .spool import Spool
from .system import CPSystem
from .terminal.manager import TerminalManager
from .vdev.spooldev import install as install_spool

DEFAULT_PORT = 3270
DEFAULT_TERMINALS = 256


class StartError(Exception):
    """The system cannot start: one line saying why (bad volume, bad directory, busy port)."""


@dataclass
class SystemConfig:
    """What a system is started from.

    ``directory``: USER DIRECT path or source text (None: ``directory_loader`` must give
    one); ``volumes``: volser -> image path (volser None: taken from the VOL1 label);
    ``port`` None: no terminals; ``operator``: the operator's console on stdin/stdout;
    ``spool``: where closed spool files are kept (warm start reloads them)."""
    directory: str | None = None
    volumes: list[tuple[str | None, str]] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int | None = DEFAULT_PORT
    terminals: int = DEFAULT_TERMINALS          # connections the hub accepts at once
    workers: int | None = None
    sysname: str = "VM/370"
    clock: str = "real"
    operator: bool = True
    spool: str | None = None                    # the spool directory (None: a temporary one)
    log: Callable[[str], None] = lambda text: print(text, flush=True)
    # (directory source, {volser: cylinders}) -> Directory; default cp.directory.checker.load
    directory_loader: Callable | None = None
    # real tape drives: (raddr, image path or None); the operator mounts with MOUNT
    tapes: list[tuple[int, str | None]] = field(default_factory=list)


class RunningSystem:
    """A started system: ``system``, ``dispatcher``, ``hub`` (or None), ``operator`` (or None).

    ``stop()`` shuts it down (idempotent); ``request_stop()`` from any thread (a signal
    handler, SHUTDOWN) makes ``wait()`` return."""

    def __init__(self, system: CPSystem, dispatcher: Dispatcher, hub=None, operator=None):
        self.system = system
        self.dispatcher = dispatcher
        self.hub = hub
        self.operator = operator
        self._stop_requested = threading.Event()
        self._stopped = False
        self._lock = threading.Lock()

    @property
    def port(self) -> int | None:
        return None if self.hub is None else self.hub.port

    def request_stop(self) -> None:
        self._stop_requested.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a stop is requested; True if it was."""
        return self._stop_requested.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Orderly shutdown: terminals, then every user logged off, then the workers, then volumes."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self._stop_requested.set()
        system = self.system
        system.log(f"{system.sysname} SHUTDOWN STARTED")
        if self.hub is not None:
            _quietly(self.hub.stop)
        if callable(getattr(system, "shutdown", None)):
            _quietly(system.shutdown)           # CP's own: users forced off, dispatcher stopped
        else:
            for user in list(system.users.values()):
                _quietly(system.logoff, user, True)
            system.log(f"{system.sysname} SHUTDOWN COMPLETE")
        self.dispatcher.stop(timeout)
        for image in system.volumes.values():
            _quietly(getattr(image, "close", lambda: None))


def open_volumes(specs, log: Callable[[str], None] = print) -> dict:
    """Open the real volumes: [(volser or None, path)] -> {volser: CKD/CCKD image}.

    A volume whose VOL1 label differs from the volser given is refused (minidisks
    would land on the wrong pack); no label: the volser given is trusted."""
    from media.ckd.volume import volume_info
    from media.ckd.errors import DasdError
    from media.ckd.image import open_image
    volumes: dict = {}
    try:
        for volser, path in specs:
            label = volume_info(path)["volser"]
            name = (volser or label or "").upper()
            if not name:
                raise StartError(f"{path}: no volume label; give it as VOLSER=PATH")
            if volser and label and label.upper() != name:
                raise StartError(f"{path}: volume label is {label}, not {name}")
            if name in volumes:
                raise StartError(f"volume {name} given twice")
            volumes[name] = open_image(path)
            log(f"VOLUME {name} ONLINE: {path}")
    except DasdError as err:
        _close_all(volumes)
        raise StartError(str(err)) from None
    except StartError:
        _close_all(volumes)
        raise
    return volumes


def load_directory(config: SystemConfig, volumes: dict):
    """The compiled directory (cp.directory.checker.load unless a loader was injected)."""
    loader = config.directory_loader or load_directory_source
    if config.directory is None and config.directory_loader is None:
        source = DEFAULT_DIRECTORY
    else:
        source = config.directory
    cylinders = {v: getattr(im, "cyls", None) for v, im in volumes.items()}
    try:
        return loader(source, {v: c for v, c in cylinders.items() if c is not None})
    except StartError:
        raise
    except Exception as err:                # DirectoryError and friends: their own text
        raise StartError(f"directory: {_one_line(err)}") from None


def start_system(config: SystemConfig) -> RunningSystem:
    """Bring a system up (see the module text); StartError if it cannot."""
    log = config.log
    volumes = open_volumes(config.volumes, log)
    try:
        directory = load_directory(config, volumes)
    except StartError:
        _close_all(volumes)
        raise
    system = CPSystem(directory, volumes=volumes, clock=config.clock, sysname=config.sysname,
                      log=log)
    try:
        add_tape_drives(system, config.tapes)
    except StartError:
        _close_all(volumes)
        raise
    spool_dir = config.spool or tempfile.mkdtemp(prefix="cp-spool-")
    install_spool(system, Spool(spool_dir))
    dispatcher = Dispatcher(system, workers=config.workers)
    system.dispatcher = dispatcher
    dispatcher.start()
    running = RunningSystem(system, dispatcher)
    try:
        if config.port is not None:
            running.hub = _start_hub(system, config)
        if config.operator:
            running.operator = _start_operator(system)
    except BaseException:
        running.stop()
        raise
    log(f"{config.sysname} READY, {dispatcher.nworkers} DISPATCHER WORKERS"
        + (f", TERMINALS ON {config.host}:{running.port}" if running.hub is not None else ""))
    return running


def add_tape_drives(system, tapes) -> None:
    """Real 3420 drives at their addresses, each with its image mounted if one is given."""
    from s370.devices.tape import TapeDevice
    for raddr, path in tapes:
        if raddr in system.real_devices:
            raise StartError(f"tape drive {raddr:03X} given twice")
        dev = TapeDevice(raddr)
        dev.host = system                      # the drive's messages go to the operator's log
        system.real_devices[raddr] = dev
        system.log(f"TAPE {raddr:03X} ONLINE")
        if path:
            try:
                system.mount_tape(raddr, path)
            except ValueError as e:
                raise StartError(str(e)) from None


def _start_hub(system, config: SystemConfig):
    hub = TerminalHub(config.host, config.port, router=TerminalManager(system),
                      max_clients=config.terminals)
    try:
        return hub.start()
    except OSError as err:
        raise StartError(str(err)) from None


def _start_operator(system):
    """The operator's console on this process's terminal, operator logged on (VM/370 does)."""
    console = OperatorConsole(system)
    _quietly(console.attach_log)
    try:
        console.logon()
    except Exception as err:
        system.log(f"OPERATOR NOT LOGGED ON: {_one_line(err)}")
    console.start()
    return console


def _close_all(volumes: dict) -> None:
    for image in volumes.values():
        _quietly(image.close)


def _quietly(fn, *args) -> None:
    try:
        fn(*args)
    except Exception:
        pass


def _one_line(err: Exception) -> str:
    """An exception as one line: a DMK message for a LogonError, each error of a list."""
    number = getattr(err, "number", None)
    if isinstance(number, int):
        try:
            from .messages import render
            line = render(number, "ON", **getattr(err, "fields", {}))
            if line:
                return line
        except Exception:
            pass
        return f"CP MESSAGE {number}"
    text = "; ".join(err.args[0]) if err.args and isinstance(err.args[0], list) else str(err)
    return " ".join(text.split())
