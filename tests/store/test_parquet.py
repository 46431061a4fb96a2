"""Shards written a row group at a time are the bytes of one write of all their rows, and
the memory-mapped spool's pages can be handed back while its table stays readable."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from newspack.schema import SCHEMA
from newspack.store import parquet
from newspack.store.parquet import Spool, release_pages, take_rows, write_shard


def _table(n: int) -> pa.Table:
    columns = {}
    for f in SCHEMA:
        if pa.types.is_string(f.type):
            values = [f"{f.name} {i} " + "ord " * (i % 7) for i in range(n)]
        elif pa.types.is_integer(f.type):
            values = [i * 3 % 11 for i in range(n)]
        elif pa.types.is_floating(f.type):
            values = [i / 7 for i in range(n)]
        elif pa.types.is_boolean(f.type):
            values = [i % 2 == 0 for i in range(n)]
        else:
            values = [None] * n
        columns[f.name] = pa.array(values, f.type)
    return pa.table(columns, schema=SCHEMA)


def test_a_shard_written_in_parts_is_the_bytes_of_one_write(tmp_path):
    table = _table(25)
    whole = tmp_path / "whole.parquet"
    pq.write_table(table.cast(parquet._hf_schema()), whole, compression="zstd",
                   row_group_size=10, write_statistics=True, store_schema=True,
                   write_page_index=True, use_content_defined_chunking=True)
    parts = tmp_path / "parts.parquet"
    write_shard((table.slice(s, 10) for s in range(0, 25, 10)), parts)
    assert pq.read_metadata(parts).num_row_groups == 3
    assert parts.read_bytes() == whole.read_bytes()


def test_spool_pages_released_and_read_again(tmp_path):
    table = _table(50)
    spool = Spool(tmp_path / "s.arrow", SCHEMA)
    spool.batch_rows = 8
    for row in zip(*(table.column(n).to_pylist() for n in SCHEMA.names), strict=True):
        spool.add(row)
    mapped = spool.close()
    first = take_rows(mapped, [3, 40, 17]).to_pylist()
    release_pages()  # the table reads its pages from the file again afterwards
    assert take_rows(mapped, [3, 40, 17]).to_pylist() == first == \
        take_rows(table, [3, 40, 17]).to_pylist()
