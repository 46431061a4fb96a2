"""The card's figures: PNGs in figures/, listed with checksums, referenced with alt text,
and the same bytes from the same data."""

import hashlib
import json
import re

import pyarrow as pa
from PIL import Image

from conftest import SEEDS
from newspack.cli import main
from newspack.publish import figures


def _pngs(vdir):
    return {p.name: p.read_bytes() for p in sorted((vdir / figures.FOLDER).glob("*.png"))}


def test_figures_are_byte_identical_over_two_builds(seeds_dataset, tmp_path):
    other = tmp_path / "again"
    assert main(["build", str(SEEDS), "--out", str(other), "--no-progress"]) == 0
    a, b = _pngs(seeds_dataset / "versions/1.0.0"), _pngs(other / "versions/1.0.0")
    assert sorted(a) == sorted(figures.NAMES)
    assert a == b


def test_figures_decode_as_png_and_are_listed_with_checksums(seeds_dataset):
    vdir = seeds_dataset / "versions/1.0.0"
    outputs = {e["path"]: e for e in json.loads((vdir / "manifest.json").read_text())["outputs"]}
    for name, data in _pngs(vdir).items():
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert b"Software" not in data and b"tIME" not in data  # no version, no clock
        with Image.open(vdir / figures.FOLDER / name) as img:
            img.verify()
        with Image.open(vdir / figures.FOLDER / name) as img:
            assert img.size == (640, 360)
        entry = outputs[f"{figures.FOLDER}/{name}"]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_card_shows_every_figure_with_alt_text(seeds_dataset):
    card = (seeds_dataset / "versions/1.0.0/README.md").read_text(encoding="utf-8")
    shown = dict((path, alt) for alt, path in re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", card))
    assert sorted(shown) == sorted(f"{figures.FOLDER}/{n}" for n in figures.NAMES)
    assert all(len(alt) > 40 for alt in shown.values())
    assert "(2015 to 2022, and unknown)" in shown[f"{figures.FOLDER}/{figures.LANGUAGE_YEAR}"]
    root = (seeds_dataset / "README.md").read_text(encoding="utf-8")
    assert f"](versions/1.0.0/{figures.FOLDER}/{figures.DUPLICATES})" in root


def _table(languages, years):
    n = len(languages)
    return pa.table({"language": languages, "year": pa.array(years, pa.int16()),
                     "n_chars": pa.array([500 + 100 * i for i in range(n)], pa.int32()),
                     "language_score": pa.array([0.5 + i / (2 * n) for i in range(n)],
                                                pa.float32())})


def test_duplicate_kinds_and_an_empty_version_draw(tmp_path):
    table = _table(["nb", "nb", "nn", "da"], [2020, None, 2021, 2020])
    a = figures.render(table, [0, 1, 2, 0], tmp_path / "a")
    b = figures.render(table, [0, 1, 2, 0], tmp_path / "b")
    c = figures.render(table, [0, 0, 0, 0], tmp_path / "c")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    shares = figures.NAMES.index(figures.DUPLICATES)
    assert a[shares].read_bytes() != c[shares].read_bytes()
    empty = figures.render(_table([], []), [], tmp_path / "e")
    assert [p.name for p in empty] == list(figures.NAMES)
