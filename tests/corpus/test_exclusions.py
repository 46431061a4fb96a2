"""Removal on request: each rule kind, the rules file and its errors, the configuration
hash, and two versions (build, add a rule, build again)."""

import json
import re
import shutil

import pyarrow.parquet as pq
import pytest

from newspack.build import build
from newspack.cli import main
from newspack.config import Config, ExcludeConfig, ExtractConfig, from_dict, load
from newspack.corpus.exclusions import Rules, parse
from newspack.errors import UsageError

NN, EN, DA, NB1, NB2 = ("000_7b17a11f50f85528.txt", "001_eaff4a40da6c1649.txt",
                        "002_5a8d4ae86761d52a.txt", "003_4afb50867eb46622.txt",
                        "004_d7dba20fcdf5f498.txt")


def _rows(vdir):
    """source_file -> the record's row, from every shard of a version."""
    return {r["source_file"]: r for path in sorted((vdir / "data").glob("*/*.parquet"))
            for r in pq.read_table(path).to_pylist()}


def _rejects(vdir):
    path = vdir / "rejects.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _manifest(vdir):
    return json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def sidecar(corpus, tmp_path):
    """The Nynorsk article's publisher and the Danish one's url, from a sidecar."""
    path = tmp_path / "meta.csv"
    path.write_text(f"file,publisher,url\n{NN},NRK,\n{DA},,https://dr.dk/nyheder/2015/rusland\n")
    return str(path)


@pytest.mark.parametrize("rules,source,detail", [
    (ExcludeConfig(publishers=("dw",)), EN, "publisher: dw"),  # from the title, any case
    (ExcludeConfig(publishers=("NRK",)), NN, "publisher: NRK"),  # from the sidecar
    (ExcludeConfig(urls=("https://dr.dk/*",)), DA, "url: https://dr.dk/*"),
    (ExcludeConfig(ids=("4afb50867eb46622",)), NB1, "id: 4afb50867eb46622"),
    (ExcludeConfig(sources=("sub/*",)), "sub/004_d7dba20fcdf5f498.txt", "source: sub/*"),
])
def test_each_rule_kind_rejects_what_it_matches_and_nothing_else(corpus, tmp_path, sidecar,
                                                                 rules, source, detail):
    (corpus / "sub").mkdir()
    shutil.move(corpus / NB2, corpus / "sub" / NB2)
    config = Config(extract=ExtractConfig(sidecar=sidecar), exclude=rules)
    result = build([str(corpus)], tmp_path / "d", config, progress=False)
    vdir = tmp_path / "d/versions/1.0.0"
    [reject] = _rejects(vdir)
    assert (reject["source"], reject["reason"], reject["detail"]) == (source, "excluded", detail)
    assert source not in _rows(vdir) and len(_rows(vdir)) == 4
    assert result.counts["inputs"] == result.counts["records"] + result.counts["rejected"] == 5
    assert f"excluded on request: 1 input under `{detail}`" in result.summary
    audit = [pq.read_table(p).column("source").to_pylist() for p in vdir.glob("audit/**/*.parquet")]
    assert all(source not in sources for sources in audit)  # no line of it is kept


def test_matching_is_exact_for_publishers_and_globs_for_urls_and_sources():
    r = Rules.of([("publisher", "DW"), ("url", "https://x.no/2019/*"), ("source", "a/*.txt"),
                  ("id", "abc")])
    assert r.match("x", "b.txt", publisher=" dw ") == "publisher: DW"
    assert r.match("x", "b.txt", publisher="DW News") is None
    assert r.match("x", "b.txt", url="https://x.no/2019/05/a") == "url: https://x.no/2019/*"
    assert r.match("x", "b.txt", url="https://x.no/2020/a") is None
    assert r.match("x", "a/b/c.txt") == "source: a/*.txt"  # * crosses folders, as in fnmatch
    assert r.match("x", "A/c.txt") is None  # globs are case-sensitive
    assert r.match("abc", "a/c.txt") == "id: abc"  # id first, whatever else matches
    assert r.match("ABC", "z.txt") is None


def test_rules_file_format(tmp_path):
    text = "# NRK asked on 2024-03-01\n\npublisher: NRK\n  url:  https://x.no/a?b=1#c  \n" \
           "id: abc\nsource: 2019/*\n"
    assert parse(text, "x.txt") == [("publisher", "NRK"), ("url", "https://x.no/a?b=1#c"),
                                    ("id", "abc"), ("source", "2019/*")]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "exclusions.txt").write_text("\ufeff" + text, encoding="utf-8")
    (tmp_path / "sub" / "newspack.toml").write_text(
        '[exclude]\nfile = "exclusions.txt"\npublishers = ["NRK", "DW"]\n')
    config = load(tmp_path / "sub" / "newspack.toml")
    assert config.exclude.file == str(tmp_path / "sub" / "exclusions.txt")
    assert config.exclusion_rules().texts() == [
        "id: abc", "source: 2019/*", "url: https://x.no/a?b=1#c", "publisher: DW",
        "publisher: NRK"]  # unique, in one order whatever list they came from


@pytest.mark.parametrize("line,message", [
    ("publishers: NRK", "expected 'KIND: PATTERN' with KIND one of id, source, url, publisher"),
    ("NRK", "expected 'KIND: PATTERN'"),
    ("url:   ", "an empty url rule matches nothing"),
])
def test_a_bad_rules_line_is_a_usage_error_naming_file_and_line(tmp_path, capsys, line,
                                                                message):
    (tmp_path / "rules.txt").write_text(f"# ok\npublisher: NRK\n{line}\n")
    cfg = tmp_path / "newspack.toml"
    cfg.write_text('[build]\nsources = ["x"]\nout = "d"\n[exclude]\nfile = "rules.txt"\n')
    with pytest.raises(UsageError, match=re.escape(f"{tmp_path / 'rules.txt'}:3: {message}")):
        load(cfg)
    assert main(["build", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert f"rules.txt:3: {message}" in err and "Traceback" not in err


@pytest.mark.parametrize("data,message", [
    ({"exclude": {"publishers": "DW"}}, "exclude.publishers: expected a list of strings"),
    ({"exclude": {"publisher": ["DW"]}}, "unknown key 'exclude.publisher'"),
    ({"exclude": {"ids": [""]}}, "exclude.ids: an empty id rule matches nothing"),
    ({"exclude": {"file": 1}}, "exclude.file: expected str"),
])
def test_bad_exclude_table_names_the_key(data, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        from_dict(data, "newspack.toml")


def test_missing_or_undecodable_rules_file(tmp_path):
    cfg = tmp_path / "newspack.toml"
    cfg.write_text('[exclude]\nfile = "gone.txt"\n')
    with pytest.raises(UsageError, match=r"exclude.file: .*gone.txt not found"):
        load(cfg)
    (tmp_path / "gone.txt").write_bytes(b"publisher: \xff\n")
    with pytest.raises(UsageError, match="must be UTF-8 text"):
        load(cfg)


def test_rules_are_in_the_configuration_hash_but_not_in_the_cache_key(tmp_path):
    plain, ruled = Config(), Config(exclude=ExcludeConfig(publishers=("DW",)))
    assert plain.sha256() != ruled.sha256()
    assert plain.extract_sha256() == ruled.extract_sha256()
    assert "exclude" not in plain.output_affecting()  # manifests without rules: as before
    assert ruled.output_affecting()["exclude"]["rules"] == 1
    rules = tmp_path / "rules.txt"
    rules.write_text("publisher: DW\n")
    from_file = Config(exclude=ExcludeConfig(file=str(rules)))
    assert from_file.sha256() == ruled.sha256()  # the rules count, not where they are written
    rules.write_text("# a comment changes nothing\npublisher: DW\n")
    assert from_file.sha256() == ruled.sha256()
    rules.write_text("publisher: DW\nid: abc\n")
    assert from_file.sha256() != ruled.sha256()


def test_adding_a_rule_removes_published_records_in_a_major_version(corpus, tmp_path):
    out = tmp_path / "d"
    assert build([str(corpus)], out, Config(), progress=False).version == "1.0.0"
    rules = tmp_path / "rules.txt"
    rules.write_text(f"# asked 2024-03-01\nid: {NN[4:20]}\n")
    config = Config(exclude=ExcludeConfig(publishers=("DW",), file=str(rules)))
    r = build([str(corpus)], out, config, progress=False)
    assert r.version == "2.0.0"
    assert r.work["extracted"] == 0  # the extraction cache still holds every input
    assert r.work["carried"] == 3  # the others are carried over, checked against the rules
    assert r.summary == ("2 removed; removed on request: 2 documents (1 under "
                         f"`id: {NN[4:20]}`, 1 under `publisher: DW`)")
    v1, v2 = out / "versions/1.0.0", out / "versions/2.0.0"
    old, new = _rows(v1), _rows(v2)
    assert set(old) - set(new) == {NN, EN}
    assert all(new[s] == old[s] for s in new)  # the other records are unchanged, byte for byte
    for path in sorted((v2 / "data").glob("*/*.parquet")):
        assert path.read_bytes() == (v1 / path.relative_to(v2)).read_bytes()
    assert [(x["source"], x["reason"], x["detail"]) for x in _rejects(v2)] == [
        (NN, "excluded", f"id: {NN[4:20]}"), (EN, "excluded", "publisher: DW")]
    m = _manifest(v2)
    assert m["changes"]["removed"] == 2 and m["counts"]["inputs"] == 5
    assert m["changelog"][-1] == {"version": "2.0.0", "summary": r.summary, "removed_on_request":
                                  {f"id: {NN[4:20]}": 1, "publisher: DW": 1}}
    assert f"- **2.0.0**: {r.summary}" in (v2 / "README.md").read_text(encoding="utf-8")
    assert build([str(corpus)], out, config, progress=False).version is None  # no changes
    # the request withdrawn: the documents come back (from the cache), as an addition
    back = build([str(corpus)], out, Config(), progress=False)
    assert (back.version, back.summary, back.work["extracted"]) == ("2.1.0", "2 added", 0)
    assert _rejects(out / "versions/2.1.0") == []


def test_an_excluded_kept_document_hands_its_copies_to_the_next_one(corpus, tmp_path):
    out = tmp_path / "d"
    build([str(corpus)], out, Config(), progress=False)
    text = (corpus / NB1).read_text(encoding="utf-8")  # week 2: two copies of a published one
    (corpus / "100_00000000000000b1.txt").write_text(text, encoding="utf-8")
    (corpus / "101_00000000000000b2.txt").write_text(text + "\n\nOppdatert.\n", encoding="utf-8")
    assert build([str(corpus)], out, Config(), progress=False).version == "1.1.0"
    v2 = _rows(out / "versions/1.1.0")
    kept = v2[NB1]["id"]  # the earliest published, though the copies' ids sort first
    assert kept == "4afb50867eb46622"
    assert [v2[f"10{k}_00000000000000b{k + 1}.txt"]["duplicate_of"] for k in (0, 1)] == [kept] * 2
    config = Config(exclude=ExcludeConfig(ids=(kept,)))
    r = build([str(corpus)], out, config, progress=False)
    assert r.version == "2.0.0" and r.summary.startswith("1 removed; 2 modified")
    v3 = _rows(out / "versions/2.0.0")
    first, second = v3["100_00000000000000b1.txt"], v3["101_00000000000000b2.txt"]
    assert (first["duplicate_of"], first["duplicate_kind"]) == (None, None)
    assert (second["duplicate_of"], second["duplicate_kind"]) == ("00000000000000b1", "near")
    assert NB1 not in v3
