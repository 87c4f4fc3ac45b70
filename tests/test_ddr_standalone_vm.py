"""Standalone DDR in a virtual machine under CP: IPLed from its tape at 180, the user's
console at 009, a minidisk at 130 and a tape at 181; the dump it writes through the
virtual channel is the host tool's format (restored byte-identical by tools/ddr.py)."""

from __future__ import annotations

from cms_harness import TestConsole
from cp.vdev.minidisk import Minidisk
from cp_fakes import entry, logon, make_system
from media.ckd.image import create_image, open_image
from media.tape.image import open_tape
from s370.devices.tape import TapeDevice
from sie import Intercept
from standalone.build import build
from test_ddr import ddr, fill_volume, tracks_of


def test_standalone_ddr_dumps_a_minidisk_in_a_virtual_machine(tmp_path):
    ipl, tape, vol = tmp_path / "ddr.aws", tmp_path / "dump.aws", tmp_path / "vol.3330"
    build(str(ipl))
    open_tape(str(tape)).close()
    fill_volume(str(vol), "3330", 3, "MDK001")
    system = make_system(entry("DDRUSER", "PW", "G", storage=2 << 20))
    user, _term = logon(system, "DDRUSER", "PW")
    vm = user.vm
    console = TestConsole(0x009)
    vm.attach(0x009, console)
    image = open_image(str(vol))
    vm.attach(0x130, Minidisk(0x130, image, (0, 3), read_only=True, owner="DDRUSER",
                              owner_vaddr=0x130, volser="MDK001"))
    drives = []
    for vaddr, path, opts in ((0x180, ipl, ["ro"]), (0x181, tape, [])):
        d = TapeDevice(vaddr)
        assert d.load(str(path), opts), d.messages
        vm.attach(vaddr, d)
        drives.append(d)
    console.queue += ["input 130 3330", "output 181 3420", "dump all", "yes", ""]
    assert system.ipl(user, "180") is None
    for _ in range(5000):
        code = vm.run_slice(200_000)
        if code in (Intercept.DISABLED_WAIT, Intercept.VALIDITY, Intercept.CHECKSTOP):
            break
    assert code == Intercept.DISABLED_WAIT, console.output[-5:]
    out = console.output
    assert out[0] == "VM/370 DASD DUMP/RESTORE PROGRAM RELEASE 6"
    assert "DMKDDR711R VOLID READ IS MDK001" in out
    assert "END OF DUMP" in out and out[-1] == "END OF JOB"
    for d in drives:
        d.unload(quiet=True)
    image.close()
    back = tmp_path / "back.3330"
    assert ddr("restore", tape, back) == 0
    assert tracks_of(str(back)) == tracks_of(str(vol))
