"""The system configuration file (``SYSTEM.CONF``, TOML) of a ``vm370`` system.

VM/370 generated its real configuration into the nucleus (DMKSYS, DMKRIO); here
it is a text file the operator edits, read at every start.  Relative paths are
relative to the file's own directory.  ``TEMPLATE`` is the commented file the
first start writes; every key is optional except the volumes:

    [system]
    name        system name in CP's messages            (default "VM/370")
    directory   the USER DIRECT source                  ("USER.DIRECT")
    spool       spool directory (one file pair per spool file, see cp/spool)  ("spool")
    saved       saved-system store directory            ("saved")
    saved_table the table of saved systems and segments ("SAVED.SYSTEMS")
    log         the system log, appended                ("vm370.log")
    accounting  accounting records, appended at LOGOFF  ("ACCOUNT.LOG")

    [terminals]
    host, port  where TN3270 clients connect            ("127.0.0.1", 3270)
    max         connections accepted at once            (256)

    [dispatcher]
    workers     dispatcher threads, 0 = one per host core (0)

    [[volume]]  one table per real DASD volume: volser, path (a CKD/CCKD image)

    [[device]]  one table per real unit-record device or tape drive: raddr (hex),
                type (1403, 3211, 1443, 2540P, 3525, 2540R, 3505, 3420) and path:
                the host file a printer or punch appends to, a reader's deck, the
                tape image mounted at start (optional for readers and tapes)

``load(path) -> SystemSettings``; errors are ``ConfigError`` with one line.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field

CONFIG_NAME = "SYSTEM.CONF"

# section -> {key: (type, default)}: the keys a configuration may hold
KEYS = {
    "system": {"name": (str, "VM/370"), "directory": (str, "USER.DIRECT"), "spool": (str, "spool"),
               "saved": (str, "saved"), "saved_table": (str, "SAVED.SYSTEMS"),
               "log": (str, "vm370.log"), "accounting": (str, "ACCOUNT.LOG")},
    "terminals": {"host": (str, "127.0.0.1"), "port": (int, 3270), "max": (int, 256)},
    "dispatcher": {"workers": (int, 0)},
}
VOLUME_KEYS = {"volser": str, "path": str}
DEVICE_KEYS = {"raddr": str, "type": str, "path": str}
TAPE_TYPES = ("3420",)
UNIT_RECORD_TYPES = ("1403", "3211", "1443", "2540P", "3525", "2540R", "3505")


class ConfigError(Exception):
    """The configuration file cannot be used: one line saying where and why."""


@dataclass
class SystemSettings:
    """A loaded configuration, paths made absolute."""
    path: str
    name: str = "VM/370"
    directory: str = ""
    spool: str = ""
    saved: str = ""
    saved_table: str = ""
    log: str = ""
    accounting: str = ""
    host: str = "127.0.0.1"
    port: int = 3270
    max_terminals: int = 256
    workers: int = 0
    volumes: list[tuple[str, str]] = field(default_factory=list)    # (volser, path)
    unit_record: list[tuple[int, str, str | None]] = field(default_factory=list)  # (raddr, type, path)
    tapes: list[tuple[int, str | None]] = field(default_factory=list)             # (raddr, path)


def load(path: str) -> SystemSettings:
    """Read and check a configuration file."""
    path = os.path.abspath(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None
    base = os.path.dirname(path)
    values: dict = {}
    for section, table in data.items():
        if section in ("volume", "device"):
            continue
        if section not in KEYS or not isinstance(table, dict):
            raise ConfigError(f"{path}: unknown section [{section}]")
        for key, value in table.items():
            if key not in KEYS[section]:
                raise ConfigError(f"{path}: unknown key {key!r} in [{section}]")
            kind = KEYS[section][key][0]
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ConfigError(f"{path}: [{section}] {key} must be a {kind.__name__}")
            values[(section, key)] = value
    get = lambda s, k: values.get((s, k), KEYS[s][k][1])      # noqa: E731
    here = lambda p: os.path.normpath(os.path.join(base, p))  # noqa: E731
    settings = SystemSettings(
        path=path, name=get("system", "name"), directory=here(get("system", "directory")),
        spool=here(get("system", "spool")), saved=here(get("system", "saved")),
        saved_table=here(get("system", "saved_table")), log=here(get("system", "log")),
        accounting=here(get("system", "accounting")), host=get("terminals", "host"),
        port=get("terminals", "port"), max_terminals=get("terminals", "max"),
        workers=get("dispatcher", "workers"))
    if not 0 <= settings.port <= 65535:
        raise ConfigError(f"{path}: [terminals] port {settings.port} is not a TCP port")
    vols = data.get("volume", [])
    if not isinstance(vols, list) or not vols:
        raise ConfigError(f"{path}: no [[volume]] tables: a system needs its volumes")
    for i, vol in enumerate(vols, 1):
        for key, value in vol.items():
            if key not in VOLUME_KEYS or not isinstance(value, VOLUME_KEYS[key]):
                raise ConfigError(f"{path}: [[volume]] number {i}: unknown or bad key {key!r}")
        if "volser" not in vol or "path" not in vol:
            raise ConfigError(f"{path}: [[volume]] number {i} needs volser and path")
        settings.volumes.append((vol["volser"].upper(), here(vol["path"])))
    devices = data.get("device", [])
    if not isinstance(devices, list):
        raise ConfigError(f"{path}: [[device]] must be tables")
    for i, dev in enumerate(devices, 1):
        _add_device(settings, dev, f"{path}: [[device]] number {i}", here)
    return settings


def _add_device(settings: SystemSettings, dev: dict, where: str, here) -> None:
    """One [[device]] table into the settings' unit-record or tape list."""
    for key, value in dev.items():
        if key not in DEVICE_KEYS or not isinstance(value, DEVICE_KEYS[key]):
            raise ConfigError(f"{where}: unknown or bad key {key!r}")
    try:
        raddr = int(dev.get("raddr", ""), 16)
    except ValueError:
        raise ConfigError(f"{where}: raddr must be a hexadecimal device address") from None
    if not 0 <= raddr <= 0xFFF:
        raise ConfigError(f"{where}: raddr {raddr:X} is not a device address")
    kind = dev.get("type", "").upper()
    path = here(dev["path"]) if "path" in dev else None
    if kind.split(",")[0] in UNIT_RECORD_TYPES:
        if path is None and not kind.startswith(("2540R", "3505")):
            raise ConfigError(f"{where}: a {kind} needs the path of its host file")
        settings.unit_record.append((raddr, kind, path))
    elif kind in TAPE_TYPES:
        settings.tapes.append((raddr, path))
    else:
        raise ConfigError(f"{where}: type {kind!r} is not one of "
                          + ", ".join(UNIT_RECORD_TYPES + TAPE_TYPES))


TEMPLATE = """\
# SYSTEM.CONF: the configuration of this VM/370 system, read at every start
# (vm370 --dir {dir}).  TOML; paths are relative to this file's directory.
# Edit while the system is down; the next start uses it.

[system]
name = "VM/370"                # the system name CP shows
directory = "USER.DIRECT"      # the user directory (USER DIRECT source, commented)
spool = "spool"                # spool files: a directory of .data/.meta pairs
saved = "saved"                # saved systems (SAVESYS, IPL by name) are kept here
saved_table = "SAVED.SYSTEMS"  # which saved systems and segments exist, and where
log = "vm370.log"              # the system log, appended across starts
accounting = "ACCOUNT.LOG"     # one accounting record per session, at LOGOFF

[terminals]
host = "127.0.0.1"             # only this machine; "0.0.0.0" lets others in
port = 3270                    # TN3270 clients connect here (vm370 --port overrides)
max = 256                      # connections accepted at once

[dispatcher]
workers = 0                    # threads running virtual machines; 0 = one per core

# The real unit-record devices behind the spool and the tape drives.  Printers
# and punches append what they drain to their host file (START/DRAIN 00E); a
# reader reads its deck file once (DEVINIT 00C file TO userid mounts another);
# the operator mounts tapes with MOUNT 580 file.aws.
[[device]]
raddr = "00E"
type = "1403"
path = "printer/prt00e.txt"

[[device]]
raddr = "00D"
type = "2540P"
path = "punch/pun00d.txt"

[[device]]
raddr = "00C"
type = "2540R"

[[device]]
raddr = "580"
type = "3420"

# The real DASD volumes (CKD images, Hercules format).  MDISK statements in the
# directory name these volume serials.
{volumes}"""


def volume_tables(volumes: list[tuple[str, str, str]]) -> str:
    """[[volume]] tables for TEMPLATE: (volser, relative path, comment)."""
    return "".join(f'\n# {comment}\n[[volume]]\nvolser = "{volser}"\npath = "{path}"\n'
                   for volser, path, comment in volumes)
