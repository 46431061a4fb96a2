"""scripts/bench_build.py: one build in this process, with its tree's peak memory."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import bench_build  # noqa: E402


def test_a_build_then_a_rebuild_report_their_work(corpus, tmp_path, capsys) -> None:
    out = tmp_path / "out"
    bench_build.main([str(corpus), str(out), "--workers", "1", "--json"])
    first = json.loads(capsys.readouterr().out)
    assert first["version"] == "1.0.0" and first["work"]["extracted"] == first["inputs"] > 0
    assert first["tree_mb"] is None or first["tree_mb"] > 10
    bench_build.main([str(corpus), str(out), "--workers", "1"])
    assert "no changes" in capsys.readouterr().out
