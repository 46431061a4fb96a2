"""manifest.json: what went in, what came out, with checksums; no paths, no clock.

``created`` comes from ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), and
is null otherwise, so that two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

FORMAT = "newspack-manifest/1"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def created() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def output_entry(version_dir: Path, path: Path, rows: int | None) -> dict:
    entry = {"path": path.relative_to(version_dir).as_posix(), "sha256": sha256_file(path),
             "bytes": path.stat().st_size}
    if rows is not None:
        entry["rows"] = rows
    return entry


INPUT_COLUMNS = ["source", "sha256", "bytes", "id", "outcome"]


def input_table(inputs: list[dict]) -> dict:
    """Inputs as columns and rows: a third of the bytes of a list of objects, which counts
    when every version lists a million inputs."""
    return {"columns": INPUT_COLUMNS, "rows": [[i[c] for c in INPUT_COLUMNS] for i in inputs]}


def inputs(manifest: dict) -> list[dict]:
    """The manifest's inputs as one dict each."""
    table = manifest["inputs"]
    return [dict(zip(table["columns"], row, strict=True)) for row in table["rows"]]


def _lines(items: list, indent: str) -> str:
    return "".join(f"\n{indent}" + json.dumps(x, ensure_ascii=False, sort_keys=True) + ","
                   for x in items).rstrip(",")


def dumps(manifest: dict) -> str:
    """Indented JSON, except that the long lists (outputs, input rows) take one line per
    item: readable, diffable, and fast to write for a million inputs (the indenting
    encoder is pure Python)."""
    flat = {k: v for k, v in manifest.items() if k not in ("outputs", "inputs")}
    parts = [json.dumps(flat, indent=1, ensure_ascii=False).rstrip("}").rstrip()]
    if "outputs" in manifest:
        parts.append(f',\n "outputs": [{_lines(manifest["outputs"], "  ")}\n ]')
    if "inputs" in manifest:
        table = manifest["inputs"]
        parts.append(f',\n "inputs": {{\n  "columns": {json.dumps(table["columns"])},\n'
                     f'  "rows": [{_lines(table["rows"], "   ")}\n  ]\n }}')
    return "".join(parts) + "\n}\n"
