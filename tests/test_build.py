"""Build-level behaviour: sidecar metadata, filtered inputs, the removed-lines audit."""

import json
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq

from newspack.build import build
from newspack.config import Config, ExtractConfig


def _rows(out: Path, version: str = "1.0.0") -> dict:
    rows = []
    for p in sorted((out / "versions" / version / "data").glob("*/*.parquet")):
        rows += pq.read_table(p).to_pylist()
    return {r["source_file"]: r for r in rows}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_sidecar_wins_over_guesses_and_unmatched_rows_are_reported(corpus, tmp_path):
    side = tmp_path / "meta.csv"
    side.write_text("file,url,publisher,license,section\n"
                    "001_eaff4a40da6c1649.txt,https://dw.com/a,Deutsche Welle,CC-BY-4.0,World\n"
                    "999_missing.txt,https://x,,,\n")
    config = Config(extract=ExtractConfig(sidecar=str(side)))
    result = build([str(corpus)], tmp_path / "out", config, progress=False)
    row = _rows(tmp_path / "out")["001_eaff4a40da6c1649.txt"]
    assert (row["url"], row["publisher"], row["license"]) == (
        "https://dw.com/a", "Deutsche Welle", "CC-BY-4.0")
    assert json.loads(row["extra"]) == {"section": "World"}
    assert any("999_missing.txt" in w for w in result.warnings)
    m = json.loads((tmp_path / "out/versions/1.0.0/manifest.json").read_text())
    assert m["sidecar"]["unmatched"] == ["999_missing.txt"] and len(m["sidecar"]["sha256"]) == 64


def test_sidecar_date_and_latest_date(corpus, tmp_path):
    side = tmp_path / "meta.jsonl"
    side.write_text('{"id": "5a8d4ae86761d52a", "date": "2015-09-17T08:00:00Z"}\n')
    config = Config(extract=ExtractConfig(sidecar=str(side), latest_date="2020-12-31"))
    build([str(corpus)], tmp_path / "out", config, progress=False)
    rows = _rows(tmp_path / "out")
    da = rows["002_5a8d4ae86761d52a.txt"]
    assert (da["date"], da["date_source"], da["year"]) == ("2015-09-17", "sidecar", 2015)
    assert rows["004_d7dba20fcdf5f498.txt"]["date"] is None  # 2022-02 is after latest_date
    assert rows["003_4afb50867eb46622.txt"]["date_source"] == "header"


def test_filter_drops_are_listed_rejections_not_losses(corpus, tmp_path):
    config = Config(extract=ExtractConfig(filter="language != 'da'"))
    result = build([str(corpus)], tmp_path / "out", config, progress=False)
    assert result.counts == {"inputs": 5, "records": 4, "rejected": 1, "duplicates": 0}
    rejects = _jsonl(tmp_path / "out/versions/1.0.0/rejects.jsonl")
    assert [(r["source"], r["reason"]) for r in rejects] == [("002_5a8d4ae86761d52a.txt",
                                                              "filtered")]


def test_removed_lines_are_audited_with_reasons(corpus, tmp_path):
    build([str(corpus)], tmp_path / "out", Config(), progress=False)
    audit = pq.read_table(tmp_path / "out/versions/1.0.0/audit").to_pylist()
    credits = [a for a in audit if a["reason"] == "photo_credit"]
    assert {"line": "OSMAN ORSAL / REUTERS", "source": "003_4afb50867eb46622.txt"}.items() <= \
        next(a for a in credits if a["line"] == "OSMAN ORSAL / REUTERS").items()
    rows = _rows(tmp_path / "out")
    for source, row in rows.items():
        n = sum(a["source"] == source and a["reason"] != "title" for a in audit)
        assert n == row["boilerplate_lines"], source
    off = replace(Config(), extract=ExtractConfig(audit_removed=False))
    build([str(corpus)], tmp_path / "out2", off, progress=False)
    assert not (tmp_path / "out2/versions/1.0.0/audit").exists()


def test_pii_redaction_is_on_by_default_and_can_be_turned_off(corpus, tmp_path):
    (corpus / "contact.txt").write_text(
        "Tips oss\n\nHar du tips om saken? Send en e-post til tips@avisa.no eller ring "
        "22 33 44 55, så tar vi kontakt med deg så snart vi kan.\n")
    build([str(corpus)], tmp_path / "on", Config(), progress=False)
    row = _rows(tmp_path / "on")["contact.txt"]
    assert "[EMAIL]" in row["text"] and "[PHONE]" in row["text"] and row["pii_redactions"] == 2
    build([str(corpus)], tmp_path / "off", Config(extract=ExtractConfig(pii=False)),
          progress=False)
    assert "tips@avisa.no" in _rows(tmp_path / "off")["contact.txt"]["text"]


def test_the_workers_stop_before_the_carry_over_reads_the_old_version(corpus, tmp_path,
                                                                        monkeypatch):
    """Extraction's workers and the carry-over's reading are never in memory at once."""
    from newspack.corpus import collect
    from newspack.engines.local import LocalEngine

    out = tmp_path / "out"
    build([str(corpus)], out, Config(), progress=False)
    (corpus / "new.txt").write_text("Ny sak\n\nDette er ein heilt ny artikkel om vêret i dag.\n",
                                    encoding="utf-8")
    events = []
    close, carry_over = LocalEngine.close, collect.carry_over
    monkeypatch.setattr(LocalEngine, "close", lambda self: (events.append("close"), close(self)))
    monkeypatch.setattr(collect, "carry_over",
                        lambda *a: (events.append("carry"), carry_over(*a)))
    r = build([str(corpus)], out, Config(), progress=False)
    assert r.work["carried"] == len(list(corpus.glob("*"))) - 1
    assert events[:2] == ["close", "carry"]
