"""DIAGNOSE X'54': what the PA2 key does (GC20-1807 p. 232).

Rx != 0: PA2 becomes an external interruption for the guest (only in VM READ,
HOLDING or MORE... and after TERMINAL APL ON -- the terminal manager applies
that); Rx = 0: PA2 clears the output area again.  No condition code.  Kept as
``user.settings.pa2_external`` (bool) for the terminal manager.
"""

from __future__ import annotations

from .call import DiagCall


def diag_54(call: DiagCall) -> None:
    call.user.settings.pa2_external = call.gpr(call.rx) != 0
