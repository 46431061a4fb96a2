"""Every input file's units, by name and content hash, in input order, held as columns.

The fingerprint gives them, the carry-over and the collecting read them: a list of
lists of (name, sha256) tuples per file cost some 250 bytes a unit in the main process
for the whole build; here a unit is its name and its hash in Arrow, and a file is a
count.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

import numpy as np
import pyarrow as pa

BLOCK = 4096  # units (or files) turned into Python objects at once

Units = list[tuple[str, str]]  # one file's units: (name, content sha256, "" when unreadable)


def _starts(sizes: np.ndarray) -> np.ndarray:
    """Each file's first unit, from the files' unit counts."""
    if not len(sizes):
        return np.zeros(0, np.int64)
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)


class UnitList:
    """Per file (``len``, iteration: its Units); per unit (``names``, ``shas``, ``iter_names``)."""

    def __init__(self, names: pa.Array, shas: pa.Array, sizes: np.ndarray):
        self.names = names
        self.shas = shas
        self.sizes = sizes  # int64 per file: how many units it has
        self.starts = _starts(sizes)

    @classmethod
    def of(cls, per_file: Iterable[Iterable[tuple[str, str]]]) -> UnitList:
        """From each file's (name, sha256) pairs, consumed a block at a time."""
        b = UnitListBuilder()
        for units in per_file:
            b.add(units)
        return b.done()

    @classmethod
    def interleave(cls, a: UnitList, b: UnitList, from_b: np.ndarray) -> UnitList:
        """The files of ``a`` and ``b`` merged, each keeping its order: file i of the result
        is the next of ``b`` where ``from_b[i]``, else the next of ``a``."""
        if not len(b):
            return a
        if not len(a):
            return b
        sizes = np.empty(len(from_b), dtype=np.int64)
        sizes[~from_b], sizes[from_b] = a.sizes, b.sizes
        first = np.empty(len(from_b), dtype=np.int64)  # each file's first unit in a + b
        first[~from_b], first[from_b] = a.starts, b.starts + a.unit_count
        at = pa.array(np.repeat(first - _starts(sizes), sizes) + np.arange(int(sizes.sum())))
        return cls(pa.concat_arrays([a.names, b.names]).take(at),
                   pa.concat_arrays([a.shas, b.shas]).take(at), sizes)

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def unit_count(self) -> int:
        return len(self.names)

    def iter_names(self) -> Iterator[str]:
        for start in range(0, len(self.names), BLOCK):
            yield from self.names.slice(start, BLOCK).to_pylist()

    def __iter__(self) -> Iterator[Units]:
        """Each file's units, in order."""
        pairs = zip(self.iter_names(), self.iter_shas(), strict=True)
        for size in self.sizes.tolist():
            yield [next(pairs) for _ in range(size)]

    def iter_shas(self) -> Iterator[str]:
        for start in range(0, len(self.shas), BLOCK):
            yield from self.shas.slice(start, BLOCK).to_pylist()

    def first_names(self) -> Iterator[str | None]:
        """Each file's first unit's name (None for a file without units)."""
        has = self.sizes > 0
        firsts = iter(self.names.take(pa.array(self.starts[has])).to_pylist())
        return (next(firsts) if h else None for h in has.tolist())


class UnitListBuilder:
    """A UnitList a file at a time (``add``), a block of Python objects at a time."""

    def __init__(self) -> None:
        self.chunks: list[tuple[pa.Array, pa.Array]] = []
        self.names: list[str] = []
        self.shas: list[str] = []
        self.sizes = array("q")

    def add(self, units: Iterable[tuple[str, str]]) -> None:
        n = 0
        for name, sha in units:
            self.names.append(name)
            self.shas.append(sha)
            n += 1
        self.sizes.append(n)
        if len(self.names) >= BLOCK:
            self._flush()

    def _flush(self) -> None:
        self.chunks.append((pa.array(self.names, pa.string()), pa.array(self.shas, pa.string())))
        self.names, self.shas = [], []

    def done(self) -> UnitList:
        self._flush()
        return UnitList(pa.concat_arrays([c[0] for c in self.chunks]),
                        pa.concat_arrays([c[1] for c in self.chunks]),
                        np.frombuffer(self.sizes, dtype=np.int64).copy())
