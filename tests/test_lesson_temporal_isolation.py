"""Lesson temporal-isolation in its short mode: fair share lowers the interactive p99."""

from lesson_harness import run_quick


def test_temporal_isolation(tmp_path):
    result, said = run_quick("temporal-isolation", tmp_path)
    f = result.figures
    assert f["fair_share_lowers_p99"] is True
    assert f["p99_ms_fair_share_on"] < f["p99_ms_fair_share_off"]
    # the hogs hurt a round robin's interactive user: slower than alone
    assert f["p50_ms_fair_share_off"] > f["p50_ms_alone"]
    assert [row[0] for row in result.rows] == ["alone", "fair share on", "fair share off"]
    assert all(row[1] == 25 for row in result.rows)
