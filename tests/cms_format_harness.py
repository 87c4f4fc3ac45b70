"""CMS FORMAT tests: a CMS user under the real CP whose 191 is a cylinder extent of a
larger 3330 volume (so the minidisk's cylinder numbers differ from the volume's), and
helpers to compare what CMS wrote with what cms.fs writes."""

from __future__ import annotations

import re

from cms.fs import CMSDisk
from cms_harness import CMSMachine
from cp_fakes import entry, logon, make_system
from media.ckd import create_image, open_image
from sie import Intercept

READY_RC = re.compile(r"^R(?:\((-?\d+)\))?; T=")
VOLUME_CYLS = 120


def rc(out):
    """The return code of the ready message ending ``out`` (0 for R;)."""
    m = READY_RC.match(out[-1])
    assert m, out
    return int(m.group(1) or 0)


def volume(path, cyls=VOLUME_CYLS):
    """A fresh (empty-track) 3330 volume."""
    create_image(str(path), "3330", "VOLFMT", cyls=cyls)
    return path


def cms_user(tmp_path, path, extent, read_only=False, vaddr=0x191):
    """A logged-on CMS user with cylinders ``extent`` = (first, n) of the volume at
    ``path`` as its minidisk ``vaddr``; run to CMS's first console read."""
    from cp.vdev.minidisk import Minidisk
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=4 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW")
    image = open_image(str(path))
    user.vm.attach(vaddr, Minidisk(vaddr, image, extent, read_only=read_only,
                                   owner="CMSUSER", owner_vaddr=vaddr, volser="VOLFMT"))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.image, m.extent = user, term, image, extent
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def tracks(path_or_image, extent):
    """The raw track images of a cylinder extent of a volume."""
    image = open_image(str(path_or_image)) if not hasattr(path_or_image, "read_track") \
        else path_or_image
    heads = image.heads
    first, n = extent
    out = [bytes(image.read_track(t)) for t in range(first * heads, (first + n) * heads)]
    if image is not path_or_image:
        image.close()
    return out


def disk(m):
    """cms.fs's view of the CMS user's minidisk (after CP wrote its tracks)."""
    m.image.flush()
    return CMSDisk.open(m.image, extent=m.extent)
