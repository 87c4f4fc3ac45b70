"""A line typed in the instant between the guest's last console write and its first read
(CMS writes its SYSTEMID line, then reads) must reach that read.

The race, made deterministic: the user's line arrives while no read is pending, so
the virtual console refuses it and the user keeps it as type-ahead; before the user
has stored it, the guest issues its read (pending: nothing typed yet); then the line
is stored and the attention that follows it is reflected.  The read must end with
the line (VM READ gone, data in storage), not sit pending with the line kept aside."""

from s370.devices.base import UNIT_ATTENTION, UNIT_CE, UNIT_DE

from cp.terminal.manager import TerminalManager
from cp.vdev.console import CMD_READ_INQUIRY, CMD_WRITE_CR

from test_cp_terminal_support import (connect, guest_bytes, install_commands, logon,
                                      make_system, start_console, take_csw)


def logged_on_running(monkeypatch):
    system = make_system()
    install_commands(monkeypatch)
    s = connect(TerminalManager(system, more_delay=None, threaded=False))
    user = logon(s)
    s.enter("begin")                      # out of CP mode: lines go to the virtual machine
    assert not user.cp_mode
    return s, user


def test_line_typed_as_the_read_starts_reaches_the_read(monkeypatch):
    s, user = logged_on_running(monkeypatch)
    assert start_console(user, CMD_WRITE_CR, "CMS VERSION 6".encode("cp037")) == 0
    assert take_csw(user)[1] == UNIT_CE | UNIT_DE
    console = user.console
    refused_give = console.give
    order = []

    def give_then_guest_reads(text):
        took = refused_give(text)            # no read yet: refused, the user keeps the line
        assert took is False
        # ... and the guest's first read starts before the line is stored
        assert start_console(user, CMD_READ_INQUIRY, count=80) == 0
        assert console.reading
        order.append("read issued")
        return took

    monkeypatch.setattr(console, "give", give_then_guest_reads)
    s.enter("query time")
    assert order == ["read issued"]
    dev, status, residual = take_csw(user)
    assert dev == 0x009 and status == UNIT_CE | UNIT_DE    # the read ended, no attention
    assert guest_bytes(user, 10) == "query time".encode("cp037")
    assert residual == 80 - 10
    assert not console.reading
    assert take_csw(user) is None
    assert s.status() == "RUNNING"


def test_type_ahead_before_the_read_is_given_to_it(monkeypatch):
    s, user = logged_on_running(monkeypatch)
    s.enter("access 191 a")                   # no read outstanding: kept, attention reflected
    dev, status, _ = take_csw(user)
    assert dev == 0x009 and status == UNIT_ATTENTION
    assert start_console(user, CMD_READ_INQUIRY, count=80) == 0
    assert take_csw(user)[1] == UNIT_CE | UNIT_DE
    assert guest_bytes(user, 12) == "access 191 a".encode("cp037")


def test_break_while_reading_is_still_an_attention(monkeypatch):
    """An attention with no line kept aside is presented as ever (the fix takes only the
    attention that follows a refused line)."""
    s, user = logged_on_running(monkeypatch)
    assert start_console(user, CMD_READ_INQUIRY, count=80) == 0
    user.console.attention(UNIT_ATTENTION)
    assert user.console.reading
    dev, status, _ = take_csw(user)
    assert dev == 0x009 and status & UNIT_ATTENTION
