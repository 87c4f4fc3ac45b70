"""Build the CMS nucleus: assemble the modules in cms/nucleus, link them, make them IPL-able.

    from cms.build import build_nucleus, nucleus_card_deck
    nuc = build_nucleus()          # Nucleus(image, origin=0, entry, symbols, listings)
    cards = nucleus_card_deck(nuc) # 80-byte cards: IPL the virtual reader and CMS starts

Why Python here at all: only to drive the assembler and the linker, as VM/370's own
build EXECs did (VMFASM, then the loader writing the nucleus).  Every piece of CMS
behaviour is in the S/370 assembler sources.

Layout: the modules are assembled one by one (macro library cms/maclib) into object
decks and linked from location 0 in ``MODULES`` order.  DMSNUC must be first: its
control section is low storage and NUCON (the IPL PSW, the new PSWs, SYSTEMID, the
module vector), and every other module addresses NUCON with base register 0.  The
nucleus code follows right after NUCON (the R6 nucleus lived at X'10000' in a shared
segment; ours is not a saved system yet, so it stays compact, below X'20000' where the
user program area begins; free storage (DMSFRE) has what the nucleus leaves below that).
segment; ours is saved whole -- cp.saved's CMS entry, pages 0-31 -- and stays compact,
below X'10000' where DMSACC keeps the accessed disks' FST blocks).

IPL from the virtual card reader (now): ``s370.asm.ipldeck.ipl_card_deck`` of the
linked image.  The image covers location 0, so DMSNUC's own IPL PSW (-> DMSINS) is
the one the IPL loads; the deck's CCW buffers lie above the image.

IPL from the 190 S-disk (built by ``cms.sdisk.install(disk)``; continuation chain blocks
when block 2 is full are described there):
  * The 190 minidisk is a normal 800-byte-block CMS disk (spec cms.md section 1): blocks
    1 and 2 are reserved for IPL records, block 3 is the ``CMS=`` label, block 4 the
    MFD.  ``IPL 190`` makes the channel READ IPL: seek cylinder 0 head 0, read the data
    of record 1, i.e. block 1.
  * Block 1: the IPL's implied CCW reads only its first 24 bytes into location 0: the
    IPL PSW (the one in the loaded image, -> DMSINS), a SEARCH ID EQUAL/READ DATA
    pair's worth of CCWs that read block 2 into a chain area above the nucleus image
    (SEEK is implied: the IPL left the arm at cylinder 0 head 0), and a TIC to it.
  * Block 2 = the bootstrap channel program: for each nucleus block SEEK (BBCCHH),
    SEARCH ID EQUAL (CCHHR), TIC *-8, READ DATA 800 bytes into its storage address,
    command-chained; the seek/search arguments follow the CCWs.  With 32 bytes of CCWs
    and 16 of arguments a block, block 2 describes 15 blocks and ends with a READ of
    the next chain block into the other buffer and a TIC to it (the two-buffer scheme
    of the card deck).  A 3350 track holds 19 blocks; this nucleus is about 12
    blocks today, a full R6-sized one (60K) 77 blocks on 5 tracks.
  * The nucleus blocks themselves are ordinary blocks of the disk, held as the file
    ``DMSNUC NUCLEUS S2`` (F 800), so that the MFD bit map, LISTFILE and a later
    FORMAT/RECOMP see them as used.  The bootstrap addresses them by CCHHR, computed
    from the file's chain-link blocks when the disk is written; they must lie on
    cylinder 0's tracks after block 4 (any cylinder would do if block 2's chain gets
    a SEEK per cylinder).  The cms/fs helper owns the disk format and writes the file
    and the two IPL blocks; this module supplies the image and ``nucleus_blocks()``
    (its 800-byte pieces in storage order).
  * The loaded image's IPL PSW (location 0) then enters DMSINS exactly as after a
    card IPL; NUCON IPLADDR receives the IPL device (190) from the PSW's bytes 2-3.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from s370.asm import assemble
from s370.asm.ipldeck import ipl_card_deck
from s370.asm.loader import link_decks

HERE = os.path.dirname(os.path.abspath(__file__))
NUCLEUS_DIR = os.path.join(HERE, "nucleus")
MACLIB_DIR = os.path.join(HERE, "maclib")

# Link order: DMSNUC (low storage, NUCON) must be first, at location 0.
MODULES = ("DMSNUC", "DMSINS", "DMSINT", "DMSITS", "DMSITI", "DMSITP", "DMSCIO", "DMSCWR",
           "DMSCRD", "DMSCPF", "DMSQRY", "DMSSET", "DMSDIO", "DMSACC", "DMSLST", "DMSTYP",
           "DMSLFS", "DMSSTT", "DMSERR", "DMSFRE", "DMSAUD", "DMSBRD", "DMSBWR", "DMSFNS",
           "DMSERS", "DMSPIO", "DMSPRT", "DMSPUN", "DMSRDC", "DMSRNM", "DMSARE", "DMSCPY",
           "DMSPNT", "DMSSAV", "DMSLED", "DMSLDR", "DMSMOD", "DMSASM", "DMSGLB", "DMSEDI",
           "DMSCMP", "DMSSRT", "DMSSTK", "DMSEXT", "DMSFOR", "DMSDSK", "DMSSYN",
           "DMSEND")                    # DMSEND last: NUCLEND, where free storage starts

CMS_BLOCK = 800          # CMS disk block size (spec cms.md 1.1)
NUCLEUS_LIMIT = 0x20000  # the user program area (and DMSFRE's FRELOWND) starts here


class BuildError(Exception):
    """The nucleus did not assemble or link cleanly."""


@dataclass
class Nucleus:
    image: bytes
    origin: int
    entry: int
    symbols: dict = field(default_factory=dict)      # section and ENTRY names -> address
    listings: dict = field(default_factory=dict)     # module -> assembler listing


def assemble_module(name: str):
    """Assemble one nucleus module (cms/nucleus/<name>.asm) with the CMS macro library."""
    path = os.path.join(NUCLEUS_DIR, name + ".asm")
    with open(path, encoding="ascii") as f:
        text = f.read()
    return assemble(text, filename=path, libpath=[MACLIB_DIR])


def build_nucleus() -> Nucleus:
    """Assemble and link every module; BuildError lists assembly errors or unresolved names."""
    decks, listings, errors = [], {}, []
    for name in MODULES:
        a = assemble_module(name)
        errors += [str(e) for e in a.errors]
        listings[name] = a.listing()
        decks.append(a.object_deck())
    if errors:
        raise BuildError("nucleus assembly errors:\n" + "\n".join(errors))
    res = link_decks(decks, 0)
    if res.unresolved or res.origin != 0:
        raise BuildError("nucleus link: " + "; ".join(res.messages))
    if len(res.image) > NUCLEUS_LIMIT:
        raise BuildError(f"nucleus of {len(res.image)} bytes overlaps the user area at "
                         f"{NUCLEUS_LIMIT:06X}")
    ipl_psw = res.image[0:8]
    entry = int.from_bytes(ipl_psw[5:8], "big")
    return Nucleus(res.image, res.origin, entry, dict(res.symbols), listings)


def nucleus_card_deck(nucleus: Nucleus | None = None) -> list[bytes]:
    """The nucleus as an IPL card deck (80-byte EBCDIC card images) for a virtual reader."""
    nucleus = nucleus or build_nucleus()
    return ipl_card_deck(nucleus.image, origin=nucleus.origin)


def nucleus_blocks(nucleus: Nucleus | None = None) -> list[bytes]:
    """The image cut into 800-byte CMS blocks (the last one zero-padded), in storage order."""
    nucleus = nucleus or build_nucleus()
    img = nucleus.image
    return [img[k:k + CMS_BLOCK].ljust(CMS_BLOCK, b"\0") for k in range(0, len(img), CMS_BLOCK)]


if __name__ == "__main__":                      # python -m cms.build: a size report
    n = build_nucleus()
    print(f"CMS nucleus: {len(n.image)} bytes at {n.origin:06X}, entry {n.entry:06X}, "
          f"{len(nucleus_card_deck(n))} IPL cards")
    for name in MODULES:
        print(f"  {name:8} {n.symbols.get(name, 0):06X}")
