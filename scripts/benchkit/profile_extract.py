"""Where ``newspack.extract.document.analyse`` spends its time, step by step, in this process.

Each function ``analyse`` calls through ``newspack.extract.document``'s module attributes
is wrapped (``unittest.mock.patch.object``) by a timer that adds its time and calls up;
what no wrapper sees (building the Record, hashing, sorting the removed lines, the
id, ...) is "Record + rest". Wrapping adds a few µs per call (two clock reads and a
Python call; ``squash`` is called once a line), which lands partly in the step and partly
in the rest: the table shows analyse() unwrapped beside the wrapped total for scale.
Every figure is the minimum over PASSES passes (the machine is shared and noisy), taken
for each step on its own, after one untimed call that loads the rules and models.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

DOCS = 2000
PASSES = 3
# (attribute of newspack.extract.document, the step's name in the table)
STEPS = (("decode", "decode"), ("read_page", "read_page (html only)"),
         ("squash", "squash/split lines"), ("read_head", "read_head"),
         ("clean_lines", "clean_lines"), ("words_of", "words_of"), ("identify", "identify"),
         ("redact", "redact"), ("_date", "_date"), ("split_known", "split_known"),
         ("signals", "signals"), ("signature", "signature"))
REST = "Record + rest"
HTML = (".html", ".htm")


def _timed(fn: Any, slot: list) -> Any:
    clock = time.perf_counter

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            slot[0] += clock() - start
            slot[1] += 1

    return wrapper


def load_docs(corpus: Path, limit: int = DOCS) -> list[Any]:
    """The first ``limit`` input files of the corpus as RawDocs (html by their suffix)."""
    from benchkit.corpus import input_files
    from newspack.extract.document import RawDoc

    return [RawDoc(p.relative_to(corpus).as_posix(), p.read_bytes(),
                   fmt="html" if p.suffix.lower() in HTML else "text")
            for p in input_files(corpus)[:limit]]


def _pass(docs: list[Any], config: Any, analyse: Any) -> float:
    start = time.perf_counter()
    for doc in docs:
        analyse(doc, config)
    return time.perf_counter() - start


def profile_steps(corpus: Path, limit: int = DOCS, passes: int = PASSES) -> dict[str, Any]:
    """Seconds and calls of each step over the first ``limit`` documents, the wrapped and
    the unwrapped analyse(), each the minimum of ``passes`` passes."""
    from contextlib import ExitStack
    from unittest import mock

    from benchkit.bench_stages import newspack_config
    from newspack.extract import document

    config = newspack_config(1)
    docs = load_docs(corpus, limit)
    if not docs:
        raise SystemExit(f"profile_build: no input files in {corpus}")
    start = time.perf_counter()
    document.analyse(docs[0], config)  # loads the rules and language models: not timed
    warmup = time.perf_counter() - start
    present = [(name, step) for name, step in STEPS if hasattr(document, name)]
    plains = []
    best: dict[str, list[float]] = {}
    totals = []
    for _ in range(passes):  # unwrapped and wrapped passes take turns: the same noise
        plains.append(_pass(docs, config, document.analyse))
        slots = {name: [0.0, 0] for name, _ in present}
        with ExitStack() as stack:
            for name, _ in present:
                stack.enter_context(mock.patch.object(
                    document, name, _timed(getattr(document, name), slots[name])))
            total = _pass(docs, config, document.analyse)
        totals.append(total)
        figures = {step: slots[name] for name, step in present}
        figures[REST] = [total - sum(s for s, _ in slots.values()), len(docs)]
        for step, (seconds, calls) in figures.items():
            if step not in best or seconds < best[step][0]:
                best[step] = [seconds, calls]
    wrapped, plain = min(totals), min(plains)
    rows = []
    for _, step in [*STEPS, (None, REST)]:
        seconds, calls = best.get(step, [None, None])
        rows.append({"step": step, "seconds": seconds, "calls": calls,
                     "ms_per_doc": None if seconds is None else 1000 * seconds / len(docs),
                     "share": None if seconds is None else seconds / wrapped})
    return {"docs": len(docs), "bytes": sum(len(d.data) for d in docs), "passes": passes,
            "warmup": warmup, "wrapped": wrapped, "unwrapped": plain, "steps": rows,
            "missing": [step for name, step in STEPS if not hasattr(document, name)]}
