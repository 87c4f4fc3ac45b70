"""EBCDIC for every device and tool, on Python's own code page 037 codec.

Code page: 037 (CECP USA/Canada), the US EBCDIC of the 3270, the 3215 and VM/370 text,
and what Python calls "cp037" (cp500 and cp1047 differ in the brackets, '!', '^' and
'|' positions).  Hercules 3.13's built-in "default" table (codepage.c) is close to it
but not equal: it takes X'AD'/X'BD' for '[' ']', X'5F' for '^' and X'6A' for '|', and its
3215 and printer turn every code that is not a printable host character into a blank.
We keep 037 throughout (the assembler, CMS and the 3270 use it too) and Hercules' rule
for non-graphics: ``printable()`` shows them as blanks.

    encode(text) -> bytes      text to EBCDIC; a character 037 lacks becomes '?' (X'6F')
    decode(data) -> str        exact: every one of the 256 codes has a character
    printable(data) -> str     what a console or printer shows: ASCII graphics as they
                               are, the cent sign X'4A' as '[' (no ASCII cent; kept from
                               the devices' earlier table), every other code a blank
"""

from __future__ import annotations

CODEPAGE = "cp037"
BLANK = 0x40                            # the EBCDIC space

_CENT = "\xa2"
# One 256-entry table for printable(), derived from the codec (not typed in by hand).
_PRINTABLE = "".join(
    "[" if c == _CENT else (c if c.isprintable() and ord(c) < 0x7F else " ")
    for c in bytes(range(256)).decode(CODEPAGE))
_PRINTABLE_MAP = {i: c for i, c in enumerate(_PRINTABLE)}


def encode(text: str) -> bytes:
    return text.encode(CODEPAGE, errors="replace")


def decode(data) -> str:
    return bytes(data).decode(CODEPAGE)


def printable(data) -> str:
    """EBCDIC bytes -> printable ASCII text (non-graphic codes become blanks)."""
    return bytes(data).decode("latin-1").translate(_PRINTABLE_MAP)
