"""Real tape drives under CP: the operator's MOUNT / UNMOUNT of AWS/HET images, ATTACH to a
user, the user's guest reading and writing the tape through its own virtual channel
(tapemark and end-of-tape as unit exception), DETACH rewinding and unloading the tape,
QUERY TAPES, and the drives of ``python -m cp --tape``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cp.__main__ import build_parser
from cp.start import StartError, add_tape_drives
from cp_fakes import logon, make_system, run
from cpu_harness import bc_psw
from media.tape.image import open_tape
from s370.asm import assemble
from s370.cpu import layout as L
from s370.devices.console import Console3215
from s370.devices.tape import TapeDevice
from sie import Intercept

ROOT = Path(__file__).resolve().parent.parent
CC, SLI = 0x40, 0x20
WRITE, READ, REWIND, WTM = 0x01, 0x02, 0x07, 0x1F
UX, UC, CE_DE = 0x01, 0x02, 0x0C


@pytest.fixture
def system():
    s = make_system()
    s.real_devices[0x580] = TapeDevice(0x580)
    s.real_devices[0x581] = TapeDevice(0x581)
    s.real_devices[0x01F] = Console3215(0x01F, integrated=True)
    return s


@pytest.fixture
def op(system):
    return logon(system, "OPERATOR", "OPERATOR")[0]


@pytest.fixture
def user1(system):
    return logon(system, "USER1", "PASS1")[0]


def make_tape(path, files):
    """files: lists of blocks; a tapemark after each list."""
    with open_tape(str(path)) as t:
        for blocks in files:
            for b in blocks:
                t.write(b)
            t.write_tapemark()


# --- the operator's commands ------------------------------------------------------------
def test_mount_and_unmount_messages(system, op, tmp_path):
    make_tape(tmp_path / "data.aws", [[b"x" * 80]])
    assert run(op, f"MOUNT 580 {tmp_path}/data.aws") == (0, [f"TAPE 580 MOUNTED {tmp_path}/data.aws"])
    assert system.real_devices[0x580].ready()
    assert run(op, f"MOUNT 581 {tmp_path}/new.aws") == \
        (0, [f"TAPE 581 MOUNTED {tmp_path}/new.aws (NEW TAPE)"])
    assert (tmp_path / "new.aws").exists()
    assert run(op, f"MOUNT 581 {tmp_path}/data.aws RO") == \
        (0, [f"TAPE 581 MOUNTED {tmp_path}/data.aws R/O"])
    assert system.logged[-1] == f"TAPE 581 MOUNTED {tmp_path}/data.aws R/O"
    assert run(op, "UNMOUNT 581") == (0, [f"TAPE 581 UNLOADED {tmp_path}/data.aws"])
    assert not system.real_devices[0x581].ready()
    assert run(op, "UNMOUNT 581") == (1, ["TAPE 581 NO TAPE MOUNTED"])
    assert run(op, f"MOUNT 581 {tmp_path}") == \
        (1, [f"TAPE 581 NOT MOUNTED: {tmp_path}: is a directory, not a tape image"])
    assert run(op, f"MOUNT 581 {tmp_path}/gone.aws RO")[1][0].startswith("TAPE 581 NOT MOUNTED: ")
    assert run(op, f"MOUNT 581 {tmp_path}/x.aws frob=1") == \
        (1, ["TAPE 581 NOT MOUNTED: UNKNOWN OPTION frob=1"])
    assert run(op, "MOUNT 01F x.aws") == (1, ["DEV 01F IS NOT A TAPE DRIVE"])
    assert run(op, "MOUNT 999 x.aws")[1] == ["DMKCFM040E DEV 999 DOES NOT EXIST"]
    assert run(op, "MOUNT 580")[0] == 26
    assert not (tmp_path / "x.aws").exists()


def test_mount_is_for_the_operator_only(system, user1, tmp_path):
    rc, lines = run(user1, f"MOUNT 580 {tmp_path}/t.aws")
    assert rc == 1 and "UNKNOWN CP COMMAND" in lines[0]
    assert not (tmp_path / "t.aws").exists()


def test_query_tapes_shows_owner_and_mount(system, op, user1, tmp_path):
    make_tape(tmp_path / "data.het", [[b"y" * 100]])
    run(op, f"MOUNT 580 {tmp_path}/data.het RO")
    assert run(op, "ATTACH 580 TO USER1 AS 181")[1] == ["TAPE 580 ATTACHED TO USER1    181"]
    assert run(op, "QUERY TAPES") == (0, [
        f"TAPE 580 ATTACHED TO USER1    181 {tmp_path}/data.het R/O FILE 1 BLOCK 0",
        "TAPE 581 FREE NO TAPE"])


# --- the user's virtual channel ------------------------------------------------------------
def ccws(vm, vaddr, chain, data=()):
    """Run a channel program on the user's own channel subsystem: (cc, unit status, residual)."""
    mem = vm.sd
    for i, (cmd, addr, flags, count) in enumerate(chain):
        mem.load(0x1000 + 8 * i, bytes([cmd, addr >> 16, (addr >> 8) & 0xFF, addr & 0xFF,
                                        flags, 0, count >> 8, count & 0xFF]))
    for addr, blob in data:
        mem.load(addr, blob)
    mem.load(L.LOC_CAW, (0x1000).to_bytes(4, "big"))
    cc = vm.channels.start_io(vaddr)
    if cc == 0:
        assert vm.channels.take_interrupt() == vaddr
    csw = mem.read(L.LOC_CSW, 8)
    return cc, csw[4], int.from_bytes(csw[6:8], "big")


def test_tapemark_and_end_of_tape_through_the_virtual_channel(system, op, user1, tmp_path):
    run(op, f"MOUNT 580 {tmp_path}/scratch.aws maxsize=20000 eotmargin=8000")
    run(op, "ATTACH 580 TO USER1 AS 181")
    vm = user1.vm
    # write 4000-byte blocks: the reflective marker (maxsize - eotmargin) gives unit
    # exception on the write that passes it, the physical end a unit check
    statuses = []
    for i in range(6):
        statuses.append(ccws(vm, 0x181, [(WRITE, 0x2000, 0, 4000)], [(0x2000, bytes([i]) * 4000)])[1])
    # each block takes 4000 + a 6-byte AWS header: the third ends at 12018 > 12000
    assert statuses[:4] == [CE_DE, CE_DE, CE_DE | UX, CE_DE | UX]
    assert statuses[4] & UC and statuses[5] & UC        # 20030 > 20000: end of tape
    assert ccws(vm, 0x181, [(WTM, 0, 0, 1)])[1] & (UX | UC) == UX
    ccws(vm, 0x181, [(REWIND, 0, 0, 1)])
    got = []
    while True:
        cc, unit, residual = ccws(vm, 0x181, [(READ, 0x3000, SLI, 4096)])
        if unit & UX:
            break
        got.append(vm.sd.read(0x3000, 4096 - residual))
    assert [len(b) for b in got] == [4000] * 4 and got[3] == bytes([3]) * 4000


TAPE_READER = """
TREAD    START X'1000'
TAPE     EQU   X'181'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IOPSW          I/O new PSW
         MVC   X'48'(4),CCWA           CAW
         SR    5,5                     blocks read
         SR    6,6                     bytes read
NEXT     SIO   TAPE
         BC    7,BAD
WAIT     LPSW  WAITPSW
IOINT    CLC   X'3A'(2),=AL2(TAPE)
         BNE   WAIT
         TM    X'44',X'02'             unit check
         BO    BAD
         TM    X'44',X'01'             unit exception: the tapemark
         BO    DONE
         TM    X'44',X'04'             device end
         BNO   WAIT
         LA    5,1(5)
         LH    7,=H'4096'
         SH    7,X'46'                 minus the residual count
         AR    6,7
         B     NEXT
DONE     ST    5,COUNT
         ST    6,BYTES
         MVI   FLAG,C'D'
         LPSW  DONEPSW
BAD      ST    5,COUNT
         MVI   FLAG,C'B'
         LPSW  BADPSW
         DS    0D
IOPSW    DC    X'00000000',A(IOINT)
WAITPSW  DC    X'FE020000',A(0)
DONEPSW  DC    X'00020000',A(0)
BADPSW   DC    X'00020000',A(X'BAD')
CCWA     DC    A(RCCW)
RCCW     CCW   X'02',BUF,X'20',4096
COUNT    DC    F'0'
BYTES    DC    F'0'
FLAG     DC    C'?'
         LTORG
BUF      DS    16CL256
         END   TREAD
"""


def test_a_guest_reads_an_attached_tape_to_its_tapemark(system, op, user1, tmp_path):
    blocks = [bytes([k]) * (100 + 37 * k) for k in range(25)]
    make_tape(tmp_path / "in.het", [blocks, [b"second file"]])
    run(op, f"MOUNT 580 {tmp_path}/in.het RO")
    run(op, "ATTACH 580 TO USER1 AS 181")
    a = assemble(TAPE_READER, origin=0x1000)
    assert a.rc == 0, a.errors
    vm = user1.vm
    vm.sd.load(0x1000, bytes(a.image))
    assert vm.sd.set_psw(bc_psw(0x1000))
    vm.stopped = False
    for _ in range(5000):
        if vm.run_slice(200_000) == Intercept.DISABLED_WAIT:
            break
    sym = a.symbols
    assert vm.sd.read(sym["FLAG"], 1) == "D".encode("cp037")        # DONE, not BAD
    assert int.from_bytes(vm.sd.read(sym["COUNT"], 4), "big") == 25
    assert int.from_bytes(vm.sd.read(sym["BYTES"], 4), "big") == sum(len(b) for b in blocks)
    pos = system.real_devices[0x580].image.position()
    assert (pos.file, pos.block) == (2, 26)              # just past the tapemark


def test_a_user_ipls_from_an_attached_tape(system, op, user1):
    run(op, f"MOUNT 580 {ROOT}/samples/hello.aws RO")
    run(op, "ATTACH 580 TO USER1 AS 181")
    run(op, "ATTACH 01F TO USER1 AS 009")
    assert run(user1, "IPL 181")[0] == 0
    vm = user1.vm
    for _ in range(200):
        if vm.run_slice(100_000) == Intercept.DISABLED_WAIT:
            break
    assert "HELLO FROM SYSTEM/370, IPLED FROM DEVICE 0181" in system.real_devices[0x01F].output


def test_a_mount_on_an_attached_drive_reaches_the_guest_as_device_end(system, op, user1, tmp_path):
    run(op, "ATTACH 581 TO USER1 AS 182")
    vm = user1.vm
    assert ccws(vm, 0x182, [(READ, 0x3000, SLI, 100)])[1] & UC      # no tape: not ready
    vm.sd.load(L.LOC_CSW, bytes(8))
    make_tape(tmp_path / "late.aws", [[b"now"]])
    assert run(op, f"MOUNT 581 {tmp_path}/late.aws")[0] == 0
    assert system.logged[-1].endswith(", ATTACHED TO USER1 182")
    assert vm.channels.take_interrupt() == 0x182
    assert vm.sd.read(L.LOC_CSW + 4, 1)[0] == 0x04                   # device end
    cc, unit, residual = ccws(vm, 0x182, [(READ, 0x3000, SLI, 100)])
    assert (unit, vm.sd.read(0x3000, 100 - residual)) == (CE_DE, b"now")


def test_detach_rewinds_and_unloads_and_tells_the_operator(system, op, user1, tmp_path):
    make_tape(tmp_path / "d.aws", [[b"a" * 10, b"b" * 10]])
    run(op, f"MOUNT 580 {tmp_path}/d.aws")
    run(op, "ATTACH 580 TO USER1 AS 181")
    ccws(user1.vm, 0x181, [(READ, 0x3000, SLI, 100)])
    assert run(user1, "DETACH 181") == (0, ["TAPE 181 DETACHED"])
    drive = system.real_devices[0x580]
    assert not drive.ready() and drive.devnum == 0x580
    assert system.logged[-1] == f"TAPE 580 DETACHED FROM USER1, {tmp_path}/d.aws REWOUND AND UNLOADED"
    assert 0x580 not in system.dedicated
    # the operator's DETACH does the same, and the drive can go to another user
    run(op, f"MOUNT 580 {tmp_path}/d.aws")
    run(op, "ATTACH 580 TO USER1 AS 181")
    assert run(op, "DETACH 580 FROM USER1")[0] == 0
    assert not drive.ready() and user1.vm.device(0x181) is None


def test_python_m_cp_tape_drives(tmp_path):
    args = build_parser().parse_args(["--tape", "580", "--tape", f"581={tmp_path}/t.aws"])
    assert args.tape == [(0x580, None), (0x581, f"{tmp_path}/t.aws")]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--tape", "xyz"])
    s = make_system()
    add_tape_drives(s, args.tape)
    assert not s.real_devices[0x580].ready() and s.real_devices[0x581].ready()
    assert "TAPE 580 ONLINE" in s.logged
    with pytest.raises(StartError, match="tape drive 580 given twice"):
        add_tape_drives(s, [(0x580, None)])
    with pytest.raises(StartError, match="TAPE 582 NOT MOUNTED"):
        add_tape_drives(s, [(0x582, str(tmp_path))])
