"""The input files of a build, in order, held as columns.

A build keeps its list of inputs from the first step to the last. As InputFile objects
with their path strings that is some 140 bytes a file in the main process (140 MB at a
million files); here it is one Arrow string a file for the relative path, four bytes for
the root, and an entry for the rare file that must not be read. InputFile objects are
made on the way out, a block at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pyarrow as pa

from newspack.inputs.sources import InputFile

BLOCK = 4096  # files turned into Python objects at once


class InputFiles(Sequence):
    """A read-only sequence of InputFile: ``len``, indexing, slices (a list), iteration."""

    def __init__(self, roots: list[tuple[str, object | None]], root_of: np.ndarray,
                 rels: pa.Array, skips: dict[int, tuple[str, str]]):
        self._roots = roots  # (root, fs): few, shared by their files
        self._root_of = root_of  # uint32 per file: index into _roots
        self._rels = rels
        self._skips = skips  # file index -> (reason, detail)

    @classmethod
    def of(cls, files: Iterable[InputFile]) -> InputFiles:
        """The files of an iterable, consumed a block at a time."""
        roots: list[tuple[str, object | None]] = []
        index: dict[tuple[str, int], int] = {}
        root_of, chunks, rels, skips = array("I"), [], [], {}
        for n, f in enumerate(files):
            key = (f.root, id(f.fs))
            if key not in index:
                index[key] = len(roots)
                roots.append((f.root, f.fs))
            root_of.append(index[key])
            rels.append(f.rel)
            if f.skip is not None:
                skips[n] = f.skip
            if len(rels) >= BLOCK:
                chunks.append(pa.array(rels, pa.string()))
                rels = []
        chunks.append(pa.array(rels, pa.string()))
        return cls(roots, np.frombuffer(root_of, dtype=np.uint32).copy(),
                   pa.concat_arrays(chunks), skips)

    def __len__(self) -> int:
        return len(self._rels)

    def _file(self, n: int, rel: str, root: int) -> InputFile:
        path, fs = self._roots[root]
        return InputFile(path, rel, fs, self._skips.get(n) if self._skips else None)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step != 1:
                return [self[n] for n in range(start, stop, step)]
            count = max(stop - start, 0)
            rels = self._rels.slice(start, count).to_pylist()
            roots = self._root_of[start:start + count].tolist()  # numpy scalars are slow
            return [self._file(start + k, rel, r)
                    for k, (rel, r) in enumerate(zip(rels, roots, strict=True))]
        n = key + len(self) if key < 0 else key
        if not 0 <= n < len(self):
            raise IndexError(key)
        return self._file(n, self._rels[n].as_py(), int(self._root_of[n]))

    def __iter__(self) -> Iterator[InputFile]:
        for start in range(0, len(self), BLOCK):
            yield from self[start:start + BLOCK]

    def take(self, indices: np.ndarray) -> InputFiles:
        """The files at these positions, in this order."""
        indices = np.asarray(indices, dtype=np.int64)
        skips = {}
        if self._skips:
            for k in np.flatnonzero(np.isin(indices, list(self._skips))).tolist():
                skips[k] = self._skips[int(indices[k])]
        return InputFiles(self._roots, self._root_of[indices],
                          self._rels.take(pa.array(indices, pa.int64())), skips)
