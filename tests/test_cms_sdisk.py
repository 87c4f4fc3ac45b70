"""IPL 190: the CMS nucleus installed on a CMS-formatted S-disk by cms.sdisk boots in a
logged-on user's virtual machine (real CP DIAGNOSE) to its SYSTEMID line and a console
read; the disk stays a consistent CMS disk with the nucleus as a file."""

import pytest

from cms.build import Nucleus
from cms.fs import CMSDisk, CMSFSError
from cms.sdisk import NUCLEUS_FN, NUCLEUS_FT, install
from cms_harness import TestConsole, nucleus
from cp.vdev.minidisk import Minidisk
from cp_fakes import entry, logon, make_system
from media.ckd import create_image, open_image
from sie import Intercept


def make_sdisk(path, devtype, cyls=3, extent=None):
    create_image(str(path), devtype, "CMSRES", cyls=cyls)
    with CMSDisk.format(str(path), "CMS190", extent=extent) as disk:
        install(disk, nucleus())
        assert disk.check() == []
    return path


def run_to_read(vm, console, limit=400):
    for _ in range(limit):
        code = vm.run_slice(200_000)
        if code == Intercept.ENABLED_WAIT and console.waiting:
            return code
        if code in (Intercept.DISABLED_WAIT, Intercept.VALIDITY, Intercept.CHECKSTOP):
            return code
    raise AssertionError("no console read")


def ipl_user(path, extent=(0, 3), userid="CMSUSER"):
    system = make_system(entry(userid, "PW", "G", storage=2 << 20))
    user, term = logon(system, userid, "PW")
    console = TestConsole(0x009)
    user.vm.attach(0x009, console)
    user.vm.attach(0x190, Minidisk(0x190, open_image(str(path), readonly=True), extent,
                                   read_only=True, owner="MAINT", owner_vaddr=0x190,
                                   volser="CMSRES"))
    assert system.ipl(user, "190") is None
    return user, console


@pytest.mark.parametrize("devtype", ["3330", "3350"])
def test_ipl_190_boots_cms_to_its_systemid_line(tmp_path, devtype):
    path = make_sdisk(tmp_path / f"s.{devtype}", devtype)
    user, console = ipl_user(path)
    assert run_to_read(user.vm, console) == Intercept.ENABLED_WAIT
    assert console.output[0].startswith("CMS VERSION 6.0 - "), console.output
    # the nucleus is what the IPL loaded; NUCON IPLADDR (X'268') = 190
    img = nucleus().image
    assert user.vm.sd.read(0x200, 32) == img[0x200:0x220]
    assert user.vm.sd.read(0x268, 2) == b"\x01\x90"
    # and CMS answers a command from the disk it came from
    start = len(console.output)
    console.type_line("LISTFILE * * S")
    run_to_read(user.vm, console)
    assert any(NUCLEUS_FN in line and NUCLEUS_FT in line for line in console.output[start:]), \
        console.output[start:]


def test_nucleus_is_a_file_and_the_disk_checks_clean(tmp_path):
    path = make_sdisk(tmp_path / "s.3350", "3350")
    with CMSDisk.open(str(path), readonly=True) as disk:
        e = disk.stat(NUCLEUS_FN, NUCLEUS_FT)
        # the nucleus's blocks, then any bootstrap blocks block 2 had no room for
        assert (e.recfm, e.lrecl) == ("F", 800) and e.records >= -(-len(nucleus().image) // 800)
        assert b"".join(disk.read(NUCLEUS_FN, NUCLEUS_FT))[:len(nucleus().image)] == nucleus().image
        assert disk.check() == []
        # block 1 starts with the nucleus's IPL PSW
        assert disk.dev.read_block(1)[:8] == nucleus().image[:8]


def test_ipl_from_a_minidisk_not_at_cylinder_zero(tmp_path):
    # the bootstrap seeks the minidisk's cylinders and searches the record ids FORMAT wrote
    path = tmp_path / "vol.3330"
    create_image(str(path), "3330", "CMSRES", cyls=6)
    with CMSDisk.format(str(path), "CMS190", extent=(3, 3)) as disk:
        install(disk, nucleus())
    user, console = ipl_user(path, extent=(3, 3))
    assert run_to_read(user.vm, console) == Intercept.ENABLED_WAIT
    assert any(line.startswith("CMS VERSION 6.0 - ") for line in console.output), console.output


def big_nucleus(blocks=130):
    """The real nucleus followed by a pattern: too big for block 2's channel program."""
    img = nucleus().image
    pad = bytes((k * 7 + 3) & 0xFF for k in range(blocks * 800 - len(img)))
    return Nucleus(img + pad, 0, nucleus().entry)


def booted(path, big):
    user, console = ipl_user(path)
    # the IPL's channel program has run: the whole image is in storage (the device address
    # the IPL stored in bytes 2-3 aside)
    assert user.vm.sd.read(8, len(big.image) - 8) == big.image[8:]
    assert run_to_read(user.vm, console) == Intercept.ENABLED_WAIT
    assert any(line.startswith("CMS VERSION 6.0 - ") for line in console.output), console.output


def test_a_nucleus_too_big_for_block_2_boots_through_continuation_blocks(tmp_path):
    path = tmp_path / "s.3330"
    create_image(str(path), "3330", "CMSRES", cyls=3)
    big = big_nucleus()
    with CMSDisk.format(str(path), "CMS190") as disk:
        install(disk, big)
        e = disk.stat(NUCLEUS_FN, NUCLEUS_FT)
        assert e.records > 130                      # the continuation blocks are records too
        assert disk.check() == []
    booted(path, big)


def test_a_scattered_nucleus_file_still_boots(tmp_path):
    path = tmp_path / "s.3330"
    create_image(str(path), "3330", "CMSRES", cyls=3)
    with CMSDisk.format(str(path), "CMS190") as disk:
        # files everywhere, every other one erased: the nucleus lands in the gaps
        for k in range(120):
            disk.write(f"F{k}", "DATA", [bytes(800)], lrecl=800)
        for k in range(0, 120, 2):
            disk.erase(f"F{k}", "DATA")
        big = big_nucleus(60)
        install(disk, big)
        assert disk.stat(NUCLEUS_FN, NUCLEUS_FT).records > 60     # needed continuations
        assert disk.check() == []
    booted(path, big)
