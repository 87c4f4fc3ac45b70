"""The FSxxxx macros of cms/maclib (VM/370 operands, GC20-1818) expand to working calls:
a program assembled with the CMS macro library writes, closes, states, reads and erases
files on the 191, and cms.fs sees the result."""

import os

from s370.asm import assemble

from cms_fs_harness import E, cms_with_disk, format_disk, open_disk, program, run_program

MACLIB = os.path.join(os.path.dirname(__file__), "..", "cms", "maclib")

SOURCE = """
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         FSWRITE 'MAC TEST A1',BUFFER=LINE1,BSIZE=80,ERROR=FAIL
         LA    3,80
         FSWRITE FSCB=OUT,BSIZE=(3),ERROR=FAIL
         FSCLOSE FSCB=OUT
         ST    15,RCS
         FSSTATE 'MAC TEST',ERROR=FAIL
         MVC   FSTCOPY,0(1)
         FSREAD 'MAC TEST A',BUFFER=IN,BSIZE=80,RECNO=2,ERROR=FAIL
         ST    0,RCS+4
         LA    5,FID
         FSREAD (5),BUFFER=IN2,BSIZE=80,RECNO=1
         ST    15,RCS+8
         FSCLOSE 'MAC TEST A'
         FSWRITE 'VEE FILE A1',BUFFER=LINE1,BSIZE=5,RECFM=V
         FSCLOSE 'VEE FILE A1'
         FSERASE 'MAC TEST A1',ERROR=FAIL
         FSSTATE 'MAC TEST A1'
         ST    15,RCS+12
         FSREAD FSCB=OUT,ERROR=EOFOK
         B     FAIL
EOFOK    ST    15,RCS+16
         SR    15,15
         B     RET
FAIL     ST    15,RCS+20
RET      L     14,12(13)
         LM    0,12,20(13)
         SR    15,15
         BR    14
OUT      FSCB  'MAC TEST A1',BUFFER=LINE2,BSIZE=80
LINE1    DC    CL80'FIRST LINE'
LINE2    DC    CL80'SECOND LINE'
IN       DC    CL80' '
IN2      DC    CL80' '
FID      DC    CL8'MAC',CL8'TEST',CL2'A1'
FSTCOPY  DC    XL40'00'
RCS      DC    6F'-1'
R0S      DC    F'0'
         LTORG
         END
"""


def test_fs_macros_round_trip(tmp_path):
    cms = cms_with_disk(tmp_path, format_disk(tmp_path / "m191.3330"))
    a = assemble(SOURCE, origin=0x20000, libpath=[MACLIB])
    assert a.errors == [], a.errors
    from cms_harness import zap_function
    zap_function(cms, "QUERY", a.image)
    cms.command("QUERY")
    sd = cms.vm.sd
    rcs = [int.from_bytes(sd.read(a.symbols["RCS"] + 4 * k, 4), "big", signed=True)
           for k in range(6)]
    # FINIS 0, 80 bytes read, (5) fileid read 0, state after erase 28, read after erase 1
    assert rcs == [0, 80, 0, 28, 1, -1], rcs
    assert sd.read(a.symbols["IN"], 80) == E("SECOND LINE".ljust(80))
    assert sd.read(a.symbols["IN2"], 80) == E("FIRST LINE".ljust(80))
    fst = sd.read(a.symbols["FSTCOPY"], 40)
    assert fst[:16] == E("MAC     TEST    ") and int.from_bytes(fst[26:28], "big") == 2
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert [f.fn for f in d.list()] == ["VEE"]
        assert d.read("VEE", "FILE") == [E("FIRST")]
