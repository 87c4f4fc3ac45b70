"""Virtual reader, punch and printer: guest channel programs against the spool (GC20-1820 SPOOL/CLOSE)."""

import pytest

from cp.vdev import spooldev
from s370.devices.base import SENSE_CMDREJ, SENSE_INTREQ
from tests.spool_harness import CC, FakeSystem, cards, make_user

# CSW images: key 0, CCW address+8 of the last CCW, unit status, channel status, residual
CE_DE, CE_DE_UX, CE_DE_UC = "0C00", "0D00", "0E00"


@pytest.fixture
def two_users(tmp_path):
    system = FakeSystem(tmp_path / "spool")
    return system, make_user(system, "maint"), make_user(system, "cmsuser")


def test_punched_deck_arrives_in_other_reader_and_reads_back_byte_exact(two_users):
    system, maint, cms = two_users
    pun = maint.vm.device(0x00D)
    pun.to = "CMSUSER"
    deck = cards("CARD ONE", "CARD TWO") + [bytes(range(80))]
    cc, csw = maint.vm.punch(0x00D, deck)
    assert cc == 0 and csw[8:12] == CE_DE and csw[12:] == "0000"
    assert system.spool.list("CMSUSER", "RDR") == []          # still open on the punch
    sf = pun.close_file()
    assert sf.spoolid == 1 and sf.records == 3 and sf.queue == "RDR" and sf.owner == "CMSUSER"
    assert maint.said == ["PUN FILE 0001  TO  CMSUSER  COPY 01 NOHOLD"]
    assert cms.said == ["RDR FILE 0001 SENT FROM MAINT    PUN WAS 0001 RECS 0003 CPY  001 A NOHOLD NOKEEP"]
    # the idle reader was made ready: an unsolicited device end on 00C
    assert cms.vm.channels.take_interrupt() == 0x00C
    assert cms.vm.mem[68] == 0x04
    got = [cms.vm.read(0x00C) for _ in range(3)]
    assert [g[2] for g in got] == deck
    assert all(g[1][8:] == CE_DE + "0000" for g in got)
    cc, csw, _ = cms.vm.read(0x00C)                            # after the last card: unit exception
    assert cc == 0 and csw[8:12] == CE_DE_UX
    assert system.spool.list("CMSUSER", "RDR") == []          # NOHOLD: purged once read
    cc, csw, _ = cms.vm.read(0x00C)                            # empty reader: not ready
    assert csw[8:12] == CE_DE_UC and cms.vm.sense(0x00C) == SENSE_INTREQ


def test_reader_class_hold_noeof_and_cont(two_users):
    system, maint, cms = two_users
    pun = maint.vm.device(0x00D)
    pun.to = "CMSUSER"
    for cls, text in (("B", "BEE"), ("A", "AY1"), ("A", "AY2")):
        pun.spool_class = cls
        maint.vm.punch(0x00D, cards(text))
        pun.close_file()
    assert cms.vm.drain() == [(0x00C, 0x04)]                  # idle reader: device end
    rdr = cms.vm.device(0x00C)
    rdr.spool_class = "A"
    rdr.hold = True
    assert cms.vm.read(0x00C)[2] == cards("AY1")[0]           # class B file skipped
    assert cms.vm.read(0x00C)[1][8:12] == CE_DE_UX
    assert [f.name for f in system.spool.list("CMSUSER", "RDR")] == ["", "", ""]   # HOLD kept it
    rdr.hold, rdr.cont, rdr.spool_class = False, True, "*"
    texts = [cms.vm.read(0x00C)[2][:3].decode("cp037") for _ in range(3)]
    assert texts == ["BEE", "AY1", "AY2"]                      # CONT: back to back, no unit exception
    rdr.eof = False
    cc, csw, _ = cms.vm.read(0x00C)                            # NOEOF: unit check, intervention required
    assert csw[8:12] == CE_DE_UC and cms.vm.sense(0x00C) == SENSE_INTREQ
    assert system.spool.list("CMSUSER", "RDR") == []


def test_held_file_is_not_read_and_gives_no_device_end(two_users):
    system, maint, cms = two_users
    pun = maint.vm.device(0x00D)
    pun.to, pun.hold = "CMSUSER", True
    maint.vm.punch(0x00D, cards("X"))
    sf = pun.close_file()
    assert sf.user_hold and maint.said[-1].endswith("COPY 01 HOLD")
    assert cms.vm.channels.take_interrupt() is None
    assert cms.vm.read(0x00C)[1][8:12] == CE_DE_UC


def test_short_card_is_padded_and_incorrect_length(two_users):
    system, maint, cms = two_users
    maint.vm.device(0x00D).to = "CMSUSER"
    cc, csw = maint.vm.run(0x00D, [(0x01, 0, 10, 0x4000)], {0x4000: b"\xC1" * 10})
    assert csw[10:12] == "40" and csw[12:] == "0000"           # incorrect length: the punch wanted 80
    maint.vm.device(0x00D).close_file()
    cc, csw, _ = cms.vm.read(0x00C)
    assert cc == 1 and csw[8:12] == "1400"                     # SIO finds the pending device end (busy)
    assert cms.vm.read(0x00C)[2] == b"\xC1" * 10 + b"\x40" * 70


def test_punch_rejects_read_and_stacker_11(two_users):
    _, maint, _ = two_users
    for cmd in (0x02, 0xC1):
        cc, csw = maint.vm.run(0x00D, [(cmd, 0, 80, 0x4000)])
        assert csw[8:12] == CE_DE_UC and maint.vm.sense(0x00D) == SENSE_CMDREJ
    assert maint.vm.device(0x00D).writer is None                 # nothing was opened


def test_printer_records_carriage_control_and_goes_to_printer_queue(two_users):
    system, maint, _ = two_users
    line = "HELLO PRINTER".encode("cp037")
    cc, csw = maint.vm.run(0x00E, [(0x8B, CC, 1, 0x4000), (0x09, CC, len(line), 0x4100),
                                    (0x11, 0, len(line), 0x4100)], {0x4100: line})
    assert csw[8:12] == CE_DE
    sf = maint.vm.device(0x00E).close_file(name="MYFILE", type="LISTING")
    assert (sf.queue, sf.owner, sf.devtype, sf.records) == ("PRT", "MAINT", "PRT", 2)
    assert sf.read_records() == [(0x8B, b""), (0x09, line), (0x11, line)]
    assert maint.said == ["PRT FILE 0001  TO  MAINT    COPY 01 NOHOLD"]
    assert system.spool.list(None, "PRT") == [sf]


def test_printer_forms_overflow_unit_exception_like_the_real_1403(two_users):
    _, maint, _ = two_users
    # default FCB: channel 12 at line 61; skip to channel 9 (line 63? no: 9 -> 63) is past it,
    # so space from line 55 (channel 11) down: six single spaces reach line 61
    maint.vm.run(0x00E, [(0xDB, 0, 1, 0x4000)])                # skip to channel 11 = line 55
    statuses = [maint.vm.run(0x00E, [(0x0B, 0, 1, 0x4000)])[1][8:12] for _ in range(6)]
    assert statuses == [CE_DE] * 5 + [CE_DE_UX]


def test_cont_punch_ignores_close_until_logoff(two_users):
    system, maint, cms = two_users
    pun = maint.vm.device(0x00D)
    pun.to, pun.cont = "CMSUSER", True
    maint.vm.punch(0x00D, cards("ONE"))
    assert pun.close_file() is None
    maint.vm.punch(0x00D, cards("TWO"))
    spooldev.close_user_files(maint)                           # LOGOFF closes it anyway
    (sf,) = system.spool.list("CMSUSER", "RDR")
    assert sf.records == 2


def test_close_purge_leaves_nothing(two_users, tmp_path):
    system, maint, _ = two_users
    maint.vm.punch(0x00D, cards("GONE"))
    assert maint.vm.device(0x00D).close_file(purge=True) is None
    assert system.spool.files == {} and not list((tmp_path / "spool").glob("*.open"))


def test_console_spool_lines_become_a_printer_file(two_users):
    system, maint, _ = two_users
    assert spooldev.console_spool_line(maint, "not spooled") is True
    cs = spooldev.console_state(maint)
    cs.started, cs.term = True, False
    assert spooldev.console_spool_line(maint, "LOGON AT 09:15:40") is False
    spooldev.console_spool_line(maint, "X" * 140)
    sf = spooldev.close_console(maint)
    assert (sf.devtype, sf.queue, sf.spool_class, sf.records) == ("CON", "PRT", "T", 3)
    assert [r.data for r in sf.read_records()] == ["LOGON AT 09:15:40".encode("cp037"),
                                                  b"\xE7" * 132, b"\xE7" * 8]


def test_reader_page_view_for_diagnose_14(two_users):
    system, maint, cms = two_users
    maint.vm.device(0x00D).to = "CMSUSER"
    maint.vm.punch(0x00D, cards(*[f"CARD {i}" for i in range(50)]))   # 50 x 88 bytes: two pages
    maint.vm.device(0x00D).close_file()
    maint.vm.device(0x00D).spool_class = "B"
    maint.vm.punch(0x00D, cards("SECOND FILE"))
    maint.vm.device(0x00D).close_file()
    rdr = cms.vm.device(0x00C)
    p1 = rdr.next_page()
    assert len(p1) == 4096 and p1[8:16] == (46).to_bytes(4, "big") + (1).to_bytes(4, "big")
    assert p1[24:104] == cards("CARD 0")[0]
    assert rdr.restart_file() and rdr.next_page() == p1
    p2 = rdr.next_page()
    assert p2[:8] == bytes(4) + (1).to_bytes(4, "big") and p2[24:104] == cards("CARD 46")[0]
    assert rdr.next_page() is None and rdr.active.spoolid == 1  # end of file: active until CLOSE
    rdr.close_file()                                            # CLOSE 00C: purged (NOHOLD)
    assert [f.spoolid for f in system.spool.list("CMSUSER", "RDR")] == [2]
    rdr.cont = True
    assert rdr.next_page()[24:104] == cards("SECOND FILE")[0]
    assert rdr.next_page() is None and rdr.active is None       # CONT: closed, nothing follows
    assert system.spool.list("CMSUSER", "RDR") == [] and not rdr.restart_file()


def test_reader_device_end_once_until_the_guest_starts_io(two_users):
    system, maint, cms = two_users
    pun = maint.vm.device(0x00D)
    pun.to = "CMSUSER"
    for text in ("ONE", "TWO"):
        maint.vm.punch(0x00D, cards(text))
        pun.close_file()
    assert cms.vm.drain() == [(0x00C, 0x04)]                   # the second found one pending
    cms.vm.read(0x00C)
    cms.vm.read(0x00C)                                         # unit exception: ONE finished
    maint.vm.punch(0x00D, cards("THREE"))
    pun.close_file()                                           # idle again, TWO still waiting
    assert cms.vm.drain() == [(0x00C, 0x04)]
    cms.vm.read(0x00C)                                         # TWO is active now
    maint.vm.punch(0x00D, cards("FOUR"))
    pun.close_file()
    assert cms.vm.drain() == []                                # an active file: no device end


def test_console_spool_skips_to_a_new_page_every_60_lines(two_users):
    system, maint, _ = two_users
    spooldev.console_state(maint).started = True
    for i in range(61):
        spooldev.console_spool_line(maint, f"LINE {i}")
    ops = [r.op for r in spooldev.close_console(maint).read_records()]
    assert ops[58:61] == [0x09, 0x89, 0x09] and ops.count(0x89) == 1
