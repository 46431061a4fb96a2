"""What the driver hands an engine for each input unit: the unit's bytes (``RawDoc``), or,
when the engine's workers read their own inputs, where to find them (``UnitRef``).

A unit is named by its file and its position among the units that
``inputs.readers.read_units`` gives for that file (a plain file has one, a JSONL file one a
line, an archive one a member). The driver learns a file's units without their bytes
from a ``Header`` scan, which a worker can run too: the content hashes the cache key and the
fingerprint need, the sizes, the metadata of JSON units and the reasons of unreadable ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newspack.config import Config
from newspack.errors import NewspackError
from newspack.extract.document import RawDoc
from newspack.inputs.readers import Unit, read_units
from newspack.inputs.sources import InputFile

CHUNK = 64  # units a task (a message to a worker): fewer, larger pickles
SAME_FILE_CHUNK = 1024  # units a task while they come from one file (a JSONL, an archive):
# a worker reads a file up to the last unit it wants, so fewer cuts mean fewer re-reads

Entry = list  # [rel, sha256 ("" when unreadable), size, fmt, meta, error]: JSON as it is


@dataclass(frozen=True, slots=True)
class Header:
    """One unit without its bytes: what the driver needs to key the cache and to reject
    an unreadable unit, and where a worker finds the bytes."""

    rel: str
    sha256: str
    size: int
    fmt: str
    meta: dict[str, str] | None
    error: tuple[str, str] | None
    file: InputFile
    position: int


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit for a worker to read: its file, its position there, and what the driver
    already knows of it (the metadata with the sidecar's row, and its content hash, which
    the worker checks)."""

    file: InputFile
    position: int
    rel: str
    sha256: str
    meta: dict[str, str] | None
    fmt: str


Job = RawDoc | UnitRef


def _units(item: InputFile, config: Config) -> Iterator[Unit]:
    return read_units(item, config.input, config.extract.max_input_bytes)


def entries(item: InputFile, config: Config) -> list[Entry]:
    """Every unit of one file as a JSON-ready header entry (this reads the file)."""
    return [[u.rel, hashlib.sha256(u.data).hexdigest() if u.data is not None else "",
             len(u.data) if u.data is not None else 0, u.fmt, u.meta,
             list(u.error) if u.error else None] for u in _units(item, config)]


def headers(item: InputFile, rows: list[Entry]) -> list[Header]:
    """A file's header entries as Headers (older two-field entries give none)."""
    if rows and len(rows[0]) < 6:
        raise ValueError("entries without headers")
    return [Header(rel, sha, size, fmt, meta, tuple(error) if error else None, item, n)
            for n, (rel, sha, size, fmt, meta, error) in enumerate(rows)]


def job(unit: Unit | Header, meta: dict[str, str] | None) -> tuple[Job, str, int]:
    """(what the engine gets, content sha256, size) of a readable unit: its bytes when the
    driver read it, else a reference for a worker to read."""
    if isinstance(unit, Header):
        return (UnitRef(unit.file, unit.position, unit.rel, unit.sha256, meta, unit.fmt),
                unit.sha256, unit.size)
    return (RawDoc(unit.rel, unit.data, meta, unit.fmt), hashlib.sha256(unit.data).hexdigest(),
            len(unit.data))


def resolve(jobs: Iterable[Job], config: Config) -> list[RawDoc]:
    """The RawDocs of a batch, in order: each file a reference names is read once, up to
    the last unit wanted from it. A unit that is not what the driver saw (the file changed
    since) stops the build, as it does when the driver reads it."""
    jobs = list(jobs)
    wanted: dict[str, tuple[InputFile, set[int]]] = {}
    for j in jobs:
        if isinstance(j, UnitRef):
            wanted.setdefault(j.file.path, (j.file, set()))[1].add(j.position)
    found: dict[tuple[str, int], Unit] = {}
    for path, (item, positions) in wanted.items():
        last = max(positions)
        for n, unit in enumerate(_units(item, config)):
            if n in positions:
                found[path, n] = unit
            if n >= last:
                break
    out = []
    for j in jobs:
        if isinstance(j, RawDoc):
            out.append(j)
            continue
        unit = found.get((j.file.path, j.position))
        if unit is None or unit.rel != j.rel or unit.data is None or \
                hashlib.sha256(unit.data).hexdigest() != j.sha256:
            raise NewspackError(f"{j.rel}: input changed while newspack was reading it; rerun")
        out.append(RawDoc(j.rel, unit.data, j.meta, j.fmt))
    return out


def chunked(jobs: list[Job]) -> list[list[Job]]:
    """Chunks of CHUNK jobs, longer (up to SAME_FILE_CHUNK) while the units come from one
    file. Where the cuts fall changes no result, only how often a file is opened.

    >>> from newspack.extract.document import RawDoc
    >>> [len(c) for c in chunked([RawDoc("a", b"")] * 130)]
    [64, 64, 2]
    """
    chunks: list[list[Job]] = []
    chunk: list[Job] = []
    for j in jobs:
        last = chunk[-1] if chunk else None
        same = isinstance(j, UnitRef) and isinstance(last, UnitRef) and \
            last.file == j.file and len(chunk) < SAME_FILE_CHUNK
        if len(chunk) >= CHUNK and not same:
            chunks.append(chunk)
            chunk = []
        chunk.append(j)
    return [*chunks, chunk] if chunk else chunks
