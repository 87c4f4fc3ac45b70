"""Run small guest programs in a real cp.vm.VirtualMachine with cp.diag.dispatch bound,
for the DIAGNOSE tests (tests/test_cp_diag*.py).

The program is assembled at ORG with base register 12 (tests/cpu_harness.py's
conventions: every new PSW is a disabled wait whose address names the class).
The program's instructions come first; a line ``DATA`` starts its data.  After the
instructions the harness ends the program with a disabled wait at X'EEEE'.  After each DIAGNOSE
the tests keep the condition code with ``BALR 14,0`` (BC mode: bits 2-3 of R14).
"""

from __future__ import annotations

from types import SimpleNamespace

from s370.asm import assemble
from s370.cpu import layout as L

from cp.diag import dispatch
from cp.user import Settings
from cp.vm.machine import VirtualMachine
from cpu_harness import ORG, NEW_IA, bc_psw, pgm_bc, PGM_TRAP

DONE_IA = 0xEEEE
EPILOGUE = """
         LPSW  DONEPSW
         DS    0D
DONEPSW  DC    X'000200000000EEEE'
"""


def make_user(src: str, *, storage: int = 64 * 1024, classes: str = "G", userid: str = "TESTER",
              system=None, terminal=None, entry=None, problem: bool = False):
    """A user whose virtual machine holds the program ``src``; (user, symbols)."""
    code, _, data = src.partition("\nDATA\n")
    a = assemble(" USING *,12\n" + code + EPILOGUE + data + "\n END", origin=ORG)
    assert not a.errors, a.errors
    vm = VirtualMachine(userid, storage, clock="deterministic")
    sd = vm.sd
    sd.load(ORG, a.image)
    sd.set_gpr(12, ORG)
    for loc, ia in NEW_IA.items():
        sd.load(loc, bc_psw(ia, w=1).to_bytes(8, "big"))
    sd.load(L.LOC_ITIMER, b"\x7f\xff\xff\xff")
    assert sd.set_psw(bc_psw(ORG, p=1 if problem else 0))
    user = SimpleNamespace(vm=vm, userid=userid, classes=classes, settings=Settings(),
                           system=system if system is not None else SimpleNamespace(),
                           terminal=terminal, entry=entry)
    vm.diagnose = lambda vm_, code: dispatch(user, code)
    return user, a.symbols


def run(user, budget: int = 100_000):
    """Run to the end (or a program interruption); the intercept that ended the slice."""
    vm = user.vm
    vm.stopped = False
    return vm.run_slice(budget)


def restart(user) -> None:
    """Point the guest back at the start of its program (supervisor state)."""
    assert user.vm.sd.set_psw(bc_psw(ORG))


def ended(user) -> bool:
    return user.vm.sd.ia == DONE_IA


def program_check(user):
    """(interruption code, old IA) of the program interruption the guest took."""
    code, _ilc, ia = pgm_bc(user.vm.sd)
    return code, ia


def cc_in(user, r: int = 14) -> int:
    """The condition code BALR r,0 saved (BC mode)."""
    return (user.vm.sd.get_gpr(r) >> 28) & 3


def gpr(user, r: int) -> int:
    return user.vm.sd.get_gpr(r)


def mem(user, addr: int, n: int) -> bytes:
    return user.vm.sd.read(addr, n)


__all__ = ["make_user", "run", "restart", "ended", "program_check", "cc_in", "gpr", "mem", "ORG",
           "PGM_TRAP", "DONE_IA"]
