"""One run of a ``vm370`` system, from its state directory to SHUTDOWN.

``prepare_state(options)`` finds or builds the system (first start), applies
``--cold``; ``Run(options).start()`` brings it up through cp.start.start_system
with the pieces a lasting system adds: the system log and accounting files, the
operator's console, the control socket, saved systems, the STATE file
(vm370.state) and the start message saying what kind of start this was;
``Run.wait_and_stop()`` blocks until SHUTDOWN (or a signal) and writes the
shut-down state.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from dataclasses import dataclass

import cp.saved as cp_saved
from cp.spool import realdev
from cp.operator import OPERATOR_USERID, OperatorConsole
from cp.start import StartError, SystemConfig, start_system
from cp.terminal.editing import deliver

from . import config as sysconfig
from . import firststart, migration, state
from .control import ControlServer
from .core import prepare as prepare_core
from .progress import Progress


# who saves CMS at the first start, and how (cp.saved.default's table comment)
SAVE_CMS = ("MAINT", "IPL 190 PARM SAVESYS CMS")
SAVE_CMS_TIMEOUT = 60.0


@dataclass
class Options:
    """What the command line chose (None: from the configuration)."""
    state_dir: str | None = None    # None: the --config file's directory, else DEFAULT_STATE_DIR
    config: str | None = None
    port: int | None = None
    host: str | None = None
    workers: int | None = None
    cold: bool = False
    operator: bool = True           # the operator's console on this terminal


DEFAULT_STATE_DIR = "vm370-system"


def state_dir_of(options: Options) -> str:
    if options.state_dir:
        return os.path.abspath(options.state_dir)
    if options.config:
        return os.path.dirname(os.path.abspath(options.config))
    return os.path.abspath(DEFAULT_STATE_DIR)


def say(text: str) -> None:
    print(text, flush=True)


def prepare_state(options: Options) -> tuple[sysconfig.SystemSettings, bool]:
    """(settings, first start?): the configuration, building the default system first
    if the state directory has none."""
    state_dir = state_dir_of(options)
    first = False
    if options.config:
        path = os.path.abspath(options.config)
    else:
        path = os.path.join(state_dir, sysconfig.CONFIG_NAME)
        if not os.path.exists(path):
            say(f"FIRST START: BUILDING A DEFAULT SYSTEM IN {state_dir}")
            passwords = firststart.build(state_dir)
            first = True
            _show_passwords(passwords, state_dir)
    settings = sysconfig.load(path)
    if options.cold and not first:
        cold_start(settings, state_dir)
    return settings, first


def _show_passwords(passwords: dict[str, str], state_dir: str) -> None:
    """The generated passwords, shown this once (the system log never gets them)."""
    say("THE USERS OF THIS SYSTEM AND THEIR PASSWORDS (SHOWN ONLY NOW; THEY ARE IN")
    say(f"{os.path.join(state_dir, 'USER.DIRECT')}, READABLE ONLY BY YOU):")
    for userid, password in passwords.items():
        say(f"    {userid:<8}  {password}")


def cold_start(settings: sysconfig.SystemSettings, state_dir: str) -> None:
    """--cold: the spool files and saved systems go (VM/370's cold start loses the
    spool); volumes, directory and configuration stay."""
    for path in (settings.spool, settings.saved):
        if os.path.isdir(path):
            shutil.rmtree(path)
    try:
        os.unlink(os.path.join(state_dir, state.STATE_NAME))
    except FileNotFoundError:
        pass


class Run:
    def __init__(self, options: Options):
        self.options = options
        self.state_dir = state_dir_of(options)
        self.running = None
        self.reipl = False
        self.syslog = None
        self.accounting = None
        self.control = None
        self.console = None
        self.migration = None

    def start(self) -> None:
        settings, first = prepare_state(self.options)
        os.makedirs(self.state_dir, exist_ok=True)
        kind = state.start_kind(self.state_dir, settings.spool, first=first, cold=self.options.cold)
        # the core compiles (first run) or loads beside the start: terminals get the logo
        # meanwhile, and a virtual machine that runs first waits for it (numba's lock)
        core = threading.Thread(target=prepare_core, name="core-prepare", daemon=True)
        core.start()
        self.syslog = state.SystemLog(settings.log)
        self.accounting = state.AppendFile(settings.accounting)
        console_out = [say]                 # the operator's console replaces it once started

        def log(text: str) -> None:
            console_out[0](text)
            self.syslog.append(text)
        with open(settings.directory) as f:
            directory = f.read()
        workers = self.options.workers if self.options.workers is not None else settings.workers
        cfg = SystemConfig(directory=directory, volumes=list(settings.volumes),
                           host=self.options.host or settings.host,
                           port=self.options.port if self.options.port is not None else settings.port,
                           terminals=settings.max_terminals, workers=workers or None,
                           sysname=settings.name, operator=False, spool=settings.spool, log=log,
                           tapes=list(settings.tapes))
        self.running = start_system(cfg)
        system = self.running.system
        system.checkpoint_dir = os.path.join(self.state_dir, "checkpoints")
        os.makedirs(system.checkpoint_dir, exist_ok=True)
        self._start_unit_records(system, settings)
        system.on_logoff.append(lambda user: self.accounting.append(state.accounting_record(user)))
        system.on_shutdown.append(self._shutdown_requested)
        self._start_saved_systems(system, settings)
        self.control = ControlServer(system, self.state_dir).start()
        self.migration = migration.install(self.running, self.state_dir)
        self._start_operator(system, console_out)
        core.join()
        self._save_cms(system)
        log(start_message(kind, system))
        if kind.kind == "RECOVERY" and getattr(system, "spool", None) is not None and system.spool.files:
            log("SPOOL FILES RECOVERED: " + " ".join(f"{i:04d}" for i in sorted(system.spool.files)))
        state.write_state(self.state_dir, status="running", pid=os.getpid(), started=state.now_text(),
                          port=self.running.port)

    def _start_unit_records(self, system, settings) -> None:
        """The real printers, punches and readers behind the spool (cp.spool.realdev); their
        drain worker stops at SHUTDOWN."""
        for _, _, path in settings.unit_record:
            if path:
                os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            units = realdev.install(system, settings.unit_record)
        except realdev.RealDeviceError as err:
            raise StartError(f"unit-record devices: {err}") from None
        system.on_shutdown.append(lambda *_: units.stop_worker())

    def _start_saved_systems(self, system, settings) -> None:
        """Saved systems and segments from their table (cp.saved), kept in the store.  A
        configuration whose table file does not exist has no saved systems."""
        if not os.path.exists(settings.saved_table):
            system.log(f"NO SAVED SYSTEMS: {settings.saved_table} DOES NOT EXIST")
            return
        try:
            cp_saved.install(system, settings.saved_table, settings.saved)
        except cp_saved.SavedTableError as err:
            raise StartError(f"saved systems: {' '.join(str(err).split())}") from None

    def _save_cms(self, system) -> None:
        """CMS made IPL-able by name when the table lists it and it is not saved yet (the
        first start, a cold start): MAINT types what the table's comment says to
        ('IPL 190 PARM SAVESYS CMS'), disconnected, and is logged off once it is saved."""
        saved = getattr(system, "saved", None)
        userid, command = SAVE_CMS
        entry = system.directory.get(userid)
        if (saved is None or entry is None or entry.nolog or entry.mdisk(0x190) is None
                or "CMS" not in saved.table or saved.exists("CMS")):
            return
        with Progress(f"SAVING CMS ({command} AS {userid})"):
            user = system.logon(userid, entry.password, None)
            deliver(user, "#CP " + command)
            end = time.monotonic() + SAVE_CMS_TIMEOUT
            while not saved.exists("CMS") and time.monotonic() < end:
                time.sleep(0.05)
            if system.find(userid) is user:
                user.logoff()
        if not saved.exists("CMS"):
            system.log(f"CMS WAS NOT SAVED IN {SAVE_CMS_TIMEOUT:g} S: 'IPL CMS' WILL NOT WORK "
                       f"UNTIL {userid} DOES '{command}'")

    def _start_operator(self, system, console_out) -> None:
        """The operator logged on: at this terminal's console, or disconnected (reached
        through the control socket) with --no-operator."""
        entry = system.directory.get(OPERATOR_USERID)
        if entry is None:
            return
        if self.options.operator:
            self.console = OperatorConsole(system)
            console_out[0] = self.console.log
            try:
                self.console.logon()
            except Exception as err:
                system.log(f"OPERATOR NOT LOGGED ON: {err}")
            self.console.start()
        else:
            system.logon(OPERATOR_USERID, entry.password, None)

    def _shutdown_requested(self, reipl: bool) -> None:
        self.reipl = reipl
        self.running.request_stop()

    def wait_and_stop(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set() and not self.running.wait(0.2):
                pass
        finally:
            self.stop()

    def stop(self) -> None:
        running = self.running
        if running is None:
            return
        running.stop()
        if self.control is not None:
            self.control.stop()
        if self.migration is not None:
            self.migration.stop()
        spool = getattr(running.system, "spool", None)
        state.write_state(self.state_dir, status="shutdown", at=state.now_text(),
                          spool_files=len(spool.files) if spool is not None else 0)
        for f in (self.accounting, self.syslog):
            if f is not None:
                f.close()
        self.running = None


def start_message(kind: state.StartKind, system) -> str:
    spool = getattr(system, "spool", None)
    files = len(spool.files) if spool is not None else 0
    if kind.kind == "FIRST":
        return "FIRST START: THE DEFAULT SYSTEM IS READY"
    if kind.kind == "COLD":
        return "COLD START: SPOOL FILES AND SAVED SYSTEMS DISCARDED"
    if kind.kind == "WARM":
        at = kind.previous.get("at")
        return (f"WARM START: {files} SPOOL FILE{'S' if files != 1 else ''} KEPT"
                + (f" (SHUTDOWN AT {at})" if at else ""))
    started = kind.previous.get("started", "?")
    return (f"RECOVERY START: THE RUN STARTED {started} ENDED WITHOUT SHUTDOWN; "
            f"{files} CLOSED SPOOL FILE{'S' if files != 1 else ''} RECOVERED, "
            f"{kind.open_files_lost} OPEN FILE{'S' if kind.open_files_lost != 1 else ''} LOST")


def run(options: Options) -> int:
    """Start, run until SHUTDOWN or a signal; SHUTDOWN REIPL starts again (warm)."""
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    while True:
        r = Run(options)
        try:
            r.start()
        except (StartError, sysconfig.ConfigError) as err:
            r.stop()
            print(f"vm370: {err}", file=sys.stderr)
            return 2
        r.wait_and_stop(stop)
        if not r.reipl or stop.is_set():
            return 0
        options.cold = False
        say("SYSTEM RESTARTING (SHUTDOWN REIPL)")
