"""The record: declared once, here.

The pyarrow schema is the single source of truth; the Hugging Face ``Features``, the
card's ``dataset_info`` and the validator all derive from it, so a field added here
shows up everywhere at once.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = 1

# (name, arrow type, nullable, description). Order is the column order on disk.
_FIELDS: list[tuple[str, pa.DataType, bool, str]] = [
    ("id", pa.string(), False,
     "Stable id: the hex part of a NNN_<hex>.txt file name, else a hash of the relative path."),
    ("text", pa.string(), False,
     "Article body: boilerplate removed, Unicode NFC, paragraphs separated by one blank line."),
    ("title", pa.string(), True, "The headline, when the article has one."),
    ("date", pa.string(), True,
     "Publication date, ISO 8601 at the source's precision (2016-10, 2015-10-02)."),
    ("date_source", pa.string(), True,
     "Where the date was read: header, byline, title, dateline (near the headline), html "
     "(page metadata) or sidecar."),
    ("year", pa.int16(), True, "Year of publication."),
    ("language", pa.string(), False, "ISO 639-1 code of the text's language; und when not sure."),
    ("language_score", pa.float32(), False, "Confidence of the language, 0 to 1."),
    ("other_language_share", pa.float32(), False,
     "Share of the text's characters in lines of another language (a foreign menu, say)."),
    ("publisher", pa.string(), True, "Publisher or site, from the article or a metadata sidecar."),
    ("url", pa.string(), True, "Source URL, from a metadata sidecar."),
    ("license", pa.string(), True, "License of the article, from a metadata sidecar."),
    ("source_file", pa.string(), False, "Path of the input, relative to its source root."),
    ("content_sha256", pa.string(), False, "SHA-256 of text (UTF-8)."),
    ("n_chars", pa.int32(), False, "Characters in text."),
    ("n_words", pa.int32(), False, "Whitespace-separated words in text."),
    ("duplicate_of", pa.string(), True,
     "Id of the kept document when this one is an exact or near duplicate of it."),
    ("encoding", pa.string(), False, "Encoding the input was decoded from."),
    ("text_repaired", pa.bool_(), False, "Whether mojibake or other text damage was repaired."),
    ("boilerplate_lines", pa.int32(), False, "Lines the cleaner removed (menus, credits, ...)."),
    ("pii_redactions", pa.int32(), False,
     "E-mail addresses, phone numbers and national id numbers replaced by placeholders."),
    ("mean_word_length", pa.float32(), False, "Mean length of the words in text."),
    ("punct_line_share", pa.float32(), False, "Share of paragraphs ending in punctuation."),
    ("repeated_line_share", pa.float32(), False,
     "Share of the input's lines that repeated an earlier paragraph."),
    ("symbol_share", pa.float32(), False, "Share of characters that are symbols."),
    ("stopword_share", pa.float32(), False,
     "Share of words that are function words of the detected language."),
    ("extra", pa.string(), True, "Other metadata sidecar columns, as a JSON object."),
    # set by the corpus stage (corpus/dedup.py), not by extraction: last, with defaults
    ("duplicate_kind", pa.string(), True,
     "exact or near when this document is a duplicate of duplicate_of; null for a kept one."),
    ("duplicate_similarity", pa.float32(), True,
     "Estimated Jaccard similarity (MinHash of word shingles) with duplicate_of."),
]

SCHEMA: pa.Schema = pa.schema(
    [pa.field(name, typ, nullable=nullable, metadata={"description": desc})
     for name, typ, nullable, desc in _FIELDS],
    metadata={"newspack_schema_version": str(SCHEMA_VERSION)},
)
FIELD_NAMES: tuple[str, ...] = tuple(f[0] for f in _FIELDS)
DESCRIPTIONS: dict[str, str] = {f[0]: f[3] for f in _FIELDS}


@dataclass(frozen=True, slots=True)
class Record:
    """One article as it lands in the dataset; field order and names follow SCHEMA."""

    id: str
    text: str
    title: str | None
    date: str | None
    date_source: str | None
    year: int | None
    language: str
    language_score: float
    other_language_share: float
    publisher: str | None
    url: str | None
    license: str | None
    source_file: str
    content_sha256: str
    n_chars: int
    n_words: int
    duplicate_of: str | None
    encoding: str
    text_repaired: bool
    boilerplate_lines: int
    pii_redactions: int
    mean_word_length: float
    punct_line_share: float
    repeated_line_share: float
    symbol_share: float
    stopword_share: float
    extra: str | None
    duplicate_kind: str | None = None
    duplicate_similarity: float | None = None

    def __reduce__(self):
        # pickled by value tuple: each record crosses from a worker to the main process,
        # and this is three times cheaper to unpickle than the dataclass default
        return (Record, tuple(getattr(self, name) for name in FIELD_NAMES))

    def to_row(self) -> dict:
        # not dataclasses.asdict: it deep-copies, and this runs for every record
        return {name: getattr(self, name) for name in FIELD_NAMES}


assert tuple(f.name for f in dataclasses.fields(Record)) == FIELD_NAMES, "Record and SCHEMA drifted"
_VALUES = operator.attrgetter(*FIELD_NAMES)  # a record's values as a tuple, in C


def record_batch(records: Sequence[Record]) -> pa.RecordBatch:
    """Records as one Arrow batch of SCHEMA, column by column."""
    if not records:
        return pa.RecordBatch.from_pylist([], schema=SCHEMA)
    columns = zip(*map(_VALUES, records), strict=True)
    return pa.RecordBatch.from_arrays([pa.array(v, f.type) for v, f in
                                       zip(columns, SCHEMA, strict=True)], schema=SCHEMA)


def features():
    """The ``datasets.Features`` for SCHEMA (datasets imported lazily: it is slow to import)."""
    from datasets import Features

    return Features.from_arrow_schema(SCHEMA)


# Arrow type -> the dtype name ``datasets.Value`` uses. The two functions below give what
# Features would, without importing datasets (half a second on every build); a test
# checks that they agree with datasets itself.
_DTYPES = {pa.string(): "string", pa.int16(): "int16", pa.int32(): "int32",
           pa.float32(): "float32", pa.bool_(): "bool"}


def features_dict() -> dict:
    """``features().to_dict()``: what datasets stores in a Parquet file's metadata."""
    return {f.name: {"dtype": _DTYPES[f.type], "_type": "Value"} for f in SCHEMA}


def features_yaml() -> list[dict]:
    """``features()._to_yaml_list()``: the card's dataset_info features."""
    return [{"name": f.name, "dtype": _DTYPES[f.type]} for f in SCHEMA]


def schema_description() -> list[dict]:
    """SCHEMA as plain data, for the manifest and for schema diffs between versions."""
    return [{"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in SCHEMA]
