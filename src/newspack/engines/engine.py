"""The one interface both engines implement, choosing one, and the units each is fed.

An engine maps a batch of jobs to extractions in input order and is closed after the
build; ``scan`` gives files' unit headers (content hashes, sizes) for the fingerprint.
The local engine's jobs carry the bytes the driver read; an engine whose workers read
their own inputs (``reads_inputs``, the Ray engine) is handed references instead, so the
driver never reads an input. Caching, collecting and everything after are the same.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from newspack.config import Config
from newspack.engines.cache import Cache
from newspack.engines.fingerprint import stat_signature
from newspack.engines.jobs import Entry, Header, Job, headers
from newspack.engines.local import LocalEngine
from newspack.errors import UsageError
from newspack.extract.document import Extraction
from newspack.inputs.readers import Unit, read_units
from newspack.inputs.sources import InputFile

FILES_PER_LOOKUP = 512  # files whose stored headers are asked for at once


class Engine(Protocol):
    reads_inputs: bool  # True: map takes UnitRefs, and its workers read them

    def map(self, jobs: list[Job], keys: list[str] | None = None,
            cache_at: Path | None = None) -> Iterator[Extraction]:
        """One extraction per job, in the jobs' order. An engine whose workers can reach
        the cache file ``cache_at`` may write each job's entry there under its key in
        ``keys`` itself, and give back that extraction with ``value`` None."""

    def scan(self, items: list[InputFile]) -> Iterator[list[Entry]]:
        """Each file's unit header entries (jobs.entries), in the files' order."""

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc) -> None: ...


def open_engine(config: Config) -> Engine:
    """The engine ``build.engine`` names; Ray only starts (or is joined) when first used."""
    if config.build.engine == "ray":
        if importlib.util.find_spec("ray") is None:
            raise UsageError("--engine ray needs Ray, which is not installed: "
                             "pip install 'newspack[ray]'")
        from newspack.engines.ray import RayEngine

        return RayEngine(config, config.build.workers, config.build.ray_address)
    return LocalEngine(config, config.build.workers)


def pending(items: list[InputFile], config: Config, cache: Cache,
            engine: Engine, checked: bool = False) -> Iterator[Unit | Header]:
    """Every unit of ``items``, in order: read by the driver for an engine that takes
    bytes; otherwise headers, from the cache's file table where the fingerprint stored
    them for the file as it is now, else scanned again by the engine's workers.
    ``checked``: the fingerprint has just brought the table up to date, so its entries
    are taken without looking at the files again (a file changed since is caught when a
    worker reads it: its content hash is checked)."""
    if not engine.reads_inputs:
        for item in items:
            yield from read_units(item, config.input, config.extract.max_input_bytes)
        return
    for start in range(0, len(items), FILES_PER_LOOKUP):
        batch = items[start:start + FILES_PER_LOOKUP]
        known = cache.files([item.path for item in batch])
        stored = [_stored(item, known.get(item.path), checked) for item in batch]
        scanned = iter(engine.scan([i for i, s in zip(batch, stored, strict=True) if s is None]))
        for item, found in zip(batch, stored, strict=True):
            yield from found if found is not None else headers(item, next(scanned))


def _stored(item: InputFile, hit: tuple[str, str] | None,
            checked: bool = False) -> list[Header] | None:
    import json

    if hit is None or item.fs is not None or item.skip is not None:
        return None  # (the fingerprint stores only local files it may read)
    if not checked and hit[0] != stat_signature(item):
        return None
    try:
        return headers(item, json.loads(hit[1]))
    except ValueError:  # written by an older newspack: names and hashes only
        return None
