"""CP's terminal manager and 3270 line-mode console against a session that keeps a real
3270 buffer (s370.tn3270.datastream.Screen), and the virtual 3215 through the guest's
own channel subsystem.  The real-client tests are in test_cp_terminal_s3270.py."""

import pytest

from cp.terminal.editing import split_lines
from cp.terminal.graf import STATUS_WIDTH
from cp.terminal.manager import TerminalManager
from cp.user import Settings, timestamp
from s370.devices.base import UNIT_ATTENTION, UNIT_CE, UNIT_DE, UNIT_UC
from s370.tn3270.datastream import (AID_CLEAR, AID_PA1, AID_PA2, AID_PF, CMD_ERASE_WRITE,
                                    CMD_ERASE_WRITE_ALT, FA_NONDISPLAY)
from s370.tn3270.server import KIND_LINE

from test_cp_terminal_support import (CONSOLE, connect, guest_bytes, install_commands, logon,
                                      make_system, start_console, take_csw)

READ, WRITE_CR = 0x0A, 0x09


@pytest.fixture
def system():
    s = make_system()
    yield s
    for u in list(s.users.values()):
        s.logoff(u)


@pytest.fixture
def manager(system):
    return TerminalManager(system, more_delay=None, threaded=False)


@pytest.fixture
def cmds(monkeypatch):
    return install_commands(monkeypatch)


# ------------------------------------------------------------------ line editing
def test_line_editing_defaults():
    s = Settings()
    assert [l.text for l in split_lines("Q X@T#Q N", s)] == ["Q T", "Q N"]
    assert [l.text for l in split_lines("GARBAGE\u00a2Q T", s)] == ["Q T"]
    # line delete takes the line end before it too (the z/VM TERMINAL example's shape)
    lines = split_lines('#CP HALT#CP ZIPL 190\u00a2#CP IPL 1@290 PARM X=""Y', s)
    assert [(l.text, l.is_cp) for l in lines] == [("CP HALT", True), ('CP IPL 290 PARM X="Y', True)]
    assert [l.text for l in split_lines('A"#B', s)] == ["A#B"]
    assert [l.text for l in split_lines('A""B', s)] == ['A"B']
    lines = split_lines("#CP Q T", s)
    assert len(lines) == 1 and lines[0].is_cp and lines[0].cp_text == "Q T"
    assert not split_lines("CP Q T", s)[0].is_cp          # only after a line end


def test_line_editing_off_and_changed_symbols():
    s = Settings(linedit=False)
    assert [l.text for l in split_lines("A#B@C", s)] == ["A#B@C"]
    s = Settings(linend=";", chardel=None)
    assert [l.text for l in split_lines("A@B;C#D", s)] == ["A@B", "C#D"]


# ------------------------------------------------------------------ logo and logon (3270)
def test_logo_screen(manager):
    s = connect(manager)
    assert s.commands == [CMD_ERASE_WRITE]
    assert s.status() == "VM/370 ONLINE"
    assert s.has("Virtual Machine Facility/370")
    text = s.text()
    # status field: attribute at row 23 col 59, 20 characters of text after it
    assert s.screen.attr[23 * 80 + 59] is not None
    assert text[23][60:60 + len("VM/370 ONLINE")] == "VM/370 ONLINE"
    # input field attribute at row 21 col 79: unprotected
    assert s.screen.attr[21 * 80 + 79] & 0x20 == 0
    assert s.screen.cursor == 22 * 80
    assert s.owner.name == "GRAF 0C0"
    assert connect(manager).owner.name == "GRAF 0C1"


def test_logon_with_password_prompt(manager, system):
    s = connect(manager)
    s.enter("logon alice")
    assert s.has("ENTER PASSWORD:")
    assert s.screen.attr[21 * 80 + 79] & 0x0C == FA_NONDISPLAY        # X'4D'
    s.enter("SECRET")
    assert not s.has("SECRET")
    assert s.screen.attr[21 * 80 + 79] & 0x0C != FA_NONDISPLAY
    stamp_line = next(l for l in s.text() if l.startswith("LOGON AT "))
    assert len(stamp_line.split()) == 6            # LOGON AT hh:mm:ss ZZZ WEEKDAY mm/dd/yy
    assert s.status() == "CP READ"
    assert system.find("ALICE").terminal is s.owner.console
    assert any("GRAF 0C0 LOGON  AS ALICE    USERS = 001" in l for l in system.logged)


def test_logon_password_on_one_line_and_abbreviations(manager, system):
    s = connect(manager)
    s.enter("L alice secret")
    assert s.has("LOGON AT") and s.status() == "CP READ"
    s2 = connect(manager)
    s2.enter("login bob pw2")
    assert s2.has("LOGON AT")


def test_wrong_password_and_unknown_user(manager, system):
    s = connect(manager)
    s.enter("logon alice")
    s.enter("WRONG")
    assert s.has("DMKLOG050E PASSWORD INCORRECT")
    assert s.status() == "VM/370 ONLINE" and s.has("Virtual Machine Facility/370")
    assert not s.has("WRONG")
    assert system.find("ALICE") is None
    s.enter("logon nobody")
    assert s.has("DMKLOG053E NOBODY NOT IN CP DIRECTORY")
    assert not s.has("ENTER PASSWORD")


def test_logmsg_lines(manager, system):
    system.logmsg = ["*** SYSTEM DOWN AT 17:00 ***"]
    s = connect(manager)
    s.enter("logon alice secret")
    text = "\n".join(s.text())
    assert "LOGMSG - " in text and "*** SYSTEM DOWN AT 17:00 ***" in text
    assert text.index("LOGMSG") < text.index("LOGON AT")


def test_timestamp_format():
    import datetime
    est = datetime.timezone(datetime.timedelta(hours=-5), "EST")
    t = datetime.datetime(1981, 6, 25, 9, 15, 40, tzinfo=est)
    assert timestamp(t) == "09:15:40 EST THURSDAY 06/25/81"


# ------------------------------------------------------------------ CP mode, VM mode
def test_cp_command_with_line_editing(manager, cmds):
    s = connect(manager)
    logon(s)
    s.enter("Q X@T#Q N")
    assert cmds.lines == ["Q T", "Q N"]
    assert s.has("DONE Q T") and s.has("DONE Q N")
    assert s.has("Q X@T#Q N")                           # the input line echoed


def test_vm_read_gets_the_line_and_cp_escape(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    assert s.status() == "RUNNING"
    assert start_console(user, READ, count=40) == 0
    assert s.status() == "VM READ"
    s.enter("hello World#CP Q T")
    assert guest_bytes(user, 11) == "hello World".encode("cp037")      # case kept
    dev, unit, residual = take_csw(user)
    assert dev == CONSOLE and unit == UNIT_CE | UNIT_DE and residual == 40 - 11
    assert cmds.lines[-1] == "Q T" and not user.cp_mode
    assert s.status() == "RUNNING"


def test_guest_writes_appear(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    assert start_console(user, WRITE_CR, "R; T=0.01/0.01".encode("cp037")) in (0, 1)
    assert s.has("R; T=0.01/0.01")


def test_pa1_enters_cp_mode_and_stops_the_vm(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    assert not user.vm.stopped
    s.key(AID_PA1)
    assert user.cp_mode and user.vm.stopped and s.status() == "CP READ"


def test_enter_while_running_is_attention_twice_is_cp(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    s.enter("")
    dev, unit, _ = take_csw(user)
    assert dev == CONSOLE and unit & UNIT_ATTENTION
    assert not user.cp_mode
    s.enter("")                      # again before the VM read: CP mode
    assert user.cp_mode and s.status() == "CP READ"


def test_type_ahead_then_not_accepted(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    s.enter("first")
    assert take_csw(user)[1] & UNIT_ATTENTION
    assert s.status() == "RUNNING"
    s.enter("second")
    assert s.status() == "NOT ACCEPTED"
    assert s.screen.alarm
    # the VM reads: it gets the line typed ahead at once
    assert start_console(user, READ, count=20) in (0, 1)
    assert guest_bytes(user, 5) == "first".encode("cp037")


def test_pf_keys(manager, cmds):
    s = connect(manager)
    user = logon(s)
    user.settings.pf[3] = ("Q N", True)
    user.settings.pf[4] = ("MSG ALL", False)
    s.enter("", aid=AID_PF[2])
    assert cmds.lines == ["Q N"]
    s.enter("", aid=AID_PF[3])
    assert s.text()[22].startswith("MSG ALL")
    assert s.screen.cursor == 22 * 80 + len("MSG ALL")
    s.enter("Q T", aid=AID_PF[9])                      # PF10 unset: acts as ENTER
    assert cmds.lines[-1] == "Q T"


# ------------------------------------------------------------------ MORE... and HOLDING
def test_more_holding_clear(manager, cmds):
    s = connect(manager)
    logon(s)
    s.enter("say 30")
    assert s.status() == "MORE..."
    assert s.has("LINE 019") and not s.has("LINE 025")
    s.enter("")
    assert s.status() == "HOLDING"
    s.key(AID_CLEAR)
    assert s.has("LINE 025") and s.has("LINE 029") and not s.has("LINE 019")
    assert s.status() == "CP READ"


def test_more_times_out_and_pa2(manager, cmds):
    s = connect(manager)
    logon(s)
    s.enter("say 50")
    assert s.status() == "MORE..."
    s.owner.console.more_timeout()          # what the MORE... timer calls
    assert s.has("LINE 030") and not s.has("LINE 010")
    assert s.status() == "MORE..."
    s.key(AID_PA2)
    assert s.has("LINE 049") and s.status() == "CP READ"


def test_long_lines_wrap(manager, cmds):
    s = connect(manager)
    user = logon(s)
    user.say("X" * 100)
    rows = s.text()
    i = next(k for k, r in enumerate(rows) if r.startswith("X" * 80))
    assert rows[i + 1].startswith("X" * 20 + " ")


def test_model_4_uses_erase_write_alternate(system, cmds):
    manager = TerminalManager(system, more_delay=None, threaded=False)
    s = connect(manager, model=4)
    assert s.commands[-1] == CMD_ERASE_WRITE_ALT
    assert s.screen.rows == 43
    assert s.text()[42][60:73] == "VM/370 ONLINE"
    logon(s)
    s.enter("say 45")
    # LOGON AT and the echo, then 39 of the lines fill the 41 output rows
    assert s.has("LINE 038") and not s.has("LINE 039") and s.status() == "MORE..."


# ------------------------------------------------------------------ disconnect, reconnect, logoff
def test_disconn_and_reconnect(manager, system, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("disconn")
    assert s.has("DISCONNECT AT") and s.status() == "VM/370 ONLINE"
    assert user.terminal is None and system.find("ALICE") is user
    assert "GRAF 0C0 DSCONNECT AS ALICE    USERS = 001" in system.logged
    s.enter("logon alice secret")
    assert s.has("RECONNECTED AT") and s.status() == "CP READ"
    assert "GRAF 0C0 RECONNECT AS ALICE    USERS = 001" in system.logged
    assert system.find("ALICE") is user and user.terminal is s.owner.console


def test_logoff_returns_to_logo(manager, system, cmds):
    s = connect(manager)
    logon(s)
    s.enter("logoff")
    assert s.has("LOGOFF AT") and s.has("CONNECT=")
    assert s.status() == "VM/370 ONLINE" and system.find("ALICE") is None
    assert any("LOGOFF AS ALICE" in l for l in system.logged)


def test_already_logged_on(manager, system):
    s = connect(manager)
    logon(s)
    s2 = connect(manager)
    s2.enter("logon alice secret")
    assert s2.has("DMKLOG054E ALREADY LOGGED ON GRAF 0C0")


def test_dropped_connection_disconnects(manager, system, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    s.owner.disconnect()
    assert user.terminal is None and system.find("ALICE") is user and not user.vm.stopped
    assert "GRAF 0C0 DSCONNECT AS ALICE    USERS = 001" in system.logged
    assert "GRAF 0C0" not in [p.name for p in manager.ports.values()]


# ------------------------------------------------------------------ full screen (DIAG X'58')
def test_fullscreen_passthrough(manager, cmds):
    import threading
    s = connect(manager)
    user = logon(s)
    con = s.owner.console
    con.write_fullscreen(bytes([0xC3, 0x11, 0x40, 0x40]) + "FULL".encode("cp037"), CMD_ERASE_WRITE)
    assert s.text()[0].startswith("FULL")
    got = []
    t = threading.Thread(target=lambda: got.append(con.read_fullscreen(5)))
    t.start()
    while not con._fs_waiting:
        pass
    s.screen.apply_inbound(b"\x7D\x40\x40")
    s.owner.inbound(b"\x7D\x40\x40")
    t.join(5)
    assert got == [b"\x7D\x40\x40"]
    user.say("BACK TO LINE MODE")
    assert s.has("BACK TO LINE MODE") and s.status() == "CP READ"


# ------------------------------------------------------------------ the virtual console device
def test_console_device_write_nocr_and_sense(manager, cmds):
    s = connect(manager)
    user = logon(s)
    assert start_console(user, 0x01, "ABC".encode("cp037")) in (0, 1)
    assert take_csw(user)[1] == UNIT_CE | UNIT_DE
    assert not s.has("ABC")                                   # no carrier return yet
    assert start_console(user, WRITE_CR, "DEF".encode("cp037")) in (0, 1)
    assert take_csw(user)[1] == UNIT_CE | UNIT_DE
    assert s.has("ABCDEF")
    assert start_console(user, 0xE4, count=7) == 1             # no SENSE ID on a 3215:
    assert user.vm.sd.mem[0x44] & UNIT_UC                       # unit check at once
    assert start_console(user, 0x04, count=1) in (0, 1)
    assert take_csw(user)[1] == UNIT_CE | UNIT_DE
    assert guest_bytes(user, 1) == b"\x80"                    # command reject


def test_no_console_means_not_accepted(manager, cmds):
    s = connect(manager)
    user = logon(s, "NOCONS", "X")
    s.enter("begin")
    s.enter("data")
    assert s.status() == "NOT ACCEPTED"
    assert user.console is None


# ------------------------------------------------------------------ telnet line mode (unit)
def test_line_mode_logon(manager, system, cmds):
    s = connect(manager, kind=KIND_LINE)
    assert s.lines == ["VM/370 ONLINE"]
    assert s.owner.name == "LINE 020"
    logon(s)
    assert "ENTER PASSWORD:" in s.lines
    assert any(l.startswith("LOGON AT ") for l in s.lines)
    s.owner.input_line("q t")
    assert "DONE q t" in s.lines


def test_status_width():
    assert STATUS_WIDTH == 20


# ------------------------------------------------------------------ DIAL
class Dialable:
    """What a dialable virtual 3270 offers the terminal manager (h-vm builds the real one)."""
    dialable = True

    def __init__(self):
        self.session = None

    def connect(self, session):
        self.session = session
        return True

    def disconnect(self):
        self.session = None


def test_dial_transfers_the_terminal_and_reclaim(manager, system, cmds):
    s = connect(manager)
    logon(s)
    dev = Dialable()
    system.find("ALICE").vm.attach(0x0C0, dev)          # as if DEFINE GRAF 0C0 had made it
    s2 = connect(manager)
    s2.enter("dial alice")
    assert s2.owner is dev and dev.session is s2
    assert s2.has("DIALED TO ALICE 0C0")                 # shown before the transfer
    assert any(l.startswith("GRAF 0C1 DIALED TO ALICE    DIALED = 001") for l in system.logged)
    s3 = connect(manager)
    s3.enter("dial alice")
    assert s3.has("LINE(S) NOT AVAILABLE ON ALICE")
    s3.enter("dial nobody")
    assert s3.has("DMKDIA045E NOBODY NOT LOGGED ON")
    # the virtual machine lets go of the terminal: CP takes it back and shows the logo
    from cp.terminal.manager import reclaim
    assert reclaim(s2)
    assert dev.session is None and s2.status() == "VM/370 ONLINE"


# ------------------------------------------------------------------ the operator's console
def test_operator_console(system, cmds):
    import io
    from cp.operator import OperatorConsole
    out = io.StringIO()
    con = OperatorConsole(system, stdin=io.StringIO("q t#q n\nlogoff\n"), stdout=out)
    con.attach_log()
    user = con.logon()
    assert user.userid == "OPERATOR" and user.terminal is con
    system.log("GRAF 0C0 LOGON AS ALICE USERS = 002")
    con.run()
    text = out.getvalue().splitlines()
    assert text[0].startswith("LOGON AT ")
    assert "GRAF 0C0 LOGON AS ALICE USERS = 002" in text
    assert "DONE q t" in text and "DONE q n" in text
    assert any(l.startswith("LOGOFF AT") for l in text)
    assert system.find("OPERATOR") is None and con.user is None


# ------------------------------------------------------------------ TERMINAL MODE CP, SET RUN ON
def test_terminal_mode_cp_attention_goes_to_cp(manager, cmds):
    s = connect(manager)
    user = logon(s)
    user.settings.terminal_mode = "CP"
    s.enter("begin")
    s.enter("")                                  # attention while RUNNING
    assert user.cp_mode and take_csw(user) is None
    assert s.status() == "CP READ"


def test_set_run_on_keeps_the_vm_running_in_cp_mode(manager, cmds):
    s = connect(manager)
    user = logon(s)
    user.settings.run = True
    s.enter("begin")
    s.key(AID_PA1)
    assert user.cp_mode and not user.vm.stopped and s.status() == "CP READ"


def test_null_line_to_a_vm_read(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("begin")
    assert start_console(user, READ, count=10) == 0
    s.enter("")
    dev, unit, residual = take_csw(user)
    assert unit == UNIT_CE | UNIT_DE and residual == 10


def test_a_failing_command_gives_one_line(manager, monkeypatch):
    import cp.commands

    def broken(user, line, out=None):
        raise RuntimeError("table missing")
    monkeypatch.setattr(cp.commands, "execute", broken, raising=False)
    s = connect(manager)
    logon(s)
    s.enter("query time")
    assert s.has("CP COMMAND FAILED: RuntimeError: table missing")
    assert s.status() == "CP READ"


def test_logoff_through_system_logoff_alone(manager, system, monkeypatch):
    """A LOGOFF command that only calls system.logoff still brings the logo back."""
    import cp.commands

    def logoff_only(user, line, out=None):
        user.say("LOGOFF AT 12:00:00 UTC SATURDAY 12/05/26")
        user.system.logoff(user)
        return 0
    monkeypatch.setattr(cp.commands, "execute", logoff_only, raising=False)
    s = connect(manager)
    logon(s)
    s.enter("logoff")
    assert s.status() == "VM/370 ONLINE" and s.has("LOGOFF AT 12:00:00")
    assert s.owner.user is None
    assert "GRAF 0C0 LOGOFF AS ALICE    USERS = 000" in s.owner.system.logged


def test_console_output_new_line_characters_split_lines(manager, cmds):
    s = connect(manager)
    user = logon(s)
    data = "ONE".encode("cp037") + b"\x15" + "TWO  ".encode("cp037")
    assert start_console(user, WRITE_CR, data) in (0, 1)
    rows = [r.rstrip() for r in s.text()]
    i = rows.index("ONE")
    assert rows[i + 1] == "TWO"


OPERATOR_SCRIPT = r"""
import sys
sys.path.insert(0, "tests")
import cp.commands
from test_cp_terminal_support import Commands, make_system
from cp.operator import OperatorConsole
system = make_system()
cp.commands.execute = Commands()
con = OperatorConsole(system)
con.attach_log()
con.logon()
con.start().join()
"""


def test_operator_console_on_a_terminal():
    """The operator's console with prompt_toolkit on a real pseudo-terminal."""
    import os
    import sys
    import pexpect
    child = pexpect.spawn(sys.executable, ["-c", OPERATOR_SCRIPT], cwd=os.getcwd(),
                          env={**os.environ, "TERM": "dumb"}, timeout=60, encoding="utf-8")
    try:
        child.expect("LOGON AT ")
        child.sendline("q a@t")
        child.expect("DONE q t")
        child.sendline("logoff")
        child.expect("LOGOFF AT ")
        child.expect("LOGOFF AS OPERATOR USERS = 000")
    finally:
        child.close(force=True)


def test_directory_ipl_at_logon_and_noipl(monkeypatch):
    from test_cp_terminal_support import entry
    system = make_system(entry("CMSUSER", "CMS", ipl="190"))
    cmds = install_commands(monkeypatch)
    manager = TerminalManager(system, more_delay=None, threaded=False)
    s = connect(manager)
    user = logon(s, "CMSUSER", "CMS")
    assert cmds.lines == ["IPL 190"]
    assert not user.cp_mode and s.status() == "RUNNING"
    s.enter("#cp logoff")
    s.enter("logon cmsuser cms noipl")
    assert cmds.lines == ["IPL 190", "logoff"]
    assert s.status() == "CP READ"
    system.logoff(system.find("CMSUSER"))


def test_disconnected_vm_reading_its_console_is_logged_off(manager, system, cmds):
    s = connect(manager)
    user = logon(s)
    user.disconnect_timeout = 3600.0             # the timer must not fire during the test
    s.enter("begin")
    s.enter("#cp disconn")
    assert user._dsc_timer is None               # not reading: no time limit
    assert start_console(user, READ, count=10) == 0
    assert user._dsc_timer is not None
    user.disconnected_timeout()                  # what the timer calls when time is up
    assert system.find("ALICE") is None
    assert any("USER DSC LOGOFF AS ALICE    USERS = 000 FORCED" in l for l in system.logged)


def test_reconnect_stops_the_logoff_timer(manager, system, cmds):
    s = connect(manager)
    user = logon(s)
    user.disconnect_timeout = 3600.0
    s.enter("begin")
    assert start_console(user, READ, count=10) == 0
    s.enter("#cp disconn")
    timer = user._dsc_timer
    assert timer is not None
    s.enter("logon alice secret")
    assert s.has("RECONNECTED AT") and user._dsc_timer is None and timer.finished.is_set()


# ------------------------------------------------------------------ what cp.commands asks of terminals
def _until(pred, timeout=10.0):
    import time
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_read_password_for_a_command(system, cmds):
    manager = TerminalManager(system, more_delay=None)         # threaded, as in service
    s = connect(manager)
    s.enter("logon alice secret")
    _until(lambda: s.has("LOGON AT"))
    s.enter("linkpw")
    _until(lambda: s.has("ENTER READ PASSWORD:"))
    assert s.screen.attr[21 * 80 + 79] & 0x0C == FA_NONDISPLAY
    s.enter("RPASS")
    _until(lambda: s.has("PASSWORD OK"))
    assert not s.has("RPASS")
    _until(lambda: s.screen.attr[21 * 80 + 79] & 0x0C != FA_NONDISPLAY)
    s.enter("linkpw")
    _until(lambda: s.has("ENTER READ PASSWORD:") and s.screen.attr[21 * 80 + 79] & 0x0C)
    s.key(AID_CLEAR)                                            # no password: None
    _until(lambda: s.has("PASSWORD WRONG True"))


def test_read_password_on_a_line_terminal(system, cmds):
    manager = TerminalManager(system, more_delay=None)
    s = connect(manager, kind=KIND_LINE)
    s.owner.input_line("logon bob pw2")
    _until(lambda: any(l.startswith("LOGON AT") for l in s.lines))
    s.owner.input_line("linkpw")
    _until(lambda: "ENTER READ PASSWORD:" in s.lines)
    s.owner.input_line("RPASS")
    _until(lambda: "PASSWORD OK" in s.lines)


def test_operator_read_password():
    import io
    from cp.operator import OperatorConsole
    from test_cp_terminal_support import Commands
    import cp.commands
    system = make_system()
    out = io.StringIO()
    con = OperatorConsole(system, stdin=io.StringIO("linkpw\nRPASS\n"), stdout=out)
    old = getattr(cp.commands, "execute", None)
    cp.commands.execute = Commands()
    try:
        con.logon()
        con.run()
    finally:
        if old is None:
            del cp.commands.execute
        else:
            cp.commands.execute = old
        system.logoff(system.find("OPERATOR"))
    assert "ENTER READ PASSWORD:" in out.getvalue() and "PASSWORD OK" in out.getvalue()


def test_sleep_ends_with_a_key(manager, cmds):
    s = connect(manager)
    user = logon(s)
    s.enter("sleep")
    assert user.sleeping
    s.enter("q t")                      # wakes; the line itself is dropped
    assert not user.sleeping and "q t" not in cmds.lines
    s.enter("q n")
    assert cmds.lines[-1] == "q n"


def test_disabled_lines(manager, system, cmds):
    system.disabled_lines = {0x0C0}
    from test_cp_terminal_support import FakeSession
    refused = FakeSession()
    assert manager.route(refused) is None
    system.disabled_lines = set()
    s = connect(manager)
    logon(s)
    system.enabled = False              # DISABLE ALL: lines go as their users leave
    s.enter("logoff")
    assert s.closed


def test_attention_in_cp_mode_is_request(manager, cmds):
    """user.attention() in CP mode (the REQUEST command) reflects it to the VM; the
    terminal's own attention key in CP mode does nothing."""
    s = connect(manager, kind=KIND_LINE)
    user = logon(s)
    s.owner.attention_key()
    assert take_csw(user) is None and user.cp_mode
    user.attention()
    dev, unit, _ = take_csw(user)
    assert dev == CONSOLE and unit & UNIT_ATTENTION


def test_console_statement_device_types():
    from types import SimpleNamespace as NS
    from cp.vdev.console import VirtualConsole
    user = NS(console=None)
    assert VirtualConsole.from_directory(user, NS(vaddr=0x01F, devtype="3215")).devnum == 0x01F
    assert user.console.devtype == 0x3215
    assert VirtualConsole.from_directory(user, NS(vaddr=0x009, devtype=0x1052)).devnum == 9
    with pytest.raises(ValueError, match="not a console"):
        VirtualConsole.from_directory(user, NS(vaddr=0x009, devtype=0x3330))


def test_logon_messages_from_building_the_vm_stay(manager, system, monkeypatch):
    real = system.attach_directory_devices

    def noisy(user):
        user.say("DMKLOG999I A DEVICE COMPLAINED")
        return real(user)
    monkeypatch.setattr(system, "attach_directory_devices", noisy)
    s = connect(manager)
    logon(s)
    text = "\n".join(s.text())
    assert "DMKLOG999I A DEVICE COMPLAINED" in text and "LOGON AT" in text
