#!/usr/bin/env python3
"""Are wire copies linked, and kept apart from stories that only look alike? Duplicate
figures on copies whose true similarity is known, built as two weekly versions.

Two sets, each published as week 1, then grown by week 2 into the same store (the default
configuration, with validation and test shares of 0.1 each, so that leaks can happen):

1. **Generated.** ``scripts/gen_corpus.py`` writes ``--docs`` articles with exact copies
   (``--dup-rate``) and near copies (``--near-dup-rate``: 3-12 % of an original's sentences
   replaced, deleted or inserted) of random earlier originals; its truth's ``dup_group``
   says which belong together and ``body`` what each says. The first 60 % of the files
   are week 1, so week 2 brings new copies of week-1 stories, some with ids that sort first.
2. **Hand-made** (``scripts/benchkit/dedup_cases.toml``). One agency story in each of nb,
   nn, da, sv, en and de, republished with a local first sentence, a trimmed end, an
   appended correction, two paragraphs swapped, another headline, inside a site's page
   template, and with several edits at once; and hard negatives: another story on the
   topic quoting the same person and repeating the same background paragraph, a brief
   around the quote, a different story in the same page template, and a follow-up that
   reuses four of the story's paragraphs (a Jaccard similarity of 0.3).

Scoring is pairwise (``benchkit/dedup_score.py``): a pair is a positive when the word
5-gram Jaccard similarity of the true bodies is >= 0.8, a negative below 0.5, neither in
between; a predicted pair is two records of one cluster (``duplicate_of``). Cross-version
recall counts the positives with one document in each week; "straddling" counts clusters
whose records are in more than one split; "moved" counts week-1 records whose split or
``duplicate_of`` the second version changed.

Targets: pairwise F1 >= 0.95 in each version of each set, precision 1.0 on the hand-made
set (its hard negatives), cross-version recall >= 0.95, 0 straddling clusters, 0 week-1
records moved or re-pointed. The exit code is 1 when a target fails
(``tests/scripts/test_eval_dedup.py`` runs this on a small corpus).

Usage::

    python scripts/eval_dedup.py [--docs 2000] [--seed 7] [--near-dup-rate 0.2]
                                 [--dup-rate 0.05] [--workers N] [--no-generated]
                                 [--json] [--examples]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # scripts/ is no installed package: benchkit/ lies beside us
    sys.path.insert(0, str(HERE))

from benchkit.corpus import find_sentences_dir  # noqa: E402
from benchkit.dedup_generated import eval_generated  # noqa: E402
from benchkit.dedup_hand import eval_hand  # noqa: E402
from benchkit.dedup_report import failures, print_report  # noqa: E402


def evaluate(docs: int = 2000, seed: int = 7, near_rate: float = 0.2, dup_rate: float = 0.05,
             workers: int = 1, generated: bool = True,
             sentences: Path | None = None) -> dict[str, Any]:
    """Every figure of both sets (the generated one unless ``generated`` is False)."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="eval_dedup-") as tmp:
        work = Path(tmp)
        figures["hand"] = eval_hand(work, workers)
        if generated:
            figures["generated"] = eval_generated(docs, seed, sentences or find_sentences_dir(),
                                                  work, near_rate, dup_rate, workers)
        for f in figures.values():
            f.pop("store", None)  # a folder that is gone once this returns
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--docs", type=int, default=2000, help="generated documents (default 2000)")
    ap.add_argument("--seed", type=int, default=7, help="gen_corpus.py seed (default 7)")
    ap.add_argument("--near-dup-rate", type=float, default=0.2,
                    help="share of near copies in the generated corpus (default 0.2)")
    ap.add_argument("--dup-rate", type=float, default=0.05,
                    help="share of exact copies in the generated corpus (default 0.05)")
    ap.add_argument("--workers", type=int, default=1, help="newspack build workers (default 1)")
    ap.add_argument("--no-generated", action="store_true", help="the hand-made set only")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    ap.add_argument("--examples", action="store_true", help="print missed and wrong pairs")
    args = ap.parse_args(argv)
    if args.docs < 10:
        ap.error("--docs must be >= 10")
    figures = evaluate(args.docs, args.seed, args.near_dup_rate, args.dup_rate, args.workers,
                       not args.no_generated)
    if args.json:
        print(json.dumps({"figures": figures, "failed": [r.label for r in failures(figures)]},
                         indent=1, ensure_ascii=False))
    else:
        print_report(figures, args.examples)
    return 1 if failures(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
