"""DIAGNOSE hypercalls: one table (``table.DIAGNOSE_CODES``) and one module per code or family;
``dispatch(user, code)`` is the VirtualMachine's ``diagnose`` hook.

The system binds it with ``vm.diagnose = lambda vm, code: dispatch(user, code)``.  It is
called after the intercept, with the guest PSW already past the DIAGNOSE and the
instruction's Rx/Ry in ``vm.sd.intercept_r1``/``intercept_r3``.  DIAGNOSE in the
guest's problem state never gets here: the core gives the guest its own
privileged-operation exception.
"""

from __future__ import annotations

from s370.cpu import layout as L
from sie import reflect_program

from .call import DiagCall, ProgramCheck
from .table import DIAGNOSE_CODES, DiagCode

__all__ = ["dispatch", "DIAGNOSE_CODES", "DiagCode", "DiagCall", "ProgramCheck"]


def _has_class(user, classes: str) -> bool:
    if not classes:
        return True
    check = getattr(user, "has_class", None)
    if check is not None:
        return bool(check(classes))
    held = getattr(user, "classes", "") or ""
    return any(c in held for c in classes)


def dispatch(user, code: int) -> None:
    """Perform DIAGNOSE ``code`` for ``user`` (the low 16 bits of the effective address)."""
    code &= 0xFFFF
    row = DIAGNOSE_CODES.get(code)
    sd = user.vm.sd
    if row is None or not _has_class(user, row.classes):
        reflect_program(sd, L.PIC_SPECIFICATION)
        return
    try:
        row.handler()(DiagCall(user, code))
    except ProgramCheck as check:
        reflect_program(sd, check.code)
    except Exception as exc:            # a CP bug must not take the dispatcher down
        _log(user, f"CP DIAGNOSE X'{code:02X}' FAILED FOR {user.userid}: "
                   f"{type(exc).__name__}: {exc}")
        reflect_program(sd, L.PIC_SPECIFICATION)


def _log(user, text: str) -> None:
    log = getattr(getattr(user, "system", None), "log", None)
    if callable(log):
        log(text)
    else:
        import sys
        print(text, file=sys.stderr)
