"""``newspack validate``: re-check a published version against its manifest.

Checksums, schema, row counts, the card and the accounting (inputs = records +
rejections). Every fault is collected and reported; any fault fails the check.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import yaml

from newspack.engines import fingerprint
from newspack.store import inputs as input_list
from newspack.store import signatures, versions
from newspack.store.manifest import sha256_file


def validate_version(out: Path, version: str) -> list[str]:
    """Faults found in ``out/versions/version``; empty when it is sound."""
    vdir = out / versions.VERSIONS / version
    manifest = versions.read_manifest(out, version)
    faults: list[str] = []
    listed = {e["path"] for e in manifest["outputs"]} | {"manifest.json"}
    on_disk = {p.relative_to(vdir).as_posix() for p in vdir.rglob("*") if p.is_file()}
    faults += [f"{p}: file not listed in the manifest" for p in sorted(on_disk - listed)]
    rows_by_file, signed = {}, 0
    declared = [(f["name"], f["type"], f["nullable"]) for f in manifest["schema"]]
    for entry in manifest["outputs"]:
        path = vdir / entry["path"]
        if not path.is_file():
            faults.append(f"{entry['path']}: listed in the manifest but missing")
            continue
        if path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            faults.append(f"{entry['path']}: checksum differs from the manifest (file changed)")
            continue
        if entry["path"].startswith("data/"):
            meta = pq.read_metadata(path)
            rows_by_file[entry["path"]] = meta.num_rows
            if _described(meta.schema.to_arrow_schema()) != declared:
                faults.append(f"{entry['path']}: schema differs from the one the manifest "
                              "declares")
            if meta.num_rows != entry.get("rows"):
                faults.append(f"{entry['path']}: {meta.num_rows} rows, manifest says "
                              f"{entry.get('rows')}")
        elif entry["path"].startswith(signatures.FOLDER + "/"):
            signed += entry.get("rows", 0)
    counts = manifest["counts"]
    records = sum(rows_by_file.values())
    if "dedup" in manifest and signed != counts["records"]:
        faults.append(f"{signatures.FOLDER}: {signed} signatures, manifest counts "
                      f"{counts['records']} records")
    if records != counts["records"]:
        faults.append(f"data: {records} rows in the shards, manifest counts {counts['records']}")
    if counts["inputs"] != counts["records"] + counts["rejected"]:
        faults.append(f"manifest: inputs {counts['inputs']} != records {counts['records']} + "
                      f"rejected {counts['rejected']}")
    try:
        listed = input_list.read_table(vdir, manifest)
    except (OSError, ValueError) as e:  # pyarrow's errors are OSError or ValueError kinds
        listed = None
        faults.append(f"{input_list.FILE}: unreadable ({e})")
    if listed is not None and manifest.get("inputs_sha256") != fingerprint.of_inputs(listed):
        faults.append("manifest: inputs_sha256 does not match the inputs listed")
    if listed is not None and listed.num_rows != counts["inputs"]:
        faults.append(f"manifest: {listed.num_rows} inputs listed, {counts['inputs']} counted")
    faults += _check_card(vdir, manifest, rows_by_file)
    return faults


def _described(schema) -> list[tuple[str, str, bool]]:
    return [(f.name, str(f.type), f.nullable) for f in schema]


def _check_card(vdir: Path, manifest: dict, rows_by_file: dict[str, int]) -> list[str]:
    from huggingface_hub import DatasetCard

    path = vdir / "README.md"
    if not path.is_file():
        return []  # already reported as missing
    try:
        data = DatasetCard(path.read_text(encoding="utf-8")).data.to_dict()
    except (ValueError, yaml.YAMLError) as e:
        return [f"README.md: card metadata does not parse ({e})"]
    faults = []
    infos = {i["config_name"]: i for i in data.get("dataset_info", [])}
    for cfg in data.get("configs", []):
        name = cfg["config_name"]
        for df in cfg["data_files"]:
            matched = [p for p in rows_by_file if Path(p).match(df["path"])]
            if not matched:
                faults.append(f"README.md: config {name} split {df['split']} matches no file")
                continue
            want = next((s["num_examples"] for s in infos.get(name, {}).get("splits", [])
                         if s["name"] == df["split"]), None)
            got = sum(rows_by_file[p] for p in matched)
            if want != got:
                faults.append(f"README.md: config {name} split {df['split']} says {want} "
                              f"rows, files hold {got}")
    if "all" not in infos:
        faults.append("README.md: no dataset_info for the default config 'all'")
    return faults
