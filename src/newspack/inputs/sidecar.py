"""Metadata sidecars: a CSV or JSONL file of url, publisher, date, license and any other
column, keyed by file name, relative path or id. What a sidecar says wins over what is
guessed from the text; a row that matches no input is reported, not ignored.

The key only ever matches inputs already found under the source roots: a sidecar
cannot make newspack read any file.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from newspack.errors import UsageError

KEY_COLUMNS = ("file", "source_file", "path", "filename", "id")
KNOWN = ("url", "publisher", "date", "license", "title")
NOT_EXTRA = ("id",)  # keys that are used, but are no metadata of their own


@dataclass
class Sidecar:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    sha256: str = ""
    name: str = ""

    def lookup(self, rel: str, id_: str) -> dict[str, str] | None:
        """The row for an input, by relative path, file name or id (in that order)."""
        for key in (rel, rel.rsplit("/", 1)[-1], id_):
            row = self.rows.get(key)
            if row is not None:
                self.used.add(key)
                return row
        return None

    def unmatched(self) -> list[str]:
        return sorted(self.rows.keys() - self.used)


def _read_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise UsageError(f"{path}:{n}: not valid JSON ({e.msg})") from None
                if not isinstance(row, dict):
                    raise UsageError(f"{path}:{n}: each line must be a JSON object")
                rows.append(row)
        return rows
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(text.splitlines()))
    raise UsageError(f"{path}: sidecar must be .csv or .jsonl")


def load(path_text: str) -> Sidecar:
    """Read a sidecar; an empty path gives an empty sidecar."""
    if not path_text:
        return Sidecar()
    import hashlib

    path = Path(path_text)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UsageError(f"{path}: cannot read metadata sidecar ({e.strerror})") from None
    rows = _read_rows(path)
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows, 1):
        key_col = next((k for k in KEY_COLUMNS if row.get(k)), None)
        if key_col is None:
            raise UsageError(f"{path}: row {n} has no key column (one of "
                             f"{', '.join(KEY_COLUMNS)})")
        key = str(row[key_col]).replace("\\", "/").removeprefix("./")
        values = {k: ("" if v is None else str(v)) for k, v in row.items()
                  if k not in KEY_COLUMNS and v not in (None, "")}
        out[key] = values
    return Sidecar(out, set(), hashlib.sha256(raw).hexdigest(), path.name)


def split_known(row: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """(known fields, the other columns as a JSON object or None)."""
    known = {k: v for k, v in row.items() if k in KNOWN}
    extra = {k: v for k, v in sorted(row.items()) if k not in KNOWN + NOT_EXTRA}
    return known, json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
