"""Scoring duplicate clusters pairwise against true similarities, for ``eval_dedup.py``.

A pair of documents is a *positive* when the word 5-gram Jaccard similarity of their true
bodies is at least POSITIVE (0.8), a *negative* below NEGATIVE (0.5); pairs in between are
neither (no tool is wrong to link them or not). Predicted pairs are the pairs of one
cluster (a document and its ``duplicate_of``, and the other copies of that kept one).
Every pair the truth does not group and the tool does not link is taken as a negative
(gen_corpus.py keeps unrelated documents below a Jaccard of 0.31), so only the truth's
groups and the tool's clusters need their similarities computed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POSITIVE = 0.8
NEGATIVE = 0.5
SHINGLE = 5


def shingles(text: str, size: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    """Word shingles as newspack's signature sees words (runs of letters and digits)."""
    from newspack.extract.signature import words

    w = words(text)
    if len(w) <= size:
        return frozenset([tuple(w)])
    return frozenset(tuple(w[i:i + size]) for i in range(len(w) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass(frozen=True)
class Doc:
    """One input as the truth knows it: its file (the record's source_file), its true
    group, its true body, and the week (version) it arrives in."""

    file: str
    group: str
    body: str
    week: int = 1


@dataclass
class Predicted:
    """A built version's records by source_file: id, kept id (own id when kept), split."""

    id: dict[str, str] = field(default_factory=dict)
    cluster: dict[str, str] = field(default_factory=dict)
    split: dict[str, str] = field(default_factory=dict)
    duplicate_of: dict[str, str | None] = field(default_factory=dict)


def read_version(vdir: Path) -> Predicted:
    """The records of a published version (its data shards)."""
    import pyarrow.parquet as pq

    p = Predicted()
    for path in sorted((vdir / "data").glob("*/*.parquet")):
        split = path.name.split("-", 1)[0]
        for r in pq.read_table(path, columns=["id", "source_file", "duplicate_of"]).to_pylist():
            src = r["source_file"]
            p.id[src], p.duplicate_of[src], p.split[src] = r["id"], r["duplicate_of"], split
            p.cluster[src] = r["duplicate_of"] or r["id"]
    return p


def _pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for members in groups.values()
            for pair in itertools.combinations(sorted(members), 2)}


def _groups(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for member, group in items:
        out[group].append(member)
    return out


def score(docs: list[Doc], pred: Predicted, only=None) -> dict[str, Any]:
    """Pairwise precision, recall and F1 over the documents the version holds; ``only(a, b)``
    narrows the pairs counted (cross-version pairs, say)."""
    by_file = {d.file: d for d in docs if d.file in pred.cluster}
    sets = {f: shingles(d.body) for f, d in by_file.items()}
    truth = _pairs(_groups((f, d.group) for f, d in by_file.items()))
    linked = _pairs(_groups((f, pred.cluster[f]) for f in by_file))
    sim = {pair: jaccard(sets[pair[0]], sets[pair[1]]) for pair in truth | linked}
    keep = (lambda pair: True) if only is None else (lambda pair: only(*pair))
    positives = {p for p in truth if sim[p] >= POSITIVE and keep(p)}
    tp = len(positives & linked)
    fp_pairs = sorted(p for p in linked if sim[p] < NEGATIVE and keep(p))
    fn_pairs = sorted(positives - linked)
    precision = tp / (tp + len(fp_pairs)) if tp + len(fp_pairs) else None
    recall = tp / len(positives) if positives else None
    f1 = (2 * precision * recall / (precision + recall)
          if precision and recall else (0.0 if positives else None))
    return {"docs": len(by_file), "positives": len(positives), "true_positives": tp,
            "false_positives": len(fp_pairs), "false_negatives": len(fn_pairs),
            "grey_linked": sum(1 for p in linked if NEGATIVE <= sim[p] < POSITIVE and keep(p)),
            "precision": precision, "recall": recall, "f1": f1,
            "examples": {"false_positive": [(*p, round(sim[p], 3)) for p in fp_pairs[:5]],
                         "false_negative": [(*p, round(sim[p], 3)) for p in fn_pairs[:5]]}}


def straddling(pred: Predicted) -> int:
    """Clusters whose records are in more than one split (test text leaking into train)."""
    splits: dict[str, set[str]] = defaultdict(set)
    for src, cluster in pred.cluster.items():
        splits[cluster].add(pred.split[src])
    return sum(len(s) > 1 for s in splits.values())


def moved(before: Predicted, after: Predicted) -> dict[str, int]:
    """Records of the earlier version whose split or duplicate_of the later one changed."""
    common = [s for s in before.id if s in after.id]
    return {"split": sum(before.split[s] != after.split[s] for s in common),
            "duplicate_of": sum(before.duplicate_of[s] != after.duplicate_of[s] for s in common)}
