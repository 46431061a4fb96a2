"""``eval_dedup.py`` on hand-made wire copy (``dedup_cases.toml``): in six languages, a story,
its copies with the edits republished copy gets, and hard negatives, published over two
weeks. The copies' ids sort before the original's, as a new copy's may."""

from __future__ import annotations

import hashlib
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

from .dedup_score import Doc, Predicted
from .dedup_weeks import two_weeks

CASES = Path(__file__).with_name("dedup_cases.toml")
# variant -> week it arrives in; the copies of the story first, then the negatives
COPIES = {"original": 1, "local_first_sentence": 1, "swapped_paragraphs": 1,
          "trimmed_end": 2, "appended_correction": 2, "other_headline": 2, "page_template": 2,
          "several_edits": 2}
NEGATIVES = {"same_quote_and_background": 1, "brief_around_quote": 1,
             "same_template_other_story": 2, "follow_up_reusing_half": 2}


def _story(s: dict[str, Any]) -> list[str]:
    return [s[p[1:-1]] if p in ("{quote}", "{background}") else p for p in s["paragraphs"]]


def _sibling(s: dict[str, Any]) -> list[str]:
    return [s[p[1:-1]] if p in ("{quote}", "{background}") else p for p in s["sibling"]]


def variants(s: dict[str, Any], page: dict[str, Any]) -> dict[str, tuple[str, str, list[str]]]:
    """variant -> (group, headline, body paragraphs) of one story."""
    body, lang = _story(s), s["lang"]
    swapped = [body[0], body[2], body[1], *body[3:]]
    own = [p for p in s["sibling"] if not p.startswith("{")]
    story, sib = f"{lang}-story", f"{lang}-sibling"
    return {
        "original": (story, s["headline"], body),
        "local_first_sentence": (story, s["headline"], [s["local"], *body]),
        "swapped_paragraphs": (story, s["headline"], swapped),
        "trimmed_end": (story, s["headline"], body[:-2]),
        "appended_correction": (story, s["headline"], [*body, s["correction"]]),
        "other_headline": (story, s["other_headline"], body),
        "page_template": (story, s["headline"], body),
        "several_edits": (story, s["other_headline"], [s["local"], *body[:-1], s["correction"]]),
        "same_quote_and_background": (sib, s["sibling_headline"], _sibling(s)),
        "brief_around_quote": (f"{lang}-brief", s["brief"], [s["brief"], s["quote"]]),
        # the sibling's own paragraphs: grey against the sibling, far from the story
        "same_template_other_story": (sib, s["sibling_headline"], own),
        # a follow-up: new paragraphs, then four of the story's (a Jaccard of 0.3 to 0.4)
        "follow_up_reusing_half": (f"{lang}-follow-up", s["sibling_headline"],
                                   [*own, *body[4:8]]),
    }


def page_text(headline: str, body: list[str], page: dict[str, Any] | None) -> str:
    """The file: headline and paragraphs, inside the site's template when ``page``."""
    if page is None:
        return "\n\n".join([headline, *body]) + "\n"
    lines = [*page["menu"], "", "", headline, page["byline"], "", "\n\n".join(body), "",
             *page["footer"]]
    return "\n".join(lines) + "\n"


def write_cases(root: Path) -> tuple[list[Doc], dict[str, tuple[str, str]]]:
    """Write every case file under ``root``; the Docs, and file -> (language, variant)."""
    data = tomllib.loads(CASES.read_text(encoding="utf-8"))
    page = data["template"]
    docs, names = [], {}
    root.mkdir(parents=True, exist_ok=True)
    for s in data["story"]:
        for variant, (group, headline, body) in variants(s, page).items():
            digest = hashlib.sha256(f"{s['lang']}/{variant}".encode()).hexdigest()
            hexid = ("f" if variant == "original" else "0") + digest[:15]
            name = f"{len(docs):03d}_{hexid}.txt"
            templated = variant in ("page_template", "same_template_other_story")
            (root / name).write_text(page_text(headline, body, page if templated else None),
                                     encoding="utf-8")
            week = COPIES.get(variant) or NEGATIVES[variant]
            docs.append(Doc(name, group, "\n\n".join(body), week))
            names[name] = (s["lang"], variant)
    return docs, names


def per_variant(names: dict[str, tuple[str, str]], pred: Predicted) -> dict[str, Any]:
    """For each copy variant, in how many languages it sits in its original's cluster;
    for each negative, in how many it does (0 is right)."""
    original = {lang: f for f, (lang, v) in names.items() if v == "original"}
    linked: dict[str, list[str]] = defaultdict(list)
    for f, (lang, variant) in names.items():
        if variant != "original" and pred.cluster.get(f) == pred.cluster.get(original[lang]):
            linked[variant].append(lang)
    langs = len(original)
    return {"copies": {v: f"{len(linked[v])}/{langs}" for v in COPIES if v != "original"},
            "negatives": {v: f"{len(linked[v])}/{langs}" for v in NEGATIVES},
            "missed": sorted(f"{lang}:{v}" for f, (lang, v) in names.items()
                             if v in COPIES and v != "original" and lang not in linked[v]),
            "wrongly_linked": sorted(f"{lang}:{v}" for v in NEGATIVES for lang in linked[v])}


def eval_hand(work: Path, workers: int = 1) -> dict[str, Any]:
    from .dedup_score import read_version

    docs, names = write_cases(work / "hand")
    figures = two_weeks(docs, work / "hand", work / "hand-build", workers)
    last = figures["store"] / "versions" / figures["versions"][-1]
    return {"docs": len(docs), **figures, "variants": per_variant(names, read_version(last))}
