"""SYNONYM, the system abbreviations and SET ABBREV (cms/nucleus/DMSSYN.asm, the lookup
step in DMSITS): a user synonym table read from a file, synonyms with and without a
minimum count, NOSTD / STD / CLEAR, QUERY SYNONYM and QUERY/SET ABBREV."""

import pytest

from cms_fs_harness import cms_with_disk, format_disk

E = lambda s: s.encode("cp037")           # noqa: E731

SYNFILE = [E(line).ljust(80, b"\x40") for line in (
    "COPYFILE CPY",
    "listfile dir 2",
    "TYPE     SHOW",
    "",
    "QUERY    ASK      1                                                     SEQ00010")]
FILES = [("MYSYN", "SYNONYM", SYNFILE, "F", 80),
         ("BAD", "SYNONYM", [E("TYPE SHOW X").ljust(80, b"\x40")], "F", 80),
         ("NOTES", "SCRIPT", [E("line one"), E("two")], "V", 20)]


@pytest.fixture
def m(tmp_path):
    return cms_with_disk(tmp_path, format_disk(tmp_path / "syn191.3330", files=FILES))


def ok(out):
    assert out and out[-1].startswith("R;"), out
    return out[:-1]


def unknown(out):
    """The command was not found (CMS's or CP's unknown-command answer, RC -3 or CP's)."""
    assert out and out[-1].startswith("R("), out
    return True


def test_system_abbreviations(m):
    assert ok(m.command("T NOTES SCRIPT")) == ["line one", "two"]
    assert ok(m.command("TYP NOTES SCRIPT")) == ["line one", "two"]
    assert "NOTES    SCRIPT   A1" in ok(m.command("L NOTES SCRIPT"))
    assert ok(m.command("LISTF NOTES SCRIPT")) == ok(m.command("LISTFILE NOTES SCRIPT"))
    unknown(m.command("TYPEX NOTES SCRIPT"))           # longer than the command
    unknown(m.command("CO NOTES SCRIPT A X SCRIPT A"))  # COPYFILE needs COPY
    assert ok(m.command("COPY NOTES SCRIPT A X SCRIPT A")) == []
    out = ok(m.command("QUERY SYNONYM SYSTEM"))
    assert out[:2] == ["SYSTEM   SYSTEM", "COMMAND  ABBREV"]
    assert "LISTFILE L" in out and "TYPE     T" in out and "SYNONYM  SYN" in out


def test_user_synonyms_with_counts(m):
    assert ok(m.command("SYNONYM MYSYN")) == []
    assert ok(m.command("CPY NOTES SCRIPT A Y SCRIPT A")) == []
    assert ok(m.command("SHOW Y SCRIPT")) == ["line one", "two"]
    unknown(m.command("SHO Y SCRIPT"))                   # no count: all of it
    assert "Y        SCRIPT   A1" in ok(m.command("DI Y SCRIPT"))   # DIR, at least 2
    unknown(m.command("D Y SCRIPT"))
    assert ok(m.command("A ABBREV")) == ["ABBREV = ON"]  # QUERY ASK 1
    assert ok(m.command("QUERY SYNONYM USER")) == [
        "SYSTEM   USER", "COMMAND  SYNONYM  COUNT",
        "COPYFILE CPY", "LISTFILE DIR      2", "TYPE     SHOW", "QUERY    ASK      1"]
    out = ok(m.command("SYNONYM"))                        # both tables
    assert out[0] == "SYSTEM   SYSTEM" and out[-1] == "QUERY    ASK      1"
    assert ok(m.command("T NOTES SCRIPT")) == ["line one", "two"]   # STD still


def test_nostd_abbrev_off_and_clear(m):
    ok(m.command("SYNONYM MYSYN SYNONYM A (NOSTD"))
    unknown(m.command("T NOTES SCRIPT"))
    assert ok(m.command("SHOW NOTES SCRIPT")) == ["line one", "two"]
    assert ok(m.command("TYPE NOTES SCRIPT")) == ["line one", "two"]   # full names always
    ok(m.command("SYNONYM (STD"))
    assert ok(m.command("T NOTES SCRIPT")) == ["line one", "two"]
    assert ok(m.command("SET ABBREV OFF")) == []
    assert ok(m.command("QUERY ABBREV")) == ["ABBREV = OFF"]
    unknown(m.command("T NOTES SCRIPT"))
    unknown(m.command("DI NOTES SCRIPT"))
    assert "NOTES    SCRIPT   A1" in ok(m.command("DIR NOTES SCRIPT"))
    ok(m.command("SET ABBREV ON"))
    assert "NOTES    SCRIPT   A1" in ok(m.command("DI NOTES SCRIPT"))
    ok(m.command("SYNONYM (CLEAR"))
    unknown(m.command("SHOW NOTES SCRIPT"))
    assert ok(m.command("QUERY SYNONYM USER")) == ["NO USER SYNONYMS"]


def test_errors(m):
    out = m.command("SYNONYM NOSUCH")
    assert out[0] == "DMSSYN002E FILE NOT FOUND NOSUCH" and out[-1].startswith("R(00028)")
    out = m.command("SYNONYM MYSYN (BOGUS")
    assert out[0] == "DMSSYN003E INVALID OPTION BOGUS" and out[-1].startswith("R(00024)")
    out = m.command("SYNONYM BAD")
    assert out[0] == "DMSSYN029E INVALID PARAMETER X" and out[-1].startswith("R(00024)")
    out = m.command("QUERY SYNONYM SOME")
    assert out[0] == "DMSQRY026E INVALID PARAMETER SOME" and out[-1].startswith("R(00024)")
    out = m.command("SET ABBREV MAYBE")
    assert out[0] == "DMSSET026E INVALID PARAMETER MAYBE"
