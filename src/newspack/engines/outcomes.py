"""Every input unit to its outcome: from the cache where it has one, else extracted.

Units stream through in batches, so memory holds one batch of texts, not the corpus;
within a batch the cache is asked once and the misses go to the engine together.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from newspack.config import Config
from newspack.engines.cache import Cache, Outcome, decode, key
from newspack.engines.engine import Engine
from newspack.engines.jobs import Header, job
from newspack.extract.document import Rejection, doc_id
from newspack.inputs.readers import Unit
from newspack.inputs.sidecar import Sidecar

BATCH = 1024


def _meta(unit: Unit | Header, side: Sidecar) -> dict[str, str] | None:
    """The unit's own fields, with the sidecar's row on top (curated metadata wins)."""
    row = side.lookup(unit.rel, doc_id(unit.rel, unit.meta)) if side.rows else None
    if not row:
        return unit.meta
    return {**(unit.meta or {}), **row}


def outcomes(units: Iterable[Unit | Header], side: Sidecar, config: Config, cache: Cache,
             engine: Engine, work: dict) -> Iterator[Outcome]:
    """Outcomes in input order; ``work`` counts what was extracted and what was cached.

    The next batch is read and handed to the workers before the current one is drained,
    so the workers never wait for the main process to read files.
    """
    extract_hash = config.extract_sha256()
    work.update(cached=0, extracted=0)  # (carried inputs are counted by the caller)
    it = iter(units)
    current = None
    while True:
        batch = list(itertools.islice(it, BATCH))
        upcoming = _submit(batch, side, extract_hash, cache, engine, work) if batch else None
        if current is not None:
            yield from _drain(*current, cache)
        if upcoming is None:
            return
        current = upcoming


def _submit(batch: list[Unit | Header], side: Sidecar, extract_hash: str, cache: Cache,
            engine: Engine, work: dict) -> tuple:
    """Hash a batch, ask the cache, and start the misses on the engine."""
    prepared = []
    for unit in batch:
        if unit.error is not None:
            prepared.append((unit, None, None, "", 0))
            continue
        meta = _meta(unit, side)
        todo, sha, size = job(unit, meta)  # bytes, or where a worker reads them
        prepared.append((unit, todo, key(extract_hash, unit.rel, sha, meta, unit.fmt), sha, size))
    hits = cache.get_many([k for _, _, k, _, _ in prepared if k])
    missed = [(todo, k) for _, todo, k, _, _ in prepared if k and k not in hits]
    work["cached"] += len(hits)
    work["extracted"] += len(missed)
    return prepared, hits, engine.map([todo for todo, _ in missed], [k for _, k in missed],
                                      cache.path)


def _drain(prepared: list, hits: dict, fresh: Iterator, cache: Cache) -> Iterator[Outcome]:
    for unit, todo, k, sha, size in prepared:
        if todo is None:
            reason, detail = unit.error
            yield Outcome(unit.rel, "", 0, Rejection(doc_id(unit.rel, unit.meta), unit.rel,
                                                     reason, detail))
        elif k in hits:
            yield decode(hits[k], unit.rel, sha)
        else:
            ex = next(fresh)
            outcome = Outcome(unit.rel, sha, size, ex.result, tuple(ex.removed),
                              ex.signature, getattr(ex, "row", None))
            value = getattr(ex, "value", "")  # encoded by the worker; None: stored there
            if value is not None:
                cache.put(k, outcome, value)
            yield outcome
