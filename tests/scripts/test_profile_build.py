"""scripts/profile_build.py prints both tables (the build's stages, the extraction steps) on
a small generated corpus: every stage and step has a row whose share is a number. Timings
are never asserted. A subprocess, as a user runs it: its workers re-import the script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
from benchkit.profile_extract import REST, STEPS  # noqa: E402
from benchkit.profile_stages import STAGES  # noqa: E402

SHARE = r"(\d+\.\d)%"


@pytest.fixture(scope="module")
def run() -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(SCRIPTS / "profile_build.py"), "--docs", "40",
                           "--workers", "1", "--json"], capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc


def _row(table: str, name: str) -> float:
    """The share on ``name``'s row of a table (the first percentage after the name)."""
    match = re.search(rf"^{re.escape(name)}\s+[\d,.]+\s+{SHARE}", table, re.M)
    assert match, f"no row for {name!r} in:\n{table}"
    return float(match.group(1))


def test_both_tables_have_a_row_for_each_stage_and_step(run) -> None:
    out = run.stderr  # --json: the tables go to stderr
    stages_at = out.index("1. Per stage of the build")
    steps_at = out.index("2. Per extraction step")
    stages, steps = out[stages_at:steps_at], out[steps_at:]
    shares = [_row(stages, name) for name in STAGES]
    assert all(0 <= s <= 100 for s in shares) and 90 < sum(shares) < 110
    assert _row(stages, "total (profiled)") == 100.0
    assert "build, unprofiled" in stages and "build, profiled" in stages and "docs/s" in stages
    assert "Top 15 functions by own time" in stages
    for _, step in [*STEPS, (None, REST)]:
        assert 0 <= _row(steps, step) <= 200
    assert _row(steps, "analyse(), wrapped") == 100.0


def test_the_json_holds_the_same_figures(run) -> None:
    result = json.loads(run.stdout)
    build, extract = result["build"], result["extract"]
    assert result["corpus"]["docs"] == build["docs"] == 40
    assert [s["stage"] for s in build["stages"]] == list(STAGES)
    assert abs(sum(s["share"] for s in build["stages"]) - 1) < 1e-6
    assert build["top"] and all(t["stage"] in STAGES for t in build["top"])
    assert extract["docs"] == 40 and extract["passes"] == 3
    by_step = {s["step"]: s for s in extract["steps"]}
    assert by_step["decode"]["calls"] == 40 and 0 < by_step["identify"]["calls"] <= 40
    assert by_step["read_page (html only)"]["calls"] == 0  # text files only
    # one worker: extraction runs in the main process, nothing waits for workers
    stage = {s["stage"]: s for s in build["stages"]}
    assert stage["extract in main"]["seconds"] > 0
