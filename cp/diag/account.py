"""DIAGNOSE X'4C': generate an accounting record for the virtual machine
(GC20-1807 pp. 229-230; SC19-6203 describes DMKHVC's checks in the same order).

Only for a user whose directory entry has OPTION ACCT; otherwise cc1.

Ry = X'0010' (user data): Rx -> 1-70 bytes that do not cross a page, Ry+1 = their
length (Ry must not be R15); the record is the issuer's userid in columns 1-8, the
data from column 9, blanks, and 'C0' in columns 79-80.  A bad length or Ry = 15
is a specification exception, data outside storage an addressing exception.

Ry = X'0000' / X'0004' / X'0008' / X'000C': "charge to" someone.  Rx = 0 charges the
issuer (cc0).  Otherwise Rx -> a doubleword-aligned parameter list

    +0  userid (8)   +8  account number (8)   +16 distribution code (8)

of which function 4 uses the account number, 8 the distribution code and X'C'
both (the rest come from the userid's directory entry).  Not aligned: specification
exception; outside storage: addressing exception; userid not in the directory: cc2;
another function code: cc3.  The record is the userid in columns 1-8, the account
number in 9-16, the distribution code in 17-24 and '01' in 79-80 (the columns of
this charge record are not confirmed for R6).

The record goes to ``system.account(user, record: str)`` (80 characters) when the
system keeps accounting; the dispatcher's accounting spool is that method's job.
"""

from __future__ import annotations

from s370 import ebcdic

from .call import DiagCall, specification

FUNC_USERID = 0x00
FUNC_ACCOUNT = 0x04
FUNC_DISTRIBUTION = 0x08
FUNC_BOTH = 0x0C
FUNC_USER_DATA = 0x10
MAX_USER_DATA = 70
PAGE = 4096
CARD_USER_DATA = "C0"
CARD_CHARGE = "01"


def _record(userid: str, body: str, ident: str) -> str:
    return (userid.ljust(8)[:8] + body.ljust(70)[:70] + ident)


def _emit(call: DiagCall, record: str) -> None:
    system = getattr(call.user, "system", None)
    sink = getattr(system, "account", None)
    if callable(sink):
        sink(call.user, record)


def _options(entry) -> set:
    return {str(o).upper() for o in (getattr(entry, "options", None) or ())}


def diag_4c(call: DiagCall) -> None:
    if "ACCT" not in _options(getattr(call.user, "entry", None)):
        call.set_cc(1)
        return
    func = call.gpr(call.ry)
    addr = call.gpr(call.rx)
    if func == FUNC_USER_DATA:
        if call.ry == 15:
            raise specification("DIAG 4C X'10' with Ry = 15")
        n = call.gpr(call.ry1)
        if not 1 <= n <= MAX_USER_DATA or (addr % PAGE) + n > PAGE:
            raise specification("DIAG 4C user data length")
        data = ebcdic.decode(call.fetch(addr, n))
        _emit(call, _record(call.user.userid, data, CARD_USER_DATA))
        call.set_cc(0)
        return
    if addr == 0:
        entry = getattr(call.user, "entry", None)
        _emit(call, _record(call.user.userid, _charge(entry, None, None), CARD_CHARGE))
        call.set_cc(0)
        return
    call.check(addr, 24, align=8)
    plist = call.fetch(addr, 24)
    userid = ebcdic.decode(plist[0:8]).strip().upper()
    directory = getattr(getattr(call.user, "system", None), "directory", None)
    entry = directory.get(userid) if directory is not None else None
    if entry is None:
        call.set_cc(2)
        return
    if func not in (FUNC_USERID, FUNC_ACCOUNT, FUNC_DISTRIBUTION, FUNC_BOTH):
        call.set_cc(3)
        return
    account = ebcdic.decode(plist[8:16]) if func in (FUNC_ACCOUNT, FUNC_BOTH) else None
    dist = ebcdic.decode(plist[16:24]) if func in (FUNC_DISTRIBUTION, FUNC_BOTH) else None
    _emit(call, _record(userid, _charge(entry, account, dist), CARD_CHARGE))
    call.set_cc(0)


def _charge(entry, account: str | None, dist: str | None) -> str:
    if account is None:
        account = str(getattr(entry, "account", "") or "")
    if dist is None:
        dist = str(getattr(entry, "distcode", "") or "")
    return account.ljust(8)[:8] + dist.ljust(8)[:8]
