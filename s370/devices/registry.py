"""Hercules device types -> device model classes (imported lazily).

Every device module offers ``Class.from_config(devnum, devtype, args, host)``
(args = the device-statement arguments after the type; host = the
``s370.devices.base.HostServices`` of the machine, or None).  Lazy import keeps the
machine usable while a device family is missing or broken: that device type gets
one clear message instead of the whole configuration failing.
"""

from __future__ import annotations

import importlib

DEVICE_TYPES = {
    "1052": "s370.devices.console:Console3215",
    "3215": "s370.devices.console:Console3215",
    "1052-C": "s370.devices.console:Console3215",
    "3215-C": "s370.devices.console:Console3215",
    "3270": "s370.devices.display:Display3270",
    "3505": "s370.devices.card:CardReader",
    "2540R": "s370.devices.card:CardReader",
    "1442": "s370.devices.card:CardReader",
    "2501": "s370.devices.card:CardReader",
    "3525": "s370.devices.card:CardPunch",
    "2540P": "s370.devices.card:CardPunch",
    "1403": "s370.devices.printer:Printer",
    "3211": "s370.devices.printer:Printer",
    "1443": "s370.devices.printer:Printer",
    "3203": "s370.devices.printer:Printer",
    "3420": "s370.devices.tape:TapeDevice",
    "3410": "s370.devices.tape:TapeDevice",
    "3411": "s370.devices.tape:TapeDevice",
    "3480": "s370.devices.tape:TapeDevice",
    "2311": "s370.devices.dasd:CKDDevice",
    "2314": "s370.devices.dasd:CKDDevice",
    "3330": "s370.devices.dasd:CKDDevice",
    "3340": "s370.devices.dasd:CKDDevice",
    "3350": "s370.devices.dasd:CKDDevice",
    "3375": "s370.devices.dasd:CKDDevice",
    "3380": "s370.devices.dasd:CKDDevice",
    "3390": "s370.devices.dasd:CKDDevice",
}


class DeviceError(Exception):
    """A device statement that cannot be honoured; str() is the one-line reason."""


def normalize(devtype: str) -> str:
    return devtype.upper()


def device_class(devtype: str):
    """The model class for a Hercules device type, or raise DeviceError."""
    target = DEVICE_TYPES.get(normalize(devtype))
    if target is None:
        raise DeviceError(f"device type {devtype} is not supported")
    module, _, name = target.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as e:
        raise DeviceError(f"device type {devtype}: model {target} not available ({e})") from None


def create(devnum: int, devtype: str, args: list[str], host=None):
    """Build a device from a device statement; DeviceError with a one-line reason.

    The reason does not repeat the device number and type: the caller's message
    already names them."""
    cls = device_class(devtype)
    try:
        return cls.from_config(devnum, normalize(devtype), list(args), host)
    except DeviceError:
        raise
    except OSError as e:
        raise DeviceError(f"{e.filename + ': ' if e.filename else ''}{e.strerror or e}") from None
    except ValueError as e:
        raise DeviceError(str(e)) from None


def register(devtype: str, target: str) -> None:
    """Add or replace a device type ("module:Class")."""
    DEVICE_TYPES[normalize(devtype)] = target
