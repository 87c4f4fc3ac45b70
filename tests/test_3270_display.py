"""Display3270: the channel-attached 3270, driven the way a channel would, seen by real clients."""

import threading
import time

import pytest

from s370.devices import base
from s370.devices.display import Display3270
from s370.tn3270 import datastream as ds
from s370.tn3270.clients import S3270
from s370.tn3270.datastream import encode_address
from s370.tn3270.server import TerminalHub

CE_DE = base.UNIT_CE | base.UNIT_DE


def e(text: str) -> bytes:
    return text.encode("cp037")


def sba(addr: int) -> bytes:
    return bytes([ds.ORDER_SBA]) + encode_address(addr)


class FakeSession:
    model, rows, cols, peer = 2, 24, 80, "test"

    def __init__(self):
        self.records = []

    def send_record(self, data):
        self.records.append(bytes(data))

    def close(self):
        pass


class Attention:
    """Collects unsolicited status the device presents (the channel's on_attention)."""

    def __init__(self, dev):
        self.status = []
        self.event = threading.Event()
        dev.on_attention = self.on_attention

    def on_attention(self, dev, status):
        self.status.append(status)
        if status & base.UNIT_ATTENTION:
            self.event.set()

    def wait(self, timeout=10):
        assert self.event.wait(timeout), "no attention interrupt"
        self.event.clear()


# --- device alone ------------------------------------------------------------------------

def test_not_connected_is_intervention_required():
    d = Display3270(0x0C0)
    r = d.execute(ds.CMD_ERASE_WRITE, bytes([0xC3]) + e("X"), 2)
    assert r.status == CE_DE | base.UNIT_UC
    r = d.execute(ds.CMD_SENSE, None, 1)
    assert r.status == CE_DE and r.data == bytes([base.SENSE_INTREQ])
    assert d.execute(ds.CMD_SENSE, None, 1).data == b"\x00"        # sense cleared


def test_invalid_command_is_rejected_and_sense_id():
    d = Display3270(0x0C0)
    assert d.execute(0x09, b"", 0).status == CE_DE | base.UNIT_UC
    assert d.execute(ds.CMD_SENSE, None, 1).data == bytes([base.SENSE_CMDREJ])
    sid = d.execute(ds.CMD_SENSE_ID, None, 7).data
    assert sid[:4] == bytes([0xFF, 0x32, 0x74, 0x1D]) and sid[4:6] == bytes([0x32, 0x78])


def test_connect_shows_connect_screen_and_presents_device_end():
    d = Display3270(0x0C5)
    att = Attention(d)
    s = FakeSession()
    assert d.connect(s) is True
    assert d.connect(FakeSession()) is False                     # one terminal per device
    assert att.status == [base.UNIT_DE]
    assert s.records[0][0] == ds.RCMD_ERASE_WRITE
    assert any("00C5" in line for line in d.screen.text_lines())


def test_writes_go_to_the_terminal_with_remote_command_codes():
    d = Display3270(0x0C0)
    s = FakeSession()
    d.connect(s)
    for cmd, remote in [(0x01, 0xF1), (0x05, 0xF5), (0x0D, 0x7E)]:
        r = d.execute(cmd, bytes([0xC3]) + e("HI"), 3)
        assert r.status == CE_DE and r.residual == 0
        assert s.records[-1] == bytes([remote, 0xC3]) + e("HI")
    assert d.execute(ds.CMD_ERASE_ALL_UNPROT, None, 0).status == CE_DE
    assert s.records[-1] == bytes([0x6F])
    for cmd in (0x03, 0x0B, 0x1B, 0x2B, 0x3B, 0x4B):
        assert d.execute(cmd, None, 0).status == CE_DE


def test_bad_data_stream_is_operation_check():
    d = Display3270(0x0C0)
    d.connect(FakeSession())
    r = d.execute(ds.CMD_WRITE, bytes([0xC3]) + sba(1920), 4)             # address off the screen
    assert r.status == CE_DE | base.UNIT_UC
    assert d.execute(ds.CMD_SENSE, None, 1).data == b"\x01"


def test_inbound_aid_raises_attention_and_read_modified_returns_it():
    d = Display3270(0x0C0)
    att = Attention(d)
    d.connect(FakeSession())
    d.execute(ds.CMD_ERASE_WRITE, bytes([0xC3, ds.ORDER_SF, 0x40, ds.ORDER_IC]), 4)
    d.inbound(bytes([0xF1]) + encode_address(4) + sba(1) + e("ABC"))     # PF1
    att.wait(1)
    r = d.execute(ds.CMD_READ_MODIFIED, None, 100)
    assert r.status == CE_DE and r.data == bytes([0xF1]) + encode_address(4) + sba(1) + e("ABC")
    d.inbound(b"\x88\x00\x10")                                           # a query reply: no key
    d.inbound(b"\x7D\x7F")                                               # garbage: ignored
    assert att.status.count(base.UNIT_ATTENTION) == 1


def test_read_buffer_returns_the_screen():
    d = Display3270(0x0C0)
    d.connect(FakeSession())
    d.execute(ds.CMD_ERASE_WRITE, bytes([0xC3]) + e("AB"), 3)
    rb = d.execute(ds.CMD_READ_BUFFER, None, 2000).data
    assert rb[:5] == bytes([0x60]) + encode_address(0) + e("AB") and len(rb) == 1923


def test_from_config_group():
    assert Display3270.from_config(0x0C0, "3270", ["TERMS"], None).group == "TERMS"
    assert Display3270.from_config(0x0C0, "3270", ["127.0.0.1"], None).group is None
    assert Display3270.from_config(0x0C0, "3270", [], None).devnum == 0x0C0


# --- with a real terminal ---------------------------------------------------------------------

PROMPT_ROW = 2
INPUT_ADDR = 1 * 80 + 20             # row 2, column 21: first data position of the input field


def login_screen() -> bytes:
    """WCC, a protected prompt, a 20-char unprotected field with the cursor, a PF line."""
    return (bytes([0xC3]) + sba(0) + bytes([ds.ORDER_SF, 0xE8]) + e("S/370 TEST SCREEN")
            + sba(80) + bytes([ds.ORDER_SF, 0x60]) + e("ENTER YOUR NAME:")
            + sba(INPUT_ADDR - 1) + bytes([ds.ORDER_SF, 0x40, ds.ORDER_IC])
            + sba(INPUT_ADDR + 20) + bytes([ds.ORDER_SF, 0x60])
            + sba(23 * 80) + bytes([ds.ORDER_SF, 0x60]) + e("PF3=END"))


@pytest.fixture
def hub():
    h = TerminalHub(port=0, negotiation_timeout=5).start()
    yield h
    h.stop()


def connected(hub, devnum=0x0C0, model="3279-2", host=None):
    d = Display3270(devnum)
    att = Attention(d)
    hub.register(d)
    c = S3270(model)
    c.do(f"Connect({host or '127.0.0.1'}:{hub.port})")
    c.do("Wait(10,Unlock)")
    return d, att, c


def test_program_screen_typed_field_enter_read_modified_and_answer(hub):
    d, att, c = connected(hub)
    with c:
        assert "Connected to device 00C0" in "\n".join(c.screen())
        r = d.execute(ds.CMD_ERASE_WRITE, login_screen(), len(login_screen()))
        assert r.status == CE_DE
        c.do("Wait(10,InputField)")
        text = c.screen()
        assert text[0].startswith(" S/370 TEST SCREEN")
        assert text[1].startswith(" ENTER YOUR NAME:")
        assert text[23].startswith(" PF3=END")
        cursor = c.do("Query(Cursor)")[0].split()
        assert (int(cursor[0]), int(cursor[1])) == (1, 20)
        c.do('String("ALICE")')
        c.do("Enter")
        att.wait()
        r = d.execute(ds.CMD_READ_MODIFIED, None, 256)
        assert r.status == CE_DE
        assert r.data == (bytes([ds.AID_ENTER]) + encode_address(INPUT_ADDR + 5)
                          + sba(INPUT_ADDR) + e("ALICE"))
        answer = bytes([0xC3]) + sba(4 * 80) + e("HELLO, ALICE")
        assert d.execute(ds.CMD_WRITE, answer, len(answer)).status == CE_DE
        c.do("Wait(10,Unlock)")
        text = c.wait_for_text("HELLO")
        assert text[4].startswith("HELLO, ALICE")
        assert text[1][20:25] == "ALICE"          # the field keeps what was typed


def test_pa_clear_and_pf_keys_from_s3270(hub):
    d, att, c = connected(hub)
    with c:
        d.execute(ds.CMD_ERASE_WRITE, login_screen(), 0)
        c.do("Wait(10,InputField)")
        c.do("PA(1)")
        att.wait()
        assert d.execute(ds.CMD_READ_MODIFIED, None, 256).data == bytes([ds.AID_PA1])
        d.execute(ds.CMD_WRITE, bytes([0xC2]), 1)
        c.do("Wait(10,Unlock)")
        c.do('String("BOB")')
        c.do("PF(3)")
        att.wait()
        assert d.execute(ds.CMD_READ_MODIFIED, None, 256).data == (
            bytes([0xF3]) + encode_address(INPUT_ADDR + 3) + sba(INPUT_ADDR) + e("BOB"))
        d.execute(ds.CMD_WRITE, bytes([0xC2]), 1)
        c.do("Wait(10,Unlock)")
        c.do("Clear")
        att.wait()
        assert d.execute(ds.CMD_READ_MODIFIED, None, 256).data == bytes([ds.AID_CLEAR])
        assert not d.screen.formatted and d.screen.cursor == 0


def test_erase_write_alternate_on_a_model_4_terminal(hub):
    d, att, c = connected(hub, model="3278-4")
    with c:
        assert d.screen.alternate_size == (43, 80)
        data = bytes([0xC3]) + sba(42 * 80) + e("LAST ROW OF 43")
        assert d.execute(ds.CMD_ERASE_WRITE_ALT, data, len(data)).status == CE_DE
        text = c.wait_for_text("LAST ROW")
        assert len(text) == 43 and text[42].startswith("LAST ROW OF 43")


def test_tnz_client_round_trip(hub):
    from tnz import tnz
    d = Display3270(0x0C0)
    att = Attention(d)
    hub.register(d)
    t = tnz.Tnz()
    t.connect("127.0.0.1", hub.port)                # tnz's default terminal type IBM-DYNAMIC
    try:
        deadline = time.monotonic() + 10
        while "00C0" not in t.scrstr() and time.monotonic() < deadline:
            t.wait(0.2)
        assert "Connected to device 00C0" in t.scrstr()
        d.execute(ds.CMD_ERASE_WRITE, login_screen(), 0)
        while "ENTER YOUR NAME" not in t.scrstr() and time.monotonic() < deadline:
            t.wait(0.2)
        assert t.curadd == INPUT_ADDR
        t.key_data("TNZ")
        t.enter()
        att.wait()
        assert d.execute(ds.CMD_READ_MODIFIED, None, 256).data == (
            bytes([ds.AID_ENTER]) + encode_address(INPUT_ADDR + 3) + sba(INPUT_ADDR) + e("TNZ"))
        d.execute(ds.CMD_WRITE, bytes([0xC3]) + sba(400) + e("HI TNZ"), 0)
        while "HI TNZ" not in t.scrstr() and time.monotonic() < deadline:
            t.wait(0.2)
        assert t.scrstr(400, 406) == "HI TNZ"
    finally:
        t.close()


def test_disconnect_makes_the_device_not_ready_again(hub):
    d, att, c = connected(hub)
    c.close()
    deadline = time.monotonic() + 5
    while d.session is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert d.execute(ds.CMD_WRITE, bytes([0xC3]), 1).status == CE_DE | base.UNIT_UC
    assert d.execute(ds.CMD_SENSE, None, 1).data == bytes([base.SENSE_INTREQ])
