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
