"""cp.system.CPSystem: LOGON builds the virtual machine from the directory (storage,
options, minidisks, links, dedicated and special devices, the IPL statement),
LOGOFF gives everything back; minidisk extents on one real volume, the LINK mode
rules and passwords, ATTACH/DETACH of real devices, DEFINE.

The directory is built from the contract's UserEntry/MDisk/LinkStmt names with
SimpleNamespace (cp.directory's parser is h-dir's).  Minidisk I/O goes through the
guest's own channel subsystem with CCWs in guest storage.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest

from s370.cpu import layout as L
from media.ckd.image import create_image, open_image
from media.ckd.track import parse_track
from s370.devices.card import CardReader
from s370.devices.console import Console3215

from cp.system import CPSystem, LogonError
from cp.vdev.minidisk import Minidisk, TemporaryDisk
from cp.vdev.special import DialableDisplay, PseudoTimer
from sie import Intercept

from cp_fakes import Directory, Terminal

K = 1024
ROOT = Path(__file__).resolve().parent.parent
CD, CC, SLI = 0x80, 0x40, 0x20
SEEK, READ_R0, WRITE_CKD, READ_CKD, SENSE = 0x07, 0x16, 0x1D, 0x1E, 0x04
HEADS_3330 = 19


def mdisk(vaddr, start, n, volser="VOL001", mode="W", read_pw=None, write_pw=None,
          multi_pw=None):
    return SimpleNamespace(vaddr=vaddr, devtype=0x3330, start_cyl=start, cylinders=n,
                           volser=volser, mode=mode, read_pw=read_pw, write_pw=write_pw,
                           multi_pw=multi_pw, line=0)


def entry(userid, password="PW", *, storage=64 * K, options=(), mdisks=(), links=(),
          dedicates=(), specials=(), ipl=None, cpuid=None, nolog=False):
    e = SimpleNamespace(userid=userid, password=password, storage=storage,
                        max_storage=1 << 20, classes="G", priority=50, account="ACCT",
                        distcode="", ipl=ipl, ipl_parm=None, options=set(options),
                        cpuid=cpuid, console=None, spools=[], mdisks=list(mdisks),
                        links=list(links), dedicates=list(dedicates), specials=list(specials),
                        line=0, nolog=nolog)
    e.mdisk = lambda v: next((m for m in e.mdisks if m.vaddr == v), None)
    return e


@pytest.fixture
def volume(tmp_path):
    path = str(tmp_path / "vol001.3330")
    create_image(path, "3330", "VOL001", cyls=8)
    image = open_image(path)
    yield image
    image.close()


def make_system(volume, *entries, real_devices=None):
    return CPSystem(Directory(*entries), volumes={"VOL001": volume}, clock="deterministic",
                    real_devices=real_devices, log=lambda text: None)


def logon(system, userid):
    return system.logon(userid, "PW", Terminal())


# ---------------------------------------------------------------------------- channel programs
def run_ccws(vm, vaddr, ccws, data=()):
    """Channel program in guest storage at X'1000' (data areas from X'2000'); (cc, csw)."""
    mem = vm.sd
    for i, (cmd, addr, flags, count) in enumerate(ccws):
        mem.load(0x1000 + 8 * i, bytes([cmd, addr >> 16, (addr >> 8) & 0xFF, addr & 0xFF,
                                        flags, 0, count >> 8, count & 0xFF]))
    for addr, blob in data:
        mem.load(addr, blob)
    mem.load(L.LOC_CAW, (0x1000).to_bytes(4, "big"))
    cc = vm.channels.start_io(vaddr)
    if cc == 0:
        assert vm.channels.take_interrupt() == vaddr
    return cc, mem.read(L.LOC_CSW, 8)


def seek_arg(cyl, head=0):
    return bytes([0, 0, cyl >> 8, cyl & 0xFF, head >> 8, head & 0xFF])


def write_record(vm, vaddr, cyl, text):
    """Format R1 on (cyl, head 0) holding ``text`` (after R0); the CSW."""
    body = text.encode("cp037")
    count = bytes([0, cyl, 0, 0, 1, 0, 0, len(body)])
    return run_ccws(vm, vaddr, [(SEEK, 0x2000, CC, 6), (READ_R0, 0x2100, CC | SLI, 8),
                                (WRITE_CKD, 0x2200, 0, 8 + len(body))],
                    data=[(0x2000, seek_arg(cyl)), (0x2200, count + body)])[1]


def read_record(vm, vaddr, cyl, n):
    cc, csw = run_ccws(vm, vaddr, [(SEEK, 0x2000, CC, 6), (READ_R0, 0x2100, CC | SLI, 8),
                                   (READ_CKD, 0x2200, SLI, 8 + n)],
                       data=[(0x2000, seek_arg(cyl)), (0x2200, bytes(8 + n))])
    return csw, vm.sd.read(0x2208, n).decode("cp037")


def sense(vm, vaddr):
    run_ccws(vm, vaddr, [(SENSE, 0x2400, SLI, 24)], data=[(0x2400, bytes(24))])
    return vm.sd.read(0x2400, 3)


def real_track_records(volume, cyl, head=0):
    return parse_track(volume.read_track(cyl * HEADS_3330 + head))[2]


# ---------------------------------------------------------------------------- logon
def test_logon_builds_the_virtual_machine_from_the_directory(volume):
    sys_ = make_system(volume, entry("ALICE", storage=128 * K, options={"ECMODE", "REALTIMER"},
                                     cpuid="0ABCDE", mdisks=[mdisk(0x191, 1, 2)],
                                     specials=[SimpleNamespace(vaddr=0x0FF, kind="TIMER", args=[],
                                                               line=0),
                                               SimpleNamespace(vaddr=0x0C0, kind="3270", args=[],
                                                               line=0),
                                               SimpleNamespace(vaddr=0x0A0, kind="CTCA", args=[],
                                                               line=0)]))
    user = logon(sys_, "alice")
    vm = user.vm
    assert sys_.find("ALICE") is user and vm.storage == 128 * K
    assert vm.ecmode and vm.timer == "REAL" and vm.cpuid == 0x0ABCDE
    assert isinstance(vm.device(0x191), Minidisk) and vm.device(0x191).cyls == 2
    assert isinstance(vm.device(0x0FF), PseudoTimer)
    assert isinstance(vm.device(0x0C0), DialableDisplay)
    assert vm.device(0x0A0) is None                     # CTCA: not built, one line said
    assert any("SPECIAL 0A0 CTCA" in line for line in user.terminal.lines)
    assert vm.stopped                                    # no IPL statement: CP READ


def test_logon_refusals(volume):
    sys_ = make_system(volume, entry("ALICE"), entry("SPOOLER", nolog=True))
    with pytest.raises(LogonError) as e:
        sys_.logon("ALICE", "WRONG", Terminal())
    assert e.value.number == 50
    for who in ("NOBODY", "SPOOLER"):
        with pytest.raises(LogonError) as e:
            sys_.logon(who, "PW", Terminal())
        assert e.value.number == 53
    logon(sys_, "ALICE")
    with pytest.raises(LogonError) as e:
        sys_.logon("ALICE", "PW", Terminal())
    assert e.value.number == 54


def test_without_ecmode_option_the_vm_is_bc_only(volume):
    sys_ = make_system(volume, entry("BOB"))
    vm = logon(sys_, "BOB").vm
    assert not vm.ecmode and vm.sd.S[L.EC_ABSENT] == 1 and vm.timer == "ON"


def diag_guest(sys_):
    user = logon(sys_, "BOB")
    vm = user.vm
    vm.sd.load(0x1000, bytes.fromhex("83000024"))       # DIAG 0,0,X'24'
    vm.sd.load(L.LOC_PGM_NEW, bytes.fromhex("000200000000A0A0"))
    assert vm.sd.set_psw(bytes.fromhex("0000000000001000"))
    vm.stopped = False
    return user, vm


def test_diagnose_goes_to_cp_diag_dispatch(volume, monkeypatch):
    import cp.diag
    calls = []

    def dispatch(user, code):
        calls.append((user.userid, code))
        user.vm.stopped = True
    monkeypatch.setattr(cp.diag, "dispatch", dispatch, raising=False)
    user, vm = diag_guest(make_system(volume, entry("BOB")))
    assert vm.run_slice(100) == Intercept.REQUEST
    assert calls == [("BOB", 0x24)]


def test_diagnose_without_cp_diag_is_a_specification_exception(volume, monkeypatch):
    import cp.diag
    monkeypatch.delattr(cp.diag, "dispatch", raising=False)
    user, vm = diag_guest(make_system(volume, entry("BOB")))
    assert vm.run_slice(100) == Intercept.DISABLED_WAIT
    assert int.from_bytes(vm.sd.read(L.LOC_PGM_OLD, 8), "big") >> 32 & 0xFFFF == 6


# ---------------------------------------------------------------------------- minidisks
def test_two_users_minidisks_never_touch_each_others_tracks(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2)]),
                       entry("BOB", mdisks=[mdisk(0x191, 3, 2)]))
    a, b = logon(sys_, "ALICE").vm, logon(sys_, "BOB").vm
    assert write_record(a, 0x191, 0, "ALICE DATA")[4] == 0x0C
    assert write_record(b, 0x191, 0, "BOB DATA")[4] == 0x0C
    assert read_record(a, 0x191, 0, 10)[1] == "ALICE DATA"
    assert read_record(b, 0x191, 0, 8)[1] == "BOB DATA"
    # on the real volume: ALICE's cylinder 0 is real cylinder 1, BOB's is 3; 0, 2 untouched
    assert real_track_records(volume, 1)[-1].data == "ALICE DATA".encode("cp037")
    assert real_track_records(volume, 3)[-1].data == "BOB DATA".encode("cp037")
    assert len(real_track_records(volume, 2)) == 1 and len(real_track_records(volume, 4)) == 1


def test_seek_outside_the_extent_is_a_command_reject(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2)]))
    vm = logon(sys_, "ALICE").vm
    cc, csw = run_ccws(vm, 0x191, [(SEEK, 0x2000, 0, 6)], data=[(0x2000, seek_arg(2))])
    assert csw[4] & 0x02                                 # unit check
    assert sense(vm, 0x191)[0] & 0x80                    # command reject
    cc, csw = run_ccws(vm, 0x191, [(SEEK, 0x2000, 0, 6)], data=[(0x2000, seek_arg(1))])
    assert not csw[4] & 0x02


def test_read_only_link_cannot_write(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2, read_pw="ALL")]),
                       entry("BOB", links=[SimpleNamespace(userid="ALICE", vaddr=0x191,
                                                           as_vaddr=0x291, mode="RR", line=0)]))
    a = logon(sys_, "ALICE").vm
    write_record(a, 0x191, 0, "OWNER")
    b = logon(sys_, "BOB").vm
    link = b.device(0x291)
    assert isinstance(link, Minidisk) and link.read_only
    assert read_record(b, 0x291, 0, 5)[1] == "OWNER"
    csw = write_record(b, 0x291, 0, "INTRUDER")
    assert csw[4] & 0x02                                 # unit check
    assert sense(b, 0x291)[1] & 0x04                     # file protected
    assert read_record(a, 0x191, 0, 5)[1] == "OWNER"
    holders = sys_.links.holders("ALICE", 0x191)
    assert {(h.userid, h.vaddr, h.access) for h in holders} == {("ALICE", 0x191, "W"),
                                                                ("BOB", 0x291, "R")}


def test_link_mode_rules_and_messages(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2, read_pw="ALL",
                                                            write_pw="WPASS",
                                                            multi_pw="MPASS")]),
                       entry("BOB"))
    logon(sys_, "ALICE")                                 # ALICE holds 191 R/W
    bob = logon(sys_, "BOB")
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x192, "W", "WPASS")
    assert dev is None and [n for n, _ in msgs] == [105]
    assert bob.msg(*msgs[0][:1], **msgs[0][1]) == 105
    assert bob.terminal.lines[-1] == "DMKLNK105E ALICE 191 NOT LINKED; R/W BY 001 USER"
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x192, "MR", "MPASS")
    assert dev is bob.vm.device(0x192) and dev.read_only
    assert [n for n, _ in msgs] == [102]                 # FORCED R/O
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x192, "RR")
    assert dev is None and [n for n, _ in msgs] == [110]  # already defined
    assert sys_.detach_link(bob, 0x192) is None
    assert bob.vm.device(0x192) is None
    assert [h.userid for h in sys_.links.holders("ALICE", 0x191)] == ["ALICE"]
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x193, "RR")
    assert dev is not None and msgs == []                # read password ALL: none needed
    dev, msgs = sys_.link(bob, "ALICE", 0x199, 0x194, "RR")
    assert dev is None and [n for n, _ in msgs] == [107]


def test_link_passwords(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2, read_pw="SECRET")]),
                       entry("BOB"))
    bob = logon(sys_, "BOB")
    assert sys_.link_password_needed(bob, "ALICE", 0x191, "RR") == "READ"
    assert sys_.link_password_needed(bob, "ALICE", 0x191, "MW") is None   # no MULT password:
    assert [n for n, _ in sys_.link(bob, "ALICE", 0x191, 0x191, "MW", "X")[1]] == [113]  # no link
    assert [n for n, _ in sys_.link(bob, "ALICE", 0x191, 0x191, "RR")[1]] == [114]
    assert [n for n, _ in sys_.link(bob, "ALICE", 0x191, 0x191, "RR", "WRONG")[1]] == [114]
    assert [n for n, _ in sys_.link(bob, "ALICE", 0x191, 0x191, "W", "SECRET")[1]] == [112]
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x191, "RR", "secret")
    assert dev is not None and msgs == []
    # messages never carry the password
    assert not any("SECRET" in str(f) for _, f in sys_.link(bob, "ALICE", 0x191, 0x291, "RR",
                                                               "WRONG")[1])


def test_owner_mdisk_refused_when_others_write(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2, mode="W",
                                                            multi_pw="M")]),
                       entry("BOB"))
    bob = logon(sys_, "BOB")
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x191, "MW", "M")
    assert dev is not None and not dev.read_only
    alice = logon(sys_, "ALICE")                         # her own W link: BOB writes
    assert alice.vm.device(0x191) is None
    assert any("NOT LINKED; R/W BY 001 USER" in line for line in alice.terminal.lines)


def test_missing_volume_gives_a_line_not_a_failure(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2, volser="NOVOL")]))
    user = logon(sys_, "ALICE")
    assert user.vm.device(0x191) is None
    assert any("NOVOL NOT MOUNTED" in line for line in user.terminal.lines)


def test_minidisk_of_another_device_type_gives_a_line(volume):
    md = mdisk(0x191, 1, 2)
    md.devtype = 0x3350
    sys_ = make_system(volume, entry("ALICE", mdisks=[md]))
    user = logon(sys_, "ALICE")
    assert user.vm.device(0x191) is None
    assert any("IS A 3350; VOLUME VOL001 IS A 3330" in line for line in user.terminal.lines)


def test_logoff_releases_links_and_keeps_the_volume_open(volume):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2)]),
                       entry("BOB", links=[SimpleNamespace(userid="ALICE", vaddr=0x191,
                                                           as_vaddr=0x191, mode="RR", line=0)]))
    alice, bob = logon(sys_, "ALICE"), logon(sys_, "BOB")
    write_record(alice.vm, 0x191, 0, "KEPT")
    sys_.logoff(bob)
    assert sys_.find("BOB") is None
    assert [h.userid for h in sys_.links.holders("ALICE", 0x191)] == ["ALICE"]
    sys_.shutdown()
    assert not sys_.users and not sys_.links.holders("ALICE", 0x191)
    assert real_track_records(volume, 1)[-1].data == "KEPT".encode("cp037")


# ---------------------------------------------------------------------------- real devices
def hello_devices():
    console = Console3215(0x009, integrated=True)
    reader = CardReader(0x00C, 0x3505, [str(ROOT / "samples" / "hello.ipl")], eof=True,
                        mode="ebcdic")
    return console, reader


def test_dedicated_devices_and_directory_ipl(volume):
    console, reader = hello_devices()
    sys_ = make_system(volume, entry("ALICE", ipl="00C",
                                     dedicates=[SimpleNamespace(vaddr=0x009, raddr=0x01F,
                                                                volser=None, line=0),
                                                SimpleNamespace(vaddr=0x00C, raddr=0x012,
                                                                volser=None, line=0)]),
                       real_devices={0x01F: console, 0x012: reader})
    user = logon(sys_, "ALICE")
    user.directory_ipl()                                 # what LOGON and AUTOLOG do next
    vm = user.vm
    assert vm.device(0x009) is console and vm.device(0x00C) is reader
    assert sys_.dedicated == {0x01F: ("ALICE", 0x009), 0x012: ("ALICE", 0x00C)}
    assert not vm.stopped and vm.ipl_device == 0x00C     # the directory's IPL 00C
    for _ in range(100):
        if vm.run_slice(100_000) == Intercept.DISABLED_WAIT:
            break
    assert "HELLO FROM SYSTEM/370, IPLED FROM DEVICE 000C" in console.output
    sys_.logoff(user)
    assert sys_.dedicated == {} and console.devnum == 0x01F and reader.devnum == 0x012
    assert sys_.real_devices[0x01F] is console            # back, not closed


def test_operator_attach_and_detach(volume):
    console, reader = hello_devices()
    sys_ = make_system(volume, entry("ALICE"), entry("BOB"), real_devices={0x012: reader})
    alice, bob = logon(sys_, "ALICE"), logon(sys_, "BOB")
    assert sys_.attach_real(0x012, alice, 0x00C) is None
    assert alice.vm.device(0x00C) is reader and sys_.dedicated[0x012] == ("ALICE", 0x00C)
    assert "ATTACHED TO ALICE" in sys_.attach_real(0x012, bob, 0x00C)
    assert "DOES NOT EXIST" in sys_.attach_real(0x099, bob, 0x00C)
    assert sys_.detach_real(0x012) is None
    assert alice.vm.device(0x00C) is None and reader.devnum == 0x012
    assert sys_.attach_real(0x012, bob) is None and bob.vm.device(0x012) is reader
    assert "NOT ATTACHED" in sys_.detach_real(0x013)


# ---------------------------------------------------------------------------- DEFINE
def test_define_temporary_disk_timer_graf_and_renumber(volume):
    sys_ = make_system(volume, entry("ALICE"))
    user = logon(sys_, "ALICE")
    vm = user.vm
    assert sys_.define_device(user, "T3330", 0x1A0, cyls=2) is None
    tdisk = vm.device(0x1A0)
    assert isinstance(tdisk, TemporaryDisk) and tdisk.cyls == 2
    assert write_record(vm, 0x1A0, 1, "SCRATCH")[4] == 0x0C
    assert read_record(vm, 0x1A0, 1, 7)[1] == "SCRATCH"
    assert "MISSING" in sys_.define_device(user, "T3330", 0x1A1)
    assert sys_.define_device(user, "TIMER", 0x0FF) is None
    assert sys_.define_device(user, "GRAF", 0x0C1) is None
    assert "ALREADY DEFINED" in sys_.define_device(user, "GRAF", 0x0C1)
    assert isinstance(vm.device(0x0C1), DialableDisplay)
    assert sys_.define_device(user, "AS", 0x0C1, new_vaddr=0x0C2) is None
    assert vm.device(0x0C1) is None and vm.device(0x0C2).devnum == 0x0C2
    assert "INVALID OPERAND" in sys_.define_device(user, "WIDGET", 0x0D0)
    assert sys_.detach_device(user, 0x1A0) is None
    assert tdisk.image is None                           # closed: the scratch file is gone
    assert "DOES NOT EXIST" in sys_.detach_device(user, 0x1A0)


def test_pseudo_timer_read(volume):
    sys_ = make_system(volume, entry("ALICE"))
    user = logon(sys_, "ALICE")
    sys_.define_device(user, "TIMER", 0x0FF)
    cc, csw = run_ccws(user.vm, 0x0FF, [(0x02, 0x2000, 0, 24)], data=[(0x2000, bytes(24))])
    text = user.vm.sd.read(0x2000, 16).decode("cp037")
    assert text[2] == "/" and text[5] == "/" and text[10] == ":" and text[13] == ":"
    assert csw[4] == 0x0C


def test_ipl_from_a_minidisk(tmp_path, volume):
    import subprocess
    import sys
    disk = tmp_path / "hello.3330"
    r = subprocess.run([sys.executable, "-m", "s370.iplmedia", str(ROOT / "samples" / "hello.asm"),
                        "--disk", str(disk)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    iplvol = open_image(str(disk))
    try:
        console, _ = hello_devices()
        sys_ = CPSystem(Directory(entry("ALICE", ipl="190", mdisks=[mdisk(0x190, 0, 1,
                                                                           volser="IPLVOL")],
                                        dedicates=[SimpleNamespace(vaddr=0x009, raddr=0x01F,
                                                                   volser=None, line=0)])),
                        volumes={"IPLVOL": iplvol, "VOL001": volume}, clock="deterministic",
                        real_devices={0x01F: console}, log=lambda text: None)
        user = logon(sys_, "ALICE")
        user.directory_ipl()                             # what LOGON and AUTOLOG do next
        vm = user.vm
        assert vm.ipl_device == 0x190 and not vm.stopped
        for _ in range(100):
            if vm.run_slice(100_000) == Intercept.DISABLED_WAIT:
                break
        assert "HELLO FROM SYSTEM/370, IPLED FROM DEVICE 0190" in console.output
        sys_.shutdown()
    finally:
        iplvol.close()


def test_special_3270_is_not_ready_until_dialed(volume):
    from test_sie_samples import CaptureSession
    sys_ = make_system(volume, entry("ALICE", specials=[SimpleNamespace(vaddr=0x0C0, kind="3270",
                                                                        args=(), line=0)]))
    vm = logon(sys_, "ALICE").vm
    graf = vm.device(0x0C0)
    cc, csw = run_ccws(vm, 0x0C0, [(0x05, 0x2000, SLI, 1)], data=[(0x2000, b"\xc3")])
    assert csw[4] & 0x02 and sense(vm, 0x0C0)[0] & 0x40          # intervention required
    assert graf.describe() == "GRAF 0C0 ENABLED"
    session = CaptureSession()
    assert graf.connect(session)                                 # what DIAL does
    assert vm.channels.pending_mask()                            # device end: now ready
    assert vm.channels.take_interrupt() == 0x0C0
    assert vm.sd.read(L.LOC_CSW + 4, 1)[0] & 0x04
    cc, csw = run_ccws(vm, 0x0C0, [(0x05, 0x2000, SLI, 1)], data=[(0x2000, b"\xc3")])
    assert csw[4] == 0x0C and session.records                    # written to the terminal
    assert graf.describe() == "GRAF 0C0 DIALED"
