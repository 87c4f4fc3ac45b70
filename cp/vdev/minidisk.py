"""Minidisks: a cylinder extent of a real CKD volume, seen by the guest as a whole disk.

No CCW translation (see cp.vm.machine): the device model itself is a CKD
*extent view* of the real volume (``s370.devices.dasd.CKDDevice(extent=...)``).
It presents the extent's cylinders as 0..n-1, rejects a seek outside them
with the architected command reject, and -- for a read-only link -- ends every
write with unit check, sense 'file protected', as a real file-protected drive
does.  Two users' minidisks on one volume never touch each other's tracks.

``Minidisk.from_directory(user, stmt)`` builds one for an MDISK statement
(the owner's own link, in the statement's mode) or a LINK statement (another
user's minidisk, looked up in the directory); the access decision and the
system-wide table of who holds what live in ``cp.vm.links`` and
``CPSystem.grant_link``.  ``TemporaryDisk`` is DEFINE T3330 ... CYL n: a
volume of its own in a host temporary file that vanishes when it is detached.
"""

from __future__ import annotations

import os
import tempfile

from media.ckd import DasdError, create_image, open_image
from s370.devices.dasd import CKDDevice

from .table import VdevError

DEFAULT_MDISK_MODE = "W"        # an MDISK statement without a mode (unverified default)


class Minidisk(CKDDevice):
    """A CKD extent view that knows which minidisk it is (owner, address, access)."""

    def __init__(self, vaddr: int, image, extent: tuple[int, int], *, read_only: bool,
                 owner: str, owner_vaddr: int, volser: str):
        super().__init__(vaddr, image, extent=extent, read_only=read_only)
        self.owner = owner
        self.owner_vaddr = owner_vaddr
        self.volser = volser
        self.access = "R" if read_only else "W"

    @classmethod
    def from_directory(cls, user, stmt) -> "Minidisk":
        """MDISK (the owner's own) or LINK (stmt has ``as_vaddr``) at logon."""
        system = user.system
        if hasattr(stmt, "as_vaddr"):
            owner, owner_vaddr, vaddr = stmt.userid.upper(), stmt.vaddr, stmt.as_vaddr
        else:
            owner, owner_vaddr, vaddr = user.userid, stmt.vaddr, stmt.vaddr
        mode = getattr(stmt, "mode", None) or DEFAULT_MDISK_MODE
        dev, msgs = system.grant_link(user, owner, owner_vaddr, vaddr, mode, directory=True)
        if dev is None:
            number, fields = msgs[0]
            from cp import messages
            raise VdevError(messages.render(number, "ON", **fields))
        for number, fields in msgs:            # e.g. FORCED R/O
            user.msg(number, **fields)
        return dev

    def describe(self) -> str:
        return (f"DASD {self.devnum:03X} {self.devtype:04X} {self.volser} "
                f"R/{self.access.replace('R', 'O')} {self.cyls:5d} CYL")


def build_view(system, mdisk, vaddr: int, read_only: bool, owner: str) -> Minidisk:
    """The extent view of ``mdisk`` (a directory MDisk) for address ``vaddr``.

    VdevError if its volume is not mounted, is of another device type, or the
    extent lies outside it."""
    if mdisk.volser is None or mdisk.start_cyl is None:
        raise VdevError(f"MINIDISK {owner} {mdisk.vaddr:03X}: ONLY EXTENTS OF A VOLUME ARE "
                        "SUPPORTED")
    image = system.volumes.get(mdisk.volser.upper())
    if image is None:
        raise VdevError(f"VOLID {mdisk.volser.upper()} NOT MOUNTED")
    want = devtype_number(mdisk.devtype)
    have = image.geometry.devtype
    if want is not None and want != have:
        raise VdevError(f"MINIDISK {owner} {mdisk.vaddr:03X} IS A {want:04X}; VOLUME "
                        f"{mdisk.volser.upper()} IS A {have:04X}")
    try:
        return Minidisk(vaddr, image, (mdisk.start_cyl, mdisk.cylinders), read_only=read_only,
                        owner=owner, owner_vaddr=mdisk.vaddr, volser=mdisk.volser.upper())
    except DasdError as e:
        raise VdevError(str(e)) from None


def devtype_number(devtype) -> int | None:
    """0x3330 from 0x3330 (the directory model's int) or '3330' / '3330-11' (text)."""
    if isinstance(devtype, int):
        return devtype
    head = str(devtype).split("-")[0]
    try:
        return int(head, 16)
    except ValueError:
        return None


class TemporaryDisk(CKDDevice):
    """DEFINE T2314|T3330|T3340|T3350 vaddr CYL n: a fresh, unformatted volume of its own.

    The image is a host temporary file, unlinked at once: it lives as long as
    the device (closed at DETACH or LOGOFF) and is never seen by anyone else."""

    DEVTYPES = {"T2314": "2314", "T3330": "3330", "T3340": "3340", "T3350": "3350",
                "T2305": "2305", "T3375": "3375", "T3380": "3380"}

    @classmethod
    def create(cls, vaddr: int, kind: str, cyls: int) -> "TemporaryDisk":
        devname = cls.DEVTYPES.get(kind.upper())
        if devname is None:
            raise VdevError(f"no temporary disk type {kind}")
        if cyls < 1:
            raise VdevError(f"a temporary disk needs at least one cylinder, not {cyls}")
        fd, path = tempfile.mkstemp(prefix="tdisk-", suffix=".ckd")
        os.close(fd)
        try:
            os.unlink(path)
            create_image(path, devname, None, cyls=cyls, raw=True)
            image = open_image(path)
        except DasdError as e:
            raise VdevError(str(e)) from None
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
        return cls(vaddr, image, owns_image=True)

    def describe(self) -> str:
        return f"DASD {self.devnum:03X} {self.devtype:04X} (TEMP) R/W {self.cyls:5d} CYL"
