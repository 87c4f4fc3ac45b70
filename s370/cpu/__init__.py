"""The System/370 CPU: a numba-compiled core over numpy state (see layout.py)."""
