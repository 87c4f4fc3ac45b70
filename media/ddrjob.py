"""DDR's functions on open images and tapes: DUMP, RESTORE, COPY, PRINT.

The record formats are ``media.ddr``; this module moves tracks between a CKD/CCKD
image (``media.ckd``) and an AWS/HET tape (``media.tape``) the way VM/370 DDR does,
over cylinder extents (DDR's ``cyl1 TO cyl2 REORDER cyl3`` and ``ALL``).  Files are
the caller's business (tools/ddr.py writes every output through a temporary file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from media.ddr import (TAG_EOJ, DdrError, DumpReader, encode_track, relocate_track,
                       volume_header)
from media.ckd.track import parse_track

Progress = Callable[[int, int, int], None]        # (tracks done, tracks in all, bytes)


@dataclass(frozen=True)
class Extent:
    """Cylinders first..last; on RESTORE/COPY written from cylinder ``to`` on (REORDER)."""
    first: int
    last: int
    to: int | None = None

    @property
    def target(self) -> int:
        return self.first if self.to is None else self.to

    def __str__(self) -> str:
        text = f"{self.first} TO {self.last}"
        return text + (f" REORDER {self.to}" if self.to is not None else "")


_COMPACT = re.compile(r"^(\d+)(?:-(\d+))?(?::(\d+))?$")


def parse_extents(words: list[str]) -> list[Extent] | None:
    """DDR's operands after DUMP/RESTORE/COPY/PRINT: ``ALL`` (None) or extents, each
    ``cyl1 [TO cyl2 [REORDER cyl3]]`` or the short forms ``c1-c2`` and ``c1-c2:c3``."""
    toks = [w.upper() for w in words]
    if not toks or toks == ["ALL"]:
        return None
    out: list[Extent] = []
    i = 0
    while i < len(toks):
        m = _COMPACT.match(toks[i])
        if not m:
            raise DdrError(f"invalid cylinder extent {words[i]!r} "
                           "(ALL, cyl1 [TO cyl2 [REORDER cyl3]], c1-c2 or c1-c2:c3)")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        to = int(m.group(3)) if m.group(3) else None
        i += 1
        if not m.group(2) and i < len(toks) and toks[i] == "TO":
            if i + 1 >= len(toks) or not toks[i + 1].isdigit():
                raise DdrError("TO must be followed by a cylinder number")
            last = int(toks[i + 1])
            i += 2
        if i < len(toks) and toks[i] == "REORDER":
            if i + 1 >= len(toks) or not toks[i + 1].isdigit():
                raise DdrError("REORDER must be followed by a cylinder number")
            to = int(toks[i + 1])
            i += 2
        if last < first:
            raise DdrError(f"cylinder extent {first} TO {last} runs backwards")
        out.append(Extent(first, last, to))
    return out


def check_extents(extents: list[Extent] | None, cyls: int, what: str) -> list[Extent]:
    """The extents (ALL = the whole volume), each checked against ``cyls``."""
    if extents is None:
        return [Extent(0, cyls - 1)]
    for e in extents:
        if e.last >= cyls:
            raise DdrError(f"cylinder {e.last} is beyond the end of the {what} "
                           f"({cyls} cylinders, 0-{cyls - 1})")
        if e.to is not None and e.to + (e.last - e.first) >= cyls:
            raise DdrError(f"REORDER {e.to}: cylinders {e.to}-{e.to + e.last - e.first} "
                           f"are beyond the end of the {what} ({cyls} cylinders)")
    return extents


def _nothing(done: int, total: int, nbytes: int) -> None:
    pass


def volser_of(image) -> str:
    """The VOL1 label's volume serial on cylinder 0 head 0, or '' if there is none."""
    vol1 = "VOL1".encode("cp037")
    try:
        _c, _h, recs = parse_track(image.read_track(0), 0)
    except ValueError:
        return ""
    for r in recs:
        if r.key == vol1 or r.data[:4] == vol1:
            return r.data[4:10].decode("cp037").strip()
    return ""


# --- DUMP ----------------------------------------------------------------------------------
def dump(image, tape, extents: list[Extent] | None = None, *, clock: int | None = None,
         progress: Progress = _nothing) -> dict:
    """Dump cylinders of ``image`` to ``tape`` at its current position:
    VHR, the tracks, EOJ, two tapemarks.  Returns counts for the report."""
    ext = check_extents(extents, image.cyls, "input volume")
    if any(e.to is not None for e in ext):
        raise DdrError("REORDER applies to RESTORE and COPY, not to DUMP")
    heads = image.heads
    volser = volser_of(image)
    vhr = volume_header(image.geometry, image.cyls, volser, (ext[0].first, 0), clock)
    tape.write(vhr.pack())
    total = sum(e.last - e.first + 1 for e in ext) * heads
    done = nbytes = 0
    last = (ext[0].first, 0)
    for e in ext:
        for trk in range(e.first * heads, (e.last + 1) * heads):
            blocks = encode_track(image.read_track(trk), trk)
            for b in blocks:
                tape.write(b)
                nbytes += len(b)
            done += 1
            last = divmod(trk, heads)
            if done % heads == 0:
                progress(done, total, nbytes)
    vhr.tag = TAG_EOJ
    vhr.cyl, vhr.head = last
    tape.write(vhr.pack())
    tape.write_tapemark()
    tape.write_tapemark()
    progress(total, total, nbytes)
    return {"volser": volser, "tracks": total, "bytes": nbytes, "header": vhr}


# --- RESTORE -------------------------------------------------------------------------------
def _target(cyl: int, extents: list[Extent] | None) -> int | None:
    if extents is None:
        return cyl
    for e in extents:
        if e.first <= cyl <= e.last:
            return e.target + (cyl - e.first)
    return None


def restore(reader: DumpReader, image, extents: list[Extent] | None = None, *,
            progress: Progress = _nothing) -> dict:
    """Write the tracks of the dump ``reader`` is at into ``image`` (ALL: every track at
    its own address; extents: only those cylinders, moved by REORDER)."""
    hdr = reader.header
    if hdr.heads != image.heads:
        raise DdrError(f"the dump is of a device with {hdr.heads} heads; the output "
                       f"volume has {image.heads}")
    dumped = hdr.recognised_type()
    if dumped is not None and dumped != image.geometry.devtype:
        raise DdrError(f"the dump is of a {dumped:04X}; the output volume is a "
                       f"{image.geometry.devtype:04X} (RESTORE needs the same device type)")
    if extents is not None:
        check_extents(extents, max(hdr.cyls, image.cyls), "output volume")
        total = sum(e.last - e.first + 1 for e in extents) * image.heads
    else:
        total = hdr.cyls * hdr.heads
    done = nbytes = 0
    for cyl, head, track in reader.tracks():
        to = _target(cyl, extents)
        if to is None:
            continue
        if to >= image.cyls or head >= image.heads:
            raise DdrError(f"track {cyl}/{head} of the dump does not fit on the output "
                           f"volume ({image.cyls} cylinders of {image.heads} heads)")
        if to != cyl:
            track = relocate_track(track, to, head)
        image.write_track(to * image.heads + head, track)
        done += 1
        nbytes = reader.nbytes
        if done % image.heads == 0:
            progress(done, total, nbytes)
    nbytes = reader.nbytes
    progress(done, max(done, total), nbytes)
    return {"volser": hdr.volser, "tracks": done, "bytes": nbytes, "trailer": reader.trailer}


# --- COPY ----------------------------------------------------------------------------------
def copy_volume(src, dst, extents: list[Extent] | None = None, *,
                progress: Progress = _nothing) -> dict:
    """Disk to disk, track by track (same device type), with REORDER."""
    if src.heads != dst.heads or src.geometry.devtype != dst.geometry.devtype:
        raise DdrError(f"input is a {src.geometry.name}, output a {dst.geometry.name}: "
                       "COPY needs the same device type")
    ext = check_extents(extents, src.cyls, "input volume")
    check_extents(ext, dst.cyls, "output volume")
    total = sum(e.last - e.first + 1 for e in ext) * src.heads
    done = nbytes = 0
    for e in ext:
        for cyl in range(e.first, e.last + 1):
            to = e.target + cyl - e.first
            for head in range(src.heads):
                track = src.read_track(cyl * src.heads + head)
                if to != cyl:
                    track = relocate_track(track, to, head)
                dst.write_track(to * dst.heads + head, track)
                done += 1
                nbytes += len(track)
            progress(done, total, nbytes)
    return {"tracks": done, "bytes": nbytes}


def copy_tape(reader: DumpReader, tape) -> dict:
    """Tape to tape: the dump's blocks re-written (DDR copies only tapes it dumped)."""
    tape.write(reader.header.pack())
    tracks = 0
    for _cyl, _head, track in reader.tracks():
        for b in encode_track(track):
            tape.write(b)
        tracks += 1
    tape.write(reader.trailer.pack())
    tape.write_tapemark()
    tape.write_tapemark()
    return {"tracks": tracks}


# --- PRINT / TYPE --------------------------------------------------------------------------
def _dump_lines(label: str, data: bytes) -> list[str]:
    out = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        words = " ".join(chunk[i:i + 4].hex().upper() for i in range(0, len(chunk), 4))
        text = "".join(c if c.isprintable() and c != "\x7f" else "."
                       for c in chunk.decode("cp037"))
        out.append(f"      {label:<4} {off:04X}  {words:<35}  *{text}*")
        label = ""
    return out


def format_track(cyl: int, head: int, image: bytes) -> list[str]:
    """DDR PRINT's picture of one track: home address, then each record's count, key
    and data in hexadecimal and EBCDIC."""
    _c, _h, recs = parse_track(image, cyl)
    lines = [f"CYL {cyl:04X} ({cyl}) HEAD {head:04X} ({head})  HA {image[:5].hex().upper()}"]
    for r in recs:
        lines.append(f"  R{r.rec:<3} COUNT {r.count.hex().upper()}")
        if r.key:
            lines += _dump_lines("KEY", r.key)
        if r.data:
            lines += _dump_lines("DATA", r.data)
    return lines


def print_volume(image, extents: list[Extent] | None, write: Callable[[str], None]) -> int:
    tracks = 0
    for e in check_extents(extents, image.cyls, "volume"):
        for cyl in range(e.first, e.last + 1):
            for head in range(image.heads):
                for line in format_track(cyl, head, image.read_track(cyl * image.heads + head)):
                    write(line)
                tracks += 1
    return tracks


def print_dump(reader: DumpReader, extents: list[Extent] | None,
               write: Callable[[str], None]) -> int:
    hdr = reader.header
    write(f"VOLUME {hdr.volser or '(none)'}  DUMPED {hdr.dumped_at} UTC  "
          f"{hdr.cyls} CYLINDERS OF {hdr.heads} HEADS")
    tracks = 0
    for cyl, head, image in reader.tracks():
        if _target(cyl, extents) is None:
            continue
        for line in format_track(cyl, head, image):
            write(line)
        tracks += 1
    t = reader.trailer
    write(f"{t.tag.decode('cp037').strip()}  LAST TRACK {t.cyl}/{t.head}")
    return tracks
