"""Lesson disaster-recovery in its short mode: DDR dumps of the running system's volumes,
the volumes destroyed, restored from the tapes, the system started again, and every
user's files equal to the originals."""

from lesson_harness import run_quick


def test_disaster_recovery(tmp_path):
    result, said = run_quick("disaster-recovery", tmp_path)
    f = result.figures
    assert f["restored_equal"] is True and f["files_missing"] == 0
    assert f["files"] >= 2 * f["users"] >= 6          # each user's NOTE and its SAVED copy
    assert f["listed"] is True                        # CMS lists the file after the restart
    assert [r[0] for r in result.rows][1:5] == ["ddr dump (system running)",
                                                "shutdown and destroy volumes", "ddr restore",
                                                "restart"]
    assert all(r[1] > 0 for r in result.rows)
    assert len(result.plots) == 1
    assert any("DDR dumps every volume" in s for s in said)
