"""EDIT's X and Y subcommands (GC20-1818): ``X subcommand`` assigns a subcommand to X
(nothing is done yet), ``X [n]`` does it n times (1 when n is omitted), the repeats
stopping at the end of the file; Y the same, independently.  Nothing assigned, or an X
or Y inside X or Y, is ``?EDIT:``."""

from test_cms_edit import cms, edit  # noqa: F401  (the fixture and the helper)


def test_x_assigns_then_repeats_n_times(cms):  # noqa: F811
    edit(cms, "XY DATA", ["one cat", "two cat", "three cat", "four cat"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("X C /cat/dog/") == []            # assigned, not done
    assert cms.command("N") == ["ONE CAT"]
    assert cms.command("X") == ["ONE DOG"]
    assert cms.command("Y NEXT") == []
    assert cms.command("Y 2") == ["TWO CAT", "THREE CAT"]
    assert cms.command("X 1") == ["THREE DOG"]
    # X and Y are kept apart; ? shows the subcommand typed last
    assert cms.command("Y") == ["FOUR CAT"]
    assert cms.command("?") == ["Y"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("TYPE *") == ["TOF:", "ONE DOG", "TWO CAT", "THREE DOG", "FOUR CAT", "EOF:"]


def test_x_repeats_stop_at_the_end_of_the_file(cms):  # noqa: F811
    edit(cms, "XEOF DATA", ["a", "b"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("X NEXT") == []
    assert cms.command("X 9") == ["A", "B", "EOF:"]
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("X *") == ["A", "B", "EOF:"]


def test_x_errors(cms):  # noqa: F811
    edit(cms, "XERR DATA", ["a"])
    assert cms.command("Y") == ["?EDIT: Y"]                # nothing assigned to Y
    assert cms.command("X X 2") == ["?EDIT: X X 2"]
    assert cms.command("X NEXT") == []
    assert cms.command("X BAD") == []                       # X is reassigned...
    assert cms.command("X") == ["?EDIT: BAD"]              # ...and fails when done


def test_dstring_deletes_up_to_the_line_with_the_string(cms):  # noqa: F811
    edit(cms, "DS DATA", ["keep", "drop one", "drop two", "stop here", "tail"])
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("N 2") == ["DROP ONE"]
    assert cms.command("DSTRING /STOP/") == ["STOP HERE"]
    assert cms.command("DS /NOWHERE/") == ["EOF:"]            # to the end of the file
    assert cms.command("TOP") == ["TOF:"]
    assert cms.command("TYPE *") == ["TOF:", "KEEP", "EOF:"]
    assert cms.command("DSTRING") == ["?EDIT: DSTRING"]
