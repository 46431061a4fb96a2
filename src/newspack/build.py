"""``newspack build``: sources -> extract -> corpus stages -> shards -> card -> version.

This module only wires the stages together, in data-flow order; each stage lives in
its own module. Everything is written under ``DIR/.staging`` and published with one
rename, so a build killed at any point leaves the published versions as they were.
"""

from __future__ import annotations

import functools
import gc
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newspack import __version__
from newspack.config import Config, settings_sha256
from newspack.corpus import exclusions, shards
from newspack.corpus.collect import collect
from newspack.engines import cache, fingerprint
from newspack.engines.engine import open_engine, pending
from newspack.engines.outcomes import outcomes
from newspack.errors import UsageError
from newspack.extract import signature
from newspack.extract.document import EXTRACTOR_VERSION
from newspack.faults import checkpoint, interrupts_kept
from newspack.inputs import sidecar
from newspack.inputs.sources import list_inputs
from newspack.memory import give_back
from newspack.publish import card, croissant, figures, stats
from newspack.schema import SCHEMA_VERSION, schema_description
from newspack.store import carry, diff, manifest, signatures, versions
from newspack.store import inputs as input_list
from newspack.store.parquet import release_pages


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str | None  # None: no changes
    previous: str | None
    summary: str
    counts: dict
    warnings: list[str] = field(default_factory=list)
    work: dict = field(default_factory=dict)  # inputs carried over / cached / extracted


def build(sources: list[str], out: Path, config: Config, version: str | None = None,
          progress: bool = True, use_cache: bool = True) -> BuildResult:
    try:
        with interrupts_kept():
            return _build(sources, out, config, version, progress, use_cache)
    finally:  # a process that builds again (a script, a service) starts from what is live
        gc.collect()
        release_pages()


def _build(sources: list[str], out: Path, config: Config, version: str | None,
           progress: bool, use_cache: bool) -> BuildResult:
    if version:
        versions.parse_version(version)  # a malformed number is a usage error, before any work
    items = list_inputs(sources)
    side = sidecar.load(config.extract.sidecar)
    rules = config.exclusion_rules()
    with versions.locked(out), open_engine(config) as engine:
        previous = versions.newest(out)
        if version and previous and (versions.parse_version(version)
                                     <= versions.parse_version(previous)):
            raise UsageError(f"--version {version} must be greater than the newest, {previous}")
        _sync_root_card(out, previous)  # heals a build killed right after publishing
        work: dict = {}
        old = versions.read_manifest(out, previous) if previous else None
        with cache.opened(out / cache.CACHE_DIR if use_cache else None) as c:
            inputs_sha, item_units = fingerprint.compute(items, config, c, engine)
            give_back()  # between stages: each stage's peak then starts from what is live
            if old and _nothing_to_do(old, inputs_sha, config, side):
                shutil.rmtree(out / versions.STAGING, ignore_errors=True)  # a killed build's
                return BuildResult(out, None, previous, f"no changes: {out} stays at {previous}",
                                   old["counts"], [], {"carried": input_list.count(old),
                                                       "cached": 0, "extracted": 0})
        staging = versions.fresh_staging(out)
        staged = staging / "version"
        staged.mkdir()
        # without the cache nothing is carried either: a build from scratch, as a check
        old_inputs = input_list.read_table(out / versions.VERSIONS / previous, old) \
            if old else None
        carry_ok = use_cache and _same_settings(old, config, side, rules=False)
        carried = carry.carryable(old_inputs, carry_ok, item_units)
        carried = exclusions.uncarry(carried, item_units, old, out / versions.VERSIONS
                                     / previous if previous else None, rules)
        todo = items.take(np.flatnonzero(~carried.files(item_units))) if len(carried) \
            else items
        if old_inputs is not None:  # read again once the workers are gone
            carried = carried.lazy(functools.partial(
                input_list.read_table, out / versions.VERSIONS / previous, old))
            old_inputs = None
        work["carried"] = len(carried)
        with cache.opened(out / cache.CACHE_DIR if use_cache else None) as c:
            units = pending(todo, config, c, engine, checked=True)  # or names for workers
            results = exclusions.apply(outcomes(units, side, config, c, engine, work), rules)
            collected = collect(results, item_units, carried, staging, progress,
                                out / versions.VERSIONS / previous if previous else None,
                                config.dedup.permutations if config.dedup.near else 0,
                                extracted=engine.close)  # the workers (a private Ray)
            c.flush()
            notes = [c.failed] if c.failed else []
        # the listing's and the old input list's per-input state (some 400 MB at a million
        # inputs): collected holds what the later stages need, as columns and spools
        del items, todo, item_units, carried, units, results, old_inputs
        checkpoint("extract")
        release_pages()  # what the loop freed, and the spools' pages read so far
        prev = versions.previous(out, previous, old)
        prev_dir = prev.dir if prev else None
        generation = len(prev.manifest.get("changelog", [])) if prev else 0  # this build's
        same_dedup = bool(prev) and prev.manifest.get("dedup") == signature.settings(config.dedup)
        # read where the plan needs it, and let go once aligned
        published = (lambda: signatures.published(prev_dir, generation - 1)) if prev else None
        plan = shards.plan(collected, config, prev, published, same_dedup, generation)
        release_pages()
        outputs = shards.write(collected, plan, staged, config, prev)
        input_list.write(collected.inputs, staged / input_list.FILE)
        outputs.append(manifest.output_entry(staged, staged / input_list.FILE, None))
        checkpoint("shards")
        st = stats.compute(collected.table, plan.split_names(), plan.kind,
                           len(collected.rejects),
                           dict(Counter(r["reason"] for r in collected.rejects)))
        release_pages()
        schema = schema_description()
        old = prev.manifest if prev else None
        if old and _same_data(old, outputs, schema) and _same_card(
                prev_dir, _card(config, previous, st, old.get("changelog", []), outputs)) \
                and croissant.same(prev_dir, _croissant(config, previous, outputs, st)):
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(out, None, previous, f"no changes: {out} stays at {previous}",
                               old["counts"], _warnings(side, collected.rejects, notes), work)
        changes = diff.compare(prev_dir, staged, old["schema"], schema, old["outputs"],
                               outputs) if old else None
        number = version or diff.next_version(previous, changes.level() or "patch"
                                              if changes else "major")
        summary = changes.summary() if changes else f"first version: {st['documents']} documents"
        summary, on_request = exclusions.note(summary, collected.rejects, prev_dir)
        changelog = [*(old.get("changelog", []) if old else []),
                     {"version": number, "summary": summary, **on_request}]
        readme = _card(config, number, st, changelog, outputs)
        (staged / "README.md").write_text(readme, encoding="utf-8", newline="\n")
        outputs.append(manifest.output_entry(staged, staged / "README.md", None))
        outputs += [manifest.output_entry(staged, path, None) for path in
                    figures.render(collected.table, plan.kind, staged / figures.FOLDER)]
        outputs.append(croissant.write(staged, _croissant(config, number, outputs, st)))
        counts = {"inputs": collected.inputs.num_rows, "records": st["documents"],
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
            "dedup": signature.settings(config.dedup),
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
        }
        (staged / "manifest.json").write_text(manifest.dumps(doc), encoding="utf-8",
                                              newline="\n")
        (staging / "spool.arrow").unlink()
        versions.link_identical(staged, outputs, prev_dir, old["outputs"] if old else [])
        checkpoint("staged")
        versions.publish(staged, out, number)
        checkpoint("published")
        _sync_root_card(out, number)
        shutil.rmtree(staging, ignore_errors=True)
        warnings = _warnings(side, collected.rejects, notes)
        return BuildResult(out, number, previous, summary, counts, warnings, work)


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


def _croissant(config: Config, number: str, outputs: list[dict], st: dict) -> dict:
    languages = sorted(k for k in st["by_language"] if k != "und")  # as the card's YAML
    return croissant.document(config, number, outputs, languages)


def _sync_root_card(out: Path, version: str | None) -> None:
    """DIR/README.md is the newest version's card, pointing into that version (and
    DIR/croissant.json its Croissant)."""
    if version is None:
        return
    croissant.sync_root(out, version)
    text = (out / versions.VERSIONS / version / "README.md").read_text(encoding="utf-8")
    root = card.root_card(text, version)
    path = out / "README.md"
    if not path.is_file() or path.read_text(encoding="utf-8") != root:
        versions.write_atomic(path, root)


def _same_settings(old: dict | None, config: Config, side: sidecar.Sidecar,
                   rules: bool = True) -> bool:
    """Same configuration (with or without the exclusion rules), sidecar, extractor and
    newspack as the version ``old``."""
    if old is None:
        return False
    old_side = (old.get("sidecar") or {}).get("sha256", "")
    same_config = (old["config_sha256"] == config.sha256() if rules else
                   settings_sha256(old["config"], False)
                   == settings_sha256(config.output_affecting(), False))
    return (same_config and old["newspack_version"] == __version__
            and old["extractor_version"] == EXTRACTOR_VERSION and old_side == side.sha256
            and old.get("dedup") == signature.settings(config.dedup))


def _nothing_to_do(old: dict, inputs_sha: str, config: Config, side: sidecar.Sidecar) -> bool:
    """Same inputs and settings as the newest version: the build would give the same
    bytes, so it need not run."""
    return old.get("inputs_sha256") == inputs_sha and _same_settings(old, config, side)


def _same_card(prev_dir: Path, card_as_previous: str) -> bool:
    """Whether the card would read the same (its prose, license, statistics) if this build
    were published under the previous number; if not, the change is a PATCH."""
    return (prev_dir / "README.md").read_text(encoding="utf-8") == card_as_previous


def _same_data(old: dict, outputs: list[dict], schema: list[dict]) -> bool:
    """True when the data files and rejections are byte-identical to the old version's
    (the card and the Croissant are compared on their own, and the figures follow the
    data)."""
    def key(entries):
        return sorted((e["path"], e["sha256"]) for e in entries
                      if e["path"] not in ("README.md", croissant.FILE)
                      and not e["path"].startswith(figures.FOLDER + "/"))

    return old.get("schema") == schema and key(old["outputs"]) == key(outputs)


def _warnings(side: sidecar.Sidecar, rejects: list[dict], notes: list[str]) -> list[str]:
    warnings = list(notes)
    if rejects:
        reasons = Counter(r["reason"] for r in rejects)
        detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        warnings.append(f"{len(rejects)} input(s) rejected ({detail}); see {shards.REJECTS}")
    unmatched = side.unmatched()
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (" ..." if len(unmatched) > 5 else "")
        warnings.append(f"{side.name}: {len(unmatched)} sidecar row(s) match no input: {shown}")
    return warnings
