"""give_back hands freed memory to the system (glibc's malloc keeps it otherwise)."""

import sys

import pytest

from newspack.memory import _malloc_trim, give_back


def _anon_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("RssAnon")) / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux") or _malloc_trim() is None,
                    reason="malloc_trim is glibc's")
def test_freed_heap_memory_goes_back_to_the_system():
    blocks = [bytes(4000) + bytes([k % 256]) for k in range(40_000)]  # ~160 MB on the heap
    keep = blocks[-1]  # the heap's top stays in use: freeing the rest does not shrink it
    del blocks
    before = _anon_mb()
    give_back()
    assert before - _anon_mb() > 80
    assert keep[-1] == 39_999 % 256
