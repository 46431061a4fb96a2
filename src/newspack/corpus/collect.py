"""Outcomes into the spool (records) and small lists (inputs, rejections, removed lines),
in input order; inputs carried over from the previous version are added from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
from tqdm import tqdm

from newspack.errors import NewspackError
from newspack.extract.document import Rejection
from newspack.extract.signature import DTYPE
from newspack.store import carry, signatures
from newspack.store.parquet import REMOVED_SCHEMA, RecordSpool, Spool


@dataclass
class Collected:
    """What extraction produced, before the corpus stages."""

    table: pa.Table
    inputs: list[dict]
    rejects: list[dict]
    removed: pa.Table  # input (index into inputs), line_no, line, reason; memory-mapped
    record_entries: list[int]  # index into inputs of each spooled row
    signatures: np.ndarray  # (spooled rows, permutations): each row's MinHash signature
    carried_rows: set[int] = field(default_factory=set)  # spooled without text (carry.py)
    prev_dir: Path | None = None


def collect(results, sequence: list[str], carried: dict[str, dict], staging: Path,
            progress: bool, prev_dir: Path | None, permutations: int = 0) -> Collected:
    """Outcomes, in the order of ``sequence`` (every input unit's name), into the spool
    (records), an array of signatures (``permutations`` values a row) and small lists
    (inputs, rejections, removed lines); carried inputs are taken from the previous version."""
    spool = RecordSpool(staging / "spool.arrow")
    sigs = np.zeros((len(sequence), permutations), dtype=DTYPE)  # no Python object a row
    inputs, rejects, record_entries = [], [], []
    removed = Spool(staging / "removed.arrow", REMOVED_SCHEMA)
    results = iter(tqdm(results, unit="doc", desc=f"extract ({len(sequence)} inputs)",
                        disable=None if progress else True, leave=False))
    for name in sequence:
        if name in carried:
            inputs.append(dict(carried[name]))
            continue
        o = next(results, None)
        if o is None or o.source_file != name:
            raise NewspackError(f"{name}: input changed while newspack was reading it; rerun")
        r = o.result
        is_reject = isinstance(r, Rejection)
        inputs.append({"source": o.source_file, "sha256": o.sha256, "bytes": o.size,
                       "id": r.id, "outcome": "rejected" if is_reject else "record"})
        for x in o.removed:
            removed.add((len(inputs) - 1, x.line_no, x.text, x.reason))
        if is_reject:
            rejects.append({"id": r.id, "source": r.source_file, "reason": r.reason,
                            "detail": r.detail, "input": len(inputs) - 1})
        else:
            if len(o.signature) != sigs.itemsize * permutations:
                raise NewspackError(f"{name}: extracted without a signature of {permutations} "
                                    "values; delete DIR/.cache and rebuild")
            sigs[len(record_entries)] = np.frombuffer(o.signature, dtype=DTYPE)
            record_entries.append(len(inputs) - 1)
            spool.add(r)
    carried_rows = set()
    extracted = len(record_entries)
    if carried:
        carry_over(prev_dir, set(carried), inputs, spool, record_entries, rejects, removed)
        carried_rows = set(range(extracted, len(record_entries)))
    rejects.sort(key=lambda r: r.pop("input"))
    table = spool.close()
    sigs = sigs[:len(record_entries)]
    if carried_rows:
        ids = table.column("id").slice(extracted).combine_chunks()
        sigs[extracted:] = signatures.carried(prev_dir, ids, permutations)
    return Collected(table, inputs, rejects, removed.close(), record_entries, sigs,
                     carried_rows, prev_dir)


def carry_over(prev_dir: Path, names: set[str], inputs: list[dict], spool: RecordSpool,
                record_entries: list[int], rejects: list[dict],
                removed: Spool) -> None:
    """Append the carried inputs' rows, rejections and removed lines, from prev_dir."""
    position = {row["source"]: i for i, row in enumerate(inputs)}
    rows = carry.records(prev_dir, names)
    if rows is not None and rows.num_rows:
        spool.add_table(rows)
        record_entries.extend(position[s] for s in rows.column("source_file").to_pylist())
    for source, r in carry.rejections(prev_dir, names).items():
        rejects.append({**r, "input": position[source]})
    lines = carry.removed_lines(prev_dir, names)
    if lines is not None and lines.num_rows:
        where = [position[s] for s in lines.column("source").to_pylist()]
        removed.add_table(lines.append_column("input", pa.array(where, pa.int64())))
