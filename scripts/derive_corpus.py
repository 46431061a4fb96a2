#!/usr/bin/env python3
"""A larger corpus derived from one gen_corpus.py made, for scale runs (bench.py --scale).

    python scripts/derive_corpus.py --source DIR --docs 1000000 --out WORK/corpus-1000000

Generating a million documents takes gen_corpus.py hours on this machine; deriving them
from a generated corpus takes minutes. ``--source`` is a bench scale folder
(``corpus-N`` with ``corpus/``, ``added/`` and ``_truth.jsonl``, as ``bench.py --scale
--keep`` leaves it). Its documents are kept as they are (hard links); every further one
is a new document: a new file name (so a new id), the heading of one source document,
and body paragraphs each taken from a different document of the same language (so the
text is its own: it shares at most one paragraph with any source document, and is no
near copy of it). The source's exact and near duplicates stay among its own documents.
``added/`` gets 1 % more, derived the same way. ``--out`` ends up as bench's ``--keep``
expects a size it made: ``corpus/``, ``added/`` and ``size.json``.

Deterministic: the same source and size give the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit.bench_scale import MARK  # noqa: E402
from benchkit.corpus import ADDED, TRUTH, added_docs, corpus_size, read_truth  # noqa: E402

STRIDE = 7919  # a prime: the paragraphs of one derived document come from far apart


def _split(data: bytes) -> tuple[bytes, list[bytes], bytes]:
    """(heading block, body paragraphs, paragraph separator) of one document."""
    sep = b"\r\n\r\n" if b"\r\n\r\n" in data else b"\n\n"
    head, *body = data.split(sep)
    return head, body, sep


def derive(source: Path, docs: int, out: Path) -> dict:
    truth = read_truth(source / TRUTH)
    files = {row["file"]: source / "corpus" / row["file"] for row in truth}
    files.update({p.name: p for p in (source / ADDED).iterdir()})
    rows = [r for r in truth if r["file"] in files]
    groups: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        groups[r["lang"] or "und"].append(r["file"])
    position = {name: k for group in groups.values() for k, name in enumerate(group)}
    originals = sorted(p.name for p in (source / "corpus").iterdir())
    if docs < len(originals):
        sys.exit(f"derive: {source} has {len(originals):,} documents, more than --docs")
    corpus, added = out / "corpus", out / ADDED
    for folder in (corpus, added):
        folder.mkdir(parents=True, exist_ok=False)
    for name in originals:
        os.link(files[name], corpus / name)
    wanted = docs - len(originals) + added_docs(docs)
    cache: dict[str, tuple[bytes, list[bytes], bytes]] = {}

    def parts(name: str) -> tuple[bytes, list[bytes], bytes]:
        if name not in cache:
            cache[name] = _split(files[name].read_bytes())
        return cache[name]

    for n in range(wanted):
        row = rows[n % len(rows)]
        copy = n // len(rows) + 1
        group = groups[row["lang"] or "und"]
        at = position[row["file"]]
        head, body, sep = parts(row["file"])
        others = max(1, len(group) - 1)  # never the heading's own document (but alone)
        paragraphs = [parts(group[(at + 1 + (j + 1) * copy * STRIDE % others) % len(group)])[1]
                      for j in range(max(1, len(body)))]
        text = sep.join([head, *(p[j % len(p)] for j, p in enumerate(paragraphs) if p)])
        key = hashlib.sha256(b"derived:%d:%s" % (copy, row["file"].encode())).hexdigest()[:16]
        number = len(originals) + n
        target = corpus if number < docs else added
        (target / f"{number:06d}_{key}.txt").write_bytes(text)
        if len(cache) > 200_000:
            cache.clear()
    return {**corpus_size(corpus), "added": added_docs(docs), "seed": 0,
            "derived_from": str(source)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, required=True, help="a bench scale corpus-N folder")
    ap.add_argument("--docs", type=int, required=True, help="documents in the derived corpus")
    ap.add_argument("--out", type=Path, required=True, help="the folder to make (new)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    size = derive(args.source, args.docs, args.out)
    size["generate_s"] = time.perf_counter() - start
    (args.out / MARK).write_text(json.dumps(size), encoding="utf-8")
    print(f"derive: {size['docs']:,} documents ({size['bytes'] / 1e6:,.1f} MB) and "
          f"{size['added']:,} set aside in {args.out}, in {size['generate_s']:.0f} s")


if __name__ == "__main__":
    main()
