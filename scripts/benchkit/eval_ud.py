"""Evaluation 1, ud-dev language: runs of consecutive UD dev sentences of one source
document, in two length bands, through ``newspack.extract.language.identify``; accuracy,
confusions and how reliable its score is."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gen_corpus  # the generator beside this package (scripts/ is on sys.path)
from newspack.config import LanguageConfig
from newspack.extract.language import UNDETERMINED, identify

from .corpus import SENTENCE_DIRS, find_sentences_dir
from .eval_common import LANGS, Examples, Figures, Pairs, lang_figures, note


@dataclass(frozen=True)
class Band:
    """A length band of ud-dev documents: lo <= len(text) < hi, each aiming at a length."""

    name: str
    lo: int
    hi: float
    aim: tuple[int, int]


BANDS = (Band("100-300", 100, 300, (100, 299)), Band(">=300", 300, math.inf, (1000, 2000)))
LONG = BANDS[1].name


def find_ud_dir() -> Path:
    """The ud-dev sentences found next to the project; exit when there are none."""
    found = find_sentences_dir()
    if found is None:
        raise SystemExit("eval_extract: no ud-dev sentences in "
                         + " or ".join(map(str, SENTENCE_DIRS)) + " (pass --ud-dir)")
    return found


def read_sources(path: Path) -> list[list[str]]:
    """The sentences of a ud-dev file (whitespace squashed), grouped into source documents
    at blank lines, as gen_corpus.py reads them."""
    return [[" ".join(s.split()) for s in seg] for seg in gen_corpus.read_segments(str(path))]


def window(sentences: Sequence[str], band: Band, aim: int) -> str | None:
    """Consecutive sentences joined until ``aim`` characters, staying in the band; else None."""
    text = ""
    for sentence in sentences:
        longer = f"{text} {sentence}" if text else sentence
        if len(longer) >= band.hi:
            break
        text = longer
        if len(text) >= aim:
            break
    return text if len(text) >= band.lo else None


def make_docs(sources: list[list[str]], band: Band, n: int, rng: random.Random) -> list[str]:
    """Up to ``n`` documents of the band, each starting at its own sentence."""
    starts = [(s, i) for s, sentences in enumerate(sources) for i in range(len(sentences))]
    rng.shuffle(starts)
    docs: list[str] = []
    for s, i in starts:
        if len(docs) == n:
            break
        text = window(sources[s][i:], band, rng.randint(*band.aim))
        if text:
            docs.append(text)
    return docs


def code_of(result: Any) -> str:
    """The code ``identify`` found: a result's ``.code``, or the first of a (code, score) pair."""
    return result.code if hasattr(result, "code") else result[0]


def eval_ud(ud_dir: Path, per_lang: int, seed: int, examples: Examples) -> Figures:
    cfg = LanguageConfig()
    pairs: dict[str, Pairs] = {band.name: Counter() for band in BANDS}
    scored: list[tuple[float, bool]] = []
    for lang in LANGS:
        sources = read_sources(ud_dir / f"{lang}.txt")
        for band in BANDS:
            rng = random.Random(f"{seed}/{lang}/{band.name}")
            for text in make_docs(sources, band, per_lang, rng):
                result = identify(text, cfg.languages, cfg.min_chars, cfg.threshold)
                got = code_of(result)
                pairs[band.name][lang, got] += 1
                scored.append((float(getattr(result, "score", 0.0)), got == lang))
                if got != lang:
                    note(examples, f"ud-dev language {band.name}", f"{lang}->{got}: {text[:100]!r}")
    figures = {name: lang_figures(p, LANGS + (UNDETERMINED,)) for name, p in pairs.items()}
    figures["calibration"] = calibration(scored)
    return figures


CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.9, 0.99, 1.0001)


def calibration(scored: list[tuple[float, bool]]) -> list[dict]:
    """Reliability of language_score: per score bin, documents, mean score and accuracy.
    A calibrated score has accuracy close to its mean score in every bin."""
    out = []
    for lo, hi in itertools.pairwise(CALIBRATION_BINS):
        part = [(s, ok) for s, ok in scored if lo <= s < hi]
        if part:
            out.append({"bin": f"{lo:.2f}-{min(hi, 1):.2f}", "n": len(part),
                        "mean_score": sum(s for s, _ in part) / len(part),
                        "accuracy": sum(ok for _, ok in part) / len(part)})
    return out

