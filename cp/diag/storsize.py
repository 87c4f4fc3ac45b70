"""DIAGNOSE X'60': the virtual machine's storage size into Rx (GC20-1807 p. 234).

The defined size (DEFINE STORAGE / the directory), not counting storage added by
loading a saved segment above it.  No condition code.
"""

from __future__ import annotations

from .call import DiagCall
from .segments import defined_storage


def diag_60(call: DiagCall) -> None:
    call.set_gpr(call.rx, defined_storage(call.vm))
