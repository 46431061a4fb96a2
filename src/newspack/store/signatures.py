"""``signatures/<language>/<split>-NNNNN-of-NNNNN.parquet``: beside each data shard, its
documents' near-duplicate signatures, with the generation their ids were first published
in (0 for the store's first version, 1 for the next: the index into the changelog).

It is what lets a build deduplicate new inputs against every published document without
reading old texts, and keep the kept document of a cluster the earliest published one:
a few hundred bytes per document (the signature is 2 bytes a permutation). One file a
data shard, not one for the version, so that an unchanged shard's signatures are
unchanged too and stored once (hard links), as its audit is.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newspack.errors import NewspackError
from newspack.extract.signature import matrix, similarity
from newspack.memory import give_back

FOLDER = "signatures"
BATCH_ROWS = 65_536  # rows read at a time by published()


def schema(permutations: int) -> pa.Schema:
    return pa.schema([pa.field("id", pa.string(), nullable=False),
                      pa.field("generation", pa.int32(), nullable=False),
                      pa.field("signature", pa.binary(2 * permutations))])


def write(path: Path, ids: pa.Array, generations: pa.Array, sig: np.ndarray,
          permutations: int) -> int:
    """Write one file, sorted by id; ``sig`` has no columns when near duplicates are off
    (the signatures are then null). Returns the rows written."""
    if sig.shape[1]:
        blob = pa.py_buffer(np.ascontiguousarray(sig).tobytes())
        signature = pa.FixedSizeBinaryArray.from_buffers(pa.binary(2 * permutations), len(sig),
                                                          [None, blob])
    else:
        signature = pa.nulls(len(ids), pa.binary(2 * permutations))
    table = pa.Table.from_arrays([ids, generations, signature], schema=schema(permutations))
    table = table.take(pc.sort_indices(table, [("id", "ascending")]))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", row_group_size=100_000)
    return table.num_rows


def files(version_dir: Path) -> list[Path]:
    return sorted((version_dir / FOLDER).glob("*/*.parquet"))


def read(version_dir: Path) -> pa.Table | None:
    """Every signature of a version, or None for a version that has none (written before
    there were signatures, or without records)."""
    found = files(version_dir)
    return pa.concat_tables(pq.read_table(p) for p in found) if found else None


def signature_matrix(column: pa.ChunkedArray | pa.Array, permutations: int) -> np.ndarray:
    """A fixed-size binary column as a (rows, permutations) array; null rows are zeros."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not len(column):
        return np.zeros((0, permutations), dtype=np.uint16)
    if column.null_count:
        column = column.fill_null(b"\0" * 2 * permutations)
    data = column.buffers()[1]
    width = 2 * permutations
    raw = np.frombuffer(data, dtype=np.uint8)[column.offset * width:
                                             (column.offset + len(column)) * width]
    return matrix(raw.tobytes(), permutations)


def _joined(pieces: dict[str, list[pa.Array]], fields: list[tuple[str, pa.DataType]]
            ) -> pa.Table:
    """One chunk a column (the corpus stages index them whole), joined a column at a time
    with each column's pieces freed once joined: the table is never held twice (at a
    million documents, the whole table again was 300 MB more at the rebuild's peak)."""
    columns = []
    for name, type_ in fields:
        found = pieces.pop(name)
        columns.append(pa.concat_arrays(found) if found else pa.array([], type_))
        del found
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _read_columns(paths: list[Path], fields: list[tuple[str, pa.DataType]],
                  split: bool = False) -> pa.Table:
    """``fields`` of every file, one chunk a column; with ``split``, the last field is the
    split the file's name starts with."""
    pieces: dict[str, list[pa.Array]] = {name: [] for name, _ in fields}
    read = [name for name, _ in fields][: -1 if split else None]
    for path in paths:
        # batch by batch, in this thread: read_table's whole-file buffers and its threads'
        # decoders held some 150 MB more at once on a million documents' data shards
        for batch in pq.ParquetFile(path).iter_batches(BATCH_ROWS, columns=read,
                                                       use_threads=False):
            for name in read:
                pieces[name].append(batch.column(name))
            if split:
                pieces["split"].append(pa.repeat(path.name.split("-", 1)[0], batch.num_rows)
                                       .cast(pa.string()))
    return _joined(pieces, fields)


def published(version_dir: Path, generation: int) -> pa.Table:
    """The documents of a published version: id, content_sha256, duplicate_of, split (from
    its data shards) and the generation each id was first published in (``generation``,
    the version's own, for a version that has no signatures)."""
    fields = [("id", pa.string()), ("content_sha256", pa.string()),
              ("duplicate_of", pa.string()), ("split", pa.string())]
    table = _read_columns(sorted((version_dir / "data").glob("*/*.parquet")), fields,
                          split=True)
    give_back()  # the readers' buffers, before the next read
    first = pa.repeat(pa.scalar(generation, pa.int32()), table.num_rows)
    found = files(version_dir)
    if found:  # the generations only: the signatures themselves are read when carried
        sigs = _read_columns(found, [("id", pa.string()), ("generation", pa.int32())])
        at = pc.index_in(table.column("id"), value_set=sigs.column("id"))
        first = pc.coalesce(sigs.column("generation").take(at), first)
        del sigs, at
        give_back()
    return table.append_column("generation", first)


def carried(version_dir: Path, ids: pa.Array, into: np.ndarray, rows: np.ndarray) -> None:
    """The published signatures of these ids into ``into[rows]`` (``rows[k]`` for
    ``ids[k]``), read one file at a time: a version's signatures are never in memory at
    once."""
    if not into.shape[1] or not len(ids):
        return
    permutations, found = into.shape[1], 0
    for path in files(version_dir):
        t = pq.read_table(path, columns=["id", "signature"])
        at = pc.index_in(t.column("id"), value_set=ids)  # each row's index in ids, or null
        hit = pc.is_valid(at)
        if not pc.any(hit).as_py():
            continue
        t, at = t.filter(hit), at.filter(hit).to_numpy()
        if t.column("signature").null_count:
            break  # written with near duplicates off: counted as missing below
        into[rows[at]] = signature_matrix(t.column("signature"), permutations)
        found += len(at)
    if found != len(ids):
        raise NewspackError(f"{version_dir / FOLDER}: no signature for {len(ids) - found} "
                            "carried document(s); delete DIR/.cache and rebuild")


def nearest(version_dir: Path, sig: np.ndarray, permutations: int) -> dict | None:
    """The published document whose signature is nearest to ``sig``: its id, the generation
    it was first published in and the estimated Jaccard similarity; None when there is none."""
    sigs = read(version_dir)
    if sigs is None or not sigs.num_rows or sigs.column("signature").null_count:
        return None
    sigs = sigs.take(pc.sort_indices(sigs, [("id", "ascending")]))
    sims = similarity(signature_matrix(sigs.column("signature"), permutations), sig)
    best = int(np.argmax(sims))  # the first of equals: the smallest id
    return {"id": sigs.column("id")[best].as_py(),
            "generation": sigs.column("generation")[best].as_py(),
            "similarity": round(float(sims[best]), 4)}


def nearest_published(out: Path, text: str) -> dict | None:
    """The document of ``out``'s newest version nearest to ``text``, with its signature
    computed by that version's settings, and whether it would count as a copy of it."""
    from newspack.config import DedupConfig
    from newspack.extract.signature import signature
    from newspack.store import versions

    newest = versions.newest(out)
    manifest = versions.read_manifest(out, newest) if newest else {}
    settings = manifest.get("dedup")
    if not settings or not settings["near"]:
        return None
    k = settings["permutations"]
    dedup = DedupConfig(True, settings["threshold"], settings["shingle"], k)
    found = nearest(out / versions.VERSIONS / newest, matrix(signature(text, dedup), k)[0], k)
    if found is not None:
        first = manifest["changelog"][found.pop("generation")]["version"]
        found.update(version=first, searched=newest,
                     duplicate=found["similarity"] >= settings["accept"])
    return found
