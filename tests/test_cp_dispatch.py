"""The dispatcher with real virtual machines running small guest programs.

Each guest is assembled at ORG (base register 12) into a cp.vm VirtualMachine; new
PSWs are disabled waits (tests/cpu_harness.py) unless a test plants its own.
Assertions are on instruction counts, registers and states, never on time; the
waits below are generous limits that only keep a broken dispatcher from hanging.
"""

import threading
import time

import pytest

from s370.asm import assemble
from s370.cpu import layout as L

from cpu_harness import ORG, NEW_IA, bc_psw
from cp.dispatcher import Dispatcher, Q1_ALLOWANCE
from cp.vm.machine import VirtualMachine
from sie import Intercept

LIMIT = 120.0                     # seconds before a test gives up (a hang, not a speed check)


class FakeEntry:
    def __init__(self, priority=50):
        self.priority = priority


class FakeUser:
    """What the dispatcher needs of a cp.user.User: userid, vm, entry.priority, say()."""

    def __init__(self, userid, vm, priority=50):
        self.userid = userid
        self.vm = vm
        self.entry = FakeEntry(priority)
        self.said = []

    def say(self, text):
        self.said.append(text)


def make_user(userid, src, *, ext_new=None, clock="deterministic", start=True):
    a = assemble(" USING *,12\n" + src + "\n END", origin=ORG)
    assert not a.errors, a.errors
    vm = VirtualMachine(userid, 64 * 1024, clock=clock)
    vm.sd.load(ORG, a.image)
    vm.sd.set_gpr(12, ORG)
    for loc, ia in NEW_IA.items():
        vm.sd.load(loc, bc_psw(ia, w=1).to_bytes(8, "big"))
    if ext_new is not None:
        vm.sd.load(L.LOC_EXT_NEW, bc_psw(a.symbols[ext_new]).to_bytes(8, "big"))
    vm.sd.load(L.LOC_ITIMER, b"\x7f\xff\xff\xff")
    vm.sd.set_cr(0, vm.sd.get_cr(0) & ~L.CR0_ITIMER)    # no interval timer to end waits
    assert vm.sd.set_psw(bc_psw(ORG))
    vm.stopped = not start
    return FakeUser(userid, vm), a.symbols


def wait_until(cond, limit=LIMIT):
    end = time.monotonic() + limit
    while not cond():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


CPU_BOUND = """
LOOP     AH    3,ONE
         B     LOOP
ONE      DC    H'1'
"""

COUNT_THEN_STOP = """
         L     4,N
LOOP     BCT   4,LOOP
         LA    5,1
         LPSW  DONE
         DS    0D
DONE     DC    X'000200000000D0E0'
N        DC    F'300000'
"""


@pytest.fixture
def dispatcher():
    made = []

    def make(workers=1):
        d = Dispatcher(None, workers=workers)
        made.append(d)
        return d.start()
    yield make
    for d in made:
        d.stop()


def test_two_cpu_bound_guests_both_progress(dispatcher):
    d = dispatcher(workers=1)
    a, _ = make_user("A", CPU_BOUND)
    b, _ = make_user("B", CPU_BOUND)
    d.add(a)
    d.add(b)
    # both show they are CPU-bound: out of the interactive queue (after
    # Q1_ALLOWANCE of CPU each, however long a loaded host takes to give it)
    assert wait_until(lambda: d.stats(a)["slices"] + d.stats(b)["slices"] >= 60
                      and d.stats(a)["queue"] == "Q2" and d.stats(b)["queue"] == "Q2")
    ia, ib = d.stats(a)["instructions"], d.stats(b)["instructions"]
    assert ia > 0 and ib > 0
    share = ia / (ia + ib)
    assert 0.2 < share < 0.8, (ia, ib)
    assert d.stats(a)["intercepts"].get("TIMESLICE", 0) > 0
    assert d.stats(a)["cpu_seconds"] > Q1_ALLOWANCE / 2


def test_priority_weights_the_share(dispatcher):
    d = dispatcher(workers=1)
    a, _ = make_user("A", CPU_BOUND)
    b, _ = make_user("B", CPU_BOUND)
    a.entry.priority = 10              # weight 1.8 against 1.0
    d.add(a)
    d.add(b)
    assert wait_until(lambda: d.stats(a)["slices"] + d.stats(b)["slices"] >= 100)
    sa, sb = d.stats(a), d.stats(b)
    assert sa["weight"] > sb["weight"]
    assert sa["cpu_seconds"] > sb["cpu_seconds"]


WAIT_FOR_EXTERNAL = """
         LPSW  WAITPSW
EXT      LA    6,7
         LPSW  DONE
         DS    0D
WAITPSW  DC    X'010200000000F000'
DONE     DC    X'000200000000D0E0'
"""


def test_waiting_guest_woken_by_a_posted_interruption(dispatcher):
    d = dispatcher(workers=1)
    u, s = make_user("W", WAIT_FOR_EXTERNAL, ext_new="EXT")
    done = threading.Event()
    u.vm.on_disabled_wait = lambda vm: done.set()
    d.add(u)
    assert wait_until(lambda: d.stats(u)["state"] == "waiting")
    assert u.vm.waiting and u.vm.sd.get_gpr(6) == 0
    u.vm.post_external(0x4001)
    assert done.wait(LIMIT)
    assert u.vm.sd.get_gpr(6) == 7
    assert u.vm.stopped
    assert wait_until(lambda: d.stats(u)["state"] == "stopped")
    assert d.stats(u)["wakes"] >= 1
    assert d.stats(u)["intercepts"].get("ENABLED_WAIT", 0) >= 1
    assert d.stats(u)["intercepts"].get("DISABLED_WAIT", 0) == 1


def test_tight_loop_does_not_stall_another_guest(dispatcher):
    d = dispatcher(workers=1)
    hog, _ = make_user("HOG", CPU_BOUND)
    other, _ = make_user("OTHER", COUNT_THEN_STOP)
    done = threading.Event()
    other.vm.on_disabled_wait = lambda vm: done.set()
    d.add(hog)
    assert wait_until(lambda: d.stats(hog)["slices"] >= 5)
    d.add(other)
    assert done.wait(LIMIT)
    assert other.vm.sd.get_gpr(5) == 1
    assert other.vm.sd.get_gpr(4) == 0
    assert d.stats(hog)["state"] in ("running", "ready")


DIAG_LOOP = """
LOOP     DIAG  3,4,X'0044'
         AH    3,ONE
         B     LOOP
ONE      DC    H'1'
"""


def test_guest_flooding_diagnose_does_not_stall_another(dispatcher):
    """run_slice handles DIAGNOSE inside the slice; the watchdog still ends the slice."""
    d = dispatcher(workers=1)
    flood, _ = make_user("FLOOD", DIAG_LOOP)
    calls = []
    flood.vm.diagnose = lambda vm, code: calls.append(code)
    other, _ = make_user("OTHER", COUNT_THEN_STOP)
    done = threading.Event()
    other.vm.on_disabled_wait = lambda vm: done.set()
    d.add(flood)
    assert wait_until(lambda: len(calls) > 100)
    d.add(other)
    assert done.wait(LIMIT)
    assert other.vm.sd.get_gpr(5) == 1
    assert set(calls) == {0x44}


def test_remove_of_a_queued_vm_stops_it(dispatcher):
    d = dispatcher(workers=1)
    hog, _ = make_user("HOG", CPU_BOUND)
    d.add(hog)
    assert wait_until(lambda: d.stats(hog)["state"] == "running")
    u, _ = make_user("QUEUED", CPU_BOUND, start=False)
    d.add(u)
    with d.paused(u):
        u.vm.stopped = False            # runnable, but held off the worker: not running
        d.remove(u)
    assert u.vm.stopped and d.stats(u) == {}


def test_remove_of_a_running_vm_stops_it(dispatcher):
    d = dispatcher(workers=2)
    u, _ = make_user("GOER", CPU_BOUND)
    d.add(u)
    assert wait_until(lambda: d.stats(u).get("state") == "running" and d.stats(u)["slices"] >= 2)
    d.remove(u)
    assert d.stats(u) == {}
    assert u.vm.stopped
    count = u.vm.sd.instcount
    before = u.vm.sd.get_gpr(3)
    d.kick(u)                           # a late interruption for a logged-off user: ignored
    time.sleep(0.2)
    assert u.vm.sd.instcount == count and u.vm.sd.get_gpr(3) == before


def test_remove_from_inside_the_users_own_slice(dispatcher):
    """A DIAGNOSE that logs the user off (CP LOGOFF through DIAG X'08') runs on the worker."""
    d = dispatcher(workers=1)
    u, _ = make_user("SELF", DIAG_LOOP)
    seen = []

    def diag(vm, code):
        seen.append(code)
        if len(seen) == 3:
            d.remove(u)
    u.vm.diagnose = diag
    d.add(u)
    assert wait_until(lambda: d.stats(u) == {} and len(seen) >= 3)
    time.sleep(0.1)
    assert len(seen) == 3
    assert u.vm.stopped


def test_no_vm_runs_on_two_workers_at_once(dispatcher):
    d = dispatcher(workers=2)
    users = [make_user(f"U{i}", CPU_BOUND)[0] for i in range(3)]
    waiter, _ = make_user("W", WAIT_FOR_EXTERNAL.replace("LPSW  DONE", "LPSW  WAITPSW"), ext_new="EXT")
    users.append(waiter)
    overlap = []
    workers_seen = set()
    for u in users:
        active = [0]
        lock = threading.Lock()
        real = u.vm.run_slice

        def instrumented(budget, real=real, active=active, lock=lock):
            with lock:
                active[0] += 1
                if active[0] > 1:
                    overlap.append(active[0])
                workers_seen.add(threading.current_thread().name)
            try:
                time.sleep(0.0005)      # widen the window a double dispatch would use
                return real(budget)
            finally:
                with lock:
                    active[0] -= 1
        u.vm.run_slice = instrumented
        d.add(u)
    stop = threading.Event()

    def poster():                       # kicks from another thread while slices run
        while not stop.is_set():
            waiter.vm.post_external(0x4001)
            for u in users[:3]:
                d.kick(u)
            time.sleep(0.002)
    t = threading.Thread(target=poster)
    t.start()
    try:
        assert wait_until(lambda: sum(d.stats(u)["slices"] for u in users) >= 400)
    finally:
        stop.set()
        t.join()
    assert not overlap
    assert len(workers_seen) == 2
    assert d.stats(waiter)["wakes"] > 0


def test_kick_runs_a_vm_made_runnable(dispatcher):
    d = dispatcher(workers=1)
    u, _ = make_user("LATE", COUNT_THEN_STOP, start=False)
    done = threading.Event()
    u.vm.on_disabled_wait = lambda vm: done.set()
    d.add(u)
    assert d.stats(u)["state"] == "stopped"
    assert u.vm.sd.get_gpr(5) == 0
    u.vm.stopped = False                # BEGIN
    d.kick(u)
    assert done.wait(LIMIT)
    assert u.vm.sd.get_gpr(5) == 1


CKC_WAIT = """
         STCK  CLOCK
         LM    6,7,CLOCK
         AL    6,DELTA          +1 in bit 31: about a second later
         STM   6,7,CLOCK
         SCKC  CLOCK
         STCTL 0,0,CR0
         OC    CR0,CKCMASK
         LCTL  0,0,CR0
         LPSW  WAITPSW
EXT      MVC   CODE,26(0)       BC mode: the code is in the old PSW
         LPSW  DONE
         DS    0D
CLOCK    DS    D
WAITPSW  DC    X'010200000000F000'
DONE     DC    X'000200000000D0E0'
CR0      DS    F
CKCMASK  DC    X'00000800'
DELTA    DC    F'1'
CODE     DC    H'0'
"""


@pytest.mark.parametrize("clock", ["real", "deterministic"])
def test_clock_comparator_ends_a_wait(dispatcher, clock):
    d = dispatcher(workers=1)
    u, s = make_user("CKC", CKC_WAIT, ext_new="EXT", clock=clock)
    done = threading.Event()
    u.vm.on_disabled_wait = lambda vm: done.set()
    d.add(u)
    assert done.wait(LIMIT)
    assert u.vm.sd.read(s["CODE"], 2) == b"\x10\x04"       # clock-comparator external code


def test_trace_hook_sees_program_intercepts(dispatcher):
    d = dispatcher(workers=1)

    class System:
        seen = []

        def trace_hook(self, user, intercept):
            self.seen.append((user.userid, intercept, user.vm.sd.intercept_program_code))
            return False                     # TRACE stopped the VM: CP READ
    d.system = System()
    u, _ = make_user("TR", " LA 3,1\n DC X'0000'\n")
    u.vm.sd.program_intercepts = {L.PIC_OPERATION}
    d.add(u)
    assert wait_until(lambda: d.stats(u)["state"] == "stopped")
    assert d.system.seen == [("TR", Intercept.PROGRAM, L.PIC_OPERATION)]
    assert u.vm.stopped


def test_program_intercept_without_a_hook_is_taken_by_the_guest(dispatcher, monkeypatch):
    import cp.dispatcher
    monkeypatch.setattr(cp.dispatcher, "_command_trace_hook", lambda: None)
    d = dispatcher(workers=1)
    u, _ = make_user("PG", " LA 3,1\n DC X'0000'\n")
    u.vm.sd.program_intercepts = {L.PIC_OPERATION}
    done = threading.Event()
    u.vm.on_disabled_wait = lambda vm: done.set()
    d.add(u)
    assert done.wait(LIMIT)
    assert u.vm.sd.ia == 0xA0A0                          # the program new PSW's wait
    assert u.vm.sd.S[L.PIC_LAST] == L.PIC_OPERATION


@pytest.mark.parametrize("code", [Intercept.CHECKSTOP, Intercept.VALIDITY])
def test_checkstop_and_validity_stop_the_vm_and_tell_the_user(dispatcher, code):
    d = dispatcher(workers=1)
    u, _ = make_user("BAD", CPU_BOUND)
    u.vm.sd.validity_reason = 5
    u.vm.run_slice = lambda budget: code
    d.add(u)
    assert wait_until(lambda: d.stats(u)["state"] == "stopped")
    assert u.vm.stopped
    assert len(u.said) == 1 and u.said[0].startswith("VIRTUAL MACHINE STOPPED")
    if code == Intercept.VALIDITY:
        assert "PREFIX" in u.said[0]


def test_sigp_gets_cc3_on_a_virtual_uniprocessor(dispatcher):
    d = dispatcher(workers=1)
    u, _ = make_user("MP", """
         LA    3,1
         SIGP  2,3,X'02'
         BC    1,CC3
         LPSW  DONE
CC3      LA    5,3
         LPSW  DONE
         DS    0D
DONE     DC    X'000200000000D0E0'
""")
    done = threading.Event()
    u.vm.on_disabled_wait = lambda vm: done.set()
    d.add(u)
    assert done.wait(LIMIT)
    assert u.vm.sd.get_gpr(5) == 3


def test_load_counts_users_and_queues(dispatcher):
    d = dispatcher(workers=1)
    hog, _ = make_user("HOG", CPU_BOUND)
    idle, _ = make_user("IDLE", WAIT_FOR_EXTERNAL, ext_new="EXT")
    off, _ = make_user("OFF", CPU_BOUND, start=False)
    for u in (hog, idle, off):
        d.add(u)
    assert wait_until(lambda: d.stats(hog)["queue"] == "Q2" and d.stats(idle)["state"] == "waiting")
    load = d.load()
    assert load["users"] == 3 and load["workers"] == 1
    assert load["q2"] == 1
    assert load["stopped"] == 1 and load["waiting"] == 1
    assert 0.0 <= load["cpu_percent"] <= 100.0


def test_paused_holds_a_vm_off_the_workers(dispatcher):
    d = dispatcher(workers=2)
    u, _ = make_user("P", CPU_BOUND)
    d.add(u)
    assert wait_until(lambda: d.stats(u)["slices"] >= 2)
    with d.paused(u):
        assert d.stats(u)["state"] == "stopped"
        count = u.vm.sd.instcount
        time.sleep(0.1)
        assert u.vm.sd.instcount == count
    assert wait_until(lambda: u.vm.sd.instcount > count)


def test_a_vm_stopped_while_ready_is_not_run(dispatcher):
    """CP READ (vm.stopped) for a user queued behind another: the worker passes it by."""
    d = dispatcher(workers=1)
    hog, _ = make_user("HOG", CPU_BOUND)
    release, inside = threading.Event(), threading.Event()
    real_hog = hog.vm.run_slice

    def held_slice(budget):             # the only worker is held inside the hog's slice
        inside.set()
        release.wait(LIMIT)
        return real_hog(budget)
    hog.vm.run_slice = held_slice
    d.add(hog)
    assert inside.wait(LIMIT)
    u, _ = make_user("CPREAD", CPU_BOUND)
    ran = []
    real = u.vm.run_slice
    u.vm.run_slice = lambda budget: (ran.append(u.vm.stopped), real(budget))[1]
    d.add(u)
    assert d.stats(u)["state"] == "ready"
    u.vm.stopped = True                 # CP READ while it waits for the worker
    release.set()
    assert wait_until(lambda: d.stats(u)["state"] == "stopped" and d.stats(hog)["slices"] >= 3)
    assert ran == []
    u.vm.stopped = False                # BEGIN
    d.kick(u)
    assert wait_until(lambda: d.stats(u)["slices"] > 0)
    assert True not in ran


INTERACTIVE = """
         LPSW  WAITPSW
EXT      AH    6,ONE
         LPSW  WAITPSW
         DS    0D
WAITPSW  DC    X'010200000000F000'
ONE      DC    H'1'
"""


def test_a_woken_interactive_user_runs_before_queued_cpu_bound_users(dispatcher):
    """Q1 before Q2: the guest an interruption woke is the next one dispatched, and the
    CPU-bound slice running at the time is asked back for it (preemption)."""
    d = dispatcher(workers=1)
    log, lock = [], threading.Lock()

    def logged(u):
        real = u.vm.run_slice

        def run_slice(budget):
            with lock:
                log.append(u.userid)
            return real(budget)
        u.vm.run_slice = run_slice
        return u
    hogs = [logged(make_user(f"HOG{i}", CPU_BOUND)[0]) for i in range(3)]
    inter = logged(make_user("INT", INTERACTIVE, ext_new="EXT")[0])
    for u in hogs + [inter]:
        d.add(u)
    assert wait_until(lambda: all(d.stats(h)["queue"] == "Q2" for h in hogs)
                      and d.stats(inter)["state"] == "waiting")
    for n in range(1, 6):
        with lock:
            mark = len(log)
        inter.vm.post_external(0x4001)
        assert wait_until(lambda: inter.vm.sd.get_gpr(6) == n)
        with lock:
            after = log[mark:]
        assert "INT" in after[:2], after[:5]
    assert d.load()["preemptions"] > 0
