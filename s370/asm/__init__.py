"""The System/370 macro assembler (Assembler H / HLASM style), loader
and IPL-deck builder.

    from s370.asm import assemble
    a = assemble(src, origin=0x1000)
    a.image, a.origin, a.entry, a.symbols, a.errors, a.rc, a.listing(), a.object_deck()
"""

from .assembler import Assembler


def assemble(source: str, origin: int = 0, filename: str = "<string>", libpath=(),
             sysparm: str = ""):
    """Assemble source text; never raises on bad source (errors are in .errors/.rc)."""
    if isinstance(libpath, str):
        libpath = (libpath,)
    asm = Assembler(origin=origin, filename=filename, libpath=libpath, sysparm=sysparm)
    return asm.run(source)


__all__ = ["assemble"]
