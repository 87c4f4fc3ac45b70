"""The EXECs of the system disk: cms/execs/*.EXEC, written onto the 190 S-disk by the
first start (beside the nucleus) so every user finds them in the search order.

    from cms.sysexecs import install_execs
    install_execs(disk)            # an open, writable cms.fs CMSDisk

Each file is EXEC 1 source in ASCII, one record a line, stored as a V file in EBCDIC
(cp037) with file mode 2 (S2: the system disk's ordinary files, read-only to users)."""

from __future__ import annotations

import os

HERE = os.path.dirname(os.path.abspath(__file__))
EXEC_DIR = os.path.join(HERE, "execs")
EXEC_MODE = "S2"
CODEPAGE = "cp037"


def exec_files() -> dict[str, list[bytes]]:
    """{filename: [EBCDIC record, ...]} of every cms/execs/FN.EXEC."""
    execs = {}
    for name in sorted(os.listdir(EXEC_DIR)):
        fn, _, ft = name.partition(".")
        if ft.upper() != "EXEC":
            continue
        with open(os.path.join(EXEC_DIR, name), encoding="ascii") as f:
            execs[fn.upper()] = [line.rstrip("\n").encode(CODEPAGE) or b" " for line in f]
    return execs


def install_execs(disk, mode: str = EXEC_MODE) -> list[str]:
    """Write each EXEC onto the disk (replacing one of that name); their filenames."""
    names = []
    for fn, records in exec_files().items():
        disk.write(fn, "EXEC", records, recfm="V", lrecl=max(len(r) for r in records),
                   mode=mode)
        names.append(fn)
    return names
