"""Duplicates across versions: copies of published documents join them (the published one
stays the kept one, whatever the copy's id), no published record moves or is re-pointed,
and no cluster straddles splits."""

import json
from collections import defaultdict

import pyarrow.parquet as pq

from newspack.build import build
from newspack.cli import main
from newspack.config import Config, SplitConfig
from newspack.store import signatures
from newspack.store.history import diff_versions, format_diff

CONFIG = Config(splits=SplitConfig(validation=0.3, test=0.3))
CORRECTION = "\n\nRettelse: I en tidligere versjon av saken var et tall feil.\n"


def _build(corpus, out):
    return build([str(corpus)], out, CONFIG, progress=False)


def _records(vdir):
    """source_file -> (id, duplicate_of, duplicate_kind, split)."""
    out = {}
    for path in sorted((vdir / "data").glob("*/*.parquet")):
        split = path.name.split("-", 1)[0]
        cols = ["id", "source_file", "duplicate_of", "duplicate_kind"]
        for r in pq.read_table(path, columns=cols).to_pylist():
            out[r["source_file"]] = (r["id"], r["duplicate_of"], r["duplicate_kind"], split)
    return out


def _ids(vdir):
    return [r[0] for r in _records(vdir).values()]


def _straddling(records):
    splits = defaultdict(set)
    for id_, dup, _, split in records.values():
        splits[dup or id_].add(split)
    return [k for k, v in splits.items() if len(v) > 1]


def test_copies_of_published_documents_join_them_and_nothing_published_moves(corpus, tmp_path,
                                                                            capsys):
    out = tmp_path / "d"
    assert _build(corpus, out).version == "1.0.0"
    v1 = _records(out / "versions/1.0.0")
    seeds = sorted(corpus.glob("*.txt"))
    # week 2: copies whose ids sort before every published one, and a new story
    (corpus / "100_0000000000000001.txt").write_text(seeds[0].read_text() + CORRECTION)
    (corpus / "101_0000000000000002.txt").write_bytes(seeds[1].read_bytes())
    (corpus / "102_0000000000000003.txt").write_text(seeds[2].read_text() + CORRECTION)
    (corpus / "103_00000000000000aa.txt").write_text(
        "Ny bru over fjorden\n\n" + " ".join(f"Brua har {n} spenn." for n in range(30)))
    r = _build(corpus, out)
    assert (r.version, r.summary) == ("1.1.0", "4 added")
    v2 = _records(out / "versions/1.1.0")
    assert {s: v2[s] for s in v1} == v1  # no published record moved or re-pointed
    for copy, seed, kind in (("100_0000000000000001.txt", seeds[0], "near"),
                             ("101_0000000000000002.txt", seeds[1], "exact"),
                             ("102_0000000000000003.txt", seeds[2], "near")):
        original = v1[seed.name]
        assert v2[copy][1:] == (original[0], kind, original[3])
    assert v2["103_00000000000000aa.txt"][1] is None
    assert _straddling(v1) == _straddling(v2) == []
    # the original of two copies is removed: they stay where they were, one is kept now
    original_0 = v1[seeds[0].name][0]
    seeds[0].unlink()
    (corpus / "104_0000000000000004.txt").write_text(seeds[1].read_text() + CORRECTION)
    r = _build(corpus, out)
    assert r.version == "2.0.0"
    v3 = _records(out / "versions/2.0.0")
    assert v3["100_0000000000000001.txt"][1:] == (None, None, v2["100_0000000000000001.txt"][3])
    assert v3["104_0000000000000004.txt"][1] == v1[seeds[1].name][0]
    assert all(v3[s][3] == v2[s][3] for s in v3 if s in v2) and _straddling(v3) == []
    # diff names the record whose duplicate_of changed, and inspect its nearest document
    d = diff_versions(out, "1.1.0", "2.0.0")
    assert d["duplicate_of_changed"] == [{"id": "0000000000000001", "from": original_0,
                                          "to": None}]
    assert "duplicate_of changed (1): 0000000000000001 (" in format_diff(d)
    capsys.readouterr()
    assert main(["inspect", str(corpus / "104_0000000000000004.txt"), "--store", str(out)]) == 0
    nearest = json.loads(capsys.readouterr().out)["nearest"]
    assert nearest["id"] == "0000000000000004" and nearest["duplicate"]
    assert nearest["similarity"] == 1.0 and nearest["searched"] == "2.0.0"


def test_signatures_of_every_document_are_kept_with_the_version(corpus, tmp_path):
    out = tmp_path / "d"
    _build(corpus, out)
    (corpus / "100_0000000000000001.txt").write_text("Ny sak\n\n" + "Ein heilt ny sak. " * 9)
    _build(corpus, out)
    t = signatures.read(out / "versions/1.1.0").to_pydict()
    assert sorted(t["id"]) == sorted(_ids(out / "versions/1.1.0")) and len(t["id"]) == 6
    first = dict(zip(t["id"], t["generation"], strict=True))
    assert first.pop("0000000000000001") == 1 and set(first.values()) == {0}
    assert {len(s) for s in t["signature"]} == {256}
    # an unchanged shard's signatures are unchanged too: the versions share the file
    inodes = [{p.stat().st_ino for p in (out / f"versions/{v}/signatures").rglob("*.parquet")}
              for v in ("1.0.0", "1.1.0")]
    assert inodes[0] < inodes[1] and len(inodes[1]) == len(inodes[0]) + 1  # the new shard's


def test_new_duplicate_settings_link_the_corpus_anew_without_a_straddling_cluster(corpus,
                                                                                 tmp_path):
    from dataclasses import replace

    from newspack.config import DedupConfig

    out = tmp_path / "d"
    seeds = sorted(corpus.glob("*.txt"))
    for n, seed in enumerate(seeds):  # a near copy of every seed: some land in another split
        (corpus / f"1{n:02d}_000000000000000{n}.txt").write_text(seed.read_text() + CORRECTION)
    exact_only = replace(CONFIG, dedup=DedupConfig(near=False))
    build([str(corpus)], out, exact_only, progress=False)
    v1 = _records(out / "versions/1.0.0")
    assert all(dup is None for _, dup, _, _ in v1.values())
    r = _build(corpus, out)
    assert r.version == "2.0.0" and "modified" in r.summary
    v2 = _records(out / "versions/2.0.0")
    assert sum(dup is not None for _, dup, _, _ in v2.values()) == len(seeds)
    assert _straddling(v2) == []
    # the kept one is the smallest id of each pair (both first published in 1.0.0), and it
    # keeps its split
    for n, seed in enumerate(seeds):
        copy = f"1{n:02d}_000000000000000{n}.txt"
        assert v2[seed.name][1] == v1[copy][0] and v2[seed.name][3] == v1[copy][3]


def test_published_clusters_are_numbered_as_their_kept_ids_would_be():
    """align labels a published cluster by its kept document's index (no string column of
    a million labels); the numbering is the one dictionary-encoding those ids gives,
    a duplicate whose kept document the version lacks included."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from newspack.corpus.published import _first_seen, _roots

    rng = np.random.default_rng(7)
    ids = [f"d{i:03d}" for i in range(300)]
    dup = [None if rng.random() < 0.6 else
           (f"gone{rng.integers(3)}" if rng.random() < 0.1 else ids[rng.integers(300)])
           for _ in ids]
    ids_a, dup_a = pa.array(ids), pa.array(dup, pa.string())
    taken = rng.permutation(300)[:250]  # the rows of this build that keep their cluster
    expected = pc.dictionary_encode(pc.coalesce(dup_a, ids_a).take(pa.array(taken))).indices
    assert _first_seen(_roots(ids_a, dup_a)[taken]).tolist() == expected.to_pylist()
    assert any(d and d.startswith("gone") for d in dup)  # the lost case is exercised
