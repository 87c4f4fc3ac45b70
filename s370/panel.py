"""Operator panel: Hercules 3.13 command names over a Machine, interactive or headless.

Why one command interpreter for both: CI has no terminal, so the same commands
come from a script (``-r rcfile``, HERCULES_RC) or stdin; the interactive panel
(prompt_toolkit, status line with PSW, instruction rate and I/O rate) only adds a
prompt.  Commands:

  ipl cuu [loadparm]   start   stop   restart   ext
  psw                  gpr [r=value]   cr [r=value]
  r addr[.len|-end]    r addr=hexdata   v (same as r: the bare machine has no CP)
  t+ / t-              s+ / s- (Enter steps one instruction while s+)
  b addr / b-          devlist   devinit cuu file [options]
  attach cuu type [args]      detach cuu
  pause n              * comment         /text (integrated console, its prefix)
  quit / exit          help
"""

from __future__ import annotations

import shlex
import time

from .cpu import layout as L
from .devices import registry

HELP = __doc__.split("Commands:", 1)[1].rstrip()


def _hex(text: str) -> int:
    return int(text, 16)


class Panel:
    """Executes panel commands against a machine; output through ``out(str)``."""

    def __init__(self, machine, out=None):
        self.m = machine
        self.out = out or (lambda s: print(s, flush=True))
        self.quit = False
        self._last = (time.monotonic(), 0, 0)
        self.mips = 0.0
        self.siops = 0.0

    # --- status line ------------------------------------------------------------------------
    def rates(self) -> tuple[float, float]:
        now = time.monotonic()
        t0, i0, s0 = self._last
        i1, s1 = self.m.cpu.instcount, self.m.channel.sio_count
        dt = now - t0
        if dt >= 0.5:
            self.mips = (i1 - i0) / dt / 1e6
            self.siops = (s1 - s0) / dt
            self._last = (now, i1, s1)
        return self.mips, self.siops

    def status(self) -> str:
        mips, siops = self.rates()
        state = "RUNNING" if self.m.running else "STOPPED"
        if self.m.cpu.wait:
            state += " WAIT"
        return f"PSW={self.m.psw_text()}  {state}  MIPS={mips:7.2f}  SIO/s={siops:7.0f}"

    # --- dispatch --------------------------------------------------------------------------------
    def execute(self, line: str) -> None:
        line = line.strip()
        if not line:
            if self.m.stepping and not self.m.running:
                self._step()
            return
        for con in self.m.integrated_consoles():
            if line.startswith(con.prefix):
                con.input_line(line[len(con.prefix):])
                return
        if line.startswith("*") or line.startswith("#"):
            self.out(line)
            return
        try:
            words = shlex.split(line, posix=True)
        except ValueError:
            words = line.split()
        cmd, args = words[0].lower(), words[1:]
        if cmd.startswith("r") and len(cmd) > 1 and cmd[1:2] in "0123456789abcdef" and cmd not in (
                "restart",):
            cmd, args = "r", [words[0][1:]] + args          # "r100.20" written without a blank
        handler = self.COMMANDS.get(cmd)
        if handler is None:
            self.out(f"HHCPN139E Command \"{words[0]}\" not found; enter '?' for list.")
            return
        try:
            handler(self, args)
        except (ValueError, IndexError) as e:
            self.out(f"HHCPN140E {words[0]}: invalid operand ({e})")

    # --- commands ----------------------------------------------------------------------------------
    def c_ipl(self, args):
        if not args:
            raise ValueError("device number required")
        devnum = _hex(args[0])
        if self.m.ipl(devnum, args[1] if len(args) > 1 else None):
            self.m.start()

    def c_start(self, args):
        if args:                      # "start cuu": printer/punch start in Hercules; accept quietly
            return
        self.m.start()

    def c_stop(self, args):
        self.m.stop()
        self.out(f"HHCPN008I CPU0000 stopped, PSW={self.m.psw_text()}")

    def c_restart(self, args):
        self.m.cpu.restart()
        self.m.wake()
        if not self.m.running:
            self.m.start()

    def c_ext(self, args):
        self.m.cpu.interrupt_key()
        self.m.wake()
        self.out("HHCPN050I Interrupt key depressed")

    def c_psw(self, args):
        if args:
            self.m.cpu.set_psw(bytes.fromhex("".join(args)))
        self.out(f"PSW={self.m.psw_text()}")

    def _regs(self, args, get, set_, prefix):
        for a in args:
            r, _, v = a.partition("=")
            set_(int(r, 10), _hex(v))
        vals = [get(r) for r in range(16)]
        for row in range(0, 16, 4):
            self.out("  ".join(f"{prefix}{r:X}={vals[r]:08X}" for r in range(row, row + 4)))

    def c_gpr(self, args):
        self._regs(args, self.m.cpu.get_gpr, self.m.cpu.set_gpr, "GR")

    def c_cr(self, args):
        self._regs(args, self.m.cpu.get_cr, self.m.cpu.set_cr, "CR")

    def c_r(self, args):
        spec = "".join(args)
        if "=" in spec:
            a, _, data = spec.partition("=")
            addr = _hex(a)
            self.m.cpu.load(addr, bytes.fromhex(data))
            length = len(bytes.fromhex(data))
        elif "." in spec:
            a, _, n = spec.partition(".")
            addr, length = _hex(a), _hex(n)
        elif "-" in spec:
            a, _, e = spec.partition("-")
            addr = _hex(a)
            length = _hex(e) - addr + 1
        else:
            addr, length = _hex(spec), 64
        length = max(1, min(length, self.m.cpu.memsize - addr))
        data = self.m.cpu.read(addr, length)
        for off in range(0, len(data), 16):
            chunk = data[off:off + 16]
            words = " ".join(chunk[i:i + 4].hex().upper() for i in range(0, len(chunk), 4))
            text = "".join(ch if ch.isprintable() else "." for ch in chunk.decode("cp037"))
            self.out(f"R:{addr + off:08X}:K:{self.m.cpu.get_key(addr + off) & 0xFE:02X}={words:<35} *{text}*")

    def c_tplus(self, args):
        self.m.trace = True
        self.out("HHCPN037I Instruction trace on")

    def c_tminus(self, args):
        self.m.trace = False
        self.out("HHCPN037I Instruction trace off")

    def c_splus(self, args):
        self.m.stepping = True
        self.m.stop()
        self.out("HHCPN037I Instruction stepping on; Enter steps one instruction")

    def c_sminus(self, args):
        self.m.stepping = False
        self.out("HHCPN037I Instruction stepping off")

    def _step(self):
        self.out(self.m.trace_line())
        self.m.run(max_instructions=1)

    def c_b(self, args):
        if not args:
            self.out("HHCPN039E Breakpoint address required")
            return
        addr = _hex(args[0])
        self.m.cpu.S[L.BREAK_ADDR] = addr
        self.out(f"HHCPN040I Setting breakpoint at {addr:06X}")

    def c_bminus(self, args):
        self.m.cpu.S[L.BREAK_ADDR] = -1
        self.out("HHCPN041I Deleting breakpoint")

    def c_devlist(self, args):
        want = _hex(args[0]) if args else None
        for devnum in sorted(self.m.devices):
            if want is None or devnum == want:
                self.out(_devlist_line(self.m.devices[devnum]))

    def c_devinit(self, args):
        devnum = _hex(args[0])
        dev = self.m.devices.get(devnum)
        if dev is None:
            self.out(f"HHCPN181E Device number {devnum:04X} not found")
            return
        if not hasattr(dev, "load"):
            self.out(f"HHCPN182E Device {devnum:04X} cannot be re-initialized")
            return
        rest = args[1:]
        try:
            new = type(dev).from_config(devnum, f"{dev.devtype:04X}", rest, self.m.host)
        except (ValueError, OSError) as e:
            self.out(f"HHCPN183E {devnum:04X}: {e}")
            return
        state = {k: v for k, v in vars(new).items()
                 if k not in ("devnum", "on_complete", "on_attention", "sense", "listeners")}
        files = state.pop("files", None)
        path = state.pop("path", None)
        new.close()
        try:
            if files is not None:
                dev.load(files, **{k: state[k] for k in ("eof", "multifile", "mode", "trunc", "autopad")
                                   if k in state})
            else:
                dev.load(path, **{k: state[k] for k in ("ascii", "crlf", "noclear") if k in state})
        except (ValueError, OSError) as e:
            self.out(f"HHCPN183E {devnum:04X}: {e}")
            return
        self.out(f"HHCPN098I Device {devnum:04X} initialized")

    def c_attach(self, args):
        devnum = _hex(args[0])
        try:
            dev = registry.create(devnum, args[1], args[2:], self.m.host)
            self.m.attach(devnum, dev)
        except (registry.DeviceError, ValueError, IndexError) as e:
            self.out(f"HHCPN184E attach {args[0] if args else ''}: {e}")
            return
        self.out(f"HHCCF044I Device {devnum:04X} attached")

    def c_detach(self, args):
        devnum = _hex(args[0])
        try:
            self.m.detach(devnum)
        except KeyError:
            self.out(f"HHCCF046E Device {devnum:04X} does not exist")
            return
        self.out(f"HHCCF047I Device {devnum:04X} detached")

    def c_pause(self, args):
        time.sleep(float(args[0]) if args else 1.0)

    def c_quit(self, args):
        self.quit = True

    def c_help(self, args):
        self.out(HELP)

    COMMANDS = {
        "ipl": c_ipl, "start": c_start, "stop": c_stop, "restart": c_restart, "ext": c_ext,
        "psw": c_psw, "gpr": c_gpr, "cr": c_cr, "r": c_r, "v": c_r,
        "t+": c_tplus, "t-": c_tminus, "s+": c_splus, "s-": c_sminus,
        "b": c_b, "b+": c_b, "b-": c_bminus, "devlist": c_devlist, "devinit": c_devinit,
        "attach": c_attach, "detach": c_detach, "pause": c_pause,
        "quit": c_quit, "exit": c_quit, "help": c_help, "?": c_help,
    }


def _devlist_line(dev) -> str:
    """DEVLIST line; a read-only medium is flagged "ro" as Hercules does."""
    text = dev.describe()
    image = getattr(dev, "image", None)
    if image is not None and getattr(image, "readonly", False) and " ro" not in text:
        text += " ro"
    return text


def run_script(panel: Panel, lines) -> None:
    """Headless: execute commands from an iterable of lines until quit or the end."""
    for line in lines:
        panel.execute(line.rstrip("\n"))
        if panel.quit:
            break


def interactive(panel: Panel) -> None:
    """The prompt_toolkit panel: command line, log above it, status line below."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.patch_stdout import patch_stdout

    session = PromptSession(bottom_toolbar=lambda: panel.status(), refresh_interval=0.5)
    with patch_stdout(raw=True):
        while not panel.quit:
            try:
                line = session.prompt("herc =====> ")
            except (EOFError, KeyboardInterrupt):
                break
            panel.execute(line)
