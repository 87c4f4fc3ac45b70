"""Standalone DDR (standalone/DDR.asm) on the bare machine: IPLed from its tape or its
card deck, driven through the 3215 console with VM/370 DDR's statements, moving
volumes through the DDR tape format of spec tapes-3270.md A3.

Round trips are byte-identical (every track image the same) for 3330, 3350 and 3380,
AWS and HET, and in every direction between the standalone program and the host tool
(tools/ddr.py).  Bad tapes give DDR's messages and leave the output volume unchanged.
"""

from __future__ import annotations

import os

import pytest

from media.ckd.image import create_image
from media.ddr import DumpReader
from media.tape.image import open_tape
from s370.machine import Machine
from standalone.build import build
from test_ddr import ddr, fill_volume, tracks_of

DONE_PSW = "00020000 80000000"          # END OF JOB: disabled wait, code 0
BUDGET = 400_000_000


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    d = tmp_path_factory.mktemp("ddrmedia")
    build(str(d / "ddr.aws"), str(d / "ddr.ipl"))
    return d


def empty_tape(path) -> None:
    open_tape(str(path)).close()


def run_ddr(media, devices: dict[int, tuple[str, object]], lines: list[str],
            ipl: int = 0x180) -> list[str]:
    """IPL DDR (0x180: its tape, 0x00C: its deck), type ``lines``, run to the end.
    Returns the console lines; asserts that DDR ended with END OF JOB."""
    conf = ["MAINSIZE 1", "0009 3215-C /", f"000C 3505 {media / 'ddr.ipl'} ebcdic",
            f"0180 3420 {media / 'ddr.aws'} ro"]
    conf += [f"{n:04X} {t} {p}" for n, (t, p) in devices.items()]
    m = Machine.from_config("\n".join(conf) + "\n", clock="deterministic", log=lambda s: None)
    con = m.devices[0x009]
    out: list[str] = []
    con.listeners.append(out.append)              # all of it (the history is bounded)
    assert m.ipl(ipl)
    for line in lines + [""]:
        con.input_line(line)
    m.run(max_instructions=BUDGET)
    assert m.psw_text() == DONE_PSW, out
    assert out[-1] == "END OF JOB"
    m.shutdown()
    return out


def restored_equal(a, b, cyls=None, heads=None) -> bool:
    ta, tb = tracks_of(str(a)), tracks_of(str(b))
    if cyls is None:
        return ta == tb
    return all(ta[c * heads + h] == tb[c * heads + h] for c in cyls for h in range(heads))


# --- round trips -------------------------------------------------------------------------
def test_dump_and_restore_whole_3330_volume_through_aws(media, tmp_path):
    vol, new, tape = tmp_path / "vol.3330", tmp_path / "new.3330", tmp_path / "dump.aws"
    fill_volume(str(vol), "3330", 4, "DDR001")
    create_image(str(new), "3330", "NEWVOL", cyls=4)
    empty_tape(tape)
    out = run_ddr(media, {0x130: ("3330", vol), 0x131: ("3330", new), 0x181: ("3420", tape)},
                  ["input 130 3330", "output 181 3420", "dump all", "yes",
                   "input 181 3420", "output 131 3330", "restore all", "yes"])
    assert "VM/370 DASD DUMP/RESTORE PROGRAM RELEASE 6" in out
    assert "DMKDDR711R VOLID READ IS DDR001" in out
    assert "DUMPING   DDR001 IN(130)  OUT(181)" in out
    assert "END OF DUMP" in out and "END OF RESTORE" in out
    assert "DMKDDR711R VOLID READ IS NEWVOL" in out        # the output volume's label
    assert restored_equal(vol, new)
    # the tape is a DDR dump the host tool reads: VHR, 76 tracks, EOJ
    t = open_tape(str(tape), readonly=True)
    r = DumpReader(t, str(tape))
    assert (r.header.volser, r.header.cyls, r.header.heads) == ("DDR001", 4, 19)
    assert len(list(r.tracks())) == 4 * 19 and r.trailer.cyl == 3 and r.trailer.head == 18
    t.close()


def test_standalone_dump_of_3350_cylinders_restored_by_the_host_tool_het(media, tmp_path):
    vol, tape, back = tmp_path / "vol.3350", tmp_path / "dump.het", tmp_path / "back.3350"
    fill_volume(str(vol), "3350", 4, "DDR350")
    empty_tape(tape)
    out = run_ddr(media, {0x130: ("3350", vol), 0x181: ("3420", tape)},
                  ["input 130 3350 DDR350", "output 181 3420", "dump 1 to 2", ""])
    assert "ENTER NEXT EXTENT OR NULL LINE" in out
    assert not any("711R" in s for s in out)          # volser given and matching: no question
    create_image(str(back), "3350", "OTHER", cyls=4)
    assert ddr("restore", tape, back, "--yes") == 0
    assert restored_equal(vol, back, cyls=(1, 2), heads=30)
    assert not restored_equal(vol, back, cyls=(0,), heads=30)


def test_host_dump_of_3380_restored_by_standalone_with_reorder(media, tmp_path):
    vol, tape, new = tmp_path / "vol.3380", tmp_path / "dump.aws", tmp_path / "new.3380"
    fill_volume(str(vol), "3380", 3, "DDR380")
    assert ddr("dump", vol, tape) == 0
    create_image(str(new), "3380", "NEW380", cyls=4)
    out = run_ddr(media, {0x181: ("3420", tape), 0x131: ("3380", new)},
                  ["input 181 3420", "output 131 3380 NEW380", "restore 1 to 2 reorder 2", ""])
    assert "END OF RESTORE" in out
    ta, tb = tracks_of(str(vol)), tracks_of(str(new))
    from media.ddr import relocate_track
    for c in (1, 2):
        for h in range(15):
            assert tb[(c + 1) * 15 + h] == relocate_track(ta[c * 15 + h], c + 1, h)


def test_host_and_standalone_dumps_hold_the_same_tracks(media, tmp_path):
    vol = tmp_path / "vol.3330"
    fill_volume(str(vol), "3330", 2, "SAME01")
    host, mine = tmp_path / "host.aws", tmp_path / "mine.aws"
    assert ddr("dump", vol, host) == 0
    empty_tape(mine)
    run_ddr(media, {0x130: ("3330", vol), 0x181: ("3420", mine)},
            ["input 130 3330 SAME01", "output 181 3420", "dump all"])

    def blocks(p):
        t = open_tape(str(p), readonly=True)
        out = []
        while True:
            b = t.read_forward()
            if not isinstance(b, (bytes, bytearray)):
                break
            out.append(bytes(b))
        t.close()
        return out
    a, b = blocks(host), blocks(mine)
    assert len(a) == len(b)
    # identical blocks but for the dump clock in the VHR and EOJ
    strip = lambda x: x[:16] + x[24:] if len(x) == 80 else x   # noqa: E731
    assert [strip(x) for x in a] == [strip(x) for x in b]


def test_copy_with_reorder_and_ipl_from_the_card_deck(media, tmp_path):
    vol, new = tmp_path / "vol.3330", tmp_path / "new.3330"
    fill_volume(str(vol), "3330", 3, "CPY001")
    create_image(str(new), "3330", "CPY002", cyls=4)
    out = run_ddr(media, {0x130: ("3330", vol), 0x131: ("3330", new)},
                  ["input 130 3330", "output 131 3330 CPY002", "copy 1 to 2 reorder 2", "",
                   "yes"], ipl=0x00C)
    assert "END OF COPY" in out
    from media.ddr import relocate_track
    ta, tb = tracks_of(str(vol)), tracks_of(str(new))
    assert all(tb[(c + 1) * 19 + h] == relocate_track(ta[c * 19 + h], c + 1, h)
               for c in (1, 2) for h in range(19))


def test_type_shows_a_track_on_the_console(media, tmp_path):
    vol = tmp_path / "vol.3330"
    fill_volume(str(vol), "3330", 2, "TYP001")
    out = run_ddr(media, {0x130: ("3330", vol)}, ["input 130 3330", "type 1 to 1", ""])
    assert "CYL 0001 HEAD 0001  HA 0000010001" in out
    assert any(s.startswith("  R01 COUNT 0001000101080") for s in out)   # keyed record 1
    assert any(s.startswith("      KEY  0000  D2C5E8F0 F0F0F0F1") and "*KEY00001*" in s for s in out)
    assert "END OF TYPE" in out


# --- statements and bad tapes --------------------------------------------------------------
def test_statement_errors(media, tmp_path):
    out = run_ddr(media, {}, ["frobnicate", "input 1x0 3330", "input 130 9999", "dump all",
                              "input 130 3330", "dump 5 to 2"])
    assert "DMKDDR701E INVALID OPERAND - FROBNICA" in out
    assert "DMKDDR701E INVALID OPERAND - 1X0" in out
    assert "DMKDDR701E INVALID OPERAND - 9999" in out
    assert "DMKDDR702E CONTROL STATEMENT SEQUENCE ERROR" in out     # DUMP before OUTPUT
    assert "DMKDDR701E INVALID OPERAND - 2" in out


def _bad_restore(media, tmp_path, tape) -> list[str]:
    vol = tmp_path / f"target-{tape.stem}.3330"
    create_image(str(vol), "3330", "TARGET", cyls=4)
    before = vol.read_bytes()
    out = run_ddr(media, {0x181: ("3420", tape), 0x131: ("3330", vol)},
                  ["input 181 3420", "output 131 3330 TARGET", "restore all"])
    assert vol.read_bytes() == before                         # never half written
    assert "RESTORE NOT DONE: THE OUTPUT VOLUME IS UNCHANGED" in out
    assert "END OF RESTORE" not in out
    return out


def _host_dump(tmp_path, name="good.aws"):
    vol, tape = tmp_path / "src.3330", tmp_path / name
    fill_volume(str(vol), "3330", 4, "SRC001")
    assert ddr("dump", vol, tape) == 0
    return tape


def _rewrite(src, dst, edit):
    """Copy a tape block by block through edit(list of blocks) -> list (None = tapemark)."""
    t = open_tape(str(src), readonly=True)
    blocks = []
    while True:
        b = t.read_forward()
        if not isinstance(b, (bytes, bytearray)):
            break
        blocks.append(bytes(b))
    t.close()
    out = open_tape(str(dst))
    for b in edit(blocks):
        out.write_tapemark() if b is None else out.write(b)
    out.close()


def test_truncated_tape(media, tmp_path):
    good = _host_dump(tmp_path)
    bad = tmp_path / "trunc.aws"
    data = good.read_bytes()
    bad.write_bytes(data[:len(data) // 2])
    out = _bad_restore(media, tmp_path, bad)        # cut inside a block: a data check
    assert any(s.startswith("DMKDDR705E I/O ERROR 181 CSW ") for s in out)
    short = tmp_path / "short.aws"                  # cut between blocks: no trailer
    _rewrite(good, short, lambda bl: bl[:30])
    out = _bad_restore(media, tmp_path, short)      # the drive: unit check, no data
    assert any(s.startswith("DMKDDR705E I/O ERROR 181 CSW ") for s in out)


def test_unexpected_tapemark_inside_the_dump(media, tmp_path):
    good = _host_dump(tmp_path)
    bad = tmp_path / "tm.aws"
    _rewrite(good, bad, lambda bl: bl[:40] + [None] + bl[40:])
    out = _bad_restore(media, tmp_path, bad)
    assert "DMKDDR709E WRONG INPUT TAPE MOUNTED" in out
    assert "UNEXPECTED TAPEMARK OR END OF TAPE AT BLOCK 41" in out


def test_wrong_block_types(media, tmp_path):
    good = _host_dump(tmp_path)
    no_vhr = tmp_path / "novhr.aws"
    _rewrite(good, no_vhr, lambda bl: bl[1:])
    out = _bad_restore(media, tmp_path, no_vhr)
    assert "NO VOLUME HEADER RECORD (VHR) AT THE START OF THE TAPE" in out
    junk = tmp_path / "junk.aws"
    _rewrite(good, junk, lambda bl: bl[:5] + [b"\x00" * 4096] + bl[5:])
    out = _bad_restore(media, tmp_path, junk)
    assert any(s.startswith("NOT A DDR TRACK OR TRAILER RECORD: BLOCK ") for s in out)


def test_s370_run_with_a_configuration(media, tmp_path):
    """The bare-machine runner: `s370 run machine.conf`, IPL from the panel, DDR's
    statements typed on the integrated console (/text), the dump made and the machine
    stopping in DDR's END OF JOB wait."""
    import subprocess
    import sys
    vol, tape = tmp_path / "vol.3330", tmp_path / "dump.aws"
    fill_volume(str(vol), "3330", 2, "RUN001")
    empty_tape(tape)
    conf = tmp_path / "ddr.conf"
    conf.write_text("ARCHMODE S/370\nMAINSIZE 1\nNUMCPU 1\n0009 3215-C /\n"
                    f"0180 3420 {media / 'ddr.aws'} ro\n0181 3420 {tape}\n0130 3330 {vol}\n")
    stdin = "ipl 180\n/input 130 3330 RUN001\n/output 181 3420\n/dump all\n/\n"
    r = subprocess.run([sys.executable, "-m", "s370.runner", "run", str(conf), "--no-hub",
                        "--clock", "deterministic"], input=stdin, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "VM/370 DASD DUMP/RESTORE PROGRAM RELEASE 6" in lines
    assert "DUMPING   RUN001 IN(130)  OUT(181)" in lines and "END OF DUMP" in lines
    assert "END OF JOB" in lines and any("PSW=00020000 80000000" in s for s in lines)
    back = tmp_path / "back.3330"
    assert ddr("restore", tape, back) == 0
    assert tracks_of(str(back)) == tracks_of(str(vol))


def test_print_goes_to_the_sysprint_printer(media, tmp_path):
    vol, listing = tmp_path / "vol.3330", tmp_path / "print.txt"
    fill_volume(str(vol), "3330", 2, "PRT001")
    out = run_ddr(media, {0x130: ("3330", vol), 0x00E: ("1403", listing)},
                  ["sysprint 00e", "input 130 3330", "print 0 to 0", ""])
    assert "END OF PRINT" in out
    assert not any(s.startswith("CYL ") for s in out)          # not on the console
    text = listing.read_text()
    assert "CYL 0000 HEAD 0000  HA 0000000000" in text
    assert "CYL 0000 HEAD 0012  HA 0000000012" in text            # head 18, in hex
    assert "E5D6D3F1 D7D9E3F0" in text and "*VOL1PRT001" in text   # the VOL1 label
