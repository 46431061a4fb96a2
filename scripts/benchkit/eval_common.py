"""What the evaluations of ``scripts/eval_extract.py`` share: the languages scored, the
types of their figures, the failure examples they keep, the language figures
(accuracy, confusion matrix, Nordic mix-ups) of (truth, prediction) counts, and the report's
rows (a figure with its target) and number format."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LANGS = ("nb", "nn", "da", "sv", "en", "de")
CONFUSIONS = (("nb", "nn"), ("nb", "da"), ("nn", "nb"), ("da", "nb"))
MAX_EXAMPLES = 10

Figures = dict[str, Any]
Examples = dict[str, list[str]]
Pairs = Counter[tuple[str, str]]  # (true language, predicted) -> documents


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def note(examples: Examples, kind: str, text: str) -> None:
    """Keep the first MAX_EXAMPLES failures of each kind."""
    found = examples.setdefault(kind, [])
    if len(found) < MAX_EXAMPLES:
        found.append(text)


def lang_figures(pairs: Pairs, columns: Sequence[str]) -> Figures:
    """Documents, accuracy (per language and overall), confusion matrix and the Nordic mix-ups."""
    n = {lang: sum(c for (t, _), c in pairs.items() if t == lang) for lang in LANGS}
    accuracy = {lang: ratio(pairs[lang, lang], n[lang]) for lang in LANGS}
    accuracy["all"] = ratio(sum(pairs[lang, lang] for lang in LANGS), sum(n.values()))
    confusion = {t: {p: pairs[t, p] for p in columns} for t in LANGS}
    shares = {f"{t}_as_{p}": ratio(pairs[t, p], n[t]) for t, p in CONFUSIONS}
    return {"n": n, "accuracy": accuracy, "confusion": confusion, **shares}


@dataclass(frozen=True)
class Row:
    """One figure of the table; ``op`` and ``bound`` make it a target, else it is information."""

    label: str
    value: float | None
    op: str | None = None
    bound: float | None = None
    percent: bool = True

    @property
    def status(self) -> str:
        if self.op is None or self.bound is None:
            return ""
        if self.value is None:
            return "n/a"
        ok = self.value >= self.bound if self.op == ">=" else self.value <= self.bound
        return "PASS" if ok else "FAIL"


def fmt(value: float | None, percent: bool = True) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.2f} %" if percent else f"{value:g}"


def print_table(table: list[Row], width: int = 52) -> None:
    """The figures with their targets and status, then which targets failed."""
    print(f"\n{'figure':<{width}}{'value':>10}  {'target':<12}status")
    for row in table:
        target = f"{row.op} {fmt(row.bound, row.percent)}" if row.op else ""
        print(f"{row.label:<{width}}{fmt(row.value, row.percent):>10}  {target:<12}{row.status}")
    failed = [row for row in table if row.status == "FAIL"]
    print(f"\n{len(failed)} target(s) failed" + (": " + "; ".join(r.label for r in failed)
                                               if failed else ""))
