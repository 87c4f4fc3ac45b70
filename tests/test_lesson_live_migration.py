"""Lesson live-migration in its short mode: the typing CMS user moves to VMB and loses
nothing (words, files), its terminal stays connected; downtimes are measured."""

from lesson_harness import run_quick


def test_live_migration(tmp_path):
    result, said = run_quick("live-migration", tmp_path)
    f = result.figures
    assert f["lost"] == 0 and f["files_equal"] is True
    assert f["words_received"] == f["words_typed"] == 7
    assert f["reconnected"] is True
    assert 0 < f["downtime_idle_ms"] < 5000 and 0 < f["downtime_busy_ms"] < 5000
    assert len(result.rows) == 1 + 2 + 2                 # the typing user, 2 idle, 2 busy moves
    assert [r[1] for r in result.rows[1:3]] == ["A -> VMB", "VMB -> A"]
    assert len(result.plots) == 2
