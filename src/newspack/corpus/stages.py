"""Corpus-level stages on compact signatures: unique ids, duplicates, splits, shards.

These stages see only a few columns (id, content hash, language) and the MinHash
signatures, never the texts, so they scale with the number of documents, not with their
size.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newspack.config import Config, SplitConfig
from newspack.corpus import dedup
from newspack.corpus.published import SPLITS, align
from newspack.extract.signature import accept, banding


@dataclass(frozen=True)
class Plan:
    """Where every spooled row goes: its final id, duplicate_of, split and shard, how it
    is a duplicate (dedup.KEPT, EXACT, NEAR) and how similar to the kept document, and the
    generation its id was first published in."""

    ids: list[str]
    duplicate_of: list[str | None]
    splits: list[str]
    shards: dict[tuple[str, str], list[list[int]]]  # (language, split) -> row indexes per shard
    kind: np.ndarray  # int8
    similarity: np.ndarray  # float32
    generation: np.ndarray  # int32

    def kinds(self) -> list[str | None]:
        return [dedup.KINDS[k] for k in self.kind.tolist()]


def unique_ids(ids: list[str], source_files: list[str]) -> list[str]:
    """Ids as given, except that a repeat (same file name in two folders) gets a new hash."""
    seen: set[str] = set()
    out = []
    for id_, src in zip(ids, source_files, strict=True):
        while id_ in seen:
            id_ = hashlib.sha256(f"{id_}:{src}".encode()).hexdigest()[:16]
        seen.add(id_)
        out.append(id_)
    return out


def cluster_splits(c: dedup.Clusters, key: np.ndarray, pinned: np.ndarray,
                   ids: list[str], config: SplitConfig) -> list[str]:
    """One split a cluster: that of its first published member in the kept order (a
    published record never moves, and its copies join it), else one from a hash of the
    kept document's id."""
    chosen = np.full(int(c.label.max()) + 1 if len(c.label) else 0, -1)
    rows = np.flatnonzero(pinned >= 0)
    if rows.size:
        rows = rows[np.lexsort((key[rows], c.label[rows]))]
        labels, first = np.unique(c.label[rows], return_index=True)
        chosen[labels] = pinned[rows[first]]
    by_label = {}
    out = []
    for label, kept in zip(c.label.tolist(), c.kept.tolist(), strict=True):
        split = by_label.get(label)
        if split is None:
            split = by_label[label] = (SPLITS[chosen[label]] if chosen[label] >= 0
                                       else split_of(ids[kept], config))
        out.append(split)
    return out


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


Previous = dict[str, tuple[str, str, int]]  # id -> (language, split, shard) in the last version
COMPACT_FACTOR = 2  # repack a group once it has this many times the shards it needs


def _balanced(rows: list[int], ids: list[str], rows_per_shard: int) -> list[list[int]]:
    rows = sorted(rows, key=ids.__getitem__)
    n = math.ceil(len(rows) / rows_per_shard)
    size = math.ceil(len(rows) / n)
    return [rows[k * size:(k + 1) * size] for k in range(n)]


def _stable(rows: list[int], ids: list[str], key: tuple[str, str], rows_per_shard: int,
            previous: Previous) -> list[list[int]]:
    """Rows stay in the shard they had in the previous version; new rows go into new
    shards after them. So adding 1 % of documents leaves the old shards byte-identical,
    and the store (hard links) and the Hub (content-defined chunks) share them."""
    kept: dict[int, list[int]] = defaultdict(list)
    new = []
    for i in rows:
        where = previous.get(ids[i])
        if where is not None and where[:2] == key:
            kept[where[2]].append(i)
        else:
            new.append(i)
    shards = [sorted(kept[k], key=ids.__getitem__) for k in sorted(kept)]
    if new:
        shards += _balanced(new, ids, rows_per_shard)
    if len(shards) > COMPACT_FACTOR * math.ceil(len(rows) / rows_per_shard):
        return _balanced(rows, ids, rows_per_shard)
    return shards


def shard(ids: list[str], languages: list[str], splits: list[str], rows_per_shard: int,
          previous: Previous | None = None) -> dict[tuple[str, str], list[list[int]]]:
    """Rows of each (language, split) in shards, sorted by id within a shard: balanced on
    a first build, stable against ``previous`` afterwards."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(zip(languages, splits, strict=True)):
        groups[key].append(i)
    return {key: (_stable(groups[key], ids, key, rows_per_shard, previous) if previous
                  else _balanced(groups[key], ids, rows_per_shard))
            for key in sorted(groups)}


def plan(ids: list[str], source_files: list[str], hashes: list[str], languages: list[str],
         config: Config, previous: Previous | None = None, sig: np.ndarray | None = None,
         published: pa.Table | None = None, keep_clusters: bool = False,
         generation: int = 0) -> Plan:
    """Rows in input order. ``sig``: their signatures (none: exact duplicates only);
    ``published``: the previous version's documents (store.signatures.published), whose
    clusters unchanged rows keep when ``keep_clusters`` (same duplicate settings);
    ``generation``: this build's (the number of versions published before it)."""
    final_ids = unique_ids(ids, source_files)
    known = align(final_ids, hashes, published, keep_clusters, generation)
    codes = pc.dictionary_encode(pa.array(hashes, pa.string())).indices.to_numpy()
    sig = np.zeros((len(ids), 0), np.uint16) if sig is None else sig
    d = config.dedup
    bands, rows = banding(d.threshold, d.permutations)
    c = dedup.clusters(sig, codes.astype(np.int64), known.key, known.frozen,
                       accept(d.threshold, d.permutations), bands if d.near else 0, rows)
    dup = [None if k == i else final_ids[k] for i, k in enumerate(c.kept.tolist())]
    splits = cluster_splits(c, known.key, known.pinned, final_ids, config.splits)
    return Plan(final_ids, dup, splits,
                shard(final_ids, languages, splits, config.build.rows_per_shard, previous),
                c.kind, c.similarity, known.generation)
