"""Checks across directory entries, and `load`, which parses, checks and
refuses a directory with errors.

- LINK to a user or a minidisk that does not exist: an error.
- A minidisk beyond the end of its volume (when the volume sizes are known):
  an error. A minidisk on a volume the sizes do not list: a warning.
- Minidisks that overlap on one volume: a *warning*. VM/370's directory
  program did not check this at all ("Neither CP nor the directory checks
  that minidisks defined with the MDISK statement do not overlap",
  GC20-1801-10); we point it out since file damage follows. A full-pack
  minidisk (starting at cylinder 0 and covering the whole volume, like
  MAINT's 131 on VMREL6 in the R6 directory) overlaps every other minidisk
  on purpose and is left out of this check.
Warnings are strings starting with "warning: ".
"""

from __future__ import annotations

import logging
from os import PathLike
from pathlib import Path

from .devices import MDISK_DEVTYPES
from .model import Directory, MDisk, UserEntry
from .parser import parse

WARNING = "warning: "
log = logging.getLogger("cp.directory")


class DirectoryError(Exception):
    """A directory with errors: `.errors` lists them, one line each."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def _is_full_pack(disk: MDisk, volumes: dict[str, int] | None) -> bool:
    if disk.start_cyl != 0:
        return False
    if volumes and disk.volser in volumes:
        return disk.cylinders >= volumes[disk.volser]
    # Volume size unknown: a whole pack of the smallest model of that device type.
    smallest = MDISK_DEVTYPES.get(f"{disk.devtype:04X}", (None,))[0]
    return smallest is not None and disk.cylinders >= smallest


def _extents(directory: Directory) -> dict[str, list[tuple[UserEntry, MDisk]]]:
    by_volume: dict[str, list[tuple[UserEntry, MDisk]]] = {}
    for user in directory:
        for disk in user.mdisks:
            if disk.volser is not None:
                by_volume.setdefault(disk.volser, []).append((user, disk))
    return by_volume


def _where(directory: Directory, disk: MDisk) -> str:
    return f"{directory.filename}:{disk.line}"


def _check_links(directory: Directory) -> list[str]:
    out = []
    for user in directory:
        for link in user.links:
            owner = directory.get(link.userid)
            where = f"{directory.filename}:{link.line}"
            if owner is None:
                out.append(f"{where}: LINK {link.userid} {link.vaddr:03X}: "
                           f"user {link.userid} is not in the directory")
            elif owner.mdisk(link.vaddr) is None:
                out.append(f"{where}: LINK {link.userid} {link.vaddr:03X}: "
                           f"{link.userid} has no minidisk {link.vaddr:03X}")
    return out


def _check_volumes(directory: Directory, volumes: dict[str, int] | None) -> list[str]:
    out = []
    for volser, disks in sorted(_extents(directory).items()):
        if volumes is not None:
            size = volumes.get(volser)
            for user, disk in disks:
                if size is None:
                    out.append(f"{WARNING}{_where(directory, disk)}: MDISK {user.userid} "
                               f"{disk.vaddr:03X}: volume {volser} is not known")
                elif disk.end_cyl >= size:
                    out.append(f"{_where(directory, disk)}: MDISK {user.userid} "
                               f"{disk.vaddr:03X} ends at cylinder {disk.end_cyl}, beyond "
                               f"the last cylinder {size - 1} of {volser}")
        partial = sorted((d for d in disks if not _is_full_pack(d[1], volumes)),
                         key=lambda ud: (ud[1].start_cyl, ud[1].line))
        for i, (user, disk) in enumerate(partial):
            for other_user, other in partial[i + 1:]:
                if other.start_cyl > disk.end_cyl:
                    break
                out.append(f"{WARNING}{_where(directory, other)}: MDISK {other_user.userid} "
                           f"{other.vaddr:03X} ({volser} cylinders {other.start_cyl}-"
                           f"{other.end_cyl}) overlaps {user.userid} {disk.vaddr:03X} "
                           f"(line {disk.line}, cylinders {disk.start_cyl}-{disk.end_cyl})")
    return out


def check(directory: Directory, volumes: dict[str, int] | None = None) -> list[str]:
    """Cross-entry errors and warnings of a parsed directory. `volumes` maps a
    volume serial to its number of cylinders, when known."""
    return _check_links(directory) + _check_volumes(directory, volumes)


def _read(source: str | PathLike) -> tuple[str, str]:
    """(text, filename) from a path or from the source text itself."""
    if isinstance(source, PathLike) or ("\n" not in source and Path(source).is_file()):
        path = Path(source)
        return path.read_text(encoding="utf-8", errors="replace"), path.name
    return source, "USER DIRECT"


def load(source: str | PathLike, volumes: dict[str, int] | None = None) -> Directory:
    """Parse and check a directory (a path, or the source text); raise
    DirectoryError listing every error if there is any. Warnings are logged."""
    text, filename = _read(source)
    directory, errors = parse(text, filename)
    problems = errors + check(directory, volumes)
    hard = [p for p in problems if not p.startswith(WARNING)]
    for warning in problems:
        if warning.startswith(WARNING):
            log.warning("%s", warning[len(WARNING):])
    if hard:
        raise DirectoryError(hard)
    return directory
