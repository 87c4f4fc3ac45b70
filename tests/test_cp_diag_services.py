"""DIAGNOSE X'08' (CP commands), X'14' (reader spool files), X'4C' (accounting),
X'58' (3270 console) and X'64' (saved segments) in a real virtual machine.

cp.commands.execute is h-cmds' part: these tests stand in a recorder for it."""

from types import SimpleNamespace

import pytest

from s370 import ebcdic
from s370.cpu import layout as L
from s370.devices.card import CardReader
from s370.devices.console import Console3215

import cp.commands
from cp.diag.segments import SavedSegment
from cp_diag_harness import make_user, run, restart, ended, program_check, cc_in, gpr, mem

E = ebcdic.encode


@pytest.fixture
def commands(monkeypatch):
    """A stand-in cp.commands.execute: QUERY TIME answers two lines, BAD fails with 1."""
    seen = []

    def execute(user, line, out=None):
        seen.append((line, out is not None))
        say = out if out is not None else (lambda text: seen.append(("SAID", text)))
        if line.upper().startswith("BAD"):
            say("DMKCFM001E UNKNOWN CP COMMAND")
            return 1
        if line.upper() == "QUERY TIME":
            say("TIME IS 13:05:09 EST WEDNESDAY 04/01/81")
            say("CONNECT= 00:00:01 VIRTCPU= 000:00.00 TOTCPU= 000:00.01")
        return 0

    monkeypatch.setattr(cp.commands, "execute", execute, raising=False)
    return seen


LINE1 = "TIME IS 13:05:09 EST WEDNESDAY 04/01/81"
LINE2 = "CONNECT= 00:00:01 VIRTCPU= 000:00.00 TOTCPU= 000:00.01"
RESPONSE = E(LINE1) + b"\x15" + E(LINE2)


def diag08(text, flags=0x40, buflen=256):
    return f"""
         LA    2,CMD
         L     4,=A(X'{flags:02X}000000'+{len(text)})
         LA    3,BUF
         LA    5,{buflen}
DG       DIAG  2,4,X'0008'
         BALR  14,0
DATA
CMD      DC    C'{text}'
         LTORG
BUF      DC    300XL1'AA'
"""


# ---------------------------------------------------------------------- X'08'
def test_diag_08_response_into_the_buffer(commands):
    user, s = make_user(diag08("QUERY TIME"))
    run(user)
    assert ended(user) and cc_in(user) == 0
    assert gpr(user, 4) == 0 and gpr(user, 5) == len(RESPONSE)
    assert mem(user, s["BUF"], len(RESPONSE) + 1) == RESPONSE + b"\xAA"
    assert commands == [("QUERY TIME", True)]


def test_diag_08_response_that_does_not_fit_is_cc1_with_the_excess(commands):
    user, s = make_user(diag08("QUERY TIME", buflen=10))
    run(user)
    assert cc_in(user) == 1 and gpr(user, 5) == len(RESPONSE) - 10
    assert mem(user, s["BUF"], 11) == RESPONSE[:10] + b"\xAA"


def test_diag_08_error_message_number_is_the_return_code_in_ry(commands):
    user, s = make_user(diag08("BAD COMMAND"))
    run(user)
    assert gpr(user, 4) == 1
    assert mem(user, s["BUF"], gpr(user, 5)) == E("DMKCFM001E UNKNOWN CP COMMAND")


def test_diag_08_without_buffer_goes_to_the_console_and_splits_at_x15(commands):
    user, s = make_user("""
         LA    2,CMD
         LA    4,CMDEND-CMD
DG       DIAG  2,4,X'0008'
         BALR  14,0
DATA
CMD      DC    C'BAD ONE',X'15',C'QUERY TIME'
CMDEND   EQU   *
""")
    user.vm.sd.set_gpr(5, 0x55)
    run(user)
    assert ended(user)
    assert [c for c in commands if c[0] != "SAID"] == [("BAD ONE", False), ("QUERY TIME", False)]
    assert ("SAID", LINE1) in commands
    assert gpr(user, 4) == 1 and gpr(user, 5) == 0x55


def test_diag_08_length_zero_does_nothing(commands):
    user, s = make_user("""
         SR    4,4
         DIAG  2,4,X'0008'
""")
    run(user)
    assert ended(user) and commands == [] and gpr(user, 4) == 0


@pytest.mark.parametrize("src", [
    # text longer than 132
    "         LA    2,0\n         LA    4,133\nDG       DIAG  2,4,X'0008'\n",
    # buffer flag with consecutive registers Rx=2, Ry=3
    "         LA    2,0\n         L     3,=A(X'40000004')\nDG       DIAG  2,3,X'0008'\nDATA\n LTORG\n",
    # buffer flag with Ry = 15
    "         LA    2,0\n         L     15,=A(X'40000004')\nDG       DIAG  2,15,X'0008'\n"
    "DATA\n LTORG\n",
    # buffer longer than 8192
    "         LA    2,0\n         L     4,=A(X'40000004')\n         L     5,=F'8193'\n"
    "DG       DIAG  2,4,X'0008'\nDATA\n LTORG\n"])
def test_diag_08_register_and_length_rules_are_specification_exceptions(commands, src):
    user, s = make_user(src)
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert commands == []


def test_diag_08_text_outside_storage_is_an_addressing_exception(commands):
    user, s = make_user("""
         L     2,=A(X'FFFFF0')
         LA    4,20
DG       DIAG  2,4,X'0008'
DATA
         LTORG
""")
    run(user)
    assert program_check(user) == (L.PIC_ADDRESSING, s["DG"] + 4)


# ---------------------------------------------------------------------- X'14'
class FakeSpool:
    """The Diag14Spool protocol over one file of two pages."""

    def __init__(self):
        self.pages = [b"\x01" * 4096, b"\x02" * 4096]
        self.pos = 0
        self.calls = []

    def read_page(self, user, vaddr, backspace=False):
        self.calls.append(("read", vaddr, backspace))
        if backspace:
            self.pos = max(self.pos - 2, 0)
        if self.pos >= len(self.pages):
            return 1, b""
        self.pos += 1
        return 0, self.pages[self.pos - 1]

    def next_block(self, user, kind):
        return 1, b""

    def select(self, user, vaddr, spoolid):
        self.calls.append(("select", spoolid))
        return 0 if spoolid == 17 else 2

    def repeat(self, user, vaddr, copies):
        self.calls.append(("repeat", copies))
        return 0

    def restart(self, user, vaddr):
        self.pos = 0
        return 0

    def descriptor(self, user, after):
        return (0, b"\x33" * 252) if after == 0 else (1, b"")


DIAG14 = """
DG       DIAG  2,4,X'0014'
         BALR  14,0
"""


def spool_user(sub, rx=0x8000, ry=0x00C, reader=True):
    spool = FakeSpool()
    user, s = make_user(DIAG14, system=SimpleNamespace(spool=spool))
    if reader:
        user.vm.attach(0x00C, CardReader(0x00C))
    user.vm.attach(0x01F, Console3215(0x01F))
    sd = user.vm.sd
    sd.set_gpr(2, rx)
    sd.set_gpr(4, ry)
    sd.set_gpr(5, sub)
    return user, s, spool


def test_diag_14_reads_pages_then_end_of_file():
    user, s, spool = spool_user(0x0000)
    run(user)
    assert cc_in(user) == 0 and mem(user, 0x8000, 4096) == b"\x01" * 4096
    spool.pos = 2
    restart(user)
    run(user)
    assert cc_in(user) == 1


def test_diag_14_select_repeat_and_descriptor():
    user, s, spool = spool_user(0x000C, rx=17)
    run(user)
    assert cc_in(user) == 0 and spool.calls == [("select", 17)]
    user, s, spool = spool_user(0x000C, rx=18)
    run(user)
    assert cc_in(user) == 2
    user, s, spool = spool_user(0x0010, rx=3)
    run(user)
    assert cc_in(user) == 0 and spool.calls == [("repeat", 3)]
    user, s, spool = spool_user(0x0FFF, rx=0x8000, ry=0)
    run(user)
    assert cc_in(user) == 0 and mem(user, 0x8000, 253) == b"\x33" * 252 + b"\0"


@pytest.mark.parametrize("sub,rx,ry,pic", [(0x0000, 0x8008, 0x00C, L.PIC_SPECIFICATION),
                                           (0x0000, 0x10000, 0x00C, L.PIC_ADDRESSING),
                                           (0x0010, 0, 0x00C, L.PIC_SPECIFICATION),
                                           (0x0010, 256, 0x00C, L.PIC_SPECIFICATION),
                                           (0x001C, 0x8000, 0x00C, L.PIC_SPECIFICATION)])
def test_diag_14_bad_operands_are_program_checks(sub, rx, ry, pic):
    user, s, spool = spool_user(sub, rx=rx, ry=ry)
    run(user)
    assert program_check(user) == (pic, s["DG"] + 4)
    assert spool.calls == []


@pytest.mark.parametrize("ry,code", [(0x00D, 4), (0x01F, 8)])
def test_diag_14_device_errors_are_cc3_with_the_code_in_ry1(ry, code):
    user, s, spool = spool_user(0x0000, ry=ry)
    run(user)
    assert cc_in(user) == 3 and gpr(user, 5) == code


def test_diag_14_without_a_spool_there_is_no_file():
    user, s = make_user(DIAG14)
    user.vm.attach(0x00C, CardReader(0x00C))
    user.vm.sd.set_gpr(2, 0x8000)
    user.vm.sd.set_gpr(4, 0x00C)
    run(user)
    assert cc_in(user) == 2


# ---------------------------------------------------------------------- X'4C'
class Directory(dict):
    def get(self, userid):
        return dict.get(self, userid)


def acct_user(src, options=("ACCT",)):
    records = []
    entry = SimpleNamespace(userid="TESTER", options=set(options), account="ACCT01",
                            distcode="DIST01")
    other = SimpleNamespace(userid="OTHER", options=set(), account="ACCT99", distcode="BIN9")
    system = SimpleNamespace(account=lambda user, rec: records.append(rec),
                             directory=Directory(TESTER=entry, OTHER=other))
    user, s = make_user(src, system=system, entry=entry)
    return user, s, records


def test_diag_4c_user_data_record():
    user, s, records = acct_user("""
         LA    2,DATA1
         LA    4,X'10'
         LA    5,11
         DIAG  2,4,X'004C'
         BALR  14,0
DATA
DATA1    DC    C'HELLO WORLD'
""")
    run(user)
    assert cc_in(user) == 0
    assert records == ["TESTER  " + "HELLO WORLD".ljust(70) + "C0"]
    assert len(records[0]) == 80


def test_diag_4c_charge_records_and_errors():
    src = """
         LA    2,PLIST
         DIAG  2,4,X'004C'
         BALR  14,0
DATA
         DS    0D
PLIST    DC    CL8'{uid}',CL8'NEWACCT',CL8'NEWDIST'
"""
    user, s, records = acct_user(src.format(uid="OTHER"))
    user.vm.sd.set_gpr(4, 0x04)
    run(user)
    assert cc_in(user) == 0 and records == ["OTHER   " + "NEWACCT BIN9".ljust(70) + "01"]
    user, s, records = acct_user(src.format(uid="NOBODY"))
    run(user)
    assert cc_in(user) == 2 and records == []
    user, s, records = acct_user(src.format(uid="OTHER"))
    user.vm.sd.set_gpr(4, 0x14)
    run(user)
    assert cc_in(user) == 3
    user, s, records = acct_user(src.format(uid="OTHER"), options=())
    run(user)
    assert cc_in(user) == 1 and records == []


@pytest.mark.parametrize("rx,ry,ry1,pic", [(0x2004, 0x00, 0, L.PIC_SPECIFICATION),
                                           (0xFFF8, 0x00, 0, L.PIC_ADDRESSING),
                                           (0x3000, 0x10, 71, L.PIC_SPECIFICATION),
                                           (0x3FF0, 0x10, 20, L.PIC_SPECIFICATION)])
def test_diag_4c_bad_operands(rx, ry, ry1, pic):
    user, s, records = acct_user("""
DG       DIAG  2,4,X'004C'
""")
    sd = user.vm.sd
    sd.set_gpr(2, rx if rx != 0xFFF8 else 0x1FFF8)
    sd.set_gpr(4, ry)
    sd.set_gpr(5, ry1)
    run(user)
    assert program_check(user) == (pic, s["DG"] + 4)


# ---------------------------------------------------------------------- X'58'
class Terminal:
    name = "GRAF 0C0"

    def __init__(self, reply=b"\x7D\x40\x40"):
        self.lines, self.shown, self.writes, self.reply = [], [], [], reply

    def write_line(self, text):
        self.lines.append(text)

    def display_lines(self, lines, start, erase):
        self.shown.append((lines, start, erase))

    def write_fullscreen(self, data, command):
        self.writes.append((data, command))

    def read_fullscreen(self, timeout):
        return self.reply


def ccw(cmd, addr, flags, count, ctl=0):
    return bytes([cmd]) + addr.to_bytes(3, "big") + bytes([flags, ctl]) + count.to_bytes(2, "big")


DIAG58 = """
DG       DIAG  2,4,X'0058'
         BALR  14,0
"""


def console_user(chain, terminal=None, data=()):
    terminal = terminal or Terminal()
    user, s = make_user(DIAG58, terminal=terminal)
    user.vm.attach(0x01F, Console3215(0x01F))
    sd = user.vm.sd
    sd.load(0x3000, chain)
    for addr, payload in data:
        sd.load(addr, payload)
    sd.set_gpr(2, 0x3000)
    sd.set_gpr(4, 0x01F)
    return user, s, terminal


def test_diag_58_display_with_data_chaining():
    text1, text2 = "A" * 80, "SECOND LINE"
    user, s, term = console_user(ccw(0x19, 0x4000, 0x80 | 0x20, 80, ctl=0x83)
                                 + ccw(0x00, 0x4100, 0x20, len(text2)),
                                 data=[(0x4000, E(text1)), (0x4100, E(text2))])
    run(user)
    assert cc_in(user) == 0
    assert term.shown == [([text1, text2], 3, True)]


def test_diag_58_clear_screen_and_too_much_data():
    user, s, term = console_user(ccw(0x19, 0x4000, 0x20, 1, ctl=0xFF))
    run(user)
    assert cc_in(user) == 0 and term.shown == [([], None, True)]
    user, s, term = console_user(ccw(0x19, 0x4000, 0x20, 1761, ctl=0))
    run(user)
    assert cc_in(user) == 1 and term.shown == []
    user, s, term = console_user(ccw(0x19, 0x4000, 0x20, 160, ctl=21))   # lines 21-22: too low
    run(user)
    assert cc_in(user) == 1


def test_diag_58_fullscreen_write_then_read():
    stream = bytes([0xC3, 0x11, 0x40, 0x40, 0x1D, 0xF0]) + E("HELLO")
    chain = ccw(0x29, 0x4000, 0x40 | 0x20, len(stream), ctl=0x80) + ccw(0x2A, 0x5000, 0x20, 100,
                                                                         ctl=0x80)
    user, s, term = console_user(chain, data=[(0x4000, stream)])
    run(user)
    assert cc_in(user) == 0
    assert term.writes == [(stream, 0xF5)]                    # Erase/Write
    assert mem(user, 0x5000, 4) == b"\x7D\x40\x40\x00"
    csw = mem(user, L.LOC_CSW, 8)
    assert csw[1:4] == (0x3010).to_bytes(3, "big") and csw[4] == 0x0C
    assert csw[6:8] == (97).to_bytes(2, "big")
    assert gpr(user, 5) == 0                                  # registers unchanged


def test_diag_58_fullscreen_needs_a_3270_and_ry_must_be_the_console():
    class LineTerminal:
        name = "LINE 020"
        lines = []

        def write_line(self, text):
            self.lines.append(text)

    user, s, term = console_user(ccw(0x29, 0x4000, 0x20, 4), terminal=LineTerminal())
    run(user)
    assert cc_in(user) == 1
    user, s, term = console_user(ccw(0x19, 0x4000, 0x20, 4))
    user.vm.sd.set_gpr(4, 0x00C)
    run(user)
    assert cc_in(user) == 3


def test_diag_58_unaligned_ccw_is_a_specification_exception():
    user, s, term = console_user(ccw(0x19, 0x4000, 0x20, 4))
    user.vm.sd.set_gpr(2, 0x3004)
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)


# ---------------------------------------------------------------------- X'64'
DIAG64 = """
         LA    2,NAME
DG       DIAG  2,4,X'0064'
         BALR  14,0
DATA
         DS    0D
NAME     DC    CL8'{name}'
"""


def seg_user(name="CMSSEG", storage=64 * 1024, sub=0x0C, segments=None):
    if segments is None:
        segments = {"CMSSEG": SavedSegment(0x20000, 2, True, b"\x47" * 5000),
                    "LOWSEG": SavedSegment(0x8000, 1, False, b"\x99" * 4096),
                    "OVERLAP": SavedSegment(0x20000, 1, False, b"\x11" * 10)}
    user, s = make_user(DIAG64.format(name=name), storage=storage,
                        system=SimpleNamespace(segments=segments))
    user.vm.sd.set_gpr(4, sub)
    return user, s


def test_diag_64_findsys_of_a_segment_not_loaded_is_cc1():
    user, s = seg_user()
    run(user)
    assert cc_in(user) == 1 and gpr(user, 2) == 0x20000 and gpr(user, 4) == 0x21FFF


def test_diag_64_unknown_segment_is_cc2_rc44():
    user, s = seg_user("NOSUCH")
    run(user)
    assert cc_in(user) == 2 and gpr(user, 4) == 44


def test_diag_64_loadsys_above_storage_extends_it_then_findsys_and_purgesys():
    user, s = seg_user(sub=0x00)
    run(user)
    assert cc_in(user) == 0 and gpr(user, 2) == 0x20000
    assert user.vm.sd.memsize == 0x22000
    assert mem(user, 0x20000, 5000) == b"\x47" * 5000 and mem(user, 0x21388, 8) == bytes(8)
    # DIAG 60 still answers the defined size
    from cp.diag import dispatch
    sd = user.vm.sd
    sd.S[L.EXIT_R1] = 6
    dispatch(user, 0x60)
    assert sd.get_gpr(6) == 64 * 1024
    # FINDSYS: loaded now
    restart(user)
    sd.set_gpr(2, s["NAME"])
    sd.set_gpr(4, 0x0C)
    run(user)
    assert cc_in(user) == 0 and gpr(user, 4) == 0x21FFF
    # PURGESYS clears it; a second PURGESYS finds it not loaded
    for expected in (0, 1):
        restart(user)
        sd.set_gpr(2, s["NAME"])
        sd.set_gpr(4, 0x08)
        run(user)
        assert cc_in(user) == expected
    assert mem(user, 0x20000, 16) == bytes(16)


def test_diag_64_loadsys_inside_storage_is_cc1_and_purges_an_overlapped_segment():
    user, s = seg_user("LOWSEG", sub=0x04)
    run(user)
    assert cc_in(user) == 1 and gpr(user, 2) == 0x8000 and gpr(user, 4) == 0x8FFF
    assert mem(user, 0x8000, 4096) == b"\x99" * 4096
    user, s = seg_user(sub=0x00)
    run(user)
    sd = user.vm.sd
    restart(user)
    sd.load(s["NAME"], E("OVERLAP "))
    sd.set_gpr(2, s["NAME"])
    sd.set_gpr(4, 0x04)
    run(user)
    from cp.diag.segments import loaded
    assert sorted(loaded(user.vm)) == ["OVERLAP"]
    assert mem(user, 0x20000, 12) == b"\x11" * 10 + b"\0\0"


def test_diag_64_release_pages_spares_a_shared_segment():
    user, s = seg_user(sub=0x00)
    run(user)
    from cp.diag import dispatch
    sd = user.vm.sd
    sd.S[L.EXIT_R1], sd.S[L.EXIT_R3] = 2, 3
    sd.set_gpr(2, 0x1F000)
    sd.set_gpr(3, 0x21000)
    sd.load(0x1F000, b"\x55" * 16)
    dispatch(user, 0x10)
    assert mem(user, 0x1F000, 16) == bytes(16)
    assert mem(user, 0x20000, 16) == b"\x47" * 16


def test_diag_64_bad_subcode_is_a_specification_exception():
    user, s = seg_user(sub=0x10)
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)


def test_diag_64_name_not_doubleword_aligned_is_a_specification_exception():
    user, s = make_user("""
         LA    2,NAME+4
DG       DIAG  2,4,X'0064'
DATA
         DS    0D
NAME     DC    CL12'    CMSSEG'
""", system=SimpleNamespace(segments={"CMSSEG": SavedSegment(0x20000, 1)}))
    user.vm.sd.set_gpr(4, 0x0C)
    run(user)
    assert program_check(user) == (L.PIC_SPECIFICATION, s["DG"] + 4)
    assert gpr(user, 4) == 0x0C
