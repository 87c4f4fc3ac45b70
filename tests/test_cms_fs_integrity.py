"""What CMS leaves on disk when a program stops half way, and random sequences of file
operations issued from CMS: the disk always passes cms.fs check() and reads back as a
model of the operations says (the directory is written last, spec cms.md 1.3-1.5)."""

from hypothesis import HealthCheck, given, settings, strategies as st

from cms_fs_harness import E, cms_with_disk, format_disk, fscb, open_disk, program, run_program
from s370.asm import assemble
from cms_harness import zap_function

OLD = [E(("OLD RECORD %d" % k).ljust(80)) for k in range(5)]

# Writes 600 records of 80 bytes over OLD DATA from record 1 on (60 blocks), no FINIS.
LOOPER = """
PROG     CSECT
         USING PROG,12
         STM   14,12,12(13)
         LA    3,600
         LA    4,1
LOOP     STH   4,W1+26
         LA    1,W1
         SVC   202
         DC    AL4(1)
         LA    4,1(,4)
         BCT   3,LOOP
         L     14,12(13)
         LM    0,12,20(13)
         SR    15,15
         BR    14
REC      DC    CL80'NEW DATA'
""" + fscb("W1", "WRBUF", "OLD", "DATA", buf="REC", size=80) + "         END\n"


def blocks(path):
    with open_disk(path) as d:
        return {n: d.dev.read_block(n) for n in range(1, d.blocks + 1)}


def test_a_program_stopped_in_the_middle_of_wrbuf_leaves_the_old_directory(tmp_path):
    path = format_disk(tmp_path / "i191.3330", files=[("OLD", "DATA", OLD, "F", 80)])
    cms = cms_with_disk(tmp_path, path)
    before = blocks(path)
    a = assemble(LOOPER, origin=0x20000)
    assert a.errors == []
    zap_function(cms, "QUERY", a.image)
    cms.console.type_line("QUERY")
    stopped = False
    for _ in range(200):                             # a slice ends at each DIAGNOSE
        cms.vm.run_slice(3_000)
        now = blocks(path)
        changed = [n for n in now if now[n] != before[n]]
        if len(changed) >= 20:
            stopped = True                           # 20 of its 60 blocks written
            break
    assert stopped, "the program never got 20 blocks written"
    assert now[4] == before[4]                       # the MFD: untouched
    with open_disk(path) as d:
        assert d.check() == []
        assert d.read("OLD", "DATA") == OLD
    # the replaced blocks were new ones: none of the old file's blocks changed
    with open_disk(path) as d:
        links, data = d.file_blocks(next(f for _, _, f in d._entries()))
    assert all(now[n] == before[n] for n in links + data)


PATTERN = bytes(range(100)) * 25                  # the program's 2500-byte buffer

OPS = st.lists(st.one_of(
    st.tuples(st.just("write"), st.sampled_from("ABC"), st.integers(1, 25)),
    st.tuples(st.just("vappend"), st.sampled_from("ABC"), st.integers(1, 2500)),
    st.tuples(st.just("erase"), st.sampled_from("ABC"), st.just(0)),
), min_size=1, max_size=8)


def _ops_program(ops):
    """A program doing the operations in order, each followed by FINIS * * *; and the
    files they should leave: {filename: (recfm, records)}."""
    data, calls, model = [], [], {}
    for k, (op, name, n) in enumerate(ops):
        if op == "write":                                # append n F records of 100 bytes
            fn, rec = "F" + name, fscb(f"P{k}", "WRBUF", "F" + name, "FILE", buf="BUF",
                                       size=100 * n, noit=n)
            model[fn] = ("F", model.get(fn, ("F", []))[1] + [PATTERN[:100]] * n)
        elif op == "vappend":                            # append one V record of n bytes
            fn, rec = "V" + name, fscb(f"P{k}", "WRBUF", "V" + name, "FILE", buf="BUF",
                                       size=n, recfm="V")
            model[fn] = ("V", model.get(fn, ("V", []))[1] + [PATTERN[:n]])
        else:                                            # erase both files of the letter
            rec = fscb(f"P{k}", "ERASE", "F" + name, "FILE")
            model.pop("F" + name, None)
        data.append(rec)
        data.append(fscb(f"Q{k}", "FINIS", "*", "*"))
        calls += [f"P{k}", f"Q{k}"]
    buf = "BUF      DS    0F\n" + "".join("         DC    XL20'%s'\n" % PATTERN[j:j + 20].hex()
                                        for j in range(0, len(PATTERN), 20))
    return program(calls, "".join(data) + buf), model


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(OPS)
def test_random_file_operations_from_cms_leave_a_consistent_disk(tmp_path_factory, ops):
    tmp = tmp_path_factory.mktemp("ops")
    path = format_disk(tmp / "r191.3330")
    cms = cms_with_disk(tmp, path)
    source, model = _ops_program(ops)
    rcs, _, _, out = run_program(cms, source)
    assert set(rcs) <= {0, 28}, (rcs, out)             # 28: erasing what is not there
    with open_disk(path) as d:
        assert d.check() == []
        found = {f.fn: (f.recfm, d.read(f.fn, f.ft)) for f in d.list()}
    assert found == model
