"""Shared fixtures (kept minimal)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))


@pytest.fixture(scope="session")
def hercules():
    """One Hercules 3.13 process per test worker (tests/hercules.py)."""
    from hercules import HerculesSession
    with HerculesSession() as h:
        yield h


@pytest.fixture(scope="session", autouse=True)
def compiled_core():
    """Compile the CPU core (or load it from the disk cache) once per test process, before
    any test starts a clock: a first compile takes minutes, and tests that wait for a real
    TN3270 or telnet client must not spend their time-outs on it."""
    from s370.cpu import CPU
    CPU(memsize=4096).run(1)
