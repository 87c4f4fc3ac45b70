"""The first start: a default system built in an empty state directory.

What it writes (``build(state_dir)``), in this order, the configuration last so
that a build cut short is simply redone by the next start:

* ``volumes/VMRES1.3330`` and ``volumes/VMUSR1.3330``: 3330 CKD images (the
  volumes the embedded directory, cp.directory.default, names), labelled;
* every CMS minidisk of the directory (MAINT's 190 S-disk, 19E Y-disk and
  191, each user's 191) FORMATted as a CMS disk with cms.fs; the 190 gets the
  CMS nucleus and IPL records (cms.sdisk.install), so ``IPL 190`` and
  ``IPL CMS`` start our CMS, the CMS macros as CMSLIB MACLIB (for
  ``GLOBAL MACLIB CMSLIB`` before an ASSEMBLE) and the system EXECs
  (cms.sysexecs: SENDFILE);
* ``USER.DIRECT``: the embedded directory with a fresh password for each user
  (random; printed once on the console by the caller, never logged);
* ``SAVED.SYSTEMS``: the saved systems and segments table (cp.saved.default: CMS);
* ``SYSTEM.CONF`` (vm370.config.TEMPLATE).
"""

from __future__ import annotations

import os
import re
import secrets
import string

from cms.build import build_nucleus
from cms.fs import CMSDisk
from cms.sdisk import install as install_nucleus, install_maclib
from cms.sysexecs import install_execs
from cp.directory.checker import load as load_directory
from cp.directory.default import DEFAULT_DIRECTORY, DEFAULT_VOLUMES
from cp.saved.default import DEFAULT_TABLE
from media.ckd.image import create_image, open_image

from . import config
from .progress import Progress

VOLUME_DEVTYPE = "3330"
VOLUME_DIR = "volumes"
# the minidisks formatted for CMS at the first start, and the label each gets (6 characters)
CMS_DISKS = {0x190: "S", 0x19E: "Y", 0x191: "A"}
SYSTEM_DISK = ("MAINT", 0x190)           # receives the CMS nucleus (the S-disk)
PASSWORD_LENGTH = 8
PASSWORD_ALPHABET = string.ascii_uppercase + string.digits
VOLUME_COMMENTS = {"VMRES1": "system residence: CP's area, MAINT's CMS system disks (190, 19E, 191)",
                   "VMUSR1": "user minidisks (the 191 A-disks)"}

DIRECTORY_HEADER = """\
* USER DIRECT of this system, written by the first start of vm370.
* Each user's password was generated then and shown once on the console;
* change one by editing its USER statement (USER userid password ...) while
* the system is down.  Statements: USER, ACCOUNT, OPTION, IPL, CONSOLE, SPOOL,
* LINK, MDISK, DEDICATE, SPECIAL (GC20-1801, "Creating the VM/370 directory").
*
"""


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def directory_with_passwords(text: str) -> tuple[str, dict[str, str]]:
    """The directory with a fresh password on each USER statement (NOLOG kept)."""
    passwords: dict[str, str] = {}

    def fresh(m: re.Match) -> str:
        if m.group(3).upper() == "NOLOG":
            return m.group(0)
        pw = new_password()
        passwords[m.group(2).upper()] = pw
        return f"{m.group(1)}{pw}"
    out = re.sub(r"^(USER\s+(\S+)\s+)(\S+)", fresh, text, flags=re.MULTILINE)
    return out, passwords


def label_for(userid: str, vaddr: int) -> str:
    """'MNT190'-style labels: three letters of the owner, the address."""
    return f"{userid[:3]}{vaddr:03X}"


def build(state_dir: str, log=print) -> dict[str, str]:
    """Build the default system in ``state_dir``; returns {userid: password}."""
    os.makedirs(os.path.join(state_dir, VOLUME_DIR), exist_ok=True)
    text, passwords = directory_with_passwords(DEFAULT_DIRECTORY)
    directory = load_directory(text, DEFAULT_VOLUMES)
    paths = {}
    for volser, cyls in DEFAULT_VOLUMES.items():
        rel = os.path.join(VOLUME_DIR, f"{volser}.{VOLUME_DEVTYPE}")
        paths[volser] = rel
        with Progress(f"CREATING VOLUME {volser} ({cyls} CYLINDERS)"):
            create_image(os.path.join(state_dir, rel), VOLUME_DEVTYPE, volser, cyls, replace=True)
    disks = [(e.userid, m) for e in directory for m in e.mdisks if m.vaddr in CMS_DISKS]
    with Progress("ASSEMBLING THE CMS NUCLEUS"):
        nucleus = build_nucleus()
    images = {v: open_image(os.path.join(state_dir, p)) for v, p in paths.items()}
    try:
        with Progress("FORMATTING CMS MINIDISKS", total=len(disks)) as progress:
            for n, (userid, mdisk) in enumerate(disks, 1):
                disk = CMSDisk.format(images[mdisk.volser], label_for(userid, mdisk.vaddr),
                                      extent=(mdisk.start_cyl, mdisk.cylinders))
                try:
                    if (userid, mdisk.vaddr) == SYSTEM_DISK:
                        install_nucleus(disk, nucleus)
                        install_maclib(disk)
                        install_execs(disk)                 # SENDFILE EXEC ...
                finally:
                    disk.close()
                progress.update(n)
        for image in images.values():
            image.flush()
    finally:
        for image in images.values():
            image.close()
    _write(os.path.join(state_dir, "USER.DIRECT"), DIRECTORY_HEADER + text)
    _write(os.path.join(state_dir, "SAVED.SYSTEMS"), DEFAULT_TABLE)
    volumes = config.volume_tables([(v, p, VOLUME_COMMENTS.get(v, "")) for v, p in paths.items()])
    _write(os.path.join(state_dir, config.CONFIG_NAME),
           config.TEMPLATE.format(dir=state_dir, volumes=volumes))
    return passwords


def _write(path: str, text: str) -> None:
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)   # passwords inside
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
