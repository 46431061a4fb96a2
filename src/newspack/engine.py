"""Engines map ``extract`` over inputs; they never change what it returns.

The local engine is a process pool (language identification is CPU-bound and holds
the GIL). Results come back in input order, so the output does not depend on which
worker finished first.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .clean import Removed
from .config import Config
from .extract import RawDoc, Rejection, analyse, doc_id
from .schema import Record
from .sources import InputFile

IN_PROCESS_BELOW = 200  # starting workers costs more than it saves for a few inputs
CHUNKSIZE = 16


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's result, with the input's own checksum for the manifest."""

    source_file: str
    sha256: str
    size: int
    result: Record | Rejection
    removed: tuple[Removed, ...] = ()


Task = tuple[InputFile, dict[str, str] | None]  # an input and its sidecar row


def process(task: Task, config: Config) -> Outcome:
    """Read one input and extract it; an unreadable or oversized file becomes a rejection."""
    item, meta = task
    limit = config.extract.max_input_bytes
    try:
        size = os.path.getsize(item.path)
        if size > limit:
            reason = Rejection(doc_id(item.rel), item.rel, "too_large",
                               f"{size} bytes, limit extract.max_input_bytes = {limit}")
            return Outcome(item.rel, "", size, reason)
        with open(item.path, "rb") as f:
            data = f.read()
    except OSError as e:
        reason = Rejection(doc_id(item.rel), item.rel, "unreadable", e.strerror or str(e))
        return Outcome(item.rel, "", 0, reason)
    digest = hashlib.sha256(data).hexdigest()
    ex = analyse(RawDoc(item.rel, data, meta), config)
    removed = tuple(ex.removed) if config.extract.audit_removed else ()
    return Outcome(item.rel, digest, len(data), ex.result, removed)


_config: Config | None = None


def _init(config: Config) -> None:
    global _config
    _config = config


def _work(task: Task) -> Outcome:
    assert _config is not None
    return process(task, _config)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def run_local(tasks: Iterable[Task], config: Config, workers: int = 0,
              count: int | None = None) -> Iterator[Outcome]:
    """``process`` over ``tasks`` in order, on ``workers`` processes (0: one per CPU)."""
    workers = workers or default_workers()
    if workers == 1 or (count is not None and count < IN_PROCESS_BELOW):
        for task in tasks:
            yield process(task, config)
        return
    ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(config,)) as pool:
        yield from pool.imap(_work, tasks, chunksize=CHUNKSIZE)
