"""Hand memory the process has freed back to the system.

Freed memory stays with the allocator that had it: Arrow's pool (mimalloc) keeps it for
reuse, and glibc's malloc keeps free pages inside its heaps (a worker that parsed one
large page holds its high-water mark for the rest of the build). The resident memory of
a long build then follows the largest document and the largest stage seen so far, not
what is live. ``give_back`` is called between stages and after each chunk a worker
extracts: a few microseconds a document, some 70 MB a worker.

No maintained library wraps ``malloc_trim``, so it is called through ctypes here; on a
system without glibc it is skipped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow as pa


@functools.cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def give_back() -> None:
    """Return the memory freed so far by Arrow's pool and by malloc to the system."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
