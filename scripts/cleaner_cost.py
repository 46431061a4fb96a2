#!/usr/bin/env python3
"""What the cleaner costs per document, next to an older extractor, in one process.

    python scripts/cleaner_cost.py [--base ffe05f1] [--docs 2000] [--seed 7] [--passes 5]

Timing two versions in two processes on a shared machine gives figures that move by more
than the difference being measured. So both versions run in this one process, their
calls interleaved 20 documents at a time, and each chunk's figure is the lowest of
``--passes`` passes (CPU time of this process, ``time.process_time``): whatever slows
the machine slows both alike.

Python cannot import two versions of one package, so each version's ``src/newspack`` is
copied under a name of its own (``newspack_base``, ``newspack_head``) and its imports are
rewritten to that name: a text substitution no library does for us. The base is taken
from git (``git archive``); the head is the working tree's ``src``. Near-duplicate
signatures are turned off in the head (the base had none); each version runs with its
own default configuration otherwise.

Besides the total, it times the steps both versions' ``analyse`` call by the same name
(``read_head``, ``clean_lines``, ``_date``: the cleaner; ``identify``, ... the rest),
by wrapping them, which adds a microsecond or two per call to both alike.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchkit.corpus import NOT_INPUTS, find_sentences_dir, generate  # noqa: E402

ROOT = HERE.parent
BASE = "ffe05f1"  # the last commit before the general cleaner of issue 9
STEPS = ("decode", "read_head", "clean_lines", "_date", "identify", "redact", "signals")
CLEANER = ("read_head", "clean_lines", "_date")
CHUNK = 20


def copy_as(src: Path, dest: Path, name: str) -> None:
    """``src`` (a ``newspack`` package folder) as package ``name`` under ``dest``."""
    target = dest / name
    for path in src.rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        out = target / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if path.suffix == ".py":
            text = re.sub(r"\bnewspack\.", f"{name}.", data.decode("utf-8"))
            text = re.sub(r"^(\s*)(from|import) newspack\b", rf"\1\2 {name}", text, flags=re.M)
            data = text.encode("utf-8")
        out.write_bytes(data)


def archive(rev: str, dest: Path) -> Path:
    """The ``src/newspack`` of git revision ``rev``, unpacked under ``dest``."""
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/newspack"],
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src" / "newspack"


def load(name: str):
    """(module defining analyse, Config) of the renamed package ``name``."""
    for module in (f"{name}.extract.document", f"{name}.extract"):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        if hasattr(mod, "analyse"):
            config = importlib.import_module(f"{name}.config")
            cfg = config.Config()
            if hasattr(config, "DedupConfig"):
                cfg = replace(cfg, dedup=config.DedupConfig(near=False))
            return mod, cfg
    sys.exit(f"cleaner_cost: {name} has no analyse()")


def measure(versions: dict, paths: list[Path], passes: int) -> dict:
    spent: collections.Counter = collections.Counter()

    def wrap(mod, step, tag):
        fn = getattr(mod, step)

        def timed(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[tag, step] += time.process_time() - t
        setattr(mod, step, timed)

    docs = {}
    for tag, (mod, cfg) in versions.items():
        for step in STEPS:
            if hasattr(mod, step):
                wrap(mod, step, tag)
        docs[tag] = [mod.RawDoc(p.name, p.read_bytes()) for p in paths]
        for d in docs[tag]:
            mod.analyse(d, cfg)  # warm-up: rules and language models load here
    best: dict = {}
    for _ in range(passes):
        for c in range(0, len(paths), CHUNK):
            spent.clear()
            for tag, (mod, cfg) in versions.items():
                t = time.process_time()
                for d in docs[tag][c:c + CHUNK]:
                    mod.analyse(d, cfg)
                spent[tag, "total"] = time.process_time() - t
            for k, v in spent.items():
                best[c, k] = min(best.get((c, k), float("inf")), v)
    totals: collections.Counter = collections.Counter()
    for (_, k), v in best.items():
        totals[k] += v
    return {k: v / len(paths) * 1000 for k, v in totals.items()}


def report(ms: dict, base: str, n: int, passes: int) -> str:
    rows = [f"analyse() per document, {n} generated documents, lowest of {passes} passes "
            f"per {CHUNK}-document chunk, base {base} vs the working tree",
            f"{'step':14s} {'base ms':>8s} {'head ms':>8s} {'added':>8s}"]
    for step in ("total", *STEPS):
        b, h = ms.get(("base", step), 0.0), ms.get(("head", step), 0.0)
        rows.append(f"{step:14s} {b:8.3f} {h:8.3f} {h - b:+8.3f}")
    added = sum(ms.get(("head", s), 0.0) - ms.get(("base", s), 0.0) for s in CLEANER)
    rows.append(f"the cleaner ({' + '.join(CLEANER)}) adds {added:+.3f} ms per document; "
                f"all of analyse() {ms[('head', 'total')] - ms[('base', 'total')]:+.3f}")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default=BASE, help=f"git revision to compare with ({BASE})")
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newspack-cost-") as tmp:
        work = Path(tmp)
        generate(work / "corpus", args.docs, args.seed, find_sentences_dir(), "cleaner_cost")
        paths = sorted(p for p in (work / "corpus").glob("*.txt") if p.name not in NOT_INPUTS)
        copy_as(archive(args.base, work / "git"), work / "pkgs", "newspack_base")
        copy_as(ROOT / "src" / "newspack", work / "pkgs", "newspack_head")
        sys.path.insert(0, str(work / "pkgs"))
        versions = {"base": load("newspack_base"), "head": load("newspack_head")}
        print(report(measure(versions, paths, args.passes), args.base, len(paths), args.passes))


if __name__ == "__main__":
    main()
