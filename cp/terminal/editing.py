"""CP's logical line editing of typed input (TERMINAL LINEND / CHARDEL / LINEDEL / ESCAPE).

VM/370 edits every physical input line before anyone sees it (GC20-1820, TERMINAL
and "Logical line editing"): the *line end* (default ``#``) splits it into logical
lines, the *character delete* (``@``) removes the character before it, the *line
delete* (``¢``) removes everything back to and including the previous line end,
and the *escape* (``"``) makes the next character an ordinary one.  A symbol set OFF (an empty
string or None in ``Settings``) is an ordinary character; ``SET LINEDIT OFF``
turns all editing off.

``#CP`` (a logical line that follows a line end and starts with the word CP) is a CP
command typed to a virtual machine read: it goes to CP without leaving the virtual
machine; ``#CP`` alone enters CP mode.  CP does not fold the case of input meant for
the virtual machine (CMS folds its own commands); CP folds its own command words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LogicalLine:
    text: str
    after_linend: bool          # the line came after a line-end symbol in the same input

    @property
    def is_cp(self) -> bool:
        """``#CP ...``: a CP command typed to a virtual machine read."""
        w = self.text.lstrip().split(None, 1)
        return self.after_linend and bool(w) and w[0].upper() == "CP"

    @property
    def cp_text(self) -> str:
        """The command after ``CP`` ('' for ``#CP`` alone)."""
        w = self.text.lstrip().split(None, 1)
        return w[1] if len(w) > 1 else ""


def _symbol(value) -> str | None:
    return value if isinstance(value, str) and len(value) == 1 else None


def split_lines(text: str, settings) -> list[LogicalLine]:
    """One physical input line -> its logical lines, edited under ``settings``."""
    if not getattr(settings, "linedit", True):
        return [LogicalLine(text, False)]
    linend = _symbol(settings.linend)
    chardel = _symbol(settings.chardel)
    linedel = _symbol(settings.linedel)
    escape = _symbol(settings.escape)
    lines: list[LogicalLine] = []
    cur: list[str] = []
    after = False
    escaped = False
    for ch in text:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == escape:
            escaped = True
        elif ch == linend:
            lines.append(LogicalLine("".join(cur), after))
            cur, after = [], True
        elif ch == chardel:
            if cur:
                cur.pop()
        elif ch == linedel:
            # back to and including the previous line end: the line before continues
            if lines:
                prev = lines.pop()
                cur, after = list(prev.text), prev.after_linend
            else:
                cur = []
        else:
            cur.append(ch)
    lines.append(LogicalLine("".join(cur), after))
    if len(lines) > 1 and lines[0].text == "" and not lines[0].after_linend:
        lines.pop(0)            # a leading line end ("#CP ...") starts no empty line
    return lines


def deliver(user, text: str) -> bool:
    """Give one physical line to a logged-on user: ``#CP`` lines to CP, the rest to
    ``user.input_line``.  False if some line could not be taken (NOT ACCEPTED)."""
    ok = True
    for line in split_lines(text, user.settings):
        if line.is_cp:
            if line.cp_text.strip():
                user.cp_command(line.cp_text)
            else:
                user.enter_cp_mode()
        elif not user.input_line(line.text):
            ok = False
    return ok
