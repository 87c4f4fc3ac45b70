"""python -m cms.iplbench: IPL 190 (the nucleus read from the S-disk) against IPL CMS (the
saved system), each timed from the IPL command to CMS's first console read, as figures.

    python -m cms.iplbench [--runs 20] [--devtype 3350]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from media.ckd import create_image, open_image
from s370.devices.base import Device, Result, UNIT_CE, UNIT_DE
from sie import Intercept

CON_WRITE, CON_READ = 0x09, 0x0A

DIRECTORY = """\
USER MAINT MAINT 2M 16M BCEG
USER BENCH BENCH 2M 16M G
"""


class Console(Device):
    """A 3215 whose reads stay pending (the point where CMS waits for the user) until
    ``type_line`` answers one (cms.modules.tapebench types its commands so)."""

    def __init__(self, devnum: int = 0x009):
        super().__init__(devnum, 0x3215)
        self.lines: list[str] = []
        self.waiting = False

    def execute(self, cmd, data, count):
        if cmd == CON_WRITE:
            self.lines.append(bytes(data).decode("cp037"))
            return Result(UNIT_CE | UNIT_DE)
        if cmd == CON_READ:
            self.waiting = True
            return Result(pending=True)
        return Result(UNIT_CE | UNIT_DE)

    def type_line(self, line: str) -> None:
        self.waiting = False
        self.complete(Result(UNIT_CE | UNIT_DE, data=line.encode("cp037"), residual=0))


def attach_sdisk(vm, path: str) -> None:
    """The S-disk image at ``path`` as the user's read-only 190 (MAINT's CMSRES 190)."""
    from cp.vdev.minidisk import Minidisk
    vm.attach(0x190, Minidisk(0x190, open_image(path, readonly=True), (0, 3), read_only=True,
                              owner="MAINT", owner_vaddr=0x190, volser="CMSRES"))


def to_read(vm, console: Console, limit: int = 2000) -> None:
    for _ in range(limit):
        code = vm.run_slice(200_000)
        if code == Intercept.ENABLED_WAIT and console.waiting:
            return
        if code in (Intercept.DISABLED_WAIT, Intercept.VALIDITY, Intercept.CHECKSTOP):
            raise SystemExit(f"CMS stopped: {code!r} {console.lines}")
    raise SystemExit(f"CMS did not reach a console read: {console.lines}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--devtype", default="3350", choices=("3330", "3350"))
    args = ap.parse_args(argv)

    import cp.saved
    from cms.fs import CMSDisk
    from cms.sdisk import install as install_nucleus
    from cp.commands import execute
    from cp.directory.parser import parse
    from cp.saved.default import DEFAULT_TABLE
    from cp.system import CPSystem

    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "cmsres." + args.devtype)
        create_image(disk, args.devtype, "CMSRES", cyls=3)
        with CMSDisk.format(disk, "CMS190") as d:
            install_nucleus(d)
        table = os.path.join(tmp, "SYSTEM.NAMES")
        with open(table, "w") as f:
            f.write(DEFAULT_TABLE)
        directory, errors = parse(DIRECTORY, "bench")
        assert not errors, errors
        system = CPSystem(directory, log=lambda text: None)
        cp.saved.install(system, table, os.path.join(tmp, "saved"))

        def machine(userid):
            user = system.logon(userid, userid, None)
            console = Console()
            user.vm.attach(0x009, console)
            attach_sdisk(user.vm, disk)
            return user, console

        def timed(user, console, command):
            console.waiting, console.lines = False, []
            t0 = time.perf_counter()
            rc = execute(user, command, lambda line: None)
            if rc:
                raise SystemExit(f"{command}: rc {rc}")
            to_read(user.vm, console)
            return time.perf_counter() - t0

        maint, mcon = machine("MAINT")
        t_save = timed(maint, mcon, "IPL 190 PARM SAVESYS CMS")
        bench, bcon = machine("BENCH")
        by_disk = [timed(bench, bcon, "IPL 190") for _ in range(args.runs)]
        by_name = [timed(bench, bcon, "IPL CMS") for _ in range(args.runs)]
        ms = lambda xs: f"median {statistics.median(xs) * 1000:7.2f} ms, min {min(xs) * 1000:7.2f} ms"
        print(f"CMS on a {args.devtype} 190 disk, {args.runs} runs each, IPL to the first console read")
        print(f"  IPL 190 PARM SAVESYS CMS (once) {t_save * 1000:7.2f} ms")
        print(f"  IPL 190                         {ms(by_disk)}")
        print(f"  IPL CMS (saved system)          {ms(by_name)}")
        print(f"  ratio                           {statistics.median(by_disk) / statistics.median(by_name):.1f}x")


if __name__ == "__main__":
    main()
