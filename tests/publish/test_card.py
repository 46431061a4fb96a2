"""The dataset card: YAML the Hub parses, honest about the license, with statistics."""

import yaml
from huggingface_hub import DatasetCard

from newspack.publish.card import size_category


def _card(path):
    return DatasetCard(path.read_text(encoding="utf-8"))


def test_card_metadata(seeds_dataset):
    data = _card(seeds_dataset / "versions/1.0.0/README.md").data.to_dict()
    assert data["language"] == ["da", "en", "nb", "nn"]
    assert data["license"] == "unknown"
    assert data["size_categories"] == ["n<1K"]
    assert data["pretty_name"]
    names = [c["config_name"] for c in data["configs"]]
    assert names == ["all", "da", "en", "nb", "nn"]
    assert data["configs"][0]["default"] is True
    infos = {i["config_name"]: i for i in data["dataset_info"]}
    assert infos["nb"]["splits"] == [{"name": "train", "num_bytes": infos["nb"]["splits"][0][
        "num_bytes"], "num_examples": 2}]
    assert [f["name"] for f in infos["all"]["features"]][:2] == ["id", "text"]


def test_language_code_no_stays_a_string():
    text = yaml.safe_dump({"language": ["no", "nb"]})
    assert yaml.safe_load(text)["language"] == ["no", "nb"]


def test_root_card_points_at_the_newest_version(seeds_dataset):
    data = _card(seeds_dataset / "README.md").data.to_dict()
    assert data["configs"][0]["data_files"][0]["path"] == "versions/1.0.0/data/*/train-*.parquet"


def test_card_body_says_license_unknown_and_has_statistics(seeds_dataset):
    text = _card(seeds_dataset / "versions/1.0.0/README.md").text
    assert "not known" in text
    for heading in ("| language |", "| year |", "| publisher |", "### Data Fields",
                    "## Changelog"):
        assert heading in text
    assert "| `language_score` | `float` |" in text


def test_size_categories():
    assert [size_category(n) for n in (0, 999, 1000, 2_000_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "1M<n<10M"]
