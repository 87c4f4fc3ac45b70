"""DMSFRE, the nucleus's free storage manager: the chain DMSFRINI builds from VMSIZE,
DMSFREE's first fit cut from the high end of a block, DMSFRET's merging of neighbours and
its refusals (a block given back twice, a misaligned one), all driven by a program that
calls the DMSFREE/DMSFRET macros through SVC 202 as a nucleus command would."""

import pytest

from s370.asm import assemble
from cms.build import MACLIB_DIR
from sie import Intercept

from cms_harness import NUC, CMSMachine, nucleus, zap_function


def word(sd, addr):
    return int.from_bytes(sd.read(addr, 4), "big")


def chain(sd):
    """The free chain as [(address, length)], following FREELIST."""
    blocks, at = [], word(sd, NUC["FREELIST"])
    while at:
        blocks.append((at, word(sd, at + 4)))
        at = word(sd, at)
        assert len(blocks) < 1000
    return blocks


@pytest.fixture
def cms(tmp_path):
    m = CMSMachine(tmp_path)
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def test_initial_chain_is_the_low_and_high_extents(cms):
    sd = cms.vm.sd
    nuclend = (nucleus().symbols["NUCLEND"] + 7) & ~7
    usertop = word(sd, NUC["USERTOP"])
    # 1 MB: the upper half of X'20000'-X'100000', whole pages
    assert usertop == 0x100000 - ((0x100000 - 0x20000) // 2 & ~0xFFF)
    assert chain(sd) == [(nuclend, 0x20000 - nuclend), (usertop, 0x100000 - usertop)]


PROGRAM = """
PROG     CSECT
         USING PROG,12
         USING NUCON,0
         STM   14,12,12(13)
         LR    11,14
         DMSFREE DWORDS=10             A: 80 BYTES
         ST    1,A
         ST    15,RCS
         LA    2,7
         DMSFREE DWORDS=(2)            B: 56 BYTES
         ST    1,B
         MVC   0(8,1),=8C'X'           DIRTY IT
         L     1,A
         DMSFRET DWORDS=10,LOC=(1)     GIVE A BACK
         ST    15,RCS+4
         L     3,A
         DMSFRET DWORDS=10,LOC=(3)     TWICE: OVERLAPS FREE STORAGE
         ST    15,RCS+8
         L     1,B
         LA    1,4(,1)
         DMSFRET DWORDS=7,LOC=(1)      MISALIGNED
         ST    15,RCS+12
         L     2,=F'1000000'
         DMSFREE DWORDS=(2)            TOO MUCH
         ST    15,RCS+16
         ST    1,RCS+20
         L     1,B                     B BACK: ALL MERGES AGAIN
         DMSFRET DWORDS=7,LOC=(1)
         ST    15,RCS+24
         LA    2,7
         DMSFREE DWORDS=(2)            B AGAIN: SAME PLACE, ZEROED
         ST    1,C
         ST    15,RCS+28
         LR    14,11
         SR    15,15
         LM    0,12,20(13)
         BR    14
A        DS    F
B        DS    F
C        DS    F
RCS      DS    8F
         LTORG
         NUCON
         END
"""


def test_free_and_return_through_the_macros(cms):
    sd = cms.vm.sd
    before = chain(sd)
    a = assemble(PROGRAM, origin=0x20000, libpath=[MACLIB_DIR])
    assert a.errors == []
    zap_function(cms, "QUERY", a.image)
    cms.command("QUERY")
    sym = a.symbols
    rcs = [word(sd, sym["RCS"] + 4 * k) for k in range(8)]
    assert rcs == [0, 0, 7, 5, 1, 0, 0, 0]
    low_start, low_len = before[0]
    low_end = low_start + low_len
    A, B, C = (word(sd, sym[n]) for n in "ABC")
    assert A == low_end - 80 and B == low_end - 80 - 56     # first fit, high end first
    # A and B back, all merged again: C is cut from the high end of the whole low extent
    assert C == low_end - 56 and sd.read(C, 8) == bytes(8)   # zeroed when given out
    assert chain(sd)[0] == (low_start, low_len - 56)           # C still out
    assert chain(sd)[1:] == before[1:]
