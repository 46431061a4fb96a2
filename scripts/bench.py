#!/usr/bin/env python3
"""How fast newspack builds a dataset, next to the least work any tool must do.

    python scripts/bench.py [--docs 10000] [--seed 0] [--workers N] [--skip STAGE,...]
                            [--keep DIR] [--json]
    python scripts/bench.py --scale [--scale-sizes 10000,100000,1000000]
                            [--scale-budget SECONDS] [--keep DIR] [--json]

One run generates a corpus with ``scripts/gen_corpus.py`` (its ``_truth.jsonl`` and
``_meta.json`` are moved out: they are not inputs) and times up to six stages on it, each
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
    ``newspack.extract.document.extract`` in one process on (up to) the first 2,000 documents,
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

dedup
    What near-duplicate detection costs, on the corpus built once more (untimed): the
    duplicates stage's time per document on a first build and on a rebuild adding 1 %
    (target <= 0.1 ms a document, informative), the whole corpus plan beside it, the
    bytes per document of the ``signatures/`` files, the signature's time per document in
    the worker, and the stage at 1,000,000 synthetic documents (a tenth planted near
    copies): time and peak memory per document (tracemalloc) beside the signatures.
engines
    The local and the Ray engine (a private Ray of WORKERS CPUs, started and stopped by
    the build) on the same corpus, each a cold build: docs/s of each, Ray's fixed cost
    to start and stop (timed on its own), the bytes of input the Ray build's driver reads
    (its workers read the inputs), and whether both version folders are byte-identical.
    Needs the ``newspack[ray]`` extra.

scale
    Run by ``--scale`` alone (no other stage): how newspack grows with the corpus, at each
    of ``--scale-sizes`` (10,000, 100,000 and 1,000,000), smallest first, each size in a
    fresh subprocess on a corpus of its own (SIZE + SIZE // 100 documents generated, the
    last 1 % set aside as for versions). Per size: the docs/s of a full cold build, the peak
    RSS of its process tree (main process and workers, sampled), the main process's own CPU
    time per document (workers and the sampler's thread left out; target <= 0.15 ms),
    ``manifest.json``'s bytes and the store's (``versions/``, each inode once); then a
    no-change rebuild and one adding the 1 %: seconds, share of the full build (targets <=
    5 % and <= 10 %) and peak tree RSS. After the table: how much the peak tree RSS grows
    per document between consecutive sizes (target <= 500 bytes/doc) and whether each peak
    is <= 1,500 MB (targets informative, never the exit code). Before each size after the
    first, its time (generation + 3 builds) is estimated from the previous size's rates;
    when that exceeds what is left of ``--scale-budget`` (3600 s), that size and the larger
    ones are left out and the report says so. With ``--keep DIR`` the corpora stay in
    ``DIR/corpus-SIZE`` and a later run reuses them (DIR may then hold an earlier run).
    Generation takes about 11 s per 10,000 documents: 20 min for 1,000,000.

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
re-imports ``__main__``), so it imports only the standard library and ``benchkit`` (whose
bench modules do the same) at the top.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # scripts/ is no installed package: benchkit/ lies beside us
    sys.path.insert(0, str(HERE))

from benchkit.bench_figures import extract_figures, summarise, versions_figures  # noqa: E402
from benchkit.bench_report import report  # noqa: E402
from benchkit.bench_runner import run_stage, spawn_stage  # noqa: E402
from benchkit.bench_scale import (  # noqa: E402
    BUDGET_S,
    SIZES,
    machine_info,
    parse_sizes,
    run_size,
    scale_benchmark,
    scale_report,
)
from benchkit.bench_stages import ALL_STAGES, STAGES  # noqa: E402
from benchkit.corpus import SENTENCE_DIRS, added_docs, find_sentences_dir, prepare  # noqa: E402


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Generate the corpus in ``work``, run every stage not skipped on it, and their figures."""
    corpus = work / "corpus"
    run = [name for name in ALL_STAGES if name not in args.skip]
    sentences = Path(args.sentences_dir) if args.sentences_dir else find_sentences_dir()
    size = prepare(corpus, args.docs, added_docs(args.docs) if "versions" in run else 0,
                   args.seed, sentences)
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
    if "dedup" in run:
        result["dedup"] = spawn_stage("dedup", corpus, work, args.workers)
    if "engines" in run:
        result["engines"] = spawn_stage("engines", corpus, work, args.workers)
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
    ap.add_argument("--scale", action="store_true",
                    help="run only the scale section: three builds at each of --scale-sizes")
    ap.add_argument("--scale-sizes", metavar="N,...", default=",".join(map(str, SIZES)),
                    help="corpus sizes for --scale (%(default)s)")
    ap.add_argument("--scale-budget", metavar="SECONDS", type=float, default=BUDGET_S,
                    help="leave out the sizes that would not end within it (%(default).0f)")
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
    try:
        args.scale_sizes = parse_sizes(args.scale_sizes)
    except ValueError as e:
        ap.error(f"--scale-sizes: {e}")
    if args.scale_budget < 0:
        ap.error("--scale-budget must be >= 0")
    if (args.keep and not args.scale and Path(args.keep).exists()  # --scale reuses its corpora
            and any(Path(args.keep).iterdir())):
        ap.error(f"--keep {args.keep}: the folder must be new or empty")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args._run:
        corpus, stage_work = Path(args._corpus), Path(args._work)
        result = (run_size(corpus, stage_work, args.workers) if args._run == "scale"  # one sampler
                  else run_stage(args._run, corpus, stage_work, args.workers))
        print(json.dumps(result))
        return
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newspack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.scale:
            sentences = Path(args.sentences_dir) if args.sentences_dir else find_sentences_dir()
            result = scale_benchmark(args, work.resolve(), sentences, machine_info(args.workers))
        else:
            result = benchmark(args, work.resolve())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = scale_report(result) if args.scale else report(result)
    print(text, file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
