"""A punch file sent with SPOOL PUNCH TO arrives in the other user's reader and is still
there, byte for byte, after the CP restarts on the same spool directory (warm start)."""

from cp.commands import spoolcmds as sc
from tests.spool_harness import FakeSystem, cards, make_user


def run(user, handler, line):
    out = []
    return handler(user, line.split(), out.append), out


def test_punch_to_another_reader_survives_a_restart(tmp_path):
    system = FakeSystem(tmp_path / "spool")
    maint, cms = make_user(system, "maint"), make_user(system, "cmsuser")
    run(maint, sc.cmd_spool, "PUNCH TO CMSUSER CLASS B")
    deck = cards("//JOB ONE", "DATA 1", "DATA 2")
    maint.vm.punch(0x00D, deck)
    rc, said = run(maint, sc.cmd_close, "PUNCH NAME MY DECK")
    assert rc == 0 and said == ["PUN FILE 0001  TO  CMSUSER  COPY 01 NOHOLD"]
    assert cms.said[-1].startswith("RDR FILE 0001 SENT FROM MAINT    PUN")

    again = FakeSystem(tmp_path / "spool")           # CP restarted: a new spool object
    cms2 = make_user(again, "cmsuser")
    rc, lines = run(cms2, sc.query_reader, "ALL")
    assert lines[1] == "MAINT    0001 B PUN 000003 01  NONE 04/01 09:15:40 MY        DECK      MAINT"
    run(cms2, sc.cmd_spool, "READER CLASS B")
    got = [cms2.vm.read(0x00C)[2] for _ in deck]
    assert got == deck
    assert cms2.vm.read(0x00C)[1][8:10] == "0D"     # CE DE UX: end of file after the deck
    assert again.spool.list("CMSUSER", "RDR") == []  # NOHOLD: read files go
