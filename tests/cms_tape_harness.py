"""A CMS user with a tape: IPL 190 (the S-disk built by cms.sdisk with its command
modules), the user's own 191 A-disk (writable, cms.fs-formatted) and a tape drive at 181
(TAP1) holding an AWS image, under the real CP.  ``command(line)`` types a CMS command
and returns what CMS typed back, up to its next console read."""

from __future__ import annotations

from cms.fs import CMSDisk
from cms.sdisk import install
from cms_harness import TestConsole, nucleus
from cp.vdev.minidisk import Minidisk
from cp_fakes import entry, logon, make_system
from media.ckd import create_image, open_image
from s370.devices.tape import TapeDevice
from sie import Intercept

_SDISK = {}


def sdisk_image(tmp_factory):
    """One S-disk image per test session (the nucleus and the modules take a while to
    build); each user links it read-only."""
    if "path" not in _SDISK:
        path = tmp_factory.mktemp("sdisk") / "s.3350"
        create_image(str(path), "3350", "CMSRES", cyls=3)
        with CMSDisk.format(str(path), "CMS190") as disk:
            install(disk, nucleus())
        _SDISK["path"] = path
    return _SDISK["path"]


def make_adisk(path, files=(), cyls=3):
    """A 3350 191 disk (3 cylinders: 1,710 blocks, a map without extension blocks, so our CMS
    writes it) with ``files`` = [(fn, ft, records, recfm, lrecl)]."""
    create_image(str(path), "3350", "USR191", cyls=cyls)
    with CMSDisk.format(str(path), "USR191") as disk:
        for fn, ft, records, recfm, lrecl in files:
            disk.write(fn, ft, records, recfm=recfm, lrecl=lrecl)
    return path


class TapeUser:
    def __init__(self, sdisk, adisk, tape=None, storage=4 << 20, adisk_cyls=3,
                 tape_options=()):
        self.system = make_system(entry("CMSUSER", "PW", "G", storage=storage))
        self.user, _term = logon(self.system, "CMSUSER", "PW")
        self.vm = self.user.vm
        self.console = TestConsole(0x009)
        self.vm.attach(0x009, self.console)
        self.vm.attach(0x190, Minidisk(0x190, open_image(str(sdisk), readonly=True), (0, 3),
                                       read_only=True, owner="MAINT", owner_vaddr=0x190,
                                       volser="CMSRES"))
        self.adisk = open_image(str(adisk))
        self.vm.attach(0x191, Minidisk(0x191, self.adisk, (0, adisk_cyls), read_only=False,
                                       owner="CMSUSER", owner_vaddr=0x191, volser="USR191"))
        self.tape = TapeDevice(0x181)
        if tape is not None:
            assert self.tape.load(str(tape), list(tape_options)), self.tape.messages
        self.vm.attach(0x181, self.tape)
        assert self.system.ipl(self.user, "190") is None
        self.run()

    def run(self, limit=20000):
        for _ in range(limit):
            code = self.vm.run_slice(200_000)
            if code == Intercept.ENABLED_WAIT and self.console.waiting:
                return code
            if code in (Intercept.DISABLED_WAIT, Intercept.VALIDITY, Intercept.CHECKSTOP):
                raise AssertionError(f"CMS stopped: {code}: {self.console.output[-5:]}")
        raise AssertionError("CMS did not come back to a console read")

    def command(self, line):
        start = len(self.console.output)
        self.console.type_line(line)
        self.run()
        return self.console.output[start:]

    def close(self):
        self.tape.unload(quiet=True)
        self.adisk.flush() if hasattr(self.adisk, "flush") else None
