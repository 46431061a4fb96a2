"""The corpus helpers bench.py and eval_extract.py share (scripts/benchkit/corpus.py), and
bench's stage runner: a stage runs in a subprocess of scripts/bench.py, which must find the
benchkit package although scripts/ is not installed. Small corpus, a few seconds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from benchkit.bench_runner import spawn_stage  # noqa: E402
from benchkit.corpus import (  # noqa: E402
    ADDED,
    NOT_INPUTS,
    TRUTH,
    find_sentences_dir,
    generate,
    input_files,
    prepare,
    read_truth,
)

DOCS, ADD = 20, 2


@pytest.fixture(scope="module")
def bench_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("bench")
    size = prepare(work / "corpus", DOCS, ADD, 0, find_sentences_dir())
    return work, size


def test_generate_writes_the_documents_its_truth_names(tmp_path: Path) -> None:
    generate(tmp_path, 5, 3, find_sentences_dir(), "test")
    truth = read_truth(tmp_path / TRUTH)
    names = {p.name for p in input_files(tmp_path)} - set(NOT_INPUTS)
    assert [row["file"] for row in truth] and {row["file"] for row in truth} == names


def test_prepare_sets_the_added_documents_and_the_truth_aside(bench_corpus) -> None:
    work, size = bench_corpus
    assert size["docs"] == len(input_files(work / "corpus")) == DOCS
    assert size["added"] == len(input_files(work / ADDED)) == ADD
    assert all((work / name).is_file() and not (work / "corpus" / name).exists()
               for name in NOT_INPUTS)
    assert size["bytes"] == sum(p.stat().st_size for p in input_files(work / "corpus"))


def test_a_stage_runs_in_a_subprocess_of_bench(bench_corpus) -> None:
    work, _ = bench_corpus
    result = spawn_stage("floor", work / "corpus", work, 1)
    assert result["rows"] == DOCS and result["seconds"] > 0
    assert (work / "floor" / "floor.parquet").is_file()


def test_the_dedup_stage_measures_its_cost(bench_corpus, tmp_path, monkeypatch) -> None:
    from benchkit import bench_dedup
    from benchkit.bench_report import dedup_report

    work, _ = bench_corpus
    monkeypatch.setattr(bench_dedup, "SCALE_DOCS", 3000)
    d = bench_dedup.stage_dedup(work / "corpus", tmp_path, 1)
    assert d["docs"] == DOCS and 256 < d["bytes_per_doc"] < 1000
    assert d["stage_ms_per_doc"] > 0 and d["signature_ms_per_doc"] > 0
    assert d["scale"]["docs"] == 3000 and 250 < d["scale"]["duplicates"] <= 300
    assert "bytes/doc" in "\n".join(dedup_report(d))
