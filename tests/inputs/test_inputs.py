"""A corpus of bad and awkward inputs, built here, each with the outcome it must have:
every input ends as exactly one record or one listed rejection."""

import bz2
import codecs
import gzip
import io
import json
import lzma
import os
import tarfile
import zipfile

import pyarrow.parquet as pq
import pytest
import zstandard

from newspack.build import build
from newspack.config import Config, ExtractConfig
from newspack.store.manifest import inputs

BODY = ("Storm over Bergen\n\nFlesland ble stengt tirsdag ettermiddag etter at vinden nådde "
        "orkan styrke, og mange reisende ble sittende fast på flyplassen i flere timer.\n\n"
        "Avinor sier at flyplassen trolig åpner igjen i morgen tidlig, men at det er usikkert.\n")
NORDIC = ("Blåbærsyltetøy og rødgrøt\n\nÅse og Øystein spiste blåbærsyltetøy på brødskiva i "
          "går, og de sa at det smakte særdeles godt etter en lang dag på fjellet i Ålesund.\n")
HTML = ("<html><head><title>Storm over Bergen | NRK</title><meta property='og:site_name' "
        "content='NRK'><meta property='article:published_time' content='2019-03-12'></head>"
        "<body><nav><a href='/'>Forsiden</a> <a href='/sport'>Sport</a></nav><article>"
        "<h1>Storm over Bergen</h1><p>Flesland ble stengt tirsdag ettermiddag etter at vinden "
        "nådde orkan styrke, og mange reisende ble sittende fast.</p><p>Avinor sier at "
        "flyplassen trolig åpner igjen i morgen tidlig, men at det er usikkert.</p></article>"
        "<footer>Kontakt oss</footer></body></html>")
LIMIT = 20_000


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _tar_gz(tmp_path) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        info = tarfile.TarInfo("inner/article.txt")
        info.size = len(BODY.encode())
        t.addfile(info, io.BytesIO(BODY.encode()))
        link = tarfile.TarInfo("inner/link.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        t.addfile(link)
    return buf.getvalue()


# name -> (bytes, expected outcome): "record" or the rejection reason
def cases(tmp_path) -> dict[str, tuple[bytes, str]]:
    body = BODY.encode()
    return {
        "plain.txt": (body, "record"),
        "bom.txt": (codecs.BOM_UTF8 + body, "record"),
        "utf16.txt": (BODY.encode("utf-16"), "record"),
        "utf32.txt": (BODY.encode("utf-32"), "record"),
        "cp1252.txt": (NORDIC.encode("cp1252"), "record"),
        "latin1.txt": (NORDIC.encode("latin-1"), "record"),
        "mojibake.txt": (NORDIC.encode().decode("cp1252").encode(), "record"),
        "crlf.txt": (body.replace(b"\n", b"\r\n"), "record"),
        "cr.txt": (body.replace(b"\n", b"\r"), "record"),
        "controls.txt": (body.replace(b"Flesland", b"Fles\x00land\x07"), "record"),
        "copy.txt": (body, "record"),  # an exact duplicate of plain.txt
        "empty.txt": (b"", "empty"),
        "blank.txt": (b" \n\t\r\n ", "empty"),
        "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        "bad-utf16.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable"),
        "huge.txt": (body * 200, "too_large"),
        "credits-only.txt": (b"Foto: Kari Hansen / NTB\n\nSISTE NYTT\n", "too_short"),
        "page.html": (HTML.encode(), "record"),
        "gz.txt.gz": (gzip.compress(body, mtime=0), "record"),
        "bz.txt.bz2": (bz2.compress(body), "record"),
        "xz.txt.xz": (lzma.compress(body), "record"),
        "zst.txt.zst": (zstandard.ZstdCompressor().compress(body), "record"),
        "broken.txt.gz": (gzip.compress(body, mtime=0)[:30], "unreadable"),
    }


def write_corpus(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    expected = {}
    for name, (data, outcome) in cases(tmp_path).items():
        (root / name).write_bytes(data)
        expected[name] = outcome
    lines = [json.dumps({"text": BODY, "id": "nrk-1", "url": "https://nrk.no/1",
                         "path": "/etc/passwd", "file": "../../etc/shadow"}),
             "{not json",
             json.dumps({"body": "no text field here"}),
             json.dumps({"text": NORDIC, "publisher": "Avisa"})]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n")
    expected.update({"feed.jsonl#1": "record", "feed.jsonl#2": "undecodable",
                     "feed.jsonl#3": "no_text", "feed.jsonl#4": "record"})
    (root / "feed2.jsonl.gz").write_bytes(gzip.compress(lines[3].encode(), mtime=0))
    expected["feed2.jsonl.gz#1"] = "record"
    (root / "list.json").write_text(json.dumps([{"text": BODY}, {"text": NORDIC}]))
    expected.update({"list.json#1": "record", "list.json#2": "record"})
    (root / "batch.zip").write_bytes(_zip({"a/001_00000000000000ab.txt": BODY.encode(),
                                           "a/inner.zip": _zip({"x.txt": b"x"})}))
    expected.update({"batch.zip!/a/001_00000000000000ab.txt": "record",
                     "batch.zip!/a/inner.zip": "nested_archive"})
    (root / "bomb.zip").write_bytes(_zip({"zeros.txt": b"0" * 5_000_000}))
    expected["bomb.zip!/zeros.txt"] = "decompression_bomb"
    (root / "batch.tar.gz").write_bytes(_tar_gz(tmp_path))
    expected.update({"batch.tar.gz!/inner/article.txt": "record",
                     "batch.tar.gz!/inner/link.txt": "symlink"})
    outside = tmp_path / "outside.txt"
    outside.write_text(BODY)
    (root / "sub").mkdir()
    (root / "sub" / "target.txt").write_text(NORDIC)
    os.symlink(root / "sub" / "target.txt", root / "link-inside.txt")
    os.symlink(outside, root / "link-outside.txt")
    os.symlink(root / "nowhere.txt", root / "link-broken.txt")
    os.symlink(root / "loop-b.txt", root / "loop-a.txt")
    os.symlink(root / "loop-a.txt", root / "loop-b.txt")
    os.symlink(root / "sub", root / "linked-folder")
    expected.update({"sub/target.txt": "record", "link-inside.txt": "record",
                     "link-outside.txt": "symlink_outside_root",
                     "link-broken.txt": "broken_symlink", "loop-a.txt": "symlink_loop",
                     "loop-b.txt": "symlink_loop", "linked-folder": "symlinked_folder"})
    (root / ".hidden.txt").write_text(BODY)  # hidden files are not inputs
    return root, expected


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("awkward")
    root, expected = write_corpus(tmp)
    config = Config(extract=ExtractConfig(max_input_bytes=LIMIT))
    result = build([str(root)], tmp / "out", config, progress=False)
    vdir = tmp / "out/versions/1.0.0"
    rows = {}
    for p in sorted((vdir / "data").glob("*/*.parquet")):
        rows.update({r["source_file"]: r for r in pq.read_table(p).to_pylist()})
    rejects = {r["source"]: r for r in map(json.loads, (vdir / "rejects.jsonl").open())}
    manifest = json.loads((vdir / "manifest.json").read_text())
    return expected, rows, rejects, manifest, result


def test_every_input_has_exactly_its_expected_outcome(built):
    expected, rows, rejects, manifest, _ = built
    got = {**{k: "record" for k in rows}, **{k: r["reason"] for k, r in rejects.items()}}
    assert got == expected
    assert not set(rows) & set(rejects)


def test_inputs_equal_records_plus_rejections(built):
    expected, rows, rejects, manifest, result = built
    c = manifest["counts"]
    assert c["inputs"] == len(expected) == c["records"] + c["rejected"]
    assert (c["records"], c["rejected"]) == (len(rows), len(rejects))
    listed = inputs(manifest, result.out / "versions" / "1.0.0")
    assert sorted(i["source"] for i in listed) == sorted(expected)
    assert any("rejected" in w for w in result.warnings)


def test_decoding_comes_out_right_and_says_what_it_did(built):
    _, rows, *_ = built
    text = rows["plain.txt"]["text"]
    for name in ("bom.txt", "utf16.txt", "utf32.txt", "crlf.txt", "cr.txt", "gz.txt.gz",
                 "bz.txt.bz2", "xz.txt.xz", "zst.txt.zst"):
        assert rows[name]["text"] == text, name
    assert rows["utf16.txt"]["encoding"] == "utf-16"
    assert rows["cp1252.txt"]["encoding"] == "cp1252"
    assert rows["cp1252.txt"]["title"] == "Blåbærsyltetøy og rødgrøt"
    assert "Åse og Øystein spiste blåbærsyltetøy" in rows["cp1252.txt"]["text"]
    assert "Øystein" in rows["latin1.txt"]["text"]
    assert rows["mojibake.txt"]["text_repaired"] and "Øystein" in rows["mojibake.txt"]["text"]
    assert rows["controls.txt"]["text"] == text
    # of equal texts the smallest id is kept, whatever the input order
    same = [r for r in rows.values() if r["content_sha256"] == rows["plain.txt"]["content_sha256"]]
    kept = min(same, key=lambda r: r["id"])
    assert len(same) > 2 and (kept["duplicate_of"], kept["duplicate_kind"]) == (None, None)
    assert all((r["duplicate_of"], r["duplicate_kind"], r["duplicate_similarity"])
               == (kept["id"], "exact", 1.0) for r in same if r is not kept)


def test_structured_inputs_carry_their_metadata(built):
    _, rows, *_ = built
    assert rows["feed.jsonl#1"]["id"] == "nrk-1"
    assert rows["feed.jsonl#1"]["url"] == "https://nrk.no/1"
    assert rows["feed.jsonl#4"]["publisher"] == "Avisa"
    page = rows["page.html"]
    assert (page["title"], page["publisher"], page["date"], page["date_source"]) == (
        "Storm over Bergen", "NRK", "2019-03-12", "html")
    assert "Forsiden" not in page["text"] and "Kontakt oss" not in page["text"]
    assert rows["batch.zip!/a/001_00000000000000ab.txt"]["id"] == "00000000000000ab"


def test_a_path_field_is_metadata_never_a_file_to_read(built):
    _, rows, *_ = built
    row = rows["feed.jsonl#1"]
    assert json.loads(row["extra"]) == {"file": "../../etc/shadow", "path": "/etc/passwd"}
    assert "root:" not in row["text"] and row["text"].startswith("Flesland ble stengt")


def test_fsspec_memory_url_is_a_source(tmp_path):
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/np-test/corpus/a/001_00000000000000cd.txt", BODY.encode())
    fs.pipe("/np-test/corpus/b.txt.gz", gzip.compress(NORDIC.encode(), mtime=0))
    result = build(["memory://np-test/corpus"], tmp_path / "out", Config(), progress=False)
    assert result.counts["records"] == 2
    m = json.loads((tmp_path / "out/versions/1.0.0/manifest.json").read_text())
    listed = inputs(m, tmp_path / "out/versions/1.0.0")
    assert sorted(i["source"] for i in listed) == ["a/001_00000000000000cd.txt", "b.txt.gz"]
