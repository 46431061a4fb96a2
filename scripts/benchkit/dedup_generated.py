"""``eval_dedup.py`` on a generated corpus: gen_corpus.py's exact and near copies (its
truth's dup_group), the first WEEK1_SHARE of the files published as week 1 and the rest
added as week 2, so that week 2 holds new copies of week-1 stories and copies whose ids
sort before the original's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .corpus import NOT_INPUTS, TRUTH, generate, read_truth
from .dedup_score import Doc
from .dedup_weeks import two_weeks

WEEK1_SHARE = 0.6


def truth_docs(truth: list[dict[str, Any]]) -> list[Doc]:
    """One Doc per truth row: the group of its original, the true body, its week."""
    first_week = round(WEEK1_SHARE * len(truth))
    return [Doc(t["file"], str(t["dup_group"]), "\n\n".join(t["body"]),
                1 if i < first_week else 2) for i, t in enumerate(truth)]


def eval_generated(docs: int, seed: int, sentences: Path | None, work: Path,
                   near_rate: float = 0.2, dup_rate: float = 0.05,
                   workers: int = 1) -> dict[str, Any]:
    corpus = work / "generated"
    generate(corpus, docs, seed, sentences, "eval_dedup",
             ("--near-dup-rate", str(near_rate), "--dup-rate", str(dup_rate)))
    truth = read_truth(corpus / TRUTH)
    for name in NOT_INPUTS:
        (corpus / name).unlink(missing_ok=True)
    figures = two_weeks(truth_docs(truth), corpus, work / "generated-build", workers)
    kinds = {k: sum(t["dup_kind"] == k for t in truth) for k in ("exact", "near")}
    shutil.rmtree(corpus, ignore_errors=True)
    return {"docs": docs, "seed": seed, "near_rate": near_rate, "dup_rate": dup_rate,
            "copies": kinds, **figures}
