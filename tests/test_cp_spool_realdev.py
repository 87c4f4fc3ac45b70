"""Real printers, punches and readers behind the spool (cp.spool.realdev) and the class D
START / DRAIN / DEVINIT commands."""

import datetime
import time

import pytest

from cp.commands import spoolcmds as sc
from cp.spool import Spool, realdev
from tests.spool_harness import FakeSystem, cards, make_user


def run(user, handler, line):
    lines = []
    rc = handler(user, line.split(), lines.append)
    return rc, lines


@pytest.fixture
def env(tmp_path):
    times = iter(datetime.datetime(1981, 4, 1, 9, 15, s) for s in range(60))
    system = FakeSystem(tmp_path / "spool", clock=lambda: next(times))
    system.oplog = []
    system.log = system.oplog.append
    maint, cms = make_user(system, "maint", "ABCDEG"), make_user(system, "cmsuser")
    units = realdev.RealUnitRecords(system, system.spool)       # no worker: run_pending by hand
    units.add(0x00E, "1403", str(tmp_path / "prt00e.txt"))
    units.add(0x00D, "2540P", str(tmp_path / "pun00d.ebc"))
    units.add(0x00C, "2540R", None)
    system.spool_devices = units
    system.spool.on_output = units.kick
    return system, maint, cms, units, tmp_path


def print_lines(user, *texts, cls=None):
    if cls:
        run(user, sc.cmd_spool, f"PRT CLASS {cls}")
    for t in texts:
        user.vm.run(0x00E, [(0x09, 0, len(t))], {0x4000: t.encode("cp037")})
    return run(user, sc.cmd_close, "PRT NAME REPORT LISTING")


def test_printer_file_becomes_host_text_after_a_separator(env):
    system, maint, cms, units, tmp = env
    rc, said = print_lines(cms, "HELLO WORLD", "SECOND LINE")
    assert rc == 0 and said[0].startswith("PRT FILE 0001  TO  CMSUSER")
    assert units.run_pending() == 1
    text = (tmp / "prt00e.txt").read_bytes().decode("latin-1")
    sep, _, body = text.rpartition("\f")          # the separator ends with a skip to channel 1
    assert "USERID   CMSUSER" in sep and "FILE     0001" in sep and "NAME     REPORT LISTING" in sep
    assert sep.count("USERID   CMSUSER") == 2     # two separator pages
    assert sep.count("CC      CC  MMMM  MMMM") == 2 * 2 * 2     # userid and dist in block letters
    assert body.startswith("HELLO WORLD\nSECOND LINE\n")
    assert system.spool.list(None, "PRT") == []    # printed files leave the spool
    assert system.oplog[-1] == "PRT 00E OUTPUT OF CMSUSER  FILE 0001 RECDS 0002 COPY 01 A PRT"


def test_copies_nosep_and_class_selection(env):
    system, maint, cms, units, tmp = env
    assert run(maint, sc.cmd_start, "00E CLASS B NOSEP")[1] == ["PRT 00E STARTED  SYSTEM  CLASS B    NOSEP"]
    print_lines(cms, "CLASS A FILE")                    # class A: not for this printer now
    run(cms, sc.cmd_spool, "PRT COPY 2")
    print_lines(cms, "CLASS B FILE", cls="B")
    assert units.run_pending() == 1
    assert (tmp / "prt00e.txt").read_bytes() == b"CLASS B FILE\nCLASS B FILE\n"
    assert [f.spool_class for f in system.spool.list(None, "PRT")] == ["A"]
    assert system.oplog[-2:] == ["PRT 00E OUTPUT OF CMSUSER  FILE 0002 RECDS 0001 COPY 02 B PRT",
                                 "PRT 00E REPEATED  CMSUSER  FILE 0002 RECDS 0001 COPY 01 B PRT"]


def test_drain_stops_output_and_held_files_wait(env):
    system, maint, cms, units, tmp = env
    assert run(maint, sc.cmd_drain, "PRINTER")[1] == ["PRT 00E DRAINED  SYSTEM  CLASS A    SEP"]
    print_lines(cms, "WAITING")
    assert units.run_pending() == 0
    run(maint, sc.cmd_start, "00E NOSEP")
    run(cms, sc.cmd_change, "PRT ALL HOLD")
    assert units.run_pending() == 0
    run(cms, sc.cmd_change, "PRT ALL NOHOLD")
    assert units.kick and units.run_pending() == 1
    assert (tmp / "prt00e.txt").read_bytes() == b"WAITING\n"


def test_punch_output_is_card_images_after_four_separator_cards(env):
    system, maint, cms, units, tmp = env
    cms.vm.punch(0x00D, cards("CARD ONE", "CARD TWO"))
    run(cms, sc.cmd_close, "PUN")
    assert units.run_pending() == 1
    raw = (tmp / "pun00d.ebc").read_bytes()
    assert len(raw) == 6 * 80
    assert raw[:80].decode("cp037").startswith("CMSUSER  CMSUSER  FILE 0001 CLASS A")
    assert raw[4 * 80:] == b"".join(cards("CARD ONE", "CARD TWO"))


def test_real_reader_routes_by_id_card(env):
    system, maint, cms, units, tmp = env
    deck = tmp / "deck.txt"
    deck.write_text("ID CMSUSER CLASS B NAME MY EXEC\nLINE 1\n\tTABBED\n")
    rc, said = run(maint, sc.cmd_devinit, f"00C {deck}")
    assert rc == 0 and said == ["RDR 00C INPUT FOR CMSUSER  FILE 0001"]
    sf = system.spool.list("CMSUSER", "RDR")[0]
    assert (sf.spool_class, sf.name, sf.type, sf.records) == ("B", "MY", "EXEC", 2)
    assert cms.said[-1].startswith("RDR FILE 0001 SENT FROM CMSUSER  RDR")
    cms.vm.drain()                                  # the arrival's device end
    assert cms.vm.read(0x00C)[2] == "LINE 1".ljust(80).encode("cp037")
    assert cms.vm.read(0x00C)[2] == "        TABBED".ljust(80).encode("cp037")


def test_operator_routing_and_bad_decks(env):
    system, maint, cms, units, tmp = env
    deck = tmp / "deck.ebc"
    deck.write_bytes(b"".join(cards("A", "B", "C")))
    assert run(maint, sc.cmd_devinit, f"00C {deck} TO CMSUSER CLASS C")[0] == 0
    assert system.spool.list("CMSUSER", "RDR")[0].records == 3
    bad = tmp / "bad.txt"
    bad.write_text("HELLO\n")
    assert run(maint, sc.cmd_devinit, f"00C {bad}") == (26, ["RDR 00C INVALID ID CARD"])
    assert run(maint, sc.cmd_devinit, f"00C {tmp / 'none'}")[1][0].startswith("RDR 00C CANNOT READ")
    assert run(maint, sc.cmd_devinit, f"00E {deck}")[0] == 2
    assert run(maint, sc.cmd_devinit, "01F x")[0] == 40
    assert run(maint, sc.cmd_start, "XYZ")[0] == 21


def test_install_drains_with_its_worker_and_survives_restart(tmp_path):
    system = FakeSystem(tmp_path / "spool")
    system.log = lambda text: None
    prt = tmp_path / "prt.txt"
    units = realdev.install(system, [("00E", "1403", str(prt)), (0x00C, "3505", None)])
    try:
        cms = make_user(system, "cmsuser")
        run(cms, sc.cmd_spool, "PRT NOHOLD")
        cms.vm.run(0x00E, [(0x09, 0, 5)], {0x4000: b"\xc8\xc5\xd3\xd3\xd6"})
        run(cms, sc.cmd_close, "PRT")
        for _ in range(3000):                     # the worker's own pace; bounded, not timed
            if not system.spool.list(None, "PRT") and units.devices[0x00E].active is None:
                break
            units._wake.set()
            time.sleep(0.01)
        assert prt.read_bytes().endswith(b"HELLO\n")
    finally:
        units.stop_worker()
    again = Spool(tmp_path / "spool")
    assert again.list(None, "PRT") == []


def test_bad_configuration_is_a_one_line_error(tmp_path):
    system = FakeSystem(tmp_path / "spool")
    units = realdev.RealUnitRecords(system, system.spool)
    with pytest.raises(realdev.RealDeviceError, match="unknown unit-record device type 9999"):
        units.add(0x00E, "9999", "x")
    with pytest.raises(realdev.RealDeviceError, match="printer 00E needs a host file"):
        units.add(0x00E, "1403", None)


def test_spool_answers_diagnose_14_through_the_reader(env):
    from cp.spool.diag14 import file_block
    system, maint, cms, units, tmp = env
    spool = system.spool
    assert spool.read_page(cms, 0x00C) == (2, b"")              # no file: cc 2
    run(maint, sc.cmd_spool, "PUNCH TO CMSUSER")
    maint.vm.punch(0x00D, cards("FIRST", "SECOND"))
    run(maint, sc.cmd_close, "PUNCH NAME DATA FILE")
    cc, page = spool.read_page(cms, 0x00C)
    assert cc == 0 and len(page) == 4096 and page[12:16] == (1).to_bytes(4, "big")
    assert page[16] == 0x01 and page[24:104] == cards("FIRST")[0]
    assert spool.read_page(cms, 0x00C) == (1, b"")              # end of file, still active
    assert spool.restart(cms, 0x00C) == 0 and spool.read_page(cms, 0x00C)[1] == page
    assert spool.read_page(cms, 0x00C, backspace=True)[1] == page
    cc, desc = spool.descriptor(cms, 0)
    assert cc == 0 and desc[:104] == file_block(spool.get(1)) and desc[104:184] == cards("FIRST")[0]
    assert desc[40:64].decode("cp037").rstrip() == "DATA" and spool.descriptor(cms, 1)[0] == 1
    assert spool.select(cms, 0x00C, 7) == 2 and spool.repeat(maint, 0x00C, 1) == 2
    cms.vm.drain()
    print_lines(cms, "LINE")
    cc, block = spool.next_block(cms, "PRT")
    assert cc == 0 and block[0:4] == (2).to_bytes(4, "big") and block[11:14] == b"\xd7\xd9\xe3"
    assert spool.next_block(cms, "PRT") == (1, b"")


def test_bench_command_reports_both_figures(capsys):
    from cp.spool import bench
    assert bench.main(["--cards", "50", "--lines", "40"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("punch -> reader") and out[0].endswith("cards/s")
    assert out[1].startswith("printer -> host file") and " 40 lines" in out[1]


def test_configured_reader_deck_is_read_once_across_restarts(tmp_path):
    deck = tmp_path / "hopper.txt"
    deck.write_text("ID CMSUSER\nCARD\n")
    for start in range(2):                             # install twice: a warm start
        system = FakeSystem(tmp_path / "spool")
        system.log = lambda text: None
        make_user(system, "cmsuser")
        units = realdev.install(system, [(0x00C, "3505", str(deck))])
        units.stop_worker()
        units.start(0x00C)                             # START again: same deck, not re-read
        assert len(system.spool.list("CMSUSER", "RDR")) == 1
    deck.write_text("ID CMSUSER\nNEW CARD\nMORE\n")     # a new deck in the hopper
    units.start(0x00C)
    assert [f.records for f in system.spool.list("CMSUSER", "RDR")] == [1, 2]


def test_operator_hold_and_free_keep_files_from_the_printer(env):
    system, maint, cms, units, tmp = env
    print_lines(cms, "HELD BY OPERATOR")
    hold = next(c.handler for c in sc.COMMANDS if c.name == "HOLD")
    free = next(c.handler for c in sc.COMMANDS if c.name == "FREE")
    assert run(maint, hold, "CMSUSER PRINTER") == (0, [])
    assert system.spool.list("CMSUSER", "PRT")[0].hold == "SYS"
    assert units.run_pending() == 0
    assert run(maint, free, "CMSUSER ALL") == (0, [])
    assert units.run_pending() == 1
    assert run(maint, hold, "CMSUSER BOGUS")[0] == 2 and run(maint, hold, "")[0] == 20


def test_query_raddr_of_a_real_spooling_device_through_query(env):
    from cp.commands import execute
    system, maint, cms, units, tmp = env

    def query(user, line):
        lines = []
        return execute(user, line, lines.append), lines
    run(maint, sc.cmd_drain, "00E")
    assert query(maint, "QUERY 00E") == (0, ["PRT 00E DRAINED  SYSTEM  CLASS A    SEP"])
    # the spool operands of QUERY go to the spool's own handlers
    assert query(cms, "Q RDR ALL") == run(cms, sc.query_reader, "ALL")
