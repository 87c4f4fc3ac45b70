"""The lessons' framework: the table, the CLI, the screenshot and the table text."""

import subprocess
import sys

from lessons.base import Context, Result, format_table
from lessons.show import percentile, screenshot
from lessons.table import LESSONS
from lessons.__main__ import main

NAMES = ["full-virtualization", "trap-and-emulate", "paravirtualization", "temporal-isolation",
         "consolidation", "disaster-recovery", "live-migration", "nested-virtualization",
         "hypervisor-types"]


def test_the_nine_lessons_in_course_order():
    assert [lesson.name for lesson in LESSONS] == NAMES
    assert all(lesson.module == lesson.name.replace("-", "_") for lesson in LESSONS)


def test_list(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 9 and out[0].split()[:2] == ["1.", "full-virtualization"]


def test_unknown_lesson_is_one_line(capsys):
    assert main(["no-such-lesson"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no lesson 'no-such-lesson'" in err


def test_vm370_lesson_hands_off():
    out = subprocess.run([sys.executable, "-m", "vm370", "lesson", "--list"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "hypervisor-types" in out.stdout


def test_screenshot_is_a_png(tmp_path):
    path = screenshot(["VM/370 ONLINE", "", "LOGON USER1"], tmp_path / "s.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


def test_context_creates_out_and_table_text(tmp_path):
    ctx = Context(quick=True, out=tmp_path / "o")
    assert ctx.out.is_dir()
    text = format_table(Result(headers=["mode", "exits"], rows=[["trap", 12], ["sie", 3]]))
    assert text.splitlines()[2].split() == ["trap", "12"]
    assert percentile([5, 1, 3, 2, 4], 99) == 5 and percentile([], 50) == 0.0
