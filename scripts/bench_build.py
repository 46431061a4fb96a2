#!/usr/bin/env python3
"""One build in a fresh process, as ``newspack build`` runs it: seconds and tree memory.

    python scripts/bench_build.py SOURCE DIR [--workers N] [--json]

Builds SOURCE into the store DIR (a first build, or a rebuild of what DIR holds) with the
default configuration, in this process, under ``benchkit.sampler.TreeSampler``: the peak
resident memory of the process tree (this process, the forkserver and the workers),
sampled every 100 ms, as ``bench.py --scale`` measures it. ``bench.py --scale`` runs a size's
three builds one after the other in one process, where a later build starts with what the
earlier ones imported (some 110 MB); this is the figure a user of the command line gets,
one process a build.

Prints the version made (or that there were no changes), what was carried, taken from the
cache and extracted, the wall seconds, docs/s of the inputs and the tree's peak. Nothing
is asserted: tests never assert a duration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # scripts/ is no installed package: benchkit/ lies beside us
    sys.path.insert(0, str(HERE))

from benchkit.sampler import TreeSampler  # noqa: E402


def measure(source: str, out: Path, workers: int) -> dict:
    from benchkit.bench_stages import newspack_config
    from newspack.build import build

    with TreeSampler() as sampler:
        start = time.perf_counter()
        result = build([source], out, newspack_config(workers), progress=False)
        seconds = time.perf_counter() - start
    inputs = result.counts.get("inputs", 0)
    return {"version": result.version, "work": result.work, "inputs": inputs,
            "seconds": seconds, "docs_per_s": inputs / seconds if seconds else None,
            "tree_mb": sampler.figures()["tree_mb"]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="the inputs (a folder)")
    ap.add_argument("out", type=Path, help="the store to build into")
    ap.add_argument("--workers", type=int, default=0, help="worker processes (one per CPU)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    workers = args.workers or len(os.sched_getaffinity(0))
    r = measure(args.source, args.out, workers)
    if args.json:
        print(json.dumps(r))
        return
    tree = f"{r['tree_mb']:,.0f} MB" if r["tree_mb"] is not None else "-"
    print(f"{args.out}: {r['version'] or 'no changes'} {r['work']}, {r['inputs']:,} inputs "
          f"in {r['seconds']:.1f} s ({r['docs_per_s']:,.0f}/s), tree peak {tree}")


if __name__ == "__main__":
    main()
