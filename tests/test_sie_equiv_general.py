"""Equivalence: the programs of test_cpu_general.py in a guest, interpretive and trap-and-emulate."""

import pytest

import cpu_harness
import test_cpu_general
from sie_harness import guest_cpu_class
from test_cpu_general import *  # noqa: F401,F403  (the same tests, run against a guest)


@pytest.fixture(autouse=True, params=["interpretive", "trap"])
def as_guest(request, monkeypatch):
    cls = guest_cpu_class(request.param)
    monkeypatch.setattr(cpu_harness, "CPU", cls)
    if hasattr(test_cpu_general, "CPU"):
        monkeypatch.setattr(test_cpu_general, "CPU", cls)
    return request.param
