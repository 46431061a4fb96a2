"""Named points in a build where the tests kill it (SIGKILL), to prove that a build
killed at any moment leaves every published version intact.

Inert unless ``NEWSPACK_KILL_AT`` names the point: one environment lookup per call, at a
handful of places per build, never per document.
"""

from __future__ import annotations

import os
import signal

POINTS = ("extract", "shards", "staged", "published")


def checkpoint(name: str) -> None:
    """Kill this process at ``name``; ``NAME-once:MARKER`` kills only the first process
    to get there (it creates the file MARKER), so that a retried worker lives."""
    at = os.environ.get("NEWSPACK_KILL_AT")
    if at == name or (at and at.startswith(name + "-once:") and _first(at.split(":", 1)[1])):
        os.kill(os.getpid(), signal.SIGKILL)


def _first(marker: str) -> bool:
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False
