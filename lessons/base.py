"""What every lesson gets and gives back (the framework contract, issue 14)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


class LessonError(Exception):
    """A lesson cannot go on (a system did not start, a guest did not answer): one line."""


def _print(text: str) -> None:
    print(text, flush=True)


@dataclass
class Context:
    """How a lesson runs: ``quick`` (short mode for the tests: small N, short runs),
    ``out`` (folder for plots and screenshots, created), ``dir`` (a system state
    directory to use; None: a temporary one), ``say`` (the explanation, printed on the
    console as the lesson goes), ``port`` (TN3270 port of systems it starts; 0: free)."""
    quick: bool = False
    out: Path = Path("lesson-output")
    dir: Path | None = None
    say: Callable[[str], None] = _print
    port: int = 0

    def __post_init__(self):
        self.out = Path(self.out)
        self.out.mkdir(parents=True, exist_ok=True)
        if self.dir is not None:
            self.dir = Path(self.dir)


@dataclass
class Result:
    """What a lesson measured: a table (``headers``, ``rows``), the PNGs it wrote
    (``plots``), and named ``figures`` the tests check for sense."""
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    plots: list[Path] = field(default_factory=list)
    figures: dict[str, float | str | bool] = field(default_factory=dict)


def format_table(result: Result) -> str:
    """The table as fixed-width text (numbers right-aligned, floats to 4 significant digits)."""
    def cell(v):
        if isinstance(v, float):
            return f"{v:.4g}"
        return str(v)
    rows = [[cell(v) for v in row] for row in result.rows]
    heads = [str(h) for h in result.headers]
    widths = [max([len(h)] + [len(r[i]) for r in rows if i < len(r)]) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths)),
             "  ".join("-" * w for w in widths)]
    for r, raw in zip(rows, result.rows):
        lines.append("  ".join(c.rjust(w) if isinstance(v, (int, float)) and not isinstance(v, bool)
                               else c.ljust(w) for c, w, v in zip(r, widths, raw)))
    return "\n".join(lines)
