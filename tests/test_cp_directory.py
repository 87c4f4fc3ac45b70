"""The CP user directory (cp/directory): the VM/370 R6 USER DIRECT format, the
cross-entry checks, the LINK access-mode table and the default directory.

The R6 and Community Edition examples are the ones quoted in
/work/shared/spec/cp.md section 2 (xadaemon/VM-370-R6 release6.direct,
jgeorge44/VM370CE user.direct).
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cp.directory import (ConsoleStmt, Directory, DirectoryError, LinkStmt, MDisk, Special,
                          SpoolStmt, UserEntry, check, load, parse)
from cp.directory.default import DEFAULT_DIRECTORY, DEFAULT_VOLUMES
from cp.directory.links import (LINK_MODES, Others, decide, message, password_ok,
                                required_password)

K, M = 1024, 1024 * 1024

R6_EXAMPLE = """\
DIRECTORY 131 3330 VMREL6
USER OPERATOR OPERATOR 320K 1M ABCDEG
 ACCOUNT ACT1 OPERATOR
 CONSOLE 009 3215
 SPOOL 00C 2540 READER A
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 MDISK 191 3330 008 005 CPR6L0 WR READ WRITE
 LINK MAINT 194 194 RR
 LINK MAINT 190 190 RR
USER MAINT CPCMS 720K 16M BCEG
 ACCOUNT ACT3 MAINT
 OPTION ECMODE REALTIMER
 CONSOLE 009 3215
 SPOOL 00C 2540 READER A
 SPOOL 00D 2540 PUNCH A
 SPOOL 00E 1403 A
 MDISK 190 3330 030 085 CPR6L0 MR READ
 MDISK 191 3330 017 007 CPR6L0 WR READ
 MDISK 131 3330 000 404 VMREL6 MW
"""

CE_EXAMPLE = """\
USER CMSUSER CMSUSER 15M 16M G
 IPL CMS
 CONSOLE 009 3215
 SPOOL 00E 1403 A
 SPOOL 00C 2540 READ *
 SPOOL 00D 2540 PUNCH A
 LINK MAINT 190 190 RR
 LINK MAINT 19D 19D RR
 LINK MAINT 19E 19E RR
 MDISK 191 3350 001 115 VM50U0 MR ALL WRITE MULT
"""


def parsed(text: str) -> Directory:
    directory, errors = parse(text)
    assert errors == []
    return directory


# -- the real examples --------------------------------------------------------------------

def test_r6_example_operator_entry():
    d = parsed(R6_EXAMPLE)
    assert d.volume == (0x131, 0x3330, "VMREL6")
    op = d.get("OPERATOR")
    assert (op.storage, op.max_storage, op.classes) == (320 * K, 1 * M, "ABCDEG")
    assert (op.account, op.distcode, op.line) == ("ACT1", "OPERATOR", 2)
    assert op.console == ConsoleStmt(0x009, 0x3215, "T", 4)
    assert op.spools == [SpoolStmt(0x00C, 0x2540, "READER", "A", 5),
                         SpoolStmt(0x00D, 0x2540, "PUNCH", "A", 6),
                         SpoolStmt(0x00E, 0x1403, "PRINTER", "A", 7)]
    disk = op.mdisk(0x191)
    assert (disk.devtype, disk.start_cyl, disk.cylinders, disk.end_cyl) == (0x3330, 8, 5, 12)
    assert (disk.volser, disk.mode, disk.line) == ("CPR6L0", "WR", 8)
    assert (disk.read_pw, disk.write_pw, disk.multi_pw) == ("READ", "WRITE", None)
    assert op.links == [LinkStmt("MAINT", 0x194, 0x194, "RR", 9),
                        LinkStmt("MAINT", 0x190, 0x190, "RR", 10)]
    assert not op.nolog and op.options == set() and op.ipl is None


def test_r6_example_maint_entry():
    maint = parsed(R6_EXAMPLE).get("maint")
    assert (maint.storage, maint.max_storage, maint.classes) == (720 * K, 16 * M, "BCEG")
    assert maint.options == {"ECMODE", "REALTIMER"}
    assert [(m.vaddr, m.start_cyl, m.cylinders, m.volser, m.mode) for m in maint.mdisks] == [
        (0x190, 30, 85, "CPR6L0", "MR"), (0x191, 17, 7, "CPR6L0", "WR"),
        (0x131, 0, 404, "VMREL6", "MW")]
    assert maint.mdisk(0x190).read_pw == "READ" and maint.mdisk(0x190).write_pw is None
    assert maint.mdisk(0x131).read_pw is None
    assert maint.mdisk(0x192) is None


def test_r6_example_check_finds_only_the_link_to_a_disk_outside_the_excerpt():
    # The excerpt in spec/cp.md leaves out MAINT's 194; its full-pack 131 overlaps
    # nothing because it is a full pack.
    assert check(parsed(R6_EXAMPLE)) == [
        "USER DIRECT:9: LINK MAINT 194: MAINT has no minidisk 194"]


def test_ce_example():
    user = parsed(CE_EXAMPLE).get("CMSUSER")
    assert (user.storage, user.max_storage, user.classes, user.ipl) == (15 * M, 16 * M, "G", "CMS")
    assert user.spools[1] == SpoolStmt(0x00C, 0x2540, "READER", "*", 5)
    disk = user.mdisk(0x191)
    assert (disk.devtype, disk.start_cyl, disk.cylinders, disk.volser) == (0x3350, 1, 115, "VM50U0")
    assert (disk.mode, disk.read_pw, disk.write_pw, disk.multi_pw) == ("MR", "ALL", "WRITE", "MULT")
    assert [link.as_vaddr for link in user.links] == [0x190, 0x19D, 0x19E]
    assert check(parsed(CE_EXAMPLE)) == [
        f"USER DIRECT:{n}: LINK MAINT {v}: user MAINT is not in the directory"
        for n, v in ((7, "190"), (8, "19D"), (9, "19E"))]


# Forms seen in the full R6 release6.direct and the CE user.direct (written anew here):
# a USER with storage only, a 3210 console, doubled blanks, sequence numbers in 73-80,
# a read-only full pack over a volume of minidisks, $-named NOLOG ids, volume serials
# with '-', CE options, one real tape drive dedicated at two addresses.
FORMS = """\
* A COMMENT CARD                                                        REL00010
DIRECTORY 131 3330 VMREL6                                               REL00020
USER RSCS RSCS 512K                                                     REL00030
 OPTION ECMODE                                                          REL00040
 CONSOLE 009 3210                                                       REL00050
 MDISK 191 3330  003 005 CPR6L0 WR READ WRITE                           REL00060
 MDISK 132 3330 000 404 CPR6L0 R                                        REL00070
 MDISK 190 3330 001 002 CPR6L0 MR                                       REL00080
USER $ALLOC$ NOLOG
 MDISK 101 3350 000 001 VM50-1 R
USER MVS MVS 8M 16M G
 OPTION ECMODE VIRT=REAL STFIRST LNKNOPAS
 IPL 150
 DEDICATE 100 480
 DEDICATE 101 480
"""


def test_forms_of_real_directories():
    d = parsed(FORMS)
    rscs = d.get("RSCS")
    assert (rscs.storage, rscs.max_storage, rscs.classes) == (512 * K, 512 * K, "G")
    assert rscs.console.devtype == 0x3210 and rscs.mdisk(0x191).start_cyl == 3
    assert check(d) == [] and check(d, {"CPR6L0": 404, "VM50-1": 555}) == []
    assert d.get("$ALLOC$").nolog and d.get("$alloc$").mdisk(0x101).volser == "VM50-1"
    mvs = d.get("MVS")
    assert mvs.options == {"ECMODE", "VIRT=REAL", "STFIRST", "LNKNOPAS"} and mvs.ipl == "150"
    assert [(x.vaddr, x.raddr) for x in mvs.dedicates] == [(0x100, 0x480), (0x101, 0x480)]


def test_unknown_cards_before_directory_do_not_displace_it():
    # The real release6.direct starts with two lines of a CMS listing header.
    d, errors = parse("USERID MAINT CLASS A\n:READ RELEASE6 DIRECT\nDIRECTORY 131 3330 VMREL6\n")
    assert errors == ["USER DIRECT:1: unknown statement 'USERID'",
                      "USER DIRECT:2: unknown statement ':READ'"]
    assert d.volume == (0x131, 0x3330, "VMREL6")


# -- card format --------------------------------------------------------------------------

def test_columns_72_to_80_are_not_read():
    # GC20-1801-10: only columns 1-71 are inspected.
    card = " MDISK 191 3330 010 005 VMUSR1 MR".ljust(71) + "X" + "00000030"
    d = parsed("USER A A 1M 1M G".ljust(72) + "00000010\n" + card + "\n")
    disk = d.get("A").mdisk(0x191)
    assert (disk.mode, disk.read_pw) == ("MR", None)


def test_comments_blank_cards_and_extra_operands_are_ignored():
    text = ("* a comment\n\n   \n  *indented comment card\n"
            "USER A A 1M 1M G 10 ignored extra operands\n")
    d = parsed(text)
    assert d.get("A").priority == 10 and d.get("A").line == 5


def test_keywords_any_case_and_abbreviated():
    text = ("dir 123 3330 vmres1\n"
            "u bob Secret 1m 2M g\n"
            "o e r v\n" "i cms parm AutoCR\n" "c 009 3215\n"
            "s 00c 2540r\n" "s 00d 2540 p b\n"
            "m 191 3330 1 10 vmusr1 mw\n" "spe 0ff timer\n" "d 181 580\n"
            "l * 191 291 rr\n")
    d = parsed(text)
    bob = d.get("Bob")
    assert d.volume == (0x123, 0x3330, "VMRES1")
    assert bob.options == {"ECMODE", "REALTIMER", "VIRT=REAL"}
    assert (bob.ipl, bob.ipl_parm) == ("CMS", "AutoCR")
    assert bob.spools[1].kind == "PUNCH" and bob.spools[1].spool_class == "B"
    assert bob.specials == [Special(0x0FF, "TIMER", (), 9)]
    assert bob.dedicates[0].raddr == 0x580 and bob.dedicates[0].volser is None
    assert bob.links == [LinkStmt("BOB", 0x191, 0x291, "RR", 11)]
    assert d.check_password("bob", "SECRET") and d.check_password("BOB", "secret")


def test_option_values_and_devices():
    d = parsed("USER A A 1M 1M G\n OPTION CPUID 12345 ACCT SVCOFF BMX\n"
               " DEDICATE 0B1 078\n DEDICATE 1A0 PAK001\n SPECIAL 0C0 3270\n"
               " SPECIAL 020 2703 IBM\n MDISK 1B0 3330 T-DISK 5\n SPOOL 00C 3505 *\n")
    a = d.get("A")
    assert a.options == {"CPUID", "ACCT", "SVCOFF", "BMX"} and a.cpuid == "012345"
    assert [(x.vaddr, x.raddr, x.volser) for x in a.dedicates] == [
        (0x0B1, 0x078, None), (0x1A0, None, "PAK001")]
    assert a.specials[1] == Special(0x020, "2703", ("IBM",), 6)
    tdisk = a.mdisk(0x1B0)
    assert (tdisk.start_cyl, tdisk.volser, tdisk.cylinders, tdisk.mode) == (None, None, 5, "W")
    assert a.spools == [SpoolStmt(0x00C, 0x3505, "READER", "*", 8)]


def test_nolog_id_has_no_class_and_cannot_log_on():
    d = parsed("USER PRINTQ NOLOG\nUSER B NOLOG 1M 1M G\n")
    for userid in ("PRINTQ", "B"):
        assert d.get(userid).nolog and d.get(userid).classes == ""
        assert not d.check_password(userid, "NOLOG")


def test_check_password():
    d = parsed("USER ALICE WONDER 1M 1M G\n")
    assert d.check_password("alice", "wonder")
    assert not d.check_password("ALICE", "WONDERS")
    assert not d.check_password("ALICE", "")
    assert not d.check_password("NOBODY", "WONDER")


def test_ecmode_allows_addresses_above_5ff():
    d = parsed("USER A A 1M 1M G\n OPTION ECMODE\n MDISK 600 3330 1 1 V1 R\n")
    assert d.get("A").mdisk(0x600) is not None


# -- every parse error, with its file:line ------------------------------------------------

U = "USER A A 1M 1M G\n"
ERRORS = [
    ("FOO BAR\n", "1: unknown statement 'FOO'"),
    (" CONSOLE 009 3215\n", "1: CONSOLE statement before any USER statement"),
    (U + "DIRECTORY 123 3330 VMRES1\n", "2: DIRECTORY must be the first statement"),
    ("DIRECTORY 123 9999 VMRES1\n",
     "1: unknown device type '9999' for the directory (2305, 2314, 2319, 3330, 3340, 3350)"),
    ("USER A\n", "1: missing operand: USER userid password [storage [maxstorage [classes "
                 "[priority]]]]"),
    ("USER A.B A 1M 1M G\n", "1: bad userid 'A.B' (1 to 8 letters or digits)"),
    ("USER A A 2X 1M G\n", "1: bad storage size '2X' (nnnK or nnM)"),
    ("USER A A 1M 17M G\n", "1: bad maximum storage size '17M' (at most 16M)"),
    ("USER A A 1M 1001K G\n", "1: bad maximum storage size '1001K' (a multiple of 4K)"),
    ("USER A A 2M 1M G\n", "1: storage 2M exceeds maximum storage 1M"),
    ("USER A A 1M 1M GZ\n", "1: bad privilege classes 'GZ' (letters A-H)"),
    ("USER A A 1M 1M G 100\n", "1: bad priority '100' (1 to 99)"),
    (U + U, "2: duplicate user A (first at line 1)"),
    (U + " CONSOLE 009 3215\n MDISK 009 3330 1 1 V1\n",
     "3: duplicate virtual address 009 (first at line 2)"),
    (U + " LINK B 190 00C\n SPOOL 00C 1403\n", "3: duplicate virtual address 00C (first at line 2)"),
    (U + " MDISK 191 3380 1 1 V1\n",
     "2: unknown device type '3380' for MDISK (2305, 2311, 2314, 2319, 3330, 3340, 3350)"),
    (U + " CONSOLE 009 3277\n", "2: unknown device type '3277' for CONSOLE (1052, 3210, 3215)"),
    (U + " SPOOL 00E 1404\n", "2: unknown device type '1404' for SPOOL (2501, 2540, 2540R, "
                              "2540P, 3505, 3525, 1403, 1443, 3203, 3211)"),
    (U + " SPECIAL 0C0 3278\n", "2: unknown device type '3278' for SPECIAL (3270, TIMER, CTCA, "
                                "2701, 2702, 2703)"),
    (U + " LINK MAINT 190 190 RW\n", "2: bad link mode 'RW' (R, RR, W, WR, M, MR or MW)"),
    # On MDISK a bad mode is not quoted: it may be a password written one place early.
    (U + " MDISK 191 3330 1 1 V1 PASSWD\n", "2: bad link mode (R, RR, W, WR, M, MR or MW)"),
    (U + " MDISK 19G 3330 1 1 V1\n", "2: bad virtual address '19G' (1 to 3 hex digits)"),
    (U + " LINK MAINT 1900 190\n", "2: bad virtual address '1900' (1 to 3 hex digits)"),
    (U + " MDISK 600 3330 1 1 V1\n", "2: virtual address 600 above 5FF needs OPTION ECMODE"),
    (U + " CONSOLE 009 3215\n OPTION ECMODE\n", "3: OPTION must precede the device statements"),
    (U + " SPOOL 00C 2540 READER\n IPL CMS\n", "3: IPL must precede the device statements"),
    (U + " IPL CMS NOPARM\n", "2: bad IPL operand 'NOPARM' (PARM text)"),
    (U + " OPTION ECMODE FASTER\n", "2: unknown option 'FASTER'"),
    (U + " OPTION CPUID\n", "2: missing operand: OPTION CPUID value"),
    (U + " OPTION CPUID 1234567\n", "2: bad CPUID '1234567' (1 to 6 hex digits)"),
    (U + " CONSOLE 009 3215\n CONSOLE 01F 3215\n", "3: second CONSOLE statement (first at line 2)"),
    (U + " SPOOL 00C 2540\n", "2: SPOOL 2540 needs READER or PUNCH"),
    (U + " SPOOL 00E 1403 *\n", "2: bad spool class '*' (A-Z or 0-9)"),
    (U + " MDISK 191 3330 1 0 V1\n", "2: bad cylinder count '0' (1 to 3 decimal digits, not 0)"),
    (U + " MDISK 191 3330 1K 5 V1\n", "2: bad start cylinder '1K' (1 to 3 decimal digits)"),
    (U + " MDISK 191 3330 800 10 V1\n",
     "2: extent ends beyond cylinder 807, the last of the largest 3330"),
    (U + " MDISK 191 3330 1 1 VOLUME7\n", "2: bad volume serial 'VOLUME7' (1 to 6 letters, digits or -)"),
    (U + " MDISK 191 3330 1 1\n", "2: missing operand: MDISK vaddr devtype startcyl|T-DISK "
                                  "cylinders volser [mode [rpw [wpw [mpw]]]]"),
    (U + " MDISK 191 3330 1 1 V1 MR LONGPASSWORD\n", "2: bad read password (1 to 8 characters)"),
    ("USER A TOOLONGPASSWORD\n", "1: bad password (1 to 8 characters)"),
]


@pytest.mark.parametrize("text, expected", ERRORS, ids=[e[1] for e in ERRORS])
def test_error_messages(text, expected):
    _, errors = parse(text, "TEST DIRECT")
    assert errors == [f"TEST DIRECT:{expected}"]


def test_all_errors_are_reported_and_bad_cards_left_out():
    text = ("USER A A 1M 1M G\n MDISK 191 3330 1 1 V1\n MDISK 192 3330 X 1 V1\n"
            " LINK B 190 19Q\nUSER B B 9M 1M G\n MDISK 191 3330 1 1 V1\nUSER C C 1M 1M G\n")
    d, errors = parse(text)
    assert [e.split(":")[1] for e in errors] == ["3", "4", "5"]
    assert [m.vaddr for m in d.get("A").mdisks] == [0x191] and d.get("A").links == []
    assert d.get("B") is None and d.get("C") is not None


# -- cross-entry checks and load ----------------------------------------------------------

OVERLAP = """\
USER A A 1M 1M G
 MDISK 191 3330 010 010 VMUSR1 MR
 MDISK 192 3330 030 005 VMUSR1 MR
USER B B 1M 1M G
 MDISK 191 3330 015 010 VMUSR1 MR
 MDISK 123 3330 000 404 VMUSR1 MW
 MDISK 124 3330 020 010 VMUSR2 MR
"""


def test_overlap_is_a_warning_naming_both_users_and_lines():
    assert check(parsed(OVERLAP)) == [
        "warning: USER DIRECT:5: MDISK B 191 (VMUSR1 cylinders 15-24) overlaps A 191 "
        "(line 2, cylinders 10-19)"]


def test_full_pack_is_judged_against_the_known_volume_size():
    # With VMUSR1 known as an 808-cylinder 3330-11, B's 000-403 is no longer a full pack.
    problems = check(parsed(OVERLAP), {"VMUSR1": 808, "VMUSR2": 404})
    assert problems == [
        "warning: USER DIRECT:2: MDISK A 191 (VMUSR1 cylinders 10-19) overlaps B 123 "
        "(line 6, cylinders 0-403)",
        "warning: USER DIRECT:5: MDISK B 191 (VMUSR1 cylinders 15-24) overlaps B 123 "
        "(line 6, cylinders 0-403)",
        "warning: USER DIRECT:3: MDISK A 192 (VMUSR1 cylinders 30-34) overlaps B 123 "
        "(line 6, cylinders 0-403)",
        "warning: USER DIRECT:5: MDISK B 191 (VMUSR1 cylinders 15-24) overlaps A 191 "
        "(line 2, cylinders 10-19)"]


def test_minidisk_beyond_the_volume_and_unknown_volume():
    problems = check(parsed(OVERLAP), {"VMUSR1": 404, "VMUSR2": 25})
    assert "USER DIRECT:7: MDISK B 124 ends at cylinder 29, beyond the last cylinder 24 " \
           "of VMUSR2" in problems
    problems = check(parsed(OVERLAP), {"VMUSR1": 404})
    assert "warning: USER DIRECT:7: MDISK B 124: volume VMUSR2 is not known" in problems


def test_load_raises_with_every_error_and_logs_warnings(caplog, tmp_path):
    text = OVERLAP + "USER C C 1M 1M G\n LINK A 193 193\n LINK NOBODY 191 191\n FOO\n"
    with pytest.raises(DirectoryError) as info:
        load(text)
    assert info.value.errors == [
        "USER DIRECT:11: unknown statement 'FOO'",
        "USER DIRECT:9: LINK A 193: A has no minidisk 193",
        "USER DIRECT:10: LINK NOBODY 191: user NOBODY is not in the directory"]
    assert str(info.value).splitlines() == info.value.errors
    path = tmp_path / "OVERLAP.DIRECT"
    path.write_text(OVERLAP)
    with caplog.at_level(logging.WARNING, logger="cp.directory"):
        d = load(path)
    assert len(d) == 2 and "overlaps A 191" in caplog.text
    assert load(str(path)).get("B").mdisk(0x124).volser == "VMUSR2"


# -- passwords never leak -----------------------------------------------------------------

# Every generated password holds one of @ # $, which nothing else in the output contains,
# so finding it there can only mean a leak.
PASSWORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#$", min_size=5,
                   max_size=8).filter(lambda pw: any(c in "@#$" for c in pw))


def _all_text(directory: Directory, errors: list[str]) -> str:
    parts = [repr(directory), str(directory)] + errors
    for user in directory:
        parts += [repr(user), str(user)]
        for obj in ([user.console] + user.spools + user.mdisks + user.links
                    + user.dedicates + user.specials):
            parts += [repr(obj), str(obj)]
    return "\n".join(parts)


@settings(max_examples=60, deadline=None)
@given(PASSWORD, PASSWORD, PASSWORD, PASSWORD)
def test_passwords_never_appear_in_repr_str_or_errors(logon, rpw, wpw, mpw):
    text = (f"USER A {logon} 1M 2M G\n MDISK 191 3330 001 005 VMUSR1 MR {rpw} {wpw} {mpw}\n"
            f"USER B {logon} 2X 1M G\n MDISK 191 3330 008 010 VV1 MR {rpw}X{wpw}\n"
            f"USER C {logon}{mpw} 3M 1M G\n"
            f"USER D {mpw} 1M 1M G\n LINK A 191 191 RR\n LINK A 192 192 RR\n")
    directory, errors = parse(text)
    assert len(errors) == 3           # bad storage, too-long password, too-long password
    errors += check(directory)
    with pytest.raises(DirectoryError) as info:
        load(text)
    errors.append(str(info.value))
    assert directory.check_password("A", logon.lower())
    disk = directory.get("A").mdisk(0x191)
    assert (disk.read_pw, disk.write_pw, disk.multi_pw) == (rpw, wpw, mpw)
    everything = _all_text(directory, errors)
    for pw in (logon, rpw, wpw, mpw):
        assert pw not in everything


def test_dataclass_reprs_hide_passwords():
    user = UserEntry("A", "SESAME", mdisks=[MDisk(0x191, 0x3330, 1, 1, "V1", "MR",
                                                  "RPW123", "WPW123", "MPW123")])
    text = repr(user) + str(user.mdisks[0]) + repr(Directory({"A": user}))
    assert not any(pw in text for pw in ("SESAME", "RPW123", "WPW123", "MPW123"))
    assert "MDisk(vaddr=401" in text and "mode='MR'" in text


# -- the LINK access-mode table -----------------------------------------------------------

NOBODY, READERS, WRITER, BOTH = Others(), Others(read=True), Others(write=True), Others(True, True)
# GC20-1820 (LINK) / GC20-1801-10 (MDISK mode): mode -> results for
# (nobody else linked, others read-only, another writer, readers and a writer)
LINK_TABLE = {
    "R":  [("R", None), ("R", None), (None, 105), (None, 106)],
    "RR": [("R", None), ("R", None), ("R", None), ("R", None)],
    "W":  [("W", None), (None, 104), (None, 105), (None, 106)],
    "WR": [("W", None), ("R", 101), ("R", 102), ("R", 103)],
    "M":  [("W", None), ("W", None), (None, 105), (None, 106)],
    "MR": [("W", None), ("W", None), ("R", 102), ("R", 103)],
    "MW": [("W", None), ("W", None), ("W", None), ("W", None)],
}


@pytest.mark.parametrize("mode", LINK_MODES)
def test_link_decision_table(mode):
    got = [decide(mode, others) for others in (NOBODY, READERS, WRITER, BOTH)]
    assert got == LINK_TABLE[mode]
    assert [decide(mode.lower() + "v", tuple(o)) for o in (NOBODY, READERS, WRITER, BOTH)] == got


def test_link_decision_rejects_a_bad_mode():
    with pytest.raises(ValueError, match="bad link mode 'RW'"):
        decide("RW", NOBODY)


def test_link_messages():
    assert message(101, vaddr=0x190, ro=2) == "DMKLNK101W DASD 190 FORCED R/O; R/O BY 2 USERS"
    assert message(106, userid="MAINT", owner_vaddr=0x191, rw=1, ro=3) == \
        "DMKLNK106E MAINT 191 NOT LINKED; R/W BY 1 USER; R/O BY 3 USERS"
    assert message(107, userid="BOB", owner_vaddr=0x191) == \
        "DMKLNK107E BOB 191 NOT LINKED; NOT IN CP DIRECTORY"


def test_link_passwords():
    disk = parsed(CE_EXAMPLE).get("CMSUSER").mdisk(0x191)     # MR ALL WRITE MULT
    assert required_password(disk, "RR") == (None, None)      # ALL: read needs none
    assert required_password(disk, "WR") == ("WRITE", None)
    assert required_password(disk, "MWV") == ("MULT", None)
    assert password_ok(disk, "R", None) is None
    assert password_ok(disk, "W", "write") is None
    assert password_ok(disk, "W", "MULT") == 114
    assert password_ok(disk, "M", "") == 114
    private = parsed(R6_EXAMPLE).get("MAINT").mdisk(0x190)    # MR READ
    assert required_password(private, "R") == ("READ", None)
    assert password_ok(private, "W", "READ") == 112
    assert password_ok(private, "MW", "READ") == 113
    nothing = parsed(R6_EXAMPLE).get("MAINT").mdisk(0x131)    # MW, no passwords
    assert password_ok(nothing, "RR", "") == 111


# -- the default directory ----------------------------------------------------------------

def test_default_directory_parses_and_checks_clean():
    directory, errors = parse(DEFAULT_DIRECTORY)
    assert errors == [] and check(directory, DEFAULT_VOLUMES) == [] and check(directory) == []
    d = load(DEFAULT_DIRECTORY, DEFAULT_VOLUMES)
    assert [u.userid for u in d] == ["OPERATOR", "MAINT", "CMSUSER", "USER1", "USER2",
                                     "USER3", "USER4", "PRINTQ"]
    assert d.volume == (0x123, 0x3330, "VMRES1")
    assert d.get("OPERATOR").classes == "ABCDEG"
    maint = d.get("MAINT")
    assert maint.classes == "BCEG" and "ECMODE" in maint.options
    assert {m.vaddr for m in maint.mdisks} >= {0x190, 0x191, 0x19E}
    for userid in ("CMSUSER", "USER1", "USER2", "USER3", "USER4"):
        user = d.get(userid)
        assert (user.classes, user.ipl) == ("G", "CMS")
        assert [(ln.userid, ln.vaddr, ln.as_vaddr, ln.mode) for ln in user.links] == [
            ("MAINT", 0x190, 0x190, "RR"), ("MAINT", 0x19E, 0x19E, "RR")]
        assert user.mdisk(0x191).volser == "VMUSR1"
        assert d.check_password(userid, userid)
    assert d.get("PRINTQ").nolog and d.get("PRINTQ").classes == ""


# -- any input gives errors, never an exception ---------------------------------------------

CARD_WORDS = st.sampled_from(["USER", "U", "MDISK", "LINK", "SPOOL", "CONSOLE", "OPTION", "IPL",
                              "DEDICATE", "SPECIAL", "DIRECTORY", "ACCOUNT", "A", "*", "191",
                              "3330", "2540", "READER", "T-DISK", "1M", "16M", "G", "MR",
                              "ECMODE", "CPUID", "PARM", "000", "404", "VMUSR1", "ALL", "",
                              "FFF", "x\ty", "\u00df"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CARD_WORDS, max_size=9).map(" ".join), max_size=12), st.text(max_size=40))
def test_any_input_gives_line_numbered_errors_not_exceptions(cards, noise):
    text = "\n".join(cards + [noise])
    directory, errors = parse(text, "FUZZ DIRECT")
    problems = errors + check(directory) + check(directory, {"VMUSR1": 404})
    for problem in problems:
        assert "\n" not in problem
        assert problem.removeprefix("warning: ").startswith("FUZZ DIRECT:")
    try:
        load(text + "\n")
    except DirectoryError as exc:
        assert exc.errors
