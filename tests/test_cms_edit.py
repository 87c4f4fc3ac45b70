"""EDIT (DMSEDI), the CMS context editor in line mode, driven from the console of a CMS
virtual machine under FakeCP: the NEW FILE:/EDIT:/INPUT: prompts, the line pointer
subcommands and their exact responses, CHANGE/LOCATE/FIND within the zone, DELETE,
REPLACE, the minimum abbreviations, CASE/TRUNC/VERIFY settings, = and ?, and that QUIT
gives every line's free storage back.  (Writing the file: tests/test_cms_edit_file.py.)"""

import re

import pytest

from sie import Intercept

from cms_harness import NUC, CMSMachine

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")


def word(sd, addr):
    return int.from_bytes(sd.read(addr, 4), "big")


def free_bytes(sd):
    """Total length of the free storage chain (FREELIST -> FREEBLK next, length)."""
    total, at = 0, word(sd, NUC["FREELIST"])
    while at:
        total += word(sd, at + 4)
        at = word(sd, at)
    return total


@pytest.fixture
def cms(tmp_path):
    m = CMSMachine(tmp_path)
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def edit(cms, fileid, lines=()):
    """EDIT a new file and type ``lines`` in INPUT mode; back in EDIT mode at the last."""
    assert cms.command("EDIT " + fileid) == ["NEW FILE:", "EDIT:"]
    if lines:
        assert cms.command("") == ["INPUT:"]
        for line in lines:
            assert cms.command(line) == []
        assert cms.command("") == ["EDIT:"]


def test_new_file_input_mode_and_quit(cms):
    edit(cms, "TEST DATA", ["first line", "second line"])
    # CASE U is the default for DATA: the lines went in upper case
    assert cms.command("TYPE *") == ["SECOND LINE", "EOF:"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("TYPE 5") == ["TOF:", "FIRST LINE", "SECOND LINE", "EOF:"]
    out = cms.command("QUIT")
    assert len(out) == 1 and READY.match(out[0])
    # nothing was written: the file is still new
    assert cms.command("EDIT TEST DATA") == ["NEW FILE:", "EDIT:"]


def test_pointer_moves_and_their_responses(cms):
    edit(cms, "MOVE DATA", ["one", "two", "three", "four"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("NEXT") == ["ONE"]
    assert cms.command("NEXT 2") == ["THREE"]
    assert cms.command("N 5") == ["EOF:"]
    assert cms.command("N") == ["EOF:"]
    assert cms.command("UP") == ["FOUR"]
    assert cms.command("U 2") == ["TWO"]
    assert cms.command("UP 9") == ["TOF:"]
    assert cms.command("BOTTOM") == ["FOUR"]
    assert cms.command("B") == ["FOUR"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("T 2") == ["TOF:", "ONE"]


def test_locate_and_the_slash_shorthand(cms):
    edit(cms, "LOC DATA", ["alpha", "beta gamma", "delta", "gamma ray"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("LOCATE /GAMMA/") == ["BETA GAMMA"]
    assert cms.command("L /GAMMA/") == ["GAMMA RAY"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("/DEL/") == ["DELTA"]
    assert cms.command("L/ALPHA/") == ["NOT FOUND", "EOF:"]
    # from EOF the search starts again at the top
    assert cms.command("L /ALPHA/") == ["ALPHA"]
    # the search starts at the line after the current one
    assert cms.command("L /ALPHA/") == ["NOT FOUND", "EOF:"]


def test_zone_limits_locate_and_change(cms):
    edit(cms, "ZONE DATA", ["abcdef", "xxabcd"])
    assert cms.command("ZONE 3 6") == []
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("L /AB/") == ["XXABCD"]
    assert cms.command("C /AB/Q/") == ["XXQCD"]
    assert cms.command("UP") == ["ABCDEF"]
    assert cms.command("C /AB/Q/") == ["NOT FOUND"]
    assert cms.command("ZONE") == []                      # back to 1 .. TRUNC
    assert cms.command("C /AB/Q/") == ["QCDEF"]


def test_change_first_all_and_over_lines(cms):
    edit(cms, "CHG SCRIPT", ["The cat sat", "on the mat with a cat", "no match"])
    # SCRIPT: CASE M, the lines kept as typed
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("N") == ["The cat sat"]
    assert cms.command("CHANGE /cat/dog/") == ["The dog sat"]
    assert cms.command("C /a/A/ 2 G") == ["The dog sAt", "on the mAt with A cAt"]
    # the pointer ends at the last line changed
    assert cms.command("TYPE") == ["on the mAt with A cAt"]
    # TYPLIN drops the trailing blank the line now ends with
    assert cms.command("C /A cAt//") == ["on the mAt with"]
    assert cms.command("C //>> /") == [">> on the mAt with"]
    assert cms.command("C /zzz/y/") == ["NOT FOUND"]
    # n runs past the last line: EOF
    assert cms.command("C /o/0/ *") == [">> 0n the mAt with", "n0 match", "EOF:"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("C /x/y/") == ["NOT FOUND"]          # nothing to change at TOF


def test_delete_and_the_line_after_becomes_current(cms):
    edit(cms, "DEL DATA", ["l1", "l2", "l3", "l4", "l5"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("N 2") == ["L2"]
    assert cms.command("DELETE") == []
    assert cms.command("TYPE") == ["L3"]
    assert cms.command("DE 2") == []
    assert cms.command("T") == ["L5"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("T *") == ["TOF:", "L1", "L5", "EOF:"]
    assert cms.command("UP") == ["L5"]
    assert cms.command("DELETE *") == ["EOF:"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("DELETE") == []                      # nothing at TOF
    assert cms.command("T *") == ["TOF:", "L1", "EOF:"]


def test_input_insert_replace_and_find(cms):
    edit(cms, "INS DATA", ["label1   dc f'1'", "label2   dc f'2'"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("INPUT new first") == []
    assert cms.command("INSERT after it") == []
    assert cms.command("T") == ["AFTER IT"]
    assert cms.command("FIND LABEL2") == ["LABEL2   DC F'2'"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("F L    1") == ["LABEL1   DC F'1'"]   # blanks match anything
    assert cms.command("REPLACE replaced") == []
    assert cms.command("T") == ["REPLACED"]
    assert cms.command("F NOPE") == ["NOT FOUND", "EOF:"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("N") == ["NEW FIRST"]
    # REPLACE alone: the line goes and INPUT mode takes its place
    assert cms.command("R") == ["INPUT:"]
    assert cms.command("instead") == []
    assert cms.command("") == ["EDIT:"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("T *") == ["TOF:", "INSTEAD", "AFTER IT", "REPLACED",
                                  "LABEL2   DC F'2'", "EOF:"]


def test_abbreviations_unknown_subcommands_short_and_long(cms):
    edit(cms, "ABB DATA", ["x"])
    # DELETE needs DE, TOP needs TOP, FILE needs FI (R6 minimum abbreviations)
    assert cms.command("D") == ["?EDIT: D"]
    assert cms.command("TO") == ["?EDIT: TO"]
    assert cms.command("TOPS") == ["?EDIT: TOPS"]
    assert cms.command("nonsense here") == ["?EDIT: NONSENSE HERE"]
    assert cms.command("NEXT x") == ["?EDIT: NEXT X"]
    assert cms.command("SHORT") == []
    assert cms.command("D") == ["?EDIT:"]
    assert cms.command("LONG") == []
    assert cms.command("VERIFY BAD") == ["?EDIT: VERIFY BAD"]


def test_repeat_and_query_the_last_subcommand(cms):
    edit(cms, "REP DATA", ["a", "b", "c"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("N") == ["A"]
    assert cms.command("=") == ["B"]
    assert cms.command("=") == ["C"]
    assert cms.command("?") == ["N"]


def test_case_trunc_and_verify(cms):
    edit(cms, "SET DATA")
    assert cms.command("CASE M") == []
    assert cms.command("INPUT Mixed Case") == []
    assert cms.command("CASE U") == []
    assert cms.command("INPUT Upper Case") == []
    assert cms.command("TRUNC 5") == []
    assert cms.command("INPUT abcdefgh") == []
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("T 4") == ["TOF:", "Mixed Case", "UPPER CASE", "ABCDE"]
    assert cms.command("VERIFY OFF") == []
    assert cms.command("TOP") == []
    assert cms.command("N 2") == []
    assert cms.command("TRUNC *") == []
    assert cms.command("C /UPPER/LOWER/") == []
    assert cms.command("V ON") == []
    assert cms.command("T") == ["LOWER CASE"]
    assert cms.command("CASE X") == ["?EDIT: CASE X"]
    assert cms.command("ZONE 9 3") == ["?EDIT: ZONE 9 3"]


def test_assemble_defaults_truncate_at_71(cms):
    edit(cms, "PROG ASSEMBLE", ["x" * 75])
    assert cms.command("T") == ["X" * 71]


def test_quit_gives_the_storage_back(cms):
    before = free_bytes(cms.vm.sd)
    edit(cms, "FREE DATA", [f"line {k}" for k in range(30)])
    assert free_bytes(cms.vm.sd) < before
    cms.command("QUIT")
    assert free_bytes(cms.vm.sd) == before


def test_incomplete_fileid(cms):
    out = cms.command("EDIT ONLYNAME")
    assert out[0] == "DMSEDI054E INCOMPLETE FILEID SPECIFIED"
    assert out[1].startswith("R(00024);")


def test_overlay_and_blank(cms):
    edit(cms, "OVL DATA", ["abcdef"])
    assert cms.command("OVERLAY X  Y") == ["XBCYEF"]
    assert cms.command("O        Z") == ["XBCYEF Z"]             # past the end: padded
    assert cms.command("BLANK  **") == ["X  YEF Z"]
    assert cms.command("BL") == []                                 # no text: nothing
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("O QQ") == []                               # nothing at TOF
    assert cms.command("T 2") == ["TOF:", "X  YEF Z"]
