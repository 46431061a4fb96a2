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


def dumps(manifest: dict) -> str:
    """Indented JSON, except that long lists of flat objects (inputs, outputs) take one
    line per item: readable, diffable, and fast to write for a million inputs (the
    indenting encoder is pure Python)."""
    flat = {k: v for k, v in manifest.items() if k not in LISTED}
    head = json.dumps(flat, indent=1, ensure_ascii=False).rstrip("}").rstrip()
    parts = [head]
    for k in LISTED:
        if k in manifest:
            items = ",\n".join("  " + json.dumps(x, ensure_ascii=False, sort_keys=True)
                               for x in manifest[k])
            parts.append(f',\n "{k}": [\n{items}\n ]' if items else f',\n "{k}": []')
    return "".join(parts) + "\n}\n"


LISTED = ("outputs", "inputs")
