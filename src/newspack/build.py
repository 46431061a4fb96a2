"""``newspack build``: sources -> extract -> corpus stages -> shards -> card -> version.

This module only wires the stages together, in data-flow order; each stage lives in
its own module. Everything is written under ``DIR/.staging`` and published with one
rename, so a build killed at any point leaves the published versions as they were.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from tqdm import tqdm

from . import (
    __version__,
    cache,
    card,
    carry,
    corpus,
    diff,
    fingerprint,
    manifest,
    sidecar,
    stats,
    store,
)
from .config import Config
from .engine import LocalEngine
from .errors import NewspackError, UsageError
from .extract import EXTRACTOR_VERSION, Rejection
from .faults import checkpoint
from .outcomes import outcomes
from .readers import read_units
from .schema import FIELD_NAMES, SCHEMA, SCHEMA_VERSION, schema_description
from .sources import list_inputs
from .write import (
    Spool,
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


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str | None  # None: no changes
    previous: str | None
    summary: str
    counts: dict
    warnings: list[str] = field(default_factory=list)
    work: dict = field(default_factory=dict)  # inputs extracted / taken from the cache


@dataclass
class Collected:
    """What extraction produced, before the corpus stages."""

    table: pa.Table
    inputs: list[dict]
    rejects: list[dict]
    removed: dict[str, list]  # columns: input (index into inputs), line_no, line, reason
    record_entries: list[int]  # index into inputs of each spooled row
    carried_rows: set[int] = field(default_factory=set)  # spooled without text (carry.py)
    prev_dir: Path | None = None


def build(sources: list[str], out: Path, config: Config, version: str | None = None,
          progress: bool = True, use_cache: bool = True) -> BuildResult:
    items = list_inputs(sources)
    side = sidecar.load(config.extract.sidecar)
    with store.locked(out):
        previous = store.newest(out)
        if version and previous and store.parse_version(version) <= store.parse_version(previous):
            raise UsageError(f"--version {version} must be greater than the newest, {previous}")
        if version:
            store.parse_version(version)
        _sync_root_card(out, previous)  # heals a build killed right after publishing
        work: dict = {}
        old = store.read_manifest(out, previous) if previous else None
        with cache.opened(out / cache.CACHE_DIR if use_cache else None) as c:
            inputs_sha, item_units = fingerprint.compute(items, config, c)
            if old and _nothing_to_do(old, inputs_sha, config, side):
                shutil.rmtree(out / store.STAGING, ignore_errors=True)  # a killed build's
                return BuildResult(out, None, previous, f"no changes: {out} stays at {previous}",
                                   old["counts"], [], {"carried": len(old["inputs"]["rows"]),
                                                       "cached": 0, "extracted": 0})
        staging = store.fresh_staging(out)
        staged = staging / "version"
        staged.mkdir()
        carried = carry.carryable(old, use_cache and _same_settings(old, config, side),
                                  item_units)
        units = (u for item, names in zip(items, item_units, strict=True)
                 if not (names and names[0][0] in carried)
                 for u in read_units(item, config.input, config.extract.max_input_bytes))
        sequence = [name for names in item_units for name, _ in names]
        work["carried"] = len(carried)
        with cache.opened(out / cache.CACHE_DIR if use_cache else None) as c, \
                LocalEngine(config, config.build.workers) as engine:
            results = outcomes(units, side, config, c, engine, work)
            collected = _collect(results, sequence, carried, staging, progress,
                                 out / store.VERSIONS / previous if previous else None)
            c.flush()
            notes = [c.failed] if c.failed else []
        checkpoint("extract")
        prev = store.previous(out, previous, old)
        prev_dir = prev.dir if prev else None
        plan = _plan(collected, config, prev)
        outputs = _write(collected, plan, staged, config, prev)
        checkpoint("shards")
        st = stats.compute(collected.table, plan.splits, plan.duplicate_of,
                           len(collected.rejects),
                           dict(Counter(r["reason"] for r in collected.rejects)))
        schema = schema_description()
        old = prev.manifest if prev else None
        if old and _same_data(old, outputs, schema) and _same_card(
                prev_dir, _card(config, previous, st, old.get("changelog", []), outputs)):
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(out, None, previous, f"no changes: {out} stays at {previous}",
                               old["counts"], _warnings(side, collected.rejects, notes), work)
        changes = diff.compare(prev_dir, staged, old["schema"], schema, old["outputs"],
                               outputs) if old else None
        number = version or diff.next_version(previous, changes.level() or "patch"
                                              if changes else "major")
        summary = changes.summary() if changes else f"first version: {st['documents']} documents"
        changelog = [*(old.get("changelog", []) if old else []),
                     {"version": number, "summary": summary}]
        readme = _card(config, number, st, changelog, outputs)
        (staged / "README.md").write_text(readme, encoding="utf-8", newline="\n")
        outputs.append(manifest.output_entry(staged, staged / "README.md", None))
        counts = {"inputs": len(collected.inputs), "records": st["documents"],
                  "rejected": len(collected.rejects), "duplicates": st["duplicates"]}
        doc = {
            "format": manifest.FORMAT,
            "dataset_version": number,
            "previous_version": previous,
            "newspack_version": __version__,
            "extractor_version": EXTRACTOR_VERSION,
            "created": manifest.created(),
            "config_sha256": config.sha256(),
            "config": config.output_affecting(),
            "schema_version": SCHEMA_VERSION,
            "schema": schema,
            "counts": counts,
            "statistics": st,
            "changes": changes.counts() if changes else None,
            "changelog": changelog,
            "inputs_sha256": fingerprint.of_inputs(collected.inputs),
            "sidecar": {"name": side.name, "sha256": side.sha256, "rows": len(side.rows),
                        "unmatched": side.unmatched()} if side.name else None,
            "outputs": outputs,
            "inputs": manifest.input_table(collected.inputs),
        }
        (staged / "manifest.json").write_text(manifest.dumps(doc), encoding="utf-8",
                                              newline="\n")
        (staging / "spool.arrow").unlink()
        store.link_identical(staged, outputs, prev_dir, old["outputs"] if old else [])
        checkpoint("staged")
        store.publish(staged, out, number)
        checkpoint("published")
        _sync_root_card(out, number)
        shutil.rmtree(staging, ignore_errors=True)
        warnings = _warnings(side, collected.rejects, notes)
        return BuildResult(out, number, previous, summary, counts, warnings, work)


def _collect(results, sequence: list[str], carried: dict[str, dict], staging: Path,
             progress: bool, prev_dir: Path | None) -> Collected:
    """Outcomes, in the order of ``sequence`` (every input unit's name), into the spool
    (records) and small lists (inputs, rejections, removed lines); carried inputs are
    taken from the previous version."""
    spool = Spool(staging / "spool.arrow")
    inputs, rejects, record_entries = [], [], []
    removed: dict[str, list] = {"input": [], "line_no": [], "line": [], "reason": []}
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
            for column, value in zip(removed.values(), (len(inputs) - 1, x.line_no, x.text,
                                                        x.reason), strict=True):
                column.append(value)
        if is_reject:
            rejects.append({"id": r.id, "source": r.source_file, "reason": r.reason,
                            "detail": r.detail, "input": len(inputs) - 1})
        else:
            record_entries.append(len(inputs) - 1)
            spool.add(r)
    carried_rows = set()
    if carried:
        first = len(record_entries)
        _carry_over(prev_dir, set(carried), inputs, spool, record_entries, rejects, removed)
        carried_rows = set(range(first, len(record_entries)))
    rejects.sort(key=lambda r: r.pop("input"))
    return Collected(spool.close(), inputs, rejects, removed, record_entries, carried_rows,
                     prev_dir)


def _carry_over(prev_dir: Path, names: set[str], inputs: list[dict], spool: Spool,
                record_entries: list[int], rejects: list[dict],
                removed: dict[str, list]) -> None:
    """Append the carried inputs' rows, rejections and removed lines, from prev_dir."""
    position = {row["source"]: i for i, row in enumerate(inputs)}
    rows = carry.records(prev_dir, names)
    if rows is not None and rows.num_rows:
        spool.add_table(rows)
        record_entries.extend(position[s] for s in rows.column("source_file").to_pylist())
    for source, r in carry.rejections(prev_dir, names).items():
        rejects.append({**r, "input": position[source]})
    for line in carry.removed_lines(prev_dir, names):
        for column, value in zip(removed.values(), (position[line["source"]], line["line_no"],
                                                    line["line"], line["reason"]), strict=True):
            column.append(value)


def _plan(c: Collected, config: Config, prev: store.Previous | None) -> corpus.Plan:
    """The corpus stages over the spool's rows taken in input order (carried rows sit at
    the end of the spool); the plan that comes back is indexed by spool row again."""
    order = sorted(range(c.table.num_rows), key=c.record_entries.__getitem__)
    columns = {n: c.table.column(n).to_pylist()
               for n in ("id", "source_file", "content_sha256", "language")}
    p = corpus.plan(*([col[i] for i in order] for col in columns.values()), config.splits,
                    config.build.rows_per_shard, prev.where if prev else None)
    back = [0] * len(order)
    for k, row in enumerate(order):
        back[row] = k
    return corpus.Plan([p.ids[back[r]] for r in range(len(order))],
                       [p.duplicate_of[back[r]] for r in range(len(order))],
                       [p.splits[back[r]] for r in range(len(order))],
                       {key: [[order[k] for k in rows] for rows in shards]
                        for key, shards in p.shards.items()})


def _write(c: Collected, plan: corpus.Plan, staged: Path, config: Config,
           prev: store.Previous | None) -> list[dict]:
    """Shards, rejections and the removed-lines audit; their manifest entries."""
    for entry, final_id in zip(c.record_entries, plan.ids, strict=True):
        c.inputs[entry]["id"] = final_id  # a repeated id was renamed by the plan
    table = c.table
    table = table.set_column(table.schema.get_field_index("id"), SCHEMA.field("id"),
                             pa.array(plan.ids, pa.string()))
    table = table.set_column(table.schema.get_field_index("duplicate_of"),
                             SCHEMA.field("duplicate_of"),
                             pa.array(plan.duplicate_of, pa.string()))
    c.table = table
    outputs = []
    for (lang, split), shards in plan.shards.items():
        for k, rows in enumerate(shards):
            path = staged / "data" / lang / shard_name(split, k, len(shards))
            old = prev.reusable([plan.ids[i] for i in rows], lang, split) if prev else None
            if old and same_rows(prev.dir / old, table, rows):  # unchanged: link it
                path.parent.mkdir(parents=True, exist_ok=True)
                store.link_or_copy(prev.dir / old, path)
                entry = {**prev.entry(old), "path": path.relative_to(staged).as_posix()}
            else:
                part = _with_texts(take_rows(table, rows), rows, c)
                write_shard(part, path)
                entry = manifest.output_entry(staged, path, len(rows))
                entry["arrow_bytes"] = uncompressed_bytes(path)
            outputs.append(entry)
    write_jsonl(c.rejects, staged / REJECTS)
    outputs.append(manifest.output_entry(staged, staged / REJECTS, len(c.rejects)))
    if config.extract.audit_removed:
        outputs += _write_audit(c, plan, staged)
    return outputs


def _with_texts(part: pa.Table, rows: list[int], c: Collected) -> pa.Table:
    """Put back the text of carried rows (spooled without it) from the old shards."""
    carried = [k for k, row in enumerate(rows) if row in c.carried_rows]
    if not carried:
        return part
    sources = part.column("source_file").to_pylist()
    found = carry.texts(c.prev_dir, {sources[k] for k in carried})
    text = part.column("text").to_pylist()
    for k in carried:
        text[k] = found[sources[k]]
    return part.set_column(FIELD_NAMES.index("text"), SCHEMA.field("text"),
                           pa.array(text, pa.string()))


def _write_audit(c: Collected, plan: corpus.Plan, staged: Path) -> list[dict]:
    """Removed lines beside the shard of their record (rejected inputs' in one file), so an
    unchanged shard's audit is unchanged too, and stored once."""
    names = [f"{AUDIT}/rejected.parquet"]
    group_of = [0] * len(c.inputs)  # input -> index into names
    for (lang, split), shards in plan.shards.items():
        for k, rows in enumerate(shards):
            names.append(f"{AUDIT}/{lang}/{shard_name(split, k, len(shards))}")
            for row in rows:
                group_of[c.record_entries[row]] = len(names) - 1
    inputs = c.removed["input"]
    group = pa.array([group_of[i] for i in inputs], pa.int32())
    table = pa.table({"id": [c.inputs[i]["id"] for i in inputs],
                      "source": [c.inputs[i]["source"] for i in inputs],
                      "line_no": c.removed["line_no"], "line": c.removed["line"],
                      "reason": c.removed["reason"], "group": group, "input": inputs})
    # input order, whichever way the lines arrived (carried ones come last)
    table = table.sort_by([("input", "ascending"), ("line_no", "ascending")])
    group = table.column("group")
    table = table.drop_columns(["group", "input"])
    outputs = []
    for k, name in sorted(enumerate(names), key=lambda kv: kv[1]):
        part = table.filter(pc.equal(group, k))
        if part.num_rows:
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_table(part, path)
            outputs.append(manifest.output_entry(staged, path, part.num_rows))
    return outputs


def _card(config: Config, number: str, st: dict, changelog: list[dict],
          outputs: list[dict]) -> str:
    files: dict[tuple[str, str], list[str]] = {}
    split_bytes: Counter = Counter()
    for e in outputs:
        parts = e["path"].split("/")
        if parts[0] == "data":
            key = (parts[1], parts[2].split("-", 1)[0])
            files.setdefault(key, []).append(e["path"])
            split_bytes[key] += e["arrow_bytes"]
    meta = card.metadata(config, st, files, dict(split_bytes))
    return card.render(meta, card.body(config, number, st, changelog))


def _sync_root_card(out: Path, version: str | None) -> None:
    """DIR/README.md is the newest version's card, pointing into that version."""
    if version is None:
        return
    text = (out / store.VERSIONS / version / "README.md").read_text(encoding="utf-8")
    root = card.root_card(text, version)
    path = out / "README.md"
    if not path.is_file() or path.read_text(encoding="utf-8") != root:
        store.write_atomic(path, root)


def _same_settings(old: dict | None, config: Config, side: sidecar.Sidecar) -> bool:
    """Same configuration, sidecar, extractor and newspack as the version ``old``."""
    if old is None:
        return False
    old_side = (old.get("sidecar") or {}).get("sha256", "")
    return (old["config_sha256"] == config.sha256() and old["newspack_version"] == __version__
            and old["extractor_version"] == EXTRACTOR_VERSION and old_side == side.sha256)


def _nothing_to_do(old: dict, inputs_sha: str, config: Config, side: sidecar.Sidecar) -> bool:
    """Same inputs and settings as the newest version: the build would give the same
    bytes, so it need not run."""
    return old.get("inputs_sha256") == inputs_sha and _same_settings(old, config, side)


def _same_card(prev_dir: Path, card_as_previous: str) -> bool:
    """Whether the card would read the same (its prose, license, statistics) if this build
    were published under the previous number; if not, the change is a PATCH."""
    return (prev_dir / "README.md").read_text(encoding="utf-8") == card_as_previous


def _same_data(old: dict, outputs: list[dict], schema: list[dict]) -> bool:
    """True when the data files and rejections are byte-identical to the old version's."""
    def key(entries):
        return sorted((e["path"], e["sha256"]) for e in entries if e["path"] != "README.md")

    return old.get("schema") == schema and key(old["outputs"]) == key(outputs)


def _warnings(side: sidecar.Sidecar, rejects: list[dict], notes: list[str]) -> list[str]:
    warnings = list(notes)
    if rejects:
        reasons = Counter(r["reason"] for r in rejects)
        detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        warnings.append(f"{len(rejects)} input(s) rejected ({detail}); see {REJECTS}")
    unmatched = side.unmatched()
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (" ..." if len(unmatched) > 5 else "")
        warnings.append(f"{side.name}: {len(unmatched)} sidecar row(s) match no input: {shown}")
    return warnings
