"""The extraction cache: an input already extracted with the same extractor version and
configuration is not extracted again.

Keyed by the input's content hash, its relative path (ids and source_file come from it),
its sidecar row, the extractor version and the hash of the extraction settings, so a
change to any of them misses exactly the entries it affects. Values are JSON (no
pickle) in one SQLite file under ``DIR/.cache``; deleting it changes no result, only
the time the next build takes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .clean import Removed
from .extract import EXTRACTOR_VERSION, Rejection
from .schema import Record

CACHE_DIR = ".cache"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input unit's result, with the unit's own checksum for the manifest."""

    source_file: str
    sha256: str
    size: int
    result: Record | Rejection
    removed: tuple[Removed, ...] = ()


def key(extract_hash: str, rel: str, content_sha256: str, meta: dict | None, fmt: str) -> str:
    blob = json.dumps([EXTRACTOR_VERSION, extract_hash, rel, content_sha256, meta, fmt],
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _encode(o: Outcome) -> str:
    if isinstance(o.result, Record):
        kind, result = "record", o.result.to_row()
    else:
        kind, result = "rejection", asdict(o.result)
    removed = [[r.line_no, r.text, r.reason] for r in o.removed]
    return json.dumps({"kind": kind, "result": result, "size": o.size, "removed": removed},
                      ensure_ascii=False)


def decode(value: str, rel: str, sha: str) -> Outcome:
    d = json.loads(value)
    cls = Record if d["kind"] == "record" else Rejection
    return Outcome(rel, sha, d["size"], cls(**d["result"]),
                   tuple(Removed(*r) for r in d["removed"]))


class Cache:
    """get/put of outcomes; a disabled cache (no folder) misses everything."""

    def __init__(self, folder: Path | None):
        self._db = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                self._db = sqlite3.connect(folder / "extract.sqlite")
                self._db.execute("CREATE TABLE IF NOT EXISTS outcome "
                                 "(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            except sqlite3.DatabaseError:  # a damaged cache is only a slower build
                (folder / "extract.sqlite").unlink(missing_ok=True)
                self._db = sqlite3.connect(folder / "extract.sqlite")
                self._db.execute("CREATE TABLE outcome (key TEXT PRIMARY KEY, value TEXT)")
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

    def put(self, k: str, outcome: Outcome) -> None:
        if self._db is not None:
            self._pending.append((k, _encode(outcome)))
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
                self._db = None
            self._pending = []

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()


@contextlib.contextmanager
def opened(folder: Path | None) -> Iterator[Cache]:
    cache = Cache(folder)
    try:
        yield cache
    finally:
        cache.close()
