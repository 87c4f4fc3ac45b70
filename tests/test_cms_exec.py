"""EXEC 1 in the CMS nucleus (cms/nucleus/DMSEXT.asm, DMSSTK.asm, DMSINT.asm): EXEC
files on the user's 191 disk (written host side), run under the real CP (DIAGNOSE
X'18' reads the disk) by implied EXEC from the terminal.  The console lines CMS types
are asserted exactly (GC20-1818 EXEC statements; spec cms.md 5, 6, 7.3)."""

import re

import pytest

from cp_fakes import entry, logon, make_system
from cms_harness import NUC, CMSMachine, make_cms_disk
from sie import Intercept

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")
READY_RC = re.compile(r"^R\((-?\d+)\); T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")

NOTES = ("NOTES", "SCRIPT", "A1", "V", 12, [b"LINE ONE", b"TWO"])


def ebcdic(lines):
    return [line.encode("cp037") for line in lines]


def execs(**files):
    """fn -> EXEC text: F 80 files on the A disk, plus NOTES SCRIPT."""
    out = [(fn.upper(), "EXEC", "A1", "F", 80, ebcdic(text.strip("\n").split("\n")))
           for fn, text in files.items()]
    fn, ft, fm, recfm, lrecl, recs = NOTES
    return out + [(fn, ft, fm, recfm, lrecl, ebcdic(r.decode() for r in recs))]


def cms_with(tmp_path, files):
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    path = make_cms_disk(tmp_path / "cms191.3330", "CMS191", files)
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW")
    user.vm.attach(0x191, Minidisk(0x191, open_image(str(path)), (0, 2), read_only=False,
                                   owner="CMSUSER", owner_vaddr=0x191, volser="CMS191"))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term = user, term
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def run_command(m, line, limit=4000):
    start = len(m.console.output)
    m.console.type_line(line)
    m.run(limit)
    return m.console.output[start:]


def body(out):
    """The lines before the ready message, and the ready message's return code."""
    last = out[-1]
    if READY.match(last):
        return out[:-1], 0
    m = READY_RC.match(last)
    assert m, out
    return out[:-1], int(m.group(1))


COUNT = """
&CONTROL OFF
* COUNT TO &1, THEN EXIT WITH THE COUNT
&I = 0
-TOP &I = &I + 1
&TYPE PASS &I OF &1
&IF &I LT &1 &GOTO -TOP
&EXIT &I
"""


def test_goto_loop_arguments_and_exit_code(tmp_path):
    m = cms_with(tmp_path, execs(count=COUNT))
    assert body(run_command(m, "COUNT 3")) == (["PASS 1 OF 3", "PASS 2 OF 3", "PASS 3 OF 3"], 3)
    # the explicit EXEC command and the ready message's R(nnnnn)
    assert body(run_command(m, "EXEC COUNT 1")) == (["PASS 1 OF 1"], 1)


LOOPS = """
&CONTROL OFF
&N = 0
&LOOP 2 3
&N = &N + 2
&TYPE N IS &N
&I = 1
&LOOP -END &I GT 3
&TYPE I = &I
-END &I = &I + 1
&LOOP 1 0
&TYPE NEVER
&X = 7 * 6 - 2 / 4
&TYPE X IS &X
&TYPE DONE
"""


def test_loop_counted_until_and_zero_times(tmp_path):
    m = cms_with(tmp_path, execs(loops=LOOPS))
    assert body(run_command(m, "LOOPS")) == (
        ["N IS 2", "N IS 4", "N IS 6", "I = 1", "I = 2", "I = 3", "X IS 10", "DONE"], 0)


IFS = """
&CONTROL OFF
&IF &1 EQ ABC &TYPE EQ ABC
&IF &1 NE ABC &TYPE NE ABC
&IF &2 GT 9 &TYPE &2 GT 9
&IF &2 <= 9 &TYPE &2 LE 9
&IF &INDEX = 2 &IF &1 = ABC &TYPE NESTED
&IF &$ EQ XYZ &TYPE ANY XYZ
&IF &* EQ ABC &TYPE ALL ABC
&IF &3 = &3 &TYPE NULL EQUALS NULL
&A = &CONCAT &1 - &2
&B = &LENGTH &A
&C = &SUBSTR &A 2 3
&D = &DATATYPE &2
&E = &DATATYPE &1
&F = &LITERAL &1
&TYPE &A &B &C &D &E &F
"""


def test_if_operators_and_functions(tmp_path):
    m = cms_with(tmp_path, execs(ifs=IFS))
    out, rc = body(run_command(m, "IFS ABC 10"))
    assert out == ["EQ ABC", "10 GT 9", "NESTED", "NULL EQUALS NULL",
                   "ABC-10 6 BC- NUM ALPHA &1"]
    assert rc == 0
    # numeric comparison: 10 > 9 numerically although '1' < '9' as characters
    out, rc = body(run_command(m, "IFS XYZ 5"))
    assert out[:3] == ["NE ABC", "5 LE 9", "ANY XYZ"]


STACKER = """
&CONTROL OFF
&STACK TYPE NOTES SCRIPT
"""

ORDER = """
&CONTROL OFF
&STACK FIFO FIRST
&STACK LIFO ZERO
&STACK SECOND LINE
&TYPE &READFLAG
&READ VARS &A
&READ VARS &B &C
&READ ARGS
&TYPE &A &B &C &INDEX &1 &2 &READFLAG
"""


def test_stack_fifo_lifo_and_a_command_reading_the_stack(tmp_path):
    m = cms_with(tmp_path, execs(stacker=STACKER, order=ORDER))
    # the EXEC ends; the command loop reads the stacked line before the terminal
    out = run_command(m, "STACKER")
    assert READY.match(out[0]) and out[1:3] == ["LINE ONE", "TWO"] and READY.match(out[3]), out
    assert len(out) == 4
    assert body(run_command(m, "ORDER")) == (["STACK", "ZERO FIRST 2 SECOND LINE CONSOLE"], 0)


READS = """
&CONTROL OFF
&BEGSTACK
&TYPE FROM THE STACK
&X = 5
&END
&READ 2
&TYPE X IS &X &READFLAG
&READ ARGS
&TYPE &INDEX ARGS: &1 &2
"""


def test_read_statements_from_the_stack_and_args_from_the_terminal(tmp_path):
    m = cms_with(tmp_path, execs(reads=READS))
    out = run_command(m, "READS")
    assert out == ["FROM THE STACK", "X IS 5 CONSOLE"]        # now reading the terminal
    assert m.console.waiting
    assert body(run_command(m, "alpha beta")) == (["2 ARGS: ALPHA BETA"], 0)


ERRORS = """
&CONTROL OFF
&ERROR &GOTO -BAD
TYPE NOSUCH FILE
&TYPE NOT HERE
-BAD &TYPE RC WAS &RETCODE
&EXIT &RETCODE
"""

ECHO = """
TYPE NOTES SCRIPT
&CONTROL ERROR
TYPE NOTES SCRIPT
TYPE NOSUCH FILE
&CONTROL ALL
&TYPE &RETCODE
&BEGTYPE
   AS    IT IS
&END
"""


def test_error_statement_and_control_echo(tmp_path):
    m = cms_with(tmp_path, execs(errors=ERRORS, echo=ECHO))
    assert body(run_command(m, "ERRORS")) == (
        ["DMSTYP002E FILE NOT FOUND NOSUCH", "RC WAS 28"], 28)
    # &CONTROL CMS (the default) shows each command; ERROR only failing ones, after them
    assert body(run_command(m, "ECHO")) == (
        ["TYPE NOTES SCRIPT", "LINE ONE", "TWO", "LINE ONE", "TWO",
         "DMSTYP002E FILE NOT FOUND NOSUCH", "TYPE NOSUCH FILE",
         "&TYPE 28", "28", "&BEGTYPE", "   AS    IT IS"], 0)


OUTER = """
&CONTROL OFF
&TYPE OUTER &GLOBAL
EXEC INNER X
&TYPE BACK &RETCODE &GLOBAL
&GLOBAL3 = &GLOBAL3 + 1
&TYPE &GLOBAL3
"""

INNER = """
&CONTROL OFF
&TYPE INNER &1 &GLOBAL &GLOBAL3
&GLOBAL3 = 5
&EXIT 7
"""


def test_nested_exec_and_globals(tmp_path):
    m = cms_with(tmp_path, execs(outer=OUTER, inner=INNER))
    assert body(run_command(m, "OUTER")) == (
        ["OUTER 1", "INNER X 2 1", "BACK 7 1", "6"], 0)
    sd = m.vm.sd
    assert int.from_bytes(sd.read(NUC["EXECCHN"], 4), "big") == 0
    assert int.from_bytes(sd.read(NUC["EXECLVL"], 4), "big") == 0


MANY = """
&CONTROL OFF
&I = 0
&LOOP 1 10000
&I = &I + 1
&TYPE &I
"""


def test_ten_thousand_iterations_finish(tmp_path):
    m = cms_with(tmp_path, execs(many=MANY))
    assert body(run_command(m, "MANY", limit=20000)) == (["10000"], 0)


def test_unknown_exec_and_no_filename(tmp_path):
    m = cms_with(tmp_path, execs(count=COUNT))
    out, rc = body(run_command(m, "EXEC NOSUCH"))
    assert out == ["DMSEXT002E FILE NOT FOUND NOSUCH"] and rc == 28
    out, rc = body(run_command(m, "EXEC"))
    assert out == ["DMSEXT001E NO FILENAME SPECIFIED"] and rc == 24
    # SET IMPEX OFF: the name is no longer tried as an EXEC
    run_command(m, "SET IMPEX OFF")
    out = run_command(m, "COUNT 2")
    assert out[0] == "UNKNOWN CP/CMS COMMAND"


PROFILE = """
&CONTROL OFF
&TYPE HELLO FROM PROFILE
"""


def test_profile_exec_runs_before_the_first_command(tmp_path):
    m = cms_with(tmp_path, execs(profile=PROFILE))
    out = run_command(m, "QUERY IMPEX")
    assert out[:2] == ["HELLO FROM PROFILE", "IMPEX = ON"] and READY.match(out[2])
    assert run_command(m, "QUERY IMPEX")[0] == "IMPEX = ON"       # once only


def test_profile_after_a_null_first_line(tmp_path):
    m = cms_with(tmp_path, execs(profile=PROFILE))
    out = run_command(m, "")
    assert out[0] == "HELLO FROM PROFILE" and READY.match(out[1]) and len(out) == 2


def test_access_noprof_skips_the_profile(tmp_path):
    m = cms_with(tmp_path, execs(profile=PROFILE))
    out = run_command(m, "ACCESS (NOPROF")
    assert len(out) == 1 and READY.match(out[0]), out
    assert run_command(m, "QUERY IMPEX")[0] == "IMPEX = ON"


LOOPER = """
&CONTROL OFF
-AGAIN &X = 1
&GOTO -AGAIN
"""

def attention(m, line):
    """The user types a line while CMS runs: CP keeps it and presents an attention."""
    m.console.queue.append(line)
    m.console.attention()


def test_hx_stops_a_looping_exec(tmp_path):
    m = cms_with(tmp_path, execs(looper=LOOPER))
    sd = m.vm.sd
    read_level = sd.read(NUC["SVCLEVEL"], 4)          # one SVC 202 level: WAITRD
    start = len(m.console.output)
    m.console.type_line("LOOPER")
    for _ in range(5):
        m.vm.run_slice(200_000)
    assert not m.console.waiting and len(m.console.output) == start   # still looping
    attention(m, "hx")
    m.run()
    assert m.console.output[start:] == ["CMS"]
    assert int.from_bytes(sd.read(NUC["EXECCHN"], 4), "big") == 0
    assert sd.read(NUC["SVCLEVEL"], 4) == read_level      # the EXEC's levels dropped
    assert body(run_command(m, "QUERY IMPEX")) == (["IMPEX = ON"], 0)
