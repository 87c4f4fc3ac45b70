"""Channel-program tests: chaining, TIC, SKIP, SLI/IL, PCI, program and protection
checks, busy, CE/DE separate, attention, CSW contents and the condition codes of
every I/O instruction (GA22-7000-4 ch.12; shared/spec/io.md sections 3-8)."""

import threading

import numpy as np
import pytest

from s370.channel import ChannelSubsystem
from s370.devices.base import Device, Result, UNIT_ATTENTION, UNIT_CE, UNIT_DE, UNIT_SM, UNIT_UC, UNIT_UX
from s370.devices.card import CardReader, CardPunch
from s370.ebcdic import encode as ascii_to_ebcdic
from s370.devices.console import Console3215

CD, CC, SLI, SKIP, PCI, IDA = 0x80, 0x40, 0x20, 0x10, 0x08, 0x04
MEM = 64 * 1024


class Scripted(Device):
    """A device that answers each command from a script: cmd -> Result factory."""

    def __init__(self, devnum=0x0E0, answers=None):
        super().__init__(devnum, 0x9999, 1)
        self.answers = answers or {}
        self.log = []

    def execute(self, cmd, data, count):
        self.log.append((cmd, data, count))
        if cmd == 0x04:
            return self.basic_sense(count)
        f = self.answers.get(cmd)
        if f is None:
            return Result(residual=count if data is not None else 0, data=b"" if data is not None else bytes(count))
        return f(data, count)


@pytest.fixture
def rig():
    mem = np.zeros(MEM, dtype=np.uint8)
    keys = np.zeros(MEM >> 11, dtype=np.uint8)
    masks = []
    ch = ChannelSubsystem(mem, keys, {}, on_pending=masks.append)
    return mem, keys, ch, masks


def ccw(mem, addr, cmd, data, flags, count):
    mem[addr:addr + 8] = np.frombuffer(bytes([cmd, data >> 16, (data >> 8) & 0xFF, data & 0xFF,
                                              flags, 0, count >> 8, count & 0xFF]), dtype=np.uint8)


def caw(mem, addr, key=0):
    mem[72:76] = np.frombuffer(((key << 28) | addr).to_bytes(4, "big"), dtype=np.uint8)


def csw(mem):
    return mem[64:72].tobytes().hex().upper()


def reader_with(ch, tmp_path, cards, devnum=0x00C, **opts):
    f = tmp_path / f"deck{devnum:03X}.txt"
    f.write_text("".join(c + "\n" for c in cards))
    dev = CardReader(devnum, 0x3505, [str(f)], **opts)
    ch.attach(devnum, dev)
    return dev


def card(text):
    return ascii_to_ebcdic(text.ljust(80))


# --- basic read, CSW, interruption ---------------------------------------------------------

def test_single_card_read_cc0_then_interruption(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["HELLO"])
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    assert masks[-1] == 1                 # channel 0 has an interruption pending
    assert ch.take_interrupt() == 0x00C
    assert csw(mem) == "000020080C000000"
    assert mem[0x4000:0x4050].tobytes() == card("HELLO")
    assert masks[-1] == 0


def test_data_chaining_worked_example(rig, tmp_path):
    # io.md 8.2: one card into two areas; CSW 00 002010 0C 00 0000
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["0123456789" + "A" * 70])
    ccw(mem, 0x2000, 0x02, 0x4000, CD, 10)
    ccw(mem, 0x2008, 0x02, 0x5000, SLI, 70)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    assert ch.take_interrupt() == 0x00C
    assert csw(mem) == "000020100C000000"
    assert mem[0x4000:0x400A].tobytes() == ascii_to_ebcdic("0123456789")
    assert mem[0x5000:0x5046].tobytes() == ascii_to_ebcdic("A" * 70)
    assert mem[0x400A] == 0


def test_data_chaining_long_record_incorrect_length(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["X" * 80])
    ccw(mem, 0x2000, 0x02, 0x4000, CD, 10)
    ccw(mem, 0x2008, 0x02, 0x5000, 0, 60)     # 70 < 80: device offers more
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020100C400000"


def test_short_read_residual_and_sli(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B"])
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 100)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020080C400014"  # IL, residual 20
    ccw(mem, 0x2000, 0x02, 0x4000, SLI, 100)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020080C000014"


def test_long_read_with_sli_truncates(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["ABCDEFGH"])
    ccw(mem, 0x2000, 0x02, 0x4000, SLI, 4)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020080C000000"
    assert mem[0x4000:0x4005].tobytes() == ascii_to_ebcdic("ABCD") + b"\0"


def test_command_chaining_and_tic(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["ONE", "TWO"])
    ccw(mem, 0x2000, 0x02, 0x4000, CC, 80)
    ccw(mem, 0x2008, 0x08, 0x2100, 0, 0)       # TIC (count ignored)
    ccw(mem, 0x2100, 0x02, 0x4100, 0, 80)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    assert ch.take_interrupt() == 0x00C
    assert csw(mem) == "000021080C000000"
    assert mem[0x4000:0x4003].tobytes() == ascii_to_ebcdic("ONE")
    assert mem[0x4100:0x4103].tobytes() == ascii_to_ebcdic("TWO")


def test_tic_in_data_chain_is_honoured(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["0123456789" * 8])
    ccw(mem, 0x2000, 0x02, 0x4000, CD, 40)
    ccw(mem, 0x2008, 0x08, 0x2200, 0, 0)
    ccw(mem, 0x2200, 0x00, 0x5000, 0, 40)      # command code ignored when data chaining
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000022080C000000"
    assert mem[0x5000:0x5028].tobytes() == ascii_to_ebcdic(("0123456789" * 8)[40:])


def test_tic_to_tic_is_program_check(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B"])
    ccw(mem, 0x2000, 0x02, 0x4000, CC, 80)
    ccw(mem, 0x2008, 0x08, 0x2100, 0, 0)
    ccw(mem, 0x2100, 0x08, 0x2200, 0, 0)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    ch.take_interrupt()
    c = csw(mem)
    assert c[2:8] == "002108" and c[10:12] == "20"   # second TIC + 8, program check


def test_tic_as_first_ccw_is_program_check_cc1(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    ccw(mem, 0x2000, 0x08, 0x2100, 0, 0)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 1
    assert csw(mem)[10:12] == "20"


def test_tic_to_odd_address_is_program_check(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B"])
    ccw(mem, 0x2000, 0x02, 0x4000, CC, 80)
    ccw(mem, 0x2008, 0x08, 0x2104, 0, 0)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem)[2:8] == "002010" and csw(mem)[10:12] == "20"


@pytest.mark.parametrize("cmd,flags,count", [(0x02, 0, 0),      # count zero
                                             (0x10, 0, 80),     # low 4 bits 0000
                                             (0x02, 0x02, 80),  # bit 38
                                             (0x02, 0x01, 80)])  # bit 39
def test_invalid_first_ccw_cc1_program_check(rig, tmp_path, cmd, flags, count):
    mem, keys, ch, masks = rig
    dev = reader_with(ch, tmp_path, ["A"])
    ccw(mem, 0x2000, cmd, 0x4000, flags, count)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 1
    assert csw(mem) == "0000200800200000"
    assert dev.cards_read == 0                     # device not started


def test_invalid_chained_ccw_ends_with_program_check(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B"])
    ccw(mem, 0x2000, 0x02, 0x4000, CC, 80)
    ccw(mem, 0x2008, 0x02, 0x4100, 0, 0)           # count 0
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    ch.take_interrupt()
    c = csw(mem)
    assert c[2:8] == "002010" and c[10:12] == "20"


@pytest.mark.parametrize("cawval", [0x01002000, 0x00002004, 0x00FFFFF8])
def test_invalid_caw_cc1_program_check(rig, tmp_path, cawval):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    mem[72:76] = np.frombuffer(cawval.to_bytes(4, "big"), dtype=np.uint8)
    assert ch.start_io(0x00C) == 1
    assert csw(mem)[10:12] == "20"


def test_wild_data_address_program_check(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    ccw(mem, 0x2000, 0x02, 0xFFFF00, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem)[10:12] == "20"


def test_protection_check_with_caw_key(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B", "C"])
    keys[0x4000 >> 11] = 0x30                       # block key 3
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000, key=5)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem)[:12] == "500020080C10"        # key 5, CE DE, protection check
    assert mem[0x4000] == 0                          # nothing stored
    caw(mem, 0x2000, key=3)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "300020080C000000"
    assert keys[0x4000 >> 11] == 0x30 | 0x04 | 0x02  # reference + change
    caw(mem, 0x2000, key=0)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem)[10:12] == "00"


def test_fetch_protection_on_write_and_reference_bit(rig, tmp_path):
    mem, keys, ch, masks = rig
    out = tmp_path / "p.bin"
    ch.attach(0x00D, CardPunch(0x00D, 0x3525, str(out)))
    keys[0x4000 >> 11] = 0x38                        # key 3, fetch protected
    ccw(mem, 0x2000, 0x01, 0x4000, 0, 80)
    caw(mem, 0x2000, key=4)
    ch.start_io(0x00D)
    ch.take_interrupt()
    assert csw(mem)[10:12] == "10"
    keys[0x4000 >> 11] = 0x30                        # not fetch protected: key 4 may read
    ch.start_io(0x00D)
    ch.take_interrupt()
    assert csw(mem) == "400020080C000000"
    assert keys[0x4000 >> 11] == 0x30 | 0x04         # reference only
    ch.subs[0x00D].dev.close()
    assert out.read_bytes() == bytes(80)


def test_skip_flag_discards_data(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["ABCDEFGHIJ"])
    ccw(mem, 0x2000, 0x02, 0x4000, CD | SKIP, 5)
    ccw(mem, 0x2008, 0x02, 0x5000, SLI, 5)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020100C000000"
    assert mem[0x4000] == 0
    assert mem[0x5000:0x5005].tobytes() == ascii_to_ebcdic("FGHIJ")


def test_pci_bit_in_final_csw(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B"])
    ccw(mem, 0x2000, 0x02, 0x4000, CC, 80)
    ccw(mem, 0x2008, 0x02, 0x4100, PCI, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    assert ch.take_interrupt() == 0x00C
    assert csw(mem) == "000020100C800000"
    assert ch.take_interrupt() is None


def test_pci_intermediate_interruption_while_pending(rig):
    mem, keys, ch, masks = rig
    con = Console3215(0x009, integrated=True)
    ch.attach(0x009, con)
    ccw(mem, 0x2000, 0x0A, 0x4000, PCI | SLI, 20)
    caw(mem, 0x2000)
    assert ch.start_io(0x009) == 0
    assert ch.take_interrupt() == 0x009              # the PCI, program still running
    assert csw(mem)[8:12] == "0080"
    assert ch.start_io(0x009) == 2                   # subchannel working
    con.input_line("hi")
    assert ch.take_interrupt() == 0x009
    assert csw(mem) == "000020080C000012"


def test_status_modifier_skips_one_ccw(rig):
    mem, keys, ch, masks = rig
    dev = Scripted(answers={0x31: lambda d, c: Result(UNIT_CE | UNIT_DE | UNIT_SM, residual=0)})
    ch.attach(0x0E0, dev)
    mem[0x3000:0x3005] = 1
    ccw(mem, 0x2000, 0x31, 0x3000, CC, 5)           # "search", met
    ccw(mem, 0x2008, 0x08, 0x2000, 0, 0)            # TIC *-8 (skipped)
    ccw(mem, 0x2010, 0x03, 0x0000, 0, 1)            # NOP
    caw(mem, 0x2000)
    assert ch.start_io(0x0E0) == 0
    ch.take_interrupt()
    assert [c for c, _, _ in dev.log] == [0x31, 0x03]
    assert csw(mem)[2:12] == "0020180C00"
    assert dev.log[0][1] == bytes([1] * 5)           # write-type data gathered


def test_unit_exception_suppresses_command_chaining(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"], eof=True)
    ccw(mem, 0x2000, 0x02, 0x4000, CC, 80)
    ccw(mem, 0x2008, 0x02, 0x4100, CC, 80)
    ccw(mem, 0x2010, 0x02, 0x4200, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020100D000050"          # stopped at the 2nd CCW: CE DE UX
    assert ch.start_io(0x00C) == 1                  # next read: hopper empty
    assert csw(mem)[8:10] == "0E"


def test_unit_check_at_initial_selection_then_sense(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, [])
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 1
    assert csw(mem)[8:12] == "0E00"                 # CE DE UC, no incorrect length
    ccw(mem, 0x2000, 0x04, 0x4000, 0, 1)
    assert ch.start_io(0x00C) == 0
    ch.take_interrupt()
    assert csw(mem) == "000020080C000000"
    assert mem[0x4000] == 0x40                      # intervention required


def test_immediate_command_cc1_csw_stored(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    ccw(mem, 0x2000, 0x03, 0x4000, 0, 1)            # control NOP
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 1
    assert csw(mem) == "000020080C000001"
    assert ch.take_interrupt() is None


def test_channel_end_and_device_end_separately(rig):
    mem, keys, ch, masks = rig
    dev = Scripted(answers={0x07: lambda d, c: Result(UNIT_CE, residual=c)})   # "rewind"
    ch.attach(0x0E0, dev)
    ccw(mem, 0x2000, 0x07, 0, 0, 1)
    caw(mem, 0x2000)
    assert ch.start_io(0x0E0) == 1
    assert csw(mem)[8:12] == "0800"                 # channel end only
    assert ch.start_io(0x0E0) == 1                  # device still busy
    assert csw(mem)[8:12] == "1000"
    assert ch.test_io(0x0E0) == 1
    dev.attention(UNIT_DE)
    assert masks[-1] == 1
    assert ch.take_interrupt() == 0x0E0
    assert csw(mem) == "0000000004000000"
    assert ch.test_io(0x0E0) == 0


def test_command_chaining_waits_for_device_end(rig):
    mem, keys, ch, masks = rig
    dev = Scripted(answers={0x07: lambda d, c: Result(UNIT_CE, residual=c)})
    ch.attach(0x0E0, dev)
    ccw(mem, 0x2000, 0x07, 0, CC, 1)
    ccw(mem, 0x2008, 0x03, 0, 0, 1)
    caw(mem, 0x2000)
    assert ch.start_io(0x0E0) == 0
    assert ch.test_io(0x0E0) == 2                   # still working
    dev.attention(UNIT_DE)
    assert [c for c, _, _ in dev.log] == [0x07, 0x03]
    assert ch.take_interrupt() == 0x0E0
    assert csw(mem)[2:12] == "0020100C00"


def test_attention_unsolicited_and_sio_busy(rig):
    mem, keys, ch, masks = rig
    con = Console3215(0x009, integrated=True)
    ch.attach(0x009, con)
    con.input_line("request")                        # no read waiting: attention
    assert masks[-1] == 1
    ccw(mem, 0x2000, 0x09, 0x4000, 0, 1)
    caw(mem, 0x2000)
    assert ch.start_io(0x009) == 1                   # status held in the device
    assert csw(mem)[8:12] == "9000"                  # busy + attention
    assert ch.take_interrupt() is None
    con.input_line("again")
    assert ch.take_interrupt() == 0x009
    assert csw(mem) == "0000000080000000"
    # the operator's line is there for the read that follows
    ccw(mem, 0x2000, 0x0A, 0x4000, SLI, 20)
    assert ch.start_io(0x009) == 0
    ch.take_interrupt()
    assert mem[0x4000:0x4007].tobytes() == ascii_to_ebcdic("request")


def test_pending_read_continues_chain_from_device_thread(rig):
    mem, keys, ch, masks = rig
    con = Console3215(0x009, integrated=True)
    lines = []
    con.listeners.append(lines.append)
    ch.attach(0x009, con)
    msg = ascii_to_ebcdic("YOU SAID IT")
    mem[0x5000:0x5000 + len(msg)] = np.frombuffer(msg, dtype=np.uint8)
    ccw(mem, 0x2000, 0x0A, 0x4000, CC | SLI, 80)
    ccw(mem, 0x2008, 0x09, 0x5000, 0, len(msg))
    caw(mem, 0x2000)
    assert ch.start_io(0x009) == 0
    assert ch.test_io(0x009) == 2
    assert ch.halt_io(0x00A) == 3
    t = threading.Thread(target=con.input_line, args=("hello",))
    t.start()
    t.join()
    assert lines == ["hello", "YOU SAID IT"]
    assert ch.take_interrupt() == 0x009
    assert csw(mem) == "000020100C000000"


def test_halt_io_terminates_pending_read(rig):
    mem, keys, ch, masks = rig
    con = Console3215(0x009, integrated=True)
    ch.attach(0x009, con)
    ccw(mem, 0x2000, 0x0A, 0x4000, 0, 80)
    caw(mem, 0x2000)
    assert ch.start_io(0x009) == 0
    assert ch.halt_io(0x009) == 1
    assert ch.take_interrupt() == 0x009
    assert csw(mem)[2:12] == "0020080C00"
    assert not con.reading()
    assert ch.halt_io(0x009) == 1                    # available device: CC1, status stored


def test_clear_io_condition_codes(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A", "B"])
    assert ch.clear_io(0x00C) == 0
    assert ch.clear_io(0x0CC) == 3
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    mem[64:72] = 0
    assert ch.clear_io(0x00C) == 1                   # pending interruption cleared
    assert csw(mem) == "000020080C000000"
    assert ch.take_interrupt() is None
    con = Console3215(0x009, integrated=True)
    ch.attach(0x009, con)
    ccw(mem, 0x2000, 0x0A, 0x4000, 0, 80)
    ch.start_io(0x009)
    assert ch.clear_io(0x009) == 1                   # working: terminated, no interruption
    assert ch.take_interrupt() is None
    assert ch.test_io(0x009) == 0


def test_test_io_condition_codes(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    assert ch.test_io(0x00C) == 0
    assert ch.test_io(0x00D) == 3
    assert ch.test_io(0x10C) == 3
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    assert ch.start_io(0x00C) == 2                   # interruption pending in subchannel
    assert ch.test_io(0x00C) == 1
    assert csw(mem) == "000020080C000000"
    assert ch.test_io(0x00C) == 0
    assert ch.take_interrupt() is None


def test_test_channel_and_store_channel_id(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    ch.attach(0x191, Scripted(0x191))
    assert ch.test_channel(0x000) == 0
    assert ch.test_channel(0x200) == 3
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    assert ch.test_channel(0x0FF) == 1
    assert ch.test_channel(0x100) == 0
    assert ch.store_channel_id(0x000) == 0
    assert mem[168:172].tobytes().hex() == "10000000"     # byte multiplexer
    assert ch.store_channel_id(0x100) == 0
    assert mem[168:172].tobytes().hex() == "20000000"     # block multiplexer
    assert ch.store_channel_id(0x300) == 3
    assert ch.io_instruction(0x9F00, 0x300) == 3


def test_hio_with_interruption_pending_cc0(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    assert ch.io_instruction(0x9E00, 0x00C) == 0
    assert ch.io_instruction(0x9E01, 0x00C) == 0
    assert ch.io_instruction(0x9E00, 0x0FE) == 3


def test_interruptions_masked_per_channel(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    reader_with(ch, tmp_path, ["B"], devnum=0x10C)
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.start_io(0x10C)
    assert masks[-1] == 0b11
    assert ch.take_interrupt(lambda c: c == 1) == 0x10C
    assert masks[-1] == 0b01
    assert ch.take_interrupt(lambda c: c == 1) is None
    assert ch.take_interrupt() == 0x00C


def test_indirect_data_addressing_across_blocks(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["0123456789" * 8])
    mem[0x3000:0x3008] = np.frombuffer(bytes.fromhex("00004FE0 00006000"), dtype=np.uint8)
    ccw(mem, 0x2000, 0x02, 0x3000, IDA, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem) == "000020080C000000"
    data = ascii_to_ebcdic("0123456789" * 8)
    assert mem[0x4FE0:0x5000].tobytes() == data[:32]
    assert mem[0x6000:0x6030].tobytes() == data[32:]


def test_invalid_idaw_program_check(rig, tmp_path):
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["X" * 80])
    mem[0x3000:0x3008] = np.frombuffer(bytes.fromhex("00004FE0 00006010"), dtype=np.uint8)
    ccw(mem, 0x2000, 0x02, 0x3000, IDA, 80)
    caw(mem, 0x2000)
    ch.start_io(0x00C)
    ch.take_interrupt()
    assert csw(mem)[10:12] == "20"


def test_punch_short_count_incorrect_length(rig, tmp_path):
    mem, keys, ch, masks = rig
    out = tmp_path / "pch.txt"
    ch.attach(0x00D, CardPunch(0x00D, 0x3525, str(out), ascii=True))
    msg = ascii_to_ebcdic("PUNCHED")
    mem[0x4000:0x4007] = np.frombuffer(msg, dtype=np.uint8)
    ccw(mem, 0x2000, 0x01, 0x4000, 0, 7)
    caw(mem, 0x2000)
    ch.start_io(0x00D)
    ch.take_interrupt()
    assert csw(mem) == "000020080C400000"
    ccw(mem, 0x2000, 0x01, 0x4000, SLI, 7)
    ch.start_io(0x00D)
    ch.take_interrupt()
    assert csw(mem) == "000020080C000000"
    assert out.read_text() == "PUNCHED\nPUNCHED\n"


def test_device_model_exception_becomes_equipment_check(rig):
    mem, keys, ch, masks = rig

    def boom(d, c):
        raise RuntimeError("bug")
    ch.attach(0x0E0, Scripted(answers={0x02: boom}))
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 8)
    caw(mem, 0x2000)
    assert ch.start_io(0x0E0) == 1
    assert csw(mem)[8:10] == "0E"


def test_csw_and_caw_are_prefixed(tmp_path):
    mem = np.zeros(MEM, dtype=np.uint8)
    keys = np.zeros(MEM >> 11, dtype=np.uint8)
    ch = ChannelSubsystem(mem, keys, {}, prefix=lambda: 0x8000)
    reader_with(ch, tmp_path, ["A"])
    ccw(mem, 0x2000, 0x02, 0x4000, 0, 80)
    mem[0x8000 + 72:0x8000 + 76] = np.frombuffer((0x2000).to_bytes(4, "big"), dtype=np.uint8)
    assert ch.start_io(0x00C) == 0
    ch.take_interrupt()
    assert mem[0x8000 + 64:0x8000 + 72].tobytes().hex().upper() == "000020080C000000"


def test_ipl_channel_program(rig, tmp_path):
    mem, keys, ch, masks = rig
    # card 1: PSW + CCW1 (read card 2 to X'400') + CCW2 (TIC to CCW1? no: NOP)
    c1 = bytes.fromhex("00000000 00000400" "02000400 60000050" "03000000 20000001") + bytes(56)
    c2 = bytes(range(80))
    f = tmp_path / "ipl.bin"
    f.write_bytes(c1 + c2)
    ch.attach(0x00C, CardReader(0x00C, 0x3505, [str(f)], mode="ebcdic"))
    assert ch.ipl(0x00C) is None
    assert mem[0:24].tobytes() == c1[:24]
    assert mem[0x400:0x450].tobytes() == c2
    assert ch.take_interrupt() is None
    assert ch.ipl(0x00C) is not None                 # empty hopper: IPL fails
    assert ch.ipl(0x0AB) == "device 00AB not found"


def _endless_nop_chain(mem, at=0x2000):
    """Command-chained control NOP and a TIC back to it: a legal chain that never ends."""
    ccw(mem, at, 0x03, 0, CC, 1)
    ccw(mem, at + 8, 0x08, at, 0, 1)
    caw(mem, at)


def test_endless_chain_runs_apart_and_hio_ends_it(rig):
    """SIO returns CC0 although the chain never ends; HIO on the working subchannel
    gives CC1 with the CSW status portion stored (io.md section 5, AWX), then the
    interruption CSW names the CCW after the last one used."""
    mem, keys, ch, masks = rig
    dev = Scripted(0x0E0)
    ch.attach(0x0E0, dev)
    _endless_nop_chain(mem)
    assert ch.start_io(0x0E0) == 0
    n = len(dev.log)
    # the worker goes on executing NOPs after SIO returned
    for _ in range(2000):
        if len(dev.log) > n + 1000:
            break
        threading.Event().wait(0.001)
    assert len(dev.log) > n
    assert ch.active()
    assert ch.start_io(0x0E0) == 2                   # subchannel working
    assert ch.test_io(0x0E0) == 2
    mem[64:72] = 0xFF
    assert ch.halt_io(0x0E0) == 1
    assert csw(mem)[8:12] == "0000"                  # status portion stored
    assert csw(mem)[:8] == "FFFFFFFF"                # rest of the CSW unchanged
    settled = len(dev.log)
    threading.Event().wait(0.05)
    assert len(dev.log) == settled                   # the chain stopped
    assert ch.take_interrupt() == 0x0E0
    c = csw(mem)
    assert c[2:8] in ("002008", "002010") and c[8:10] == "0C"
    assert ch.test_io(0x0E0) == 0


def test_endless_chain_clear_io_ends_it(rig):
    mem, keys, ch, masks = rig
    dev = Scripted(0x0E0)
    ch.attach(0x0E0, dev)
    _endless_nop_chain(mem)
    assert ch.start_io(0x0E0) == 0
    assert ch.clear_io(0x0E0) == 1                   # CSW stored, operation terminated
    assert csw(mem)[8:10] == "0C"
    assert ch.take_interrupt() is None
    assert ch.test_io(0x0E0) == 0


def test_short_chain_still_ends_inside_sio(rig, tmp_path):
    """The fast case: a chain shorter than SIO_INLINE_CCWS ends before SIO returns."""
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["C%d" % i for i in range(20)])
    for i in range(20):
        ccw(mem, 0x2000 + 8 * i, 0x02, 0x4000, CC if i < 19 else 0, 80)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    assert not ch.active()
    assert ch.take_interrupt() == 0x00C
    assert csw(mem)[2:12] == "0020A00C00"


def test_long_chain_finishes_on_the_worker(rig, tmp_path):
    mem, keys, ch, masks = rig
    from s370.channel import SIO_INLINE_CCWS
    n = SIO_INLINE_CCWS + 70
    reader_with(ch, tmp_path, ["C%d" % i for i in range(n)])
    for i in range(n):
        ccw(mem, 0x2000 + 8 * i, 0x02, 0x4000, CC if i < n - 1 else 0, 80)
    caw(mem, 0x2000)
    assert ch.start_io(0x00C) == 0
    for _ in range(5000):
        if ch.take_interrupt() == 0x00C:
            break
        threading.Event().wait(0.001)
    end = 0x2000 + 8 * n
    assert csw(mem)[2:12] == f"{end:06X}0C00"


def test_invalid_caw_cc1_generates_no_interruption(rig, tmp_path):
    """PoO GA22-7000-4 p.205: a programming error at initiation gives CC1 with the CSW
    and no interruption condition (Hercules 3.13 differs: CC0 + interruption)."""
    mem, keys, ch, masks = rig
    reader_with(ch, tmp_path, ["A"])
    mem[72:76] = np.frombuffer((0x00002004).to_bytes(4, "big"), dtype=np.uint8)
    assert ch.start_io(0x00C) == 1
    assert csw(mem)[10:12] == "20"
    assert ch.take_interrupt() is None
    assert ch.test_io(0x00C) == 0
