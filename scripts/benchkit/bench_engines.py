"""bench's engines stage: the local and the Ray engine on the same corpus. Each builds it
into a fresh folder (a cold cache); the Ray build starts a private Ray of ``workers`` CPUs
and stops it, which is timed once on its own first (start, one task, stop) so that its
throughput can be read without that fixed cost too. It also counts the bytes of input
the Ray build's driver reads (the workers read their own) and checks that both version
folders are byte-identical. The local build runs first: forking a process after
``ray.init`` hangs. Heavy imports stay inside the functions: workers import this module
again."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

MB = 1e6


def _shas(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _ray_start_stop(workers: int) -> float:
    """Seconds to start a private Ray as the engine does, run one task and stop it."""
    import os

    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    temp = tempfile.mkdtemp(prefix="newspack-ray-")
    start = time.perf_counter()
    ray.init(address="local", num_cpus=workers, include_dashboard=False, _temp_dir=temp,
             object_store_memory=128 * 1024 * 1024, log_to_driver=False, logging_level="ERROR")
    ray.get(ray.remote(lambda: None).remote())
    ray.shutdown()
    seconds = time.perf_counter() - start
    shutil.rmtree(temp, ignore_errors=True)
    return seconds


def _counting_reads() -> dict[str, int]:
    """Count the bytes the inputs' reader hands this process (the driver) from here on."""
    from newspack.inputs import readers

    count = {"bytes": 0, "files": 0}
    real_open = readers._open

    class Counting:
        def __init__(self, f):
            self._f = f

        def read(self, *a):
            data = self._f.read(*a)
            count["bytes"] += len(data)
            return data

        def readline(self, *a):
            data = self._f.readline(*a)
            count["bytes"] += len(data)
            return data

        def __getattr__(self, name):
            return getattr(self._f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._f.close()

    def opened(item):
        count["files"] += 1
        return Counting(real_open(item))

    readers._open = opened
    return count


def stage_engines(corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    from dataclasses import replace

    from .bench_stages import newspack_config, timed_build
    from .corpus import input_files

    config = newspack_config(workers)
    docs = len(input_files(corpus))
    local = timed_build(corpus, work / "local", config)
    startup = _ray_start_stop(workers)
    count = _counting_reads()
    ray_config = replace(config, build=replace(config.build, engine="ray"))
    distributed = timed_build(corpus, work / "ray", ray_config)
    same = _shas(work / "local/versions/1.0.0") == _shas(work / "ray/versions/1.0.0")
    return {"docs": docs, "local_s": local["seconds"], "ray_s": distributed["seconds"],
            "ray_startup_s": startup, "identical": same, "driver_input_bytes": count["bytes"],
            "driver_input_files": count["files"], "local_cpus": local.get("cpus"),
            "ray_cpus": distributed.get("cpus")}


def engines_report(e: dict[str, Any]) -> list[str]:
    n = e["docs"]
    without = max(e["ray_s"] - e["ray_startup_s"], 1e-9)
    return ["", f"engines: {n:,} docs, a cold build with each (version folders "
            f"{'byte-identical' if e['identical'] else 'DIFFERENT'})",
            f"  local pool                     {n / e['local_s']:>8.0f} docs/s  "
            f"({e['local_s']:.1f} s)",
            f"  Ray, private                   {n / e['ray_s']:>8.0f} docs/s  "
            f"({e['ray_s']:.1f} s, {n / without:.0f} docs/s without its start)",
            f"  Ray's start and stop           {e['ray_startup_s']:>8.1f} s",
            f"  input read by the Ray driver   {e['driver_input_bytes'] / MB:>8.2f} MB "
            f"({e['driver_input_files']} files)"]
