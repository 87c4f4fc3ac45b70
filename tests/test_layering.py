"""Arrows point down only (DESIGN.md "Layers and who may import whom"), read from the source.

Every .py file of the layered packages is parsed with ast (nothing is imported), and each
import, at module level or inside a function, is checked:
* a package imports no package of a higher layer;
* s370/cpu never imports s370.asm (the assembler sits beside the core, not under it);
* no module outside s370/bench imports a benchmark module (benchmarks sit on top);
* the modules of media/ import each other without a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RANK = {"media": 0, "s370": 1, "sie": 2, "cp": 3, "cms": 4, "tools": 6, "vm370": 7, "lessons": 8}
# The one known cpu -> asm edge left today (the trace's disassembler): fixed by the formats
# branch; the lead removes this entry at merge.
KNOWN: set = set()      # no known upward edges


def modules():
    for pkg in RANK:
        base = ROOT / pkg
        if base.is_dir():
            yield from sorted(base.rglob("*.py"))


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path = ROOT) -> list[str]:
    """Absolute names of everything ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(), str(path))
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module
            out.append(mod)
            out += [f"{mod}.{a.name}" for a in node.names]
    return out


def edges():
    for path in modules():
        rel = path.relative_to(ROOT).as_posix()
        for name in imports(path):
            yield rel, name


def test_no_import_points_up_a_layer():
    bad = []
    for rel, name in edges():
        mine, theirs = RANK[rel.split("/")[0]], RANK.get(name.split(".")[0])
        if theirs is not None and theirs > mine:
            bad.append(f"{rel} imports {name}")
    assert bad == []


def test_cpu_does_not_import_the_assembler():
    bad = sorted({f"{rel} imports {name}" for rel, name in edges()
                  if rel.startswith("s370/cpu/") and (name == "s370.asm" or name.startswith("s370.asm."))
                  and (rel, name.rsplit(".", 1)[0] if name.count(".") > 2 else name) not in KNOWN
                  and (rel, name) not in KNOWN})
    assert bad == []


def test_only_benchmarks_import_benchmarks():
    def is_bench(name):          # s370.bench, s370.bench.dasd, sie.bench, any *.bench_x
        # (a benchmark may build on another; nothing else may import one)
        return any(p == "bench" or p.startswith("bench_") for p in name.split("."))
    bad = sorted({f"{rel} imports {name}" for rel, name in edges()
                  if not is_bench(rel[:-3].replace("/", ".")) and is_bench(name)})
    assert bad == []


def test_media_imports_form_a_dag():
    graph = {}
    inside = {module_name(p) for p in (ROOT / "media").rglob("*.py")}
    packages = {module_name(p) for p in (ROOT / "media").rglob("__init__.py")}
    for path in (ROOT / "media").rglob("*.py"):
        me = module_name(path)
        graph[me] = {n for n in imports(path) if n in inside and n != me and n not in packages}
    state, cycle = {}, []

    def visit(node, trail):
        state[node] = "open"
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                cycle.append(" -> ".join(trail + [node, nxt]))
            elif nxt not in state:
                visit(nxt, trail + [node])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycle == []


def test_the_scanner_resolves_relative_and_nested_imports(tmp_path):
    """The checker itself: a relative import climbing out of s370/cpu, inside a function."""
    cpu = tmp_path / "s370" / "cpu"
    cpu.mkdir(parents=True)
    (cpu / "__init__.py").write_text("from . import core\n")
    (cpu / "x.py").write_text("def f():\n    from ..asm import assemble\n    import s370.bench.dasd\n")
    assert imports(cpu / "x.py", tmp_path) == ["s370.asm", "s370.asm.assemble", "s370.bench.dasd"]
    assert imports(cpu / "__init__.py", tmp_path) == ["s370.cpu", "s370.cpu.core"]
