"""1052/3215 console in line mode: integrated (3215-C, '/' prefix) and telnet (hub session)
(shared/spec/devices.md section 1; Hercules 3.13 'Console printer-keyboard devices')."""

import numpy as np
import pytest

from s370.channel import ChannelSubsystem
from s370.devices import registry
from s370.devices.base import UNIT_ATTENTION, UNIT_CE, UNIT_DE, UNIT_UC
from s370.devices.console import Console3215


class Session:
    def __init__(self):
        self.lines = []
        self.closed = False

    def write_line(self, text):
        self.lines.append(text)

    def close(self):
        self.closed = True


def e(text):
    return text.encode("cp037")


def test_integrated_console_write_and_carrier_return():
    con = registry.create(0x009, "3215-C", [])
    assert con.integrated and con.prefix == "/"
    seen = []
    con.listeners.append(seen.append)
    assert con.execute(0x01, e("PART "), 5).status == UNIT_CE | UNIT_DE
    con.execute(0x09, e("LINE   "), 7)
    con.execute(0x09, bytes([0xC1, 0x15, 0xC2]), 3)   # non-graphic byte becomes a blank
    assert seen == ["PART LINE   ", "A B"]      # trailing blanks are typed, as on a 3215


def test_telnet_console_keeps_trailing_blanks():
    """Regression: a program's line arrives unchanged, trailing blanks included (Hercules
    3.13 console.c sends the translated buffer as is)."""
    con = registry.create(0x009, "3215", ["noprompt"])
    s = Session()
    con.connect(s)
    con.execute(0x09, e("READY;  ") + bytes([0x40, 0x40]), 10)
    assert s.lines == ["READY;    "]


def test_integrated_prefix_argument():
    con = registry.create(0x01F, "1052-C", ["!"])
    assert con.prefix == "!" and con.devtype == 0x1052


def test_telnet_console_not_connected_intervention_required():
    con = registry.create(0x009, "3215", ["noprompt"])
    assert con.terminal_kind == "line" and con.noprompt
    r = con.execute(0x09, e("X"), 1)
    assert r.status == UNIT_CE | UNIT_DE | UNIT_UC and con.sense[0] == 0x40


def test_telnet_session_read_prompt_and_completion():
    mem = np.zeros(1 << 16, dtype=np.uint8)
    ch = ChannelSubsystem(mem, np.zeros(32, dtype=np.uint8), {})
    con = Console3215(0x009)
    ch.attach(0x009, con)
    s = Session()
    assert con.connect(s) is True
    assert con.connect(Session()) is False            # one client at a time
    mem[0x2000:0x2008] = [0x0A, 0, 0x40, 0, 0x20, 0, 0, 80]
    mem[72:76] = [0, 0, 0x20, 0]
    assert ch.start_io(0x009) == 0
    assert s.lines == ["HHCTE006A Enter input for console device 0009"]
    con.input_line("ipl 190")
    assert ch.take_interrupt() == 0x009
    assert mem[64:72].tobytes().hex().upper() == "000020080C000049"
    assert mem[0x4000:0x4007].tobytes() == e("ipl 190")


def test_write_goes_to_session():
    con = Console3215(0x009)
    s = Session()
    con.connect(s)
    con.execute(0x09, e("VM/370 ONLINE"), 13)
    assert s.lines == ["VM/370 ONLINE"]


def test_disconnect_during_read_ends_with_unit_check():
    mem = np.zeros(1 << 16, dtype=np.uint8)
    ch = ChannelSubsystem(mem, np.zeros(32, dtype=np.uint8), {})
    con = Console3215(0x009)
    ch.attach(0x009, con)
    con.connect(Session())
    mem[0x2000:0x2008] = [0x0A, 0, 0x40, 0, 0x20, 0, 0, 80]
    mem[72:76] = [0, 0, 0x20, 0]
    assert ch.start_io(0x009) == 0
    con.disconnect()
    assert ch.take_interrupt() == 0x009
    assert mem[68] == UNIT_CE | UNIT_DE | UNIT_UC


def test_line_without_read_presents_attention():
    posted = []
    con = Console3215(0x009, integrated=True)
    con.on_attention = lambda dev, status: posted.append(status)
    con.input_line("cp query")
    assert posted == [UNIT_ATTENTION]
    r = con.execute(0x0A, None, 80)
    assert r.data == e("cp query")


def test_invalid_command_rejected():
    con = Console3215(0x009, integrated=True)
    r = con.execute(0x02, None, 80)
    assert r.status & UNIT_UC and con.sense[0] == 0x80
