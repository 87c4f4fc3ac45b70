"""The CMS command DDR (DDR MODULE on the S-disk: standalone/DDR.asm assembled with
SYSPARM CMS): its console dialogue through CMS, DUMP of a minidisk to the user's tape
and RESTORE of it to another minidisk through the virtual channel, in the DDR format
the host tool and the standalone program read."""

from __future__ import annotations

from cp.vdev.minidisk import Minidisk
from cms_tape_harness import TapeUser, make_adisk
from media.ckd.image import create_image, open_image
from media.tape.image import open_tape
from test_cms_vmfplc2 import sdisk  # noqa: F401 (fixture)
from test_ddr import ddr, fill_volume, tracks_of
from test_ddr_standalone import media  # noqa: F401 (fixture)


def user_with_disks(tmp_path, sdisk, tape):
    u = TapeUser(sdisk, make_adisk(tmp_path / "a.3350"), tape)
    images = {}
    for vaddr, name, ro in ((0x130, "in.3330", True), (0x131, "out.3330", False)):
        im = open_image(str(tmp_path / name), readonly=ro)
        images[vaddr] = im
        u.vm.attach(vaddr, Minidisk(vaddr, im, (0, 3), read_only=ro, owner="CMSUSER",
                                    owner_vaddr=vaddr, volser="X"))
    return u, images


def test_cms_ddr_dump_and_restore_minidisks(tmp_path, sdisk):  # noqa: F811
    fill_volume(str(tmp_path / "in.3330"), "3330", 3, "CMSDDR")
    create_image(str(tmp_path / "out.3330"), "3330", "OUT001", cyls=3)
    tape = tmp_path / "dump.aws"
    open_tape(str(tape)).close()
    u, images = user_with_disks(tmp_path, sdisk, tape)
    out = u.command("DDR")
    assert out == ["VM/370 DASD DUMP/RESTORE PROGRAM RELEASE 6", "ENTER:"]
    assert u.command("input 130 3330") == ["ENTER:"]
    assert u.command("output 181 3420") == ["ENTER:"]
    out = u.command("dump all")
    assert "DMKDDR711R VOLID READ IS CMSDDR" in out
    out = u.command("yes")
    assert "DUMPING   CMSDDR IN(130)  OUT(181)" in out and "END OF DUMP" in out
    u.command("input 181 3420")
    u.command("output 131 3330 OUT001")
    out = u.command("restore all")
    assert "END OF RESTORE" in out, out
    out = u.command("")
    assert out[0] == "END OF JOB" and out[-1].startswith(("Ready;", "R;")), out
    u.close()
    for im in images.values():
        im.close()
    assert tracks_of(str(tmp_path / "out.3330")) == tracks_of(str(tmp_path / "in.3330"))
    back = tmp_path / "host.3330"                 # the host tool reads CMS DDR's tape
    assert ddr("restore", tape, back) == 0
    assert tracks_of(str(back)) == tracks_of(str(tmp_path / "in.3330"))


def test_cms_ddr_restores_a_host_dump_and_reports_bad_operands(tmp_path, sdisk):  # noqa: F811
    fill_volume(str(tmp_path / "in.3330"), "3330", 3, "HOST01")
    create_image(str(tmp_path / "out.3330"), "3330", "OUT001", cyls=3)
    tape = tmp_path / "host.aws"
    assert ddr("dump", tmp_path / "in.3330", tape) == 0
    u, images = user_with_disks(tmp_path, sdisk, tape)
    u.command("DDR")
    assert u.command("restore all") == ["DMKDDR702E CONTROL STATEMENT SEQUENCE ERROR", "ENTER:"]
    assert u.command("input 181 34x0") == ["DMKDDR701E INVALID OPERAND - 34X0", "ENTER:"]
    u.command("input 181 3420")
    u.command("output 131 3330")
    out = u.command("restore all")
    assert out[0] == "DMKDDR711R VOLID READ IS OUT001"
    out = u.command("yes")
    assert "END OF RESTORE" in out
    out = u.command("")
    assert out[-1].startswith(("Ready;", "R;"))
    u.close()
    for im in images.values():
        im.close()
    assert tracks_of(str(tmp_path / "out.3330")) == tracks_of(str(tmp_path / "in.3330"))


def test_standalone_and_cms_ddr_read_each_others_tapes(tmp_path, sdisk, media):  # noqa: F811
    from s370.devices.tape import TapeDevice
    from test_ddr_standalone import empty_tape, run_ddr
    fill_volume(str(tmp_path / "in.3330"), "3330", 3, "BOTH01")
    create_image(str(tmp_path / "out.3330"), "3330", "OUT001", cyls=3)
    t1, t2 = tmp_path / "standalone.aws", tmp_path / "cms.aws"
    empty_tape(t1)
    empty_tape(t2)
    run_ddr(media, {0x130: ("3330", tmp_path / "in.3330"), 0x181: ("3420", t1)},
            ["input 130 3330 BOTH01", "output 181 3420", "dump all"])
    u, images = user_with_disks(tmp_path, sdisk, t1)
    second = TapeDevice(0x182)
    assert second.load(str(t2), []), second.messages
    u.vm.attach(0x182, second)
    for line in ("DDR", "input 181 3420", "output 131 3330 OUT001", "restore all",
                 "input 131 3330 BOTH01", "output 182 3420", "dump all"):
        out = u.command(line)
    assert "END OF DUMP" in out, out
    assert u.command("")[-1].startswith(("Ready;", "R;"))
    u.close()
    second.unload(quiet=True)
    for im in images.values():
        im.close()
    back = tmp_path / "back.3330"
    create_image(str(back), "3330", "BACK01", cyls=3)
    run_ddr(media, {0x181: ("3420", t2), 0x131: ("3330", back)},
            ["input 181 3420", "output 131 3330 BACK01", "restore all"])
    assert tracks_of(str(back)) == tracks_of(str(tmp_path / "in.3330"))
