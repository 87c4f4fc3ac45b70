"""Lesson nested-virtualization in its short mode: MINICP under CP runs EQUIV correctly."""

from lesson_harness import run_quick


def test_nested_virtualization(tmp_path):
    result, said = run_quick("nested-virtualization", tmp_path)
    f = result.figures
    # the guest's registers and storage are the bare machine's at each level
    assert f["same_level1"] is True and f["same_level2"] is True
    # MINICP traps each SSM, SVC and LPSW of the 5,000 loop passes (3 per pass), plus the end
    assert f["minicp_exits"] == 3 * 5_000 + 1
    # the trap handling costs instructions at level 2
    assert f["level2_instructions"] > 2 * f["guest_instructions"]
    assert f["seconds_level2"] > 0
