"""Statistics of a version, from a few columns: what the card shows and diff compares."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

LENGTH_BINS = (0, 500, 1000, 2000, 4000, 8000, 16000)


def length_bin(n: int) -> str:
    """
    >>> length_bin(1500), length_bin(20000)
    ('1000-1999', '16000+')
    """
    for lo, hi in zip(LENGTH_BINS, LENGTH_BINS[1:], strict=False):
        if lo <= n < hi:
            return f"{lo}-{hi - 1}"
    return f"{LENGTH_BINS[-1]}+"


def _count(values) -> dict[str, int]:
    counts = Counter("(none)" if v is None else str(v) for v in values)
    return dict(sorted(counts.items()))


def compute(table: pa.Table, splits: list[str], duplicate_of: list[str | None],
            n_rejected: int, rejected_by_reason: dict[str, int],
            kinds: list[str | None] | None = None) -> dict:
    """Counts by language, split, year, publisher and length, plus duplicates (exact and
    near, per language) and rejects."""
    n_chars = table.column("n_chars").to_pylist()
    languages = table.column("language").to_pylist()
    by_lang_split: Counter = Counter(zip(languages, splits, strict=True))
    kinds = kinds if kinds is not None else ["exact" if d else None for d in duplicate_of]
    by_kind = Counter(zip(languages, kinds, strict=True))
    return {
        "documents": table.num_rows,
        "duplicates": sum(d is not None for d in duplicate_of),
        "duplicates_by_language": {lang: {"exact": by_kind[lang, "exact"],
                                          "near": by_kind[lang, "near"]}
                                   for lang in sorted(set(languages))},
        "rejected": n_rejected,
        "rejected_by_reason": dict(sorted(rejected_by_reason.items())),
        "by_language": _count(table.column("language").to_pylist()),
        "by_split": _count(splits),
        "by_language_split": {f"{lang}/{split}": n
                              for (lang, split), n in sorted(by_lang_split.items())},
        "by_year": _count(table.column("year").to_pylist()),
        "by_publisher": _count(table.column("publisher").to_pylist()),
        "by_license": _count(table.column("license").to_pylist()),  # per article (sidecar)
        "pii_redactions": pc.sum(table.column("pii_redactions")).as_py() or 0,
        "by_length": {b: n for b, n in sorted(Counter(map(length_bin, n_chars)).items(),
                                              key=lambda kv: int(kv[0].split("-")[0].rstrip("+")))},
        "chars": sum(n_chars),
        "words": sum(table.column("n_words").to_pylist()),
    }
