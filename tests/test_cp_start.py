"""Starting CP as a program: start_system, its volumes and directory, python -m cp.

The directory is injected (``directory_loader``) so these tests do not depend on
the directory compiler; the terminal manager and operator console are optional
parts a start reports when missing.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from types import SimpleNamespace

import pytest

from media.ckd.image import create_image

from cp.dispatcher import Dispatcher
from cp.start import StartError, SystemConfig, open_volumes, start_system

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FakeDirectory:
    def __init__(self, *userids):
        self.entries = {u: SimpleNamespace(
            userid=u, password="PW", storage=64 * 1024, max_storage=64 * 1024, classes="G",
            priority=50, options=set(), console=None, spools=[], mdisks=[], links=[],
            dedicates=[], specials=[], nolog=False) for u in userids}

    def get(self, userid):
        return self.entries.get(userid.upper())

    def check_password(self, userid, password):
        return password == "PW"

    def __iter__(self):
        return iter(self.entries.values())


def config(**kw):
    lines = []
    given = {}

    def loader(source, volumes):
        given["source"], given["volumes"] = source, volumes
        return FakeDirectory("ALICE", "BOB")
    base = dict(port=None, operator=False, workers=1, directory_loader=loader, log=lines.append)
    base.update(kw)
    return SystemConfig(**base), lines, given


def test_start_system_runs_users_and_stops_in_order():
    cfg, lines, given = config(directory="USER DIRECT TEXT")
    running = start_system(cfg)
    try:
        assert given["source"] == "USER DIRECT TEXT" and given["volumes"] == {}
        system = running.system
        assert isinstance(system.dispatcher, Dispatcher) and system.dispatcher.running
        assert running.dispatcher is system.dispatcher
        assert running.hub is None and running.port is None
        user = system.logon("alice", "PW", None)
        assert system.dispatcher.stats(user)["userid"] == "ALICE"
        assert any("READY" in line for line in lines)
    finally:
        running.stop()
    assert system.users == {}
    assert not system.dispatcher.running
    assert lines[-1].endswith("SHUTDOWN COMPLETE")
    running.stop()                                   # a second stop does nothing
    assert sum("SHUTDOWN COMPLETE" in line for line in lines) == 1


def test_volumes_open_by_label(tmp_path):
    path = str(tmp_path / "vmres.ckd")
    create_image(path, "3330", "VMRES", cyls=2)
    cfg, lines, given = config(volumes=[(None, path)])
    running = start_system(cfg)
    try:
        assert list(running.system.volumes) == ["VMRES"]
        assert given["volumes"] == {"VMRES": 2}
        assert running.system.volumes["VMRES"].read_track(0)
    finally:
        running.stop()


def test_volume_label_mismatch_and_missing_file_are_one_line_errors(tmp_path):
    path = str(tmp_path / "work.ckd")
    create_image(path, "3330", "WORK01", cyls=1)
    with pytest.raises(StartError, match="volume label is WORK01, not VMRES"):
        open_volumes([("VMRES", path)], log=lambda text: None)
    with pytest.raises(StartError, match="cannot open"):
        open_volumes([("X", str(tmp_path / "none.ckd"))], log=lambda text: None)
    with pytest.raises(StartError, match="given twice"):
        open_volumes([(None, path), ("WORK01", path)], log=lambda text: None)


def test_directory_errors_stop_the_start_in_one_line():
    def bad(source, volumes):
        raise ValueError(["line 3: USER statement needs a password", "line 9: bad MDISK"])
    cfg, lines, given = config(directory_loader=bad)
    with pytest.raises(StartError) as info:
        start_system(cfg)
    assert "\n" not in str(info.value)
    assert "line 3" in str(info.value) and "line 9" in str(info.value)


def test_python_m_cp_bad_volume_exits_2_with_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cp", "--no-operator", "--port", "0",
                           "--volume", f"VMRES={tmp_path / 'missing.ckd'}"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "cannot open" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_python_m_cp_bad_volume_argument_is_a_usage_error():
    proc = subprocess.run([sys.executable, "-m", "cp", "--volume", "TOOLONGVOL=x.ckd"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.returncode == 2 and "VOLSER=PATH" in proc.stderr


def test_sigterm_shuts_down_in_order():
    script = textwrap.dedent("""
        import sys
        from types import SimpleNamespace
        sys.path.insert(0, {tests!r})
        import cp.start
        from test_cp_start import FakeDirectory
        cp.start.load_directory = lambda config, volumes: FakeDirectory("ALICE")
        from cp.__main__ import main
        sys.exit(main(["--no-operator", "--port", "0", "--workers", "1"]))
    """).format(tests=os.path.join(ROOT, "tests"))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": ROOT})
    try:
        ready = ""
        end = time.monotonic() + 120
        while "READY" not in ready and time.monotonic() < end:
            ready = proc.stdout.readline()
            if not ready and proc.poll() is not None:
                break
        assert "READY" in ready, proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "SHUTDOWN STARTED" in out and out.rstrip().endswith("SHUTDOWN COMPLETE")


def test_operator_console_logon_failure_is_reported_in_one_line(monkeypatch):
    """The operator console comes up even when the operator cannot be logged on."""
    import types
    import cp.start
    from cp.system import LogonError
    started = []

    class Console:
        def __init__(self, system):
            self.system = system

        def attach_log(self):
            pass

        def logon(self):
            raise LogonError(53, userid="OPERATOR")

        def start(self):
            started.append(True)
    monkeypatch.setattr(cp.start, "OperatorConsole", Console)
    cfg, lines, given = config(operator=True)
    running = start_system(cfg)
    try:
        assert started == [True]
        bad = [line for line in lines if line.startswith("OPERATOR NOT LOGGED ON")]
        assert len(bad) == 1 and "53" in bad[0]
    finally:
        running.stop()
