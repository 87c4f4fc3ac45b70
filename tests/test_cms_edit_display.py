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


# ------------------------------------------------------------ the real CP's side of X'19'
def test_graf_console_display_lines_fill_the_output_area_in_place():
    from cp.terminal.graf import GrafConsole
    from test_cp_terminal_support import FakeSession
    session = FakeSession()
    con = GrafConsole(session, "GRAF 0C0", port=None, more_delay=None)
    con.write_line("OLD OUTPUT")
    con.display_lines(["FILE LINE", "", "CURRENT"], 9, True)
    text = session.text()
    assert text[0].strip() == "" and text[9].rstrip() == "FILE LINE"
    assert text[11].rstrip() == "CURRENT" and text[12].strip() == ""
    con.display_lines(["MESSAGE"], 21, False)                 # no erase: rows stay
    text = session.text()
    assert text[11].rstrip() == "CURRENT" and text[21].rstrip() == "MESSAGE"
    assert "MORE" not in session.status()
    con.display_lines([], None, True)                         # X'FF': clear the screen
    assert all(not line[:80].strip() for line in session.text()[:22])


class ScreenTerminal:
    """cp_fakes.Terminal with the display_lines call a 3270 gives DIAG X'58'."""

    def __init__(self):
        from cp_fakes import Terminal
        self.__class__ = type("ScreenTerminal", (ScreenTerminal, Terminal), {})
        Terminal.__init__(self, "GRAF 0C0")
        self.screen = [""] * 22

    def display_lines(self, lines, start, erase):
        if erase:
            self.screen = [""] * 22
        for k, line in enumerate(lines if start is not None else []):
            self.screen[start + k] = line


def test_display_mode_under_the_real_cp(tmp_path):
    from cms_harness import CMSMachine
    from cp_fakes import entry, make_system
    from sie import Intercept
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    term = ScreenTerminal()
    user = system.logon("CMSUSER", "CMSPW", term)
    m = CMSMachine(tmp_path, vm=user.vm)
    assert m.run() == Intercept.ENABLED_WAIT
    assert m.command("EDIT REAL DATA") == []
    assert m.command("") == []
    for k in range(3):
        m.command(f"row {k}")
    m.command("")
    m.command("UP 1")
    s = term.screen
    assert s[0] == "REAL     DATA     A1    SIZE=00003  LINE=00002"
    assert s[1] == SCALE
    assert s[9:14] == ["TOF:", "ROW 0", "ROW 1", "ROW 2", "EOF:"]     # ROW 1 on row 11
    assert s[21] == ""
    m.command("QUIT")
    assert term.screen == [""] * 22
