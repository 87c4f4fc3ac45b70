"""Small stand-ins for the CP objects the spool tests need (a user, its VM's channel subsystem)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import numpy as np

from cp.spool import Spool
from cp.vdev import spooldev
from s370.channel import ChannelSubsystem

CC, SLI = 0x40, 0x20
CCW_AREA, DATA_AREA = 0x2000, 0x4000


class FakeVM:
    """A virtual machine's channel side: storage, channel subsystem, devices by vaddr."""

    def __init__(self):
        self.mem = np.zeros(1 << 17, dtype=np.uint8)
        self.keys = np.zeros(64, dtype=np.uint8)
        self.channels = ChannelSubsystem(self.mem, self.keys, {})
        self._devices = {}

    @property
    def devices(self):
        return dict(self._devices)

    def attach(self, vaddr, dev):
        self.channels.attach(vaddr, dev)
        self._devices[vaddr] = dev

    def device(self, vaddr):
        return self._devices.get(vaddr)

    # --- running channel programs ---------------------------------------------------------
    def run(self, devnum, ccws, data=None):
        """Run a chain of (cmd, flags, count[, data_addr]) CCWs; returns (cc, CSW hex)."""
        addr = CCW_AREA
        for i, c in enumerate(ccws):
            cmd, flags, count = c[:3]
            da = c[3] if len(c) > 3 else DATA_AREA + 0x100 * i
            self.mem[addr:addr + 8] = list(bytes([cmd, da >> 16, (da >> 8) & 0xFF, da & 0xFF,
                                                  flags, 0, count >> 8, count & 0xFF]))
            addr += 8
        for where, raw in (data or {}).items():
            self.mem[where:where + len(raw)] = list(raw)
        self.mem[72:76] = [0, 0, CCW_AREA >> 8, 0]
        cc = self.channels.start_io(devnum)
        if cc == 0:
            assert self.channels.take_interrupt() == devnum
        return cc, self.mem[64:72].tobytes().hex().upper()

    def punch(self, devnum, cards, cmd=0x01):
        """Punch cards in one command-chained program."""
        ccws, data = [], {}
        for i, card in enumerate(cards):
            da = DATA_AREA + 0x100 * i
            ccws.append((cmd, CC if i < len(cards) - 1 else 0, len(card), da))
            data[da] = card
        return self.run(devnum, ccws, data)

    def read(self, devnum, count=80, cmd=0x02, flags=0):
        self.mem[DATA_AREA:DATA_AREA + count] = 0
        cc, csw = self.run(devnum, [(cmd, flags, count, DATA_AREA)])
        return cc, csw, self.mem[DATA_AREA:DATA_AREA + count].tobytes()

    def drain(self):
        """Take every pending interruption (the unsolicited device ends of arrivals)."""
        taken = []
        while (dev := self.channels.take_interrupt()) is not None:
            taken.append((dev, int(self.mem[68])))
        return taken

    def sense(self, devnum):
        cc, csw = self.run(devnum, [(0x04, SLI, 1, DATA_AREA)])
        return self.mem[DATA_AREA]


class FakeSystem:
    def __init__(self, spool_path, clock=None):
        self.users = {}
        spool = Spool(spool_path, clock=clock or (lambda: datetime.datetime(1981, 4, 1, 9, 15, 40)))
        spooldev.install(self, spool)

    def find(self, userid):
        return self.users.get(userid.upper())


def make_user(system, userid, classes="G", *, devices=True):
    said = []
    user = SimpleNamespace(userid=userid.upper(), classes=classes, system=system, vm=FakeVM(),
                           settings=SimpleNamespace(imsg=True, emsg="ON"), said=said,
                           entry=SimpleNamespace(distcode=userid.upper()))
    user.say = said.append
    user.has_class = lambda cl: not cl or cl == "*" or any(c in user.classes for c in cl)

    def msg(number, **fields):
        from cp import messages
        line = messages.render(number, user.settings.emsg, **fields)
        if line is not None:
            said.append(line)
        return number
    user.msg = msg
    if devices:
        user.vm.attach(0x00C, spooldev.VirtualReader(user, 0x00C, 0x2540))
        user.vm.attach(0x00D, spooldev.VirtualPunch(user, 0x00D, 0x2540))
        user.vm.attach(0x00E, spooldev.VirtualPrinter(user, 0x00E, 0x1403))
    system.users[user.userid] = user
    return user


def cards(*texts):
    return [t.ljust(80).encode("cp037") for t in texts]
