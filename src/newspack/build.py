"""``newspack build``: sources -> extract -> corpus stages -> shards -> card -> version.

This module only wires the stages together, in data-flow order; each stage lives in
its own module.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from . import __version__, card, corpus, diff, manifest, sidecar, stats, store
from .config import Config
from .engine import run_local
from .errors import UsageError
from .extract import EXTRACTOR_VERSION, Rejection, doc_id
from .schema import SCHEMA_VERSION, schema_description
from .sources import list_inputs
from .write import Spool, shard_name, write_jsonl, write_shard


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str | None  # None: no changes
    previous: str | None
    summary: str
    counts: dict
    warnings: list[str] = field(default_factory=list)


def build(sources: list[str], out: Path, config: Config, version: str | None = None,
          progress: bool = True) -> BuildResult:
    items = list_inputs(sources)
    side = sidecar.load(config.extract.sidecar)
    with store.locked(out):
        previous = store.newest(out)
        if version and previous and store.parse_version(version) <= store.parse_version(previous):
            raise UsageError(f"--version {version} must be greater than the newest, {previous}")
        staging = store.fresh_staging(out)
        staged = staging / "version"
        staged.mkdir()
        tasks = [(item, side.lookup(item.rel, doc_id(item.rel))) for item in items]
        outputs, inputs, rejects, table, plan = _extract_and_write(tasks, config, staging,
                                                                   staged, progress)
        st = stats.compute(table, plan.splits, plan.duplicate_of, len(rejects),
                           dict(Counter(r["reason"] for r in rejects)))
        schema = schema_description()
        if previous:
            old_manifest = store.read_manifest(out, previous)
            if _same_data(old_manifest, outputs, schema):
                shutil.rmtree(staging, ignore_errors=True)
                return BuildResult(out, None, previous, f"no changes: {out} stays at {previous}",
                                   old_manifest["counts"])
            changes = diff.compare(out / store.VERSIONS / previous, staged,
                                   old_manifest["schema"], schema)
            level = changes.level() or "patch"
            changelog = list(old_manifest.get("changelog", []))
        else:
            changes, level, changelog = None, "major", []
        number = version or diff.next_version(previous, level)
        summary = changes.summary() if changes else f"first version: {st['documents']} documents"
        changelog.append({"version": number, "summary": summary})

        files = _files_by_config(outputs)
        split_bytes = _split_bytes(outputs)
        meta = card.metadata(config, st, files, split_bytes)
        readme = card.render(meta, card.body(config, number, st, changelog))
        (staged / "README.md").write_text(readme, encoding="utf-8", newline="\n")
        outputs.append(manifest.output_entry(staged, staged / "README.md", None))
        counts = {"inputs": len(inputs), "records": st["documents"], "rejected": len(rejects),
                  "duplicates": st["duplicates"]}
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
            "sidecar": {"name": side.name, "sha256": side.sha256, "rows": len(side.rows),
                        "unmatched": side.unmatched()} if side.name else None,
            "outputs": outputs,
            "inputs": inputs,
        }
        (staged / "manifest.json").write_text(manifest.dumps(doc), encoding="utf-8", newline="\n")
        (staging / "spool.arrow").unlink()
        store.publish(staged, out, number)
        root_meta = card.metadata(config, st, files, split_bytes, prefix=f"versions/{number}/")
        store.write_atomic(out / "README.md",
                           card.render(root_meta, card.body(config, number, st, changelog)))
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(out, number, previous, summary, counts, _warnings(side))


def _warnings(side: sidecar.Sidecar) -> list[str]:
    unmatched = side.unmatched()
    if not unmatched:
        return []
    shown = ", ".join(unmatched[:5]) + (" ..." if len(unmatched) > 5 else "")
    return [f"{side.name}: {len(unmatched)} sidecar row(s) match no input: {shown}"]


def _extract_and_write(tasks, config: Config, staging: Path, staged: Path, progress: bool):
    spool = Spool(staging / "spool.arrow")
    inputs, rejects, record_entries, removed = [], [], [], []
    outcomes = run_local(tasks, config, config.build.workers, count=len(tasks))
    bar = tqdm(outcomes, total=len(tasks), unit="doc", desc="extract",
               disable=None if progress else True, leave=False)
    for o in bar:
        r = o.result
        removed.extend({"id": r.id, "source": o.source_file, "line_no": x.line_no,
                        "line": x.text, "reason": x.reason} for x in o.removed)
        is_reject = isinstance(r, Rejection)
        inputs.append({"source": o.source_file, "sha256": o.sha256, "bytes": o.size,
                       "id": r.id, "outcome": "rejected" if is_reject else "record"})
        if is_reject:
            rejects.append({"id": r.id, "source": r.source_file, "reason": r.reason,
                            "detail": r.detail})
        else:
            record_entries.append(len(inputs) - 1)
            spool.add(r)
    table = spool.close()
    plan = corpus.plan(table.column("id").to_pylist(), table.column("source_file").to_pylist(),
                       table.column("content_sha256").to_pylist(),
                       table.column("language").to_pylist(), config.splits,
                       config.build.rows_per_shard)
    for entry, final_id in zip(record_entries, plan.ids, strict=True):
        inputs[entry]["id"] = final_id  # a repeated id was renamed by the plan
    table = table.set_column(table.schema.get_field_index("id"), "id", pa.array(plan.ids))
    table = table.set_column(table.schema.get_field_index("duplicate_of"), "duplicate_of",
                             pa.array(plan.duplicate_of, pa.string()))
    outputs = []
    for (lang, split), shards in plan.shards.items():
        for k, rows in enumerate(shards):
            path = staged / "data" / lang / shard_name(split, k, len(shards))
            part = table.take(rows)
            write_shard(part, path)
            entry = manifest.output_entry(staged, path, len(rows))
            entry["arrow_bytes"] = part.nbytes
            outputs.append(entry)
    write_jsonl(rejects, staged / "rejects.jsonl")
    outputs.append(manifest.output_entry(staged, staged / "rejects.jsonl", len(rejects)))
    if config.extract.audit_removed:
        write_jsonl(removed, staged / "removed_lines.jsonl")
        outputs.append(manifest.output_entry(staged, staged / "removed_lines.jsonl",
                                             len(removed)))
    return outputs, inputs, rejects, table, plan


def _same_data(old: dict, outputs: list[dict], schema: list[dict]) -> bool:
    """True when the data files and rejections are byte-identical to the old version's."""
    def key(entries):
        return sorted((e["path"], e["sha256"]) for e in entries if e["path"] != "README.md")

    return old.get("schema") == schema and key(old["outputs"]) == key(outputs)


def _files_by_config(outputs: list[dict]) -> dict[tuple[str, str], list[str]]:
    files: dict[tuple[str, str], list[str]] = {}
    for e in outputs:
        parts = e["path"].split("/")
        if parts[0] == "data":
            files.setdefault((parts[1], parts[2].split("-", 1)[0]), []).append(e["path"])
    return files


def _split_bytes(outputs: list[dict]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = Counter()
    for e in outputs:
        parts = e["path"].split("/")
        if parts[0] == "data":
            out[(parts[1], parts[2].split("-", 1)[0])] += e["arrow_bytes"]
    return dict(out)
