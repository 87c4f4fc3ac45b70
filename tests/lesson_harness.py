"""Running a lesson in its short mode for the tests (tests/test_lesson_*.py)."""

from lessons.base import Context
from lessons.table import BY_NAME


def run_quick(name, tmp_path):
    said = []
    ctx = Context(quick=True, out=tmp_path / "out", say=said.append)
    result = BY_NAME[name].load().run(ctx)
    for path in result.plots:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
    assert result.rows and all(len(row) == len(result.headers) for row in result.rows)
    return result, said
