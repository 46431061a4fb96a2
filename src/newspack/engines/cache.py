"""The extraction cache: an input already extracted with the same extractor version and
configuration is not extracted again.

Keyed by the input's content hash, its relative path (ids and source_file come from it),
its sidecar row, the extractor version, the record's fields, the signature scheme and the
hash of the extraction settings, so a change to any of them misses exactly the entries it
affects. Values are JSON (no pickle; the near-duplicate signature in base64) in one SQLite
file under ``DIR/.cache``; deleting it changes no result, only the time the next build
takes. The local engine's workers write the entries they make themselves (``store``), so
the main process neither receives nor writes them; the file is in WAL mode, where those
writers and the main process's reads do not wait for one another.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import operator
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa

from newspack.extract.clean import Removed
from newspack.extract.document import EXTRACTOR_VERSION, Extraction, RawDoc, Rejection
from newspack.extract.signature import SCHEME
from newspack.schema import FIELD_NAMES, Record, record_batch

_RECORD = operator.attrgetter(*FIELD_NAMES)
SCHEMA_TAG = "record:" + ",".join(FIELD_NAMES)  # a schema change misses the old entries

CACHE_DIR = ".cache"
DB_FILE = "extract.sqlite"
BUSY_SECONDS = 60.0  # how long a writer waits for another's transaction to end


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input unit's result, with the unit's own checksum for the manifest."""

    source_file: str
    sha256: str
    size: int
    result: Record | Rejection
    removed: tuple[Removed, ...] = ()
    signature: bytes = b""  # the record's near-duplicate signature (extract/signature.py)
    row: tuple[pa.RecordBatch, int] | None = None  # the record's row, made by the worker


@dataclass(frozen=True, slots=True)
class Encoded(Extraction):
    """An extraction with its cache entry, encoded where it was made (a worker), so that
    the main process only stores it. With ``row``, the record is also a row of an Arrow
    batch the worker made for its chunk, and ``result`` has an empty text: the main
    process appends the row as it is, with no conversion of its own."""

    value: str | None = ""  # None: the worker stored it in the cache itself (``store``)
    row: tuple[pa.RecordBatch, int] | None = None

    def __reduce__(self):  # as a tuple: dataclasses' default reads the field list each time
        return (Encoded, (self.result, self.removed, self.signature, self.value, self.row))


def as_rows(done: list[Encoded], stored: bool = False) -> list[Encoded]:
    """A chunk's extractions with their records as rows of one Arrow batch (sent once
    for the chunk) and light Records without text in their place; ``stored``: their
    cache entries are written, so they go without them (``value`` None)."""
    records = [ex.result for ex in done if isinstance(ex.result, Record)]
    batch, n, out = record_batch(records) if records else None, 0, []
    for ex in done:
        value = None if stored else ex.value
        if isinstance(ex.result, Record):
            ex = Encoded(replace(ex.result, text=""), ex.removed, ex.signature, value,
                         (batch, n))
            n += 1
        elif stored:
            ex = Encoded(ex.result, ex.removed, ex.signature, None)
        out.append(ex)
    return out


def encoded(ex: Extraction, raw: RawDoc) -> Encoded:
    """``ex`` of ``raw`` with the cache entry ``Cache.put`` would write for it."""
    outcome = Outcome(raw.source_file, "", len(raw.data), ex.result, tuple(ex.removed),
                      ex.signature)
    return Encoded(ex.result, ex.removed, ex.signature, _encode(outcome))


def key(extract_hash: str, rel: str, content_sha256: str, meta: dict | None, fmt: str) -> str:
    meta_text = json.dumps(meta, sort_keys=True, ensure_ascii=False) if meta else ""
    blob = "\x1f".join((EXTRACTOR_VERSION, SCHEMA_TAG, SCHEME, extract_hash, rel,
                        content_sha256, meta_text, fmt))
    return hashlib.sha256(blob.encode()).hexdigest()


def _encode(o: Outcome) -> str:
    """A JSON array: [kind, size, field values in declaration order, removed lines,
    signature in base64]."""
    r = o.result
    values = list(_RECORD(r)) if isinstance(r, Record) else [r.id, r.source_file, r.reason,
                                                             r.detail]
    removed = [[x.line_no, x.text, x.reason] for x in o.removed]
    return json.dumps([SCHEMA_TAG if isinstance(r, Record) else "rejection", o.size, values,
                       removed, base64.b64encode(o.signature).decode("ascii")],
                      ensure_ascii=False)


def decode(value: str, rel: str, sha: str) -> Outcome:
    kind, size, values, removed, signature = json.loads(value)
    result = Record(*values) if kind == SCHEMA_TAG else Rejection(*values)
    return Outcome(rel, sha, size, result, tuple(Removed(*x) for x in removed),
                   base64.b64decode(signature))


class Cache:
    """get/put of outcomes; a disabled cache (no folder) misses everything."""

    def __init__(self, folder: Path | None):
        self._db = None
        self.path = folder / DB_FILE if folder is not None else None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                self._db = _connect(self.path)
                self._db.execute("CREATE TABLE IF NOT EXISTS outcome "
                                 "(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                self._db.execute("CREATE TABLE IF NOT EXISTS file "
                                 "(path TEXT PRIMARY KEY, stat TEXT NOT NULL, units TEXT)")
            except sqlite3.DatabaseError:  # a damaged cache is only a slower build
                self.path.unlink(missing_ok=True)
                self._db = _connect(self.path)
                self._db.execute("CREATE TABLE outcome (key TEXT PRIMARY KEY, value TEXT)")
                self._db.execute("CREATE TABLE file (path TEXT PRIMARY KEY, stat TEXT, "
                                 "units TEXT)")
        self._pending: list[tuple[str, str]] = []
        self.failed: str | None = None

    def get_many(self, keys: list[str]) -> dict[str, str]:
        if self._db is None:
            return {}
        found: dict[str, str] = {}
        for i in range(0, len(keys), 900):  # SQLite's host-parameter limit
            chunk = keys[i:i + 900]
            marks = ",".join("?" * len(chunk))
            try:
                found.update(self._db.execute(
                    f"SELECT key, value FROM outcome WHERE key IN ({marks})", chunk))
            except sqlite3.Error as e:  # a damaged cache is only a slower build
                self.failed = f"extraction cache unreadable, not used: {e}"
                return found
        return found

    def files(self, paths: list[str] | None = None) -> dict[str, tuple[str, str]]:
        """path -> (stat signature, units JSON) of every file seen by an earlier build (or
        of those of ``paths`` that were)."""
        if self._db is None:
            return {}
        try:
            if paths is None:
                return {p: (s, u) for p, s, u in self._db.execute("SELECT * FROM file")}
            found = {}
            for i in range(0, len(paths), 900):  # SQLite's host-parameter limit
                chunk = paths[i:i + 900]
                found.update((p, (s, u)) for p, s, u in self._db.execute(
                    f"SELECT * FROM file WHERE path IN ({','.join('?' * len(chunk))})", chunk))
            return found
        except sqlite3.Error:
            return {}

    def put_files(self, rows: list[tuple[str, str, str]]) -> None:
        if self._db is not None and rows:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO file VALUES (?, ?, ?)", rows)
            except sqlite3.Error as e:
                self.failed = f"extraction cache disabled for this build: {e}"

    def put(self, k: str, outcome: Outcome, value: str = "") -> None:
        """Store ``outcome`` under ``k``; ``value``: its entry, when already encoded."""
        if self._db is not None:
            self._pending.append((k, value or _encode(outcome)))
            if len(self._pending) >= 2000:
                self.flush()

    def flush(self) -> None:
        if self._db is not None and self._pending:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO outcome VALUES (?, ?)",
                                         self._pending)
            except sqlite3.Error as e:  # disk full, say: the build goes on without a cache
                self.failed = f"extraction cache disabled for this build: {e}"
                self._db.close()
                self._db = self.path = None  # the workers stop writing to it too
            self._pending = []

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode (readers and one writer at a time, without blocking each
    other) that waits for other writers; NORMAL sync: a crash can lose the last entries
    (a slower next build), never damage the file."""
    db = sqlite3.connect(path, timeout=BUSY_SECONDS)
    db.execute("PRAGMA journal_mode=WAL")  # a file system without it keeps the old mode
    db.execute("PRAGMA synchronous=NORMAL")
    return db


@functools.cache
def _writer(path: Path) -> sqlite3.Connection:
    return _connect(path)


def store(path: Path, rows: list[tuple[str, str]]) -> bool:
    """Write (key, value) entries to the cache at ``path`` from this process (a worker), in
    one transaction; False when that failed (the caller then hands them back)."""
    try:
        db = _writer(path)
        with db:
            db.executemany("INSERT OR REPLACE INTO outcome VALUES (?, ?)", rows)
        return True
    except sqlite3.Error:
        return False


@contextlib.contextmanager
def opened(folder: Path | None) -> Iterator[Cache]:
    cache = Cache(folder)
    try:
        yield cache
    finally:
        cache.close()
