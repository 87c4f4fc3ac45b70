"""A standalone program IPLed in a virtual machine behaves as on the bare machine: the same
card deck (IPL card + a program that writes to its console with SIO and takes the I/O
interruption) IPLed from a real card reader on s370.machine and from a user's virtual
reader under CP (the deck spooled to the reader, IPL 00C) gives the same console line,
the same final PSW, the same I/O old PSW and the same CSW."""

from cp.commands import execute
from cp.spool.store import OutputOptions
from cp.start import SystemConfig, start_system
from s370.asm import assemble
from s370.cpu import layout as L

from cp_e2e_support import wait_until
from cp_fakes import Terminal
from test_ipl import HELLO, deck, machine_with


DIRECTORY = """\
USER ALICE SECRET 1M 2M G
 CONSOLE 009 3215
 SPOOL 00C 2540 READER *
"""
PUNCH_WRITE = 0x01          # the punch CCW that wrote each card


def test_ipl_from_the_virtual_reader_matches_the_bare_machine(tmp_path):
    a = assemble(HELLO.format(cmd="X'09'", count="14"), origin=0x400)
    assert a.rc == 0, a.errors
    cards = deck(a.image)
    # the bare machine
    m, logs = machine_with(tmp_path, cards)
    assert m.ipl(0x00C)
    assert m.run(max_instructions=100000) == L.EXIT_DISABLED_WAIT
    bare = {"psw": m.cpu.psw, "io_old": m.cpu.read(56, 8), "csw": m.cpu.read(64, 8),
            "said": "HELLO FROM IPL" in logs}
    m.shutdown()
    # the same deck in ALICE's reader under CP
    r = start_system(SystemConfig(directory=DIRECTORY, port=0, operator=False, workers=1,
                                  log=lambda line: None))
    try:
        system = r.system
        term = Terminal()
        alice = system.logon("ALICE", "SECRET", term)
        alice.terminal = term
        w = system.spool.open_output("ALICE", "PUN", OutputOptions(to="ALICE"))
        for i in range(0, len(cards), 80):
            w.write(PUNCH_WRITE, cards[i:i + 80])
        system.spool.close(w)
        assert execute(alice, "IPL 00C") == 0
        vm = alice.vm
        wait_until(lambda: vm.stopped and vm.sd.psw[4:] == bare["psw"][4:])
        assert "HELLO FROM IPL" in term.lines and bare["said"]
        assert vm.sd.psw == bare["psw"]                           # 00020000 80000D0E
        assert vm.read_real(56, 8) == bare["io_old"]              # names device 009
        assert vm.read_real(64, 8) == bare["csw"]                 # channel end + device end
        assert vm.read_real(0, 4) == bytes.fromhex("0000000C")    # the IPL device, BC mode
    finally:
        r.stop()


# ---------------------------------------------------------------------------- from a minidisk
def ipl_volume(path, image: bytes, origin: int = 0x400):
    """A 3330 whose track 0 holds an IPL record (PSW + a Read Data CCW for the next record)
    and the program as that next record; the VOL1 label stays, so CP can mount it."""
    from media.ckd.image import create_image, open_image
    from media.ckd.track import Record, build_track, parse_track
    create_image(path, "3330", "IPLVOL", cyls=4)
    vol = open_image(path)
    try:
        cyl, head, recs = parse_track(vol.read_track(0), 0)
        psw = bytes.fromhex("00000000") + origin.to_bytes(4, "big")
        read_next = bytes([0x06]) + origin.to_bytes(3, "big") + bytes([0x20, 0]) \
            + len(image).to_bytes(2, "big")
        by_rec = {r.rec: r for r in recs}
        by_rec[1] = Record(0, 0, 1, by_rec[1].key, psw + read_next + bytes(8))
        by_rec[2] = Record(0, 0, 2, by_rec[2].key, image)
        vol.write_track(0, build_track(cyl, head, [by_rec[k] for k in sorted(by_rec)]))
    finally:
        vol.close()


def test_ipl_from_a_minidisk_matches_the_bare_machine(tmp_path):
    from s370.machine import Machine
    a = assemble(HELLO.format(cmd="X'09'", count="14"), origin=0x400)
    assert a.rc == 0, a.errors
    path = str(tmp_path / "iplvol.3330")
    ipl_volume(path, a.image)
    # the bare machine: the real 3330 at 150
    logs = []
    m = Machine.from_config(f"MAINSIZE 1\n0150 3330 {path}\n0009 3215-C /\n",
                            clock="deterministic", log=logs.append)
    assert m.ipl(0x150)
    assert m.run(max_instructions=100000) == L.EXIT_DISABLED_WAIT
    bare = {"psw": m.cpu.psw, "io_old": m.cpu.read(56, 8), "csw": m.cpu.read(64, 8),
            "iplid": m.cpu.read(0, 4)}
    assert "HELLO FROM IPL" in logs
    m.shutdown()
    # under CP: a minidisk over the whole volume at 150
    directory = DIRECTORY.replace(" SPOOL 00C", " MDISK 150 3330 000 004 IPLVOL MR\n SPOOL 00C")
    r = start_system(SystemConfig(directory=directory, volumes=[(None, path)], port=0,
                                  operator=False, workers=1, log=lambda line: None))
    try:
        term = Terminal()
        alice = r.system.logon("ALICE", "SECRET", term)
        alice.terminal = term
        assert execute(alice, "IPL 150") == 0
        vm = alice.vm
        wait_until(lambda: vm.stopped and vm.sd.psw[4:] == bare["psw"][4:])
        assert "HELLO FROM IPL" in term.lines
        assert vm.sd.psw == bare["psw"]
        assert vm.read_real(56, 8) == bare["io_old"]
        assert vm.read_real(64, 8) == bare["csw"]
        assert vm.read_real(0, 4) == bare["iplid"] == bytes.fromhex("00000150")
    finally:
        r.stop()
