"""Configuration errors are usage errors (exit 2) that name the key and what is expected."""

import re

import pytest

from newspack.config import Config, from_dict, load
from newspack.errors import UsageError


@pytest.mark.parametrize("data,message", [
    ({"build": {"sourcse": ["x"]}}, "unknown key 'build.sourcse'"),
    ({"bild": {}}, "unknown section [bild]"),
    ({"build": {"workers": "two"}}, "build.workers: expected int, got 'two'"),
    ({"extract": {"pii": "yes"}}, "extract.pii: expected bool"),
    ({"language": {"languages": "nb"}}, "language.languages: expected a list of strings"),
    ({"language": {"languages": ["nb", "xx"]}}, "'xx' is not an ISO 639-1 code"),
    ({"splits": {"test": 0.7, "validation": 0.5}}, "leave room for train"),
    ({"extract": {"filter": "import os"}}, "not a valid expression"),
    ({"extract": {"latest_date": "soon"}}, "extract.latest_date must be an ISO date"),
    ({"input": {"max_compression_ratio": "high"}}, "input.max_compression_ratio: expected float"),
    ({"dedup": {"treshold": 0.9}}, "unknown key 'dedup.treshold'"),
    ({"dataset": {"url": "example.org"}}, "dataset.url must be an http(s) URL"),
    ({"dataset": {"citation": ["a"]}}, "dataset.citation: expected str"),
    ({"dedup": {"near": 1}}, "dedup.near: expected bool"),
    ({"dedup": {"threshold": 1.5}}, "dedup.threshold must be in (0, 1]"),
    ({"dedup": {"shingle": 0}}, "dedup.shingle must be between 1 and 32"),
    ({"dedup": {"permutations": 8}}, "dedup.permutations must be between 16 and 1024"),
])
def test_bad_configuration_names_the_key(data, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        from_dict(data, "newspack.toml")


def test_paths_resolve_against_the_config_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    cfg = tmp_path / "sub" / "newspack.toml"
    cfg.write_text('[build]\nsources = ["articles"]\nout = "dist"\n'
                   '[extract]\nsidecar = "meta.csv"\n')
    config = load(cfg)
    assert config.build.sources == (str(tmp_path / "sub" / "articles"),)
    assert config.build.out == str(tmp_path / "sub" / "dist")
    assert config.extract.sidecar == str(tmp_path / "sub" / "meta.csv")


def test_hash_ignores_where_things_are_but_not_what_they_do():
    a = from_dict({"build": {"sources": ["a"], "out": "x"}})
    b = from_dict({"build": {"sources": ["b"], "out": "y"}})
    c = from_dict({"extract": {"pii": False}})
    assert a.sha256() == b.sha256() == Config().sha256() != c.sha256()
    assert a.extract_sha256() == Config().extract_sha256() != c.extract_sha256()


def test_invalid_toml_is_a_usage_error(tmp_path):
    cfg = tmp_path / "newspack.toml"
    cfg.write_text("[build\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        load(cfg)


def test_the_signature_settings_key_the_cache_and_the_threshold_does_not():
    base = Config().extract_sha256()
    assert from_dict({"dedup": {"threshold": 0.9}}).extract_sha256() == base
    assert from_dict({"dedup": {"shingle": 4}}).extract_sha256() != base
    assert from_dict({"dedup": {"threshold": 0.9}}).sha256() != Config().sha256()
