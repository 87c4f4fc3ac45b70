"""Equivalence: the programs of test_cpu_interrupts.py in a guest, interpretive and trap-and-emulate."""

import pytest

import cpu_harness
import test_cpu_interrupts
from sie_harness import guest_cpu_class
from test_cpu_interrupts import *  # noqa: F401,F403  (the same tests, run against a guest)

# These drive the bare machine's channel protocol (IO_PENDING set by hand, EXIT_IOINT, then
# cpu.io_interrupt).  A guest's I/O interruptions come from CP through post_io_interrupt
# and are presented by run_guest: test_sie_intercepts.py checks them in both modes.
del test_io_interruption_bc_code_in_old_psw, test_io_interruption_ec_address_at_184
del test_io_interruption_ends_wait


@pytest.fixture(autouse=True, params=["interpretive", "trap"])
def as_guest(request, monkeypatch):
    cls = guest_cpu_class(request.param)
    monkeypatch.setattr(cpu_harness, "CPU", cls)
    if hasattr(test_cpu_interrupts, "CPU"):
        monkeypatch.setattr(test_cpu_interrupts, "CPU", cls)
    return request.param
