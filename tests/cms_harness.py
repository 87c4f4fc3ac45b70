"""A CMS virtual machine for the nucleus tests: the nucleus IPL'd from a virtual card
reader in a cp.vm.VirtualMachine, a line-mode console at 009 that records what CMS
types and answers its reads from a queue, and a small DIAGNOSE handler that follows
diagnose.md's register conventions for X'08', X'0C', X'24', X'5C' and X'60' (exercises the
nucleus's side of each convention exactly; tests/test_cms_nucleus_cp.py runs the same
nucleus against the real CP: cp.diag.dispatch and cp.commands)."""

from __future__ import annotations

from s370.cpu import layout as L
from s370.devices.base import Device, Result, UNIT_CE, UNIT_DE
from s370.devices.card import CardReader
from sie import Intercept, reflect_program

from cms.build import build_nucleus, nucleus_card_deck
from cp.vm.machine import VirtualMachine

CON_WRITE = 0x09          # 3215 write, carriage return after
CON_READ = 0x0A           # 3215 read inquiry
CON_NOP = 0x03
NEWLINE = 0x15            # DIAG X'08' response line separator
DIAG_RESPONSE_FLAG = 0x40

_NUCLEUS = None


def _nucon_symbols():
    from cms.build import assemble_module
    return assemble_module("DMSNUC").symbols


NUC = _nucon_symbols()           # NUCON field name -> address


def nucleus():
    global _NUCLEUS
    if _NUCLEUS is None:
        _NUCLEUS = build_nucleus()
    return _NUCLEUS


class TestConsole(Device):
    """A 3215 seen through CP: writes are recorded as text lines; a read takes the next
    queued line, or stays pending until ``type_line`` supplies one."""

    __test__ = False                  # a device, not a pytest test class

    def __init__(self, devnum=0x009):
        super().__init__(devnum, 0x3215)
        self.output: list[str] = []
        self.queue: list[str] = []
        self.waiting = False

    def execute(self, cmd, data, count):
        if cmd == CON_WRITE:
            self.output.append(bytes(data).decode("cp037"))
            return Result(UNIT_CE | UNIT_DE)
        if cmd == CON_READ:
            if self.queue:
                return self._answer(self.queue.pop(0))
            self.waiting = True
            self._count = count
            return Result(pending=True)
        if cmd == CON_NOP:
            return Result(UNIT_CE | UNIT_DE)
        return self.command_reject()

    def _answer(self, line):
        data = line.encode("cp037")
        return Result(UNIT_CE | UNIT_DE, data=data, residual=0)

    def checkpoint_state(self):
        """cp.vm.checkpoint's device protocol: the pending read and the typed-ahead lines."""
        return {"waiting": self.waiting, "count": getattr(self, "_count", 0),
                "queue": list(self.queue)}

    def restore_state(self, state):
        self.waiting, self._count, self.queue = state["waiting"], state["count"], list(state["queue"])

    def type_line(self, line):
        if self.waiting:
            self.waiting = False
            self.complete(self._answer(line))
        else:
            self.queue.append(line)


class FakeCP:
    """DIAGNOSE X'08' (a few CP commands), X'0C' (fixed clock), X'24' with -1 (the
    console), X'60' for one VM."""

    def __init__(self, vm, console):
        self.vm = vm
        self.console = console
        self.commands: list[str] = []
        self.virt_us = 0

    def cp_command(self, text):
        self.commands.append(text)
        words = text.upper().split()
        if words[:2] in (["QUERY", "TIME"], ["Q", "TIME"]):
            return 0, ["TIME IS 13:14:15 UTC SATURDAY 12/05/26",
                       "CONNECT= 00:01:02 VIRTCPU= 000:00.12 TOTCPU= 000:00.34"]
        if words[:1] == ["BIG"]:                     # more than CMS's 2048-byte buffer
            return 0, [f"LINE {k:02} " + "X" * 71 for k in range(40)]
        if words[:1] == ["MSG"]:
            return 0, []
        if words[:1] == ["LINK"]:
            return 113, ["DMKLNK113E USER01 NOT IN CP DIRECTORY"]
        return 1, ["DMKCFM001E UNKNOWN CP COMMAND"]

    def __call__(self, vm, code):
        sd = vm.sd
        rx, ry = sd.intercept_r1, sd.intercept_r3
        if code == 0x08:
            addr = sd.get_gpr(rx) & 0xFFFFFF
            word = sd.get_gpr(ry) & 0xFFFFFFFF
            flags, length = word >> 24, word & 0xFFFFFF
            text = bytes(sd.mem[addr:addr + length]).decode("cp037")
            if length == 0:
                sd.set_gpr(ry, 0)
                return
            rc, lines = self.cp_command(text)
            if flags & DIAG_RESPONSE_FLAG:
                buf = sd.get_gpr(rx + 1) & 0xFFFFFF
                size = sd.get_gpr(ry + 1) & 0xFFFFFFFF
                data = bytes([NEWLINE]).join(s.encode("cp037") for s in lines)
                n = min(len(data), size)
                sd.mem[buf:buf + n] = list(data[:n])
                if len(data) <= size:
                    sd.S[L.PSW_CC] = 0
                    sd.set_gpr(ry + 1, n)
                else:
                    sd.S[L.PSW_CC] = 1
                    sd.set_gpr(ry + 1, len(data) - size)
            else:
                self.console.output.extend(lines)
            sd.set_gpr(ry, rc)
        elif code == 0x0C:
            addr = sd.get_gpr(rx) & 0xFFFFFF
            self.virt_us += 10000                       # 0.01 s a reading
            area = (b"12/05/26" .decode().encode("cp037") + "13:14:15".encode("cp037")
                    + self.virt_us.to_bytes(8, "big") + (3 * self.virt_us).to_bytes(8, "big"))
            sd.mem[addr:addr + 32] = list(area)
        elif code == 0x24 and sd.get_gpr(rx) & 0xFFFFFFFF == 0xFFFFFFFF:
            sd.set_gpr(rx, self.console.devnum)             # line-mode terminal code 0
            sd.set_gpr(ry, 0x80000000)                       # terminal class, 3215
            sd.set_gpr(ry + 1, 0x80000050)                   # line length 80
            sd.S[L.PSW_CC] = 0
        elif code == 0x24:
            sd.S[L.PSW_CC] = 3                                # no other devices known
        elif code == 0x5C:
            pass                                              # SET EMSG ON: unchanged
        elif code == 0x60:
            sd.set_gpr(rx, vm.storage)
        else:
            reflect_program(sd, L.PIC_SPECIFICATION)


class CMSMachine:
    """IPL the nucleus and drive it: ``run()`` until CMS waits for a console line."""

    def __init__(self, tmp_path, storage=1 << 20, vm=None, console=0x009):
        """A new VM with FakeCP as its DIAGNOSE handler, or ``vm`` (a logged-on user's,
        DIAGNOSE going to the real CP) given the console and the reader."""
        self.vm = vm if vm is not None else VirtualMachine("CMSUSER", storage)
        self.console = TestConsole(console)
        deck = tmp_path / "cmsnuc.ipl"
        deck.write_bytes(b"".join(nucleus_card_deck(nucleus())))
        self.reader = CardReader(0x00C, 0x2540, [str(deck)], mode="ebcdic", eof=True)
        self.vm.attach(console, self.console)
        self.vm.attach(0x00C, self.reader)
        self.cp = FakeCP(self.vm, self.console)
        if vm is None:
            self.vm.diagnose = self.cp
        reason = self.vm.ipl(0x00C)
        assert reason is None, reason

    def run(self, limit=400):
        """Run until CMS waits for input with nothing queued (or stops)."""
        for _ in range(limit):
            code = self.vm.run_slice(200_000)
            if code == Intercept.ENABLED_WAIT and self.console.waiting:
                return code
            if code in (Intercept.DISABLED_WAIT, Intercept.VALIDITY, Intercept.CHECKSTOP):
                return code
        raise AssertionError("CMS did not come back to a console read")

    def command(self, line):
        """Type a line and run to the next read; the lines CMS typed meanwhile."""
        start = len(self.console.output)
        self.console.type_line(line)
        self.run()
        return self.console.output[start:]


# ---------------------------------------------------------------- a CMS-formatted test disk
BLOCK = 800
GEOMETRY = {"3330": (14, 19), "3350": (19, 30)}        # blocks per track, tracks per cylinder


def cms_disk_blocks(label, files):
    """Blocks of a small CMS disk (spec cms.md 1.2-1.5): {block number: 800 bytes}.
    ``files`` = [(fn, ft, fm, recfm, lrecl, [record bytes, ...]), ...]; one FST block (5)."""
    ebc = lambda s, n: s.ljust(n).encode("cp037")
    blocks = {3: b"CMS=".decode().encode("cp037") + ebc(label, 6)}
    fsts, nxt = [], 6
    for fn, ft, fm, recfm, lrecl, records in files:
        if recfm == "F":
            data = b"".join(r.ljust(lrecl, b"\x40") for r in records)
        else:
            data = b"".join(len(r).to_bytes(2, "big") + r for r in records)
        chunks = [data[k:k + BLOCK] for k in range(0, len(data), BLOCK)] or [b""]
        chain, nxt = nxt, nxt + 1
        numbers = list(range(nxt, nxt + len(chunks)))
        nxt += len(chunks)
        blocks[chain] = bytes(80) + b"".join(n.to_bytes(2, "big") for n in numbers)
        for n, c in zip(numbers, chunks):
            blocks[n] = c
        fsts.append(ebc(fn, 8) + ebc(ft, 8) + bytes.fromhex("01242054")
                    + (len(records) + 1).to_bytes(2, "big") + (1).to_bytes(2, "big")
                    + ebc(fm, 2) + len(records).to_bytes(2, "big") + chain.to_bytes(2, "big")
                    + ebc(recfm, 1) + b"\0" + lrecl.to_bytes(4, "big")
                    + len(chunks).to_bytes(2, "big") + ebc("26", 2))
    blocks[5] = b"".join(fsts)
    mfd = bytearray(BLOCK)
    mfd[0:4] = (5).to_bytes(2, "big") + b"\xff\xff"
    blocks[4] = bytes(mfd)
    return {n: b.ljust(BLOCK, b"\0") for n, b in blocks.items()}


def make_cms_disk(path, label, files, devtype="3330", cyls=2):
    """A CKD image whose every track holds 800-byte records R1..Rn, with the CMS blocks."""
    from media.ckd import create_image, open_image
    from media.ckd.track import Record, build_track, r0
    create_image(str(path), devtype, label, cyls=cyls)
    rpt, heads = GEOMETRY[devtype]
    blocks = cms_disk_blocks(label, files)
    img = open_image(str(path))
    for trk in range(cyls * heads):
        cyl, head = divmod(trk, heads)
        recs = [r0(cyl, head)] + [Record(cyl, head, r, b"", blocks.get(trk * rpt + r, bytes(BLOCK)))
                                  for r in range(1, rpt + 1)]
        img.write_track(trk, build_track(cyl, head, recs))
    img.flush()
    img.close()
    return path


def zap_function(machine, name, image, at=0x20000):
    """Put a program in storage and give nucleus function ``name``'s table row its
    address (as CP STORE could): the next ``name`` command runs it through SVC 202."""
    sd = machine.vm.sd
    sd.mem[at:at + len(image)] = list(image)
    table = nucleus().symbols["FUNCTAB"]
    key = name.ljust(8).encode("cp037")
    row = next(table + 12 * k for k in range(64) if sd.read(table + 12 * k, 8) == key)
    sd.mem[row + 8:row + 12] = list(at.to_bytes(4, "big"))


# ---------------------------------------------------------------- a 3270 display terminal
DISPLAY_CCW = 0x19            # DIAG X'58' display CCW (R6 line-mode display)
CTL_ERASE_FIRST = 0x80
GRAPHICS_3277 = 0x40040050    # DIAG X'24' Ry+1: class graphics, 3277, line length 80


class DisplayCP(FakeCP):
    """FakeCP whose user sits at a 3270: DIAG X'24' -1 reports a graphics terminal and
    DIAG X'58' X'19' writes go to ``screen`` (22 output lines of 80), as CP's output
    area; ``displays`` counts the writes."""

    def __init__(self, vm, console):
        super().__init__(vm, console)
        self.screen = [""] * 22
        self.displays = 0

    def __call__(self, vm, code):
        sd = vm.sd
        rx, ry = sd.intercept_r1, sd.intercept_r3
        if code == 0x24 and sd.get_gpr(rx) & 0xFFFFFFFF == 0xFFFFFFFF:
            super().__call__(vm, code)
            sd.set_gpr(ry + 1, GRAPHICS_3277)
        elif code == 0x58:
            ccw = bytes(sd.mem[sd.get_gpr(rx) & 0xFFFFFF:][:8])
            assert ccw[0] == DISPLAY_CCW, ccw.hex()
            data = int.from_bytes(ccw[1:4], "big")
            ctl, count = ccw[5], int.from_bytes(ccw[6:8], "big")
            text = bytes(sd.mem[data:data + count]).decode("cp037")
            if ctl & CTL_ERASE_FIRST:
                self.screen = [""] * 22
            start = ctl & 0x7F
            for k in range(0, len(text), 80):
                self.screen[start + k // 80] = text[k:k + 80].rstrip()
            self.displays += 1
            sd.S[L.PSW_CC] = 0
        else:
            super().__call__(vm, code)


def display_machine(tmp_path):
    """A CMSMachine whose terminal is a 3270 (DisplayCP), run to its first read."""
    m = CMSMachine(tmp_path)
    m.cp = DisplayCP(m.vm, m.console)
    m.vm.diagnose = m.cp
    m.run()
    return m
