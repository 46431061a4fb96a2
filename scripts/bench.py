#!/usr/bin/env python3
"""How fast newspack builds a dataset, next to the least work any tool must do.

    python scripts/bench.py [--docs 10000] [--seed 0] [--workers N] [--keep DIR] [--json]

One run generates a corpus with ``scripts/gen_corpus.py`` (its ``_truth.jsonl`` and
``_meta.json`` are moved out: they are not inputs) and times three stages on it, each
in a fresh subprocess of this script, so that one stage's imports, caches and memory
never flatter or burden another:

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

A fourth subprocess times ``newspack.extract.extract`` in one process on (up to) the
first 2,000 documents, once as is and once with language identification stubbed out;
the difference is what language identification costs per document.

Reading the figures: ``docs/s`` and ``MB/s`` (input bytes, 10^6) are the stage's
throughput over its timed part (imports and interpreter start are not timed).
``CPUs`` is the CPU time the stage's processes used per second of it (2.0 keeps two
CPUs busy); ``others`` is what the rest of the machine used meanwhile: above 0.25 the
timings are pessimistic and the report says so (run again on a quiet machine).
``CPU ms/doc`` is the stage's CPU time per document: it changes far less than wall time
when other work shares the machine, so compare it when ``others`` is high.
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
STAGES = ("floor", "datasets", "newspack")
EXTRACT_DOCS = 2000
SAMPLE_SECONDS = 0.1
NOISY_CPUS = 0.25  # other processes using more than this spoil the timings
MB = 1e6


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


RUNNERS = {"floor": stage_floor, "datasets": stage_datasets, "newspack": stage_newspack,
           "extract": stage_extract}
# Imported before the clock starts: a stage's time is its work, not its imports.
IMPORTS = {"floor": ("pyarrow.parquet",), "datasets": ("datasets", "lingua"),
           "newspack": ("newspack.build",), "extract": ("newspack.extract",)}


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
    ours = stages["newspack"]["docs_per_s"]
    for st in stages.values():
        st["newspack_x"] = ours / st["docs_per_s"]


def extract_figures(ex: dict[str, Any]) -> dict[str, float]:
    n = ex["docs"]
    with_ms, without_ms = (1000 * ex[k] / n for k in ("with_language", "without_language"))
    return {"docs": n, "warmup_s": ex["warmup"],
            "with_language_docs_per_s": n / ex["with_language"], "with_language_ms": with_ms,
            "without_language_docs_per_s": n / ex["without_language"],
            "without_language_ms": without_ms, "language_ms": with_ms - without_ms,
            "language_share": (with_ms - without_ms) / with_ms,
            "other_cpus": cpu_use(ex, n)["other_cpus"]}


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


def legend(result: dict[str, Any]) -> list[str]:
    lines = ["CPUs: used by the stage's processes; others: by the rest of the machine meanwhile;",
             "CPU ms/doc: the stage's CPU time per document, steadier than seconds on a busy box",
             "newspack x = newspack docs/s / the row's docs/s (above 1: newspack is faster)"]
    busy = {name: st["other_cpus"] for name, st in
            [*result["stages"].items(), ("extract", result["extract"])]
            if (st.get("other_cpus") or 0) > NOISY_CPUS}
    if busy:
        shown = ", ".join(f"{name} {cpus:.2f}" for name, cpus in busy.items())
        lines.append(f"NOTE: other processes kept CPUs busy ({shown}): those stages' figures are "
                     "pessimistic; run again on a quiet machine")
    return lines


def report(result: dict[str, Any]) -> str:
    c, m, ex = result["corpus"], result["machine"], result["extract"]
    lines = [f"corpus   {c['docs']:,} docs, {c['bytes'] / MB:.1f} MB (seed {c['seed']}, "
             f"generated in {c['generate_s']:.1f} s)",
             f"machine  {m['cpus']} CPUs ({m['usable_cpus']} usable), workers {m['workers']}, "
             f"Python {m['python']}", ""]
    lines += table(result["stages"])
    counts = result["stages"]["newspack"].get("counts")
    if counts:
        lines.append("newspack " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    lines += legend(result)
    lines += ["", f"extract() in one process, first {ex['docs']:,} docs "
              f"(rules and models loaded first, in {ex['warmup_s']:.2f} s):",
              f"  with language id      {ex['with_language_docs_per_s']:>7,.0f} docs/s "
              f"{ex['with_language_ms']:>7.2f} ms/doc",
              f"  language id stubbed   {ex['without_language_docs_per_s']:>7,.0f} docs/s "
              f"{ex['without_language_ms']:>7.2f} ms/doc",
              f"  language id costs {ex['language_ms']:.2f} ms/doc, "
              f"{100 * ex['language_share']:.0f} % of extract()"]
    return "\n".join(lines)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus = work / "corpus"
    print(f"bench: generating {args.docs:,} documents in {corpus} ...", file=sys.stderr,
          flush=True)
    start = time.perf_counter()
    generate(corpus, args.docs, args.seed, sentences_dir(args.sentences_dir))
    size = {**corpus_size(corpus), "seed": args.seed,
            "generate_s": time.perf_counter() - start}
    stages = {name: spawn_stage(name, corpus, work, args.workers) for name in STAGES}
    summarise(stages, size)
    ex = extract_figures(spawn_stage("extract", corpus, work, args.workers))
    machine = {"cpus": os.cpu_count(), "usable_cpus": default_workers(), "workers": args.workers,
               "python": sys.version.split()[0]}
    return {"corpus": size, "machine": machine, "stages": stages, "extract": ex}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to generate (10000)")
    ap.add_argument("--seed", type=int, default=0, help="gen_corpus.py seed (0)")
    ap.add_argument("--workers", type=int, default=0,
                    help="worker processes for datasets and newspack (default: one per CPU)")
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
