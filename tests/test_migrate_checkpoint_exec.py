"""Issue 12's test: a checkpointed CMS user restored mid-EXEC continues and finishes with the
same result as an uninterrupted run.  On a whole ``vm370`` system: USER2 runs COUNT EXEC
through; USER1 runs it and, once it has typed PART (a tenth of the way), is checkpointed
in the middle (CHECKPOINT USER1 TO MID LOGOFF), the system is shut down and started
again, RESTORE MID brings USER1 back, and the EXEC ends with the same sum."""

from __future__ import annotations

import re
import time

import pytest

from vm370.automation import Session
from vm370.pair import SystemProcess, put_file

LIMIT = 200000
PART = LIMIT // 10              # the EXEC says PART there: nine tenths of its work remain
MODULUS = 999983
COUNT = ["&CONTROL OFF", "&S = 0", "&N = 0",
         "-LOOP &N = &N + 1",
         "&S = &S + &N",
         f"&IF &N EQ {PART} &TYPE PART",
         f"&IF &S GT {MODULUS} &S = &S - {MODULUS}",           # EXEC tokens are 8 characters
         f"&IF &N LT {LIMIT} &GOTO -LOOP",
         "&TYPE SUM &S"]
SUM = re.compile(r"^SUM (\d+)$")


def expected() -> int:
    total = 0
    for n in range(1, LIMIT + 1):
        total += n
        if total > MODULUS:
            total -= MODULUS
    return total


def autolog(system, user):
    pw = system.passwords()[user]
    assert system.send(f"AUTOLOG {user} {pw}", expect="AUTO LOGON", timeout=60).ok
    time.sleep(1.5)                                  # CMS IPLs and reaches Ready


@pytest.fixture
def system(tmp_path):
    s = SystemProcess(str(tmp_path / "A")).start().wait_ready()
    try:
        for user in ("USER1", "USER2"):
            put_file(s.state_dir, user, "COUNT", "EXEC", COUNT)
        yield s
    finally:
        s.shutdown()


def test_cms_user_checkpointed_mid_exec_finishes_with_the_same_sum(system, tmp_path):
    autolog(system, "USER2")
    t0 = time.monotonic()
    whole = system.send("COUNT", user="USER2", expect=r"^SUM ", timeout=300)
    took = time.monotonic() - t0
    assert whole.ok, whole
    assert SUM.match(whole.match).group(1) == str(expected())

    autolog(system, "USER1")
    with Session(system.state_dir) as s:
        early = s.send("COUNT", user="USER1", expect=r"^PART$", timeout=max(60, 2 * took))
        assert early.ok and not any(SUM.match(line) for line in early.lines), early
        reply = s.send("CHECKPOINT USER1 TO MID LOGOFF", expect=r"CHECKPOINT USER1", timeout=30)
        assert reply.ok and "TO MID CKPT" in reply.match, reply
    assert "USER1" not in " ".join(system.send("QUERY NAMES").lines)
    system.shutdown()

    again = SystemProcess(system.state_dir).start().wait_ready()
    system.proc, system._log = again.proc, again._log          # the fixture shuts it down
    with Session(system.state_dir) as s:
        reply = s.send("RESTORE MID", expect=r"RESTORED|FAILED", timeout=30)
        assert reply.ok and reply.match.startswith("USER1 RESTORED FROM MID CKPT"), reply
        end = s.send(None, user="USER1", expect=r"^SUM ", timeout=300)
    assert end.ok, end
    assert end.match == whole.match                  # the same result as the uninterrupted run
