"""SPOOL CONSOLE: with START, everything the user's console shows -- CP's responses and
the guest's own console output -- also goes into a console spool file (class T); QUERY
VIRTUAL says the console is spooled; CLOSE CONSOLE (or SPOOL CONSOLE STOP CLOSE) closes it
as a printer file in the printer queue, whose records are those lines; after STOP,
nothing more is spooled.  NOTERM keeps the lines off the terminal."""

import pytest

from cp.commands import execute
from cp.start import SystemConfig, start_system

from cp_fakes import Terminal
from test_cp_terminal_support import start_console, take_csw

DIRECTORY = """\
USER ALICE SECRET 1M 2M G
 CONSOLE 009 3215
 SPOOL 00E 1403 A
"""
WRITE_CR = 0x09


@pytest.fixture
def alice():
    r = start_system(SystemConfig(directory=DIRECTORY, port=0, operator=False, workers=1,
                                  log=lambda line: None))
    term = Terminal()
    user = r.system.logon("ALICE", "SECRET", term)
    user.terminal = term
    yield r.system, user, term
    r.stop()


def cp(user, line):
    return execute(user, line)


def console_file(system):
    files = [f for f in system.spool.list("ALICE") if f.devtype == "CON"]
    return files


def text_of(sf):
    return [r.data.decode("cp037").rstrip() for r in sf.data_records()]


def test_spool_console_start_catches_cp_and_guest_lines(alice):
    system, user, term = alice
    assert cp(user, "spool console start") == 0
    cp(user, "query virtual 009")
    assert any(l.startswith("CONS 009 ON GRAF 0C0 CL T NOCONT NOHOLD COPY 01") and
               l.endswith("START") for l in term.lines)
    user.cp_mode = False
    assert start_console(user, WRITE_CR, "GUEST SAYS HELLO".encode("cp037")) == 0
    take_csw(user)
    cp(user, "query time")
    assert "GUEST SAYS HELLO" in term.lines                 # still on the terminal (TERM)
    assert cp(user, "close console") == 0
    files = console_file(system)
    assert len(files) == 1
    sf = files[0]
    assert sf.queue == "PRT" and sf.spool_class == "T"
    lines = text_of(sf)
    assert any(l.startswith("CONS 009 ON GRAF 0C0") for l in lines)     # a CP response
    assert "GUEST SAYS HELLO" in lines                                   # the guest's output
    assert any(l.startswith("TIME IS") for l in lines)
    # still started, the CLOSE response itself opened the next file; after STOP nothing
    # more goes into it, and CLOSE closes it
    cp(user, "spool console stop")
    cp(user, "query time")
    cp(user, "close console")
    files = console_file(system)
    assert len(files) == 2
    later = text_of(files[1])
    assert later and not any(l.startswith("TIME IS") for l in later)


def test_noterm_keeps_lines_off_the_terminal(alice):
    system, user, term = alice
    assert cp(user, "spool console start noterm") == 0
    before = len(term.lines)
    cp(user, "query time")
    assert len(term.lines) == before
    cp(user, "spool console term stop close")
    files = console_file(system)
    assert len(files) == 1 and any(l.startswith("TIME IS") for l in text_of(files[0]))
