"""Duplicates meet their targets (scripts/eval_dedup.py) on a small corpus: CI fails below them.

The same evaluation as ``python scripts/eval_dedup.py``, on the hand-made set and 300
generated articles, each built as two weekly versions: deterministic, offline, seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import eval_dedup  # noqa: E402
from benchkit.dedup_report import failures  # noqa: E402
from benchkit.dedup_score import Doc, Predicted, moved, score, straddling  # noqa: E402


@pytest.fixture(scope="module")
def figures():
    return eval_dedup.evaluate(docs=300, seed=7)


def test_every_target_is_met(figures):
    assert [r.label for r in failures(figures)] == []
    hand = figures["hand"]
    assert hand["variants"]["missed"] == hand["variants"]["wrongly_linked"] == []
    gen = figures["generated"]
    assert gen["copies"]["near"] > 20 and gen["cross_version"]["positives"] > 5


def test_the_report_prints_every_figure(figures, capsys):
    eval_dedup.print_report(figures, examples=True)
    out = capsys.readouterr().out
    assert "0 target(s) failed" in out and "hand-made cross-version recall" in out


STORY = " ".join(f"w{i}" for i in range(100))


def test_pairs_are_scored_by_their_true_similarity():
    docs = [Doc("a", "g1", STORY), Doc("b", "g1", STORY + " x1 x2"),  # Jaccard 0.98
            Doc("c", "g1", " ".join(f"w{i}" for i in range(70))),  # 0.69 with a: neither
            Doc("d", "g2", "other words entirely " * 5)]  # unrelated: a negative
    s = score(docs, Predicted(cluster={"a": "a", "b": "a", "c": "a", "d": "a"}))
    assert (s["positives"], s["true_positives"], s["grey_linked"]) == (1, 1, 2)
    assert s["false_positives"] == 3 and (s["precision"], s["recall"]) == (0.25, 1.0)
    s = score(docs, Predicted(cluster={"a": "a", "b": "b", "c": "a", "d": "d"}))
    assert (s["false_negatives"], s["false_positives"], s["recall"]) == (1, 0, 0.0)


def test_straddling_and_moved_records_are_counted():
    before = Predicted(id={"a": "1", "b": "2"}, cluster={"a": "1", "b": "1"},
                       split={"a": "train", "b": "test"}, duplicate_of={"a": None, "b": "1"})
    after = Predicted(id={"a": "1", "b": "2"}, cluster={"a": "1", "b": "2"},
                      split={"a": "train", "b": "train"}, duplicate_of={"a": None, "b": None})
    assert straddling(before) == 1 and straddling(after) == 0
    assert moved(before, after) == {"split": 1, "duplicate_of": 1}
