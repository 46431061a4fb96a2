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
from array import array

import numpy as np
import pyarrow as pa

from newspack.config import Config
from newspack.engines.cache import Cache
from newspack.engines.jobs import Entry, entries
from newspack.inputs.files import InputFiles
from newspack.inputs.sources import InputFile
from newspack.inputs.unitlist import UnitList, UnitListBuilder, Units


def of_inputs(rows: pa.Table) -> str:
    """The fingerprint of a version's input list (source and sha256 of each)."""
    h = hashlib.sha256()
    for batch in rows.select(["source", "sha256"]).to_batches(max_chunksize=4096):
        for source, sha in zip(*(c.to_pylist() for c in batch.columns), strict=True):
            h.update(f"{source}\0{sha}\n".encode())
    return h.hexdigest()


def stat_signature(item: InputFile) -> str | None:
    """Size, modification time and inode of a local file; None for what is always looked
    at afresh (remote files, links not followed)."""
    if item.fs is not None or item.skip is not None:
        return None
    try:
        st = os.stat(item.path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


FLUSH_FILES = 1000  # file rows written to the cache at once
LOOKUP_FILES = 900  # files asked of the cache at once (SQLite's host-parameter limit)


def _names(rows: list[Entry]) -> Units:
    """(name, content sha256) of each unit."""
    return [(row[0], row[1]) for row in rows]


def compute(items: InputFiles, config: Config, cache: Cache,
            engine=None) -> tuple[str, UnitList]:
    """The fingerprint of the inputs as they are now, and each file's units (reading only
    files that changed since the last build: in this process, or by the workers of an
    ``engine`` that reads its own inputs). The cache keeps every unit's header
    (jobs.entries), so such an engine's driver needs no bytes later either.

    The cache is asked a block of files at a time, and what it knows becomes columns
    at once: its whole file table as one dict was some 600 bytes a file."""
    missing, stat_blocks, known = array("q"), [], UnitListBuilder()
    for start in range(0, len(items), LOOKUP_FILES):
        block, stats = items[start:start + LOOKUP_FILES], []
        stored = cache.files([item.path for item in block])
        for n, item in enumerate(block, start):
            stat = stat_signature(item)
            hit = stored.get(item.path)
            if stat is None or hit is None or hit[0] != stat:
                missing.append(n)
                stats.append(stat)  # before reading: a change while reading shows next time
            else:
                known.add(_names(json.loads(hit[1])))
        stat_blocks.append(pa.array(stats, pa.string()))  # not a Python string a file
    todo = np.frombuffer(missing, dtype=np.int64) if missing else np.zeros(0, np.int64)
    files = items.take(todo)
    stats = (stat for block in stat_blocks for stat in block.to_pylist())
    scanned = zip(files, engine.scan(files) if engine is not None else
                  (entries(item, config) for item in files), stats, strict=True)
    read, fresh = UnitListBuilder(), []
    for item, rows, stat in scanned:
        read.add(_names(rows))
        if stat is not None:
            fresh.append((item.path, stat, json.dumps(rows, ensure_ascii=False)))
        if len(fresh) >= FLUSH_FILES:
            cache.put_files(fresh)
            fresh = []
    cache.put_files(fresh)
    is_read = np.zeros(len(items), dtype=bool)
    is_read[todo] = True
    listed = UnitList.interleave(known.done(), read.done(), is_read)
    h = hashlib.sha256()
    for rel, sha in zip(listed.iter_names(), listed.iter_shas(), strict=True):
        h.update(f"{rel}\0{sha}\n".encode())
    return h.hexdigest(), listed
