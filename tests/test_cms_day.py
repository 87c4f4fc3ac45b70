"""A newcomer's day of CMS work, end to end: ``python -m vm370`` started the way a user
starts it (its first start builds the default system), and people at real 3270 terminals
(s3270) who log on, get CMS by name (the directory's ``IPL CMS``, and ``#CP IPL CMS``) to
``R;``, EDIT a file, list, type, copy, rename and erase files, run EXECs with loops,
arguments and &STACK, ASSEMBLE + LOAD + START a program that uses the CMS macros, PRINT
to the printer (the host printer file gets the lines), PUNCH to a colleague who reads the
cards in, recover from a program check, and stop a looping EXEC with HX.

Every assertion is on screen text (or the printer's host file).  Each test starts from
its own logged-on user, so the tests share one running system per xdist worker and
spread over the workers.  The Ready message is ``R; T=v.vv/t.tt hh:mm:ss`` (and
``R(nnnnn);`` after an error) as VM/370 R6 CMS typed it (spec cms.md 6).
"""

from __future__ import annotations

import re
import time

import pytest

from s370.tn3270.clients import S3270
from vm370.automation import send

from vm370_harness import VM370, passwords_from

READY = re.compile(r"^R(\((\d{5}|-\d{4})\))?; T=\d+\.\d\d/\d+\.\d\d \d\d:\d\d:\d\d$")
MODEL = "3278-4"                 # 43 x 80: most responses fit one page
ROWS = 43
STATUS_COLUMNS = 20
TIMEOUT = 60.0


class Terminal:
    """One s3270 session on CP's line-mode 3270 console."""

    def __init__(self, port: int):
        self.c = S3270(MODEL)
        self.c.do(f"Connect(127.0.0.1:{port})")
        self.c.wait_for_text("VM/370 ONLINE", timeout=TIMEOUT)

    def close(self) -> None:
        self.c.close()

    def type(self, text: str, status: str | None = "VM READ") -> None:
        """Type a line into the input area and press ENTER, once the keyboard is free and
        the status is ``status`` (VM READ: someone reads it; no typing ahead, as a CP
        redraw between typing and ENTER would erase the line typed)."""
        if status is not None:
            self.wait_status(status)
        self.c.do(f"Wait({int(TIMEOUT)},InputField)")
        if text:
            self.c.do('String("{}")'.format(text.replace("\\", "\\\\").replace('"', '\\"')))
        self.c.do("Enter")
        self.wait_unlocked()

    def wait_unlocked(self) -> None:
        """Until CP has answered the key (its write restores the keyboard): s3270's
        status line starts with U.  Typing into a locked keyboard would be queued by
        s3270 behind the lock, out of step with the screen."""
        end = time.monotonic() + TIMEOUT
        while True:
            self.c.do("Query(Cursor)")
            if self.c.status.startswith("U"):
                return
            if time.monotonic() > end:
                raise AssertionError("keyboard still locked:\n" + "\n".join(self.screen()))
            time.sleep(0.01)

    def screen(self) -> list[str]:
        return [line.rstrip() for line in self.c.screen()]

    def status(self) -> str:
        return self.c.screen()[-1][-STATUS_COLUMNS:].strip()

    def output(self) -> list[str]:
        """The output area's rows (the last two rows are the input area and status)."""
        rows = self.screen()[:ROWS - 2]
        while rows and not rows[-1]:
            rows.pop()
        return rows

    def wait_status(self, status: str, timeout: float = TIMEOUT) -> None:
        end = time.monotonic() + timeout
        while self.status() != status:
            if time.monotonic() > end:
                raise AssertionError(f"status not {status!r}:\n" + "\n".join(self.screen()))
            time.sleep(0.02)

    def clear(self) -> None:
        """CLEAR: an empty output area, so what follows is the next command's alone."""
        self.c.do("Clear")
        end = time.monotonic() + TIMEOUT
        while self.output():
            if time.monotonic() > end:
                raise AssertionError("CLEAR left output:\n" + "\n".join(self.screen()))
            time.sleep(0.02)

    def until(self, pattern, timeout: float = TIMEOUT) -> list[str]:
        """The output rows until a row matches ``pattern`` (a regex or a plain text),
        across MORE... pages (CLEAR shows the next one)."""
        match = (pattern.search if isinstance(pattern, re.Pattern)
                 else lambda line: pattern in line)
        lines: list[str] = []
        end = time.monotonic() + timeout
        while True:
            rows = self.output()
            if any(match(r) for r in rows):
                return lines + rows
            if self.status() == "MORE...":
                lines += rows
                self.c.do("Clear")
                end = time.monotonic() + timeout
                continue
            if time.monotonic() > end:
                raise AssertionError(f"{pattern!r} not seen:\n" + "\n".join(lines + self.screen()))
            time.sleep(0.02)

    def command(self, text: str, until=READY, timeout: float = TIMEOUT) -> list[str]:
        """Type a command at VM READ; the lines it wrote after its echo, up to and
        including the line matching ``until`` (the Ready message by default)."""
        self.wait_status("VM READ")
        self.clear()
        self.type(text)
        rows = self.until(until, timeout)
        assert rows[0] == text, rows
        return rows[1:]

    def ok(self, text: str) -> list[str]:
        """A command that must end with ``R;``: the lines before it."""
        out = self.command(text)
        assert re.match(r"^R; ", out[-1]), out
        return out[:-1]

    def logon(self, userid: str, password: str) -> None:
        """LOGON; the directory's IPL CMS then brings CMS up to its first read."""
        self.type(f"logon {userid}", status=None)
        self.until("ENTER PASSWORD:")
        self.type(password, status=None)
        self.until("CMS VERSION")
        self.wait_status("VM READ")

    def logoff(self) -> None:
        self.wait_status("VM READ")
        self.type("#cp logoff")
        self.c.wait_for_text("VM/370 ONLINE", timeout=TIMEOUT)


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """One running system (the first start of ``vm370 --dir D --port 0``) per worker."""
    state_dir = tmp_path_factory.mktemp("day") / "sys"
    vm = VM370(state_dir)
    try:
        vm.wait_ready()
        vm.passwords = passwords_from(vm.out)
        yield vm
        send("SHUTDOWN", state_dir=str(state_dir))
        assert vm.wait_exit() == 0, vm.out
    finally:
        vm.close()


@pytest.fixture
def session(system):
    """Log a user on (each test its own user); log it off after the test."""
    opened = []

    def logon(userid: str) -> Terminal:
        t = Terminal(system.port)
        opened.append(t)
        t.logon(userid, system.passwords[userid])
        return t

    yield logon
    for t in opened:
        try:
            t.logoff()
        finally:
            t.close()


def edit_new(t: Terminal, fileid: str, lines: list[str]) -> None:
    """EDIT a new file on the 3270 (display mode) and type ``lines`` in INPUT mode;
    back in EDIT mode at the end."""
    t.wait_status("VM READ")
    t.clear()
    t.type(f"edit {fileid}")
    t.c.wait_for_text("NEW FILE:", timeout=TIMEOUT)
    screen = t.screen()
    assert screen[0].split()[:3] == fileid.upper().split()[:2] + [screen[0].split()[2]], screen
    t.type("input")
    for line in lines:
        t.type(line)
    t.type("")                                  # a null line: back to EDIT mode


def test_edit_list_type_copy_rename_erase(session):
    t = session("CMSUSER")
    # CMS by name again, as a user re-IPLs it: the SYSTEMID line, then the first read
    t.clear()
    t.type("#cp ipl cms")
    assert any(r.startswith("CMS VERSION 6.0") for r in t.until("CMS VERSION"))
    # FORMAT the A-disk afresh (empty: no question but the label), then relabel it
    assert t.command("format 191 a", until="DMSFOR605R") == ["DMSFOR605R ENTER DISK LABEL:"]
    t.type("DAY191")
    out = t.until(READY)
    assert out[-3:-1] == ["DMSFOR733I FORMATTING DISK A",
                          "DMSFOR732I 5 CYLINDERS FORMATTED ON DISK A(191)"], out
    assert t.command("format 191 a (label", until="DMSFOR605R") == ["DMSFOR605R ENTER DISK LABEL:"]
    t.type("DAYONE")
    assert READY.match(t.until(READY)[-1])
    disk = t.ok("query disk a")
    assert re.match(r"^A \(191\): 0 FILES; \d+ REC IN USE, \d+ LEFT \(OF 1330\), \d+% FULL "
                    r"\(5 CYL\), 3330 R/W$", disk[0]), disk
    # EDIT a new file: INPUT lines, a CHANGE, FILE
    edit_new(t, "plan data", ["first line of the plan", "second line", "third line"])
    t.type("top")
    t.type("locate /second/")
    t.type("change /second/2nd/")
    t.c.wait_for_text("2ND LINE", timeout=TIMEOUT)            # CASE U: DATA is upper case
    t.type("file")
    assert READY.match(t.until(READY)[-1])
    # LISTFILE, TYPE
    assert "PLAN     DATA     A1" in t.ok("listfile * * a")
    assert t.ok("type plan data") == ["FIRST LINE OF THE PLAN", "2ND LINE", "THIRD LINE"]
    assert t.ok("type plan data a 2 2") == ["2ND LINE"]
    # COPYFILE, RENAME, ERASE
    assert t.ok("copyfile plan data a copy data a") == []
    assert t.ok("type copy data") == ["FIRST LINE OF THE PLAN", "2ND LINE", "THIRD LINE"]
    assert t.ok("rename copy data a final = a") == []
    listing = t.ok("listfile * data a")
    assert listing == ["PLAN     DATA     A1", "FINAL    DATA     A1"], listing
    assert t.ok("erase plan data") == []
    assert t.ok("listfile * data a") == ["FINAL    DATA     A1"]
    out = t.command("type plan data")
    assert out[0].startswith("DMSTYP002E FILE") and READY.match(out[-1]) and "(00028)" in out[-1]
    # a CP command from CMS, and an unknown command
    assert any(r.startswith("TIME IS") for r in t.ok("cp query time"))
    out = t.command("frobnicate")
    assert out[0] == "UNKNOWN CP/CMS COMMAND" and out[-1].startswith("R(-0003);"), out


COUNT_EXEC = [
    "&CONTROL OFF",
    "&IF &INDEX < 2 &EXIT 99",
    "&N = 0",
    "&LOOP 5 &1",
    "&N = &N + 1",
    "&TYPE PASS &N OF &1 FOR &2",
    "&STACK LIFO STACKED LINE",
    "&READ VARS &A &B",
    "&TYPE READ &A &B",
    "&EXIT &N",
]

LOOP_EXEC = [
    "-AGAIN",
    "&X = 1",
    "&GOTO -AGAIN",
]


def test_exec_with_loop_arguments_stack_and_hx(session):
    t = session("USER1")
    edit_new(t, "count exec", COUNT_EXEC)
    t.type("file")
    assert READY.match(t.until(READY)[-1])
    out = t.command("count 3 apples")
    assert out[:-1] == ["PASS 1 OF 3 FOR APPLES", "READ STACKED LINE",
                        "PASS 2 OF 3 FOR APPLES", "READ STACKED LINE",
                        "PASS 3 OF 3 FOR APPLES", "READ STACKED LINE"], out
    assert out[-1].startswith("R(00003);"), out             # &EXIT &N
    out = t.command("exec count")
    assert out == [out[-1]] and out[-1].startswith("R(00099);"), out
    # &STACK from an EXEC feeds the command line after it ends
    edit_new(t, "later exec", ["&STACK LISTFILE LATER EXEC A"])
    t.type("file")
    assert READY.match(t.until(READY)[-1])
    out = t.command("later", until="LATER    EXEC     A1")
    # the EXEC's own Ready, then the stacked LISTFILE read as the next command
    assert READY.match(out[0]) and out[1] == "LATER    EXEC     A1", out
    # HX: a looping EXEC stopped from the keyboard (ENTER while RUNNING is the attention)
    edit_new(t, "loop exec", LOOP_EXEC)
    t.type("file")
    assert READY.match(t.until(READY)[-1])
    t.clear()
    t.type("loop")
    t.wait_status("RUNNING")
    time.sleep(0.3)
    assert t.status() == "RUNNING"                           # it loops
    t.type("", status="RUNNING")                             # attention
    t.wait_status("VM READ")
    t.type("hx")
    assert t.until("CMS")[-1] == "CMS"
    t.wait_status("VM READ")
    assert t.ok("listfile loop exec") == ["LOOP     EXEC     A1"]   # CMS goes on


HELLO_ASSEMBLE = [
    "HELLO    CSECT",
    "         USING HELLO,12",
    "         STM   14,12,12(13)",
    "         TYPLIN MSG,L'MSG",
    "         WAITRD LINE,80",
    "         LR    3,0                 THE LENGTH READ",
    "         LINEDIT TEXT='HELLO ...., .... CHARS',SUB=(CHAR,LINE,DEC,(3))",
    "         LM    14,12,12(13)",
    "         SR    15,15",
    "         BR    14",
    "MSG      DC    C'WHAT IS YOUR NAME?'",
    "LINE     DC    CL80' '",
    "         END",
]

OOPS_ASSEMBLE = [
    "OOPS     CSECT",
    "         SR    1,1",
    "         DC    H'0'                AN OPERATION EXCEPTION",
    "         END",
]


def test_assemble_load_start_and_a_program_check(session):
    t = session("USER2")
    assert t.ok("global maclib cmslib") == []
    edit_new(t, "hello assemble", HELLO_ASSEMBLE)
    t.type("file")
    assert READY.match(t.until(READY)[-1])
    assert t.ok("assemble hello") == []
    assert t.ok("listfile hello * a") == ["HELLO    ASSEMBLE A1", "HELLO    TEXT     A1",
                                         "HELLO    LISTING  A1"]
    assert t.ok("load hello") == []
    t.clear()
    t.type("start")
    assert t.until("WHAT IS YOUR NAME?")[-2:] == ["EXECUTION BEGINS...", "WHAT IS YOUR NAME?"]
    t.wait_status("VM READ")
    t.type("alice")
    out = t.until(READY)
    # WAITRD's default edit upper-cases the line (spec cms.md 4.3)
    assert out[-2:-1] == ["HELLO ALICE, 5 CHARS."] and out[-1].startswith("R; "), out
    # a program check in a user program: the DMSITP/DMSABN messages, then Ready again
    edit_new(t, "oops assemble", OOPS_ASSEMBLE)
    t.type("file")
    assert READY.match(t.until(READY)[-1])
    assert t.ok("assemble oops") == []
    assert t.ok("load oops") == []
    out = t.command("start")
    assert out[0] == "EXECUTION BEGINS..."
    assert out[1] == "DMSITP141T OPERATION EXCEPTION OCCURRED AT 020004 IN ROUTINE START", out
    assert out[2] == "DMSABN148T SYSTEM ABEND 0C1 CALLED FROM 020004", out
    assert READY.match(out[-1]) and out[-1].startswith("R("), out
    # CMS is intact; EDIT numbered the ASSEMBLE file in columns 73-80 (SERIAL)
    assert t.ok("type oops assemble a 1 1") == ["OOPS     CSECT".ljust(72) + "OOP00010"]


def test_print_and_punch_to_another_user_who_reads_the_cards(session, system):
    sender = session("USER3")
    edit_new(sender, "notes memo", ["Lunch at noon", "Bring the tapes"])
    sender.type("file")
    assert READY.match(sender.until(READY)[-1])
    # PRINT: the printer spool, drained to the host printer file by the real 1403
    out = sender.ok("print notes memo")
    assert out == ["PRT FILE 0001  TO  USER3    COPY 01 NOHOLD"] or out == [], out
    printer = system.state_dir + "/printer/prt00e.txt"
    end = time.monotonic() + TIMEOUT
    while "Bring the tapes" not in open(printer).read():
        assert time.monotonic() < end, open(printer).read()
        time.sleep(0.1)
    printed = open(printer).read().splitlines()
    assert printed[-2:] == ["Lunch at noon", "Bring the tapes"]    # MEMO keeps its case
    # PUNCH to USER4, who is logged on at a second terminal and reads the cards in
    receiver = session("USER4")
    assert sender.ok("cp spool punch to user4") == []
    out = sender.ok("punch notes memo")
    assert any(r.startswith("PUN FILE") and "TO  USER4" in r for r in out), out
    rdr = receiver.ok("cp query reader all")
    assert any(r.startswith("USER3") and " PUN " in r for r in rdr), rdr
    assert receiver.ok("readcard *") == []
    assert receiver.ok("listfile * memo a") == ["NOTES    MEMO     A1"]
    assert receiver.ok("type notes memo") == ["Lunch at noon", "Bring the tapes"]
