"""python -m cms.modules.tapebench: CMS VMFPLC2 DUMP and LOAD speed, in files per second.

    python -m cms.modules.tapebench [--files 200] [--records 20]

A user under CP IPLs 190 (an S-disk built by cms.sdisk, with its modules), has a 191
A-disk of ``--files`` small files (half F 80, half V) and an AWS tape at 181.  Timed
from the command line typed to CMS's next console read: ``VMFPLC2 DUMP * * A (NOPRINT``,
then (the files erased) ``VMFPLC2 LOAD * * A (NOPRINT`` of the same tape.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from cms.iplbench import Console, attach_sdisk
from media.ckd import create_image, open_image
from sie import Intercept

DIRECTORY = "USER BENCH BENCH 4M 16M G\n"


def to_read(vm, console: Console, limit: int = 100000) -> None:
    for _ in range(limit):
        code = vm.run_slice(200_000)
        if code == Intercept.ENABLED_WAIT and console.waiting:
            return
        if code in (Intercept.DISABLED_WAIT, Intercept.VALIDITY, Intercept.CHECKSTOP):
            raise SystemExit(f"CMS stopped: {code!r} {console.lines[-5:]}")
    raise SystemExit(f"CMS did not reach a console read: {console.lines[-5:]}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--records", type=int, default=20)
    args = ap.parse_args(argv)

    from cms.fs import CMSDisk
    from cms.sdisk import install
    from cp.directory.parser import parse
    from cp.system import CPSystem
    from cp.vdev.minidisk import Minidisk
    from s370.devices.tape import TapeDevice

    with tempfile.TemporaryDirectory() as tmp:
        sdisk, adisk = os.path.join(tmp, "s.3350"), os.path.join(tmp, "a.3350")
        create_image(sdisk, "3350", "CMSRES", cyls=3)
        with CMSDisk.format(sdisk, "CMS190") as d:
            install(d)
        create_image(adisk, "3350", "BENCH", cyls=3)
        with CMSDisk.format(adisk, "BENCH") as d:
            for k in range(args.files):
                rows = [f"FILE {k} RECORD {j}".ljust(80).encode("cp037")
                        for j in range(args.records)]
                if k % 2:
                    d.write(f"B{k:05}", "DATA", rows, recfm="F", lrecl=80)
                else:
                    d.write(f"B{k:05}", "DATA", [r.rstrip(b"\x40") for r in rows], recfm="V")
        directory, errors = parse(DIRECTORY, "bench")
        assert not errors, errors
        system = CPSystem(directory, log=lambda text: None)
        user = system.logon("BENCH", "BENCH", None)
        console = Console()
        user.vm.attach(0x009, console)
        attach_sdisk(user.vm, sdisk)
        user.vm.attach(0x191, Minidisk(0x191, open_image(adisk), (0, 3), read_only=False,
                                       owner="BENCH", owner_vaddr=0x191, volser="BENCH"))
        tape = TapeDevice(0x181)
        tape.load(os.path.join(tmp, "bench.aws"))
        user.vm.attach(0x181, tape)
        if system.ipl(user, "190") is not None:
            raise SystemExit("IPL 190 failed")
        to_read(user.vm, console)

        def timed(command: str) -> float:
            start = len(console.lines)
            t0 = time.perf_counter()
            console.type_line(command)
            to_read(user.vm, console)
            took = time.perf_counter() - t0
            if not console.lines[-1].startswith("R; "):
                raise SystemExit(f"{command}: {console.lines[start:]}")
            return took

        t_dump = timed("VMFPLC2 DUMP * * A (NOPRINT")
        timed("VMFPLC2 REW")
        timed("ERASE * DATA A")
        t_load = timed("VMFPLC2 LOAD * * A (NOPRINT")
        n = args.files
        print(f"CMS VMFPLC2, {n} files of {args.records} records (F 80 and V), 3350 A-disk, AWS tape")
        print(f"  DUMP {t_dump:7.2f} s  {n / t_dump:8.1f} files/s")
        print(f"  LOAD {t_load:7.2f} s  {n / t_load:8.1f} files/s")
        tape.unload(quiet=True)


if __name__ == "__main__":
    main()
