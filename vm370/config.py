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
        if section == "volume":
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
    return settings


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

# The real DASD volumes (CKD images, Hercules format).  MDISK statements in the
# directory name these volume serials.
{volumes}"""


def volume_tables(volumes: list[tuple[str, str, str]]) -> str:
    """[[volume]] tables for TEMPLATE: (volser, relative path, comment)."""
    return "".join(f'\n# {comment}\n[[volume]]\nvolser = "{volser}"\npath = "{path}"\n'
                   for volser, path, comment in volumes)
