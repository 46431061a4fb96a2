"""Document language with lingua, whose models ship inside its wheel.

lingua tells Bokmål from Nynorsk and both from Danish and Swedish, offline. Its cost
grows with the text, so a document is first judged on a sample of its opening; only
when that sample leaves the answer open does the identifier read further.

lingua's confidences are relative to the configured languages: a French text still gets
a high score for whichever configured language it resembles most. So a text with almost
none of that language's function words is handed to a wider detector, which can name
the language it is really in (``fr``, ``ru``, ...).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from newspack.errors import UsageError
from newspack.extract.quality import stopword_share, stopwords, unique_stopword_counts, words_of

UNDETERMINED = "und"
SAMPLE_CHARS = 300  # enough for nearly every answer (scripts/eval_extract.py measures it)
FULL_CHARS = 3000  # the second, longer read when the sample leaves doubt
LONG_TEXT = 300  # from this length on, the fast (low-accuracy) models decide
SURE = 0.99  # a sample at or above this confidence is not read further
# A text in a language has a fair share of its function words (news prose: 0.3-0.5);
# below FOREIGN_SHARE it may be another language altogether.
FOREIGN_SHARE = 0.10
FOREIGN_MIN_WORDS = 12
# Languages the wide detector can name when a text is in none of the configured ones.
WIDE = ("fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "fi", "et", "is", "tr", "ar", "zh",
        "ja", "ko", "cs", "hu", "ro", "el", "la", "nb", "nn", "da", "sv", "en", "de")
LINE_MIN_WORDS = 6
LINE_EVIDENCE = 2  # unique function words of another language that make a line a suspect
LINE_SURE = 0.90
TIE_MARGIN = 2  # unique function words the runner-up needs beyond the first
RECHECK = 0.2  # this share of lines in other languages: judge on more than the opening
MIXED = 0.4  # this share or more in other languages: too mixed to say
LETTERS_LOOK = 400  # characters in which a text must show min_letters letters


@dataclass(frozen=True, slots=True)
class LanguageResult:
    code: str
    score: float
    other_share: float  # share of the text's characters in other languages


def _language(code: str) -> Language:
    return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def check_codes(codes: tuple[str, ...], where: str) -> None:
    """Raise UsageError unless every code is an ISO 639-1 code lingua knows."""
    if not codes:
        raise UsageError(f"{where}: name at least one language")
    for code in codes:
        try:
            _language(code)
        except (ValueError, KeyError):
            raise UsageError(f"{where}: '{code}' is not an ISO 639-1 code lingua knows") from None


@functools.cache
def detector(codes: tuple[str, ...], fast: bool = False) -> LanguageDetector:
    """One detector per process, language set and mode.

    ``fast`` is lingua's low-accuracy mode: trigrams only, loaded in 0.03 s instead of
    0.7 s, and as accurate as the full models on article-length text; short texts (and
    close calls) get the full models, loaded the first time they are needed.
    """
    languages = [_language(c) for c in codes]
    if len(languages) == 1:  # lingua needs two; the answer is then a yes/no on the one
        languages.append(Language.LATIN if languages[0] != Language.LATIN else Language.ENGLISH)
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if fast:
        builder = builder.with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()


def _sample(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def _best(codes: tuple[str, ...], text: str, sample_chars: int = SAMPLE_CHARS,
          fast: bool | None = None) -> tuple[str, float]:
    det = detector(codes, fast=len(text) >= LONG_TEXT if fast is None else fast)
    sample = _sample(text, sample_chars)
    values = det.compute_language_confidence_values(sample)
    if values[0].value < SURE and len(sample) < len(text):
        sample = _sample(text, FULL_CHARS)
        values = det.compute_language_confidence_values(sample)
    code, conf = _code(values[0].language), float(values[0].value)
    if conf < SURE and len(values) > 1:
        return _tie_break(sample, code, conf, _code(values[1].language), float(values[1].value))
    return code, conf


def _tie_break(text: str, first: str, p1: float, second: str, p2: float) -> tuple[str, float]:
    """Between close neighbours (Bokmål, Nynorsk, Danish) on a short text, function words
    that only one of them uses ("ikkje", "hva", "efter") outvote lingua's close call.

    >>> _tie_break("Eg veit ikkje kva dei vil.", "nb", 0.6, "nn", 0.4)
    ('nn', 0.6)
    """
    counts = unique_stopword_counts(words_of(text))
    if counts.get(second, 0) >= counts.get(first, 0) + TIE_MARGIN:
        return second, p1
    return first, p1


def other_share(text: str, code: str, codes: tuple[str, ...],
                words: list[str] | None = None) -> float:
    """Share of characters in lines written in another language than ``code``.

    Function words pick the suspects cheaply (a line with more function words unique to
    another language than unique to its own); lingua confirms each suspect. A document
    whose words hold hardly any evidence of another language skips the line-by-line look.
    """
    doc_counts = unique_stopword_counts(words if words is not None else words_of(text))
    if not any(n >= LINE_EVIDENCE for lang, n in doc_counts.items()
               if lang != code and lang in codes):
        return 0.0
    lines = [line for line in text.split("\n") if line]
    total = sum(map(len, lines)) or 1
    foreign = 0
    for line in lines:
        words = words_of(line)
        if len(words) < LINE_MIN_WORDS:
            continue
        counts = unique_stopword_counts(words)
        own = counts.get(code, 0)
        if not any(n > own and n >= LINE_EVIDENCE for lang, n in counts.items()
                   if lang != code and lang in codes):
            continue
        own_conf = detector(codes, fast=True).compute_language_confidence(line,
                                                                          _language(code))
        if own_conf <= 1 - LINE_SURE:  # some other language(s) hold the rest
            foreign += len(line)
    return round(foreign / total, 4)


def identify(text: str, codes: tuple[str, ...], min_letters: int = 20,
             threshold: float = 0.5, words: list[str] | None = None) -> LanguageResult:
    """The language of ``text`` among ``codes`` (or another, named), with a confidence.

    >>> identify("Eg veit ikkje kva som skjer med dei, men dei kjem heim att i morgon.",
    ...          ("nb", "nn", "da")).code
    'nn'
    >>> identify("Le gouvernement a décidé que les écoles resteront fermées cette semaine "
    ...          "parce que les infections ont fortement augmenté.", ("nb", "nn", "en")).code
    'fr'
    """
    if sum(map(str.isalpha, text[:LETTERS_LOOK])) < min_letters:
        return LanguageResult(UNDETERMINED, 0.0, 0.0)
    code, conf = _best(codes, text)
    words = words if words is not None else words_of(text)
    share = stopword_share(words[:FULL_CHARS // 5], code)
    if share < FOREIGN_SHARE and len(words) >= FOREIGN_MIN_WORDS and stopwords(code):
        wide_code, wide_conf = _best(WIDE, text, fast=True)  # 27 full models: 8 s
        if wide_code not in codes:
            return LanguageResult(wide_code if wide_conf >= threshold else UNDETERMINED,
                                  round(wide_conf, 4), 0.0)
    mixed = other_share(text, code, codes, words)
    if mixed >= RECHECK and len(text) > SAMPLE_CHARS:  # the opening was not typical: read on
        code, conf = _best(codes, text, FULL_CHARS)
        mixed = other_share(text, code, codes, words)
    if conf < threshold or mixed >= MIXED:
        return LanguageResult(UNDETERMINED, round(conf, 4), mixed)
    return LanguageResult(code, round(conf, 4), mixed)
