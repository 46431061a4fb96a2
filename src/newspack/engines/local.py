"""Engines map ``extract`` over documents; they never change what it returns.

The local engine is a process pool (language identification is CPU-bound and holds
the GIL). Its workers read their own inputs, as a cluster's do (``engines.jobs``): the
driver hands them where each unit is, so reading and hashing the corpus is spread over
the pool, not done in the one main process. Results come back in input order, so the
output does not depend on which worker finished first. A worker that dies (killed, out
of memory) fails the build with one clear line instead of hanging it.
"""

from __future__ import annotations

import importlib.abc
import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pyarrow as pa

from newspack.config import Config
from newspack.engines.cache import as_rows, encoded, store
from newspack.engines.jobs import Entry, Job, UnitRef, chunked, entries, resolve
from newspack.errors import NewspackError
from newspack.extract.document import Extraction, RawDoc, analyse
from newspack.faults import checkpoint
from newspack.inputs.sources import InputFile
from newspack.memory import give_back

WORKER_DIED = ("a worker process died while extracting (killed, or out of memory? from a "
               "script, call build() under if __name__ == '__main__'); published versions "
               "are untouched: rerun, the cache keeps the finished work")
# Starting the pool (a forkserver, each worker importing the extractors and loading its
# models) took 1.7 s of wall time on 2 cores, in which one process extracts some 1,000
# documents: a +1 % rebuild of 20,000 took 7.1 s with workers and 4.8 s without.
IN_PROCESS_BELOW = 1000
FILES_A_TASK = 64  # files a header scan task reads
IN_FLIGHT = 4  # tasks a worker submitted ahead


def process(raw: RawDoc, config: Config) -> Extraction:
    """One document's extraction, with the removed lines only when they are audited, and
    its cache entry (encoded here: in a worker, not in the main process)."""
    ex = analyse(raw, config)
    if not config.extract.audit_removed:
        ex = Extraction(ex.result, signature=ex.signature)
    return encoded(ex, raw)


_config: Config | None = None


def _init(config: Config, started) -> None:
    global _config
    _config = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _without_pandas()
    started.wait()  # every worker is up before the pool is used (see LocalEngine._start)


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] == "pandas":
            raise ImportError("not in newspack's workers")
        return None


def _without_pandas() -> None:
    """pyarrow imports pandas on its first conversion of Python objects, to ask whether
    they are pandas objects: 0.4 s and 47 MB in every worker, which hands it lists only.
    pyarrow asks once a process, so pandas is kept out of that first conversion."""
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([], pa.string())
    finally:
        sys.meta_path.remove(finder)


def _ready(_: int) -> bool:
    return True


def _work(task: tuple[list[Job], list[str] | None, Path | None]) -> list[Extraction]:
    """A chunk: read its units (those the driver did not send), extract them, and write
    their cache entries under their ``keys`` into the cache at ``cache_at`` (then only the
    results go back, without their entries; if the write fails, with them). The records
    go back as one Arrow batch (``cache.as_rows``)."""
    assert _config is not None
    jobs, keys, cache_at = task
    checkpoint("worker")
    done = [process(raw, _config) for raw in resolve(jobs, _config)]
    stored = cache_at is not None and bool(keys) and store(cache_at, list(zip(
        keys, (ex.value for ex in done), strict=True)))
    out = as_rows(done, stored)
    del done
    give_back()  # the chunk's parse trees and texts: else a worker keeps its high-water mark
    return out


def _scan(items: list[InputFile]) -> list[list[Entry]]:
    assert _config is not None
    checkpoint("worker")
    return [entries(item, _config) for item in items]


def _in_this_process(item: InputFile) -> bool:
    """A file only this process can read: in a ``memory://`` filesystem, which a worker
    started by forkserver does not share."""
    return item.fs is not None and "memory" in getattr(item.fs, "protocol", ())


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


class LocalEngine:
    """A process pool kept for a whole build; ``map`` over any number of batches. The
    workers read the inputs (``scan`` and ``map`` take where they are); a few documents,
    or one worker, are done in this process."""

    reads_inputs = True

    def __init__(self, config: Config, workers: int = 0):
        self.config = config
        self.workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def _here(self, n: int) -> bool:
        return self.workers == 1 or (self._pool is None and n < IN_PROCESS_BELOW)

    def map(self, jobs: list[Job], keys: list[str] | None = None,
            cache_at: Path | None = None) -> Iterator[Extraction]:
        if self._here(len(jobs)):
            return (process(d, self.config) for d in resolve(jobs, self.config))
        if self._pool is None:
            self._pool = self._start()
        mine = [j for j in jobs if isinstance(j, UnitRef) and _in_this_process(j.file)]
        if mine:  # read here what the workers cannot, and send its bytes
            found = iter(resolve(mine, self.config))
            jobs = [next(found) if isinstance(j, UnitRef) and _in_this_process(j.file)
                    else j for j in jobs]
        chunks, at = chunked(jobs), 0
        tasks = []
        for chunk in chunks:
            tasks.append((chunk, keys[at:at + len(chunk)] if keys else None, cache_at))
            at += len(chunk)
        chunks = self._pool.map(_work, tasks)  # submitted now: see outcomes()
        return self._results(x for chunk in chunks for x in chunk)

    def scan(self, items: list[InputFile]) -> Iterator[list[Entry]]:
        if self._here(len(items)) or any(map(_in_this_process, items)):
            return (entries(item, self.config) for item in items)
        if self._pool is None:
            self._pool = self._start()
        tasks = (items[i:i + FILES_A_TASK] for i in range(0, len(items), FILES_A_TASK))
        return self._results(rows for task in self._bounded(_scan, tasks) for rows in task)

    def _bounded(self, fn, tasks: Iterable) -> Iterator:
        """``fn`` over ``tasks``, results in order, IN_FLIGHT tasks a worker submitted at
        a time: Executor.map submits every task at once, holding all their arguments."""
        assert self._pool is not None
        tasks = iter(tasks)
        running = deque(self._pool.submit(fn, t)
                        for t in itertools.islice(tasks, IN_FLIGHT * self.workers))
        while running:
            result = running.popleft().result()
            for t in itertools.islice(tasks, 1):
                running.append(self._pool.submit(fn, t))
            yield result

    def _start(self) -> ProcessPoolExecutor:
        """Start every worker, with Ctrl-C held back until they all run: interrupted
        half-way, a worker that is still being born prints a traceback of its own."""
        import multiprocessing

        ctx = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        interrupted = []
        previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
        try:
            started = ctx.Barrier(self.workers)
            pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init,
                                       initargs=(self.config, started))
            list(pool.map(_ready, range(self.workers)))
        finally:
            signal.signal(signal.SIGINT, previous)
        if interrupted:
            pool.shutdown(wait=True)
            raise KeyboardInterrupt
        return pool

    @staticmethod
    def _results(results: Iterable[Extraction]) -> Iterator[Extraction]:
        try:
            yield from results
        except BrokenProcessPool:
            raise NewspackError(WORKER_DIED) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
