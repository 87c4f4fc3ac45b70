"""The telnet byte-level parser (RFC 854 / 885 framing) used by the TN3270 server."""

from s370.tn3270 import telnet as T

IAC, SB, SE, EOR = 255, 250, 240, 239


def kinds(events):
    return [(e.kind, e.verb, e.option, e.payload) for e in events]


def test_batched_replies_in_one_segment():
    p = T.TelnetParser()
    ev = p.feed(bytes([IAC, T.WILL, 24, IAC, T.DO, 25, IAC, SB, 24, 0]) + b"IBM-3278-2"
                + bytes([IAC, SE]))
    assert kinds(ev) == [("option", T.WILL, 24, b""), ("option", T.DO, 25, b""),
                         ("sb", 0, 24, b"\x00IBM-3278-2")]


def test_split_across_single_bytes():
    p = T.TelnetParser()
    p.record_mode = True
    stream = bytes([IAC, T.WONT, 40, 0x7D, 0x40, IAC, IAC, 0x40, IAC, EOR])
    ev = []
    for b in stream:
        ev += p.feed(bytes([b]))
    assert kinds(ev) == [("option", T.WONT, 40, b""), ("record", 0, 0, b"\x7D\x40\xFF\x40")]


def test_many_records_in_one_segment_and_escaped_sb():
    p = T.TelnetParser()
    p.record_mode = True
    ev = p.feed(b"A" + bytes([IAC, EOR]) + b"B" + bytes([IAC, EOR, IAC, SB, 40, 1, IAC, IAC, IAC, SE]))
    assert kinds(ev) == [("record", 0, 0, b"A"), ("record", 0, 0, b"B"), ("sb", 0, 40, b"\x01\xff")]


def test_bounds_on_sb_and_records():
    p = T.TelnetParser()
    p.record_mode = True
    ev = p.feed(bytes([IAC, SB, 24]) + b"x" * (T.MAX_SB + 10) + bytes([IAC, SE]))
    assert [e.kind for e in ev] == ["overflow"]
    ev = p.feed(b"y" * (T.MAX_RECORD + 1) + bytes([IAC, EOR]) + b"ok" + bytes([IAC, EOR]))
    assert [e.kind for e in ev] == ["overflow", "record"] and ev[1].payload == b"ok"


def test_commands_and_malformed_sb_end():
    p = T.TelnetParser()
    ev = p.feed(bytes([IAC, T.IP, IAC, T.BREAK, IAC, SB, 24, 1, IAC, 0x41]) + b"text")
    assert kinds(ev) == [("command", T.IP, 0, b""), ("command", T.BREAK, 0, b""),
                         ("overflow", 0, 24, b""), ("data", 0, 0, b"text")]


def test_escape_and_framing_helpers():
    assert T.escape_iac(b"\x01\xff\x02") == b"\x01\xff\xff\x02"
    assert T.command(T.DO, 40) == b"\xff\xfd\x28"
    assert T.subneg(40, bytes([8, 2])) == b"\xff\xfa\x28\x08\x02\xff\xf0"
