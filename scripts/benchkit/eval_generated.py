"""Evaluation 2, the generated corpus: each article of ``scripts/gen_corpus.py`` through
``newspack.extract.document.extract``, scored against its truth row as gen_corpus.py's
docstring says: language, title / date / publisher, boilerplate and body lines."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from newspack.config import Config, ExtractConfig
from newspack.extract.document import RawDoc, Rejection, extract
from newspack.extract.language import UNDETERMINED

from .eval_common import LANGS, Examples, Figures, Pairs, lang_figures, note, ratio

REJECTED = "rej"
SHORT_BODY = 300  # generated documents: language accuracy split at this true body length


def score_cleaning(truth: dict, text: str | None, examples: Examples) -> Counter[str]:
    """The docstring's multiset counts for one document (``text`` None: a rejection)."""
    body = Counter(truth["body"])
    boiler = [(b["line"].strip(), b["kind"]) for b in truth["boilerplate"]
              if b["kind"] != "ambiguous"]
    tally = Counter(body=body.total(), bp=len(boiler))
    tally.update(f"bp/{kind}" for _, kind in boiler)
    if text is None:
        return tally
    ignore = {truth["headline"].strip()} | {
        b["line"].strip() for b in truth["boilerplate"] if b["kind"] == "ambiguous"}
    out = Counter(s for line in text.split("\n") if (s := line.strip()) and s not in ignore)
    tally.update(out=out.total(), kept_body=(body & out).total(),
                 exact=int(text == "\n\n".join(truth["body"])))
    left = out.copy()  # a body line never equals a boilerplate line: no double use
    for line, kind in boiler:
        if left[line] > 0:
            left[line] -= 1
            note(examples, "boilerplate kept", f"{truth['file']} [{kind}] {line!r}")
        else:
            tally.update(("removed_bp", f"removed_bp/{kind}"))
    for line in (body - out).elements():
        note(examples, "body removed", f"{truth['file']} {line[:120]!r}")
    return tally


def score_fields(truth: dict, result: Any, examples: Examples) -> Counter[str]:
    tally: Counter[str] = Counter()
    for name, key in (("title", "headline"), ("date", "date"), ("publisher", "publisher")):
        got = None if isinstance(result, Rejection) else getattr(result, name)
        if got == truth[key]:
            tally[name] += 1
        else:
            note(examples, f"wrong {name}", f"{truth['file']} truth {truth[key]!r} got {got!r}")
    return tally


def eval_generated(truth: list[dict], folder: Path, examples: Examples) -> Figures:
    # PII redaction is scored on its own cases (section 3); here it would count the
    # e-mail addresses quoted in English web text as body lines the cleaner damaged.
    config = Config(extract=ExtractConfig(pii=False))
    tally: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    pairs: Pairs = Counter()
    by_length: dict[str, Pairs] = {f"<{SHORT_BODY}": Counter(), f">={SHORT_BODY}": Counter()}
    for row in truth:
        result = extract(RawDoc(row["file"], (folder / row["file"]).read_bytes()), config)
        if isinstance(result, Rejection):
            rejected[result.reason] += 1
            note(examples, "rejected", f"{row['file']} {result.reason}: {result.detail}")
        got = REJECTED if isinstance(result, Rejection) else result.language
        short = len("\n\n".join(row["body"])) < SHORT_BODY
        pairs[row["lang"], got] += 1
        by_length[f"<{SHORT_BODY}" if short else f">={SHORT_BODY}"][row["lang"], got] += 1
        if got != row["lang"]:
            text = "" if isinstance(result, Rejection) else result.text
            note(examples, "generated language", f"{row['file']} {row['lang']}->{got}: "
                                                 f"{text[:100]!r}")
        tally += score_fields(row, result, examples)
        tally += score_cleaning(row, None if got == REJECTED else result.text, examples)
    return summarise(tally, pairs, by_length, rejected, len(truth))


def summarise(tally: Counter[str], pairs: Pairs, by_length: dict[str, Pairs],
              rejected: Counter[str], n: int) -> Figures:
    removed_body = tally["body"] - tally["kept_body"]
    kinds = sorted(k.split("/", 1)[1] for k in tally if k.startswith("bp/"))
    language = lang_figures(pairs, LANGS + (UNDETERMINED, REJECTED))
    language["by_length"] = {name: {"n": p.total(), "accuracy": lang_figures(p, ())["accuracy"]
                                    ["all"]} for name, p in by_length.items()}
    return {
        "docs": n,
        "rejected": dict(rejected),
        "language": language,
        "title": ratio(tally["title"], n),
        "date": ratio(tally["date"], n),
        "publisher": ratio(tally["publisher"], n),
        "boilerplate_precision": ratio(tally["removed_bp"], tally["removed_bp"] + removed_body),
        "boilerplate_recall": ratio(tally["removed_bp"], tally["bp"]),
        "boilerplate_recall_by_kind": {
            k: ratio(tally[f"removed_bp/{k}"], tally[f"bp/{k}"]) for k in kinds},
        "body_recall": ratio(tally["kept_body"], tally["body"]),
        "body_precision": ratio(tally["kept_body"], tally["out"]),
        "exact_text": ratio(tally["exact"], n),
        "counts": {k: tally[k] for k in ("body", "kept_body", "out", "bp", "removed_bp")},
    }
