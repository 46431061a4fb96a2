"""Duplicate clusters, exact and near, on compact arrays: content-hash codes and MinHash
signatures, one row per document, never the texts.

1. Exact: rows with one content hash form a group around its first row by (generation,
   id); only those representatives go on.
2. Near: LSH banding over the signatures gives candidate pairs (rows equal in every value
   of some band); a candidate is kept when its estimated Jaccard similarity reaches the
   threshold. The check is what keeps precision when two different stories share a
   quote, a background paragraph or a page template: they share a band now and then,
   never most of their values.
3. Clusters are the connected components (union-find) of those links, with one rule for
   what is already published: rows that keep the cluster they had ("frozen": same text,
   same settings) are never re-linked among themselves, and two published clusters never
   merge. Every other row is linked freely; a group of them that touches published
   clusters joins the one whose kept document comes first.
4. The kept document of a cluster is its first row by (generation, id): the earliest
   published, then the smallest id, so never a newcomer while a published member is left.

Everything here is numpy over arrays of a few bytes per document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from newspack.extract.signature import similarity

KEPT, EXACT, NEAR = 0, 1, 2
KINDS = (None, "exact", "near")
WINDOW = 32  # in a band's run of equal keys, each row is paired with this many after it
_CHUNK = 1 << 16  # candidate pairs verified at once
_MIX = np.uint64(0x100000001B3)


@dataclass(frozen=True)
class Clusters:
    """Per row: the row of its cluster's kept document, the kind of duplicate (KEPT, EXACT,
    NEAR) and the estimated similarity with the kept document (1 for exact copies)."""

    kept: np.ndarray  # int64
    kind: np.ndarray  # int8
    similarity: np.ndarray  # float32
    label: np.ndarray  # int64: equal for the rows of one cluster


def band_keys(sig: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per row for the values of one band (FNV-style mixing)."""
    key = np.full(len(sig), band + 1, dtype=np.uint64)
    for c in range(band * rows, min((band + 1) * rows, sig.shape[1])):
        key ^= sig[:, c]  # one column at a time: no copy of the band
        key *= _MIX
    return key


def _union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sorted unique values of both (``np.union1d`` by a sort: numpy 2's hash-based unique
    took 30 of the 36 seconds of this stage on 400,000 documents)."""
    c = np.concatenate([a, b])
    c.sort()
    keep = np.ones(len(c), dtype=bool)
    keep[1:] = c[1:] != c[:-1]
    return c[keep]


def candidates(sig: np.ndarray, bands: int, rows: int,
               subset: np.ndarray | None = None) -> np.ndarray:
    """Pairs (i < j) of rows that agree on every value of at least one band, unique, sorted.
    In a run of more than WINDOW + 1 equal keys a row is paired with the WINDOW rows that
    follow it, which keeps the run connected without pairing all of it. ``subset``: only
    these rows of ``sig`` take part (the pairs are then positions in it), without a copy
    of their signatures."""
    n = len(sig) if subset is None else len(subset)
    found = np.empty(0, dtype=np.int64)  # pair codes so far, unique and sorted
    for band in range(bands):
        key = band_keys(sig, band, rows)
        if subset is not None:
            key = key[subset]
        order = np.argsort(key, kind="stable")
        ks = key[order]
        starts = np.flatnonzero(ks[1:] == ks[:-1])
        if not len(starts):
            continue
        members = _union(starts, starts + 1)  # every row of a run of two or more
        sub_keys, sub_rows = ks[members], order[members]
        new = []
        for d in range(1, min(WINDOW, len(members) - 1) + 1):
            same = sub_keys[d:] == sub_keys[:-d]
            if not same.any():
                break  # no run is longer than d
            a, b = sub_rows[:-d][same], sub_rows[d:][same]
            new.append(np.minimum(a, b) * n + np.maximum(a, b))
        # merged band by band: the pairs of every band at once were most of the stage's
        # memory on a million documents, and most bands find the same pairs again
        found = _union(found, np.concatenate(new)) if new else found
    return np.stack([found // n, found % n], axis=1)


def verified(sig: np.ndarray, pairs: np.ndarray, threshold: float) -> np.ndarray:
    """The candidate pairs whose estimated Jaccard similarity reaches the threshold."""
    keep = np.zeros(len(pairs), dtype=bool)
    for s in range(0, len(pairs), _CHUNK):
        p = pairs[s:s + _CHUNK]
        keep[s:s + _CHUNK] = similarity(sig[p[:, 0]], sig[p[:, 1]]) >= threshold
    return pairs[keep]


def _first_of(groups: np.ndarray, key: np.ndarray) -> np.ndarray:
    """For each row, the row of its group with the smallest key."""
    order = np.lexsort((key, groups))
    g = groups[order]
    head = np.ones(len(g), dtype=bool)
    head[1:] = g[1:] != g[:-1]
    first = order[head][np.cumsum(head) - 1]  # the head of each row's run, in sorted order
    out = np.empty_like(order)
    out[order] = first
    return out


def _components(n: int, edges: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])),
                       shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def links(sig: np.ndarray, codes: np.ndarray, key: np.ndarray, frozen: np.ndarray,
          threshold: float, bands: int, rows: int) -> np.ndarray:
    """Edges (i, j) between rows that are copies: exact ones to their hash group's first row,
    near ones between those first rows; none between two frozen rows."""
    rep = _first_of(codes, key)
    rows_ = np.arange(len(codes))
    edges = [np.stack([rows_, rep], axis=1)[rep != rows_]]
    if sig.shape[1] and bands:
        reps = np.flatnonzero(rep == rows_)
        pairs = reps[candidates(sig, bands, rows, reps)]
        pairs = pairs[(frozen[pairs[:, 0]] < 0) | (frozen[pairs[:, 1]] < 0)]
        edges.append(verified(sig, pairs, threshold))
    e = np.concatenate(edges)
    return e[(frozen[e[:, 0]] < 0) | (frozen[e[:, 1]] < 0)]


def clusters(sig: np.ndarray, codes: np.ndarray, key: np.ndarray, frozen: np.ndarray,
             threshold: float, bands: int, rows: int) -> Clusters:
    """The clusters of n rows.

    sig: (n, permutations) signatures (permutations may be 0: exact duplicates only);
    codes: equal for equal texts; key: the kept order, (generation, id rank) as one integer;
    frozen: the published cluster a row keeps, numbered from 0, or -1 for a row linked anew.
    """
    n = len(codes)
    edges = links(sig, codes, key, frozen, threshold, bands, rows)
    is_open = frozen < 0
    both_open = is_open[edges[:, 0]] & is_open[edges[:, 1]]
    comp = _components(n, edges[both_open])
    label = np.where(is_open, -1, frozen)
    n_frozen = int(frozen.max()) + 1 if n else 0
    # an open group touching published clusters joins the one whose kept row comes first
    cross = edges[~both_open]
    if len(cross) and n_frozen:
        a, b = cross[:, 0], cross[:, 1]
        open_row, frozen_row = np.where(is_open[a], a, b), np.where(is_open[a], b, a)
        fkey = np.full(n_frozen, np.iinfo(np.int64).max)
        np.minimum.at(fkey, frozen[~is_open], key[~is_open])
        target = frozen[frozen_row]
        order = np.lexsort((fkey[target], comp[open_row]))
        groups, first = np.unique(comp[open_row][order], return_index=True)
        joined = np.full(n, -1)
        joined[groups] = target[order][first]
        label = np.where(is_open, joined[comp], label)
    label = np.where(label < 0, n_frozen + comp, label)
    kept = _first_of(label, key)
    kind = np.where(kept == np.arange(n), KEPT, np.where(codes == codes[kept], EXACT, NEAR))
    sim = np.ones(n, dtype=np.float32)
    near = np.flatnonzero(kind == NEAR)
    if len(near):
        sim[near] = similarity(sig[near], sig[kept[near]])
    return Clusters(kept, kind.astype(np.int8), sim, label)
