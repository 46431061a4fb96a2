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
    if os.environ.get("NEWSPACK_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
