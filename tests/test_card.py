"""Card reader and punch behaviour (Hercules 3.13 conventions: shared/spec/devices.md 3-4,
hercconf.html 'Card reader devices' / 'Card punch devices')."""

import numpy as np
import pytest

from s370.channel import ChannelSubsystem
from s370.devices import registry
from s370.devices.card import CardReader, CardPunch

CC, SLI = 0x40, 0x20


@pytest.fixture
def rig():
    mem = np.zeros(1 << 16, dtype=np.uint8)
    keys = np.zeros(32, dtype=np.uint8)
    return mem, ChannelSubsystem(mem, keys, {})


def run(mem, ch, devnum, cmd, count=80, flags=0, data_addr=0x4000):
    mem[0x2000:0x2008] = list(bytes([cmd, data_addr >> 16, (data_addr >> 8) & 0xFF, data_addr & 0xFF,
                                     flags, 0, count >> 8, count & 0xFF]))
    mem[72:76] = [0, 0, 0x20, 0]
    cc = ch.start_io(devnum)
    if cc == 0:
        assert ch.take_interrupt() == devnum
    return cc, mem[64:72].tobytes().hex().upper()


def read_card(mem, ch, devnum=0x00C):
    mem[0x4000:0x4050] = 0
    cc, csw = run(mem, ch, devnum, 0x02)
    return cc, csw, mem[0x4000:0x4050].tobytes()


def test_ascii_deck_translated_and_padded(rig, tmp_path):
    mem, ch = rig
    f = tmp_path / "jcl.txt"
    f.write_bytes(b"//JOB1   JOB\r\nA\tB\n")
    ch.attach(0x00C, CardReader(0x00C, 0x3505, [str(f)]))
    cc, csw, data = read_card(mem, ch)
    assert (cc, csw) == (0, "000020080C000000")
    assert data == "//JOB1   JOB".ljust(80).encode("cp037")
    cc, csw, data = read_card(mem, ch)
    assert data == "A       B".ljust(80).encode("cp037")          # tab to column 9


def test_ebcdic_deck_autodetected(rig, tmp_path):
    mem, ch = rig
    raw = bytes(range(160))
    f = tmp_path / "deck.bin"
    f.write_bytes(raw)
    ch.attach(0x00C, CardReader(0x00C, 0x3505, [str(f)]))
    assert read_card(mem, ch)[2] == raw[:80]
    assert read_card(mem, ch)[2] == raw[80:]


def test_end_of_deck_intervention_required_by_default(rig, tmp_path):
    mem, ch = rig
    f = tmp_path / "a.txt"
    f.write_text("ONE\n")
    ch.attach(0x00C, CardReader.from_config(0x00C, "3505", [str(f)]))
    read_card(mem, ch)
    cc, csw, _ = read_card(mem, ch)
    assert cc == 1 and csw[8:10] == "0E"
    run(mem, ch, 0x00C, 0x04, count=1)
    assert mem[0x4000] == 0x40                     # intervention required


def test_eof_option_unit_exception(rig, tmp_path):
    mem, ch = rig
    f = tmp_path / "a.txt"
    f.write_text("ONE\n")
    ch.attach(0x00C, CardReader.from_config(0x00C, "2540R", [str(f), "eof"]))
    read_card(mem, ch)
    cc, csw, _ = read_card(mem, ch)
    assert cc == 0 and csw[8:12] == "0D00"         # CE DE UX
    cc, csw, _ = read_card(mem, ch)
    assert cc == 1 and csw[8:10] == "0E"           # hopper now empty


def test_long_ascii_line_data_check_or_trunc(rig, tmp_path):
    mem, ch = rig
    f = tmp_path / "long.txt"
    f.write_text("X" * 90 + "\nNEXT\n")
    ch.attach(0x00C, CardReader(0x00C, 0x3505, [str(f)]))
    cc, csw, _ = read_card(mem, ch)
    assert csw[8:10] == "0E"
    run(mem, ch, 0x00C, 0x04, count=1)
    assert mem[0x4000] == 0x08                     # data check
    ch.attach(0x01C, CardReader(0x01C, 0x3505, [str(f), ], trunc=True))
    assert read_card(mem, ch, 0x01C)[2] == ("X" * 80).encode("cp037")


def test_multiple_files_multifile_and_not(rig, tmp_path):
    mem, ch = rig
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A1\n")
    b.write_text("B1\n")
    ch.attach(0x00C, CardReader.from_config(0x00C, "3505", [str(a), str(b), "multifile", "eof"]))
    assert read_card(mem, ch)[2][:2] == "A1".encode("cp037")
    assert read_card(mem, ch)[2][:2] == "B1".encode("cp037")
    assert read_card(mem, ch)[1][8:12] == "0D00"
    ch.attach(0x01C, CardReader.from_config(0x01C, "3505", [str(a), str(b), "eof"]))
    assert read_card(mem, ch, 0x01C)[2][:2] == "A1".encode("cp037")
    assert read_card(mem, ch, 0x01C)[1][8:12] == "0D00"    # end of the first file
    assert read_card(mem, ch, 0x01C)[2][:2] == "B1".encode("cp037")


def test_feed_and_invalid_commands(rig, tmp_path):
    mem, ch = rig
    f = tmp_path / "a.txt"
    f.write_text("ONE\nTWO\n")
    ch.attach(0x00C, CardReader(0x00C, 0x3505, [str(f)]))
    cc, csw = run(mem, ch, 0x00C, 0x23, count=1)          # feed, select stacker
    assert csw[8:10] == "0C"
    assert read_card(mem, ch)[2][:3] == "TWO".encode("cp037")
    cc, csw = run(mem, ch, 0x00C, 0x22)                   # column binary: rejected
    assert cc == 1 and csw[8:10] == "0E"
    run(mem, ch, 0x00C, 0x04, count=1)
    assert mem[0x4000] == 0x80                            # command reject


def test_reader_devinit_presents_device_end(rig, tmp_path):
    mem, ch = rig
    dev = CardReader(0x00C, 0x3505, [])
    ch.attach(0x00C, dev)
    f = tmp_path / "a.txt"
    f.write_text("NEW\n")
    dev.load([str(f)])
    assert ch.take_interrupt() == 0x00C
    assert mem[64:72].tobytes().hex() == "0000000004000000"
    assert read_card(mem, ch)[2][:3] == "NEW".encode("cp037")


def test_missing_deck_is_one_line_error():
    with pytest.raises(registry.DeviceError, match="not found"):
        registry.create(0x00C, "3505", ["/nonexistent/deck.txt"])


def test_punch_ebcdic_and_ascii_files(rig, tmp_path):
    mem, ch = rig
    e, a = tmp_path / "p.bin", tmp_path / "p.txt"
    ch.attach(0x00D, CardPunch.from_config(0x00D, "3525", [str(e)]))
    ch.attach(0x01D, CardPunch.from_config(0x01D, "2540P", [str(a), "ascii", "crlf"]))
    text = "HELLO, WORLD".ljust(80).encode("cp037")
    mem[0x4000:0x4050] = list(text)
    assert run(mem, ch, 0x00D, 0x01)[1] == "000020080C000000"
    assert run(mem, ch, 0x01D, 0x41)[1] == "000020080C000000"
    ch.detach(0x00D).close()
    ch.detach(0x01D).close()
    assert e.read_bytes() == text
    assert a.read_bytes() == b"HELLO, WORLD\r\n"


def test_punch_noclear_appends(tmp_path):
    a = tmp_path / "p.txt"
    a.write_text("OLD\n")
    dev = CardPunch.from_config(0x00D, "3525", [str(a), "ascii", "noclear"])
    dev.execute(0x01, "NEW".ljust(80).encode("cp037"), 80)
    dev.close()
    assert a.read_text() == "OLD\nNEW\n"


def test_punch_unwritable_file_one_line_error(tmp_path):
    with pytest.raises(registry.DeviceError, match="cannot open"):
        registry.create(0x00D, "3525", [str(tmp_path / "no" / "dir" / "p.txt")])
