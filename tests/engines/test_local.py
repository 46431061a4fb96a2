"""The local engine maps extraction over a batch in input order, in worker processes."""

from dataclasses import replace

from newspack.config import Config
from newspack.engines.local import IN_PROCESS_BELOW, LocalEngine
from newspack.extract.document import RawDoc, Rejection


def _raw(i: int, text: str) -> RawDoc:
    return RawDoc(data=text.encode(), source_file=f"{i:03d}.txt", meta=None)


def test_results_come_back_in_input_order_from_two_workers():
    docs = [_raw(i, f"Artikkel {i}\n\n" + "Dette er ei setning om vêret i dag. " * 8)
            for i in range(40)]
    docs.insert(7, _raw(999, ""))  # a rejection in the middle keeps its place
    with LocalEngine(Config(), workers=2) as engine:
        out = list(engine.map(docs))
    assert [e.result.source_file for e in out] == [d.source_file for d in docs]
    assert isinstance(out[7].result, Rejection) and out[7].result.reason == "empty"
    assert not any(isinstance(e.result, Rejection) for i, e in enumerate(out) if i != 7)


def test_the_workers_cache_entry_decodes_to_what_they_extracted(tmp_path):
    from newspack.engines.cache import Cache, decode, key
    from newspack.engines.local import process

    raw = _raw(5, "Ny bru over elva\n\nFoto: Kari / NTB\n\n" + "Brua opnar i morgon. " * 12)
    ex = process(raw, Config())
    assert ex.value  # encoded where it was made
    back = decode(ex.value, raw.source_file, "ab" * 32)
    assert (back.result, back.removed, back.signature) == (ex.result, tuple(ex.removed),
                                                          ex.signature)
    cache = Cache(tmp_path)
    k = key("x", raw.source_file, "ab" * 32, None, "text")
    cache.put(k, back, ex.value)
    cache.flush()
    assert cache.get_many([k]) == {k: ex.value}
    cache.close()


def _articles(n: int) -> list[RawDoc]:
    return [_raw(i, f"Artikkel {i}\n\n" + f"Setning nummer {i} om vêret i dag. " * 8)
            for i in range(n)]


def test_workers_write_the_cache_entries_and_send_back_only_the_results(tmp_path):
    from newspack.engines.cache import Cache, decode
    from newspack.schema import record_batch

    docs = _articles(IN_PROCESS_BELOW + 100)  # done by the two workers
    keys = [f"k{i}" for i in range(len(docs))]
    cache = Cache(tmp_path)
    with LocalEngine(Config(), workers=2) as engine:
        out = list(engine.map(docs, keys, cache.path))
    assert all(ex.value is None for ex in out)  # stored by the worker, not sent
    stored = cache.get_many(keys)
    assert sorted(stored) == sorted(keys)
    for k, ex, raw in zip(keys, out, docs, strict=True):
        record = decode(stored[k], raw.source_file, "").result
        batch, row = ex.row  # the record comes back as a row of its chunk's batch
        assert batch.slice(row, 1).equals(record_batch([record]))
        assert ex.result == replace(record, text="")  # and light: its text is in the row
    cache.close()


def test_a_cache_the_workers_cannot_write_gets_the_entries_back(tmp_path):
    docs = _articles(IN_PROCESS_BELOW + 100)
    broken = tmp_path / "extract.sqlite"
    broken.write_bytes(b"not a database" * 100)
    with LocalEngine(Config(), workers=2) as engine:
        out = list(engine.map(docs, [f"k{i}" for i in range(len(docs))], broken))
    assert all(ex.value for ex in out)  # handed back for the main process to store


def test_a_worker_keeps_pyarrow_from_importing_pandas_and_pandas_still_imports():
    import subprocess
    import sys

    code = ("import sys; from newspack.engines.local import _without_pandas; _without_pandas()\n"
            "import pyarrow as pa; pa.array(['x'] * 3, pa.string())\n"
            "print('pandas' in sys.modules)\n"
            "import pandas; print(pandas.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "pandas"]  # not loaded by the conversion, importable on request
