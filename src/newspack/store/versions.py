"""The version store: ``DIR/versions/X.Y.Z``, published whole or not at all.

A version is written under ``DIR/.staging`` and renamed into place, so a build killed at
any moment leaves the published versions as they were; the next build clears the
staging area. One build at a time holds ``DIR/.lock``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newspack.errors import NewspackError, UsageError

VERSIONS = "versions"
STAGING = ".staging"
LOCK = ".lock"


def parse_version(text: str) -> tuple[int, int, int]:
    """
    >>> parse_version("1.10.0") > parse_version("1.9.3")
    True
    """
    parts = text.removeprefix("v").split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise UsageError(f"'{text}' is not a version number X.Y.Z")
    major, minor, patch = map(int, parts)
    return major, minor, patch


def version_dirs(out: Path) -> list[str]:
    """Published versions, oldest first (a folder counts once its manifest is in it)."""
    root = out / VERSIONS
    if not root.is_dir():
        return []
    found = []
    for d in root.iterdir():
        try:
            parse_version(d.name)
        except UsageError:
            continue
        if (d / "manifest.json").is_file():
            found.append(d.name)
    return sorted(found, key=parse_version)


def newest(out: Path) -> str | None:
    found = version_dirs(out)
    return found[-1] if found else None


def read_manifest(out: Path, version: str) -> dict:
    path = out / VERSIONS / version / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such version in {out}") from None
    except json.JSONDecodeError as e:
        raise NewspackError(f"{path}: manifest is not valid JSON ({e})") from None


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the store's lock; a second build on the same DIR stops at once."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES):
                raise NewspackError(f"{out}: another newspack build is running on this store "
                                    "(it holds .lock); wait for it to finish") from None
            raise
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def fresh_staging(out: Path) -> Path:
    """An empty staging folder; whatever a killed build left there is removed."""
    staging = out / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def publish(staged: Path, out: Path, version: str) -> Path:
    """Move a staged version into place in one rename."""
    target = out / VERSIONS / version
    if target.exists():
        raise NewspackError(f"{target}: version already published; versions never change")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)
    _fsync_dir(target.parent)
    return target


Shard = tuple[str, str, int]  # (language, split, index)


@dataclass(frozen=True)
class Layout:
    """Where the previous version's ids were: ``ids`` (Arrow), and for each its shard as an
    index into ``shards`` ((language, split, index) of each shard file). Columns: a dict
    of id -> shard was some 50 MB through a rebuild of 200,000 documents."""

    ids: pa.Array
    shard_of: np.ndarray  # int64, one per id
    shards: list[tuple[str, str, int]]

    def locate(self, ids: pa.Array) -> np.ndarray:
        """Each id's old shard (index into ``shards``), -1 for an id that is new."""
        at = pc.index_in(ids, value_set=self.ids)
        found = at.is_valid().to_numpy(zero_copy_only=False)
        where = np.full(len(ids), -1, dtype=np.int64)
        where[found] = self.shard_of[at.drop_null().to_numpy(zero_copy_only=False)]
        return where


@dataclass
class Previous:
    """What a build needs to know of the newest published version: where each id was,
    and each shard's file and manifest entry, so unchanged shards are reused."""

    dir: Path
    manifest: dict
    where: Layout | None = None  # each old id's shard
    files: dict[Shard, str] = field(default_factory=dict)
    sizes: dict[Shard, int] = field(default_factory=dict)

    def reusable(self, ids: pa.Array, lang: str, split: str) -> str | None:
        """The old shard holding exactly these ids in this language and split, if any."""
        if not len(ids) or self.where is None:
            return None
        at = self.where.locate(ids)
        first = int(at[0])
        if first < 0 or not (at == first).all():
            return None
        shard = self.where.shards[first]
        if shard[:2] != (lang, split) or self.sizes[shard] != len(ids):
            return None
        return self.files[shard]

    def entry(self, path: str) -> dict:
        return next(e for e in self.manifest["outputs"] if e["path"] == path)


def previous(out: Path, version: str | None, manifest: dict | None = None) -> Previous | None:
    """The newest version's shard layout, read from its id columns only."""
    import pyarrow.parquet as pq

    if version is None:
        return None
    vdir = out / VERSIONS / version
    prev = Previous(vdir, manifest or read_manifest(out, version))
    ids, shard_of, shards = [], [], []
    for path in sorted((vdir / "data").glob("*/*.parquet")):
        split, index = path.name.split("-")[:2]
        shard = (path.parent.name, split, int(index))
        column = pq.read_table(path, columns=["id"]).column("id")
        ids.append(column)
        shard_of.append(np.full(len(column), len(shards), dtype=np.int64))
        shards.append(shard)
        prev.files[shard] = path.relative_to(vdir).as_posix()
        prev.sizes[shard] = len(column)
    prev.where = Layout(pa.chunked_array(ids, pa.string()).combine_chunks(),
                        np.concatenate(shard_of) if shard_of else np.zeros(0, np.int64), shards)
    return prev


def link_identical(staged: Path, outputs: list[dict], previous: Path | None,
                   old_outputs: list[dict]) -> int:
    """Replace staged files that equal a file of the previous version by hard links to it,
    so unchanged shards are stored once. Returns the bytes saved."""
    if previous is None:
        return 0
    by_sha = {e["sha256"]: previous / e["path"] for e in old_outputs}
    saved = 0
    for e in outputs:
        old = by_sha.get(e["sha256"])
        new = staged / e["path"]
        if old is None or not old.is_file() or os.path.samefile(old, new):
            continue  # (rename() of a file onto another link of itself does nothing)
        tmp = new.with_name(new.name + ".link")
        try:
            os.link(old, tmp)
        except OSError:  # no hard links here (another device, FAT): keep the copy
            continue
        os.replace(tmp, new)
        saved += e["bytes"]
    return saved


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # no hard links here (another device, FAT)
        shutil.copy2(src, dst)


def write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
