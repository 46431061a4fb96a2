"""Carried documents' signatures come from the published files, one file at a time."""

import numpy as np
import pyarrow as pa
import pytest

from newspack.errors import NewspackError
from newspack.store import signatures

K = 16  # permutations


def _publish(version, files):
    """files: {name: [(id, first value of its signature)]}, written as signature files."""
    for name, rows in files.items():
        sig = np.array([[v] * K for _, v in rows], dtype=np.uint16)
        signatures.write(version / signatures.FOLDER / "nb" / name,
                         pa.array([i for i, _ in rows]), pa.array([0] * len(rows), pa.int32()),
                         sig, K)


def test_carried_signatures_land_on_their_rows_whichever_file_holds_them(tmp_path):
    _publish(tmp_path, {"train-00000-of-00002.parquet": [("a", 1), ("c", 3)],
                        "train-00001-of-00002.parquet": [("b", 2), ("d", 4)]})
    into = np.zeros((5, K), dtype=np.uint16)
    signatures.carried(tmp_path, pa.array(["d", "a", "b"]), into, np.array([4, 0, 2]))
    assert into[:, 0].tolist() == [1, 0, 2, 0, 4]
    assert (into == into[:, :1]).all()  # every value of a row, not only the first


def test_a_carried_document_without_a_published_signature_stops_the_build(tmp_path):
    _publish(tmp_path, {"train-00000-of-00001.parquet": [("a", 1)]})
    into = np.zeros((2, K), dtype=np.uint16)
    with pytest.raises(NewspackError, match="no signature for 1 carried document"):
        signatures.carried(tmp_path, pa.array(["a", "gone"]), into, np.array([0, 1]))
