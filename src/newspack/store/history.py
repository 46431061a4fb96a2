"""Reading the version history: listing versions and diffing two of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newspack.store import diff, versions

MAX_FIELD_DIFFS = 1000  # modified ids whose changed fields are listed


def list_versions(out: Path) -> list[dict]:
    """Every published version, oldest first. The date is the manifest's ``created`` when the
    build set one, else when the version folder was published (file system time)."""
    rows = []
    for v in versions.version_dirs(out):
        m = versions.read_manifest(out, v)
        date = m.get("created") or dt.datetime.fromtimestamp(
            (out / versions.VERSIONS / v / "manifest.json").stat().st_mtime, dt.UTC
        ).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append({"version": v, "date": date, "documents": m["counts"]["records"],
                     "rejected": m["counts"]["rejected"],
                     "summary": m["changelog"][-1]["summary"] if m.get("changelog") else ""})
    return rows


def diff_versions(out: Path, a: str, b: str) -> dict:
    ma, mb = versions.read_manifest(out, a), versions.read_manifest(out, b)
    ch = diff.compare(out / versions.VERSIONS / a, out / versions.VERSIONS / b, ma["schema"],
                      mb["schema"], ma["outputs"], mb["outputs"])
    sa, sb = ma["statistics"], mb["statistics"]
    deltas = {}
    for key in ("by_language", "by_split", "by_language_split"):
        names = sorted(set(sa[key]) | set(sb[key]))
        deltas[key] = {n: sb[key].get(n, 0) - sa[key].get(n, 0) for n in names
                       if sb[key].get(n, 0) != sa[key].get(n, 0)}
    deltas["documents"] = sb["documents"] - sa["documents"]
    detailed = ch.modified[:MAX_FIELD_DIFFS]
    fields = diff.changed_fields(out / versions.VERSIONS / a, out / versions.VERSIONS / b, detailed)
    pointers = diff.duplicate_changes(out / versions.VERSIONS / a, out / versions.VERSIONS / b)
    return {"from": a, "to": b, "added": ch.added, "removed": ch.removed,
            "modified": ch.modified, "modified_fields": fields, "moved": ch.moved,
            "duplicate_of_changed": pointers,
            "schema": {"added": ch.fields_added, "removed": ch.fields_removed,
                       "retyped": ch.fields_retyped},
            "statistics": deltas, "summary": ch.summary()}


def format_diff(d: dict) -> str:
    lines = [f"{d['from']} -> {d['to']}: {d['summary']}"]
    for key in ("added", "removed", "modified", "moved"):
        if d[key]:
            shown = ", ".join(d[key][:20]) + (" ..." if len(d[key]) > 20 else "")
            lines.append(f"  {key} ({len(d[key])}): {shown}")
    for id_, fields in list(d["modified_fields"].items())[:20]:
        lines.append(f"    {id_}: {', '.join(fields)}")
    if d["duplicate_of_changed"]:
        shown = ", ".join(f"{r['id']} ({r['from'] or 'kept'} -> {r['to'] or 'kept'})"
                          for r in d["duplicate_of_changed"][:20])
        more = " ..." if len(d["duplicate_of_changed"]) > 20 else ""
        lines.append(f"  duplicate_of changed ({len(d['duplicate_of_changed'])}): {shown}{more}")
    for key in ("added", "removed", "retyped"):
        if d["schema"][key]:
            lines.append(f"  fields {key}: {', '.join(d['schema'][key])}")
    for key, val in d["statistics"].items():
        if val:
            lines.append(f"  {key}: {val:+d}" if isinstance(val, int) else f"  {key}: " +
                         ", ".join(f"{k} {v:+d}" for k, v in val.items()))
    return "\n".join(lines)
