"""Checkpoint and restore of a virtual machine (cp.vm.checkpoint): a guest counting in a
loop, checkpointed mid-run and restored into a fresh VM, ends with the same registers
and storage as an uninterrupted run; damaged files give one line and restore nothing."""

import os

import numpy as np
import pytest

from s370.asm import assemble
from s370.cpu import layout as L

from cp.vm import VirtualMachine
from cp.vm import checkpoint as ck
from cpu_harness import ORG, NEW_IA, bc_psw

# counts R3 to 20000, storing the running count into a table that walks 64K of storage
COUNTER = """
         USING *,12
         SR    3,3
         L     5,=F'20000'
         LA    6,TABLE
LOOP     LA    3,1(,3)
         ST    3,0(,6)
         LA    6,4(,6)
         C     6,=A(TABLE+65536)
         BL    NEXT
         LA    6,TABLE
NEXT     CR    3,5
         BL    LOOP
         DIAG  0,0,0
         LTORG
TABLE    DS    0F
         END
"""


def counter_vm(storage=256 * 1024):
    a = assemble(COUNTER, origin=ORG)
    assert not a.errors, a.errors
    vm = VirtualMachine("COUNTER", storage, clock="deterministic")
    sd = vm.sd
    sd.load(ORG, a.image)
    sd.set_gpr(12, ORG)
    for loc, ia in NEW_IA.items():
        sd.load(loc, bc_psw(ia, w=1).to_bytes(8, "big"))
    assert sd.set_psw(bc_psw(ORG))
    vm.stopped = False
    vm.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    return vm


def run_to_end(vm, budget=50_000):
    for _ in range(1000):
        vm.run_slice(budget)
        if vm.stopped:
            return
    raise AssertionError("the counter never finished")


def snapshot(vm):
    return [vm.sd.get_gpr(r) for r in range(16)], vm.sd.psw, vm.sd.mem.copy()


def test_counter_restored_mid_run_finishes_like_an_uninterrupted_run(tmp_path):
    whole = counter_vm()
    run_to_end(whole)
    gprs, psw, mem = snapshot(whole)
    assert gprs[3] == 20000

    vm = counter_vm()
    vm.run_slice(30_000)                         # part way
    assert not vm.stopped and 0 < vm.sd.get_gpr(3) < 20000
    path = tmp_path / "counter.ckp"
    size = ck.save(vm, str(path))
    assert size == path.stat().st_size and size < 64 * 1024   # zero pages left out

    fresh = VirtualMachine("COUNTER", 64 * 1024, clock="deterministic")   # resized on restore
    fresh.diagnose = lambda vm, code: setattr(vm, "stopped", True)
    assert ck.restore_vm(fresh, str(path)) == []
    assert fresh.sd.memsize == 256 * 1024
    assert fresh.sd.get_gpr(3) == vm.sd.get_gpr(3)
    run_to_end(fresh)
    g2, psw2, mem2 = snapshot(fresh)
    assert g2 == gprs and psw2 == psw
    assert np.array_equal(mem2, mem)
    assert np.array_equal(fresh.sd.keys, whole.sd.keys)


def test_damaged_or_truncated_file_is_one_line_and_restores_nothing(tmp_path):
    vm = counter_vm()
    vm.run_slice(10_000)
    path = tmp_path / "c.ckp"
    ck.save(vm, str(path))
    data = path.read_bytes()
    cases = {"truncated": data[:len(data) // 2], "flipped": data[:40] + bytes([data[40] ^ 1]) + data[41:],
             "empty": b"", "other": b"hello world" * 10,
             "version": data[:8] + b"\x00\x00\x00\x09" + data[12:]}
    for name, bad in cases.items():
        p = tmp_path / f"{name}.ckp"
        p.write_bytes(bad)
        target = counter_vm()
        before = snapshot(target)
        with pytest.raises(ck.CheckpointError) as e:
            ck.restore_vm(target, str(p))
        assert "\n" not in str(e.value) and str(e.value)
        after = snapshot(target)
        assert before[0] == after[0] and before[1] == after[1] and np.array_equal(before[2], after[2])
    with pytest.raises(ck.CheckpointError, match="CANNOT READ"):
        ck.read(str(tmp_path / "missing.ckp"))


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path):
    vm = counter_vm()
    path = tmp_path / "a.ckp"
    ck.save(vm, str(path))
    vm.run_slice(5000)
    ck.save(vm, str(path))                       # replaced whole
    assert sorted(os.listdir(tmp_path)) == ["a.ckp"]
    meta, mem = ck.read(str(path))
    assert meta["S"][L.GPR + 3] == vm.sd.get_gpr(3)


def test_host_tool_info_and_verify(tmp_path, capsys):
    vm = counter_vm()
    vm.run_slice(1000)
    path = tmp_path / "t.ckp"
    ck.save(vm, str(path))
    assert ck.main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "USERID   COUNTER" in out and "STORAGE  256K" in out
    path.write_bytes(path.read_bytes()[:-5])
    assert ck.main(["verify", str(path)]) == 1
    assert "DAMAGED OR TRUNCATED" in capsys.readouterr().err
