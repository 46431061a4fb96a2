"""The card's prose sections, in the order of the Hub's dataset card template.

Summary, languages, structure, creation and source data, personal and sensitive
information, considerations, licensing and citation: each is filled from the
configuration and the version's statistics, and says so plainly when something is not
known (a license nobody gave stays unknown; a missing citation is said to be missing).
"""

from __future__ import annotations

from newspack.config import Config
from newspack.extract.pii import REGION
from newspack.schema import DESCRIPTIONS, SCHEMA

LANGUAGE_NAMES = {"nb": "Norwegian Bokmål", "nn": "Norwegian Nynorsk", "da": "Danish",
                  "sv": "Swedish", "en": "English", "de": "German", "und": "undetermined"}
UNKNOWN_LICENSES = ("unknown", "other", "")
NONE = "(none)"  # stats' key for a missing value


def language_name(code: str) -> str:
    """
    >>> language_name("nn"), language_name("fr"), language_name("xx")
    ('Norwegian Nynorsk', 'French', 'xx')
    """
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code)).name.title()
    except ValueError:
        return code


def license_known(config: Config) -> bool:
    return config.dataset.license not in UNKNOWN_LICENSES


def license_note(config: Config) -> str:
    if not license_known(config):
        return ("The license of the source articles is **not known**: check the rights of "
                "each publisher before any use beyond research.")
    return f"License: `{config.dataset.license}`."


def _known(counts: dict) -> dict:
    return {k: n for k, n in counts.items() if k != NONE}


def summary(config: Config, stats: dict) -> str:
    d = config.dataset
    langs = [k for k in stats["by_language"] if k != "und"]
    years = list(_known(stats["by_year"]))
    undated = stats["by_year"].get(NONE, 0)
    span = (f"dated {years[0]} to {years[-1]}" if years else "of unknown dates") + (
        f" ({undated} without a known date)" if years and undated else "")
    publishers = _known(stats["by_publisher"])
    lines = [
        "## Dataset Description",
        "### Dataset Summary",
        f"{stats['documents']} news articles in {len(langs)} language(s), {span}, from "
        f"{len(publishers) or 'no'} named publisher(s). "
        + (d.description or "No description was given (`dataset.description`)."),
        f"- **Curated by:** {d.creator or 'not stated (`dataset.creator` is not set)'}\n"
        f"- **Homepage:** {d.url or 'none given (`dataset.url` is not set)'}\n"
        f"- **License:** {d.license if license_known(config) else 'unknown'}",
        "### Languages",
        "Language codes are ISO 639-1, identified per document by lingua (which tells "
        "Bokmål from Nynorsk) among the configured languages "
        f"({', '.join(config.language.languages)}); a text in none of them is named by a "
        f"wider detector, and a text whose confidence is below {config.language.threshold} "
        f"or that has fewer than {config.language.min_chars} letters is `und`.",
        "\n".join(f"- `{code}` ({language_name(code)}): {n} document(s)"
                  for code, n in stats["by_language"].items()) or "- no documents",
    ]
    return "\n\n".join(lines)


def structure(stats: dict) -> str:
    fields = "\n".join(f"| `{f.name}` | `{f.type}` | {'yes' if f.nullable else 'no'} | "
                       f"{DESCRIPTIONS[f.name]} |" for f in SCHEMA)
    configs = ", ".join(f"`{c}`" for c in ["all", *sorted(stats["by_language"])])
    splits = "\n".join(f"| {s} | {n} |" for s, n in stats["by_split"].items())
    return "\n\n".join([
        "## Dataset Structure",
        "One record per article, stored in Parquet under `data/<language>/<split>-*.parquet`; "
        f"configurations: {configs} (`all`, the default, reads every language).",
        "### Data Fields",
        "| field | type | nullable | meaning |\n| --- | --- | --- | --- |\n" + fields,
        "### Data Splits",
        "| split | documents |\n| --- | ---: |\n" + splits,
        "A group of duplicates always lies in one split, chosen from a hash of the kept "
        "document's id; a record's split never changes once published.",
    ])


def creation(config: Config, stats: dict) -> str:
    rejected = ", ".join(f"{n} {reason}" for reason, n in stats["rejected_by_reason"].items())
    dedup = config.dedup
    near = (f"near duplicates (estimated Jaccard similarity of {dedup.shingle}-word shingles "
            f"at least {dedup.threshold}, by MinHash)" if dedup.near else
            "no near duplicates (`dedup.near = false`)")
    publishers = _known(stats["by_publisher"])
    unknown = stats["by_publisher"].get(NONE, 0)
    producers = (", ".join(f"{p} ({n})" for p, n in publishers.items())
                 if publishers else "none is named in the articles or a sidecar")
    return "\n\n".join([
        "## Dataset Creation",
        "### Source Data",
        "#### Data Collection and Processing",
        "The inputs are the files given to `newspack build` (how they were collected is "
        f"not recorded). newspack read {stats['documents'] + stats['rejected']} inputs: "
        f"{stats['documents']} became records, {stats['rejected']} were rejected"
        + (f" ({rejected}; listed in `rejects.jsonl`)" if rejected else "")
        + ". Each text was decoded and repaired (charset-normalizer, ftfy), cleaned of "
        "boilerplate (menus, photo credits, teasers, bylines, comment threads; every "
        "removed line is in `audit/` with its reason), normalised to Unicode NFC, and given "
        "its title, date and publisher where the article shows them. Exact duplicates "
        f"(same text) and {near} are marked with `duplicate_of`, not removed.",
        "#### Who are the source data producers?",
        f"The news publishers, as named in the articles or a metadata sidecar: {producers}"
        + (f"; {unknown} document(s) have no named publisher." if unknown else "."),
        personal(config, stats),
    ])


def personal(config: Config, stats: dict) -> str:
    head = "### Personal and Sensitive Information"
    if not config.extract.pii:
        return (f"{head}\n\nRedaction was turned off (`extract.pii = false`): the texts are "
                "as published, with whatever names, addresses and numbers they hold.")
    regions = ", ".join(f"{lang}: {region}" for lang, region in sorted(REGION.items()))
    caught = "\n".join([
        "- e-mail addresses become `[EMAIL]`;",
        "- phone numbers that libphonenumber finds valid in the numbering plan of the "
        f"document's language ({regions}; others: NO), or in any plan when written with "
        "`+` and a country code, with at least 8 digits, become `[PHONE]`; numbers "
        "written like dates are left alone;",
        "- Norwegian national identity numbers and D-numbers (11 digits, date and both "
        "mod-11 check digits valid) and Danish CPR numbers written `DDMMYY-NNNN` (date "
        "valid, mod-11 check) become `[NATIONAL_ID]`.",
    ])
    missed = "\n".join([
        "- names of people, postal addresses, ages, and descriptions of people: news "
        "names people by design;",
        "- special categories (health, politics, religion, ethnicity, sexuality) reported "
        "about named people;",
        "- other countries' identity numbers (a Swedish personnummer, say), CPR numbers "
        "written without the dash or (issued since 2007) failing the mod-11 check, bank "
        "account and card numbers, IP addresses, user names and handles;",
        "- e-mail addresses and phone numbers written to dodge a parser ('ola at nrk dot "
        "no'), phone numbers of fewer than 8 digits or invalid in the plan tried;",
        "- anything outside `text`: titles, `url`, `source_file`, `extra`, and the removed "
        "lines in `audit/` (bylines and contact lines among them) are kept as found.",
    ])
    return "\n\n".join([
        head,
        f"`text` was redacted ({stats['pii_redactions']} replacement(s) in this version, "
        "counted per record in `pii_redactions`):",
        caught, "It does not catch:", missed])


def considerations(stats: dict) -> str:
    total = stats["documents"] or 1
    publishers = _known(stats["by_publisher"])
    top = max(publishers.items(), key=lambda kv: kv[1], default=None)
    lines = [
        "## Considerations for Using the Data",
        "### Discussion of Biases",
        "News reflects its publishers' choices of subject and framing, and the time it "
        "was written. "
        + (f"The largest publisher, {top[0]}, has {top[1] / total:.0%} of the documents."
           if top else "The publishers are not known, so their balance cannot be shown."),
        "### Other Known Limitations",
        "\n".join([
            f"- {stats['duplicates']} document(s) are duplicates kept in place: filter on "
            "`duplicate_of` being null for one copy of each text;",
            f"- {stats['by_year'].get(NONE, 0)} document(s) have no known date, "
            f"{stats['by_language'].get('und', 0)} no determined language (`und`);",
            "- titles, dates, publishers and the cleaning are found by rules and a "
            "language model, not by hand: `audit/` shows what the cleaner removed.",
        ]),
    ]
    return "\n\n".join(lines)


def additional(config: Config, stats: dict) -> str:
    d = config.dataset
    per_article = _known(stats.get("by_license", {}))
    licenses = license_note(config) + (
        " Per-article licenses (the `license` field, from a metadata sidecar): "
        + ", ".join(f"`{k}` ({n})" for k, n in per_article.items()) + "."
        if per_article else " No per-article license was given (the `license` field is "
        "null throughout).")
    if d.citation:
        lang = "bibtex" if d.citation.lstrip().startswith("@") else "text"
        citation = f"```{lang}\n{d.citation.strip()}\n```"
    else:
        citation = "No citation has been given for this dataset (`dataset.citation` is not set)."
    return "\n\n".join([
        "## Additional Information",
        "### Dataset Curators",
        d.creator or "Not stated (`dataset.creator` is not set).",
        "### Licensing Information", licenses,
        "### Citation Information", citation,
    ])
