"""A corpus built as two weekly versions into one store, and the figures ``eval_dedup.py``
reports for it: pairwise precision / recall / F1 in each version, recall of the pairs that
span the weeks (a copy arriving in week 2 of a story published in week 1), clusters
straddling splits, and week-1 records the second version moved or re-pointed."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from .corpus import link_files
from .dedup_score import Doc, moved, read_version, score, straddling

SHARES = {"validation": 0.1, "test": 0.1}  # as in the corpus: leaks can happen


def eval_config(workers: int) -> Any:
    """The default configuration with validation and test splits and ``workers`` set."""
    from newspack.config import Config, SplitConfig

    config = Config(splits=SplitConfig(**SHARES))
    return replace(config, build=replace(config.build, workers=workers))


def two_weeks(docs: list[Doc], root: Path, work: Path, workers: int = 1) -> dict[str, Any]:
    """Build the week-1 documents (files under ``root``), then add the week-2 ones and
    build again into the same store; score both versions."""
    from newspack.build import build

    inputs, out = work / "inputs", work / "store"
    config = eval_config(workers)
    built, seconds = [], []
    for week in (1, 2):
        link_files([root / d.file for d in docs if d.week == week], root, inputs)
        start = time.perf_counter()
        result = build([str(inputs)], out, config, progress=False)
        seconds.append(time.perf_counter() - start)
        if result.version is None:
            raise RuntimeError(f"week {week}: the build published nothing ({result.summary})")
        built.append(result.version)
    v1, v2 = (read_version(out / "versions" / v) for v in built)
    week = {d.file: d.week for d in docs}
    cross = score(docs, v2, lambda a, b: week[a] != week[b])
    return {"versions": built, "build_s": seconds,
            "week1": score(docs, v1), "week2": score(docs, v2),
            "cross_version": cross, "cross_version_recall": cross["recall"],
            "straddling": {"week1": straddling(v1), "week2": straddling(v2)},
            "moved": moved(v1, v2), "store": out}
