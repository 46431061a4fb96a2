"""A version's statistics, counted over columns, say what the rows hold."""

import numpy as np
import pyarrow as pa

from newspack.publish import stats


def _table(rows: list[tuple]) -> pa.Table:
    names = ("language", "year", "publisher", "license", "n_chars", "n_words",
             "pii_redactions")
    types = (pa.string(), pa.int32(), pa.string(), pa.string(), pa.int32(), pa.int32(),
             pa.int32())
    return pa.table({n: pa.array([r[k] for r in rows], t)
                     for k, (n, t) in enumerate(zip(names, types, strict=True))})


def test_counts_by_every_key_with_nulls_and_duplicates():
    rows = [("nb", 2020, "NRK", None, 499, 80, 1),
            ("nb", 2021, "NRK", "cc-by", 500, 90, 0),
            ("nn", None, None, None, 16000, 2000, 2),
            ("nb", 2020, "VG", None, 2500, 400, 0),
            ("da", 2020, "DR", None, 1999, 300, 0)]
    got = stats.compute(_table(rows), pa.array(["train", "train", "test", "validation",
                                                "train"]), np.array([0, 1, 0, 2, 0]),
                        3, {"no_text": 2, "too_short": 1})
    assert got == {
        "documents": 5, "duplicates": 2,
        "duplicates_by_language": {"da": {"exact": 0, "near": 0},
                                   "nb": {"exact": 1, "near": 1},
                                   "nn": {"exact": 0, "near": 0}},
        "rejected": 3, "rejected_by_reason": {"no_text": 2, "too_short": 1},
        "by_language": {"da": 1, "nb": 3, "nn": 1},
        "by_split": {"test": 1, "train": 3, "validation": 1},
        "by_language_split": {"da/train": 1, "nb/train": 2, "nb/validation": 1, "nn/test": 1},
        "by_year": {"(none)": 1, "2020": 3, "2021": 1},
        "by_publisher": {"(none)": 1, "DR": 1, "NRK": 2, "VG": 1},
        "by_license": {"(none)": 4, "cc-by": 1},
        "pii_redactions": 3,
        "by_length": {"0-499": 1, "500-999": 1, "1000-1999": 1, "2000-3999": 1, "16000+": 1},
        "chars": 499 + 500 + 16000 + 2500 + 1999, "words": 80 + 90 + 2000 + 400 + 300}


def test_an_empty_version_counts_nothing():
    got = stats.compute(_table([]), pa.array([], pa.string()), np.array([], np.int8), 0, {})
    assert got["documents"] == 0 and got["by_language"] == {} and got["by_length"] == {}
    assert got["chars"] == 0 and got["words"] == 0 and got["duplicates_by_language"] == {}
