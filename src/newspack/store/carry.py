"""Inputs unchanged since the newest version are carried over from it, not read again.

Same name, same content hash, same configuration, extractor and newspack: the record is
the one already published. Its row comes from the old shard (Arrow, no per-row Python),
its removed lines from the old audit and its rejection from the old rejects.jsonl. This
is what makes adding 1 % of documents cost about 1 % of a build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newspack.schema import FIELD_NAMES


def carryable(old_inputs: list[dict] | None, same_settings: bool,
              item_units: list[list[list[str]]]) -> dict[str, dict]:
    """name -> the previous version's input row (``old_inputs``, from its inputs.parquet),
    for every unit of each input file whose units are all unchanged (a file is carried
    whole or not at all)."""
    if old_inputs is None or not same_settings:
        return {}
    old = {row["source"]: row for row in old_inputs}
    carried: dict[str, dict] = {}
    for units in item_units:
        rows = [old.get(name) for name, _ in units]
        if units and all(row is not None and sha and row["sha256"] == sha
                         for row, (_, sha) in zip(rows, units, strict=True)):
            carried.update({name: row for row, (name, _) in zip(rows, units, strict=True)})
    return carried


def _read(paths: list[Path], column: str, names: set[str],
          columns: list[str] | None = None) -> pa.Table | None:
    wanted = pa.array(sorted(names), pa.string())
    tables = [t.filter(pc.is_in(t.column(column), value_set=wanted))
              for t in (pq.read_table(p, columns=columns) for p in paths)]
    return pa.concat_tables(tables) if tables else None


def records(version_dir: Path, names: set[str]) -> pa.Table | None:
    """The published rows of the carried records, with an empty text: the text is most of
    the bytes, and only a shard that must be rewritten needs it (see ``texts``)."""
    columns = [n for n in FIELD_NAMES if n != "text"]
    table = _read(sorted((version_dir / "data").glob("*/*.parquet")), "source_file", names,
                  columns)
    if table is None:
        return None
    empty = pa.array([""] * table.num_rows, pa.string())
    return table.add_column(FIELD_NAMES.index("text"), "text", empty)


def texts(version_dir: Path, names: set[str]) -> dict[str, str]:
    """source_file -> text of published records."""
    table = _read(sorted((version_dir / "data").glob("*/*.parquet")), "source_file", names,
                  ["source_file", "text"])
    if table is None:
        return {}
    return dict(zip(table.column("source_file").to_pylist(), table.column("text").to_pylist(),
                    strict=True))


def removed_lines(version_dir: Path, names: set[str]) -> pa.Table | None:
    """The published audit lines of the carried inputs."""
    return _read(sorted((version_dir / "audit").rglob("*.parquet")), "source", names)


def rejections(version_dir: Path, names: set[str]) -> dict[str, dict]:
    """source -> the published rejection, for carried inputs that were rejected."""
    path = version_dir / "rejects.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["source"]: r for r in rows if r["source"] in names}
