"""The per-instruction benchmark's loop generator (s370/bench/iloops.py): every timed
instruction of the table gets loops that assemble, and loops run on our core with
exactly the instruction count derived from their structure (no timing asserted)."""

import struct

import pytest

from s370.bench import iloops as IL
from s370.bench.weights import LMIX
from s370.isa import INSTRUCTIONS


@pytest.fixture(scope="module")
def built():
    return IL.build_cases()


def test_every_instruction_is_timed_or_skipped_with_a_reason(built):
    timed, _ = built
    covered = {c.variant.mnemonic for c in timed}
    for ins in INSTRUCTIONS:
        assert (ins.mnemonic in covered) != (ins.mnemonic in IL.SKIPPED), ins.mnemonic
    assert all(IL.SKIPPED.values())


def test_every_loop_assembles_into_its_slot(built):
    _, cases = built
    for c in cases:
        assert 0 < len(c.image) <= IL.SLOT, c.variant.name
        assert c.addr == IL.SLOTS + c.index * IL.SLOT
    # the loop body holds K copies of the instruction's opcode
    mvc = next(c for c in built[0] if c.variant.name == "MVC 10 bytes")
    assert mvc.image.count(bytes((0xD2, 9))) >= IL.K


def test_mix_weights_name_existing_variants(built):
    names = {(c.variant.mnemonic, c.variant.tag) for c in built[0]}
    assert set(LMIX) <= names
    assert abs(sum(LMIX.values()) - 0.9858) < 1e-6


def _run(cases, wanted, n):
    from s370.cpu import CPU
    from s370.cpu import layout as L
    sel = [c for c in cases if c.variant.name in wanted]
    assert len(sel) == len(wanted)
    cpu = CPU(memsize=4 << 20, clock="deterministic")
    for loc in (88, 104, 112, 120):                  # stray interruptions end in a wait
        cpu.load(loc, struct.pack(">II", IL.DISABLED_WAIT_BC, 0xE00 + loc))
    for addr, data in IL.low_core():
        cpu.load(addr, data)
    cpu.load(IL.ORIGIN, IL.image_of(cases))
    out = {}
    for c in sel:
        cpu.load(c.n_off, struct.pack(">I", n))
        cpu.set_psw(struct.pack(">II", 0, c.addr))
        before = cpu.instcount
        assert cpu.run(max_instructions=10 * c.expected(n)) == L.EXIT_DISABLED_WAIT
        assert struct.unpack(">I", cpu.psw[4:])[0] & 0xFFFFFF == c.wait_code, c.variant.name
        out[c.variant.name] = (cpu.instcount - before, c.expected(n))
    return out, cpu


def test_loops_run_with_the_derived_instruction_count():
    timed, cases = IL.build_cases(lambda mn: mn in ("AR", "MVCL", "BC", "BCR", "SVC", "AP", "LPSW",
                                                      "MDR"))
    wanted = ["AR R,R", "MVCL 4096 bytes", "BC taken", "BC not taken", "SVC + LPSW back",
              "BCR not taken",      # R4 = 0: a taken branch would end in a program check
              "AP 15,15 digits", "LPSW to next", "MDR R,R"]
    out, _ = _run(cases, wanted, 7)
    for name, (got, expected) in out.items():
        assert got == expected, name
    # AR: 5 fixed + 2 setup (LM, nothing else) + 7 * (10 + 1)
    assert out["AR R,R"][1] == 5 + 1 + 7 * 11


def test_decimal_loop_keeps_its_accumulator_bounded():
    timed, cases = IL.build_cases(lambda mn: mn == "AP")
    out, cpu = _run(cases, ["AP 5,3 digits"], 101)
    c = next(c for c in timed if c.variant.name == "AP 5,3 digits")
    src = IL.source(c.variant, c.index)
    assert "AP    ACC3(3),P2P(2)" in src and "AP    ACC3(3),P2M(2)" in src
    assert out["AP 5,3 digits"][0] == out["AP 5,3 digits"][1]
    assert cpu.read(c.symbols["ACC3"], 3) == bytes.fromhex("12345C")   # +123 -123 ... K even
