"""3270 round-trip latency: client Enter -> attention -> Read Modified -> Write -> client sees it.

    python -m s370.bench.tn3270 [-n ROUNDS]

Two figures:
* ``device``: the TerminalHub and a Display3270, with Python playing the
  channel program (attention -> execute(Read Modified) -> execute(Write));
* ``machine``: the same through an S/370 program on s370.machine (SIO,
  enabled wait, I/O interruptions), the whole path a VM/370 terminal uses.

The client is a minimal TN3270 client on a socket, so the figures are the
server side's latency plus loopback, not a terminal emulator's rendering.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time

from s370.devices.display import Display3270
from s370.tn3270 import datastream as ds
from s370.tn3270 import telnet as T
from s370.tn3270.server import TerminalHub

DEVNUM = 0x0C0
INPUT = 100                                    # row 2, column 21


def _sba(addr: int) -> bytes:
    return bytes([ds.ORDER_SBA]) + ds.encode_address(addr)


SCREEN = (bytes([0xC3]) + _sba(80) + bytes([ds.ORDER_SF, 0x60]) + "COMMAND:".encode("cp037")
          + _sba(INPUT - 1) + bytes([ds.ORDER_SF, 0x40, ds.ORDER_IC]) + _sba(INPUT + 20)
          + bytes([ds.ORDER_SF, 0x60]))


class RawClient:
    """Classic TN3270 (RFC 1576) client: negotiate, then exchange records."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.parser = T.TelnetParser()
        self.records: list[bytes] = []

    def _answer(self, ev: T.Event) -> None:
        if ev.kind == "option":
            ok = ev.option in (T.OPT_BINARY, T.OPT_EOR, T.OPT_TTYPE)
            if ev.verb == T.DO:
                self.sock.sendall(T.command(T.WILL if ok else T.WONT, ev.option))
            elif ev.verb == T.WILL:
                self.sock.sendall(T.command(T.DO if ok else T.DONT, ev.option))
        elif ev.kind == "sb" and ev.option == T.OPT_TTYPE:
            self.sock.sendall(T.subneg(T.OPT_TTYPE, b"\x00IBM-3278-2"))
            self.parser.record_mode = True
        elif ev.kind == "record":
            self.records.append(ev.payload)

    def next_record(self, pred=lambda r: True) -> bytes:
        while True:
            while self.records:
                r = self.records.pop(0)
                if pred(r):
                    return r
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("server closed the connection")
            for ev in self.parser.feed(data):
                self._answer(ev)

    def enter(self, text: str) -> None:
        rec = (bytes([ds.AID_ENTER]) + ds.encode_address(INPUT + len(text)) + _sba(INPUT)
               + text.encode("cp037"))
        self.sock.sendall(T.escape_iac(rec) + bytes([T.IAC, T.EOR]))

    def close(self) -> None:
        self.sock.close()


def _round_trips(client: RawClient, rounds: int) -> list[float]:
    out = []
    for i in range(rounds):
        word = f"R{i:05d}"
        want = word.encode("cp037")
        t0 = time.perf_counter()
        client.enter(word)
        client.next_record(lambda r: want in r)
        out.append(time.perf_counter() - t0)
    return out


def bench_device(rounds: int) -> list[float]:
    hub = TerminalHub(port=0).start()
    dev = Display3270(DEVNUM)
    attn = threading.Event()
    dev.on_attention = lambda d, st: attn.set() if st & 0x80 else None
    hub.register(dev)
    stop = threading.Event()

    def host() -> None:                         # Python plays the channel program
        dev.execute(ds.CMD_ERASE_WRITE, SCREEN, len(SCREEN))
        while not stop.is_set():
            if not attn.wait(0.1):
                continue
            attn.clear()
            rm = dev.execute(ds.CMD_READ_MODIFIED, None, 256).data
            ans = bytes([0xC3]) + _sba(320) + b"\xC5\xC3\xC8\xD6@" + rm[6:]
            dev.execute(ds.CMD_WRITE, ans, len(ans))

    client = RawClient(hub.port)
    try:
        client.next_record()                    # connect screen
        threading.Thread(target=host, daemon=True).start()
        client.next_record(lambda r: b"\xC3\xD6\xD4" in r)        # "COM" of COMMAND:
        return _round_trips(client, rounds)
    finally:
        stop.set()
        client.close()
        hub.stop()


MACHINE_PROGRAM = """
BENCH    START X'1000'
         BALR  12,0
         USING *,12
         MVC   X'78'(8),IONEW
         LA    1,CCWEW
         ST    1,X'48'
SIOEW    SIO   X'0C0'
         BC    4,SIOEW
         BC    3,FAIL
LOOP     LA    15,PH1
         ST    15,NEXT
WAIT     LPSW  WAITPSW
IOINT    L     15,NEXT
         BR    15
PH1      TM    X'44',X'80'
         BNO   WAIT
         LA    1,CCWRM
         ST    1,X'48'
SIORM    SIO   X'0C0'
         BC    4,SIORM
         BC    3,FAIL
         LA    15,PH2
         ST    15,NEXT
         B     WAIT
PH2      TM    X'44',X'08'
         BNO   WAIT
         LA    3,L'RMBUF
         LH    4,X'46'
         SR    3,4
         S     3,=F'6'
         BNP   LOOP
         BCTR  3,0
         EX    3,MOVE
         LA    3,ANSFIXL+1(3)
         STH   3,CCWWR+6
         LA    1,CCWWR
         ST    1,X'48'
SIOWR    SIO   X'0C0'
         BC    4,SIOWR
         BC    3,FAIL
         B     LOOP
FAIL     LPSW  FAILPSW
MOVE     MVC   ANSNAME(0),RMBUF+6
         DS    0D
IONEW    DC    X'0000000000',AL3(IOINT)
WAITPSW  DC    X'FE02000000000000'
FAILPSW  DC    X'0002000000000BAD'
CCWEW    CCW   X'05',SCREEN,X'20',SCREENL
CCWRM    CCW   X'06',RMBUF,X'20',L'RMBUF
CCWWR    CCW   X'01',ANSWER,X'20',0
NEXT     DC    F'0'
SCREEN   DC    X'{screen}'
SCREENL  EQU   *-SCREEN
ANSWER   DC    X'C3{answer_sba}',C'ECHO '
ANSFIXL  EQU   *-ANSWER
ANSNAME  DC    CL20' '
RMBUF    DS    CL256
         LTORG
         END
"""


def bench_machine(rounds: int) -> list[float]:
    from s370.asm import assemble
    from s370.machine import Machine
    src = MACHINE_PROGRAM.format(screen=SCREEN.hex().upper(), answer_sba=_sba(320).hex().upper())
    asm = assemble(src, origin=0x1000)
    if asm.rc != 0:
        raise SystemExit(f"bench program does not assemble: {asm.errors}")
    m = Machine(memsize=1 << 20, clock="real", log=lambda s: None)
    m.attach(DEVNUM, Display3270(DEVNUM, host=m.host))
    m.start_hub(port=0, host="127.0.0.1")
    client = RawClient(m.hub.port)
    try:
        client.next_record()                    # connect screen
        m.cpu.load(0x1000, asm.image)
        m.cpu.set_psw(bytes.fromhex("0000000000001000"))
        m.start()
        client.next_record(lambda r: b"\xC3\xD6\xD4" in r)
        return _round_trips(client, rounds)
    finally:
        client.close()
        m.shutdown()


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[int(len(ms) * 0.9) - 1] if len(ms) >= 10 else ms[-1]
    print(f"3270 round trip ({name:7s}): median {statistics.median(ms):7.3f} ms  "
          f"min {ms[0]:7.3f} ms  p90 {p90:7.3f} ms  "
          f"{len(ms) / sum(times):8.0f} round trips/s  ({len(ms)} rounds)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m s370.bench.tn3270", description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--rounds", type=int, default=300)
    args = ap.parse_args(argv)
    report("device", bench_device(args.rounds))
    report("machine", bench_machine(args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
