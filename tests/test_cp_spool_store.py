"""The spool on disk: warm start, crash safety, spoolid wrap, the 4K page view."""

import json
import struct

import pytest

from cp.spool import OutputOptions, PAGE_SIZE, Spool, SpoolError
from cp.spool.model import MAX_SPOOLID


def closed(spool, origin="MAINT", devtype="PUN", recs=(b"A" * 80,), **opts):
    w = spool.open_output(origin, devtype, OutputOptions(**opts))
    for r in recs:
        w.write(0x01, r)
    return w.close()


def test_closed_files_survive_a_new_spool_and_open_ones_do_not(tmp_path):
    spool = Spool(tmp_path)
    deck = [bytes([i]) * 80 for i in range(5)]
    kept = closed(spool, recs=deck, to="CMSUSER", spool_class="C", hold=True)
    spool.change(kept.spoolid, name="KEPT", type="DECK", tag="RSCS TAG")
    w = spool.open_output("MAINT", "PRT")                      # never closed: the crash
    w.write(0x09, b"lost line")
    w._f.flush()
    again = Spool(tmp_path)                                    # warm start after the crash
    assert list(again.files) == [kept.spoolid]
    sf = again.get(kept.spoolid)
    assert (sf.owner, sf.origin, sf.queue, sf.spool_class, sf.user_hold, sf.records) == \
        ("CMSUSER", "MAINT", "RDR", "C", True, 5)
    assert (sf.name, sf.type, sf.tag) == ("KEPT", "DECK", "RSCS TAG")
    assert [r.data for r in sf.data_records()] == deck
    assert not list(tmp_path.glob("*.open"))
    assert again.open_output("MAINT", "PUN").spoolid == w.spoolid + 1   # the next spoolid is kept


def test_torn_close_is_not_a_file(tmp_path):
    spool = Spool(tmp_path)
    sf = closed(spool)
    (tmp_path / "0001.meta").unlink()                          # crash after .data, before .meta
    (tmp_path / "0007.data").write_bytes(b"\x01\x00\x50")      # stray data, torn
    (tmp_path / "0001.meta.tmp").write_text("{")
    again = Spool(tmp_path)
    assert again.files == {} and sorted(p.name for p in tmp_path.iterdir()) == ["NEXTID"]
    assert sf.spoolid == 1


def test_metadata_is_one_json_object_per_file(tmp_path):
    spool = Spool(tmp_path)
    sf = closed(spool, recs=[b"X" * 80, b"Y" * 80])
    meta = json.loads((tmp_path / f"{sf.spoolid:04d}.meta").read_text())
    assert meta["spoolid"] == 1 and meta["records"] == 2 and meta["queue"] == "PUN"
    raw = (tmp_path / "0001.data").read_bytes()
    assert raw == b"\x01\x00\x50" + b"X" * 80 + b"\x01\x00\x50" + b"Y" * 80


def test_spoolids_wrap_after_9900_and_skip_files_that_exist(tmp_path):
    spool = Spool(tmp_path)
    first = closed(spool)
    spool.next_id = MAX_SPOOLID
    assert closed(spool).spoolid == 9900
    assert closed(spool).spoolid == 2                          # 0001 still exists: skipped
    spool.purge(first.spoolid)
    spool.next_id = MAX_SPOOLID
    assert closed(spool).spoolid == 1                          # 9900 exists, 0001 free again


def test_full_spool_is_an_error(tmp_path):
    spool = Spool(tmp_path)
    spool.files = {i: None for i in range(1, MAX_SPOOLID + 1)}
    with pytest.raises(SpoolError):
        spool.open_output("MAINT", "PUN")


def test_purge_removes_both_files(tmp_path):
    spool = Spool(tmp_path)
    sf = closed(spool)
    assert spool.purge(sf.spoolid) and not spool.purge(sf.spoolid)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NEXTID"]


def test_order_and_transfer_are_kept_across_restart(tmp_path):
    spool = Spool(tmp_path)
    a, b, c = (closed(spool, to="CMSUSER") for _ in range(3))
    spool.order([c.spoolid])
    spool.transfer(a.spoolid, "OTHER")
    again = Spool(tmp_path)
    assert [f.spoolid for f in again.list("CMSUSER", "RDR")] == [c.spoolid, b.spoolid]
    assert [f.spoolid for f in again.list("OTHER", "RDR")] == [a.spoolid]
    assert again.reader_next("CMSUSER") .spoolid == c.spoolid


def test_output_destinations(tmp_path):
    spool = Spool(tmp_path)
    assert closed(spool, devtype="PRT").queue == "PRT"
    f = closed(spool, devtype="PUN", for_user="RSCS")
    assert (f.owner, f.queue, f.origin) == ("RSCS", "PUN", "MAINT")
    f = closed(spool, devtype="CON", to="OPERATOR")
    assert (f.owner, f.queue, f.devtype) == ("OPERATOR", "RDR", "CON")


def test_arrival_hook_on_close_and_transfer(tmp_path):
    spool = Spool(tmp_path)
    seen = []
    spool.on_arrival = lambda f: seen.append((f.spoolid, f.owner))
    closed(spool, devtype="PRT")
    f = closed(spool, to="CMSUSER")
    spool.transfer(f.spoolid, "MAINT")
    assert seen == [(2, "CMSUSER"), (2, "MAINT")]


def test_pages_layout(tmp_path):
    spool = Spool(tmp_path)
    recs = [bytes([0xC1 + (i % 9)]) * 80 for i in range(60)]
    w = spool.open_output("MAINT", "PRT")
    w.write(0x8B)                                              # skip to channel 1, no data
    for r in recs:
        w.write(0x09, r)
    sf = w.close()
    pages = sf.pages()
    assert len(pages) == 2 and all(len(p) == PAGE_SIZE for p in pages)
    nxt, prev, count, sid = struct.unpack(">IIII", pages[0][:16])
    per_page = (PAGE_SIZE - 16 - 8) // 88                      # the skip record, then 88-byte lines
    assert (nxt, prev, count, sid) == (2, 0, 1 + per_page, sf.spoolid)
    assert pages[0][16:24] == bytes([0x8B, 0, 0, 0, 0, 0, 0, 0])
    assert pages[0][24:32] == bytes([0x09, 0, 0, 0, 0, 0, 0, 80]) and pages[0][32:112] == recs[0]
    assert struct.unpack(">IIII", pages[1][:16]) == (0, 1, 60 - per_page, sf.spoolid)
    assert sf.record(0) == (0x8B, b"") and sf.record(60) == (0x09, recs[59]) and sf.record(61) is None


def test_system_queue_for_real_printers_skips_held_files_and_other_classes(tmp_path):
    spool = Spool(tmp_path)
    a = closed(spool, devtype="PRT", spool_class="A")
    b = closed(spool, origin="CMSUSER", devtype="PRT", spool_class="B")
    c = closed(spool, devtype="PRT", spool_class="A", hold=True)
    assert spool.next_output("PRT") == a
    assert spool.next_output("PRT", "BC") == b
    spool.change(a.spoolid, system_hold=True)
    spool.purge(b.spoolid)
    assert spool.next_output("PRT") is None and spool.get(c.spoolid).hold == "USER"
    assert spool.get(a.spoolid).hold == "SYS" and spool.next_output("PUN") is None
