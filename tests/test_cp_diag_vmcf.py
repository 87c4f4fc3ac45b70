"""DIAGNOSE X'68' (VMCF): AUTHORIZE, SEND, RECEIVE and UNAUTHORIZE between two real
virtual machines, with the X'4001' external interruptions and message headers."""

import pytest

from s370 import ebcdic
from s370.cpu import layout as L

from cp_diag_harness import make_user, run, restart, ended, program_check, gpr, mem

E = ebcdic.encode
PARM, EXTBUF, DATA, RECV = 0x3000, 0x3100, 0x3200, 0x3400


class System:
    def __init__(self):
        self.users = {}

    def find(self, userid):
        return self.users.get(userid)


def parm(func, user="", mid=0, vada=0, lena=0, vadb=0, lenb=0, flags=0, use=b""):
    return (bytes([flags, 0]) + func.to_bytes(2, "big") + mid.to_bytes(4, "big")
            + E(user.ljust(8)) + vada.to_bytes(4, "big") + lena.to_bytes(4, "big")
            + vadb.to_bytes(4, "big") + lenb.to_bytes(4, "big") + use.ljust(8, b"\0"))


def call(user, plist):
    restart(user)
    user.vm.sd.load(PARM, plist)
    user.vm.sd.set_gpr(2, PARM)
    user.vm.sd.set_gpr(3, 0xFFFF)
    run(user)
    assert ended(user)
    return gpr(user, 3)


@pytest.fixture
def pair():
    system = System()
    users = []
    for uid in ("ALPHA", "BETA"):
        user, _ = make_user("""
DG       DIAG  2,3,X'0068'
""", userid=uid, system=system)
        system.users[uid] = user
        users.append(user)
    return users


def ext_pending(user):
    return [code for code, _mask in user.vm.sd.ext_queue] + (
        [int(user.vm.sd.S[L.EXT_POSTED])] if user.vm.sd.S[L.EXT_POSTED] else [])


def test_send_receive_round_trip(pair):
    alpha, beta = pair
    assert call(alpha, parm(0, vada=EXTBUF, lena=64)) == 0
    assert call(beta, parm(0, vada=EXTBUF, lena=64)) == 0
    alpha.vm.sd.load(DATA, E("HELLO BETA"))
    assert call(alpha, parm(2, "BETA", mid=7, vada=DATA, lena=10, use=b"USERDW")) == 0
    assert ext_pending(beta) == [0x4001]
    header = mem(beta, EXTBUF, 40)
    assert header[0] == 0 and header[2:4] == b"\0\x02" and header[4:8] == (7).to_bytes(4, "big")
    assert header[8:16] == E("ALPHA   ")
    assert header[20:24] == (10).to_bytes(4, "big") and header[32:40] == b"USERDW\0\0"
    # BETA receives 6 of the 10 bytes; ALPHA gets the RESPONSE with 4 not transferred
    assert call(beta, parm(5, "ALPHA", mid=7, vadb=RECV, lenb=6)) == 0
    assert mem(beta, RECV, 7) == E("HELLO ") + b"\0"
    assert ext_pending(alpha) == [0x4001]
    response = mem(alpha, EXTBUF, 40)
    assert response[0] == 0x80 and response[8:16] == E("BETA    ")
    assert response[20:24] == (4).to_bytes(4, "big")
    # the message is gone: a second RECEIVE finds nothing
    assert call(beta, parm(5, "ALPHA", mid=7, vadb=RECV, lenb=6)) == 12


def test_return_codes(pair):
    alpha, beta = pair
    assert call(alpha, parm(2, "BETA", mid=1)) == 4                 # ALPHA not authorized
    assert call(alpha, parm(0, vada=EXTBUF + 4, lena=64)) == 1      # buffer not aligned
    assert call(alpha, parm(0, vada=EXTBUF, lena=16)) == 1          # shorter than a header
    assert call(alpha, parm(0, vada=EXTBUF, lena=64)) == 0
    assert call(alpha, parm(2, "BETA", mid=1)) == 5                 # BETA not authorized
    assert call(beta, parm(0, "GAMMA", vada=EXTBUF, lena=64, flags=0x80)) == 0
    assert call(alpha, parm(2, "BETA", mid=1)) == 5                 # BETA only for GAMMA
    assert call(beta, parm(0, vada=EXTBUF, lena=64)) == 0
    assert call(alpha, parm(2, "BETA", mid=1)) == 0
    assert call(alpha, parm(2, "BETA", mid=1)) == 8                 # duplicate id
    assert call(alpha, parm(2, "BETA", mid=2, vada=0xFFFF0, lena=40)) == 1
    assert call(alpha, parm(9)) == 2                                # QUIESCE: not here
    assert call(alpha, parm(1)) == 0                                # UNAUTHORIZE
    assert call(alpha, parm(1)) == 4


def test_parameter_list_must_be_doubleword_aligned(pair):
    alpha, _ = pair
    restart(alpha)
    alpha.vm.sd.set_gpr(2, PARM + 4)
    run(alpha)
    assert program_check(alpha)[0] == L.PIC_SPECIFICATION
