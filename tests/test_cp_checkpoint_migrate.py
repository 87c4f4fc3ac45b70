"""Checkpoint/restore of a logged-on user through CPSystem, and live migration of a busy
guest between two CPSystems in one process: pre-copy rounds by change bits, a final
stop-and-copy, and no storage change lost (compared with an uninterrupted run)."""

import numpy as np
import pytest

from cp.system import CPSystem
from cp.vm import checkpoint as ck
from cp.vm.migrate import MigrationError, migrate
from cp_fakes import Directory, Terminal, entry
from test_cp_checkpoint import COUNTER, counter_vm, run_to_end, snapshot


def system(name="VMA"):
    return CPSystem(Directory(entry("COUNTER", "PW", storage=256 * 1024)), clock="deterministic",
                    sysname=name)


def logged_on_counter(sysm, terminal=None):
    user = sysm.logon("COUNTER", "PW", terminal)
    model = counter_vm()
    vm = user.vm
    vm.sd.mem[:] = model.sd.mem
    vm.sd.S[:] = model.sd.S
    vm.stopped = False
    vm.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    return user


def test_user_checkpointed_after_shutdown_is_restored_disconnected_and_runs_on(tmp_path):
    whole = counter_vm()
    run_to_end(whole)
    a = system()
    user = logged_on_counter(a, Terminal())
    user.settings.linend = "!"
    user.vm.run_slice(40_000)
    path = tmp_path / "counter.ckp"
    ck.save(user, str(path))
    a.shutdown()
    assert a.find("COUNTER") is None

    b = system("VMB")
    restored = ck.restore(b, str(path))
    assert b.find("COUNTER") is restored and restored.terminal is None
    assert restored.settings.linend == "!"
    with pytest.raises(ck.CheckpointError, match="ALREADY LOGGED ON"):
        ck.restore(b, str(path))
    restored.vm.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    run_to_end(restored.vm)
    g, psw, mem = snapshot(restored.vm)
    g0, psw0, mem0 = snapshot(whole)
    assert g == g0 and psw == psw0 and np.array_equal(mem, mem0)


def test_damaged_checkpoint_logs_nobody_on(tmp_path):
    a = system()
    user = logged_on_counter(a)
    path = tmp_path / "c.ckp"
    ck.save(user, str(path))
    path.write_bytes(path.read_bytes()[:-100])
    b = system("VMB")
    with pytest.raises(ck.CheckpointError, match="DAMAGED OR TRUNCATED"):
        ck.restore(b, str(path))
    assert b.find("COUNTER") is None and not b.users


def test_busy_guest_migrates_without_losing_a_storage_change():
    whole = counter_vm()
    run_to_end(whole)
    a, b = system("VMA"), system("VMB")
    term = Terminal()
    user = logged_on_counter(a, term)
    user.vm.run_slice(20_000)
    report = migrate(user, b, max_rounds=5, stop_blocks=0,
                     between_rounds=lambda: user.vm.run_slice(3_000))
    assert len(report.rounds) >= 2 and report.rounds[0] == 128       # 256K in 2K blocks
    assert all(0 < n < 128 for n in report.rounds[1:])               # only the changed blocks
    assert report.missed == 0
    assert a.find("COUNTER") is None
    moved = b.find("COUNTER")
    assert moved.terminal is term and "RECONNECTED AT VMB" in term.lines[-1]
    moved.vm.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    run_to_end(moved.vm)
    g, psw, mem = snapshot(moved.vm)
    g0, psw0, mem0 = snapshot(whole)
    assert g == g0 and psw == psw0 and np.array_equal(mem, mem0)
    # every block the guest changed still shows its change bit on the target
    assert np.array_equal(moved.vm.sd.keys & 2, whole.sd.keys & 2)


def test_migration_to_a_system_where_the_user_is_on_is_refused():
    a, b = system("VMA"), system("VMB")
    user = logged_on_counter(a)
    logged_on_counter(b)
    with pytest.raises(MigrationError, match="ALREADY LOGGED ON AT VMB"):
        migrate(user, b)
    assert a.find("COUNTER") is user


def test_guest_run_by_the_dispatcher_migrates_mid_run_and_finishes_the_same():
    """Worker threads run the guest while the rounds copy its storage (the real race the
    change bits must cover); the moved guest ends exactly as an uninterrupted run."""
    from cp.dispatcher import Dispatcher
    import test_cp_checkpoint as T

    count = 3_000_000
    src = T.COUNTER.replace("=F'20000'", f"=F'{count}'")
    whole = T.counter_vm()
    _load(whole, src)
    run_to_end(whole, budget=1_000_000)
    a, b = system("VMA"), system("VMB")
    a.dispatcher = Dispatcher(a, workers=1).start()
    try:
        user = logged_on_counter(a)
        _load(user.vm, src)
        a.dispatcher.kick(user)
        report = migrate(user, b, max_rounds=4, stop_blocks=0,
                         between_rounds=lambda: __import__("time").sleep(0.01))
    finally:
        a.dispatcher.stop()
    moved = b.find("COUNTER")
    assert moved.vm.sd.get_gpr(3) < count, "the guest finished before it was moved"
    moved.vm.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    moved.vm.stopped = False
    run_to_end(moved.vm, budget=1_000_000)
    g, psw, mem = snapshot(moved.vm)
    g0, psw0, mem0 = snapshot(whole)
    assert g == g0 and psw == psw0 and np.array_equal(mem, mem0), report


def _load(vm, src):
    from s370.asm import assemble
    from cpu_harness import ORG
    a = assemble(src, origin=ORG)
    assert not a.errors
    vm.sd.load(ORG, a.image)
