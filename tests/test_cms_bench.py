"""``python -m cms.bench --quick`` runs to its end and prints every row of its table
(the figures themselves are not asserted: speed lives in the benchmark's output)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = ["LOGON + IPL 190 to first read", "LOGON + IPL CMS to first read",
        "LISTFILE SMALL DATA A", "TYPE SMALL DATA", "STATE SMALL DATA A", "CP QUERY TIME",
        "LISTFILE of 500 files", "COPYFILE 10000 records (F 80)", "ASSEMBLE 1000 lines",
        "EXEC loop of 10000"]


def test_cms_bench_quick_prints_its_table():
    run = subprocess.run([sys.executable, "-m", "cms.bench", "--quick"], capture_output=True,
                         text=True, timeout=600, cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT})
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("cms.bench: median of 1 run(s)")
    assert lines[1].split() == ["ms", "MIPS", "intcpt/s"]
    table = lines[2:]                     # no note: LISTFILE lists all 500 files (else exit 1)
    assert [line[:34].rstrip() for line in table] == ROWS, run.stdout
    for line in table:
        float(line[34:].split()[0])                  # a time in ms on every row
