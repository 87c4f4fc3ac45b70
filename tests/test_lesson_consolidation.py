"""Lesson consolidation in its short mode (1, 2, 4, 8 CMS users): figures make sense."""

from lesson_harness import run_quick


def test_consolidation(tmp_path):
    result, said = run_quick("consolidation", tmp_path)
    f = result.figures
    assert [row[0] for row in result.rows] == [1, 2, 4, 8]
    assert f["commands_all_done"] is True
    # users wait on their terminals most of the time: more users, more work done per second
    assert f["throughput_max"] > f["throughput_1"] > 0
    assert 0 < f["cpu_percent_max"] <= 100
    assert f["mib_per_user_last"] >= 0
