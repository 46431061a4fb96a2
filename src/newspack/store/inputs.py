"""The version's input list: one row per input (source, sha256, bytes, id, outcome).

It lives in ``inputs.parquet`` beside the manifest, checksummed in the manifest's
outputs like every other file, so that ``manifest.json`` stays small at any size (the
JSON list was 14 MB at 100,000 inputs, read whole by every later build). Versions of
manifest format 1 kept the list in the manifest itself; they still read here.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newspack.store.parquet import write_table

FILE = "inputs.parquet"
COLUMNS = ("source", "sha256", "bytes", "id", "outcome")
SCHEMA = pa.schema([("source", pa.string()), ("sha256", pa.string()), ("bytes", pa.int64()),
                    ("id", pa.string()), ("outcome", pa.string())])


def _format_1(listed) -> bool:
    return isinstance(listed, dict) and isinstance(listed.get("rows"), list)


def write(inputs: list[dict], path: Path) -> None:
    """The input rows, in input order, as deterministic Parquet."""
    table = pa.table({c: [row[c] for row in inputs] for c in COLUMNS}, schema=SCHEMA)
    write_table(table, path)


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
