"""The dataset card: YAML metadata the Hub and ``datasets`` read, and a body people read.

The YAML is produced by a YAML library from plain data (an unquoted ``no`` in a template
would read as false), and parsed back with ``huggingface_hub`` before it is written.
"""

from __future__ import annotations

import re

import yaml

from newspack.config import Config
from newspack.publish import figures, sections
from newspack.schema import features_yaml

SIZE_CATEGORIES = [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                   (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"),
                   (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")]


def size_category(n: int) -> str:
    """
    >>> size_category(5), size_category(10_000)
    ('n<1K', '10K<n<100K')
    """
    return next((name for limit, name in SIZE_CATEGORIES if n < limit), "n>1T")


def _configs(files: dict[tuple[str, str], list[str]], prefix: str) -> list[dict]:
    """``all`` (default) globbing every language, plus one config per language."""
    languages = sorted({lang for lang, _ in files})
    splits = [s for s in ("train", "validation", "test") if any(k[1] == s for k in files)]
    configs = [{"config_name": "all", "default": True, "data_files": [
        {"split": s, "path": f"{prefix}data/*/{s}-*.parquet"} for s in splits]}]
    for lang in languages:
        configs.append({"config_name": lang, "data_files": [
            {"split": s, "path": f"{prefix}data/{lang}/{s}-*.parquet"}
            for s in splits if (lang, s) in files]})
    return configs


def _dataset_info(stats: dict, split_bytes: dict[tuple[str, str], int]) -> list[dict]:
    feats = features_yaml()
    langs = sorted({lang for lang, _ in split_bytes})
    infos = []
    for name in ["all", *langs]:
        keys = [k for k in split_bytes if name == "all" or k[0] == name]
        splits = []
        for split in ("train", "validation", "test"):
            chosen = [k for k in keys if k[1] == split]
            if chosen:
                n = sum(stats["by_language_split"][f"{k[0]}/{k[1]}"] for k in chosen)
                splits.append({"name": split, "num_bytes": sum(split_bytes[k] for k in chosen),
                               "num_examples": n})
        infos.append({"config_name": name, "features": feats, "splits": splits,
                      "dataset_size": sum(s["num_bytes"] for s in splits)})
    return infos


def metadata(config: Config, stats: dict, files: dict[tuple[str, str], list[str]],
             split_bytes: dict[tuple[str, str], int], prefix: str = "") -> dict:
    languages = sorted(k for k in stats["by_language"] if k != "und")
    return {
        "pretty_name": config.dataset.pretty_name,
        "license": config.dataset.license,
        "language": languages,
        "multilinguality": "multilingual" if len(languages) > 1 else "monolingual",
        "size_categories": [size_category(stats["documents"])],
        "task_categories": ["text-generation"],
        "tags": ["news", "newspack"],
        "configs": _configs(files, prefix),
        "dataset_info": _dataset_info(stats, split_bytes),
    }


def root_card(version_card: str, version: str) -> str:
    """The store's own card: a version's card whose data_files point into that version.

    A line edit of the YAML that ``render`` wrote and checked (the data_files paths are the
    only ``path:`` keys in it); re-parsing and re-dumping the YAML costs 0.4 s a build.
    """
    _, head, text = version_card.split("---\n", 2)
    head = re.sub(r"^(\s+path: )(data/)", rf"\g<1>versions/{version}/\g<2>", head, flags=re.M)
    text = text.replace(f"]({figures.FOLDER}/", f"](versions/{version}/{figures.FOLDER}/")
    return f"---\n{head}---\n{text}"


def _table(title: str, counts: dict, total: int) -> str:
    rows = [f"| {title} | documents | share |", "| --- | ---: | ---: |"]
    for key, n in counts.items():
        rows.append(f"| {key} | {n} | {n / total:.1%} |" if total else f"| {key} | {n} | |")
    return "\n".join(rows)


def _duplicates(stats: dict) -> str:
    """Exact and near copies per language: the documents a pipeline may want to drop."""
    rows = ["| language | documents | exact duplicates | near duplicates |",
            "| --- | ---: | ---: | ---: |"]
    for lang, n in stats["duplicates_by_language"].items():
        rows.append(f"| {lang} | {stats['by_language'][lang]} | {n['exact']} | {n['near']} |")
    return ("### Duplicates\n\nA duplicate keeps its place in the data, with `duplicate_of` "
            "naming the kept document, `duplicate_kind` and `duplicate_similarity` (estimated "
            "Jaccard similarity of word shingles) saying how close it is.\n\n" + "\n".join(rows))


def _bars(counts: dict, width: int = 30) -> str:
    """A text histogram: renders anywhere, also where the figures do not."""
    top = max(counts.values(), default=0)
    lines = [f"{k:>12} | {'█' * round(width * n / top) if top else ''} {n}"
             for k, n in counts.items()]
    return "```\n" + "\n".join(lines) + "\n```"


def body(config: Config, version: str, stats: dict, changelog: list[dict]) -> str:
    """The card's text, in the order of the Hub's dataset card template (sections.py),
    then the statistics with the figures, then the changelog."""
    total = stats["documents"]
    changes = "\n".join(f"- **{c['version']}**: {c['summary']}" for c in reversed(changelog))
    parts = [
        f"# {config.dataset.pretty_name}",
        f"Version **{version}**, built by newspack. {sections.license_note(config)}",
        sections.summary(config, stats),
        "## Loading\n\n```python\nfrom datasets import load_dataset\n\n"
        "ds = load_dataset(\"PATH_OR_REPO\", \"all\")  # or a language: \"nb\", \"nn\", ...\n"
        f"ds = load_dataset(\"PATH_OR_REPO\", revision=\"v{version}\")  # pinned\n```",
        sections.structure(stats),
        sections.creation(config, stats),
        sections.considerations(stats),
        sections.additional(config, stats),
        f"## Statistics\n\n{total} documents ({stats['chars']} characters, {stats['words']} "
        f"words); {stats['duplicates']} marked as duplicates (`duplicate_of`); "
        f"{stats['rejected']} inputs rejected (listed in `rejects.jsonl`).",
        _table("language", stats["by_language"], total),
        _duplicates(stats),
        _table("year", stats["by_year"], total),
        _table("publisher", stats["by_publisher"], total),
        "### Length in characters\n\n" + _bars(stats["by_length"]),
        figures.markdown(stats),
        "## Changelog\n\n" + changes,
    ]
    return "\n\n".join(parts) + "\n"


class _NoAliasDumper(yaml.SafeDumper):
    """Writes repeated feature lists in full: a reader should not need to resolve &id001."""

    def ignore_aliases(self, data) -> bool:
        return True


def render(meta: dict, text: str) -> str:
    """The card file. Its YAML is read back here, and `newspack validate` and the tests
    parse the whole card with huggingface_hub (importing it costs 0.4 s a build)."""
    head = yaml.dump(meta, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)
    if yaml.safe_load(head) != meta:
        raise ValueError("dataset card metadata does not survive a YAML round trip")
    return f"---\n{head}---\n\n{text}"
