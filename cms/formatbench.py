"""python -m cms.formatbench: time CMS FORMAT (DMSFOR: every track written through
DIAGNOSE X'20' and CP's minidisk) of a 5- and a 100-cylinder 3330 minidisk, from the
label reply to CMS's next console read, as figures (tests/test_cms_format*.py check
what it writes; no timed tests).

    python -m cms.formatbench [--cyls 5,100]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from media.ckd import create_image, open_image
from s370.devices.base import Result, UNIT_CE, UNIT_DE

from .iplbench import DIRECTORY, Console, attach_sdisk, to_read


class AnsweringConsole(Console):
    """The bench console, which can also answer CMS's pending read."""

    def type_line(self, line: str) -> None:
        self.waiting = False
        self.complete(Result(UNIT_CE | UNIT_DE, data=line.encode("cp037"), residual=0))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cyls", default="5,100", help="minidisk sizes, comma separated")
    args = ap.parse_args(argv)

    from cms.fs import CMSDisk
    from cms.sdisk import install as install_nucleus
    from cp.commands import execute
    from cp.directory.parser import parse
    from cp.system import CPSystem
    from cp.vdev.minidisk import Minidisk

    with tempfile.TemporaryDirectory() as tmp:
        sdisk = os.path.join(tmp, "cmsres.3330")
        create_image(sdisk, "3330", "CMSRES", cyls=3)
        with CMSDisk.format(sdisk, "CMS190") as d:
            install_nucleus(d)
        directory, errors = parse(DIRECTORY, "bench")
        assert not errors, errors
        system = CPSystem(directory, log=lambda text: None)
        print("CMS FORMAT 191 A of an empty 3330 minidisk (label reply to the next read)")
        for cyls in (int(c) for c in args.cyls.split(",")):
            user = system.logon("BENCH", "BENCH", None)
            console = AnsweringConsole()
            user.vm.attach(0x009, console)
            attach_sdisk(user.vm, sdisk)
            vol = os.path.join(tmp, f"fmt{cyls}.3330")
            create_image(vol, "3330", "FMT001", cyls=cyls + 1)
            image = open_image(vol)
            user.vm.attach(0x191, Minidisk(0x191, image, (1, cyls), read_only=False,
                                           owner="BENCH", owner_vaddr=0x191, volser="FMT001"))
            console.waiting = False
            execute(user, "IPL 190", lambda line: None)
            to_read(user.vm, console)
            console.type_line("FORMAT 191 A")
            to_read(user.vm, console)
            start = len(console.lines)
            t0 = time.perf_counter()
            console.type_line("BENCH1")
            to_read(user.vm, console, limit=100_000)
            seconds = time.perf_counter() - t0
            done = [x for x in console.lines[start:] if "DMSFOR732I" in x]
            print(f"  {cyls:4d} cylinders ({cyls * 19 * 14:6d} blocks, {cyls * 19:5d} tracks): "
                  f"{seconds:7.3f} s  {done[0] if done else console.lines[start:]}")
            system.logoff(user) if hasattr(system, "logoff") else None
            image.close()


if __name__ == "__main__":
    main()
