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

FORMAT = "newspack-manifest/2"  # 2: the input list is inputs.parquet, no longer in here


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


def inputs(manifest: dict, version_dir: Path | None = None) -> list[dict]:
    """A version's inputs, one dict each: from the manifest itself (format 1) or from
    ``version_dir``'s inputs.parquet (format 2; see ``store.inputs``)."""
    from newspack.store import inputs as input_list

    if version_dir is None and manifest.get("format") != FORMAT:
        version_dir = Path()  # format 1 needs no folder
    if version_dir is None:
        raise ValueError("a format-2 manifest's inputs are read from its version folder")
    return input_list.read(version_dir, manifest)


def _lines(items: list, indent: str) -> str:
    return "".join(f"\n{indent}" + json.dumps(x, ensure_ascii=False, sort_keys=True) + ","
                   for x in items).rstrip(",")


def dumps(manifest: dict) -> str:
    """Indented JSON, except that the long lists (outputs; the input rows of format-1
    manifests) take one line per item: readable, diffable, and fast to write (the
    indenting encoder is pure Python)."""
    flat = {k: v for k, v in manifest.items() if k not in ("outputs", "inputs")}
    parts = [json.dumps(flat, indent=1, ensure_ascii=False).rstrip("}").rstrip()]
    if "outputs" in manifest:
        parts.append(f',\n "outputs": [{_lines(manifest["outputs"], "  ")}\n ]')
    if "inputs" in manifest:
        table = manifest["inputs"]
        parts.append(f',\n "inputs": {{\n  "columns": {json.dumps(table["columns"])},\n'
                     f'  "rows": [{_lines(table["rows"], "   ")}\n  ]\n }}')
    return "".join(parts) + "\n}\n"
