"""Each bench stage in a fresh subprocess of ``scripts/bench.py`` (its hidden ``--_run``
option calls ``run_stage``), so that one stage's imports, caches and memory never flatter
or burden another; ``run_stage`` times it and samples its process tree."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .bench_stages import IMPORTS, RUNNERS
from .corpus import SCRIPTS
from .sampler import TreeSampler, peak_rss_mb

ENTRY = SCRIPTS / "bench.py"  # runs one stage given --_run; it puts SCRIPTS on sys.path


def run_stage(name: str, corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """Time one stage in this process; its JSON is the last line this process prints."""
    work.mkdir(parents=True, exist_ok=True)
    for module in IMPORTS[name]:
        importlib.import_module(module)
    with TreeSampler() as sampler:
        start = time.perf_counter()
        extra = RUNNERS[name](corpus, work, workers)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, **peak_rss_mb(), **sampler.figures(), **extra}


def spawn_stage(name: str, corpus: Path, work: Path, workers: int) -> dict[str, Any]:
    """Run one stage in a fresh subprocess of bench.py and return what it measured."""
    env = {**os.environ, "HF_HOME": str(work / name / "hf-home"),
           "HF_DATASETS_CACHE": str(work / name / "hf-cache"),
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
           "TOKENIZERS_PARALLELISM": "false"}
    cmd = [sys.executable, str(ENTRY), "--_run", name, "--_corpus",
           str(corpus), "--_work", str(work / name), "--workers", str(workers)]
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        sys.exit(f"bench: stage {name} failed ({proc.returncode}):\n{proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])

