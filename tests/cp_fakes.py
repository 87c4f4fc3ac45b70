"""Small stand-ins with the contract's names for the parts of CP other helpers build
(directory entries, terminals), so the command tests run on a real CPSystem and real
VirtualMachines before those parts are merged."""

from __future__ import annotations

from types import SimpleNamespace

from cp.system import CPSystem


class Entry(SimpleNamespace):
    def mdisk(self, vaddr):
        for m in self.mdisks:
            if m.vaddr == vaddr:
                return m
        return None


def entry(userid, password, classes="G", storage=1 << 20, max_storage=16 << 20, mdisks=()):
    return Entry(userid=userid, password=password, storage=storage, max_storage=max_storage,
                 classes=classes, priority=50, account="ACT1", distcode=userid, ipl=None,
                 ipl_parm=None, options=set(), cpuid=None, console=None, spools=[],
                 mdisks=list(mdisks), links=[], dedicates=[], specials=[], line=1,
                 nolog=password == "NOLOG")


class Directory:
    def __init__(self, *entries):
        self.entries = {e.userid: e for e in entries}

    def get(self, userid):
        return self.entries.get(userid.upper())

    def check_password(self, userid, password):
        e = self.get(userid)
        return e is not None and e.password == password.upper()

    def __iter__(self):
        return iter(self.entries.values())


class Terminal:
    def __init__(self, name="GRAF 0C0", passwords=()):
        self.name = name
        self.lines = []
        self.states = []
        self.closed = False
        self.passwords = list(passwords)
        self.prompts = []

    def write_line(self, text):
        self.lines.append(text)

    def set_state(self, state):
        self.states.append(state)

    def close(self):
        self.closed = True

    def read_password(self, prompt):
        self.prompts.append(prompt)
        return self.passwords.pop(0) if self.passwords else None

    def take(self):
        out, self.lines = self.lines, []
        return out


def make_system(*entries, **kw):
    entries = entries or (entry("OPERATOR", "OPERATOR", "ABCDEG"), entry("MAINT", "CPCMS", "BCEG"),
                          entry("USER1", "PASS1", "G"), entry("USER2", "PASS2", "G"))
    logged = []
    system = CPSystem(Directory(*entries), clock="deterministic", log=logged.append, **kw)
    system.logged = logged
    return system


def logon(system, userid, password, term_name="GRAF 0C0"):
    t = Terminal(term_name)
    u = system.logon(userid, password, t)
    t.take()
    return u, t


def run(user, line):
    """execute() with the response collected: (rc, lines)."""
    from cp.commands import execute
    lines = []
    rc = execute(user, line, lines.append)
    return rc, lines
