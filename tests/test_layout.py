"""The package is laid out as the pipeline: stage subpackages that import each other in
one direction only, a few shared modules at the top, and no file over 300 lines."""

import ast
from pathlib import Path

from conftest import ROOT

PKG = ROOT / "src" / "newspack"
STAGES = ("inputs", "extract", "engines", "store", "corpus", "publish")
TOP_MODULES_MAX = 8


def _imported(path: Path) -> set[str]:
    """Absolute names of the newspack modules that ``path`` imports (relative ones too)."""
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *filter(None, [base])])
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return {n for n in names if n.split(".")[0] == "newspack"}


def stage_graph() -> dict[str, set[str]]:
    """stage -> the other stages its modules import."""
    graph: dict[str, set[str]] = {s: set() for s in STAGES}
    for stage in STAGES:
        for path in (PKG / stage).rglob("*.py"):
            for name in _imported(path):
                parts = name.split(".")
                if len(parts) > 1 and parts[1] in STAGES and parts[1] != stage:
                    graph[stage].add(parts[1])
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once per starting node)."""
    found = []

    def walk(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                found.append([*trail[trail.index(nxt):], nxt])
            else:
                walk(nxt, [*trail, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_stage_packages_import_each_other_in_one_direction_only():
    assert cycles(stage_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}})
    assert not cycles({"a": {"b"}, "b": {"c"}, "c": set()})



def test_imports_follow_the_documented_order():
    """A stage imports only stages listed before it in STAGES (the README's order)."""
    for stage, deps in stage_graph().items():
        later = {d for d in deps if STAGES.index(d) > STAGES.index(stage)}
        assert not later, f"{stage} imports later stages {sorted(later)}"


def test_few_modules_at_the_top_and_every_stage_is_a_package():
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert len(top) <= TOP_MODULES_MAX, top
    assert all((PKG / s / "__init__.py").is_file() for s in STAGES)
def test_no_file_over_300_lines():
    files = [*PKG.rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    long = {str(p.relative_to(ROOT)): n for p in files
            if p.name != "gen_corpus.py"  # vendored as is from the shared tools
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
