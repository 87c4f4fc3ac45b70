"""Lesson trap-and-emulate in its short mode (a whole system, CMS in USER1): figures make sense."""

from lesson_harness import run_quick


def test_trap_and_emulate(tmp_path):
    result, said = run_quick("trap-and-emulate", tmp_path)
    f = result.figures
    # the same CMS workload: trap-and-emulate exits on every privileged instruction
    assert f["trap_exits_greater"] is True
    # equivalence: CMS shows the same lines and runs the same instructions in both modes
    assert f["cms_output_identical"] is True and f["cms_instructions_identical"] is True
    assert f["cms_exits_trap"] > 5 * f["cms_exits_interpretive"] > 0
    # the I/O-bound guest: every TIO exits in both modes (trap adds the trap of TIO itself)
    assert f["io_exits_interpretive"] >= 20_000
    assert f["io_exits_trap"] >= f["io_exits_interpretive"]
    assert f["cms_seconds_trap"] > 0 and f["cms_seconds_interpretive"] > 0
    assert len(result.plots) == 3 and all(p.stat().st_size > 0 for p in result.plots)
