"""Rows to disk: a spool while extracting, then deterministic Parquet shards.

Records stream into an Arrow IPC spool as they are extracted, so memory does not grow
with the corpus. The spool is memory-mapped to write the final shards, one shard in
memory at a time.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from .schema import SCHEMA, Record, features

BATCH_ROWS = 1024


class Spool:
    """An append-only Arrow IPC file of records, in input order."""

    def __init__(self, path: Path):
        self.path = path
        self._sink = pa.OSFile(str(path), "wb")
        self._writer = ipc.new_file(self._sink, SCHEMA)
        self._rows: list[Record] = []

    def add(self, record: Record) -> None:
        self._rows.append(record)
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = [pa.array([getattr(r, f.name) for r in self._rows], f.type)
                       for f in SCHEMA]
            self._writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=SCHEMA))
            self._rows = []

    def close(self) -> pa.Table:
        """Finish the file and return it memory-mapped."""
        self._flush()
        self._writer.close()
        self._sink.close()
        return ipc.open_file(pa.memory_map(str(self.path))).read_all()


@functools.cache
def _hf_schema() -> pa.Schema:
    """SCHEMA with the Features datasets reads back from a Parquet file's metadata."""
    info = {"info": {"features": features().to_dict()}}
    return SCHEMA.with_metadata({**SCHEMA.metadata, b"huggingface": json.dumps(info).encode()})


def write_shard(table: pa.Table, path: Path) -> None:
    """Write one shard. Same rows, same pyarrow version: same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = table.cast(_hf_schema())
    # Content-defined chunking and a page index let the Hub's chunk-level deduplication
    # share the unchanged parts of a shard between versions.
    pq.write_table(table, path, compression="zstd", row_group_size=10_000,
                   write_statistics=True, store_schema=True, write_page_index=True,
                   use_content_defined_chunking=True)


def shard_name(split: str, index: int, count: int) -> str:
    """
    >>> shard_name("train", 0, 2)
    'train-00000-of-00002.parquet'
    """
    return f"{split}-{index:05d}-of-{count:05d}.parquet"


def write_jsonl(rows: list[dict], path: Path) -> None:
    """JSON lines; gzip-compressed when the name ends in .gz (with no timestamp inside,
    so the bytes depend on the rows only)."""
    import gzip

    data = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    if path.suffix == ".gz":
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                    filename="") as f:
            f.write(data.encode())
    else:
        path.write_text(data, encoding="utf-8", newline="\n")
