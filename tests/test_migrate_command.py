"""MIGRATE userid TO system (class A) between two CPSystems of one process (system.peers):
the user, its storage and registers and type-ahead move, its terminal goes along with
RECONNECTED AT, the source has it no more; the refusals are one line and move nothing."""

import numpy as np
import pytest

from cp_fakes import Terminal, entry, logon, make_system, run


def systems():
    entries = (entry("OPERATOR", "OP", "ABCDEG"), entry("USER1", "PASS1", "G", storage=256 * 1024))
    a, b = make_system(*entries), make_system(*entries, sysname="VMB")
    a.peers = {"VMB": b}
    return a, b


def test_migrate_moves_the_user_with_its_storage_registers_and_terminal():
    a, b = systems()
    op, _ = logon(a, "OPERATOR", "OP")
    user, term = logon(a, "USER1", "PASS1")
    user.vm.sd.mem[0x3000:0x3010] = np.arange(16, dtype=np.uint8)
    user.vm.sd.set_gpr(5, 0x12345678)
    with user._input_lock:
        user._typeahead.append("TYPED AHEAD")
    rc, lines = run(op, "MIGRATE USER1 TO VMB")
    assert rc == 0 and lines[0].startswith("USER1 MIGRATED TO VMB: "), lines
    assert "DOWNTIME" in lines[0]
    assert a.find("USER1") is None
    moved = b.find("USER1")
    assert moved is not None and moved.terminal is term
    assert bytes(moved.vm.sd.mem[0x3000:0x3010]) == bytes(range(16))
    assert moved.vm.sd.get_gpr(5) == 0x12345678
    assert list(moved._typeahead) == ["TYPED AHEAD"]
    assert any(line.startswith("RECONNECTED AT VMB") for line in term.take())
    assert not term.closed


def test_migrate_refusals_move_nothing():
    a, b = systems()
    op, _ = logon(a, "OPERATOR", "OP")
    user, _ = logon(a, "USER1", "PASS1")
    assert run(op, "MIGRATE USER1 TO NOWHERE")[1] == ["MIGRATE USER1 FAILED: SYSTEM NOWHERE IS NOT KNOWN"]
    assert run(op, "MIGRATE USER2 TO VMB")[1][0].startswith("DMKCFM045E")
    assert run(op, "MIGRATE USER1 INTO VMB")[1][0].startswith("DMKCFM002E")
    assert run(op, "MIGRATE USER1 TO VMB ROUNDS 0")[1][0].startswith("DMKCFM002E")
    logon(b, "USER1", "PASS1")
    out = run(op, "MIGRATE USER1 TO VMB")[1]
    assert out == ["MIGRATE USER1 FAILED: USER USER1 IS ALREADY LOGGED ON AT VMB"]
    assert a.find("USER1") is user
    assert run(user, "MIGRATE USER1 TO VMB")[1][0].startswith("DMKCFM001E")  # class G: unknown


class RefusingTarget:
    """A target that fails at the given step (``blocks`` or ``finish``)."""

    def __init__(self, system, at):
        from cp.vm.migrate import LocalTarget
        self.inner, self.at, self.name, self.resumed = LocalTarget(system), at, "VMB", False

    def check(self, userid, memsize):
        self.inner.check(userid, memsize)

    def blocks(self, index, data):
        self._maybe("blocks")
        self.inner.blocks(index, data)

    def prepare_stop(self, user):
        pass

    def finish(self, user, meta, index, data):
        self._maybe("finish")

    def resume(self, user):
        self.resumed = True

    def _maybe(self, step):
        from cp.vm.migrate import MigrationError
        if step == self.at:
            raise MigrationError("NO ROOM AT VMB")


@pytest.mark.parametrize("at", ["blocks", "finish"])
def test_a_target_failing_leaves_the_user_running_with_its_change_bits(at):
    from cp.vm.migrate import MigrationError, migrate
    from s370.cpu import layout as L
    a, b = systems()
    user, term = logon(a, "USER1", "PASS1")
    user.vm.sd.keys[3] |= L.KEY_CHANGE
    target = RefusingTarget(b, at)
    with pytest.raises(MigrationError, match="NO ROOM AT VMB"):
        migrate(user, target)
    assert target.resumed and a.find("USER1") is user and b.find("USER1") is None
    assert user.vm.sd.keys[3] & L.KEY_CHANGE and user.terminal is term


def test_an_open_punch_file_moves_with_the_user(tmp_path):
    from test_cp_spool_vm import CARD1, CARD2, Directory, Terminal as SpoolTerminal
    from cp.spool import Spool
    from cp.system import CPSystem
    from cp.vdev import spooldev
    from cp.vm.migrate import migrate
    a, b = (CPSystem(Directory("USER1"), clock="deterministic", sysname=n, log=lambda t: None)
            for n in ("VMA", "VMB"))
    spooldev.install(a, Spool(str(tmp_path / "spoolA")))
    spooldev.install(b, Spool(str(tmp_path / "spoolB")))
    user = a.logon("USER1", "PW", SpoolTerminal())
    punch = user.vm.device(0x00D)
    assert punch._record(0x01, CARD1) and punch._record(0x01, CARD2)
    migrate(user, b)
    moved = b.find("USER1").vm.device(0x00D)
    assert moved.writer is not None and moved.writer.records == 2
    assert a.spool.files == {}                       # nothing left behind at VMA
    assert moved._record(0x01, CARD1)
    moved.close()
    (sf,) = b.spool.files.values()
    assert [r.data for r in sf.data_records()] == [CARD1, CARD2, CARD1]
