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
    # h-cmds: numbers and modules as VM/370 R6; texts follow later VM's HCP messages of the
    # same number where the R6 wording could not be checked (unverified).
    ("CDB", 4, "E", "INVALID HEXLOC - {hexloc}"),
    ("CDB", 5, "E", "INVALID HEXDATA - {hexdata}"),
    ("DEF", 6, "E", "INVALID DEVICE TYPE - {devtype}"),
    ("CDB", 9, "E", "INVALID RANGE - {range}"),
    ("CDB", 10, "E", "INVALID REGISTER - {register}"),
    ("CFM", 13, "E", "CONFLICTING OPTION - {option}"),
    ("CFM", 20, "E", "USERID MISSING OR INVALID"),
    ("CFM", 22, "E", "VADDR MISSING OR INVALID"),
    ("DEF", 24, "E", "CYLINDERS MISSING OR INVALID"),
    ("DEF", 25, "E", "STORAGE MISSING OR INVALID"),
    ("CFM", 26, "E", "OPERAND MISSING OR INVALID"),
    ("CDB", 33, "E", "HEXLOC MISSING OR INVALID"),
    ("CDB", 34, "E", "HEXDATA MISSING OR INVALID"),
    ("CFM", 40, "E", "DEV {vaddr} DOES NOT EXIST"),
    ("CSU", 42, "E", "SPOOLID {spoolid} DOES NOT EXIST"),
    ("CFG", 44, "E", "SYSTEM {name} DOES NOT EXIST"),
    ("CFM", 45, "E", "{userid} NOT LOGGED ON"),
    ("LOG", 50, "E", "PASSWORD INCORRECT - REENTER LOGON"),
    ("LOG", 53, "E", "{userid} NOT IN CP DIRECTORY"),
    ("LOG", 54, "E", "ALREADY LOGGED ON {where}"),
    ("MSG", 57, "W", "{userid} NOT RECEIVING; {reason}"),
    # LINK (DMKLNK): numbers and texts as VM kept them later; unverified against R6 GC20-1808
    ("LNK", 101, "W", "DASD {vaddr} FORCED R/O; R/O BY {ro} {ro_users}"),
    ("LNK", 102, "W", "DASD {vaddr} FORCED R/O; R/W BY {rw} {rw_users}"),
    ("LNK", 103, "W", "DASD {vaddr} FORCED R/O; R/W BY {rw} {rw_users}; R/O BY {ro} {ro_users}"),
    ("LNK", 104, "E", "{userid} {owner_vaddr} NOT LINKED; R/O BY {ro} {ro_users}"),
    ("LNK", 105, "E", "{userid} {owner_vaddr} NOT LINKED; R/W BY {rw} {rw_users}"),
    ("LNK", 106, "E", "{userid} {owner_vaddr} NOT LINKED; R/W BY {rw} {rw_users}; "
                      "R/O BY {ro} {ro_users}"),
    ("LNK", 107, "E", "{userid} {owner_vaddr} NOT LINKED; NOT IN CP DIRECTORY"),
    ("LNK", 108, "E", "{userid} {owner_vaddr} NOT LINKED; VOLID {volser} NOT MOUNTED"),
    ("LNK", 110, "E", "{userid} {owner_vaddr} NOT LINKED; DASD {vaddr} ALREADY DEFINED"),
    ("LNK", 111, "E", "{userid} {owner_vaddr} NOT LINKED; NO READ PASSWORD"),
    ("LNK", 112, "E", "{userid} {owner_vaddr} NOT LINKED; NO WRITE PASSWORD"),
    ("LNK", 113, "E", "{userid} {owner_vaddr} NOT LINKED; NO MULT PASSWORD"),
    ("LNK", 114, "E", "{userid} {owner_vaddr} NOT LINKED; PASSWORD INCORRECT"),
    ("CDB", 160, "E", "HEXLOC {hexloc} EXCEEDS STORAGE"),
    # h-saved: texts as VM/SP's messages of these numbers (unverified for R6)
    ("VMA", 181, "E", "SHARED PAGE {hexloc} ALTERED BY {userid}"),
    ("DSP", 450, "W", "CP ENTERED; {reason}"),
    ("VMA", 456, "W", "CP ENTERED; {name} SHARED PAGE {hexloc} ALTERED"),
    ("CKP", 960, "I", "SYSTEM WARM START DATA SAVED"),
    ("CKP", 961, "W", "SYSTEM SHUTDOWN COMPLETE"),
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
