"""80-column object decks: ESD, TXT, RLD and END cards (OS/360 - CMS format).

Every card starts with X'02' and the EBCDIC record type in columns 2-4;
columns 73-80 hold the deck identification and a sequence number.

ESD  col 11-12 byte count of items, 15-16 ESDID of the first SD/PC/ER item,
     17-64 up to three 16-byte items: name(8) type(1) address(3) flag(1) length(3)
     (for an LD item the last three bytes are the ESDID of its section).
TXT  col 6-8 address, 11-12 byte count, 15-16 ESDID, 17-72 up to 56 bytes of text.
RLD  col 11-12 byte count, 17-72 items: R-pointer(2) P-pointer(2) flag(1) address(3);
     flag bits 0-3 type (0 A-con, 1 V-con), 4-5 length-1, 6 direction (1 = minus),
     7 the next item has the same pointers and omits them.
END  col 6-8 entry address, 15-16 its ESDID (blank when no entry is named).
"""

from .expr import EBCDIC

CARD = 80
BLANK = 0x40
ESD_TYPES = {"SD": 0x00, "LD": 0x01, "ER": 0x02, "PC": 0x04, "CM": 0x05, "WX": 0x0A}
ESD_NAMES = {v: k for k, v in ESD_TYPES.items()}
TXT_MAX = 56
ESD_ITEMS_PER_CARD = 3
RLD_MAX = 56
RLD_VCON = 0x10
RLD_MINUS = 0x02
RLD_SAME = 0x01


def ebcdic(text, n):
    return text[:n].ljust(n).encode(EBCDIC)


def _card(kind, fields, seq, deck_id):
    c = bytearray([BLANK] * CARD)
    c[0] = 0x02
    c[1:4] = kind.encode(EBCDIC)
    for off, data in fields:
        c[off:off + len(data)] = data
    ident = (deck_id[:4].ljust(4) + f"{seq:04d}")[:8]
    c[72:80] = ident.encode(EBCDIC)
    return bytes(c)


def write_deck(esd_items, texts, rlds, entry=None, deck_id="", idr=None):
    """Build a deck.

    esd_items: list of (name, type, esdid_or_None, address, length_or_owner)
      for SD/PC/ER/WX: esdid, address, length; for LD: None, address, owner esdid.
    texts: list of (esdid, address, bytes) - any length; split into 56-byte cards.
    rlds: list of (r_esdid, p_esdid, flags, address).
    entry: (esdid, address) or None.
    """
    cards = []
    seq = 1

    def add(kind, fields):
        nonlocal seq
        cards.append(_card(kind, fields, seq, deck_id))
        seq += 1

    # ESD: an LD item may not be the first on a card that names an ESDID,
    # so put SD/PC/ER/WX items first in groups and LD items on their own cards.
    numbered = [it for it in esd_items if it[1] != "LD"]
    lds = [it for it in esd_items if it[1] == "LD"]
    groups = []
    k = 0
    while k < len(numbered):
        grp = [numbered[k]]
        k += 1
        # items on one card must have consecutive ESDIDs
        while (k < len(numbered) and len(grp) < ESD_ITEMS_PER_CARD
               and numbered[k][2] == grp[-1][2] + 1):
            grp.append(numbered[k])
            k += 1
        groups.append(grp)
    for k in range(0, len(lds), ESD_ITEMS_PER_CARD):
        groups.append(lds[k:k + ESD_ITEMS_PER_CARD])
    for grp in groups:
        data = bytearray()
        for name, typ, esdid, addr, tail in grp:
            item = bytearray(ebcdic(name, 8))
            item.append(ESD_TYPES[typ])
            if typ in ("ER", "WX"):
                item += bytes([BLANK] * 7)
            else:
                item += (addr & 0xFFFFFF).to_bytes(3, "big")
                if typ == "LD":
                    item.append(BLANK)
                    item += (tail & 0xFFFFFF).to_bytes(3, "big")
                else:
                    item.append(0x00)
                    item += (tail & 0xFFFFFF).to_bytes(3, "big")
            data += item
        first_id = grp[0][2]
        fields = [(10, len(data).to_bytes(2, "big")), (16, bytes(data))]
        if first_id is not None:
            fields.append((14, first_id.to_bytes(2, "big")))
        add("ESD", fields)
    for esdid, addr, data in texts:
        for k in range(0, len(data), TXT_MAX):
            part = data[k:k + TXT_MAX]
            add("TXT", [(5, (addr + k).to_bytes(3, "big")), (10, len(part).to_bytes(2, "big")),
                        (14, esdid.to_bytes(2, "big")), (16, part)])
    items = [r_id.to_bytes(2, "big") + p_id.to_bytes(2, "big") + bytes([flags])
             + (addr & 0xFFFFFF).to_bytes(3, "big") for r_id, p_id, flags, addr in rlds]
    for k in range(0, len(items), RLD_MAX // 8):
        data = b"".join(items[k:k + RLD_MAX // 8])
        add("RLD", [(10, len(data).to_bytes(2, "big")), (16, data)])
    fields = []
    if entry is not None:
        fields = [(5, (entry[1] & 0xFFFFFF).to_bytes(3, "big")), (14, entry[0].to_bytes(2, "big"))]
    add("END", fields)
    return b"".join(cards)


class DeckError(Exception):
    pass


def read_deck(data):
    """Parse an object deck into its records.

    Returns dict with 'esd' list of (name, type, esdid, address, length/owner),
    'txt' list of (esdid, address, bytes), 'rld' list of (r, p, flags, address),
    'entry' (esdid, address) or None, 'name'."""
    if len(data) % CARD:
        raise DeckError(f"object deck length {len(data)} is not a multiple of 80")
    esd, txt, rld = [], [], []
    entry = None
    ended = False
    for k in range(0, len(data), CARD):
        c = data[k:k + CARD]
        if c[0] != 0x02:
            continue            # not an object-module card (e.g. a control card)
        kind = c[1:4].decode(EBCDIC)
        count = int.from_bytes(c[10:12], "big") if c[10:12] != b"\x40\x40" else 0
        if kind == "ESD":
            if count % 16 or count > 48:
                raise DeckError(f"card {k // CARD + 1}: bad ESD byte count {count}")
            esdid = int.from_bytes(c[14:16], "big") if c[14:16] != b"\x40\x40" else None
            for j in range(count // 16):
                item = c[16 + 16 * j:32 + 16 * j]
                name = item[:8].decode(EBCDIC).rstrip()
                t = ESD_NAMES.get(item[8])
                if t is None:
                    raise DeckError(f"card {k // CARD + 1}: unknown ESD type {item[8]:#x}")
                addr = int.from_bytes(item[9:12], "big")
                tail = int.from_bytes(item[13:16], "big")
                if t == "LD":
                    esd.append((name, t, None, addr, tail))
                else:
                    if esdid is None:
                        raise DeckError(f"card {k // CARD + 1}: ESD item without ESDID")
                    esd.append((name, t, esdid, addr, tail if t in ("SD", "PC") else 0))
                    esdid += 1
        elif kind == "TXT":
            if count > TXT_MAX:
                raise DeckError(f"card {k // CARD + 1}: bad TXT byte count {count}")
            txt.append((int.from_bytes(c[14:16], "big"), int.from_bytes(c[5:8], "big"),
                        bytes(c[16:16 + count])))
        elif kind == "RLD":
            if count > RLD_MAX:
                raise DeckError(f"card {k // CARD + 1}: bad RLD byte count {count}")
            j = 16
            end = 16 + count
            r = p = None
            same = False
            while j < end:
                if not same:
                    r = int.from_bytes(c[j:j + 2], "big")
                    p = int.from_bytes(c[j + 2:j + 4], "big")
                    j += 4
                flags = c[j]
                addr = int.from_bytes(c[j + 1:j + 4], "big")
                j += 4
                rld.append((r, p, flags, addr))
                same = bool(flags & RLD_SAME)
        elif kind == "END":
            if c[14:16] != b"\x40\x40" and c[5:8] != b"\x40\x40\x40":
                entry = (int.from_bytes(c[14:16], "big"), int.from_bytes(c[5:8], "big"))
            ended = True
            break
    if not ended:
        raise DeckError("object deck has no END card")
    return {"esd": esd, "txt": txt, "rld": rld, "entry": entry}


def split_decks(data):
    """Split concatenated decks at their END cards."""
    out = []
    start = 0
    for k in range(0, len(data) - len(data) % CARD, CARD):
        if data[k] == 0x02 and data[k + 1:k + 4] == "END".encode(EBCDIC):
            out.append(data[start:k + CARD])
            start = k + CARD
    if start < len(data) and data[start:].strip(b"\x40"):
        out.append(data[start:])
    return out
