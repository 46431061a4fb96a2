"""The corpus stages' plan applied to the spool, and the files of a version: data
shards (reused from the previous version where unchanged), rejections, audit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newspack.config import Config
from newspack.corpus import dedup, stages
from newspack.corpus.collect import Collected
from newspack.schema import FIELD_NAMES, SCHEMA
from newspack.store import carry, manifest, signatures, versions
from newspack.store.parquet import (
    ROW_GROUP,
    release_pages,
    same_rows,
    shard_name,
    take_rows,
    uncompressed_bytes,
    write_jsonl,
    write_shard,
    write_table,
)

REJECTS = "rejects.jsonl"
AUDIT = "audit"  # removed lines, one Parquet file beside each data shard
_PLANNED = ("id", "source_file", "content_sha256", "language")  # the columns plan reads


def plan(c: Collected, config: Config, prev: versions.Previous | None,
         published: pa.Table | Callable[[], pa.Table | None] | None = None,
         keep_clusters: bool = False,
         generation: int = 0) -> stages.Plan:
    """The corpus stages over the spool's rows taken in input order (carried rows sit at
    the end of the spool; the signatures are in input order already); the plan that
    comes back is indexed by spool row again."""
    order = np.argsort(c.record_entries, kind="stable") if c.carried_from >= 0 else None
    at = pa.array(order) if order is not None else None

    def reader(name: str) -> Callable[[], pa.Array]:
        """What reads a column when the plan first needs it (the plan lets it go once
        used): in input order, then the spool's pages it was read from are handed back."""
        def read() -> pa.Array:
            values = stages.strings(c.table.column(name))
            values = values if at is None else values.take(at)
            release_pages()
            return values
        return read

    sig = c.signatures  # read first (with the carried ones), before any column is
    release_pages()
    p = stages.plan(*map(reader, _PLANNED), config, prev.where if prev else None, sig,
                    published, keep_clusters, generation)
    if c.carried_from < 0:
        return p
    back = c.rank()  # the inverse of order
    again = pa.array(back)
    return stages.Plan(p.ids.take(again), p.duplicate_of.take(again), p.split[back],
                       {key: [order[rows] for rows in parts] for key, parts in p.shards.items()},
                       p.kind[back], p.similarity[back], p.generation[back])


def write(c: Collected, plan: stages.Plan, staged: Path, config: Config,
           prev: versions.Previous | None) -> list[dict]:
    """Shards, their signatures, rejections and the removed-lines audit; their manifest
    entries."""
    c.inputs = _renamed(c.inputs, c.record_entries, plan.ids)
    table = c.table
    table = table.set_column(table.schema.get_field_index("id"), SCHEMA.field("id"), plan.ids)
    kept = plan.kind == dedup.KEPT
    for name, values in (("duplicate_of", plan.duplicate_of),
                         ("duplicate_kind", plan.kind_names()),
                         ("duplicate_similarity", pa.array(plan.similarity, mask=kept))):
        table = table.set_column(table.schema.get_field_index(name), SCHEMA.field(name), values)
    c.table = table
    outputs = []
    for (lang, split), shards in plan.shards.items():
        for k, rows in enumerate(shards):
            path = staged / "data" / lang / shard_name(split, k, len(shards))
            old = prev.reusable(plan.ids.take(pa.array(rows)), lang, split) if prev else None
            if old and same_rows(prev.dir / old, table, rows.tolist()):  # unchanged: link it
                path.parent.mkdir(parents=True, exist_ok=True)
                versions.link_or_copy(prev.dir / old, path)
                entry = {**prev.entry(old), "path": path.relative_to(staged).as_posix()}
            else:
                write_shard(_row_groups(table, rows, c), path)
                entry = manifest.output_entry(staged, path, len(rows))
                entry["arrow_bytes"] = uncompressed_bytes(path)
            outputs.append(entry)
    outputs += write_signatures(c, plan, staged, config.dedup.permutations)
    c.drop_signatures()
    write_jsonl(c.rejects, staged / REJECTS)
    outputs.append(manifest.output_entry(staged, staged / REJECTS, len(c.rejects)))
    if config.extract.audit_removed:
        outputs += write_audit(c, plan, staged)
    return outputs


def _row_groups(table: pa.Table, rows: np.ndarray, c: Collected) -> Iterator[pa.Table]:
    """A shard's rows, ROW_GROUP at a time; the spool's pages each group read are handed
    back once it is written (a 50,000-row shard would otherwise hold them all)."""
    for s in range(0, len(rows), ROW_GROUP):
        part = rows[s:s + ROW_GROUP].tolist()
        yield with_texts(take_rows(table, part), part, c)
        release_pages()


def _renamed(inputs: pa.Table, entries: np.ndarray, ids: pa.Array) -> pa.Table:
    """The input list with each record's final id (a repeated id was renamed by the plan)."""
    if not len(entries):
        return inputs
    mask = np.zeros(inputs.num_rows, dtype=bool)
    mask[entries] = True
    values = ids.take(pa.array(np.argsort(entries, kind="stable")))
    column = pc.replace_with_mask(inputs.column("id").combine_chunks(), pa.array(mask), values)
    return inputs.set_column(inputs.schema.get_field_index("id"), "id", column)


def write_signatures(c: Collected, plan: stages.Plan, staged: Path,
                     permutations: int) -> list[dict]:
    """Each data shard's signatures beside it, under signatures/: an unchanged shard's are
    unchanged too, so versions share the file."""
    outputs = []
    rank = c.rank()  # c.signatures are in input order
    for (lang, split), shards in plan.shards.items():
        for k, rows in enumerate(shards):
            path = staged / signatures.FOLDER / lang / shard_name(split, k, len(shards))
            n = signatures.write(path, plan.ids.take(pa.array(rows)),
                                 pa.array(plan.generation[rows], pa.int32()),
                                 c.signatures[rank[rows]], permutations)
            outputs.append(manifest.output_entry(staged, path, n))
    return outputs


def with_texts(part: pa.Table, rows: list[int], c: Collected) -> pa.Table:
    """Put back the text of carried rows (spooled without it) from the old shards."""
    carried = np.flatnonzero(c.is_carried(np.asarray(rows))).tolist()
    if not carried:
        return part
    sources = part.column("source_file").to_pylist()
    found = carry.texts(c.prev_dir, {sources[k] for k in carried})
    text = part.column("text").to_pylist()
    for k in carried:
        text[k] = found[sources[k]]
    return part.set_column(FIELD_NAMES.index("text"), SCHEMA.field("text"),
                           pa.array(text, pa.string()))


def write_audit(c: Collected, plan: stages.Plan, staged: Path) -> list[dict]:
    """Removed lines beside the shard of their record (rejected inputs' in one file), so an
    unchanged shard's audit is unchanged too, and stored once.

    The lines stay in their memory-mapped spool: only their order is worked out in memory
    (a few integers a line), and each file's lines are read when it is written."""
    names = [f"{AUDIT}/rejected.parquet"]
    group_of = np.zeros(c.inputs.num_rows, dtype=np.int32)  # input -> index into names
    for (lang, split), shards in plan.shards.items():
        for k, rows in enumerate(shards):
            names.append(f"{AUDIT}/{lang}/{shard_name(split, k, len(shards))}")
            group_of[c.record_entries[rows]] = len(names) - 1
    which = c.removed.column("input").to_numpy()
    # input order, whichever way the lines arrived (carried ones come last), by file
    order = np.lexsort((c.removed.column("line_no").to_numpy(), which))
    order = order[np.argsort(group_of[which[order]], kind="stable")]
    bounds = np.cumsum(np.bincount(group_of[which], minlength=len(names)))
    ids, sources = (c.inputs.column(n).combine_chunks() for n in ("id", "source"))
    lines = c.removed.select(["line_no", "line", "reason"])
    outputs = []
    for k, name in sorted(enumerate(names), key=lambda kv: kv[1]):
        rows = order[bounds[k - 1] if k else 0:bounds[k]]
        if len(rows):
            at = pa.array(which[rows])
            part = take_rows(lines, rows.tolist())
            table = pa.table({"id": ids.take(at), "source": sources.take(at),
                              **{n: part.column(n) for n in part.column_names}})
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_table(table.combine_chunks(), path)
            outputs.append(manifest.output_entry(staged, path, len(rows)))
            release_pages()
    return outputs
