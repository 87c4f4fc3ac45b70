"""EDIT's FNAME and FMODE: the file ID that FILE and SAVE write under (the file read in
stays as it was); without an operand they type the current name or mode."""

from cms_fs_harness import E, open_disk
from test_cms_edit_file import cms, ready  # noqa: F401  (the fixture and the helper)


def test_fname_files_a_copy_under_a_new_name(cms):  # noqa: F811
    assert cms.command("EDIT OLD DATA") == ["EDIT:"]
    assert cms.command("FNAME") == ["OLD"]
    assert cms.command("FMODE") == ["A1"]
    assert cms.command("FNAME TOOLONGNAME") == ["?EDIT: FNAME TOOLONGNAME"]
    assert cms.command("FMODE 1A") == ["?EDIT: FMODE 1A"]
    assert cms.command("FMODE A9") == ["?EDIT: FMODE A9"]
    assert cms.command("FNAME newer") == []
    assert cms.command("FNAME") == ["NEWER"]
    assert cms.command("FMODE a") == []
    assert cms.command("FMODE") == ["A1"]
    assert cms.command("N") == ["OLD RECORD 0"]
    assert cms.command("C /OLD/NEW/") == ["NEW RECORD 0"]
    assert ready(cms.command("FILE")[0])
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("OLD", "DATA")[0] == E("OLD RECORD 0".ljust(80))      # untouched
        new = d.read("NEWER", "DATA")
        assert new[0] == E("NEW RECORD 0".ljust(80)) and len(new) == 5
