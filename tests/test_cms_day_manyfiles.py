"""Found by the CMS day's benchmark (cms.bench, 500 files on a disk): ACCESS kept at most 20
FST blocks (400 files) of a disk and made a disk with more read-only.  Now a disk's DMSFREE
area is sized from its FST block count at ACCESS and DMSAUD moves it to a larger one when a
new FST block finds no room, up to what the MFD's FST-block list can name (spec cms.md 1.3:
181 blocks, fewer with map extension blocks).  The disks here are built by cms.fs, used by
CMS, and checked and listed by cms.fs afterwards."""

import re

from cms_fs_harness import E, attach_disk, cms_with_disk, format_disk, open_disk, run_program

MANY = 1050                       # 53 FST blocks
MANY_CYLS = 10                    # 2,660 blocks: the map needs an extension block too


def rc(out):
    m = re.match(r"^R(?:\((\d+)\))?;", out[-1])
    return int(m.group(1) or 0)


def card(text):
    return E(text.ljust(80))


def data_files(n, fn="F"):
    return [(f"{fn}{k:04d}", "DATA", [card(f"FILE {k}")], "F", 80) for k in range(n)]


def listed(out, letter):
    return [x.split()[:2] for x in out if re.match(rf"^\S+ +\S+ +{letter}\d$", x)]


def test_a_disk_of_1050_files_is_accessed_read_write(tmp_path):
    a = format_disk(tmp_path / "a191.3330")
    cms = cms_with_disk(tmp_path, a)
    many = format_disk(tmp_path / "d192.3330", label="CMS192", files=data_files(MANY),
                       cyls=MANY_CYLS)
    attach_disk(cms, many, 0x192, cyls=MANY_CYLS)
    out = cms.command("ACCESS 192 B")
    assert len(out) == 1 and rc(out) == 0, out          # no DMSACC723I R/O
    out = cms.command("LISTFILE * * B")
    assert rc(out) == 0
    names = listed(out, "B")
    assert len(names) == MANY and names[0] == ["F0000", "DATA"] and names[-1] == ["F1049", "DATA"]
    out = cms.command("COPYFILE F1049 DATA B NEW FILE B")
    assert rc(out) == 0, out
    out = cms.command("TYPE NEW FILE B")
    assert "FILE 1049" in out and rc(out) == 0, out
    out = cms.command("ERASE F0001 DATA B")
    assert rc(out) == 0, out
    assert rc(cms.command("STATE F0001 DATA B")) == 28
    assert rc(cms.command("STATE F1048 DATA B")) == 0
    with open_disk(many) as d:
        assert d.check() == []
        files = {(f.fn, f.ft) for f in d.list()}
        assert len(files) == MANY and ("F0001", "DATA") not in files
        assert d.read("NEW", "FILE") == [card("FILE 1049")]
        assert d.read("F1049", "DATA") == [card("FILE 1049")]


def test_cms_writes_past_400_files_and_cms_fs_lists_them_all(tmp_path):
    """395 files from cms.fs (20 FST blocks, ACCESS leaves room for 30); an EXEC copies a
    file 220 times, so CMS itself goes past 400 files and past the room ACCESS left (the
    area moves once, to one with room for 40 blocks)."""
    a = format_disk(tmp_path / "a191.3330", files=[("MAKE", "EXEC", [card(t) for t in (
        "&CONTROL OFF", "&I = 0", "-NEXT", "&I = &I + 1", "&N = &CONCAT G &I",
        "COPYFILE F0000 DATA B &N DATA B", "&IF &RETCODE NE 0 &EXIT &RETCODE",
        "&IF &I LT 220 &GOTO -NEXT", "&EXIT 0")], "F", 80)])
    cms = cms_with_disk(tmp_path, a)
    disk = format_disk(tmp_path / "d192.3330", label="CMS192", files=data_files(395), cyls=5)
    attach_disk(cms, disk, 0x192, cyls=5)
    assert rc(cms.command("ACCESS 192 B")) == 0
    out = cms.command("EXEC MAKE")
    assert rc(out) == 0, out[-5:]
    out = cms.command("LISTFILE * * B")
    names = listed(out, "B")
    assert len(names) == 615 and names[-1] == ["G220", "DATA"], out[-3:]
    with open_disk(disk) as d:
        assert d.check() == []
        files = {(f.fn, f.ft) for f in d.list()}
        assert len(files) == 615
        assert {(f"G{k}", "DATA") for k in range(1, 221)} <= files
        assert d.read("G220", "DATA") == [card("FILE 0")]


def files_program(n, after, data, before="W1"):
    """A program: SVC 202 with plist BEFORE, then WRBUF and FINIS of n new files N0001 NEW
    A1 .. (one record each; RCS+4 the first bad RC, R0S the files written), then the plists
    AFTER (their RCs at RCS+8 on)."""
    calls = "".join(f"""\
         LA    1,{label}
         SVC   202
         DC    AL4(1)
         ST    15,RCS+{8 + 4 * k}
""" for k, label in enumerate(after))
    return f"""\
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         LA    1,{before}
         SVC   202
         DC    AL4(1)
         ST    15,RCS
         LA    6,{n}
         SR    7,7
LOOP     LA    7,1(,7)
         CVD   7,DW
         UNPK  WN+9(4),DW+5(3)
         OI    WN+12,X'F0'
         MVC   FN+8(8),WN+8
         LA    1,WN
         SVC   202
         DC    AL4(1)
         ST    15,RCS+4
         LTR   15,15
         BNZ   DONE
         LA    1,FN
         SVC   202
         DC    AL4(1)
         ST    15,RCS+4
         LTR   15,15
         BNZ   DONE
         BCT   6,LOOP
{calls}DONE     ST    7,R0S
         L     14,12(13)
         LM    0,12,20(13)
         SR    15,15
         BR    14
         DS    0D
DW       DS    D
         DS    0F
WN       DC    CL8'WRBUF',CL8'N',CL8'NEW',CL2'A1',H'0'
         DC    A(RECN),F'80',CL1'F',X'00',H'0',F'0'
FN       DC    CL8'FINIS',CL8'N',CL8'NEW',CL2'A1',H'0'
         DC    A(0),F'0',CL1'F',X'00',H'0',F'0'
RECN     DC    CL80'A NEW FILE'
{data}RCS      DC    {2 + len(after)}F'-1'
R0S      DC    F'-1'
         LTORG
         END
"""


def test_an_open_file_keeps_its_directory_entry_when_the_area_moves(tmp_path):
    """OLD DATA is open for writing (WRBUF appends record 6) while a program writes and
    closes 230 new files: each FINIS checkpoints OLD too, and the directory's area moves
    (ACCESS left room for 11 FST blocks, 220 files).  OLD's next WRBUF and FINIS must reach
    its entry in the new area."""
    path = format_disk(tmp_path / "u191.3330", cyls=5, files=[
        ("OLD", "DATA", [card(f"OLD {k}") for k in range(5)], "F", 80)])
    cms = cms_with_disk(tmp_path, path, cyls=5)
    src = files_program(230, ["W2", "F2"], """\
W1       DC    CL8'WRBUF',CL8'OLD',CL8'DATA',CL2'A1',H'0'
         DC    A(REC6),F'80',CL1'F',X'00',H'0',F'0'
W2       DC    CL8'WRBUF',CL8'OLD',CL8'DATA',CL2'A1',H'0'
         DC    A(REC7),F'80',CL1'F',X'00',H'0',F'0'
F2       DC    CL8'FINIS',CL8'OLD',CL8'DATA',CL2'A1',H'0'
         DC    A(0),F'0',CL1'F',X'00',H'0',F'0'
REC6     DC    CL80'OLD 5'
REC7     DC    CL80'OLD 6'
""")
    rcs, r0s, _, out = run_program(cms, src)
    assert rcs == [0, 0, 0, 0] and r0s[0] == 230, (rcs, r0s, out)
    with open_disk(path) as d:
        assert d.check() == []
        assert d.read("OLD", "DATA") == [card(f"OLD {k}") for k in range(7)]
        files = {(f.fn, f.ft) for f in d.list()}
        assert len(files) == 231 and ("N0230", "NEW") in files
        assert d.read("N0117", "NEW") == [card("A NEW FILE")]


def test_a_full_directory_refuses_a_new_file_and_loses_no_block(tmp_path):
    """30 cylinders (7,980 blocks, one map extension block): the MFD list names at most
    182 - 3 = 179 FST blocks, 3,580 files (spec cms.md 1.3).  One more file: the copy fails
    (R15 = 10, directory full), its blocks go back, the directory on disk is unchanged;
    after an ERASE the free slot takes it."""
    full = 179 * 20
    a = format_disk(tmp_path / "a191.3330")
    cms = cms_with_disk(tmp_path, a)
    disk = format_disk(tmp_path / "d192.3330", label="CMS192", files=data_files(full), cyls=30)
    attach_disk(cms, disk, 0x192, cyls=30)
    assert cms.command("ACCESS 192 B")[0].startswith("R; ")
    out = cms.command("COPYFILE F0000 DATA B NEW FILE B")
    assert rc(out) == 10, out
    assert rc(cms.command("STATE NEW FILE B")) == 28
    assert rc(cms.command("ERASE F0005 DATA B")) == 0
    with open_disk(disk) as d:
        assert d.check() == [] and len(d.list()) == full - 1
    assert rc(cms.command("COPYFILE F0007 DATA B NEW FILE B")) == 0
    with open_disk(disk) as d:
        assert d.check() == [] and len(d.list()) == full
        assert d.read("NEW", "FILE") == [card("FILE 7")]


def test_erase_of_an_open_file_survives_the_area_moving_under_it(tmp_path):
    """220 files from cms.fs (11 FST blocks, ACCESS leaves room for 21) and 200 more from a
    program fill the area; OLD DATA (open for writing) and LAST NEW (a new file, open for
    writing) are open when ERASE OLD DATA closes OLD: that commit finds LAST a slot in a
    new FST block, in a larger area, and ERASE must then clear OLD's entry there."""
    path = format_disk(tmp_path / "u191.3330", cyls=5, files=[
        ("OLD", "DATA", [card("OLD 0")], "F", 80)] + data_files(219))
    cms = cms_with_disk(tmp_path, path, cyls=5)
    src = files_program(200, ["W1", "WL", "ERS", "FL"], """\
W1       DC    CL8'WRBUF',CL8'OLD',CL8'DATA',CL2'A1',H'0'
         DC    A(RECN),F'80',CL1'F',X'00',H'0',F'0'
WL       DC    CL8'WRBUF',CL8'LAST',CL8'NEW',CL2'A1',H'0'
         DC    A(RECN),F'80',CL1'F',X'00',H'0',F'0'
ERS      DC    CL8'ERASE',CL8'OLD',CL8'DATA',CL8'A',8X'FF'
FL       DC    CL8'FINIS',CL8'LAST',CL8'NEW',CL2'A1',H'0'
         DC    A(0),F'0',CL1'F',X'00',H'0',F'0'
""", before="NOP")
    src = src.replace("RECN     DC", "NOP      DC    CL8'STATE',CL8'OLD',CL8'DATA',8X'FF'\nRECN     DC")
    rcs, r0s, _, out = run_program(cms, src)
    assert rcs == [0, 0, 0, 0, 0, 0] and r0s[0] == 200, (rcs, r0s, out)
    with open_disk(path) as d:
        assert d.check() == []
        files = {(f.fn, f.ft) for f in d.list()}
        assert len(files) == 420 and ("OLD", "DATA") not in files
        assert d.read("LAST", "NEW") == [card("A NEW FILE")]
