"""Engines map ``extract`` over documents; they never change what it returns.

The local engine is a process pool (language identification is CPU-bound and holds
the GIL). Results come back in input order, so the output does not depend on which
worker finished first. A worker that dies (killed, out of memory) fails the build with
one clear line instead of hanging it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newspack.config import Config
from newspack.engines.jobs import Entry, entries
from newspack.errors import NewspackError
from newspack.extract.document import Extraction, RawDoc, analyse
from newspack.faults import checkpoint
from newspack.inputs.sources import InputFile

WORKER_DIED = ("a worker process died while extracting (killed, or out of memory? from a "
               "script, call build() under if __name__ == '__main__'); published versions "
               "are untouched: rerun, the cache keeps the finished work")
IN_PROCESS_BELOW = 200  # starting workers costs more than it saves for a few documents
CHUNKSIZE = 64  # documents per message to a worker: fewer, larger pickles


def process(raw: RawDoc, config: Config) -> Extraction:
    """One document's extraction, with the removed lines only when they are audited."""
    ex = analyse(raw, config)
    return ex if config.extract.audit_removed else Extraction(ex.result, signature=ex.signature)


_config: Config | None = None


def _init(config: Config, started) -> None:
    global _config
    _config = config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    started.wait()  # every worker is up before the pool is used (see LocalEngine._start)


def _ready(_: int) -> bool:
    return True


def _work(raw: RawDoc) -> Extraction:
    assert _config is not None
    checkpoint("worker")
    return process(raw, _config)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


class LocalEngine:
    """A process pool kept for a whole build; ``map`` over any number of batches. The
    driver reads the inputs (``scan`` too, in this process) and sends their bytes."""

    reads_inputs = False

    def __init__(self, config: Config, workers: int = 0):
        self.config = config
        self.workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def map(self, docs: list[RawDoc]) -> Iterator[Extraction]:
        if self.workers == 1 or (self._pool is None and len(docs) < IN_PROCESS_BELOW):
            return (process(d, self.config) for d in docs)
        if self._pool is None:
            self._pool = self._start()
        return self._results(self._pool.map(_work, docs, chunksize=CHUNKSIZE))

    def scan(self, items: list[InputFile]) -> Iterator[list[Entry]]:
        return (entries(item, self.config) for item in items)

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
