"""The card's sections, in the Hub template's order, filled from configuration and data
and inventing nothing: an unknown license stays unknown, a missing citation is said so."""

from dataclasses import replace

from huggingface_hub import DatasetCard

from newspack.config import Config, DatasetConfig, ExtractConfig
from newspack.publish import sections
from newspack.schema import FIELD_NAMES

HEADINGS = ["## Dataset Description", "### Dataset Summary", "### Languages",
            "## Dataset Structure", "### Data Fields", "### Data Splits",
            "## Dataset Creation", "### Source Data", "#### Data Collection and Processing",
            "#### Who are the source data producers?", "### Personal and Sensitive Information",
            "## Considerations for Using the Data", "## Additional Information",
            "### Licensing Information", "### Citation Information", "## Statistics",
            "### Figures", "## Changelog"]


def _text(out, version="1.0.0"):
    return DatasetCard((out / "versions" / version / "README.md").read_text("utf-8")).text


def _section(text, heading):
    body = text.split(f"\n{heading}\n", 1)[1]
    return body.split("\n#", 1)[0]


def test_sections_come_in_the_templates_order(seeds_dataset):
    text = _text(seeds_dataset)
    where = [text.index(f"\n{h}\n") for h in HEADINGS]
    assert where == sorted(where)


def test_seed_card_says_what_it_knows_and_what_it_does_not(seeds_dataset):
    text = _text(seeds_dataset)
    summary = _section(text, "### Dataset Summary")
    assert "5 news articles in 4 language(s), dated 2015 to 2022 (2 without a known date)" \
        in summary
    assert "**License:** unknown" in summary and "`dataset.creator` is not set" in summary
    languages = _section(text, "### Languages")
    for line in ("`nb` (Norwegian Bokmål): 2", "`nn` (Norwegian Nynorsk): 1", "`da` (Danish): 1",
                 "`en` (English): 1"):
        assert line in languages
    fields = _section(text, "### Data Fields")
    assert all(f"| `{name}` |" in fields for name in FIELD_NAMES)
    assert "| train | 5 |" in _section(text, "### Data Splits")
    assert "DW (1); 4 document(s) have no named publisher" in _section(
        text, "#### Who are the source data producers?")
    licensing = _section(text, "### Licensing Information")
    assert "**not known**" in licensing and "null throughout" in licensing
    assert "No citation has been given" in _section(text, "### Citation Information")


def test_personal_information_says_what_is_and_is_not_caught(seeds_dataset):
    pii = _section(_text(seeds_dataset), "### Personal and Sensitive Information")
    for caught in ("`[EMAIL]`", "`[PHONE]`", "`[NATIONAL_ID]`", "D-numbers", "DDMMYY-NNNN",
                   "libphonenumber", "0 replacement(s)"):
        assert caught in pii
    missed = pii.split("It does not catch:", 1)[1]
    for gap in ("names of people", "personnummer", "`audit/`", "titles"):
        assert gap in missed
    off = sections.personal(Config(extract=ExtractConfig(pii=False)), {"pii_redactions": 0})
    assert "turned off" in off and "[EMAIL]" not in off


def test_configured_license_citation_and_curator_are_shown():
    config = Config(dataset=DatasetConfig(license="cc-by-4.0", creator="Example News Lab",
                                          url="https://example.org/n",
                                          citation="@misc{x, title = {X}}"))
    stats = {"by_license": {"(none)": 1, "cc-by-4.0": 2}}
    text = sections.additional(config, stats)
    assert "License: `cc-by-4.0`." in text and "`cc-by-4.0` (2)" in text
    assert "```bibtex\n@misc{x, title = {X}}\n```" in text
    assert "Example News Lab" in text
    plain = sections.additional(replace(config, dataset=replace(
        config.dataset, citation="Doe (2024). News.")), stats)
    assert "```text\nDoe (2024). News.\n```" in plain
    other = sections.license_note(Config(dataset=DatasetConfig(license="other")))
    assert "**not known**" in other
