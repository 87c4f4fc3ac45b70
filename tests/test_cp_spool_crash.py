"""Crash safety of the spool: ten kill -9 of a process spooling heavily, at random moments;
after each, a warm start must hold every file the process had closed (and not purged since),
with every record intact, and no torn or half-written file."""

import os
import random
import signal
import subprocess
import sys
import time

from cp.spool import Spool
from cp.spool.model import decode_records
from tests.spool_crash_child import card

KILLS = 10
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_until_killed(path, seed, rnd):
    env = dict(os.environ, PYTHONPATH=ROOT)
    child = subprocess.Popen([sys.executable, "-m", "tests.spool_crash_child", str(path), str(seed)],
                             stdout=subprocess.PIPE, cwd=ROOT, env=env, text=True)
    assert child.stdout.readline().strip() == "READY"
    time.sleep(rnd.uniform(0.05, 0.6))          # a random moment during the spooling
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    return out.splitlines()


def test_ten_kills_lose_no_closed_file(tmp_path):
    rnd = random.Random(1981)
    path = tmp_path / "spool"
    expected: dict[int, tuple[int, str]] = {}     # spoolid -> (records, class) known closed
    purged: set[int] = set()                      # reported purged: must stay gone
    for k in range(KILLS):
        lines = run_until_killed(path, k, rnd)
        for line in lines:
            op, sid, *rest = line.split()
            sid = int(sid)
            if op == "C":
                expected[sid] = (int(rest[0]), "A")
            elif op == "P":
                expected.pop(sid, None)
                purged.add(sid)
            elif op == "X":
                expected[sid] = (expected[sid][0], "X")
        last_op, last_sid = lines[-1].split()[:2] if lines else ("", "0")
        if last_op == "C" and int(last_sid) % 3 == 0:
            expected.pop(int(last_sid))            # its purge may have been done, unreported
        spool = Spool(path)                        # the warm start
        for sid, (n, cls) in expected.items():
            sf = spool.get(sid)
            assert sf is not None, f"kill {k}: closed file {sid} lost"
            assert sf.records == n and sf.owner == "RECEIVER" and sf.queue == "RDR"
            recs = sf.data_records()
            assert [r.data for r in recs] == [card(sid, i) for i in range(n)], f"file {sid} corrupt"
            assert sf.spool_class == cls or sid % 3 == 1    # a CHANGE may be cut before its report
        assert not purged & set(spool.files)
        for sf in spool.list():                    # whatever else survived is whole, too
            with open(sf._path, "rb") as f:
                raw = f.read()
            assert len(decode_records(raw)) == sf.records
            assert sum(3 + len(r.data) for r in decode_records(raw)) == len(raw)
        leftovers = [n for n in os.listdir(path) if n.endswith((".open", ".tmp"))]
        assert leftovers == []                     # the warm start cleared the unclosed ones
    assert len(expected) > KILLS                   # the run did spool a lot
