"""The standalone samples in a virtual machine (Popek-Goldberg equivalence, issue 8):
samples/hello.asm IPLed from card, tape and disk (and the 64K program from a 2311
and a HET tape), and samples/greet3270.asm on a 3270, each run on the bare
s370.machine.Machine and in a cp.vm.VirtualMachine under interpretive execution
and under trap-and-emulate, must reach the same console output (the same 3270
screens), the same registers and the same disabled-wait PSW.

The devices are the same models built from the same configuration: a bare
Machine built from it serves as the device factory for the virtual machine.
greet3270's terminal is a capture session (what a TN3270 client would be sent
is recorded; keys are typed into the device's screen image), so no client is
needed and both runs see exactly the same keystrokes.
"""

import pytest

from s370.cpu import layout as L
from s370.machine import Machine
from s370.tn3270 import datastream as ds

from cp.vm import VirtualMachine
from sie import Intercept
from test_samples import GREETING, MEDIA, SAMPLES, media  # noqa: F401  (media: the fixture)

MODES = ["interpretive", "trap"]
DEVNUMS = {"card": 0x00C, "tape": 0x180, "disk": 0x130, "big-tape": 0x181, "big-disk": 0x131}
DONE_PSW = bytes.fromhex("00020000 80000000")   # ILC 2 (LPSW) in byte 4, as in test_samples
SLICE = 50_000


def bare_run(conf, devnum):
    m = Machine.from_config(str(conf), clock="deterministic", log=lambda text: None)
    try:
        assert m.ipl(devnum)
        assert m.run(max_instructions=1_000_000) == L.EXIT_DISABLED_WAIT
        console = m.devices[0x009]
        return list(console.output), m.cpu.psw, m.cpu.gprs, m.cpu.read(0x1000, 0x1000)
    finally:
        m.shutdown()


def vm_from_config(conf, mode, devnums):
    """A virtual machine with the devices a bare Machine builds from ``conf``."""
    factory = Machine.from_config(str(conf), clock="deterministic", log=lambda text: None)
    vm = VirtualMachine("SAMPLE", factory.cpu.memsize, mode=mode, clock="deterministic")
    for devnum in devnums:
        vm.attach(devnum, factory.channel.detach(devnum))
    return vm, factory


def run_until(vm, want, limit=200):
    """Run slices until an intercept in ``want``; the slices' intercepts."""
    seen = []
    for _ in range(limit):
        code = vm.run_slice(SLICE)
        seen.append(code)
        if code in want:
            return seen
        if code == Intercept.ENABLED_WAIT and not vm.channels.active() \
                and not vm.channels.pending_mask():
            return seen
    return seen


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("medium", list(DEVNUMS))
def test_hello_in_a_virtual_machine_as_on_the_bare_machine(media, medium, mode):  # noqa: F811
    devnum = DEVNUMS[medium]
    conf = media / "m.conf"
    want_console, want_psw, want_gprs, want_storage = bare_run(conf, devnum)
    assert GREETING.format(devnum) in want_console and want_psw == DONE_PSW
    vm, factory = vm_from_config(conf, mode, [0x009, devnum])
    try:
        assert vm.ipl(devnum) is None
        seen = run_until(vm, {Intercept.DISABLED_WAIT})
        assert seen[-1] == Intercept.DISABLED_WAIT, seen
        assert vm.stopped
        assert list(vm.device(0x009).output) == want_console
        assert vm.sd.psw == want_psw
        assert vm.sd.gprs == want_gprs
        assert vm.sd.read(0x1000, 0x1000) == want_storage
        if mode == "trap":                                # the privileged LPSW left the loop
            assert vm.sd.counters["trap"] >= 1
        else:
            assert vm.sd.counters["trap"] == 0
    finally:
        vm.close()
        factory.shutdown()


# ---------------------------------------------------------------------------- greet3270
class CaptureSession:
    """Stands in for a TN3270 client: records what the display sends it."""
    model, rows, cols, peer = 2, 24, 80, ""

    def __init__(self):
        self.records = []

    def send_record(self, data):
        self.records.append(bytes(data))

    def close(self):
        pass


NAME_FIELD = 2 * 80 + 22                 # row 3, column 23 (after the attribute at column 22)


def enter_name(display, name):
    addr = ds.encode_address(NAME_FIELD)
    display.inbound(bytes([ds.AID_ENTER]) + addr + bytes([ds.ORDER_SBA]) + addr
                    + name.encode("cp037"))


def pf3(display):
    display.inbound(bytes([0xF3]) + ds.encode_address(0))


def greet_script(run_to_wait, display):
    """Connect, type two names, PF3; the screen after each step."""
    screens = []
    display.connect(CaptureSession())
    run_to_wait()
    screens.append(display.screen.text_lines())
    for name in ("ADA LOVELACE", "GRACE"):
        enter_name(display, name)
        run_to_wait()
        screens.append(display.screen.text_lines())
    pf3(display)
    run_to_wait()
    screens.append(display.screen.text_lines())
    return screens


def test_greet3270_in_a_virtual_machine_as_on_the_bare_machine():
    conf = SAMPLES / "sample.conf"
    m = Machine.from_config(str(conf), clock="deterministic", log=lambda text: None)
    try:
        assert m.ipl(0x012)
        assert m.run(max_instructions=2_000_000) == L.EXIT_WAIT     # no terminal yet
        bare = greet_script(lambda: m.run(max_instructions=2_000_000), m.devices[0x0C0])
        bare_psw = m.cpu.psw
    finally:
        m.shutdown()
    assert "HELLO, ADA LOVELACE" in bare[1][6] and "HELLO, GRACE" in bare[2][6]
    assert "GOODBYE." in bare[3][0] and bare_psw == DONE_PSW
    for mode in MODES:
        vm, factory = vm_from_config(conf, mode, [0x012, 0x0C0])
        try:
            assert vm.ipl(0x012) is None
            assert run_until(vm, {Intercept.DISABLED_WAIT})[-1] == Intercept.ENABLED_WAIT
            screens = greet_script(lambda: run_until(vm, {Intercept.DISABLED_WAIT}),
                                   vm.device(0x0C0))
            assert screens == bare, mode
            assert vm.sd.psw == bare_psw and vm.stopped
        finally:
            vm.close()
            factory.shutdown()
