"""1403 / 3211 printer: carriage control, skip to channel, FCB, forms overflow, crlf
(shared/spec/devices.md section 5; Hercules 3.13 'Line printer devices' options)."""

import pytest

from s370.devices import registry
from s370.devices.base import UNIT_CE, UNIT_DE, UNIT_UC, UNIT_UX
from s370.devices.printer import Printer


def e(text):
    return text.encode("cp037")


@pytest.fixture
def prt(tmp_path):
    path = tmp_path / "prt.txt"
    dev = Printer.from_config(0x00E, "1403", [str(path)])
    yield dev, path
    dev.close()


def out(dev, path):
    dev._file.flush()
    return path.read_bytes()


def test_write_and_space(prt):
    dev, path = prt
    assert dev.execute(0x09, e("LINE ONE   "), 11).status == UNIT_CE | UNIT_DE
    dev.execute(0x11, e("TWO"), 3)                 # write, space 2
    dev.execute(0x19, e("THREE"), 5)               # write, space 3
    assert out(dev, path) == b"LINE ONE\nTWO\n\nTHREE\n\n\n"
    assert dev.line == 7


def test_write_without_space_overprints(prt):
    dev, path = prt
    dev.execute(0x01, e("AAA"), 3)
    dev.execute(0x09, e("___"), 3)
    assert out(dev, path) == b"AAA\r___\n"


def test_skip_to_channel_one_is_form_feed(prt):
    dev, path = prt
    dev.execute(0x09, e("X"), 1)
    dev.execute(0x89, e("HEADER"), 6)              # write, skip to channel 1
    assert out(dev, path) == b"X\nHEADER\f"
    assert dev.line == 1
    dev.execute(0x93, None, 1)                     # skip immediate to channel 2 = line 7
    assert out(dev, path).endswith(b"\f" + b"\n" * 6)
    assert dev.line == 7


def test_space_immediate(prt):
    dev, path = prt
    dev.execute(0x1B, None, 1)
    dev.execute(0x0B, None, 1)
    assert out(dev, path) == b"\n\n\n\n"


def test_forms_overflow_unit_exception_at_channel_12(prt):
    dev, path = prt
    statuses = [dev.execute(0x09, e("L"), 1).status for _ in range(60)]
    # default FCB: channel 12 is line 61, reached by the 60th single space from line 1
    assert statuses[-1] == UNIT_CE | UNIT_DE | UNIT_UX
    assert all(s == UNIT_CE | UNIT_DE for s in statuses[:-1])


def test_fcbcheck_rejects_unpunched_channel(tmp_path):
    path = tmp_path / "p.txt"
    dev = Printer.from_config(0x00E, "1403", [str(path), "fcb=1,7,13,19,0,31,37,43,63,49,55,61"])
    r = dev.execute(0xAB, None, 1)                 # skip immediate to channel 5
    assert r.status & UNIT_UC and dev.sense[0] == 0x80
    dev2 = Printer.from_config(0x00F, "1403", [str(tmp_path / "q.txt"), "nofcbcheck",
                                               "fcb=1:1,0:5"])
    assert dev2.execute(0xAB, None, 1).status == UNIT_CE | UNIT_DE
    dev.close()
    dev2.close()


def test_crlf_option(tmp_path):
    path = tmp_path / "p.txt"
    dev = Printer.from_config(0x00E, "1403", [str(path), "crlf"])
    dev.execute(0x11, e("A"), 1)
    dev.close()
    assert path.read_bytes() == b"A\r\n\r\n"


def test_load_fcb_3211_only(tmp_path):
    p1 = Printer.from_config(0x00E, "1403", [str(tmp_path / "a.txt")])
    assert p1.execute(0x63, bytes([1, 0, 2, 0x10]), 4).status & UNIT_UC
    p2 = Printer.from_config(0x00F, "3211", [str(tmp_path / "b.txt")])
    r = p2.execute(0x63, bytes([0x01, 0x00, 0x02, 0x1C]), 4)
    assert r.status == UNIT_CE | UNIT_DE
    assert p2.lpp == 4 and p2.channels == {1: 1, 2: 3, 12: 4}
    assert p2.execute(0x63, bytes([0x01, 0x00]), 2).status & UNIT_UC     # no end of form
    p1.close()
    p2.close()


def test_no_file_intervention_required():
    dev = Printer(0x00E, 0x1403, None)
    r = dev.execute(0x09, e("X"), 1)
    assert r.status & UNIT_UC and dev.sense[0] == 0x40


def test_line_longer_than_132_truncated_with_residual(prt):
    dev, path = prt
    r = dev.execute(0x09, e("A" * 140), 140)
    assert r.residual == 8
    assert out(dev, path) == b"A" * 132 + b"\n"


def test_bad_options_one_line_errors(tmp_path):
    with pytest.raises(registry.DeviceError, match="fcb"):
        registry.create(0x00E, "1403", [str(tmp_path / "p"), "fcb=1,x"])
    with pytest.raises(registry.DeviceError, match="sockdev"):
        registry.create(0x00E, "1403", ["1403", "sockdev"])
