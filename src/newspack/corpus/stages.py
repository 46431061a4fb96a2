"""Corpus-level stages on compact signatures: unique ids, exact duplicates, splits, shards.

These stages see only a few columns (id, content hash, language), never all texts, so
they scale with the number of documents, not with their size.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass

from newspack.config import SplitConfig

SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class Plan:
    """Where every spooled row goes: its final id, duplicate_of, split and shard."""

    ids: list[str]
    duplicate_of: list[str | None]
    splits: list[str]
    shards: dict[tuple[str, str], list[list[int]]]  # (language, split) -> row indexes per shard


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


def exact_duplicates(ids: list[str], hashes: list[str]) -> list[str | None]:
    """duplicate_of for each row: the id of the first row (input order) with the same text."""
    first: dict[str, str] = {}
    out: list[str | None] = []
    for id_, digest in zip(ids, hashes, strict=True):
        kept = first.setdefault(digest, id_)
        out.append(None if kept == id_ else kept)
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
         config: SplitConfig, rows_per_shard: int, previous: Previous | None = None) -> Plan:
    final_ids = unique_ids(ids, source_files)
    dup = exact_duplicates(final_ids, hashes)
    splits = [split_of(d or i, config) for i, d in zip(final_ids, dup, strict=True)]
    return Plan(final_ids, dup, splits,
                shard(final_ids, languages, splits, rows_per_shard, previous))
