#!/usr/bin/env python3
"""How fast newspack builds a dataset, next to the least work any tool must do.

    python scripts/bench.py [--docs 10000] [--seed 0] [--workers N] [--skip STAGE,...]
                            [--keep DIR] [--json]

One run generates a corpus with ``scripts/gen_corpus.py`` (its ``_truth.jsonl`` and
``_meta.json`` are moved out: they are not inputs) and times up to five stages on it, each
in a fresh subprocess of this script, so that one stage's imports, caches and memory
never flatter or burden another. ``--skip`` leaves stages out, e.g. ``--skip
floor,datasets,extract`` for a quick run of newspack and versions, or ``--skip
floor,datasets,newspack,extract`` for versions alone.

floor
    Read every file, decode it as UTF-8, write one Parquet file (path, text) with
    pyarrow, in one process. Nothing can turn files into a dataset faster.
datasets
    What a user would write by hand with Hugging Face ``datasets``:
    ``Dataset.from_generator`` over the files, ``.map(num_proc=WORKERS)`` adding the
    language (lingua, one detector per process), sha256 and char/word counts, then
    ``.to_parquet``. It does less than newspack (no cleaning, metadata, duplicates,
    versions), so it is the bar newspack should come close to, not beat by design.
newspack
    ``newspack.build.build`` end to end: listing, extraction on the worker pool,
    corpus stages, shards, card, manifest, publishing the version.
extract
    ``newspack.extract.extract`` in one process on (up to) the first 2,000 documents,
    once as is and once with language identification stubbed out; the difference is
    what language identification costs per document.
versions
    Incremental rebuilds and the version store, with ``newspack.build.build`` on one output
    folder: (1) a full build into an empty folder; (2) the same build again on the
    unchanged corpus, which must publish nothing (``result.version is None``); (3) the
    build after adding 1 % new documents (DOCS // 100, at least one), which must publish
    a new MINOR version; (4) the bytes that version adds to ``DIR/versions/`` (each file
    counted once per inode: versions share unchanged files through hard links;
    ``DIR/.cache`` is not counted), next to a full copy (every file of the first version).
    Each step is set against its target: no-change rebuild <= 5 % of the full build's
    time, +1 % documents <= 10 %, storage added by +1 % <= 25 % of a full copy (the
    PASS/FAIL column is informative: the exit code ignores it). The new documents are
    real ones: the corpus is generated with DOCS + DOCS // 100 documents (gen_corpus.py
    is deterministic and writes them in order, so the first DOCS are the ones a DOCS
    corpus would hold) and the last DOCS // 100 are set aside beside the corpus; every
    other stage sees exactly DOCS documents. Without the versions stage the corpus has
    DOCS documents from the start.

Reading the figures: ``docs/s`` and ``MB/s`` (input bytes, 10^6) are the stage's
throughput over its timed part (imports and interpreter start are not timed).
``CPUs`` is the CPU time the stage's processes used per second of it (2.0 keeps two
CPUs busy); ``others`` is what the rest of the machine used meanwhile: above 0.25 the
timings are pessimistic and the report says so (run again on a quiet machine).
``CPU ms/doc`` is the stage's CPU time per document: it changes far less than wall time
when other work shares the machine, so compare it when ``others`` is high (the versions
steps show ``CPU s`` for the same reason).
``peak MB`` is the resident-set high-water mark of the stage's process or of its
largest reaped child (``getrusage``), whichever is higher: the most one process held.
``tree MB`` is the highest total RSS of the stage's whole process tree, sampled every
100 ms from /proc (workers share pages they inherit, so the sum over-counts them a
little); it catches workers ``getrusage`` cannot see, such as a forkserver's.
``newspack x`` is newspack's docs/s divided by the row's docs/s: above 1, newspack is
the faster. The newspack build is a cold one: a fresh output folder, so an empty
extraction cache. Timings vary by several per cent between runs; tests never assert them.

This module is imported again by every newspack worker (multiprocessing's forkserver
re-imports ``__main__``), so it imports only the standard library at the top.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "gen_corpus.py"
# Where the labelled sentences gen_corpus.py needs may lie: beside the project (its own
# default) or in the shared folder next to the project.
SENTENCE_DIRS = (HERE.parent / "corpus" / "ud-dev", HERE.parent.parent / "shared" / "corpus" /
                 "ud-dev")
NOT_INPUTS = ("_truth.jsonl", "_meta.json")
TRUTH = "_truth.jsonl"  # one object per document, in file order: its "file" names the file
ADDED = "added"  # beside the corpus: the documents the versions stage adds (+1 %)
STAGES = ("floor", "datasets", "newspack")  # the rows of the throughput table
ALL_STAGES = (*STAGES, "extract", "versions")
EXTRACT_DOCS = 2000
SAMPLE_SECONDS = 0.1
NOISY_CPUS = 0.25  # other processes using more than this spoil the timings
MB = 1e6
# The targets for the versions stage: share of the full build's time (rebuilds) or
# of a full copy's bytes (storage).
TARGETS = {"no_change": 0.05, "plus_1pct": 0.10, "storage": 0.25}


# --- the corpus -------------------------------------------------------------------------------

def sentences_dir(given: str | None) -> Path | None:
    """The folder of labelled sentences for gen_corpus.py: the given one, else the first found."""
    if given:
        return Path(given)
    return next((d for d in SENTENCE_DIRS if (d / "nb.txt").is_file()), None)


def generate(corpus: Path, docs: int, seed: int, sentences: Path | None) -> None:
    """Write the corpus with gen_corpus.py, then move its truth and metadata beside it."""
    cmd = [sys.executable, str(GENERATOR), "--out", str(corpus), "--docs", str(docs),
           "--seed", str(seed), "--quiet"]
    if sentences:
        cmd += ["--sentences-dir", str(sentences)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.exit(f"bench: gen_corpus.py failed ({proc.returncode}): {proc.stderr.strip()}")
    for name in NOT_INPUTS:
        if (corpus / name).exists():
            shutil.move(corpus / name, corpus.parent / name)


def input_files(corpus: Path) -> list[Path]:
    """The corpus's files in a stable order, hidden ones left out (as newspack does)."""
    return sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))


def added_docs(docs: int) -> int:
    """How many new documents the versions stage adds to a corpus of ``docs``: 1 %."""
    return max(1, docs // 100)


def set_aside(corpus: Path, aside: Path, docs: int, count: int) -> None:
    """Move the last ``count`` documents gen_corpus.py wrote (in the truth file's order) out
    of the corpus into ``aside``, leaving exactly the ``docs`` a ``docs`` corpus would hold."""
    aside.mkdir(parents=True, exist_ok=True)
    with open(corpus.parent / TRUTH, encoding="utf-8") as f:
        names = [json.loads(line)["file"] for line in f if line.strip()]
    if len(names) != docs + count:
        sys.exit(f"bench: {TRUTH} lists {len(names):,} documents, not {docs + count:,}")
    for name in names[docs:]:
        shutil.move(corpus / name, aside / name)
    left = len(input_files(corpus))
    if left != docs:
        sys.exit(f"bench: {left:,} documents left in {corpus} after setting {count:,} aside, "
                 f"not {docs:,}")


def link_files(files: list[Path], root: Path, target: Path) -> None:
    """Hard-link (else copy) ``files`` from under ``root`` to the same places under ``target``."""
    for src in files:
        dst = target / src.relative_to(root)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:  # no hard links here (another device, FAT)
            shutil.copy2(src, dst)


def corpus_size(corpus: Path) -> dict[str, int]:
    files = input_files(corpus)
    return {"docs": len(files), "bytes": sum(p.stat().st_size for p in files)}


# --- memory and CPU ---------------------------------------------------------------------------

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, resident bytes, CPU ticks used) of every process (Linux /proc)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()  # fields[0] is stat field 3
        except (OSError, IndexError):
            continue  # the process ended while we looked
        found[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE,
                                  int(fields[11]) + int(fields[12]))  # ppid, rss, utime+stime
    return found


def _tree(processes: dict[int, tuple[int, int, int]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = [], [root]
    while todo:
        tree.append(pid := todo.pop())
        todo.extend(children.get(pid, ()))
    return tree


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (user, nice, system, irq)."""
    with open("/proc/stat", encoding="ascii") as f:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, f.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / TICK


class TreeSampler:
    """Samples this process's tree every 100 ms in a thread: the highest total RSS seen, and
    the CPU time each process had used when last seen (workers of a forkserver included,
    which ``getrusage`` never sees)."""

    def __init__(self) -> None:
        self.available = Path("/proc/self/stat").exists()
        self.peak = 0
        self._cpu: dict[int, int] = {}
        self._start: dict[int, int] = {}
        self._busy = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        processes = _processes()
        tree = _tree(processes, os.getpid())
        self.peak = max(self.peak, sum(processes[p][1] for p in tree if p in processes))
        self._cpu.update((p, processes[p][2]) for p in tree if p in processes)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample()

    def __enter__(self) -> TreeSampler:
        if self.available:
            self._busy = machine_busy_s()
            self._sample()
            self._start = dict(self._cpu)  # count only what is used from here on
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.available:
            self._stop.set()
            self._thread.join()
            self._sample()
            self._busy = machine_busy_s() - self._busy

    def figures(self) -> dict[str, float | None]:
        """Peak tree RSS (MB), the tree's CPU seconds, and CPU seconds of the whole machine."""
        if not self.available:
            return {"tree_mb": None, "cpu_s": None, "machine_cpu_s": None}
        cpu = sum(t - self._start.get(p, 0) for p, t in self._cpu.items()) / TICK
        return {"tree_mb": self.peak / MB, "cpu_s": cpu, "machine_cpu_s": self._busy}


def peak_rss_mb() -> dict[str, float]:
    """High-water marks of this process and of its largest reaped child, in MB."""
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux reports KiB
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_mb": max(self_kib, child_kib) * 1024 / MB, "self_mb": self_kib * 1024 / MB,
            "children_mb": child_kib * 1024 / MB}


# --- the stages (each runs in its own subprocess) ---------------------------------------------

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
    from newspack.extract import extract

    start = time.perf_counter()
    results = [extract(doc, config) for doc in docs]
    return time.perf_counter() - start, results


def stage_extract(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """extract() in this process, with and without language identification."""
    from unittest import mock

    from newspack import extract as extract_module
    from newspack.extract import RawDoc

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
        raise RuntimeError("stubbing newspack.extract.identify no longer turns language "
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
           "extract": stage_extract, "versions": stage_versions}
# Imported before the clock starts: a stage's time is its work, not its imports.
IMPORTS = {"floor": ("pyarrow.parquet",), "datasets": ("datasets", "lingua"),
           "newspack": ("newspack.build",), "extract": ("newspack.extract",),
           "versions": ("newspack.build",)}


def run_stage(name: str, corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """Time one stage in this process; its JSON is the last line this process prints."""
    work.mkdir(parents=True, exist_ok=True)
    for module in IMPORTS[name]:
        importlib.import_module(module)
    with TreeSampler() as sampler:
        start = time.perf_counter()
        extra = RUNNERS[name](corpus, work, workers)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, **peak_rss_mb(), **sampler.figures(), **extra}


def spawn_stage(name: str, corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """Run one stage in a fresh subprocess of this script and return what it measured."""
    env = {**os.environ, "HF_HOME": str(work / name / "hf-home"),
           "HF_DATASETS_CACHE": str(work / name / "hf-cache"),
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
           "TOKENIZERS_PARALLELISM": "false"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_run", name, "--_corpus",
           str(corpus), "--_work", str(work / name), "--workers", str(workers)]
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        sys.exit(f"bench: stage {name} failed ({proc.returncode}):\n{proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the report ---------------------------------------------------------------------------------

def cpu_use(st: dict[str, Any], docs: int) -> dict[str, float | None]:
    """CPUs a stage kept busy on average, CPUs the rest of the machine did meanwhile, and the
    stage's CPU time per document (which contention changes far less than wall time)."""
    if st["cpu_s"] is None:
        return {"cpus": None, "other_cpus": None, "cpu_ms_per_doc": None}
    other = max(0.0, st["machine_cpu_s"] - st["cpu_s"])
    return {"cpus": st["cpu_s"] / st["seconds"], "other_cpus": other / st["seconds"],
            "cpu_ms_per_doc": 1000 * st["cpu_s"] / docs}


def summarise(stages: dict[str, dict[str, Any]], size: dict[str, int]) -> None:
    """Add docs/s, MB/s, CPUs used (by the stage, by everything else) and newspack's speed
    relative to each stage, in place."""
    for st in stages.values():
        st["docs_per_s"] = size["docs"] / st["seconds"]
        st["mb_per_s"] = size["bytes"] / MB / st["seconds"]
        st.update(cpu_use(st, size["docs"]))
    ours = stages["newspack"]["docs_per_s"] if "newspack" in stages else None
    for st in stages.values():
        st["newspack_x"] = ours / st["docs_per_s"] if ours else None


def extract_figures(ex: dict[str, Any]) -> dict[str, float]:
    n = ex["docs"]
    with_ms, without_ms = (1000 * ex[k] / n for k in ("with_language", "without_language"))
    return {"docs": n, "warmup_s": ex["warmup"],
            "with_language_docs_per_s": n / ex["with_language"], "with_language_ms": with_ms,
            "without_language_docs_per_s": n / ex["without_language"],
            "without_language_ms": without_ms, "language_ms": with_ms - without_ms,
            "language_share": (with_ms - without_ms) / with_ms,
            "other_cpus": cpu_use(ex, n)["other_cpus"]}


PARTS = ("major", "minor", "patch")


def bump(previous: str | None, version: str | None) -> str | None:
    """The part of the version number that changed from ``previous`` to ``version``."""
    if not (previous and version):
        return None
    old, new = ([int(x) for x in v.removeprefix("v").split(".")] for v in (previous, version))
    return next((part for part, a, b in zip(PARTS, old, new, strict=True) if a != b), None)


def check(value: float | None, target: float) -> dict[str, Any]:
    """A measured share against its target (no value: not met)."""
    return {"value": value, "target": target, "pass": value is not None and value <= target}


def versions_figures(v: dict[str, Any]) -> dict[str, Any]:
    """Add to the versions stage's figures: each step's share of the full build's time and the
    CPUs others used meanwhile, the bytes the +1 % version added, and the checks."""
    steps, storage = v["steps"], v["storage"]
    full = steps["full"]["seconds"]
    for step in steps.values():
        step["share_of_full"] = step["seconds"] / full
        step["other_cpus"] = cpu_use(step, v["docs"])["other_cpus"]
    storage["added"] = storage["after"] - storage["before"]
    storage["share_of_full_copy"] = (storage["added"] / storage["full_copy"]
                                     if storage["full_copy"] else None)
    plus = steps["plus_1pct"]
    v["bump"] = bump(plus["previous"], plus["version"])
    v["checks"] = {
        "no_change": check(steps["no_change"]["share_of_full"], TARGETS["no_change"]),
        "plus_1pct": check(plus["share_of_full"], TARGETS["plus_1pct"]),
        "storage": check(storage["share_of_full_copy"], TARGETS["storage"]),
        "no_change_publishes_nothing": {"pass": steps["no_change"]["version"] is None},
        "plus_1pct_is_minor": {"pass": v["bump"] == "minor"},
    }
    return v


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


COLUMNS = (  # heading, width, key, format
    ("seconds", 9, "seconds", ".2f"), ("docs/s", 9, "docs_per_s", ",.0f"),
    ("MB/s", 8, "mb_per_s", ".2f"), ("CPUs", 6, "cpus", ".2f"), ("others", 8, "other_cpus", ".2f"),
    ("CPU ms/doc", 12, "cpu_ms_per_doc", ".2f"),
    ("peak MB", 9, "peak_mb", ",.0f"), ("tree MB", 9, "tree_mb", ",.0f"),
    ("rows", 8, "rows", ","), ("newspack x", 12, "newspack_x", ".2f"))


def table(stages: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"{'stage':<10}" + "".join(f"{head:>{width}}" for head, width, _, _ in COLUMNS)]
    for name, st in stages.items():
        row = {**st, "newspack_x": None if name == "newspack" else st["newspack_x"]}
        lines.append(f"{name:<10}" + "".join(f"{_fmt(row.get(key), spec):>{width}}"
                                             for _, width, key, spec in COLUMNS))
    return lines


def noise_note(figures: dict[str, dict[str, Any]], what: str) -> list[str]:
    """A NOTE when other processes kept more than NOISY_CPUS busy during any of ``figures``."""
    busy = {name: st["other_cpus"] for name, st in figures.items()
            if (st.get("other_cpus") or 0) > NOISY_CPUS}
    if not busy:
        return []
    shown = ", ".join(f"{name} {cpus:.2f}" for name, cpus in busy.items())
    return [f"NOTE: other processes kept CPUs busy ({shown}): those {what}' figures are "
            "pessimistic; run again on a quiet machine"]


def legend(result: dict[str, Any]) -> list[str]:
    lines = ["CPUs: used by the stage's processes; others: by the rest of the machine meanwhile;",
             "CPU ms/doc: the stage's CPU time per document, steadier than seconds on a busy box"]
    if "newspack" in result["stages"]:
        lines.append("newspack x = newspack docs/s / the row's docs/s (above 1: newspack is "
                     "faster)")
    extract = {"extract": result["extract"]} if "extract" in result else {}
    return lines + noise_note({**result["stages"], **extract}, "stages")


def stages_report(result: dict[str, Any]) -> list[str]:
    lines = ["", *table(result["stages"])]
    counts = result["stages"].get("newspack", {}).get("counts")
    if counts:
        lines.append("newspack " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return lines + legend(result)


def extract_report(ex: dict[str, Any]) -> list[str]:
    return ["", f"extract() in one process, first {ex['docs']:,} docs "
            f"(rules and models loaded first, in {ex['warmup_s']:.2f} s):",
            f"  with language id      {ex['with_language_docs_per_s']:>7,.0f} docs/s "
            f"{ex['with_language_ms']:>7.2f} ms/doc",
            f"  language id stubbed   {ex['without_language_docs_per_s']:>7,.0f} docs/s "
            f"{ex['without_language_ms']:>7.2f} ms/doc",
            f"  language id costs {ex['language_ms']:.2f} ms/doc, "
            f"{100 * ex['language_share']:.0f} % of extract()"]


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _row(measure: str, value: str, cpu: str = "", share: float | None = None,
         c: dict[str, Any] | None = None) -> str:
    shown = "" if share is None else f"{100 * share:.1f} %"
    target = f"<= {100 * c['target']:.0f} %" if c else ""
    return (f"  {measure:<24}{value:>12}{cpu:>9}{shown:>10}{target:>10}"
            f"{_verdict(c['pass']) if c else '':>8}").rstrip()


def versions_table(v: dict[str, Any]) -> list[str]:
    steps, storage, checks = v["steps"], v["storage"], v["checks"]
    lines = [f"  {'measure':<24}{'value':>12}{'CPU s':>9}{'share':>10}{'target':>10}"
             f"{'result':>8}"]
    for key, label in (("full", "full build"), ("no_change", "no-change rebuild"),
                       ("plus_1pct", f"+1 % documents (+{v['added']:,})")):
        st = steps[key]
        lines.append(_row(label, f"{st['seconds']:.2f} s", _fmt(st["cpu_s"], ".2f"),
                          st["share_of_full"], checks.get(key)))
    lines += [_row("store before +1 %", f"{storage['before'] / MB:.2f} MB"),
              _row("added by +1 %", f"{storage['added'] / MB:.2f} MB", "",
                   storage["share_of_full_copy"], checks["storage"]),
              _row(f"a full copy ({steps['full']['version']})",
                   f"{storage['full_copy'] / MB:.2f} MB")]
    return lines


def versions_report(v: dict[str, Any]) -> list[str]:
    steps, checks = v["steps"], v["checks"]
    nc, plus = steps["no_change"], steps["plus_1pct"]
    work = ", ".join(f"{k} {n:,}" for k, n in plus["work"].items())
    lines = ["", f"versions: one output folder, {v['docs']:,} docs, then {v['added']:,} more",
             "  share: of the full build's seconds (storage: of a full copy's bytes)",
             *versions_table(v),
             f"  no-change: version {nc['version']} "
             f"({_verdict(checks['no_change_publishes_nothing']['pass'])}: must be None), "
             f"{nc['summary']}",
             f"  +1 %: version {plus['version']} from {plus['previous']}, {v['bump']} "
             f"({_verdict(checks['plus_1pct_is_minor']['pass'])}: must be minor), "
             f"inputs {work}",
             f"        {plus['summary']}"]
    lines += [f"  warning ({key}): {w}" for key, st in steps.items() for w in st["warnings"]]
    lines += ["  targets are informative: they never change the exit code"]
    return lines + noise_note(steps, "steps")


def report(result: dict[str, Any]) -> str:
    c, m = result["corpus"], result["machine"]
    aside = f", +{c['added']:,} set aside for versions" if c["added"] else ""
    lines = [f"corpus   {c['docs']:,} docs, {c['bytes'] / MB:.1f} MB (seed {c['seed']}, "
             f"generated in {c['generate_s']:.1f} s{aside})",
             f"machine  {m['cpus']} CPUs ({m['usable_cpus']} usable), workers {m['workers']}, "
             f"Python {m['python']}"]
    if result["skipped"]:
        lines.append(f"skipped  {', '.join(result['skipped'])}")
    if result["stages"]:
        lines += stages_report(result)
    if "extract" in result:
        lines += extract_report(result["extract"])
    if "versions" in result:
        lines += versions_report(result["versions"])
    return "\n".join(lines)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def make_corpus(args: argparse.Namespace, corpus: Path, added: int) -> dict[str, Any]:
    """Generate ``args.docs`` documents (plus ``added`` set aside beside them); their size."""
    print(f"bench: generating {args.docs + added:,} documents in {corpus} ...", file=sys.stderr,
          flush=True)
    start = time.perf_counter()
    generate(corpus, args.docs + added, args.seed, sentences_dir(args.sentences_dir))
    if added:
        set_aside(corpus, corpus.parent / ADDED, args.docs, added)
    return {**corpus_size(corpus), "added": added, "seed": args.seed,
            "generate_s": time.perf_counter() - start}


def benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus = work / "corpus"
    run = [name for name in ALL_STAGES if name not in args.skip]
    size = make_corpus(args, corpus, added_docs(args.docs) if "versions" in run else 0)
    stages = {name: spawn_stage(name, corpus, work, args.workers) for name in STAGES
              if name in run}
    summarise(stages, size)
    machine = {"cpus": os.cpu_count(), "usable_cpus": default_workers(), "workers": args.workers,
               "python": sys.version.split()[0]}
    result = {"corpus": size, "machine": machine, "skipped": [s for s in ALL_STAGES
                                                              if s in args.skip],
              "stages": stages}
    if "extract" in run:
        result["extract"] = extract_figures(spawn_stage("extract", corpus, work, args.workers))
    if "versions" in run:
        result["versions"] = versions_figures(spawn_stage("versions", corpus, work, args.workers))
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to generate (10000)")
    ap.add_argument("--seed", type=int, default=0, help="gen_corpus.py seed (0)")
    ap.add_argument("--workers", type=int, default=0,
                    help="worker processes for datasets and newspack (default: one per CPU)")
    ap.add_argument("--skip", metavar="STAGE,...", default="",
                    help="stages to leave out, comma-separated, of: " + ", ".join(ALL_STAGES))
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (new or empty) and keep it")
    ap.add_argument("--json", action="store_true",
                    help="print a JSON object on stdout (the table then goes to stderr)")
    ap.add_argument("--sentences-dir", metavar="DIR",
                    help="labelled sentences for gen_corpus.py (default: the first of "
                         + ", ".join(str(d) for d in SENTENCE_DIRS) + " that exists)")
    for hidden in ("--_run", "--_corpus", "--_work"):  # one stage in this process
        ap.add_argument(hidden, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be >= 1")
    if args.workers < 0:
        ap.error("--workers must be >= 0")
    args.workers = args.workers or default_workers()
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = sorted(args.skip - set(ALL_STAGES))
    if unknown:
        ap.error(f"--skip: no stage {', '.join(unknown)} (stages: {', '.join(ALL_STAGES)})")
    if args.skip >= set(ALL_STAGES) and not args._run:
        ap.error("--skip: that leaves no stage to run")
    if args.keep and Path(args.keep).exists() and any(Path(args.keep).iterdir()):
        ap.error(f"--keep {args.keep}: the folder must be new or empty")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args._run:
        result = run_stage(args._run, Path(args._corpus), Path(args._work), args.workers)
        print(json.dumps(result))
        return
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newspack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = benchmark(args, work.resolve())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report(result), file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
