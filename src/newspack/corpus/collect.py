"""Outcomes into the spool (records), the input list (Arrow) and the signatures (a file),
in input order; inputs carried over from the previous version are added from it."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from newspack.errors import NewspackError
from newspack.extract.document import Rejection
from newspack.extract.signature import DTYPE
from newspack.inputs.unitlist import UnitList
from newspack.store import carry, signatures
from newspack.store.inputs import InputRows
from newspack.store.parquet import REMOVED_SCHEMA, RecordSpool, Spool


@dataclass
class Collected:
    """What extraction produced, before the corpus stages."""

    table: pa.Table
    inputs: pa.Table  # store.inputs.COLUMNS, one row per input in input order
    rejects: list[dict]
    removed: pa.Table  # input (index into inputs), line_no, line, reason; memory-mapped
    record_entries: np.ndarray  # int64: index into inputs of each spooled row
    signature_file: Path  # the extracted rows' signatures, one after the other
    permutations: int
    carried_rows: set[int] = field(default_factory=set)  # spooled without text (carry.py)
    prev_dir: Path | None = None
    _signatures: np.ndarray | None = None

    @property
    def signatures(self) -> np.ndarray:
        """(spooled rows, permutations): each row's MinHash signature, read on first use
        (after extraction, when its workers no longer hold memory)."""
        if self._signatures is None:
            n, extracted = len(self.record_entries), len(self.record_entries) - \
                len(self.carried_rows)
            sigs = np.zeros((n, self.permutations), dtype=DTYPE)
            if extracted and self.permutations:
                sigs[:extracted] = np.fromfile(self.signature_file, dtype=DTYPE).reshape(
                    extracted, self.permutations)
            if self.carried_rows:
                ids = self.table.column("id").slice(extracted).combine_chunks()
                sigs[extracted:] = signatures.carried(self.prev_dir, ids, self.permutations)
            self._signatures = sigs
        return self._signatures


def collect(results, units: UnitList, carried: carry.Carried, staging: Path,
            progress: bool, prev_dir: Path | None, permutations: int = 0) -> Collected:
    """Outcomes, in the order of ``units`` (every input unit), into the spool
    (records), a file of signatures (``permutations`` values a row) and the input list;
    carried inputs are taken from the previous version. Nothing here keeps a Python
    object per input beyond a batch: the inputs become Arrow, the signatures go to disk
    (read back once extraction is over and its workers are gone)."""
    spool = RecordSpool(staging / "spool.arrow")
    sig_path = staging / "signatures.bin"
    inputs = InputRows(carried.table)
    rejects = []
    record_entries = array("q")
    removed = Spool(staging / "removed.arrow", REMOVED_SCHEMA)
    results = iter(tqdm(results, unit="doc", desc=f"extract ({units.unit_count} inputs)",
                        disable=None if progress else True, leave=False))
    size = np.dtype(DTYPE).itemsize * permutations
    old_row = carried.at if len(carried) else None
    with open(sig_path, "wb") as sig_file:
        for n, name in enumerate(units.iter_names()):
            if old_row is not None and old_row[n] >= 0:
                inputs.add_old(int(old_row[n]))
                continue
            o = next(results, None)
            if o is None or o.source_file != name:
                raise NewspackError(f"{name}: input changed while newspack was reading it; "
                                    "rerun")
            r = o.result
            is_reject = isinstance(r, Rejection)
            inputs.add(o.source_file, o.sha256, o.size, r.id,
                       "rejected" if is_reject else "record")
            for x in o.removed:
                removed.add((len(inputs) - 1, x.line_no, x.text, x.reason))
            if is_reject:
                rejects.append({"id": r.id, "source": r.source_file, "reason": r.reason,
                                "detail": r.detail, "input": len(inputs) - 1})
            else:
                if len(o.signature) != size:
                    raise NewspackError(f"{name}: extracted without a signature of "
                                        f"{permutations} values; delete DIR/.cache and rebuild")
                sig_file.write(o.signature)
                record_entries.append(len(inputs) - 1)
                if o.row is not None:  # already a row of the worker's batch
                    spool.add_row_of(*o.row)
                else:
                    spool.add(r)
    table_inputs = inputs.table()
    carried_rows = set()
    extracted = len(record_entries)
    if len(carried):
        carry_over(prev_dir, carried.names, table_inputs, spool, record_entries, rejects,
                   removed)
        carried_rows = set(range(extracted, len(record_entries)))
    rejects.sort(key=lambda r: r.pop("input"))
    table = spool.close()
    return Collected(table, table_inputs, rejects, removed.close(),
                     np.array(record_entries, dtype=np.int64), sig_path, permutations,
                     carried_rows, prev_dir)


def carry_over(prev_dir: Path, names: pa.Array, inputs: pa.Table, spool: RecordSpool,
               record_entries: array, rejects: list[dict], removed: Spool) -> None:
    """Append the carried inputs' rows, rejections and removed lines, from prev_dir."""
    sources = inputs.column("source")

    def positions(values: pa.Array) -> list[int]:
        return pc.index_in(values, value_set=sources).to_pylist()

    for rows in carry.records(prev_dir, names):  # an old shard at a time
        if rows.num_rows:
            spool.add_table(rows)
            record_entries.extend(positions(rows.column("source_file").combine_chunks()))
    found = carry.rejections(prev_dir, names)
    for r, at in zip(found.values(), positions(pa.array(list(found), pa.string())),
                               strict=True):
        rejects.append({**r, "input": at})
    for lines in carry.removed_lines(prev_dir, names):
        if lines.num_rows:
            where = pc.index_in(lines.column("source"), value_set=sources).cast(pa.int64())
            removed.add_table(lines.append_column("input", where))
