"""EDIT's display mode on a 3270: before every read DMSEDI rewrites CP's 22-line output
area with one DIAGNOSE X'58' display write (CCW X'19', output area erased first): the
file id line with SIZE= and LINE=, the scale, the lines around the current one with the
current line on row 11, and the prompts/messages on row 21 (tests/cms_harness.py
DisplayCP keeps the screen as CP would show it)."""

import pytest

from cms_harness import display_machine

SCALE = "|...+....1....+....2....+....3....+....4....+....5....+....6....+....7....+....8"


@pytest.fixture
def cms(tmp_path):
    return display_machine(tmp_path)


def test_new_file_screen_then_input_and_moves(cms):
    assert cms.command("EDIT SCREEN DATA") == []            # nothing typed: all on screen
    s = cms.cp.screen
    assert s[0] == "SCREEN   DATA     A1    SIZE=00000  LINE=00000"
    assert s[1] == SCALE
    assert s[11] == "TOF:" and s[12] == "EOF:"
    assert s[2:11] == [""] * 9 and s[13:21] == [""] * 8
    assert s[21] == "NEW FILE:  EDIT:"
    assert cms.command("") == []
    assert cms.cp.screen[21] == "INPUT:"
    for k in range(1, 16):
        cms.command(f"line {k}")
    s = cms.cp.screen
    assert s[0].endswith("SIZE=00015  LINE=00015")
    assert s[11] == "LINE 15" and s[12] == "EOF:"
    assert s[2:11] == [f"LINE {k}" for k in range(6, 15)]
    assert cms.command("") == []
    assert cms.cp.screen[21] == "EDIT:"
    cms.command("TOP")
    s = cms.cp.screen
    assert s[0].endswith("LINE=00000")
    assert s[11] == "TOF:" and s[12:21] == [f"LINE {k}" for k in range(1, 10)]
    assert s[21] == ""
    cms.command("N 3")
    s = cms.cp.screen
    assert s[8:11] == ["TOF:", "LINE 1", "LINE 2"] and s[11] == "LINE 3"
    assert s[0].endswith("LINE=00003")
    cms.command("L /NOPE/")
    s = cms.cp.screen
    assert s[21] == "NOT FOUND" and s[11] == "EOF:" and s[10] == "LINE 15"
    cms.command("C /LINE/ROW/")
    assert cms.cp.screen[21] == "NOT FOUND"                  # nothing to change at EOF
    cms.command("UP 1")
    cms.command("C /LINE/ROW/")
    assert cms.cp.screen[11] == "ROW 15"
    cms.command("bogus")
    assert cms.cp.screen[21] == "?EDIT: BOGUS"


def test_quit_erases_the_output_area(cms):
    cms.command("EDIT SCREEN DATA")
    out = cms.command("QUIT")
    assert out[-1].startswith("R;")
    assert cms.cp.screen == [""] * 22
