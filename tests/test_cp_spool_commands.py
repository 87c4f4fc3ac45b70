"""SPOOL, CLOSE, PURGE, TRANSFER, ORDER, CHANGE and QUERY READER/PRINTER/PUNCH/FILES."""

import datetime

import pytest

from cp.commands import spoolcmds as sc
from tests.spool_harness import FakeSystem, cards, make_user


@pytest.fixture
def env(tmp_path):
    times = iter(datetime.datetime(1981, 4, 1, 9, 15, s) for s in range(60))
    system = FakeSystem(tmp_path / "spool", clock=lambda: next(times))
    return system, make_user(system, "maint", "ABCDEG"), make_user(system, "cmsuser")


def run(user, handler, line):
    lines = []
    rc = handler(user, line.split(), lines.append)
    return rc, lines


def punch_to(sender, receiver, *texts, cls=None):
    if cls:
        run(sender, sc.cmd_spool, f"PUNCH CLASS {cls}")
    run(sender, sc.cmd_spool, f"PUNCH TO {receiver}")
    sender.vm.punch(0x00D, cards(*texts))
    return run(sender, sc.cmd_close, "00D")


def test_spool_settings_land_on_the_devices(env):
    _, maint, _ = env
    assert run(maint, sc.cmd_spool, "RDR CLASS B CONT HOLD NOEOF") == (0, [])
    rdr = maint.vm.device(0x00C)
    assert (rdr.spool_class, rdr.cont, rdr.hold, rdr.eof) == ("B", True, True, False)
    assert run(maint, sc.cmd_spool, "00E COPY 3 FOR CMSUSER CL X")[0] == 0
    prt = maint.vm.device(0x00E)
    assert (prt.copies, prt.for_user, prt.to, prt.spool_class) == (3, "CMSUSER", None, "X")
    assert run(maint, sc.cmd_spool, "PRT OFF NOCONT")[0] == 0 and prt.for_user is None
    assert run(maint, sc.cmd_spool, "PUN *")[0] == 0 and maint.vm.device(0x00D).to == "MAINT"


def test_spool_errors_are_dmk_messages(env):
    _, maint, _ = env
    assert run(maint, sc.cmd_spool, "RDR COPY 2") == (3, [])
    assert maint.said[-1] == "DMKCFM003E INVALID OPTION - COPY"
    assert run(maint, sc.cmd_spool, "01F CLASS A")[0] == 40
    assert maint.said[-1] == "DMKCFM040E DEV 01F DOES NOT EXIST"
    assert run(maint, sc.cmd_spool, "PUN CLASS AB")[0] == 26
    assert run(maint, sc.cmd_spool, "PUN TO")[0] == 20 and maint.vm.device(0x00D).to is None
    maint.settings.emsg = "CODE"
    assert run(maint, sc.cmd_spool, "")[0] == 26 and maint.said[-1] == "DMKCFM026E"


def test_close_with_name_and_query_reader_columns(env):
    _, maint, cms = env
    run(maint, sc.cmd_spool, "PUNCH TO CMSUSER")
    maint.vm.punch(0x00D, cards("A", "B"))
    rc, lines = run(maint, sc.cmd_close, "PUNCH NAME PROFILE EXEC DIST X99")
    assert rc == 0 and lines == ["PUN FILE 0001  TO  CMSUSER  COPY 01 NOHOLD"]
    rc, lines = run(cms, sc.query_reader, "")
    assert lines == ["ORIGINID FILE CLASS RECDS  CPY HOLD",
                     "MAINT    0001 A PUN 000002 01  NONE"]
    rc, lines = run(cms, sc.query_reader, "ALL")
    head, row = lines
    assert head == "ORIGINID FILE CLASS RECDS  CPY HOLD DATE  TIME     NAME      TYPE      DIST"
    assert row == "MAINT    0001 A PUN 000002 01  NONE 04/01 09:15:00 PROFILE   EXEC      X99"
    for title in ("FILE", "CLASS", "HOLD", "DATE", "TIME", "NAME", "TYPE", "DIST"):
        assert row[head.index(title)] != " "                   # every field starts under its title
    assert run(maint, sc.query_reader, "") == (0, ["NO RDR FILES"])
    assert run(cms, sc.query_files, "") == (0, ["FILES: 0001 RDR, NO PRT, NO PUN"])


def test_purge_by_spoolid_class_and_all(env):
    system, maint, cms = env
    for cls in "AABC":
        punch_to(maint, "CMSUSER", "X", cls=cls)
    assert run(cms, sc.cmd_purge, "RDR 2") == (0, ["0001 FILE PURGED"])
    assert run(cms, sc.cmd_purge, "RDR CLASS A") == (0, ["0001 FILE PURGED"])
    assert run(cms, sc.cmd_purge, "RDR 9") == (42, [])
    assert cms.said[-1] == "DMKCSU042E SPOOLID 0009 DOES NOT EXIST"
    assert run(maint, sc.cmd_purge, "RDR 3")[0] == 0                # class D: anyone's file
    assert run(cms, sc.cmd_purge, "RDR ALL") == (0, ["0001 FILE PURGED"])
    assert run(cms, sc.cmd_purge, "RDR ALL") == (0, ["NO FILES PURGED"])
    assert system.spool.files == {}


def test_general_user_cannot_name_another_users_queue(env):
    _, maint, cms = env
    punch_to(cms, "MAINT", "X")
    assert run(cms, sc.cmd_purge, "MAINT RDR ALL")[0] == 2
    assert run(maint, sc.cmd_purge, "CMSUSER RDR ALL") == (0, ["NO FILES PURGED"])
    assert run(maint, sc.cmd_purge, "MAINT RDR ALL") == (0, ["0001 FILE PURGED"])


def test_order_puts_files_first_and_the_reader_follows(env):
    system, maint, cms = env
    for t in ("ONE", "TWO", "THREE"):
        punch_to(maint, "CMSUSER", t)
    assert run(cms, sc.cmd_order, "RDR 3 2") == (0, ["0002 FILES ORDERED"])
    assert [f.spoolid for f in system.spool.list("CMSUSER", "RDR")] == [3, 2, 1]
    cms.vm.drain()
    assert cms.vm.read(0x00C)[2] == cards("THREE")[0]


def test_transfer_moves_reader_files_and_tells_the_receiver(env):
    system, maint, cms = env
    punch_to(maint, "CMSUSER", "HI")
    rc, lines = run(cms, sc.cmd_transfer, "RDR 1 TO MAINT")
    assert (rc, lines) == (0, ["0001 FILE TRANSFERRED"])
    (sf,) = system.spool.list("MAINT", "RDR")
    assert (sf.spoolid, sf.origin) == (1, "MAINT")
    assert maint.said[-1].startswith("RDR FILE 0001 SENT FROM MAINT")
    assert run(cms, sc.cmd_transfer, "RDR 1 TO MAINT")[0] == 42     # no longer cms's


def test_change_class_copies_hold_name(env):
    system, maint, cms = env
    punch_to(maint, "CMSUSER", "X")
    rc, lines = run(cms, sc.cmd_change, "RDR 1 CLASS Q HOLD NAME NEW FILE")
    assert (rc, lines) == (0, ["0001 FILE CHANGED"])
    sf = system.spool.get(1)
    assert (sf.spool_class, sf.user_hold, sf.name, sf.type) == ("Q", True, "NEW", "FILE")
    assert run(cms, sc.query_reader, "")[1][1].endswith("USER")
    cms.vm.drain()
    assert cms.vm.read(0x00C)[1][8:12] == "0E00"                  # held: the reader is empty
    assert run(cms, sc.cmd_change, "RDR ALL NOHOLD COPY 5")[0] == 0
    assert (sf.user_hold, sf.copies) == (False, 5)
    assert run(cms, sc.cmd_change, "RDR 1 BOGUS")[0] == 3


def test_close_reader_hold_keeps_a_partly_read_file(env):
    system, maint, cms = env
    punch_to(maint, "CMSUSER", "ONE", "TWO")
    cms.vm.drain()
    cms.vm.read(0x00C)
    assert run(cms, sc.cmd_close, "00C HOLD") == (0, [])
    assert [f.spoolid for f in system.spool.list("CMSUSER", "RDR")] == [1]
    assert cms.vm.read(0x00C)[2] == cards("ONE")[0]              # read again from the start
    assert run(cms, sc.cmd_close, "RDR") == (0, [])                # NOHOLD: gone
    assert system.spool.list("CMSUSER", "RDR") == []


def test_spool_console_start_close(env):
    system, maint, _ = env
    from cp.vdev import spooldev
    assert run(maint, sc.cmd_spool, "CONSOLE START NOTERM")[0] == 0
    assert spooldev.console_spool_line(maint, "HELLO") is False
    rc, lines = run(maint, sc.cmd_spool, "CONSOLE STOP CLOSE")
    assert rc == 0 and lines == ["PRT FILE 0001  TO  MAINT    COPY 01 NOHOLD"]
    sf = system.spool.get(1)
    assert (sf.devtype, sf.spool_class) == ("CON", "T")
    assert spooldev.console_spool_line(maint, "after stop") is True


def test_query_printer_system_for_class_d(env):
    system, maint, cms = env
    cms.vm.run(0x00E, [(0x09, 0, 4, 0x4000)], {0x4000: b"\xC1" * 4})
    run(cms, sc.cmd_close, "00E")
    assert run(cms, sc.query_printer, "SYSTEM")[0] == 2
    rc, lines = run(maint, sc.query_printer, "SYSTEM")
    assert lines == ["OWNERID  FILE CLASS RECDS  CPY HOLD", "CMSUSER  0001 A PRT 000001 01  NONE"]


def test_command_rows():
    names = {c.name: c for c in sc.COMMANDS}
    assert set(names) == {"SPOOL", "CLOSE", "PURGE", "ORDER", "TRANSFER", "CHANGE", "START", "DRAIN", "DEVINIT", "HOLD", "FREE"}
    assert names["START"].classes == names["DRAIN"].classes == "D"
    assert names["SPOOL"].classes == "G" and "D" in names["PURGE"].classes
    assert all(c.group == "spoolcmds" and callable(c.handler) for c in sc.COMMANDS)
