"""CMS program commands under the real CP: ASSEMBLE through DIAGNOSE X'0100', LOAD /
INCLUDE / START of object decks, GENMOD and running a MODULE by its name, LINEDIT,
GLOBAL and FILEDEF, and a program check in a user program returning to Ready.

The TEXT, ASSEMBLE and MACLIB files are written on a CMS disk host side with cms.fs;
the files CMS writes (TEXT, LISTING, MODULE) are read back the same way."""

import glob
import os
import re

import pytest

from cms.fs import CMSDisk
from cp_fakes import entry, logon, make_system
from cms_harness import CMSMachine, nucleus, zap_function
from s370.asm import assemble
from media.ckd import create_image, open_image
from sie import Intercept

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")
READY_RC = re.compile(r"^R\((-?\d+)\); T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")
MACLIB_DIR = os.path.join(os.path.dirname(__file__), "..", "cms", "maclib")
E = lambda s: s.encode("cp037")  # noqa: E731


def rc_of(line):
    m = READY_RC.match(line)
    assert m, line
    return int(m.group(1))


def card(text):
    assert len(text) <= 80, text
    return E(text.ljust(80))


def source_cards(src):
    return [card(line) for line in src.strip("\n").splitlines()]


def cmslib_records():
    """CMSLIB MACLIB: the nucleus macro library as one F 80 file of definitions."""
    recs = []
    for path in sorted(glob.glob(os.path.join(MACLIB_DIR, "*.mac"))):
        with open(path, encoding="ascii") as f:
            recs += [card(line.rstrip("\n")[:80]) for line in f]
    return recs


def text_deck(src):
    """The object deck of ``src`` (assembled host side with the CMS macros), as cards."""
    a = assemble(src, libpath=[MACLIB_DIR])
    assert a.errors == [], a.errors
    deck = a.object_deck()
    return [deck[k:k + 80] for k in range(0, len(deck), 80)]


HELLO = """
HELLO    CSECT
         USING HELLO,12
         STM   14,12,12(13)
         WRTERM 'HELLO FROM A PROGRAM'
         L     3,=F'42'
         LINEDIT TEXT='THE ANSWER IS ....',SUB=(DEC,(3)),DOT=NO
         L     14,12(,13)
         LM    0,12,20(13)
         LA    15,7
         BR    14
         LTORG
         END   HELLO
"""

# MAIN calls SUBR (another deck) through a V-constant and adds 4 to its return code;
# it types its first START argument (R1 -> entry token, arguments, fence).
MAIN = """
MAIN     CSECT
         EXTRN SUBR
         USING MAIN,12
         STM   14,12,12(13)
         MVC   ARG,8(1)
         LR    11,13
         LA    13,SAVE
         L     15,=V(SUBR)
         BALR  14,15
         LR    13,11
         LA    4,4(,15)
         ST    4,RC
         LINEDIT TEXT='MAIN GOT ....., ARG ....',                      X
               SUB=(HEX,WORD,CHAR,ARG)
         L     14,12(,13)
         LM    0,12,20(13)
         L     15,RC
         BR    14
WORD     DC    A(SUBR)
ARG      DC    CL8' '
RC       DS    F
SAVE     DS    18F
         LTORG
         END   MAIN
"""

SUBR = """
SUBR     CSECT
         STM   14,12,12(13)
         LR    12,15
         USING SUBR,12
         WRTERM 'IN SUBR'
         LM    14,12,12(13)
         LA    15,3
         BR    14
         END
"""

# Reads the first record of GREET DATA with the file macros and types it.
READER = """
READER   CSECT
         USING READER,12
         STM   14,12,12(13)
         FSOPEN 'GREET DATA *',ERROR=NOFILE
         FSREAD 'GREET DATA *',BUFFER=LINE,BSIZE=80,ERROR=NOFILE
         LINEDIT TEXT='READ: ....',SUB=(CHAR,LINE),DOT=NO
         FSCLOSE 'GREET DATA *'
         SR    15,15
         B     EXIT
NOFILE   LINEDIT TEXT='NO FILE, RC ....',SUB=(DEC,(15))
         LA    15,1
EXIT     L     14,12(,13)
         LM    0,12,20(13)
         BR    14
LINE     DS    CL80
         LTORG
         END   READER
"""

OTHER = """
OTHER    CSECT
         DC    F'1'
         END
"""

BAD = """
BAD      CSECT
         DC    H'0'                OPERATION EXCEPTION
         END
"""


@pytest.fixture
def prog(tmp_path):
    path = str(tmp_path / "cms191.3330")
    create_image(path, "3330", "CMS191", cyls=3)
    with CMSDisk.format(path, "CMS191") as d:
        d.write("HELLO", "ASSEMBLE", source_cards(HELLO), lrecl=80)
        d.write("HELLO", "TEXT", text_deck(HELLO), lrecl=80)
        d.write("MAIN", "TEXT", text_deck(MAIN), lrecl=80)
        d.write("SUBR", "TEXT", text_deck(SUBR), lrecl=80)
        d.write("BAD", "TEXT", text_deck(BAD), lrecl=80)
        d.write("CMSLIB", "MACLIB", cmslib_records(), lrecl=80)
        d.write("READER", "ASSEMBLE", source_cards(READER), lrecl=80)
        d.write("EVIL", "TEXT", evil_deck(), lrecl=80)
        d.write("MYLIB", "TXTLIB", text_deck(OTHER) + text_deck(SUBR), lrecl=80)
        d.write("GREET", "DATA", [card("GREETINGS FROM THE DISK")], lrecl=80)
        d.write("OOPS", "ASSEMBLE", source_cards(" CSECT\n FROB 1\n END"), lrecl=80)
    from cp.vdev.minidisk import Minidisk
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW")
    user.vm.attach(0x191, Minidisk(0x191, open_image(path), (0, 3), read_only=False,
                                   owner="CMSUSER", owner_vaddr=0x191, volser="CMS191"))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.path = user, term, path
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def disk_file(m, fn, ft):
    """Records of fn ft on the 191, read host side (after CMS has closed it)."""
    with CMSDisk.open(m.path) as d:
        return d.stat(fn, ft), d.read(fn, ft)


def test_load_and_start_type_the_output_and_the_return_code(prog):
    out = prog.command("LOAD HELLO")
    assert len(out) == 1 and READY.match(out[0]), out
    out = prog.command("START")
    assert out[:3] == ["EXECUTION BEGINS...", "HELLO FROM A PROGRAM", "THE ANSWER IS 42"]
    assert rc_of(out[3]) == 7


def subr_address():
    """SUBR loaded after MAIN: at the first doubleword above it."""
    main_len = len(assemble(MAIN, libpath=[MACLIB_DIR]).image)
    return (0x20000 + main_len + 7) & ~7


def test_include_resolves_references_across_decks_and_start_passes_arguments(prog):
    assert READY.match(prog.command("LOAD MAIN (NOAUTO")[-1])
    assert READY.match(prog.command("INCLUDE SUBR")[-1])
    out = prog.command("START * FIRST SECOND")
    subr_at = subr_address()
    assert out[:3] == ["EXECUTION BEGINS...", "IN SUBR",
                       f"MAIN GOT {subr_at:X}, ARG FIRST."], out
    assert rc_of(out[3]) == 7


def test_start_by_entry_name_and_unknown_entry(prog):
    prog.command("LOAD MAIN SUBR")
    out = prog.command("START SUBR")
    assert out[:2] == ["EXECUTION BEGINS...", "IN SUBR"] and rc_of(out[2]) == 3
    out = prog.command("START NOSUCH")
    assert out[0] == "DMSLIO021E ENTRY POINT NOT FOUND NOSUCH" and rc_of(out[1]) == 40


def test_auto_loads_name_text_for_an_undefined_name_and_the_map(prog):
    out = prog.command("LOAD MAIN (TYPE")
    subr_at = subr_address()
    assert out[:2] == ["MAIN     SD 020000", f"SUBR     SD {subr_at:06X}"], out
    assert READY.match(out[2])
    st, recs = disk_file(prog, "LOAD", "MAP")
    assert st.fm == "A5" and st.lrecl == 80
    assert [r.decode("cp037").rstrip() for r in recs] == out[:2]
    out = prog.command("START * X")
    assert out[2] == f"MAIN GOT {subr_at:X}, ARG X." and rc_of(out[3]) == 7
    # a CSECT loaded twice keeps its first copy; INCLUDE adds to the map
    assert READY.match(prog.command("INCLUDE SUBR (NOMAP")[-1])
    assert prog.command("START * Y")[2] == f"MAIN GOT {subr_at:X}, ARG Y."
    st, recs = disk_file(prog, "LOAD", "MAP")
    assert len(recs) == 2


def test_reset_and_start_no(prog):
    assert READY.match(prog.command("LOAD MAIN SUBR (RESET SUBR NOMAP")[-1])
    out = prog.command("START (NO")
    assert len(out) == 1 and READY.match(out[0]), out
    out = prog.command("START")
    assert out[:2] == ["EXECUTION BEGINS...", "IN SUBR"] and rc_of(out[2]) == 3
    out = prog.command("LOAD MAIN (RESET NOSUCH")
    assert out[-2] == "DMSLIO021E ENTRY POINT NOT FOUND NOSUCH" and rc_of(out[-1]) == 40


def test_load_errors(prog):
    out = prog.command("LOAD NOSUCH")
    assert out[0] == "DMSLIO002E FILE NOT FOUND NOSUCH" and rc_of(out[1]) == 28
    out = prog.command("LOAD HELLO (FROB")
    assert out[0] == "DMSLIO003E INVALID OPTION FROB" and rc_of(out[1]) == 24
    out = prog.command("LOAD")
    assert out[0] == "DMSLIO001E NO FILENAME SPECIFIED"


def test_load_start_option_and_origin(prog):
    out = prog.command("LOAD HELLO (ORIGIN 30000 START")
    assert out[:3] == ["EXECUTION BEGINS...", "HELLO FROM A PROGRAM", "THE ANSWER IS 42"]
    assert rc_of(out[3]) == 7
    sd = prog.vm.sd
    image = assemble(HELLO, libpath=[MACLIB_DIR]).image
    assert sd.read(0x30000, 8) == image[:8]


def test_program_check_in_a_user_program_returns_to_ready(prog):
    prog.command("LOAD BAD")
    out = prog.command("START")
    assert out[0] == "EXECUTION BEGINS..."
    assert out[1].startswith("DMSITP141T OPERATION EXCEPTION OCCURRED AT 02000")
    assert out[2].startswith("DMSABN148T SYSTEM ABEND 0C1")
    assert rc_of(out[3]) == 0xC1
    out = prog.command("LOAD HELLO (START")          # and CMS goes on working
    assert out[1] == "HELLO FROM A PROGRAM" and rc_of(out[-1]) == 7


def test_genmod_then_the_module_runs_by_its_name(prog):
    prog.command("LOAD HELLO")
    out = prog.command("GENMOD HELLO")
    assert len(out) == 1 and READY.match(out[0]), out
    st, recs = disk_file(prog, "HELLO", "MODULE")
    image = assemble(HELLO, origin=0x20000, libpath=[MACLIB_DIR]).image
    assert recs[0][:8] == E("CMSMOD  ")
    assert int.from_bytes(recs[0][8:12], "big") == 0x20000
    assert int.from_bytes(recs[0][16:20], "big") == 0x20000          # END HELLO
    assert recs[1][:len(image)] == image
    prog.command("LOAD BAD")                     # overwrite X'20000': HELLO comes from disk
    out = prog.command("HELLO")
    assert out[:2] == ["HELLO FROM A PROGRAM", "THE ANSWER IS 42"], out
    assert rc_of(out[2]) == 7
    out = prog.command("LOADMOD HELLO")
    assert READY.match(out[-1])
    out = prog.command("START")
    assert out[1] == "HELLO FROM A PROGRAM" and rc_of(out[-1]) == 7


def test_unknown_name_is_still_unknown(prog):
    out = prog.command("FROBNICATE")
    assert out[0] == "UNKNOWN CP/CMS COMMAND" and rc_of(out[1]) == -3


def test_assemble_writes_text_and_listing(prog):
    out = prog.command("GLOBAL MACLIB CMSLIB")
    assert len(out) == 1 and READY.match(out[0]), out
    out = prog.command("ASSEMBLE HELLO")
    assert len(out) == 1 and READY.match(out[0]), out
    st, text = disk_file(prog, "HELLO", "TEXT")
    assert st.lrecl == 80 and st.recfm == "F"
    expected = text_deck(HELLO)
    assert [c[:72] for c in text] == [c[:72] for c in expected]
    st, listing = disk_file(prog, "HELLO", "LISTING")
    assert st.lrecl == 121
    lines = [r.decode("cp037") for r in listing]
    assert any("WRTERM 'HELLO FROM A PROGRAM'" in ln for ln in lines)
    assert any("return code 0" in ln for ln in lines)
    # and the deck CMS wrote loads and runs
    out = prog.command("LOAD HELLO (START")
    assert out[1:3] == ["HELLO FROM A PROGRAM", "THE ANSWER IS 42"] and rc_of(out[3]) == 7


def test_assembled_program_reads_a_file_with_the_fs_macros(prog):
    prog.command("GLOBAL MACLIB CMSLIB")
    out = prog.command("ASSEMBLE READER (NOLIST")
    assert len(out) == 1 and READY.match(out[0]), out
    with CMSDisk.open(prog.path) as d:
        assert not [f for f in d.list() if f.fn == "READER" and f.ft == "LISTING"]
    out = prog.command("LOAD READER (START")
    assert out[1:] [:1] == ["READ: GREETINGS FROM THE DISK"], out
    assert READY.match(out[-1])


def test_assemble_errors_give_the_assemblers_return_code(prog):
    out = prog.command("ASSEMBLE OOPS (NODECK")
    assert len(out) == 1 and rc_of(out[-1]) >= 8, out
    st, listing = disk_file(prog, "OOPS", "LISTING")
    assert any("FROB" in r.decode("cp037") for r in listing)
    with CMSDisk.open(prog.path) as d:
        assert not [f for f in d.list() if f.fn == "OOPS" and f.ft == "TEXT"]
    out = prog.command("ASSEMBLE NOSUCH")
    assert out[0] == "DMSASM002E FILE NOT FOUND NOSUCH" and rc_of(out[1]) == 28
    assert rc_of(prog.command("ASSEMBLE HELLO (BOGUS")[-1]) == 24


def test_assemble_without_the_maclib_flags_the_macros(prog):
    out = prog.command("ASSEMBLE HELLO (NODECK")
    assert rc_of(out[-1]) >= 8
    assert READY.match(prog.command("GLOBAL MACLIB")[-1])


def test_global_and_filedef(prog):
    out = prog.command("GLOBAL MACLIB NOSUCH")
    assert out[0] == "DMSGLB002E FILE NOT FOUND NOSUCH" and rc_of(out[1]) == 28
    out = prog.command("GLOBAL FROB")
    assert out[0] == "DMSGLB014E INVALID FUNCTION FROB"
    assert prog.command("FILEDEF")[0] == "NO FILEDEFS IN EFFECT"
    assert READY.match(prog.command("FILEDEF SYSUT1 DISK IN DATA B")[-1])
    assert READY.match(prog.command("FILEDEF SYSPRINT PRINTER")[-1])
    assert READY.match(prog.command("FILEDEF OUT DISK")[-1])
    out = prog.command("FILEDEF")
    assert out[:3] == ["SYSUT1   DISK     IN       DATA     B1",
                       "SYSPRINT PRINTER",
                       "OUT      DISK     FILE     OUT      A1"], out
    out = prog.command("FILEDEF X NOWHERE")
    assert out[0] == "DMSFLD003E INVALID DEVICE NOWHERE" and rc_of(out[1]) == 24
    prog.command("FILEDEF SYSPRINT CLEAR")
    assert len(prog.command("FILEDEF")) == 3
    prog.command("FILEDEF * CLEAR")
    assert prog.command("FILEDEF")[0] == "NO FILEDEFS IN EFFECT"


LINEDIT_PROG = """
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         L     3,=F'-1234'
         LINEDIT TEXT='D .... H .... C .... END',                      X
               SUB=(DEC,(3),HEX,W,CHAR,N)
         LINEDIT TEXT='ZERO .... AND A DOT.',SUB=(HEX,Z),DOT=YES
         L     14,12(,13)
         LM    0,12,20(13)
         SR    15,15
         BR    14
W        DC    X'0000ABCD'
Z        DC    F'0'
N        DC    CL8'NAME'
         LTORG
         END
"""


def test_linedit_substitutions(tmp_path):
    m = CMSMachine(tmp_path)
    m.run()
    a = assemble(LINEDIT_PROG, origin=0x20000, libpath=[MACLIB_DIR])
    assert a.errors == []
    zap_function(m, "QUERY", a.image)
    out = m.command("QUERY")
    assert out[:2] == ["D -1234 H ABCD C NAME END.", "ZERO 0 AND A DOT."], out


TRANSIENT = """
TRANS    CSECT
         USING TRANS,12
         STM   14,12,12(13)
         WRTERM 'THE TRANSIENT ONE'
         L     14,12(,13)
         LM    0,12,20(13)
         LA    15,5
         BR    14
         END
"""


def test_the_transient_area_is_searched_before_the_function_table(tmp_path):
    from cms_harness import NUC
    m = CMSMachine(tmp_path)
    m.run()
    a = assemble(TRANSIENT, origin=0x20000, libpath=[MACLIB_DIR])
    assert a.errors == []
    sd = m.vm.sd
    sd.mem[0x20000:0x20000 + len(a.image)] = list(a.image)
    sd.mem[NUC["TRNSNAME"]:NUC["TRNSNAME"] + 8] = list(E("QUERY   "))
    sd.mem[NUC["TRNSADDR"]:NUC["TRNSADDR"] + 4] = list((0x20000).to_bytes(4, "big"))
    out = m.command("QUERY")
    assert out[0] == "THE TRANSIENT ONE" and rc_of(out[1]) == 5
    sd.mem[NUC["TRNSADDR"]:NUC["TRNSADDR"] + 4] = [0, 0, 0, 0]     # empty again
    assert m.command("QUERY")[0] != "THE TRANSIENT ONE"


def test_assemble_writes_on_a_when_the_source_disk_is_read_only(prog, tmp_path):
    from cp.vdev.minidisk import Minidisk
    path = str(tmp_path / "cms192.3330")
    create_image(path, "3330", "CMS192", cyls=1)
    with CMSDisk.format(path, "CMS192") as d:
        d.write("HELLO2", "ASSEMBLE", source_cards(HELLO.replace("HELLO", "HELLO2")),
                lrecl=80)
    prog.vm.attach(0x192, Minidisk(0x192, open_image(path), (0, 1), read_only=True,
                                   owner="CMSUSER", owner_vaddr=0x192, volser="CMS192"))
    assert READY.match(prog.command("ACCESS 192 B")[-1])
    prog.command("GLOBAL MACLIB CMSLIB")
    out = prog.command("ASSEMBLE HELLO2")
    assert len(out) == 1 and READY.match(out[0]), out
    st, text = disk_file(prog, "HELLO2", "TEXT")
    assert st.fm == "A1" and [c[:72] for c in text] == [c[:72] for c in
                                                       text_deck(HELLO.replace("HELLO", "HELLO2"))]
    with CMSDisk.open(path) as d:
        assert [f.ft for f in d.list()] == ["ASSEMBLE"]


ECHO = """
ECHO     CSECT
         USING ECHO,12
         STM   14,12,12(13)
         WAITRD LINE,80
         LR    3,0                 BYTES READ
         STH   3,LEN
         TYPLIN LINE,8,COLOR=R
         L     14,12(,13)
         LM    0,12,20(13)
         LH    15,LEN
         BR    14
LEN      DS    H
LINE     DC    CL80' '
         END
"""


def test_waitrd_and_typlin_macros(tmp_path):
    m = CMSMachine(tmp_path)
    m.run()
    a = assemble(ECHO, origin=0x20000, libpath=[MACLIB_DIR])
    assert a.errors == []
    zap_function(m, "QUERY", a.image)
    start = len(m.console.output)
    m.console.type_line("QUERY")
    m.console.type_line("echo this line")
    m.run()
    out = m.console.output[start:]
    assert out[0] == "ECHO THI" and rc_of(out[1]) == len("echo this line"), out


def test_genmod_from_to_and_the_default_name(prog):
    prog.command("LOAD MAIN SUBR (NOMAP")
    subr_at = subr_address()
    out = prog.command("GENMOD (FROM SUBR")            # named MAIN: the first name loaded
    assert len(out) == 1 and READY.match(out[0]), out
    st, recs = disk_file(prog, "MAIN", "MODULE")
    end = int.from_bytes(recs[0][12:16], "big")
    assert int.from_bytes(recs[0][8:12], "big") == subr_at < end
    assert int.from_bytes(recs[0][16:20], "big") == subr_at     # MAIN's entry is outside
    assert st.records == 1 + (end - subr_at + 799) // 800
    assert READY.match(prog.command("GENMOD PART MODULE A1 (TO SUBR NOMAP")[-1])
    st, recs = disk_file(prog, "PART", "MODULE")
    assert [int.from_bytes(recs[0][k:k + 4], "big") for k in (8, 12, 16)] == \
        [0x20000, subr_at, 0x20000]
    out = prog.command("GENMOD X (FROM NOSUCH")
    assert out[0] == "DMSMOD021E ENTRY POINT NOT FOUND NOSUCH" and rc_of(out[1]) == 40
    out = prog.command("GENMOD X (FROM SUBR TO MAIN")
    assert rc_of(out[-1]) == 24
    out = prog.command("GENMOD X (FROB")
    assert out[0] == "DMSMOD070E INVALID PARAMETER FROB" and rc_of(out[1]) == 24
    out = prog.command("SUBR")                            # no SUBR MODULE: unknown
    assert out[0] == "UNKNOWN CP/CMS COMMAND"


def test_a_module_on_another_disk_runs_by_its_name(prog, tmp_path):
    from cp.vdev.minidisk import Minidisk
    image = assemble(HELLO, origin=0x20000, libpath=[MACLIB_DIR]).image
    header = (E("CMSMOD  ") + (0x20000).to_bytes(4, "big")
              + (0x20000 + len(image)).to_bytes(4, "big") + (0x20000).to_bytes(4, "big")
              + (0x20000).to_bytes(4, "big")).ljust(800, b"\0")
    path = str(tmp_path / "cms192.3330")
    create_image(path, "3330", "CMS192", cyls=1)
    with CMSDisk.format(path, "CMS192") as d:
        d.write("GREET", "MODULE", [header, image.ljust(800, b"\0")], lrecl=800)
    prog.vm.attach(0x192, Minidisk(0x192, open_image(path), (0, 1), read_only=True,
                                   owner="CMSUSER", owner_vaddr=0x192, volser="CMS192"))
    assert READY.match(prog.command("ACCESS 192 C")[-1])
    out = prog.command("GREET")
    assert out[:2] == ["HELLO FROM A PROGRAM", "THE ANSWER IS 42"] and rc_of(out[2]) == 7


def evil_deck():
    """EVIL was assembled at X'30000' and loads at X'20000': its RLD item for X'30100'
    relocates to X'20100', but one for X'00100' would land below the user area (negative
    in 24-bit arithmetic): skipped.  A TXT card with a bad byte count is skipped too."""
    from s370.asm.objdeck import write_deck
    deck = write_deck([("EVIL", "SD", 1, 0x30000, 0x200)], [(1, 0x30000, bytes(8))],
                      [(1, 1, 0x0C, 0x30100), (1, 1, 0x0C, 0x00100)], entry=(1, 0x30000))
    cards = [bytes(deck[k:k + 80]) for k in range(0, len(deck), 80)]
    bad_txt = bytearray(cards[1])
    bad_txt[10:12] = (200).to_bytes(2, "big")
    return cards[:1] + [bytes(bad_txt)] + cards[1:]


def test_a_deck_that_points_outside_the_user_area_changes_nothing_there(prog):
    sd = prog.vm.sd
    out = prog.command("LOAD EVIL (NOMAP")                # no addressing exception
    assert len(out) == 1 and READY.match(out[0]), out
    assert sd.read(0x20008, 0xF8) == bytes(0xF8)            # the 200-byte TXT skipped
    assert int.from_bytes(sd.read(0x20100, 4), "big") == 0xFFFF0000   # 0 - X'10000'


def test_global_txtlib_supplies_the_deck_that_defines_a_name(prog):
    assert READY.match(prog.command("GLOBAL TXTLIB MYLIB")[-1])
    out = prog.command("LOAD MAIN (NOAUTO TYPE")
    subr_at = subr_address()
    assert out[:2] == ["MAIN     SD 020000", f"SUBR     SD {subr_at:06X}"], out
    assert READY.match(out[2])
    out = prog.command("START * LIB")
    assert out[1:3] == ["IN SUBR", f"MAIN GOT {subr_at:X}, ARG LIB."] and rc_of(out[3]) == 7
    out = prog.command("LOAD MAIN (NOAUTO NOLIBE TYPE")
    assert out[:1] == ["MAIN     SD 020000"] and READY.match(out[1]), out
