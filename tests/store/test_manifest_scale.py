"""manifest.json does not grow with the corpus (the input list is inputs.parquet), and a
version written with the input list inside its manifest (format 1) still validates and
diffs against a newer one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from newspack.cli import main
from newspack.store import inputs as input_list
from newspack.store import manifest as manifest_module

WORDS = ("brua", "vegen", "kommunen", "bussen", "skulen", "elva", "fjellet", "byen",
         "hamna", "tunnelen", "ferja", "garden")


def _corpus(folder: Path, n: int) -> Path:
    """n articles alike in everything the statistics count (language, no date or
    publisher, one length bin), different in their words."""
    folder.mkdir(parents=True)
    for i in range(n):
        a, b, c = (WORDS[(i * k + k) % len(WORDS)] for k in (1, 5, 7))
        body = " ".join(f"Nye planar for {a} og {b} vart lagde fram i dag, og {c} "
                        f"får pengar i år {i} {j}." for j in range(12))
        (folder / f"{i:06d}_{i:016x}.txt").write_text(f"Nytt om {a} nr {i}\n\n{body}\n",
                                                      encoding="utf-8")
    return folder


def _build(src: Path, out: Path, *extra: str) -> None:
    assert main(["build", str(src), "--out", str(out), "--no-progress", *extra]) == 0


def test_the_manifest_size_does_not_depend_on_the_number_of_inputs(tmp_path):
    sizes = {}
    for n in (12, 240):
        out = tmp_path / f"out{n}"
        _build(_corpus(tmp_path / f"c{n}", n), out)
        text = (out / "versions/1.0.0/manifest.json").read_text(encoding="utf-8")
        assert "000011_000000000000000b.txt" not in text  # no input is listed in it
        sizes[n] = len(text.encode())
        assert pq.read_metadata(out / "versions/1.0.0" / input_list.FILE).num_rows == n
    assert abs(sizes[240] - sizes[12]) < 300, sizes  # 20 times the inputs, a few digits more


def _as_format_1(vdir: Path) -> None:
    """Rewrite a version as newspack wrote it before inputs.parquet: the input list in the
    manifest (columns and rows), no inputs.parquet in the outputs."""
    doc = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
    table = pq.read_table(vdir / input_list.FILE)
    doc["format"] = "newspack-manifest/1"
    doc["inputs"] = {"columns": list(input_list.COLUMNS),
                     "rows": [list(r.values()) for r in table.to_pylist()]}
    doc["outputs"] = [o for o in doc["outputs"] if o["path"] != input_list.FILE]
    (vdir / input_list.FILE).unlink()
    (vdir / "manifest.json").write_text(manifest_module.dumps(doc), encoding="utf-8")


def test_a_format_1_version_still_validates_and_diffs(tmp_path, capsys):
    src = _corpus(tmp_path / "c", 12)
    out = tmp_path / "out"
    _build(src, out)
    _as_format_1(out / "versions/1.0.0")
    assert main(["validate", str(out), "--version", "1.0.0"]) == 0
    shutil.copy(next(src.glob("000003_*")), src / "000099_00000000000000ff.txt")
    (src / "000100_0000000000000100.txt").write_text(
        "Ny sak om ferja\n\n" + "Ferja går igjen etter fleire veker med stans. " * 10,
        encoding="utf-8")
    _build(src, out)  # carries the old inputs over from the format-1 list
    assert main(["validate", str(out)]) == 0
    capsys.readouterr()
    assert main(["diff", str(out), "1.0.0", "1.1.0", "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert json.dumps(changes).count("0000000000000100") >= 1
    new = json.loads((out / "versions/1.1.0/manifest.json").read_text(encoding="utf-8"))
    assert new["format"] == manifest_module.FORMAT and "inputs" not in new
    assert new["counts"]["inputs"] == 14
