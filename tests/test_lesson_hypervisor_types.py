"""Lesson hypervisor-types in its short mode: the same program bare and under CP."""

from lesson_harness import run_quick


def test_hypervisor_types(tmp_path):
    result, said = run_quick("hypervisor-types", tmp_path)
    f = result.figures
    assert f["same_results"] is True
    assert f["instructions"] > 1_000_000
    assert f["bare_mips"] > 0 and f["cp_mips"] > 0
    # interpretive execution: a handful of intercepts (time slices) for the whole run
    assert 0 < f["cp_intercepts"] < f["instructions"] / 10_000
    assert any("CPU time" in line for line in said)
