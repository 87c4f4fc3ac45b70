"""RDBUF, WRBUF, FINIS, STATE and ERASE called from programs through SVC 202 with VM/370's
FSCB (spec cms.md 4.2), on a 191 that cms.fs formatted; what CMS wrote is read back and
checked with cms.fs."""

import pytest

from cms_fs_harness import E, cms_with_disk, format_disk, fscb, open_disk, program, run_program


@pytest.fixture
def cms(tmp_path):
    path = format_disk(tmp_path / "u191.3330",
                       files=[("OLD", "DATA", [E(("OLD RECORD %d" % k).ljust(20)) for k in range(5)], "F", 20),
                              ("VAR", "FILE", [E("A"), E("BB" * 50), E("CCC")], "V", None)])
    return cms_with_disk(tmp_path, path)


def test_write_a_new_f_file_and_read_it_back(cms):
    recs = [E(("RECORD %03d" % k).ljust(80)) for k in range(30)]
    data = "".join(f"REC{k:03}   DC    CL80'RECORD {k:03}'\n" for k in range(30))
    data += (fscb("W1", "WRBUF", "NEW", "FILE", buf="REC000", size=80)
             + fscb("W2", "WRBUF", "NEW", "FILE", buf="REC001", size=29 * 80, noit=29)
             + fscb("FIN", "FINIS", "NEW", "FILE")
             + fscb("R1", "RDBUF", "NEW", "FILE", buf="BUF", size=200)
             + fscb("R2", "RDBUF", "NEW", "FILE", itno=30, buf="BUF2", size=80)
             + fscb("R3", "RDBUF", "NEW", "FILE", buf="BUF", size=80)
             + "BUF      DC    CL200' '\nBUF2     DC    CL80' '\n")
    rcs, r0s, sym, out = run_program(cms, program(["W1", "W2", "FIN", "R1", "R2", "R3"], data))
    assert rcs == [0, 0, 0, 0, 0, 12], (rcs, out)
    assert r0s[3] == 80 and r0s[4] == 80
    sd = cms.vm.sd
    assert sd.read(sym["BUF"], 80) == recs[0]
    assert sd.read(sym["BUF2"], 80) == recs[29]
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("NEW", "FILE") == recs
        st = d.stat("NEW", "FILE")
        assert (st.recfm, st.lrecl, st.records, st.blocks, st.fm) == ("F", 80, 30, 3, "A1")
        assert d.read("OLD", "DATA")[0] == E("OLD RECORD 0".ljust(20))


def test_v_file_write_append_and_read(cms):
    data = ("L1       DC    C'ONE'\nL2       DC    C'SECOND LINE'\nL3       DC    C'3'\n"
            + fscb("W1", "WRBUF", "VNEW", "FILE", buf="L1", size=3, recfm="V")
            + fscb("W2", "WRBUF", "VNEW", "FILE", buf="L2", size=11, recfm="V")
            + fscb("FIN", "FINIS", "VNEW", "FILE")
            + fscb("W3", "WRBUF", "VNEW", "FILE", buf="L3", size=1, recfm="V")
            + fscb("W4", "WRBUF", "VAR", "FILE", buf="L3", size=1, recfm="V")
            + fscb("FIN2", "FINIS", "*", "*")
            + fscb("R1", "RDBUF", "VNEW", "FILE", itno=2, buf="BUF", size=80, recfm="V")
            + fscb("R2", "RDBUF", "VAR", "FILE", itno=2, buf="BUF2", size=10, recfm="V")
            + "BUF      DC    CL80' '\nBUF2     DC    CL80' '\n")
    rcs, r0s, sym, out = run_program(cms, program(
        ["W1", "W2", "FIN", "W3", "W4", "FIN2", "R1", "R2"], data))
    assert rcs == [0, 0, 0, 0, 0, 0, 0, 8], (rcs, out)
    assert r0s[6] == 11 and cms.vm.sd.read(sym["BUF"], 11) == E("SECOND LINE")
    assert r0s[7] == 10 and cms.vm.sd.read(sym["BUF2"], 10) == E("BB" * 5)
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert d.read("VNEW", "FILE") == [E("ONE"), E("SECOND LINE"), E("3")]
        assert d.read("VAR", "FILE") == [E("A"), E("BB" * 50), E("CCC"), E("3")]
        assert d.stat("VNEW", "FILE").lrecl == 11


def test_replace_f_records_and_write_past_the_end(cms):
    data = ("NEWREC   DC    CL20'REPLACED'\n"
            + fscb("W1", "WRBUF", "OLD", "DATA", itno=2, buf="NEWREC", size=20)
            + fscb("W2", "WRBUF", "OLD", "DATA", itno=8, buf="NEWREC", size=20)
            + fscb("FIN", "FINIS", "OLD", "DATA"))
    rcs, _, _, out = run_program(cms, program(["W1", "W2", "FIN"], data))
    assert rcs == [0, 0, 0], out
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        recs = d.read("OLD", "DATA")
    assert len(recs) == 8
    assert recs[1] == E("REPLACED".ljust(20)) and recs[7] == recs[1]
    assert recs[0] == E("OLD RECORD 0".ljust(20)) and recs[4] == E("OLD RECORD 4".ljust(20))
    assert recs[5] == bytes(20)                    # the gap


def test_wrbuf_errors(cms):
    data = ("REC      DC    CL80'X'\n"
            + fscb("BADFV", "WRBUF", "X", "Y", buf="REC", size=80, recfm="U")
            + fscb("BADFM", "WRBUF", "X", "Y", fm="+1", buf="REC", size=80)
            + fscb("BADNUM", "WRBUF", "X", "Y", fm="A9", buf="REC", size=80)
            + fscb("ZERO", "WRBUF", "X", "Y", buf="REC", size=0)
            + fscb("NODISK", "WRBUF", "X", "Y", fm="Q1", buf="REC", size=80)
            + fscb("LRECL", "WRBUF", "OLD", "DATA", buf="REC", size=80)
            + fscb("RECFM", "WRBUF", "OLD", "DATA", buf="REC", size=20, recfm="V")
            + fscb("MULT", "WRBUF", "X", "Y", buf="REC", size=79, noit=2)
            + fscb("VSKIP", "WRBUF", "VAR", "FILE", itno=9, buf="REC", size=5, recfm="V")
            + fscb("RNONE", "RDBUF", "NOSUCH", "FILE", buf="REC", size=80)
            + fscb("FNONE", "FINIS", "NOSUCH", "FILE"))
    calls = ["BADFV", "BADFM", "BADNUM", "ZERO", "NODISK", "LRECL", "RECFM", "MULT", "VSKIP",
             "RNONE", "FNONE"]
    rcs, _, _, out = run_program(cms, program(calls, data))
    assert rcs == [11, 4, 5, 8, 36, 15, 16, 14, 7, 1, 6], out
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert [f.fn for f in d.list()] == ["OLD", "VAR"]


def test_erase_function_and_state(cms):
    data = (fscb("ST1", "STATE", "OLD", "DATA")
            + fscb("ER", "ERASE", "OLD", "DATA")
            + fscb("ST2", "STATE", "OLD", "DATA")
            + fscb("ER2", "ERASE", "OLD", "DATA"))
    rcs, _, _, out = run_program(cms, program(["ST1", "ER", "ST2", "ER2"], data))
    assert rcs == [0, 0, 28, 28], out
    with open_disk(cms.disk_path) as d:
        assert d.check() == []
        assert [f.fn for f in d.list()] == ["VAR"]


def test_erase_command_with_patterns(cms):
    out = cms.command("ERASE OLD DATA")
    assert len(out) == 1 and out[0].startswith("R;"), out
    out = cms.command("ERASE OLD DATA")
    assert out[0] == "DMSERS002E FILE NOT FOUND OLD"
    out = cms.command("ERASE * FILE A")
    assert out[0].startswith("R;")
    with open_disk(cms.disk_path) as d:
        assert d.check() == [] and d.list() == []
    assert cms.command("ERASE X")[0] == "DMSERS054E INCOMPLETE FILEID SPECIFIED"
    assert cms.command("ERASE X Y Q")[0].startswith("DMSERS069E")
