"""Heavy spooling until killed (run by tests/test_cp_spool_crash.py).

Writes files of a few hundred records whose contents follow from their spoolid
and size, closes them, purges every third one, transfers and changes others,
and reports each finished step on stdout only after the spool call returned:
``C spoolid records`` (closed), ``P spoolid`` (purged), ``X spoolid`` (changed to class X).
"""

import random
import sys

from cp.spool import OutputOptions, Spool


def card(spoolid: int, n: int) -> bytes:
    return f"{spoolid:04d} {n:06d}".ljust(80).encode("cp037")


def main(path: str, seed: int) -> None:
    rnd = random.Random(seed)
    spool = Spool(path)
    print("READY", flush=True)
    while True:
        w = spool.open_output("SENDER", "PUN", OutputOptions(to="RECEIVER"))
        n = rnd.randrange(1, 400)
        for i in range(n):
            w.write(0x41, card(w.spoolid, i))
        sf = w.close()
        print(f"C {sf.spoolid} {n}", flush=True)
        if sf.spoolid % 3 == 0:
            spool.purge(sf.spoolid)
            print(f"P {sf.spoolid}", flush=True)
        elif sf.spoolid % 3 == 1:
            spool.change(sf.spoolid, spool_class="X")
            print(f"X {sf.spoolid}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
