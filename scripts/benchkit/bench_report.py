"""The report bench prints: the corpus and machine, the throughput table, extract()'s cost
of language identification, the versions stage's table, and notes on a busy machine."""

from __future__ import annotations

from typing import Any

from .sampler import MB

NOISY_CPUS = 0.25  # other processes using more than this spoil the timings


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


COLUMNS = (  # heading, width, key, format
    ("seconds", 9, "seconds", ".2f"), ("docs/s", 9, "docs_per_s", ",.0f"),
    ("MB/s", 8, "mb_per_s", ".2f"), ("CPUs", 6, "cpus", ".2f"), ("others", 8, "other_cpus", ".2f"),
    ("CPU ms/doc", 12, "cpu_ms_per_doc", ".2f"),
    ("peak MB", 9, "peak_mb", ",.0f"), ("tree MB", 9, "tree_mb", ",.0f"),
    ("rows", 8, "rows", ","), ("newspack x", 12, "newspack_x", ".2f"))


def table(stages: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"{'stage':<10}" + "".join(f"{head:>{width}}" for head, width, _, _ in COLUMNS)]
    for name, st in stages.items():
        row = {**st, "newspack_x": None if name == "newspack" else st["newspack_x"]}
        lines.append(f"{name:<10}" + "".join(f"{_fmt(row.get(key), spec):>{width}}"
                                             for _, width, key, spec in COLUMNS))
    return lines


def noise_note(figures: dict[str, dict[str, Any]], what: str) -> list[str]:
    """A NOTE when other processes kept more than NOISY_CPUS busy during any of ``figures``."""
    busy = {name: st["other_cpus"] for name, st in figures.items()
            if (st.get("other_cpus") or 0) > NOISY_CPUS}
    if not busy:
        return []
    shown = ", ".join(f"{name} {cpus:.2f}" for name, cpus in busy.items())
    return [f"NOTE: other processes kept CPUs busy ({shown}): those {what}' figures are "
            "pessimistic; run again on a quiet machine"]


def legend(result: dict[str, Any]) -> list[str]:
    lines = ["CPUs: used by the stage's processes; others: by the rest of the machine meanwhile;",
             "CPU ms/doc: the stage's CPU time per document, steadier than seconds on a busy box"]
    if "newspack" in result["stages"]:
        lines.append("newspack x = newspack docs/s / the row's docs/s (above 1: newspack is "
                     "faster)")
    extract = {"extract": result["extract"]} if "extract" in result else {}
    return lines + noise_note({**result["stages"], **extract}, "stages")


def stages_report(result: dict[str, Any]) -> list[str]:
    lines = ["", *table(result["stages"])]
    counts = result["stages"].get("newspack", {}).get("counts")
    if counts:
        lines.append("newspack " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return lines + legend(result)


def extract_report(ex: dict[str, Any]) -> list[str]:
    return ["", f"extract() in one process, first {ex['docs']:,} docs "
            f"(rules and models loaded first, in {ex['warmup_s']:.2f} s):",
            f"  with language id      {ex['with_language_docs_per_s']:>7,.0f} docs/s "
            f"{ex['with_language_ms']:>7.2f} ms/doc",
            f"  language id stubbed   {ex['without_language_docs_per_s']:>7,.0f} docs/s "
            f"{ex['without_language_ms']:>7.2f} ms/doc",
            f"  language id costs {ex['language_ms']:.2f} ms/doc, "
            f"{100 * ex['language_share']:.0f} % of extract()"]


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _row(measure: str, value: str, cpu: str = "", share: float | None = None,
         c: dict[str, Any] | None = None) -> str:
    shown = "" if share is None else f"{100 * share:.1f} %"
    target = f"<= {100 * c['target']:.0f} %" if c else ""
    return (f"  {measure:<24}{value:>12}{cpu:>9}{shown:>10}{target:>10}"
            f"{_verdict(c['pass']) if c else '':>8}").rstrip()


def versions_table(v: dict[str, Any]) -> list[str]:
    steps, storage, checks = v["steps"], v["storage"], v["checks"]
    lines = [f"  {'measure':<24}{'value':>12}{'CPU s':>9}{'share':>10}{'target':>10}"
             f"{'result':>8}"]
    for key, label in (("full", "full build"), ("no_change", "no-change rebuild"),
                       ("plus_1pct", f"+1 % documents (+{v['added']:,})")):
        st = steps[key]
        lines.append(_row(label, f"{st['seconds']:.2f} s", _fmt(st["cpu_s"], ".2f"),
                          st["share_of_full"], checks.get(key)))
    lines += [_row("store before +1 %", f"{storage['before'] / MB:.2f} MB"),
              _row("added by +1 %", f"{storage['added'] / MB:.2f} MB", "",
                   storage["share_of_full_copy"], checks["storage"]),
              _row(f"a full copy ({steps['full']['version']})",
                   f"{storage['full_copy'] / MB:.2f} MB")]
    return lines


def versions_report(v: dict[str, Any]) -> list[str]:
    steps, checks = v["steps"], v["checks"]
    nc, plus = steps["no_change"], steps["plus_1pct"]
    work = ", ".join(f"{k} {n:,}" for k, n in plus["work"].items())
    lines = ["", f"versions: one output folder, {v['docs']:,} docs, then {v['added']:,} more",
             "  share: of the full build's seconds (storage: of a full copy's bytes)",
             *versions_table(v),
             f"  no-change: version {nc['version']} "
             f"({_verdict(checks['no_change_publishes_nothing']['pass'])}: must be None), "
             f"{nc['summary']}",
             f"  +1 %: version {plus['version']} from {plus['previous']}, {v['bump']} "
             f"({_verdict(checks['plus_1pct_is_minor']['pass'])}: must be minor), "
             f"inputs {work}",
             f"        {plus['summary']}"]
    lines += [f"  warning ({key}): {w}" for key, st in steps.items() for w in st["warnings"]]
    lines += ["  targets are informative: they never change the exit code"]
    return lines + noise_note(steps, "steps")


def dedup_report(d: dict[str, Any]) -> list[str]:
    s = d["scale"]
    return ["", f"dedup: the duplicates stage on the corpus's {d['docs']:,} signatures "
            f"({d['exact']:,} exact and {d['near']:,} near copies in {d['clusters']:,} clusters)",
            f"  first build (all linked anew)  {d['stage_ms_per_doc']:>8.4f} ms/doc   "
            f"target <= 0.1 {_verdict(d['stage_ms_per_doc'] <= 0.1)}",
            f"  rebuild adding 1 %             {d['rebuild_ms_per_doc']:>8.4f} ms/doc",
            f"  whole plan (ids, splits, shards too) {d['plan_ms_per_doc']:.4f} ms/doc",
            f"  signatures/ files              {d['bytes_per_doc']:>8.0f} bytes/doc "
            f"({d['signatures_bytes'] / MB:.2f} MB)",
            f"  signature in the worker        {d['signature_ms_per_doc']:>8.4f} ms/doc",
            f"  at {s['docs']:,} synthetic docs     {s['ms_per_doc']:>8.4f} ms/doc, peak "
            f"{s['peak_bytes_per_doc']:.0f} bytes/doc beside the {s['signature_bytes_per_doc']} "
            "of the signatures"]


def report(result: dict[str, Any]) -> str:
    c, m = result["corpus"], result["machine"]
    aside = f", +{c['added']:,} set aside for versions" if c["added"] else ""
    lines = [f"corpus   {c['docs']:,} docs, {c['bytes'] / MB:.1f} MB (seed {c['seed']}, "
             f"generated in {c['generate_s']:.1f} s{aside})",
             f"machine  {m['cpus']} CPUs ({m['usable_cpus']} usable), workers {m['workers']}, "
             f"Python {m['python']}"]
    if result["skipped"]:
        lines.append(f"skipped  {', '.join(result['skipped'])}")
    if result["stages"]:
        lines += stages_report(result)
    if "extract" in result:
        lines += extract_report(result["extract"])
    if "versions" in result:
        lines += versions_report(result["versions"])
    if "dedup" in result:
        lines += dedup_report(result["dedup"])
    if "engines" in result:
        from .bench_engines import engines_report

        lines += engines_report(result["engines"])
    return "\n".join(lines)
