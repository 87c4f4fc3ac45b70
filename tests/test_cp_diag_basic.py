"""DIAGNOSE dispatch and the register-only codes: privilege, unknown codes, classes,
X'00' identification, X'0C' pseudo timer, X'10' release pages, X'54', X'5C', X'60'.

Every test runs a guest program in a real cp.vm.VirtualMachine with cp.diag.dispatch
as its DIAGNOSE hook (tests/cp_diag_harness.py)."""

import datetime
from types import SimpleNamespace

import pytest

from s370 import ebcdic
from s370.cpu import layout as L

from cp.diag import DIAGNOSE_CODES, DiagCode
from cp_diag_harness import make_user, run, ended, program_check, cc_in, gpr, mem


def test_diagnose_in_problem_state_is_a_privileged_operation():
    user, s = make_user("""
DG       DIAG  2,3,X'0060'
""", problem=True)
    run(user)
    assert program_check(user) == (L.PIC_PRIVILEGED, s["DG"] + 4)
    assert gpr(user, 2) == 0                                     # not performed


@pytest.mark.parametrize("code", [0x0002, 0x00FC, 0x01FC, 0x0004, 0x0FF0])
def test_unknown_or_unaligned_code_is_a_specification_exception(code):
    user, s = make_user(f"""
         LA    2,7
DG       DIAG  2,3,{code}(0)
""")
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert gpr(user, 2) == 7


def test_code_is_the_low_16_bits_of_the_effective_address():
    user, s = make_user("""
         LA    5,X'60'
         DIAG  2,0,0(5)
""", storage=128 * 1024)
    run(user)
    assert ended(user) and gpr(user, 2) == 128 * 1024


def test_a_code_restricted_to_classes_refuses_other_users(monkeypatch):
    row = DiagCode(0x60, "storage size (class C only, for the test)", "storsize:diag_60", "CE")
    monkeypatch.setitem(DIAGNOSE_CODES, 0x60, row)
    user, s = make_user("""
DG       DIAG  2,0,X'0060'
""", classes="G")
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    user, s = make_user("""
DG       DIAG  2,0,X'0060'
""", classes="CG")
    run(user)
    assert ended(user) and gpr(user, 2) == 64 * 1024


def test_program_continues_after_a_diagnose():
    user, s = make_user("""
         DIAG  4,0,X'0060'
         LA    6,1
""")
    run(user)
    assert ended(user) and gpr(user, 4) == 64 * 1024 and gpr(user, 6) == 1


# ---------------------------------------------------------------------- X'00'
def test_diag_00_stores_the_identification_block():
    user, s = make_user("""
         LA    2,AREA
         LA    3,32
         DIAG  2,3,X'0000'
DATA
         DS    0D
AREA     DC    40XL1'AA'
""", userid="CMSUSER")
    run(user)
    assert ended(user)
    block = mem(user, s["AREA"], 40)
    assert block[0:8] == ebcdic.encode("VM/370  ")
    assert block[8:11] == bytes([6, 0, 0])
    assert block[11] == 0xFF                                      # STIDP's version in a VM
    assert block[12:14] == b"\0\0" and block[14:16] == b"\0\0"     # MCEL, CPU address 0
    assert block[16:24] == ebcdic.encode("CMSUSER ")
    assert block[24:32] == (1).to_bytes(8, "big")                  # full-screen DIAG 58 bit
    assert block[32:40] == b"\xAA" * 8                             # nothing past 32 bytes


def test_diag_00_addresses_are_real_prefixing_applies():
    user, s = make_user("""
         LA    2,X'100'
         LA    3,8
         DIAG  2,3,X'0000'
""")
    user.vm.sd.S[L.PREFIX] = 0x8000
    run(user)
    assert ended(user)
    assert mem(user, 0x8100, 8) == ebcdic.encode("VM/370  ")
    assert mem(user, 0x100, 8) != ebcdic.encode("VM/370  ")


def test_diag_00_stores_at_most_ry_bytes():
    user, s = make_user("""
         LA    2,AREA
         LA    3,5
         DIAG  2,3,X'0000'
DATA
         DS    0D
AREA     DC    16XL1'AA'
""")
    run(user)
    assert mem(user, s["AREA"], 8) == ebcdic.encode("VM/37") + b"\xAA" * 3


def test_diag_00_area_not_doubleword_aligned_is_a_specification_exception():
    user, s = make_user("""
         LA    2,AREA+4
         LA    3,32
DG       DIAG  2,3,X'0000'
DATA
         DS    0D
AREA     DC    40XL1'AA'
""")
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert mem(user, s["AREA"], 40) == b"\xAA" * 40


def test_diag_00_area_outside_storage_is_an_addressing_exception():
    user, s = make_user("""
         L     2,=A(X'FFF8')
         LA    3,32
DG       DIAG  2,3,X'0000'
DATA
         LTORG
""")
    run(user)
    assert program_check(user) == (L.PIC_ADDRESSING, s["DG"] + 4)


# ---------------------------------------------------------------------- X'0C'
def test_diag_0c_stores_date_time_and_cpu_times():
    when = datetime.datetime(1981, 4, 1, 13, 5, 9)
    system = SimpleNamespace(now=lambda: when)
    user, s = make_user("""
         LA    4,AREA
         DIAG  4,0,X'000C'
         BALR  14,0
DATA
         DS    0D
AREA     DC    32XL1'AA'
""", system=system)
    user.vm.cpu_seconds = 1.5
    user.vm.cp_seconds = 0.25
    run(user)
    assert ended(user)
    block = mem(user, s["AREA"], 32)
    assert block[0:16] == ebcdic.encode("04/01/8113:05:09")
    virt = int.from_bytes(block[16:24], "big")
    total = int.from_bytes(block[24:32], "big")
    assert virt >= 1_500_000 and total - virt == 250_000


def test_diag_0c_unaligned_area_is_a_specification_exception():
    user, s = make_user("""
         LA    4,AREA+2
DG       DIAG  4,0,X'000C'
DATA
         DS    0D
AREA     DC    40XL1'AA'
""")
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert mem(user, s["AREA"], 40) == b"\xAA" * 40


# ---------------------------------------------------------------------- X'10'
def test_diag_10_releases_pages_as_zero_pages():
    user, s = make_user("""
         L     2,=A(X'8000')
         L     3,=A(X'9000')
         DIAG  2,3,X'0010'
DATA
         LTORG
""")
    sd = user.vm.sd
    sd.load(0x7FF0, b"\x11" * 0x3020)                             # 7FF0 .. A00F
    run(user)
    assert ended(user)
    assert mem(user, 0x7FF0, 0x10) == b"\x11" * 0x10
    assert mem(user, 0x8000, 0x2000) == bytes(0x2000)
    assert mem(user, 0xA000, 0x10) == b"\x11" * 0x10


@pytest.mark.parametrize("first,last", [(0x8001, 0x9000), (0x8000, 0x9004), (0x9000, 0x8000),
                                        (0x8000, 0x10000)])
def test_diag_10_bad_range_is_a_specification_exception(first, last):
    user, s = make_user(f"""
         L     2,=A({first})
         L     3,=A({last})
DG       DIAG  2,3,X'0010'
DATA
         LTORG
""")
    user.vm.sd.load(0x8000, b"\x11" * 16)
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert mem(user, 0x8000, 16) == b"\x11" * 16


# ---------------------------------------------------------------------- X'54'
def test_diag_54_sets_the_pa2_function():
    user, s = make_user("""
         LA    2,1
         DIAG  2,0,X'0054'
""")
    run(user)
    assert ended(user) and user.settings.pa2_external is True
    user, s = make_user("""
         SR    2,2
         DIAG  2,0,X'0054'
""")
    run(user)
    assert user.settings.pa2_external is False


# ---------------------------------------------------------------------- X'5C'
MSG = "DMSACC113S DISK A NOT ACCESSED"


@pytest.mark.parametrize("emsg,delta,length", [("ON", 0, len(MSG)), ("CODE", 0, 10),
                                               ("TEXT", 11, len(MSG) - 11), ("OFF", 0, 0)])
def test_diag_5c_edits_the_message_per_set_emsg(emsg, delta, length):
    user, s = make_user(f"""
         LA    2,TEXT
         LA    3,{len(MSG)}
         DIAG  2,3,X'005C'
DATA
TEXT     DC    C'{MSG}'
""")
    user.settings.emsg = emsg
    run(user)
    assert ended(user)
    assert gpr(user, 3) == length
    if emsg != "OFF":
        assert gpr(user, 2) == s["TEXT"] + delta


# ---------------------------------------------------------------------- X'60'
def test_diag_60_gives_the_storage_size_in_rx():
    user, s = make_user("""
         L     7,=F'-1'
         DIAG  7,0,X'0060'
DATA
         LTORG
""", storage=256 * 1024)
    run(user)
    assert ended(user) and gpr(user, 7) == 256 * 1024


def test_a_failing_handler_is_logged_and_reflected_not_raised(monkeypatch):
    import cp.diag.storsize as storsize

    def broken(call):
        raise RuntimeError("boom")

    monkeypatch.setattr(storsize, "diag_60", broken)
    monkeypatch.setitem(DIAGNOSE_CODES, 0x60, DiagCode(0x60, "broken", "storsize:diag_60"))
    logged = []
    user, s = make_user("""
DG       DIAG  2,0,X'0060'
""", system=SimpleNamespace(log=logged.append))
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert len(logged) == 1 and "X'60'" in logged[0] and "boom" in logged[0]


@pytest.mark.parametrize("problem", [False, True])
def test_trap_and_emulate_mode_gives_the_same_answers(problem):
    user, s = make_user("""
DG       DIAG  2,0,X'0060'
""", problem=problem)
    user.vm.mode = "trap"
    run(user)
    if problem:
        assert program_check(user) == (L.PIC_PRIVILEGED, s["DG"] + 4)
        assert gpr(user, 2) == 0
    else:
        assert ended(user) and gpr(user, 2) == 64 * 1024
