"""What each bench stage does (floor, datasets, newspack, extract, versions), once its
subprocess has imported what it needs; ``bench_runner`` times it there. Heavy imports stay
inside the functions: workers import this module again."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .bench_dedup import stage_dedup
from .bench_engines import stage_engines
from .corpus import ADDED, input_files, link_files
from .sampler import TreeSampler

STAGES = ("floor", "datasets", "newspack")  # the rows of the throughput table
ALL_STAGES = (*STAGES, "extract", "versions", "dedup", "engines")
EXTRACT_DOCS = 2000


def stage_floor(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths, texts = [], []
    for p in input_files(corpus):
        paths.append(p.relative_to(corpus).as_posix())
        texts.append(p.read_bytes().decode("utf-8", errors="replace"))
    pq.write_table(pa.table({"path": paths, "text": texts}), work / "floor.parquet")
    return {"rows": len(paths)}


_detector: Any = None


def _language_detector() -> Any:
    """One lingua detector per process, built on first use (as a user's map function would)."""
    global _detector
    if _detector is None:
        from lingua import Language, LanguageDetectorBuilder

        _detector = LanguageDetectorBuilder.from_languages(
            Language.BOKMAL, Language.NYNORSK, Language.DANISH, Language.SWEDISH,
            Language.ENGLISH, Language.GERMAN).build()
    return _detector


def _read_files(paths: list[str], root: str) -> Iterator[dict[str, str]]:
    for path in paths:
        with open(os.path.join(root, path), "rb") as f:
            yield {"path": path, "text": f.read().decode("utf-8", errors="replace")}


def _annotate(row: dict[str, Any]) -> dict[str, Any]:
    text = row["text"]
    language = _language_detector().detect_language_of(text)
    return {"language": language.iso_code_639_1.name.lower() if language else "und",
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "n_chars": len(text), "n_words": len(text.split())}


def stage_datasets(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    import datasets

    datasets.disable_progress_bars()
    cache = work / "hf-cache"
    paths = [p.relative_to(corpus).as_posix() for p in input_files(corpus)]
    ds = datasets.Dataset.from_generator(_read_files, cache_dir=str(cache),
                                         gen_kwargs={"paths": paths, "root": str(corpus)})
    ds = ds.map(_annotate, num_proc=workers if workers > 1 else None)
    ds.to_parquet(str(work / "datasets.parquet"))
    return {"rows": len(ds)}


def newspack_config(workers: int) -> Any:
    """The default configuration, with ``build.workers`` set."""
    from dataclasses import replace

    from newspack.config import Config

    config = Config()
    return replace(config, build=replace(config.build, workers=workers))


def stage_newspack(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    from newspack.build import build

    result = build(sources=[str(corpus)], out=work / "out", config=newspack_config(workers),
                   progress=False)
    counts = {**result.counts, **getattr(result, "work", {})}  # work: extracted / cached
    return {"rows": counts.get("records"), "counts": counts}


def _time_extract(docs: list[Any], config: Any) -> tuple[float, list[Any]]:
    from newspack.extract.document import extract

    start = time.perf_counter()
    results = [extract(doc, config) for doc in docs]
    return time.perf_counter() - start, results


def stage_extract(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """extract() in this process, with and without language identification."""
    from unittest import mock

    from newspack.extract import document as extract_module
    from newspack.extract.document import RawDoc

    config = newspack_config(1)
    docs = [RawDoc(p.relative_to(corpus).as_posix(), p.read_bytes())
            for p in input_files(corpus)[:EXTRACT_DOCS]]
    start = time.perf_counter()
    extract_module.extract(docs[0], config)  # loads rules and language models: timed apart
    warmup = time.perf_counter() - start
    with_language, _ = _time_extract(docs, config)
    # identify's own answer for a text too short to judge: "und", whatever its return type
    undetermined = extract_module.identify("", config.language.languages)
    with mock.patch.object(extract_module, "identify", lambda *a, **k: undetermined):
        without_language, results = _time_extract(docs, config)
    if any(getattr(r, "language", "und") != "und" for r in results):
        raise RuntimeError("stubbing newspack.extract.document.identify no longer turns language "
                           "identification off: bench.py needs updating")
    return {"docs": len(docs), "bytes": sum(len(d.data) for d in docs), "warmup": warmup,
            "with_language": with_language, "without_language": without_language}


def store_bytes(root: Path, distinct: bool = True) -> int:
    """Bytes of the files under ``root``; ``distinct``: each inode (hard links) once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for folder, _, names in os.walk(root):
        for name in names:
            st = os.lstat(os.path.join(folder, name))
            if distinct and (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return total


def timed_build(inputs: Path, out: Path, config: Any) -> dict[str, Any]:
    """One ``build`` of ``inputs`` into ``out``: its time, CPU and what it reported."""
    from newspack.build import build

    with TreeSampler() as sampler:
        start = time.perf_counter()
        result = build([str(inputs)], out, config, progress=False)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, **sampler.figures(), "version": result.version,
            "previous": result.previous, "summary": result.summary, "counts": result.counts,
            "work": dict(result.work), "warnings": list(result.warnings)}


def stage_versions(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """Full build, no-change rebuild, +1 % documents, and what the new version stores."""
    config = newspack_config(workers)
    inputs, out, added = work / "corpus", work / "out", corpus.parent / ADDED
    link_files(input_files(corpus), corpus, inputs)  # a copy of its own, to add to
    versions = out / "versions"
    steps = {"full": timed_build(inputs, out, config)}
    steps["no_change"] = timed_build(inputs, out, config)
    before = store_bytes(versions)
    new = input_files(added)
    link_files(new, added, inputs)
    steps["plus_1pct"] = timed_build(inputs, out, config)
    first = steps["full"]["version"]
    storage = {"before": before, "after": store_bytes(versions),
               "full_copy": store_bytes(versions / first, distinct=False) if first else 0}
    return {"docs": len(input_files(corpus)), "added": len(new), "steps": steps,
            "storage": storage}


RUNNERS = {"floor": stage_floor, "datasets": stage_datasets, "newspack": stage_newspack,
           "extract": stage_extract, "versions": stage_versions, "dedup": stage_dedup,
           "engines": stage_engines}
# Imported before the clock starts: a stage's time is its work, not its imports.
IMPORTS = {"floor": ("pyarrow.parquet",), "datasets": ("datasets", "lingua"),
           "newspack": ("newspack.build",), "extract": ("newspack.extract.document",),
           "versions": ("newspack.build",), "dedup": ("newspack.build",),
           "engines": ("newspack.build", "ray")}
