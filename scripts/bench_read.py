#!/usr/bin/env python3
"""What reading a version store costs: time and peak memory of each read-side command.

    python scripts/bench_read.py DIR [--json]

On the store DIR (a folder ``newspack build`` wrote, with at least one version), each of
these runs in a fresh subprocess of this script, so that none inherits another's imports
or memory:

validate   ``newspack validate DIR`` on the newest version: every checksum, the schema,
           the card, the row counts and the input list
versions   ``newspack versions DIR``
diff       ``newspack diff DIR A B`` between the two newest versions (left out when there
           is one)
load       ``newspack.load(DIR)``: the newest version as a DatasetDict, as a training
           pipeline loads it (stock ``datasets``; its Arrow cache goes to a temporary
           folder, removed afterwards), and one pass over every row's ``id``

Per command: wall seconds, the peak resident memory of its process tree (sampled every
100 ms from /proc by ``benchkit.sampler.TreeSampler``), the exit code and what it reports
(faults, versions, changes, rows). The issue's bound on a million documents is 1,500 MB.
Nothing is asserted: tests never assert a duration.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # scripts/ is no installed package: benchkit/ lies beside us
    sys.path.insert(0, str(HERE))

from benchkit.sampler import TreeSampler  # noqa: E402

COMMANDS = ("validate", "versions", "diff", "load")


def _cli(argv: list[str]) -> tuple[int, str]:
    from newspack.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        try:
            code = main(argv) or 0
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue()


def _load(store: Path) -> tuple[int, str]:
    import newspack

    with tempfile.TemporaryDirectory(prefix="newspack-bench-read-") as cache:
        os.environ["HF_DATASETS_CACHE"] = cache
        import datasets

        datasets.disable_progress_bars()
        ds = newspack.load(store)
        rows = 0
        for split in ds.values():
            for batch in split.select_columns(["id"]).iter(batch_size=10_000):
                rows += len(batch["id"])
        del ds
    return 0, f"{rows} rows"


def run_one(name: str, store: Path, newest: list[str]) -> dict[str, Any]:
    """One command in this process, timed and sampled."""
    import newspack.cli  # noqa: F401  imported before the clock starts

    argv = {"validate": ["validate", str(store)], "versions": ["versions", str(store)],
            "diff": ["diff", str(store), *newest[-2:]]}.get(name)
    with TreeSampler() as sampler:
        start = time.perf_counter()
        code, text = _load(store) if name == "load" else _cli(argv)
        seconds = time.perf_counter() - start
    lines = text.strip().splitlines()
    return {"command": name, "seconds": seconds, "tree_mb": sampler.figures()["tree_mb"],
            "exit": code, "says": lines[-1][:70] if lines else ""}


def _spawn(name: str, store: Path, newest: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, str(store), "--_run", name,
                           "--_versions", ",".join(newest)], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"bench_read: {name} failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(rows: list[dict[str, Any]], store: Path, documents: int) -> str:
    out = [f"store {store}: {documents:,} documents in the newest version",
           f"{'command':10s} {'seconds':>8s} {'tree MB':>8s} {'exit':>5s}  says"]
    for r in rows:
        tree = f"{r['tree_mb']:8,.0f}" if r["tree_mb"] is not None else "       -"
        out.append(f"{r['command']:10s} {r['seconds']:8.2f} {tree} {r['exit']:5d}  {r['says']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path, help="a folder newspack build wrote")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--_run", help=argparse.SUPPRESS)
    ap.add_argument("--_versions", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._run:
        print(json.dumps(run_one(args._run, args.store, args._versions.split(","))))
        return
    from newspack.store.versions import read_manifest, version_dirs

    published = version_dirs(args.store)
    if not published:
        ap.error(f"{args.store}: no published version")
    rows = [_spawn(name, args.store, published) for name in COMMANDS
            if name != "diff" or len(published) > 1]
    documents = read_manifest(args.store, published[-1])["counts"]["records"]
    print(report(rows, args.store, documents))
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
