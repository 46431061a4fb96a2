"""The command line as a user runs it, and the result loaded with stock datasets."""

import json
import subprocess
import sys

import pytest
from datasets import load_dataset

from conftest import SEEDS
from newspack.cli import main
from newspack.schema import features
from newspack.store import inputs as input_list


def test_load_newest_all_languages(seeds_dataset):
    ds = load_dataset(str(seeds_dataset), split="train")
    assert ds.num_rows == 5
    assert ds.features == features()
    assert sorted(ds["language"]) == ["da", "en", "nb", "nb", "nn"]


def test_load_one_language_config(seeds_dataset):
    ds = load_dataset(str(seeds_dataset), "nb", split="train")
    assert ds.num_rows == 2 and set(ds["language"]) == {"nb"}


def test_load_a_pinned_version_and_streaming(seeds_dataset):
    pinned = load_dataset(str(seeds_dataset / "versions" / "1.0.0"), split="train")
    assert pinned.num_rows == 5
    stream = load_dataset(str(seeds_dataset), split="train", streaming=True)
    assert sorted(r["id"] for r in stream) == sorted(pinned["id"])


def test_versions_validate_inspect(seeds_dataset, capsys):
    assert main(["versions", str(seeds_dataset), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["version"], r["documents"]) for r in rows] == [("1.0.0", 5)]
    assert main(["validate", str(seeds_dataset)]) == 0
    assert "1.0.0: ok" in capsys.readouterr().out
    assert main(["inspect", str(SEEDS / "001_eaff4a40da6c1649.txt")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["publisher"] == "DW" and out["date"] == "2015-10-02"
    assert {"nav_menu", "title_tail", "teaser"} <= {r["reason"] for r in out["removed"]}


def test_manifest_lists_inputs_outputs_checksums_schema_config(seeds_dataset):
    vdir = seeds_dataset / "versions/1.0.0"
    m = json.loads((vdir / "manifest.json").read_text())
    inputs = input_list.read(vdir, m)
    assert len(inputs) == 5 and all(len(i["sha256"]) == 64 for i in inputs)
    assert {i["outcome"] for i in inputs} == {"record"}
    assert {o["path"] for o in m["outputs"]} >= {"rejects.jsonl", "README.md", "inputs.parquet",
                                                   "data/nb/train-00000-of-00001.parquet"}
    assert all(len(o["sha256"]) == 64 for o in m["outputs"])
    assert [f["name"] for f in m["schema"]][:3] == ["id", "text", "title"]
    assert len(m["config_sha256"]) == 64
    assert m["counts"] == {"inputs": 5, "records": 5, "rejected": 0, "duplicates": 0}


def test_validate_finds_a_changed_file(seeds_dataset, tmp_path, capsys):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(seeds_dataset, copy)
    shard = copy / "versions/1.0.0/data/da/train-00000-of-00001.parquet"
    shard.write_bytes(shard.read_bytes()[:-10] + b"0123456789")
    assert main(["validate", str(copy)]) == 1
    assert "checksum differs" in capsys.readouterr().out


def test_rebuild_without_changes_publishes_nothing(seeds_dataset, tmp_path, capsys):
    out = tmp_path / "d"
    assert main(["build", str(SEEDS), "--out", str(out), "--no-progress"]) == 0
    assert main(["build", str(SEEDS), "--out", str(out), "--no-progress"]) == 0
    assert f"no changes: {out} stays at 1.0.0" in capsys.readouterr().out
    assert [p.name for p in (out / "versions").iterdir()] == ["1.0.0"]


@pytest.mark.parametrize("argv,code,message", [
    (["build", "/nonexistent/folder", "--out", "x"], 2, "source not found"),
    (["build", "--config", "/nonexistent.toml"], 2, "configuration file not found"),
    (["versions"], 2, "the following arguments are required"),
    (["validate", "/nonexistent"], 1, "no published versions"),
])
def test_errors_are_one_line_with_exit_codes(argv, code, message, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "newspack.cli", *argv], capture_output=True,
                          text=True, check=False, cwd=tmp_path)
    assert proc.returncode == code
    assert message in proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr


def test_bad_config_key_is_exit_2_naming_the_key(tmp_path, capsys):
    cfg = tmp_path / "newspack.toml"
    cfg.write_text('[build]\nsourcse = ["x"]\n')
    assert main(["build", "--config", str(cfg)]) == 2
    assert "unknown key 'build.sourcse'" in capsys.readouterr().err


def test_console_script_runs_as_a_module():
    proc = subprocess.run([sys.executable, "-m", "newspack.cli", "--version"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("newspack ")
