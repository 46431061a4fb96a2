"""A text's near-duplicate signature: MinHash (rensa) over its word shingles.

Computed in the worker with the rest of the per-document work and cached with the
record, so that the corpus stage and every later version compare a few hundred bytes per
document, never the texts. Words are runs of letters and digits, lowercased, so that a
changed comma or a capital does not count as an edit; a shingle is ``shingle`` words in a
row. Each MinHash value keeps its low 16 bits: two different shingle sets then agree on a
value by chance once in 65,536, which shifts the estimated Jaccard similarity by at most
0.00002, and the signature costs half the bytes (256 for 128 permutations).

The seed is fixed, and rensa hashes tokens without Python's per-process salt: the same
text gives the same signature in every process, on every engine, in every version.
"""

from __future__ import annotations

import math
import re

import numpy as np
from rensa import RMinHash

from newspack.config import DedupConfig

SEED = 0x6E657773  # "news"
HASH_BITS = 16
DTYPE = np.dtype("<u2")
# Bump when the words, the shingles or the hashing change: it keys the cache and the manifest.
SCHEME = f"words-xor-1/rensa-rminhash-{RMinHash.ALGORITHM_VERSION}/u{HASH_BITS}"
LSH_RECALL = 0.999  # chance that a pair at the threshold shares a band (see banding)
MARGIN = 2.0  # standard errors below the threshold that still link a pair (see accept)
_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime


def words(text: str) -> list[str]:
    """
    >>> words("Oslo (NTB): Regjeringa la fram budsjettet, 7. oktober.")
    ['oslo', 'ntb', 'regjeringa', 'la', 'fram', 'budsjettet', '7', 'oktober']
    """
    return _WORD.findall(text.lower())


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """One 64-bit hash per run of ``size`` words (order matters); a text of fewer words is
    one shingle, and a text without words is hashed whole."""
    tokens = words(text) or [text]
    h = np.asarray(RMinHash.hash_token_sets([tokens])[0], dtype=np.uint64)
    size = min(size, len(h))
    n = len(h) - size + 1
    out = h[:n].copy()
    for j in range(1, size):
        out *= _MIX
        out ^= h[j:n + j]
    return out


def signature(text: str, dedup: DedupConfig) -> bytes:
    """``dedup.permutations`` MinHash values of 16 bits; empty when near duplicates are off."""
    if not dedup.near:
        return b""
    hashes = shingle_hashes(text, dedup.shingle)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        hashes, np.array([0, len(hashes)], dtype=np.uint64), dedup.permutations, SEED)
    return np.asarray(matrix.to_rows()[0], dtype=np.uint32).astype(DTYPE).tobytes()


def matrix(blobs: bytes, permutations: int) -> np.ndarray:
    """Signatures laid end to end, as a (documents, permutations) array (no copy)."""
    return np.frombuffer(blobs, dtype=DTYPE).reshape(-1, permutations)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity: the share of MinHash values two signatures share, row
    by row (either side may be one signature)."""
    return (np.asarray(a) == np.asarray(b)).mean(axis=-1, dtype=np.float32)


def accept(threshold: float, permutations: int) -> float:
    """The estimated similarity from which a candidate pair is linked: the threshold less
    MARGIN standard errors of the estimate there, so that a copy at the threshold is linked
    98 times in 100 (not one in two), while a pair far below it, such as two stories that
    share a quote (Jaccard under 0.5), is not: the estimate's error is binomial, and at 128
    permutations 0.035 around 0.8.

    >>> accept(0.8, 128), accept(0.8, 512), accept(1.0, 128)
    (0.7293, 0.7646, 1.0)
    """
    error = math.sqrt(threshold * (1 - threshold) / permutations)
    return round(threshold - MARGIN * error, 4)


def banding(threshold: float, permutations: int) -> tuple[int, int]:
    """(bands, rows) for LSH: the most rows per band (fewest chance candidates) that still
    makes a pair at the threshold share at least one band with probability LSH_RECALL.

    >>> banding(0.8, 128), banding(0.5, 128), banding(1.0, 128)
    ((25, 5), (64, 2), (1, 128))
    """
    for rows in range(permutations, 0, -1):
        bands = permutations // rows
        if 1 - (1 - threshold ** rows) ** bands >= LSH_RECALL:
            return bands, rows
    return permutations, 1


def settings(dedup: DedupConfig) -> dict:
    """The near-duplicate settings as the manifest records them, derived ones included."""
    bands, rows = banding(dedup.threshold, dedup.permutations)
    return {"near": dedup.near, "threshold": dedup.threshold, "shingle": dedup.shingle,
            "permutations": dedup.permutations, "bands": bands, "rows": rows,
            "accept": accept(dedup.threshold, dedup.permutations),
            "hash_bits": HASH_BITS, "seed": SEED, "scheme": SCHEME}
