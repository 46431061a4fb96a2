"""signatures.published: a version's documents as the plan aligns with them, read a
batch and a column at a time (so the table is never held twice)."""

import pyarrow as pa
import pyarrow.parquet as pq

from newspack.store import signatures


def test_published_reads_every_shard_and_its_generations(seeds_dataset, monkeypatch):
    monkeypatch.setattr(signatures, "BATCH_ROWS", 2)  # several batches a shard
    vdir = seeds_dataset / "versions/1.0.0"
    table = signatures.published(vdir, 5)
    expected = {}
    for path in sorted((vdir / "data").glob("*/*.parquet")):
        for row in pq.read_table(path, columns=["id", "content_sha256",
                                                "duplicate_of"]).to_pylist():
            expected[row["id"]] = {**row, "split": path.name.split("-", 1)[0]}
    gens = {r["id"]: r["generation"] for p in signatures.files(vdir)
            for r in pq.read_table(p, columns=["id", "generation"]).to_pylist()}
    assert table.column_names == ["id", "content_sha256", "duplicate_of", "split",
                                  "generation"]
    assert all(table.column(c).num_chunks == 1 for c in table.column_names)
    assert table.num_rows == len(expected) > 1
    for row in table.to_pylist():
        assert {k: row[k] for k in expected[row["id"]]} == expected[row["id"]]
        assert row["generation"] == gens.get(row["id"], 5)


def test_a_version_without_documents_gives_an_empty_table(tmp_path):
    table = signatures.published(tmp_path, 0)
    assert table.num_rows == 0 and table.schema.field("split").type == pa.string()
