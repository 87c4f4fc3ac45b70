"""The CMS nucleus under the real CP: a logged-on user's virtual machine, DIAGNOSE
through cp.diag.dispatch (X'60' storage size, X'0C' timer, X'08' CP commands through
cp.commands.execute)."""

import re

import pytest

from cp_fakes import entry, logon, make_system
from cms_harness import NUC, CMSMachine
from sie import Intercept

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")
READY_RC = re.compile(r"^R\((-?\d+)\); T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")


@pytest.fixture
def cms(tmp_path):
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW")
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term = user, term
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def test_ipl_under_cp_sizes_storage_with_diag_60(cms):
    assert cms.console.output[0].startswith("CMS VERSION 6.0 - ")
    assert int.from_bytes(cms.vm.sd.read(NUC["VMSIZE"], 4), "big") == 2 << 20


def test_cp_command_answers_on_the_terminal_and_cms_says_ready(cms):
    out = cms.command("cp query time")
    assert any(line.startswith("TIME IS ") for line in cms.term.lines), cms.term.lines
    assert len(out) == 1 and READY.match(out[0]), out


def test_implied_cp_response_is_typed_by_cms(cms):
    # DISPLAY is not a CMS command: CMS hands the line to CP and types the answer,
    # here the SYSTEMID field of NUCON ('CMS ' = C3D4E240)
    out = cms.command("display 200.8")
    assert len(out) >= 2 and "C3D4E240" in out[0].replace(" ", ""), out
    assert READY.match(out[-1])
    assert not any("C3D4E240" in line.replace(" ", "") for line in cms.term.lines)


def test_cp_error_number_becomes_the_return_code(cms):
    out = cms.command("CP FROBNICATE")
    assert any("DMKCFM001E" in line for line in cms.term.lines), cms.term.lines
    m = READY_RC.match(out[-1])
    assert m and int(m.group(1)) == 1


def test_unknown_to_cms_and_cp(cms):
    out = cms.command("FROBNICATE")
    assert out[0] == "UNKNOWN CP/CMS COMMAND"
    assert int(READY_RC.match(out[1]).group(1)) == -3
    assert not any("DMKCFM001E" in line for line in cms.term.lines)


FILES = [("PROFILE", "EXEC", "A1", "F", 80, [b"&CONTROL OFF".decode().encode("cp037")]),
         ("NOTES", "SCRIPT", "A1", "V", 12, [b"line one".decode().encode("cp037"), b"two".decode().encode("cp037")]),
         ("TOOL", "EXEC", "A2", "F", 80, [b"&TYPE HI".decode().encode("cp037")] * 30)]


@pytest.fixture
def disk_cms(tmp_path):
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    from cms_harness import make_cms_disk
    path = make_cms_disk(tmp_path / "cms191.3330", "CMS191", FILES)
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW")
    user.vm.attach(0x191, Minidisk(0x191, open_image(str(path)), (0, 2), read_only=False,
                                   owner="CMSUSER", owner_vaddr=0x191, volser="CMS191"))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term = user, term
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def test_access_and_listfile(disk_cms):
    out = disk_cms.command("ACCESS 191 A")
    assert len(out) == 1 and READY.match(out[0]), out
    out = disk_cms.command("LISTFILE")
    assert out[:-1] == ["PROFILE  EXEC     A1", "NOTES    SCRIPT   A1", "TOOL     EXEC     A2"]
    assert READY.match(out[-1])
    assert disk_cms.command("LISTFILE * EXEC")[:-1] == ["PROFILE  EXEC     A1",
                                                       "TOOL     EXEC     A2"]
    assert disk_cms.command("listfile notes * a")[:-1] == ["NOTES    SCRIPT   A1"]
    out = disk_cms.command("LISTFILE NOSUCH")
    assert out[0] == "DMSLST002E FILE NOT FOUND"
    assert int(READY_RC.match(out[1]).group(1)) == 28
    assert disk_cms.command("LISTFILE * * B")[0] == "DMSLST002E FILE NOT FOUND"


def test_access_errors(disk_cms):
    out = disk_cms.command("ACCESS 333 B")
    assert out[0] == "DMSACC113S DISK NOT ATTACHED 333"
    assert int(READY_RC.match(out[1]).group(1)) == 100
    out = disk_cms.command("ACCESS 00C B")          # the reader: not a disk
    assert out[0].startswith("DMSACC113S")
    out = disk_cms.command("ACCESS 19G A")
    assert out[0] == "DMSACC017E INVALID DEVICE ADDRESS 19G"
    assert int(READY_RC.match(out[1]).group(1)) == 24
    out = disk_cms.command("ACCESS 191 AB")
    assert out[0] == "DMSACC048E INVALID MODE AB"


def test_type_f_and_v_files(disk_cms):
    disk_cms.command("ACCESS 191 A")
    out = disk_cms.command("TYPE PROFILE EXEC")
    assert out[0] == "&CONTROL OFF" and READY.match(out[1]), out
    out = disk_cms.command("type notes script a")
    assert out[:2] == ["line one", "two"] and READY.match(out[2]), out
    out = disk_cms.command("TYPE TOOL EXEC")            # 2400 bytes: records cross blocks
    assert out[:-1] == ["&TYPE HI"] * 30 and READY.match(out[-1])


def test_type_errors(disk_cms):
    disk_cms.command("ACCESS 191 A")
    out = disk_cms.command("TYPE PROFILE")
    assert out[0] == "DMSTYP054E INCOMPLETE FILEID SPECIFIED"
    assert int(READY_RC.match(out[1]).group(1)) == 24
    out = disk_cms.command("TYPE NOSUCH FILE")
    assert out[0] == "DMSTYP002E FILE NOT FOUND NOSUCH"
    assert int(READY_RC.match(out[1]).group(1)) == 28
    assert disk_cms.command("TYPE PROFILE EXEC B")[0].startswith("DMSTYP002E")


def test_ipl_accesses_191_as_a(disk_cms):
    # the 191 was there at IPL: LISTFILE works without an ACCESS command
    out = disk_cms.command("LISTFILE * * A")
    assert out[0] == "PROFILE  EXEC     A1" and READY.match(out[-1])
    assert disk_cms.console.output[0].startswith("CMS VERSION 6.0")


def test_state(disk_cms):
    out = disk_cms.command("STATE TOOL EXEC")
    assert len(out) == 1 and READY.match(out[0])
    out = disk_cms.command("STATE NOSUCH EXEC A")
    assert out[0] == "DMSSTT002E FILE NOT FOUND NOSUCH"
    assert int(READY_RC.match(out[1]).group(1)) == 28
    out = disk_cms.command("STATE TOOL EXEC B")          # FSSTATE RC 36: no disk B
    assert out[0] == "DMSSTT069E DISK NOT ACCESSED B"
    assert int(READY_RC.match(out[1]).group(1)) == 36
    out = disk_cms.command("STATE TOOL")
    assert out[0] == "DMSSTT054E INCOMPLETE FILEID SPECIFIED"


STATE_CALLER = """
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         LA    1,PLIST
         SVC   202
         DC    AL4(1)
         ST    15,RC
         MVC   COPY,0(1)               R1 -> THE FST COPY
         L     14,12(13)
         LM    0,12,20(13)
         SR    15,15
         BR    14
PLIST    DC    CL8'STATE',CL8'TOOL',CL8'EXEC',CL8'A',8X'FF'
RC       DC    F'99'
COPY     DC    XL40'00'
         END
"""


def test_state_from_a_program_returns_the_fst(disk_cms):
    from s370.asm import assemble
    from cms_harness import zap_function
    a = assemble(STATE_CALLER, origin=0x20000)
    assert a.errors == []
    zap_function(disk_cms, "QUERY", a.image)
    assert READY.match(disk_cms.command("QUERY")[-1])
    sd = disk_cms.vm.sd
    assert int.from_bytes(sd.read(a.symbols["RC"], 4), "big") == 0
    fst = sd.read(a.symbols["COPY"], 40)
    assert fst[:16].decode("cp037") == "TOOL    EXEC    "
    assert int.from_bytes(fst[26:28], "big") == 30            # FSTRECCT
    assert fst[30:31].decode("cp037") == "F" and int.from_bytes(fst[32:36], "big") == 80


def test_dms_messages_follow_cp_set_emsg(cms):
    # (QUERY NONSENSE would now reach CP's QUERY userid, as typed Q operands CMS does
    # not know do under R6 CMS with IMPCP on: DMKCFM045E NONSENSE NOT LOGGED ON)
    assert cms.command("QUERY NONSENSE")[0] == "DMKCFM045E NONSENSE NOT LOGGED ON"
    assert cms.command("SET IMPCP MAYBE")[0] == "DMSSET026E INVALID PARAMETER MAYBE"
    cms.command("CP SET EMSG TEXT")
    assert cms.command("SET IMPCP MAYBE")[0] == "INVALID PARAMETER MAYBE"
    cms.command("CP SET EMSG CODE")
    assert cms.command("SET IMPCP MAYBE")[0] == "DMSSET026E"
    cms.command("CP SET EMSG OFF")
    out = cms.command("SET IMPCP MAYBE")
    assert len(out) == 1 and int(READY_RC.match(out[0]).group(1)) == 24
