"""EDIT's PRESERVE / RESTORE (save the settings and go back to them) and STACK (lines of
the file into the console stack, where the next read -- EDIT's own -- takes them)."""

import re

from test_cms_edit import cms, edit  # noqa: F401  (the fixture and the helper)

READY = re.compile(r"^R; T=")


def test_preserve_then_restore_the_settings(cms):  # noqa: F811
    edit(cms, "PRES DATA", ["alpha", "beta"])
    assert cms.command("RESTORE") == ["?EDIT: RESTORE"]   # nothing preserved yet
    assert cms.command("PRESERVE") == []
    assert cms.command("CASE M") == []
    assert cms.command("VERIFY OFF") == []
    assert cms.command("TOP") == []                         # VERIFY OFF: nothing typed
    assert cms.command("INPUT mixed Case") == []
    assert cms.command("RESTORE") == []                     # CASE U, VERIFY ON again
    assert cms.command("INPUT lower") == []
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("TYPE *") == ["TOF:", "mixed Case", "LOWER", "ALPHA", "BETA", "EOF:"]


def test_stack_puts_lines_where_the_next_read_takes_them(cms):  # noqa: F811
    edit(cms, "STK DATA", ["next", "after", "last"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("N") == ["NEXT"]
    # the stacked line NEXT is EDIT's next subcommand: it moves to AFTER
    assert cms.command("STACK") == ["AFTER"]
    # STACK 2 from AFTER: AFTER (not a subcommand) and LAST; the pointer at LAST
    out = cms.command("STACK 2")
    assert out == ["?EDIT: AFTER", "?EDIT: LAST"], out
    assert cms.command("TYPE") == ["LAST"]
    out = cms.command("QUIT")
    assert len(out) == 1 and READY.match(out[0]), out
