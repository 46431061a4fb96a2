"""What changed between two versions, and the version number that says so.

Numbers follow TFDS and Croissant: MAJOR when existing records changed, were removed or
moved between splits, or a field was removed or retyped; MINOR when records or fields
were only added; PATCH when no record changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from newspack.store.versions import parse_version

ROW_KEY_SKIP = ("text",)  # content_sha256 stands for the text


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # same record, other split
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)
    fields_retyped: list[str] = field(default_factory=list)

    @property
    def records_changed(self) -> bool:
        return bool(self.added or self.removed or self.modified or self.moved)

    def level(self) -> str | None:
        """major, minor or None (no record or field changed)."""
        if self.removed or self.modified or self.moved or self.fields_removed \
                or self.fields_retyped:
            return "major"
        if self.added or self.fields_added:
            return "minor"
        return None

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("removed", self.removed),
                                              ("modified", self.modified),
                                              ("moved between splits", self.moved)) if v]
        for k, v in (("fields added", self.fields_added), ("fields removed", self.fields_removed),
                     ("fields retyped", self.fields_retyped)):
            if v:
                parts.append(f"{k}: {', '.join(v)}")
        return "; ".join(parts) or "no record changed"

    def counts(self) -> dict:
        return {"added": len(self.added), "removed": len(self.removed),
                "modified": len(self.modified), "moved": len(self.moved),
                "fields_added": self.fields_added, "fields_removed": self.fields_removed,
                "fields_retyped": self.fields_retyped}


def data_files(version_dir: Path) -> list[Path]:
    return sorted((version_dir / "data").glob("*/*.parquet"))


def _file_key(path: str, sha: str) -> tuple[str, str, str]:
    """(language, split, content): equal keys in two versions hold equal rows."""
    _, lang, name = path.split("/")
    return lang, name.split("-", 1)[0], sha


def row_index(version_dir: Path, skip: set | frozenset = frozenset(),
              outputs: list[dict] | None = None,
              fields: set[str] | None = None) -> dict[str, tuple[str, str]]:
    """id -> (split, hash of the row's fields, or of those in ``fields``: the fields two
    versions share, so that adding a field modifies no record): compact enough for millions
    of rows. Files whose key is in ``skip`` (unchanged between the versions) are not read."""
    index: dict[str, tuple[str, str]] = {}
    shas = {e["path"]: e["sha256"] for e in outputs or []}
    for path in data_files(version_dir):
        rel = path.relative_to(version_dir).as_posix()
        if rel in shas and _file_key(rel, shas[rel]) in skip:
            continue
        split = path.name.split("-", 1)[0]
        table = pq.read_table(path)
        keep = [n for n in table.column_names
                if n not in ROW_KEY_SKIP and (fields is None or n in fields)]
        for row in table.select(keep).to_pylist():
            blob = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
            index[row["id"]] = (split, hashlib.blake2b(blob.encode(), digest_size=12).hexdigest())
    return index


def rows_by_id(version_dir: Path, ids: set[str]) -> dict[str, dict]:
    """Full rows of the given ids (read shard by shard, filtered before conversion)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found: dict[str, dict] = {}
    wanted = pa.array(sorted(ids), pa.string())
    for path in data_files(version_dir):
        table = pq.read_table(path)
        for row in table.filter(pc.is_in(table.column("id"), value_set=wanted)).to_pylist():
            found[row["id"]] = row
    return found


def changed_fields(old_dir: Path, new_dir: Path, ids: list[str]) -> dict[str, list[str]]:
    """For each modified id, the fields whose values differ."""
    old, new = rows_by_id(old_dir, set(ids)), rows_by_id(new_dir, set(ids))
    return {i: sorted(k for k in new[i] if old[i].get(k) != new[i][k]) for i in ids
            if i in old and i in new}


def duplicate_changes(old_dir: Path, new_dir: Path) -> list[dict]:
    """Records in both versions whose duplicate_of differs: id, from, to (read from the id
    and duplicate_of columns only)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def pointers(vdir: Path) -> pa.Table:
        parts = [pq.read_table(p, columns=["id", "duplicate_of"]) for p in data_files(vdir)]
        return pa.concat_tables(parts) if parts else pa.table(
            {"id": pa.array([], pa.string()), "duplicate_of": pa.array([], pa.string())})

    old, new = pointers(old_dir), pointers(new_dir)
    before = old.column("duplicate_of").take(pc.index_in(new.column("id"),
                                                         value_set=old.column("id")))
    found = pc.is_in(new.column("id"), value_set=old.column("id"))
    after = new.column("duplicate_of")
    differ = pc.and_(found, pc.not_equal(pc.fill_null(before, ""), pc.fill_null(after, "")))
    rows = pa.table({"id": new.column("id"), "from": before, "to": after}).filter(differ)
    return sorted(rows.to_pylist(), key=lambda r: r["id"])


def compare(old_dir: Path, new_dir: Path, old_schema: list[dict], new_schema: list[dict],
            old_outputs: list[dict] | None = None,
            new_outputs: list[dict] | None = None) -> Changes:
    """Record and field changes; shards byte-identical in both versions are skipped."""
    keys = [{_file_key(e["path"], e["sha256"]) for e in outs or [] if e["path"].startswith("data/")}
            for outs in (old_outputs, new_outputs)]
    same = keys[0] & keys[1]
    shared = {f["name"] for f in old_schema} & {f["name"] for f in new_schema}
    old = row_index(old_dir, same, old_outputs, shared)
    new = row_index(new_dir, same, new_outputs, shared)
    ch = Changes()
    ch.added = sorted(new.keys() - old.keys())
    ch.removed = sorted(old.keys() - new.keys())
    for id_ in sorted(old.keys() & new.keys()):
        (s_old, h_old), (s_new, h_new) = old[id_], new[id_]
        if h_old != h_new:
            ch.modified.append(id_)
        elif s_old != s_new:
            ch.moved.append(id_)
    old_f = {f["name"]: f["type"] for f in old_schema}
    new_f = {f["name"]: f["type"] for f in new_schema}
    ch.fields_added = sorted(new_f.keys() - old_f.keys())
    ch.fields_removed = sorted(old_f.keys() - new_f.keys())
    ch.fields_retyped = sorted(k for k in old_f.keys() & new_f.keys() if old_f[k] != new_f[k])
    return ch


def next_version(previous: str | None, level: str) -> str:
    """
    >>> next_version(None, "major"), next_version("1.2.3", "minor"), next_version("1.2.3", "patch")
    ('1.0.0', '1.3.0', '1.2.4')
    """
    if previous is None:
        return "1.0.0"
    major, minor, patch = parse_version(previous)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
