"""Document language with lingua, whose models ship inside its wheel.

lingua tells Bokmål from Nynorsk and both from Danish and Swedish, offline. Its cost
grows with the text, so a document is first judged on a sample of its opening; only
when that sample leaves the answer open does the identifier read further.
"""

from __future__ import annotations

import functools
import re

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from .errors import UsageError

UNDETERMINED = "und"
SAMPLE_CHARS = 1000  # enough for 99.9 % of whole-article answers (scripts/eval_extract.py)
FULL_CHARS = 20_000  # beyond this, more text does not change the answer
SURE = 0.90  # a sample at or above this confidence is not read further
_LETTERS = re.compile(r"[^\W\d_]")


def check_codes(codes: tuple[str, ...], where: str) -> None:
    """Raise UsageError unless every code is an ISO 639-1 code lingua knows."""
    if not codes:
        raise UsageError(f"{where}: name at least one language")
    for code in codes:
        try:
            Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
        except (ValueError, KeyError):
            raise UsageError(f"{where}: '{code}' is not an ISO 639-1 code lingua knows") from None


@functools.cache
def detector(codes: tuple[str, ...]) -> LanguageDetector:
    """One detector per process and language set (building it loads the models)."""
    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in codes]
    if len(languages) == 1:  # lingua needs two; the answer is then a yes/no on the one
        languages.append(Language.LATIN if languages[0] != Language.LATIN else Language.ENGLISH)
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return builder.with_preloaded_language_models().build()


def _sample(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def identify(text: str, codes: tuple[str, ...], min_letters: int = 20,
             threshold: float = 0.5) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) of ``text``; ``und`` when too short or unsure.

    >>> identify("Eg veit ikkje kva som skjer med dei, men dei kjem heim att i morgon.",
    ...          ("nb", "nn", "da"))[0]
    'nn'
    """
    if len(_LETTERS.findall(text[:2000])) < min_letters:
        return UNDETERMINED, 0.0
    det = detector(codes)
    sample = _sample(text, SAMPLE_CHARS)
    values = det.compute_language_confidence_values(sample)
    if values[0].value < SURE and len(sample) < len(text):
        values = det.compute_language_confidence_values(_sample(text, FULL_CHARS))
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    if best.value < threshold or code not in codes:
        return UNDETERMINED, round(float(best.value), 4)
    return code, round(float(best.value), 4)
