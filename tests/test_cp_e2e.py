"""End to end: CP started as a program (cp.start.start_system) with its directory, dispatcher
and TN3270 hub, used from the real s3270 client while another user's guest loops.

Needs the whole Control Program (directory compiler, terminal manager, commands): this file
tests their assembly, so it runs only on a tree where all of cp/ is merged.  Assertions
are on screen text and instruction counts.
"""

import pytest

from s370.tn3270.clients import S3270

from cp.bench import CPU_BOUND, load_program

from cp_e2e_support import running_system, wait_until

DIRECTORY = """\
USER ALICE SECRET 1M 2M G
USER BOB BOBPW 1M 2M G
"""


@pytest.fixture
def running():
    with running_system(DIRECTORY, workers=2) as r:
        yield r



def test_logon_query_logoff_beside_a_looping_guest(running):
    system = running.system
    bob = system.logon("BOB", "BOBPW", None)               # a disconnected user's CPU-bound guest
    load_program(bob.vm, CPU_BOUND)
    system.dispatcher.kick(bob)
    wait_until(lambda: system.dispatcher.stats(bob)["slices"] > 2)
    with S3270("3279-2") as c:
        c.do(f"Connect(127.0.0.1:{running.port})")
        c.wait_for_text("VM/370 ONLINE", timeout=30)
        c.enter("logon alice")
        c.wait_for_text("ENTER PASSWORD:", timeout=30)
        c.enter("SECRET")
        c.wait_for_text("LOGON AT", timeout=30)
        alice = system.find("ALICE")
        assert alice is not None and system.dispatcher.stats(alice)["userid"] == "ALICE"
        before = system.dispatcher.stats(bob)["instructions"]
        c.enter("query time")
        c.wait_for_text("TIME IS", timeout=30)
        wait_until(lambda: system.dispatcher.stats(bob)["instructions"] > before)
        c.enter("logoff")
        wait_until(lambda: system.find("ALICE") is None)
    assert system.find("BOB") is bob
    running.stop()
    assert system.users == {}
    assert not system.dispatcher.running
    assert bob.vm.stopped
