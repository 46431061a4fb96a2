"""The inputs' fingerprint: one hash over every input unit's name and content hash.

A rebuild whose fingerprint, configuration and newspack version equal the newest
version's has nothing to do: it says "no changes" without extracting or writing. Like
git's index, a file whose size, modification time and inode are unchanged since the last
build is not read again: its units' hashes come from the cache. The fingerprint itself
never depends on those file-system details, only on names and contents.
"""

from __future__ import annotations

import hashlib
import json
import os

from newspack.config import Config
from newspack.engines.cache import Cache
from newspack.inputs.readers import read_units
from newspack.inputs.sources import InputFile


def of_inputs(rows: list[dict]) -> str:
    """The fingerprint of a manifest's input list (source and sha256 of each)."""
    h = hashlib.sha256()
    for row in rows:
        h.update(f"{row['source']}\0{row['sha256']}\n".encode())
    return h.hexdigest()


def _stat(item: InputFile) -> str | None:
    if item.fs is not None or item.skip is not None:
        return None  # remote files and links not followed: always looked at afresh
    try:
        st = os.stat(item.path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


Units = list[list[str]]  # [name, content sha256 ("" when unreadable)] of a file's units


def compute(items: list[InputFile], config: Config, cache: Cache) -> tuple[str, list[Units]]:
    """The fingerprint of the inputs as they are now, and each file's units (reading only
    files that changed since the last build)."""
    known = cache.files()
    h = hashlib.sha256()
    fresh = []
    per_item = []
    for item in items:
        stat = _stat(item)
        hit = known.get(item.path)
        if stat is not None and hit is not None and hit[0] == stat:
            units = json.loads(hit[1])
        else:
            units = [[u.rel, hashlib.sha256(u.data).hexdigest() if u.data is not None else ""]
                     for u in read_units(item, config.input, config.extract.max_input_bytes)]
            if stat is not None:
                fresh.append((item.path, stat, json.dumps(units, ensure_ascii=False)))
        for rel, sha in units:
            h.update(f"{rel}\0{sha}\n".encode())
        per_item.append(units)
    cache.put_files(fresh)
    return h.hexdigest(), per_item
