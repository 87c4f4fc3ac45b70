"""End to end through real s3270 clients: two users message each other, a class G user is
refused an operator command (DMKCFM001E UNKNOWN CP COMMAND), and the operator FORCEs a
user off (the user's screen goes back to the logo with LOGOFF AT ... BY SYSTEM).
Assertions on the clients' screens."""

import pytest

from s370.tn3270.clients import S3270

from cp_e2e_support import running_system

DIRECTORY = """\
USER ALICE SECRET 1M 2M G
USER BOB BOBPW 1M 2M G
USER OPER OPPW 1M 2M ABCDEG
"""


@pytest.fixture
def running():
    with running_system(DIRECTORY, workers=1) as r:
        yield r


def log_on(c, port, userid, password):
    c.do(f"Connect(127.0.0.1:{port})")
    c.wait_for_text("VM/370 ONLINE", timeout=30)
    c.enter(f"logon {userid}")
    c.wait_for_text("ENTER PASSWORD:", timeout=30)
    c.enter(password)
    c.wait_for_text("LOGON AT", timeout=30)


def test_two_users_message_each_other_and_the_operator_forces_one_off(running):
    port = running.port
    with S3270("3279-2") as alice, S3270("3279-2") as bob, S3270("3279-2") as oper:
        log_on(alice, port, "alice", "SECRET")
        log_on(bob, port, "bob", "BOBPW")
        alice.enter("msg bob hello from alice")
        bob.wait_for_text("MSG FROM ALICE   :  hello from alice", timeout=30)
        bob.enter("m alice and hello back")
        alice.wait_for_text("MSG FROM BOB     :  and hello back", timeout=30)
        # a class G user gets the invalid-command answer for an operator command
        bob.enter("force alice")
        bob.wait_for_text("DMKCFM001E UNKNOWN CP COMMAND", timeout=30)
        log_on(oper, port, "oper", "OPPW")
        oper.enter("force bob")
        oper.wait_for_text("LOGOFF AS BOB      USERS = 002 FORCED", timeout=30)
        screen = "\n".join(bob.wait_for_text("BY SYSTEM", timeout=30))
        assert "LOGOFF AT" in screen and "VM/370 ONLINE" in screen
        assert running.system.find("BOB") is None
        assert running.system.find("ALICE") is not None
