"""Lesson full-virtualization in its short mode: its figures make sense."""

from lesson_harness import run_quick


def test_full_virtualization(tmp_path):
    result, said = run_quick("full-virtualization", tmp_path)
    f = result.figures
    # equivalence: identical registers, PSW and storage in both of CP's modes; same console
    assert f["equivalent_interpretive"] is True and f["equivalent_trap"] is True
    assert f["hello_console_identical"] is True
    # efficiency: interpretive execution leaves almost every instruction to the hardware;
    # trap-and-emulate exits on each SSM and SVC (2 per loop pass of 9 instructions)
    assert f["efficiency_interpretive"] > 0.999
    assert f["exits_trap"] >= 2 * 20_000 > f["exits_interpretive"]
    assert 0.5 < f["efficiency_trap"] < 0.9
    # resource control: addressing exception (5), SIO cc 3, the other guest untouched
    assert f["reach_program_code"] == 5 and f["reach_sio_cc"] == 3
    assert f["other_guest_untouched"] is True
    assert len(result.plots) == 2
