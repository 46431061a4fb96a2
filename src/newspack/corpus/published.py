"""What the published versions say about this build's rows, as arrays aligned with them:
when each id was first published (the kept order), which rows keep their published
cluster, and the split each published id has (pinned: it never changes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class Known:
    """Per row: ``key`` orders rows for the kept choice, (generation, id) as one integer;
    ``frozen`` numbers the published cluster a row keeps (-1: linked anew); ``pinned`` is
    the index in SPLITS of the split its id was published in (-1: never published);
    ``generation`` the generation its id was first published in (this build's for a new id)."""

    key: np.ndarray
    frozen: np.ndarray
    pinned: np.ndarray
    generation: np.ndarray


def _ranks(values: pa.Array) -> np.ndarray:
    """0-based rank of each value in ascending order (ties by position)."""
    if not len(values):
        return np.empty(0, dtype=np.int64)
    return pc.rank(values, sort_keys="ascending", tiebreaker="first").to_numpy() - 1


def align(ids: pa.Array, hashes: pa.Array, published: pa.Table | None,
          keep_clusters: bool, generation: int = 0) -> Known:
    """``published``: the previous version's documents (store.signatures.published), or
    None for a first build; ``keep_clusters``: whether its duplicate settings are this
    build's, so that its unchanged rows keep their clusters; ``generation``: this build's."""
    n = len(ids)
    id_array = ids
    if published is None or not published.num_rows:
        gen = np.full(n, generation, np.int32)
        return Known(gen * max(n, 1) + _ranks(id_array), np.full(n, -1, np.int64),
                     np.full(n, -1, np.int8), gen)

    def column(name: str) -> pa.Array:
        values = published.column(name)
        return values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()

    at = pc.index_in(id_array, value_set=column("id"))
    gen = column("generation").take(at).fill_null(generation).to_numpy(zero_copy_only=False)
    split = pc.index_in(column("split").take(at), value_set=pa.array(SPLITS))
    pinned = split.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int8)
    key = gen.astype(np.int64) * max(n, 1) + _ranks(id_array)
    frozen = np.full(n, -1, np.int64)
    if keep_clusters:
        same = pc.equal(column("content_sha256").take(at), hashes)
        rows = np.flatnonzero(same.fill_null(False).to_numpy(zero_copy_only=False))
        if rows.size:
            cluster = pc.coalesce(column("duplicate_of"), column("id"))
            where = at.take(pa.array(rows))
            frozen[rows] = pc.dictionary_encode(cluster.take(where)).indices.to_numpy()
    return Known(key, frozen, pinned, gen.astype(np.int32))
