"""The extraction cache and carry-over: a rebuild extracts only what changed, and the
cache never changes a result."""

import hashlib
from dataclasses import replace

from newspack import build as build_module
from newspack.build import build
from newspack.config import Config, DatasetConfig, ExtractConfig
from newspack.engines import cache

NEW_ARTICLE = ("Ny bru over fjorden\n\nBrua over fjorden opnar neste veke, seier "
               "vegvesenet. Ho har kosta meir enn ein milliard kroner, og dei fleste "
               "bilistane er glade for at ferja no blir borte.\n")


def _build(corpus, out, config=None, **kw):
    return build([str(corpus)], out, config or Config(), progress=False, **kw)


def _shas(vdir):
    return {p.relative_to(vdir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(vdir.rglob("*")) if p.is_file()}


def test_rebuild_extracts_only_new_inputs_and_the_cache_changes_no_result(corpus, tmp_path):
    out = tmp_path / "d"
    (corpus / "empty.txt").write_bytes(b"")  # a rejection, carried over too
    (corpus / "short.txt").write_text("Foto: X / NTB\n\nSISTE NYTT\n")  # removed lines
    assert _build(corpus, out).work == {"carried": 0, "cached": 0, "extracted": 7}
    (corpus / "005_00000000000000aa.txt").write_text(NEW_ARTICLE)
    # unchanged inputs come from the published version, the new one is extracted
    assert _build(corpus, out).work == {"carried": 7, "cached": 0, "extracted": 1}
    # the same history without any cache gives the same bytes
    other = tmp_path / "other"
    (corpus / "005_00000000000000aa.txt").rename(tmp_path / "held.txt")
    _build(corpus, other, use_cache=False)
    (tmp_path / "held.txt").rename(corpus / "005_00000000000000aa.txt")
    _build(corpus, other, use_cache=False)
    assert _shas(out / "versions/1.1.0") == _shas(other / "versions/1.1.0")


def test_extractor_version_or_settings_change_invalidates_the_cache(corpus, tmp_path,
                                                                    monkeypatch):
    out = tmp_path / "d"
    _build(corpus, out)
    no_pii = Config(extract=ExtractConfig(pii=False))
    assert _build(corpus, tmp_path / "e", no_pii).work["extracted"] == 5
    monkeypatch.setattr(cache, "EXTRACTOR_VERSION", "test-next")
    monkeypatch.setattr(build_module, "EXTRACTOR_VERSION", "test-next")
    assert _build(corpus, out).work == {"carried": 0, "cached": 0, "extracted": 5}
    # a changed dataset description is not an extraction setting: all cached
    desc = replace(Config(), dataset=DatasetConfig(description="x"))
    assert _build(corpus, out, desc).work == {"carried": 0, "cached": 5, "extracted": 0}
