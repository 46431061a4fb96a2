"""bench.py --scale on tiny sizes: a table row per size with every column, the checks after it,
and a budget too small for the next size leaving it out with a line that says so (the corpora
kept by --keep are reused). Two runs of scripts/bench.py, about 20 s; no duration asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "scripts" / "bench.py"
HEAD = ["docs", "docs/s", "tree", "MB", "main", "ms/doc", "manifest", "B", "store", "MB",
        "seconds", "share", "tree", "MB", "seconds", "share", "tree", "MB"]


def bench(*args: str) -> tuple[dict, list[str]]:
    proc = subprocess.run([sys.executable, str(BENCH), "--scale", "--workers", "1", "--json",
                           *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["scale"], proc.stderr.splitlines()


def rows(lines: list[str]) -> dict[str, list[str]]:
    """The table's rows by their first cell, the documents (the header's line holds HEAD)."""
    start = next(i for i, line in enumerate(lines) if line.split() == HEAD)
    table = {}
    for line in lines[start + 1:]:
        cells = line.split()
        if not cells or not cells[0].replace(",", "").isdigit() or len(cells) != 12:
            break
        table[cells[0]] = cells
    return table


@pytest.fixture(scope="module")
def keep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scale")


@pytest.fixture(scope="module")
def first(keep: Path) -> tuple[dict, list[str]]:
    return bench("--scale-sizes", "60,30", "--keep", str(keep))


def test_a_row_per_size_smallest_first_with_every_column(first) -> None:
    result, lines = first
    table = rows(lines)
    assert list(table) == ["30", "60"]
    for cells in table.values():
        numbers = [float(c.rstrip("%").replace(",", "")) for c in cells]
        assert all(n >= 0 for n in numbers) and numbers[1] > 0 and numbers[4] > 0
        assert cells[7].endswith("%") and cells[10].endswith("%")
    assert [s["docs"] for s in result["sizes"]] == [30, 60] and result["left_out"] == []
    for size in result["sizes"]:
        assert size["added"] == 1 and size["steps"]["no_change"]["version"] is None
        assert size["steps"]["plus_1pct"]["version"] == "1.1.0"
        assert size["manifest_bytes"] > 0 and size["store_bytes"] > 0
        assert size["steps"]["full"]["main_cpu_s"] > 0


def test_the_checks_follow_the_table(first) -> None:
    result, lines = first
    text = "\n".join(lines)
    for label in ("main CPU <= 0.15 ms/doc", "no-change <= 5 % of full",
                  "+1 % docs <= 10 % of full", "peak tree <= 1,500 MB",
                  "peak tree growth <= 500 B/doc   30 -> 60:"):
        assert label in text
    assert [(g["from"], g["to"]) for g in result["checks"]["growth"]] == [(30, 60)]


def test_a_tiny_budget_leaves_the_next_size_out_and_says_so(first, keep: Path) -> None:
    result, lines = bench("--scale-sizes", "30,60", "--scale-budget", "0", "--keep", str(keep))
    assert list(rows(lines)) == ["30"]
    assert result["sizes"][0]["corpus"]["reused"]
    assert [e["docs"] for e in result["left_out"]] == [60]
    left = [line.strip() for line in lines if ": left out, " in line]
    assert len(left) == 1 and left[0].startswith("60: left out, needs ~")
    assert left[0].endswith("0.0 min of budget left")
