"""Build standalone DDR: assemble DDR.asm and write an IPL tape and an IPL card deck.

    python -m standalone.build --tape ddr.aws --card ddr.ipl

The tape's first file is the IPL loader and the program (s370.iplmedia's IPL tape:
PSW + READ chain, then the text); the deck is the card form of the same program.
"""

from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path

from s370.asm import assemble
from s370.asm.ipldeck import IPLError
from s370.iplmedia import Program, program_from, write_cards, write_tape

SOURCE = Path(__file__).with_name("DDR.asm")
CONSOLE = 0x009                      # the console DDR talks to (DDR.asm CONSOLE)


class BuildError(RuntimeError):
    """DDR.asm did not assemble cleanly."""


@lru_cache(maxsize=4)
def assemble_ddr(sysparm: str = "") -> tuple[bytes, int, int]:
    """(image, origin, entry) of DDR.asm assembled with ``sysparm``."""
    a = assemble(SOURCE.read_text(), filename=str(SOURCE), sysparm=sysparm)
    if a.rc >= 8 or a.errors:
        raise BuildError(f"{SOURCE.name}: assembly failed: " + "; ".join(map(str, a.errors[:5])))
    return bytes(a.image), a.origin, a.entry


def program() -> Program:
    image, origin, entry = assemble_ddr()
    return program_from(image, origin, entry)


def build(tape: str | None = None, card: str | None = None) -> Program:
    prog = program()
    if tape:
        write_tape(tape, prog)
    if card:
        write_cards(card, prog)
    return prog


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="standalone.build", description=__doc__.splitlines()[0])
    p.add_argument("--tape", metavar="FILE", help="IPL tape (AWS; HET if FILE ends in .het)")
    p.add_argument("--card", metavar="FILE", help="IPL card deck (80-byte EBCDIC cards)")
    a = p.parse_args(argv)
    if not (a.tape or a.card):
        p.error("give --tape and/or --card")
    try:
        prog = build(a.tape, a.card)
    except (BuildError, IPLError, OSError) as e:
        print(f"standalone.build: {e}", file=sys.stderr)
        return 1
    print(f"DDR: {len(prog.image)} bytes at {prog.origin:06X}"
          + (f", tape {a.tape}" if a.tape else "") + (f", deck {a.card}" if a.card else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
