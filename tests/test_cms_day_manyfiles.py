"""Found by the CMS day's benchmark (cms.bench, 500 files on a disk): ACCESS keeps at most
ADTMAXFB FST blocks (20 x 20 files) of a disk.  A disk with more (written by VM/370 or by
cmsfs) is accessed read-only, so that no MFD this CMS writes drops the FST blocks it did
not read -- the files beyond stay on the disk, intact."""

import re

from cms_fs_harness import E, attach_disk, cms_with_disk, format_disk, open_disk

FILES = 450                       # 23 FST blocks: more than the 20 ACCESS keeps
CYLS = 6                          # 1,596 blocks (a file of one record takes two)


def rc(out):
    m = re.match(r"^R(?:\((\d+)\))?;", out[-1])
    return int(m.group(1) or 0)


def test_a_disk_with_more_files_than_access_keeps_is_read_only(tmp_path):
    a = format_disk(tmp_path / "a191.3330")
    cms = cms_with_disk(tmp_path, a)
    many = format_disk(tmp_path / "d192.3330", label="CMS192",
                       files=[(f"F{k:04d}", "DATA", [E(f"FILE {k}".ljust(80))], "F", 80)
                              for k in range(FILES)], cyls=CYLS)
    attach_disk(cms, many, 0x192, cyls=CYLS)
    out = cms.command("ACCESS 192 B")
    assert out[0] == "DMSACC723I B (192) R/O" and rc(out) == 0, out
    assert rc(cms.command("STATE F0000 DATA B")) == 0
    out = cms.command("ERASE F0000 DATA B")
    assert out[0] == "DMSERS037E DISK IS READ/ONLY B" and rc(out) == 36, out
    with open_disk(many) as d:
        assert d.check() == [] and len(d.list()) == FILES
