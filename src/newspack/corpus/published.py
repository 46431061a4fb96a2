"""What the published versions say about this build's rows, as arrays aligned with them:
when each id was first published (the kept order), which rows keep their published
cluster, and the split each published id has (pinned: it never changes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newspack.memory import give_back

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

    # give_back after each hash table or sort: what mimalloc kept of one was otherwise
    # added to the next (the rebuild of a million documents peaks here)
    at = pc.index_in(id_array, value_set=column("id"))
    give_back()
    gen = column("generation").take(at).fill_null(generation).to_numpy(zero_copy_only=False)
    split = pc.index_in(column("split").take(at), value_set=pa.array(SPLITS))
    pinned = split.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int8)
    key = gen.astype(np.int64) * max(n, 1) + _ranks(id_array)
    give_back()
    frozen = np.full(n, -1, np.int64)
    if keep_clusters:
        rows = _unchanged(column("content_sha256"), at, hashes)
        if rows.size:
            roots = _roots(column("id"), column("duplicate_of"))
            give_back()
            frozen[rows] = _first_seen(roots[at.take(pa.array(rows)).to_numpy()])
    return Known(key, frozen, pinned, gen.astype(np.int32))


SLICE = 65_536  # rows compared at a time: a whole column of taken hashes was 72 MB a million


def _unchanged(published_hashes: pa.Array, at: pa.Array, hashes: pa.Array) -> np.ndarray:
    """The rows whose text hash is their published document's (``at``: its index)."""
    found = []
    for start in range(0, len(at), SLICE):
        same = pc.equal(published_hashes.take(at.slice(start, SLICE)),
                        hashes.slice(start, SLICE))
        found.append(start + np.flatnonzero(same.fill_null(False).to_numpy(
            zero_copy_only=False)))
    return np.concatenate(found) if found else np.empty(0, np.int64)


def _roots(ids: pa.Array, duplicate_of: pa.Array) -> np.ndarray:
    """Per published document, a label of its cluster: the index of the cluster's kept
    document (its own, when it is the kept one). An integer per document where
    ``coalesce(duplicate_of, id)`` made a string, with the same grouping."""
    found = pc.index_in(duplicate_of, value_set=ids).fill_null(-1).to_numpy()
    root = np.where(found < 0, np.arange(len(ids)), found).astype(np.int64)
    lost = np.flatnonzero(pc.is_valid(duplicate_of).to_numpy(zero_copy_only=False)
                          & (found < 0))
    del found
    if lost.size:  # a duplicate of an id the version lacks: grouped by that id
        lost_ids = duplicate_of.take(pa.array(lost))
        root[lost] = len(ids) + pc.dictionary_encode(lost_ids).indices.to_numpy()
    return root


def _first_seen(labels: np.ndarray) -> np.ndarray:
    """``labels`` renumbered 0, 1, ... in the order each first appears."""
    return pc.dictionary_encode(pa.array(labels)).indices.to_numpy().astype(np.int64)
