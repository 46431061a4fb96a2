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
    """Kill this process at ``name``. ``NAME-switch:FOLDER`` kills it while FOLDER holds a
    file ``always``, or once when it holds ``once`` (the process that removes it dies):
    set before workers start, the tests flip it later."""
    at = os.environ.get("NEWSPACK_KILL_AT")
    if at == name or (at and at.startswith(name + "-switch:") and _switched(at.split(":", 1)[1])):
        os.kill(os.getpid(), signal.SIGKILL)


def _switched(folder: str) -> bool:
    if os.path.exists(os.path.join(folder, "always")):
        return True
    try:
        os.unlink(os.path.join(folder, "once"))
        return True
    except FileNotFoundError:
        return False
