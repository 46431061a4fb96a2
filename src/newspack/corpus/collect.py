"""Outcomes into the spool (records), the input list (Arrow) and the signatures (a file),
in input order; inputs carried over from the previous version are added from it."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from newspack.errors import NewspackError
from newspack.extract.document import Rejection
from newspack.extract.signature import DTYPE
from newspack.inputs.unitlist import UnitList
from newspack.memory import give_back
from newspack.store import carry, signatures
from newspack.store.inputs import InputRows
from newspack.store.parquet import REMOVED_SCHEMA, RecordSpool, Spool

SIGNATURE_BLOCK = 65536  # signatures read from disk at once
GIVE_BACK_EVERY = 16384  # inputs collected between two memory.give_back calls


@dataclass
class Collected:
    """What extraction produced, before the corpus stages. The spool holds the extracted
    rows in input order, then the carried rows (from ``carried_from`` on, spooled
    without their text: carry.py)."""

    table: pa.Table
    inputs: pa.Table  # store.inputs.COLUMNS, one row per input in input order
    rejects: list[dict]
    removed: pa.Table  # input (index into inputs), line_no, line, reason; memory-mapped
    record_entries: np.ndarray  # int64: index into inputs of each spooled row
    signature_file: Path  # the extracted rows' signatures, one after the other
    permutations: int
    carried_from: int = -1  # the first carried row of the spool; -1: none was carried
    prev_dir: Path | None = None
    _signatures: np.ndarray | None = None

    def is_carried(self, rows: np.ndarray) -> np.ndarray:
        return rows >= self.carried_from if self.carried_from >= 0 else \
            np.zeros(len(rows), dtype=bool)

    def rank(self) -> np.ndarray:
        """Each spooled row's position in input order (the carried rows are spooled last)."""
        rank = np.empty(len(self.record_entries), dtype=np.int64)
        rank[np.argsort(self.record_entries, kind="stable")] = np.arange(len(rank))
        return rank

    def drop_signatures(self) -> None:
        """Forget the signature matrix once it is written (a few hundred MB at a million)."""
        self._signatures = None

    @property
    def signatures(self) -> np.ndarray:
        """(spooled rows, permutations): each row's MinHash signature **in input order**
        (row ``rank()[r]`` is spooled row r's), read on first use (after extraction, when
        its workers no longer hold memory), a block at a time into the one matrix."""
        if self._signatures is None:
            n = len(self.record_entries)
            done = self.carried_from if self.carried_from >= 0 else n
            rank = self.rank() if done < n else np.arange(n)
            sigs = np.zeros((n, self.permutations), dtype=DTYPE)
            if done and self.permutations:
                block = SIGNATURE_BLOCK * self.permutations
                with open(self.signature_file, "rb") as f:
                    for start in range(0, done, SIGNATURE_BLOCK):
                        values = np.fromfile(f, dtype=DTYPE, count=block)
                        stop = min(start + SIGNATURE_BLOCK, done)
                        sigs[rank[start:stop]] = values.reshape(-1, self.permutations)
            if done < n:
                ids = self.table.column("id").slice(done).combine_chunks()
                signatures.carried(self.prev_dir, ids, sigs, rank[done:])
            self._signatures = sigs
            give_back()  # the lookups' hash tables, some 200 MB at a million carried
        return self._signatures


def collect(results, units: UnitList, carried: carry.Carried, staging: Path,
            progress: bool, prev_dir: Path | None, permutations: int = 0,
            extracted: Callable[[], None] = lambda: None) -> Collected:
    """Outcomes, in the order of ``units`` (every input unit), into the spool
    (records), a file of signatures (``permutations`` values a row) and the input list;
    carried inputs are taken from the previous version. Nothing here keeps a Python
    object per input beyond a batch: the inputs become Arrow, the signatures go to disk
    (read back once extraction is over and its workers are gone).

    ``extracted`` is called once the last outcome is in, before the input list is put
    together and the carried rows are read: the build stops its workers there, so that
    their memory and the carry-over's are never held at once."""
    spool = RecordSpool(staging / "spool.arrow")
    sig_path = staging / "signatures.bin"
    inputs = InputRows(carried.old_table, staging / "inputs.arrow")
    rejects = []
    record_entries = array("q")
    removed = Spool(staging / "removed.arrow", REMOVED_SCHEMA)
    results = iter(tqdm(results, unit="doc", desc=f"extract ({units.unit_count} inputs)",
                        disable=None if progress else True, leave=False))
    size = np.dtype(DTYPE).itemsize * permutations
    old_row = carried.at if len(carried) else None
    with open(sig_path, "wb") as sig_file:
        for n, name in enumerate(units.iter_names()):
            if n % GIVE_BACK_EVERY == GIVE_BACK_EVERY - 1:
                give_back()  # a long loop's freed heap would otherwise grow with the corpus
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
    extracted()
    give_back()  # what the loop freed, before the input list and the carry-over
    table_inputs = inputs.table()
    carried_from = -1
    if len(carried):
        carried_from = len(record_entries)
        carry_over(prev_dir, carried.names, table_inputs, spool, record_entries, rejects,
                   removed)
    rejects.sort(key=lambda r: r.pop("input"))
    table = spool.close()
    return Collected(table, table_inputs, rejects, removed.close(),
                     np.array(record_entries, dtype=np.int64), sig_path, permutations,
                     carried_from, prev_dir)


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
        del rows
        give_back()  # a decoded shard (texts and all) each time: its memory goes back
    found = carry.rejections(prev_dir, names)
    for r, at in zip(found.values(), positions(pa.array(list(found), pa.string())),
                               strict=True):
        rejects.append({**r, "input": at})
    for lines in carry.removed_lines(prev_dir, names):
        if lines.num_rows:
            where = pc.index_in(lines.column("source"), value_set=sources).cast(pa.int64())
            removed.add_table(lines.append_column("input", where))
        del lines
        give_back()
