"""IBM standard tape labels (80-byte EBCDIC records VOL1, HDR1/2, EOF1/2, EOV1/2).

Field positions are the z/OS DFSMS "Using Magnetic Tapes" standard-label layout
(1-based columns): VOL1 5-10 volume serial, 42-51 owner; HDR1/EOF1/EOV1 5-21 data
set identifier, 22-27 volume serial, 28-31 volume sequence, 32-35 data set sequence,
36-39 generation, 40-41 version, 42-47 creation date, 48-53 expiration date, 54
security, 55-60 block count, 61-73 system code, 78-80 block count high (later
systems); HDR2/EOF2 5 record format, 6-10 block length, 11-15 record length, 16
density, 17 data set position, 18-34 job/step, 35-36 recording technique, 37 control
character, 39 block attribute.  Hercules' hetmap displays the same fields.
"""

from __future__ import annotations

LABEL_IDS = ("VOL1", "HDR1", "HDR2", "EOF1", "EOF2", "EOV1", "EOV2", "UHL", "UTL")


def as_text(block: bytes) -> str:
    """EBCDIC (code page 037) to printable ASCII, non-printables as '.'."""
    text = block.decode("cp037", errors="replace")
    return "".join(c if c.isprintable() and ord(c) < 127 else "." for c in text)


def label_id(block) -> str | None:
    """The label identifier if ``block`` looks like a standard label, else None."""
    if not isinstance(block, (bytes, bytearray)) or len(block) != 80:
        return None
    head = as_text(block[:4])
    for ident in LABEL_IDS:
        if head.startswith(ident):
            return head
    return None


def _f(text: str, first: int, last: int) -> str:
    return text[first - 1:last]


def describe(block: bytes) -> list[str]:
    """Decoded fields of a standard label, one 'name: value' string each."""
    t = as_text(block)
    ident = t[:4]
    if ident == "VOL1":
        return [f"volume serial: {_f(t, 5, 10).strip()}", f"owner: {_f(t, 42, 51).strip()}"]
    if ident in ("HDR1", "EOF1", "EOV1"):
        out = [f"data set: {_f(t, 5, 21).strip()}", f"volume: {_f(t, 22, 27).strip()}",
               f"volume seq: {_f(t, 28, 31)}", f"data set seq: {_f(t, 32, 35)}",
               f"created: {_f(t, 42, 47)}", f"expires: {_f(t, 48, 53)}",
               f"system: {_f(t, 61, 73).strip()}"]
        if ident != "HDR1":
            out.insert(6, f"block count: {_f(t, 55, 60)}")
        return out
    if ident in ("HDR2", "EOF2", "EOV2"):
        return [f"recfm: {_f(t, 5, 5)}{_f(t, 39, 39).strip()}", f"blksize: {_f(t, 6, 10)}",
                f"lrecl: {_f(t, 11, 15)}", f"density: {_f(t, 16, 16)}",
                f"job/step: {_f(t, 18, 34).strip()}"]
    return []
