"""Version numbers, diffs, immutability, incremental rebuilds and the loading API."""

import hashlib
import json
import os
import subprocess
import sys

import pytest

import newspack
from newspack.build import build
from newspack.cli import main
from newspack.config import Config, DatasetConfig, SplitConfig
from newspack.store import versions

NEW_ARTICLE = ("Ny bru over fjorden\n\nBrua over fjorden opnar neste veke, seier "
               "vegvesenet. Ho har kosta meir enn ein milliard kroner, og dei fleste "
               "bilistane er glade for at ferja no blir borte.\n")


def _build(corpus, out, config=None, **kw):
    return build([str(corpus)], out, config or Config(), progress=False, **kw)


def _shas(vdir):
    return {p.relative_to(vdir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(vdir.rglob("*")) if p.is_file()}


def test_additions_are_minor_and_diffed(corpus, tmp_path):
    out = tmp_path / "d"
    assert _build(corpus, out).version == "1.0.0"
    (corpus / "005_00000000000000aa.txt").write_text(NEW_ARTICLE)
    r = _build(corpus, out)
    assert (r.version, r.summary) == ("1.1.0", "1 added")
    assert main(["diff", str(out), "1.0.0", "1.1.0", "--json"]) == 0


def test_diff_lists_ids_fields_and_statistics(corpus, tmp_path, capsys):
    out = tmp_path / "d"
    _build(corpus, out)
    (corpus / "005_00000000000000aa.txt").write_text(NEW_ARTICLE)
    text = (corpus / "002_5a8d4ae86761d52a.txt").read_text()
    (corpus / "002_5a8d4ae86761d52a.txt").write_text(text.replace("fire år", "fem år"))
    (corpus / "000_7b17a11f50f85528.txt").unlink()
    r = _build(corpus, out)
    assert r.version == "2.0.0"
    capsys.readouterr()
    assert main(["diff", str(out), "1.0.0", "2.0.0", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["added"] == ["00000000000000aa"] and d["removed"] == ["7b17a11f50f85528"]
    assert d["modified"] == ["5a8d4ae86761d52a"]
    assert {"text", "content_sha256"} <= set(d["modified_fields"]["5a8d4ae86761d52a"])
    assert "n_chars" in d["modified_fields"]["5a8d4ae86761d52a"]
    # one Nynorsk article out, one in: the counts are level
    assert d["statistics"] == {"documents": 0, "by_language": {}, "by_split": {},
                               "by_language_split": {}}
    assert main(["diff", str(out), "1.0.0", "2.0.0"]) == 0
    assert "1 added; 1 removed; 1 modified" in capsys.readouterr().out


def test_new_split_shares_move_no_published_record(corpus, tmp_path):
    out = tmp_path / "d"
    _build(corpus, out)
    shares = Config(splits=SplitConfig(validation=0.45, test=0.45))
    assert _build(corpus, out, shares).version is None  # every record keeps its split
    for n in range(12):  # twelve different stories
        words = " ".join(f"ord{n}x{i}" for i in range(40))
        (corpus / f"1{n:02d}_00000000000000{n:02x}.txt").write_text(f"Sak {n}\n\n{words}.\n")
    r = _build(corpus, out, shares)
    assert (r.version, r.summary) == ("1.1.0", "12 added")
    by_split = json.loads((out / "versions/1.1.0/manifest.json").read_text())["statistics"][
        "by_split"]
    assert by_split["train"] < 17  # the newcomers follow the new shares, the others stay


def test_card_only_change_is_a_patch_and_no_change_publishes_nothing(corpus, tmp_path):
    out = tmp_path / "d"
    _build(corpus, out)
    assert _build(corpus, out).version is None
    prose = Config(dataset=DatasetConfig(description="Now with a better description."))
    r = _build(corpus, out, prose)
    assert (r.version, r.summary) == ("1.0.1", "no record changed")
    assert _build(corpus, out, prose).version is None


def test_published_versions_never_change_and_validate(corpus, tmp_path):
    out = tmp_path / "d"
    _build(corpus, out)
    before = _shas(out / "versions/1.0.0")
    (corpus / "005_00000000000000aa.txt").write_text(NEW_ARTICLE)
    _build(corpus, out)
    (corpus / "001_eaff4a40da6c1649.txt").unlink()
    _build(corpus, out)
    assert _shas(out / "versions/1.0.0") == before
    assert versions.version_dirs(out) == ["1.0.0", "1.1.0", "2.0.0"]
    assert main(["validate", str(out)]) == 0
    history = [v["version"] for v in newspack.versions(out)]
    assert history == ["1.0.0", "1.1.0", "2.0.0"]
    card = (out / "versions/2.0.0/README.md").read_text()
    assert "**1.1.0**: 1 added" in card and "**2.0.0**: 1 removed" in card


def test_unchanged_shards_are_stored_once(corpus, tmp_path):
    out = tmp_path / "d"
    _build(corpus, out)
    (corpus / "005_00000000000000aa.txt").write_text(NEW_ARTICLE)  # Nynorsk
    _build(corpus, out)
    v1, v2 = out / "versions/1.0.0/data", out / "versions/1.1.0/data"
    same = os.stat(v1 / "da/train-00000-of-00001.parquet").st_ino
    assert os.stat(v2 / "da/train-00000-of-00001.parquet").st_ino == same
    # the old Nynorsk shard is kept as is; the new article gets a shard of its own
    assert sorted(p.name for p in (v2 / "nn").iterdir()) == [
        "train-00000-of-00002.parquet", "train-00001-of-00002.parquet"]
    assert os.stat(v2 / "nn/train-00000-of-00002.parquet").st_ino == \
        os.stat(v1 / "nn/train-00000-of-00001.parquet").st_ino


def test_load_api_returns_stock_datasets_objects(seeds_dataset):
    from datasets import Dataset, DatasetDict

    ds = newspack.load(seeds_dataset, version="1.0.0", config="nb", split="train")
    assert isinstance(ds, Dataset) and ds.num_rows == 2
    assert isinstance(newspack.load(seeds_dataset), DatasetDict)
    stream = newspack.load(seeds_dataset, version="v1.0.0", split="train", streaming=True)
    assert len(list(stream)) == 5
    with pytest.raises(newspack.errors.UsageError, match="no version '9.9.9'"):
        newspack.load(seeds_dataset, version="9.9.9")


@pytest.mark.parametrize("point", ["extract", "shards", "staged", "published"])
def test_a_build_killed_anywhere_leaves_versions_intact(corpus, tmp_path, point):
    out = tmp_path / "d"
    _build(corpus, out)
    before = _shas(out / "versions/1.0.0")
    (corpus / "005_00000000000000aa.txt").write_text(NEW_ARTICLE)
    env = {**os.environ, "NEWSPACK_KILL_AT": point}
    proc = subprocess.run([sys.executable, "-m", "newspack.cli", "build", str(corpus),
                           "--out", str(out), "--no-progress"], env=env, capture_output=True,
                          cwd=tmp_path,
                          check=False)
    assert proc.returncode == -9  # SIGKILL
    assert _shas(out / "versions/1.0.0") == before
    published = versions.version_dirs(out)
    assert published == (["1.0.0", "1.1.0"] if point == "published" else ["1.0.0"])
    r = _build(corpus, out)  # the next build works
    assert r.version == (None if point == "published" else "1.1.0")
    assert main(["validate", str(out)]) == 0
    assert "versions/1.1.0/data" in (out / "README.md").read_text()
    assert not (out / ".staging").exists()


def test_a_second_concurrent_build_stops_with_a_clear_message(corpus, tmp_path):
    out = tmp_path / "d"
    with versions.locked(out):
        proc = subprocess.run([sys.executable, "-m", "newspack.cli", "build", str(corpus),
                               "--out", str(out), "--no-progress"], capture_output=True,
                              text=True, check=False)
    assert proc.returncode == 1
    assert "another newspack build is running" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
