"""Relocating linking loader for object decks (ESD/TXT/RLD/END).

Decks are placed one after another from the load address (each on a
doubleword boundary; the control sections of one deck keep their assembled
distances).  External references (ER) are resolved against the SD and LD
names of all decks; unresolved weak references (WX) are zero, unresolved
strong ones are reported.  Every RLD item adds (or subtracts) the
relocation value of its R-pointer: the relocation factor of a section,
or the address of an external symbol.
"""

from dataclasses import dataclass, field

import numpy as np

from .objdeck import read_deck, split_decks, DeckError, RLD_MINUS

ALIGN = 8


class LoadError(Exception):
    pass


@dataclass
class LoadResult:
    entry: int
    origin: int
    end: int
    image: bytes
    symbols: dict = field(default_factory=dict)       # SD/LD name -> load address
    unresolved: list = field(default_factory=list)    # ER names with no definition
    messages: list = field(default_factory=list)


def _as_decks(decks):
    if isinstance(decks, (bytes, bytearray, memoryview)):
        decks = [bytes(decks)]
    out = []
    for d in decks:
        if isinstance(d, str):
            with open(d, "rb") as f:
                d = f.read()
        elif hasattr(d, "object_deck"):
            d = d.object_deck()
        out.extend(split_decks(bytes(d)))
    return out


def link_decks(decks, addr: int = 0):
    """Link decks to run at ``addr``; returns a LoadResult (nothing is stored)."""
    parsed = []
    for k, d in enumerate(_as_decks(decks)):
        try:
            parsed.append(read_deck(d))
        except DeckError as e:
            raise LoadError(f"deck {k + 1}: {e}") from None
    if not parsed:
        raise LoadError("no object decks to load")
    symbols = {}
    messages = []
    placements = []          # per deck: esdid -> relocation factor (SD/PC)
    cur = (addr + ALIGN - 1) & ~(ALIGN - 1)
    origin = cur
    for deck in parsed:
        sds = [it for it in deck["esd"] if it[1] in ("SD", "PC")]
        factors = {}
        if sds:
            low = min(it[3] for it in sds)
            high = max(it[3] + it[4] for it in sds)
            for it in deck["txt"]:
                high = max(high, it[1] + len(it[2]))
            factor = cur - low
            for name, typ, esdid, a, ln in sds:
                factors[esdid] = factor
                if name:
                    if name in symbols:
                        messages.append(f"duplicate section name {name} ignored")
                    else:
                        symbols[name] = a + factor
            cur = (cur + (high - low) + ALIGN - 1) & ~(ALIGN - 1)
        placements.append(factors)
    for deck, factors in zip(parsed, placements):
        for name, typ, esdid, a, owner in deck["esd"]:
            if typ == "LD":
                if owner not in factors:
                    messages.append(f"entry {name} refers to an unknown section")
                    continue
                if name in symbols:
                    messages.append(f"duplicate entry name {name} ignored")
                else:
                    symbols[name] = a + factors[owner]
    end = cur
    image = bytearray(max(0, end - origin))
    unresolved = []
    entry = None
    for deck, factors in zip(parsed, placements):
        values = dict(factors)
        for name, typ, esdid, a, ln in deck["esd"]:
            if typ in ("ER", "WX"):
                if name in symbols:
                    values[esdid] = symbols[name]
                else:
                    values[esdid] = 0
                    if typ == "ER" and name not in unresolved:
                        unresolved.append(name)
        for esdid, a, data in deck["txt"]:
            if esdid not in factors:
                raise LoadError(f"TXT record for unknown section ESDID {esdid}")
            p = a + factors[esdid] - origin
            if p < 0 or p + len(data) > len(image):
                raise LoadError(f"TXT record at {a:06X} lies outside its section")
            image[p:p + len(data)] = data
        for r, pid, flags, a in deck["rld"]:
            if pid not in factors or r not in values:
                raise LoadError(f"RLD item with unknown ESDID ({r}, {pid})")
            length = ((flags >> 2) & 3) + 1
            p = a + factors[pid] - origin
            if p < 0 or p + length > len(image):
                raise LoadError(f"RLD address {a:06X} lies outside its section")
            old = int.from_bytes(image[p:p + length], "big")
            delta = values[r]
            new = old - delta if flags & RLD_MINUS else old + delta
            image[p:p + length] = (new & ((1 << (8 * length)) - 1)).to_bytes(length, "big")
        if entry is None and deck["entry"] is not None:
            esdid, a = deck["entry"]
            if esdid in factors:
                entry = a + factors[esdid]
            elif esdid in values:
                entry = values[esdid]
    if entry is None:
        entry = origin
    for name in unresolved:
        messages.append(f"unresolved external reference {name}")
    return LoadResult(entry, origin, end, bytes(image), symbols, unresolved, messages)


def load_decks(cpu, decks, addr: int = 0x20000):
    """Load object decks into ``cpu`` storage at ``addr`` (relocating and linking).

    ``cpu`` is any object with ``load(addr, data)`` (the CPU) or a ``mem`` array.
    Returns the LoadResult: entry point, symbol addresses, unresolved names."""
    res = link_decks(decks, addr)
    if cpu is not None:
        if hasattr(cpu, "load"):
            cpu.load(res.origin, res.image)
        else:
            mem = cpu.mem
            if res.origin + len(res.image) > len(mem):
                raise LoadError("program does not fit in storage")
            mem[res.origin:res.origin + len(res.image)] = np.frombuffer(res.image, dtype=np.uint8)
    return res
