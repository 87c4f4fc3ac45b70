"""Lesson paravirtualization in its short mode (USER1 on a running system): figures make sense."""

from lesson_harness import run_quick


def test_paravirtualization(tmp_path):
    result, said = run_quick("paravirtualization", tmp_path)
    f = result.figures
    # the hypercall: one DIAGNOSE intercept per block; SIO: the SIO and the interruption
    assert f["diag_fewer_intercepts"] is True
    assert 1.0 <= f["diag_intercepts_per_block"] < 1.1
    assert 2.0 <= f["sio_intercepts_per_block"] < 3.1
    assert f["diag_us_per_block"] > 0 and f["sio_us_per_block"] > 0
    assert [row[0] for row in result.rows] == ["DIAGNOSE X'18'", "SIO + interruption"]
