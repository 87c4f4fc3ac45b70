"""CMS FORMAT (DMSFOR) under the real CP: the tracks CMS writes through the virtual
channel are byte for byte what cms.fs FORMAT writes; the prompts, RECOMP, LABEL and the
refusals with R6's messages."""

from cms.fs import CMSDisk
from cms_format_harness import cms_user, disk, rc, tracks, volume
from cms_fs_harness import E, fscb, program, run_program

EXTENT = (10, 5)                  # cylinders 10-14 of the volume: the minidisk's 0-4


def test_format_writes_the_tracks_cms_fs_writes(tmp_path):
    m = cms_user(tmp_path, volume(tmp_path / "v.3330"), EXTENT)
    out = m.command("FORMAT 191 A")
    assert out == ["DMSFOR605R ENTER DISK LABEL:"], out
    out = m.command("my191")
    assert out[0] == "DMSFOR733I FORMATTING DISK A", out
    assert out[1] == "DMSFOR732I 5 CYLINDERS FORMATTED ON DISK A(191)", out
    assert rc(out) == 0 and len(out) == 3
    m.image.flush()
    ref = volume(tmp_path / "ref.3330")
    CMSDisk.format(str(ref), "MY191", extent=EXTENT).close()
    assert tracks(m.image, EXTENT) == tracks(ref, EXTENT)
    # and nothing outside the minidisk changed
    assert tracks(m.image, (0, 10)) == tracks(ref, (0, 10))
    with disk(m) as d:
        assert d.label == "MY191" and d.blocks == 5 * 19 * 14 and d.list() == []
        assert d.check() == []


def _write_files(m, names, records=30):
    """A program writing ``records`` 80-byte records to each file and closing it."""
    data = ["REC      DC    CL80'A RECORD WRITTEN BY CMS'\n"]
    calls = []
    for k, fn in enumerate(names):
        data.append(fscb(f"W{k}", "WRBUF", fn, "DATA", buf="REC", size=80))
        data.append(fscb(f"F{k}", "FINIS", fn, "DATA"))
        calls += [f"W{k}"] * records + [f"F{k}"]
    rcs, _, _, out = run_program(m, program(calls, "".join(data)))
    assert set(rcs) == {0}, (rcs, out)


def test_a_formatted_disk_takes_files_and_lists_them(tmp_path):
    m = cms_user(tmp_path, volume(tmp_path / "v.3330"), EXTENT)
    m.command("FORMAT 191 A")
    assert rc(m.command("FILES1")) == 0
    _write_files(m, ["ONE", "TWO"])
    out = m.command("LISTFILE")
    assert out[:2] == ["ONE      DATA     A1", "TWO      DATA     A1"], out
    with disk(m) as d:
        assert d.check() == []
        assert d.read("TWO", "DATA") == [E("A RECORD WRITTEN BY CMS".ljust(80))] * 30


def test_format_asks_before_erasing_a_disk_with_files(tmp_path):
    path = volume(tmp_path / "v.3330")
    with CMSDisk.format(str(path), "OLD191", extent=EXTENT) as d:
        d.write("KEEP", "ME", [E("X" * 80)])
    m = cms_user(tmp_path, path, EXTENT)
    out = m.command("FORMAT 191 A")
    assert out == ["DMSFOR603R FORMAT WILL ERASE ALL FILES ON DISK A(191). DO YOU WISH "
                   "TO CONTINUE? (YES|NO):"], out
    assert rc(m.command("no")) == 0
    with disk(m) as d:
        assert [f.fn for f in d.list()] == ["KEEP"] and d.label == "OLD191"
    assert m.command("FORMAT 191 A")[0].startswith("DMSFOR603R")
    assert m.command("yes") == ["DMSFOR605R ENTER DISK LABEL:"]
    assert rc(m.command("NEW191")) == 0
    assert m.command("LISTFILE")[0].startswith("DMSLST002E"), "no files any more"
    with disk(m) as d:
        assert d.list() == [] and d.label == "NEW191" and d.check() == []


def test_label_option_only_relabels(tmp_path):
    path = volume(tmp_path / "v.3330")
    with CMSDisk.format(str(path), "OLD191", extent=EXTENT) as d:
        d.write("KEEP", "ME", [E("X" * 80)])
    m = cms_user(tmp_path, path, EXTENT)
    assert m.command("FORMAT 191 A (L") == ["DMSFOR605R ENTER DISK LABEL:"]   # LABEL
    assert rc(m.command("LAB2")) == 0
    with disk(m) as d:
        assert d.label == "LAB2" and [f.fn for f in d.list()] == ["KEEP"]
        assert d.check() == []


def test_refusals(tmp_path):
    m = cms_user(tmp_path, volume(tmp_path / "v.3330"), EXTENT)
    cases = [("FORMAT", "DMSFOR028E NO DEVICE SPECIFIED", 24),
             ("FORMAT 19G A", "DMSFOR017E INVALID DEVICE ADDRESS 19G", 24),
             ("FORMAT 000 A", "DMSFOR017E INVALID DEVICE ADDRESS 000", 24),
             ("FORMAT 1000 A", "DMSFOR017E INVALID DEVICE ADDRESS 1000", 24),
             ("FORMAT 191 A (RECOMPX", "DMSFOR003E INVALID OPTION RECOMPX", 24),
             ("FORMAT 191 1", "DMSFOR048E INVALID MODE 1", 24),
             ("FORMAT 191 S", "DMSFOR048E INVALID MODE S", 24),
             ("FORMAT 191 A X", "DMSFOR070E INVALID PARAMETER X", 24),
             ("FORMAT 191 A (BLKSIZE 1024", "DMSFOR070E INVALID PARAMETER 1024", 24),
             ("FORMAT 191 A (NOERASE", "DMSFOR003E INVALID OPTION NOERASE", 24),
             ("FORMAT 192 B", "DMSFOR113S DISK B(192) NOT ATTACHED", 100),
             ("FORMAT 009 B", "DMSFOR113S DISK B(009) NOT ATTACHED", 100)]
    for line, message, code in cases:
        out = m.command(line)
        assert out[0] == message and rc(out) == code, (line, out)


def test_a_read_only_link_is_refused(tmp_path):
    path = volume(tmp_path / "v.3330")
    CMSDisk.format(str(path), "RO191", extent=EXTENT).close()
    before = tracks(path, EXTENT)
    m = cms_user(tmp_path, path, EXTENT, read_only=True)
    out = m.command("FORMAT 191 A")
    assert out[0] == "DMSFOR037E DISK A(191) IS READ/ONLY" and rc(out) == 36, out
    assert tracks(m.image, EXTENT) == before


def test_blksize_800_and_nocyl(tmp_path):
    m = cms_user(tmp_path, volume(tmp_path / "v.3330"), EXTENT)
    assert m.command("FORMAT 191 C 3 (BLKSIZE 800") == ["DMSFOR605R ENTER DISK LABEL:"]
    out = m.command("THREE")
    assert "DMSFOR732I 3 CYLINDERS FORMATTED ON DISK C(191)" in out and rc(out) == 0
    with disk(m) as d:
        assert d.cylinders == 3 and d.blocks == 3 * 19 * 14 and d.check() == []


def test_recomp_up_and_down_keeps_the_files(tmp_path):
    path = volume(tmp_path / "v.3330")
    ext = (20, 10)
    with CMSDisk.format(str(path), "RC191", extent=ext, cyls=3) as d:
        d.write("KEEP", "ME", [E(("K%05d" % k).ljust(80)) for k in range(4000)])
    m = cms_user(tmp_path, path, ext)
    out = m.command("FORMAT 191 A (RECOMP")           # all 10 cylinders
    assert "DMSFOR732I 10 CYLINDERS FORMATTED ON DISK A(191)" in out and rc(out) == 0, out
    with disk(m) as d:
        assert d.cylinders == 10 and d.blocks == 2660 and d.check() == []
        assert d.read("KEEP", "ME")[3999] == E("K03999".ljust(80))
        assert len(d.mfd.ext_blocks) == 1                # 2660 blocks: beyond QMSK
    _write_files(m, ["MORE"], records=20)
    out = m.command("FORMAT 191 A 4 (REC")
    assert rc(out) == 0, out
    with disk(m) as d:
        assert d.cylinders == 4 and d.blocks == 4 * 266 and d.check() == []
        assert d.mfd.ext_blocks == []
        assert [f.fn for f in d.list()] == ["KEEP", "MORE"]
    # 1 cylinder cannot hold the files: R6 says so and changes nothing
    out = m.command("FORMAT 191 A 1 (RECOMP")
    assert out[0] == "DMSFOR214W CANNOT RECOMPUTE WITHOUT LOSS OF DATA. NO CHANGE.", out
    assert rc(out) == 4
    with disk(m) as d:
        assert d.cylinders == 4 and d.check() == []


def test_a_temporary_disk_is_formatted_and_used(tmp_path):
    """DEFINE T3330 192 CYL 3 gives a fresh volume of empty tracks (R0 only): FORMAT
    makes it a CMS disk under B, as users did with T-disks."""
    from cp.vdev.minidisk import TemporaryDisk
    m = cms_user(tmp_path, volume(tmp_path / "v.3330"), EXTENT)
    tdisk = TemporaryDisk.create(0x192, "T3330", 3)
    m.vm.attach(0x192, tdisk)
    assert m.command("FORMAT 192 B") == ["DMSFOR605R ENTER DISK LABEL:"]
    out = m.command("TEMP01")
    assert "DMSFOR732I 3 CYLINDERS FORMATTED ON DISK B(192)" in out and rc(out) == 0
    tdisk.image.flush()
    with CMSDisk.open(tdisk.image) as d:
        assert d.label == "TEMP01" and d.blocks == 3 * 266 and d.check() == []
