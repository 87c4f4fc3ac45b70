"""Checkpointed devices: minidisks stay on the shared volume file (a LINK made after
logon is linked again on restore, read-only as it was), a DETACHed device stays
detached."""


from cp.vm import checkpoint as ck
from test_cp_system import Terminal, entry, logon, make_system, mdisk, volume  # noqa: F401


def test_links_and_detaches_survive_restore(volume, tmp_path):
    sys_ = make_system(volume, entry("ALICE", mdisks=[mdisk(0x191, 1, 2, read_pw="ALL")]),
                       entry("BOB", mdisks=[mdisk(0x191, 3, 2), mdisk(0x291, 5, 1)]))
    logon(sys_, "ALICE")
    bob = logon(sys_, "BOB")
    dev, msgs = sys_.link(bob, "ALICE", 0x191, 0x192, "RR")
    assert dev is not None
    assert sys_.detach_device(bob, 0x291) is None
    path = tmp_path / "bob.ckp"
    ck.save(bob, str(path))
    meta, _ = ck.read(str(path))
    recs = {d["vaddr"]: d for d in meta["devices"]}
    assert recs[0x192]["volser"] == "VOL001" and recs[0x192]["start_cyl"] == 1
    assert recs[0x192]["read_only"] and 0x291 not in recs
    sys_.logoff(bob)

    again = ck.restore(sys_, str(path))
    assert again.restore_problems == []
    assert sorted(again.vm.devices) == [0x191, 0x192]
    linked = again.vm.device(0x192)
    assert linked.owner == "ALICE" and linked.access == "R" and linked.extent == (1, 2)
    assert linked.image is volume                       # the same shared volume
    assert sys_.links.find("BOB", 0x192) is not None    # in the link table again
