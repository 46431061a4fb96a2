"""``croissant.json``: the version described in Croissant 1.1 JSON-LD, for machines.

Every Parquet data file is a FileObject with its real sha256 (the Hub's own Croissant
has placeholders); each configuration (``all`` and one per language) is a FileSet; one
RecordSet holds the schema's fields with their Croissant data types. The document is
built in a fixed key order from the manifest's output entries, with no clock in it
(``datePublished`` comes from ``SOURCE_DATE_EPOCH`` or is left out), so the same data
gives the same bytes. The manifest lists this file's checksum; this file never lists
the manifest, the card or itself, so there is no checksum cycle.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from newspack.config import Config
from newspack.schema import DESCRIPTIONS, SCHEMA
from newspack.store import manifest, versions

FILE = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
PARQUET = "application/x-parquet"
RECORD_SET = "all"

# mlcroissant's own context for 1.1 (mlcroissant._src.core.rdf.make_context), written
# out here: the package is a test dependency only, and the context must not drift.
CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format",
    "includes": "cr:includes", "isArray": "cr:isArray", "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5",
    "name": {"@container": "@language"}, "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex",
    "repeated": "cr:repeated", "replace": "cr:replace", "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source",
    "subField": "cr:subField", "transform": "cr:transform",
}

DATA_TYPES = {pa.string(): "sc:Text", pa.bool_(): "sc:Boolean", pa.int16(): "cr:Int16",
              pa.int32(): "cr:Int32", pa.float32(): "cr:Float32"}


def data_type(arrow_type: pa.DataType) -> str:
    """
    >>> data_type(pa.string()), data_type(pa.int16())
    ('sc:Text', 'cr:Int16')
    """
    return DATA_TYPES[arrow_type]


def _file_set(name: str, pattern: str, description: str) -> dict:
    return {"@type": "cr:FileSet", "@id": f"files/{name}", "name": f"files/{name}",
            "description": description, "encodingFormat": PARQUET, "includes": pattern}


def _distribution(outputs: list[dict]) -> list[dict]:
    data = sorted((e for e in outputs if e["path"].startswith("data/")),
                  key=lambda e: e["path"])
    files = [{"@type": "cr:FileObject", "@id": e["path"], "name": e["path"],
              "contentUrl": e["path"], "contentSize": f"{e['bytes']} B",
              "encodingFormat": PARQUET, "sha256": e["sha256"]} for e in data]
    languages = sorted({e["path"].split("/")[1] for e in data})
    sets = [_file_set("all", "data/*/*.parquet", "Configuration all: every language.")]
    sets += [_file_set(lang, f"data/{lang}/*.parquet", f"Configuration {lang}: the "
                       f"documents in language {lang}.") for lang in languages]
    return files + sets


def _record_set() -> dict:
    fields = [{"@type": "cr:Field", "@id": f"{RECORD_SET}/{f.name}", "name": f.name,
               "description": DESCRIPTIONS[f.name], "dataType": data_type(f.type),
               "source": {"fileSet": {"@id": "files/all"}, "extract": {"column": f.name}}}
              for f in SCHEMA]
    return {"@type": "cr:RecordSet", "@id": RECORD_SET, "name": RECORD_SET,
            "description": "One news article a record, as stored in the Parquet files.",
            "key": {"@id": f"{RECORD_SET}/id"}, "field": fields}


def document(config: Config, version: str, outputs: list[dict],
             languages: list[str]) -> dict:
    """The Croissant metadata of a version whose files are ``outputs`` (manifest entries)."""
    d = config.dataset
    doc = {"@context": CONTEXT, "@type": "sc:Dataset", "name": d.name,
           "description": d.description or "News articles packaged with newspack.",
           "conformsTo": CONFORMS_TO, "alternateName": d.pretty_name}
    if d.citation:
        doc["citeAs"] = d.citation
    if d.creator:
        doc["creator"] = {"@type": "sc:Organization", "name": d.creator}
    published = manifest.created()
    if published:
        doc["datePublished"] = published
    doc["inLanguage"] = languages
    doc["keywords"] = ["news", "newspack"]
    doc["license"] = d.license
    if d.url:
        doc["url"] = d.url
    doc["version"] = version
    doc["distribution"] = _distribution(outputs)
    doc["recordSet"] = [_record_set()]
    return doc


def dumps(doc: dict) -> str:
    """Indented JSON in the document's own key order (fixed by construction)."""
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def write(version_dir: Path, doc: dict) -> dict:
    """Write ``croissant.json`` into a version folder; its manifest entry."""
    path = version_dir / FILE
    path.write_text(dumps(doc), encoding="utf-8", newline="\n")
    return manifest.output_entry(version_dir, path, None)


def same(prev_dir: Path, doc: dict) -> bool:
    """Whether the previous version's Croissant says what ``doc`` says (its publication
    date aside: a rebuild at another SOURCE_DATE_EPOCH changes nothing a reader sees)."""
    path = prev_dir / FILE
    if not path.is_file():
        return False  # a version from before Croissant: the new file is a PATCH
    old = json.loads(path.read_text(encoding="utf-8"))
    old.pop("datePublished", None)
    return old == {k: v for k, v in doc.items() if k != "datePublished"}


def rooted(doc: dict, prefix: str) -> dict:
    """The same document with its file paths under ``prefix`` (the store's root copy)."""
    out = dict(doc)
    out["distribution"] = [
        {**node, **({"contentUrl": prefix + node["contentUrl"]} if "contentUrl" in node else {}),
         **({"includes": prefix + node["includes"]} if "includes" in node else {})}
        for node in doc["distribution"]]
    return out


def sync_root(out: Path, version: str | None) -> None:
    """DIR/croissant.json is the newest version's, its paths pointing into that version."""
    if version is None:
        return
    source = out / versions.VERSIONS / version / FILE
    if not source.is_file():
        return  # a version published before newspack wrote Croissant
    doc = json.loads(source.read_text(encoding="utf-8"))
    text = dumps(rooted(doc, f"{versions.VERSIONS}/{version}/"))
    path = out / FILE
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        versions.write_atomic(path, text)
