"""A CMS user under the real CP, checkpointed at Ready (its console read pending in the
channel), restored on a second system after SHUTDOWN, answers a command as the
uninterrupted one does."""

import re

from s370.devices.card import CardReader

from cp.vm import checkpoint as ck
import cms_harness as H
from cms_harness import CMSMachine
from cp_fakes import entry, logon, make_system
from sie import Intercept

READY = re.compile(r"^R; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")


def test_cms_checkpointed_at_ready_answers_after_restore(tmp_path):
    a = make_system(entry("CMSUSER", "CMSPW", "G", storage=1 << 20))
    user, term = logon(a, "CMSUSER", "CMSPW")
    m = CMSMachine(tmp_path, vm=user.vm)
    assert m.run() == Intercept.ENABLED_WAIT and m.console.waiting
    path = tmp_path / "cms.ckp"
    ck.save(user, str(path))
    expected = m.command("cp query time")                 # the uninterrupted machine
    a.shutdown()

    b = make_system(entry("CMSUSER", "CMSPW", "G", storage=1 << 20))
    console = H.TestConsole(0x009)

    def prepare(u):
        u.vm.attach(0x009, console)
        u.vm.attach(0x00C, CardReader(0x00C, 0x2540, [], mode="ebcdic", eof=True))

    restored = ck.restore(b, str(path), prepare=prepare)
    assert restored.restore_problems == []
    assert console.waiting                                # the read CMS started is still there
    again = CMSMachine.__new__(CMSMachine)
    again.vm, again.console = restored.vm, console
    out = again.command("cp query time")
    assert len(out) == 1 and READY.match(out[0]) and READY.match(expected[0])
    out = again.command("FROBNICATE")
    assert out[0] == "UNKNOWN CP/CMS COMMAND"
