"""The parts of the vm370 command on their own: the progress line, SYSTEM.CONF checking,
the first start's passwords, the STATE file's start kinds, accounting records."""

from __future__ import annotations

import datetime
import io
import types

import pytest

from vm370 import config, firststart, state
from vm370.progress import Progress


class TTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    with Progress("CREATING VOLUME X", total=4, stream=out) as p:
        p.update(2)
    lines = out.getvalue().splitlines()
    assert lines[0] == "CREATING VOLUME X ..."
    assert lines[1].startswith("CREATING VOLUME X DONE IN ") and len(lines) == 2


def test_progress_on_a_terminal_rewrites_one_line():
    out = TTY()
    with pytest.raises(RuntimeError):
        with Progress("STEP", stream=out):
            raise RuntimeError("x")
    text = out.getvalue()
    assert text.startswith("\rSTEP FAILED IN ") and text.endswith("\n") and text.count("\n") == 1


def test_config_defaults_paths_and_errors(tmp_path):
    f = tmp_path / "S.CONF"
    f.write_text('[terminals]\nport = 3271\n[[volume]]\nvolser = "pk1"\npath = "v/p1.3330"\n')
    s = config.load(str(f))
    assert s.port == 3271 and s.host == "127.0.0.1" and s.workers == 0
    assert s.volumes == [("PK1", str(tmp_path / "v" / "p1.3330"))]
    assert s.directory == str(tmp_path / "USER.DIRECT")
    for text, message in [('[x]\n', "unknown section [x]"),
                          ('[terminals]\nport = "a"\n', "port must be a int"),
                          ('[terminals]\nport = 70000\n', "is not a TCP port"),
                          ('[system]\n', "no [[volume]] tables"),
                          ('[[volume]]\nvolser = "A"\n', "needs volser and path"),
                          ('[system\n', "S.CONF: ")]:
        f.write_text(text)
        with pytest.raises(config.ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
            config.load(str(f))


def test_first_start_passwords_replace_every_user_but_nolog():
    text, passwords = firststart.directory_with_passwords(
        "USER A A 1M 2M G\n* USER X X comment\nUSER Q NOLOG\nUSER B B 1M 2M G\n")
    assert set(passwords) == {"A", "B"}
    lines = text.splitlines()
    assert lines[0] == f"USER A {passwords['A']} 1M 2M G" and lines[2] == "USER Q NOLOG"
    assert all(len(p) == 8 and p.isalnum() and p.isupper() or p.isdigit() for p in passwords.values())
    assert passwords["A"] != passwords["B"]


def test_start_kind_from_the_state_file(tmp_path):
    d = str(tmp_path)
    assert state.start_kind(d, d, first=False, cold=False).kind == "WARM"
    state.write_state(d, status="running", pid=1, started="T")
    (tmp_path / "0005.open").write_bytes(b"")
    k = state.start_kind(d, d, first=False, cold=False)
    assert (k.kind, k.open_files_lost, k.previous["started"]) == ("RECOVERY", 1, "T")
    assert state.start_kind(d, d, first=False, cold=True).kind == "COLD"
    state.write_state(d, status="shutdown", at="U")
    assert state.start_kind(d, d, first=False, cold=False).kind == "WARM"
    assert not (tmp_path / "STATE.tmp").exists()


def test_accounting_record_fields():
    on = datetime.datetime(2026, 1, 2, 3, 4, 5)
    user = types.SimpleNamespace(userid="ALICE", logon_time=on, cp_seconds=0.5,
                                 vm=types.SimpleNamespace(cpu_seconds=1.25),
                                 entry=types.SimpleNamespace(account="ACCT1 X"))
    line = state.accounting_record(user, on + datetime.timedelta(seconds=90))
    assert line.split() == ["ALICE", "ACCT1", "LOGON=2026-01-02T03:04:05", "LOGOFF=2026-01-02T03:05:35",
                            "CONNECT=90s", "VIRTCPU=1.250s", "TOTCPU=1.750s"]


def test_config_devices_unit_record_and_tapes(tmp_path):
    f = tmp_path / "S.CONF"
    vol = '[[volume]]\nvolser = "pk1"\npath = "p1.3330"\n'
    dev = '[[device]]\nraddr = "{}"\ntype = "{}"\n{}'
    f.write_text(vol + dev.format("00E", "1403", 'path = "prt/p.txt"\n') + dev.format("00c", "2540R", "")
                 + dev.format("580", "3420", 'path = "t.aws"\n') + dev.format("581", "3420", ""))
    s = config.load(str(f))
    assert s.unit_record == [(0x00E, "1403", str(tmp_path / "prt" / "p.txt")), (0x00C, "2540R", None)]
    assert s.tapes == [(0x580, str(tmp_path / "t.aws")), (0x581, None)]
    for text, message in [(dev.format("00E", "1403", ""), "a 1403 needs the path"),
                          (dev.format("XYZ", "1403", 'path = "p"\n'), "raddr must be a hexadecimal"),
                          (dev.format("00E", "9999", ""), "type '9999' is not one of"),
                          (dev.format("00E", "1403", 'colour = "red"\n'), "unknown or bad key 'colour'")]:
        f.write_text(vol + text)
        with pytest.raises(config.ConfigError, match=message):
            config.load(str(f))
    # the template a first start writes holds a printer, a punch, a reader and a tape drive
    f.write_text(config.TEMPLATE.format(dir=str(tmp_path), volumes=vol))
    s = config.load(str(f))
    assert [r for r, _, _ in s.unit_record] == [0x00E, 0x00D, 0x00C] and s.tapes == [(0x580, None)]
