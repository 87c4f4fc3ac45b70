"""Panel commands (Hercules 3.13 names) against a Machine."""

import pytest

from s370.cpu import layout as L
from s370.machine import Machine
from s370.panel import Panel


@pytest.fixture
def panel(tmp_path):
    deck = tmp_path / "d.txt"
    deck.write_text("FIRST\n")
    out = []
    m = Machine.from_config(f"MAINSIZE 1\n000C 3505 {deck}\n0009 3215-C /\n",
                            clock="deterministic", log=out.append)
    p = Panel(m, out.append)
    yield p, m, out, tmp_path
    m.shutdown()


def test_storage_alter_and_display(panel):
    p, m, out, _ = panel
    p.execute("r 100=47F0C00A0000")
    assert m.cpu.read(0x100, 6) == bytes.fromhex("47F0C00A0000")
    out.clear()
    p.execute("r 100.8")
    assert len(out) == 1 and out[0].startswith("R:00000100:K:")
    assert "=47F0C00A 00000000 " in out[0]


def test_gpr_cr_and_psw(panel):
    p, m, out, _ = panel
    p.execute("gpr 3=DEADBEEF")
    assert m.cpu.get_gpr(3) == 0xDEADBEEF
    assert any("GR3=DEADBEEF" in l for l in out)
    p.execute("psw 000A0000 00000400")
    assert out[-1] == "PSW=000A0000 00000400"
    p.execute("cr 2=FFFFFFFF")
    assert m.cpu.get_cr(2) == 0xFFFFFFFF


def test_breakpoint_stops_run(panel):
    p, m, out, _ = panel
    m.cpu.load(0x400, bytes.fromhex("1A11" "1A11" "1A11" "47F00400"))   # AR 1,1 x3; B 400
    m.cpu.set_psw(bytes.fromhex("00000000 00000400"))
    p.execute("b 404")
    assert m.cpu.S[L.BREAK_ADDR] == 0x404
    assert m.run(max_instructions=100) == L.EXIT_BREAK
    assert m.cpu.ia == 0x404
    p.execute("b-")
    assert m.cpu.S[L.BREAK_ADDR] == -1


def test_single_step_and_trace(panel):
    p, m, out, _ = panel
    m.cpu.load(0x400, bytes.fromhex("1A11" "1A11"))
    m.cpu.set_psw(bytes.fromhex("00000000 00000400"))
    p.execute("s+")
    out.clear()
    p.execute("")
    assert m.cpu.ia == 0x402
    assert out[0].startswith("PSW=") and "INST=1A11" in out[0] and "AR" in out[0]
    p.execute("s-")
    assert not m.stepping


def test_devlist_attach_detach_devinit(panel):
    p, m, out, tmp = panel
    p.execute("attach 00E 1403 " + str(tmp / "prt.txt"))
    assert 0x00E in m.devices
    out.clear()
    p.execute("devlist")
    assert [l[:9] for l in out] == ["0009 3215", "000C 3505", "000E 1403"]
    p.execute("detach 00E")
    assert 0x00E not in m.devices
    p.execute("detach 00E")
    assert "does not exist" in out[-1]
    new = tmp / "new.txt"
    new.write_text("SECOND\n")
    p.execute(f"devinit 00C {new} eof")
    assert out[-1] == "HHCPN098I Device 000C initialized"
    assert m.devices[0x00C].eof
    assert m.devices[0x00C].execute(0x02, None, 80).data[:6] == "SECOND".encode("cp037")


def test_console_prefix_and_unknown_command(panel):
    p, m, out, _ = panel
    posted = []
    p.execute("/logon operator")
    assert m.devices[0x009].execute(0x0A, None, 80).data == "logon operator".encode("cp037")
    p.execute("frobnicate")
    assert out[-1].startswith("HHCPN139E")
    p.execute("r zz")
    assert out[-1].startswith("HHCPN140E")
    p.execute("ipl")
    assert out[-1].startswith("HHCPN140E")


def test_devlist_flags_read_only_media():
    from types import SimpleNamespace
    from s370.devices.base import Device
    from s370.panel import Panel

    class Disk(Device):
        def execute(self, cmd, data, count):
            raise NotImplementedError

    ro, rw = Disk(0x131, 0x3350), Disk(0x132, 0x3350)
    ro.image = SimpleNamespace(readonly=True)
    rw.image = SimpleNamespace(readonly=False)
    out = []
    m = SimpleNamespace(devices={0x131: ro, 0x132: rw}, integrated_consoles=lambda: [])
    Panel(m, out=out.append).execute("devlist")
    assert out == ["0131 3350 ro", "0132 3350"]
