"""Statistics of a version, from a few columns: what the card shows and diff compares."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

LENGTH_BINS = (0, 500, 1000, 2000, 4000, 8000, 16000)
KIND_NAMES = ("kept", "exact", "near")  # by corpus.dedup's codes


def length_bin(n: int) -> str:
    """
    >>> length_bin(1500), length_bin(20000)
    ('1000-1999', '16000+')
    """
    for lo, hi in zip(LENGTH_BINS, LENGTH_BINS[1:], strict=False):
        if lo <= n < hi:
            return f"{lo}-{hi - 1}"
    return f"{LENGTH_BINS[-1]}+"


def _count(values: pa.ChunkedArray | pa.Array) -> dict[str, int]:
    """Rows per value, keyed by the value as text ("(none)" for null), sorted by key."""
    counts: Counter = Counter()
    for pair in pc.value_counts(values).to_pylist():
        v = pair["values"]
        counts["(none)" if v is None else str(v)] += pair["counts"]
    return dict(sorted(counts.items()))


def _pairs(a: pa.ChunkedArray | pa.Array, b: pa.ChunkedArray | pa.Array) -> Counter:
    """Rows per (a, b) pair of values: numpy over dictionary codes, no Python per row."""
    def codes(values):
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        encoded = pc.dictionary_encode(values)  # a dictionary array stays as it is
        return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()

    (ca, va), (cb, vb) = codes(a), codes(b)
    counts = np.bincount(ca.astype(np.int64) * max(len(vb), 1) + cb, minlength=len(va) * len(vb))
    return Counter({(va[k // len(vb)], vb[k % len(vb)]): int(n)
                    for k, n in enumerate(counts.tolist()) if n})


def compute(table: pa.Table, splits: pa.Array, kind: np.ndarray, n_rejected: int,
            rejected_by_reason: dict[str, int]) -> dict:
    """Counts by language, split, year, publisher and length, plus duplicates (exact and
    near, per language) and rejects; ``splits`` and ``kind`` (corpus.dedup's codes: KEPT,
    EXACT, NEAR) row for row with ``table``. Over columns: a million rows cost no Python
    object each."""
    languages = table.column("language")
    kind = np.asarray(kind, dtype=np.int64)
    by_lang_split = _pairs(languages, splits)
    by_kind = _pairs(languages, pa.DictionaryArray.from_arrays(
        pa.array(kind), pa.array(KIND_NAMES, pa.string())))
    n_chars = table.column("n_chars").to_numpy()
    bins = np.bincount(np.searchsorted(LENGTH_BINS, n_chars, side="right") - 1,
                       minlength=len(LENGTH_BINS))
    return {
        "documents": table.num_rows,
        "duplicates": int((kind != 0).sum()),
        "duplicates_by_language": {lang: {"exact": by_kind[lang, "exact"],
                                          "near": by_kind[lang, "near"]}
                                   for lang in sorted(set(pc.unique(languages).to_pylist()))},
        "rejected": n_rejected,
        "rejected_by_reason": dict(sorted(rejected_by_reason.items())),
        "by_language": _count(languages),
        "by_split": _count(splits),
        "by_language_split": {f"{lang}/{split}": n
                              for (lang, split), n in sorted(by_lang_split.items())},
        "by_year": _count(table.column("year")),
        "by_publisher": _count(table.column("publisher")),
        "by_license": _count(table.column("license")),  # per article (sidecar)
        "pii_redactions": pc.sum(table.column("pii_redactions")).as_py() or 0,
        "by_length": {length_bin(LENGTH_BINS[b]): int(n) for b, n in enumerate(bins.tolist())
                      if n},
        "chars": int(n_chars.sum()),
        "words": int(pc.sum(table.column("n_words")).as_py() or 0),
    }
