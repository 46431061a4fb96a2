"""The input list in inputs.parquet, and the format-1 list inside older manifests."""

from newspack.store import inputs

ROWS = [{"source": "a/001_00000000000000aa.txt", "sha256": "ab" * 32, "bytes": 120,
         "id": "00000000000000aa", "outcome": "record"},
        {"source": "b.txt", "sha256": "cd" * 32, "bytes": 0, "id": "5550000d3b1cf1ff",
         "outcome": "rejected"}]


def test_rows_round_trip_through_parquet_in_order(tmp_path):
    inputs.write(ROWS, tmp_path / inputs.FILE)
    assert inputs.read(tmp_path, {"counts": {"inputs": 2}}) == ROWS
    assert inputs.count({"counts": {"inputs": 2}}) == 2
    assert inputs.read_table(tmp_path, {"counts": {"inputs": 2}}).num_rows == 2


def test_the_same_rows_give_the_same_bytes(tmp_path):
    inputs.write(ROWS, tmp_path / "one.parquet")
    inputs.write(ROWS, tmp_path / "two.parquet")
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
