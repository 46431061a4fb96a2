"""scripts/bench_read.py: each read-side command in a subprocess, timed and sampled."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import bench_read  # noqa: E402


def test_every_read_command_reports_on_the_store(seeds_dataset, capsys) -> None:
    bench_read.main([str(seeds_dataset), "--json"])
    out = capsys.readouterr().out
    rows = json.loads(out[out.index("\n["):])
    by_name = {r["command"]: r for r in rows}
    assert list(by_name) == ["validate", "versions", "load"]  # one version: no diff
    assert all(r["exit"] == 0 and r["seconds"] > 0 for r in rows)
    assert by_name["validate"]["says"] == "1.0.0: ok"
    assert "1.0.0" in by_name["versions"]["says"]
    manifest = json.loads((seeds_dataset / "versions/1.0.0/manifest.json").read_text())
    assert by_name["load"]["says"] == f"{manifest['counts']['records']} rows"
    assert all(r["tree_mb"] is None or r["tree_mb"] > 10 for r in rows)  # a real process
    assert "documents in the newest version" in out.splitlines()[0]
