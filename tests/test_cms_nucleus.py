"""The CMS nucleus (cms/nucleus, S/370 assembler) IPL'd in a virtual machine: the
SYSTEMID line, the command loop, the ready message, CP passthrough and implied CP,
unknown commands, QUERY/SET, and recovery from a program check."""

import re

import pytest

from cms.build import MODULES, assemble_module, build_nucleus, nucleus_blocks, nucleus_card_deck
from s370.devices.base import UNIT_ATTENTION
from sie import Intercept

from cms_harness import NUC, CMSMachine, nucleus, zap_function

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")


def ready_rc(line):
    m = re.match(r"^R\((-?\d+)\); T=\d+\.\d\d/\d+\.\d\d (\d\d:\d\d:\d\d)$", line)
    assert m, line
    return int(m.group(1))


@pytest.mark.parametrize("name", MODULES)
def test_every_module_assembles_without_errors(name):
    a = assemble_module(name)
    assert a.errors == []


def test_nucleus_links_with_nucon_at_zero():
    n = nucleus()
    assert n.origin == 0 and n.symbols["DMSNUC"] == 0
    img = n.image
    assert n.entry == n.symbols["DMSINS"]
    assert img[0x200:0x220].decode("cp037").startswith("CMS VERSION 6.0 - ")
    assert img[0x260:0x268].decode("cp037") == "CMS     "
    assert img[0x274:0x27D].decode("cp037") == "5749DMS00"
    # new PSWs: SVC -> DMSITS, program -> DMSITP, I/O -> DMSITI
    assert int.from_bytes(img[0x64:0x68], "big") == n.symbols["DMSITS"]
    assert int.from_bytes(img[0x6C:0x70], "big") == n.symbols["DMSITP"]
    assert int.from_bytes(img[0x7C:0x80], "big") == n.symbols["DMSITI"]
    cards = nucleus_card_deck(n)
    assert all(len(c) == 80 for c in cards)
    blocks = nucleus_blocks(n)
    assert all(len(b) == 800 for b in blocks) and b"".join(blocks)[:len(img)] == img


@pytest.fixture
def cms(tmp_path):
    m = CMSMachine(tmp_path)
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def test_ipl_types_systemid_and_waits_for_a_line(cms):
    assert len(cms.console.output) == 1
    assert re.match(r"^CMS VERSION 6\.0 - \d\d/\d\d/\d\d \d\d:\d\d$", cms.console.output[0])
    sd = cms.vm.sd
    assert int.from_bytes(sd.read(NUC["VMSIZE"], 4), "big") == 1 << 20      # VMSIZE from DIAG X'60'
    assert int.from_bytes(sd.read(NUC["IPLADDR"], 2), "big") == 0x00C        # IPLADDR


def test_cp_command_passthrough_and_ready(cms):
    out = cms.command("cp query time")
    assert cms.cp.commands == ["QUERY TIME"]
    assert out[0] == "TIME IS 13:14:15 UTC SATURDAY 12/05/26"
    assert READY.match(out[-1]), out
    assert out[-1].endswith(" 13:14:15")
    # the FakeCP clock advances 0.01 s virtual / 0.03 s total per reading
    assert out[-1] == "R; T=0.01/0.03 13:14:15"


def test_a_line_typed_ahead_reaches_the_next_read(cms):
    """A line typed while CMS runs (no read outstanding): CP keeps it and reflects an
    attention, still pending at CMS's next SIO on the console, which gets CC 1 with busy
    and attention in the CSW and starts nothing.  CMS starts that SIO again, and the
    read that follows takes the line: both commands answer, in order."""
    console = cms.console
    console.type_line("cp query time")           # ends the pending read: CMS runs
    console.queue.append("cp msg * typed ahead")  # typed ahead, then the attention
    console.attention(UNIT_ATTENTION)
    cms.run()
    out = console.output[1:]
    assert out[0] == "TIME IS 13:14:15 UTC SATURDAY 12/05/26" and READY.match(out[2]), out
    assert cms.cp.commands == ["QUERY TIME", "MSG * TYPED AHEAD"]
    assert len(out) == 4 and READY.match(out[3]) and console.waiting and not console.queue


def test_cp_keeps_long_operands_from_the_terminal(cms):
    cms.command("CP MSG OPERATOR averyveryverylongword")
    assert cms.cp.commands == ["MSG OPERATOR AVERYVERYVERYLONGWORD"]


def test_cp_error_gives_its_message_number_as_rc(cms):
    out = cms.command("CP LINK USER01 191 192 RR")
    assert out[0].startswith("DMKLNK113E")
    assert ready_rc(out[-1]) == 113


def test_implied_cp_types_the_response(cms):
    out = cms.command("q time")
    assert cms.cp.commands == ["Q TIME"]
    assert out[:2] == ["TIME IS 13:14:15 UTC SATURDAY 12/05/26",
                       "CONNECT= 00:01:02 VIRTCPU= 000:00.12 TOTCPU= 000:00.34"]
    assert READY.match(out[2])


def test_unknown_command(cms):
    out = cms.command("frobnicate now")
    assert out[0] == "UNKNOWN CP/CMS COMMAND"
    assert ready_rc(out[1]) == -3
    assert len(out) == 2


def test_without_impcp_cp_is_not_asked(cms):
    assert READY.match(cms.command("SET IMPCP OFF")[-1])
    assert cms.command("QUERY IMPCP")[0] == "IMPCP = OFF"
    out = cms.command("Q TIME")                 # Q: CMS QUERY, which does not know TIME
    assert cms.cp.commands == []
    assert out[0] == "DMSQRY026E INVALID PARAMETER TIME"
    assert cms.command("QTIME")[0] == "UNKNOWN CP/CMS COMMAND"
    assert cms.command("SET IMPCP ON")[-1].startswith("R;")
    assert cms.command("QUERY IMPCP")[0] == "IMPCP = ON"


def test_query_errors(cms):
    out = cms.command("QUERY")
    assert out[0] == "DMSQRY047E NO FUNCTION SPECIFIED" and ready_rc(out[1]) == 24
    out = cms.command("QUERY NONSENSE")
    assert out[0] == "DMSQRY026E INVALID PARAMETER NONSENSE" and ready_rc(out[1]) == 24
    out = cms.command("SET IMPCP MAYBE")
    assert out[0] == "DMSSET026E INVALID PARAMETER MAYBE" and ready_rc(out[1]) == 24
    assert cms.command("QUERY SYSNAME")[0] == "CMS      = CMS"


def test_null_line_is_read_again_without_ready(cms):
    assert cms.command("") == []
    assert cms.command("   ") == []


def test_tokenized_plist_and_last_command(cms):
    cms.command("query impcp(abcdefghijkl x)")
    sd = cms.vm.sd
    plist = sd.read(NUC["CMNDLIST"], 8 * 7)
    toks = [plist[k:k + 8] for k in range(0, len(plist), 8)]
    assert [t.decode("cp037") for t in toks[:6]] == [
        "QUERY   ", "IMPCP   ", "(       ", "ABCDEFGH", "X       ", ")       "]
    assert toks[6] == b"\xff" * 8
    assert sd.read(NUC["LASTCMND"], 8).decode("cp037") == "QUERY   "       # LASTCMND


def test_program_check_recovers_to_ready(cms):
    # zap QUERY's function-table address to a halfword of zeros (an invalid
    # operation), as CP STORE could; QUERY then program-checks
    sd = cms.vm.sd
    level_at_read = int.from_bytes(sd.read(NUC["SVCLEVEL"], 4), "big")   # SVCLEVEL: WAITRD's frame
    zap_function(cms, "QUERY", b"\0\0")
    out = cms.command("QUERY IMPCP")
    assert out[0] == "DMSITP141T OPERATION EXCEPTION OCCURRED AT 020002 IN ROUTINE QUERY"
    assert out[1] == "DMSABN148T SYSTEM ABEND 0C1 CALLED FROM 020002"
    assert ready_rc(out[2]) == 0x0C1
    # the abended levels are gone: only the console read's frame is active again
    assert level_at_read != 0
    assert int.from_bytes(sd.read(NUC["SVCLEVEL"], 4), "big") == level_at_read
    assert READY.match(cms.command("CP QUERY TIME")[-1])


SVC_PROGRAM = """
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         LA    1,UNKNOWN               NOT FOUND, ERROR ADDRESS GIVEN
         SVC   202
         DC    AL4(ERR1)
         MVI   FELL,C'Y'
ERR1     ST    15,RC1
         LA    1,UNKNOWN               NOT FOUND, DC AL4(1)
         SVC   202
         DC    AL4(1)
         ST    15,RC2
         LA    1,UNKNOWN               NOT FOUND, NO DC
         SVC   202
         ST    15,RC3
         LA    1,SETIMPEX              FOUND, RC 0, ERROR ADDRESS GIVEN
         SVC   202
         DC    AL4(ERR4)
         ST    15,RC4
ERR4     WRTERM 'NESTED TYPLIN'
         RDTERM LINE,20,EDIT=NO
         ST    0,RC5                   LENGTH READ
         L     14,12(13)
         LM    0,12,20(13)
         LA    15,7
         BR    14
UNKNOWN  DC    CL8'NOSUCH',8X'FF'
SETIMPEX DC    CL8'SET',CL8'IMPEX',CL8'ON',8X'FF'
RC1      DC    F'99'
RC2      DC    F'99'
RC3      DC    F'99'
RC4      DC    F'99'
RC5      DC    F'99'
FELL     DC    C'N'
LINE     DC    CL20' '
         END
"""


def test_svc_202_return_conventions_and_nesting(cms):
    """A program called through SVC 202 (put in storage and given QUERY's function-table
    row, as CP STORE could) exercises the caller's side of the SVC 202 interface."""
    from s370.asm import assemble
    from cms.build import MACLIB_DIR
    a = assemble(SVC_PROGRAM, origin=0x20000, libpath=[MACLIB_DIR])
    assert a.errors == []
    sd = cms.vm.sd
    zap_function(cms, "QUERY", a.image)
    cms.console.queue.append("Hello there")
    out = cms.command("QUERY")
    word = lambda name: int.from_bytes(sd.read(a.symbols[name], 4), "big", signed=True)
    assert word("RC1") == -3            # went to the error address
    assert sd.read(a.symbols["FELL"], 1) == b"\xd5"        # 'N': never fell through
    assert word("RC2") == -3 and word("RC3") == -3
    assert word("RC4") == 0             # rc 0: returned after the DC, not to ERR4's address
    assert word("RC5") == 11            # WAITRD's R0: the length read
    assert sd.read(a.symbols["LINE"], 11).decode("cp037") == "Hello there"   # EDIT=NO
    assert out[0] == "NESTED TYPLIN"
    assert ready_rc(out[-1]) == 7
    assert sd.read(NUC["NUCFLAGS"], 1)[0] & 0x40          # NUCFLAGS: the nested SET IMPEX ON took


def test_console_address_comes_from_diag_24(tmp_path):
    m = CMSMachine(tmp_path, console=0x01F)
    assert m.run() == Intercept.ENABLED_WAIT
    assert m.console.output[0].startswith("CMS VERSION 6.0")
    assert int.from_bytes(m.vm.sd.read(NUC["CONSADDR"], 2), "big") == 0x01F     # CONSADDR
    assert READY.match(m.command("CP QUERY TIME")[-1])


def test_cp_alone_is_an_empty_cp_command(cms):
    out = cms.command("CP")
    assert cms.cp.commands == [] and READY.match(out[-1])


def test_implied_cp_response_longer_than_the_buffer_is_cut(cms):
    out = cms.command("BIG")
    # 2048 bytes fit: 25 lines of 79 characters + separators (2000 bytes), then 48
    lines = out[:-1]
    assert len(lines) == 26
    assert lines[0] == "LINE 00 " + "X" * 71 and lines[24].startswith("LINE 24 ")
    assert lines[25] == ("LINE 25 " + "X" * 71)[:48]
    assert READY.match(out[-1])


def test_no_source_line_reaches_column_72():
    """Column 72 non-blank makes a statement continue on the next line, silently
    swallowing that line (and its label): keep every nucleus line within 71."""
    import glob
    import os
    from cms.build import MACLIB_DIR, NUCLEUS_DIR
    for path in glob.glob(os.path.join(NUCLEUS_DIR, "*.asm")) + glob.glob(os.path.join(MACLIB_DIR, "*.mac")):
        with open(path) as f:
            for n, line in enumerate(f, 1):
                assert len(line.rstrip("\n")) <= 71, f"{path}:{n}"


def test_every_nucon_field_is_defined_at_its_r6_location():
    import os
    from cms.build import MACLIB_DIR
    syms = assemble_module("DMSNUC").symbols
    with open(os.path.join(MACLIB_DIR, "NUCON.mac")) as f:
        labels = [l.split()[0] for l in f if l[:1].isalpha() and " DS " in l]
    missing = [l for l in labels if l not in syms]
    assert missing == []
    r6 = {"SYSTEMID": 0x200, "INSTALID": 0x220, "SYSNAME": 0x260, "IPLADDR": 0x268,
          "SYSADDR": 0x26A, "DEVICE": 0x26C, "PRODID": 0x274, "DIAGTIME": 0x280,
          "CURRVIRT": 0x290, "LASTCPUT": 0x29C, "LASTCMND": 0x2A0, "PREVEXEC": 0x2B8,
          "CPULOG": 0x80, "LOWSAVE": 0xC0, "FPRLOG": 0x160, "GPRLOG": 0x180, "ECRLOG": 0x1C0}
    assert {k: syms[k] for k in r6} == r6
