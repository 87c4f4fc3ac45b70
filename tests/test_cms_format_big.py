"""Disks over 1,720 blocks (spec cms.md 1.3: the allocation map goes on in extension
blocks listed after X'FFFD' in the MFD): a 100-cylinder 3330 minidisk FORMATted by CMS
and filled past block 1,720 from CMS, a big disk cms.fs wrote used read/write by CMS, the
directory consistent at every step of a write, and random file operations."""

from hypothesis import HealthCheck, given, settings

from cms.fs import CMSDisk
from cms_format_harness import cms_user, disk, rc, tracks, volume
from cms_fs_harness import E, fscb, run_program
from cms_harness import zap_function
from s370.asm import assemble
from test_cms_fs_integrity import OPS, _ops_program

BIG = (10, 100)                   # 100 cylinders of 3330: 26,600 blocks
BIG_BLOCKS = 100 * 19 * 14
QMSK_BLOCKS = 1720

# Writes &N records of 800 bytes (10 a call) to BIG DATA, then FINIS.
FILLER = """
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         LA    3,{calls}
LOOP     LA    1,W1
         SVC   202
         DC    AL4(1)
         LTR   15,15
         BNZ   OUT
         BCT   3,LOOP
         LA    1,F1
         SVC   202
         DC    AL4(1)
OUT      ST    15,RCS
         L     14,12(13)
         LM    0,12,20(13)
         SR    15,15
         BR    14
RCS      DC    F'-1'
R0S      DC    F'-1'
""" + fscb("W1", "WRBUF", "{fn}", "DATA", buf="BUF", size=8000, noit=10) + \
    fscb("F1", "FINIS", "{fn}", "DATA") + """BUF      DS    0F
""" + "         DC    CL200'BIG RECORD',3CL200' '\n" * 10 + "         LTORG\n         END\n"


def fill(m, fn, records):
    rcs, _, _, out = run_program(m, FILLER.format(calls=records // 10, fn=fn))
    assert rcs == [0], (rcs, out)


def test_format_100_cylinders_then_fill_past_the_mfd_map(tmp_path):
    m = cms_user(tmp_path, volume(tmp_path / "v.3330"), BIG)
    assert m.command("FORMAT 191 A") == ["DMSFOR605R ENTER DISK LABEL:"]
    out = m.command("BIG191")
    assert "DMSFOR732I 100 CYLINDERS FORMATTED ON DISK A(191)" in out and rc(out) == 0
    m.image.flush()
    ref = volume(tmp_path / "ref.3330")
    CMSDisk.format(str(ref), "BIG191", extent=BIG).close()
    assert tracks(m.image, BIG) == tracks(ref, BIG)
    with disk(m) as d:
        assert d.blocks == BIG_BLOCKS and len(d.mfd.ext_blocks) == 4 and d.check() == []
    fill(m, "ONE", 2000)                                    # 2000 data blocks
    with disk(m) as d:
        assert d.check() == []
        assert d.used > QMSK_BLOCKS + 250
        links, data = d.file_blocks(d.fsts()[0])
        assert max(data) > QMSK_BLOCKS and len(data) == 2000
        assert d.read("ONE", "DATA")[1999] == E("BIG RECORD".ljust(800))
    out = m.command("LISTFILE")
    assert out[0] == "ONE      DATA     A1" and rc(out) == 0
    # erase it, write another: the freed blocks past 1720 are used again
    fill(m, "TWO", 500)
    assert rc(m.command("ERASE ONE DATA")) == 0
    fill(m, "THREE", 2500)
    with disk(m) as d:
        assert d.check() == []
        assert sorted(f.fn for f in d.list()) == ["THREE", "TWO"]
        assert len(d.read("THREE", "DATA")) == 2500


def test_a_big_disk_cms_fs_wrote_is_read_write_in_cms(tmp_path):
    path = volume(tmp_path / "v.3330")
    with CMSDisk.format(str(path), "HOST01", extent=BIG) as d:
        d.write("HOST", "DATA", [E("H%05d" % k).ljust(800, b"\x40") for k in range(1900)])
    m = cms_user(tmp_path, path, BIG)
    assert not any("R/O" in line for line in m.console.output), m.console.output
    fill(m, "GUEST", 300)
    with disk(m) as d:
        assert d.check() == []
        assert len(d.read("GUEST", "DATA")) == 300
        assert d.read("HOST", "DATA")[1899][:6] == E("H01899")
        links, data = d.file_blocks(next(f for f in d.fsts() if f.fname == "GUEST"))
        assert min(data) > QMSK_BLOCKS                     # the host file took the rest


def test_every_step_of_a_write_on_a_big_disk_leaves_it_consistent(tmp_path):
    """The program is stopped after every DIAGNOSE (each block written): at every one
    of those points the disk passes check() and holds either the old or the new file."""
    path = volume(tmp_path / "v.3330")
    old = [E("OLD %d" % k).ljust(800, b"\x40") for k in range(1750)]
    with CMSDisk.format(str(path), "STEP01", extent=BIG) as d:
        d.write("STEP", "DATA", old)
    m = cms_user(tmp_path, path, BIG)
    a = assemble(FILLER.format(calls=3, fn="STEP"), origin=0x20000)
    assert a.errors == []
    zap_function(m, "QUERY", a.image)
    m.console.type_line("QUERY")
    seen_new = False
    for _ in range(400):
        m.vm.run_slice(3_000)
        with disk(m) as d:
            assert d.check() == []
            n = d.stat("STEP", "DATA").records
            assert n in (1750, 1780), n
            seen_new |= n == 1780
        if m.console.waiting:
            break
    assert seen_new and m.console.waiting


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(OPS)
def test_random_file_operations_on_a_big_disk(tmp_path_factory, ops):
    """test_cms_fs_integrity's random operations on a 100-cylinder disk whose first
    1,800 blocks a filler file holds, so every block CMS allocates lies past 1,720."""
    tmp = tmp_path_factory.mktemp("bigops")
    path = volume(tmp / "v.3330")
    with CMSDisk.format(str(path), "RND191", extent=BIG) as d:
        d.write("FILLER", "DATA", [bytes(800)] * 1800)
    m = cms_user(tmp, path, BIG)
    source, model = _ops_program(ops)
    rcs, _, _, out = run_program(m, source)
    assert set(rcs) <= {0, 28}, (rcs, out)
    with disk(m) as d:
        assert d.check() == []
        found = {f.fn: (f.recfm, d.read(f.fn, f.ft)) for f in d.list() if f.fn != "FILLER"}
    assert found == model


def test_an_mfd_naming_too_few_map_blocks_is_read_only(tmp_path):
    """ADTNUM 26,600 but no extension blocks listed: CMS cannot keep the map, so the disk
    is accessed read-only (DMSACC723I) and nothing is written."""
    from cms.fs.blockdev import BlockDevice
    path = volume(tmp_path / "v.3330")
    with CMSDisk.format(str(path), "BAD191", extent=BIG) as d:
        d.write("KEEP", "ME", [E("K" * 80)])
    dev = BlockDevice.open(str(path), BIG)
    mfd = bytearray(dev.read_block(4))
    k = next(i for i in range(0, 364, 2) if mfd[i:i + 2] == b"\xff\xfd")
    mfd[k:k + 2] = b"\xff\xff"
    dev.write_blocks({4: bytes(mfd)})
    dev.close()
    before = tracks(path, BIG)
    m = cms_user(tmp_path, path, BIG)
    out = m.command("ACCESS 191 A")
    assert out[0] == "DMSACC723I A (191) R/O", out
    assert rc(m.command("ERASE KEEP ME")) != 0
    assert tracks(m.image, BIG) == before
