"""Dedicated devices: a real device given whole to one virtual machine.

DEDICATE vaddr raddr (directory) and the operator's ATTACH raddr TO userid AS
vaddr both move the real device model from ``system.real_devices`` into the
user's channel subsystem at ``vaddr``; nothing sits between the guest's
channel programs and the device.  The device stays listed in
``real_devices`` and ``system.dedicated`` records who has it; DETACH and
LOGOFF give it back (its device number is restored, it is reset, never closed).
"""

from __future__ import annotations

from .table import VdevError


class DedicatedDevice:
    """The directory's DEDICATE statement: ``from_directory`` hands over the real device."""

    @staticmethod
    def from_directory(user, stmt):
        system = user.system
        raddr = getattr(stmt, "raddr", None)
        if isinstance(raddr, str):
            try:
                raddr = int(raddr, 16)
            except ValueError:
                raise VdevError(f"DEDICATE {stmt.vaddr:03X}: RADDR {raddr} INVALID") from None
        volser = getattr(stmt, "volser", None)
        if raddr is None and volser:
            raddr = system.find_volume_device(volser)
            if raddr is None:
                raise VdevError(f"DEDICATE {stmt.vaddr:03X}: VOLID {volser.upper()} NOT MOUNTED")
        try:
            dev = system.reserve_real(raddr, user)
        except ValueError as e:
            raise VdevError(f"DEDICATE {stmt.vaddr:03X}: {e}") from None
        system.dedicated[raddr] = (user.userid, stmt.vaddr)
        return dev
