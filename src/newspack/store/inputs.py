"""The version's input list: one row per input (source, sha256, bytes, id, outcome).

It lives in ``inputs.parquet`` beside the manifest, checksummed in the manifest's
outputs like every other file, so that ``manifest.json`` stays small at any size (the
JSON list was 14 MB at 100,000 inputs, read whole by every later build). Versions of
manifest format 1 kept the list in the manifest itself; they still read here.
"""

from __future__ import annotations

from array import array
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newspack.store.parquet import write_table

FILE = "inputs.parquet"
COLUMNS = ("source", "sha256", "bytes", "id", "outcome")
SCHEMA = pa.schema([("source", pa.string()), ("sha256", pa.string()), ("bytes", pa.int64()),
                    ("id", pa.string()), ("outcome", pa.string())])


def _format_1(listed) -> bool:
    return isinstance(listed, dict) and isinstance(listed.get("rows"), list)


BATCH = 4096


class InputRows:
    """The input list as a build collects it, in input order: rows become Arrow batches
    of ``BATCH``, so only the batch being filled is Python objects. A row is new (``add``)
    or the previous version's (``add_old``: its row index in that version's list)."""

    def __init__(self, old: pa.Table | None = None) -> None:
        self._old = old
        self._batches: list[pa.RecordBatch] = []
        self._rows: list[tuple] = []
        self._new = 0
        self._where = array("q")  # per input: index among new rows, or -1 - old row index

    def __len__(self) -> int:
        return len(self._where)

    def add(self, source: str, sha256: str, size: int, id_: str, outcome: str) -> None:
        self._where.append(self._new)
        self._new += 1
        self._rows.append((source, sha256, size, id_, outcome))
        if len(self._rows) >= BATCH:
            self._flush()

    def add_old(self, row: int) -> None:
        self._where.append(-1 - row)

    def _flush(self) -> None:
        if self._rows:
            columns = [pa.array(v, f.type) for v, f in zip(zip(*self._rows, strict=True),
                                                            SCHEMA, strict=True)]
            self._batches.append(pa.RecordBatch.from_arrays(columns, schema=SCHEMA))
            self._rows = []

    def table(self) -> pa.Table:
        """Every row, in input order."""
        self._flush()
        where = np.frombuffer(self._where, dtype=np.int64) if len(self._where) else \
            np.empty(0, np.int64)
        new = pa.Table.from_batches(self._batches, SCHEMA)
        olds = -1 - where[where < 0]
        if not olds.size:
            return new.combine_chunks()
        old = self._old.select(list(COLUMNS)).cast(SCHEMA).take(pa.array(olds))
        both = pa.concat_tables([new, old]).combine_chunks()
        order = np.where(where >= 0, where, 0)
        order[where < 0] = self._new + np.arange(olds.size)
        return both.take(pa.array(order))


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
