"""Same inputs, same configuration, same newspack: the same bytes, wherever things lie."""

import shutil

from conftest import ROOT, SEEDS
from newspack.cli import main


def _files(out):
    vdir = out / "versions" / "1.0.0"
    return {p.relative_to(vdir).as_posix(): p.read_bytes()
            for p in sorted(vdir.rglob("*")) if p.is_file()}


def test_two_builds_in_two_places_are_byte_identical(tmp_path, monkeypatch):
    other_sources = tmp_path / "elsewhere" / "articles"
    shutil.copytree(SEEDS, other_sources)
    a, b = tmp_path / "a", tmp_path / "deep" / "b"
    config = str(ROOT / "newspack.toml")
    assert main(["build", str(SEEDS), "--out", str(a), "--no-progress", "--config", config]) == 0
    monkeypatch.chdir(tmp_path)  # relative paths, another working folder
    assert main(["build", "elsewhere/articles", "--out", "deep/b", "--no-progress",
                 "--workers", "2", "--config", config]) == 0
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    parquet = [p for p in fa if p.endswith(".parquet")]
    # four languages' shards, the removed lines and the signatures of each, the inputs
    assert len(parquet) == 13 and "inputs.parquet" in fa
    for path in fa:
        assert fa[path] == fb[path], path
    assert str(tmp_path).encode() not in fa["manifest.json"]


def test_source_date_epoch_sets_created(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "o"), "--no-progress"]) == 0
    m = json.loads((tmp_path / "o/versions/1.0.0/manifest.json").read_text())
    assert m["created"] == "2023-11-14T22:13:20Z"
