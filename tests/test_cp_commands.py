"""CP commands through execute(): the table and its abbreviations, privilege classes,
SET EMSG, QUERY, SET, MSG/WNG/SMSG, LOGOFF/DISCONN, TERMINAL, INDICATE, ECHO and the
operator's FORCE, ENABLE, AUTOLOG, SHUTDOWN -- on a real CPSystem with real virtual
machines (tests/cp_fakes.py stands in for the directory and the terminals)."""

import re

import pytest

from cp.commands import execute, table
from cp.commands.common import Operands
from cp_fakes import Terminal, entry, logon, make_system, run

STAMP = r"\d\d:\d\d:\d\d [A-Z]{1,3} (MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY \d\d/\d\d/\d\d"


@pytest.fixture
def system():
    return make_system()


@pytest.fixture
def user1(system):
    return logon(system, "USER1", "PASS1", "GRAF 0C1")


@pytest.fixture
def op(system):
    return logon(system, "OPERATOR", "OPERATOR", "GRAF 0C0")


# ------------------------------------------------------------------ the table
@pytest.mark.parametrize("cmd", table.commands(), ids=lambda c: c.name)
def test_minimum_abbreviation_names_the_command(cmd):
    assert table.lookup(cmd.name).name == cmd.name
    assert table.lookup(cmd.name[:cmd.min_abbrev].lower()).name == cmd.name
    if cmd.min_abbrev > 1:
        shorter = table.lookup(cmd.name[:cmd.min_abbrev - 1])
        assert shorter is None or shorter.name != cmd.name


def test_synonyms_are_rows_of_their_own():
    names = {c.name for c in table.commands()}
    assert {"LOGOFF", "LOGOUT", "MESSAGE", "MSG", "WARNING", "WNG", "REQUEST", "ATTN"} <= names
    assert table.lookup("LOGOUT").handler is table.lookup("LOGOFF").handler
    assert table.lookup("M").name == "MESSAGE"
    assert table.lookup("Q").name == "QUERY"
    assert table.lookup("D").name == "DISPLAY"
    assert table.lookup("DISC").name == "DISCONN"
    assert table.lookup("QUERYX") is None


def test_a_group_that_fails_to_import_is_skipped(caplog):
    rows = table.load(("no_such_group", "query"))
    assert [r.name for r in rows] == ["QUERY"]
    assert "no_such_group" in caplog.text


def test_operands_keep_the_raw_text():
    a = Operands("USER1   hello   there ")
    assert list(a) == ["USER1", "hello", "there"]
    assert a.rest(1) == "  hello   there "
    assert a.rest(0) == "USER1   hello   there "


# ------------------------------------------------------------------ execute, classes, EMSG
def test_empty_line_does_nothing(user1):
    u, t = user1
    assert run(u, "") == (0, [])
    assert run(u, "   ") == (0, [])


def test_unknown_command(user1):
    u, _ = user1
    assert run(u, "FROBNICATE") == (1, ["DMKCFM001E UNKNOWN CP COMMAND"])


def test_too_short_abbreviation_is_unknown(user1):
    u, _ = user1
    assert run(u, "QUER TIME")[0] == 0
    assert run(u, "TER MODE CP") == (1, ["DMKCFM001E UNKNOWN CP COMMAND"])


def test_class_g_user_refused_operator_commands_as_unknown(user1, op):
    u, _ = user1
    for line in ("FORCE OPERATOR", "SHUTDOWN", "ENABLE ALL", "WNG ALL HI", "AUTOLOG USER2 PASS2",
                 "ATTACH 130 TO USER1", "ACNT ALL"):
        assert run(u, line) == (1, ["DMKCFM001E UNKNOWN CP COMMAND"]), line
    assert u.system.find("OPERATOR") is not None


def test_default_out_is_the_users_terminal(user1):
    u, t = user1
    assert execute(u, "BOGUS") == 1
    assert t.take() == ["DMKCFM001E UNKNOWN CP COMMAND"]


@pytest.mark.parametrize("setting,expect", [
    ("ON", ["DMKCFM001E UNKNOWN CP COMMAND"]),
    ("TEXT", ["UNKNOWN CP COMMAND"]),
    ("CODE", ["DMKCFM001E"]),
    ("OFF", []),
])
def test_set_emsg_variants(user1, setting, expect):
    u, _ = user1
    assert run(u, f"SET EMSG {setting}") == (0, [])
    assert u.settings.emsg == setting
    assert run(u, "NOSUCH") == (1, expect)


def test_set_emsg_bad_value(user1):
    u, _ = user1
    assert run(u, "SET EMSG LOUD") == (2, ["DMKCFM002E INVALID OPERAND - LOUD"])
    assert u.settings.emsg == "ON"


# ------------------------------------------------------------------ QUERY
def test_query_time(user1):
    u, _ = user1
    rc, lines = run(u, "Q T")
    assert rc == 0 and len(lines) == 2
    assert re.fullmatch(f"TIME IS {STAMP}", lines[0])
    assert re.fullmatch(r"CONNECT= \d\d:\d\d:\d\d VIRTCPU= \d{3}:\d\d\.\d\d TOTCPU= \d{3}:\d\d\.\d\d",
                        lines[1])


def test_query_users_names_and_userid(system, user1, op):
    u, _ = user1
    system.disconnect(op[0])
    assert run(u, "QUERY USERS") == (0, ["002 USERS, 000 DIALED"])
    assert run(u, "Q N") == (0, ["OPERATOR - DSC , USER1    - 0C1"])
    assert run(u, "Q OPERATOR") == (0, ["OPERATOR - DSC"])
    assert run(u, "Q USER1") == (0, ["USER1    - 0C1"])
    assert run(u, "Q USERS USER1") == (0, ["USER1    - 0C1"])
    assert run(u, "Q USER2") == (45, ["DMKCFM045E USER2 NOT LOGGED ON"])
    assert run(u, "Q") == (26, ["DMKCFM026E OPERAND MISSING OR INVALID"])


def test_query_virtual_lines(user1):
    from s370.devices.base import Device
    u, _ = user1
    vm = u.vm
    cons = Device(0x009, 0x3215)
    disk = Device(0x191, 0x3330)
    disk.volser, disk.cyls, disk.read_only = "VMUSR1", 5, False
    s190 = Device(0x190, 0x3330)
    s190.volser, s190.cyls, s190.read_only = "CMS190", 85, True
    prt = Device(0x00E, 0x1403)
    for v, d in ((0x009, cons), (0x191, disk), (0x190, s190), (0x00E, prt)):
        vm.attach(v, d)
    rc, lines = run(u, "Q V")
    assert rc == 0
    assert lines == ["STORAGE = 01024K",
                     "CONS 009 ON GRAF 0C1",
                     "PRT  00E CL A  NOCONT NOHOLD COPY 01    READY",
                     "     00E FOR USER1    DIST USER1   ",
                     "DASD 190 3330 CMS190 R/O 085 CYL",
                     "DASD 191 3330 VMUSR1 R/W 005 CYL"]
    assert run(u, "Q V DASD") == (0, lines[4:])
    assert run(u, "Q VIRTUAL STOR") == (0, ["STORAGE = 01024K"])
    assert run(u, "Q V 191") == (0, ["DASD 191 3330 VMUSR1 R/W 005 CYL"])
    assert run(u, "Q V 192") == (40, ["DMKCFM040E DEV 192 DOES NOT EXIST"])
    assert run(u, "Q V UR") == (0, lines[2:4])
    assert run(u, "Q V CONS") == (0, ["CONS 009 ON GRAF 0C1"])


def test_query_virtual_dasd_volser_from_the_systems_volumes(system, user1):
    from s370.devices.base import Device
    u, _ = user1
    image = object()
    system.volumes["VMREL6"] = image
    disk = Device(0x131, 0x3330)
    disk.image, disk.cyls, disk.read_only = image, 404, False
    u.vm.attach(0x131, disk)
    assert run(u, "Q V 131") == (0, ["DASD 131 3330 VMREL6 R/W 404 CYL"])


def test_query_virtual_uses_the_devices_own_line(user1):
    from s370.devices.base import Device
    u, _ = user1

    class Own(Device):
        def query_line(self, vaddr):
            return f"RDR  {vaddr:03X} CL * NOCONT NOHOLD EOF      READY"
    u.vm.attach(0x00C, Own(0x00C, 0x3505))
    assert run(u, "Q V 00C") == (0, ["RDR  00C CL * NOCONT NOHOLD EOF      READY"])


def test_query_set_and_terminal_follow_the_settings(user1):
    u, _ = user1
    run(u, "SET MSG OFF")
    run(u, "SET RUN ON")
    rc, lines = run(u, "Q SET")
    assert rc == 0
    assert lines[0] == "MSG OFF, WNG ON , EMSG ON, ACNT OFF, RUN ON "
    assert lines[2] == "IMSG ON , SMSG OFF"
    run(u, "TERM LINEND !")
    assert run(u, "Q TERM")[1][0] == "LINEND !, LINEDEL \u00a2, CHARDEL @, ESCAPE \""


def test_set_and_query_pf_keys(user1):
    u, _ = user1
    assert run(u, "SET PF03 IMMED Q  TIME") == (0, [])
    assert u.settings.pf[3] == ("Q  TIME", True)
    assert run(u, "SET PF4 LOGOFF") == (0, [])
    assert run(u, "Q PF03") == (0, ["PF03 IMMED Q  TIME"])
    assert run(u, "Q PF4") == (0, ["PF04 DELAYED LOGOFF"])
    assert run(u, "Q PF5") == (0, ["PF05 UNDEFINED"])
    assert len(run(u, "Q PF")[1]) == 24
    run(u, "SET PF03")
    assert run(u, "Q PF3") == (0, ["PF03 UNDEFINED"])


def test_query_cpuid(user1):
    u, _ = user1
    assert run(u, "Q CPUID") == (0, ["CPUID = FF01234531580000"])


def test_set_various_flags(user1):
    u, _ = user1
    for line, name, value in (("SET WNG OFF", "wng", False), ("SET IMSG OFF", "imsg", False),
                              ("SET SMSG ON", "smsg", True), ("SET LINEDIT OFF", "linedit", False),
                              ("SET TIMER REAL", "timer", "REAL"), ("SET RUN ON", "run", True)):
        assert run(u, line) == (0, []), line
        assert getattr(u.settings, name) == value
    assert run(u, "SET MSG MAYBE") == (2, ["DMKCFM002E INVALID OPERAND - MAYBE"])
    assert run(u, "SET") == (26, ["DMKCFM026E OPERAND MISSING OR INVALID"])
    assert run(u, "SET NOTHING ON") == (2, ["DMKCFM002E INVALID OPERAND - NOTHING"])


def test_set_ecmode_resets_the_machine(user1):
    u, _ = user1
    u.vm.sd.set_gpr(3, 7)
    u.vm.stopped = False
    assert run(u, "SET ECMODE ON") == (0, [])
    assert u.vm.ecmode is True and u.vm.stopped


def test_set_logmsg_is_the_operators(user1, op):
    u, _ = user1
    o, _ = op
    assert run(u, "SET LOGMSG 1 HELLO") == (2, ["DMKCFM002E INVALID OPERAND - LOGMSG"])
    assert run(o, "SET LOGMSG 1 SYSTEM UP UNTIL 17:00") == (0, [])
    assert run(o, "SET LOGMSG 2 BACKUP AT NOON") == (0, [])
    assert run(u, "Q LOGMSG") == (0, ["SYSTEM UP UNTIL 17:00", "BACKUP AT NOON"])
    run(o, "SET LOGMSG 1")
    assert run(u, "Q LOG") == (0, ["BACKUP AT NOON"])
    run(o, "SET LOGMSG OFF")
    assert run(u, "Q LOGMSG") == (0, [])


# ------------------------------------------------------------------ messages
def test_msg_between_two_users(system, user1):
    u1, t1 = user1
    u2, t2 = logon(system, "USER2", "PASS2", "GRAF 0C2")
    assert run(u1, "MSG USER2 hello  there") == (0, [])
    assert t2.take() == ["MSG FROM USER1   :  hello  there"]
    assert run(u2, "M user1 back") == (0, [])
    assert t1.take() == ["MSG FROM USER2   :  back"]
    assert run(u1, "MSG * me") == (0, [])
    assert t1.take() == ["MSG FROM USER1   :  me"]


def test_msg_refusals(system, user1):
    u1, _ = user1
    u2, t2 = logon(system, "USER2", "PASS2")
    assert run(u1, "MSG MAINT hi") == (45, ["DMKCFM045E MAINT NOT LOGGED ON"])
    assert run(u1, "MSG") == (20, ["DMKCFM020E USERID MISSING OR INVALID"])
    assert run(u1, "MSG ALL hi") == (20, ["DMKCFM020E USERID MISSING OR INVALID"])
    run(u2, "SET MSG OFF")
    assert run(u1, "MSG USER2 hi") == (57, ["DMKMSG057W USER2 NOT RECEIVING; MSG OFF"])
    assert t2.take() == []
    run(u2, "SET MSG ON")
    system.disconnect(u2)
    assert run(u1, "MSG USER2 hi") == (57, ["DMKMSG057W USER2 NOT RECEIVING; DISCONNECTED"])


def test_msg_operator_and_wng_all(system, user1, op):
    u1, t1 = user1
    o, to = op
    assert run(u1, "MSG OPERATOR help") == (0, [])
    assert to.take() == ["MSG FROM USER1   :  help"]
    u2, t2 = logon(system, "USER2", "PASS2")
    run(u2, "SET WNG OFF")
    assert run(o, "WNG ALL system going down") == (0, [])
    assert t1.take() == ["WNG FROM OPERATOR:  system going down"]
    assert t2.take() == []
    assert to.take() == []
    assert run(o, "WARNING USER2 now") == (57, ["DMKMSG057W USER2 NOT RECEIVING; WNG OFF"])


def test_smsg(system, user1):
    u1, _ = user1
    u2, _ = logon(system, "USER2", "PASS2")
    assert run(u1, "SMSG USER2 GO") == (57, ["DMKMSG057W USER2 NOT RECEIVING; SMSG OFF"])
    calls = []
    system.smsg = lambda sender, target, text: calls.append((sender.userid, target.userid, text))
    run(u2, "SET SMSG ON")
    assert run(u1, "SM USER2 GO  NOW") == (0, [])
    assert calls == [("USER1", "USER2", "GO  NOW")]


# ------------------------------------------------------------------ session
def test_logoff(system, user1):
    u, t = user1
    assert run(u, "LOG") == (0, [])              # the session's lines go to the terminal
    lines = t.lines[-2:]
    assert re.fullmatch(r"CONNECT= 00:00:\d\d VIRTCPU= 000:00\.\d\d TOTCPU= 000:00\.\d\d", lines[0])
    assert re.fullmatch(f"LOGOFF AT {STAMP}", lines[1])
    assert t.closed
    assert system.find("USER1") is None


def test_logout_hold_and_bad_operand(system, user1):
    u, _ = user1
    assert run(u, "LOGOFF NOW") == (2, ["DMKCFM002E INVALID OPERAND - NOW"])
    assert system.find("USER1") is u
    assert run(u, "LOGOUT HOLD")[0] == 0
    assert u.hold_line is True and system.find("USER1") is None


def test_disconn(system, user1):
    u, t = user1
    assert run(u, "DISC") == (0, [])
    assert re.fullmatch(f"DISCONNECT AT {STAMP}", t.lines[-1])
    assert t.closed and u.terminal is None
    assert system.find("USER1") is u


def test_terminal_settings(user1):
    u, _ = user1
    assert run(u, "TERMINAL LINEND ! CHARDEL OFF") == (0, [])
    assert u.settings.linend == "!" and u.settings.chardel == ""
    assert run(u, "TERM LINEND ON MODE CP") == (0, [])
    assert u.settings.linend == "#" and u.settings.terminal_mode == "CP"
    assert run(u, "TERM LINESIZE 132 APL ON") == (0, [])
    assert u.settings.linesize == 132 and u.settings.apl is True
    assert run(u, "TERM MODE XX") == (2, ["DMKCFM002E INVALID OPERAND - XX"])
    assert run(u, "TERM LINEND") == (26, ["DMKCFM026E OPERAND MISSING OR INVALID"])
    assert run(u, "TERM COLOUR RED") == (2, ["DMKCFM002E INVALID OPERAND - COLOUR"])


def test_sleep(user1):
    u, _ = user1
    assert run(u, "SLEEP 2 MIN") == (0, [])
    assert u.sleeping and (u.sleep_until - u.system.now()).total_seconds() > 100
    assert run(u, "SL") == (0, [])
    assert u.sleep_until is None
    assert run(u, "SLEEP X") == (2, ["DMKCFM002E INVALID OPERAND - X"])


def test_echo_mode(user1):
    u, _ = user1
    assert run(u, "ECHO 2")[0] == 0
    assert run(u, "abc") == (0, ["abc", "abc"])
    assert run(u, "END") == (0, [])
    assert run(u, "abc") == (1, ["DMKCFM001E UNKNOWN CP COMMAND"])


def test_indicate(system, user1):
    u, _ = user1
    rc, lines = run(u, "IND USER")
    assert rc == 0
    assert re.fullmatch(r"VTIME=\d{3}:\d\d\.\d\d TTIME=\d{3}:\d\d\.\d\d SIO=\d{6} INST=\d{10}", lines[0])
    assert lines[1].startswith("INTERCEPTS: ")
    rc, lines = run(u, "INDICATE")
    assert lines == ["CPU-000% Q1-00 Q2-01 STORAGE-001024K USERS-001"]


# ------------------------------------------------------------------ operator
def test_force(system, user1, op):
    u, t = user1
    o, _ = op
    rc, lines = run(o, "FORCE USER1")
    assert rc == 0
    assert lines == ["GRAF 0C1 LOGOFF AS USER1    USERS = 001 FORCED"]
    assert re.fullmatch(f"LOGOFF AT {STAMP} BY SYSTEM", t.take()[-1])
    assert system.find("USER1") is None
    assert run(o, "FORCE USER1") == (45, ["DMKCFM045E USER1 NOT LOGGED ON"])


def test_force_disconnected_user(system, user1, op):
    u, _ = user1
    o, _ = op
    system.disconnect(u)
    assert run(o, "FORCE USER1") == (0, ["USER DSC LOGOFF AS USER1    USERS = 001 FORCED"])


def test_enable_disable(system, op):
    o, _ = op
    assert run(o, "ENABLE ALL") == (0, ["COMMAND COMPLETE"])
    assert system.enabled is True
    assert run(o, "DISABLE 0C3 0C4") == (0, ["COMMAND COMPLETE"])
    assert system.disabled_lines == {0x0C3, 0x0C4}
    assert run(o, "ENA 0C3") == (0, ["COMMAND COMPLETE"])
    assert system.disabled_lines == {0x0C4}
    assert run(o, "DISA ALL") == (0, ["COMMAND COMPLETE"])
    assert system.enabled is False
    assert run(o, "ENABLE XYZW") == (2, ["DMKCFM002E INVALID OPERAND - XYZW"])


def test_autolog(system, op):
    o, _ = op
    assert run(o, "AUTOLOG USER2 PASS2") == (
        0, ["AUTO LOGON   ***   USER2    USERS = 002  BY  OPERATOR"])
    u2 = system.find("USER2")
    assert u2 is not None and u2.terminal is None
    assert run(o, "AUTOLOG USER2 PASS2") == (54, ["DMKLOG054E ALREADY LOGGED ON USER DSC"])
    assert run(o, "AUTOLOG MAINT WRONG") == (50, ["DMKLOG050E PASSWORD INCORRECT - REENTER LOGON"])
    assert run(o, "AUTOLOG NOBODY X") == (53, ["DMKLOG053E NOBODY NOT IN CP DIRECTORY"])


def test_shutdown_logs_everyone_off(system, user1, op):
    o, _ = op
    rc, lines = run(o, "SHUTDOWN")
    assert rc == 0
    assert lines == ["DMKCKP960I SYSTEM WARM START DATA SAVED", "DMKCKP961W SYSTEM SHUTDOWN COMPLETE"]
    assert system.users == {}


def test_shutdown_calls_the_systems_own(system, op):
    o, _ = op
    calls = []
    system.shutdown = lambda **kw: calls.append(kw)
    assert run(o, "SHUTDOWN REIPL")[0] == 0
    assert calls == [{"reipl": True}]


def test_acnt(system, user1, op):
    o, _ = op
    seen = []
    system.account = seen.append
    assert run(o, "ACNT ALL") == (0, ["COMMAND COMPLETE"])
    assert run(o, "ACNT USER1") == (0, ["COMMAND COMPLETE"])
    assert seen == [["OPERATOR", "USER1"], ["USER1"]]
    assert run(o, "ACNT USER2") == (45, ["DMKCFM045E USER2 NOT LOGGED ON"])
