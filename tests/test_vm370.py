"""The ``vm370`` command end to end: first start, a real TN3270 client, SHUTDOWN and warm
start, recovery after kill -9, --cold, --config, and the automation API over the control
socket.  Each test runs ``python -m vm370`` as its own process in a temporary state
directory; assertions are on files, console text, screen text and CP's responses."""

from __future__ import annotations

import os
import time

import pytest

from cms.fs import CMSDisk
from cms.modules import SDISK_MODULES
from cp.directory.checker import load as load_directory
from media.ckd.volume import volume_info
from s370.tn3270.clients import S3270
from vm370 import config
from vm370.automation import AutomationError, Session, send

from vm370_harness import VM370, passwords_from, punch_file, read_state


@pytest.fixture
def state_dir(tmp_path):
    return tmp_path / "sys"


def first_start_and_shutdown(state_dir) -> str:
    vm = VM370(state_dir).wait_ready()
    reply = send("SHUTDOWN", state_dir=str(state_dir))
    assert vm.wait_exit() == 0, vm.out
    assert reply.ok
    return vm.out


def test_first_start_builds_the_default_system_and_a_client_logs_on(state_dir):
    vm = VM370(state_dir)
    try:
        vm.wait_ready()
        console = vm.out
        settings = config.load(str(state_dir / "SYSTEM.CONF"))
        assert [v for v, _ in settings.volumes] == ["VMRES1", "VMUSR1"]
        for volser, path in settings.volumes:
            assert volume_info(path)["volser"] == volser
        directory = load_directory(open(settings.directory).read(),
                                   {"VMRES1": 404, "VMUSR1": 404})
        users = {e.userid for e in directory}
        assert {"OPERATOR", "MAINT", "CMSUSER", "USER1"} <= users
        # the passwords: on the console once, in the (owner-only) directory, not in the log
        passwords = passwords_from(console)
        assert set(passwords) == users - {"PRINTQ"}
        for userid, pw in passwords.items():
            assert directory.check_password(userid, pw)
            assert console.count(pw) == 1
        assert os.stat(settings.directory).st_mode & 0o077 == 0
        log = open(settings.log).read()
        assert not any(pw in log for pw in passwords.values())
        # the CMS disks: MAINT's 190 holds the nucleus, the command modules (TAPE,
        # VMFPLC2, ...), the macro library and the system EXECs (cms.sysexecs), CMSUSER's
        # 191 is an empty CMS disk
        vmres = dict(settings.volumes)["VMRES1"]
        maint = directory.get("MAINT")
        m190 = maint.mdisk(0x190)
        with CMSDisk.open(vmres, extent=(m190.start_cyl, m190.cylinders), readonly=True) as s:
            assert [(f.fn, f.ft) for f in s.list()] == [("DMSNUC", "NUCLEUS")] + [
                (name, "MODULE") for name, _source in SDISK_MODULES] + [
                ("CMSLIB", "MACLIB"), ("SENDFILE", "EXEC")]
        u191 = directory.get("CMSUSER").mdisk(0x191)
        with CMSDisk.open(dict(settings.volumes)["VMUSR1"],
                          extent=(u191.start_cyl, u191.cylinders), readonly=True) as a:
            assert a.list() == []
        assert "FIRST START: THE DEFAULT SYSTEM IS READY" in console
        # a real TN3270 client logs on as a default user
        with S3270("3279-2") as c:
            c.do(f"Connect(127.0.0.1:{vm.port})")
            c.wait_for_text("VM/370 ONLINE", timeout=30)
            c.enter("logon cmsuser")
            c.wait_for_text("ENTER PASSWORD:", timeout=30)
            c.enter(passwords["CMSUSER"])
            c.wait_for_text("LOGON AT", timeout=30)
            c.wait_for_text("CMS VERSION", timeout=30)     # the directory's IPL CMS: saved at first start
            # CMS has its S-disk and the user's 191 (a minidisk away from cylinder 0)
            c.wait_for_text("VM READ", timeout=30)
            c.enter("copyfile dmsnuc nucleus s first copy a")
            c.wait_for_text("R; T=", timeout=30)
            c.enter("listfile * copy a")
            c.wait_for_text("FIRST    COPY     A2", timeout=30)     # the mode number is kept
            assert not any("DMSACC" in line for line in c.screen()), c.screen()
            reply = send("QUERY NAMES", expect="CMSUSER", state_dir=str(state_dir))
            assert reply.ok, reply
            c.enter("#cp logoff")
            c.wait_for_text("VM/370 ONLINE", timeout=30)
        # SHUTDOWN: the process ends, STATE says so, the session was accounted
        reply = send("SHUTDOWN", state_dir=str(state_dir))
        assert vm.wait_exit() == 0, vm.out
        assert read_state(state_dir)["status"] == "shutdown"
        account = open(settings.accounting).read().splitlines()
        assert any(line.startswith("CMSUSER ") and "VIRTCPU=" in line for line in account)
        assert not os.path.exists(state_dir / "control.sock")
    finally:
        vm.close()


def test_shutdown_then_warm_start_keeps_spool_files_and_the_log(state_dir):
    first_start_and_shutdown(state_dir)
    spoolid = punch_file(str(state_dir / "spool"), "USER1", ["CARD ONE", "CARD TWO"], to="CMSUSER")
    vm = VM370(state_dir)
    try:
        vm.wait_ready()
        assert "WARM START: 1 SPOOL FILE KEPT" in vm.out
        # a change made while running is kept too: the file goes to USER2's reader, class B
        assert send(f"CHANGE RDR {spoolid:04d} CLASS B", state_dir=str(state_dir)).ok
        assert send(f"TRANSFER RDR {spoolid:04d} USER2", state_dir=str(state_dir)).ok
        assert send("SHUTDOWN", state_dir=str(state_dir)).ok
        assert vm.wait_exit() == 0
        again = VM370(state_dir).wait_ready()
        try:
            assert "WARM START: 1 SPOOL FILE KEPT" in again.out
            reply = send("QUERY RDR USER2 ALL", expect=f"{spoolid:04d}", state_dir=str(state_dir))
            assert reply.ok, reply
            assert " B " in reply.match and "USER1" in reply.match
            send("SHUTDOWN", state_dir=str(state_dir))
            assert again.wait_exit() == 0
        finally:
            again.close()
        log = open(state_dir / "vm370.log").read()
        assert log.count("WARM START") == 2 and "FIRST START" in log
        assert "SAVESYS CMS BY MAINT" in log                           # at the first start only
        assert log.count("SAVESYS CMS") == 1
    finally:
        vm.close()


def test_kill_9_then_restart_recovers_closed_spool_files_and_says_so(state_dir):
    first_start_and_shutdown(state_dir)
    spool_dir = str(state_dir / "spool")
    kept = [punch_file(spool_dir, "USER1", [f"DECK {n}"], to="CMSUSER") for n in range(3)]
    vm = VM370(state_dir).wait_ready()
    assert send(f"PURGE RDR {kept[0]:04d}", state_dir=str(state_dir)).ok
    assert send(f"CHANGE RDR {kept[1]:04d} CLASS C", state_dir=str(state_dir)).ok
    # a punch file being written when the system dies (what a virtual punch leaves open)
    with open(os.path.join(spool_dir, "0777.open"), "wb") as f:
        f.write(b"\x41\x00\x03ABC")
    vm.kill9()
    assert read_state(state_dir)["status"] == "running"        # no SHUTDOWN happened
    again = VM370(state_dir).wait_ready()
    try:
        assert ("RECOVERY START" in again.out and "2 CLOSED SPOOL FILES RECOVERED, 1 OPEN FILE LOST"
                in again.out), again.out
        assert f"SPOOL FILES RECOVERED: {kept[1]:04d} {kept[2]:04d}" in again.out
        reply = send("QUERY RDR CMSUSER ALL", state_dir=str(state_dir))    # all lines, till quiet
        rows = [line.split() for line in reply.lines[1:]]                # ORIGINID FILE CLASS ...
        assert [r[1] for r in rows] == [f"{kept[1]:04d}", f"{kept[2]:04d}"], reply  # purged stays so
        assert rows[0][2] == "C"                                         # the CHANGE was kept
        assert not os.path.exists(os.path.join(spool_dir, "0777.open"))
        send("SHUTDOWN", state_dir=str(state_dir))
        assert again.wait_exit() == 0
    finally:
        again.close()


def test_cold_start_discards_the_spool_and_keeps_the_disks(state_dir):
    first_start_and_shutdown(state_dir)
    punch_file(str(state_dir / "spool"), "USER1", ["LOST AT COLD START"], to="CMSUSER")
    settings = config.load(str(state_dir / "SYSTEM.CONF"))
    vmusr = dict(settings.volumes)["VMUSR1"]
    directory = load_directory(open(settings.directory).read(), {"VMRES1": 404, "VMUSR1": 404})
    u191 = directory.get("CMSUSER").mdisk(0x191)
    with CMSDisk.open(vmusr, extent=(u191.start_cyl, u191.cylinders)) as a:
        a.write("PROFILE", "EXEC", [b"&TYPE KEPT".ljust(80)])
    vm = VM370(state_dir, "--cold").wait_ready()
    try:
        assert "COLD START: SPOOL FILES AND SAVED SYSTEMS DISCARDED" in vm.out
        reply = send("QUERY RDR ALL", expect="NO RDR FILES", state_dir=str(state_dir))
        assert reply.ok, reply
        send("SHUTDOWN", state_dir=str(state_dir))
        assert vm.wait_exit() == 0
    finally:
        vm.close()
    with CMSDisk.open(vmusr, extent=(u191.start_cyl, u191.cylinders), readonly=True) as a:
        assert [(f.fn, f.ft) for f in a.list()] == [("PROFILE", "EXEC")]


def test_config_takes_the_users_own_directory_and_volumes(tmp_path):
    from media.ckd.image import create_image
    own = tmp_path / "own"
    own.mkdir()
    create_image(str(own / "pack1.3330"), "3330", "PACK01", 20)
    (own / "MY.DIRECT").write_text("USER OPERATOR OPPW 1M 2M ABCDEG\n"
                                   "USER ALICE ALICEPW 1M 2M G\n MDISK 191 3330 1 5 PACK01 WR\n")
    (own / "MY.CONF").write_text('[system]\nname = "TESTVM"\ndirectory = "MY.DIRECT"\n'
                                 '[[volume]]\nvolser = "PACK01"\npath = "pack1.3330"\n')
    vm = VM370.__new__(VM370)
    vm.__init__(own, "--config", str(own / "MY.CONF"))
    try:
        vm.wait_ready()
        assert "FIRST START" not in vm.out and "PACK01 ONLINE" in vm.out
        assert not (own / "USER.DIRECT").exists()           # nothing default was built
        with S3270("3279-2") as c:
            c.do(f"Connect(127.0.0.1:{vm.port})")
            c.wait_for_text("ONLINE", timeout=30)
            c.enter("logon alice")
            c.wait_for_text("ENTER PASSWORD:", timeout=30)
            c.enter("ALICEPW")
            c.wait_for_text("LOGON AT", timeout=30)
        send("SHUTDOWN", state_dir=str(own))
        assert vm.wait_exit() == 0
    finally:
        vm.close()


def test_a_bad_configuration_is_one_line_and_status_2(tmp_path):
    (tmp_path / "BAD.CONF").write_text('[system]\nnmae = "X"\n')
    vm = VM370(tmp_path / "x", "--config", str(tmp_path / "BAD.CONF"))
    assert vm.wait_exit() == 2
    assert vm.out.strip().splitlines() == [f"vm370: {tmp_path / 'BAD.CONF'}: unknown key 'nmae' in [system]"]


def test_automation_api_sends_to_the_operator_and_to_a_user(state_dir):
    vm = VM370(state_dir).wait_ready()
    try:
        sd = str(state_dir)
        reply = send("QUERY NAMES", expect=r"OPERATOR\s+-\s+DSC", state_dir=sd)
        assert reply.ok and reply.match.startswith("OPERATOR")
        # AUTOLOG a user, then talk to that user's own session
        passwords = passwords_from(vm.out)
        with Session(sd) as s:
            assert s.send(f"AUTOLOG USER1 {passwords['USER1']}", expect="AUTO LOGON").ok
            # (AUTOLOG IPLs the directory's CMS: #CP takes the line to CP whatever runs)
            reply = s.send("#CP QUERY TIME", user="USER1", expect="CONNECT=")
            assert reply.ok and any(line.startswith("TIME IS") for line in reply.lines), reply
            missed = s.send("QUERY NAMES", expect="NOBODY-HERE", timeout=0.5)
            assert not missed.ok and missed.lines and "NOBODY-HERE" in missed.error
            assert not s.send("QUERY NAMES", user="USER3").ok          # not logged on
            assert "NOT LOGGED ON" in s.send("Q N", user="USER3").error
        send("SHUTDOWN", state_dir=sd)
        assert vm.wait_exit() == 0
        with pytest.raises(AutomationError, match="no running system"):
            send("QUERY NAMES", state_dir=sd)
    finally:
        vm.close()


def test_vm370_send_command_line(state_dir):
    import subprocess
    import sys
    from vm370_harness import ROOT
    vm = VM370(state_dir).wait_ready()
    env = {**os.environ, "PYTHONPATH": ROOT}
    try:
        run = lambda *a: subprocess.run([sys.executable, "-m", "vm370", "send", "--dir", str(state_dir),  # noqa: E731
                                         *a], capture_output=True, text=True, env=env, timeout=60)
        ok = run("QUERY NAMES", "--expect", "OPERATOR")
        assert ok.returncode == 0 and ok.stdout.startswith("OPERATOR"), ok
        miss = run("QUERY NAMES", "--expect", "XYZZY", "--timeout", "0.5")
        assert miss.returncode == 1 and "no line matched" in miss.stderr
        run("SHUTDOWN")
        assert vm.wait_exit() == 0
        gone = run("QUERY NAMES")
        assert gone.returncode == 2 and gone.stderr.startswith("vm370 send: no running system")
    finally:
        vm.close()


def test_shutdown_reipl_restarts_warm_in_the_same_process(state_dir):
    vm = VM370(state_dir).wait_ready()
    try:
        started = read_state(state_dir)["started"]
        send("SHUTDOWN REIPL", state_dir=str(state_dir))
        end = time.monotonic() + 60
        while "WARM START" not in vm.out:
            assert time.monotonic() < end, vm.out
            time.sleep(0.1)
        vm.wait_ready()
        assert vm.proc.poll() is None and "SYSTEM RESTARTING (SHUTDOWN REIPL)" in vm.out
        assert send("QUERY NAMES", expect="OPERATOR", state_dir=str(state_dir)).ok
        assert read_state(state_dir)["started"] >= started
        send("SHUTDOWN", state_dir=str(state_dir))
        assert vm.wait_exit() == 0
    finally:
        vm.close()
