"""S-disk command modules: CMS commands kept as ``fn MODULE`` files on the 190 disk.

VM/370 kept the bigger, rarely used commands (TAPE, VMFPLC2, DDR, ...) out of the
nucleus, as MODULE files on the system disk; SVC 202 finds ``fn MODULE`` on the
accessed disks in search order after the nucleus function table (DMSITS step 3),
loads it with LOADMOD's code (DMSMODS) at its saved address and calls its entry
with R1 -> the command's tokenized PLIST, as for a nucleus command.

One row per module in ``SDISK_MODULES``: (file name, assembler source in this folder).
``build_module(name)`` assembles the source with the CMS macro library, links it at
the user program area (X'20000', where GENMOD of a LOAD'ed program puts it) and
returns the records GENMOD writes (cms/nucleus/DMSMOD.asm, "FILE:"):

    record 1   CL8'CMSMOD', A(origin), A(end), A(entry), A(first control section),
               zeros to 800 bytes
    record 2.. storage from the origin, 800 bytes each (the last one zero-padded)

``cms.sdisk.install`` writes every row as ``fn MODULE S2`` (RECFM F, LRECL 800).
A module source is an ordinary CSECT (its first one is the entry unless END names
another); it may use the NUCON and the SVC 202 functions, but not V-constants of
nucleus entry points (it is linked alone).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from cms.build import MACLIB_DIR
from s370.asm import assemble
from s370.asm.loader import link_decks
from standalone.build import SOURCE as _DDR_SOURCE

HERE = os.path.dirname(os.path.abspath(__file__))

# (file name, source file in cms/modules): one row per S-disk command module.
SDISK_MODULES = (
    # one source for both tape commands: the command name in the PLIST picks the format
    ("VMFPLC2", "DMSTPE.asm"),        # VMFPLC2 DUMP/LOAD/SCAN/SKIP and positioning
    ("TAPE", "DMSTPE.asm"),           # TAPE DUMP/LOAD/SCAN/SKIP and positioning
    # VM/370 DDR: the standalone program's source, assembled for CMS (SYSPARM CMS)
    ("DDR", "DDR.asm"),
)

# Sources kept outside this folder: file name -> (path, SYSPARM to assemble it with).
EXTERNAL_SOURCES = {"DDR.asm": (str(_DDR_SOURCE), "CMS")}

MODULE_FT, MODULE_FM = "MODULE", "S2"
MODULE_ORIGIN = 0x20000           # the user program area (DMSMOD USERAREA)
MODULE_RECORD = 800               # GENMOD's record length
MODULE_TAG = "CMSMOD"


class ModuleBuildError(Exception):
    """A module did not assemble or link cleanly."""


@dataclass
class Module:
    name: str
    image: bytes                  # storage from ``origin``
    origin: int
    entry: int
    symbols: dict
    listing: str

    def records(self) -> list[bytes]:
        """The MODULE file's records, as GENMOD writes them."""
        end = self.origin + len(self.image)
        header = (MODULE_TAG.ljust(8).encode("cp037")
                  + b"".join(v.to_bytes(4, "big") for v in (self.origin, end, self.entry,
                                                            self.origin)))
        out = [header.ljust(MODULE_RECORD, b"\0")]
        img = self.image
        out += [img[k:k + MODULE_RECORD].ljust(MODULE_RECORD, b"\0")
                for k in range(0, len(img), MODULE_RECORD)]
        return out


def source_path(source: str) -> str:
    if source in EXTERNAL_SOURCES:
        return EXTERNAL_SOURCES[source][0]
    return os.path.join(HERE, source)


@functools.lru_cache(maxsize=None)
def build_module(name: str, source: str | None = None) -> Module:
    """Assemble and link one module (its SDISK_MODULES row unless ``source`` is given)."""
    if source is None:
        rows = dict(SDISK_MODULES)
        if name not in rows:
            raise ModuleBuildError(f"{name}: no such S-disk module")
        source = rows[name]
    path = source_path(source)
    with open(path, encoding="ascii") as f:
        text = f.read()
    sysparm = EXTERNAL_SOURCES.get(source, ("", ""))[1]
    a = assemble(text, filename=path, libpath=[MACLIB_DIR], sysparm=sysparm)
    if a.errors:
        raise ModuleBuildError(f"{name} MODULE: assembly errors:\n"
                               + "\n".join(str(e) for e in a.errors))
    res = link_decks([a.object_deck()], MODULE_ORIGIN)
    if res.unresolved or res.origin != MODULE_ORIGIN:
        raise ModuleBuildError(f"{name} MODULE: link: " + "; ".join(res.messages))
    entry = res.entry if res.entry else res.origin
    return Module(name, bytes(res.image), res.origin, entry, dict(res.symbols), a.listing())


def build_all() -> list[Module]:
    """Every S-disk module, in table order."""
    return [build_module(name, source) for name, source in SDISK_MODULES]


def install_modules(disk, modules: list[Module] | None = None) -> list[str]:
    """Write each module as ``fn MODULE S2`` on an open, writable cms.fs CMSDisk."""
    modules = build_all() if modules is None else modules
    for m in modules:
        disk.write(m.name, MODULE_FT, m.records(), recfm="F", lrecl=MODULE_RECORD,
                   mode=MODULE_FM)
    return [m.name for m in modules]
