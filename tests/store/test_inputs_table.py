"""The input list in inputs.parquet, and the format-1 list inside older manifests."""

import pyarrow as pa

from newspack.inputs.unitlist import UnitList
from newspack.store import carry, inputs
from newspack.store.parquet import Spool

ROWS = [{"source": "a/001_00000000000000aa.txt", "sha256": "ab" * 32, "bytes": 120,
         "id": "00000000000000aa", "outcome": "record"},
        {"source": "b.txt", "sha256": "cd" * 32, "bytes": 0, "id": "5550000d3b1cf1ff",
         "outcome": "rejected"}]


def _table(rows):
    return pa.Table.from_pylist(rows, schema=inputs.SCHEMA)


def test_rows_round_trip_through_parquet_in_order(tmp_path):
    inputs.write(_table(ROWS), tmp_path / inputs.FILE)
    assert inputs.read(tmp_path, {"counts": {"inputs": 2}}) == ROWS
    assert inputs.count({"counts": {"inputs": 2}}) == 2
    assert inputs.read_table(tmp_path, {"counts": {"inputs": 2}}).num_rows == 2


def test_the_same_rows_give_the_same_bytes(tmp_path):
    inputs.write(_table(ROWS), tmp_path / "one.parquet")
    inputs.write(_table(ROWS), tmp_path / "two.parquet")
    assert (tmp_path / "one.parquet").read_bytes() == (tmp_path / "two.parquet").read_bytes()


def test_a_format_1_manifest_still_reads(tmp_path):
    old = {"counts": {"inputs": 2},
           "inputs": {"columns": list(inputs.COLUMNS),
                      "rows": [[r[c] for c in inputs.COLUMNS] for r in ROWS]}}
    assert inputs.read(tmp_path, old) == ROWS
    assert inputs.count(old) == 2


def test_the_manifest_stays_small_and_validate_checks_the_list(seeds_dataset):
    import json

    from newspack.store.validate import validate_version

    vdir = seeds_dataset / "versions/1.0.0"
    manifest = json.loads((vdir / "manifest.json").read_text())
    assert "inputs" not in manifest and manifest["format"] == "newspack-manifest/2"
    assert inputs.FILE in {o["path"] for o in manifest["outputs"]}
    assert validate_version(seeds_dataset, "1.0.0") == []


def test_collected_rows_keep_input_order_across_batches_and_old_rows(monkeypatch, tmp_path):
    monkeypatch.setattr(Spool, "batch_rows", 2)  # several batches of new rows
    old = _table(ROWS)
    rows = inputs.InputRows(old, tmp_path / "inputs.arrow")
    rows.add("n1.txt", "01" * 32, 5, "n1", "record")
    rows.add_old(1)
    rows.add("n2.txt", "02" * 32, 6, "n2", "rejected")
    rows.add("n3.txt", "03" * 32, 7, "n3", "record")
    rows.add_old(0)
    assert len(rows) == 5
    assert rows.table().column("source").to_pylist() == [
        "n1.txt", "b.txt", "n2.txt", "n3.txt", "a/001_00000000000000aa.txt"]
    assert rows.table().to_pylist()[1] == ROWS[1]


def test_only_files_whose_every_unit_is_unchanged_are_carried():
    old = _table([*ROWS, {"source": "c.jsonl#0", "sha256": "ee" * 32, "bytes": 3, "id": "c0",
                          "outcome": "record"},
                  {"source": "c.jsonl#1", "sha256": "ff" * 32, "bytes": 3, "id": "c1",
                   "outcome": "record"}])
    units = [[[ROWS[0]["source"], ROWS[0]["sha256"]]],  # unchanged
             [["b.txt", "00" * 32]],  # changed
             [["c.jsonl#0", "ee" * 32], ["c.jsonl#1", "11" * 32]],  # one unit changed
             [],  # no units at all
             [["new.txt", "22" * 32]]]  # not in the old list
    units = UnitList.of(units)
    carried = carry.carryable(old, True, units)
    assert carried.at.tolist() == [0, -1, -1, -1, -1]  # a row a unit: only the first is carried
    assert list(carried.pairs()) == [(ROWS[0]["source"], ROWS[0]["id"])]
    assert carried.files(units).tolist() == [True, False, False, False, False]
    assert len(carry.carryable(old, False, units)) == 0
    assert len(carried.without({ROWS[0]["source"]})) == 0
    assert carried.without({ROWS[0]["source"]}).at.tolist() == [-1] * 5
    assert carried.without({"b.txt"}).at.tolist() == [0, -1, -1, -1, -1]  # not carried anyway


def test_a_lazy_carried_list_is_read_only_when_the_rows_are_put_together(tmp_path):
    """The build lets the previous input list go while the workers extract (Carried.lazy);
    it is read again once, when the old rows join the new ones."""
    units = UnitList.of([[[ROWS[0]["source"], ROWS[0]["sha256"]]], [["n.txt", "33" * 32]]])
    reads = []

    def read():
        reads.append(1)
        return _table(ROWS)

    carried = carry.carryable(_table(ROWS), True, units).lazy(read)
    assert reads == [] and not isinstance(carried.table, pa.Table)
    assert list(carried.pairs()) == [(ROWS[0]["source"], ROWS[0]["id"])] and len(reads) == 1
    rows = inputs.InputRows(carried.old_table, tmp_path / "inputs.arrow")
    rows.add_old(int(carried.at[0]))
    rows.add("n.txt", "33" * 32, 4, "n", "record")
    assert len(reads) == 1  # nothing read while rows are added
    assert rows.table().column("source").to_pylist() == [ROWS[0]["source"], "n.txt"]
    assert len(reads) == 2 and rows.table().num_rows == 2 and len(reads) == 2
    assert carry.Carried().lazy(read).old_table() is None  # nothing carried: nothing to read
