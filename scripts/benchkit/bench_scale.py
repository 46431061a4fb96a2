"""bench's scale section (``bench.py --scale``): the same three builds at growing corpus sizes,
each size in a fresh subprocess of bench.py (its ``--_run scale``, which ``run_size`` serves
without ``run_stage``'s whole-stage sampler, so that only one sampler thread shares the main
process), as far as a time budget allows. Heavy imports stay inside the functions: workers
import this module again."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from .bench_figures import cpu_use
from .bench_report import noise_note
from .bench_runner import spawn_stage
from .bench_stages import newspack_config, store_bytes
from .corpus import ADDED, added_docs, input_files, link_files, prepare
from .sampler import MB, TreeSampler

SIZES = (10_000, 100_000, 1_000_000)
BUDGET_S = 3600.0
MARK = "size.json"  # in DIR/corpus-N once the corpus is complete: what prepare() reported
# The targets (informative: the exit code ignores them).
TARGETS = {"main_cpu_ms_per_doc": 0.15, "no_change": 0.05, "plus_1pct": 0.10,
           "growth_bytes_per_doc": 500.0, "peak_mb": 1500.0}
STEPS = ("full", "no_change", "plus_1pct")


# --- in the subprocess: one size ---------------------------------------------------------------

class _Sampler(TreeSampler):
    """A TreeSampler that also knows the CPU its own thread used, to leave it out of the main
    process's CPU time."""

    own_cpu_s = 0.0

    def _run(self) -> None:
        super()._run()
        self.own_cpu_s = time.thread_time()


def _build(inputs: Path, out: Path, config: Any) -> dict[str, Any]:
    """One ``build``: its seconds, the tree's peak RSS and CPU, the main process's own CPU."""
    from newspack.build import build

    with _Sampler() as sampler:
        cpu, start = time.process_time(), time.perf_counter()
        result = build([str(inputs)], out, config, progress=False)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, **sampler.figures(), "main_cpu_s": cpu - sampler.own_cpu_s,
            "version": result.version, "summary": result.summary, "counts": result.counts,
            "work": dict(result.work)}


def run_size(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """Full cold build, no-change rebuild, +1 % documents (from ADDED beside ``corpus``)."""
    import newspack.build  # noqa: F401  imported before the clock starts

    work.mkdir(parents=True, exist_ok=True)
    config = newspack_config(workers)
    inputs, out, added = work / "corpus", work / "out", corpus.parent / ADDED
    link_files(input_files(corpus), corpus, inputs)  # a copy of its own, to add to
    versions = out / "versions"
    steps = {"full": _build(inputs, out, config)}
    first = steps["full"]["version"]
    manifest = (versions / first / "manifest.json").stat().st_size if first else None
    store = store_bytes(versions)
    steps["no_change"] = _build(inputs, out, config)
    new = input_files(added)
    link_files(new, added, inputs)
    steps["plus_1pct"] = _build(inputs, out, config)
    return {"docs": len(input_files(corpus)), "added": len(new), "workers": workers,
            "manifest_bytes": manifest, "store_bytes": store,
            "store_after_bytes": store_bytes(versions), "steps": steps}


# --- in bench.py: every size, the budget ----------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    """``10000,100000`` -> [10000, 100000], smallest first; ValueError if one is not >= 1."""
    sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] < 1:
        raise ValueError("sizes must be whole numbers >= 1, comma-separated")
    return sizes


def _ready(folder: Path, seed: int) -> dict[str, Any] | None:
    """What prepare() reported for the corpus in ``folder``, if it is complete and of ``seed``."""
    try:
        size = json.loads((folder / MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return size if size.get("seed") == seed else None


def _corpus(work: Path, docs: int, seed: int, sentences: Path | None) -> dict[str, Any]:
    """The DOCS corpus (+1 % set aside) in work/corpus-DOCS: an earlier run's, else a new one."""
    folder = work / f"corpus-{docs}"
    size = _ready(folder, seed)
    if size:
        print(f"bench: scale: reusing {folder}", file=sys.stderr, flush=True)
        return {**size, "reused": True}
    shutil.rmtree(folder, ignore_errors=True)
    size = prepare(folder / "corpus", docs, added_docs(docs), seed, sentences)
    (folder / MARK).write_text(json.dumps(size), encoding="utf-8")
    return {**size, "reused": False}


def _estimate(prev: dict[str, Any], docs: int, generate: bool) -> float:
    """Seconds a size would take, from the previous size's rates: generation + 3 builds."""
    made = prev["corpus"]["docs"] + prev["corpus"]["added"]
    gen = (docs + added_docs(docs)) * prev["corpus"]["generate_s"] / made if generate else 0.0
    shares = sum(prev["steps"][s]["share_of_full"] for s in ("no_change", "plus_1pct"))
    return docs / prev["docs_per_s"] * (1 + shares) + gen


def size_figures(run: dict[str, Any], corpus: dict[str, Any]) -> dict[str, Any]:
    """Add docs/s, the main process's CPU per document, shares and the peak to one size's run."""
    n, steps = run["docs"], run["steps"]
    full = steps["full"]["seconds"]
    for st in steps.values():
        st["share_of_full"] = st["seconds"] / full
        st["other_cpus"] = cpu_use(st, n)["other_cpus"]
    peaks = [st["tree_mb"] for st in steps.values() if st["tree_mb"] is not None]
    return {**run, "corpus": corpus, "docs_per_s": n / full,
            "main_cpu_ms_per_doc": 1000 * steps["full"]["main_cpu_s"] / n,
            "peak_tree_mb": max(peaks) if peaks else None}


def _check(value: float | None, target: float) -> dict[str, Any]:
    return {"value": value, "target": target, "pass": value is not None and value <= target}


def checks(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """Each size's figures against their targets, and the growth of peak memory per document."""
    per_size = {str(s["docs"]): {
        "main_cpu_ms_per_doc": _check(s["main_cpu_ms_per_doc"], TARGETS["main_cpu_ms_per_doc"]),
        "no_change": _check(s["steps"]["no_change"]["share_of_full"], TARGETS["no_change"]),
        "plus_1pct": _check(s["steps"]["plus_1pct"]["share_of_full"], TARGETS["plus_1pct"]),
        "peak_mb": _check(s["peak_tree_mb"], TARGETS["peak_mb"])} for s in sizes}
    growth = []
    for a, b in zip(sizes, sizes[1:], strict=False):
        known = a["peak_tree_mb"] is not None and b["peak_tree_mb"] is not None
        per_doc = ((b["peak_tree_mb"] - a["peak_tree_mb"]) * MB / (b["docs"] - a["docs"])
                   if known else None)
        growth.append({"from": a["docs"], "to": b["docs"],
                       **_check(per_doc, TARGETS["growth_bytes_per_doc"])})
    return {"sizes": per_size, "growth": growth}


def scale_benchmark(args: Any, work: Path, sentences: Path | None,
                    machine: dict[str, Any]) -> dict[str, Any]:
    """Every size of ``args.scale_sizes`` in turn, until the budget would run out."""
    start, done, left_out = time.perf_counter(), [], []
    for i, docs in enumerate(args.scale_sizes):
        left = args.scale_budget - (time.perf_counter() - start)
        if done:  # the first size always runs: there is nothing to estimate it from
            needs = [(n, _estimate(done[-1], n, not _ready(work / f"corpus-{n}", args.seed)))
                     for n in args.scale_sizes[i:]]
            if needs[0][1] > left:
                left_out = [{"docs": n, "needs_s": s, "budget_left_s": max(0.0, left)}
                            for n, s in needs]
                break
        corpus = _corpus(work, docs, args.seed, sentences)
        run = work / f"run-{docs}"
        shutil.rmtree(run, ignore_errors=True)  # a cold build: no output, no cache
        size = size_figures(spawn_stage("scale", work / f"corpus-{docs}" / "corpus", run,
                                        args.workers), corpus)
        done.append(size)
        print(f"bench: scale {docs:,}: {size['docs_per_s']:,.0f} docs/s, "
              f"{_minutes(time.perf_counter() - start)} of {_minutes(args.scale_budget)} "
              "of budget used", file=sys.stderr, flush=True)
        if not args.keep:  # nothing to keep: free the disk before the next size
            shutil.rmtree(run, ignore_errors=True)
            shutil.rmtree(work / f"corpus-{docs}", ignore_errors=True)
    return {"scale": {"machine": machine, "seed": args.seed, "budget_s": args.scale_budget,
                      "seconds": time.perf_counter() - start, "sizes": done,
                      "left_out": left_out, "checks": checks(done), "targets": TARGETS}}


# --- the report ---------------------------------------------------------------------------------

def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _verdict(c: dict[str, Any]) -> str:
    return "PASS" if c["pass"] else "FAIL"


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 600 else f"{seconds / 60:.1f} min"


HEAD = ("docs", "docs/s", "tree MB", "main ms/doc", "manifest B", "store MB",
        "seconds", "share", "tree MB", "seconds", "share", "tree MB")
WIDTHS = (11, 9, 9, 13, 12, 10, 10, 8, 9, 10, 8, 9)
GROUPS = (("", 11), ("full build", 53), ("no-change rebuild", 27), ("+1 % documents", 27))


def _cells(s: dict[str, Any]) -> tuple[str, ...]:
    steps = s["steps"]
    cells = [f"{s['docs']:,}", f"{s['docs_per_s']:,.0f}", _fmt(steps["full"]["tree_mb"], ",.0f"),
             f"{s['main_cpu_ms_per_doc']:.3f}", _fmt(s["manifest_bytes"], ","),
             f"{s['store_bytes'] / MB:,.1f}"]
    for key in ("no_change", "plus_1pct"):
        st = steps[key]
        cells += [f"{st['seconds']:.2f}", f"{100 * st['share_of_full']:.1f}%",
                  _fmt(st["tree_mb"], ",.0f")]
    return tuple(cells)


def _line(cells: tuple[str, ...]) -> str:
    return "".join(f"{c:>{w}}" for c, w in zip(cells, WIDTHS, strict=True))


def _corpus_line(s: dict[str, Any]) -> str:
    c = s["corpus"]
    how = "reused from --keep" if c["reused"] else "generated"
    return (f"  {c['docs']:>11,} docs, {c['bytes'] / MB:,.1f} MB, +{c['added']:,} set aside "
            f"({how}, generation {c['generate_s']:.1f} s)")


def _check_lines(res: dict[str, Any]) -> list[str]:
    by_size = res["checks"]["sizes"]
    rows = (("main_cpu_ms_per_doc", "main CPU <= 0.15 ms/doc", ".3f", ""),
            ("no_change", "no-change <= 5 % of full", ".1f", " %"),
            ("plus_1pct", "+1 % docs <= 10 % of full", ".1f", " %"),
            ("peak_mb", "peak tree <= 1,500 MB", ",.0f", " MB"))
    lines = []
    for key, label, spec, unit in rows:
        times = 100 if unit == " %" else 1
        shown = "   ".join(
            f"{int(n):,}: {_fmt(None if c['value'] is None else times * c['value'], spec)}"
            f"{unit} {_verdict(c)}" for n, c in ((n, v[key]) for n, v in by_size.items()))
        lines.append(f"  {label:<32}{shown}")
    growth = "   ".join(f"{g['from']:,} -> {g['to']:,}: {_fmt(g['value'], ',.0f')} "
                       f"{_verdict(g)}" for g in res["checks"]["growth"])
    lines.append(f"  {'peak tree growth <= 500 B/doc':<32}"
                 f"{growth or '(needs two sizes)'}")
    return lines


def scale_report(result: dict[str, Any]) -> str:
    res = result["scale"]
    m, sizes = res["machine"], res["sizes"]
    lines = [f"machine  {m['cpus']} CPUs ({m['usable_cpus']} usable), workers {m['workers']}, "
             f"Python {m['python']}",
             "", f"scale: at each size a cold full build, a no-change rebuild and +1 % documents "
             f"(seed {res['seed']}, budget {_minutes(res['budget_s'])}, "
             f"used {_minutes(res['seconds'])})", *(_corpus_line(s) for s in sizes),
             "".join(f"{g:^{w}}" if g else " " * w for g, w in GROUPS).rstrip(),
             _line(HEAD), *(_line(_cells(s)) for s in sizes)]
    lines += [f"  {e['docs']:,}: left out, needs ~{_minutes(e['needs_s'])}, "
              f"{_minutes(e['budget_left_s'])} of budget left" for e in res["left_out"]]
    lines += ["  tree MB: peak RSS of the build's process tree (main process and workers, sampled",
              "  every 100 ms); main ms/doc: the main process's own CPU per document (workers and",
              "  the sampler's thread left out); share: of the full build's seconds; store MB:",
              "  versions/, each inode once; manifest B: the first version's manifest.json"]
    if sizes:
        lines += ["checks (informative: they never change the exit code)", *_check_lines(res)]
    notes = {f"{s['docs']:,} {label}": s["steps"][k] for s in sizes
             for k, label in zip(STEPS, ("full", "no-change", "+1 %"), strict=True)}
    return "\n".join(lines + noise_note(notes, "builds"))


def machine_info(workers: int) -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpus": os.cpu_count(), "usable_cpus": usable, "workers": workers,
            "python": sys.version.split()[0]}
