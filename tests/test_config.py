"""Hercules-style configuration parsing (hercconf.html: statements, device numbers,
symbol substitution) with a realistic VM/370-style S/370 configuration."""

import pytest

from s370 import config as C

VM370 = r"""
#
# VM/370 Release 6 - Hercules configuration
#
ARCHMODE  S/370
MAINSIZE  16
CPUSERIAL 061370
CPUMODEL  0158
NUMCPU    1
CNSLPORT  3270
LOADPARM  0CUU....
XPNDSIZE  0
PANRATE   SLOW
OSTAILOR  VM
DEFSYM    DASD  "/opt/vm/dasd"
* Unit record
000C      3505  jcl/ipl.txt  eof  ascii       # reader
000D      3525  pch/punch.txt ascii
000E      1403  prt/printer.txt crlf
0009      3215
001F      3215-C  /
# 3270s
0060.4    3270
00C0-00C2 3270
0480,0481 3420  $(DASD)/tape.$(CUU).aws
0190      3350  $(DASD)/vm50-1.190 \
          sf=$(DASD)/shadow/vm50-1_*.190
0191      3330  ${VMDASD=/vm}/cms.191
"""


def test_realistic_vm370_configuration(tmp_path):
    cfg = C.parse(VM370, "vm.conf")
    assert cfg.mainsize_mb == 16
    assert cfg.cpuserial == 0x061370 and cfg.cpumodel == 0x0158
    assert cfg.cnslport == 3270 and cfg.loadparm == "0CUU...."
    assert [w.split(": ", 1)[1] for w in cfg.warnings] == [
        "statement XPNDSIZE not supported, ignored",
        "statement PANRATE not supported, ignored",
        "statement OSTAILOR not supported, ignored"]
    devs = {d: (s.devtype, s.args_for(d)) for s in cfg.devices for d in s.devnums}
    assert devs[0x00C] == ("3505", ["jcl/ipl.txt", "eof", "ascii"])
    assert devs[0x01F] == ("3215-C", ["/"])
    assert sorted(d for d in devs if devs[d][0] == "3270") == [0x60, 0x61, 0x62, 0x63,
                                                              0xC0, 0xC1, 0xC2]
    assert devs[0x480][1] == ["/opt/vm/dasd/tape.480.aws"]
    assert devs[0x481][1] == ["/opt/vm/dasd/tape.481.aws"]
    assert devs[0x190] == ("3350", ["/opt/vm/dasd/vm50-1.190", "sf=/opt/vm/dasd/shadow/vm50-1_*.190"])
    assert devs[0x191][1] == ["/vm/cms.191"]


def test_device_number_syntax():
    assert C.parse_devnums("0120-0123") == [0x120, 0x121, 0x122, 0x123]
    assert C.parse_devnums("0200.4") == [0x200, 0x201, 0x202, 0x203]
    assert len(C.parse_devnums("0230.16")) == 16            # count is decimal
    assert C.parse_devnums("0400,0403") == [0x400, 0x403]
    assert C.parse_devnums("0:0100,0110-0111") == [0x100, 0x110, 0x111]


@pytest.mark.parametrize("text,msg", [
    ("MAINSIZE lots\n", "invalid MAINSIZE"),
    ("MAINSIZE 64\n", "must be 1..16"),
    ("CPUSERIAL 12345678\n", "invalid CPUSERIAL"),
    ("CNSLPORT abc\n", "invalid CNSLPORT"),
    ("0120-0110 3330 x\n", "invalid device range"),
    ("1000 3330 x\n", "beyond S/370"),
    ("00FF-0101 3270\n", "more than one channel"),
    ("000C 3505 \"unbalanced\n", "unbalanced quote"),
])
def test_malformed_values_one_line_error(text, msg):
    with pytest.raises(C.ConfigError, match=msg) as ei:
        C.parse(text, "bad.conf")
    assert "\n" not in str(ei.value) and str(ei.value).startswith("bad.conf:1")


def test_archmode_other_than_s370_warns():
    cfg = C.parse("ARCHMODE ESA/390\n")
    assert "ARCHMODE ESA/390 not supported" in cfg.warnings[0]


def test_include_and_symbol_escape(tmp_path):
    inc = tmp_path / "devs.cfg"
    inc.write_text("000E 1403 $$(KEEP)\n")
    main = tmp_path / "main.conf"
    main.write_text(f"INCLUDE {inc}\nIGNORE INCLUDE_ERRORS\nINCLUDE {tmp_path}/missing.cfg\n")
    cfg = C.load(str(main))
    assert cfg.devices[0].args == ["$$(KEEP)"]
    assert "missing.cfg" in cfg.warnings[0]


def test_missing_file_one_line_error():
    with pytest.raises(C.ConfigError, match="no such configuration file"):
        C.load("/nonexistent/hercules.cnf")


def test_machine_from_config_warns_for_unavailable_devices(tmp_path):
    from s370.machine import Machine
    logs = []
    deck = tmp_path / "d.txt"
    deck.write_text("X\n")
    m = Machine.from_config(f"MAINSIZE 1\n000C 3505 {deck}\n0009 3215-C\n0300 9999\n"
                            f"000E 1403 {tmp_path}/p.txt\n", log=logs.append, clock="deterministic")
    assert sorted(m.devices) == [0x009, 0x00C, 0x00E]
    assert any("0300 9999" in l and "not supported" in l for l in logs)
    assert m.cpu.memsize == 1 << 20
    m.shutdown()
