"""Object decks (ESD/TXT/RLD/END), the relocating loader, a round trip on the CPU
core, and IPL card decks."""

import pytest

from s370.asm import assemble
from s370.asm.loader import load_decks, link_decks, LoadError
from s370.asm.objdeck import read_deck
from s370.asm.ipldeck import ipl_card_deck, bc_psw
from s370.cpu import layout as L

E = lambda s: s.encode("cp037")  # noqa: E731

MAIN = """MAIN     CSECT
         MACRO
&L       CALL  &EP
&L       L     15,=V(&EP)
         BALR  14,15
         MEND
         MACRO
         SUMTO &N,&REG
         SR    &REG,&REG
         LA    1,&N
LOOP&SYSNDX AR &REG,1
         BCT   1,LOOP&SYSNDX
         MEND
         BALR  12,0
         USING *,12
         SUMTO 10,3
         ST    3,RESULT
         LA    2,100
         CALL  SQUARE
         ST    2,RESULT+4
         L     4,=A(TABLE)
         L     5,4(,4)
         ST    5,RESULT+8
         CVD   3,DEC
         UNPK  ZONED,DEC
         OI    ZONED+L'ZONED-1,X'F0'
         LPSW  WAITPSW
WAITPSW  DC    0D,X'00020000',A(0)
RESULT   DS    3F
DEC      DS    D
ZONED    DS    CL4
TABLE    DC    A(RESULT,WAITPSW,TABLE)
         ENTRY RESULT
         END   MAIN
"""

SUB = """SQUARE   CSECT
         EXTRN RESULT
         USING SQUARE,15
         LR    1,2
         MR    0,2
         LR    2,1
         L     7,=A(RESULT)
         BR    14
         END
"""


def decks():
    a, b = assemble(MAIN, filename="main.asm"), assemble(SUB, filename="sub.asm")
    assert a.errors == [] and b.errors == []
    return a, b


def test_deck_card_format():
    a, _ = decks()
    deck = a.object_deck()
    assert len(deck) % 80 == 0
    cards = [deck[k:k + 80] for k in range(0, len(deck), 80)]
    assert all(c[0] == 0x02 for c in cards)
    kinds = [c[1:4] for c in cards]
    assert kinds[0] == E("ESD") and kinds[-1] == E("END")
    assert set(kinds) == {E("ESD"), E("TXT"), E("RLD"), E("END")}
    assert cards[0][72:80] == E("MAIN0001") and cards[1][72:80] == E("MAIN0002")
    esd = cards[0]
    assert esd[14:16] == b"\x00\x01"                      # first ESDID
    assert esd[16:24] == E("MAIN    ") and esd[24] == 0x00  # SD item
    assert int.from_bytes(esd[29:32], "big") == len(a.image)
    txt = next(c for c in cards if c[1:4] == E("TXT"))
    assert txt[5:8] == b"\x00\x00\x00" and int.from_bytes(txt[10:12], "big") <= 56
    assert txt[16:18] == bytes.fromhex("05C0")            # BALR 12,0
    d = read_deck(deck)
    names = {(n, t) for n, t, *_ in d["esd"]}
    assert names == {("MAIN", "SD"), ("SQUARE", "ER"), ("RESULT", "LD")}
    flags = sorted(f for _, _, f, _ in d["rld"])
    assert flags.count(0x1C) == 1                          # V-con, 4 bytes
    assert flags.count(0x0C) == 4                          # A-cons, 4 bytes
    assert d["entry"] == (1, 0)


def test_link_relocates_and_resolves():
    a, b = decks()
    res = link_decks([a.object_deck(), b.object_deck()], 0x3000)
    assert res.unresolved == []
    assert res.symbols["MAIN"] == 0x3000 and res.entry == 0x3000
    sq = res.symbols["SQUARE"]
    assert sq % 8 == 0 and sq >= 0x3000 + len(a.image)
    result = res.symbols["RESULT"]
    assert result == 0x3000 + a.symbols["RESULT"]
    table = a.symbols["TABLE"]
    got = [int.from_bytes(res.image[table + 4 * k:table + 4 * k + 4], "big") for k in range(3)]
    assert got == [result, 0x3000 + a.symbols["WAITPSW"], 0x3000 + table]


def test_unresolved_reference_reported():
    a, _ = decks()
    res = link_decks([a.object_deck()], 0x3000)
    assert res.unresolved == ["SQUARE"]
    assert "unresolved external reference SQUARE" in res.messages


def test_bad_deck_is_an_error_not_a_crash():
    with pytest.raises(LoadError):
        link_decks([b"\x02" + bytes(78)], 0)
    with pytest.raises(LoadError):
        link_decks([bytes(80)], 0)


def test_round_trip_runs_on_cpu():
    from s370.cpu import CPU
    a, b = decks()
    cpu = CPU(memsize=1 << 20)
    res = load_decks(cpu, [a.object_deck(), b.object_deck()], 0x3000)
    cpu.set_psw(bc_psw(res.entry))
    rc = cpu.run(100000)
    assert rc == L.EXIT_DISABLED_WAIT
    r = res.symbols["RESULT"]
    vals = [int.from_bytes(cpu.read(r + 4 * k, 4), "big") for k in range(3)]
    assert vals == [55, 10000, 0x3000 + a.symbols["WAITPSW"]]
    assert cpu.read(0x3000 + a.symbols["ZONED"], 4) == E("0055")
    assert cpu.get_gpr(7) == r


def test_ipl_card_deck_boots_program():
    """Simulate the channel: IPL reads card 1 (24 bytes) to 0, then runs the chain."""
    from s370.cpu import CPU
    src = """PROG     START X'2000'
         BALR  12,0
         USING *,12
         LA    3,0
         LA    1,300
LOOP     AH    3,=H'2'
         BCT   1,LOOP
         ST    3,ANSWER
         LPSW  DONE
DONE     DC    0D,X'00020000',A(0)
ANSWER   DC    F'0'
         DC    500X'AB'
         END   PROG
"""
    a = assemble(src)
    assert a.errors == [] and a.origin == 0x2000
    cards = ipl_card_deck(a)
    assert all(len(c) == 80 for c in cards)
    cpu = CPU(memsize=1 << 20)
    mem = bytearray(1 << 20)
    # channel program interpreter: READ (02) card by card, TIC (08), chaining
    deck = iter(cards)
    mem[0:24] = next(deck)[:24]
    ccw_addr = 8
    while True:
        c = mem[ccw_addr:ccw_addr + 8]
        cmd, addr, flags, count = c[0], int.from_bytes(c[1:4], "big"), c[4], int.from_bytes(c[6:8], "big")
        if cmd == 0x08:
            ccw_addr = addr
            continue
        assert cmd == 0x02
        card = next(deck)
        mem[addr:addr + count] = card[:count]
        if not flags & 0x40:
            break
        ccw_addr += 8
    assert next(deck, None) is None
    cpu.load(0, bytes(mem[:0x3000]))
    assert cpu.ipl_psw()
    assert cpu.run(100000) == L.EXIT_DISABLED_WAIT
    assert int.from_bytes(cpu.read(a.symbols["ANSWER"], 4), "big") == 600
