"""The immediate commands HT and RT (DMSSTK's DMSATNCK, DMSITI, DMSCWR): while an EXEC
types many lines, the user presses attention and types HT; typing stops but the EXEC
runs on (its variables keep counting); RT makes the typing resume.  The console's
attention interruption is presented as CP would present it for a line typed while no
read is outstanding."""

import pytest

from sie import Intercept

from cms_fs_harness import cms_with_disk, format_disk

E = lambda s: s.encode("cp037")           # noqa: E731

LOOP = [E(s) for s in ("&CONTROL OFF", "&I = 0", "&LOOP 2 300", "&I = &I + 1",
                       "&TYPE LINE &I", "&TYPE DONE &I")]


@pytest.fixture
def m(tmp_path):
    return cms_with_disk(tmp_path, format_disk(tmp_path / "imm191.3330",
                                               files=[("LOOP", "EXEC", LOOP, "V", 20)]))


def run_until_read(m, limit=400):
    """Run the guest until CMS waits for a console read."""
    for _ in range(limit):
        code = m.vm.run_slice(200_000)
        if code == Intercept.ENABLED_WAIT and m.console.waiting:
            return
    raise AssertionError("CMS did not come back to a console read")


def on_lines(m, actions):
    """After CMS types the line ``text`` the user presses attention and types the
    immediate command: actions = {text: command}.  (Each console write is performed
    within one run of the guest, so the attention arrives between two of its writes.)"""
    console = m.console
    plain = console.execute

    def execute(cmd, data, count):
        result = plain(cmd, data, count)
        line = console.output[-1] if console.output else None
        if line in actions:
            console.queue.append(actions.pop(line))
            console.attention()
        return result
    console.execute = execute


def lines_typed(m, start):
    return [s for s in m.console.output[start:] if s.startswith("LINE ")]


def test_ht_stops_typing_while_the_exec_runs_on_and_rt_resumes(m):
    start = len(m.console.output)
    on_lines(m, {"LINE 20": "HT"})
    m.console.type_line("EXEC LOOP")
    run_until_read(m)
    out = m.console.output[start:]
    assert out[-1].startswith("R;")                        # HT ends with the command
    typed = lines_typed(m, start)
    assert typed[-1] in ("LINE 20", "LINE 21") and "DONE 300" not in out
    numbers = [int(s.split()[1]) for s in typed]
    assert numbers == list(range(1, len(numbers) + 1))
    assert m.command("TYPE LOOP EXEC")[:1] == ["&CONTROL OFF"]   # typing is back


def test_rt_resumes_typing(m):
    start = len(m.console.output)
    on_lines(m, {"LINE 20": "HT"})
    m.console.type_line("EXEC LOOP")
    for _ in range(40):                                    # halted: the EXEC runs on
        m.vm.run_slice(2_000)
    assert not m.console.waiting
    assert lines_typed(m, start)[-1] in ("LINE 20", "LINE 21")
    m.console.queue.append("RT")
    m.console.attention()
    run_until_read(m)
    typed = lines_typed(m, start)
    numbers = [int(s.split()[1]) for s in typed]
    gaps = [k for k in range(1, len(numbers)) if numbers[k] != numbers[k - 1] + 1]
    assert len(gaps) == 1 and numbers[0] == 1              # one stretch not typed ...
    assert numbers[gaps[0] - 1] in (20, 21)                # ... from HT ...
    assert numbers[gaps[0]:] == list(range(numbers[gaps[0]], 301))   # ... to RT
    out = m.console.output[start:]
    assert "DONE 300" in out and out[-1].startswith("R;")  # the loop ran to its end
