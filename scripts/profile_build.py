#!/usr/bin/env python3
"""Where a build's time goes: per stage of the build, and per step of one document's extraction.

    python scripts/profile_build.py [--docs 10000] [--seed 0] [--corpus DIR] [--workers N]
                                    [--no-plain] [--json]

The corpus is generated with ``scripts/gen_corpus.py`` as bench.py does (its truth and
metadata files moved out), unless ``--corpus DIR`` names a folder of existing inputs.
Two tables, in plain aligned text to quote:

1. Per stage of the build, in the main process: ``newspack.build.build`` into a fresh
   folder (a cold build: empty extraction cache) under cProfile in this process; the
   workers are separate processes and are not profiled. The main thread's time is given
   to the build's stages by the functions of ``src/newspack/build.py`` and the modules it
   calls (``benchkit/profile_stages.py`` says how), with "waiting for workers" the time
   blocked in the engine's result iterator. Each stage: seconds, share of the profiled
   build, ms per document. Below it: the build's wall time and docs/s, profiled and (first,
   in a fresh interpreter, unless ``--no-plain``) without the profiler; both builds pay the
   same first-build costs (starting the forkserver and the workers, first figures), with
   ``newspack.build`` imported before the clock starts. CPU time per document: the main
   process's (``time.process_time``: every thread of it, the pool's feeder and result
   threads too), its main thread's, and the whole tree's (workers too, sampled from /proc
   by bench's ``TreeSampler``, whose own thread is not counted); "others CPUs" is what the
   rest of the machine kept busy meanwhile: above 0.25, the times are pessimistic.
   cProfile adds to every Python call of the main thread, so the unprofiled line is the
   one to quote as throughput and the stage table as where the time goes. Then the
   packages first imported during the build (their time is the stage "imports in the
   build") and the 15 functions with the most own time (tottime) in the main process,
   waits left out.
2. Per extraction step, in one process: ``newspack.extract.document.analyse`` on the first
   2,000 documents (fewer when the corpus is smaller), each function it calls wrapped
   with a timer (``benchkit/profile_extract.py``). Wrapping adds a few µs per call, so the
   unwrapped analyse() is shown beside the wrapped total. One untimed call first loads
   the rules and models; every figure is the minimum of 3 passes (the machine is shared
   and noisy). The header gives the commit (or the folder newspack is imported from, when
   it is not this repository's src/) and the load average before and after.

Every newspack worker imports this module again (multiprocessing's forkserver re-imports
``__main__``), so it imports only the standard library and ``benchkit`` at the top.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # scripts/ is no installed package: benchkit/ lies beside us
    sys.path.insert(0, str(HERE))

from benchkit.corpus import corpus_size, find_sentences_dir, prepare  # noqa: E402
from benchkit.profile_extract import DOCS as EXTRACT_DOCS  # noqa: E402
from benchkit.profile_extract import profile_steps  # noqa: E402
from benchkit.profile_stages import plain_build, profiled_build  # noqa: E402


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _git(*args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(HERE.parent), *args], capture_output=True,
                              text=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip()


def _source() -> str:
    """Which newspack is measured: this repository's commit (and whether src/ has changes
    not committed), or the folder it is imported from when that is another."""
    import importlib.util

    spec = importlib.util.find_spec("newspack")
    src = Path(spec.origin).resolve().parents[1] if spec and spec.origin else None
    if src != HERE.parent / "src":
        return f"newspack from {src}"
    dirty = " + uncommitted changes in src/" if _git("status", "--porcelain", "--", "src") else ""
    return f"commit {_git('rev-parse', '--short', 'HEAD') or 'unknown'}{dirty}"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-"


def _spawn_plain(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    """The unprofiled build, in a fresh interpreter as the profiled one is in a fresh
    process state (imports done, no build yet): the same first-build costs for both."""
    cmd = [sys.executable, __file__, "--_plain", "--_corpus", str(corpus), "--_out", str(out),
           "--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.exit(f"profile_build: the unprofiled build failed ({proc.returncode}):\n"
                 f"{proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The corpus, both builds and the extraction steps: every figure of the report."""
    if args.corpus:
        corpus = Path(args.corpus).resolve()
        size = corpus_size(corpus)
    else:
        corpus = work / "corpus"
        size = prepare(corpus, args.docs, 0, args.seed, find_sentences_dir())
    if not size["docs"]:
        sys.exit(f"profile_build: no input files in {corpus}")
    machine = {"usable_cpus": default_workers(), "workers": args.workers,
               "python": sys.version.split()[0], "source": _source(), "load_before": _load()}
    plain = None if args.no_plain else _spawn_plain(corpus, work / "plain", args.workers)
    build = profiled_build(corpus, work / "out", args.workers, size["docs"])
    steps = profile_steps(corpus, EXTRACT_DOCS)
    machine["load_after"] = _load()
    return {"corpus": {**size, "path": str(corpus) if args.corpus else None},
            "machine": machine, "plain": plain, "build": build, "extract": steps}


def _table(header: tuple[str, ...], rows: list[tuple], left: tuple[int, ...] = (0,)) -> list[str]:
    """Aligned columns: those in ``left`` to the left, the others to the right."""
    cells = [header, *[tuple(str(c) for c in row) for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return ["  ".join(c.ljust(w) if i in left else c.rjust(w)
                      for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
            for r in cells]


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def report(r: dict[str, Any]) -> str:
    b, e, m, docs = r["build"], r["extract"], r["machine"], r["corpus"]["docs"]
    out = [f"newspack build profile: {docs:,} documents ({r['corpus']['bytes'] / 1e6:.1f} MB), "
           f"{m['workers']} worker(s), {m['usable_cpus']} usable CPU(s), Python {m['python']}, "
           + m["source"],
           f"load average before: {m['load_before']}; after: {m['load_after']}", "",
           "1. Per stage of the build, main process (cProfile; workers not profiled)"]
    rows = [(s["stage"], _num(s["seconds"]), _pct(s["share"]), _num(s["ms_per_doc"]))
            for s in b["stages"]]
    rows.append(("total (profiled)", _num(b["profiled"]), _pct(1.0),
                 _num(1000 * b["profiled"] / docs)))
    out += _table(("stage", "seconds", "share", "ms/doc"), rows)
    clocks = [("build, unprofiled", r["plain"])] if r["plain"] else []
    clocks.append(("build, profiled", b))
    out += [""] + _table(
        ("run", "wall s", "docs/s", "main CPU ms/doc", "main thread ms/doc", "tree CPU ms/doc",
         "others CPUs"),
        [(name, _num(c["wall"], 2), f"{docs / c['wall']:,.0f}", _num(1000 * c["cpu"] / docs),
          _num(1000 * c["thread_cpu"] / docs),
          "-" if c["tree_cpu"] is None else _num(1000 * c["tree_cpu"] / docs),
          "-" if c["others"] is None else _num(c["others"], 2))
         for name, c in clocks])
    if b["imported"]:
        out += ["", "first imported during the build (modules): " + ", ".join(
            f"{name} {n}" for name, n in list(b["imported"].items())[:10])
            + (", ..." if len(b["imported"]) > 10 else "")]
    out += ["", "Top 15 functions by own time, main process (waits left out)"]
    out += _table(("tottime s", "ms/doc", "calls", "cumtime s", "stage", "function"),
                  [(_num(t["tottime"]), _num(1000 * t["tottime"] / docs), f"{t['calls']:,}",
                    _num(t["cumtime"]), t["stage"], t["function"]) for t in b["top"]],
                  left=(4, 5))
    n = e["docs"]
    out += ["", f"2. Per extraction step, analyse() in one process: the first {n:,} documents "
            f"({e['bytes'] / 1e6:.1f} MB), min of {e['passes']} passes"]
    rows = [(s["step"], _num(s["ms_per_doc"]), _pct(s["share"]),
             "-" if s["calls"] is None else f"{s['calls'] / n:.1f}") for s in e["steps"]]
    rows += [("analyse(), wrapped", _num(1000 * e["wrapped"] / n), _pct(1.0), ""),
             ("analyse(), unwrapped", _num(1000 * e["unwrapped"] / n),
              _pct(e["unwrapped"] / e["wrapped"]), "")]
    out += _table(("step", "ms/doc", "share", "calls/doc"), rows)
    out.append(f"warm-up (rules and models, untimed): {e['warmup']:.2f} s"
               + (f"; not in this newspack: {', '.join(e['missing'])}" if e["missing"] else ""))
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents to generate (10000)")
    ap.add_argument("--seed", type=int, default=0, help="gen_corpus.py seed (0)")
    ap.add_argument("--corpus", metavar="DIR", help="profile on these inputs, not a generated "
                    "corpus (--docs and --seed are then ignored)")
    ap.add_argument("--workers", type=int, default=0,
                    help="worker processes of the build (default: one per CPU)")
    ap.add_argument("--no-plain", action="store_true",
                    help="skip the unprofiled build (its wall time and docs/s)")
    ap.add_argument("--json", action="store_true",
                    help="print a JSON object on stdout (the tables then go to stderr)")
    for hidden in ("--_corpus", "--_out"):  # the unprofiled build, in a subprocess
        ap.add_argument(hidden, help=argparse.SUPPRESS)
    ap.add_argument("--_plain", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be >= 1")
    if args.workers < 0:
        ap.error("--workers must be >= 0")
    if args.corpus and not Path(args.corpus).is_dir():
        ap.error(f"--corpus {args.corpus}: no such folder")
    args.workers = args.workers or default_workers()
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args._plain:
        print(json.dumps(plain_build(Path(args._corpus), Path(args._out), args.workers)))
        return
    work = Path(tempfile.mkdtemp(prefix="newspack-profile-")).resolve()
    try:
        result = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(result), file=sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
