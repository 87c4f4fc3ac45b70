"""CMS files on a minidisk: round trips, erase, rename, crash consistency, check()
finding injected corruption, and a property over random sequences of changes."""

import random
import struct

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cms.fs import CMSDisk, CMSFSError
from cms.fs.blockdev import BlockDevice
from media.ckd import create_image

E = lambda s: s.encode("cp037")  # noqa: E731


@pytest.fixture
def disk(tmp_path):
    path = str(tmp_path / "u.ckd")
    create_image(path, "3330", "VOL001", cyls=5)
    d = CMSDisk.format(path, "USR191", extent=(1, 4))     # 1064 blocks
    yield d
    d.close()


def reopen(d):
    path, ext = d.dev.image.path, (d.dev.first_cyl, d.dev.n_cyls)
    d.close()
    return CMSDisk.open(path, ext)


def test_f_and_v_round_trips_across_many_chain_blocks(disk):
    rnd = random.Random(1)
    f_recs = [bytes(rnd.randrange(256) for _ in range(133)) for _ in range(3000)]  # 499 blocks
    v_recs = [bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 900))) for _ in range(700)]
    disk.write("F", "LONG", f_recs, lrecl=133)
    disk.write("V", "LONG", v_recs, recfm="V")
    disk = reopen(disk)
    try:
        assert disk.read("f", "long") == f_recs
        assert disk.read("v", "long") == v_recs
        entries = {(e.fn, e.ft): e for e in disk.list()}
        assert entries["F", "LONG"].blocks == -(-3000 * 133 // 800) == 499
        assert entries["V", "LONG"].lrecl == max(len(r) for r in v_recs)
        assert disk.check() == []
    finally:
        disk.close()


def test_empty_file_round_trip(disk):
    disk.write("EMPTY", "FILE", [])
    disk.write("EMPTYV", "FILE", [], recfm="V")
    assert disk.read("empty", "file") == [] and disk.read("emptyv", "file") == []
    assert [(e.records, e.blocks) for e in disk.list()] == [(0, 0), (0, 0)]
    assert disk.check() == [] and disk.used == 5        # fixed blocks + one FST block


def test_replace_frees_the_old_blocks(disk):
    disk.write("A", "B", [E("X" * 80)] * 500)
    big = disk.used
    disk.write("A", "B", [E("Y" * 80)])
    assert disk.read("A", "B") == [E("Y" * 80)]
    assert big == 4 + 1 + 1 + 50                        # fixed, FST block, first chain link
    assert disk.used == 4 + 1 + 1 + 1
    assert disk.check() == []


def test_erase_and_rename(disk):
    for i in range(25):                                  # two FST blocks
        disk.write(f"F{i}", "DATA", [E(f"{i}".ljust(80))])
    assert disk.used == 4 + 2 + 25 * 2 and len(disk.mfd.fst_blocks) == 2
    disk.rename("F3", "DATA", "THREE", "TEXT")
    with pytest.raises(CMSFSError, match="already exists"):
        disk.rename("F4", "DATA", "THREE", "TEXT")
    with pytest.raises(CMSFSError, match="not found"):
        disk.rename("F3", "DATA", "X", "Y")
    disk.erase("F4", "DATA")
    with pytest.raises(CMSFSError, match="not found"):
        disk.read("F4", "DATA")
    for i in range(20, 25):
        disk.erase(f"F{i}", "DATA")                      # second FST block empties: released
    disk = reopen(disk)
    try:
        names = [(e.fn, e.ft) for e in disk.list()]
        assert ("THREE", "TEXT") in names and ("F3", "DATA") not in names
        assert len(names) == 19 and len(disk.mfd.fst_blocks) == 1
        assert disk.read("three", "text") == [E("3".ljust(80))]
        assert disk.used == 4 + 1 + 19 * 2 and disk.check() == []
    finally:
        disk.close()


def test_bad_input_leaves_the_image_unchanged(disk):
    disk.write("KEEP", "ME", [E("K" * 80)])
    path = disk.dev.image.path
    before = open(path, "rb").read()
    bad = [
        lambda: disk.write("TOOLONGNAME", "X", []),
        lambda: disk.write("A", "B", [b"x" * 80, b"y" * 79]),
        lambda: disk.write("A", "B", [b"x"], recfm="U"),
        lambda: disk.write("A", "B", [b"x" * 81], recfm="V", lrecl=80),
        lambda: disk.write("A", "B", [bytes(800)] * 1100),        # disk full
        lambda: disk.write("A", "B", [bytes(800)] * 16061),       # beyond 16060 data blocks
        lambda: disk.write("A", "B", [b"x"], mode="A9"),
        lambda: disk.erase("NO", "FILE"),
        lambda: disk.rename("KEEP", "ME", "BAD NAME", "X"),
    ]
    for fn in bad:
        with pytest.raises(CMSFSError):
            fn()
    assert open(path, "rb").read() == before
    assert disk.check() == []


class Crash(Exception):
    pass


def _with_files(d):
    d.write("FILE", "ONE", [E(f"OLD {i}".ljust(80)) for i in range(300)])
    d.write("OTHER", "FILE", [b"\1\2"], recfm="V")
    for i in range(18):                                  # 20 files: the FST block is full
        d.write(f"F{i}", "DATA", [E(f"{i}".ljust(80))])


OLD_ONE = [E(f"OLD {i}".ljust(80)) for i in range(300)]
NEW_ONE = [E(f"NEW {i}".ljust(80)) for i in range(900)]
SCENARIOS = {
    # operation, the states FILE ONE may be in afterwards, names that may or may not exist
    "replace": (lambda d: d.write("FILE", "ONE", NEW_ONE), (OLD_ONE, NEW_ONE), set()),
    "new FST block": (lambda d: d.write("F21", "DATA", [b"x" * 80]), (OLD_ONE,), {"F21"}),
    "erase": (lambda d: d.erase("FILE", "ONE"), (OLD_ONE, None), set()),
    "rename": (lambda d: d.rename("F3", "DATA", "G3", "DATA"), (OLD_ONE,), {"F3", "G3"}),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_crash_at_any_track_write_keeps_every_file_readable(tmp_path, scenario, monkeypatch):
    """Cut the operation off after each track write in turn (a killed tool): every file
    reads as before or after, and check() finds at most blocks marked but unreferenced."""
    change, states, optional = SCENARIOS[scenario]
    real = BlockDevice._put
    for step in range(100):
        path = str(tmp_path / f"{step}.ckd")
        create_image(path, "3330", "VOL001", cyls=3)
        d = CMSDisk.format(path, "CRASH")
        _with_files(d)
        names = {e.fn for e in d.list()}
        puts = []

        def crashing(self, trk, image):
            if len(puts) == step:
                raise Crash()
            puts.append(trk)
            return real(self, trk, image)

        monkeypatch.setattr(BlockDevice, "_put", crashing)
        try:
            change(d)
            crashed = False
        except Crash:
            crashed = True
        monkeypatch.setattr(BlockDevice, "_put", real)
        d = reopen(d)
        try:
            now = {e.fn for e in d.list()}
            assert (now ^ names) <= optional | {"FILE"}
            one = d.read("FILE", "ONE") if "FILE" in now else None
            assert one in states
            assert d.read("OTHER", "FILE") == [b"\1\2"]
            for i in range(18):
                if f"F{i}" in now:
                    assert d.read(f"F{i}", "DATA") == [E(f"{i}".ljust(80))]
            problems = d.check()
            assert all("(lost)" in p for p in problems), (step, problems)
            if not crashed:
                assert problems == []
        finally:
            d.close()
        if not crashed:
            assert step >= 1
            break
    else:
        pytest.fail("the operation never completed")


def poke(d, block, offset, data):
    raw = bytearray(d.dev.read_block(block))
    raw[offset:offset + len(data)] = data
    d.dev.write_blocks({block: bytes(raw)})


def test_check_finds_injected_corruption(tmp_path):
    serial = iter(range(100))

    def fresh():
        path = str(tmp_path / f"c{next(serial)}.ckd")
        create_image(path, "3330", "VOL001", cyls=2)
        d = CMSDisk.format(path, "CHK")
        d.write("A", "FILE", [E("A" * 80)] * 100)
        d.write("B", "FILE", [b"xyz"] * 10, recfm="V")
        assert d.check() == []
        return d

    def fst_of(d, name):
        return next(f for _, _, f in d._entries() if f.fname == name)

    cases = []
    d = fresh()                                      # a block marked free that a file uses
    _l, data = d.file_blocks(fst_of(d, "A"))
    amap = d.map.copy(); amap.clear(data[3]); d._write_map(amap)
    cases.append((d, f"block {data[3]} of A FILE (data) is free"))
    d = fresh()                                      # a lost block
    amap = d.map.copy(); amap.set(200); d._write_map(amap)
    cases.append((d, "block 200 is marked in use but nothing references it"))
    d = fresh()                                      # ADTUSED wrong
    poke(d, 4, 368, struct.pack(">I", 7))
    cases.append((d, "ADTUSED 7"))
    d = fresh()                                      # two files share a data block
    la, da = d.file_blocks(fst_of(d, "A"))
    lb, db = d.file_blocks(fst_of(d, "B"))
    poke(d, lb[0], 80, struct.pack(">H", da[0]))
    cases.append((d, f"block {da[0]} belongs to both A FILE (data) and B FILE (data)"))
    d = fresh()                                      # FSTBLKCT larger than the chain holds
    poke(d, d.mfd.fst_blocks[0], 36, struct.pack(">H", 61))
    cases.append((d, "chain links name 10 data blocks; FSTBLKCT says 61"))
    d = fresh()                                      # record count beyond the data
    poke(d, d.mfd.fst_blocks[0], 26, struct.pack(">H", 200))
    cases.append((d, "200 records of 80 bytes need 16000 bytes"))
    d = fresh()                                      # V record longer than LRECL
    poke(d, d.mfd.fst_blocks[0], 40 + 32, struct.pack(">I", 2))
    cases.append((d, "V record 1 is 3 bytes, longer than LRECL 2"))
    d = fresh()                                      # byte 599 flag
    poke(d, 4, 599, b"\0")
    cases.append((d, "unit type (byte 599) is X'00', not X'09' for a 3330"))
    d = fresh()                                      # bad RECFM
    poke(d, d.mfd.fst_blocks[0], 30, E("U"))
    cases.append((d, "RECFM 'U'"))
    d = fresh()                                      # duplicate names
    poke(d, d.mfd.fst_blocks[0], 40, E("A       FILE    "))
    cases.append((d, "a second file with this name"))
    for d, expect in cases:
        problems = reopen(d).check()
        assert any(expect in p for p in problems), (expect, problems)

    d = fresh()                                      # the label gone: open fails clearly
    poke(d, 3, 0, b"\0\0\0\0")
    with pytest.raises(CMSFSError, match="not a CMS disk"):
        reopen(d)


def test_a_file_with_a_damaged_chain_can_be_erased_safely(disk):
    disk.write("BAD", "FILE", [E("B" * 80)] * 20)
    disk.write("GOOD", "FILE", [E("G" * 80)] * 20)
    bad = next(f for _, _, f in disk._entries() if f.fname == "BAD")
    links, data = disk.file_blocks(bad)
    poke(disk, links[0], 80, struct.pack(">H", 9999))   # data pointer beyond the disk
    disk = reopen(disk)
    try:
        with pytest.raises(CMSFSError, match="outside the disk"):
            disk.read("BAD", "FILE")
        disk.erase("BAD", "FILE")
        assert disk.read("GOOD", "FILE") == [E("G" * 80)] * 20
        problems = disk.check()
        assert problems and all("(lost)" in p for p in problems)
    finally:
        disk.close()


def test_recompute_grows_and_shrinks_keeping_files(tmp_path):
    path = str(tmp_path / "r.ckd")
    create_image(path, "3330", "VOL001", cyls=10)
    d = CMSDisk.format(path, "GROW", extent=(2, 8), cyls=2)
    d.write("KEEP", "ME", [E("K" * 80)] * 20)
    assert (d.blocks, d.cylinders) == (532, 2)
    assert d.recompute() == 8 * 266 and d.cylinders == 8
    assert len(d.mfd.ext_blocks) == 1 and d.check() == []
    d.write("FAR", "OUT", [bytes(800)] * 1500)           # uses the new cylinders
    with pytest.raises(CMSFSError, match="is in use"):
        d.recompute(2)
    d.erase("FAR", "OUT")
    assert d.recompute(3) == 798 and d.mfd.ext_blocks == [] and d.check() == []
    d = reopen(d)
    assert d.read("keep", "me") == [E("K" * 80)] * 20 and d.check() == []
    d.close()


names = st.sampled_from(["A", "B", "C", "D", "E"])
recs_f = st.integers(1, 120).flatmap(                   # one LRECL per file
    lambda n: st.lists(st.binary(min_size=n, max_size=n), max_size=120))
recs_v = st.lists(st.binary(max_size=1500), max_size=60)
op = st.one_of(
    st.tuples(st.just("write"), names, recs_f, st.just("F")),
    st.tuples(st.just("write"), names, recs_v, st.just("V")),
    st.tuples(st.just("erase"), names),
    st.tuples(st.just("rename"), names, names),
)


@pytest.fixture(scope="module")
def prop_image(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("prop") / "p.ckd")
    create_image(path, "3330", "VOL001", cyls=1)
    return path


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(op, max_size=25))
def test_random_changes_keep_the_disk_consistent(prop_image, ops):
    d = CMSDisk.format(prop_image, "PROP")                 # 266 blocks
    model: dict[str, tuple[list[bytes], str]] = {}
    try:
        for o in ops:
            try:
                if o[0] == "write":
                    _, name, recs, recfm = o
                    d.write(name, "FILE", recs, recfm=recfm)
                    model[name] = (recs, recfm)
                elif o[0] == "erase":
                    d.erase(o[1], "FILE")
                    del model[o[1]]
                else:
                    d.rename(o[1], "FILE", o[2], "FILE")
                    if o[1] != o[2]:
                        model[o[2]] = model.pop(o[1])
            except CMSFSError as e:
                msg = str(e)
                assert ("not found" in msg or "already exists" in msg or "disk full" in msg), msg
                if "not found" in msg:
                    assert o[1] not in model
                elif "already exists" in msg:
                    assert o[2] in model
            assert d.check() == []
        d = reopen(d)
        assert {e.fn for e in d.list()} == set(model)
        for name, (recs, recfm) in model.items():
            assert d.read(name, "FILE") == recs
            assert d.stat(name, "FILE").recfm == recfm
        assert d.check() == []
    finally:
        d.close()
