"""The version's input list: one row per input (source, sha256, bytes, id, outcome).

It lives in ``inputs.parquet`` beside the manifest, checksummed in the manifest's
outputs like every other file, so that ``manifest.json`` stays small at any size (the
JSON list was 14 MB at 100,000 inputs, read whole by every later build). Versions of
manifest format 1 kept the list in the manifest itself; they still read here.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newspack.store.parquet import Spool, write_table

FILE = "inputs.parquet"
COLUMNS = ("source", "sha256", "bytes", "id", "outcome")
SCHEMA = pa.schema([("source", pa.string()), ("sha256", pa.string()), ("bytes", pa.int64()),
                    ("id", pa.string()), ("outcome", pa.string())])


def _format_1(listed) -> bool:
    return isinstance(listed, dict) and isinstance(listed.get("rows"), list)


class InputRows:
    """The input list as a build collects it, in input order. New rows (``add``) stream to
    an Arrow spool at ``path`` (memory holds one batch, not a row per input, while the
    workers extract); a row of the previous version (``add_old``) is its row index in that
    version's list. ``table`` puts them together once the collecting is over."""

    def __init__(self, old: pa.Table | Callable[[], pa.Table | None] | None, path: Path
                 ) -> None:
        self._old = old
        self._spool = Spool(path, SCHEMA)
        self._new = 0
        self._where = array("q")  # per input: index among new rows, or -1 - old row index
        self._table: pa.Table | None = None

    def __len__(self) -> int:
        return len(self._where)

    def add(self, source: str, sha256: str, size: int, id_: str, outcome: str) -> None:
        self._where.append(self._new)
        self._new += 1
        self._spool.add((source, sha256, size, id_, outcome))

    def add_old(self, row: int) -> None:
        self._where.append(-1 - row)

    def table(self) -> pa.Table:
        """Every row, in input order, in memory (the spool is read once)."""
        if self._table is None:
            self._table = self._put_together(self._spool.close())
        return self._table

    def _put_together(self, new: pa.Table) -> pa.Table:
        """The new rows and the old ones in input order, one column at a time: at a
        million inputs each whole copy of the list is some 150 MB, and the take of the
        old rows, their join to the new ones and the reorder were three at once."""
        where = np.frombuffer(self._where, dtype=np.int64) if len(self._where) else \
            np.empty(0, np.int64)
        if not (where < 0).any():
            return new.combine_chunks()
        # row i of the result: new row where[i], or old row -1 - where[i], which comes
        # after the new ones in each column joined below
        order = pa.array(np.where(where >= 0, where, self._new - 1 - where))
        old = self._old() if callable(self._old) else self._old
        self._old = None
        old = old.select(list(COLUMNS)).cast(SCHEMA)
        columns = []
        for name in COLUMNS:
            joined = pa.concat_arrays([*new.column(name).chunks, *old.column(name).chunks])
            columns.append(joined.take(order))
            del joined
        return pa.Table.from_arrays(columns, schema=SCHEMA)


def write(inputs: pa.Table, path: Path) -> None:
    """The input rows, in input order, as deterministic Parquet."""
    write_table(inputs.select(list(COLUMNS)).cast(SCHEMA), path)


def read_table(version_dir: Path, manifest: dict) -> pa.Table:
    """A version's inputs as an Arrow table, whichever layout the version has."""
    listed = manifest.get("inputs")
    if _format_1(listed):  # a table in the JSON
        rows = listed["rows"]
        columns = {c: [row[k] for row in rows] for k, c in enumerate(listed["columns"])}
        return pa.table(columns, schema=SCHEMA)
    return pq.read_table(version_dir / FILE, schema=SCHEMA)


def read(version_dir: Path, manifest: dict) -> list[dict]:
    """A version's inputs as one dict each (for the carry-over of unchanged inputs)."""
    return read_table(version_dir, manifest).to_pylist()


def count(manifest: dict) -> int:
    """How many inputs a version lists, without reading them."""
    listed = manifest.get("inputs")
    if _format_1(listed):
        return len(listed["rows"])
    return manifest["counts"]["inputs"]
