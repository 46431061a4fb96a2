"""The report of ``scripts/eval_extract.py``: every figure as a row, with its target and
PASS / FAIL where it has one, the confusion matrices, the score's reliability, the web-dev
section (``eval_web_report``), and the failure examples."""

from __future__ import annotations

from .eval_common import CONFUSIONS, LANGS, Examples, Figures, Row, print_table
from .eval_ud import BANDS, LONG
from .eval_web_report import print_web, web_rows


def language_rows(prefix: str, lang: Figures, targets: bool) -> list[Row]:
    rows = [Row(f"{prefix} {code}", lang["accuracy"][code]) for code in LANGS]
    for t, p in CONFUSIONS:
        rows.append(Row(f"{prefix} {t} taken for {p}", lang[f"{t}_as_{p}"],
                        *(("<=", 0.005) if targets else ())))
    return rows


def rows(figures: Figures) -> list[Row]:
    """The table: every figure, with its target where it has one."""
    table: list[Row] = []
    for band in BANDS:
        lang = figures["ud_dev"][band.name]
        if not isinstance(lang, dict) or "accuracy" not in lang:
            continue
        bound = 0.995 if band.name == LONG else 0.98
        table.append(Row(f"ud-dev {band.name} accuracy ({sum(lang['n'].values())} docs)",
                         lang["accuracy"]["all"], ">=", bound))
        table += language_rows(f"ud-dev {band.name}", lang, band.name == LONG)
    gen = figures["generated"]
    lang = gen["language"]
    table.append(Row(f"generated language accuracy ({gen['docs']} docs)", lang["accuracy"]["all"]))
    for name, part in lang["by_length"].items():
        bound = 0.98 if name.startswith("<") else 0.995
        table.append(Row(f"generated language, body {name} ({part['n']} docs)",
                         part["accuracy"], ">=", bound))
    table += language_rows("generated", lang, True)
    table += [Row(f"generated {name} exact match", gen[name], ">=", 0.99)
              for name in ("title", "date", "publisher")]
    table += [Row("generated boilerplate precision", gen["boilerplate_precision"], ">=", 0.995),
              Row("generated boilerplate recall", gen["boilerplate_recall"], ">=", 0.97)]
    table += [Row(f"generated boilerplate recall: {kind}", value)
              for kind, value in gen["boilerplate_recall_by_kind"].items()]
    table += [Row("generated body recall", gen["body_recall"]),
              Row("generated body precision", gen["body_precision"]),
              Row("generated text == perfect text", gen["exact_text"]),
              Row("generated rejected", sum(gen["rejected"].values()), percent=False)]
    if figures["pii"]:
        table += [Row(f"PII {k} ({figures['pii']['cases']} cases)", figures["pii"][k])
                  for k in ("precision", "recall")]
    return table + web_rows(figures.get("web"))


def failures(figures: Figures) -> list[Row]:
    return [row for row in rows(figures) if row.status == "FAIL"]


def print_matrix(title: str, confusion: dict[str, dict[str, int]]) -> None:
    columns = list(next(iter(confusion.values())))
    print(f"\n{title} (rows: truth, columns: predicted)")
    print("      " + "".join(f"{c:>6}" for c in columns))
    for truth, row in confusion.items():
        print(f"{truth:>6}" + "".join(f"{row[c]:>6}" for c in columns))


def print_report(figures: Figures, examples: Examples, show_examples: bool,
                 web_examples: bool = False) -> None:
    for band in BANDS:
        confusion = figures["ud_dev"][band.name]["confusion"]
        print_matrix(f"ud-dev language, {band.name} chars", confusion)
    print_matrix("generated corpus language", figures["generated"]["language"]["confusion"])
    print("\nud-dev language_score reliability (both bands)")
    print(f"{'score':>12}{'docs':>7}{'mean score':>12}{'accuracy':>10}")
    for b in figures["ud_dev"]["calibration"]:
        print(f"{b['bin']:>12}{b['n']:>7}{b['mean_score']:>12.3f}{b['accuracy']:>10.3f}")
    if figures["generated"]["rejected"]:
        print(f"\nrejected: {figures['generated']['rejected']}")
    if figures["pii"] is None:
        print("\nPII: not implemented yet")
    print_web(figures.get("web"), web_examples)
    print_table(rows(figures))
    if show_examples:
        for kind, found in examples.items():
            print(f"\n== {kind} (first {len(found)})")
            for line in found:
                print("  " + line)
