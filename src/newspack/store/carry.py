"""Inputs unchanged since the newest version are carried over from it, not read again.

Same name, same content hash, same configuration, extractor and newspack: the record is
the one already published. Its row comes from the old shard (Arrow, no per-row Python),
its removed lines from the old audit and its rejection from the old rejects.jsonl. This
is what makes adding 1 % of documents cost about 1 % of a build.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newspack.inputs.unitlist import UnitList
from newspack.schema import FIELD_NAMES


@dataclass(frozen=True)
class Carried:
    """The inputs carried over, as columns aligned with the build's UnitList: ``at`` gives
    each unit's row in the previous version's input list (``table``, its inputs.parquet),
    -1 for a unit that is not carried (empty: none is); ``names`` the carried units' names
    in unit order. No Python object per carried input: 200,000 of them as a dict of
    name -> row were some 40 MB through a rebuild."""

    at: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    names: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    table: pa.Table | Callable[[], pa.Table] | None = None  # or what reads it again

    def __len__(self) -> int:
        return len(self.names)

    def old_table(self) -> pa.Table | None:
        """The previous version's input list (read again if it was let go: ``lazy``)."""
        return self.table() if callable(self.table) else self.table

    def lazy(self, read: Callable[[], pa.Table]) -> Carried:
        """The same, without the input list in memory until ``old_table`` reads it with
        ``read``: at a million inputs some 150 MB less while the workers extract."""
        return Carried(self.at, self.names, read) if len(self) else self

    def keys(self) -> set[str]:
        """The carried names as a set (for the checks of changed exclusion rules)."""
        return set(self.names.to_pylist())

    def pairs(self) -> Iterator[tuple[str, str]]:
        """(name, id) of each carried input, in unit order."""
        ids = self.old_table().column("id").take(pa.array(self.at[self.at >= 0])) if len(self) \
            else pa.array([], pa.string())
        return zip(self.names.to_pylist(), ids.to_pylist(), strict=True)

    def files(self, units: UnitList) -> np.ndarray:
        """Per file of ``units``: whether it is carried (files are carried whole)."""
        out = np.zeros(len(units.sizes), dtype=bool)
        if len(self):
            has = units.sizes > 0
            out[has] = self.at[units.starts[has]] >= 0
        return out

    def without(self, names: set[str]) -> Carried:
        if not len(self) or not names:
            return self
        drop = pc.is_in(self.names, value_set=pa.array(sorted(names), pa.string()))
        drop = drop.to_numpy(zero_copy_only=False)
        at = self.at.copy()
        at[np.flatnonzero(self.at >= 0)[drop]] = -1
        return Carried(at, self.names.filter(pa.array(~drop)), self.table)


def carryable(old_inputs: pa.Table | None, same_settings: bool,
              units: UnitList) -> Carried:
    """Every unit of each input file whose units are all unchanged since the previous
    version (a file is carried whole or not at all), found with Arrow over the previous
    input list (``old_inputs``, from its inputs.parquet): no Python object per old row."""
    if old_inputs is None or not same_settings:
        return Carried()
    names, shas, sizes = units.names, units.shas, units.sizes
    at = pc.index_in(names, value_set=old_inputs.column("source").combine_chunks())
    same = pc.and_(pc.equal(old_inputs.column("sha256").combine_chunks().take(at), shas),
                   pc.not_equal(shas, ""))
    ok = same.fill_null(False).to_numpy(zero_copy_only=False)
    whole = np.zeros(len(sizes), dtype=bool)  # every unit of the file unchanged
    has = sizes > 0
    whole[has] = np.logical_and.reduceat(ok, units.starts[has]) if ok.size else False
    keep = np.repeat(whole, sizes)
    if not keep.any():
        return Carried()
    rows = np.full(len(keep), -1, dtype=np.int64)
    rows[keep] = at.filter(pa.array(keep)).to_numpy(zero_copy_only=False)
    return Carried(rows, names.filter(pa.array(keep)), old_inputs)


def _tables(paths: list[Path], column: str, names: set[str] | pa.Array,
            columns: list[str] | None = None) -> Iterator[pa.Table]:
    """Each file's rows whose ``column`` is one of ``names``, a file at a time: the rows of
    every old shard at once were a few hundred MB on a rebuild of 200,000 documents."""
    wanted = names if isinstance(names, pa.Array) else pa.array(sorted(names), pa.string())
    for path in paths:
        table = pq.read_table(path, columns=columns)
        yield table.filter(pc.is_in(table.column(column), value_set=wanted))


def _read(paths: list[Path], column: str, names: set[str],
          columns: list[str] | None = None) -> pa.Table | None:
    tables = list(_tables(paths, column, names, columns))
    return pa.concat_tables(tables) if tables else None


def records(version_dir: Path, names: set[str] | pa.Array) -> Iterator[pa.Table]:
    """The published rows of the carried records, a shard at a time, with an empty text:
    the text is most of the bytes, and only a shard that must be rewritten needs it (see
    ``texts``)."""
    columns = [n for n in FIELD_NAMES if n != "text"]
    for table in _tables(sorted((version_dir / "data").glob("*/*.parquet")), "source_file",
                         names, columns):
        empty = pa.nulls(table.num_rows, pa.string()).fill_null("")
        yield table.add_column(FIELD_NAMES.index("text"), "text", empty)


def texts(version_dir: Path, names: set[str]) -> dict[str, str]:
    """source_file -> text of published records."""
    table = _read(sorted((version_dir / "data").glob("*/*.parquet")), "source_file", names,
                  ["source_file", "text"])
    if table is None:
        return {}
    return dict(zip(table.column("source_file").to_pylist(), table.column("text").to_pylist(),
                    strict=True))


def removed_lines(version_dir: Path, names: set[str] | pa.Array) -> Iterator[pa.Table]:
    """The published audit lines of the carried inputs, an audit file at a time."""
    return _tables(sorted((version_dir / "audit").rglob("*.parquet")), "source", names)


def rejections(version_dir: Path, names: set[str] | pa.Array) -> dict[str, dict]:
    """source -> the published rejection, for carried inputs that were rejected."""
    path = version_dir / "rejects.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if isinstance(names, pa.Array):
        hit = pc.is_in(pa.array([r["source"] for r in rows], pa.string()), value_set=names)
        return {r["source"]: r for r, h in zip(rows, hit.to_pylist(), strict=True) if h}
    return {r["source"]: r for r in rows if r["source"] in names}
