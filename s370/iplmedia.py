"""IPL media for a standalone program: a card deck, a tape, a disk volume.

    s370-iplmake prog.asm --card prog.ipl --tape prog.aws --disk prog.3330 [--devtype 3330]
    s370-iplmake prog.bin --origin 0x1000 [--entry ADDR] --tape prog.het

Why one tool: "assemble, then make something a machine can IPL" is the first thing
anyone does with a bare S/370, and the three media differ only in how the IPL
channel program reaches the program text.

Every IPL begins with the implied CCW ``READ 24 bytes into location 0`` with
command chaining (Principles of Operation, Initial Program Loading); the channel
then fetches the CCWs now at locations 8 and 16, and finally loads the PSW at 0.

* Cards: the deck built by ``s370.asm.ipldeck.ipl_card_deck`` (80-byte cards).
* Tape:  record 1 = PSW + READ record 2 + TIC; record 2 = READs for the text
  records; then the text, 32760 bytes a record; two tape marks (AWS, or HET when
  the file name ends in .het, as Hercules decides).
* Disk:  on a CKD volume the implied CCW is READ IPL (X'02'), which seeks to
  cylinder 0 head 0 and reads the data of record 1.  Track 0 holds
    R1 (key 'IPL1'): IPL PSW | READ DATA R2 into the CCW area | TIC to it
    R2 (key 'IPL2'): for every text record SEEK, SEARCH ID EQUAL, TIC *-8,
                     READ DATA into storage, then the seek/search arguments
    R3 (key 'VOL1'): the volume label (as dasdinit writes it; no VTOC)
  and the text records follow from R4 on, then on the next tracks.  SEEK +
  SEARCH ID EQUAL per record makes the chain correct on any CKD geometry.
All files are written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass

from .asm.ipldeck import (CCW_TIC, FLAG_CC, FLAG_SLI, IPL_CCW_AREA, IPLError, bc_psw,
                          ccw, ipl_card_deck, ipl_tape_records)

# CKD command codes (GA26-1592) used by the disk IPL chain
CKD_READ_DATA = 0x06
CKD_SEEK = 0x07
CKD_SEARCH_ID_EQ = 0x31

KEY_IPL1 = "IPL1"
KEY_IPL2 = "IPL2"
KEY_VOL1 = "VOL1"
DISK_TEXT_RECORD = 4096        # largest text record (smaller where the track is smaller)
DISK_CCWS_PER_RECORD = 4       # SEEK, SEARCH ID EQ, TIC, READ DATA
DISK_ARGS_PER_RECORD = 16      # seek argument BBCCHH (6) + search argument CCHHR (5), padded
DEFAULT_VOLSER = "IPLVOL"


@dataclass
class Program:
    """What the media carry: the text, where it goes and the IPL PSW."""
    image: bytes
    origin: int
    psw: bytes

    @property
    def end(self) -> int:
        return self.origin + len(self.image)

    def ccw_area(self) -> int:
        """Where an IPL chain's own CCWs are read: just after the text (doubleword)."""
        return max((self.end + 7) & ~7, IPL_CCW_AREA)


def program_from(image: bytes, origin: int, entry: int | None = None) -> Program:
    if not image:
        raise IPLError("empty program image")
    if origin < 0 or origin + len(image) > 0xFFFFFF:
        raise IPLError("program image beyond 16M")
    return Program(bytes(image), origin, bc_psw(origin if entry is None else entry))


def program_from_assembly(asm) -> Program:
    return program_from(asm.image, asm.origin, asm.entry)


# --- cards and tape --------------------------------------------------------------------------
def card_deck(prog: Program) -> bytes:
    return b"".join(ipl_card_deck(prog.image, prog.origin, psw=prog.psw))


def tape_records(prog: Program) -> list[bytes]:
    return ipl_tape_records(prog.image, prog.origin, psw=prog.psw)


# --- disk --------------------------------------------------------------------------------------
def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[k:k + size] for k in range(0, len(data), size)]


def disk_layout(prog: Program, geometry, volser: str | None):
    """Records of the IPL volume: {track number: [Record, ...]} (R0 not included)."""
    from media.ckd.image import volume_label
    from media.ckd.track import Record

    size = min(DISK_TEXT_RECORD, geometry.r1_max)
    texts = _chunks(prog.image, size)
    area = prog.ccw_area()
    n = len(texts)
    ipl2_len = n * (DISK_CCWS_PER_RECORD * 8 + DISK_ARGS_PER_RECORD)
    if area + ipl2_len > 0xFFFFFF:
        raise IPLError("IPL channel program would lie beyond 16M")
    head0 = [(4, 24), (4, ipl2_len)] + ([(4, 80)] if volser else [])
    if not geometry.records_fit(head0):
        raise IPLError(f"program too large for a {geometry.name} IPL track "
                       f"({n} text records)")
    # place the text records: after the labels on track 0, then track by track
    places, trk, on_track = [], 0, list(head0)
    for t in texts:
        if not geometry.records_fit(on_track + [(0, len(t))]):
            trk, on_track = trk + 1, []
        on_track.append((0, len(t)))
        places.append((trk, len(on_track)))          # (track, record number)
    # IPL2: the channel program, then the seek/search arguments it points to
    args_at = area + n * DISK_CCWS_PER_RECORD * 8
    chain, args, addr = bytearray(), bytearray(), prog.origin
    for k, (t, (tr, rec)) in enumerate(zip(texts, places)):
        cyl, head = divmod(tr, geometry.heads)
        seek_arg = args_at + len(args)
        search_arg = seek_arg + 6
        args += (bytes(2) + cyl.to_bytes(2, "big") + head.to_bytes(2, "big")
                 + cyl.to_bytes(2, "big") + head.to_bytes(2, "big") + bytes([rec])).ljust(16, b"\0")
        search_ccw = area + len(chain) + 8
        last = k == n - 1
        chain += ccw(CKD_SEEK, seek_arg, FLAG_CC, 6)
        chain += ccw(CKD_SEARCH_ID_EQ, search_arg, FLAG_CC, 5)
        chain += ccw(CCW_TIC, search_ccw, 0, 1)
        chain += ccw(CKD_READ_DATA, addr, FLAG_SLI if last else FLAG_CC | FLAG_SLI, len(t))
        addr += len(t)
    ipl2 = bytes(chain + args)
    ipl1 = prog.psw + ccw(CKD_READ_DATA, area, FLAG_CC | FLAG_SLI, len(ipl2)) + ccw(CCW_TIC, area, 0, 1)
    ebc = lambda s: s.encode("cp037")                      # noqa: E731
    tracks: dict[int, list] = {0: [Record(0, 0, 1, ebc(KEY_IPL1), ipl1),
                                   Record(0, 0, 2, ebc(KEY_IPL2), ipl2)]}
    if volser:
        tracks[0].append(Record(0, 0, 3, ebc(KEY_VOL1), volume_label(volser)))
    for t, (tr, rec) in zip(texts, places):
        cyl, head = divmod(tr, geometry.heads)
        tracks.setdefault(tr, []).append(Record(cyl, head, rec, b"", t))
    return tracks


def write_disk(path: str, prog: Program, devtype: str = "3330", volser: str | None = DEFAULT_VOLSER,
               cyls: int | None = None, compress: str | None = None) -> int:
    """Write an IPL volume; returns its number of cylinders (default: just enough)."""
    from media.ckd import geometry as geo
    from media.ckd.image import check_volser, create_image, open_image
    from media.ckd.track import build_track, r0

    g = geo.lookup(devtype)
    if volser:
        volser = check_volser(volser)
    tracks = disk_layout(prog, g, volser)
    need = max(tracks) // g.heads + 1
    if cyls is None:
        cyls = need
    elif cyls < need:
        raise IPLError(f"the program needs {need} cylinders, --cyls is {cyls}")
    tmp = _tmp_for(path)
    try:
        create_image(tmp, devtype, None, cyls, compress=compress, raw=True, replace=True)
        img = open_image(tmp)
        try:
            for tr, recs in sorted(tracks.items()):
                cyl, head = divmod(tr, g.heads)
                img.write_track(tr, build_track(cyl, head, [r0(cyl, head)] + recs))
            img.flush()
        finally:
            img.close()
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    return cyls


def write_tape(path: str, prog: Program) -> int:
    """Write an IPL tape (AWS, or HET for *.het); returns the number of blocks."""
    from media.tape.image import image_kind, open_tape

    recs = tape_records(prog)
    tmp = _tmp_for(path)
    try:
        os.unlink(tmp)                      # the tape layer creates the file itself
        tape = open_tape(tmp, kind=image_kind(path))
        try:
            for r in recs:
                tape.write(r)
            tape.write_tapemark()
            tape.write_tapemark()
            tape.sync()
        finally:
            tape.close()
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    return len(recs)


def write_cards(path: str, prog: Program) -> int:
    """Write the IPL card deck; returns the number of cards."""
    deck = card_deck(prog)
    _atomic_write(path, deck)
    return len(deck) // 80


# --- files -------------------------------------------------------------------------------------
def _tmp_for(path: str) -> str:
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".iplmake-")
    os.close(fd)
    return tmp


def _unlink(p: str) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def _atomic_write(path: str, data: bytes) -> None:
    tmp = _tmp_for(path)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


# --- command line ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="s370-iplmake",
        description="Build IPL media (card deck, tape, CKD disk) for a standalone S/370 program.")
    p.add_argument("program", help="assembler source (.asm/.s/.mac) or a flat binary image")
    p.add_argument("--origin", type=lambda t: int(t, 0),
                   help="load address of a binary image (required for binaries)")
    p.add_argument("--entry", type=lambda t: int(t, 0),
                   help="entry address (default: the END operand, or the origin)")
    p.add_argument("--card", metavar="FILE", help="write an IPL card deck (80-byte EBCDIC cards)")
    p.add_argument("--tape", metavar="FILE", help="write an IPL tape (AWS; HET if FILE ends in .het)")
    p.add_argument("--disk", metavar="FILE", help="write an IPL CKD volume")
    p.add_argument("--devtype", default="3330", help="CKD device type of --disk (default 3330)")
    p.add_argument("--volser", default=DEFAULT_VOLSER, help=f"volume serial (default {DEFAULT_VOLSER})")
    p.add_argument("--cyls", type=int, help="cylinders of --disk (default: as few as needed)")
    p.add_argument("--compress", choices=("zlib", "bzip2", "none"),
                   help="write --disk as a compressed CCKD volume")
    p.add_argument("-I", "--maclib", action="append", default=[], help="macro library directory")
    return p


def load_program(args) -> Program:
    path = args.program
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise IPLError(f"cannot read {path}: {e.strerror}") from None
    if path.lower().endswith((".asm", ".s", ".mac", ".assemble")):
        from .asm import assemble
        a = assemble(data.decode("latin-1"), filename=path,
                     libpath=list(args.maclib) + [os.path.dirname(os.path.abspath(path))])
        for e in a.errors:
            print(e, file=sys.stderr)
        if a.rc >= 8:
            raise IPLError(f"{path}: assembly failed (return code {a.rc})")
        return program_from(a.image, a.origin, a.entry if args.entry is None else args.entry)
    if args.origin is None:
        raise IPLError(f"{path}: a binary image needs --origin")
    return program_from(data, args.origin, args.entry)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if not (args.card or args.tape or args.disk):
        print("s370-iplmake: nothing to do (give --card, --tape and/or --disk)", file=sys.stderr)
        return 2
    from media.ckd.errors import DasdError
    from media.tape.image import TapeError
    try:
        prog = load_program(args)
        where = f"at {prog.origin:06X}, entry {int.from_bytes(prog.psw[5:], 'big'):06X}"
        if args.card:
            print(f"{args.card}: {write_cards(args.card, prog)} cards, {len(prog.image)} bytes {where}")
        if args.tape:
            print(f"{args.tape}: {write_tape(args.tape, prog)} blocks + 2 tape marks, "
                  f"{len(prog.image)} bytes {where}")
        if args.disk:
            n = write_disk(args.disk, prog, args.devtype, args.volser, args.cyls, args.compress)
            print(f"{args.disk}: {args.devtype} volume {args.volser.upper()}, {n} cylinder(s), "
                  f"{len(prog.image)} bytes {where}")
    except (IPLError, DasdError, TapeError) as e:
        print(f"s370-iplmake: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"s370-iplmake: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
