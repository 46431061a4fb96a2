"""The schema is declared once; everything else is derived from it and must agree."""

import dataclasses

from newspack.schema import (
    FIELD_NAMES,
    SCHEMA,
    Record,
    features,
    features_dict,
    features_yaml,
    schema_description,
)


def test_hand_derived_features_agree_with_datasets():
    assert features_dict() == features().to_dict()
    assert features_yaml() == features()._to_yaml_list()


def test_record_schema_and_descriptions_agree():
    assert tuple(f.name for f in dataclasses.fields(Record)) == FIELD_NAMES
    assert [d["name"] for d in schema_description()] == list(SCHEMA.names)
    assert all(f.metadata[b"description"] for f in SCHEMA)


def test_schema_v1_minimum_fields_and_types():
    types = {f.name: str(f.type) for f in SCHEMA}
    assert {k: types[k] for k in ("id", "text", "title", "date", "year", "language",
                                  "language_score", "publisher", "url", "source_file",
                                  "content_sha256", "n_chars", "n_words", "duplicate_of")} == {
        "id": "string", "text": "string", "title": "string", "date": "string",
        "year": "int16", "language": "string", "language_score": "float",
        "publisher": "string", "url": "string", "source_file": "string",
        "content_sha256": "string", "n_chars": "int32", "n_words": "int32",
        "duplicate_of": "string"}
