"""The generated corpus both scripts measure on: where gen_corpus.py's labelled sentences lie,
generating a corpus and reading its truth file, listing its input files; and, for bench, the
documents set aside for the versions stage."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parents[1]
GENERATOR = SCRIPTS / "gen_corpus.py"
# Where the labelled sentences gen_corpus.py needs may lie: beside the project (its own
# default) or in the shared folder next to the project.
SENTENCE_DIRS = (SCRIPTS.parent / "corpus" / "ud-dev",
                 SCRIPTS.parent.parent / "shared" / "corpus" / "ud-dev")
TRUTH = "_truth.jsonl"  # one object per document, in file order: its "file" names the file
NOT_INPUTS = (TRUTH, "_meta.json")
ADDED = "added"  # beside the corpus: the documents the versions stage adds (+1 %)


def find_sentences_dir() -> Path | None:
    """The first of SENTENCE_DIRS that holds the sentence files, else None."""
    return next((d for d in SENTENCE_DIRS if (d / "nb.txt").is_file()), None)


def generate(out: Path, docs: int, seed: int, sentences: Path | None, who: str,
             options: tuple[str, ...] = ()) -> None:
    """Write ``docs`` documents and their truth file into ``out`` with gen_corpus.py (its
    own default sentences when ``sentences`` is None; more of its ``options``, such as
    ``("--near-dup-rate", "0.2")``); exit with a message naming ``who`` when it fails."""
    cmd = [sys.executable, str(GENERATOR), "--out", str(out), "--docs", str(docs),
           "--seed", str(seed), "--quiet", *options]
    if sentences:
        cmd += ["--sentences-dir", str(sentences)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.exit(f"{who}: gen_corpus.py failed ({proc.returncode}): {proc.stderr.strip()}")


def read_truth(path: Path) -> list[dict[str, Any]]:
    """The rows of a truth file, one per document, in the order gen_corpus.py wrote them."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def input_files(corpus: Path) -> list[Path]:
    """The corpus's files in a stable order, hidden ones left out (as newspack does)."""
    return sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))


def corpus_size(corpus: Path) -> dict[str, int]:
    """How many input files the corpus has and their bytes."""
    files = input_files(corpus)
    return {"docs": len(files), "bytes": sum(p.stat().st_size for p in files)}


def link_files(files: list[Path], root: Path, target: Path) -> None:
    """Hard-link (else copy) ``files`` from under ``root`` to the same places under ``target``."""
    for src in files:
        dst = target / src.relative_to(root)
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)
        except OSError:  # no hard links here (another device, FAT)
            shutil.copy2(src, dst)


# --- bench: the corpus of a run ---------------------------------------------------------------

def added_docs(docs: int) -> int:
    """How many new documents the versions stage adds to a corpus of ``docs``: 1 %."""
    return max(1, docs // 100)


def set_aside(corpus: Path, aside: Path, docs: int, count: int) -> None:
    """Move the last ``count`` documents gen_corpus.py wrote (in the truth file's order) out
    of the corpus into ``aside``, leaving exactly the ``docs`` a ``docs`` corpus would hold."""
    aside.mkdir(parents=True, exist_ok=True)
    names = [row["file"] for row in read_truth(corpus.parent / TRUTH)]
    if len(names) != docs + count:
        sys.exit(f"bench: {TRUTH} lists {len(names):,} documents, not {docs + count:,}")
    for name in names[docs:]:
        shutil.move(corpus / name, aside / name)
    left = len(input_files(corpus))
    if left != docs:
        sys.exit(f"bench: {left:,} documents left in {corpus} after setting {count:,} aside, "
                 f"not {docs:,}")


def prepare(corpus: Path, docs: int, added: int, seed: int,
            sentences: Path | None) -> dict[str, Any]:
    """Generate ``docs`` documents in ``corpus`` (plus ``added`` set aside in ADDED beside
    it), their truth and metadata moved beside it (they are not inputs); the corpus's size."""
    print(f"bench: generating {docs + added:,} documents in {corpus} ...", file=sys.stderr,
          flush=True)
    start = time.perf_counter()
    generate(corpus, docs + added, seed, sentences, "bench")
    for name in NOT_INPUTS:
        if (corpus / name).exists():
            shutil.move(corpus / name, corpus.parent / name)
    if added:
        set_aside(corpus, corpus.parent / ADDED, docs, added)
    return {**corpus_size(corpus), "added": added, "seed": seed,
            "generate_s": time.perf_counter() - start}
