"""CP's messages: one table of VM/370's DMKmmmnnnt messages, and how a user sees them.

A message is ``DMK`` + the issuing module (CFM console function mode, LNK link,
LOG logon, ...) + its number + its severity letter, then the text.  The number is
also the return code CP gives a DIAG X'08' caller.  ``SET EMSG`` decides what the
user is shown: ON (id and text), TEXT, CODE (id only) or OFF.

Texts marked *unverified* in ``../shared/spec/cp.md`` follow later VM's HCP
messages of the same number; correct them here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    module: str           # 'CFM'
    number: int           # 1
    severity: str         # 'E'
    text: str             # 'UNKNOWN CP COMMAND' ({name} fields filled by format)

    @property
    def ident(self) -> str:
        return f"DMK{self.module}{self.number:03d}{self.severity}"


def _table(rows) -> dict[int, Message]:
    out: dict[int, Message] = {}
    for module, number, severity, text in rows:
        if number in out:
            raise ValueError(f"message {number} twice in the table")
        out[number] = Message(module, number, severity, text)
    return out


# (module, number, severity, text).  Helpers add rows here, one table for all of CP.
MESSAGES = _table([
    ("CFM", 1, "E", "UNKNOWN CP COMMAND"),
    ("CFM", 2, "E", "INVALID OPERAND - {operand}"),
    ("CFM", 3, "E", "INVALID OPTION - {option}"),
    ("CFM", 20, "E", "USERID MISSING OR INVALID"),
    ("CFM", 22, "E", "VADDR MISSING OR INVALID"),
    ("CFM", 26, "E", "OPERAND MISSING OR INVALID"),
    ("CFM", 40, "E", "DEV {vaddr} DOES NOT EXIST"),
    ("CSU", 42, "E", "SPOOLID {spoolid} DOES NOT EXIST"),
    ("CFM", 45, "E", "{userid} NOT LOGGED ON"),
    ("LOG", 50, "E", "PASSWORD INCORRECT - REENTER LOGON"),
    ("LOG", 53, "E", "{userid} NOT IN CP DIRECTORY"),
    ("LOG", 54, "E", "ALREADY LOGGED ON {where}"),
])

EMSG_SETTINGS = ("ON", "OFF", "TEXT", "CODE")


def message(number: int, **fields) -> tuple[Message, str]:
    """The table row and its text with ``fields`` filled in (KeyError: not in the table)."""
    m = MESSAGES[number]
    return m, m.text.format(**fields)


def render(number: int, emsg: str = "ON", **fields) -> str | None:
    """The line a user with ``SET EMSG emsg`` sees for message ``number``, or None (OFF)."""
    m, text = message(number, **fields)
    if emsg == "OFF":
        return None
    if emsg == "CODE":
        return m.ident
    if emsg == "TEXT":
        return text
    return f"{m.ident} {text}"
