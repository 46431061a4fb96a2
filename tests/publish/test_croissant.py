"""croissant.json: Croissant 1.1 that mlcroissant validates and reads offline, with the
real sha256 of every data file, and a root copy that follows the newest version."""

import hashlib
import json
import socket
import subprocess
import sys

import pytest

from newspack.build import build
from newspack.config import Config, DatasetConfig
from newspack.publish import croissant
from newspack.schema import FIELD_NAMES, SCHEMA

mlc = pytest.importorskip("mlcroissant")
pytestmark = [pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated"),
              pytest.mark.filterwarnings("ignore:The inplace keyword")]  # rdflib's, pandas'

# mlcroissant's command line, run with every socket refused: validation must not need
# the network
OFFLINE_CLI = ("import socket, sys\n"
               "def refuse(*a, **k): raise OSError('network used')\n"
               "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
               "from mlcroissant.scripts.cli import main\nmain()\n")
CITATION = "@misc{seeds2024,\n  title = {newspack seeds},\n  year = {2024}\n}"


def _validate(path):
    return subprocess.run([sys.executable, "-c", OFFLINE_CLI, "validate", "--jsonld", str(path)],
                          capture_output=True, text=True, check=False, timeout=300)


def _doc(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_mlcroissant_validates_version_and_root_offline(seeds_dataset):
    for path in (seeds_dataset / "versions/1.0.0/croissant.json",
                 seeds_dataset / "croissant.json"):
        proc = _validate(path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "error(s)" not in proc.stderr and "Done." in proc.stderr, proc.stderr


def test_mlcroissant_reads_the_records_of_a_local_version_offline(seeds_dataset, offline):
    import pyarrow.parquet as pq

    vdir = seeds_dataset / "versions/1.0.0"
    ds = mlc.Dataset(str(vdir / "croissant.json"))
    records = list(ds.records(croissant.RECORD_SET))
    ids = {i for p in vdir.glob("data/*/*.parquet")
           for i in pq.read_table(p, columns=["id"]).column("id").to_pylist()}
    assert len(records) == 5 and {r["all/id"].decode() for r in records} == ids
    assert set(records[0]) == {f"all/{name}" for name in FIELD_NAMES}
    dated = [r for r in records if r["all/year"] is not None]
    assert {int(r["all/year"]) for r in dated} == {2015, 2016, 2022}
    assert {r["all/language"].decode() for r in records} == {"da", "en", "nb", "nn"}


def test_every_data_file_is_a_file_object_with_its_real_sha256(seeds_dataset):
    vdir = seeds_dataset / "versions/1.0.0"
    doc = _doc(vdir / "croissant.json")
    objects = {n["contentUrl"]: n for n in doc["distribution"] if n["@type"] == "cr:FileObject"}
    on_disk = sorted(p.relative_to(vdir).as_posix() for p in vdir.glob("data/*/*.parquet"))
    assert sorted(objects) == on_disk
    for path, node in objects.items():
        data = (vdir / path).read_bytes()
        assert node["sha256"] == hashlib.sha256(data).hexdigest()
        assert node["contentSize"] == f"{len(data)} B"
    sets = {n["@id"]: n["includes"] for n in doc["distribution"] if n["@type"] == "cr:FileSet"}
    assert sets == {"files/all": "data/*/*.parquet", **{
        f"files/{lang}": f"data/{lang}/*.parquet" for lang in ("da", "en", "nb", "nn")}}
    fields = doc["recordSet"][0]["field"]
    assert [f["name"] for f in fields] == list(FIELD_NAMES)
    types = {f["name"]: f["dataType"] for f in fields}
    assert (types["text"], types["year"], types["language_score"], types["text_repaired"]) == (
        "sc:Text", "cr:Int16", "cr:Float32", "sc:Boolean")
    assert all(croissant.data_type(f.type) == types[f.name] for f in SCHEMA)
    assert (doc["conformsTo"], doc["version"], doc["license"]) == (
        croissant.CONFORMS_TO, "1.0.0", "unknown")
    for absent in ("datePublished", "citeAs", "url", "creator"):  # none configured or set
        assert absent not in doc


def test_the_manifest_lists_croissant_and_croissant_lists_no_manifest(seeds_dataset):
    vdir = seeds_dataset / "versions/1.0.0"
    outputs = {e["path"]: e for e in _doc(vdir / "manifest.json")["outputs"]}
    raw = (vdir / "croissant.json").read_bytes()
    assert outputs["croissant.json"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert b"manifest.json" not in raw and b"README.md" not in raw


def test_root_croissant_points_into_the_newest_version(seeds_dataset):
    root = _doc(seeds_dataset / "croissant.json")
    version = _doc(seeds_dataset / "versions/1.0.0/croissant.json")
    assert root == croissant.rooted(version, "versions/1.0.0/")
    urls = [n.get("contentUrl") or n["includes"] for n in root["distribution"]]
    assert all(u.startswith("versions/1.0.0/data/") for u in urls)


def test_configured_metadata_and_source_date_epoch(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dataset = DatasetConfig(name="seeds", license="cc-by-4.0", url="https://example.org/seeds",
                            creator="Example News Lab", citation=CITATION)
    out = tmp_path / "d"
    build([str(corpus)], out, Config(dataset=dataset), progress=False)
    path = out / "versions/1.0.0/croissant.json"
    doc = _doc(path)
    assert (doc["datePublished"], doc["url"], doc["citeAs"], doc["license"]) == (
        "2023-11-14T22:13:20Z", "https://example.org/seeds", CITATION, "cc-by-4.0")
    assert doc["creator"] == {"@type": "sc:Organization", "name": "Example News Lab"}
    proc = _validate(path)
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    meta = mlc.Dataset(str(path)).metadata
    assert (meta.cite_as, meta.url, meta.version) == (CITATION, "https://example.org/seeds",
                                                      "1.0.0")
    # another publication date alone changes nothing a reader sees: no new version
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build([str(corpus)], out, Config(dataset=dataset), progress=False).version is None


def test_a_croissant_only_change_is_a_patch_and_the_root_follows(corpus, tmp_path):
    out = tmp_path / "d"
    build([str(corpus)], out, Config(), progress=False)
    config = Config(dataset=DatasetConfig(url="https://example.org/news"))
    r = build([str(corpus)], out, config, progress=False)
    assert r.version == "1.0.1"
    assert _doc(out / "versions/1.0.1/croissant.json")["url"] == "https://example.org/news"
    root = _doc(out / "croissant.json")
    assert root["version"] == "1.0.1"
    assert root["distribution"][0]["contentUrl"].startswith("versions/1.0.1/data/")
    assert "](versions/1.0.1/figures/" in (out / "README.md").read_text(encoding="utf-8")
