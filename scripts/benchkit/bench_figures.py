"""The figures bench derives from what its stages measured: throughput, CPUs used by the
stage and by the rest of the machine, newspack's speed against each stage, the cost of
language identification, and the versions stage's shares checked against their targets."""

from __future__ import annotations

from typing import Any

from .sampler import MB

# The targets for the versions stage: share of the full build's time (rebuilds) or
# of a full copy's bytes (storage).
TARGETS = {"no_change": 0.05, "plus_1pct": 0.10, "storage": 0.25}


def cpu_use(st: dict[str, Any], docs: int) -> dict[str, float | None]:
    """CPUs a stage kept busy on average, CPUs the rest of the machine did meanwhile, and the
    stage's CPU time per document (which contention changes far less than wall time)."""
    if st["cpu_s"] is None:
        return {"cpus": None, "other_cpus": None, "cpu_ms_per_doc": None}
    other = max(0.0, st["machine_cpu_s"] - st["cpu_s"])
    return {"cpus": st["cpu_s"] / st["seconds"], "other_cpus": other / st["seconds"],
            "cpu_ms_per_doc": 1000 * st["cpu_s"] / docs}


def summarise(stages: dict[str, dict[str, Any]], size: dict[str, int]) -> None:
    """Add docs/s, MB/s, CPUs used (by the stage, by everything else) and newspack's speed
    relative to each stage, in place."""
    for st in stages.values():
        st["docs_per_s"] = size["docs"] / st["seconds"]
        st["mb_per_s"] = size["bytes"] / MB / st["seconds"]
        st.update(cpu_use(st, size["docs"]))
    ours = stages["newspack"]["docs_per_s"] if "newspack" in stages else None
    for st in stages.values():
        st["newspack_x"] = ours / st["docs_per_s"] if ours else None


def extract_figures(ex: dict[str, Any]) -> dict[str, float]:
    n = ex["docs"]
    with_ms, without_ms = (1000 * ex[k] / n for k in ("with_language", "without_language"))
    return {"docs": n, "warmup_s": ex["warmup"],
            "with_language_docs_per_s": n / ex["with_language"], "with_language_ms": with_ms,
            "without_language_docs_per_s": n / ex["without_language"],
            "without_language_ms": without_ms, "language_ms": with_ms - without_ms,
            "language_share": (with_ms - without_ms) / with_ms,
            "other_cpus": cpu_use(ex, n)["other_cpus"]}


PARTS = ("major", "minor", "patch")


def bump(previous: str | None, version: str | None) -> str | None:
    """The part of the version number that changed from ``previous`` to ``version``."""
    if not (previous and version):
        return None
    old, new = ([int(x) for x in v.removeprefix("v").split(".")] for v in (previous, version))
    return next((part for part, a, b in zip(PARTS, old, new, strict=True) if a != b), None)


def check(value: float | None, target: float) -> dict[str, Any]:
    """A measured share against its target (no value: not met)."""
    return {"value": value, "target": target, "pass": value is not None and value <= target}


def versions_figures(v: dict[str, Any]) -> dict[str, Any]:
    """Add to the versions stage's figures: each step's share of the full build's time and the
    CPUs others used meanwhile, the bytes the +1 % version added, and the checks."""
    steps, storage = v["steps"], v["storage"]
    full = steps["full"]["seconds"]
    for step in steps.values():
        step["share_of_full"] = step["seconds"] / full
        step["other_cpus"] = cpu_use(step, v["docs"])["other_cpus"]
    storage["added"] = storage["after"] - storage["before"]
    storage["share_of_full_copy"] = (storage["added"] / storage["full_copy"]
                                     if storage["full_copy"] else None)
    plus = steps["plus_1pct"]
    v["bump"] = bump(plus["previous"], plus["version"])
    v["checks"] = {
        "no_change": check(steps["no_change"]["share_of_full"], TARGETS["no_change"]),
        "plus_1pct": check(plus["share_of_full"], TARGETS["plus_1pct"]),
        "storage": check(storage["share_of_full_copy"], TARGETS["storage"]),
        "no_change_publishes_nothing": {"pass": steps["no_change"]["version"] is None},
        "plus_1pct_is_minor": {"pass": v["bump"] == "minor"},
    }
    return v

