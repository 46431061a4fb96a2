"""The Ray engine: the same extraction, as Ray tasks on a private local Ray or a cluster.

Tasks take chunks of 64 unit references (files and positions, never bytes) and read
their inputs themselves; a bounded number of chunks is in flight, and results are taken
in submission order, so the output is the local engine's, byte for byte. A task whose
worker dies is retried (Ray task retries); one that keeps dying ends the build with the
local engine's line. While it waits, the driver checks that the cluster's head still
answers: a cluster that goes away ends the build at once (exit 1), with the finished
work in the extraction cache for the next build.

``ray_address = ""`` starts a private Ray for the build (its own temporary folder, no
dashboard, no usage statistics, no token written under ``~/.ray``) and stops it after;
``"auto"`` or ``"HOST:PORT"`` joins a running cluster and leaves it running.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import socket
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from newspack import __version__
from newspack.config import Config
from newspack.engines.jobs import Entry, Job, chunked, entries, resolve
from newspack.engines.local import WORKER_DIED, default_workers, process
from newspack.errors import NewspackError, UsageError
from newspack.extract.document import Extraction
from newspack.faults import checkpoint
from newspack.inputs.sources import InputFile

FILES_A_TASK = 16  # files a header scan task reads
IN_FLIGHT = 2  # chunks in flight per CPU of the cluster
RETRIES = 3  # times a task whose worker died is run again
PROBE_SECONDS = 2.0  # how often a waiting driver checks that the head still answers
OBJECT_STORE = 128 * 1024 * 1024  # a private Ray's object store: results are small
UNTOUCHED = "published versions are untouched: rerun, the cache keeps the finished work"
GONE = f"the Ray cluster went away while extracting; {UNTOUCHED}"


def _extract(jobs: list[Job], config: Config) -> list[Extraction]:
    """A task: read the chunk's units and extract them (in a Ray worker)."""
    checkpoint("worker")
    return [process(raw, config) for raw in resolve(jobs, config)]


def _scan(items: list[InputFile], config: Config) -> list[list[Entry]]:
    """A task: the unit headers (names, content hashes, sizes) of some files."""
    checkpoint("worker")
    return [entries(item, config) for item in items]


def _reachable(address: str) -> None:
    """A HOST:PORT with nothing listening is one line, not ray.init retrying for ever."""
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as e:
        raise NewspackError(f"build.ray_address {address}: no Ray cluster answers there "
                            f"({e.strerror or e}); start one, or use ray_address = \"\" for "
                            "a private one") from None


def _quiet(ray) -> None:
    """No raylet notices ("Task failed. There are 2 retries remaining ...") on stdout, which
    --json owns: the build's own line says what failed. Ray has no public switch for them;
    without this private flag (a later Ray) they are printed, nothing else changes."""
    worker = getattr(getattr(ray, "_private", None), "worker", None)
    if worker is not None and hasattr(worker, "_worker_logs_enabled"):
        worker._worker_logs_enabled = False


class RayEngine:
    """Ray tasks over chunks of unit references; Ray starts (or is joined) on first use."""

    reads_inputs = True

    def __init__(self, config: Config, workers: int = 0, address: str = ""):
        self.config = config
        self.workers = workers
        self.address = address
        self._ray = None
        self._stop = False  # this engine called ray.init, so it calls ray.shutdown
        self._temp: str | None = None
        self._gcs: tuple[str, int] | None = None

    def _start(self):
        if self._ray is not None:
            return self._ray
        import ray

        if not ray.is_initialized():  # else the caller's own Ray session: used, left alone
            if self.address:
                if self.address != "auto":
                    _reachable(self.address)
                kw = {"address": self.address}
            else:
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
                os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # no ~/.ray/auth_token
                self._temp = tempfile.mkdtemp(prefix="newspack-ray-")
                kw = {"address": "local", "num_cpus": self.workers or default_workers(),
                      "include_dashboard": False, "object_store_memory": OBJECT_STORE,
                      "_temp_dir": self._temp}
            try:
                ray.init(log_to_driver=False, logging_level=logging.ERROR, **kw)
            except (ConnectionError, RuntimeError, ValueError) as e:
                self.close()
                what = f"join the Ray cluster at ray_address = {self.address!r}" \
                    if self.address else "start a private local Ray"
                raise NewspackError(f"cannot {what}: {str(e).splitlines()[0]}") from None
            self._stop = True
            _quiet(ray)
        host, _, port = ray.get_runtime_context().gcs_address.rpartition(":")
        self._gcs = (host, int(port))
        self._cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._config_ref = ray.put(self.config)
        self._tasks = (ray.remote(max_retries=RETRIES)(_extract),
                       ray.remote(max_retries=RETRIES)(_scan))
        self._ray = ray
        return ray

    def map(self, jobs: list[Job], keys: list[str] | None = None,
            cache_at: Path | None = None) -> Iterator[Extraction]:
        """(The workers may be on other machines: the driver writes the cache entries,
        ``keys`` and ``cache_at`` are not used.)"""
        chunks = chunked(jobs)
        return self._ordered(0, chunks) if chunks else iter(())

    def scan(self, items: list[InputFile]) -> Iterator[list[Entry]]:
        for item in items:
            if item.fs is not None and "memory" in getattr(item.fs, "protocol", ()):
                raise UsageError(f"{item.path}: a memory:// source lives in this process, "
                                 "where Ray workers cannot read it; use --engine local")
        chunks = (items[i:i + FILES_A_TASK] for i in range(0, len(items), FILES_A_TASK))
        return self._ordered(1, chunks) if len(items) else iter(())

    def _ordered(self, task: int, chunks: list) -> Iterator:
        """Submit the first chunks now (so the workers start while the caller drains an
        earlier batch), the rest as results come back; yield items in chunk order."""
        self._start()
        remote = self._tasks[task]
        todo = iter(chunks)
        refs = deque(self._submit(remote, c)
                     for c in itertools.islice(todo, IN_FLIGHT * self._cpus))
        return self._drain(remote, todo, refs)

    def _drain(self, remote, todo, refs: deque) -> Iterator:
        while refs:
            result = self._get(refs.popleft())
            nxt = next(todo, None)
            if nxt is not None:
                refs.append(self._submit(remote, nxt))
            yield from result

    def _submit(self, remote, chunk: list):
        try:
            return remote.remote(chunk, self._config_ref)
        except OSError:  # the connection to the cluster broke (a broken pipe, a reset)
            raise NewspackError(GONE) from None

    def _get(self, ref):
        ray = self._ray
        from ray import exceptions as rex

        try:
            while not ray.wait([ref], timeout=PROBE_SECONDS)[0]:
                if not self._head_answers():
                    raise NewspackError(GONE)
            return ray.get(ref)
        except rex.RayTaskError as e:  # the task itself raised: what the local engine would
            cause = getattr(e, "cause", None)
            if "No module named 'newspack" in str(e):
                raise NewspackError(f"the Ray workers cannot import newspack: install newspack "
                                    f"{__version__} on every node (in its image or a "
                                    "runtime environment)") from None
            if isinstance(cause, NewspackError):
                raise NewspackError(str(cause)) from None
            raise (cause if isinstance(cause, Exception) else e) from None
        except (rex.WorkerCrashedError, rex.OutOfMemoryError):
            raise NewspackError(WORKER_DIED) from None
        except rex.RayError as e:
            first = (str(e).strip().splitlines() or [type(e).__name__])[0]
            raise NewspackError(f"the Ray cluster failed while extracting ({first}); "
                                f"{UNTOUCHED}") from None
        except OSError:  # the connection broke while waiting (a task's own OSError is a
            raise NewspackError(GONE) from None  # RayTaskError, handled above)

    def _head_answers(self) -> bool:
        try:
            socket.create_connection(self._gcs, timeout=PROBE_SECONDS).close()
            return True
        except OSError:
            return False

    def close(self) -> None:
        if self._stop:
            import ray

            ray.shutdown()  # a private Ray stops; a joined cluster is only left
        self._stop = False
        self._ray = None
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
