"""Presenting interruptions to a guest: CP makes them pending, the core presents them.

CP calls these at any time, from any thread.  A posted interruption waits in the
state description's queues; ``run_guest`` moves it into the guest's pending state
(IO_PENDING channel bits, the EXT_POSTED slot) when the core is not running, and
the core presents it at an instruction boundary under the guest's own masks
(PSW system mask, CR0 subclass masks, CR2 channel masks) exactly as the hardware
would: an I/O interruption stores the CSW at 64 and swaps the I/O PSWs, an
external one stores its code (EC: at 134) and swaps the external PSWs.  A guest
that is running is asked to leave the loop so the new interruption is seen.
"""

from __future__ import annotations

from s370.cpu import layout as L

# CR0 subclass mask of external interruption codes CP may post (0: PSW bit 7 alone).
# X'4001' VMCF: VM/370 gates it by the external mask only -- unverified whether an
# EC-mode CR0 subclass bit applies too.
EXTERNAL_SUBCLASS = {
    0x0040: L.CR0_INTKEY,
    0x0080: L.CR0_ITIMER,
    0x1004: L.CR0_CKC,
    0x1005: L.CR0_CPUTIMER,
    0x1201: L.CR0_EMERGENCY,
    0x1202: L.CR0_EXTCALL,
    0x4001: 0,
}


def post_io_interrupt(sd, devaddr: int, csw: bytes) -> None:
    """Make an I/O interruption from ``devaddr`` (channel = high byte) with this CSW pending."""
    if len(csw) != 8:
        raise ValueError("a CSW is 8 bytes")
    sd.io_queue.append((devaddr & 0xFFFF, bytes(csw)))
    sd.S[L.STOP_REQUEST] = 1            # a running guest leaves the loop to pick it up


def post_external(sd, code: int, subclass_mask: int | None = None) -> None:
    """Make an external interruption with ``code`` (e.g. X'4001' VMCF) pending."""
    if not 0 < code <= 0xFFFF:
        raise ValueError(f"external interruption code {code:#x} is not 1..FFFF")
    mask = EXTERNAL_SUBCLASS.get(code, 0) if subclass_mask is None else subclass_mask
    sd.ext_queue.append((code, mask))
    sd.S[L.STOP_REQUEST] = 1


def reflect_program(sd, code: int) -> None:
    """Take a program interruption in the guest now (its own program new PSW).

    For CP after an intercept: a DIAGNOSE with a bad code gets a specification
    exception, an Intercept.PROGRAM is passed on after tracing.  The old PSW
    holds the guest's current instruction address and ILC."""
    sd.program_interrupt(code)


def io_source_pending(sd) -> None:
    """The guest's I/O source has a new pending condition (any thread): look at it."""
    sd.S[L.STOP_REQUEST] = 1


def request_exit(sd) -> None:
    """Ask for the guest back (Intercept.REQUEST) at its next checkpoint, from any thread."""
    sd.exit_requested = True
    sd.S[L.STOP_REQUEST] = 1


def make_pending(sd, S=None) -> None:
    """Move queued interruptions into the guest's pending state (core not running).

    ``S``: the guest's S vector or a memoryview of it (run_guest's faster slot access)."""
    if S is None:
        S = sd.S
    if sd.ext_queue and S[L.EXT_POSTED] == 0:
        code, mask = sd.ext_queue.popleft()
        S[L.EXT_POSTED_MASK] = mask
        S[L.EXT_POSTED] = code
    # one code at a time fits the core's slot; the core leaves its loop (STOP_REQUEST)
    # when it presents it while more wait here, so the next follows at once, in order
    S[L.EXT_POSTED_MORE] = 1 if sd.ext_queue else 0
    bits = 0
    for devaddr, _ in sd.io_queue:
        bits |= 1 << ((devaddr >> 8) & 31)
    if sd.io_source is not None:
        bits |= sd.io_source.pending_mask()
    S[L.IO_PENDING] = bits


def present_io(sd) -> bool:
    """The core found an enabled I/O interruption pending: take the first enabled one.

    A guest with an ``io_source`` (its own channel subsystem, under CP) has its
    conditions kept there until presented, so TIO and TCH still find them; the
    source stores the CSW at the guest's 64 and names the device."""
    S = sd.S
    if sd.io_source is not None:
        devaddr = sd.io_source.take_interrupt(sd.io_enabled)
        if devaddr is not None:
            sd.io_interrupt(devaddr)
            make_pending(sd)
            return True
    for i, (devaddr, csw) in enumerate(sd.io_queue):
        if sd.io_enabled((devaddr >> 8) & 31):
            del sd.io_queue[i]
            prefix = int(S[L.PREFIX])
            a = prefix + L.LOC_CSW
            sd.mem[a:a + 8] = memoryview(csw)
            sd.keys[a >> L.BLOCK_SHIFT] |= L.KEY_REF | L.KEY_CHANGE
            sd.io_interrupt(devaddr)
            make_pending(sd)
            return True
    make_pending(sd)
    return False
