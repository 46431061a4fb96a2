"""bench's dedup stage: what near-duplicate detection costs. The corpus is built once (not
timed here), then, on its signatures: the corpus stage's time per document on a first build
(every row linked anew) and on a rebuild that adds 1 % (the rest keep their published
clusters), the whole plan (ids, duplicates, splits, shards) for comparison, the bytes per
document of the signatures files, the worker's signature time per document, and the stage at
SCALE_DOCS synthetic documents (10 % planted near copies): time and peak memory per
document. Heavy imports stay inside the functions: workers import this module again."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path
from typing import Any

SCALE_DOCS = 1_000_000
SIGNATURE_DOCS = 2000  # texts whose signature the worker's cost is timed on
REPEAT = 3  # the best of this many runs


def _best(run) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _inputs(sig, hashes: list[str], ids: list[str], published=None):
    """What dedup.clusters takes, from the plan's own alignment."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from newspack.corpus.published import align

    hashes = pa.array(hashes, pa.string())
    known = align(pa.array(ids, pa.string()), hashes, published, published is not None,
                  1 if published else 0)
    codes = pc.dictionary_encode(hashes).indices.to_numpy().astype(np.int64)
    return sig, codes, known.key, known.frozen


def _clusters(args, config):
    from newspack.corpus import dedup
    from newspack.extract.signature import accept, banding

    d = config.dedup
    bands, rows = banding(d.threshold, d.permutations)
    return dedup.clusters(*args, accept(d.threshold, d.permutations), bands, rows)


def synthetic(n: int, permutations: int, seed: int = 0):
    """n random signatures, a tenth of them copies of an earlier one with 5 % of values
    changed (estimated Jaccard ~0.95); hashes and ids as strings."""
    import numpy as np

    rng = np.random.default_rng(seed)
    sig = rng.integers(0, 1 << 16, (n, permutations), dtype=np.uint16)
    copies = rng.choice(np.arange(1, n), n // 10, replace=False)
    sig[copies] = sig[rng.integers(0, copies)]
    changed = rng.random((len(copies), permutations)) < 0.05
    sig[copies] ^= (changed * 0x5A5A).astype(np.uint16)
    ids = [f"{i:016x}" for i in rng.permutation(n)]
    return sig, ids, ids  # distinct texts: the ids serve as content hashes


def scale_figures(config, n: int) -> dict[str, Any]:
    sig, hashes, ids = synthetic(n, config.dedup.permutations)
    args = _inputs(sig, hashes, ids)
    seconds = _best(lambda: _clusters(args, config))
    tracemalloc.start()
    c = _clusters(args, config)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"docs": n, "ms_per_doc": 1000 * seconds / n, "peak_bytes_per_doc": peak / n,
            "signature_bytes_per_doc": sig.itemsize * sig.shape[1],
            "duplicates": int((c.kind > 0).sum())}


def stage_dedup(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from newspack.build import build
    from newspack.corpus.stages import plan
    from newspack.extract.signature import signature
    from newspack.store import signatures

    from .bench_stages import newspack_config

    config = newspack_config(workers)
    out = work / "out"
    version = build([str(corpus)], out, config, progress=False).version
    vdir = out / "versions" / version
    k = config.dedup.permutations
    sigs = signatures.read(vdir)
    data = pq.read_table(sorted((vdir / "data").glob("*/*.parquet")),
                         columns=["id", "source_file", "content_sha256", "language", "text"])
    data = data.take(pc.index_in(sigs.column("id"), value_set=data.column("id")))
    ids, hashes = data.column("id").to_pylist(), data.column("content_sha256").to_pylist()
    sig = signatures.signature_matrix(sigs.column("signature"), k)
    n = len(ids)
    cold = _best(lambda: _clusters(_inputs(sig, hashes, ids), config))
    whole = _best(lambda: plan(ids, data.column("source_file").to_pylist(), hashes,
                               data.column("language").to_pylist(), config, sig=sig))
    # a rebuild adding 1 %: the published version without its last 1 % of rows
    published = signatures.published(vdir, 0).slice(0, n - max(1, n // 100))
    warm = _best(lambda: _clusters(_inputs(sig, hashes, ids, published), config))
    texts = data.column("text").to_pylist()[:SIGNATURE_DOCS]
    worker = _best(lambda: [signature(t, config.dedup) for t in texts])
    c = _clusters(_inputs(sig, hashes, ids), config)
    size = sum(p.stat().st_size for p in signatures.files(vdir))
    return {"docs": n, "signatures_bytes": size, "bytes_per_doc": size / n,
            "stage_ms_per_doc": 1000 * cold / n, "rebuild_ms_per_doc": 1000 * warm / n,
            "plan_ms_per_doc": 1000 * whole / n,
            "signature_ms_per_doc": 1000 * worker / max(1, len(texts)),
            "exact": int((c.kind == 1).sum()), "near": int((c.kind == 2).sum()),
            "clusters": int(len(np.unique(c.label[c.kind > 0]))),
            "scale": scale_figures(config, SCALE_DOCS)}
