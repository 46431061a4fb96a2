"""Quality signals as fields, not filters: the user decides what to drop.

All signals are cheap counts over the cleaned text and its lines, between 0 and 1
(except mean word length).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from newspack.extract import rules

_PUNCT = ".,;:!?\"'()[]{}«»“”‘’„–—-…/*|"
_SENTENCE_END = re.compile(r"[.!?…:»\"”'’)]$")
_SYMBOL = re.compile(r"[^\w\s.,;:!?\-–'\"«»()“”’]")


@dataclass(frozen=True, slots=True)
class Signals:
    mean_word_length: float
    punct_line_share: float
    repeated_line_share: float
    symbol_share: float
    stopword_share: float


@functools.cache
def stopwords(language: str) -> frozenset[str]:
    if language == "shared":
        return frozenset()
    return frozenset(rules.load("stopwords").get(language, ()))


@functools.cache
def _index() -> dict[str, tuple[str, ...]]:
    """word -> the languages it is a function word of: one lookup serves every language."""
    index: dict[str, list[str]] = {}
    for language, words in sorted(rules.load("stopwords").items()):
        if language == "shared":
            continue
        for word in words:
            index.setdefault(word, []).append(language)
    return {w: tuple(langs) for w, langs in index.items()}


@functools.cache
def _unique_index() -> dict[str, str]:
    """word -> language, for function words of exactly one language ("ikkje", "und") that
    are no ordinary word in a neighbour language either."""
    shared = set(rules.load("stopwords")["shared"])
    return {w: langs[0] for w, langs in _index().items() if len(langs) == 1 and w not in shared}


def unique_stopword_counts(words: list[str]) -> Counter:
    """Counts of function words that belong to one language only: evidence of that
    language which its neighbours do not share.

    >>> unique_stopword_counts(["ikkje", "og", "und", "nicht", "die"])
    Counter({'de': 2, 'nn': 1})
    """
    index = _unique_index()
    return Counter(index[w] for w in words if w in index)


def stopword_counts(words: list[str]) -> Counter:
    """How many of ``words`` (lowercase) are function words, per language.

    >>> stopword_counts(["ikkje", "og", "huset"])["nn"], stopword_counts(["ikkje"])["nb"]
    (2, 0)
    """
    index = _index()
    counts: Counter = Counter()
    for word in words:
        langs = index.get(word)
        if langs:
            counts.update(langs)
    return counts


def stopword_share(words: list[str], language: str) -> float:
    """Share of words (lowercase) that are function words of ``language``."""
    stops = stopwords(language)
    if not words or not stops:
        return 0.0
    return sum(map(stops.__contains__, words)) / len(words)


def words_of(text: str) -> list[str]:
    """Lowercase words: whitespace tokens without surrounding punctuation (str.split is
    several times faster than a Unicode word regex, and this runs on every line).

    >>> words_of("«Ja», sa han. Men – nei!")
    ['ja', 'sa', 'han', 'men', 'nei']
    """
    return [w for w in [t.strip(_PUNCT) for t in text.lower().split()] if w]


def signals(text: str, language: str, n_lines_before_dedup: int, n_repeated: int,
            words: list[str] | None = None) -> Signals:
    """
    >>> s = signals("Det er sant.\\n\\nHan kom hjem i går", "nb", 2, 0)
    >>> s.punct_line_share, round(s.stopword_share, 2)
    (0.5, 0.5)
    """
    words = words if words is not None else words_of(text)
    lines = [line for line in text.split("\n") if line]
    n_chars = max(1, len(text))
    symbols = len(_SYMBOL.findall(text))
    return Signals(
        mean_word_length=round(sum(map(len, words)) / len(words), 3) if words else 0.0,
        punct_line_share=round(sum(bool(_SENTENCE_END.search(x)) for x in lines)
                               / max(1, len(lines)), 4),
        repeated_line_share=round(n_repeated / max(1, n_lines_before_dedup), 4),
        symbol_share=round(symbols / n_chars, 4),
        stopword_share=round(stopword_share(words, language), 4),
    )
