"""The Ray engine against the local one: the same extractions in the same order, the same
bytes of every version, its workers reading their own inputs, and its faults.

One private local Ray for the module (two CPUs, a small object store, no dashboard, no
usage statistics, no token under ~/.ray), stopped at the end; builds in this process use
it (the engine leaves a Ray session it did not start alone).
"""

import json
import os
import shutil
import tempfile

import pytest

from inputs.test_inputs import BODY, LIMIT, write_corpus
from newspack.build import build
from newspack.cli import main
from newspack.config import BuildConfig, Config, ExtractConfig
from newspack.engines import jobs
from newspack.engines.local import WORKER_DIED, LocalEngine, process
from newspack.engines.ray import RayEngine
from newspack.errors import UsageError
from newspack.extract.document import RawDoc
from newspack.inputs import readers
from newspack.inputs.sources import list_inputs
from test_faults import ARTICLE, _shas

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def private_ray(tmp_path_factory):
    """A private Ray; its workers die at checkpoint("worker") once when a file ``once``
    is put in the folder it yields, and every time while it holds ``always`` (the variable
    is read by the workers, which inherit it: set before ray.init)."""
    switch = tmp_path_factory.mktemp("kill")
    saved = {k: os.environ.get(k) for k in ("NEWSPACK_KILL_AT", "RAY_USAGE_STATS_ENABLED",
                                            "RAY_AUTH_MODE")}
    os.environ.update({"NEWSPACK_KILL_AT": f"worker-switch:{switch}",
                       "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"})
    temp = tempfile.mkdtemp(prefix="nsray-")  # short: Ray's socket paths have a limit
    assert not ray.is_initialized()
    ray.init(address="local", num_cpus=2, include_dashboard=False, _temp_dir=temp,
             object_store_memory=96 * 1024 * 1024, log_to_driver=False, logging_level="ERROR")
    yield switch
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)
    for k, v in saved.items():
        os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


def _config(engine: str, sidecar: str = "") -> Config:
    return Config(build=BuildConfig(engine=engine, workers=2),
                  extract=ExtractConfig(max_input_bytes=LIMIT, sidecar=sidecar))


@pytest.fixture
def awkward(tmp_path, corpus):
    """The seeds beside every awkward input kind (JSONL, archives, links, rejections)."""
    root, _ = write_corpus(tmp_path)
    shutil.copytree(corpus, root / "seeds")
    lines = [json.dumps({"text": ARTICLE.format(n=n), "id": f"w-{n}"}) for n in range(150)]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n")  # one task reads it whole
    return root


def test_both_engines_give_the_in_process_extractions_in_order(private_ray, awkward):
    config = _config("ray")
    items = list_inputs([str(awkward)])
    units = [u for item in items for u in readers.read_units(item, config.input, LIMIT)
             if u.error is None]
    raws = [RawDoc(u.rel, u.data, u.meta, u.fmt) for u in units]
    refs = [jobs.job(h, h.meta)[0] for item in items
            for h in jobs.headers(item, jobs.entries(item, config)) if h.error is None]
    expected = [process(r, config) for r in raws]
    assert len(expected) > 180 and [r.rel for r in refs] == [r.source_file for r in raws]
    with LocalEngine(config, workers=2) as local, RayEngine(config) as distributed:
        assert list(local.map(raws)) == expected
        assert list(distributed.map(raws)) == expected  # the bytes, sent
        assert list(distributed.map(refs)) == expected  # the names: workers read them
        assert list(distributed.scan(items)) == list(local.scan(items))


def test_a_ray_build_gives_the_local_bytes_and_reads_no_input_in_the_driver(
        private_ray, awkward, tmp_path, monkeypatch):
    local, distributed = tmp_path / "local", tmp_path / "ray"
    sidecar = tmp_path / "meta.csv"  # merged in the driver, sent with the unit's name
    sidecar.write_text("file,publisher,url\nplain.txt,Bergens Tidende,https://bt.no/1\n"
                       "w-3,NTB,https://ntb.no/3\n")
    build([str(awkward)], local, _config("local", str(sidecar)), progress=False)
    opened = []
    real_open = readers._open
    monkeypatch.setattr(readers, "_open", lambda item: opened.append(item) or real_open(item))
    result = build([str(awkward)], distributed, _config("ray", str(sidecar)), progress=False)
    assert not [w for w in result.warnings if "sidecar" in w]  # both rows found their inputs
    assert opened == []  # listing, stat and the cache: no input read by the driver
    monkeypatch.undo()
    assert _shas(distributed / "versions/1.0.0") == _shas(local / "versions/1.0.0")
    # a second version: new and changed inputs beside carried ones, the cache in between
    (awkward / "seeds/005_00000000000000aa.txt").write_text(BODY.replace("Bergen", "Molde"))
    (awkward / "plain.txt").write_text(BODY.replace("Bergen", "Tromsø"))
    for out, engine in ((local, "local"), (distributed, "ray")):
        config = _config(engine, str(sidecar))
        assert build([str(awkward)], out, config, progress=False).version == "2.0.0"
    assert _shas(distributed / "versions/2.0.0") == _shas(local / "versions/2.0.0")


def test_a_worker_that_dies_is_retried_and_the_bytes_stay(private_ray, corpus, tmp_path):
    for n in range(130):  # three chunks
        (corpus / f"n{n:03d}.txt").write_text(ARTICLE.format(n=n))
    local = build([str(corpus)], tmp_path / "local", _config("local"), progress=False)
    (private_ray / "once").touch()  # the next worker to reach checkpoint("worker") dies
    result = build([str(corpus)], tmp_path / "ray", _config("ray"), progress=False)
    assert not (private_ray / "once").exists()  # a worker died, and its task ran again
    assert result.counts == local.counts
    assert _shas(tmp_path / "ray/versions/1.0.0") == _shas(tmp_path / "local/versions/1.0.0")


def test_a_worker_that_keeps_dying_fails_the_build_with_the_local_line(private_ray, corpus,
                                                                        tmp_path, capsys):
    out = tmp_path / "d"
    build([str(corpus)], out, _config("ray"), progress=False)
    before = _shas(out / "versions/1.0.0")
    (corpus / "extra.txt").write_text(ARTICLE.format(n=1))
    (private_ray / "always").touch()
    try:
        code = main(["build", str(corpus), "--out", str(out), "--no-progress", "--engine",
                     "ray"])
    finally:
        (private_ray / "always").unlink()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and err[0] == f"newspack: error: {WORKER_DIED}"
    assert _shas(out / "versions/1.0.0") == before
    result = build([str(corpus)], out, _config("ray"), progress=False)  # the next one works
    assert result.version == "1.1.0"


def test_memory_sources_are_refused(private_ray, tmp_path):
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/ray-test/a.txt", BODY.encode())
    with pytest.raises(UsageError, match="memory://"):
        build(["memory://ray-test"], tmp_path / "d", _config("ray"), progress=False)
