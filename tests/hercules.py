"""Hercules 3.13 as a peer/oracle: run flat S/370 program images, return the final state.

Why: differential tests and the benchmark compare our core with a real, widely used
S/370 emulator.  One Hercules process (start-up ~0.26 s) runs any number of programs one
after another, driven through its EXTERNALGUI panel on stdin:

    with HerculesSession() as h:
        res = h.run(Program(image, 0x1000, psw=bc_psw(0x1000), gprs={1: 5}, dumps=[(0x2000, 64)]))
    res.gprs, res.fprs, res.crs, res.psw, res.storage[(0x2000, 64)], res.wait_psw

or ``run_programs([p1, p2, ...])`` for a one-shot batch.

How a program is started: storage is cleared (``sysclear``), the image and patches are
loaded with ``loadcore``, GPRs/CRs set with panel commands, and a 20-byte start stub at
``Program.stub_addr`` (default X'300') loads the FPRs (LD x4) and then LPSWs the
requested PSW, so any PSW (BC or EC, key, problem state, masks) can start the program.
The stub costs 5 instructions and storage X'300'-X'367'; programs must not rely on it.
Unless ``Program.traps`` is False, every new-PSW slot the image leaves zero gets a
disabled-wait PSW whose address names the class (external X'E01', SVC X'E02', program
X'E03', machine check X'E04', I/O X'E05'), so a stray interruption ends the run
visibly; old PSWs and interruption codes are in ``Result.low`` (storage 0-X'1FF').

Programs end in a disabled wait (HHCCP011I).  Anything else (enabled wait, loop) is cut
off after ``Program.timeout`` seconds and reported with ``timed_out=True``.

Hercules quirks to remember (see shared/spec/hercules-peer.md): its instcount is racy
(not used here), CLCL may be partly re-executed across a 4K boundary, and it accepts
some non-S/370 opcodes (BASR...) - it is no oracle for operation exceptions.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

HERCULES = "hercules"
STUB_ADDR = 0x300
STUB_DATA = 0x340          # FPR0,2,4,6 images then the start PSW (8 bytes)
LOW_DUMP = (0, 0x200)      # always returned: old PSWs, interruption codes
TRAP_NEW_PSWS = {88: 0xE01, 96: 0xE02, 104: 0xE03, 112: 0xE04, 120: 0xE05}
DISABLED_WAIT_BC = 0x00020000  # left word of a BC-mode disabled-wait PSW
INITIAL_CRS = {0: 0x000000E0, 2: 0xFFFFFFFF, 14: 0xC2000000, 15: 0x00000200}  # after reset


class HerculesError(RuntimeError):
    """Hercules is missing, died, or did not answer."""


def available() -> bool:
    return shutil.which(HERCULES) is not None


def bc_psw(addr: int, *, key: int = 0, problem: bool = False, cc: int = 0, pm: int = 0,
           sysmask: int = 0, wait: bool = False) -> bytes:
    """An 8-byte BC-mode PSW."""
    w0 = (sysmask << 24) | (key << 20) | ((2 if wait else 0) << 16) | ((1 if problem else 0) << 16)
    w1 = (cc << 28) | (pm << 24) | (addr & 0xFFFFFF)
    return struct.pack(">II", w0, w1)


def ec_psw(addr: int, *, key: int = 0, problem: bool = False, cc: int = 0, pm: int = 0,
           sysmask: int = 0, wait: bool = False) -> bytes:
    """An 8-byte EC-mode PSW."""
    w0 = (sysmask << 24) | (key << 20) | (0x8 << 16) | ((2 if wait else 0) << 16) \
        | ((1 if problem else 0) << 16) | (cc << 12) | (pm << 8)
    return struct.pack(">II", w0, addr & 0xFFFFFF)


@dataclass
class Program:
    image: bytes
    load_addr: int
    psw: bytes | None = None          # default: BC mode, key 0, supervisor, at load_addr
    gprs: dict | list | None = None   # {r: value} or a list of 16
    fprs: dict | None = None          # {0|2|4|6: 64-bit image}
    crs: dict | None = None           # {r: value}
    patches: list = field(default_factory=list)   # [(addr, bytes)]
    dumps: list = field(default_factory=list)     # [(addr, length)]
    traps: bool = True
    timeout: float = 10.0
    stub_addr: int = STUB_ADDR
    relax: object = None        # optional outcome-dict filter for PoO-unpredictable fields
    clear: list | None = None   # None: sysclear (storage, keys, CPU reset) before the run;
                                # else only zero these (addr, length) ranges and reset the
                                # CRs - much faster, for programs that change no keys


@dataclass
class Result:
    psw: bytes                # PSW as Hercules shows it after the stop (the wait PSW)
    gprs: list
    fprs: list                # [FPR0, FPR2, FPR4, FPR6] 64-bit images
    crs: list
    storage: dict             # (addr, length) -> bytes
    low: bytes                # storage 0..X'1FF'
    disabled_wait: bool
    timed_out: bool
    log: list                 # panel lines of this run (for diagnostics)

    @property
    def wait_code(self) -> int:
        """Instruction-address field of the final PSW (disabled-wait code)."""
        return struct.unpack(">I", self.psw[4:])[0] & 0xFFFFFF

    @property
    def cc(self) -> int:
        w0, w1 = struct.unpack(">II", self.psw)
        return (w0 >> 12) & 3 if w0 & 0x80000 else (w1 >> 28) & 3


def _config(mainsize_mb: int) -> str:
    return (f"CPUSERIAL 000611\nCPUMODEL 3033\nMAINSIZE {mainsize_mb}\nNUMCPU 1\n"
            "ARCHMODE S/370\nOSTAILOR QUIET\nPANRATE SLOW\nCPUPRIO 0\n"
            "000C 3505 /dev/null\n")


def _stub(stub_addr: int) -> bytes:
    """LD 0/2/4/6 from STUB_DATA..; LPSW STUB_DATA+32 (all base 0, so no GPR is touched)."""
    data = stub_addr + (STUB_DATA - STUB_ADDR)
    code = b""
    for i, r in enumerate((0, 2, 4, 6)):
        code += struct.pack(">BBH", 0x68, r << 4, data + 8 * i)
    code += struct.pack(">BBH", 0x82, 0, data + 32)
    return code


class HerculesSession:
    """One Hercules process that runs programs one after another."""

    def __init__(self, mainsize: int = 8 << 20):
        if not available():
            raise HerculesError("hercules (3.13) is not installed: apt-get install hercules")
        self.mainsize = mainsize
        self._dir = tempfile.mkdtemp(prefix="herc-")
        mb = max(2, (mainsize + (1 << 20) - 1) >> 20)
        conf = os.path.join(self._dir, "h.cnf")
        with open(conf, "w") as f:
            f.write(_config(mb))
        self._proc = subprocess.Popen(
            [HERCULES, "-f", conf, "EXTERNALGUI"], cwd=self._dir,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, errors="replace")
        self._lines: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._seq = 0
        self._nfile = 0
        self._send("stop")
        self._sync(timeout=20.0)

    # -- plumbing ---------------------------------------------------------------
    def _read(self):
        for line in self._proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _send(self, cmd: str):
        try:
            self._proc.stdin.write(cmd + "\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise HerculesError(f"hercules died: {e}") from None

    def _wait_for(self, pattern: str, timeout: float, log: list) -> bool:
        """Collect lines into log until one contains pattern; False on time-out."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                return False
            if line is None:
                raise HerculesError("hercules exited unexpectedly:\n" + "\n".join(log[-20:]))
            log.append(line)
            if pattern in line:
                return True

    def _sync(self, timeout: float = 10.0, log: list | None = None) -> list:
        self._seq += 1
        marker = f"SYNC-{os.getpid()}-{self._seq}"
        self._send("* " + marker)
        log = [] if log is None else log
        if not self._wait_for(marker, timeout, log):
            raise HerculesError("hercules did not answer within %.0f s" % timeout)
        return log

    def _file(self, data: bytes) -> str:
        self._nfile += 1
        path = os.path.join(self._dir, f"f{self._nfile}.bin")
        with open(path, "wb") as f:
            f.write(data)
        return path

    def _stopped(self, cmds, log):
        """Stop the CPU and run panel commands that need it stopped; Hercules rejects
        them while its CPU thread is still stopping (or starting up): retry."""
        for _ in range(2000):
            mark = len(log)
            self._send("stop")
            for c in cmds:
                self._send(c)
            self._sync(log=log)
            if not any("rejected" in line for line in log[mark:]):
                return mark
            time.sleep(0.002)
        raise HerculesError("hercules CPU does not stop:\n" + "\n".join(log[-20:]))

    # -- running ---------------------------------------------------------------
    def run(self, p: Program) -> Result:
        """Run one program to its disabled wait (or time-out) and return its final state."""
        end = p.load_addr + len(p.image)
        if end > self.mainsize:
            raise ValueError(f"image ends at {end:#x}, beyond MAINSIZE {self.mainsize:#x}")
        log: list = []
        if p.clear is None:
            self._stopped(["sysclear"], log)
            cmds = []
        else:
            cmds = [f"loadcore {self._file(bytes(n))} {a:x}" for a, n in p.clear]
            cmds += [f"cr {r}={INITIAL_CRS.get(r, 0):x}" for r in range(16)]
        cmds.append(f"loadcore {self._file(p.image)} {p.load_addr:x}")
        if p.traps:
            for loc, code in TRAP_NEW_PSWS.items():
                if not (p.load_addr <= loc < end):
                    cmds.append(f"loadcore {self._file(struct.pack('>II', DISABLED_WAIT_BC, code))} {loc:x}")
        for addr, data in p.patches:
            cmds.append(f"loadcore {self._file(bytes(data))} {addr:x}")
        fprs = p.fprs or {}
        psw = p.psw if p.psw is not None else bc_psw(p.load_addr)
        stub_data = b"".join(struct.pack(">Q", fprs.get(r, 0) & (2**64 - 1)) for r in (0, 2, 4, 6))
        cmds.append(f"loadcore {self._file(_stub(p.stub_addr))} {p.stub_addr:x}")
        cmds.append(f"loadcore {self._file(stub_data + bytes(psw))} "
                    f"{p.stub_addr + STUB_DATA - STUB_ADDR:x}")
        gprs = p.gprs or {}
        items = enumerate(gprs) if isinstance(gprs, list) else gprs.items()
        cmds += [f"gpr {r}={v & 0xFFFFFFFF:x}" for r, v in items]
        cmds += [f"cr {r}={v & 0xFFFFFFFF:x}" for r, v in (p.crs or {}).items()]
        cmds.append(f"psw sm=00 pk=0 cmwp=0 cc=0 pm=0 ia={p.stub_addr:x}")
        self._stopped(cmds, log)
        t0 = time.perf_counter()
        self._send("start")
        done = self._wait_for("HHCCP011I", p.timeout, log)
        elapsed = time.perf_counter() - t0
        dumps = [LOW_DUMP] + list(p.dumps)
        files = [os.path.join(self._dir, f"dump{i}.bin") if n > 0 else None
                 for i, (addr, n) in enumerate(dumps)]
        cmds = ["psw", "gpr", "fpr", "cr"]
        for path in files:
            if path is not None and os.path.exists(path):
                os.unlink(path)
        for (addr, n), path in zip(dumps, files):
            if path is not None:
                cmds.append(f"savecore {path} {addr:x} {addr + n - 1:x}")
        start = self._stopped(cmds, log)
        text = "\n".join(log[start:])
        storage = {}
        for (addr, n), path in zip(dumps, files):
            if path is None:
                storage[(addr, n)] = b""
                continue
            try:
                with open(path, "rb") as f:
                    storage[(addr, n)] = f.read()
            except OSError:
                raise HerculesError(f"savecore of {addr:x}.{n:x} failed:\n{text}") from None
        res = Result(psw=_parse_psw(text), gprs=_parse_regs(text, "GR", 16),
                     fprs=_parse_fprs(text), crs=_parse_regs(text, "CR", 16),
                     storage=storage, low=storage[LOW_DUMP], disabled_wait=done,
                     timed_out=not done, log=log)
        res.elapsed = elapsed      # seconds from 'start' to the disabled-wait message
        return res

    def close(self):
        if self._proc.poll() is None:
            try:
                self._send("stop")
                self._send("quit")
                self._proc.stdin.close()
            except (HerculesError, OSError):
                pass
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_programs(programs, mainsize: int = 8 << 20) -> list:
    """Run a batch of programs in one Hercules process."""
    with HerculesSession(mainsize) as h:
        return [h.run(p) for p in programs]


def run_program(program: Program, mainsize: int = 8 << 20) -> Result:
    return run_programs([program], mainsize)[0]


_REG = re.compile(r"\b(GR|CR)(\d\d)=([0-9A-F]{8})")
_FPR = re.compile(r"\bFPR(\d)=([0-9A-F]{8}) ([0-9A-F]{8})")
_PSW = re.compile(r"^PSW=([0-9A-F]{8}) ([0-9A-F]{8})\s*$", re.M)


def _parse_regs(text: str, kind: str, n: int) -> list:
    regs = [None] * n
    for k, r, v in _REG.findall(text):
        if k == kind:
            regs[int(r)] = int(v, 16)
    if None in regs:
        raise HerculesError(f"could not read {kind} registers from:\n{text}")
    return regs


def _parse_fprs(text: str) -> list:
    regs = {}
    for r, hi, lo in _FPR.findall(text):
        regs[int(r)] = (int(hi, 16) << 32) | int(lo, 16)
    try:
        return [regs[r] for r in (0, 2, 4, 6)]
    except KeyError:
        raise HerculesError(f"could not read FPRs from:\n{text}") from None


def _parse_psw(text: str) -> bytes:
    m = _PSW.findall(text)
    if not m:
        raise HerculesError(f"could not read the PSW from:\n{text}")
    return struct.pack(">II", int(m[-1][0], 16), int(m[-1][1], 16))


# ---------------------------------------------------------------------------------
# The same Program on our core, and the case harness the differential tests share.
# ---------------------------------------------------------------------------------

def run_ours(p: Program, mainsize: int = 8 << 20, max_instructions: int = 50_000_000) -> Result:
    """Run a Program on s370.cpu.CPU exactly as HerculesSession.run sets it up."""
    from s370.cpu import CPU
    from s370.cpu import layout as L
    cpu = CPU(memsize=mainsize, clock="deterministic")
    cpu.load(p.load_addr, p.image)
    end = p.load_addr + len(p.image)
    if p.traps:
        for loc, code in TRAP_NEW_PSWS.items():
            if not (p.load_addr <= loc < end):
                cpu.load(loc, struct.pack(">II", DISABLED_WAIT_BC, code))
    for addr, data in p.patches:
        cpu.load(addr, bytes(data))
    fprs = p.fprs or {}
    psw = p.psw if p.psw is not None else bc_psw(p.load_addr)
    cpu.load(p.stub_addr, _stub(p.stub_addr))
    cpu.load(p.stub_addr + STUB_DATA - STUB_ADDR,
             b"".join(struct.pack(">Q", fprs.get(r, 0) & (2**64 - 1)) for r in (0, 2, 4, 6))
             + bytes(psw))
    gprs = p.gprs or {}
    for r, v in (enumerate(gprs) if isinstance(gprs, list) else gprs.items()):
        cpu.set_gpr(r, v & 0xFFFFFFFF)
    for r, v in (p.crs or {}).items():
        cpu.set_cr(r, v & 0xFFFFFFFF)
    cpu.set_psw(bc_psw(p.stub_addr))
    rc = cpu.run(max_instructions=max_instructions)
    done = rc == L.EXIT_DISABLED_WAIT
    storage = {(a, n): cpu.read(a, n) for a, n in [LOW_DUMP] + list(p.dumps)}
    res = Result(psw=bytes(cpu.psw), gprs=list(cpu.gprs), fprs=[cpu.get_fpr(r) for r in (0, 2, 4, 6)],
                 crs=[cpu.get_cr(r) for r in range(16)], storage=storage, low=storage[LOW_DUMP],
                 disabled_wait=done, timed_out=not done, log=[f"exit {L.EXIT_NAMES[rc] if rc < len(L.EXIT_NAMES) else rc}"])
    res.instcount = cpu.instcount
    return res


CASE_ORG = 0x800           # case code (below 4K: labels need no base register)
DATA = 0xA00               # case data area (DATA..X'FFF' is dumped)
DATA_LEN = 0x600
WAIT_PSWS = 0x7C0          # four disabled-wait PSWs with codes X'CC0'..X'CC3'
WAIT_CC = 0xCC0


def case_program(build, *, gprs=None, fprs=None, data=(), psw=None, dumps=None,
                 crs=None, keys=False) -> Program:
    """A one-case program: build(b) emits the code under test into Builder b (origin
    CASE_ORG, labels resolve with base 0); then the harness branches on the CC and
    ends in a disabled wait whose code is X'CC0' + CC.  A program interruption ends in
    the trap wait X'E03' (old PSW at 40).  DATA..DATA+X'5FF' is dumped.  keys=True:
    the case changes storage keys, so Hercules must sysclear before it (slower)."""
    from s370.bench.encode import Builder
    b = Builder(CASE_ORG, base=0)
    build(b)
    for cc, mask in enumerate((8, 4, 2)):
        b.i("BC", mask, f"_CC{cc}")
    b.i("LPSW", WAIT_PSWS + 24, 0)
    for cc in range(3):
        b.label(f"_CC{cc}")
        b.i("LPSW", WAIT_PSWS + 8 * cc, 0)
    code = b.assemble()
    if CASE_ORG + len(code) > DATA:
        raise ValueError("case code too long")
    waits = b"".join(struct.pack(">II", DISABLED_WAIT_BC, WAIT_CC + cc) for cc in range(4))
    patches = [(WAIT_PSWS, waits)] + list(data)
    return Program(code, CASE_ORG, psw=psw, gprs=gprs, fprs=fprs, crs=crs, patches=patches,
                   dumps=[(DATA, DATA_LEN)] if dumps is None else dumps, timeout=5.0,
                   clear=None if keys else [(0, 0x2000)])


def outcome(res: Result, *, fprs: bool = False, crs=()) -> dict:
    """The comparable part of a result: how it ended, registers, storage, old PSWs."""
    out = {"end": "timeout" if res.timed_out else f"{res.wait_code:03X}",
           "gprs": " ".join(f"{v:08X}" for v in res.gprs)}
    if fprs:
        out["fprs"] = " ".join(f"{v:016X}" for v in res.fprs)
    for r in crs:
        out[f"cr{r}"] = f"{res.crs[r]:08X}"
    if res.wait_code == 0xE03:
        w0, w1 = struct.unpack(">II", res.low[40:48])
        out["pgm_old_psw"] = f"{w0:08X} {w1:08X}"
        if w0 & 0x80000:           # EC mode: code and ILC in low storage
            out["pgm_code"] = res.low[140:144].hex().upper()
    for (a, n), v in res.storage.items():
        if (a, n) != LOW_DUMP:
            out[f"mem {a:X}.{n:X}"] = v.hex().upper()
    return out


def ifetch_relax(bad_addr: int):
    """PoO (GA22-7000-4 'ILC on Instruction Fetch Exceptions'): for an odd instruction
    address or an access exception on fetching an instruction the ILC is 1, 2 or 3
    (unpredictable which) and the old PSW address is the failing address + 2*ILC.
    Replace ILC/address by a verdict so either legal choice compares equal."""
    def relax(o):
        o = dict(o)
        if "pgm_old_psw" in o:
            w0, w1 = (int(x, 16) for x in o["pgm_old_psw"].split())
            ec = bool(w0 & 0x80000)
            ilc = (int(o.get("pgm_code", "0"), 16) >> 17) & 3 if ec else w1 >> 30
            ok = ilc != 0 and (w1 & 0xFFFFFF) == (bad_addr + 2 * ilc) & 0xFFFFFF
            o["pgm_old_psw"] = f"{w0:08X} {'ILC/IA legal' if ok else f'ILC {ilc} IA {w1 & 0xFFFFFF:06X} illegal'}"
            if ec:
                o["pgm_code"] = o["pgm_code"][4:]
        return o
    return relax


def diff_outcomes(ours: dict, herc: dict) -> dict:
    """Fields that differ: name -> (ours, hercules); storage shown as differing bytes."""
    d = {}
    for k in sorted(set(ours) | set(herc)):
        a, h = ours.get(k), herc.get(k)
        if a == h:
            continue
        if k.startswith("mem ") and a and h and len(a) == len(h):
            base = int(k.split()[1].split(".")[0], 16)
            spots = [i // 2 for i in range(0, len(a), 2) if a[i:i + 2] != h[i:i + 2]]
            lo, hi = spots[0], spots[-1] + 1
            d[k] = (f"@{base + lo:X}: {a[2 * lo:2 * hi]}", f"@{base + lo:X}: {h[2 * lo:2 * hi]}")
        else:
            d[k] = (a, h)
    return d


def compare_cases(session, cases, *, fprs=False, crs=(), limit: int = 15):
    """Run (name, Program) cases on Hercules and on our core (in batches, see below);
    return a readable report of the first disagreements ('' when all agree)."""
    lines = []
    bad = 0
    for chunk in _chunks(cases):
        progs = [p for _, p in chunk]
        prog, decode = batch_program(progs)
        herc = decode(session.run(prog))
        if herc is None:                      # should not happen: localize on Hercules
            herc = [session.run(p) for p in progs]
        ours = decode(run_ours(prog))
        if ours is None:                      # our core got lost in some case: run singly
            ours = [run_ours(p) for p in progs]
        for (name, p), h, o in zip(chunk, herc, ours):
            oo, ho = outcome(o, fprs=fprs, crs=crs), outcome(h, fprs=fprs, crs=crs)
            if p.relax is not None:
                oo, ho = p.relax(oo), p.relax(ho)
            d = diff_outcomes(oo, ho)
            if d:
                bad += 1
                if bad <= limit:
                    lines.append(f"--- {name}")
                    for k, (a, hv) in d.items():
                        lines.append(f"    {k}: ours={a}  hercules={hv}")
    if bad:
        lines.insert(0, f"{bad} of {len(cases)} cases disagree with Hercules:")
    return "\n".join(lines)


def _chunks(cases, budget: int = 5 << 20):
    chunk, size = [], 0
    for c in cases:
        need = CASE_REGION[1] + DESC_SIZE + REC_HEAD + sum(n for _, n in c[1].dumps) + 8
        if chunk and size + need > budget:
            yield chunk
            chunk, size = [], 0
        chunk.append(c)
        size += need
    if chunk:
        yield chunk


# ---------------------------------------------------------------------------------
# Batches: many case programs in one run (one Hercules round trip instead of one per
# case).  A runner at RUNNER restores low storage and the case region X'800'-X'17FF',
# the case's storage keys, CRs, FPRs, GPRs and PSW, then LPSWs into the case.  The
# case's CC-capture LPSWs and every new PSW lead to collectors (below 4K, base 0) that
# save GPRs/FPRs, note the end code (X'CC0'+CC or the X'E0n' trap codes), and return to
# the runner, which stores a result record and starts the next case.
# ---------------------------------------------------------------------------------

BATCH_MAINSIZE = 8 << 20
RUNNER = 0x2000
CASE_REGION = (0x800, 0x1000)        # restored before every case
LOW_KEEP = 0xC0                      # low storage bytes recorded (old PSWs, codes)
SAVEG, SAVEF, ENDCODE, PSWSLOT, GPRSLOT, RUNADDR = 0x200, 0x240, 0x260, 0x268, 0x270, 0x2B0
COLLECTORS = 0x400
DESC_SIZE = 216                      # see _descriptor
REC_HEAD = 168 + LOW_KEEP            # code(8) GPRs(64) FPRs(32) CRs(64) low(LOW_KEEP)


def _runner_code():
    from s370.bench.encode import Builder
    b = Builder(RUNNER, base=12)
    b.label("NEXT")
    b.i("L", 11, "CURDESC")
    b.i("L", 0, 0, 0, 11)
    b.i("LTR", 0, 0)
    b.i("BC", 4, "DONE")
    b.i("SR", 2, 2)                                  # low storage 0..X'7FF' from template
    b.i("LA", 3, 0x800, 0, 0)
    b.i("L", 4, "TEMPLATE")
    b.i("LR", 5, 3)
    b.i("MVCL", 2, 4)
    b.i("LA", 2, CASE_REGION[0], 0, 0)              # case region from the case image
    b.i("LA", 3, 0x800, 0, 0)
    b.i("AR", 3, 3)
    b.i("L", 4, 0, 0, 11)
    b.i("LR", 5, 3)
    b.i("MVCL", 2, 4)
    b.i("SR", 0, 0)                                  # storage keys of blocks 0..X'17FF' := 0
    b.i("SR", 2, 2)
    for _ in range(3):
        b.i("SSK", 0, 2)
        b.i("LA", 2, 0x800, 0, 2)
    b.i("LCTL", 0, 15, 112, 11)
    for i, r in enumerate((0, 2, 4, 6)):
        b.i("LD", r, 80 + 8 * i, 0, 11)
    b.i("MVC", PSWSLOT, 8, 0, 8, 11)
    b.i("MVC", GPRSLOT, 64, 0, 16, 11)
    b.i("LM", 0, 15, GPRSLOT, 0)
    b.i("LPSW", PSWSLOT, 0)
    b.label("COMMON")
    b.i("L", 11, "CURDESC")
    b.i("L", 10, 4, 0, 11)
    b.i("MVC", 0, 4, 10, ENDCODE, 0)
    b.i("MVC", 8, 64, 10, SAVEG, 0)
    b.i("MVC", 72, 32, 10, SAVEF, 0)
    b.i("STCTL", 0, 15, 104, 10)
    b.i("MVC", 168, LOW_KEEP, 10, 0, 0)
    b.i("LA", 9, REC_HEAD, 0, 10)
    b.i("L", 8, 176, 0, 11)
    b.i("LA", 7, 180, 0, 11)
    b.label("DLOOP")
    b.i("LTR", 8, 8)
    b.i("BC", 8, "DEND")
    b.i("LR", 2, 9)
    b.i("L", 3, 4, 0, 7)
    b.i("L", 4, 0, 0, 7)
    b.i("LR", 5, 3)
    b.i("MVCL", 2, 4)
    b.i("LR", 9, 2)
    b.i("LA", 7, 8, 0, 7)
    b.i("BCTR", 8, 0)
    b.i("BC", 15, "DLOOP")
    b.label("DEND")
    b.i("LA", 11, DESC_SIZE, 0, 11)
    b.i("ST", 11, "CURDESC")
    b.i("BC", 15, "NEXT")
    b.label("DONE")
    b.i("LPSW", "DONEPSW")
    b.doubleword("DONEPSW", (DISABLED_WAIT_BC << 32) | 0xD0E)
    b.fullword("CURDESC", 0)
    b.fullword("TEMPLATE", 0)
    return b


def _low_template(common: int) -> bytes:
    """Storage 0..X'7FF' for a batch: new PSWs and the case wait-PSW slots lead to the
    collectors; the collectors themselves; RUNADDR."""
    from s370.bench.encode import encode
    low = bytearray(0x800)
    entries = [(WAIT_CC + cc, WAIT_PSWS + 8 * cc) for cc in range(4)] + \
              [(code, loc) for loc, code in TRAP_NEW_PSWS.items()]
    addr = COLLECTORS
    for code, slot in entries:
        low[slot:slot + 8] = struct.pack(">II", 0, addr)     # BC, key 0, disabled
        body = (encode("STM", 0, 15, SAVEG, 0)
                + b"".join(encode("STD", r, SAVEF + 4 * r, 0, 0) for r in (0, 2, 4, 6))
                + encode("MVC", ENDCODE, 4, 0, addr + 40, 0)
                + encode("L", 12, RUNADDR, 0, 0)
                + encode("BC", 15, common - RUNNER, 0, 12))
        body = body.ljust(40, b"\x00") + struct.pack(">I", code)
        low[addr:addr + 44] = body
        addr += 48
    assert addr <= WAIT_PSWS
    low[RUNADDR:RUNADDR + 4] = struct.pack(">I", RUNNER)
    return bytes(low)


def batch_program(progs):
    """One Program running all case Programs; returns (program, decode) where
    decode(memory_reader) -> list of Result."""
    b = _runner_code()
    runner = b.assemble()
    common = b.labels["COMMON"]
    low = _low_template(common)
    pos = (RUNNER + len(runner) + 0xFF) & ~0xFF
    template_at = pos
    pos += len(low)
    desc_at = pos
    pos += DESC_SIZE * (len(progs) + 1)
    images_at = (pos + 0xFFF) & ~0xFFF
    pos = images_at + CASE_REGION[1] * len(progs)
    results = []
    blob = bytearray()
    for p in progs:
        dumps = list(p.dumps)
        size = REC_HEAD + sum(n for _, n in dumps)
        results.append((pos, dumps))
        pos += (size + 7) & ~7
    if pos > BATCH_MAINSIZE:
        raise ValueError("batch too large")
    image = bytearray(images_at + CASE_REGION[1] * len(progs) - RUNNER)
    image[0:len(runner)] = runner

    def put(addr, data):
        image[addr - RUNNER:addr - RUNNER + len(data)] = data
    put(b.labels["CURDESC"], struct.pack(">I", desc_at))
    put(b.labels["TEMPLATE"], struct.pack(">I", template_at))
    put(template_at, low)
    for i, p in enumerate(progs):
        region = bytearray(CASE_REGION[1])
        o = CASE_REGION[0]
        if not (o <= p.load_addr and p.load_addr + len(p.image) <= o + len(region)):
            raise ValueError("case image outside the case region")
        region[p.load_addr - o:p.load_addr - o + len(p.image)] = p.image
        for a, d in p.patches:
            if a == WAIT_PSWS:
                continue                      # the batch template provides those
            if not (o <= a and a + len(d) <= o + len(region)):
                raise ValueError(f"patch at {a:X} outside the case region")
            region[a - o:a - o + len(d)] = d
        put(images_at + i * len(region), region)
        gprs = p.gprs or {}
        g = [0] * 16
        for r, v in (enumerate(gprs) if isinstance(gprs, list) else gprs.items()):
            g[r] = v & 0xFFFFFFFF
        f = p.fprs or {}
        crs = dict(INITIAL_CRS)
        crs.update(p.crs or {})
        if len(p.dumps) > 4:
            raise ValueError("at most 4 dumps per case")
        desc = struct.pack(">II", images_at + i * len(region), results[i][0])
        desc += bytes(p.psw if p.psw is not None else bc_psw(p.load_addr))
        desc += struct.pack(">16I", *g)
        desc += b"".join(struct.pack(">Q", f.get(r, 0) & (2**64 - 1)) for r in (0, 2, 4, 6))
        desc += struct.pack(">16I", *[crs.get(r, 0) & 0xFFFFFFFF for r in range(16)])
        desc += struct.pack(">I", len(p.dumps))
        desc += b"".join(struct.pack(">II", a, n) for a, n in p.dumps)
        put(desc_at + i * DESC_SIZE, desc.ljust(DESC_SIZE, b"\0"))
    put(desc_at + len(progs) * DESC_SIZE, struct.pack(">i", -1))
    total = pos - results[0][0] if results else 0
    prog = Program(bytes(image), RUNNER, gprs={12: RUNNER}, traps=True,
                   dumps=[(results[0][0], total)] if results else [], timeout=60.0,
                   clear=None)

    def decode(res: Result):
        if res.timed_out or res.wait_code != 0xD0E:
            return None
        blob = res.storage[(results[0][0], total)] if results else b""
        out = []
        for (addr, dumps) in results:
            rec = blob[addr - results[0][0]:]
            code = struct.unpack(">I", rec[0:4])[0]
            gprs = list(struct.unpack(">16I", rec[8:72]))
            fprs = list(struct.unpack(">4Q", rec[72:104]))
            crs = list(struct.unpack(">16I", rec[104:168]))
            low = bytearray(rec[168:168 + LOW_KEEP]) + bytes(0x200 - LOW_KEEP)
            low[80:84] = bytes(4)             # interval timer: not comparable
            storage = {LOW_DUMP: bytes(low)}
            o = REC_HEAD
            for a, n in dumps:
                storage[(a, n)] = rec[o:o + n]
                o += n
            out.append(Result(psw=struct.pack(">II", DISABLED_WAIT_BC, code), gprs=gprs, fprs=fprs,
                              crs=crs, storage=storage, low=bytes(low), disabled_wait=True,
                              timed_out=False, log=[]))
        return out
    return prog, decode
