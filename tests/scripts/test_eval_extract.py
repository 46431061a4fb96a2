"""Extraction meets its targets (scripts/eval_extract.py) on a small corpus: CI fails below them.

The same evaluation as ``python scripts/eval_extract.py``, on 300 generated articles and 60
ud-dev documents per language and length band: deterministic, offline, about 10 s. The
web-dev pages are left out (CI has no shared folder, and they take half a minute):
``test_eval_web.py`` checks that evaluation on pages of its own.
"""

from __future__ import annotations

import random
import re
import sys
import types
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import eval_extract  # noqa: E402
from benchkit.eval_common import LANGS, Figures, fmt  # noqa: E402
from benchkit.eval_pii import PII_CASES, eval_pii, leaked  # noqa: E402
from benchkit.eval_report import failures  # noqa: E402
from benchkit.eval_ud import BANDS, find_ud_dir, make_docs, read_sources  # noqa: E402

FNR_WEIGHTS = ((3, 7, 6, 1, 8, 9, 4, 5, 2, 1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1))
CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@pytest.fixture(scope="module")
def figures() -> Figures:
    return eval_extract.evaluate(docs=300, per_lang=60, seed=7, web=False)[0]


def mod11(digits: str, weights: tuple[int, ...]) -> bool:
    return sum(w * int(d) for w, d in zip(weights, digits, strict=False)) % 11 == 0


def perfect_redact(text: str) -> tuple[str, dict[str, int]]:
    """What a perfect redactor makes of a PII case: every secret replaced, nothing else."""
    case = next(c for c in PII_CASES if c[0] == text)
    for secret in case[1]:
        text = text.replace(secret, "[PII]")
    return text, {"pii": len(case[1])}


def test_every_target_is_met(figures: Figures) -> None:
    failed = [f"{r.label}: {fmt(r.value)} (target {r.op} {fmt(r.bound)})"
              for r in failures(figures)]
    assert not failed, "below target:\n" + "\n".join(failed)


def test_every_figure_has_data(figures: Figures) -> None:
    for band in BANDS:
        assert figures["ud_dev"][band.name]["n"] == {lang: 60 for lang in LANGS}
    assert figures["generated"]["docs"] == 300
    assert figures["generated"]["counts"]["bp"] > 100


def test_ud_documents_are_deterministic_and_in_their_band() -> None:
    sources = read_sources(find_ud_dir() / "da.txt")
    for band in BANDS:
        docs = make_docs(sources, band, 50, random.Random(f"1/da/{band.name}"))
        again = make_docs(sources, band, 50, random.Random(f"1/da/{band.name}"))
        assert docs == again and len(set(docs)) == 50
        assert all(band.lo <= len(d) < band.hi for d in docs)


def test_pii_cases_carry_valid_national_ids() -> None:
    """The fødselsnummer and CPR cases must be valid, else a good redactor looks bad."""
    ids = [re.sub(r"\D", "", s) for _, secrets, _ in PII_CASES for s in secrets
           if re.fullmatch(r"\d{6}[ -]?\d{4,5}", s)]
    fnrs = [d for d in ids if len(d) == 11]
    cprs = [d for d in ids if len(d) == 10]
    assert len(fnrs) == 5 and len(cprs) == 4
    assert all(mod11(d, w) for d in fnrs for w in FNR_WEIGHTS)
    assert all(mod11(d, CPR_WEIGHTS) for d in cprs)
    assert not mod11("15038520073", FNR_WEIGHTS[1])  # the negative case's digit is wrong


def test_pii_scoring_gives_a_perfect_redactor_full_marks(monkeypatch) -> None:
    for text, secrets, keeps in PII_CASES:
        assert all(s in text for s in secrets + keeps)
    monkeypatch.setitem(sys.modules, "newspack.extract.pii",
                        types.SimpleNamespace(redact=perfect_redact))
    pii = eval_pii({})
    assert pii is not None and pii["precision"] == pii["recall"] == 1.0
    assert pii["tp"] + pii["tn"] == sum(len(c[1]) + len(c[2]) for c in PII_CASES)


def test_pii_partial_redaction_counts_as_a_leak() -> None:
    assert leaked("08-123 456 78", "Ring [PHONE] 456 78 i dag.")
    assert not leaked("08-123 456 78", "Ring [PHONE] i dag.")
