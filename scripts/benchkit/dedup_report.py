"""The report of ``scripts/eval_dedup.py``: every figure as a row, with its target and
PASS / FAIL where it has one, the hand-made variants, and failure examples."""

from __future__ import annotations

from typing import Any

from .eval_common import Row, print_table

F1_MIN = 0.95
CROSS_RECALL_MIN = 0.95


def _set_rows(name: str, f: dict[str, Any], precision_target: bool) -> list[Row]:
    w1, w2, cross = f["week1"], f["week2"], f["cross_version"]
    rows = [Row(f"{name} week 1 F1 ({w1['positives']} pairs)", w1["f1"], ">=", F1_MIN),
            Row(f"{name} week 2 F1 ({w2['positives']} pairs)", w2["f1"], ">=", F1_MIN),
            Row(f"{name} week 2 precision", w2["precision"],
                *((">=", 1.0) if precision_target else ())),
            Row(f"{name} week 2 recall", w2["recall"]),
            Row(f"{name} cross-version recall ({cross['positives']} pairs)",
                f["cross_version_recall"], ">=", CROSS_RECALL_MIN)]
    for week, n in f["straddling"].items():
        rows.append(Row(f"{name} clusters straddling splits, {week}", n, "<=", 0, percent=False))
    for what, n in f["moved"].items():
        rows.append(Row(f"{name} week-1 records whose {what} changed", n, "<=", 0,
                        percent=False))
    rows.append(Row(f"{name} linked pairs between 0.5 and 0.8 (not scored)",
                    w2["grey_linked"], percent=False))
    return rows


def rows(figures: dict[str, Any]) -> list[Row]:
    table: list[Row] = []
    if "generated" in figures:
        table += _set_rows("generated", figures["generated"], False)
    if "hand" in figures:
        table += _set_rows("hand-made", figures["hand"], True)
    return table


def failures(figures: dict[str, Any]) -> list[Row]:
    return [row for row in rows(figures) if row.status == "FAIL"]


def print_report(figures: dict[str, Any], examples: bool) -> None:
    gen = figures.get("generated")
    if gen:
        print(f"generated: {gen['docs']} documents (seed {gen['seed']}, near copies "
              f"{gen['copies']['near']}, exact {gen['copies']['exact']}); week 1 built in "
              f"{gen['build_s'][0]:.1f} s, week 2 in {gen['build_s'][1]:.1f} s")
    hand = figures.get("hand")
    if hand:
        print(f"hand-made: {hand['docs']} documents in six languages; copies in the story's "
              "cluster, and hard negatives wrongly in it, per variant:")
        for kind, label in (("copies", "copy"), ("negatives", "negative")):
            for variant, share in hand["variants"][kind].items():
                print(f"  {label:<9}{variant:<28}{share}")
    print_table(rows(figures), 58)
    if examples:
        for name, f in (("generated", gen), ("hand-made", hand)):
            if not f:
                continue
            for kind, pairs in f["week2"]["examples"].items():
                print(f"\n== {name} {kind.replace('_', ' ')} (file, file, true Jaccard)")
                for pair in pairs:
                    print("  " + "  ".join(map(str, pair)))
        if hand and (hand["variants"]["missed"] or hand["variants"]["wrongly_linked"]):
            print(f"\nhand-made missed: {hand['variants']['missed']}; wrongly linked: "
                  f"{hand['variants']['wrongly_linked']}")
