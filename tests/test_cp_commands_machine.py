"""CP commands that act on the virtual machine: DISPLAY/STORE against a real
VirtualMachine's storage and registers, DUMP, IPL/BEGIN/SYSTEM/EXTERNAL/READY, DEFINE,
DETACH, LINK, ATTACH, TRACE and ADSTOP (with the dispatcher's trace_event hook)."""

import numpy as np
import pytest

from s370.cpu import layout as L
from s370.devices.base import Device
from sie import Intercept

from cp.commands.trace import trace_event
from cp_fakes import entry, logon, make_system, run
from types import SimpleNamespace


@pytest.fixture
def system():
    return make_system()


@pytest.fixture
def user(system):
    return logon(system, "USER1", "PASS1", "GRAF 0C1")[0]


@pytest.fixture
def op(system):
    return logon(system, "OPERATOR", "OPERATOR")[0]


# ------------------------------------------------------------------ DISPLAY / STORE
def test_store_then_display_round_trip(user):
    assert run(user, "STORE 100 C1C2C3C4 1") == (0, [])
    assert user.vm.sd.read(0x100, 8) == bytes.fromhex("C1C2C3C400000001")
    assert run(user, "D 100-107") == (0, ["000100  C1C2C3C4 00000001"])
    assert run(user, "DISPLAY L102") == (0, ["000100  C1C2C3C4"])
    assert run(user, "D 100.8") == (0, ["000100  C1C2C3C4 00000001"])
    rc, lines = run(user, "D T104.4")
    assert lines == ["000100  C1C2C3C4 00000001 00000000 00000000  *ABCD            *"]


def test_display_suppresses_equal_lines(user):
    assert run(user, "D 0-3F") == (0, ["000000  00000000 00000000 00000000 00000000",
                                       "000010 TO 00003F SUPPRESSED LINE(S) SAME AS ABOVE"])
    run(user, "STORE 30 FF")
    assert run(user, "D 0:3F") == (0, ["000000  00000000 00000000 00000000 00000000",
                                       "000010 TO 00002F SUPPRESSED LINE(S) SAME AS ABOVE",
                                       "000030  000000FF 00000000 00000000 00000000"])


def test_display_beyond_storage_and_bad_hexloc(user):
    assert run(user, "D 100000") == (160, ["DMKCDB160E HEXLOC 100000 EXCEEDS STORAGE"])
    assert run(user, "STORE FFFFC 1 2") == (160, ["DMKCDB160E HEXLOC 100000 EXCEEDS STORAGE"])
    assert run(user, "D ZZ") == (4, ["DMKCDB004E INVALID HEXLOC - ZZ"])
    assert run(user, "D 200-100") == (9, ["DMKCDB009E INVALID RANGE - 200-100"])
    assert run(user, "STORE 100 XYZ") == (5, ["DMKCDB005E INVALID HEXDATA - XYZ"])
    assert run(user, "STORE 100") == (34, ["DMKCDB034E HEXDATA MISSING OR INVALID"])
    # the last lines of storage are displayed up to its end
    assert run(user, "D FFFF0-") == (0, ["0FFFF0  00000000 00000000 00000000 00000000"])


def test_registers(user):
    assert run(user, "STORE G5 12345678 9") == (0, [])
    assert user.vm.sd.get_gpr(5) == 0x12345678 and user.vm.sd.get_gpr(6) == 9
    assert run(user, "D G5") == (0, ["GPR  5 = 12345678"])
    assert run(user, "D G4-7") == (0, ["GPR  4 = 00000000 12345678 00000009 00000000"])
    rc, lines = run(user, "D G")
    assert len(lines) == 4 and lines[1] == "GPR  4 = 00000000 12345678 00000009 00000000"
    assert run(user, "STORE Y2 4110000000000000") == (0, [])
    assert run(user, "D Y2") == (0, ["FPR  2 = 4110000000000000"])
    assert run(user, "STORE X1 00123000") == (0, [])
    assert run(user, "D X1") == (0, ["CR   1 = 00123000"])
    assert run(user, "D G5-3") == (10, ["DMKCDB010E INVALID REGISTER - G5-3"])
    assert run(user, "STORE Y3 0") == (10, ["DMKCDB010E INVALID REGISTER - Y3"])


def test_psw_caw_csw(user):
    assert run(user, "STORE PSW 00000000 00001000") == (0, [])
    assert run(user, "D PSW") == (0, ["PSW = 00000000 00001000"])
    assert run(user, "STORE PSW 00002000") == (0, [])
    assert user.vm.sd.ia == 0x2000
    assert run(user, "STORE CAW 00003000") == (0, [])
    assert run(user, "D CAW") == (0, ["CAW = 00003000"])
    assert run(user, "STORE CSW 00003008 0C000000") == (0, [])
    assert run(user, "D CSW") == (0, ["CSW = 00003008 0C000000"])
    assert run(user, "D PSW CAW") == (0, ["PSW = 00000000 00002000", "CAW = 00003000"])


def test_keys_and_store_status(user):
    sd = user.vm.sd
    sd.set_key(0x800, 0xE0)
    assert run(user, "D K0-FFF") == (0, ["000000 TO 0007FF KEY = 00", "000800 TO 000FFF KEY = E0"])
    sd.set_gpr(15, 0xCAFE)
    assert run(user, "STORE STATUS") == (0, [])
    assert sd.read(0x180 + 60, 4) == (0xCAFE).to_bytes(4, "big")
    assert sd.read(0x100, 8) == sd.psw


def test_prefixed_storage(user):
    user.vm.sd.S[L.PREFIX] = 0x4000
    run(user, "STORE 10 AABBCCDD")
    assert user.vm.sd.read(0x4010, 4) == bytes.fromhex("AABBCCDD")
    assert user.vm.sd.read(0x10, 4) == bytes(4)
    assert run(user, "D 4010") == (0, ["004010  00000000"])
    assert run(user, "D 10") == (0, ["000010  AABBCCDD"])


def test_dump_needs_a_printer(user):
    assert run(user, "DUMP G") == (40, ["DMKCFM040E DEV 00E DOES NOT EXIST"])

    class Printer(Device):
        def __init__(self):
            super().__init__(0x00E, 0x1403)
            self.lines, self.closed = [], 0

        def print_line(self, text):
            self.lines.append(text)

        def close_file(self):
            self.closed += 1
    prt = Printer()
    user.vm.attach(0x00E, prt)
    user.vm.sd.set_gpr(1, 0x11)
    assert run(user, "DUMP G0-3") == (0, ["COMMAND COMPLETE"])
    assert prt.lines[0].startswith("VM/370 DUMP OF USER1 AT ")
    assert prt.lines[1] == "GPR  0 = 00000000 00000011 00000000 00000000"
    assert prt.closed == 1


# ------------------------------------------------------------------ running
def test_ipl_refusals(user):
    assert run(user, "IPL") == (26, ["DMKCFM026E OPERAND MISSING OR INVALID"])
    assert run(user, "IPL 190") == (40, ["DMKCFM040E DEV 190 DOES NOT EXIST"])
    assert run(user, "I CMS") == (44, ["DMKCFG044E SYSTEM CMS DOES NOT EXIST"])
    assert run(user, "IPL 190 NOW") == (2, ["DMKCFM002E INVALID OPERAND - NOW"])


def test_ipl_named_system_resumes_the_machine(system, user):
    calls, kicked = [], []
    system.ipl = lambda u, name, clear=False: calls.append((u.userid, name, clear))
    system.dispatcher = SimpleNamespace(kick=kicked.append, add=lambda u: None,
                                        remove=lambda u: None)
    assert run(user, "IPL CMS CLEAR PARM AUTOCR  X") == (0, [])
    assert calls == [("USER1", "CMS", True)]
    assert user.vm.ipl_parm == "AUTOCR  X"
    assert kicked == [user] and not user.vm.stopped and not user.cp_mode


def test_begin_system_and_external(user):
    vm = user.vm
    assert run(user, "BEGIN 2000") == (0, [])
    assert vm.sd.ia == 0x2000 and not vm.stopped
    assert run(user, "B 100000") == (160, ["DMKCDB160E HEXLOC 100000 EXCEEDS STORAGE"])
    vm.sd.load(0x500, b"\x12\x34")
    assert run(user, "SYSTEM RESET") == (0, ["SYSTEM RESET"])
    assert vm.stopped and vm.sd.read(0x500, 2) == b"\x12\x34"
    assert run(user, "SYS CLEAR") == (0, ["STORAGE CLEARED - SYSTEM RESET"])
    assert vm.sd.read(0x500, 2) == b"\x00\x00"
    assert run(user, "SYSTEM RESTART") == (0, [])
    assert vm.sd.S[L.RESTART_PENDING] == 1 and not vm.stopped
    assert run(user, "SYSTEM") == (26, ["DMKCFM026E OPERAND MISSING OR INVALID"])
    assert run(user, "EXT") == (0, [])
    assert list(vm.sd.ext_queue)[-1][0] == 0x40
    assert run(user, "EXTERNAL 1004") == (0, [])
    assert list(vm.sd.ext_queue)[-1][0] == 0x1004
    assert run(user, "EXTERNAL 0") == (2, ["DMKCFM002E INVALID OPERAND - 0"])


def test_ready_notready_request(user):
    seen = []
    dev = Device(0x181, 0x3420)
    user.vm.attach(0x181, dev)
    dev.on_attention = lambda d, status: seen.append(status)
    assert run(user, "NOTREADY 181") == (0, []) and dev.not_ready
    assert run(user, "READY 181") == (0, []) and not dev.not_ready
    assert seen[-1] == 0x04
    assert run(user, "READY 182") == (40, ["DMKCFM040E DEV 182 DOES NOT EXIST"])
    cons = Device(0x009, 0x3215)
    user.vm.attach(0x009, cons)
    cons.on_attention = lambda d, status: seen.append(("cons", status))
    assert run(user, "REQ") == (0, [])
    assert seen[-1] == ("cons", 0x80)


# ------------------------------------------------------------------ DEFINE / DETACH
def test_define_storage(user):
    assert run(user, "DEFINE STORAGE 2M") == (0, ["STORAGE = 02048K"])
    assert user.vm.storage == 2 << 20 and user.vm.stopped
    assert run(user, "DEF STOR 512K") == (0, ["STORAGE = 00512K"])
    assert run(user, "DEF STORAGE 32M") == (25, ["DMKDEF025E STORAGE MISSING OR INVALID"])
    assert run(user, "DEF STORAGE LOTS") == (25, ["DMKDEF025E STORAGE MISSING OR INVALID"])


def test_define_storage_up_to_the_directory_maximum():
    system = make_system(entry("SMALL", "PW", "G", storage=512 << 10, max_storage=1 << 20))
    u = logon(system, "SMALL", "PW")[0]
    assert run(u, "DEF STOR 1M") == (0, ["STORAGE = 01024K"])
    assert run(u, "DEF STOR 2M") == (25, ["DMKDEF025E STORAGE MISSING OR INVALID"])


def test_define_devices_through_the_system(system, user):
    assert run(user, "DEFINE READER 00C") == (0, ["RDR 00C DEFINED"])
    assert run(user, "DEF PRT 00F") == (0, ["PRT 00F DEFINED"])
    assert run(user, "DEF T3330 1A0 CYL 10") == (0, ["DASD 1A0 DEFINED"])
    assert user.vm.device(0x00C).devtype in (0x2540, 0x3505)
    assert user.vm.device(0x00F).devtype == 0x1403
    assert user.vm.device(0x1A0).devtype == 0x3330 and user.vm.device(0x1A0).cyls == 10
    assert run(user, "DEF T3330 1A1 CYL") == (24, ["DMKDEF024E CYLINDERS MISSING OR INVALID"])
    assert run(user, "DEF READER") == (22, ["DMKCFM022E VADDR MISSING OR INVALID"])
    system.define_device = lambda u, kind, vaddr, **opts: "DEFINE GRAF 0C5: NO SUCH THING"
    assert run(user, "DEF GRAF 0C5") == (1, ["DEFINE GRAF 0C5: NO SUCH THING"])


def test_define_as_and_detach(user):
    disk = Device(0x191, 0x3330)
    user.vm.attach(0x191, disk)
    assert run(user, "DEFINE 191 AS 192") == (0, ["DASD 192 DEFINED"])
    assert user.vm.device(0x192) is disk and user.vm.device(0x191) is None
    assert run(user, "DET 192") == (0, ["DASD 192 DETACHED"])
    assert user.vm.device(0x192) is None
    assert run(user, "DETACH 192") == (40, ["DMKCFM040E DEV 192 DOES NOT EXIST"])
    assert run(user, "DETACH") == (22, ["DMKCFM022E VADDR MISSING OR INVALID"])


# ------------------------------------------------------------------ LINK
def _link_system():
    from cp_fakes import Entry
    mdisk = SimpleNamespace(vaddr=0x191, devtype="3330", start_cyl=1, cylinders=5, volser="VMUSR1",
                            mode="WR", read_pw="RPASS", write_pw="WPASS", multi_pw=None, line=1)
    s190 = SimpleNamespace(vaddr=0x190, devtype="3330", start_cyl=30, cylinders=85,
                           volser="CPR6L0", mode="MR", read_pw="ALL", write_pw=None, multi_pw=None,
                           line=2)
    system = make_system(entry("MAINT", "CPCMS", "BCEG", mdisks=[s190, mdisk]),
                         entry("USER1", "PASS1", "G"))
    calls = []

    def link(u, owner, vaddr, as_vaddr, mode, password):
        calls.append((owner, vaddr, as_vaddr, mode, password))
        if mode == "W":         # CPSystem.link's answer: the device and its FORCED R/O notes
            return object(), [(101, dict(vaddr=f"{as_vaddr:03X}", ro=1, ro_users="USER2"))]
        return object(), []
    system.link = link
    return system, calls


def test_link_without_password_where_none_is_needed():
    system, calls = _link_system()
    u = logon(system, "USER1", "PASS1")[0]
    assert run(u, "LINK TO MAINT 190 AS 190 RR") == (0, [])
    assert run(u, "LINK MAINT 190 19A") == (0, [])
    assert calls == [("MAINT", 0x190, 0x190, "RR", None), ("MAINT", 0x190, 0x19A, "R", None)]


def test_link_prompts_for_the_password():
    system, calls = _link_system()
    u, t = logon(system, "USER1", "PASS1")
    t.passwords = ["wpass"]
    assert run(u, "LINK MAINT 191 291 W") == (0, ["DMKLNK101W DASD 291 FORCED R/O; R/O BY 1 USER2"])
    assert t.prompts == ["ENTER WRITE PASSWORD:"]
    assert calls[-1] == ("MAINT", 0x191, 0x291, "W", "wpass")
    assert run(u, "LINK MAINT 191 292 R PASS= RPASS") == (0, [])
    assert run(u, "LINK MAINT 191 293 RR PASS=RPASS") == (0, [])
    assert calls[-2][-1] == "RPASS" and calls[-1][-1] == "RPASS"
    assert t.prompts == ["ENTER WRITE PASSWORD:"]


def test_link_missing_password_without_a_prompt_is_wrong():
    system, calls = _link_system()
    u, t = logon(system, "USER1", "PASS1")
    t.read_password = None
    assert run(u, "LINK MAINT 191 291 R") == (114, ["DMKLNK114E MAINT 191 NOT LINKED; PASSWORD INCORRECT"])
    assert calls == []


def test_link_refusals():
    system, calls = _link_system()
    u = logon(system, "USER1", "PASS1")[0]
    assert run(u, "LINK NOBODY 191 191") == (53, ["DMKLOG053E NOBODY NOT IN CP DIRECTORY"])
    assert run(u, "LINK MAINT 191") == (22, ["DMKCFM022E VADDR MISSING OR INVALID"])
    assert run(u, "LINK") == (20, ["DMKCFM020E USERID MISSING OR INVALID"])

    class Busy(Exception):
        number, fields = 57, {"userid": "MAINT", "reason": "X"}

    def refuse(*a):
        raise Busy()
    system.link = refuse
    assert run(u, "LINK MAINT 190 190 RR") == (57, ["DMKMSG057W MAINT NOT RECEIVING; X"])


# ------------------------------------------------------------------ ATTACH / DETACH (class B)
def test_attach_and_detach_real_devices(system, user, op):
    tape = Device(0x181, 0x3420)
    system.real_devices[0x181] = tape
    calls = []
    system.attach_real = lambda raddr, u, vaddr: calls.append(("A", raddr, u.userid, vaddr))
    system.detach_real = lambda raddr: calls.append(("D", raddr))
    t = user.terminal
    t.take()
    assert run(op, "ATTACH 181 TO USER1 AS 282") == (0, ["TAPE 181 ATTACHED TO USER1    282"])
    assert t.take() == ["TAPE 282 ATTACHED"]
    assert run(op, "ATT 181 USER1 R/O") == (0, ["TAPE 181 ATTACHED TO USER1    181"])
    assert run(op, "ATTACH 182 TO USER1") == (40, ["DMKCFM040E DEV 182 DOES NOT EXIST"])
    assert run(op, "ATTACH 181 TO USER2") == (45, ["DMKCFM045E USER2 NOT LOGGED ON"])
    assert run(op, "DETACH 181 FROM USER1") == (0, ["TAPE 181 DETACHED USER1"])
    assert calls == [("A", 0x181, "USER1", 0x282), ("A", 0x181, "USER1", 0x181), ("D", 0x181)]


def test_class_b_user_detaches_several_own_devices(system):
    maint = logon(system, "MAINT", "CPCMS")[0]
    maint.vm.attach(0x191, Device(0x191, 0x3330))
    maint.vm.attach(0x192, Device(0x192, 0x3330))
    assert run(maint, "DETACH 191 192") == (0, ["DASD 191 DETACHED", "DASD 192 DETACHED"])


def test_query_real_dasd_for_class_b(system, user, op):
    disk = Device(0x130, 0x3330)
    disk.volser = "VMREL6"
    system.real_devices[0x130] = disk
    assert run(op, "Q DASD") == (0, ["DASD 130 VMREL6 FREE"])
    assert run(user, "Q DASD") == (45, ["DMKCFM045E DASD NOT LOGGED ON"])


# ------------------------------------------------------------------ TRACE / ADSTOP
LOOP = bytes.fromhex("1800" "0A05" "1800" "47F01000")     # LR 0,0; SVC 5; LR 0,0; B 1000


NO_SVC = bytes.fromhex("1800" "1800" "1800" "47F01000")   # LR 0,0 three times; B 1000


def _ready_to_run(user, program=LOOP):
    vm = user.vm
    vm.sd.load(0x1000, program)
    vm.sd.set_psw(0x00000000_00001000)
    vm.stopped = False
    return vm


def test_trace_settings_set_the_intercepts(user):
    sd = user.vm.sd
    assert run(user, "TRACE SVC PROG") == (0, [])
    assert 0x0A in sd.opcode_intercepts and 1 in sd.program_intercepts
    assert user.trace.run is False and user.trace.output == "TERMINAL"
    assert run(user, "TR BRANCH RUN PRINTER") == (0, [])
    assert 0x47 in sd.opcode_intercepts and user.trace.run and user.trace.output == "PRINTER"
    assert run(user, "TRACE INST") == (0, []) and sd.single_step
    assert run(user, "TRACE SVC OFF") == (0, [])
    assert 0x0A not in sd.opcode_intercepts and 0x47 in sd.opcode_intercepts
    assert run(user, "TRACE END") == (0, ["TRACE ENDED"])
    assert not sd.opcode_intercepts and not sd.program_intercepts and not sd.single_step
    assert run(user, "TRACE RUN NORUN SVC") == (13, ["DMKCFM013E CONFLICTING OPTION - NORUN"])
    assert run(user, "TRACE WHATEVER") == (2, ["DMKCFM002E INVALID OPERAND - WHATEVER"])


def test_trace_svc_stops_before_the_svc(user):
    vm = _ready_to_run(user)
    t = user.terminal
    t.take()
    run(user, "TRACE SVC")
    code = vm.run_slice(100)
    assert code == Intercept.INSTRUCTION
    assert trace_event(user, code) is False
    line = t.take()[0]
    assert line.startswith("*** 001002 SVC  0A05") and line.rstrip().endswith("SVC   5")
    assert vm.stopped and user.cp_mode


def test_trace_run_keeps_going(user):
    vm = _ready_to_run(user)
    run(user, "TRACE SVC RUN")
    code = vm.run_slice(100)
    assert trace_event(user, code) is True
    assert not vm.stopped
    assert user.terminal.take()[-1].startswith("*** 001002 SVC")


def test_trace_program_interruption_is_reflected(user):
    vm = user.vm
    vm.sd.load(0x1000, bytes.fromhex("0000"))                # operation exception
    vm.sd.load(0x68, bytes.fromhex("000A0000 00002000".replace(" ", "")))   # program new PSW
    vm.sd.set_psw(0x00000000_00001000)
    run(user, "TRACE PROGRAM RUN")
    code = vm.run_slice(100)
    assert code == Intercept.PROGRAM
    assert trace_event(user, code) is True
    assert user.terminal.take()[-1].startswith("*** 001000 PROG 0001")
    assert vm.sd.ia == 0x2000                                  # the guest took it


def test_adstop(user):
    vm = _ready_to_run(user, NO_SVC)
    assert run(user, "ADSTOP 1004") == (0, [])
    assert run(user, "ADSTOP 1003") == (4, ["DMKCDB004E INVALID HEXLOC - 1003"])
    assert run(user, "ADSTO 1004") == (1, ["DMKCFM001E UNKNOWN CP COMMAND"])
    user.terminal.take()
    code = vm.run_slice(100)
    assert code == Intercept.TRACE and vm.sd.ia == 0x1004
    assert trace_event(user, code) is False
    assert user.terminal.take() == ["ADSTOP AT 001004"]
    assert vm.stopped and vm.sd.S[L.BREAK_ADDR] == -1
    assert run(user, "ADSTOP OFF") == (0, [])


# ------------------------------------------------------------------ IPL from a device
class IplDeck(Device):
    """A device whose IPL record is a PSW and a NOP CCW, as a bootstrap card would be."""

    def __init__(self, devnum, psw: bytes):
        super().__init__(devnum, 0x3505)
        self.record = psw + bytes.fromhex("0300000000000001") + bytes(8)

    def execute(self, cmd, data, count):
        from s370.devices.base import Result, UNIT_CE, UNIT_DE
        if cmd == 0x02:
            return Result(UNIT_CE | UNIT_DE, data=self.record)
        return Result(UNIT_CE | UNIT_DE)


def test_ipl_from_a_device_runs_the_machine(system, user):
    kicked = []
    system.dispatcher = SimpleNamespace(kick=kicked.append, add=lambda u: None,
                                        remove=lambda u: None)
    user.vm.attach(0x00C, IplDeck(0x00C, bytes.fromhex("0000000000002000")))
    assert run(user, "IPL 00C") == (0, [])
    vm = user.vm
    assert vm.sd.ia == 0x2000 and not vm.stopped and kicked == [user]
    assert vm.sd.read(2, 2) == b"\x00\x0C"          # the IPL device in the BC PSW


def test_ipl_stop_and_a_failing_ipl(user):
    vm = user.vm
    vm.attach(0x00C, IplDeck(0x00C, bytes.fromhex("0000000000002000")))
    assert run(user, "IPL C STOP") == (0, [])
    assert vm.sd.ia == 0x2000 and vm.stopped
    vm.attach(0x00D, IplDeck(0x00D, bytes.fromhex("8008000000002000")))   # EC PSW, bit 0 set
    rc, lines = run(user, "IPL 00D")
    assert rc == 450 and lines[0].startswith("DMKDSP450W CP ENTERED; IPL PSW 8008000000002000")
    assert vm.stopped


def test_stop_asks_a_running_machine_back(user):
    vm = user.vm
    vm.stopped = False
    assert run(user, "SYSTEM RESET") == (0, ["SYSTEM RESET"])
    assert vm.stopped and vm.sd.exit_requested


def test_set_imsg_off_quiets_informational_responses(user):
    user.vm.attach(0x191, Device(0x191, 0x3330))
    run(user, "SET IMSG OFF")
    assert run(user, "DETACH 191") == (0, [])
    assert user.vm.device(0x191) is None


def test_a_failing_system_part_gives_one_line_not_a_traceback(system, user):
    def broken(*a, **k):
        raise AttributeError("no such part")
    system.define_device = broken
    rc, lines = run(user, "DEFINE READER 00C")
    assert rc == -1 and lines == ["DEFINE FAILED; CP ERROR AttributeError"]
    assert system.logged[-1].startswith("CP COMMAND DEFINE OF USER1 FAILED: AttributeError")


def test_ipl_named_system_refused_enters_cp(system, user):
    calls = []
    system.ipl = lambda u, name, clear=False: calls.append(name) or "SYSTEM CMS NOT SAVED"
    rc, lines = run(user, "IPL CMS")
    assert calls == ["CMS"]
    assert (rc, lines) == (450, ["DMKDSP450W CP ENTERED; SYSTEM CMS NOT SAVED"])


def test_display_all_of_a_large_storage(user):
    run(user, "DEFINE STORAGE 16M")
    run(user, "STORE 800000 DEADBEEF")
    rc, lines = run(user, "D L")
    assert rc == 0
    assert lines == ["000000  00000000 00000000 00000000 00000000",
                     "000010 TO 7FFFFF SUPPRESSED LINE(S) SAME AS ABOVE",
                     "800000  DEADBEEF 00000000 00000000 00000000",
                     "800010  00000000 00000000 00000000 00000000",
                     "800020 TO FFFFFF SUPPRESSED LINE(S) SAME AS ABOVE"]
