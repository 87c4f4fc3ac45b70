"""Equivalence: the programs of test_cpu_timers.py in a guest, interpretive and trap-and-emulate."""

import pytest

import cpu_harness
import test_cpu_timers
from sie_harness import guest_cpu_class
from test_cpu_timers import *  # noqa: F401,F403  (the same tests, run against a guest)

# The documented VM difference: a guest's CPU timer does not run while it is not
# dispatched (test_sie_time.py), so the bare machine's "timer follows host time across a
# sleep outside run()" does not hold in a virtual machine.
del test_real_clock_tracks_host_time


@pytest.fixture(autouse=True, params=["interpretive", "trap"])
def as_guest(request, monkeypatch):
    cls = guest_cpu_class(request.param)
    monkeypatch.setattr(cpu_harness, "CPU", cls)
    if hasattr(test_cpu_timers, "CPU"):
        monkeypatch.setattr(test_cpu_timers, "CPU", cls)
    return request.param
