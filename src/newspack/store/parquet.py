"""Rows to disk: a spool while extracting, then deterministic Parquet shards.

Records stream into an Arrow IPC spool as they are extracted, so memory does not grow
with the corpus. The spool is memory-mapped to write the final shards, one shard in
memory at a time.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import mmap
import weakref
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from newspack.memory import give_back
from newspack.schema import FIELD_NAMES, SCHEMA, Record, features_dict, record_batch

BATCH_ROWS = 1024


class Spool:
    """An append-only Arrow IPC file of rows, returned memory-mapped: memory holds one
    batch, not the corpus. Rows are tuples in ``schema`` order (see ``RecordSpool``), or
    rows of batches already in the schema (``add_row_of``: a worker made them)."""

    batch_rows = BATCH_ROWS

    def __init__(self, path: Path, schema: pa.Schema):
        self.path = path
        self.schema = schema
        self._sink = pa.OSFile(str(path), "wb")
        self._writer = ipc.new_file(self._sink, schema)
        self._rows: list = []
        self._parts: list = []  # batches, and [batch, start, stop] runs of given batches
        self._pending = 0

    def add(self, row) -> None:
        self._rows.append(row)
        self._added()

    def add_row_of(self, batch: pa.RecordBatch, index: int) -> None:
        """Append row ``index`` of ``batch`` (in this schema); consecutive rows of one
        batch are taken as one slice, with no Python object a row."""
        if self._rows:
            self._parts.append(self._batch(self._rows))
            self._rows = []
        last = self._parts[-1] if self._parts else None
        if isinstance(last, list) and last[0] is batch and last[2] == index:
            last[2] += 1
        else:
            self._parts.append([batch, index, index + 1])
        self._added()

    def _added(self) -> None:
        self._pending += 1
        if self._pending >= self.batch_rows:
            self._flush()

    def add_table(self, table: pa.Table) -> None:
        """Append rows that are already Arrow (carried over from the previous version)."""
        self._flush()
        table = table.select(self.schema.names).cast(self.schema)
        for batch in table.to_batches(max_chunksize=self.batch_rows):
            self._writer.write_batch(batch)

    def _batch(self, rows: list) -> pa.RecordBatch:
        columns = [pa.array(v, f.type) for v, f in zip(zip(*rows, strict=True), self.schema,
                                                        strict=True)]
        return pa.RecordBatch.from_arrays(columns, schema=self.schema)

    def _flush(self) -> None:
        if self._rows:
            self._parts.append(self._batch(self._rows))
            self._rows = []
        if not self._parts:
            return
        pieces = [p if isinstance(p, pa.RecordBatch) else p[0].slice(p[1], p[2] - p[1])
                  for p in self._parts]
        table = pa.Table.from_batches(pieces, self.schema).combine_chunks()
        for batch in table.to_batches():  # one batch: every column is one chunk now
            self._writer.write_batch(batch)
        self._parts, self._pending = [], 0

    def close(self) -> pa.Table:
        """Finish the file and return it memory-mapped (see ``release_pages``)."""
        self._flush()
        self._writer.close()
        self._sink.close()
        with open(self.path, "rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        _MAPPED.add(mapped)
        return ipc.open_file(pa.BufferReader(pa.py_buffer(mapped))).read_all()


# The spools' mappings, for as long as a table uses them. Pages of a mapped file that were
# read count in the process's resident memory until it unmaps them, so writing every
# shard would leave the whole spool resident; release_pages hands them back (they stay in
# the page cache, and are read again from there if needed).
_MAPPED: weakref.WeakSet[mmap.mmap] = weakref.WeakSet()


def release_pages() -> None:
    """Give back the spools' pages read so far, and the memory Arrow keeps for reuse: the
    resident memory of a build then holds one shard's rows, not every shard written."""
    for mapped in list(_MAPPED):
        if not mapped.closed and hasattr(mapped, "madvise"):  # madvise: Unix only
            mapped.madvise(mmap.MADV_DONTNEED)
    give_back()


class RecordSpool(Spool):
    """The records, as they are extracted: Records, or rows of the batches workers made."""

    def __init__(self, path: Path):
        super().__init__(path, SCHEMA)

    def _batch(self, rows: list[Record]) -> pa.RecordBatch:
        return record_batch(rows)


# Removed lines are text too, so they stream to disk like the records.
REMOVED_SCHEMA = pa.schema([("input", pa.int64()), ("line_no", pa.int32()),
                            ("line", pa.string()), ("reason", pa.string())])


@functools.cache
def _hf_schema() -> pa.Schema:
    """SCHEMA with the Features datasets reads back from a Parquet file's metadata."""
    info = {"info": {"features": features_dict()}}
    return SCHEMA.with_metadata({**SCHEMA.metadata, b"huggingface": json.dumps(info).encode()})


ROW_GROUP = 10_000


def write_shard(parts: Iterable[pa.Table], path: Path) -> None:
    """Write one shard from its rows, ``ROW_GROUP`` at a time (so memory holds one row
    group, not the shard): each part one row group. Same rows, same pyarrow version: the
    same bytes as one ``pq.write_table`` of them all with that row group size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = _hf_schema()
    # Content-defined chunking and a page index let the Hub's chunk-level deduplication
    # share the unchanged parts of a shard between versions.
    with pq.ParquetWriter(path, schema, compression="zstd", write_statistics=True,
                          store_schema=True, write_page_index=True,
                          use_content_defined_chunking=True) as writer:
        for part in parts:
            writer.write_table(part.cast(schema), row_group_size=ROW_GROUP)


# A page fault on a mapped file maps the pages around it too (the kernel's fault-around,
# 64 KB), so a few rows taken from each of a spool's batches leave most of the batch
# resident: taking 10,000 rows spread over a 200,000-row spool mapped all 700 MB of it.
RELEASE_BATCHES = 16


def take_rows(table: pa.Table, rows: list[int]) -> pa.Table:
    """``table.take(rows)`` batch by batch. Arrow's own take first concatenates every
    chunk of a string column, which copies the whole spool for each shard. The spools'
    pages are handed back every ``RELEASE_BATCHES`` batches."""
    batches = table.to_batches()
    starts = list(itertools.accumulate((b.num_rows for b in batches), initial=0))
    wanted: dict[int, list[tuple[int, int]]] = {}
    for pos, row in enumerate(rows):
        b = bisect.bisect_right(starts, row) - 1
        wanted.setdefault(b, []).append((pos, row - starts[b]))
    pieces, order = [], []
    for n, b in enumerate(sorted(wanted), 1):
        pieces.append(batches[b].take(pa.array([r for _, r in wanted[b]], pa.int64())))
        order.extend(pos for pos, _ in wanted[b])
        if n % RELEASE_BATCHES == 0:
            release_pages()  # the pieces are copies: the mapped pages they came from can go
    got = pa.Table.from_batches(pieces, table.schema).combine_chunks()
    back = [0] * len(rows)
    for i, pos in enumerate(order):
        back[pos] = i
    return got.take(back)


def same_rows(path: Path, table: pa.Table, rows: list[int]) -> bool:
    """Whether a written shard holds exactly these rows of ``table``. The text column is
    left out on both sides: content_sha256 stands for it, and it is most of the bytes."""
    columns = [n for n in FIELD_NAMES if n != "text"]
    if not set(columns) <= set(pq.read_schema(path).names):
        return False  # written before a field was added
    old, new = pq.read_table(path, columns=columns), take_rows(table.select(columns), rows)
    return all(old.column(n).equals(new.column(n)) for n in columns)


def uncompressed_bytes(path: Path) -> int:
    """The data's size before compression, from the file's own metadata: the card's
    num_bytes. (Arrow's nbytes depends on how the table was assembled, not only on its
    rows, so two histories of the same data would disagree.)"""
    meta = pq.read_metadata(path)
    return sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))


def shard_name(split: str, index: int, count: int) -> str:
    """
    >>> shard_name("train", 0, 2)
    'train-00000-of-00002.parquet'
    """
    return f"{split}-{index:05d}-of-{count:05d}.parquet"


def write_table(table: pa.Table, path: Path) -> None:
    """A side table (the removed-lines audit) as Parquet: compact, typed, loadable."""
    pq.write_table(table, path, compression="zstd")


def write_jsonl(rows: list[dict], path: Path) -> None:
    data = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    path.write_text(data, encoding="utf-8", newline="\n")
