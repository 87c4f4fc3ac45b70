"""IPL decks: turn a program image into records a bare machine can IPL.

Card reader IPL (Principles of Operation, initial program loading): the
channel reads the first card with a READ CCW of count 24 into location 0
(command chaining and SLI on), then continues the chain with the CCWs now
at locations 8 and 16, and finally loads the PSW from location 0.

Card deck layout built here:
  card 1     IPL PSW | READ next card into CCW buffer A (CC,SLI) | TIC to A
  CCW card   up to 8 READs of the following data cards (CC,SLI), then
             READ the next CCW card into the other buffer (CC,SLI) and TIC to it;
             on the last CCW card the chain simply ends after the last data card
  data cards the image, 80 bytes a card (the last one padded with zeros)
The two CCW buffers (160 bytes) lie after the image unless placed with
``ccw_area``.  If the image itself covers locations 0-7, the program's own
doubleword at 0 becomes the IPL PSW.
"""

import os
import tempfile

CARD = 80
CCW_READ = 0x02
CCW_TIC = 0x08
FLAG_CC = 0x40
FLAG_SLI = 0x20
DATA_PER_CCW_CARD = 8
IPL_CCW_AREA = 24
TAPE_CHUNK = 32760


class IPLError(ValueError):
    pass


def ccw(cmd, addr, flags, count):
    """A format-0 CCW: command, 24-bit data address, flags, count."""
    if not 0 <= addr <= 0xFFFFFF:
        raise IPLError(f"CCW address {addr:#x} beyond 16M")
    return bytes([cmd]) + addr.to_bytes(3, "big") + bytes([flags, 0]) + count.to_bytes(2, "big")


def bc_psw(entry, key=0, system_mask=0, program_mask=0):
    """A basic-control-mode PSW: masks 0, key, problem state off, entry address."""
    return bytes([system_mask, key << 4, 0, 0, program_mask & 0x0F]) + (entry & 0xFFFFFF).to_bytes(3, "big")


def _unpack(image, origin, entry):
    if hasattr(image, "image") and hasattr(image, "origin"):
        asm = image
        image = asm.image
        origin = asm.origin
        entry = asm.entry if entry is None else entry
    return bytes(image), origin, (origin if entry is None else entry)


def ipl_card_deck(image, origin: int = 0, entry=None, psw: bytes = None, ccw_area: int = None):
    """Program image (or an Assembly) -> list of 80-byte EBCDIC card images that IPL."""
    image, origin, entry = _unpack(image, origin, entry)
    if not image:
        raise IPLError("empty program image")
    end = origin + len(image)
    if end > 0xFFFFFF:
        raise IPLError("program image beyond 16M")
    if psw is None:
        psw = bc_psw(entry)
    if len(psw) != 8:
        raise IPLError("IPL PSW must be 8 bytes")
    if ccw_area is None:
        ccw_area = max((end + 7) & ~7, IPL_CCW_AREA)
    bufs = (ccw_area, ccw_area + CARD)
    if ccw_area & 7 or (ccw_area < end and ccw_area + 2 * CARD > origin) or ccw_area < IPL_CCW_AREA:
        raise IPLError(f"CCW area {ccw_area:#x} must be doubleword aligned, above 24 and "
                       "outside the program image")
    chunks = [image[k:k + CARD] for k in range(0, len(image), CARD)]
    first = psw + ccw(CCW_READ, bufs[0], FLAG_CC | FLAG_SLI, CARD) + ccw(CCW_TIC, bufs[0], 0, 1)
    cards = [first.ljust(CARD, b"\x00")]
    groups = [chunks[k:k + DATA_PER_CCW_CARD] for k in range(0, len(chunks), DATA_PER_CCW_CARD)]
    addr = origin
    for g, group in enumerate(groups):
        last_group = g == len(groups) - 1
        ccws = bytearray()
        for k, chunk in enumerate(group):
            final = last_group and k == len(group) - 1
            flags = FLAG_SLI if final else FLAG_CC | FLAG_SLI
            ccws += ccw(CCW_READ, addr, flags, len(chunk))
            addr += len(chunk)
        if not last_group:
            nxt = bufs[(g + 1) % 2]
            ccws += ccw(CCW_READ, nxt, FLAG_CC | FLAG_SLI, CARD) + ccw(CCW_TIC, nxt, 0, 1)
        cards.append(bytes(ccws).ljust(CARD, b"\x00"))
        cards.extend(c.ljust(CARD, b"\x00") for c in group)
    return cards


def ipl_tape_records(image, origin: int = 0, entry=None, psw: bytes = None, ccw_area: int = None):
    """Program image -> list of tape records (bytes) that IPL from a tape drive.

    Record 1 (read by the IPL CCW): PSW | READ record 2 into the CCW area | TIC.
    Record 2: the READ CCWs for the data records.  Records 3..: the image."""
    image, origin, entry = _unpack(image, origin, entry)
    if not image:
        raise IPLError("empty program image")
    end = origin + len(image)
    if psw is None:
        psw = bc_psw(entry)
    chunks = [image[k:k + TAPE_CHUNK] for k in range(0, len(image), TAPE_CHUNK)]
    if ccw_area is None:
        ccw_area = max((end + 7) & ~7, IPL_CCW_AREA)
    if ccw_area & 7 or (ccw_area < end and ccw_area + 8 * len(chunks) > origin):
        raise IPLError("CCW area must be doubleword aligned and outside the program image")
    ccws = bytearray()
    addr = origin
    for k, chunk in enumerate(chunks):
        flags = FLAG_SLI if k == len(chunks) - 1 else FLAG_CC | FLAG_SLI
        ccws += ccw(CCW_READ, addr, flags, len(chunk))
        addr += len(chunk)
    first = psw + ccw(CCW_READ, ccw_area, FLAG_CC | FLAG_SLI, len(ccws)) + ccw(CCW_TIC, ccw_area, 0, 1)
    return [first, bytes(ccws)] + chunks


def write_card_deck(path, cards):
    """Write cards to a file atomically (EBCDIC reader format: plain 80-byte images)."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".ipl")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"".join(cards))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
