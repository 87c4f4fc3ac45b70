"""Pictures for the lessons: a 3270 screen as a PNG, and plots (matplotlib, Agg backend).

``screenshot(lines, path)`` draws the screen text s3270 reads back (``Ascii()``:
24 or 43 rows of 80 columns) green on black in a monospaced font, the way the
students see it in their emulator.  ``line_plot``, ``cdf_plot`` and ``bar_plot``
are the few plot shapes the lessons use, each one PNG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SCREEN_COLUMNS = 80
SCREEN_GREEN = "#33ff33"
SCREEN_BLACK = "#000000"
DPI = 100


def screenshot(lines: list[str], path: Path | str, title: str | None = None) -> Path:
    """The screen text as a PNG: 80 x 24 (model 2) or 80 x 43 (model 4), green on black."""
    rows = 43 if len(lines) > 24 else 24
    text = [(line if line is not None else "")[:SCREEN_COLUMNS].ljust(SCREEN_COLUMNS)
            for line in list(lines)[:rows]]
    text += [" " * SCREEN_COLUMNS] * (rows - len(text))
    height = rows * 0.16 + (0.3 if title else 0.1)
    fig = plt.figure(figsize=(8.6, height), dpi=DPI, facecolor=SCREEN_BLACK)
    fig.text(0.01, 0.99, "\n".join(text), family="monospace", fontsize=8.6, color=SCREEN_GREEN,
             va="top", ha="left", linespacing=1.2)
    if title:
        fig.text(0.99, 0.005, title, family="monospace", fontsize=7, color="#888888",
                 va="bottom", ha="right")
    path = Path(path)
    fig.savefig(path, facecolor=SCREEN_BLACK)
    plt.close(fig)
    return path


def line_plot(path: Path | str, series: dict[str, tuple[list, list]], title: str, xlabel: str,
              ylabel: str, logy: bool = False, marker: str | None = None) -> Path:
    """One line per series name: (xs, ys)."""
    fig, ax = plt.subplots(figsize=(7, 4), dpi=DPI)
    for name, (xs, ys) in series.items():
        ax.plot(xs, ys, label=name, marker=marker)
    _finish(ax, title, xlabel, ylabel, logy, legend=len(series) > 1)
    return _save(fig, path)


def cdf_plot(path: Path | str, samples: dict[str, list[float]], title: str, xlabel: str) -> Path:
    """Cumulative distributions (one per name), p99 marked."""
    fig, ax = plt.subplots(figsize=(7, 4), dpi=DPI)
    for name, values in samples.items():
        xs = sorted(values)
        if not xs:
            continue
        ys = [(i + 1) / len(xs) for i in range(len(xs))]
        line, = ax.step(xs, ys, where="post", label=f"{name} (p99 {percentile(xs, 99):.3g})")
        ax.axvline(percentile(xs, 99), color=line.get_color(), linestyle=":", linewidth=1)
    _finish(ax, title, xlabel, "fraction of requests", False, legend=True)
    return _save(fig, path)


def bar_plot(path: Path | str, labels: list[str], groups: dict[str, list[float]], title: str,
             ylabel: str, logy: bool = False) -> Path:
    """Grouped bars: one group per label, one bar per series."""
    fig, ax = plt.subplots(figsize=(7, 4), dpi=DPI)
    n = max(1, len(groups))
    width = 0.8 / n
    for i, (name, values) in enumerate(groups.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks([x + width * (n - 1) / 2 for x in range(len(labels))], labels)
    _finish(ax, title, None, ylabel, logy, legend=n > 1)
    return _save(fig, path)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values; 0.0 for none."""
    xs = sorted(values)
    if not xs:
        return 0.0
    rank = max(1, -(-len(xs) * p // 100))
    return xs[int(rank) - 1]


def _finish(ax, title, xlabel, ylabel, logy, legend) -> None:
    ax.set_title(title)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    if legend:
        ax.legend()


def _save(fig, path) -> Path:
    path = Path(path)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
