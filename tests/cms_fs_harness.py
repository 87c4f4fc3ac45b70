"""CMS file system tests: a CMS user under the real CP with a 191 minidisk that cms.fs
formatted (and may have filled), and programs that call the file functions through
SVC 202 (assembled at X'20000' and run as the QUERY function, as test_cms_nucleus_cp
does with zap_function).  The disk is checked and read back with cms.fs afterwards."""

from __future__ import annotations

from cms.fs import CMSDisk
from cms_harness import CMSMachine, zap_function
from cp_fakes import entry, logon, make_system
from s370.asm import assemble
from sie import Intercept

E = lambda s: s.encode("cp037")           # noqa: E731
DISK_CYLS = 3                             # 3330: 798 blocks, the map within the MFD


def format_disk(path, label="CMS191", files=(), cyls=DISK_CYLS):
    """A 3330 image formatted by cms.fs; files = [(fn, ft, records, recfm, lrecl), ...]."""
    from media.ckd import create_image
    create_image(str(path), "3330", "VOL191", cyls=cyls)
    with CMSDisk.format(str(path), label) as d:
        for fn, ft, records, recfm, lrecl in files:
            d.write(fn, ft, records, recfm=recfm, lrecl=lrecl)
    return path


def cms_with_disk(tmp_path, path, read_only=False, cyls=DISK_CYLS):
    """A logged-on CMS user with the image as its 191 (accessed as A at IPL)."""
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    system = make_system(entry("CMSUSER", "CMSPW", "G", storage=2 << 20))
    user, term = logon(system, "CMSUSER", "CMSPW")
    user.vm.attach(0x191, Minidisk(0x191, open_image(str(path)), (0, cyls),
                                   read_only=read_only, owner="CMSUSER", owner_vaddr=0x191,
                                   volser="VOL191"))
    m = CMSMachine(tmp_path, vm=user.vm)
    m.user, m.term, m.disk_path = user, term, path
    assert m.run() == Intercept.ENABLED_WAIT
    return m


def open_disk(path):
    return CMSDisk.open(str(path))


def fscb(label, func, fn, ft, fm="A1", itno=0, buf="0", size=0, recfm="F", noit=0):
    """An FSCB as DC statements (spec cms.md 4.2)."""
    return (f"         DS    0F\n{label:8} DC    CL8'{func}',CL8'{fn}',CL8'{ft}',CL2'{fm}',H'{itno}'\n"
            f"         DC    A({buf}),F'{size}',CL1'{recfm}',X'00',H'{noit}',F'0'\n")


def program(calls, data=""):
    """Assembler for a program making SVC 202 calls in order; calls = [plist label, ...].
    The return code of call k goes to RCS+4k, R0 to R0S+4k."""
    body = []
    for k, label in enumerate(calls):
        body.append(f"         LA    1,{label}\n         SVC   202\n         DC    AL4(1)\n"
                    f"         ST    15,RCS+{4 * k}\n         ST    0,R0S+{4 * k}\n")
    n = max(len(calls), 1)
    return ("PROG     CSECT\n         USING PROG,12\n         STM   14,12,12(13)\n"
            + "".join(body)
            + "         L     14,12(13)\n         LM    0,12,20(13)\n         SR    15,15\n"
            "         BR    14\n" + data
            + f"RCS      DC    {n}F'-1'\nR0S      DC    {n}F'-1'\n         LTORG\n         END\n")


def run_program(m, source):
    """Assemble and run it as the QUERY function; (rcs, r0s, symbols)."""
    a = assemble(source, origin=0x20000)
    assert a.errors == [], a.errors
    zap_function(m, "QUERY", a.image)
    out = m.command("QUERY")
    sd = m.vm.sd
    n = (a.symbols["R0S"] - a.symbols["RCS"]) // 4
    rcs = [int.from_bytes(sd.read(a.symbols["RCS"] + 4 * k, 4), "big", signed=True)
           for k in range(n)]
    r0s = [int.from_bytes(sd.read(a.symbols["R0S"] + 4 * k, 4), "big", signed=True)
           for k in range(n)]
    return rcs, r0s, a.symbols, out


def attach_disk(m, path, vaddr, read_only=False, cyls=DISK_CYLS):
    """Give the running CMS user another minidisk (as CP LINK would)."""
    from cp.vdev.minidisk import Minidisk
    from media.ckd import open_image
    m.vm.attach(vaddr, Minidisk(vaddr, open_image(str(path)), (0, cyls), read_only=read_only,
                                owner="CMSUSER", owner_vaddr=vaddr, volser="VOL%03X" % vaddr))
