"""Corpus-level stages on compact signatures: unique ids, duplicates, splits, shards.

These stages see only a few columns (id, content hash, language) and the MinHash
signatures, never the texts, so they scale with the number of documents, not with their
size.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newspack.config import Config, SplitConfig
from newspack.corpus import dedup
from newspack.corpus.published import SPLITS, align
from newspack.extract.signature import accept, banding
from newspack.memory import give_back
from newspack.store.versions import Layout

Strings = Sequence[str] | pa.Array | pa.ChunkedArray
KIND_NAMES = list(dedup.KINDS)  # duplicate_kind by dedup's codes (None: kept)
BLOCK = 65536  # rows made Python strings at once, where a hash needs them


def strings(values: Strings) -> pa.Array:
    """One Arrow string array (the stages take lists too, as tests and scripts give)."""
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    return values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())


@dataclass(frozen=True)
class Plan:
    """Where every spooled row goes: its final id, duplicate_of, split (index into
    SPLITS) and shard, how it is a duplicate (dedup.KEPT, EXACT, NEAR) and how similar to
    the kept document, and the generation its id was first published in. Columns all:
    no Python object per row."""

    ids: pa.Array  # string
    duplicate_of: pa.Array  # string, null for a kept row
    split: np.ndarray  # int8, index into SPLITS
    shards: dict[tuple[str, str], list[np.ndarray]]  # (language, split) -> rows per shard
    kind: np.ndarray  # int8
    similarity: np.ndarray  # float32
    generation: np.ndarray  # int32

    def kinds(self) -> list[str | None]:
        return [dedup.KINDS[k] for k in self.kind.tolist()]

    def kind_names(self) -> pa.Array:
        """duplicate_kind: "exact", "near", or null for a kept row."""
        return pa.array(KIND_NAMES, pa.string()).take(pa.array(self.kind.astype(np.int64)))

    def split_names(self) -> pa.Array:
        return pa.array(SPLITS, pa.string()).take(pa.array(self.split.astype(np.int64)))


def unique_ids(ids: Strings, source_files: Strings) -> pa.Array:
    """Ids as given, except that a repeat (same file name in two folders) gets a new hash,
    unused by any other row. Only the repeats are Python strings."""
    ids = strings(ids)
    codes = pc.dictionary_encode(ids).indices.to_numpy(zero_copy_only=False)
    first = np.zeros(len(ids), dtype=bool)
    first[np.unique(codes, return_index=True)[1]] = True
    repeats = np.flatnonzero(~first)
    if not repeats.size:
        return ids
    taken = set(pc.unique(ids).to_pylist())
    at = pa.array(repeats)
    new = []
    for id_, src in zip(ids.take(at).to_pylist(), strings(source_files).take(at).to_pylist(),
                        strict=True):
        while id_ in taken:
            id_ = hashlib.sha256(f"{id_}:{src}".encode()).hexdigest()[:16]
        taken.add(id_)
        new.append(id_)
    return pc.replace_with_mask(ids, pa.array(~first), pa.array(new, pa.string()))


def cluster_splits(c: dedup.Clusters, key: np.ndarray, pinned: np.ndarray,
                   ids: pa.Array, config: SplitConfig) -> np.ndarray:
    """One split a cluster (index into SPLITS): that of its first published member in the
    kept order (a published record never moves, and its copies join it), else one from a
    hash of the kept document's id."""
    chosen = np.full(int(c.label.max()) + 1 if len(c.label) else 0, -1, dtype=np.int8)
    rows = np.flatnonzero(pinned >= 0)
    if rows.size:
        rows = rows[np.lexsort((key[rows], c.label[rows]))]
        labels, first = np.unique(c.label[rows], return_index=True)
        chosen[labels] = pinned[rows[first]]
    labels, first = np.unique(c.label, return_index=True)
    fresh = labels[chosen[labels] < 0]
    kept = c.kept[first][chosen[labels] < 0]
    for s in range(0, len(fresh), BLOCK):  # a hash of each new cluster's kept id
        names = ids.take(pa.array(kept[s:s + BLOCK])).to_pylist()
        chosen[fresh[s:s + BLOCK]] = [SPLITS.index(split_of(n, config)) for n in names]
    return chosen[c.label]


def split_of(group_id: str, config: SplitConfig) -> str:
    """The split of a duplicate group, from a hash of its kept id: stable as the corpus grows,
    and a duplicate always lands beside its original (no test text leaks into train).

    >>> split_of("abc", SplitConfig())
    'train'
    """
    if not (config.validation or config.test):
        return "train"
    x = int(hashlib.sha256(f"newspack-split:{group_id}".encode()).hexdigest()[:15], 16) / 16**15
    if x < config.test:
        return "test"
    if x < config.test + config.validation:
        return "validation"
    return "train"


COMPACT_FACTOR = 2  # repack a group once it has this many times the shards it needs


def _balanced(rows: np.ndarray, rows_per_shard: int) -> list[np.ndarray]:
    """``rows`` (sorted by id) cut into equal shards of at most ``rows_per_shard``."""
    n = math.ceil(len(rows) / rows_per_shard)
    size = math.ceil(len(rows) / n)
    return [rows[k * size:(k + 1) * size] for k in range(n)]


def _stable(rows: np.ndarray, ids: pa.Array, key: tuple[str, str], rows_per_shard: int,
            previous: Layout) -> list[np.ndarray]:
    """Rows stay in the shard they had in the previous version; new rows go into new
    shards after them. So adding 1 % of documents leaves the old shards byte-identical,
    and the store (hard links) and the Hub (content-defined chunks) share them.
    ``rows`` are sorted by id, and stay in that order within a shard."""
    where = previous.locate(ids.take(pa.array(rows)))
    same_key = np.array([k[:2] == key for k in previous.shards] + [False], dtype=bool)
    index = np.array([k[2] for k in previous.shards] + [-1], dtype=np.int64)
    kept = same_key[where]  # (-1, a new id, reads the False at the end)
    old = index[where[kept]]
    order = np.argsort(old, kind="stable")  # by old shard, in id order within it
    kept_rows, old = rows[kept][order], old[order]
    shards = np.split(kept_rows, np.flatnonzero(np.diff(old)) + 1) if len(kept_rows) else []
    new = rows[~kept]
    if len(new):
        shards += _balanced(new, rows_per_shard)
    if len(shards) > COMPACT_FACTOR * math.ceil(len(rows) / rows_per_shard):
        return _balanced(rows, rows_per_shard)
    return shards


def shard(ids: Strings, languages: Strings, splits: np.ndarray, rows_per_shard: int,
          previous: Layout | None = None) -> dict[tuple[str, str], list[np.ndarray]]:
    """Rows of each (language, split) in shards, sorted by id within a shard: balanced on
    a first build, stable against ``previous`` afterwards. ``splits``: index into SPLITS."""
    ids, languages = strings(ids), strings(languages)
    lang = pc.dictionary_encode(languages)
    names = lang.dictionary.to_pylist()
    group = lang.indices.to_numpy(zero_copy_only=False).astype(np.int64) * len(SPLITS) + \
        np.asarray(splits, dtype=np.int64)
    by_id = pc.sort_indices(ids).to_numpy()  # UTF-8 order: the code point order of str
    rows = by_id[np.argsort(group[by_id], kind="stable")]  # by group, then by id
    bounds = np.flatnonzero(np.diff(group[rows])) + 1
    out = {}
    for part in np.split(rows, bounds) if len(rows) else []:
        g = int(group[part[0]])
        key = (names[g // len(SPLITS)], SPLITS[g % len(SPLITS)])
        out[key] = (_stable(part, ids, key, rows_per_shard, previous) if previous
                    else _balanced(part, rows_per_shard))
    return dict(sorted(out.items()))


Column = Strings | Callable[[], pa.Array]  # a column, or what reads it when first needed


def _now(column: Column) -> Strings:
    return column() if callable(column) else column


def plan(ids: Column, source_files: Column, hashes: Column, languages: Column,
         config: Config, previous: Layout | None = None, sig: np.ndarray | None = None,
         published: pa.Table | Callable[[], pa.Table | None] | None = None,
         keep_clusters: bool = False,
         generation: int = 0) -> Plan:
    """Rows in input order. ``sig``: their signatures (none: exact duplicates only);
    ``published``: the previous version's documents (store.signatures.published), or what
    reads them (then they are gone once aligned: 110 MB at a million), whose
    clusters unchanged rows keep when ``keep_clusters`` (same duplicate settings);
    ``generation``: this build's (the number of versions published before it). Each of
    the four columns may be given as what reads it: it is then read when first needed
    and let go once used (at a million documents, 130 MB less held through the clusters).
    """
    # give_back after each hash table: on a million documents, what Arrow and numpy freed
    # was otherwise kept by their allocators, some 400 MB by the end of the plan
    final_ids = unique_ids(_now(ids), _now(source_files))
    del ids, source_files
    give_back()
    hashes = strings(_now(hashes))
    known = align(final_ids, hashes, _now(published), keep_clusters, generation)
    give_back()
    codes = pc.dictionary_encode(hashes).indices.to_numpy(zero_copy_only=False)
    del hashes
    give_back()
    sig = np.zeros((len(final_ids), 0), np.uint16) if sig is None else sig
    d = config.dedup
    bands, rows = banding(d.threshold, d.permutations)
    c = dedup.clusters(sig, codes.astype(np.int64), known.key, known.frozen,
                       accept(d.threshold, d.permutations), bands if d.near else 0, rows)
    give_back()
    dup = pc.if_else(pa.array(c.kind == dedup.KEPT), pa.scalar(None, pa.string()),
                     final_ids.take(pa.array(c.kept)))
    splits = cluster_splits(c, known.key, known.pinned, final_ids, config.splits)
    return Plan(final_ids, dup, splits,
                shard(final_ids, _now(languages), splits, config.build.rows_per_shard,
                      previous),
                c.kind, c.similarity, known.generation)
