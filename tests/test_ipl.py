"""IPL (cpu.md section 12) and the machine's exit loop with the real CPU:
IPL from a card deck built with s370.asm, I/O address stored the BC / EC way, I/O
interruption with CSW, DIAGNOSE -> specification exception, enabled wait until a
console read completes, failing IPLs."""

import pytest

from s370.asm import assemble
from s370.cpu import layout as L
from s370.devices.base import Device, Result
from s370.machine import Machine

# LPSW is written as DC X'8200',S(...) because the assembler currently encodes the
# S-format LPSW with a 16-bit opcode (reported to the assembler owner).
HELLO = """
START    BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW
         MVC   X'48'(4),CAWW
         SIO   X'009'
         BC    7,FAIL
         DC    X'8200',S(WAITPSW)
IOINT    CLC   X'44'(2),=X'0C00'
         BNE   FAIL
         DC    X'8200',S(DONE)
FAIL     DC    X'8200',S(BAD)
         DS    0D
IONEW    DC    X'00000000',A(IOINT)
WAITPSW  DC    X'80020000',A(0)
DONE     DC    X'00020000',X'00000D0E'
BAD      DC    X'00020000',X'00000BAD'
CAWW     DC    A(CCW1)
CCW1     CCW   {cmd},BUF,X'20',{count}
BUF      DC    C'HELLO FROM IPL'
         DC    CL20' '
         LTORG
         END   START
"""


def deck(image: bytes, psw: bytes = bytes.fromhex("00000000 00000400")) -> bytes:
    """Card 1: IPL PSW + CCW1/CCW2 reading cards 2-3 to X'400'; then the image."""
    assert len(image) <= 160
    card1 = psw + bytes.fromhex("02000400 60000050" "02000450 20000050")
    return card1.ljust(80, b"\0") + image.ljust(160, b"\0")


def machine_with(tmp_path, deck_bytes, extra=""):
    f = tmp_path / "ipl.deck"
    f.write_bytes(deck_bytes)
    logs = []
    m = Machine.from_config(f"MAINSIZE 1\n000C 3505 {f} ebcdic\n0009 3215-C /\n{extra}",
                            clock="deterministic", log=logs.append)
    return m, logs


def test_ipl_card_deck_console_write_and_io_interruption(tmp_path):
    a = assemble(HELLO.format(cmd="X'09'", count="14"), origin=0x400)
    assert a.rc == 0, a.errors
    m, logs = machine_with(tmp_path, deck(a.image))
    assert m.ipl(0x00C)
    assert m.cpu.read(0, 4) == bytes.fromhex("0000000C")      # BC: I/O address in bytes 2-3
    assert m.run(max_instructions=100000) == L.EXIT_DISABLED_WAIT
    assert "HELLO FROM IPL" in logs
    assert "HHCCP011I CPU0000: Disabled wait state" in logs
    assert m.cpu.psw[4:] == bytes.fromhex("80000D0E")
    assert m.cpu.read(56, 4) == bytes.fromhex("80020009")     # I/O old PSW names device 009
    ccw1 = a.symbols["CCW1"].value if hasattr(a.symbols["CCW1"], "value") else a.symbols["CCW1"]
    assert m.cpu.read(64, 8) == (ccw1 + 8).to_bytes(4, "big") + bytes.fromhex("0C000000")
    m.shutdown()


def test_enabled_wait_until_console_read_completes(tmp_path):
    a = assemble(HELLO.format(cmd="X'0A'", count="34"), origin=0x400)
    m, logs = machine_with(tmp_path, deck(a.image))
    assert m.ipl(0x00C)
    assert m.run(max_instructions=100000) == L.EXIT_WAIT       # waiting for the operator
    con = m.devices[0x009]
    assert con.reading()
    con.input_line("typed by the operator")
    assert m.run(max_instructions=100000) == L.EXIT_DISABLED_WAIT
    buf = a.symbols["BUF"].value if hasattr(a.symbols["BUF"], "value") else a.symbols["BUF"]
    assert m.cpu.read(buf, 21) == "typed by the operator".encode("cp037")
    assert m.cpu.psw[4:] == bytes.fromhex("80000D0E")
    m.shutdown()


def test_ec_mode_ipl_psw_stores_io_address_at_184(tmp_path):
    prog = bytes.fromhex("82000408 00000000" "000A0000 00000EEE")
    m, logs = machine_with(tmp_path, deck(prog, psw=bytes.fromhex("00080000 00000400")))
    assert m.ipl(0x00C)
    assert m.cpu.read(184, 4) == bytes.fromhex("0000000C")
    assert m.run(max_instructions=1000) == L.EXIT_DISABLED_WAIT
    assert m.cpu.psw == bytes.fromhex("000A0000 00000EEE")
    m.shutdown()


def test_diagnose_on_bare_machine_is_specification_exception(tmp_path):
    # program new PSW: disabled wait X'DDD'; then DIAGNOSE
    prog = bytes.fromhex("D2 07 0068 0410" "83000008" "000000000000" "00020000 00000DDD")
    m, logs = machine_with(tmp_path, deck(prog))
    assert m.ipl(0x00C)
    assert m.run(max_instructions=1000) == L.EXIT_DISABLED_WAIT
    assert m.cpu.psw[5:] == bytes.fromhex("000DDD")
    assert m.cpu.read(40 + 2, 2) == bytes.fromhex("0006")     # BC program old PSW: code 6
    m.shutdown()


class BlockDevice(Device):
    """A tape-like device: each read returns the next block (IPL from 'tape')."""

    def __init__(self, devnum, blocks):
        super().__init__(devnum, 0x3420, 1)
        self.blocks = list(blocks)

    def execute(self, cmd, data, count):
        if cmd == 0x02 and self.blocks:
            return Result(data=self.blocks.pop(0))
        return self.command_reject()


def test_ipl_from_any_device_honouring_the_implied_read(tmp_path):
    first = bytes.fromhex("00000000 00000400" "02000400 20000050" "00000000 00000000")
    prog = bytes.fromhex("82000408 00000000" "00020000 0000AAAA")
    m, logs = machine_with(tmp_path, deck(b""))
    m.attach(0x180, BlockDevice(0x180, [first, prog]))
    assert m.ipl(0x180)
    assert m.cpu.read(0, 4) == bytes.fromhex("00000180")
    assert m.run(max_instructions=1000) == L.EXIT_DISABLED_WAIT
    assert m.cpu.psw[4:] == bytes.fromhex("0000AAAA")
    m.shutdown()


def test_failing_ipls_report_one_line(tmp_path):
    m, logs = machine_with(tmp_path, b"")
    assert not m.ipl(0x00C)                                    # empty deck
    assert logs[-1].startswith("HHCCP027E IPL from 000C failed")
    assert not m.ipl(0x0ABC)
    assert logs[-1] == "HHCCP027E device 0ABC not found"
    m.attach(0x181, BlockDevice(0x181, [bytes.fromhex("00080000 FF000400") + bytes(16)]))
    assert not m.ipl(0x181)                                    # invalid IPL PSW
    m.shutdown()


def test_endless_channel_program_does_not_hang_the_cpu():
    """SIO of a never-ending chain (NOP + TIC back) returns; the CPU counts on in R3;
    HIO in the program ends the chain (CC1); Machine.stop() returns."""
    from s370.cpu import layout as L
    from s370.devices.base import Device, Result
    from s370.machine import Machine

    class Nop(Device):
        def execute(self, cmd, data, count):
            return Result()

    m = Machine(memsize=64 << 10, clock="deterministic", log=lambda s: None)
    m.attach(0x0E0, Nop(0x0E0, 0x9999))
    m.cpu.load(0x2000, bytes.fromhex("0300000040000001" "0800200000000001"))
    m.cpu.load(72, bytes.fromhex("00002000"))
    prog = bytes.fromhex(
        "9C0000E0"      # 1000 SIO X'0E0'       -> CC0, the chain goes on
        "0560"          # 1004 BALR 6,0          R6 = 1006
        "1F33"          # 1006 SLR 3,3
        "41400100"      # 1008 LA 4,256
        "41303001"      # 100C LA 3,1(3)
        "46406006"      # 1010 BCT 4,6(6)        -> 100C
        "9E0000E0"      # 1014 HIO X'0E0'
        "41500000"      # 1018 LA 5,0
        "4740601E"      # 101C BC 4,X'1024'      CC1?
        "47F06022"      # 1020 B X'1028'
        "41500001"      # 1024 LA 5,1
    )
    m.cpu.load(0x1000, prog)
    m.cpu.set_psw(bytes.fromhex("0000000000001000"))
    rc = m.run(max_instructions=4 + 2 * 256 + 4)
    assert rc == L.EXIT_BUDGET
    assert m.cpu.get_gpr(3) == 256                     # the CPU went on after SIO
    assert m.cpu.get_gpr(5) == 1                       # HIO on the working subchannel: CC1
    assert not m.channel.active()
    m.cpu.set_psw(bytes.fromhex("0000000000001000"))
    m.start()                                          # again, this time stopped from outside
    m.stop()
    assert not m.running
