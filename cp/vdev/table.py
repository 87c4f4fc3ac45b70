"""Which virtual device model CP builds for each directory statement (and DEFINE).

One table: statement kind -> "module:Class".  Every class offers
``from_directory(user, stmt) -> s370.devices.base.Device`` (stmt = the directory
statement, ``cp.directory.model``).  Imported lazily so a missing or broken device
family gives one message at LOGON instead of failing every logon.
"""

from __future__ import annotations

import importlib

VDEV_CLASSES = {
    "CONSOLE": "cp.vdev.console:VirtualConsole",
    "READER": "cp.vdev.spooldev:VirtualReader",
    "PUNCH": "cp.vdev.spooldev:VirtualPunch",
    "PRINTER": "cp.vdev.spooldev:VirtualPrinter",
    "MDISK": "cp.vdev.minidisk:Minidisk",
    "LINK": "cp.vdev.minidisk:Minidisk",
    "DEDICATE": "cp.vdev.dedicated:DedicatedDevice",
    "SPECIAL": "cp.vdev.special:make_special",
}


class VdevError(Exception):
    """The device cannot be built; str() is the one-line reason shown to the user."""


def vdev_class(kind: str):
    target = VDEV_CLASSES.get(kind)
    if target is None:
        raise VdevError(f"no virtual device model for {kind}")
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as e:
        raise VdevError(f"virtual {kind} devices are not available ({e})") from None
