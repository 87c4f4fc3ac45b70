"""Saved segments and shared pages through cp.saved: DIAG X'64' against the system name
table and the page store (unknown, never saved, overlapping, shared), and CP's protection
of shared pages (a guest that alters one is stopped with DMKVMA456W; its copy becomes
private; other users are unaffected)."""

import pytest

import cp.saved
from cp.diag.segments import loaded
from cp_fakes import entry, logon, make_system
from cpu_harness import bc_psw
from s370.asm import assemble

TABLE = """\
* test systems and segments
TESTSYS  NAMESYS SYSNAME=TESTSYS,VSYSADR=00C,SYSPGNM=(0-31),SYSHRSG=(1)
SEGA     NAMESYS SYSNAME=SEGA,VSYSADR=IGNORE,SYSPGNM=(256-271),SYSHRSG=(16)
SEGB     NAMESYS SYSNAME=SEGB,VSYSADR=IGNORE,SYSPGNM=(8-9)
SEGC     NAMESYS SYSNAME=SEGC,VSYSADR=IGNORE,SYSPGNM=(264-265)
NOTSAVED NAMESYS SYSNAME=NOTSAVED,VSYSADR=IGNORE,SYSPGNM=(300-301)
"""

DONE = 0xEEEE
PROGRAM_AT = 0x10000                     # inside TESTSYS's shared segment 1


def program(body: str, origin: int) -> bytes:
    a = assemble(" USING *,12\n" + body + """
         LPSW  DONEPSW
         DS    0D
DONEPSW  DC    X'000200000000EEEE'
NAME     DC    CL8'SEGA'
         END""", origin=origin)
    assert not a.errors, a.errors
    return a.image, a.symbols


@pytest.fixture
def system(tmp_path):
    path = tmp_path / "SYSTEM.NAMES"
    path.write_text(TABLE)
    s = make_system(entry("MAINT", "CPCMS", "BCEG", storage=2 << 20),
                    entry("USER1", "PASS1", "G", storage=1 << 20),
                    entry("USER2", "PASS2", "G", storage=1 << 20))
    cp.saved.install(s, str(path), str(tmp_path / "store"))
    maint, _ = logon(s, "MAINT", "CPCMS")
    sd = maint.vm.sd
    # the segments' contents, saved from MAINT's storage
    sd.load(0x100000, b"\xa1" * 0x10000)
    sd.load(0x8000, b"\xb2" * 0x2000)
    sd.load(0x108000, b"\xc3" * 0x2000)
    for name in ("SEGA", "SEGB", "SEGC"):
        assert s.saved.savesys(maint, name) == []
    return s


def start(user, body, origin=0x2000):
    image, symbols = program(body, origin)
    sd = user.vm.sd
    sd.load(origin, image)
    sd.set_gpr(12, origin)
    assert sd.set_psw(bc_psw(origin).to_bytes(8, "big"))
    return symbols


def run(user, slices=5):
    vm = user.vm
    vm.stopped = False
    for _ in range(slices):
        vm.run_slice(50_000)
        if vm.stopped or vm.sd.ia == DONE:
            return


def cc(user):
    return (user.vm.sd.get_gpr(14) >> 28) & 3


DIAG64 = """
         LA    2,NAME
         DIAG  2,4,X'0064'
         BALR  14,0
"""


def diag64(system, userid, name, sub):
    user = system.find(userid) or logon(system, userid, userid.replace("USER", "PASS"))[0]
    syms = start(user, DIAG64.replace("NAME", "NAME"))
    user.vm.sd.load(syms["NAME"], name.ljust(8).encode("cp037"))
    user.vm.sd.set_gpr(4, sub)
    run(user)
    assert user.vm.sd.ia == DONE
    return user


def test_findsys_unknown_and_never_saved_are_cc2_rc44(system):
    for name in ("NOSUCH", "NOTSAVED", "TESTSYS"):       # TESTSYS: a system, not a segment
        user = diag64(system, "USER1", name, 0x0C)
        assert cc(user) == 2 and user.vm.sd.get_gpr(4) == 44, name


def test_loadsys_shared_above_storage_then_purgesys(system):
    user = diag64(system, "USER1", "SEGA", 0x0C)
    assert cc(user) == 1 and user.vm.sd.get_gpr(2) == 0x100000 and \
        user.vm.sd.get_gpr(4) == 0x10FFFF
    user = diag64(system, "USER1", "SEGA", 0x00)
    assert cc(user) == 0 and user.vm.sd.get_gpr(2) == 0x100000
    assert user.vm.sd.read(0x100000, 16) == b"\xa1" * 16
    assert set(system.saved.shared_blocks(user.vm)) == set(range(0x200, 0x220))
    user = diag64(system, "USER1", "SEGA", 0x08)
    assert cc(user) == 0 and "SEGA" not in loaded(user.vm)
    assert system.saved.shared_blocks(user.vm) == {}


def test_loadsys_over_the_defined_storage_is_cc1_with_the_end_released(system):
    user = diag64(system, "USER1", "SEGB", 0x04)
    assert cc(user) == 1
    assert (user.vm.sd.get_gpr(2), user.vm.sd.get_gpr(4)) == (0x8000, 0x9FFF)
    assert user.vm.sd.read(0x8000, 4) == b"\xb2" * 4


def test_loadsys_of_an_overlapping_segment_purges_the_first(system):
    diag64(system, "USER1", "SEGA", 0x00)
    user = diag64(system, "USER1", "SEGC", 0x04)
    assert sorted(loaded(user.vm)) == ["SEGC"]
    assert user.vm.sd.read(0x108000, 4) == b"\xc3" * 4
    assert user.vm.sd.read(0x100000, 4) == bytes(4)        # SEGA's pages cleared


STORE_INTO_SEGA = """
         LA    2,NAME
         DIAG  2,4,X'0064'
         L     3,=X'00100100'
         MVI   0(3),X'77'
         LA    2,TIMEBUF
         DIAG  2,0,X'000C'
         B     DONEJ
TIMEBUF  DS    4D
DONEJ    DS    0H
"""


def test_a_store_into_a_shared_segment_stops_the_guest_and_unshares_it(system):
    user, term = logon(system, "USER2", "PASS2")
    syms = start(user, STORE_INTO_SEGA)
    user.vm.sd.set_gpr(4, 0x00)                              # LOADSYS shared
    run(user)
    assert user.vm.stopped and user.cp_mode
    assert "DMKVMA456W CP ENTERED; SEGA SHARED PAGE 100000 ALTERED" in term.lines, term.lines
    assert any("DMKVMA181E SHARED PAGE 100000 ALTERED BY USER2" in l for l in system.logged)
    assert user.vm.sd.read(0x100100, 1) == b"\x77"           # its copy, now private
    assert system.saved.shared_blocks(user.vm) == {}
    # the saved segment is as it was for the next user
    other = diag64(system, "USER1", "SEGA", 0x00)
    assert other.vm.sd.read(0x100100, 1) == b"\xa1"


def test_a_store_into_a_non_shared_load_is_private_and_allowed(system):
    user, term = logon(system, "USER2", "PASS2")
    start(user, STORE_INTO_SEGA)
    user.vm.sd.set_gpr(4, 0x04)                              # LOADSYS non-shared
    run(user)
    assert user.vm.sd.ia == DONE and not any("DMKVMA" in l for l in term.lines)


SHARED_LOOP = """
         BALR  5,0
         {store}
         LA    2,X'800'
         DIAG  2,0,X'000C'
         B     8(,5)
"""


def save_testsys(system, store):
    maint = system.find("MAINT")
    a = assemble(" USING *,12\n" + SHARED_LOOP.format(store=store) + " END",
                 origin=PROGRAM_AT)
    assert not a.errors, a.errors
    maint.vm.sd.load(PROGRAM_AT, a.image)
    assert maint.vm.sd.set_psw(bc_psw(PROGRAM_AT).to_bytes(8, "big"))
    assert system.saved.savesys(maint, "TESTSYS") == []


def test_ipl_by_name_shares_protected_pages_and_reading_them_is_fine(system):
    save_testsys(system, "NOPR  0")
    user, term = logon(system, "USER1", "PASS1")
    assert system.ipl(user, "TESTSYS") is None
    assert user.vm.ipl_device == 0x00C and user.vm.sd.read(2, 2) == b"\x00\x0c"
    run(user, slices=3)
    assert not user.vm.stopped and not any("DMKVMA" in l for l in term.lines)
    assert len(system.saved.shared_blocks(user.vm)) == 32     # pages 16-31, 2 blocks each


def test_ipl_by_name_then_a_store_into_the_shared_segment(system):
    save_testsys(system, "STC   3,X'0FE'(,5)")        # stores at X'10100'
    a, term_a = logon(system, "USER1", "PASS1")
    b, term_b = logon(system, "USER2", "PASS2")
    for u in (a, b):
        assert system.ipl(u, "TESTSYS") is None
    run(a)
    assert a.vm.stopped
    assert "DMKVMA456W CP ENTERED; TESTSYS SHARED PAGE 010000 ALTERED" in term_a.lines
    assert b.vm.sd.read(0x10100, 1) == system.saved.store.get("TESTSYS").page(16)[0x100:0x101]
    assert len(system.saved.shared_blocks(b.vm)) == 32          # B is still protected
    # an IPL by device (ipl_name None) ends the protection of the saved system's pages
    b.vm.ipl_name = None
    assert not system.saved.check_shared(b) and system.saved.shared_blocks(b.vm) == {}


def test_savesys_of_pages_beyond_the_machine_is_refused(system):
    user, term = logon(system, "USER1", "PASS1")              # 1M: SEGA is at 1M
    assert system.saved.savesys(user, "SEGA") == [(160, {"hexloc": "100000"})]
    from cp.commands import execute
    maint = system.find("MAINT")
    out = []
    maint.vm.define_storage(512 << 10)
    assert execute(maint, "SAVESYS SEGA", out.append) == 160
    assert out == ["DMKCDB160E HEXLOC 100000 EXCEEDS STORAGE"]
    assert system.saved.store.get("SEGA").page(256)[:4] == b"\xa1" * 4     # old image kept
