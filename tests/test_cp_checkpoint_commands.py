"""CHECKPOINT and RESTORE commands (cp.commands.checkpoint): an operator checkpoints a
running user, the system shuts down, a new system restores it disconnected, and the
user's LOGON reconnects to the machine that went on counting."""

import numpy as np

from cp.commands import execute
from cp.system import CPSystem
from cp_fakes import Directory, Terminal, entry
from test_cp_checkpoint import counter_vm, run_to_end, snapshot


def system(tmp_path, name):
    s = CPSystem(Directory(entry("COUNTER", "PW", storage=256 * 1024),
                           entry("OPERATOR", "OP", classes="ABG"),
                           entry("BOB", "BB", classes="G")),
                 clock="deterministic", sysname=name, log=lambda t: None)
    s.checkpoint_dir = str(tmp_path)
    return s


def start_counter(sysm):
    user = sysm.logon("COUNTER", "PW", Terminal())
    model = counter_vm()
    user.vm.sd.mem[:] = model.sd.mem
    user.vm.sd.S[:] = model.sd.S
    user.vm.stopped = False
    return user


def run(user, line):
    lines = []
    rc = execute(user, line, lines.append)
    return rc, lines


def test_operator_checkpoints_user_shutdown_restore_and_logon_reconnects(tmp_path):
    whole = counter_vm()
    run_to_end(whole)
    a = system(tmp_path, "VMA")
    op = a.logon("OPERATOR", "OP", Terminal())
    counter = start_counter(a)
    counter.vm.run_slice(25_000)
    rc, lines = run(op, "CHECKPOINT COUNTER TO MONDAY")
    assert rc == 0 and lines[0].startswith("CHECKPOINT COUNTER TO MONDAY CKPT (")
    assert (tmp_path / "MONDAY.CKPT").exists()
    a.shutdown()

    b = system(tmp_path, "VMB")
    op = b.logon("OPERATOR", "OP", Terminal())
    rc, lines = run(op, "RESTORE MONDAY")
    assert (rc, lines) == (0, ["COUNTER RESTORED FROM MONDAY CKPT, DISCONNECTED"])
    user = b.find("COUNTER")
    assert user.terminal is None
    term = Terminal()
    again = b.logon("COUNTER", "PW", term)
    assert again is user and user.reconnected and user.terminal is term
    user.vm.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    run_to_end(user.vm)
    g, psw, mem = snapshot(user.vm)
    g0, psw0, mem0 = snapshot(whole)
    assert g == g0 and np.array_equal(mem, mem0)


def test_own_checkpoint_default_name_and_refusals(tmp_path):
    a = system(tmp_path, "VMA")
    bob = a.logon("BOB", "BB", Terminal())
    rc, lines = run(bob, "CHECKP")
    assert rc == 0 and lines[0].startswith("CHECKPOINT BOB TO BOB CKPT")
    rc, lines = run(bob, "CHECKPOINT OPERATOR")           # class G: not another user's
    assert rc == 2 and "INVALID OPERAND - OPERATOR" in lines[0]
    rc, lines = run(bob, "CHECKPOINT TO ../../etc")
    assert rc == 2 and "INVALID OPERAND" in lines[0]
    rc, lines = run(bob, "RESTORE BOB")                   # class A only
    assert rc != 0
    op = a.logon("OPERATOR", "OP", Terminal())
    rc, lines = run(op, "RESTORE BOB")
    assert rc == 1 and lines == ["RESTORE BOB FAILED: USER BOB IS ALREADY LOGGED ON"]
    (tmp_path / "BAD.CKPT").write_bytes(b"VM370CKP" + b"\0" * 50)
    rc, lines = run(op, "RESTORE BAD")
    assert rc == 1 and len(lines) == 1 and "BAD FAILED" in lines[0]
    rc, lines = run(op, "CHECKPOINT NOBODY")
    assert rc == 45


def test_checkpoint_logoff_moves_a_user_to_another_system_through_the_file(tmp_path):
    a, b = system(tmp_path, "VMA"), system(tmp_path, "VMB")
    op_a = a.logon("OPERATOR", "OP", Terminal())
    counter = start_counter(a)
    counter.vm.run_slice(25_000)
    r3 = counter.vm.sd.get_gpr(3)
    rc, lines = run(op_a, "CHECKPOINT COUNTER TO MOVE LOGOFF")
    assert rc == 0 and a.find("COUNTER") is None
    op_b = b.logon("OPERATOR", "OP", Terminal())
    rc, lines = run(op_b, "RESTORE MOVE")
    assert rc == 0 and b.find("COUNTER").vm.sd.get_gpr(3) == r3
