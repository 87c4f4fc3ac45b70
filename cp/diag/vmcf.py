"""DIAGNOSE X'68': the Virtual Machine Communication Facility, its basic subfunctions
(GC20-1807 pp. 186-196).

Rx -> VMCPARM (doubleword aligned, 40 bytes; not aligned: specification exception,
outside storage: addressing exception); the return code goes into Ry.

    +0 VMCPFLG1 (X'80' authorize specific, X'40' priority, X'20' accept SMSG)
    +1 VMCPFLG2  +2 VMCPFUNC (H)  +4 VMCPMID (F)  +8 VMCPUSER (8)
    +X'10' VMCPVADA  +X'14' VMCPLENA  +X'18' VMCPVADB  +X'1C' VMCPLENB  +X'20' VMCPUSE (8)

Done here: AUTHORIZE (0: VADA/LENA = the external interrupt buffer, doubleword
aligned, at least the 40-byte header), UNAUTHORIZE (1), SEND (2) and RECEIVE (5).
A SEND gives the sink external interruption X'4001' with the message header
(VMCMHDR: the VMCPARM fields FUNC..USE, VMCMUSER = the source) in its buffer; the
sink's RECEIVE copies the data (at most VMCPLENB bytes) from the source's storage
into VADB, and the source gets X'4001' with a RESPONSE header (VMCMSTAT X'80',
VMCMUSER = the sink, VMCMLENA = the bytes not transferred).

Return codes: 0 ok, 1 bad buffer address or length, 2 subfunction not supported
here, 4 the issuer has not authorized, 5 the sink is not logged on, not authorized
or authorized only for someone else, 8 duplicate message id for that sink,
12 no such message.  Not done (rc 2): SEND/RECV, SENDX, CANCEL, REPLY, QUIESCE,
RESUME, IDENTIFY, REJECT; priority queueing; storage-key protection (rc 6).
The header is stored into the sink's buffer when the interruption is posted (VM/370
stored it when presenting it; a guest that takes its interruptions in order sees
the same).

The users find each other through ``user.system.find(userid)``; the VMCF state of
a system is kept here, per system object.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

from s370 import ebcdic

from .call import DiagCall, ebcdic_field

EXT_VMCF = 0x4001
PARM_LENGTH = 40
HEADER_LENGTH = 40
AUTHORIZE, UNAUTHORIZE, SEND, SEND_RECV, SENDX, RECEIVE = 0, 1, 2, 3, 4, 5
FLAG_SPECIFIC = 0x80
FLAG_PRIORITY = 0x40
FLAG_SMSG = 0x20
STAT_RESPONSE = 0x80
STAT_PRIORITY = 0x20
RC_OK, RC_BUFFER, RC_SUBFUNCTION, RC_NOT_AUTHORIZED, RC_UNAVAILABLE = 0, 1, 2, 4, 5
RC_DUPLICATE, RC_NO_MESSAGE = 8, 12


@dataclass
class Authorization:
    user: object
    buffer: int
    length: int
    specific: str | None
    smsg: bool
    messages: dict = field(default_factory=dict)      # (source userid, mid) -> Message


@dataclass
class Message:
    source: object
    mid: int
    func: int
    vada: int
    lena: int
    vadb: int
    lenb: int
    use: bytes
    priority: bool


_state: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def authorizations(system) -> dict:
    """userid -> Authorization for the users of ``system`` that did AUTHORIZE."""
    with _lock:
        return _state.setdefault(system, {})


def _header(stat: int, func: int, mid: int, userid: str, vada: int, lena: int, vadb: int,
            lenb: int, use: bytes) -> bytes:
    return (bytes([stat, 0]) + func.to_bytes(2, "big") + mid.to_bytes(4, "big")
            + ebcdic_field(userid, 8) + vada.to_bytes(4, "big") + lena.to_bytes(4, "big")
            + vadb.to_bytes(4, "big") + lenb.to_bytes(4, "big") + use[:8].ljust(8, b"\0"))


def _post(auth: Authorization, header: bytes) -> None:
    """Store the header in the user's interrupt buffer and make X'4001' pending."""
    vm = auth.user.vm
    sd = vm.sd
    a = auth.buffer
    if a + HEADER_LENGTH <= sd.memsize:
        sd.mem[a:a + HEADER_LENGTH] = list(header)
    vm.post_external(EXT_VMCF)


def diag_68(call: DiagCall) -> None:
    addr = call.gpr(call.rx)
    call.check(addr, PARM_LENGTH, align=8)
    parm = call.fetch(addr, PARM_LENGTH)
    flags = parm[0]
    func = int.from_bytes(parm[2:4], "big")
    mid = int.from_bytes(parm[4:8], "big")
    target = ebcdic.decode(parm[8:16]).strip().upper()
    vada, lena, vadb, lenb = (int.from_bytes(parm[i:i + 4], "big") for i in (16, 20, 24, 28))
    use = parm[32:40]
    system = call.user.system
    table = authorizations(system)
    me = call.user.userid.upper()
    rc = RC_OK
    with _lock:
        mine = table.get(me)
        if func == AUTHORIZE:
            if vada % 8 or lena < HEADER_LENGTH or not call.inside(vada, lena):
                rc = RC_BUFFER
            else:
                old = mine.messages if mine is not None else {}
                table[me] = Authorization(call.user, vada, lena,
                                          target if flags & FLAG_SPECIFIC else None,
                                          bool(flags & FLAG_SMSG), old)
        elif func not in (UNAUTHORIZE, SEND, RECEIVE):
            rc = RC_SUBFUNCTION
        elif mine is None:
            rc = RC_NOT_AUTHORIZED
        elif func == UNAUTHORIZE:
            del table[me]
        elif func == SEND:
            rc = _send(call, table, me, target, flags, mid, vada, lena, vadb, lenb, use)
        else:
            rc = _receive(call, table, mine, target, mid, vadb, lenb)
    call.set_gpr(call.ry, rc)


def _send(call, table, me, target, flags, mid, vada, lena, vadb, lenb, use) -> int:
    if lena and not call.inside(vada, lena):
        return RC_BUFFER
    sink = table.get(target)
    find = getattr(call.user.system, "find", None)
    if sink is None or (find is not None and find(target) is None) \
            or (sink.specific is not None and sink.specific != me):
        return RC_UNAVAILABLE
    if (me, mid) in sink.messages:
        return RC_DUPLICATE
    priority = bool(flags & FLAG_PRIORITY)
    sink.messages[(me, mid)] = Message(call.user, mid, SEND, vada, lena, vadb, lenb, use, priority)
    _post(sink, _header(STAT_PRIORITY if priority else 0, SEND, mid, me, vada, lena, vadb, lenb,
                        use))
    return RC_OK


def _receive(call, table, mine, source, mid, vadb, lenb) -> int:
    msg = mine.messages.get((source, mid))
    if msg is None:
        return RC_NO_MESSAGE
    if lenb and not call.inside(vadb, lenb):
        return RC_BUFFER
    n = min(lenb, msg.lena)
    src_sd = msg.source.vm.sd
    if n:
        if msg.vada + n > src_sd.memsize:
            return RC_BUFFER
        call.store(vadb, src_sd.mem[msg.vada:msg.vada + n].tobytes())
    del mine.messages[(source, mid)]
    back = table.get(source)
    if back is not None:
        stat = STAT_RESPONSE | (STAT_PRIORITY if msg.priority else 0)
        _post(back, _header(stat, msg.func, mid, call.user.userid, msg.vada, msg.lena - n,
                            msg.vadb, msg.lenb, msg.use))
    return RC_OK
