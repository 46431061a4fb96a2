"""Where the main process's time goes in one ``newspack.build.build``, stage by stage.

The build runs under cProfile in this process (the workers are other processes and are
not profiled). Each profiled function's own time (tottime) is given to a stage: a
function named in ROOTS gives its whole subtree to its stage, wherever it is called
from; a function that ``build.build`` calls itself is placed by DIRECT; any other
function takes the stages of its callers, shared out by the time it spent under each
caller (cProfile keeps one level of callers, so a helper that two stages call is split
in proportion to what each caller spent in it, as gprof does). The stage times add up
to the profiled wall time of the build.

"waiting for workers" is the time blocked in the local engine's result iterator
(``LocalEngine._results``: futures, condition and lock waits); "extract in main" is
extraction run in this process (one worker, or a batch too small to start the pool);
"imports in the build" is modules imported for the first time during the build
(matplotlib's backends on the first figure, say), which a ``newspack build`` pays too.
Other threads of the main process (the pool's feeder and result threads pickle the jobs
and unpickle the results) are not profiled: their CPU is process time minus this
thread's time.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from .sampler import TreeSampler

OTHER = "setup/other"
WAIT = "waiting for workers"
IMPORTS = "imports in the build"
STAGES = ("list inputs", "fingerprint", "read/submit/cache", WAIT, "extract in main",
          "start/stop workers", "collect", "plan", "write shards", "stats", "card",
          "figures", "croissant", "manifest", "link/publish", IMPORTS, OTHER)

# (file under src/newspack/, function name): the stage its whole subtree belongs to
ROOTS = {
    ("<frozen importlib._bootstrap>", "_find_and_load"): IMPORTS,  # a module's first import
    ("inputs/sources.py", "list_inputs"): "list inputs",
    ("engines/fingerprint.py", "compute"): "fingerprint",
    ("engines/engine.py", "pending"): "read/submit/cache",
    ("engines/outcomes.py", "outcomes"): "read/submit/cache",
    ("engines/outcomes.py", "_submit"): "read/submit/cache",
    ("engines/outcomes.py", "_drain"): "read/submit/cache",
    ("engines/cache.py", "opened"): "read/submit/cache",
    ("engines/local.py", "_results"): WAIT,
    ("engines/local.py", "process"): "extract in main",
    ("engines/local.py", "_start"): "start/stop workers",
    ("engines/local.py", "close"): "start/stop workers",
    ("corpus/collect.py", "collect"): "collect",
    ("corpus/shards.py", "plan"): "plan",
    ("corpus/stages.py", "plan"): "plan",
    ("corpus/shards.py", "write"): "write shards",
    ("publish/stats.py", "compute"): "stats",
    ("build.py", "_card"): "card",
    ("publish/figures.py", "render"): "figures",
    ("build.py", "_croissant"): "croissant",
    ("publish/croissant.py", "write"): "croissant",
    ("store/versions.py", "link_identical"): "link/publish",
    ("store/versions.py", "publish"): "link/publish",
    ("build.py", "_sync_root_card"): "link/publish",
}
# called by build.build itself (not in ROOTS): its stage; anything else it calls: OTHER
DIRECT = {
    ("engines/cache.py", "flush"): "read/submit/cache",
    ("store/versions.py", "previous"): "plan",
    ("store/signatures.py", "published"): "plan",
    ("store/inputs.py", "write"): "write shards",
    ("store/manifest.py", "output_entry"): "manifest",
    ("store/manifest.py", "created"): "manifest",
    ("store/manifest.py", "dumps"): "manifest",
    ("config.py", "sha256"): "manifest",
    ("config.py", "output_affecting"): "manifest",
    ("extract/signature.py", "settings"): "manifest",
    ("engines/fingerprint.py", "of_inputs"): "manifest",
    ("schema.py", "schema_description"): "manifest",
    ("pathlib.py", "write_text"): "manifest",  # README.md and manifest.json
    ("store/diff.py", "compare"): "link/publish",
    ("store/diff.py", "next_version"): "link/publish",
    ("shutil.py", "rmtree"): "link/publish",
}
BUILD = ("build.py", "build")
# builtins that block: left out of the top functions (they are waits, not work)
WAITS = ("acquire", "wait", "poll", "select", "sleep", "waitpid", "join", "recv")


def _where(func: tuple[str, int, str]) -> tuple[str, str]:
    """(file under src/newspack/, or the file's name outside it; function name)."""
    filename, _, name = func
    path = filename.replace("\\", "/")
    if "/newspack/" in path:
        return path.rsplit("/newspack/", 1)[1], name
    return path.rsplit("/", 1)[-1], name


def label(func: tuple[str, int, str]) -> str:
    """A short name: ``engines/outcomes.py:52(_drain)``, ``matplotlib/text.py:9(f)``, or
    the builtin's own name."""
    filename, line, name = func
    if filename == "~":
        return name
    path = filename.replace("\\", "/")
    for marker in ("/newspack/", "/site-packages/", "/lib/python3"):
        if marker in path:
            path = path.rsplit(marker, 1)[1]
            path = path.split("/", 1)[-1] if marker == "/lib/python3" else path
            break
    return f"{path}:{line}({name})"


def attribute(stats: dict, rounds: int = 200) -> dict[tuple, dict[str, float]]:
    """Each profiled function's share of each stage (fractions adding up to 1).

    A function's shares are its callers' (or ROOTS/DIRECT's), weighted by the time spent
    under each caller: a linear system over the call graph, solved by iterating until it
    settles (recursion makes cycles, which one pass in call order would cut)."""
    fixed: dict[tuple, dict[str, float]] = {}
    edges: dict[tuple, list[tuple[tuple | dict[str, float], float]]] = {}
    for func, (_, _, _, _, callers) in stats.items():
        where = _where(func)
        if where in ROOTS:
            fixed[func] = {ROOTS[where]: 1.0}
            continue
        weights = [(c, e[3] or e[1] or 1e-12) for c, e in callers.items()]
        total = sum(w for _, w in weights)
        if not weights:
            fixed[func] = {OTHER: 1.0}
            continue
        edges[func] = [({DIRECT.get(where, OTHER): 1.0} if _where(c) == BUILD else c, w / total)
                       for c, w in weights]
    shares: dict[tuple, dict[str, float]] = {**fixed, **{f: {} for f in edges}}
    for _ in range(rounds):
        change = 0.0
        for func, ins in edges.items():
            mix: dict[str, float] = {}
            for source, weight in ins:
                part = source if isinstance(source, dict) else shares.get(source, {OTHER: 1.0})
                for stage, fraction in part.items():
                    mix[stage] = mix.get(stage, 0.0) + fraction * weight
            old = shares[func]
            change = max(change, *(abs(mix.get(k, 0.0) - old.get(k, 0.0))
                                   for k in {*mix, *old}), 0.0)
            shares[func] = mix
        if change < 1e-9:
            break
    for func, mix in shares.items():  # a cycle no stage leads into: left to OTHER
        total = sum(mix.values())
        shares[func] = {k: v / total for k, v in mix.items()} if total > 1e-9 else {OTHER: 1.0}
    return shares


def stage_seconds(stats: dict, shares: dict) -> dict[str, float]:
    """Seconds of the main thread's profiled time given to each stage."""
    seconds = dict.fromkeys(STAGES, 0.0)
    for func, (_, _, tottime, _, _) in stats.items():
        for stage, fraction in shares[func].items():
            seconds[stage] = seconds.get(stage, 0.0) + tottime * fraction
    return seconds


def top_functions(stats: dict, shares: dict, count: int = 15) -> list[dict[str, Any]]:
    """The ``count`` functions with the most own time, waits left out; each one's stage
    (the one it gave most of its time to)."""
    rows = []
    for func, (_, calls, tottime, cumtime, _) in stats.items():
        stage = max(shares[func].items(), key=lambda kv: kv[1])[0]
        blocking = func[0] == "~" and any(w in func[2] for w in WAITS)
        if stage == WAIT or blocking:
            continue
        rows.append({"function": label(func), "stage": stage, "calls": calls,
                     "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: -r["tottime"])
    return rows[:count]


def _build(corpus: Path, out: Path, workers: int) -> None:
    from benchkit.bench_stages import newspack_config
    from newspack.build import build

    build(sources=[str(corpus)], out=out, config=newspack_config(workers), progress=False)


class _Sampler(TreeSampler):
    """bench's process-tree sampler, which also keeps its own thread's CPU time: it runs
    in this process, and its time is no build's."""

    own_cpu = 0.0

    def _run(self) -> None:
        start = time.thread_time()
        super()._run()
        self.own_cpu = time.thread_time() - start


def _clocked(run: Any) -> dict[str, Any]:
    """``run()`` timed: wall, this process's CPU (all its threads but the sampler's), its
    main thread's, the whole tree's (workers too) and the rest of the machine's, in CPUs."""
    with _Sampler() as sampler:
        wall, cpu, thread = time.perf_counter(), time.process_time(), time.thread_time()
        value = run()
        wall, cpu, thread = (time.perf_counter() - wall, time.process_time() - cpu,
                             time.thread_time() - thread)
    tree = sampler.figures()
    others = (None if tree["cpu_s"] is None
              else max(0.0, tree["machine_cpu_s"] - tree["cpu_s"]) / wall)
    return {"wall": wall, "cpu": cpu - sampler.own_cpu, "thread_cpu": thread,
            "tree_cpu": None if tree["cpu_s"] is None else tree["cpu_s"] - sampler.own_cpu,
            "others": others, "value": value}


def plain_build(corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    """One build without the profiler, and its clocks."""
    import newspack.build  # noqa: F401  (imports are not timed)

    clocks = _clocked(lambda: _build(corpus, out, workers))
    del clocks["value"]
    return clocks


def profiled_build(corpus: Path, out: Path, workers: int, docs: int) -> dict[str, Any]:
    """One build under cProfile: the stage table, the top functions and the clocks."""
    import newspack.build  # noqa: F401

    profile = cProfile.Profile()
    before = set(sys.modules)
    clocks = _clocked(lambda: profile.runcall(_build, corpus, out, workers))
    del clocks["value"]
    imported = Counter(name.split(".")[0] for name in set(sys.modules) - before)
    stats = pstats.Stats(profile).stats
    shares = attribute(stats)
    seconds = stage_seconds(stats, shares)
    profiled = sum(seconds.values())
    stages = [{"stage": s, "seconds": seconds[s], "share": seconds[s] / (profiled or 1),
               "ms_per_doc": 1000 * seconds[s] / docs} for s in STAGES]
    return {"docs": docs, "workers": workers, **clocks, "profiled": profiled,
            "stages": stages, "top": top_functions(stats, shares),
            "imported": dict(imported.most_common())}
